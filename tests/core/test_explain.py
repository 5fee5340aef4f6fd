import numpy as np
import pytest
import torch

from lstm_core import trace
from lstm_core.lstm.explain import CLOSED, HALF, OPEN, level, read_step, step_terms


def test_step_terms_equal_the_trace_and_split_correctly():
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(3, 5, num_layers=2)
    tr = trace(lstm, torch.randn(12, 3), h0=torch.randn(2, 5), c0=torch.randn(2, 5))
    for layer in (0, 1):
        for t in (0, 1, 11):
            s = step_terms(lstm, tr, layer, t)
            for k in "ifgoch":
                np.testing.assert_allclose(getattr(s, k), getattr(tr, k)[layer, t], atol=2e-6)
            # the input part of gate f is W_if x_t + b_if, checked by hand for unit 0
            H = 5
            W_if = lstm.__getattr__(f"weight_ih_l{layer}")[H : 2 * H].double().detach().numpy()
            b_if = lstm.__getattr__(f"bias_ih_l{layer}")[H : 2 * H].double().detach().numpy()
            x_t = tr.layer_input(layer)[t]
            np.testing.assert_allclose(s.x_part["f"], W_if @ x_t + b_if, atol=1e-6)


def test_step_terms_rejects_out_of_range():
    lstm = torch.nn.LSTM(1, 2)
    tr = trace(lstm, torch.zeros(4, 1))
    with pytest.raises(ValueError, match="0 <= t < 4"):
        step_terms(lstm, tr, 0, 4)


def test_reading_levels():
    assert (level(0.95), level(0.5), level(0.05)) == (OPEN, HALF, CLOSED)
    lstm = torch.nn.LSTM(1, 1)
    with torch.no_grad():
        lstm.weight_ih_l0.zero_()
        lstm.weight_hh_l0.zero_()
        lstm.bias_hh_l0.zero_()
        lstm.bias_ih_l0.copy_(torch.tensor([-5.0, 5.0, 0.5, 0.0]))
    tr = trace(lstm, torch.zeros(3, 1), c0=torch.ones(1, 1))
    r = read_step(tr, 0, 0, 0)
    assert (r.forget, r.input, r.output) == (OPEN, CLOSED, HALF)
    assert r.c_prev == 1.0 and r.c == pytest.approx(r.f * 1.0 + r.i * r.g, abs=1e-6)
