"""Figures of the gate replay: the heatmaps of one snapshot (ui.figures.heatmap_base with one colour range for the
cell state over the whole replay) and the loss curve with the shown epoch marked.

They take arrays and already-translated labels and return figures; shapes are assigned in one go (Plotly validates
every assignment).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from lstm_core.lstm.trace import GateTrace
from ui.figures import CURSOR_INNER, CURSOR_OUTER, ROWS, cell_range, heatmap_base
from ui.style import Style

TRAIN_COLOR = "#2166ac"  # blue, as on the Train page's loss chart
VAL_COLOR = "#d6604d"  # red-orange and dashed: tells apart in colour and in grey
MARK_COLOR = "#b35806"
TICK_COLOR = "#888888"


def replay_heatmaps(tr: GateTrace, layer: int, *, cell_max: float, symbols: list[str] | None = None,
                    input_names: list[str] | None = None, focus: str | None = None, focus_unit: int | None = None,
                    style: Style) -> go.Figure:
    """Input, i, f, g, o, c, h of one snapshot. cell_max: max |c| over the replay, so c's colours compare across
    epochs. focus, focus_unit: the gate and unit (row of the heatmap) that changed most, outlined across time."""
    fig = heatmap_base(tr, layer, symbols=symbols, input_names=input_names, focus=focus, style=style)
    m = cell_range(np.array([cell_max]))
    fig.update_layout(font=dict(size=style.font_size),
                      coloraxis3=dict(cmin=-m, cmax=m,
                                      colorbar=dict(title=dict(text=style.t("scale.cell", m=f"{m:g}")))))
    fig.layout.shapes = focus_shapes(fig.layout.meta["heatmap_rows"], tr.steps, focus, focus_unit)
    return fig


def focus_shapes(heatmap_rows: list[int], steps: int, focus: str | None, focus_unit: int | None) -> list[dict]:
    """A black-and-white box along the whole row of the unit that changed most (none without a focus)."""
    if focus not in ROWS or focus_unit is None:
        return []
    r = heatmap_rows[ROWS.index(focus)]
    return [dict(type="rect", xref=f"x{r}", yref=f"y{r}", x0=-0.5, x1=steps - 0.5, y0=focus_unit - 0.5,
                 y1=focus_unit + 0.5, line=dict(color=color, width=width))
            for color, width in ((CURSOR_OUTER, 3), (CURSOR_INNER, 1))]


def _history(history: list[tuple[int, float | None, float | None]]) -> np.ndarray:
    """(epoch, train, val) rows as floats, NaN where a loss is missing."""
    return np.array([(e, np.nan if a is None else a, np.nan if b is None else b) for e, a, b in history],
                    dtype=np.float64).reshape(-1, 3)


def loss_marks(h: np.ndarray, epoch: int, recorded: list[int], *, names: dict[str, str],
               style: Style) -> tuple[dict | None, list[dict], list[dict]]:
    """What marks the shown epoch on the loss curve, as plain dicts: a dot on each curve that has a value there
    (a Scatter's arguments, or None), a tick at every recorded epoch and a line at the shown one, and its label."""
    marker = None
    row = h[h[:, 0] == epoch]
    if len(row):
        ys = [float(v) for v in row[0, 1:] if np.isfinite(v)]
        if ys:
            marker = dict(x=[epoch] * len(ys), y=ys, mode="markers", name=names["shown"],
                          marker=dict(size=12, color=MARK_COLOR, line=dict(color="white", width=2)))
    shapes = [dict(type="line", xref="x", yref="paper", x0=e, x1=e, y0=0, y1=0.05, line=dict(color=TICK_COLOR, width=1))
              for e in recorded]
    shapes.append(dict(type="line", xref="x", yref="paper", x0=epoch, x1=epoch, y0=0, y1=1,
                       line=dict(color=MARK_COLOR, width=2)))
    notes = [dict(text=f"{names['shown']}: {epoch}", x=epoch, xref="x", y=1, yref="paper", yanchor="bottom",
                  showarrow=False, font=dict(size=style.font_size - 2, color=MARK_COLOR))]
    return marker, shapes, notes


def loss_replay(history: list[tuple[int, float | None, float | None]], epoch: int, recorded: list[int], *,
                names: dict[str, str], kept: int | None = None, style: Style) -> go.Figure:
    """The loss per epoch (or step) on a log axis, a line at the shown epoch, a tick at every recorded one.

    history: (epoch, train_loss or None, val_loss or None). names: train, val, x, y, shown, kept.
    kept: the epoch whose weights the model kept (a forecaster's best), marked when given.
    """
    h = _history(history)
    fig = go.Figure()
    for col, name, color, dash in ((1, names["train"], TRAIN_COLOR, "solid"), (2, names["val"], VAL_COLOR, "dash")):
        if np.isfinite(h[:, col]).any():
            fig.add_trace(go.Scatter(x=h[:, 0], y=h[:, col], mode="lines", name=name,
                                     line=dict(color=color, width=2, dash=dash)))
    marker, shapes, notes = loss_marks(h, epoch, recorded, names=names, style=style)
    if marker is not None:
        fig.add_trace(go.Scatter(**marker))
    last = float(np.nanmax(h[:, 0])) if len(h) else 0.0
    if kept is not None:
        shapes.append(dict(type="line", xref="x", yref="paper", x0=kept, x1=kept, y0=0, y1=1,
                           line=dict(color="#666", width=1, dash="dot")))
        # Beside its line, on the side with room: past the middle of the axis the label goes to the left.
        right_half = kept > last / 2
        notes.append(dict(text=names["kept"], x=kept, xref="x", y=0.93, yref="paper",
                          xanchor="right" if right_half else "left", xshift=-6 if right_half else 6,
                          showarrow=False, font=dict(size=style.font_size - 3, color="#444"),
                          bgcolor="rgba(255,255,255,0.8)"))
    positive = h[:, 1:][np.isfinite(h[:, 1:]) & (h[:, 1:] > 0)]
    log_y = dict(type="log")
    if positive.size and positive.max() >= 10 * positive.min():
        log_y["dtick"] = 1  # one label a decade; a curve within one decade keeps Plotly's finer labels
    fig.update_layout(
        height=360, font=dict(size=style.font_size), margin=dict(l=10, r=10, t=40, b=10), shapes=shapes,
        annotations=notes, hovermode="x unified", plot_bgcolor="white",
        legend=dict(orientation="h", yanchor="top", y=-0.4, xanchor="left", x=0),  # under the axis title
        xaxis=dict(title=names["x"], rangemode="tozero", showgrid=True, gridcolor="#eee",
                   **(dict(dtick=1) if last <= 10 else {})),  # whole epochs: no tick at 0.5
        yaxis=dict(title=names["y"], showgrid=True, gridcolor="#eee", **(log_y if positive.size else {})),
    )
    return fig
