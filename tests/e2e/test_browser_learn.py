"""The "Gates that learn" page in real Chromium: open it from the sidebar, move the epoch slider with the keyboard,
play the replay, and a Chinese deep link to a moment of training."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import no_exception, wait_ready

pytestmark = pytest.mark.e2e
HEATMAP = "[data-testid='stPlotlyChart'] .js-plotly-plot"
SLIDER = "[data-testid='stSlider'] input[type='range']"


def tall(page) -> None:
    """Streamlit scrolls inside its own container, so a full-page shot needs a viewport as tall as the page."""
    page.set_viewport_size({"width": 1600, "height": 1500})


def url_epoch(page) -> int:
    m = re.search(r"[?&]epoch=(\d+)", page.url)
    assert m, page.url
    return int(m.group(1))


def heading(page) -> str:
    """The bold line above the heatmaps: which moment of training is shown."""
    return page.locator("[data-testid='stMarkdownContainer'] strong").first.inner_text()


def shown_marker_x(page) -> float:
    """Where the loss chart draws its "shown" line (the last shape of the figure with a log y axis)."""
    return page.evaluate(
        "() => { for (const p of document.querySelectorAll('.js-plotly-plot')) {"
        " if (p.layout && p.layout.yaxis && p.layout.yaxis.type === 'log') {"
        " const s = p.layout.shapes; return s[s.length - 1].x0; } } return null; }"
    )


def test_open_from_the_sidebar_and_move_the_epoch_slider(page, app_url, shots_dir):
    tall(page)
    page.goto(app_url + "/?lang=en")
    wait_ready(page, expect=".js-plotly-plot")
    page.get_by_role("link", name="Gates that learn").click()
    wait_ready(page, expect=HEATMAP)
    no_exception(page)
    assert "model=memory" in page.url
    last = url_epoch(page)
    assert last == 600 and heading(page) == "The gates after 600 training steps"
    assert shown_marker_x(page) == 600
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Biggest gate change" in text and "at step 600" in text
    page.screenshot(path=str(shots_dir / "learn-memory-en.png"), full_page=True)

    thumb = page.locator(SLIDER).first
    thumb.focus()
    thumb.press("Home")  # the first recorded step: the untrained model
    wait_ready(page)
    no_exception(page)
    assert url_epoch(page) == 0 and heading(page) == "The gates before training (random weights)"
    assert shown_marker_x(page) == 0
    for _ in range(5):  # five recorded steps on: 32 steps apart
        page.locator(SLIDER).first.press("ArrowRight")
        wait_ready(page)
    assert url_epoch(page) == 160 and heading(page) == "The gates after 160 training steps"
    assert shown_marker_x(page) == 160
    page.screenshot(path=str(shots_dir / "learn-memory-160-en.png"), full_page=True)

    page.get_by_role("button", name="Play").click()
    page.wait_for_function("() => /[?&]epoch=(2\\d\\d|[3-9]\\d\\d)/.test(location.search)", timeout=20_000)
    page.get_by_role("button", name="Pause").click()
    wait_ready(page)
    no_exception(page)
    assert url_epoch(page) > 160


def test_chinese_deep_link_to_a_moment_of_training(page, app_url, shots_dir):
    tall(page)
    page.goto(app_url + "/learn?model=counting&epoch=300&lang=zh")
    wait_ready(page, expect=HEATMAP)
    no_exception(page)
    assert "门控如何学会" in page.locator("h1").first.inner_text()
    assert url_epoch(page) == 288  # the nearest recorded step, and the page says so
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "没有记录第 300 步" in main and "训练 288 步之后的各个门" in main and "变化最大的门" in main
    assert shown_marker_x(page) == 288
    page.screenshot(path=str(shots_dir / "learn-counting-zh.png"), full_page=True)

    page.goto(app_url + "/learn?model=sine&epoch=0&layer=1&lang=zh")
    wait_ready(page, expect=HEATMAP)
    no_exception(page)
    assert "训练之前的各个门" in page.locator("[data-testid='stMain']").inner_text()
    page.screenshot(path=str(shots_dir / "learn-sine-zh.png"), full_page=True)
