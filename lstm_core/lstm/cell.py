"""The LSTM in one sitting: the six equations, one per line, and the one executable step (PyTorch's convention).

    i_t = σ(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)
    f_t = σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)
    g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
    o_t = σ(W_io x_t + b_io + W_ho h_{t-1} + b_ho)
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
    h_t = o_t ⊙ tanh(c_t)

Weights are laid out as in torch.nn.LSTM: weight_ih is (4H, D), weight_hh is (4H, H), gate blocks in the
order i, f, g, o (docs/DESIGN.md). This module is the readable reference, in NumPy so that it is independent
of torch: the fast path is lstm_core.lstm.trace, and the tests check one against the other.

lstm_step is the only place in Gatescope where an LSTM step is computed by hand. Two teaching tools reuse it:
a `hold` hook that replaces gate values after their nonlinearity (what-if, lstm_core.lstm.intervene), and a
`variant` that swaps one equation for a mistake published tutorials make (lstm_core.lessons.mistakes; the Spot
page shows the lines below, read from this file).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

GATES = ("i", "f", "g", "o")
STATE_NAMES = ("i", "f", "g", "o", "c", "h")
# The tutorial mistakes lstm_step can make on purpose: each replaces one of the equations (see lstm_step).
VARIANTS = ("forget_on_candidate", "sigmoid_candidate", "no_output_gate", "cell_hidden_swapped")

Hold = Callable[[dict[str, np.ndarray]], None]  # gets {"i", "f", "g", "o"} (each (H,)) and may change them in place


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
        return int(self.weight_hh.shape[1])


@dataclass(frozen=True)
class StepTerms:
    """The pieces of one step for every unit: pre-activations split into their input and recurrent parts."""

    x_part: dict[str, np.ndarray]  # W_i* x_t + b_i*   per gate, (H,)
    h_part: dict[str, np.ndarray]  # W_h* h_{t-1} + b_h* per gate, (H,)
    i: np.ndarray  # (H,) each, from here on
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray


def lstm_step(x_t: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray, w: LayerWeights, *,
              hold: Hold | None = None, variant: str | None = None) -> StepTerms:
    """One time step of one layer, every gate returned. x_t: (D,), h_prev and c_prev: (H,).

    hold: called with the four gates after their nonlinearities; it may overwrite values (a what-if).
    variant: None for the right equations, or one of VARIANTS: that equation is replaced by the mistake.
    """
    if variant is not None and variant not in VARIANTS:
        raise ValueError(f"lstm_step: expected variant None or one of {VARIANTS}, got {variant!r}")
    W_i, W_h = split_gates(w.weight_ih), split_gates(w.weight_hh)
    b_i, b_h = split_gates(w.bias_ih), split_gates(w.bias_hh)
    x_part = {k: W_i[k] @ x_t + b_i[k] for k in GATES}  # each (H,)
    h_part = {k: W_h[k] @ h_prev + b_h[k] for k in GATES}  # each (H,)
    z = {k: x_part[k] + h_part[k] for k in GATES}  # the pre-activations, each (H,)

    i = sigmoid(z["i"])
    f = sigmoid(z["f"])
    g = np.tanh(z["g"])
    if variant == "sigmoid_candidate":
        g = sigmoid(z["g"])
    o = sigmoid(z["o"])
    if hold is not None:
        gates = {"i": i, "f": f, "g": g, "o": o}
        hold(gates)
        i, f, g, o = gates["i"], gates["f"], gates["g"], gates["o"]
    c = f * c_prev + i * g
    if variant == "forget_on_candidate":
        c = f * g + i * c_prev
    h = o * np.tanh(c)
    if variant == "no_output_gate":
        h = np.tanh(c)
    if variant == "cell_hidden_swapped":
        h = c
    return StepTerms(x_part, h_part, i, f, g, o, c, h)


def run_layer(x: np.ndarray, h0: np.ndarray, c0: np.ndarray, w: LayerWeights, *,
              hold_at: Callable[[int], Hold | None] | None = None, variant: str | None = None) -> dict[str, np.ndarray]:
    """A plain step-by-step loop over time for one layer: the slow, obvious reference.

    x: (T, D). hold_at(t) gives the hold hook of step t (or None); variant as in lstm_step.
    Returns i, f, g, o, c, h each of shape (T, H).
    """
    out: dict[str, list[np.ndarray]] = {k: [] for k in STATE_NAMES}
    h, c = h0, c0
    for t, x_t in enumerate(x):
        s = lstm_step(x_t, h, c, w, hold=hold_at(t) if hold_at else None, variant=variant)
        h, c = s.h, s.c
        for k in out:
            out[k].append(getattr(s, k))
    return {k: np.stack(v) if v else np.zeros((0, w.hidden_size)) for k, v in out.items()}
