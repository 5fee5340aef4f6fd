"""Plotly figure builders of the Train page: data preview, live loss curve, forecast with the held-out part.

They take data and already-translated labels and return figures. Column names come from users' files, so
every name that reaches a figure goes through label() (Plotly reads <b>, <a href> and friends in text).
Shapes and annotations are passed as lists in one update_layout: Plotly validates the whole layout on every
add_shape / add_annotation call, which is slow for a figure redrawn twice a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.safe_text import chart_text

FONT = dict(size=14)
HISTORY_COLOR = "#333333"
TRUTH_COLOR = "#333333"
TRAIN_COLOR = "#2166ac"  # blue
VAL_COLOR = "#d6604d"  # red-orange: distinct from blue for colour-blind readers, and dashed as well
HELD_COLOR = "#e08214"  # orange
HELD_BAND = "rgba(224,130,20,0.20)"
FUTURE_COLOR = "#1b7837"  # green
FUTURE_BAND = "rgba(27,120,55,0.20)"
OTHER_COLOR = "#762a83"  # purple, dotted: the best other model beside the LSTM's orange dashes
TEST_SHADE = "rgba(120,120,120,0.10)"
PREVIEW_COLORS = ("#2166ac", "#1b7837", "#762a83", "#b2182b", "#444444", "#e08214")
MAX_POINTS = 4000  # points per line; longer series are thinned (by stride) so the browser stays quick
MAX_PREVIEW_COLUMNS = 6


label = chart_text  # a user's column name made safe and short for Plotly text (which renders a little HTML)


def _thin(index: pd.Index, *columns: np.ndarray, limit: int = MAX_POINTS):
    """Every k-th point so at most `limit` remain, always keeping the last one."""
    n = len(index)
    if n <= limit:
        return (index, *columns)
    keep = np.unique(np.r_[np.arange(0, n, int(np.ceil(n / limit))), n - 1])
    return (index[keep], *(np.asarray(c)[keep] for c in columns))


def _base_layout(height: int, **extra) -> dict:
    layout = dict(height=height, font=FONT, margin=dict(l=10, r=10, t=40, b=10), hovermode="x unified",
                  legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0))
    return layout | extra


def data_preview(df: pd.DataFrame, *, time_title: str, more_note: str = "") -> go.Figure:
    """The first columns of the loaded data, one small panel each on a shared time axis."""
    cols = list(df.columns)[:MAX_PREVIEW_COLUMNS]
    n = max(len(cols), 1)
    fig = make_subplots(rows=n, cols=1, shared_xaxes=True, vertical_spacing=0.04 if n > 1 else 0.0,
                        subplot_titles=[label(c) for c in cols] or None)
    for i, col in enumerate(cols):
        x, y = _thin(df.index, df[col].to_numpy(dtype=np.float64))
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name=label(col), showlegend=False,
                                 line=dict(color=PREVIEW_COLORS[i % len(PREVIEW_COLORS)], width=1.6)),
                      row=i + 1, col=1)
    annotations = list(fig.layout.annotations)  # the subplot titles
    for a in annotations:
        a.update(font=dict(size=13), xanchor="left", x=0)
    if more_note:
        annotations.append(dict(text=more_note, xref="paper", yref="paper", x=1, y=-0.02, yanchor="top",
                                xanchor="right", showarrow=False, font=dict(size=12, color="#666")))
    layout = _base_layout(min(110 + 130 * n, 800), annotations=annotations, hovermode="x")
    layout["margin"] = dict(l=10, r=10, t=30, b=30 if more_note else 10)
    fig.update_layout(**layout)
    fig.update_xaxes(title_text=time_title, row=n, col=1)
    return fig


def loss_curve(history: list[tuple[int, float, float]], *, train_name: str, val_name: str, epoch_title: str,
               loss_title: str, best_epoch: int | None = None, best_text: str = "") -> go.Figure:
    """Training and validation loss (MSE, scaled units) per epoch, on a log axis."""
    h = np.asarray(history, dtype=np.float64).reshape(-1, 3)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=h[:, 0], y=h[:, 1], mode="lines", name=train_name,
                             line=dict(color=TRAIN_COLOR, width=2)))
    fig.add_trace(go.Scatter(x=h[:, 0], y=h[:, 2], mode="lines", name=val_name,
                             line=dict(color=VAL_COLOR, width=2, dash="dash")))
    shapes, annotations = [], []
    if best_epoch:
        shapes.append(dict(type="line", xref="x", yref="paper", x0=best_epoch, x1=best_epoch, y0=0, y1=1,
                           line=dict(color="#666", width=1, dash="dot")))
        annotations.append(dict(text=best_text, x=best_epoch, xref="x", y=1, yref="paper", yanchor="bottom",
                                showarrow=False, font=dict(size=12, color="#444")))
    positive = h[:, 1:][np.isfinite(h[:, 1:]) & (h[:, 1:] > 0)]
    few = len(h) > 0 and float(np.nanmax(h[:, 0])) <= 10  # whole epochs: no tick at 0.5 on a short run
    fig.update_layout(**_base_layout(320, shapes=shapes, annotations=annotations),
                      xaxis=dict(title=epoch_title, rangemode="tozero", **(dict(dtick=1) if few else {})),
                      yaxis=dict(title=loss_title, type="log" if positive.size else "linear"))
    return fig


def forecast_figure(history: pd.Series, future: pd.DataFrame | None, held: pd.DataFrame | None, *,
                    names: dict[str, str], other: pd.DataFrame | None = None,
                    lstm_future: pd.DataFrame | None = None) -> go.Figure:
    """The target's history, the held-out test part (forecast and band against the truth, shaded), then the
    forecast after the last row with its interval band.

    future: columns time|step, forecast, lower, upper: the recommended model's (lstm_core.forecast.recommend), or
    the LSTM's (lstm_core.forecast.forecaster.forecast).
    held: index like `history`; truth, forecast, lower, upper (from lstm_core.forecast.forecaster.backtest), or None.
    names: translated labels: history, held_out, held_band, forecast, band, test_part, time, value, now; and
    other, the label of `other`.
    other: the best other model's held-out forecasts (index like `history`, column forecast, NaN between
    origins; lstm_core.forecast.forecaster.other_backtest), drawn dotted beside the LSTM's, or None.
    lstm_future: the LSTM's own forecast after the data when `future` is another model's (same columns), drawn
    dashed in the LSTM's orange without a band and named names["forecast_lstm"]; None when `future` is the LSTM's.
    """
    fig = go.Figure()
    x, y = _thin(history.index, history.to_numpy(dtype=np.float64))
    fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name=names["history"], line=dict(color=HISTORY_COLOR, width=1.6)))
    shapes, annotations = [], []

    def band(xs, lower, upper, fill, name, group):
        fig.add_trace(go.Scatter(x=xs, y=upper, mode="lines", line=dict(width=0), showlegend=False,
                                 hoverinfo="skip", legendgroup=group))
        fig.add_trace(go.Scatter(x=xs, y=lower, mode="lines", line=dict(width=0), fill="tonexty", fillcolor=fill,
                                 name=name, legendgroup=group, hoverinfo="skip"))

    if held is not None and len(held):
        hx, lo, hi, fc = _thin(held.index, held["lower"], held["upper"], held["forecast"])
        band(hx, lo, hi, HELD_BAND, names["held_band"], "held")
        fig.add_trace(go.Scatter(x=hx, y=fc, mode="lines", name=names["held_out"], legendgroup="held",
                                 line=dict(color=HELD_COLOR, width=2, dash="dash")))
        if other is not None and len(other):
            fig.add_trace(go.Scatter(x=other.index, y=other["forecast"], mode="lines", name=names["other"],
                                     connectgaps=False, line=dict(color=OTHER_COLOR, width=2, dash="dot")))
        x0, x1 = held.index[0], history.index[-1]
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=x0, x1=x1, y0=0, y1=1, fillcolor=TEST_SHADE,
                           line=dict(width=0), layer="below"))
        annotations.append(dict(text=names["test_part"], x=x0, xref="x", y=1, yref="paper", xanchor="left",
                                yanchor="top", showarrow=False, font=dict(size=12, color="#555")))
    if future is not None and len(future):
        fx = future.iloc[:, 0]
        if future.columns[0] == "step" and not isinstance(history.index, pd.DatetimeIndex):
            fx = history.index[-1] + fx  # steps 1..H continue the row numbers
        band(fx, future["lower"], future["upper"], FUTURE_BAND, names["band"], "future")
        # Join the forecast to the last observed point so the eye follows the line across "now".
        jx = pd.Index([history.index[-1]]).append(pd.Index(fx)) if _same_kind(history.index, fx) else pd.Index(fx)
        jy = np.r_[history.iloc[-1], future["forecast"]] if len(jx) > len(fx) else future["forecast"].to_numpy()
        fig.add_trace(go.Scatter(x=jx, y=jy, mode="lines+markers", name=names["forecast"],
                                 marker=dict(size=5), line=dict(color=FUTURE_COLOR, width=2.4)))
        if lstm_future is not None and len(lstm_future):
            ly = (np.r_[history.iloc[-1], lstm_future["forecast"]] if len(jx) > len(fx)
                  else lstm_future["forecast"].to_numpy())
            fig.add_trace(go.Scatter(x=jx, y=ly, mode="lines+markers", name=names["forecast_lstm"],
                                     marker=dict(size=4, symbol="diamond"),
                                     line=dict(color=HELD_COLOR, width=2, dash="dash")))
        shapes.append(dict(type="line", xref="x", yref="paper", x0=history.index[-1], x1=history.index[-1],
                           y0=0, y1=1, line=dict(color="#888", width=1, dash="dot")))
        annotations.append(dict(text=names["now"], x=history.index[-1], xref="x", y=0, yref="paper",
                                xanchor="right", yanchor="bottom", showarrow=False, font=dict(size=12, color="#555")))
    xaxis = dict(title=names["time"])
    recent = (len(held) if held is not None else 0) + (len(future) if future is not None else 0)
    focus = _focus_start(history.index, recent)
    if focus is not None:  # a long series: open on its recent part (double-click shows it all)
        end = fx.iloc[-1] if future is not None and len(future) else history.index[-1]
        xaxis["range"] = [focus, end]
    yaxis = dict(title=names["value"])
    if focus is not None:  # fit the value axis to what is in view, not to the whole history
        parts = [history[history.index >= focus].to_numpy(dtype=np.float64)]
        for frame in (held, future):
            if frame is not None and len(frame):
                parts += [frame["lower"].to_numpy(dtype=np.float64), frame["upper"].to_numpy(dtype=np.float64)]
        if lstm_future is not None and len(lstm_future):  # its line only: its band is not drawn
            parts.append(lstm_future["forecast"].to_numpy(dtype=np.float64))
        if other is not None and held is not None and len(held):
            parts.append(other["forecast"].to_numpy(dtype=np.float64))
        seen = np.concatenate(parts)
        seen = seen[np.isfinite(seen)]
        if seen.size:
            lo, hi = float(seen.min()), float(seen.max())
            pad = 0.05 * (hi - lo) or 1.0
            yaxis["range"] = [lo - pad, hi + pad]
    # Seven entries wrap to three rows at 1366 px and more on a phone: above the plot they ran under the modebar, so
    # they go below it, anchored to the figure's bottom edge (yref "container"), where they push the plot up instead
    # of overlapping the time axis's title and running out of the figure (a third row was cut off at y=-0.22).
    legend = dict(orientation="h", yanchor="bottom", y=0, yref="container", xanchor="left", x=0)
    fig.update_layout(**_base_layout(480, shapes=shapes, annotations=annotations, legend=legend), xaxis=xaxis,
                      yaxis=yaxis)
    return fig


def _focus_start(index: pd.Index, recent: int):
    """Where the view starts: 3x the held-out part and the forecast back from the end (at least 48 steps), when
    that is at most half the history, so the forecast is not a sliver at the edge of a phone's chart; None to show
    it all (double-click shows it all too)."""
    span = max(3 * recent, 48)
    if recent == 0 or len(index) < 2 * span:
        return None
    return index[-span]


def _same_kind(index: pd.Index, future_x: pd.Series) -> bool:
    """The future axis continues the history's (both times, or both numbers)."""
    return isinstance(index, pd.DatetimeIndex) == pd.api.types.is_datetime64_any_dtype(future_x)


# Plotly names months and days in English ("Jan 2020"); in Chinese the date axis uses numeric formats with
# 年/月/日 instead, at every zoom level (dtickrange in milliseconds, "M1"/"M12" for one month / one year).
ZH_DATE_TICKS = [
    dict(dtickrange=[None, 1000], value="%H:%M:%S.%L"),
    dict(dtickrange=[1000, 60_000], value="%H:%M:%S"),
    dict(dtickrange=[60_000, 86_400_000], value="%H:%M<br>%m月%d日"),
    dict(dtickrange=[86_400_000, "M1"], value="%m月%d日<br>%Y年"),
    dict(dtickrange=["M1", "M12"], value="%Y年%m月"),
    dict(dtickrange=["M12", None], value="%Y年"),
]
ZH_DATE_HOVER = "%Y年%m月%d日 %H:%M"


def localize_dates(fig: go.Figure, index: pd.Index, language: str) -> go.Figure:
    """Chinese date labels on the time axes when the data is dated and the user reads Chinese."""
    if language == "zh" and isinstance(index, pd.DatetimeIndex):
        fig.update_xaxes(tickformatstops=ZH_DATE_TICKS, hoverformat=ZH_DATE_HOVER)
    return fig
