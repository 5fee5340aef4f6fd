"""Figures of the Spot-the-bug page: the right and the wrong version side by side, on one scale.

- cell_compare_figure: the model's output (both versions) on top, then the states a cell mistake changes as
  (units × time) heatmaps, right on the left and the mistake on the right, each row on one colour scale so the
  two sides can be compared by eye.
- forecast_figure: held-out months, actual vs forecasts, with the training maximum drawn as a line.
- windows_figure: the last windows of the training part, the one the off-by-one loop never makes dashed.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lstm_core.lessons.mistakes import CellComparison
from ui.figures import GATE_SCALE, VALUE_SCALE, cell_range
from ui.i18n import t
from ui.style import Style

RIGHT_COLOR, WRONG_COLOR = "#555555", "#d95f02"  # grey and orange: apart in every kind of colour blindness
ACTUAL_COLOR = "#1f1f1f"
INPUT_COLOR, TARGET_COLOR = "#4a7fb0", "#d95f02"


def side_label(side: str, *, style: Style) -> str:
    return style.t(f"spot.side_{side}")


def cell_panels(cmp: CellComparison, affected: tuple[str, ...], *, style: Style) -> dict[str, np.ndarray]:
    """The heatmaps' numbers, (T, H) each, in drawing order, keyed by their translated labels."""
    panels = {}
    for k in affected:
        for side in ("right", "wrong"):
            states = cmp.right if side == "right" else cmp.wrong
            panels[style.t("spot.panel", name=style.t(f"gate.{k}"), side=side_label(side, style=style))] = states[k]
    return panels


def _row_range(k: str, cmp: CellComparison) -> float:
    """One symmetric colour range for both sides of a row: ±1 for g and a squashed h, wider when values are."""
    both = np.concatenate([cmp.right[k].ravel(), cmp.wrong[k].ravel()])
    return 1.0 if k == "g" else cell_range(both)


def cell_compare_figure(cmp: CellComparison, affected: tuple[str, ...], *, style: Style) -> go.Figure:
    """Right version in the left column, the mistake in the right one, on shared time axes: the model's output on
    top (when the model has a read-out; the right output is repeated faintly on the wrong side for reference),
    then one row of heatmaps per affected state, each row on one colour scale for both sides."""
    T, H = cmp.right["h"].shape
    has_out = cmp.out_right is not None and cmp.out_wrong is not None
    grow = 1.3 if style.present else 1.0  # larger on a projector
    heat_px = int(np.clip(30 * H, 160, 240) * grow)
    px = ([int(160 * grow)] if has_out else []) + [heat_px] * len(affected)
    # The side is named once above its column and the state once on the left of its row: per-panel titles such
    # as "hidden state h, with the bug" ran into each other where a column is 90 px wide (a phone).
    sides = [side_label(side, style=style) for side in ("right", "wrong")]
    rows = ([style.t("gate.out")] if has_out else []) + [style.t(f"gate.{k}") for k in affected]
    fig = make_subplots(rows=len(px), cols=2, shared_xaxes=True, row_heights=[p / sum(px) for p in px],
                        vertical_spacing=0.05, horizontal_spacing=0.05, column_titles=sides)
    steps = np.arange(T)
    if has_out:
        both = np.concatenate([cmp.out_right[:, 0], cmp.out_wrong[:, 0]])
        pad = 0.1 * max(float(both.max() - both.min()), 1.0)
        y_range = [float(both.min()) - pad, float(both.max()) + pad]
        name_r, name_w = side_label("right", style=style), side_label("wrong", style=style)
        fig.add_trace(go.Scatter(x=steps, y=cmp.out_right[:, 0], mode="lines", name=name_r,
                                 line=dict(color=RIGHT_COLOR, width=3),
                                 hovertemplate=f"{name_r}, t=%{{x}}: %{{y:+.3f}}<extra></extra>"), row=1, col=1)
        fig.add_trace(go.Scatter(x=steps, y=cmp.out_right[:, 0], mode="lines", name=name_r, showlegend=False,
                                 line=dict(color=RIGHT_COLOR, width=1.5, dash="dot"), opacity=0.6,
                                 hovertemplate=f"{name_r}, t=%{{x}}: %{{y:+.3f}}<extra></extra>"), row=1, col=2)
        fig.add_trace(go.Scatter(x=steps, y=cmp.out_wrong[:, 0], mode="lines", name=name_w,
                                 line=dict(color=WRONG_COLOR, width=3),
                                 hovertemplate=f"{name_w}, t=%{{x}}: %{{y:+.3f}}<extra></extra>"), row=1, col=2)
        fig.update_yaxes(title_text=rows[0], row=1, col=1)
        for col in (1, 2):
            fig.update_yaxes(range=y_range, zeroline=True, zerolinecolor="#bbbbbb", gridcolor="#eeeeee", row=1,
                             col=col, showticklabels=col == 1)
    _, value_scale = style.scales(GATE_SCALE, VALUE_SCALE)
    first = 2 if has_out else 1
    axes = {}
    for r, k in enumerate(affected, start=first):
        m = _row_range(k, cmp)
        axis = f"coloraxis{'' if r == first else r - first + 1}"
        for col, states in ((1, cmp.right), (2, cmp.wrong)):
            fig.add_trace(go.Heatmap(z=states[k].T, x=steps, y=np.arange(H), coloraxis=axis,
                                     hovertemplate=style.t("hover.value", name=k) + "<extra></extra>"), row=r, col=col)
            # Units are numbered on the left side only: both sides share them, and a phone needs the width.
            fig.update_yaxes(autorange="reversed", dtick=1 if H <= 16 else None, showticklabels=H <= 16 and col == 1,
                             title_text=style.t("spot.row_title", name=rows[r - 1]) if col == 1 else None,
                             row=r, col=col)
        domain = fig.get_subplot(r, 1).yaxis.domain
        axes[axis] = dict(colorscale=value_scale, cmin=-m, cmax=m, reversescale=True,
                          colorbar=dict(thickness=14, len=(domain[1] - domain[0]) * 1.05, y=sum(domain) / 2,
                                        x=1.01, xanchor="left",
                                        title=dict(text=style.t("spot.scale_range", name=k, m=f"{m:g}"), side="right",
                                                   font=dict(size=max(13, style.font_size - 3)))))
    fig.update_annotations(font=dict(size=style.font_size, color="#222222"))  # the column titles
    fig.update_layout(height=sum(px) + 170, margin=dict(l=90, r=110, t=60, b=50), font=dict(size=style.font_size),
                      plot_bgcolor="white",
                      # At the top of the figure, above the subplot titles (a bottom anchor at the container's top
                      # would put it outside the figure, where nobody sees what the dotted line is).
                      legend=dict(orientation="h", x=0, y=1.0, yanchor="top", xref="container", yref="container"),
                      hoverlabel=dict(font_size=14), **axes)
    fig.update_xaxes(range=[-0.5, T - 0.5], showgrid=False)
    fig.update_xaxes(title_text=style.t("axis.step"), row=len(px), col=1)  # one title: the sides share the axis
    return fig


def forecast_figure(dates: list[str], actual: list[float], lines: list[tuple[str, list[float], str, str]],
                    ceiling: float | None = None, *, style: Style) -> go.Figure:
    """Actual held-out values and forecasts (label, values, colour, dash), with an optional training-maximum line."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=dates, y=actual, mode="lines+markers", name=style.t("spot.fig.actual"),
                             line=dict(color=ACTUAL_COLOR, width=3), marker=dict(size=5),
                             hovertemplate="%{x|%Y-%m}: %{y:.0f}<extra></extra>"))
    for label, values, color, dash in lines:
        fig.add_trace(go.Scatter(x=dates, y=values, mode="lines", name=label,
                                 line=dict(color=color, width=3, dash=dash),
                                 hovertemplate=f"{label}, %{{x|%Y-%m}}: %{{y:.0f}}<extra></extra>"))
    if ceiling is not None:
        fig.add_hline(y=ceiling, line=dict(color="#7b3294", width=2, dash="dot"),
                      annotation=dict(text=style.t("spot.fig.train_max", v=ceiling), font=dict(color="#7b3294"),
                                      xanchor="left", x=0, yanchor="bottom"))
    fig.update_layout(height=420, margin=dict(l=70, r=20, t=40, b=50), font=dict(size=style.font_size),
                      plot_bgcolor="white", hoverlabel=dict(font_size=14),
                      legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
                      # months as numbers, never English month names
                      xaxis=dict(title=style.t("spot.fig.month"), showgrid=False, tickformat="%Y-%m"),
                      yaxis=dict(title=style.t("spot.fig.passengers"), gridcolor="#eeeeee"))
    return fig


def windows_figure(dates: list[str], starts: list[int], lost: list[int], window: int, horizon: int, *,
                   style: Style) -> go.Figure:
    """One bar per window (inputs then target) for the given start rows; the lost ones dashed and labelled."""
    fig = go.Figure()
    shown = sorted(set(starts) | set(lost))
    legend_done: set[str] = set()
    for s in shown:
        is_lost = s in lost
        label = style.t("spot.obo.window", k=s)
        for first, last, color, key in ((s, s + window - 1, INPUT_COLOR, "spot.obo.inputs"),
                                        (s + window, s + window + horizon - 1, TARGET_COLOR, "spot.obo.targets")):
            name = t(key)
            fig.add_trace(go.Scatter(
                x=[dates[first], dates[last]], y=[label, label], mode="lines+markers", name=name,
                legendgroup=key, showlegend=key not in legend_done and not is_lost,
                line=dict(color=color, width=14 if not is_lost else 3, dash="dot" if is_lost else "solid"),
                marker=dict(size=14, color=color, symbol="square-open" if is_lost else "square",
                            line=dict(width=2, color=color)),
                hovertemplate=f"{label}: {name}, %{{x|%Y-%m}}<extra></extra>"))
            legend_done.add(key)
        if is_lost:
            fig.add_annotation(x=dates[s + window + horizon - 1], y=label, text=f"<b>{style.t('spot.obo.lost')}</b>",
                               showarrow=False, xanchor="left", xshift=14, font=dict(color=TARGET_COLOR))
    fig.update_layout(height=110 + 52 * len(shown), margin=dict(l=110, r=190, t=50, b=50),
                      font=dict(size=style.font_size), plot_bgcolor="white",
                      legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
                      xaxis=dict(title=style.t("spot.fig.month"), gridcolor="#eeeeee", tickformat="%Y-%m"),
                      yaxis=dict(autorange="reversed", showgrid=False))
    return fig
