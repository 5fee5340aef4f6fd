"""One LSTM step from scratch, written as the equations in DESIGN.md (PyTorch's convention).

    i_t = σ(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)
    f_t = σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)
    g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
    o_t = σ(W_io x_t + b_io + W_ho h_{t-1} + b_ho)
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
    h_t = o_t ⊙ tanh(c_t)

Weights are laid out as in torch.nn.LSTM: weight_ih is (4H, D), weight_hh is (4H, H), gate blocks
in the order i, f, g, o. This module is the readable reference: the fast path is lstm_core.trace,
and the tests check one against the other. It works on NumPy arrays so it is independent of torch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GATES = ("i", "f", "g", "o")


def sigmoid(z: np.ndarray) -> np.ndarray:
    # Written via tanh so that it never overflows for large |z|.
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def split_gates(w: np.ndarray) -> dict[str, np.ndarray]:
    """Split a (4H, ...) weight or (4H,) bias into its i, f, g, o blocks."""
    return dict(zip(GATES, np.split(np.asarray(w), 4, axis=0), strict=True))


@dataclass(frozen=True)
class LayerWeights:
    """One layer's weights as NumPy arrays, in nn.LSTM layout."""

    weight_ih: np.ndarray  # (4H, D)
    weight_hh: np.ndarray  # (4H, H)
    bias_ih: np.ndarray  # (4H,), zeros when the LSTM has bias=False
    bias_hh: np.ndarray  # (4H,)

    @property
    def hidden_size(self) -> int:
        return self.weight_hh.shape[1]


@dataclass(frozen=True)
class StepTerms:
    """The pieces of one step for every unit: pre-activations split into their input and recurrent parts."""

    x_part: dict[str, np.ndarray]  # W_i* x_t + b_i*   per gate, (H,)
    h_part: dict[str, np.ndarray]  # W_h* h_{t-1} + b_h* per gate, (H,)
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray


def lstm_step(x_t: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray, w: LayerWeights) -> StepTerms:
    """One time step of one layer, every gate returned. x_t: (D,), h_prev and c_prev: (H,)."""
    W_i, W_h = split_gates(w.weight_ih), split_gates(w.weight_hh)
    b_i, b_h = split_gates(w.bias_ih), split_gates(w.bias_hh)
    x_part = {k: W_i[k] @ x_t + b_i[k] for k in GATES}  # each (H,)
    h_part = {k: W_h[k] @ h_prev + b_h[k] for k in GATES}  # each (H,)

    i = sigmoid(x_part["i"] + h_part["i"])
    f = sigmoid(x_part["f"] + h_part["f"])
    g = np.tanh(x_part["g"] + h_part["g"])
    o = sigmoid(x_part["o"] + h_part["o"])
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    return StepTerms(x_part, h_part, i, f, g, o, c, h)


def run_layer(x: np.ndarray, h0: np.ndarray, c0: np.ndarray, w: LayerWeights) -> dict[str, np.ndarray]:
    """A plain step-by-step loop over time for one layer: the slow, obvious reference.

    x: (T, D). Returns i, f, g, o, c, h each of shape (T, H).
    """
    out = {k: [] for k in ("i", "f", "g", "o", "c", "h")}
    h, c = h0, c0
    for x_t in x:
        s = lstm_step(x_t, h, c, w)
        h, c = s.h, s.c
        for k in out:
            out[k].append(getattr(s, k))
    return {k: np.stack(v) if v else np.zeros((0, w.hidden_size)) for k, v in out.items()}
