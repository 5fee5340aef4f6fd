"""Every heatmap leaves the app three ways: a PNG (the chart's camera button), a CSV of its numbers, and a
one-line text summary per panel that a screen reader reads out (and a student can skim).

Pages call show_heatmaps(fig, panels, file_stem, key); panels maps a translated label to a (T, units) array,
the same layout as lstm_core.lstm.trace.GateTrace.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from lstm_core.forecast.modelfile import escape_formula
from ui.i18n import t
from ui.presenter import chart, presenting

_MODEBAR_HIDDEN = ["lasso2d", "select2d", "autoScale2d", "toggleSpikelines"]


def chart_config(file_stem: str, *, modebar: bool = True) -> dict:
    """Plotly config whose camera button saves a sharp PNG named after the view (file_stem.png)."""
    return {
        "displaylogo": False,
        "displayModeBar": modebar,
        "modeBarButtonsToRemove": _MODEBAR_HIDDEN,
        "toImageButtonOptions": {"format": "png", "filename": file_stem, "scale": 2},
    }


def panels_csv(panels: Mapping[str, np.ndarray]) -> bytes:
    """Long-format CSV of every panel: one row per (panel, step, unit), values to 7 significant digits.

    Long format loads straight into a spreadsheet pivot or pandas; labels go through escape_formula so a label can
    never start a spreadsheet formula.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["panel", "step", "unit", "value"])
    for label, values in panels.items():
        values = np.asarray(values, dtype=np.float64)
        if values.ndim == 1:
            values = values[:, None]
        name = escape_formula(label)
        for step, row in enumerate(values):
            writer.writerows((name, step, unit, f"{v:.7g}") for unit, v in enumerate(row))
    return buf.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Chinese labels as UTF-8


def summary_line(label: str, values: np.ndarray) -> str:
    """One sentence a screen reader can say about a (T, units) panel: its range, mean and where it peaks."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        values = values[:, None]
    if values.size == 0 or not np.isfinite(values).any():
        return t("export.summary_empty", label=label)
    step, unit = np.unravel_index(np.nanargmax(values), values.shape)
    return t("export.summary", label=label, lo=f"{np.nanmin(values):.2f}", hi=f"{np.nanmax(values):.2f}",
             mean=f"{np.nanmean(values):.2f}", unit=int(unit), step=int(step), steps=values.shape[0],
             units=values.shape[1])


def show_heatmaps(fig: go.Figure, panels: Mapping[str, np.ndarray], file_stem: str, key: str) -> None:
    """Draw the figure with its PNG button, then a CSV download and one summary line per panel.

    In presenter mode only the figure is drawn: the class needs the picture, not the export controls.
    """
    chart(fig, key=key, config=chart_config(file_stem))
    panel_exports(panels, file_stem, key)


def panel_exports(panels: Mapping[str, np.ndarray], file_stem: str, key: str, cache: dict | None = None) -> None:
    """A CSV download of the panels and one summary line per panel (not in presenter mode). cache: a dict that
    outlives the run (the traced run's), to keep the summary lines instead of recomputing them every rerun."""
    if presenting():
        return
    frozen = {label: np.asarray(v) for label, v in panels.items()}  # the CSV is built only on click
    st.download_button(t("export.csv"), data=lambda: panels_csv(frozen), file_name=f"{file_stem}.csv",
                       mime="text/csv", key=f"{key}.csv", icon=":material/download:", on_click="ignore",
                       help=t("export.csv_help"))
    cache = {} if cache is None else cache
    summary_key = ("summary", file_stem, tuple(frozen))
    if summary_key not in cache:
        cache[summary_key] = "\n\n".join(summary_line(label, v) for label, v in frozen.items())
    st.caption(cache[summary_key])
