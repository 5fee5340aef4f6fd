"""How a figure is drawn for this user: the language of its labels and presenter mode (large type, high-contrast
palette). Figure builders take a Style and read no session state; ui.presenter.current_style() makes one."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.colors

FONT_SIZE = 15  # figure font, normal
PRESENT_FONT_SIZE = 20  # figure font on a projector, readable from the back of a classroom
# On a projector, pale mid-tones wash out: the presenter palette runs from black to bright yellow for gates
# (Inferno: the full lightness range, colour-blind safe) and from dark blue through white to dark red for values.
# Inferno's first colour is #000004, which Streamlit's Plotly theme treats as a placeholder and repaints pink
# (it swaps #000001..#000010 for its own palette): start from true black instead.
PRESENT_GATE_SCALE = ["#000000", *plotly.colors.sequential.Inferno[1:]]
PRESENT_VALUE_SCALE = [[0.0, "#67001f"], [0.25, "#d6604d"], [0.5, "#ffffff"], [0.75, "#4393c3"], [1.0, "#053061"]]


@dataclass(frozen=True)
class Style:
    """The language and the mode a figure is drawn in."""

    lang: str = "en"  # the language of every label ("en" or "zh")
    present: bool = False  # presenter mode: large type and the high-contrast palette

    @property
    def font_size(self) -> int:
        return PRESENT_FONT_SIZE if self.present else FONT_SIZE

    def t(self, key: str, **params: object) -> str:
        """The UI string `key` in this style's language (ui.i18n.t with the language given, not read)."""
        from ui.i18n import t  # ui.i18n reads the session only when no language is given

        return t(key, self.lang, **params)

    def scales(self, gate_scale, value_scale) -> tuple:
        """The colour scales to draw with: the normal ones, or the high-contrast ones in presenter mode."""
        return (PRESENT_GATE_SCALE, PRESENT_VALUE_SCALE) if self.present else (gate_scale, value_scale)
