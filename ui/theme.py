"""The app's own Plotly template: dark chart text (4.5:1 or better on white, WCAG AA), light grids, margins that
grow to fit tick labels and axis titles. Figures drawn in the browser by the player (ui/player) have no Streamlit
theme to lean on, so they carry this one."""

from __future__ import annotations

import plotly.graph_objects as go

TEXT = "#31333f"  # Streamlit's text colour: 12.6:1 on white
MUTED = "#4b4d57"  # axis lines and ticks: 8.2:1
GRID = "#e6e6e9"
FONT_FAMILY = ('"Source Sans", "Source Sans Pro", "Source Sans 3", "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", '
               'sans-serif')  # Streamlit's own font first (the page has it), then what machines have

_AXIS = dict(automargin=True, gridcolor=GRID, linecolor=MUTED, tickcolor=MUTED, zerolinecolor=GRID,
             title=dict(font=dict(color=TEXT)), tickfont=dict(color=TEXT))

TEMPLATE = go.layout.Template(layout=dict(
    font=dict(color=TEXT, family=FONT_FAMILY),
    paper_bgcolor="white", plot_bgcolor="white",
    xaxis=_AXIS, yaxis=_AXIS,
    legend=dict(font=dict(color=TEXT)),
    hoverlabel=dict(font=dict(family=FONT_FAMILY)),
    coloraxis=dict(colorbar=dict(tickfont=dict(color=TEXT), title=dict(font=dict(color=TEXT)))),
))


def themed(fig: go.Figure) -> go.Figure:
    """The figure with the app's template (its own settings win over the template's)."""
    fig.update_layout(template=TEMPLATE)
    return fig
