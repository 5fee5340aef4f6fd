"""The See-inside pages in real Chromium: sidebar navigation, deep links, and stepping in the browser with buttons,
keys, the slider and Play, while counting what the page sends to the server (nothing until stepping stops)."""

import re

import pytest

from lstm_core.lessons import presets
from lstm_core.lstm.trace import trace
from tests.e2e.conftest import count_sent, no_exception, player, shown_step, wait_ready

pytestmark = pytest.mark.e2e


def equation_numbers(frame, k: int) -> list[str]:
    """The numbers on screen in equation k (0..5: i, f, g, o, c, h)."""
    return frame.evaluate(
        "(k) => Array.from(document.querySelectorAll('.eq-box')[k].querySelectorAll('mn[data-slot]'))"
        ".map(e => e.textContent)", k)


def url_t(page) -> int:
    return int(re.search(r"[?&]t=(\d+)", page.url).group(1))


def wait_url_t(page, t: int) -> None:
    page.wait_for_function(f"() => /[?&]t={t}(&|$)/.test(window.location.search)", timeout=30_000)


def test_sidebar_navigation_and_stepping_send_nothing_until_stepping_stops(page, app_url, shots_dir):
    sent = count_sent(page)
    page.goto(app_url + "/?lang=en")
    wait_ready(page, expect=".st-key-start_diagram svg.gs-cell")  # the Start page's drawing
    no_exception(page)
    page.screenshot(path=str(shots_dir / "start-en.png"), full_page=True)

    page.get_by_role("link", name="Step through").click()
    frame = player(page)
    wait_ready(page)
    no_exception(page)
    assert "preset=memory" in page.url
    t0, eq0 = shown_step(frame), equation_numbers(frame, 0)
    before = len(sent)
    for _ in range(3):
        frame.get_by_role("button", name="Forward").click()
    assert shown_step(frame) == t0 + 3 and equation_numbers(frame, 0) != eq0
    assert len(sent) == before, sent[before:]  # three steps: nothing reached the server
    wait_url_t(page, t0 + 3)  # once stepping stops, the step goes to the server once, and into the link
    assert len(sent) > before
    page.set_viewport_size({"width": 1366, "height": 2200})
    page.screenshot(path=str(shots_dir / "step-memory-en.png"), full_page=True)


def test_keys_step_from_anywhere_on_the_page(page, app_url):
    sent = count_sent(page)
    page.goto(app_url + "/step?preset=sine&t=5&lang=en")
    frame = player(page)
    wait_ready(page)
    assert sent  # the page load itself went over the websocket: the counter sees the page's frames
    before = len(sent)
    page.locator("h1").first.click()  # focus the page, not the player
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert shown_step(frame) == 7
    page.keyboard.press("ArrowLeft")
    assert shown_step(frame) == 6
    page.keyboard.press("End")
    assert shown_step(frame) == 59
    page.keyboard.press("Home")
    assert shown_step(frame) == 0
    assert len(sent) == before, sent[before:]
    wait_url_t(page, 0)
    no_exception(page)


def test_play_runs_in_the_browser_and_pause_keeps_focus(page, app_url):
    sent = count_sent(page)
    page.goto(app_url + "/step?preset=memory&t=0&lang=en")
    frame = player(page)
    wait_ready(page)
    frame.select_option("#speed", "16")
    before = len(sent)
    frame.get_by_role("button", name="Play").click()
    page.wait_for_timeout(2500)
    playing_at = shown_step(frame)
    assert playing_at >= 16  # about 40 at 16 steps a second; a slow machine draws fewer frames, never fewer steps
    assert len(sent) == before, sent[before:]  # playing: nothing reached the server
    frame.get_by_role("button", name="Pause").click()
    focused = frame.evaluate("() => document.activeElement.dataset.action")
    assert focused == "play"  # Pause became Play under the same focus
    assert frame.evaluate("() => document.activeElement.getAttribute('aria-pressed')") == "false"
    stopped = shown_step(frame)
    wait_url_t(page, stopped)
    live = frame.locator("[aria-live=polite]").inner_text()
    assert live.startswith(f"Step {stopped} of 89: output ")
    frame.get_by_role("button", name="Play").click()  # plays on to the end and stops there
    page.wait_for_timeout(6000)
    assert shown_step(frame) == 89
    assert frame.get_by_role("button", name="Play").is_visible()
    wait_url_t(page, 89)


def test_the_equation_numbers_on_screen_are_the_traces(page, app_url):
    model = presets.load("memory")
    example = next(e for e in model.meta["examples"] if e["id"] == "neg_spike")
    tr = trace(model.lstm, model.encode(example["input"]))
    page.goto(app_url + "/step?preset=memory&ex=neg_spike&t=0&unit=2&lang=en")
    frame = player(page)
    wait_ready(page)

    def shown(v) -> str:
        return f"{float(v):.3f}".replace("-", "\u2212")

    for t in (0, 17, 41, 89):
        frame.locator("#t").fill(str(t))
        assert shown_step(frame) == t
        for k, name in enumerate("ifgo"):
            assert equation_numbers(frame, k)[-1] == shown(tr.__dict__[name][0, t, 2]), (t, name)
        assert equation_numbers(frame, 5) == [shown(tr.o[0, t, 2]), shown(tr.c[0, t, 2]), shown(tr.h[0, t, 2])]
        title = frame.locator(".eq-title").inner_text()
        assert title == f"The equations at step t = {t}, unit 2"


@pytest.mark.parametrize("preset", ["memory", "sine", "counting", "text", "random", "handset"])
def test_deep_link_opens_each_preset_in_chinese(page, app_url, shots_dir, preset):
    page.goto(app_url + f"/step?preset={preset}&t=4&unit=0&lang=zh")
    frame = player(page)
    wait_ready(page)
    no_exception(page)
    assert "逐步运行 LSTM" in page.locator("h1").first.inner_text()
    assert shown_step(frame) == 4
    assert frame.get_by_role("button", name="前进").is_visible()
    assert frame.evaluate("() => document.documentElement.lang") == "zh-Hans"
    assert "与 torch.nn.LSTM 一致" in page.content()
    page.set_viewport_size({"width": 1366, "height": 2200})
    page.screenshot(path=str(shots_dir / f"step-{preset}-zh.png"), full_page=True)


def test_start_page_gate_button_opens_the_stepper_on_that_gate(page, app_url):
    page.goto(app_url + "/?lang=en")
    wait_ready(page, expect=".st-key-start_diagram svg.gs-cell")  # the Start page's drawing
    page.get_by_role("button", name="forget gate f").click()
    frame = player(page)
    wait_ready(page)
    no_exception(page)
    assert "gate=f" in page.url and "preset=memory" in page.url
    assert "▶ forget" in frame.locator(".heat").inner_text()


def test_chinese_survives_switching_page(page, app_url):
    """A page switch must keep the language (Streamlit drops widget state on a switch)."""
    page.goto(app_url + "/?lang=zh")
    wait_ready(page, expect=".st-key-start_diagram svg.gs-cell")  # the Start page's drawing
    page.get_by_role("button", name="输入门 i").click()
    player(page)
    wait_ready(page)
    no_exception(page)
    assert "逐步运行 LSTM" in page.locator("h1").first.inner_text()
    assert "lang=zh" in page.url and "gate=i" in page.url


def test_switching_language_while_playing_keeps_the_step_and_plays_on(page, app_url):
    page.goto(app_url + "/step?preset=sine&t=5&lang=zh")
    frame = player(page)
    wait_ready(page)
    frame.get_by_role("button", name="播放").click()
    page.wait_for_timeout(1500)
    page.get_by_text("English", exact=True).click()
    page.wait_for_function("() => document.querySelector('h1') && "
                           "document.querySelector('h1').innerText.includes('Step through')", timeout=30_000)
    frame.get_by_role("button", name="Pause").wait_for(timeout=30_000)  # relabelled, and still playing
    t_before = shown_step(frame)
    page.wait_for_timeout(1000)
    assert shown_step(frame) > t_before > 5
    no_exception(page)
    assert "preset=sine" in page.url and "lang=en" in page.url


def test_a_what_if_still_reaches_the_server_and_redraws(page, app_url):
    sent = count_sent(page)
    page.goto(app_url + "/step?preset=memory&ex=neg_spike&t=30&unit=2&lang=en")
    frame = player(page)
    wait_ready(page)
    assert "(held)" not in frame.locator(".equations").inner_text()
    before = len(sent)
    page.get_by_text("What if…? Hold a gate or change an input").click()
    page.get_by_role("button", name="Hold it from step 30").click()
    wait_ready(page, expect="[data-testid='stAlertContentWarning']")
    assert len(sent) > before  # the what-if is computed on the server
    frame.wait_for_function("() => document.querySelector('.equations').innerText.includes('(held)')")
    assert shown_step(frame) == 30
    assert "clamp=f%3A0%3A30%3A2" in page.url or "clamp=f:0:30:2" in page.url
    no_exception(page)
