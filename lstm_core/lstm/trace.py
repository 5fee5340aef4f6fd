"""Record every gate of a torch.nn.LSTM over one sequence, exactly and fast.

For each layer k, with x_t the layer's input and h_{t-1}, c_{t-1} its previous states:

    i_t = σ(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)
    f_t = σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)
    g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
    o_t = σ(W_io x_t + b_io + W_ho h_{t-1} + b_ho)
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
    h_t = o_t ⊙ tanh(c_t)

A naive trace loops over time doing 8 small matmuls per step (17.7x an nn.LSTM forward on CPU,
299x on an H100). Here the recurrence that cannot be avoided, h, is left to PyTorch's own fused
LSTM kernel, and everything else is batched over all steps at once:

1. h_1..h_T of the layer come from torch.lstm (the kernel nn.LSTM itself calls), so h is bit-for-bit
   nn.LSTM's output.
2. With h_{t-1} known for every t, all pre-activations are two matmuls: (4H, D) @ (D, T) and
   (4H, H) @ (H, T); the four gates follow from one sigmoid (tanh(z) = 2σ(2z) - 1).
3. c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t is a linear recurrence (an associative scan). Within short chunks it
   has a closed form (one cumprod, one cumsum); the carries between chunks are the same recurrence on
   T/16 elements, solved recursively. All in float64, O(T H) work, no Python loop over time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from lstm_core.lstm.cell import STATE_NAMES, LayerWeights
from lstm_core.lstm.states import (
    LayerStates,
    as_numpy,
    check_module,
    initial_state,
    layer_arrays,
    plain_forward,
    sequence,
)

__all__ = ["STATE_NAMES", "GateTrace", "LayerStates", "check_supported", "layer_weights", "linear_scan", "trace",
           "torch_parity"]

_SCAN_CHUNK = 16  # steps per closed-form chunk: short enough that products of a never underflow
_SCAN_TINY = 1e-18  # floor for a inside the scan (1e-18 ** 16 is still a normal float64)


@dataclass
class GateTrace(LayerStates):
    """Every gate and state of every layer at every step of one sequence.

    i, f, g, o, c, h: arrays of shape (num_layers, T, hidden_size). h[-1] is nn.LSTM's output.
    x: the input as traced, (T, input_size). h0, c0: the initial states, (num_layers, hidden_size).
    """

    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray
    x: np.ndarray
    h0: np.ndarray
    c0: np.ndarray

    def previous(self, name: str, layer: int, t: int) -> np.ndarray:
        """h_{t-1} or c_{t-1} of a layer at step t (the initial state at t = 0). (H,)"""
        if name not in ("h", "c"):
            raise ValueError(f"previous: expected 'h' or 'c', got {name!r}")
        if t == 0:
            return (self.h0 if name == "h" else self.c0)[layer]
        return getattr(self, name)[layer, t - 1]


def check_supported(lstm: nn.Module, fn: str = "trace") -> None:
    """Refuse, with a clear message, the LSTM variants whose equations differ from docs/DESIGN.md."""
    check_module(lstm, nn.LSTM, fn)
    if getattr(lstm, "proj_size", 0) > 0:
        raise ValueError(
            f"{fn}: LSTMs with proj_size > 0 are not supported (h_t is then W_hr (o_t ⊙ tanh(c_t))); "
            f"got proj_size={lstm.proj_size}"
        )


def layer_weights(lstm: nn.LSTM, layer: int) -> LayerWeights:
    """One layer's weights as float64 NumPy arrays, with zero biases when the LSTM has bias=False."""
    check_supported(lstm, "layer_weights")
    return LayerWeights(*layer_arrays(lstm, layer))


def linear_scan(a: torch.Tensor, b, c0: torch.Tensor) -> torch.Tensor:
    """c_t = a_t ⊙ c_{t-1} + b_t along the last axis, with c_0 = c0. a, b: (H, T); c0: (H,). Returns (H, T) float64.

    b may be a pair (i, g), meaning b = i ⊙ g: the product is then written straight into float64 scratch.

    Within chunks of K steps the recurrence has a closed form: with P_t = a_1 ... a_t,
    c_t = P_t (c_0 + Σ_{s<=t} b_s / P_s), i.e. one cumprod and one cumsum. Chunks are short (K = 16) and
    a is clamped at 1e-18, so P never underflows in float64 (1e-18^16 = 1e-288); the clamp moves c by at
    most 1e-18 |c|. The chunk-to-chunk carry is the same recurrence on T/K elements, solved recursively.
    Work is O(T H) in about eight in-place passes; time is the last axis so every scan is contiguous.
    """
    H, T = a.shape
    K = _SCAN_CHUNK
    n = -(-T // K)  # chunks
    P = a.new_empty((H, n * K), dtype=torch.float64)  # becomes the products within each chunk
    P[:, :T] = a
    P[:, T:] = 1.0  # padding that leaves c unchanged
    W = a.new_empty((H, n * K), dtype=torch.float64)  # becomes c as if each chunk started from 0
    if isinstance(b, tuple):
        torch.mul(b[0], b[1], out=W[:, :T])
    else:
        W[:, :T] = b
    W[:, T:] = 0.0
    P = P.view(H, n, K).clamp_min_(_SCAN_TINY).cumprod_(dim=2)  # (H, n, K)
    W = W.view(H, n, K).div_(P).cumsum_(dim=2).mul_(P)  # (H, n, K)
    c_start = W.new_empty(H, n)  # (H, n) c entering each chunk
    c_start[:, 0] = c0
    if n > 1:
        c_start[:, 1:] = linear_scan(P[:, :-1, -1], W[:, :-1, -1], c0)  # c at the end of each chunk but the last
    W.addcmul_(P, c_start[:, :, None])  # (H, n, K)
    return W.view(H, n * K)[:, :T]


@torch.no_grad()
def trace(lstm: nn.LSTM, x, h0=None, c0=None) -> GateTrace:
    """Run `lstm` over one sequence x of shape (T, input_size) and return every gate of every layer.

    Any num_layers, bias on or off, batch_first either way (x is one unbatched sequence), float32 or
    float64. Inter-layer dropout is not applied (the trace shows the model as in eval mode).
    h0, c0: (num_layers, hidden_size) or None for zeros.
    """
    check_supported(lstm)
    x = sequence(lstm, x, "trace")  # (T, D)
    h0_t = initial_state(h0, "h0", lstm, x, "trace")  # (L, H)
    c0_t = initial_state(c0, "c0", lstm, x, "trace")  # (L, H)

    L, H, T = lstm.num_layers, lstm.hidden_size, x.shape[0]
    # Every layer writes into these, so nothing is stacked afterwards.
    gates = torch.empty(L, 4 * H, T, dtype=x.dtype, device=x.device)  # rows i, f, g, o of each layer
    cells = torch.empty(L, H, T, dtype=x.dtype, device=x.device)
    hidden = torch.empty(L, T, H, dtype=x.dtype, device=x.device)
    scale = torch.ones(4 * H, 1, dtype=x.dtype, device=x.device)  # (4H, 1): the g rows are scaled by 2 ...
    scale[2 * H : 3 * H] = 2.0  # ... so one sigmoid serves all four gates: tanh(z) = 2σ(2z) - 1
    layer_in = x  # (T, D_k)
    for k in range(L):
        w_ih, w_hh = getattr(lstm, f"weight_ih_l{k}"), getattr(lstm, f"weight_hh_l{k}")
        params = [w_ih, w_hh]
        if lstm.bias:
            params += [getattr(lstm, f"bias_ih_l{k}"), getattr(lstm, f"bias_hh_l{k}")]
        # 1. h from PyTorch's own kernel (input (T, 1, D), states (1, 1, H)).
        out, _, _ = torch.lstm(
            layer_in.unsqueeze(1), (h0_t[k, None, None], c0_t[k, None, None]), params,
            lstm.bias, 1, 0.0, False, False, False,
        )
        h = hidden[k]  # (T, H)
        h.copy_(out[:, 0])

        # 2. All pre-activations in one matmul, gates as rows: (4H, D+H) @ (D+H, T) with [x_t; h_{t-1}] as
        #    column t keeps each gate block contiguous; then one sigmoid.
        D = layer_in.shape[1]
        inputs = torch.empty(D + H, T, dtype=x.dtype, device=x.device)  # (D+H, T)
        inputs[:D] = layer_in.T
        inputs[D:, 0] = h0_t[k]
        inputs[D:, 1:] = h[:-1].T
        weights = torch.cat([w_ih, w_hh], dim=1) * scale  # (4H, D+H)
        bias = (params[2] + params[3])[:, None] * scale if lstm.bias else torch.zeros_like(scale)  # (4H, 1)
        torch.addmm(bias, weights, inputs, out=gates[k]).sigmoid_()  # (4H, T)
        i, f = gates[k, :H], gates[k, H : 2 * H]
        g = gates[k, 2 * H : 3 * H].mul_(2.0).sub_(1.0)  # = tanh of the unscaled pre-activation

        # 3. The cell state by the scan, in float64.
        cells[k] = linear_scan(f, (i, g), c0_t[k])  # (H, T)
        layer_in = h

    blocks = gates.view(L, 4, H, T)
    states = {name: blocks[:, j].transpose(1, 2) for j, name in enumerate("ifgo")}  # each (L, T, H), views
    states["c"], states["h"] = cells.transpose(1, 2), hidden
    return GateTrace(**{k: as_numpy(v) for k, v in states.items()}, x=as_numpy(x), h0=as_numpy(h0_t),
                     c0=as_numpy(c0_t))


def torch_parity(lstm: nn.LSTM, tr: GateTrace) -> float:
    """Max |difference| between the trace and a plain nn.LSTM forward (output, h_n and c_n).

    This is the live "matches torch.nn.LSTM" check the step-through page shows.
    """
    out, h_n, c_n = plain_forward(lstm, tr.x, tr.h0, tr.c0)
    errors = [np.abs(out - tr.h[-1]).max(), np.abs(h_n - tr.h[:, -1]).max(), np.abs(c_n - tr.c[:, -1]).max()]
    return float(max(errors))
