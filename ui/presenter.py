"""Presenter mode: a URL flag (?present=1) for a teacher at a projector.

Large fonts, a high-contrast palette, the sidebar folded away and only the controls a lesson needs (pages ask
presenting() and hide the rest). The flag lives in st.session_state["present"] (per user) and is written back
to the URL on every run, so it survives page switches and goes into every copied lesson link.
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import lang
from ui.style import Style

_ON = ("1", "true", "on", "yes")

_STYLE = """
<style>
html { font-size: 20px; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-top: 2.5rem; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 2.4rem; }
h1 { font-size: 2.4rem !important; }
.katex { font-size: 1.2em !important; }
.katex-display { overflow-x: auto; overflow-y: hidden; }
[data-testid="stCode"] code { font-size: 0.95rem !important; }
[data-testid="stCaptionContainer"] { color: #111 !important; }
[data-testid="stSelectbox"] input { font-size: 1.1rem !important; }
</style>
"""


def read_flag() -> None:
    """Take the flag from the URL when a link sets it; app.py calls this before drawing anything."""
    ss = st.session_state
    raw = st.query_params.get("present")
    if raw is not None and raw != ss.get("_url_present"):  # a link asks for it (not the flag we wrote ourselves)
        ss["present"] = raw.lower() in _ON
    ss.setdefault("present", False)


def presenting() -> bool:
    """True while this user is in presenter mode."""
    return bool(st.session_state.get("present", False))


def write_flag() -> None:
    """Keep the flag in the URL (Streamlit drops query parameters on a page switch)."""
    if presenting():
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]
    st.session_state["_url_present"] = st.query_params.get("present")


def apply_style() -> None:
    """Large type and black-on-white text for the projector (CSS only: no user text goes into this HTML)."""
    if presenting():
        st.html(_STYLE)


def font_size() -> int:
    return current_style().font_size


def sized(fig):
    """The figure with its tick labels, axis titles and legend sized for a projector in presenter mode.

    Streamlit's chart theme sets those to its own small size in the browser, over layout.font.size (seen in
    a screenshot: a layout font of 22 px still drew 12 px ticks), so presenter mode sets them on every axis.
    Outside presenter mode the figure is returned as it is.
    """
    if presenting():
        big = font_size()
        fig.update_xaxes(tickfont_size=big - 4, title_font_size=big - 2)
        fig.update_yaxes(tickfont_size=big - 4, title_font_size=big - 2)
        fig.update_layout(legend_font_size=big - 3)
    return fig


def current_style() -> Style:
    """How this user's figures are drawn: their language and presenter mode (figure builders take it)."""
    return Style(lang(), presenting())
