"""Lesson tools in real Chromium: a teacher's what-if link in presenter mode, drawing an input, copying the
lesson link, and saving a heatmap as PNG and CSV."""

import math
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import no_exception, player, shown_step, wait_ready

pytestmark = pytest.mark.e2e


def test_teachers_link_presenter_mode_with_the_forget_gate_shut(page, app_url, shots_dir):
    page.goto(app_url + "/step?preset=memory&ex=neg_spike&t=30&unit=2&present=1&clamp=f:0:30:2&lang=en")
    frame = player(page)
    wait_ready(page)
    no_exception(page)
    alert = page.locator("[data-testid='stAlertContentWarning']").first.inner_text()
    assert "held at 0 from step 30" in alert
    new, old = (float(v) for v in re.findall(r"[+-]\d\.\d{3}", alert)[:2])
    assert old < -0.9 and new > 0  # the remembered sign is lost
    assert page.locator("[data-testid='stSidebar'][data-collapsed='false']").count() == 0  # folded for the class
    assert page.locator("[data-testid='stDownloadButton']").count() == 0
    assert "present=1" in page.url and "clamp=f%3A0%3A30%3A2" in page.url or "clamp=f:0:30:2" in page.url
    page.set_viewport_size({"width": 1600, "height": 2300})
    page.screenshot(path=str(shots_dir / "lesson-presenter-whatif-en.png"), full_page=True)
    assert "(held)" in frame.locator(".equations").inner_text()
    assert frame.evaluate("() => document.body.classList.contains('present')")
    frame.get_by_role("button", name="Forward").click()
    assert shown_step(frame) == 31
    page.wait_for_function("() => /[?&]t=31(&|$)/.test(window.location.search)", timeout=30_000)
    assert "present=1" in page.url and "clamp=" in page.url


def test_drawing_an_input_runs_the_lstm_on_it(page, app_url, shots_dir):
    page.goto(app_url + "/step?preset=sine&lang=zh&seq=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0")
    player(page)
    wait_ready(page)
    page.get_by_text("手绘", exact=True).click()
    wait_ready(page, expect="canvas.gs-pad")
    box = page.locator("canvas.gs-pad").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.mouse.down()
    for k in range(61):
        page.mouse.move(box["x"] + 20 + k * (box["width"] - 40) / 60,
                        box["y"] + box["height"] * (0.5 - 0.3 * math.sin(k / 6)))
    page.mouse.up()
    wait_ready(page)
    values = [float(v) for v in page.locator("textarea").input_value().split(",")]
    assert len(values) == 20 and max(values) > 0.3 and min(values) < -0.3  # the drawn wave, not the zeros
    assert "seq=" in page.url and "0%2C+0%2C+0%2C+0" not in page.url
    no_exception(page)
    page.screenshot(path=str(shots_dir / "lesson-draw-zh.png"), full_page=True)


def test_copy_lesson_link_puts_the_address_on_the_clipboard(browser, app_url):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    page = context.new_page()
    try:
        page.goto(app_url + "/step?preset=counting&t=4&lang=en")
        player(page)
        wait_ready(page)
        button = page.locator("button.gs-copy")
        button.click()
        expect(button).to_contain_text("copied")  # the button says so (it lives in a shadow root)
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == page.url and "preset=counting" in copied and "t=4" in copied
    finally:
        context.close()


def test_a_heatmap_saves_as_png_and_csv(page, app_url):
    page.goto(app_url + "/step?preset=memory&lang=en")
    frame = player(page)
    wait_ready(page)
    chart = frame.locator(".heat")
    chart.hover()
    with page.expect_download() as png:
        chart.locator(".modebar-btn[data-title*='png' i]").first.click()
    assert png.value.suggested_filename == "gatescope-memory-layer0.png"
    with open(png.value.path(), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as table:
        page.locator("[data-testid='stDownloadButton'] button").first.click()
    assert table.value.suggested_filename == "gatescope-memory-layer0.csv"
    with open(table.value.path(), encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    assert lines[0] == "panel,step,unit,value" and len(lines) == 1 + 6 * 90 * 6
