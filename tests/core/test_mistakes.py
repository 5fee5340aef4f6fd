"""Each tutorial mistake in DESIGN.md gives a different result from the right code, so tests would catch it."""

import numpy as np
import pytest
import torch

from lstm_core import layer_weights, trace
from lstm_core.mistakes import CELL_MISTAKES, run_layer_with, scale_for_test, window_starts


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
