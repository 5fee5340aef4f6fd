"""The Why-gates page in real Chromium: sidebar link, model picker, delay slider, deep link, presenter mode."""

import re

import pytest

from tests.e2e.conftest import no_exception, wait_ready

pytestmark = pytest.mark.e2e
CHART = "[data-testid='stPlotlyChart'] .js-plotly-plot"
SLIDER = "[data-testid='stSlider'] input[type='range']"


def heatmap_info(page) -> dict:
    """How many heatmaps the gate figure has and how many time steps its first one spans."""
    return page.evaluate(
        "() => { for (const p of document.querySelectorAll('.js-plotly-plot')) {"
        " const maps = (p._fullData || []).filter(d => d.type === 'heatmap');"
        " if (maps.length) return {maps: maps.length, steps: maps[0].z[0].length}; } return null; }")


def shoot(page, path) -> None:
    """Streamlit scrolls its main block, so a full-page screenshot misses the lower charts: one shot per chart."""
    page.screenshot(path=str(path))
    charts = page.locator(CHART)
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(path.with_name(f"{path.stem}-{i + 1}.png")))
    charts.last.screenshot(path=str(path.with_name(f"{path.stem}-heatmaps.png")))  # the whole figure, however tall


def test_sidebar_link_model_picker_and_delay(page, app_url, shots_dir):
    page.goto(app_url + "/?lang=en")
    wait_ready(page, expect=".st-key-start_diagram svg.gs-cell")  # the Start page's drawing
    page.get_by_role("link", name="Why gates? RNN, LSTM, GRU").click()
    wait_ready(page, expect="h1:has-text('Why gates')")
    page.wait_for_selector(CHART)
    wait_ready(page)
    no_exception(page)
    assert page.locator(CHART).count() == 3  # gradient, accuracy, gate heatmaps
    assert "cmp_model=gru" in page.url and "cmp_k=40" in page.url
    assert heatmap_info(page) == {"maps": 4, "steps": 41}  # r, z, n, h over the bit and 40 distractors
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "matches torch.nn.GRU" in body and "vanishing gradient" in body
    shoot(page, shots_dir / "compare-gru-en.png")

    page.get_by_role("radio", name="LSTM", exact=True).click()
    wait_ready(page)
    no_exception(page)
    assert "cmp_model=lstm" in page.url
    assert heatmap_info(page)["maps"] == 6  # i, f, g, o, c, h
    assert "matches torch.nn.LSTM" in page.locator("[data-testid='stMain']").inner_text()

    for _ in range(3):
        slider = page.locator(SLIDER).first
        slider.focus()
        slider.press("ArrowRight")
        wait_ready(page)
    no_exception(page)
    assert "cmp_k=43" in page.url
    assert heatmap_info(page) == {"maps": 6, "steps": 44}

    page.get_by_role("radio", name="One delay each, from scratch").click()
    wait_ready(page)
    page.wait_for_url(re.compile(r"cmp_exp=fixed"), timeout=30_000)  # on a loaded machine the URL may lag the rerun
    assert "At delay 40" in page.locator("[data-testid='stMain']").inner_text()
    shoot(page, shots_dir / "compare-lstm-fixed-en.png")


def test_deep_link_restores_the_view_in_chinese(page, app_url, shots_dir):
    page.goto(app_url + "/compare?cmp_model=rnn&cmp_k=12&cmp_exp=fixed&cmp_run=4&cmp_bit=-1&lang=zh")
    wait_ready(page, expect=CHART)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 3", timeout=60_000)
    wait_ready(page)
    no_exception(page)
    assert "为什么需要门控" in page.locator("h1").first.inner_text()
    assert heatmap_info(page) == {"maps": 1, "steps": 13}  # the RNN has only h
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "RNN 没有门" in body and "比特是 -1" in body
    assert "在延迟 40 时" in body  # the fixed-delay experiment is the one shown
    for key, value in (("cmp_model", "rnn"), ("cmp_k", "12"), ("cmp_exp", "fixed"), ("cmp_run", "4")):
        assert re.search(rf"[?&]{key}={value}(&|$)", page.url), key
    shoot(page, shots_dir / "compare-rnn-zh.png")


def test_presenter_mode_keeps_only_the_lesson_controls(page, app_url, shots_dir):
    page.goto(app_url + "/compare?cmp_model=gru&cmp_k=30&present=1&lang=en")
    wait_ready(page, expect=CHART)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 3", timeout=60_000)
    wait_ready(page)
    no_exception(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "Training run" not in body and "Distractors" not in body  # secondary controls hidden
    assert "Delay k" in body and heatmap_info(page) == {"maps": 4, "steps": 31}
    shoot(page, shots_dir / "compare-present-en.png")
