"""The six LSTM equations as LaTeX, filled in with the real numbers of one unit at one step."""

from __future__ import annotations

from lstm_core.cell import StepTerms


def _n(v: float) -> str:
    """A number for an equation: 3 significant decimals, negatives in brackets after an operator."""
    s = f"{v:.3f}"
    return f"({s})" if v < 0 else s


def _gate(name: str, act: str, terms: StepTerms, unit: int) -> str:
    a, b = float(terms.x_part[name][unit]), float(terms.h_part[name][unit])
    value = float(getattr(terms, name)[unit])
    fn = r"\sigma" if act == "sigmoid" else r"\tanh"
    return (  # two lines, so it fits beside the heatmaps
        rf"\begin{{aligned}}{name}_t[{unit}] &= {fn}\big(\underbrace{{{_n(a)}}}_{{W_{{i{name}}}x_t + b_{{i{name}}}}}"
        rf" + \underbrace{{{_n(b)}}}_{{W_{{h{name}}}h_{{t-1}} + b_{{h{name}}}}}\big) \\"
        rf" &= {fn}({a + b:.3f}) = {value:.3f}\end{{aligned}}"
    )


def step_equations(terms: StepTerms, c_prev: float, unit: int) -> list[str]:
    """Six LaTeX lines, in the order of the text: i, f, g, o, c, h."""
    i, f, g, o = (float(getattr(terms, k)[unit]) for k in "ifgo")
    c, h = float(terms.c[unit]), float(terms.h[unit])
    return [
        _gate("i", "sigmoid", terms, unit),
        _gate("f", "sigmoid", terms, unit),
        _gate("g", "tanh", terms, unit),
        _gate("o", "sigmoid", terms, unit),
        rf"\begin{{aligned}}c_t[{unit}] &= f_t \odot c_{{t-1}} + i_t \odot g_t \\"
        rf" &= {f:.3f} \times {_n(c_prev)} + {i:.3f} \times {_n(g)} \\ &= {c:.3f}\end{{aligned}}",
        rf"\begin{{aligned}}h_t[{unit}] &= o_t \odot \tanh(c_t) \\ &= {o:.3f} \times \tanh({c:.3f}) = {h:.3f}\end{{aligned}}",
    ]
