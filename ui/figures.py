"""Plotly figure builders. They take NumPy arrays and already-translated labels, and return figures.

Colour scales are colour-blind safe: Inferno (sequential, black to bright yellow) for gates in [0, 1], RdBu
(diverging) for values in [-1, 1] and for the cell state on its own symmetric range. Each colour bar says in words
what it means.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lstm_core.lstm.trace import GateTrace
from ui.safe_text import chart_text
from ui.style import PRESENT_GATE_SCALE, Style

# Inferno from true black: the forget-gate lesson lives in 0.85-1.0, and Inferno keeps that band apart under the
# common colour-vision deficiencies (CIE76 ΔE 35-39 under simulated protanopia, deuteranopia and tritanopia,
# against Viridis's 13 under protanopia; tests/app/test_colour_vision.py measures it).
GATE_SCALE = PRESENT_GATE_SCALE
VALUE_SCALE = "RdBu"
FONT = dict(size=15)  # readable on a projector
CURSOR_OUTER, CURSOR_INNER = "black", "white"  # a black-and-white outline shows on every colour
ROWS = ("i", "f", "g", "o", "c", "h")
INPUT_COLORS = ("#444444", "#1b7837", "#762a83", "#2166ac", "#b2182b")  # input lines, distinct in grey too
_AXIS_FOR = {"i": "coloraxis", "f": "coloraxis", "o": "coloraxis", "g": "coloraxis2", "h": "coloraxis2",
             "c": "coloraxis3"}


def _row_px(hidden: int, font_size: int = 15) -> int:
    # A unit's row is at least as tall as its tick label (plus a gap), so the unit numbers never crowd on a projector.
    return int(np.clip(max(18, font_size + 4) * hidden, 80, 190 if font_size <= 15 else 240))


def _step_ticks(steps: int, symbols: list[str] | None) -> dict:
    if symbols is not None and steps <= 90:
        return dict(tickmode="array", tickvals=list(range(steps)),
                    ticktext=["␣" if s == " " else s for s in symbols], tickangle=0)
    return {}


def cell_range(c: np.ndarray) -> float:
    """Symmetric colour range for the cell state: at least ±1, rounded up to a readable number."""
    m = float(np.abs(c).max()) if c.size else 1.0
    return 1.0 if m <= 1 else float(np.ceil(m * 2) / 2)


def heatmap_base(
    tr: GateTrace,
    layer: int,
    *,
    symbols: list[str] | None = None,
    output: np.ndarray | None = None,
    output_symbols: list[str] | None = None,
    focus: str | None = None,
    forecast: np.ndarray | None = None,
    input_names: list[str] | None = None, style: Style) -> go.Figure:
    """Input on top, then i, f, g, o, c, h as (units × time) heatmaps, then the model output, on one time axis.

    Built once per trace and layer, without a cursor: the Step page's player draws cursor_shapes() over it in the
    browser (Plotly validates every assignment, so shapes and labels are assigned in one go).
    """
    T, H = tr.steps, tr.hidden_size
    has_out = output is not None or output_symbols is not None
    names = ["x", *ROWS] + (["out"] if has_out else [])
    px = [90] + [_row_px(H, style.font_size)] * len(ROWS) + ([90] if has_out else [])
    fig = make_subplots(rows=len(names), cols=1, shared_xaxes=True, vertical_spacing=0.012,
                        row_heights=[p / sum(px) for p in px])
    steps = np.arange(T)

    def text_row(row: int, chars: list[str]) -> None:
        fig.add_trace(go.Scatter(x=steps, y=np.zeros(T), mode="text", text=["␣" if s == " " else s for s in chars],
                                 textfont=dict(size=16), hovertemplate="t=%{x}: %{text}<extra></extra>",
                                 showlegend=False), row=row, col=1)
        fig.update_yaxes(visible=False, row=row, col=1)

    # Input row: a line for numbers, the characters for text.
    if symbols is not None:
        text_row(1, symbols)
    else:
        for d in range(tr.x.shape[1]):
            name = chart_text(input_names[d]) if input_names and d < len(input_names) else f"x[{d}]"  # user columns
            fig.add_trace(go.Scatter(x=steps, y=tr.x[:, d], mode="lines+markers", marker=dict(size=4), name=name,
                                     line=dict(color=INPUT_COLORS[d % len(INPUT_COLORS)], width=2),
                                     showlegend=tr.x.shape[1] > 1,
                                     hovertemplate=f"t=%{{x}}: {name}=%{{y:.4f}}<extra></extra>"), row=1, col=1)
    if forecast is not None:  # the forecast after the window, on the same time axis
        fig.add_trace(go.Scatter(x=np.arange(T, T + len(forecast)), y=forecast, mode="lines+markers",
                                 line=dict(color="#b35806", width=2, dash="dash"), name=style.t("gate.forecast"),
                                 hovertemplate="t=%{x}: %{y:.4f}<extra></extra>"), row=1, col=1)

    m = cell_range(tr.c[layer])
    for r, name in enumerate(ROWS, start=2):
        z = getattr(tr, name)[layer].T  # (H, T): units down, time across
        fig.add_trace(go.Heatmap(z=z, x=steps, y=np.arange(H), coloraxis=_AXIS_FOR[name],
                                 hovertemplate=style.t("hover.value", name=name) + "<extra></extra>"), row=r, col=1)
        fig.update_yaxes(autorange="reversed", showticklabels=H <= 16, dtick=1 if H <= 16 else None,
                         row=r, col=1)

    if has_out:
        r = len(names)
        if output_symbols is not None:
            text_row(r, output_symbols)
        else:
            for k in range(output.shape[1]):
                fig.add_trace(go.Scatter(x=steps, y=output[:, k], mode="lines", line=dict(color="#b35806", width=2),
                                         showlegend=False, hovertemplate="t=%{x}: %{y:.4f}<extra></extra>"),
                              row=r, col=1)

    domains = [list(fig.layout[f"yaxis{'' if r == 1 else r}"].domain) for r in range(1, len(names) + 1)]
    numeric = {"x": symbols is None, "out": output_symbols is None}
    labels = row_labels(names, domains, numeric, H, focus, style=style)

    # Colour-bar titles grow with the presenter type (13 px is unreadable from the back of a classroom).
    # Presenter mode: tick labels at 16 px and titles at 17 px, the bars' right margin widened to hold them.
    bar = dict(thickness=14, len=0.26, x=1.01, xanchor="left", tickfont=dict(size=max(12, style.font_size - 4)),
               title=dict(side="right", font=dict(size=max(13, style.font_size - 3))))
    gate_scale, value_scale = style.scales(GATE_SCALE, VALUE_SCALE)
    fig.update_layout(
        annotations=labels,
        height=sum(px) + 94,
        # Wider for presenter type; the top margin holds the modebar, which otherwise covers the input row's line.
        margin=dict(l=112 + 6 * (style.font_size - FONT["size"]), r=96 + 6 * (style.font_size - FONT["size"]),
                    t=34, b=45),
        font=dict(size=style.font_size),
        plot_bgcolor="white",
        coloraxis=dict(colorscale=gate_scale, cmin=0, cmax=1,
                       colorbar={**bar, "y": 0.78, "title": {**bar["title"], "text": style.t("scale.gate")}}),
        coloraxis2=dict(colorscale=value_scale, cmin=-1, cmax=1, reversescale=True,
                        colorbar={**bar, "y": 0.48, "title": {**bar["title"], "text": style.t("scale.value")}}),
        coloraxis3=dict(colorscale=value_scale, cmin=-m, cmax=m, reversescale=True,
                        colorbar={**bar, "y": 0.18,
                                  "title": {**bar["title"], "text": style.t("scale.cell", m=f"{m:g}")}}),
        hoverlabel=dict(font_size=14),
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", font=dict(size=max(12, style.font_size - 4))),
        meta={"heatmap_rows": list(range(2, 2 + len(ROWS))), "rows": names, "domains": domains, "numeric": numeric,
              # the margins on a phone, where the rows are labelled by their symbols (fitNarrow in the player)
              "narrow_margin": {"l": 3 * style.font_size + 26, "r": 84 + 6 * (style.font_size - FONT["size"])},
              "min_font": 16 if style.present else 0},  # presenter mode: no chart text under 16 px, even narrow
    )
    fig.update_xaxes(range=[-0.5, T - 0.5 + (len(forecast) if forecast is not None else 0)], showgrid=False)
    fig.update_xaxes(title_text=style.t("axis.step"), row=len(names), col=1, **_step_ticks(T, symbols))
    return fig


def row_labels(names: list[str], domains: list[list[float]], numeric: dict[str, bool], hidden: int,
               focus: str | None, *, style: Style) -> list[dict]:
    """The rows' labels in the left margin, horizontal so they read on a projector; the row in focus is bold with
    a ▶. A line row's tick labels (−0.5) are wider than a heatmap's unit numbers, so its label keeps further out."""
    labels = []
    for name, domain in zip(names, domains, strict=True):
        label = style.t(f"gate.{name}")
        if name != "x":
            label = label.replace(" ", "<br>", 1)  # two short lines fit the margin
        # On a phone the player swaps each label for its symbol (the annotation's name) and narrows the margin: the
        # heatmaps get the width (ui/player/frontend/draw.js, fitNarrow).
        short = style.t("gate.out_short") if name == "out" else name
        if name == focus:
            label, short = f"<b>▶ {label}</b>", f"<b>▶ {short}</b>"
        shift = -(2 * style.font_size + 10) if numeric.get(name) else (-(style.font_size + 15) if hidden <= 16 else -6)
        labels.append(dict(text=label, name=f"short:{short}", x=0, xref="paper", xanchor="right", xshift=shift,
                           y=sum(domain) / 2, yref="paper", showarrow=False, font=dict(size=style.font_size - 2),
                           align="right"))
    return labels


def cursor_shapes(heatmap_rows: list[int], x_range: tuple[float, float], step: int, unit: int,
                  text_row: tuple[float, float] | None = None) -> list[dict]:
    """The cursor as plain shape dicts: a line at `step` through every row, and a box round `unit` on every heatmap
    (black and white: visible on any colour). Plain dicts, so the Step page's player can send one list per step.

    text_row: the (bottom, top) of the input row in paper coordinates when it prints characters: the line stops
    under it and a box frames the character being read, which a line through it would hide."""
    # The unit's box reaches 0.3 of a step beyond its cell, but stays inside the plot at the first and last
    # step: a box on the plot's edge has its left (or right) side clipped away.
    lo, hi = x_range
    x0, x1 = max(step - 0.8, lo + 0.3), min(step + 0.8, hi - 0.3)
    shapes = []
    top = text_row[0] if text_row else 1
    for color, width in ((CURSOR_INNER, 4), (CURSOR_OUTER, 1.5)):  # a thin line with a halo: never hides data
        shapes.append(dict(type="line", xref="x", yref="paper", x0=step, x1=step, y0=0, y1=top,
                           line=dict(color=color, width=width)))
    if text_row:
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=step - 0.5, x1=step + 0.5, y0=text_row[0],
                           y1=text_row[1], line=dict(color=CURSOR_OUTER, width=2)))
    for r in heatmap_rows:
        for color, width in ((CURSOR_OUTER, 3), (CURSOR_INNER, 1)):
            shapes.append(dict(type="rect", xref=f"x{r}", yref=f"y{r}", x0=x0, x1=x1, y0=unit - 0.5,
                               y1=unit + 0.5, line=dict(color=color, width=width)))
    return shapes


def _arrow(x0, y0, x1, y1, value: float, color: str) -> dict:
    """An arrow whose width shows how much flows (|value|, 0..1 maps to 1..8 px)."""
    width = 1 + 7 * min(abs(value), 1.0)
    return dict(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", showarrow=True, arrowhead=2,
                arrowsize=min(1.4, 3.5 / width), arrowwidth=width, arrowcolor=color, text="")


DIAGRAM_HEIGHT = 270  # px; the drawing keeps its aspect (10 × 5.9), so a taller figure only adds white bands
PRESENT_DIAGRAM_HEIGHT = 400  # on a projector the column is wider, and the labels larger


def diagram_parts(values: dict[str, float] | None = None, links: dict[str, str] | None = None, *,
                  style: Style) -> tuple[list[dict], list[dict]]:
    """The cell diagram's shapes and annotations as plain dicts (cell_diagram draws them; the Step page's player
    sends only the annotations that change from step to step)."""
    v = values or {}
    shapes: list[dict] = []
    notes: list[dict] = []
    gate_color = {"f": "#1b7837", "i": "#2166ac", "g": "#762a83", "o": "#b35806"}
    k = style.font_size / FONT["size"]  # 1 normally, larger on a projector

    def label(x, y, text, size=15, color="#222", anchor="center"):
        if style.present:  # a subscript at 70 % would be 12 px on a projector: it keeps 16 px there
            text = text.replace("<sub>", '<sub><span style="font-size:16px">').replace("</sub>", "</span></sub>")
        notes.append(dict(x=x, y=y, text=text, showarrow=False, xanchor=anchor,
                          font=dict(size=round(size * k), color=color)))

    def box(x, y, text, color, key):  # wide and tall enough for "g_t tanh" over a signed number
        shapes.append(dict(type="rect", x0=x - 0.65, x1=x + 0.65, y0=y - 0.45, y1=y + 0.45,
                           line=dict(color=color, width=2), fillcolor="white", name=f"gate:{key}"))
        if links and key in links:
            text = f'<a href="{links[key]}" target="_self" style="color:{color}">{text}</a>'
        label(x, y, text, size=13, color=color)
        notes[-1]["name"] = f"gate:{key}"  # the Start page's drawing makes the box and its label one link

    def node(x, y, sym):
        r = 0.42 if len(sym) > 1 else 0.28
        shapes.append(dict(type="circle", x0=x - r, x1=x + r, y0=y - r, y1=y + r, line=dict(color="#333", width=2),
                           fillcolor="white"))
        label(x, y, sym, size=13 if len(sym) > 1 else 18)

    def num(key):
        return f"<br>{v[key]:+.2f}" if key in v else ""

    def line(x0, x1, y0, y1):
        shapes.append(dict(type="line", x0=x0, x1=x1, y0=y0, y1=y1, line=dict(color="#888", width=2)))

    # The cell-state highway along the top, then the inputs along the bottom.
    kept = v.get("f", 1.0) * min(abs(v.get("c_prev", 1.0)), 1.0)
    notes += [_arrow(0.2, 5, 2.7, 5, v.get("c_prev", 1.0), "#555"), _arrow(3.3, 5, 5.7, 5, kept, "#555"),
              _arrow(6.3, 5, 9.6, 5, v.get("c", 1.0), "#555")]
    label(0.2, 5.55, "c<sub>t−1</sub>" + (f" = {v['c_prev']:+.2f}" if v else ""), anchor="left")
    label(9.6, 5.55, "c<sub>t</sub>" + (f" = {v['c']:+.2f}" if v else ""), anchor="right")
    label(0.2, 0.35, "h<sub>t−1</sub>, x<sub>t</sub>", anchor="left")
    line(0.3, 7.5, 0.8, 0.8)

    # Gates, then how they join the highway: f scales c_{t-1}, i scales g, o scales tanh(c_t).
    for x, key, text in ((2.0, "f", "f<sub>t</sub> σ"), (4.0, "i", "i<sub>t</sub> σ"), (5.6, "g", "g<sub>t</sub> tanh"),
                         (7.2, "o", "o<sub>t</sub> σ")):
        line(x, x, 0.8, 2.0)
        box(x, 2.4, text + num(key), gate_color[key], key)
    notes += [  # arrows start at the top edge of their gate's box
        _arrow(2.0, 2.85, 2.85, 4.75, v.get("f", 0.5), gate_color["f"]),
        _arrow(4.0, 2.85, 4.65, 3.45, v.get("i", 0.5), gate_color["i"]),
        _arrow(5.6, 2.85, 4.95, 3.45, v.get("g", 0.5), gate_color["g"]),
        _arrow(4.8, 3.98, 5.85, 4.75, v.get("i", 0.5) * abs(v.get("g", 0.5)), gate_color["i"]),
        _arrow(8.2, 5.0, 8.35, 4.35, v.get("c", 0.5), "#555"),
        _arrow(8.4, 3.45, 8.4, 2.7, float(np.tanh(v.get("c", 0.5))), "#555"),
        _arrow(7.85, 2.4, 8.1, 2.4, v.get("o", 0.5), gate_color["o"]),
        _arrow(8.7, 2.4, 9.6, 2.4, v.get("h", 0.5), "#b2182b"),
    ]
    node(3.0, 5, "×")
    node(6.0, 5, "+")
    node(4.8, 3.7, "×")
    node(8.4, 3.9, "tanh")
    node(8.4, 2.4, "×")
    label(9.75, 1.75, "h<sub>t</sub>" + (f" = {v['h']:+.2f}" if v else ""), anchor="right")  # under the × node
    return shapes, notes


def diagram_layout(shapes: list[dict], notes: list[dict], *, style: Style) -> dict:
    """The cell diagram's layout around its parts: the drawing keeps its aspect, text grows in presenter mode."""
    height = PRESENT_DIAGRAM_HEIGHT if style.font_size > FONT["size"] else DIAGRAM_HEIGHT
    # min_font: on a projector no label is drawn smaller than 16 px, however narrow its column (draw.js).
    return dict(shapes=shapes, annotations=notes, height=height, margin=dict(l=5, r=5, t=5, b=5),
                meta={"min_font": 16 if style.present else 0},
                plot_bgcolor="white", showlegend=False,
                xaxis=dict(visible=False, range=[0, 10]),
                yaxis=dict(visible=False, range=[0, 5.9], scaleanchor="x", scaleratio=1))


def cell_diagram(values: dict[str, float] | None = None, links: dict[str, str] | None = None, *,
                 style: Style) -> go.Figure:
    """An LSTM cell: x_t, h_{t-1}, c_{t-1} in; the four gates; c_t, h_t out.

    values: i, f, g, o, c_prev, c, h for one unit at one step: arrows are drawn as wide as the flow, and
    boxes show the numbers. links: optional {gate: url} to make each gate's label a link.
    Shapes and annotations are collected and assigned once (Plotly validates on every add_* call).
    Text grows with the presenter type (style.font_size), and the figure with it.
    """
    shapes, notes = diagram_parts(values, links, style=style)
    fig = go.Figure()
    fig.update_layout(**diagram_layout(shapes, notes, style=style))
    return fig
