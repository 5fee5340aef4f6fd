"""An exported lesson (python -m scripts.export_lesson) opened from disk in Chromium with every request that is not
file:// aborted, as on a laptop with no network: it steps with keys and buttons, plays, announces steps, switches
units, layers and presenter sizes, applies a what-if and a typed input computed in the browser, in both languages;
and the file itself names no http(s) address that it loads."""

from __future__ import annotations

import re

import numpy as np
import pytest

from lstm_core.lessons import presets
from lstm_core.lstm.intervene import Clamp, what_if
from lstm_core.lstm.trace import trace
from scripts.export_lesson import build
from ui.step.frames import number_text

pytestmark = pytest.mark.e2e


@pytest.fixture
def offline(browser):
    """A page on which only file:// loads; every other request is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    blocked: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page, blocked, errors
    context.close()


def open_lesson(page, tmp_path, name: str, lang: str = "en", **kw):
    path = tmp_path / f"{name}-{lang}.html"
    path.write_bytes(build(name, kw.get("example"), lang, kw.get("present", False)))
    page.goto(path.as_uri())
    wait_js(page, "document.body.dataset.lessonReady === '1' && document.body.dataset.t !== undefined")
    return path


SUMMARY = "document.querySelector('[data-testid=lesson-summary]').textContent"
LIVE = "document.querySelector('[data-testid=player-live]').textContent"


def wait_js(page, condition: str) -> None:
    """Wait until a JavaScript expression (SUMMARY, LIVE ... spelled out) is true."""
    page.wait_for_function(f"() => {condition}", timeout=30_000)


def heatmap_z(page, k: int):
    return page.evaluate("(k) => document.querySelector('.heat').data.filter(t => t.type === 'heatmap')[k].z", k)


def shown_step(page) -> int:
    return int(page.evaluate("() => document.body.dataset.t"))


def equation_numbers(page, k: int) -> list[str]:
    return page.evaluate("(k) => Array.from(document.querySelectorAll('.eq-box')[k].querySelectorAll('mn[data-slot]'))"
                         ".map(e => e.textContent)", k)


def test_the_file_loads_nothing_from_the_network(tmp_path):
    text = build("text", None, "zh", False).decode("utf-8")
    assert len(text.encode("utf-8")) <= 8 * 1024 * 1024
    # No element or style loads an address: src/href attributes, CSS url() and @import name none.
    tag = r"<(?:script|link|img|iframe|source|audio|video)\b[^>]*\b(?:src|href)\s*=\s*"
    loads = re.findall(tag + r"""["']?([^"'\s>]+)""", text, flags=re.I)
    assert not [u for u in loads if re.match(r"(https?:)?//", u)], loads
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", text.split("<script")[0])
    assert "@import" not in text.split("<script")[0]
    assert '<script id="gatescope-lesson" type="application/json">' in text


def test_stepping_from_disk_with_keys_buttons_and_play_offline(offline, tmp_path, shots_dir):
    page, blocked, errors = offline
    open_lesson(page, tmp_path, "memory")
    assert page.evaluate("() => window.location.protocol") == "file:"
    focus = presets.load_meta("memory")["focus"]
    assert shown_step(page) == focus["step"]
    page.locator("h1").click()
    page.keyboard.press("Home")
    assert shown_step(page) == 0
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert shown_step(page) == 2
    page.locator("#root .controls:not(.mini) [data-action=forward]").click()
    assert shown_step(page) == 3
    page.locator("#root .controls:not(.mini) [data-action=back]").click()
    assert shown_step(page) == 2
    page.keyboard.press("End")
    assert shown_step(page) == 89
    wait_js(page, f"{LIVE}.startsWith('Step 89 of 89')")
    page.keyboard.press("Home")
    page.locator("#root .controls:not(.mini) [data-action=play]").click()
    page.wait_for_function("() => Number(document.body.dataset.t) >= 3", timeout=20_000)
    page.locator("#root .controls:not(.mini) [data-action=play]").click()  # pause
    stopped = shown_step(page)
    page.wait_for_timeout(600)
    assert shown_step(page) == stopped
    # Another unit: the equations name it, the step stays.
    before = equation_numbers(page, 1)
    page.select_option("#lesson-unit", "1")
    page.wait_for_function("() => document.querySelector('.eq-title').textContent.includes('unit 1')")
    assert shown_step(page) == stopped and equation_numbers(page, 1) != before
    # Presenter sizes: larger type, the high-contrast figure.
    page.get_by_role("button", name="Presenter mode").click()
    assert page.evaluate("() => document.body.classList.contains('present')")
    assert page.get_by_role("button", name="Presenter mode").get_attribute("aria-pressed") == "true"
    page.screenshot(path=str(shots_dir / "lesson-memory-present.png"), full_page=True)
    assert shown_step(page) == stopped
    assert not errors, errors
    assert not blocked, blocked


def test_a_held_gate_is_computed_in_the_browser_and_redrawn(offline, tmp_path):
    page, blocked, errors = offline
    open_lesson(page, tmp_path, "memory")
    model = presets.load("memory")
    tr = trace(model.lstm, model.encode(model.meta["examples"][0]["input"]))
    unit = presets.load_meta("memory")["focus"]["unit"]
    page.locator("h1").click()
    page.keyboard.press("Home")
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    heat_before = heatmap_z(page, 4)
    page.select_option("#lesson-gate", "f:0")
    page.get_by_role("button", name="Hold it from step 10").click()
    summary = page.get_by_test_id("lesson-summary")
    wait_js(page, f"{SUMMARY}.length > 0")
    assert f"unit {unit} (layer 0) held at 0 from step 10" in summary.inner_text()
    assert "At the last step the output is" in summary.inner_text()
    assert shown_step(page) == 10  # the what-if keeps the step
    want = what_if(model.lstm, tr, Clamp("f", 0.0, 10, unit, 0))
    assert "(held)" in page.locator(".eq-box").nth(1).inner_text()
    assert equation_numbers(page, 4)[-1] == number_text(f"{want.c[0, 10, unit]:.3f}")
    page.keyboard.press("End")
    assert equation_numbers(page, 5)[-1] == number_text(f"{want.h[0, -1, unit]:.3f}")
    heat_after = heatmap_z(page, 4)
    assert heat_after != heat_before and np.allclose(np.array(heat_after).T, want.c[0], atol=1e-9)
    page.get_by_role("button", name="Back to the original run").click()
    wait_js(page, f"{SUMMARY} === ''")
    assert "(held)" not in page.locator(".eq-box").nth(1).inner_text()
    # Change an input value instead.
    page.get_by_label("Change an input").check()
    page.locator("h1").click()
    page.keyboard.press("Home")
    page.fill("#lesson-value", "-2")
    page.get_by_role("button", name="Change input at step 0").click()
    wait_js(page, f"{SUMMARY}.includes('input at step 0')")
    # A typed input, run in the browser.
    page.fill("#lesson-input", "0, 1, 0, 0, -1, 0")
    page.get_by_role("button", name="Run this input").click()
    page.wait_for_function("() => document.querySelector('#t').max === '5'")
    assert page.evaluate("() => window.gatescopeLesson.input()") == [[0], [1], [0], [0], [-1], [0]]
    page.fill("#lesson-input", "0, x, 1")
    page.get_by_role("button", name="Run this input").click()
    assert "Item 2 is not a number" in page.get_by_role("alert").inner_text()
    assert not errors, errors
    assert not blocked, blocked


def test_two_layers_in_chinese_offline(offline, tmp_path, shots_dir):
    page, blocked, errors = offline
    open_lesson(page, tmp_path, "sine", "zh")
    assert page.evaluate("() => document.documentElement.lang") == "zh-Hans"
    assert page.locator("#root .controls:not(.mini) [data-action=forward]").inner_text().startswith("前进")
    page.locator("h1").click()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert shown_step(page) == 1
    wait_js(page, f"{LIVE}.startsWith('第 1 步')")
    page.select_option("#lesson-layer", "1")
    page.wait_for_function("() => window.gatescopePlayer.state.data.layer === 1")
    page.select_option("#lesson-gate", "i:1")
    page.locator("[data-action=hold]").click()
    wait_js(page, f"{SUMMARY}.includes('第 1 层')")
    assert "（固定）" in page.locator(".eq-box").nth(0).inner_text()
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots_dir / "lesson-sine-zh-phone.png"), full_page=True)
    assert not errors, errors
    assert not blocked, blocked


def test_text_lesson_takes_typed_characters_of_its_alphabet(offline, tmp_path):
    page, blocked, errors = offline
    open_lesson(page, tmp_path, "text")
    page.fill("#lesson-input", "Twinkle")
    page.get_by_role("button", name="Run this input").click()
    page.wait_for_function("() => document.querySelector('#t').max === '6'")
    assert len(page.evaluate("() => window.gatescopeLesson.input()")) == 7
    assert page.locator(".lesson-sub").inner_text() == "My own input…"  # no longer the file's example
    assert page.locator("[data-testid=player-output]").inner_text().startswith("Model output at this step: '")
    page.fill("#lesson-input", "ok#")
    page.get_by_role("button", name="Run this input").click()
    assert "not in the model's alphabet: '#'" in page.get_by_role("alert").inner_text()
    assert not errors, errors
    assert not blocked, blocked


def test_present_opens_in_presenter_sizes(offline, tmp_path):
    page, blocked, errors = offline
    open_lesson(page, tmp_path, "handset", present=True)
    assert page.evaluate("() => document.body.classList.contains('present')")
    assert page.get_by_role("button", name="Presenter mode").get_attribute("aria-pressed") == "true"
    assert page.evaluate("() => window.gatescopePlayer.state.data.present") is True
    page.get_by_role("button", name="Presenter mode").click()
    assert not page.evaluate("() => document.body.classList.contains('present')")
    assert not errors and not blocked, (errors, blocked)


def test_a_model_trained_on_the_train_page_exports_the_same_way(offline, tmp_path):
    """A trained forecaster, as the Train page opens it in the stepper (ui.stepper.register_trained), as a lesson."""
    import pandas as pd

    from lstm_core.forecast.train import TrainConfig, fit
    from ui.player.export import LessonRun, export
    from ui.stepper import outputs, worded

    page, blocked, errors = offline
    idx = pd.date_range("2020-01-01", periods=96, freq="MS")
    t = np.arange(96)
    df = pd.DataFrame({"sales": 100 + t + 10 * np.sin(2 * np.pi * t / 12)}, index=idx)
    result = fit(df, "sales", TrainConfig(horizon=6, epochs=2, device="cpu"))
    model = worded(presets.from_forecaster(result, df, "my sales"))
    x = model.encode("last_window")
    tr = trace(model.lstm, x)
    run = outputs(model, tr, 0.0, np.asarray(model.meta["forecast"]["last_window"]))
    path = tmp_path / "trained.html"
    path.write_bytes(export(LessonRun("trained-1", model, run, "last_window", "last_window", unit=1), "en"))
    page.goto(path.as_uri())
    wait_js(page, "document.body.dataset.lessonReady === '1' && document.body.dataset.t !== undefined")
    assert page.locator("h1").inner_text() == "my sales"
    assert np.array_equal(np.array(page.evaluate("() => window.gatescopeLesson.input()")), x.astype(np.float64))
    got = page.evaluate("() => window.gatescopeLesson.hold({gate: 'o', value: 0, from: 2, unit: 1, layer: 0})")
    want = what_if(model.lstm, tr, Clamp("o", 0.0, 2, 1, 0))
    assert np.abs(np.array(got["h"]) - want.h).max() <= 1e-6 and np.abs(np.array(got["c"]) - want.c).max() <= 1e-6
    assert page.locator("#lesson-input").count() == 0  # a prepared window of the user's series: no typed input
    page.get_by_label("Change an input").check()
    page.fill("#lesson-value", "1.5")
    page.locator("[data-action=edit]").click()
    wait_js(page, f"{SUMMARY}.includes('changed from')")
    assert not errors, errors
    assert not blocked, blocked


def test_the_step_pages_download_is_the_lesson_and_runs_offline(page, app_url, offline, tmp_path, shots_dir):
    """Download this lesson on the Step page (Chinese, a unit, a step and a held gate of the teacher's choice), then
    open the file from disk with the network off: it starts where the teacher was, in the teacher's language."""
    from tests.e2e.conftest import player, wait_ready

    page.goto(app_url + "/step?preset=counting&ex=deep&t=5&unit=2&clamp=f:0:3:2&lang=zh")
    player(page)
    wait_ready(page)
    button = page.get_by_role("button", name="下载本课（HTML，可离线使用）")
    with page.expect_download(timeout=120_000) as download:
        button.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "gatescope-lesson-counting-deep-zh.html"
    lesson, blocked, errors = offline
    for width, height in ((1366, 900), (1024, 768), (390, 844)):
        lesson.set_viewport_size({"width": width, "height": height})
        lesson.goto(path.as_uri())
        wait_js(lesson, "document.body.dataset.lessonReady === '1' && document.body.dataset.t !== undefined")
        assert shown_step(lesson) == 5 and "单元 2" in lesson.locator(".eq-title").inner_text()
        # The what-if on view opens with the file, recomputed in the browser.
        assert "从第 3 步起固定为 0" in lesson.get_by_test_id("lesson-summary").inner_text()
        assert "（固定）" in lesson.locator(".eq-box").nth(1).inner_text()
        lesson.screenshot(path=str(shots_dir / f"lesson-download-{width}.png"), full_page=True)
    assert not errors, errors
    assert not blocked, blocked
