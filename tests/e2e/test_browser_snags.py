"""The small snags a student met, in real Chromium at a projector's, a laptop's and a phone's size, in both languages:
Enter applies a typed input, Back walks through pages and lessons (not through steps and guesses), and the memory
preset's default what-if shows the memory vanish."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import no_exception, player, shown_step, wait_ready

pytestmark = pytest.mark.e2e

SIZES = [(1024, 768), (1280, 720), (390, 844)]
LANGS = ["en", "zh"]
CUSTOM = {"en": "My own input…", "zh": "我自己的输入…"}
HOLD = {"en": "Hold it from step 40", "zh": "从第 40 步起固定"}
WHAT_IF = {"en": "What if", "zh": "如果"}


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def sized_page(request, browser):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


def history_length(page) -> int:
    return page.evaluate("() => window.history.length")


@pytest.mark.parametrize("lang", LANGS)
def test_enter_applies_typed_input(sized_page, app_url, lang):
    page = sized_page
    page.goto(app_url + f"/step?preset=counting&seq=((()))&lang={lang}")
    player(page)
    wait_ready(page)
    area = page.locator(".st-key-step-custom textarea")
    area.fill("(()())")
    area.press("Enter")
    page.wait_for_function("() => /[?&]seq=%28%28%29%28%29%29/.test(window.location.search)"
                           " || /[?&]seq=\\(\\(\\)\\(\\)\\)/.test(window.location.search)", timeout=30_000)
    wait_ready(page)
    no_exception(page)
    assert area.input_value() == "(()())"  # applied as typed: no newline went in, nothing was refused
    assert page.locator("[data-testid='stAlert']").filter(has_text="\\n").count() == 0


@pytest.mark.parametrize("lang", LANGS)
def test_shift_enter_starts_a_new_line_in_numbers_and_enter_applies_them(sized_page, app_url, lang):
    page = sized_page
    page.goto(app_url + f"/step?preset=memory&seq=0,1,0&lang={lang}")
    player(page)
    wait_ready(page)
    area = page.locator(".st-key-step-custom textarea")
    area.fill("0, 1")
    area.press("Shift+Enter")
    area.type("0.5")
    assert area.input_value() == "0, 1\n0.5"  # a new line, not applied yet
    area.press("Enter")
    page.wait_for_function("() => window.location.search.includes('0.5')", timeout=30_000)
    wait_ready(page)
    no_exception(page)
    frame = player(page)
    assert frame.evaluate("() => window.gatescopePlayer.state.data.T") == 3


@pytest.mark.parametrize("lang", LANGS)
def test_history_keeps_pages_and_lessons_not_steps_or_guesses(sized_page, app_url, lang):
    page = sized_page
    page.goto(app_url + f"/step?preset=memory&lang={lang}")
    frame = player(page)
    wait_ready(page)
    start = history_length(page)
    for _ in range(3):  # three steps, each reported once stepping stops: none is a history entry
        t = shown_step(frame)
        frame.locator("button[data-action='forward']").first.click()
        page.wait_for_function(f"() => /[?&]t={t + 1}(&|$)/.test(window.location.search)", timeout=30_000)
        wait_ready(page)
    assert history_length(page) == start

    # Another page, through the sidebar (folded on a phone: the link is clicked where it is): one entry.
    page.locator("[data-testid='stSidebarNavLink'][href$='/spot']").dispatch_event("click")
    wait_ready(page, expect="[data-testid='stMain'] [data-testid='stRadio']")
    page.wait_for_function("() => /[?&]bug=/.test(window.location.search)", timeout=30_000)
    after_page = history_length(page)
    assert after_page == start + 1
    page.locator("[data-testid='stMain'] [data-testid='stRadio'] label").nth(1).click()  # a guess
    wait_ready(page)
    page.wait_for_function("() => /[?&]guess=/.test(window.location.search)", timeout=30_000)
    page.locator("[data-testid='stMain'] [data-testid='stRadio'] label").nth(0).click()  # another guess
    wait_ready(page)
    assert history_length(page) == after_page
    page.go_back()  # Back returns to the Step page, not to an earlier guess
    page.wait_for_url(re.compile(r"/step\?"), timeout=30_000)


@pytest.mark.parametrize("lang", LANGS)
def test_the_memory_presets_default_what_if_shows_the_memory_vanish(sized_page, app_url, lang):
    page = sized_page
    page.goto(app_url + f"/step?lang={lang}")
    player(page)
    wait_ready(page)
    assert "preset=memory" in page.url and "ex=neg_spike" in page.url
    page.locator("summary", has_text=WHAT_IF[lang]).first.click()
    hold = page.get_by_role("button", name=HOLD[lang])
    hold.wait_for(state="visible")
    wait_ready(page)  # a click during a rerun (the player's first report) can be dropped
    hold.click()
    page.wait_for_function("() => /[?&]clamp=/.test(window.location.search)", timeout=60_000)
    wait_ready(page)
    no_exception(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    # The answer flips: the remembered −1 is gone.
    said = {"en": "the output is +1.008 instead of -1.010", "zh": "最后一步的输出是 +1.008，原来是 -1.010"}[lang]
    assert said in body, body[-1500:]


@pytest.mark.parametrize("lang", LANGS)
def test_each_gate_box_of_the_start_diagram_is_one_target_for_mouse_and_keyboard(sized_page, app_url, lang):
    page = sized_page
    page.goto(app_url + f"/?lang={lang}")
    wait_ready(page, expect=".st-key-start_diagram a.gs-gate")
    no_exception(page)
    gates = page.locator(".st-key-start_diagram a.gs-gate")
    assert gates.count() == 4
    gates.nth(0).scroll_into_view_if_needed()
    box = gates.nth(0).locator("rect").bounding_box()
    page.mouse.click(box["x"] + 4, box["y"] + 4)  # the box's corner, far from its label
    page.wait_for_url(re.compile(r"/step\?.*gate=f"), timeout=30_000)
    player(page)
    page.goto(app_url + f"/?lang={lang}")
    wait_ready(page, expect=".st-key-start_diagram a.gs-gate")
    gates.nth(1).focus()  # reached with Tab: a link in the page's order
    assert gates.nth(1).evaluate("(a) => a.matches(':focus')")  # (inside the component's shadow root)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/step\?.*gate=i"), timeout=30_000)
