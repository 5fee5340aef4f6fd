"""The six LSTM equations as LaTeX, filled in with the real numbers of one unit at one step."""

from __future__ import annotations

import numpy as np

from lstm_core.lstm.cell import StepTerms, sigmoid


def _n(v: float) -> str:
    """A number for an equation: 3 significant decimals, negatives in brackets after an operator."""
    s = f"{v:.3f}"
    return f"({s})" if v < 0 else s


def _gate(name: str, act: str, terms: StepTerms, unit: int, held: tuple[str, str] | None = None) -> str:
    a, b = float(terms.x_part[name][unit]), float(terms.h_part[name][unit])
    value = float(getattr(terms, name)[unit])
    fn = r"\sigma" if act == "sigmoid" else r"\tanh"
    if held is not None:  # a what-if holds this gate: say so, and show what the weights would have given
        held_word, would_be = held  # e.g. "(held)" and "(free: {expr})", punctuation as the language writes it
        free = float(np.tanh(a + b) if act == "tanh" else sigmoid(a + b))
        before, _, after = would_be.partition("{expr}")
        return (rf"\begin{{aligned}}{name}_t[{unit}] &= {value:.3f} \quad \text{{{held_word}}} \\"
                rf" &\text{{{before}}} {fn}({a + b:.3f}) = {free:.3f}\text{{{after}}}\end{{aligned}}")
    return (  # two lines, so it fits beside the heatmaps
        rf"\begin{{aligned}}{name}_t[{unit}] &= {fn}\big(\underbrace{{{_n(a)}}}_{{W_{{i{name}}}x_t + b_{{i{name}}}}}"
        rf" + \underbrace{{{_n(b)}}}_{{W_{{h{name}}}h_{{t-1}} + b_{{h{name}}}}}\big) \\"
        rf" &= {fn}({a + b:.3f}) = {value:.3f}\end{{aligned}}"
    )


def step_equations(terms: StepTerms, c_prev: float, unit: int, held: str | None = None,
                   held_words: tuple[str, str] = ("(held)", "(free: {expr})")) -> list[str]:
    """Six LaTeX lines, in the order of the text: i, f, g, o, c, h.

    held: the gate a what-if holds at this step and unit (its value is then printed as held, with what the
    weights would have given beside it); held_words: the two phrases for that, in the user's language.
    """
    i, f, g, o = (float(getattr(terms, k)[unit]) for k in "ifgo")
    c, h = float(terms.c[unit]), float(terms.h[unit])

    def gate(name: str, act: str) -> str:
        return _gate(name, act, terms, unit, held_words if name == held else None)

    return [
        gate("i", "sigmoid"),
        gate("f", "sigmoid"),
        gate("g", "tanh"),
        gate("o", "sigmoid"),
        rf"\begin{{aligned}}c_t[{unit}] &= f_t \odot c_{{t-1}} + i_t \odot g_t \\"
        rf" &= {f:.3f} \times {_n(c_prev)} + {i:.3f} \times {_n(g)} \\ &= {c:.3f}\end{{aligned}}",
        rf"\begin{{aligned}}h_t[{unit}] &= o_t \odot \tanh(c_t) \\ &= {o:.3f} \times \tanh({c:.3f}) = {h:.3f}\end{{aligned}}",
    ]
