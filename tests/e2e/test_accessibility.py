"""Every page in both languages through axe-core (WCAG 2.0/2.1 A and AA), in the page and inside the player; the
language and the title a screen reader announces; the Step page on a projector and a phone with no text cut; the
keyboard alone through Play and Pause.

axe-core is the copy that the axe-playwright-python package ships (never a CDN). Nodes that belong to Streamlit's
own chrome (its toolbar, header and the sidebar's collapse control) are left out and listed in the README with
their upstream issues; everything else on the page is the app's own.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import no_exception, player, wait_ready

pytestmark = pytest.mark.e2e
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STREAMLIT_CHROME = ("[data-testid='stHeader']", "[data-testid='stToolbar']", "[data-testid='stSidebarCollapseButton']",
                    "[data-testid='stSidebarCollapsedControl']", "[data-testid='stDecoration']",
                    "[data-testid='stStatusWidget']", "[data-testid='stMainMenu']",
                    "[data-testid='stSidebarNav']")  # its <ul> holds <div>s around the <li>s (README)
PAGES = {  # path: what shows that it is ready
    "/": ".st-key-start_diagram svg.gs-cell", "/step?preset=memory": None, "/learn": None,
    "/spot": "[data-testid='stCode']",
    "/compare": ".js-plotly-plot", "/train": "[data-testid='stFileUploaderDropzone']",
}


def axe_violations(target) -> list[dict]:
    """axe-core's WCAG A/AA violations in a page or a frame, without Streamlit's own chrome."""
    from axe_playwright_python.sync_playwright import Axe

    target.evaluate(Axe().axe_script)
    context = {"exclude": [[s] for s in STREAMLIT_CHROME]}
    result = target.evaluate("([context, tags]) => axe.run(context, {runOnly: {type: 'tag', values: tags}, "
                             "resultTypes: ['violations']})", [context, WCAG])
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
            for v in result["violations"]]


def open_page(page, app_url: str, path: str, lang: str):
    sep = "&" if "?" in path else "?"
    page.goto(f"{app_url}{path}{sep}lang={lang}")
    ready = PAGES.get(path) if not path.startswith(("/step", "/learn")) else None
    frames = []
    if ready is None:
        frames.append(player(page, "step" if path.startswith("/step") else "replay"))
    wait_ready(page, expect=ready)
    no_exception(page)
    return frames


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", list(PAGES))
def test_no_wcag_violations_the_app_owns(page, app_url, path, lang):
    page.set_viewport_size({"width": 1366, "height": 900})
    frames = open_page(page, app_url, path, lang)
    found = {"page": axe_violations(page)}
    for k, frame in enumerate(frames):
        found[f"player {k}"] = axe_violations(frame)
    assert not any(found.values()), found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_declares_its_language_and_names_itself(page, app_url, lang):
    open_page(page, app_url, "/step?preset=memory", lang)
    expected = {"en": "en", "zh": "zh-Hans"}[lang]
    page.wait_for_function(f"() => document.documentElement.lang === '{expected}'", timeout=20_000)
    assert page.title() == ("Step through · Gatescope" if lang == "en" else "逐步运行 · Gatescope")
    frame = player(page)
    assert frame.evaluate("() => document.documentElement.lang") == expected
    assert page.locator("[data-testid='stToolbar'] button", has_text="Deploy").count() == 0  # client.toolbarMode


CUT_TEXT = """() => {
  // Elements whose own text is wider than their box and is hidden or ellipsised: what a reader cannot see.
  const cut = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || !el.offsetParent) continue;
    const box = el.getBoundingClientRect();  // a skip link waits off-screen until it is focused: not cut
    if (box.width <= 1 || box.right <= 0 || box.left >= window.innerWidth) continue;
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const clips = style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis';
    if (clips && el.scrollWidth > el.clientWidth + 1) cut.push(el.textContent.trim().slice(0, 40));
  }
  return cut;
}"""


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("width", "height"), [(1024, 768), (768, 1024), (390, 844)])
def test_the_step_page_cuts_no_label_on_a_projector_a_tablet_or_a_phone(page, app_url, shots_dir, lang, width,
                                                                        height):
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, app_url, "/step?preset=memory", lang)
    frame = player(page)
    assert page.evaluate(CUT_TEXT) == [] and frame.evaluate(CUT_TEXT) == []
    # The equations fit their column, or scroll inside it with a visible bar: never cut without a way to read them.
    widths = frame.evaluate("() => Array.from(document.querySelectorAll('.eq-box')).map("
                            "e => [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX])")
    assert all(sw <= cw + 1 or ox == "auto" for sw, cw, ox in widths), widths
    page.screenshot(path=str(shots_dir / f"a11y-step-{lang}-{width}x{height}.png"))


def test_keyboard_only_stepping_keeps_focus_through_play_and_pause(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 900})
    open_page(page, app_url, "/step?preset=sine&t=0", "en")
    frame = player(page)
    frame.locator("button[data-action='first']").focus()  # the player's first control, reached by Tab
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert frame.evaluate("() => document.activeElement.dataset.action") == "forward"
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert frame.evaluate("() => Number(document.body.dataset.t)") == 2
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert frame.evaluate("() => document.activeElement.dataset.action") == "play"
    page.keyboard.press("Enter")  # Play
    page.wait_for_timeout(800)
    assert frame.evaluate("() => document.activeElement.getAttribute('aria-pressed')") == "true"  # now Pause
    page.keyboard.press("Enter")  # Pause, under the same focus
    assert frame.evaluate("() => [document.activeElement.dataset.action, "
                          "document.activeElement.getAttribute('aria-pressed')]") == ["play", "false"]
    stopped = frame.evaluate("() => Number(document.body.dataset.t)")
    live = frame.locator("[aria-live=polite]")
    live.wait_for(state="attached")
    frame.wait_for_function("(t) => document.querySelector('[aria-live=polite]').textContent.startsWith("
                            "`Step ${t} of 59`)", arg=stopped, timeout=5_000)
    ring = frame.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                          "return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert ring[0] == "solid" and ring[1] >= 2  # a visible focus ring


@pytest.mark.parametrize("path", ["/step?preset=memory", "/learn"])
def test_on_a_phone_the_heatmaps_take_the_width_and_rows_are_named_by_symbol(page, app_url, path):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_url, path, "en")
    frame = player(page, "step" if path.startswith("/step") else "replay")
    plot, box, labels = frame.evaluate(
        "() => { const h = document.querySelector('.heat'); const s = h._fullLayout._size;"
        " return [s.w, h.clientWidth, h._fullLayout.annotations.map(a => a.text)]; }")
    # The full labels ("forget<br>gate f") and wide colour bars left 140 of 358 px for the steps.
    assert plot >= 0.5 * box, (plot, box)
    assert {"x", "i", "g", "o", "c", "h"} <= {a.replace("<b>▶ ", "").replace("</b>", "") for a in labels}, labels
    if path == "/learn":  # a replay's frames keep the short labels as the focus moves from row to row
        frame.locator("button[data-action='first']").click()
        frame.wait_for_function("() => Number(document.body.dataset.t) === 0")
        labels = frame.evaluate("() => document.querySelector('.heat')._fullLayout.annotations.map(a => a.text)")
        assert all(len(a.replace("<b>▶ ", "").replace("</b>", "")) <= 3 for a in labels), labels


OVERLAPS = """(labels) => {
  // Pairs of the diagram's labels whose drawn boxes intersect (by more than a pixel each way).
  // The Start page's drawing lives in a component's shadow root: look there too.
  const found = [...document.querySelectorAll(labels)];
  document.querySelectorAll('*').forEach((e) => {
    if (e.shadowRoot) found.push(...e.shadowRoot.querySelectorAll(labels));
  });
  const boxes = found
    .map((a) => [a.textContent, a.getBoundingClientRect()]).filter(([t, b]) => t.trim() && b.width > 0);
  const hits = [];
  boxes.forEach(([ta, a], i) => boxes.slice(i + 1).forEach(([tb, b]) => {
    const wide = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const high = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (wide > 1 && high > 1) hits.push([ta, tb]);
  }));
  return [boxes.length, hits];
}"""


@pytest.mark.parametrize("query", ["", "&present=1"])
@pytest.mark.parametrize(("width", "height"), [(1024, 768), (768, 1024)])
def test_the_start_pages_cell_diagram_labels_do_not_overlap_on_a_projector(page, app_url, query, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/?lang=en{query}")
    wait_ready(page, expect=".st-key-start_diagram svg.gs-cell text")
    no_exception(page)
    count, hits = page.evaluate(OVERLAPS, "svg.gs-cell text")
    assert count >= 8 and hits == [], hits


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_spot_the_bugs_paired_charts_print_no_title_over_another_on_a_phone(page, app_url, lang):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/spot?lang={lang}&bug=forget_on_candidate&reveal=1")
    wait_ready(page, expect="[data-testid='stPlotlyChart'] .annotation")
    no_exception(page)
    count, hits = page.evaluate(OVERLAPS, "[data-testid='stPlotlyChart'] .annotation")
    assert count >= 2 and hits == [], hits  # the two side titles ("right", "with the bug") and more
