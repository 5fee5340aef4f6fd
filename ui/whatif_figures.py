"""The what-if comparison: the model's output in the original run and the what-if run on one time axis, and
how far c and h moved (what-if − original) as diverging heatmaps. Red and blue say which way, white: unchanged."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lstm_core.lstm.trace import GateTrace
from ui.figures import CURSOR_OUTER, GATE_SCALE, VALUE_SCALE, cell_range
from ui.style import Style

ORIGINAL_COLOR, WHATIF_COLOR = "#555555", "#d95f02"  # grey and orange: apart in every kind of colour blindness


def difference_panels(orig: GateTrace, new: GateTrace, layer: int, *, style: Style) -> dict[str, np.ndarray]:
    """Δc and Δh of a layer, (T, H) each, keyed by their translated labels."""
    return {style.t("whatif.delta", name=style.t(f"gate.{k}")): getattr(new, k)[layer] - getattr(orig, k)[layer]
            for k in "ch"}


def whatif_figure(orig: GateTrace, new: GateTrace, layer: int, out_orig: np.ndarray | None,
                  out_new: np.ndarray | None, start: int, unit: int | None, *, style: Style) -> go.Figure:
    """Output (both runs) on top when the model has one, then Δc and Δh (units × time), the intervention's first
    step marked by a dashed line and the clamped unit (if any) by a box on the heatmaps."""
    T, H = new.steps, new.hidden_size
    panels = difference_panels(orig, new, layer, style=style)
    has_out = out_orig is not None and out_new is not None
    rows = (1 if has_out else 0) + len(panels)
    px = ([140] if has_out else []) + [int(np.clip(18 * H, 80, 190))] * len(panels)
    fig = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=0.09,
                        row_heights=[p / sum(px) for p in px],
                        subplot_titles=([style.t("gate.out")] if has_out else []) + list(panels))
    # Titles at the left edge on a white ground, so the dotted start line never runs through them.
    fig.update_annotations(x=0, xanchor="left", bgcolor="rgba(255,255,255,0.85)")
    steps = np.arange(T)
    if has_out:
        for values, color, name, dash in ((out_orig, ORIGINAL_COLOR, style.t("whatif.original"), "solid"),
                                          (out_new, WHATIF_COLOR, style.t("whatif.changed"), "dash")):
            fig.add_trace(go.Scatter(x=steps, y=values[:, 0], mode="lines", name=name,
                                     line=dict(color=color, width=3, dash=dash),
                                     hovertemplate=f"{name}, t=%{{x}}: %{{y:.3f}}<extra></extra>"), row=1, col=1)
    m = max(cell_range(d) for d in panels.values())
    first = 2 if has_out else 1
    for r, (label, delta) in enumerate(panels.items(), start=first):
        fig.add_trace(go.Heatmap(z=delta.T, x=steps, y=np.arange(H), coloraxis="coloraxis",
                                 hovertemplate=style.t("hover.value", name=label) + "<extra></extra>"), row=r, col=1)
        fig.update_yaxes(autorange="reversed", showticklabels=H <= 16, dtick=1 if H <= 16 else None, row=r, col=1)
    shapes = [dict(type="line", xref="x", yref="paper", x0=start - 0.5, x1=start - 0.5, y0=0, y1=1,
                   line=dict(color=CURSOR_OUTER, width=2, dash="dot"))]
    if unit is not None:
        for r in range(first, rows + 1):
            shapes.append(dict(type="rect", xref=f"x{r}", yref=f"y{r}", x0=start - 0.5, x1=T - 0.5,
                               y0=unit - 0.5, y1=unit + 0.5, line=dict(color=CURSOR_OUTER, width=2)))
    _, value_scale = style.scales(GATE_SCALE, VALUE_SCALE)  # the high-contrast one on a projector, as in the heatmaps
    fig.update_layout(
        height=sum(px) + 160, margin=dict(l=50, r=96, t=40, b=45), font=dict(size=style.font_size),
        plot_bgcolor="white", shapes=shapes,
        coloraxis=dict(colorscale=value_scale, cmin=-m, cmax=m, reversescale=True,
                       colorbar=dict(thickness=14, len=0.6, y=0.35, title=dict(
                           text=style.t("whatif.scale", m=f"{m:g}"), side="right",
                           font=dict(size=max(13, style.font_size - 3))))),
        legend=dict(orientation="h", x=0.5, xanchor="center", y=1.02, yanchor="bottom"),  # between title and modebar
    )
    fig.update_xaxes(range=[-0.5, T - 0.5], showgrid=False)
    fig.update_xaxes(title_text=style.t("axis.step"), row=rows, col=1)
    return fig
