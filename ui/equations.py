"""Every equation the app prints, as LaTeX, in one place: the six LSTM equations (plain, and filled in with the
real numbers of one unit at one step), the tutorial mistakes' wrong lines, and the GRU's four equations."""

from __future__ import annotations

import numpy as np

from lstm_core.lstm.cell import StepTerms, sigmoid

# The six equations in the order of the text (docs/DESIGN.md; lstm_core/lstm/cell.py computes them).
LSTM = {
    "i": r"i_t = \sigma(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi})",
    "f": r"f_t = \sigma(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf})",
    "g": r"g_t = \tanh(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg})",
    "o": r"o_t = \sigma(W_{io} x_t + b_{io} + W_{ho} h_{t-1} + b_{ho})",
    "c": r"c_t = f_t \odot c_{t-1} + i_t \odot g_t",
    "h": r"h_t = o_t \odot \tanh(c_t)",
}
# The line each tutorial mistake writes instead (lstm_core.lstm.cell.VARIANTS), and the equation it replaces.
MISTAKES = {
    "forget_on_candidate": (r"c_t = f_t \odot g_t + i_t \odot c_{t-1}", "c"),
    "sigmoid_candidate": (r"g_t = \sigma(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg})", "g"),
    "no_output_gate": (r"h_t = \tanh(c_t)", "h"),
    "cell_hidden_swapped": (r"h_t = c_t", "h"),
}
GRU = (  # lstm_core/lstm/gru.py, PyTorch's exact equations
    r"r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr})",
    r"z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz})",
    r"n_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn}))",
    r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}",
)


def aligned(lines) -> str:
    """Equations "a = b" as one aligned block, their = signs in a column."""
    return r"\begin{aligned}" + r" \\ ".join(line.replace(" = ", " &= ", 1) for line in lines) + r"\end{aligned}"


def mistake_pair(mistake: str) -> tuple[str, str]:
    """(the wrong line, the right line) of a cell mistake."""
    wrong, state = MISTAKES[mistake]
    return wrong, LSTM[state]


def _rhs(state: str) -> str:
    return LSTM[state].split(" = ", 1)[1]


class Numbers:
    """How an equation prints its numbers: `plain` (3 decimals) and `signed` (3 decimals, a negative in brackets
    after an operator). Slots (below) prints placeholders instead, for a template that the browser fills in."""

    def plain(self, v: float) -> str:
        return f"{v:.3f}"

    def signed(self, v: float) -> str:
        s = f"{v:.3f}"
        return f"({s})" if v < 0 else s


class Slots(Numbers):
    """Numbers as numbered placeholders (\\text{@k@}); `values` collects (kind, value) in slot order, kind "p" for
    plain and "s" for signed. ui.mathml turns the placeholders into slots the Step page's player fills per step."""

    def __init__(self) -> None:
        self.values: list[tuple[str, float]] = []

    def _slot(self, kind: str, v: float) -> str:
        self.values.append((kind, float(v)))
        return rf"\text{{@{len(self.values) - 1}@}}"

    def plain(self, v: float) -> str:
        return self._slot("p", v)

    def signed(self, v: float) -> str:
        return self._slot("s", v)


PLAIN = Numbers()


def _gate(name: str, act: str, terms: StepTerms, unit: int, held: tuple[str, str] | None, n: Numbers) -> str:
    a, b = float(terms.x_part[name][unit]), float(terms.h_part[name][unit])
    value = float(getattr(terms, name)[unit])
    fn = r"\sigma" if act == "sigmoid" else r"\tanh"
    if held is not None:  # a what-if holds this gate: say so, and show what the weights would have given
        held_word, would_be = held  # e.g. "(held)" and "(free: {expr})", punctuation as the language writes it
        free = float(np.tanh(a + b) if act == "tanh" else sigmoid(a + b))
        before, _, after = would_be.partition("{expr}")
        return (rf"\begin{{aligned}}{name}_t[{unit}] &= {n.plain(value)} \quad \text{{{held_word}}} \\"
                rf" &\text{{{before}}} {fn}({n.plain(a + b)}) = {n.plain(free)}\text{{{after}}}\end{{aligned}}")
    return (  # two lines, so it fits beside the heatmaps
        rf"\begin{{aligned}}{name}_t[{unit}] &= {fn}\big("
        rf"\underbrace{{{n.signed(a)}}}_{{W_{{i{name}}}x_t + b_{{i{name}}}}}"
        rf" + \underbrace{{{n.signed(b)}}}_{{W_{{h{name}}}h_{{t-1}} + b_{{h{name}}}}}\big) \\"
        rf" &= {fn}({n.plain(a + b)}) = {n.plain(value)}\end{{aligned}}"
    )


def step_equations(terms: StepTerms, c_prev: float, unit: int, held: str | None = None,
                   held_words: tuple[str, str] = ("(held)", "(free: {expr})"), numbers: Numbers = PLAIN) -> list[str]:
    """Six LaTeX lines, in the order of the text: i, f, g, o, c, h.

    held: the gate a what-if holds at this step and unit (its value is then printed as held, with what the
    weights would have given beside it); held_words: the two phrases for that, in the user's language.
    numbers: how numbers are printed (PLAIN, or Slots for a template).
    """
    i, f, g, o = (float(getattr(terms, k)[unit]) for k in "ifgo")
    c, h = float(terms.c[unit]), float(terms.h[unit])
    n = numbers

    def gate(name: str, act: str) -> str:
        return _gate(name, act, terms, unit, held_words if name == held else None, n)

    return [
        gate("i", "sigmoid"),
        gate("f", "sigmoid"),
        gate("g", "tanh"),
        gate("o", "sigmoid"),
        rf"\begin{{aligned}}c_t[{unit}] &= {_rhs('c')} \\"
        rf" &= {n.plain(f)} \times {n.signed(c_prev)} + {n.plain(i)} \times {n.signed(g)} \\"
        rf" &= {n.plain(c)}\end{{aligned}}",
        rf"\begin{{aligned}}h_t[{unit}] &= {_rhs('h')} \\ &= {n.plain(o)} \times \tanh({n.plain(c)}) = {n.plain(h)}"
        rf"\end{{aligned}}",
    ]
