"""The Why-gates page through AppTest: both languages, the model and delay pickers, deep links, bad links,
presenter mode, and missing results answered with a message instead of a traceback."""

import base64
import json

import numpy as np
import pytest
import streamlit as st

from lstm_core.lessons import why_gates
from tests.app.conftest import all_text, new_app, no_exception

PAGE = "app_pages/compare.py"


def open_page(lang="en", **query):
    at = new_app(lang, **query)
    at.switch_page(PAGE).run()
    no_exception(at)
    return at


def figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def heatmaps(at) -> list[dict]:
    """The heatmap traces of the gate figure (the last chart)."""
    return [d for d in figures(at)[-1]["data"] if d["type"] == "heatmap"]


def steps_shown(at) -> list[int]:
    """The time steps on the heatmaps' x axis (Plotly sends NumPy arrays base64-encoded)."""
    x = heatmaps(at)[0]["x"]
    if isinstance(x, dict):
        return np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"])).tolist()
    return list(x)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_renders_in_both_languages(lang):
    at = open_page(lang)
    text = all_text(at)
    if lang == "zh":
        assert "为什么需要门控" in text and "梯度消失" in text and "与 torch.nn.GRU 一致" in text
    else:
        assert "Why gates?" in text and "vanishing gradient" in text and "matches torch.nn.GRU" in text
    assert len(figures(at)) == 3  # gradient, accuracy, gate heatmaps
    grad = figures(at)[0]
    assert grad["layout"]["yaxis"]["type"] == "log"
    assert len(heatmaps(at)) == 4  # r, z, n, h
    assert steps_shown(at) == list(range(41))
    assert at.query_params["cmp_model"] == "gru" and at.query_params["cmp_k"] == "40"
    assert at.query_params["lang"] == lang


def test_model_picker_and_delay_slider_change_the_view():
    at = open_page()
    at.segmented_control(key="cmp._w_model").set_value("lstm").run()
    no_exception(at)
    assert at.session_state["cmp.model"] == "lstm"
    assert len(heatmaps(at)) == 6  # i, f, g, o, c, h
    assert "matches torch.nn.LSTM" in all_text(at)
    at.slider(key="cmp._w_k").set_value(12).run()
    no_exception(at)
    assert at.session_state["cmp.k"] == 12 and at.query_params["cmp_k"] == "12"
    assert steps_shown(at) == list(range(13))  # the bit and 12 distractors
    assert "Answer at the last step" in all_text(at)
    at.segmented_control(key="cmp._w_model").set_value("rnn").run()
    no_exception(at)
    assert len(heatmaps(at)) == 1 and "An RNN has no gate" in all_text(at)
    assert at.query_params["cmp_model"] == "rnn" and at.query_params["cmp_k"] == "12"


def test_experiment_picker_switches_the_accuracy_chart():
    at = open_page()
    mix = figures(at)[1]
    assert "Runs that learned the task" in all_text(at)
    at.segmented_control(key="cmp._w_exp").set_value("fixed").run()
    no_exception(at)
    assert at.query_params["cmp_exp"] == "fixed"
    fixed = figures(at)[1]
    assert len(fixed["data"]) < len(mix["data"])  # one line per model, no per-run lines
    assert "At delay 40" in all_text(at)


def test_a_link_restores_the_view():
    at = open_page("zh", cmp_model="lstm", cmp_k="20", cmp_exp="fixed", cmp_run="3", cmp_bit="-1", cmp_ex="2")
    ss = at.session_state
    assert (ss["cmp.model"], ss["cmp.k"], ss["cmp.exp"], ss["cmp.run"], ss["cmp.bit"], ss["cmp.ex"]) == \
        ("lstm", 20, "fixed", 3, -1, 2)
    assert len(heatmaps(at)) == 6 and steps_shown(at) == list(range(21))
    text = all_text(at)
    assert "比特是 **-1**" in text and "在延迟 40 时" in text
    assert at.selectbox(key="cmp._w_run").value == 3


def test_a_bad_link_gets_a_message_not_a_traceback():
    at = open_page(cmp_model="transformer", cmp_k="abc", cmp_run="99")
    infos = " ".join(i.value for i in at.info)
    assert "cmp_model = “transformer”" in infos and "cmp_k = “abc”" in infos and "cmp_run = “99”" in infos
    ss = at.session_state
    assert (ss["cmp.model"], ss["cmp.k"], ss["cmp.run"]) == ("gru", 40, 1)  # the defaults
    assert at.query_params["cmp_model"] == "gru"  # the URL now names what is shown
    at.run()
    no_exception(at)
    assert not [i for i in at.info if "transformer" in i.value]  # said once


def test_presenter_mode_hides_the_secondary_controls():
    at = open_page(present="1", cmp_model="gru", cmp_k="30")
    keys = {w.key for w in at.selectbox} | {w.key for w in at.segmented_control}
    assert "cmp._w_run" not in keys and "cmp._w_ex" not in keys and "cmp._w_bit" not in keys
    assert {"cmp._w_model", "cmp._w_exp"} <= keys and at.slider(key="cmp._w_k").value == 30
    assert not at.get("download_button")  # no export controls on the projector
    assert len(heatmaps(at)) == 4


def test_missing_results_give_a_message(monkeypatch):
    def broken(*_a, **_k):
        raise why_gates.WhyGatesError("results not found")

    st.cache_resource.clear()
    monkeypatch.setattr(why_gates, "load", broken)
    try:
        at = open_page("zh")
        assert "结果文件缺失或已损坏" in " ".join(e.value for e in at.error)
        assert not at.get("plotly_chart")
    finally:
        st.cache_resource.clear()  # the next test loads the real results again


def test_switching_language_keeps_the_view():
    at = open_page("en", cmp_model="lstm", cmp_k="25", cmp_exp="fixed")
    at.radio(key="_lang_radio").set_value("zh").run()
    no_exception(at)
    ss = at.session_state
    assert (ss["cmp.model"], ss["cmp.k"], ss["cmp.exp"]) == ("lstm", 25, "fixed")
    assert "为什么需要门控" in all_text(at) and len(heatmaps(at)) == 6


def test_the_gru_reading_only_claims_what_the_numbers_show():
    """At delay 1 the memory units have not settled at ±1 yet: the page gives the numbers without the claim."""
    short = all_text(open_page(cmp_model="gru", cmp_k="1"))
    assert "Over this delay their mean |h| is" in short and "stay near ±1" not in short
    long = all_text(open_page(cmp_model="gru", cmp_k="60"))
    assert "stay near ±1" in long


@pytest.mark.parametrize(("lang", "query", "shown"), [
    ("en", {"cmp_model": "nope"}, "it shows GRU instead"),
    ("zh", {"cmp_exp": "x"}, "改为显示 “混合延迟 1–60”"),
    ("en", {"cmp_ex": "6"}, "it shows example 1 instead"),
])
def test_a_bad_link_names_what_is_shown_as_the_page_labels_it(lang, query, shown):
    at = open_page(lang, **query)
    assert shown in " ".join(i.value for i in at.info)


def test_the_lstm_reading_says_what_its_own_numbers_show():
    """At k = 100 one carrier keeps f near 1 and the others forget at every step: the page says so, unit by unit,
    instead of an average (0.35) that describes none of them, and claims "f stays near 1" only where it holds."""
    long = all_text(open_page(cmp_model="lstm", cmp_k="100"))
    assert "forget gate f averages 1.00, 0.04, 0.01" in long and "stays near 1" not in long
    short = all_text(open_page(cmp_model="lstm", cmp_k="10"))
    assert "stays near 1 (it averages 0.94, 0.95, 0.87" in short

