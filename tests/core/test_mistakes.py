"""Each tutorial mistake in docs/DESIGN.md gives a different result from the right code, so tests would catch it."""

import numpy as np
import pytest
import torch

from lstm_core import layer_weights, trace
from lstm_core.lessons.mistakes import CELL_MISTAKES, run_layer_with, scale_for_test, window_starts


@pytest.fixture(scope="module")
def setup():
    torch.manual_seed(1)
    lstm = torch.nn.LSTM(2, 6, dtype=torch.float64)
    x = torch.randn(30, 2, dtype=torch.float64)
    return lstm, x, trace(lstm, x)


def test_the_right_equations_reproduce_the_trace(setup):
    lstm, x, tr = setup
    right = run_layer_with(None, x.numpy(), np.zeros(6), np.zeros(6), layer_weights(lstm, 0))
    for k in "ifgoch":
        np.testing.assert_allclose(right[k], getattr(tr, k)[0], atol=1e-12)


@pytest.mark.parametrize("mistake", sorted(CELL_MISTAKES))
def test_each_cell_mistake_changes_h(setup, mistake):
    lstm, x, tr = setup
    wrong = run_layer_with(mistake, x.numpy(), np.zeros(6), np.zeros(6), layer_weights(lstm, 0))
    assert np.abs(wrong["h"] - tr.h[0]).max() > 1e-2


def test_leaky_scaler_differs_and_sees_the_future():
    series = np.concatenate([np.linspace(0, 1, 80), np.linspace(1, 3, 20)])  # a trend that breaks out in the test part
    right_train, right_test = scale_for_test(series, 80)
    leak_train, leak_test = scale_for_test(series, 80, "scaler_on_whole_series")
    assert right_test.max() > 1.0  # honest: the future lies outside the training range
    assert leak_test.max() == pytest.approx(1.0)  # leaked: the scaler already knew the maximum
    assert not np.allclose(right_train, leak_train)


def test_test_set_scaled_by_its_own_max_differs():
    series = np.linspace(1, 10, 50)
    _, right = scale_for_test(series, 40)
    _, wrong = scale_for_test(series, 40, "test_scaled_by_own_max")
    assert not np.allclose(right, wrong)


def test_off_by_one_drops_exactly_the_last_window():
    right = window_starts(20, 5, 3)
    wrong = window_starts(20, 5, 3, "off_by_one_windows")
    assert len(right) == 13 and len(wrong) == 12
    assert right[-1] + 5 + 3 == 20  # the last window ends exactly at the end of the series
    assert set(right) - set(wrong) == {12}


# ----------------------------------------------------------------------------- side by side (the Spot-the-bug page)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lstm_core.lessons import presets  # noqa: E402
from lstm_core.lessons.mistakes import (  # noqa: E402
    CELL_AFFECTED,
    CELL_DEMO_INPUT,
    DATA_MISTAKES,
    ORDER,
    compare_cell,
    dropped_windows,
    readout,
    scaled_ranges,
)
from lstm_core.lstm.cell import LayerWeights  # noqa: E402


def random_weights(seed: int, d: int = 2, h: int = 4, scale: float = 2.0) -> LayerWeights:
    rng = np.random.default_rng(seed)
    return LayerWeights(*(scale * rng.standard_normal(s) for s in ((4 * h, d), (4 * h, h), (4 * h,), (4 * h,))))


def test_every_mistake_is_listed_once_in_the_lesson_order():
    assert sorted(ORDER) == sorted([*CELL_MISTAKES, *DATA_MISTAKES]) and len(set(ORDER)) == 7
    assert set(CELL_AFFECTED) == set(CELL_DEMO_INPUT) == set(CELL_MISTAKES)


def test_compare_cell_runs_both_versions_and_reads_out(setup):
    lstm, x, tr = setup
    head = (np.ones((1, 6)), np.array([0.5]))
    cmp = compare_cell("no_output_gate", x.numpy(), layer_weights(lstm, 0), head)
    np.testing.assert_allclose(cmp.right["h"], tr.h[0], atol=1e-12)
    np.testing.assert_allclose(cmp.out_right[:, 0], tr.h[0].sum(axis=1) + 0.5, atol=1e-12)
    facts = cmp.facts()
    assert facts["out_wrong"] == pytest.approx(cmp.out_wrong[-1, 0])
    assert facts["c_lo_right"] == pytest.approx(tr.c[0].min()) and facts["h_abs_wrong"] <= 1.0
    with pytest.raises(ValueError, match="unknown cell mistake"):
        compare_cell("scaler_on_whole_series", x.numpy(), layer_weights(lstm, 0))
    with pytest.raises(ValueError, match=r"head weight must be \(K, 6\)"):
        readout(tr.h[0], (np.ones((1, 5)), np.zeros(1)))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), steps=st.integers(1, 25))
def test_each_mistake_does_exactly_what_its_formula_says(seed, steps):
    """Oracles for the wrong equations themselves, on random weights and inputs."""
    w = random_weights(seed)
    x = np.random.default_rng(seed + 1).standard_normal((steps, 2)) * 3
    z = np.zeros(4)
    sig = run_layer_with("sigmoid_candidate", x, z, z, w)
    assert (sig["g"] >= 0).all() and (sig["c"] >= 0).all()  # a candidate in [0, 1] can only add to c from 0
    no_o = run_layer_with("no_output_gate", x, z, z, w)
    np.testing.assert_allclose(no_o["h"], np.tanh(no_o["c"]), atol=1e-15)
    swap = run_layer_with("cell_hidden_swapped", x, z, z, w)
    np.testing.assert_array_equal(swap["h"], swap["c"])
    foc = run_layer_with("forget_on_candidate", x, z, z, w)
    c_prev = np.vstack([z, foc["c"][:-1]])
    np.testing.assert_allclose(foc["c"], foc["f"] * foc["g"] + foc["i"] * c_prev, atol=1e-12)


@pytest.mark.parametrize("mistake", sorted(CELL_MISTAKES))
def test_the_page_claims_hold_on_the_memory_preset(mistake):
    """What the page says about each mistake, measured on the input it shows by default."""
    model = presets.load("memory")
    ex = {e["id"]: e["input"] for e in model.meta["examples"]}[CELL_DEMO_INPUT[mistake]]
    head = (model.head.weight.detach().numpy(), model.head.bias.detach().numpy())
    f = compare_cell(mistake, model.encode(ex), layer_weights(model.lstm, 0), head).facts()
    assert abs(f["out_right"]) == pytest.approx(1.0, abs=0.05)  # the right model answers the spike's sign
    assert abs(f["out_wrong"] - f["out_right"]) > 0.5
    if mistake in ("forget_on_candidate", "sigmoid_candidate"):  # on a negative spike: the sign is lost
        assert f["out_right"] < 0 < f["out_wrong"]
    if mistake == "sigmoid_candidate":
        assert f["g_lo_wrong"] > 0 and f["c_lo_wrong"] > 0 > f["c_lo_right"]
    if mistake == "no_output_gate":
        assert f["h_mean_abs_wrong"] > f["h_mean_abs_right"]
    if mistake == "cell_hidden_swapped":
        assert f["h_abs_wrong"] > 10 and f["h_abs_right"] < 1


def test_scaled_ranges_show_the_test_part_out_of_range_only_when_honest():
    series = np.concatenate([np.linspace(100, 400, 100), np.linspace(400, 600, 30)])
    right = scaled_ranges(series, 100)
    own = scaled_ranges(series, 100, "test_scaled_by_own_max")
    assert right["train"] == (0.0, 1.0) and right["test"][1] == pytest.approx(500 / 300)
    assert own["test"] == (pytest.approx(400 / 600), 1.0)


@given(n=st.integers(3, 200), window=st.integers(1, 40), horizon=st.integers(1, 12))
def test_off_by_one_drops_the_window_that_ends_on_the_last_row(n, window, horizon):
    if n < window + horizon:
        return
    lost = dropped_windows(n, window, horizon)
    assert lost == [n - window - horizon]
    assert lost[0] + window + horizon == n


def test_every_mistake_is_one_record_whose_cell_code_is_the_line_that_runs():
    import inspect

    from lstm_core.lessons.mistakes import MISTAKES, ORDER
    from lstm_core.lstm.cell import VARIANTS, lstm_step

    assert tuple(MISTAKES) == ORDER and all(m.answer in ("a", "b", "c") for m in MISTAKES.values())
    source = inspect.getsource(lstm_step)
    cells = [m for m in MISTAKES.values() if m.kind == "cell"]
    assert {m.id for m in cells} == set(VARIANTS)
    for m in cells:
        wrong, right = m.code
        assert f'if variant == "{m.id}":\n        {wrong}' in source  # shown exactly as lstm_step runs it
        assert f"\n    {right}\n" in source and wrong != right
