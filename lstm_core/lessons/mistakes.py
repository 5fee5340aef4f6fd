"""The mistakes published LSTM tutorials make, written out so they can be run next to the right code.

Each cell mistake is one changed line of lstm_core.lstm.cell.lstm_step; each data mistake is one changed
line of a forecasting pipeline. Tests run every one against the correct version and check that the
results differ, so a regression into any of them would be caught.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_core.lstm.cell import LayerWeights, run_layer

CELL_MISTAKES = {
    "forget_on_candidate": "c_t = f_t ⊙ g_t + i_t ⊙ c_{t-1}   (the forget gate scales the candidate)",
    "sigmoid_candidate": "g_t = σ(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)   (sigmoid instead of tanh)",
    "no_output_gate": "h_t = tanh(c_t)   (the output gate is left out)",
    "cell_hidden_swapped": "h_t = c_t   (the cell state is passed on as the hidden state)",
}
DATA_MISTAKES = {
    "scaler_on_whole_series": "scaler fitted on the whole series before the split (look-ahead leakage)",
    "test_scaled_by_own_max": "the test part scaled by its own maximum",
    "off_by_one_windows": "range(len(series) - W - H) drops the last training window",
}
ORDER = (*CELL_MISTAKES, *DATA_MISTAKES)  # the order a lesson goes through them
# The states each cell mistake changes first, shown side by side (right vs wrong) when it is revealed.
CELL_AFFECTED = {
    "forget_on_candidate": ("c", "h"),
    "sigmoid_candidate": ("g", "c"),
    "no_output_gate": ("h", "c"),
    "cell_hidden_swapped": ("h", "c"),
}
# The example input of the "memory" preset on which each mistake fails most plainly (measured, see tests).
CELL_DEMO_INPUT = {
    "forget_on_candidate": "neg_spike",
    "sigmoid_candidate": "neg_spike",
    "no_output_gate": "pos_spike",
    "cell_hidden_swapped": "pos_spike",
}


def run_layer_with(mistake: str | None, x: np.ndarray, h0: np.ndarray, c0: np.ndarray, w: LayerWeights):
    """Run one layer with one cell mistake (or None for the right equations). Returns i, f, g, o, c, h (T, H).

    The mistake is lstm_step's own `variant`: the one executable LSTM step, with that one line swapped."""
    if mistake is not None and mistake not in CELL_MISTAKES:
        raise ValueError(f"unknown cell mistake {mistake!r}: expected one of {sorted(CELL_MISTAKES)}")
    return run_layer(np.asarray(x, dtype=np.float64), h0, c0, w, variant=mistake)


def scale_for_test(series: np.ndarray, n_train: int, mistake: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Min-max scale a 1-D series split at n_train into (train, test), the right way or with a data mistake.

    Right: the scaler sees the training part only, and the same scaler is applied to the test part.
    """
    series = np.asarray(series, dtype=np.float64)
    train, test = series[:n_train], series[n_train:]
    if mistake == "scaler_on_whole_series":
        lo, hi = series.min(), series.max()  # the test part leaks into the scaler
        return (train - lo) / (hi - lo), (test - lo) / (hi - lo)
    lo, hi = train.min(), train.max()
    if mistake == "test_scaled_by_own_max":
        return (train - lo) / (hi - lo), test / test.max()
    if mistake not in (None, "off_by_one_windows"):
        raise ValueError(f"unknown data mistake {mistake!r}: expected one of {sorted(DATA_MISTAKES)}")
    return (train - lo) / (hi - lo), (test - lo) / (hi - lo)


def window_starts(n: int, window: int, horizon: int, mistake: str | None = None) -> range:
    """Start indices of the (input window, target horizon) pairs in a series of length n.

    Right: every start s with s + window + horizon <= n, i.e. n - window - horizon + 1 windows.
    """
    if mistake == "off_by_one_windows":
        return range(n - window - horizon)  # the classic bug: the last window is lost
    return range(n - window - horizon + 1)


# ----------------------------------------------------------------------------- side by side, for the page


@dataclass(frozen=True)
class CellComparison:
    """The same weights and input run with the right equations and with one mistake."""

    mistake: str
    right: dict[str, np.ndarray]  # i, f, g, o, c, h: (T, H) each
    wrong: dict[str, np.ndarray]
    out_right: np.ndarray | None  # (T, K) read-out of h, or None without a head
    out_wrong: np.ndarray | None

    def facts(self) -> dict[str, float]:
        """The numbers a sentence about the failure needs: ranges of g, c, h, mean |h|, mean i and f, and the
        model's answer at the last step (keys like "c_lo_wrong", "out_right")."""
        facts: dict[str, float] = {}
        for side, states in (("right", self.right), ("wrong", self.wrong)):
            for k in ("g", "c", "h"):
                facts[f"{k}_lo_{side}"] = float(states[k].min())
                facts[f"{k}_hi_{side}"] = float(states[k].max())
                facts[f"{k}_abs_{side}"] = float(np.abs(states[k]).max())
            facts[f"h_mean_abs_{side}"] = float(np.abs(states["h"]).mean())
            facts[f"i_mean_{side}"] = float(states["i"].mean())
            facts[f"f_mean_{side}"] = float(states["f"].mean())
        if self.out_right is not None and self.out_wrong is not None:
            facts["out_right"] = float(self.out_right[-1, 0])  # the answer at the last step
            facts["out_wrong"] = float(self.out_wrong[-1, 0])
        return facts


def readout(h: np.ndarray, head: tuple[np.ndarray, np.ndarray] | None) -> np.ndarray | None:
    """A linear read-out of h (T, H) with head = (weight (K, H), bias (K,)): (T, K); None without a head."""
    if head is None:
        return None
    weight, bias = (np.asarray(a, dtype=np.float64) for a in head)
    if weight.ndim != 2 or weight.shape[1] != h.shape[1] or bias.shape != (weight.shape[0],):
        raise ValueError(f"head weight must be (K, {h.shape[1]}) and bias (K,), got {weight.shape} and {bias.shape}")
    return h @ weight.T + bias  # (T, K)


def compare_cell(mistake: str, x: np.ndarray, w: LayerWeights,
                 head: tuple[np.ndarray, np.ndarray] | None = None) -> CellComparison:
    """Run one layer on x (T, D) from zero states with the right equations and with `mistake`."""
    if mistake not in CELL_MISTAKES:
        raise ValueError(f"unknown cell mistake {mistake!r}: expected one of {sorted(CELL_MISTAKES)}")
    zeros = np.zeros(w.hidden_size)
    right = run_layer_with(None, x, zeros, zeros, w)
    wrong = run_layer_with(mistake, x, zeros, zeros, w)
    return CellComparison(mistake, right, wrong, readout(right["h"], head), readout(wrong["h"], head))


def scaled_ranges(series: np.ndarray, n_train: int, mistake: str | None = None) -> dict[str, tuple[float, float]]:
    """(min, max) of the scaled training and test parts, the right way or with a scaling mistake."""
    train, test = scale_for_test(series, n_train, mistake)
    return {"train": (float(train.min()), float(train.max())), "test": (float(test.min()), float(test.max()))}


def dropped_windows(n: int, window: int, horizon: int) -> list[int]:
    """Start indices the off-by-one loop never makes (one: the most recent window)."""
    return sorted(set(window_starts(n, window, horizon)) - set(window_starts(n, window, horizon, "off_by_one_windows")))
