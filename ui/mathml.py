"""LaTeX from ui.equations as HTML with MathML, for the Step page's player (it runs in the browser, where
Streamlit's KaTeX is not available; Chromium, Firefox and Safari draw MathML natively and screen readers read it).

latex2mathml (a kept library) converts each piece. It does not lay out `aligned` blocks, so an aligned block
becomes one row per line, its = signs in a column of a CSS grid: rows also break apart on a narrow screen.
Placeholders "\\text{@k@}" (ui.equations.Slots) become empty <mn data-slot="k"> elements that the player fills
with the numbers of each step.
"""

from __future__ import annotations

import functools
import re

from latex2mathml.converter import convert

_ALIGNED = re.compile(r"^\\begin\{aligned\}(.*)\\end\{aligned\}$", re.S)
_SLOT = re.compile(r"<mtext>@(\d+)@</mtext>")


def _group(text: str, start: int) -> int:
    """The index just past the brace group that opens at text[start] ("{")."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    raise ValueError(f"unbalanced braces in {text!r}")


def underbrace_as_underset(latex: str) -> str:
    r"""\underbrace{A}_{B} as \underset{B}{A}: a brace needs a math font that stretches it (few machines have one);
    the CSS rule under the number (player.css) draws the brace's line instead."""
    marker = r"\underbrace"
    while (at := latex.find(marker)) >= 0:
        a_end = _group(latex, at + len(marker))
        if latex[a_end:a_end + 2] != "_{":
            break
        b_end = _group(latex, a_end + 1)
        a, b = latex[at + len(marker):a_end], latex[a_end + 1:b_end]
        latex = f"{latex[:at]}\\underset{b}{a}{latex[b_end:]}"
    return latex


def _math(latex: str) -> str:
    latex = underbrace_as_underset(latex.strip())
    if not latex:
        return ""
    return _SLOT.sub(r'<mn data-slot="\1"></mn>', convert(latex))


@functools.lru_cache(maxsize=256)  # the same few templates serve every step and every student (no user data)
def to_html(latex: str) -> str:
    """One equation (a line, or an aligned block) as <div class="eq"> with a row per line: the left side and
    the right side (from its = sign on) in two cells."""
    m = _ALIGNED.match(latex.strip())
    lines = m.group(1).split(r"\\") if m else [latex]
    rows = []
    for line in lines:
        left, amp, right = line.partition("&")
        if not amp:  # a line without an alignment point: split at its first = sign
            left, eq, right = line.partition(" = ")
            right = f"= {right}" if eq else ""
        rows.append(f'<div class="eq-row"><span class="eq-l">{_math(left)}</span>'
                    f'<span class="eq-r">{_math(right)}</span></div>')
    return f'<div class="eq">{"".join(rows)}</div>'
