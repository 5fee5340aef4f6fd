"""The "Gates that learn" page in real Chromium: open it from the sidebar, step through the recorded snapshots with
the keyboard and Play in the browser (nothing reaches the server until it stops), and a Chinese deep link."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import count_sent, no_exception, player, wait_ready

pytestmark = pytest.mark.e2e


def tall(page) -> None:
    """Streamlit scrolls inside its own container, so a full-page shot needs a viewport as tall as the page."""
    page.set_viewport_size({"width": 1600, "height": 1500})


def url_epoch(page) -> int:
    m = re.search(r"[?&]epoch=(\d+)", page.url)
    assert m, page.url
    return int(m.group(1))


def heading(frame) -> str:
    """The line above the heatmaps: which moment of training is shown."""
    return frame.locator(".replay-title").inner_text()


def shown_marker_x(frame) -> float:
    """Where the loss chart draws its "shown" line (the last shape of the loss figure, before the kept line)."""
    return frame.evaluate(
        "() => { const p = document.querySelector('.loss');"
        " const s = p.layout.shapes.filter(s => s.line && s.line.width === 2); return s[s.length - 1].x0; }"
    )


def wait_url_epoch(page, epoch: int) -> None:
    page.wait_for_function(f"() => /[?&]epoch={epoch}(&|$)/.test(location.search)", timeout=30_000)


def test_open_from_the_sidebar_and_step_through_the_snapshots_in_the_browser(page, app_url, shots_dir):
    tall(page)
    sent = count_sent(page)
    page.goto(app_url + "/?lang=en")
    wait_ready(page, expect=".st-key-start_diagram svg.gs-cell")  # the Start page's drawing
    page.get_by_role("link", name="Gates that learn").click()
    frame = player(page, "replay")
    wait_ready(page)
    no_exception(page)
    assert "model=memory" in page.url
    assert url_epoch(page) == 600 and heading(frame) == "The gates after 600 training steps"
    assert shown_marker_x(frame) == 600
    text = frame.locator(".reading").inner_text()
    assert "Biggest gate change" in text and "at step 600" in text
    page.screenshot(path=str(shots_dir / "learn-memory-en.png"), full_page=True)

    before = len(sent)
    page.locator("h1").first.click()
    page.keyboard.press("Home")  # the first recorded step: the untrained model
    assert heading(frame) == "The gates before training (random weights)" and shown_marker_x(frame) == 0
    for _ in range(5):  # five recorded steps on: 32 steps apart
        page.keyboard.press("ArrowRight")
    assert heading(frame) == "The gates after 160 training steps" and shown_marker_x(frame) == 160
    assert len(sent) == before, sent[before:]  # stepping through the snapshots: nothing reached the server
    wait_url_epoch(page, 160)  # once it stops, the snapshot goes into the link
    page.screenshot(path=str(shots_dir / "learn-memory-160-en.png"), full_page=True)

    frame.select_option("#speed", "4")
    frame.get_by_role("button", name="Play").click()
    page.wait_for_timeout(1500)
    frame.get_by_role("button", name="Pause").click()
    no_exception(page)
    stopped = int(frame.evaluate("() => window.gatescopePlayer.state.data.ticks[window.gatescopePlayer.state.t]"))
    assert stopped > 160
    wait_url_epoch(page, stopped)


def test_chinese_deep_link_to_a_moment_of_training(page, app_url, shots_dir):
    tall(page)
    page.goto(app_url + "/learn?model=counting&epoch=300&lang=zh")
    frame = player(page, "replay")
    wait_ready(page)
    no_exception(page)
    assert "门控如何学会" in page.locator("h1").first.inner_text()
    assert url_epoch(page) == 288  # the nearest recorded step, and the page says so
    assert "没有记录第 300 步" in page.locator("[data-testid='stMain']").inner_text()
    assert heading(frame) == "训练 288 步之后的各个门" and "变化最大的门" in frame.locator(".reading").inner_text()
    assert shown_marker_x(frame) == 288
    page.screenshot(path=str(shots_dir / "learn-counting-zh.png"), full_page=True)

    page.goto(app_url + "/learn?model=sine&epoch=0&layer=1&lang=zh")
    frame = player(page, "replay")
    wait_ready(page)
    no_exception(page)
    assert "训练之前的各个门" in heading(frame)
    page.screenshot(path=str(shots_dir / "learn-sine-zh.png"), full_page=True)
