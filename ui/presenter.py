"""Presenter mode: a URL flag (?present=1) for a teacher at a projector.

Large fonts, a high-contrast palette, the sidebar folded away and only the controls a lesson needs (pages ask
presenting() and hide the rest). The flag lives in st.session_state["present"] (per user) and is written back
to the URL on every run, so it survives page switches and goes into every copied lesson link.
"""

from __future__ import annotations

import streamlit as st

from ui.components import fold_sidebar
from ui.i18n import lang
from ui.style import Style
from ui.theme import themed

_ON = ("1", "true", "on", "yes")

_STYLE = """
<style>
html { font-size: 20px; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-top: 3.75rem; padding-bottom: 2rem; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 2.4rem; }
h1 { font-size: 1.8rem !important; padding: 0.25rem 0 !important; }
[data-testid="stCode"] code { font-size: 0.95rem !important; }
[data-testid="stCaptionContainer"] { color: #111 !important; }
/* The stage: on a projector-sized screen the page starts at the top, under a see-through header (its only control,
   the sidebar's button, sits in the left margin), so the controls and the gates share the first screen. */
@media (min-width: 1000px) {
  [data-testid="stMainBlockContainer"] { padding-top: 1.2rem; }
  [data-testid="stHeader"], [data-testid="stHeader"] * { background: transparent; pointer-events: none; }
  [data-testid="stHeader"] button, [data-testid="stHeader"] a, [data-testid="stHeader"] button *,
  [data-testid="stHeader"] a * { pointer-events: auto; }
}
[data-testid="stSelectbox"] input { font-size: 1.1rem !important; }
</style>
"""


# Every page, every mode: one rule set for what Streamlit's theme cannot set (WCAG 2.1 AA, measured with axe-core).
# Captions (and the text summaries that stand in for the heatmaps) in the muted text colour at 8.2:1, not 3.9:1;
# a visible 2 px focus ring (6.0:1 against white) on every control that Streamlit draws with a faint grey fill.
_BASE_STYLE = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #4b4d57 !important; opacity: 1 !important;
}
[data-testid="stSidebar"] a:focus-visible, [data-testid="stSidebarNav"] a:focus-visible,
[role="radiogroup"] label:focus-within, [data-testid="stToggle"] label:focus-within,
button:focus-visible, a:focus-visible, [role="tab"]:focus-visible, summary:focus-visible,
input:focus-visible, textarea:focus-visible, [tabindex]:focus-visible {
  outline: 2px solid #1a56db !important; outline-offset: 2px !important;
}
/* Display equations get smaller on narrower screens instead of being cut (a projector at 1024, a tablet, a phone);
   one that is still too wide scrolls with a visible bar. */
.katex-display > .katex { font-size: 1.1em; }
@media (max-width: 1100px) { .katex-display > .katex { font-size: 1em; } }
@media (max-width: 800px) { .katex-display > .katex { font-size: 0.95em; } }
.katex-display { overflow: visible !important; }  /* sized to fit: no scroll box that a keyboard cannot reach */
/* The Start page's cell diagram draws its labels at a fixed size: its column takes the 440 px they need, or goes
   under the text where the page is narrower (a projector at 1024, a tablet), instead of shrinking the drawing. */
.st-key-start_top [data-testid="stHorizontalBlock"]:not([data-testid="stColumn"] *) { flex-wrap: wrap; }
.st-key-start_top [data-testid="stHorizontalBlock"]:not([data-testid="stColumn"] *)
  > [data-testid="stColumn"]:last-child { min-width: min(100%, 440px); }
.st-key-start_top [data-testid="stHorizontalBlock"]:not([data-testid="stColumn"] *)
  > [data-testid="stColumn"]:first-child { min-width: min(100%, 340px); }
/* Plotly's toolbar gets a band of its own above each chart (left of Streamlit's full-screen button), so it never
   sits on a legend or a title drawn at the top of the figure. */
[data-testid="stPlotlyChart"] { padding-top: 30px; box-sizing: content-box !important; }  /* the band adds to its
   height: with Streamlit's border-box it came off the bottom, cutting a chart's last 30 px (a legend's third row) */
[data-testid="stPlotlyChart"] .modebar-container { top: -30px !important; right: 40px !important; }
[data-testid="stPlotlyChart"]:hover .js-plotly-plot .plotly .modebar { opacity: 1; }
/* A text field in focus has a blue border, not the primary red that reads as an error; the Step page's input says
   itself that Enter applies it (ui.components.enter_applies), so Streamlit's "Press Ctrl+Enter" goes. */
[data-baseweb="textarea"]:focus-within, [data-baseweb="input"]:focus-within { border-color: #1a56db !important; }
.st-key-step-custom [data-testid="InputInstructions"] { display: none; }
/* Short labels that must not break ("上一个" broke after its first character in a narrow column). */
.st-key-spot-btn_prev p, .st-key-spot-btn_next p { white-space: nowrap !important; word-break: keep-all; }
/* The Start page's cell diagram: each gate's box is one link; it shows where the pointer or the focus is. */
.gs-cell .gs-gate { cursor: pointer; }
.gs-cell .gs-gate:hover rect, .gs-cell .gs-gate:focus-visible rect { stroke-width: 4; fill: #f3f6fd; }
.gs-cell .gs-gate:focus-visible { outline: 2px solid #1a56db; }
/* Button labels wrap onto a second line instead of ending in "…" (a dataset's name, a gate's name in Chinese). */
[data-testid^="stBaseButton"] { height: auto !important; }
[data-testid^="stBaseButton"] p, [data-testid^="stBaseButton"] div {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
</style>
"""


def read_flag() -> None:
    """Take the flag from the URL when a link sets it; app.py calls this before drawing anything."""
    ss = st.session_state
    raw = st.query_params.get("present")
    if raw is not None and raw != ss.get("_url_present"):  # a link asks for it (not the flag we wrote ourselves)
        turned_on(raw.lower() in _ON)
    ss.setdefault("present", False)


def turned_on(on: bool) -> None:
    """Set the flag; when it turns on, the sidebar folds once on a screen narrower than a projector's (fold())."""
    ss = st.session_state
    if on and not ss.get("present"):
        ss["_present_turn"] = ss.get("_present_turn", 0) + 1
    ss["present"] = on


def fold() -> None:
    """The sidebar folds when presenter mode has just turned on, wherever (a link, the sidebar's toggle), on a
    screen under 1280 px: on a 1024 projector an open sidebar squeezes every chart (app.py calls this)."""
    if presenting():
        fold_sidebar(st.session_state.get("_present_turn", 0), below=1280, key="_fold_sidebar")


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
    """The app's readable defaults on every page, and large type and black-on-white text for the projector
    (CSS only: no user text goes into this HTML)."""
    st.html(_BASE_STYLE + (_STYLE if presenting() else ""))


def font_size() -> int:
    return current_style().font_size


def sized(fig):
    """The figure with its tick labels, axis titles and legend sized for a projector in presenter mode.

    Plotly's defaults (12 px ticks) ignore layout.font.size for ticks, so presenter mode sets them on every axis.
    Outside presenter mode the figure is returned as it is.
    """
    if presenting():
        big = font_size()
        fig.update_xaxes(tickfont_size=big - 4, title_font_size=big - 2)
        fig.update_yaxes(tickfont_size=big - 4, title_font_size=big - 2)
        fig.update_layout(legend_font_size=big - 3)
        # A log axis prints 10 with a superscript exponent at 70 % of the tick size: "1e−27" stays at full size.
        fig.for_each_xaxis(lambda a: a.update(exponentformat="e") if a.type == "log" else None)
        fig.for_each_yaxis(lambda a: a.update(exponentformat="e") if a.type == "log" else None)
    return fig


def chart(fig, **kwargs):
    """Draw a Plotly figure: sized for the projector (sized), with the app's own template (ui.theme) instead of
    Streamlit's chart theme, which paints tick labels and axis titles grey at 3.7:1 against white (below WCAG AA's
    4.5:1) and cannot be told otherwise."""
    return st.plotly_chart(themed(sized(fig)), theme=None, **kwargs)


def current_style() -> Style:
    """How this user's figures are drawn: their language and presenter mode (figure builders take it)."""
    return Style(lang(), presenting())
