"""Text helpers of the Train page: user text made inert for Markdown, engine messages in the user's language,
numbers, durations and frequencies in words. Column and file names come from users: they reach the page only as
plain text (st.dataframe, widget options) or escaped by ui.safe_text (md, say; chart_text for Plotly)."""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path

import streamlit as st
from pandas.tseries.frequencies import to_offset

from lstm_core.data.windows import TrainDataError
from ui import i18n
from ui.i18n import t
from ui.safe_text import md, say

log = logging.getLogger("gatescope.train")
plain = md  # the Train page's older name for ui.safe_text.md


def data_text(key: str, params: dict, fallback: str) -> str:
    """A load_csv message ("data.<key>") in the user's language; the engine's English text if it has none."""
    if f"data.{key}" in i18n.STRINGS:
        if "order" in params:  # a date order ('month-first') is a word of the engine's: say it in the user's language
            params = {**params, "order": optional(f"data.time_kind.{params['order']}", str(params["order"]))}
        if isinstance(params.get("freq"), str):  # a pandas code ('B', 'MS') in words: "1 business day"
            params = {**params, "freq": freq_words(params["freq"])}
        try:
            return say(f"data.{key}", **params)
        except (KeyError, IndexError, ValueError):
            pass
    return plain(fallback)


def engine_text(exc: Exception | None = None, *, key: str = "", params: dict | None = None, fallback: str = "") -> str:
    """A training-engine data message (TrainDataError, "traindata.<key>") in the user's language, made inert;
    the engine's English text for anything else."""
    if isinstance(exc, TrainDataError):
        key, params, fallback = exc.key, exc.params, str(exc)
    elif exc is not None:
        return plain(exc)
    if f"traindata.{key}" in i18n.STRINGS:
        try:
            return say(f"traindata.{key}", **(params or {}))
        except (KeyError, IndexError, ValueError):
            pass
    return plain(fallback)


def optional(key: str, fallback: str) -> str:
    return t(key) if key in i18n.STRINGS else fallback


def duration(seconds: float | None) -> str:
    if seconds is None or not math.isfinite(seconds):
        return "–"
    s = int(round(seconds))
    return t("train.seconds", s=s) if s < 90 else t("train.minutes", m=s // 60, s=s % 60)


def finite(v: object) -> bool:
    """A metric that can be shown as a number (not None, NaN or inf)."""
    return isinstance(v, (int, float)) and math.isfinite(v)


def num(v: float | None) -> str:
    if not finite(v):
        return "–"
    return f"{v:,.4g}" if abs(v) < 1e6 else f"{v:,.0f}"


_UNITS = {"MonthBegin": "month", "MonthEnd": "month", "QuarterBegin": "quarter", "QuarterEnd": "quarter",
          "YearBegin": "year", "YearEnd": "year", "Week": "week", "Day": "day", "BusinessDay": "business_day",
          "Hour": "hour", "Minute": "minute", "Second": "second"}


def freq_words(freq: str | None) -> str:
    """A pandas frequency ("MS", "30min", "D") in words ("1 month", "30 minutes", "1 day"); the code itself
    when it is unusual, "none" without one."""
    if not freq:
        return t("train.report.none")
    try:
        off = to_offset(freq)
    except ValueError:
        return freq
    unit = _UNITS.get(type(off).__name__)
    return t(f"train.unit.{unit}", n=off.n) if unit else freq


def file_stem(name: str) -> str:
    """A file-name-safe version of a dataset name, for the downloads."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", Path(name).stem).strip("_")[:40] or "data"


def column_numbers(values: list) -> list[str]:
    """One column of the metrics table with the same decimals on every row, so 50.10 and 52.12 line up:
    four significant digits for the largest value."""
    known = [abs(v) for v in values if finite(v)]
    top = max(known, default=0.0)
    decimals = min(4, max(0, 3 - math.floor(math.log10(top)))) if top > 0 else 2
    return [f"{v:,.{decimals}f}" if finite(v) else "–" for v in values]


def guarded(part, *args) -> None:
    """Draw a part of the page; a bug in it becomes a short message (logged for us), never a traceback."""
    try:
        part(*args)
    except Exception as exc:  # st.rerun / st.switch_page raise BaseExceptions, which pass through
        log.exception("train page: %s failed", getattr(part, "__name__", "part"))
        st.error(t("common.unexpected", kind=type(exc).__name__), icon=":material/error:")
