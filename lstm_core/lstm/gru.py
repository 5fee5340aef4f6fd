"""The GRU, exactly as torch.nn.GRU computes it, and a fast trace of every gate.

For each layer, with x_t the layer's input and h_{t-1} its previous hidden state (gate blocks in the
order r, z, n, as in nn.GRU's weight_ih_l{k} (3H × D) and weight_hh_l{k} (3H × H)):

    r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
    z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
    n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))
    h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1}

Two details that tutorials often get wrong, and that this module keeps as PyTorch has them: the reset
gate r multiplies the whole recurrent term (W_hn h_{t-1} + b_hn), bias included, not h_{t-1} alone;
and z is the share of the OLD state that is kept (z = 1: copy h_{t-1}; z = 0: take the candidate n).

gru_step / run_layer are the readable reference (NumPy, one equation per line); gru_trace is the fast
path: h of every layer comes from PyTorch's own GRU kernel (so it is nn.GRU's output bit for bit),
then with h_{t-1} known at every step all pre-activations are two matmuls and the gates one pass each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from lstm_core.lstm.cell import sigmoid
from lstm_core.lstm.states import (
    LayerStates,
    as_numpy,
    check_module,
    initial_state,
    layer_arrays,
    plain_forward,
    sequence,
)

GRU_GATES = ("r", "z", "n")
GRU_STATE_NAMES = ("r", "z", "n", "h")


# ----------------------------------------------------------------------------- the reference (NumPy)


@dataclass(frozen=True)
class GRUWeights:
    """One GRU layer's weights as NumPy arrays, in nn.GRU layout (blocks r, z, n)."""

    weight_ih: np.ndarray  # (3H, D)
    weight_hh: np.ndarray  # (3H, H)
    bias_ih: np.ndarray  # (3H,), zeros when the GRU has bias=False
    bias_hh: np.ndarray  # (3H,)

    @property
    def hidden_size(self) -> int:
        return self.weight_hh.shape[1]


def split_gru(w: np.ndarray) -> dict[str, np.ndarray]:
    """Split a (3H, ...) weight or (3H,) bias into its r, z, n blocks."""
    return dict(zip(GRU_GATES, np.split(np.asarray(w), 3, axis=0), strict=True))


def gru_step(x_t: np.ndarray, h_prev: np.ndarray, w: GRUWeights) -> dict[str, np.ndarray]:
    """One time step of one GRU layer, every gate returned. x_t: (D,), h_prev: (H,). Each result (H,)."""
    W_i, W_h = split_gru(w.weight_ih), split_gru(w.weight_hh)
    b_i, b_h = split_gru(w.bias_ih), split_gru(w.bias_hh)

    r = sigmoid(W_i["r"] @ x_t + b_i["r"] + W_h["r"] @ h_prev + b_h["r"])
    z = sigmoid(W_i["z"] @ x_t + b_i["z"] + W_h["z"] @ h_prev + b_h["z"])
    n = np.tanh(W_i["n"] @ x_t + b_i["n"] + r * (W_h["n"] @ h_prev + b_h["n"]))
    h = (1.0 - z) * n + z * h_prev
    return {"r": r, "z": z, "n": n, "h": h}


def run_gru_layer(x: np.ndarray, h0: np.ndarray, w: GRUWeights) -> dict[str, np.ndarray]:
    """The plain loop over time for one layer. x: (T, D), h0: (H,). Returns r, z, n, h each (T, H)."""
    out: dict[str, list] = {k: [] for k in GRU_STATE_NAMES}
    h = h0
    for x_t in x:
        s = gru_step(x_t, h, w)
        h = s["h"]
        for k in out:
            out[k].append(s[k])
    return {k: np.stack(v) if v else np.zeros((0, w.hidden_size)) for k, v in out.items()}


# ----------------------------------------------------------------------------- the fast trace (torch)


@dataclass
class GRUTrace(LayerStates):
    """Every gate of every layer of a GRU at every step of one sequence.

    r, z, n, h: (num_layers, T, hidden_size); h[-1] is nn.GRU's output. x: the input as traced,
    (T, input_size). h0: the initial state, (num_layers, hidden_size).
    """

    r: np.ndarray
    z: np.ndarray
    n: np.ndarray
    h: np.ndarray
    x: np.ndarray
    h0: np.ndarray

    def previous_h(self, layer: int, t: int) -> np.ndarray:
        """h_{t-1} of a layer at step t (the initial state at t = 0). (H,)"""
        return self.h0[layer] if t == 0 else self.h[layer, t - 1]


def check_gru(gru: nn.Module, fn: str = "gru_trace") -> None:
    """Refuse, with a clear message, what the equations above do not describe."""
    check_module(gru, nn.GRU, fn)


def gru_weights(gru: nn.GRU, layer: int) -> GRUWeights:
    """One layer's weights as float64 NumPy arrays, with zero biases when the GRU has bias=False."""
    check_gru(gru, "gru_weights")
    if not 0 <= layer < gru.num_layers:
        raise ValueError(f"gru_weights: layer must be in 0..{gru.num_layers - 1}, got {layer}")
    return GRUWeights(*layer_arrays(gru, layer))


@torch.no_grad()
def gru_trace(gru: nn.GRU, x, h0=None) -> GRUTrace:
    """Run `gru` over one sequence x of shape (T, input_size) and return r, z, n, h of every layer.

    Any num_layers, bias on or off, batch_first either way (x is one unbatched sequence), float32 or
    float64. Inter-layer dropout is not applied (the trace shows the model as in eval mode).
    h0: (num_layers, hidden_size) or None for zeros.
    """
    check_gru(gru)
    x = sequence(gru, x, "gru_trace")  # (T, D)
    L, H, T = gru.num_layers, gru.hidden_size, x.shape[0]
    h0_t = initial_state(h0, "h0", gru, x, "gru_trace")  # (L, H)

    gates = torch.empty(L, 3, H, T, dtype=x.dtype, device=x.device)  # (L, 3, H, T): rows r, z, n of each layer
    hidden = torch.empty(L, T, H, dtype=x.dtype, device=x.device)  # (L, T, H)
    layer_in = x  # (T, D_k)
    for k in range(L):
        w_ih, w_hh = getattr(gru, f"weight_ih_l{k}"), getattr(gru, f"weight_hh_l{k}")
        params = [w_ih, w_hh]
        if gru.bias:
            params += [getattr(gru, f"bias_ih_l{k}"), getattr(gru, f"bias_hh_l{k}")]
        # 1. h from PyTorch's own kernel, one layer at a time (input (T, 1, D), state (1, 1, H)).
        out, _ = torch.gru(layer_in.unsqueeze(1), h0_t[k, None, None], params, gru.bias, 1, 0.0, False, False,
                           False)
        h = hidden[k]  # (T, H)
        h.copy_(out[:, 0])

        # 2. The input and recurrent projections of every step, one matmul each. They stay apart because
        #    r multiplies only the recurrent part of n.
        h_prev = torch.cat([h0_t[k, None], h[:-1]], dim=0)  # (T, H): h_{t-1} for every t
        gi = w_ih @ layer_in.T  # (3H, T) = W_i* x_t
        gh = w_hh @ h_prev.T  # (3H, T) = W_h* h_{t-1}
        if gru.bias:
            gi += params[2][:, None]
            gh += params[3][:, None]
        r = torch.sigmoid(gi[:H] + gh[:H], out=gates[k, 0])  # (H, T)
        torch.sigmoid(gi[H : 2 * H] + gh[H : 2 * H], out=gates[k, 1])  # z, (H, T)
        torch.tanh(gi[2 * H :] + r * gh[2 * H :], out=gates[k, 2])  # n, (H, T)
        layer_in = h

    states = {name: gates[:, j].transpose(1, 2) for j, name in enumerate(GRU_GATES)}  # each (L, T, H)
    states["h"] = hidden
    return GRUTrace(**{k: as_numpy(v) for k, v in states.items()}, x=as_numpy(x), h0=as_numpy(h0_t))


def gru_parity(gru: nn.GRU, tr: GRUTrace) -> float:
    """Max |difference| between the trace's h and a plain nn.GRU forward (output and h_n), plus the
    largest violation of h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1} by the traced gates: the live check."""
    out, h_n = plain_forward(gru, tr.x, tr.h0)
    h_prev = np.concatenate([tr.h0[:, None], tr.h[:, :-1]], axis=1)  # (L, T, H)
    update = (1.0 - tr.z) * tr.n + tr.z * h_prev
    errors = [np.abs(out - tr.h[-1]).max(), np.abs(h_n - tr.h[:, -1]).max(), np.abs(update - tr.h).max()]
    return float(max(errors))
