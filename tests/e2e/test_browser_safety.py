"""Nothing a user sends hurts another user, in real Chromium against `streamlit run`:

- hostile link parameters (a Markdown image, a phishing link, an HTML link) render as text: no <a> or <img>
  pointing at HOST, and no request goes to HOST;
- a run belongs to the browser that started it: another browser with its link sees no Stop and no data, and the
  owner's "Copy lesson link" copies no run=;
- the tabs of one browser share one owner cookie, so they share the per-user cap (2 runs).
"""

from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest

from tests.e2e.conftest import no_exception, wait_ready

pytestmark = pytest.mark.e2e
HOST = "evil.example"
IMAGE = f"![i](http://{HOST}/PIXEL)"
LINK = f"[Log in again](http://{HOST}/x)"
HTML = f"<a href=http://{HOST}/a target=_top>a</a>"
DROPZONE = "[data-testid='stFileUploaderDropzone']"
HEATMAP = "[data-testid='stPlotlyChart'] .js-plotly-plot"
STOP = "[data-testid='stMainBlockContainer'] .st-key-train-stop button"
HOSTILE = """() => {
  const bad = [];
  const look = (doc) => {
    for (const a of doc.querySelectorAll("a[href], img[src], image")) {
      const where = a.getAttribute("href") || a.getAttribute("src") || a.getAttribute("xlink:href") || "";
      if (where.includes("evil")) bad.push(a.outerHTML.slice(0, 120));
    }
    for (const f of doc.querySelectorAll("iframe")) {
      try { if (f.contentDocument) look(f.contentDocument); } catch (e) {}
    }
  };
  look(document);
  return bad;
}"""


def watch_requests(page) -> list[str]:
    """Every request the page makes from now on that leaves 127.0.0.1 (the payloads name HOST)."""
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None)
            and not r.url.startswith(("data:", "blob:", "about:")) else None)
    return outside


@pytest.mark.parametrize("path, param, payload, lang", [
    ("/step?preset=", "preset", IMAGE, "en"),
    ("/step?preset=memory&seq=", "seq", f"[Login](http://{HOST}/x)", "zh"),  # a typed token: one item, no spaces
    ("/spot?bug=", "bug", HTML, "en"),
    ("/learn?model=", "model", LINK, "en"),
    ("/compare?cmp_model=", "cmp_model", IMAGE, "zh"),
])
def test_hostile_link_parameters_are_text_and_fetch_nothing(page, app_url, path, param, payload, lang):
    outside = watch_requests(page)
    page.goto(f"{app_url}{path}{quote(payload)}&lang={lang}")
    wait_ready(page, expect="[data-testid='stMain'] [data-testid='stAlert']")
    no_exception(page)
    main = page.locator("[data-testid='stMain']").inner_text()
    assert HOST in main  # shown, as the text it is
    assert page.evaluate(HOSTILE) == []
    # Nothing the payload names is fetched. (Streamlit itself asks fonts.gstatic.com for the favicon's Material
    # icon: not user-driven, and outside this test's question.)
    assert [u for u in outside if HOST in u] == []


def long_run_form(page, app_url) -> None:
    """Load the bundled series and ask for a long run (5000 epochs, patience 5000): it trains until stopped."""
    page.goto(app_url + "/train?lang=en")
    wait_ready(page, expect=DROPZONE)
    page.locator("[class*='airpassengers'] button").first.click()
    wait_ready(page, expect=HEATMAP)
    box = page.get_by_label("Epochs (at most)", exact=True)
    box.fill("5000")
    box.press("Enter")
    wait_ready(page)
    page.get_by_text("More settings").click()
    box = page.get_by_label("Patience (epochs)", exact=True)
    box.fill("5000")
    box.press("Enter")
    wait_ready(page)


def start(page) -> str:
    """Press Start; "started" once the address names the run, "refused" when the per-user cap says no."""
    page.get_by_role("button", name="Start training").click()
    page.wait_for_function("() => location.search.includes('run=') || "
                           "document.body.innerText.includes('You already have')", timeout=60_000)
    wait_ready(page)
    return "started" if "run=" in page.url else "refused"


def start_long_run(page, app_url) -> str:
    """A long run started; returns its id."""
    long_run_form(page, app_url)
    assert start(page) == "started"
    return page.url.split("run=")[1].split("&")[0]


def test_another_browser_with_the_run_link_cannot_stop_it_or_see_its_data(browser, app_url):
    owner_ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    owner_ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    other_ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        mine = owner_ctx.new_page()
        run_id = start_long_run(mine, app_url)
        mine.wait_for_selector(STOP, timeout=60_000)
        theirs = other_ctx.new_page()
        theirs.goto(f"{app_url}/train?run={run_id}&lang=en")
        wait_ready(theirs)
        no_exception(theirs)
        text = theirs.locator("[data-testid='stMain']").inner_text()
        assert "opened by its link" in text and "Start training" not in text  # no data loaded: no form either
        assert theirs.locator(STOP).count() == 0 and theirs.locator(DROPZONE).count() == 1
        assert "airpassengers" not in text.lower()
        # the owner's lesson link carries no run
        mine.locator(".st-key-_copy_link button, [data-testid='stSidebar'] button.gs-copy").first.click()
        mine.wait_for_timeout(500)
        copied = mine.evaluate("() => navigator.clipboard.readText()")
        assert copied.startswith(app_url) and "run=" not in copied, copied
        mine.locator(STOP).click()
        wait_ready(mine)
    finally:
        owner_ctx.close()
        other_ctx.close()


def test_four_tabs_of_one_browser_share_one_cap(browser, app_url):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        first = ctx.new_page()
        first.goto(app_url + "/start?lang=en")
        wait_ready(first, expect="[data-testid='stMain'] h1")
        first.wait_for_function("() => document.cookie.includes('gatescope_owner=')", timeout=30_000)
        assert any(c["name"] == "gatescope_owner" for c in ctx.cookies())  # written by the first page
        tabs = [ctx.new_page() for _ in range(4)]
        outcomes = []
        for tab in tabs:
            long_run_form(tab, app_url)
            outcomes.append(start(tab))
        assert outcomes == ["started", "started", "refused", "refused"], outcomes
        for tab in tabs[:2]:
            tab.locator(STOP).click()
            wait_ready(tab)
    finally:
        ctx.close()
