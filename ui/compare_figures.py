"""Figures of the Why-gates page: gradient reaching back k steps, accuracy against the delay, gate heatmaps.

They take NumPy arrays and already-translated labels. One colour per model throughout the page, from the
Okabe-Ito palette (apart in every common kind of colour blindness): RNN vermillion, LSTM blue, GRU green.
Heatmaps follow ui/figures.py: Inferno for gates in [0, 1], RdBu for values in [-1, 1] (the LSTM's cell
state on its own symmetric range), colour bars that say in words what the colour means.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.figures import GATE_SCALE, VALUE_SCALE, cell_range
from ui.style import Style

# The architectures' names are written the same in English and Chinese (like the symbols r, z, n), so they are
# constants, not UI strings.
MODEL_NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
MODEL_COLORS = {"rnn": "#d55e00", "lstm": "#0072b2", "gru": "#009e73"}
MODEL_DASH = {"rnn": "solid", "lstm": "dash", "gru": "dashdot"}  # told apart without colour too
MODEL_MARKER = {"rnn": "circle", "lstm": "square", "gru": "diamond"}
VALUE_COLOR, FLAG_COLOR, OUT_COLOR = "#444444", "#cc79a7", "#b35806"


def _layout(fig: go.Figure, height: int, *, style: Style, **extra) -> None:
    fig.update_layout(height=height, font=dict(size=style.font_size), plot_bgcolor="white",
                      hoverlabel=dict(font_size=14), legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
                      **extra)


def gradient_figure(k: np.ndarray, curves: dict[str, dict[str, np.ndarray]], names: dict[str, str],
                    state_names: dict[str, str], runs: dict[str, np.ndarray] | None = None, *,
                    style: Style) -> go.Figure:
    """||∂h_T/∂x_{T−k}|| against k on a log axis: one colour per model, dotted before training, thick after.

    curves[kind][state]: (len(k),) with state "untrained" or "trained" (the median over runs). runs[kind]:
    (runs, len(k)) after training, drawn as thin lines so a run unlike the others stays visible.
    state_names[state]: a legend template with {model}, e.g. "{model}, before training".
    """
    fig = go.Figure()
    for kind, by_state in curves.items():
        for r, row in enumerate(runs.get(kind, ()) if runs else ()):
            fig.add_trace(go.Scatter(x=k, y=row, mode="lines", line=dict(color=MODEL_COLORS[kind], width=1),
                                     opacity=0.35, showlegend=False, legendgroup=f"{kind}.trained",
                                     hovertemplate=f"{names[kind]} ({r + 1})<br>k = %{{x}}: %{{y:.2e}}<extra></extra>"))
        for state in ("untrained", "trained"):
            label = state_names[state].format(model=names[kind])
            fig.add_trace(go.Scatter(
                x=k, y=by_state[state], mode="lines", name=label, legendgroup=f"{kind}.{state}",
                line=dict(color=MODEL_COLORS[kind], width=4 if state == "trained" else 2.5,
                          dash=MODEL_DASH[kind] if state == "trained" else "dot"),
                hovertemplate=f"{label}<br>k = %{{x}}: %{{y:.2e}}<extra></extra>"))
    # The axis follows the medians: a single run that latched hard can fall to 1e-300 and would squash the rest.
    medians = np.concatenate([np.ravel(v) for by_state in curves.values() for v in by_state.values()])
    lo = float(np.floor(np.log10(max(medians.min(), 1e-300)))) - 3
    hi = float(np.ceil(np.log10(max(medians.max(), 1e-300)))) + 0.5
    if runs and any(np.min(r) < 10**lo for r in runs.values()):
        fig.add_annotation(text=style.t("cmp.fig.off_chart"), x=1, xref="paper", xanchor="right", y=lo, yref="y",
                           yanchor="bottom", showarrow=False, font=dict(color="#555555", size=style.font_size - 3))
    _layout(fig, 500 if style.present else 460, style=style, margin=dict(l=80, r=20, t=80, b=55),
            xaxis=dict(title=style.t("cmp.fig.k"), showgrid=False, zeroline=False),
            yaxis=dict(title=style.t("cmp.fig.grad"), type="log", exponentformat="power", gridcolor="#eeeeee",
                       range=[lo, hi]))
    return fig


def accuracy_figure(delays: tuple[int, ...], tables: dict[str, np.ndarray], names: dict[str, str],
                    trained_up_to: int | None = None, runs_label: str | None = None, *, style: Style) -> go.Figure:
    """Accuracy (0.5 = guessing) against the delay, one colour per model.

    tables[kind]: (runs, delays). The mean over runs is drawn thick; when there are several runs, each run is a
    thin line too, so an all-or-nothing outcome is not averaged into a misleading middle. trained_up_to: the
    longest delay seen in training; longer delays are shaded.
    """
    fig = go.Figure()
    x = np.asarray(delays)
    for order, (kind, table) in enumerate(tables.items()):
        color = MODEL_COLORS[kind]
        # Lines that coincide (two models both at 100%) stay visible: each later model is drawn thinner on top.
        width, size = (8, 5.5, 3)[min(order, 2)], (15, 11, 7)[min(order, 2)]
        if table.shape[0] > 1:
            for r, row in enumerate(table):
                fig.add_trace(go.Scatter(
                    x=x, y=row, mode="lines", line=dict(color=color, width=1), opacity=0.45, showlegend=False,
                    legendgroup=kind,
                    hovertemplate=f"{names[kind]}, {runs_label or ''} {r + 1}<br>%{{x}}: %{{y:.0%}}<extra></extra>"))
        fig.add_trace(go.Scatter(
            x=x, y=table.mean(axis=0), mode="lines+markers", name=names[kind], legendgroup=kind,
            line=dict(color=color, width=width), marker=dict(size=size, symbol=MODEL_MARKER[kind]),
            hovertemplate=f"{names[kind]}<br>%{{x}}: %{{y:.0%}}<extra></extra>"))
    fig.add_hline(y=0.5, line=dict(color="#888888", width=1.5, dash="dot"),
                  annotation=dict(text=style.t("cmp.fig.chance"), xanchor="right", x=1, yanchor="bottom",
                                  font=dict(color="#555555", size=style.font_size - 2)))
    if trained_up_to is not None and x.max() > trained_up_to:
        fig.add_vrect(x0=trained_up_to, x1=float(x.max()) + 2, fillcolor="#999999", opacity=0.12, line_width=0,
                      annotation=dict(text=style.t("cmp.fig.untrained_region"), xanchor="left", x=trained_up_to,
                                      yanchor="bottom", y=0.0, font=dict(color="#444444", size=style.font_size - 3)))
    _layout(fig, 430 if style.present else 400, style=style, margin=dict(l=80, r=20, t=70, b=55),
            xaxis=dict(title=style.t("cmp.fig.delay"), showgrid=False, tickvals=list(x) if len(x) <= 6 else None),
            yaxis=dict(title=style.t("cmp.fig.accuracy"), range=[0.0, 1.05], tickformat=".0%", gridcolor="#eeeeee"))
    return fig


@dataclass
class Panel:
    """One heatmap row: its translated label, the values (T, units), and how to colour them."""

    label: str
    values: np.ndarray  # (T, H)
    kind: str  # "gate" ([0, 1]), "value" ([-1, 1]) or "cell" (own symmetric range)
    name: str  # the symbol shown on hover (r, z, n, h, ...)


def state_heatmaps(x: np.ndarray, panels: list[Panel], prob: np.ndarray, input_names: tuple[str, str],
                   out_label: str, x_label: str, marked: np.ndarray | None = None, *, style: Style) -> go.Figure:
    """The input on top (the value as a line, the flag as markers), one (units × time) heatmap per panel, then
    the model's answer at every step, P(bit = +1), all on one time axis.

    x: (T, 2); panels: in drawing order; prob: (T,). marked: unit numbers to label on every heatmap's axis (the
    units the page's reading talks about); the others stay unlabelled so 16 rows do not become a wall of digits.
    """
    T = x.shape[0]
    H = panels[0].values.shape[1]
    grow = 1.25 if style.present else 1.0
    row_px = int(np.clip(14 * H, 120, 200) * grow)
    px = [int(95 * grow)] + [row_px] * len(panels) + [int(95 * grow)]
    fig = make_subplots(rows=len(px), cols=1, shared_xaxes=True, vertical_spacing=0.014,
                        row_heights=[p / sum(px) for p in px])
    steps = np.arange(T)
    value_name, flag_name = input_names
    fig.add_trace(go.Scatter(x=steps, y=x[:, 0], mode="lines+markers", name=value_name,
                             line=dict(color=VALUE_COLOR, width=1.5), marker=dict(size=5),
                             hovertemplate=f"t=%{{x}}: {value_name} = %{{y:+.0f}}<extra></extra>"), row=1, col=1)
    flagged = np.flatnonzero(x[:, 1] > 0.5)
    fig.add_trace(go.Scatter(x=flagged, y=x[flagged, 0], mode="markers", name=flag_name,
                             marker=dict(size=16, symbol="star", color=FLAG_COLOR, line=dict(color="black", width=1)),
                             hovertemplate=f"t=%{{x}}: {flag_name}<extra></extra>"), row=1, col=1)
    fig.update_yaxes(range=[-1.6, 1.6], tickvals=[-1, 1], ticktext=["−1", "+1"], gridcolor="#eeeeee", row=1, col=1)

    gate_scale, value_scale = style.scales(GATE_SCALE, VALUE_SCALE)
    axes, used = {}, {}
    small = style.font_size - 1  # row labels, colour-bar titles, legend: a step below the axis text (projector too)
    bar = dict(thickness=14, x=1.01, xanchor="left", title=dict(side="right", font=dict(size=small)))
    for r, p in enumerate(panels, start=2):
        key = p.kind if p.kind != "cell" else f"cell{r}"
        if key not in used:
            used[key] = f"coloraxis{'' if not used else len(used) + 1}"
            domain = fig.get_subplot(r, 1).yaxis.domain
            if p.kind == "gate":
                spec = dict(colorscale=gate_scale, cmin=0, cmax=1, title_text=style.t("scale.gate"))
            else:
                m = 1.0 if p.kind == "value" else cell_range(p.values)
                text = style.t("scale.value") if p.kind == "value" else style.t("scale.cell", m=f"{m:g}")
                spec = dict(colorscale=value_scale, cmin=-m, cmax=m, reversescale=True, title_text=text)
            title = {**bar["title"], "text": spec.pop("title_text")}
            axes[used[key]] = dict(**spec, colorbar={**bar, "title": title, "y": sum(domain) / 2,
                                                     "len": min(0.35, (domain[1] - domain[0]) * 1.6)})
        fig.add_trace(go.Heatmap(z=p.values.T, x=steps, y=np.arange(H), coloraxis=used[key],
                                 hovertemplate=style.t("hover.value", name=p.name) + "<extra></extra>"), row=r, col=1)
        ticks = [int(u) for u in marked] if marked is not None else []
        fig.update_yaxes(autorange="reversed", showticklabels=bool(ticks), tickvals=ticks,
                         ticktext=[f"{u} ▸" for u in ticks], tickfont=dict(size=small - 2), ticks="", row=r, col=1)

    r_out = len(px)
    fig.add_trace(go.Scatter(x=steps, y=prob, mode="lines+markers", name=out_label, showlegend=False,
                             line=dict(color=OUT_COLOR, width=2.5), marker=dict(size=4),
                             hovertemplate=f"t=%{{x}}: {out_label} = %{{y:.3f}}<extra></extra>"), row=r_out, col=1)
    fig.update_yaxes(range=[-0.05, 1.05], tickvals=[0, 0.5, 1], gridcolor="#eeeeee", row=r_out, col=1)

    labels = []  # row labels in the left margin, horizontal so they read on a projector
    for r, text in enumerate([x_label, *(p.label for p in panels), out_label], start=1):
        domain = fig.get_subplot(r, 1).yaxis.domain
        labels.append(dict(text=text.replace(" ", "<br>", 1) if len(text) > 12 else text, x=0, xref="paper",
                           xanchor="right", xshift=-42, y=sum(domain) / 2, yref="paper", showarrow=False,
                           font=dict(size=small), align="right"))
    fig.update_layout(annotations=labels, height=sum(px) + 90, margin=dict(l=150 * small // 14, r=100, t=30, b=50),
                      font=dict(size=style.font_size), plot_bgcolor="white", hoverlabel=dict(font_size=14),
                      legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", font=dict(size=small - 1)), **axes)
    fig.update_xaxes(range=[-0.5, T - 0.5], showgrid=False)
    fig.update_xaxes(title_text=style.t("axis.step"), row=r_out, col=1)
    return fig
