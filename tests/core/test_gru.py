"""gru_trace() against the oracles: torch.nn.GRU for h and h_n, and an independent float64 NumPy loop (written
here, not imported) for every gate r, z, n, h. The readable reference in lstm_core.lstm.gru is checked against
torch.nn.GRUCell."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_core.lstm.gru import GRUTrace, gru_parity, gru_step, gru_trace, gru_weights, run_gru_layer


def make_gru(D, H, L, bias=True, batch_first=False, dtype=torch.float32, seed=0):
    torch.manual_seed(seed)
    gru = torch.nn.GRU(D, H, num_layers=L, bias=bias, batch_first=batch_first).to(dtype)
    if bias:  # PyTorch's init draws biases from U(-1/sqrt(H), 1/sqrt(H)); make them big enough to matter
        with torch.no_grad():
            for name, p in gru.named_parameters():
                if name.startswith("bias"):
                    p.uniform_(-1.5, 1.5)
    return gru


def numpy_reference(gru, x, h0):
    """The four GRU equations in float64 NumPy, one step at a time, straight from the nn.GRU parameters."""

    def sig(v):
        return 1.0 / (1.0 + np.exp(-v))

    H = gru.hidden_size
    out = {k: [] for k in "rznh"}
    layer_in = np.asarray(x, dtype=np.float64)
    for k in range(gru.num_layers):
        W_i = getattr(gru, f"weight_ih_l{k}").detach().double().numpy()  # (3H, D)
        W_h = getattr(gru, f"weight_hh_l{k}").detach().double().numpy()  # (3H, H)
        b_i = getattr(gru, f"bias_ih_l{k}").detach().double().numpy() if gru.bias else np.zeros(3 * H)
        b_h = getattr(gru, f"bias_hh_l{k}").detach().double().numpy() if gru.bias else np.zeros(3 * H)
        h = h0[k].astype(np.float64)
        rows = {name: [] for name in out}
        for x_t in layer_in:
            gi, gh = W_i @ x_t + b_i, W_h @ h + b_h  # (3H,) each, blocks r, z, n
            r = sig(gi[:H] + gh[:H])
            z = sig(gi[H : 2 * H] + gh[H : 2 * H])
            n = np.tanh(gi[2 * H :] + r * gh[2 * H :])
            h = (1 - z) * n + z * h
            for name, v in zip("rznh", (r, z, n, h), strict=True):
                rows[name].append(v)
        for name in out:
            out[name].append(np.stack(rows[name]))
        layer_in = np.stack(rows["h"])
    return {k: np.stack(v) for k, v in out.items()}  # each (L, T, H)


def nn_gru_forward(gru, x, h0):
    xb = x.unsqueeze(0) if gru.batch_first else x.unsqueeze(1)
    with torch.no_grad():
        out, h_n = gru(xb, h0.unsqueeze(1))
    out = out[0] if gru.batch_first else out[:, 0]
    return out.numpy(), h_n[:, 0].numpy()


@settings(max_examples=40, deadline=None)
@given(
    D=st.integers(1, 6),
    H=st.integers(1, 9),
    L=st.integers(1, 3),
    T=st.integers(1, 60),
    bias=st.booleans(),
    batch_first=st.booleans(),
    double=st.booleans(),
    random_state=st.booleans(),
    seed=st.integers(0, 10_000),
)
def test_matches_nn_gru_and_numpy_reference(D, H, L, T, bias, batch_first, double, random_state, seed):
    dtype = torch.float64 if double else torch.float32
    gru = make_gru(D, H, L, bias, batch_first, dtype, seed)
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(T, D, generator=gen, dtype=dtype) * 2
    h0 = torch.randn(L, H, generator=gen, dtype=dtype) if random_state else torch.zeros(L, H, dtype=dtype)

    tr = gru_trace(gru, x, h0 if random_state else None)
    assert isinstance(tr, GRUTrace)
    for name in "rznh":
        assert getattr(tr, name).shape == (L, T, H)
    assert tr.x.shape == (T, D) and tr.h0.shape == (L, H)

    out, h_n = nn_gru_forward(gru, x, h0)
    tol = 1e-12 if double else 2e-6
    np.testing.assert_allclose(tr.h[-1], out, atol=tol, rtol=0)
    np.testing.assert_allclose(tr.h[:, -1], h_n, atol=tol, rtol=0)

    ref = numpy_reference(gru, x.double().numpy(), h0.double().numpy())
    tol_ref = 1e-10 if double else 2e-5
    for name in "rznh":
        np.testing.assert_allclose(getattr(tr, name), ref[name], atol=tol_ref, rtol=tol_ref, err_msg=name)
    assert gru_parity(gru, tr) < (1e-10 if double else 1e-5)


def test_reset_gate_multiplies_the_recurrent_bias_too():
    """PyTorch's n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), not the paper form tanh(W_in x + b_in + W_hn (r ⊙ h)
    + b_hn): with a large b_hn and a half-closed r the two differ, and the trace follows PyTorch."""
    gru = make_gru(2, 3, 1, dtype=torch.float64, seed=3)
    with torch.no_grad():
        gru.bias_hh_l0[6:] = 2.0  # b_hn
        gru.bias_ih_l0[:3] = -2.0  # b_ir: r around 0.1-0.3
    x = torch.randn(12, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    tr = gru_trace(gru, x)
    w = gru_weights(gru, 0)
    H = 3
    h_prev = np.concatenate([tr.h0[:, None], tr.h[:, :-1]], axis=1)[0]  # (T, H)
    pre_in = tr.x @ w.weight_ih[2 * H :].T + w.bias_ih[2 * H :]  # (T, H)
    pytorch_form = np.tanh(pre_in + tr.r[0] * (h_prev @ w.weight_hh[2 * H :].T + w.bias_hh[2 * H :]))
    paper_form = np.tanh(pre_in + (tr.r[0] * h_prev) @ w.weight_hh[2 * H :].T + w.bias_hh[2 * H :])
    np.testing.assert_allclose(tr.n[0], pytorch_form, atol=1e-12)
    assert np.abs(tr.n[0] - paper_form).max() > 0.05


def test_update_gate_keeps_the_old_state():
    """z = 1 copies h_{t-1}; z = 0 takes the candidate n (the share kept is z, not 1 - z)."""
    gru = make_gru(1, 2, 1, dtype=torch.float64)
    with torch.no_grad():
        gru.bias_ih_l0[2:4] = 30.0  # b_iz: z = 1
    h0 = torch.tensor([[0.3, -0.7]], dtype=torch.float64)
    tr = gru_trace(gru, torch.randn(5, 1, dtype=torch.float64), h0)
    np.testing.assert_allclose(tr.z, 1.0, atol=1e-12)
    np.testing.assert_allclose(tr.h[0], np.repeat(h0.numpy(), 5, axis=0), atol=1e-12)
    with torch.no_grad():
        gru.bias_ih_l0[2:4] = -30.0  # z = 0
    tr = gru_trace(gru, torch.randn(5, 1, dtype=torch.float64), h0)
    np.testing.assert_allclose(tr.h, tr.n, atol=1e-12)


@pytest.mark.parametrize("bias", [True, False])
def test_readable_reference_matches_gru_cell(bias):
    torch.manual_seed(1)
    cell = torch.nn.GRUCell(3, 4, bias=bias).double()
    gru = torch.nn.GRU(3, 4, bias=bias).double()
    gru.load_state_dict({f"{k}_l0": v for k, v in cell.state_dict().items()})
    x, h = torch.randn(3, dtype=torch.float64), torch.randn(4, dtype=torch.float64)
    with torch.no_grad():
        expected = cell(x[None], h[None])[0].numpy()
    step = gru_step(x.numpy(), h.numpy(), gru_weights(gru, 0))
    np.testing.assert_allclose(step["h"], expected, atol=1e-14)
    loop = run_gru_layer(np.stack([x.numpy()] * 3), h.numpy(), gru_weights(gru, 0))
    np.testing.assert_allclose(loop["h"][0], expected, atol=1e-14)
    assert set(loop) == {"r", "z", "n", "h"} and loop["r"].shape == (3, 4)


def test_clear_errors():
    gru = make_gru(2, 3, 2)
    with pytest.raises(ValueError, match=r"expected x of shape \(T, input_size\) = \(T, 2\).*got \(5, 3\)"):
        gru_trace(gru, torch.zeros(5, 3))
    with pytest.raises(ValueError, match="T >= 1"):
        gru_trace(gru, torch.zeros(0, 2))
    with pytest.raises(ValueError, match="expected x of shape"):
        gru_trace(gru, torch.zeros(1, 5, 2))  # a batch: one sequence at a time
    with pytest.raises(ValueError, match=r"expected h0 of shape \(num_layers, hidden_size\) = \(2, 3\), got \(3,\)"):
        gru_trace(gru, torch.zeros(5, 2), h0=torch.zeros(3))
    with pytest.raises(ValueError, match="bidirectional GRUs are not supported"):
        gru_trace(torch.nn.GRU(2, 3, bidirectional=True), torch.zeros(5, 2))
    with pytest.raises(TypeError, match="expected a torch.nn.GRU, got LSTM"):
        gru_trace(torch.nn.LSTM(2, 3), torch.zeros(5, 2))
    with pytest.raises(ValueError, match="layer must be in 0..1"):
        gru_weights(gru, 2)


def test_integer_input_and_accessors():
    gru = make_gru(1, 2, 1)
    tr = gru_trace(gru, np.array([[1], [0], [-1]]))
    assert tr.h.dtype == np.float32 and tr.x.dtype == np.float32
    assert tr.previous_h(0, 0).tolist() == [0.0, 0.0] and np.array_equal(tr.previous_h(0, 2), tr.h[0, 1])
    assert tr.layer_input(0) is tr.x and (tr.num_layers, tr.steps, tr.hidden_size) == (1, 3, 2)
