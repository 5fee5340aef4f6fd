"""trace() against the oracles: torch.nn.LSTM for h, h_n, c_n, and an independent float64 NumPy loop
(lstm_core.lstm.cell) for every gate."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_core import GateTrace, layer_weights, torch_parity, trace
from lstm_core.lstm.cell import run_layer
from lstm_core.lstm.trace import linear_scan


def make_lstm(D, H, L, bias=True, batch_first=False, dtype=torch.float32, seed=0):
    torch.manual_seed(seed)
    return torch.nn.LSTM(D, H, num_layers=L, bias=bias, batch_first=batch_first).to(dtype)


def reference(lstm, x, h0, c0):
    """Every gate of every layer from the plain float64 NumPy loop in lstm_core.lstm.cell."""
    out = {k: [] for k in "ifgoch"}
    layer_in = np.asarray(x, dtype=np.float64)
    for k in range(lstm.num_layers):
        r = run_layer(layer_in, h0[k].astype(np.float64), c0[k].astype(np.float64), layer_weights(lstm, k))
        for name in out:
            out[name].append(r[name])
        layer_in = r["h"]
    return {k: np.stack(v) for k, v in out.items()}


def nn_lstm_forward(lstm, x, h0, c0):
    xb = x.unsqueeze(0) if lstm.batch_first else x.unsqueeze(1)
    with torch.no_grad():
        out, (h_n, c_n) = lstm(xb, (h0.unsqueeze(1), c0.unsqueeze(1)))
    out = out[0] if lstm.batch_first else out[:, 0]
    return out.numpy(), h_n[:, 0].numpy(), c_n[:, 0].numpy()


@settings(max_examples=40, deadline=None)
@given(
    D=st.integers(1, 6),
    H=st.integers(1, 9),
    L=st.integers(1, 3),
    T=st.integers(1, 70),
    bias=st.booleans(),
    batch_first=st.booleans(),
    double=st.booleans(),
    random_state=st.booleans(),
    seed=st.integers(0, 10_000),
)
def test_matches_nn_lstm_and_numpy_reference(D, H, L, T, bias, batch_first, double, random_state, seed):
    dtype = torch.float64 if double else torch.float32
    lstm = make_lstm(D, H, L, bias, batch_first, dtype, seed)
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(T, D, generator=gen, dtype=dtype) * 2
    h0 = torch.randn(L, H, generator=gen, dtype=dtype) if random_state else torch.zeros(L, H, dtype=dtype)
    c0 = torch.randn(L, H, generator=gen, dtype=dtype) if random_state else torch.zeros(L, H, dtype=dtype)

    tr = trace(lstm, x, h0 if random_state else None, c0 if random_state else None)
    assert isinstance(tr, GateTrace)
    for name in "ifgoch":
        assert getattr(tr, name).shape == (L, T, H)

    out, h_n, c_n = nn_lstm_forward(lstm, x, h0, c0)
    tol = 1e-12 if double else 2e-6
    np.testing.assert_allclose(tr.h[-1], out, atol=tol, rtol=0)
    np.testing.assert_allclose(tr.h[:, -1], h_n, atol=tol, rtol=0)
    np.testing.assert_allclose(tr.c[:, -1], c_n, atol=tol * 10, rtol=tol)

    ref = reference(lstm, x.double().numpy(), h0.double().numpy(), c0.double().numpy())
    tol_ref = 1e-10 if double else 2e-5
    for name in "ifgoch":
        np.testing.assert_allclose(getattr(tr, name), ref[name], atol=tol_ref, rtol=tol_ref, err_msg=name)


def test_gates_obey_the_equations_within_the_trace():
    lstm = make_lstm(3, 8, 2)
    tr = trace(lstm, torch.randn(40, 3))
    c_prev = np.concatenate([tr.c0[:, None], tr.c[:, :-1]], axis=1)
    np.testing.assert_allclose(tr.c, tr.f * c_prev + tr.i * tr.g, atol=1e-6)
    np.testing.assert_allclose(tr.h, tr.o * np.tanh(tr.c), atol=1e-6)
    assert (tr.i >= 0).all() and (tr.i <= 1).all() and (np.abs(tr.g) <= 1).all()


def test_long_sequence_does_not_drift():
    """T = 10k: h stays nn.LSTM's to float tolerance and c stays consistent with h at the last step."""
    lstm = make_lstm(2, 16, 2, seed=3)
    x = torch.randn(10_000, 2)
    tr = trace(lstm, x)
    assert torch_parity(lstm, tr) < 1e-5
    np.testing.assert_allclose(tr.h[:, -200:], tr.o[:, -200:] * np.tanh(tr.c[:, -200:]), atol=2e-6)


def test_forget_gate_close_to_one_keeps_memory_over_many_steps():
    """A forget gate saturated near 1 with no input must carry c unchanged; the scan must not underflow."""
    lstm = make_lstm(1, 2, 1, dtype=torch.float64)
    with torch.no_grad():
        lstm.weight_ih_l0.zero_()
        lstm.weight_hh_l0.zero_()
        lstm.bias_hh_l0.zero_()
        lstm.bias_ih_l0.copy_(torch.tensor([-30.0, -30, 30, 30, 0, 0, 0, 0]))  # i≈0, f≈1, g=0, o=0.5
    tr = trace(lstm, torch.zeros(5000, 1, dtype=torch.float64), c0=torch.full((1, 2), 0.7, dtype=torch.float64))
    np.testing.assert_allclose(tr.c[0, -1], 0.7, rtol=1e-9)


def test_tiny_forget_gates_do_not_break_the_scan():
    """f ≈ 1e-30 (pre-activation -69): c must equal i*g, with no inf/nan from dividing by underflowed products."""
    a = torch.full((3, 100), 1e-30, dtype=torch.float64)
    b = torch.linspace(-1, 1, 300, dtype=torch.float64).view(3, 100)
    c = linear_scan(a, b, torch.ones(3, dtype=torch.float64))
    assert torch.isfinite(c).all()
    np.testing.assert_allclose(c[:, 1:].numpy(), b[:, 1:].numpy(), atol=1e-15)


@pytest.mark.parametrize("T", [1, 15, 16, 17, 255, 256, 257, 4099])
def test_linear_scan_matches_a_loop_at_chunk_boundaries(T):
    gen = torch.Generator().manual_seed(T)
    a = torch.rand(4, T, generator=gen, dtype=torch.float64)
    b = torch.rand(4, T, generator=gen, dtype=torch.float64) * 2 - 1
    c0 = torch.randn(4, generator=gen, dtype=torch.float64)
    expected, c = [], c0.numpy()
    for t in range(T):
        c = a[:, t].numpy() * c + b[:, t].numpy()
        expected.append(c)
    np.testing.assert_allclose(linear_scan(a, b, c0).numpy(), np.stack(expected, axis=1), atol=1e-12)


def test_parity_helper_reports_a_real_mismatch():
    lstm = make_lstm(2, 4, 1)
    tr = trace(lstm, torch.randn(20, 2))
    assert torch_parity(lstm, tr) < 1e-6
    tr.h[-1, 5, 0] += 0.01
    assert torch_parity(lstm, tr) >= 0.01 - 1e-7


def test_dropout_and_training_mode_do_not_change_the_trace():
    lstm = torch.nn.LSTM(2, 4, num_layers=2, dropout=0.5)
    lstm.train()
    x = torch.randn(30, 2)
    a = trace(lstm, x)
    b = trace(lstm, x)
    np.testing.assert_array_equal(a.h, b.h)
    assert torch_parity(lstm, a) < 1e-6
    assert lstm.training  # torch_parity put the mode back


@pytest.mark.parametrize(
    "shape", [(3, 4, 5), (7,), (5, 3), (0, 2)], ids=["3d", "1d", "wrong-width", "empty"]
)
def test_bad_x_shape_names_the_expected_shape(shape):
    lstm = make_lstm(2, 4, 1)
    with pytest.raises(ValueError, match=r"trace: expected x of shape \(T, input_size\) = \(T, 2\)") as e:
        trace(lstm, torch.zeros(shape))
    assert str(tuple(shape)) in str(e.value)


def test_bad_state_shape_is_named():
    lstm = make_lstm(2, 4, 2)
    with pytest.raises(ValueError, match=r"h0 of shape \(num_layers, hidden_size\) = \(2, 4\), got \(1, 4\)"):
        trace(lstm, torch.zeros(5, 2), h0=torch.zeros(1, 4))


def test_unsupported_variants_are_refused_clearly():
    with pytest.raises(ValueError, match="bidirectional"):
        trace(torch.nn.LSTM(2, 3, bidirectional=True), torch.zeros(4, 2))
    with pytest.raises(ValueError, match="proj_size"):
        trace(torch.nn.LSTM(2, 3, proj_size=2), torch.zeros(4, 2))
    with pytest.raises(TypeError, match="torch.nn.LSTM"):
        trace(torch.nn.GRU(2, 3), torch.zeros(4, 2))


def test_numpy_and_integer_inputs_are_accepted():
    lstm = make_lstm(2, 3, 1)
    x = np.arange(10).reshape(5, 2)
    a = trace(lstm, x)
    b = trace(lstm, torch.tensor(x, dtype=torch.float32))
    np.testing.assert_array_equal(a.h, b.h)
