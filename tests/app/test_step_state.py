"""The Step page's view as a plain value: links in, links out."""

from __future__ import annotations

import pytest

from lstm_core.lstm.intervene import Clamp, InputEdit
from ui.step.state import StepView


def test_the_teachers_link_round_trips():
    q = {"preset": "memory", "ex": "neg_spike", "t": "30", "unit": "2", "clamp": "f:0:30:2"}
    view = StepView.from_query(q)
    assert view == StepView("memory", "neg_spike", None, 30, 2, 0, None, Clamp("f", 0.0, 30, 2))
    out = view.to_query("en", present=True)
    assert out == {"preset": "memory", "ex": "neg_spike", "t": "30", "unit": "2", "layer": "0", "lang": "en",
                   "clamp": "f:0:30:2", "present": "1"}
    assert StepView.from_query(out) == view


def test_own_input_weights_and_an_edit():
    q = {"preset": "handset", "seq": "1, 0, 0", "w": ",".join(["9"] * 12), "edit": "2:0.5", "gate": "f"}
    view = StepView.from_query(q)
    assert view.text == "1, 0, 0" and view.example is None and view.gate == "f"
    assert view.weights == (8.0,) * 12  # kept within the sliders' range
    assert view.edit == InputEdit(2, 0.5)
    assert view.to_query("zh")["seq"] == "1, 0, 0" and "ex" not in view.to_query("zh")


@pytest.mark.parametrize("q, expect", [
    ({"preset": "memory", "t": "abc", "unit": "-5"}, (None, 0)),
    ({"preset": "memory", "t": "99999999", "layer": "x"}, (10**6, None)),
])
def test_mangled_numbers_fall_back_or_are_kept_in_range(q, expect):
    view = StepView.from_query(q)
    assert (view.t, view.unit) == expect and view.layer == 0


def test_a_mangled_what_if_is_dropped_and_named():
    view = StepView.from_query({"preset": "memory", "clamp": "x:9:9:9", "w": "1,2"})
    assert view.clamp is None and view.mangled == "x:9:9:9" and view.weights == ()
    assert StepView.from_query({"ex": "a"}) is None  # not a step link
