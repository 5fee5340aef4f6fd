"""The step of a time index as a pandas offset alias ('D', '30min', 'MS', 'W-MON', 'B'), and its gaps.

Real series miss a few stamps, so the step is the median one (or a calendar step: month, quarter
or year starts and ends), accepted when at least 70% of the steps equal it; longer steps are
reported as gaps. Steps without a majority give no frequency and an 'irregular_time' warning.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def _step_alias(nanos: int) -> str:
    """A fixed step as a pandas offset alias: 86400e9 -> 'D', 1800e9 -> '30min'."""
    for unit, size in (("D", 86_400 * 10**9), ("h", 3_600 * 10**9), ("min", 60 * 10**9), ("s", 10**9),
                       ("ms", 10**6), ("us", 10**3)):
        if nanos % size == 0:
            count = nanos // size
            return unit if count == 1 else f"{count}{unit}"
    return f"{nanos}ns"


def infer_frequency(index: pd.DatetimeIndex) -> tuple[str | None, list[dict]]:
    """(pandas offset alias or None, warnings) for a sorted index without duplicates.

    Calendar steps first (month, quarter and year starts or ends), then the median fixed step;
    a step is accepted when at least 70% of the steps equal it, and longer steps are reported as gaps.
    """
    if len(index) < 2:
        return None, []
    stamps = index.to_numpy(dtype="datetime64[ns]")
    midnight = not np.any(stamps.astype(np.int64) % 86_400_000_000_000)
    if midnight and (index.day == 1).all():
        return _calendar_frequency(index, "S")
    if midnight and index.is_month_end.all():
        return _calendar_frequency(index, "E")
    steps = np.diff(stamps.astype(np.int64))
    base = int(np.sort(steps)[len(steps) // 2])
    day = 86_400 * 10**9
    if base == day and midnight and not (index.day_of_week >= 5).any() and (steps == 3 * day).any():
        # Monday to Friday (trading days): weekends are not gaps; a holiday is one missing business day
        days = stamps.astype("datetime64[D]")
        business = np.busday_count(days[:-1], days[1:])
        if np.mean(business == 1) >= 0.7:
            return "B", _gap_warnings(index, business, 1, "B", lambda n: f"{n} business days")
    if base <= 0 or np.mean(steps == base) < 0.7:
        return None, [{"key": "irregular_time", "params": {"median_step": _step_alias(max(base, 1))}}]
    alias = _step_alias(base)
    if base == 7 * 86_400 * 10**9:
        alias = f"W-{_DAYS[index[0].day_of_week]}"
    return alias, _gap_warnings(index, steps, base, alias, _step_alias)


def _calendar_frequency(index: pd.DatetimeIndex, edge: str) -> tuple[str | None, list[dict]]:
    months = (index.year * 12 + index.month).to_numpy()
    steps = np.diff(months)
    base = int(np.sort(steps)[len(steps) // 2])
    if base not in (1, 3, 12) or np.mean(steps == base) < 0.7:
        return None, [{"key": "irregular_time", "params": {"median_step": f"{base}M{edge}"}}]
    first = int(index[0].month)
    if base == 1:
        alias = f"M{edge}"
    elif base == 3:
        anchor = (first - 1) % 3 + (1 if edge == "S" else 10)
        alias = f"Q{edge}-{_MONTHS[anchor - 1]}"
    else:
        alias = f"Y{edge}-{_MONTHS[first - 1]}"
    alias = {"QS-JAN": "QS", "QE-DEC": "QE", "YS-JAN": "YS", "YE-DEC": "YE"}.get(alias, alias)
    return alias, _gap_warnings(index, steps, base, alias, lambda n: f"{n} months")


def _gap_warnings(index, steps, base, alias, describe) -> list[dict]:
    gaps = np.flatnonzero(steps > base)
    if not len(gaps):
        return []
    largest = int(gaps[np.argmax(steps[gaps])])
    params = {"count": len(gaps), "freq": alias, "largest": describe(int(steps[largest])), "after": str(index[largest])}
    return [{"key": "gaps", "params": params}]
