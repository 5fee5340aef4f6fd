"""The See-inside pages in real Chromium: sidebar navigation, deep links, stepping by button and keyboard."""

import re

import pytest

from tests.e2e.conftest import no_exception, wait_ready

pytestmark = pytest.mark.e2e
HEATMAP = "[data-testid='stPlotlyChart'] .js-plotly-plot"


def cursor_x(page) -> float:
    """Where the time cursor is drawn in the heatmap figure (the first shape is the cursor line)."""
    return page.evaluate(
        "() => { const g = document.querySelectorAll('.js-plotly-plot');"
        " for (const p of g) { if (p.layout && p.layout.shapes && p.layout.shapes.length > 6)"
        " return p.layout.shapes[0].x0; } return null; }"
    )


def first_equation(page) -> str:
    return page.locator("[data-testid='stMarkdownContainer'] .katex-mathml").first.inner_text()


def test_sidebar_navigation_and_stepping(page, app_url, shots_dir):
    page.goto(app_url + "/?lang=en")
    wait_ready(page, expect=".js-plotly-plot")
    no_exception(page)
    page.screenshot(path=str(shots_dir / "start-en.png"), full_page=True)

    page.get_by_role("link", name="Step through").click()
    wait_ready(page, expect=HEATMAP)
    no_exception(page)
    assert "preset=memory" in page.url
    x0, eq0 = cursor_x(page), first_equation(page)
    for _ in range(3):
        page.get_by_role("button", name="Forward").click()
        wait_ready(page)
    no_exception(page)
    assert cursor_x(page) == x0 + 3
    assert first_equation(page) != eq0
    assert f"t={int(x0) + 3}" in page.url
    page.screenshot(path=str(shots_dir / "step-memory-en.png"), full_page=True)


def test_keyboard_arrows_step(page, app_url):
    page.goto(app_url + "/step?preset=sine&t=5&lang=en")
    wait_ready(page, expect=HEATMAP)
    page.locator("h1").first.click()  # focus the page, not a widget
    page.keyboard.press("ArrowRight")
    wait_ready(page)
    page.keyboard.press("ArrowRight")
    wait_ready(page)
    assert cursor_x(page) == 7
    page.keyboard.press("ArrowLeft")
    wait_ready(page)
    assert cursor_x(page) == 6
    no_exception(page)


@pytest.mark.parametrize("preset", ["memory", "sine", "counting", "text", "random", "handset"])
def test_deep_link_opens_each_preset_in_chinese(page, app_url, shots_dir, preset):
    page.goto(app_url + f"/step?preset={preset}&t=4&unit=0&lang=zh")
    wait_ready(page, expect=HEATMAP)
    no_exception(page)
    assert "逐步运行 LSTM" in page.locator("h1").first.inner_text()
    assert cursor_x(page) == 4
    assert "与 torch.nn.LSTM 一致" in page.content()
    page.screenshot(path=str(shots_dir / f"step-{preset}-zh.png"), full_page=True)


def test_start_page_gate_button_opens_the_stepper_on_that_gate(page, app_url):
    page.goto(app_url + "/?lang=en")
    wait_ready(page, expect=".js-plotly-plot")
    page.get_by_role("button", name="forget gate f").click()
    wait_ready(page, expect=HEATMAP)
    no_exception(page)
    assert "gate=f" in page.url and "preset=memory" in page.url
    assert "▶ forget" in page.locator(HEATMAP).first.inner_text()


def test_chinese_survives_switching_page(page, app_url):
    """A page switch must keep the language (Streamlit drops widget state on a switch)."""
    page.goto(app_url + "/?lang=zh")
    wait_ready(page, expect=".js-plotly-plot")
    page.get_by_role("button", name="输入门 i").click()
    wait_ready(page, expect=HEATMAP)
    no_exception(page)
    assert "逐步运行 LSTM" in page.locator("h1").first.inner_text()
    assert "lang=zh" in page.url and "gate=i" in page.url


def test_switching_language_while_playing(page, app_url):
    """The language switch relabels every option; playback must go on with the same model, no exception."""
    page.goto(app_url + "/step?preset=sine&t=5&lang=zh")
    wait_ready(page, expect=HEATMAP)
    page.get_by_role("button", name="播放").click()
    page.wait_for_timeout(1500)
    page.get_by_text("English", exact=True).click()
    page.wait_for_function("() => document.querySelector('h1') && "
                           "document.querySelector('h1').innerText.includes('Step through')", timeout=30_000)
    page.wait_for_timeout(1000)
    no_exception(page)
    assert "preset=sine" in page.url and "lang=en" in page.url
    t_before = int(re.search(r"[?&]t=(\d+)", page.url).group(1))
    page.wait_for_timeout(1500)
    t_after = int(re.search(r"[?&]t=(\d+)", page.url).group(1))
    assert t_after > t_before > 5  # still playing, from where it was
