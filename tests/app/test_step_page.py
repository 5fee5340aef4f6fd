"""The Start and Step-through pages through AppTest: they render, step, keep state in the URL, and
answer bad input with a message instead of a traceback."""

import re

import pytest

from tests.app.conftest import (
    STEP,
    all_text,
    new_app,
    no_exception,
    player_args,
    player_data,
    report_step,
    shown_numbers,
)

PRESETS = ("memory", "sine", "counting", "text", "random", "handset")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_start_page_renders_in_both_languages(lang):
    at = new_app(lang)
    at.run()
    no_exception(at)
    text = all_text(at)
    if lang == "zh":
        assert "看 LSTM 如何思考" in text and "遗忘门" in text
    else:
        assert "Watch an LSTM think" in text and "forget gate" in text
    assert len(at.button) >= 6 + 6  # six gate links and six preset entries


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_renders_on_the_step_page(preset, lang):
    at = new_app(lang, preset=preset)
    at.switch_page(STEP).run()
    no_exception(at)
    assert at.session_state["step.model"] == preset
    assert len(shown_numbers(at)) == 6
    assert player_data(at)["lang"] == lang
    text = all_text(at)
    assert ("torch.nn.LSTM" in text) and (("一致" in text) if lang == "zh" else ("matches" in text))


def test_the_player_opens_on_the_linked_step_and_the_report_moves_the_server():
    """Stepping happens in the browser; when it stops, the player reports the step once: the server then knows
    it (the link and the what-if aim there) but sends the same payload, so the browser keeps its cursor."""
    at = new_app(preset="memory", t="10")
    at.switch_page(STEP).run()
    args = player_args(at)
    assert args["t"] == 10 and player_data(at)["T"] == 90
    assert shown_numbers(at) != shown_numbers(at, 11)  # each step has its own numbers
    report_step(at, 11, speed=8)
    no_exception(at)
    assert at.session_state["step.t"] == 11 and at.session_state["step.speed"] == 8
    assert at.query_params["t"] == "11"
    assert player_args(at)["version"] == args["version"]  # the same run: the player keeps its own cursor
    assert any("11" in b.label for b in at.button if b.key == "step.wi_apply")


def test_a_stale_or_malformed_report_is_ignored():
    at = new_app(preset="memory", t="10")
    at.switch_page(STEP).run()
    at.session_state["step.player"] = {"t": 50, "speed": 4, "seq": 7, "version": "an-earlier-run"}
    at.run()
    assert at.session_state["step.t"] == 10  # made on another payload (the model changed meanwhile)
    args = player_args(at)
    at.session_state["step.player"] = {"t": "x", "seq": 8, "version": args["version"], "seek": args["seek"]}
    at.run()
    no_exception(at)
    assert at.session_state["step.t"] == 10
    report_step(at, 10_000)
    assert at.session_state["step.t"] == 89  # kept within the run


def test_a_link_restores_the_view_and_the_url_follows_the_view():
    at = new_app("zh", preset="counting", ex="deep", t="5", unit="2")
    at.switch_page(STEP).run()
    no_exception(at)
    ss = at.session_state
    assert (ss["step.model"], ss["step.example"], ss["step.t"], ss["step.unit"]) == ("counting", "deep", 5, 2)
    assert player_data(at)["equations_title"] == "第 t = {t} 步、单元 2 的方程"
    report_step(at, 9)
    assert at.query_params["t"] == "9" and at.query_params["preset"] == "counting"
    assert at.query_params["lang"] == "zh"


def test_a_custom_sequence_link_and_handset_weights_restore():
    at = new_app(preset="handset", seq="0, 1, 0, 0", t="1", w="4,0,-2,0,0,-6,2,0,0,0,0,2")
    at.switch_page(STEP).run()
    no_exception(at)
    assert at.session_state["step.example"] == "__custom__"
    assert at.session_state["hs.b_f"] == -6.0
    f_value = shown_numbers(at)[1][-1]
    assert re.fullmatch(r"0\.00[0-9]", f_value), f_value  # a forget bias of -6 shuts f


def test_bad_typed_sequence_shows_a_message_and_keeps_the_previous_view():
    at = new_app(preset="memory")
    at.switch_page(STEP).run()
    at.selectbox(key="step.example").set_value("__custom__").run()
    at.text_area(key="step.custom").input("0, 1, 0, 0.5").run()
    no_exception(at)
    good = player_args(at)["payload"]
    at.text_area(key="step.custom").input("1, 2, abc").run()
    no_exception(at)
    assert any("Item 3 is not a number: 'abc'" in e.value for e in at.error)
    assert "Still showing the previous input" in all_text(at)
    assert player_args(at)["payload"] == good  # the earlier input is still shown, nothing lost


def test_bad_input_message_in_chinese():
    at = new_app("zh", preset="counting", seq="(()x")
    at.switch_page(STEP).run()
    no_exception(at)
    assert any("不在模型的字母表中" in e.value for e in at.error)


def test_switching_model_resets_to_its_focus_and_layers_appear():
    at = new_app(preset="memory")
    at.switch_page(STEP).run()
    at.selectbox(key="step.model").set_value("sine").run()
    no_exception(at)
    assert at.session_state["step.example"] == "slow"
    assert at.selectbox(key="step.layer") is not None
    at.selectbox(key="step.layer").set_value(1).run()
    no_exception(at)
    assert at.query_params["layer"] == "1"


def test_a_trained_model_opens_in_the_stepper_with_its_forecast():
    import numpy as np
    import pandas as pd

    from lstm_core.forecast.train import TrainConfig, fit
    from lstm_core.lessons import presets
    from ui import stepper

    idx = pd.date_range("2020-01-01", periods=96, freq="MS")
    df = pd.DataFrame({"sales": 100 + np.arange(96) + 10 * np.sin(np.arange(96) / 2)}, index=idx)
    result = fit(df, "sales", TrainConfig(horizon=6, epochs=2, device="cpu"))
    at = new_app("zh")
    preset = stepper.worded(presets.from_forecaster(result, df, "sales"))
    at.session_state["trained_models"] = {"abc": {"name": "sales", "preset": preset}}
    at.query_params["preset"] = "trained:abc"
    at.switch_page(STEP).run()
    no_exception(at)
    assert at.session_state["step.model"] == "trained:abc"
    assert at.session_state["step.example"] == "last_window"
    assert "__custom__" not in at.selectbox(key="step.example").options
    assert len(shown_numbers(at)) == 6
    # its words, in Chinese
    assert "最后一个窗口" in " ".join(at.selectbox(key="step.example").options + [all_text(at)])
    at.selectbox(key="step.example").set_value("whole").run()
    no_exception(at)


def test_language_survives_a_page_switch():
    at = new_app("zh")
    at.run()
    at.button(key="start_gate_f").click().run()
    no_exception(at)
    assert at.session_state["lang"] == "zh"
    assert "逐步运行 LSTM" in all_text(at)
    assert at.query_params["lang"] == "zh"


def test_language_radio_switches_and_the_url_follows():
    at = new_app("en")
    at.switch_page(STEP).run()
    at.radio(key="_lang_radio").set_value("zh").run()
    no_exception(at)
    assert "逐步运行 LSTM" in all_text(at)
    assert at.query_params["lang"] == "zh"


def test_rejected_input_never_reaches_the_link_and_the_hint_fits_the_model():
    at = new_app("zh", preset="counting")
    at.switch_page(STEP).run()
    at.selectbox(key="step.example").set_value("__custom__").run()
    at.text_area(key="step.custom").input("(())").run()
    assert at.query_params["seq"] == "(())"
    at.text_area(key="step.custom").input("").run()
    no_exception(at)
    assert any("输入为空" in e.value and "(()(()))" in e.value for e in at.error)  # a brackets example, not numbers
    assert at.query_params["seq"] == "(())"  # the link still opens what is shown


def test_unknown_model_in_a_link_says_so():
    at = new_app("en", preset="nope", t="-5", unit="999", layer="7")
    at.switch_page(STEP).run()
    no_exception(at)
    assert any("does not exist (nope)" in i.value for i in at.info)
    assert at.session_state["step.model"] == "memory"
    assert at.session_state["step.t"] == 0 and at.session_state["step.unit"] == 5


@pytest.mark.parametrize(("lang", "clamp", "reason"), [
    ("zh", "f:0:9999:0", "序列只有第 0 … 89 步，没有第 9999 步"),
    ("zh", "f:9:3:0", "门 f 的取值只能在 0 … 1 之间，不能是 9"),
    ("zh", "f:0:3:0:5", "模型只有一层，即第 0 层，没有第 5 层"),
    ("en", "f:0:3:77", "the model has units 0 … 5, not unit 77"),
])
def test_a_whatif_link_that_does_not_fit_says_why_in_the_users_language(lang, clamp, reason):
    at = new_app(lang, preset="memory", clamp=clamp)
    at.switch_page(STEP).run()
    no_exception(at)
    text = " ".join(i.value for i in at.info)
    assert reason in text and "expected" not in text and "what_if" not in text
    assert at.session_state["step.clamp"] is None and "clamp" not in at.query_params


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("query", [{"clamp": "x:9:9:9"}, {"edit": "abc"}, {"edit": "3:1e400"}])
def test_a_mangled_whatif_link_gets_a_message_not_silence(lang, query):
    at = new_app(lang, preset="memory", **query)
    at.switch_page(STEP).run()
    no_exception(at)
    text = " ".join(i.value for i in at.info)
    assert ("无法读取链接中的假设" if lang == "zh" else "could not be read") in text
    at.run()
    assert "could not be read" not in " ".join(i.value for i in at.info)  # said once


def test_a_huge_input_edit_is_written_compactly_and_the_box_is_bounded():
    at = new_app("en", preset="memory", ex="pos_spike", edit="3:1e300")
    at.switch_page(STEP).run()
    no_exception(at)
    summary = at.warning[0].value
    # kept at the what-if box's end, as the box itself would (issue 23), and written compactly
    assert "changed from 1.000 to 1e+06." in summary and len(summary) < 300
    at.segmented_control(key="step.wi_kind").set_value("edit").run()
    box = at.number_input(key="step.wi_value")
    assert (box.min, box.max) == (-1e6, 1e6)


def test_the_summary_says_when_the_cell_does_not_change():
    """A what-if that cannot move c (o held at the last step; a layer below the clamp) must not point at a
    'largest change' that is rounding noise."""
    at = new_app("en", preset="memory", clamp="o:0:89:3")
    at.switch_page(STEP).run()
    no_exception(at)
    assert "The cell state does not change." in at.warning[0].value and "largest change" not in at.warning[0].value
    at = new_app("zh", preset="sine", clamp="f:0:10:0:1", layer="0")
    at.switch_page(STEP).run()
    no_exception(at)
    assert "第 0 层的细胞状态没有变化。" in at.warning[0].value
    at.selectbox(key="step.layer").set_value(1).run()
    assert re.search(r"第 1 层的细胞状态最多改变 \d\.\d{3}（最大变化：单元 \d，第 \d+ 步）", at.warning[0].value)
