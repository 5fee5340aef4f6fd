"""The Spot-the-bug page in real Chromium: sidebar link, a prediction, the reveal, deep links in both languages."""

import pytest

from tests.e2e.conftest import no_exception, wait_ready

pytestmark = pytest.mark.e2e
CHART = "[data-testid='stPlotlyChart'] .js-plotly-plot"


def shoot(page, path) -> None:
    """The top of the page, then the revealed comparison scrolled into view (Streamlit scrolls its main block, so a
    full-page screenshot alone would miss it)."""
    page.screenshot(path=str(path), full_page=True)
    if page.locator(CHART).count():
        page.locator(CHART).first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(path.with_name(path.stem + "-reveal.png")))


def test_sidebar_link_predict_and_reveal(page, app_url, shots_dir):
    page.goto(app_url + "/?lang=en")
    wait_ready(page, expect=".st-key-start_diagram svg.gs-cell")  # the Start page's drawing
    page.get_by_role("link", name="Spot the bug").click()
    wait_ready(page, expect="h1:has-text('Spot the bug')")
    no_exception(page)
    assert "bug=forget_on_candidate" in page.url
    assert page.locator(CHART).count() == 0  # nothing is revealed before the student predicts
    page.get_by_text("The old memory is now scaled by the input gate").click()
    wait_ready(page)
    page.get_by_role("button", name="Reveal").click()
    wait_ready(page, expect=CHART)
    no_exception(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "You predicted it." in body
    assert "With the bug the model answers +1.01 at the last step instead of -1.01" in body
    assert "reveal=1" in page.url and "guess=b" in page.url
    heat = page.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                         ".map(p => p.data.filter(d => d.type === 'heatmap').length)")
    assert max(heat) == 4  # c and h, right and wrong
    shoot(page, shots_dir / "spot-forget-en.png")

    page.get_by_role("button", name="Next mistake").click()
    wait_ready(page)
    no_exception(page)
    assert "bug=sigmoid_candidate" in page.url and "reveal=1" not in page.url
    assert page.locator(CHART).count() == 0  # a new puzzle starts hidden


@pytest.mark.parametrize("bug,expect", [
    ("sigmoid_candidate", "候选值 g 从不低于"),
    ("scaler_on_whole_series", "泄漏"),
    ("off_by_one_windows", "窗口"),
])
def test_deep_link_opens_a_revealed_mistake_in_chinese(page, app_url, shots_dir, bug, expect):
    page.goto(app_url + f"/spot?bug={bug}&reveal=1&lang=zh")
    wait_ready(page, expect=CHART)
    no_exception(page)
    assert "找出错误" in page.locator("h1").first.inner_text()
    body = page.locator("[data-testid='stMain']").inner_text()
    assert expect in body and "如何改正" in body
    assert f"bug={bug}" in page.url and "reveal=1" in page.url
    shoot(page, shots_dir / f"spot-{bug}-zh.png")


def test_deep_link_leak_in_english(page, app_url, shots_dir):
    page.goto(app_url + "/spot?bug=scaler_on_whole_series&reveal=1&head=sigmoid&lang=en")
    wait_ready(page, expect=CHART)
    no_exception(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "median MAE" in body and "training maximum" in body
    shoot(page, shots_dir / "spot-leak-en.png")
