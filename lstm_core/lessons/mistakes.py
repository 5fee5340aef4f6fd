"""The mistakes published LSTM tutorials make, written out so they can be run next to the right code.

Each cell mistake is one changed line of lstm_core.lstm.cell.lstm_step; each data mistake is one changed
line of a forecasting pipeline. Tests run every one against the correct version and check that the
results differ, so a regression into any of them would be caught.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import numpy as np

from lstm_core.lstm.cell import LayerWeights, lstm_step, run_layer

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


def variant_code(variant: str) -> tuple[str, str]:
    """(the wrong line, the right line) of a cell mistake, read from lstm_core.lstm.cell.lstm_step itself: the
    line under `if variant == "<variant>":` and the right equation for the same state above it."""
    lines = [line.strip() for line in inspect.getsource(lstm_step).splitlines()]
    at = lines.index(f'if variant == "{variant}":')
    wrong = lines[at + 1]
    state = wrong.split(" = ", 1)[0]
    right = next(line for k, line in reversed(list(enumerate(lines[:at])))
                 if line.startswith(f"{state} = ") and not lines[k - 1].startswith("if variant"))
    return wrong, right


@dataclass(frozen=True)
class Mistake:
    """One tutorial mistake as a lesson: what it is, the code shown (wrong, right), and the answer to its puzzle."""

    id: str
    kind: str  # "cell" (a changed line of the LSTM step) or "data" (a changed line of the pipeline)
    answer: str  # which of the page's three predictions ("a", "b", "c") is what really happens (tested)
    code: tuple[str, str]  # (wrong, right); a data mistake's code has a {note} comment the UI translates
    affected: tuple[str, ...] = ()  # cell: the states it changes first, shown side by side when revealed
    demo_input: str = "pos_spike"  # cell: the memory preset's example on which it fails most plainly (tested)


_DATA_CODE = {  # the changed line in context; the functions that run it are scale_for_test and window_starts
    "scaler_on_whole_series": (
        "lo, hi = series.min(), series.max()   # {note}\n"
        "scaled = (series - lo) / (hi - lo)\n"
        "train, test = scaled[:n_train], scaled[n_train:]",
        "train, test = series[:n_train], series[n_train:]\n"
        "lo, hi = train.min(), train.max()     # {note}\n"
        "scaled = (series - lo) / (hi - lo)",
    ),
    "test_scaled_by_own_max": (
        "lo, hi = train.min(), train.max()\n"
        "train_s = (train - lo) / (hi - lo)\n"
        "test_s = test / test.max()            # {note}",
        "lo, hi = train.min(), train.max()\n"
        "train_s = (train - lo) / (hi - lo)\n"
        "test_s = (test - lo) / (hi - lo)      # {note}",
    ),
    "off_by_one_windows": (
        "for s in range(n - W - H):\n    windows.append((x[s : s + W], x[s + W : s + W + H]))",
        "for s in range(n - W - H + 1):\n    windows.append((x[s : s + W], x[s + W : s + W + H]))",
    ),
}
MISTAKES = {m.id: m for m in (
    Mistake("forget_on_candidate", "cell", "b", variant_code("forget_on_candidate"), ("c", "h"), "neg_spike"),
    Mistake("sigmoid_candidate", "cell", "c", variant_code("sigmoid_candidate"), ("g", "c"), "neg_spike"),
    Mistake("no_output_gate", "cell", "c", variant_code("no_output_gate"), ("h", "c"), "pos_spike"),
    Mistake("cell_hidden_swapped", "cell", "a", variant_code("cell_hidden_swapped"), ("h", "c"), "pos_spike"),
    Mistake("scaler_on_whole_series", "data", "b", _DATA_CODE["scaler_on_whole_series"]),
    Mistake("test_scaled_by_own_max", "data", "c", _DATA_CODE["test_scaled_by_own_max"]),
    Mistake("off_by_one_windows", "data", "a", _DATA_CODE["off_by_one_windows"]),
)}
assert tuple(MISTAKES) == ORDER
# The states each cell mistake changes first, and its demo input (kept as mappings for older callers).
CELL_AFFECTED = {k: m.affected for k, m in MISTAKES.items() if m.kind == "cell"}
CELL_DEMO_INPUT = {k: m.demo_input for k, m in MISTAKES.items() if m.kind == "cell"}


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
