"""Numbers in a link are finite and in range before anything uses them: NaN is refused, ±inf and huge values
are kept at the widgets' ends, and the player always gets valid JSON (JavaScript's JSON.parse has no NaN)."""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import new_app, no_exception, player_args
from ui import stepper
from ui.step.state import EDIT_LIMIT, WEIGHT_LIMIT, StepView

STEP = "app_pages/step.py"


def _strict(text: str):
    def refuse(name):
        raise AssertionError(f"{name} in the player's JSON")

    return json.loads(text, parse_constant=refuse)


def test_nan_weights_are_refused_and_infinite_ones_kept_at_the_sliders_ends():
    rest = ",".join(["1"] * 11)
    assert StepView.from_query({"preset": "handset", "w": "nan," + rest}).weights == ()
    assert StepView.from_query({"preset": "handset", "w": "1," + rest.replace("1", "NaN", 1)}).weights == ()
    view = StepView.from_query({"preset": "handset", "w": "inf,-inf," + ",".join(["1e400"] * 10)})
    assert view.weights == (WEIGHT_LIMIT, -WEIGHT_LIMIT) + (WEIGHT_LIMIT,) * 10


def test_link_numbers_that_are_not_numbers_fall_back():
    view = StepView.from_query({"preset": "memory", "t": "nan", "unit": "inf", "layer": "-inf", "edit": "1:1e308",
                                "clamp": "f:nan:1:0"})
    assert (view.t, view.unit, view.layer) == (None, None, 0)
    assert view.edit.value == EDIT_LIMIT  # as the what-if box keeps it
    assert StepView.from_query({"preset": "memory", "edit": "1:nan"}).edit is None


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("query", [
    {"preset": "handset", "w": "nan," + ",".join(["0.5"] * 11)},
    {"preset": "handset", "w": ",".join(["inf"] * 12)},
    {"preset": "memory", "t": "nan", "unit": "-inf", "edit": "0:-1e308"},
    {"preset": "memory", "clamp": "f:nan:1:0"},
    {"preset": "memory", "seq": "1e308, -1e308, nan, inf"},
])
def test_the_player_gets_valid_json_and_the_check_badge_is_honest(query, lang):
    at = new_app(lang, **query)
    at.switch_page(STEP).run()
    no_exception(at)
    args = player_args(at)
    payload = _strict(args["payload"])
    assert payload
    badges = " ".join(m.value for m in at.markdown if "badge[" in m.value)
    assert "green-badge" in badges and "red-badge" not in badges, badges  # the trace matches torch.nn.LSTM
    if query["preset"] == "handset":
        weights = [at.session_state[f"hs.{k}"] for k in stepper.HANDSET_KEYS]
        assert all(-WEIGHT_LIMIT <= w <= WEIGHT_LIMIT for w in weights)
