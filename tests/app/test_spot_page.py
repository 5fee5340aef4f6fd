"""The Spot-the-bug page through AppTest: every mistake's reveal renders with the real numbers in both languages,
the prediction and Reveal work, the view lives in the URL, and a bad link gets a message, not a traceback."""

import json

import numpy as np
import pytest

from lstm_core.lessons import leakage, presets
from lstm_core.lessons.mistakes import (
    CELL_AFFECTED,
    CELL_DEMO_INPUT,
    CELL_MISTAKES,
    ORDER,
    compare_cell,
    window_starts,
)
from lstm_core.lstm.trace import layer_weights
from tests.app.conftest import all_text, new_app, no_exception

SPOT = "app_pages/spot.py"


def open_spot(lang="en", **query):
    at = new_app(lang, **query)
    at.switch_page(SPOT).run()
    no_exception(at)
    return at


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def heatmaps(at) -> int:
    return sum(tr.get("type") == "heatmap" for fig in charts(at) for tr in fig["data"])


def cell_facts(bug: str) -> dict:
    """The numbers the page must show, computed here independently of the page."""
    model = presets.load("memory")
    ex = {e["id"]: e["input"] for e in model.meta["examples"]}[CELL_DEMO_INPUT[bug]]
    head = (model.head.weight.detach().numpy(), model.head.bias.detach().numpy())
    return compare_cell(bug, model.encode(ex), layer_weights(model.lstm, 0), head).facts()


def metric_values(at) -> list[str]:
    return [m.value for m in at.metric]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("bug", ORDER)
def test_every_reveal_renders_with_real_numbers(bug, lang):
    at = open_spot(lang, bug=bug, reveal="1")
    assert at.session_state["spot.bug"] == bug and at.session_state["spot.reveal"]
    text = all_text(at)
    assert ("如何改正" if lang == "zh" else "The correction") in text
    assert len(at.latex) == (2 if bug in CELL_MISTAKES else 0) and len(at.code) == 3  # wrong, right, correction
    if bug in CELL_MISTAKES:
        facts = cell_facts(bug)
        assert metric_values(at) == [f"{facts['out_right']:+.2f}", f"{facts['out_wrong']:+.2f}"]
        assert abs(facts["out_wrong"] - facts["out_right"]) > 0.5  # the mistake visibly fails on this input
        assert heatmaps(at) == 2 * len(CELL_AFFECTED[bug])  # each affected state, right and wrong
        assert at.query_params["ex"] == CELL_DEMO_INPUT[bug]
        return
    res = leakage.load()
    if bug == "scaler_on_whole_series":
        table = at.table[0].value
        assert len(table) == 2
        for head in res["config"]["heads"]:
            assert f"{res['median'][head]['leak']:.1f}" in table.to_string()
            assert f"{res['median'][head]['right']:.1f}" in table.to_string()
        assert f"{res['train_range'][1]:.0f}" in text  # the ceiling the honest bounded model cannot cross
        assert len(charts(at)) == 1
    elif bug == "test_scaled_by_own_max":
        om = res["own_max"]
        assert metric_values(at) == [f"{om['right_mae']:.1f}", f"{om['mae']:.1f}"]
        assert "0.50" in text and "1.00" in text  # the test part squeezed into its own 0.50 … 1.00
    else:
        series, _ = leakage.load_series()
        n_train = len(series) - res["config"]["test_size"]
        right = len(window_starts(n_train, 12, 1))
        assert metric_values(at) == [str(right), str(right - 1)]
        assert "1957-12" in text  # the lost target: the last training month


def test_default_view_predict_then_reveal():
    at = open_spot("en")
    assert at.query_params["bug"] == ORDER[0] and "reveal" not in at.query_params
    assert heatmaps(at) == 0 and not at.metric  # nothing revealed yet
    at.radio(key="spot.guess.forget_on_candidate").set_value("b").run()
    at.button(key="spot.btn_reveal").click().run()
    no_exception(at)
    assert "You predicted it." in "\n".join(s.value for s in at.success)
    assert at.query_params["reveal"] == "1" and at.query_params["guess"] == "b"
    assert heatmaps(at) == 4
    at.button(key="spot.btn_next").click().run()
    no_exception(at)
    assert at.query_params["bug"] == "sigmoid_candidate" and "reveal" not in at.query_params
    assert heatmaps(at) == 0  # a new puzzle starts hidden


def test_a_wrong_guess_is_told_so_in_chinese():
    at = open_spot("zh", bug="sigmoid_candidate", guess="a", reveal="1")
    assert at.session_state["spot.guess.sigmoid_candidate"] == "a"
    warning = "\n".join(w.value for w in at.warning)
    assert "这次没猜中" in warning and "候选值再也不能为负" in warning


def test_deep_link_restores_input_and_the_url_follows():
    at = open_spot("en", bug="no_output_gate", reveal="1", ex="quiet")
    assert at.session_state["spot.ex"] == "quiet"
    at.selectbox(key="spot.ex").set_value("neg_spike").run()
    no_exception(at)
    assert at.query_params["ex"] == "neg_spike" and at.query_params["bug"] == "no_output_gate"
    at.pills(key="spot.bug").set_value("off_by_one_windows").run()
    no_exception(at)
    assert at.query_params["bug"] == "off_by_one_windows" and "ex" not in at.query_params


def test_off_by_one_horizon_link():
    at = open_spot("en", bug="off_by_one_windows", reveal="1", H="12")
    series, _ = leakage.load_series()
    n_train = len(series) - leakage.load()["config"]["test_size"]
    right = len(window_starts(n_train, 12, 12))
    assert metric_values(at) == [str(right), str(right - 1)]
    assert at.query_params["H"] == "12"


def test_a_bad_link_gets_a_message():
    at = open_spot("zh", bug="<script>", reveal="maybe", guess="z", ex="nope", H="7")
    assert at.session_state["spot.bug"] == ORDER[0] and not at.session_state["spot.reveal"]
    assert "链接里的错误名称未知" in "\n".join(i.value for i in at.info)


def test_presenter_mode_hides_secondary_controls():
    at = open_spot("en", bug="sigmoid_candidate", reveal="1", present="1")
    assert not at.selectbox  # no input picker: the default input
    assert not at.get("download_button")  # no CSV export on the projector
    assert heatmaps(at) == 4 and at.button(key="spot.btn_next")
    assert "Seven mistakes" not in all_text(at)  # the intro is for reading, not for the class
    leak = open_spot("en", bug="scaler_on_whole_series", reveal="1", present="1")
    # the chart's output-layer picker is hidden; the bounded model is shown
    assert "spot.head" not in [r.key for r in leak.radio]
    sig = leakage.load()["example"]["sigmoid"]
    assert np.isclose(max(charts(leak)[0]["data"][1]["y"]), max(sig["right"]["pred"]))


def test_switching_language_keeps_the_view():
    at = open_spot("en", bug="scaler_on_whole_series", reveal="1")
    at.radio(key="_lang_radio").set_value("zh").run()
    no_exception(at)
    assert at.session_state["spot.bug"] == "scaler_on_whole_series" and at.session_state["spot.reveal"]
    assert "在整个序列上拟合缩放器" in all_text(at) and at.query_params["lang"] == "zh"
    assert "看到了测试月份" in at.code[0].value  # the code's comment is translated too


def test_an_unrevealed_off_by_one_link_never_writes_h_none():
    at = open_spot("zh", bug="off_by_one_windows")
    assert at.query_params["H"] == "1"
    at = open_spot("en", bug="off_by_one_windows", reveal="yes")  # not "1": hidden
    assert at.query_params["H"] == "1" and not at.session_state["spot.reveal"]
