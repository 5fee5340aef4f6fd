"""Wide tables: one row per year and a column per month (or quarter), as statistical offices publish them.

    YEAR,JAN,FEB,...,DEC          ->  time (1958-01, 1958-02, ...), value
    1958,315.7,317.4,...,314.7

A year column plus the 12 months (English names or abbreviations, Chinese 1月..12月 or 一月..十二月, or the
numbers 1..12), or the 4 quarters (Q1..Q4, 一季度..四季度), become one long series, month after month; a
column such as "Annual" or "Total" beside them is the rows' sum, not part of the series, and is left out. The
load report says so ("read as one monthly series from 61 rows × 12 months"). Any other table is left alone.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_YEAR = re.compile(r"^\s*(year|yr|jahr|año|annee|année|年|年份|年度)\s*$", re.IGNORECASE)
_MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CHINESE_NUMBERS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
_QUARTERS = {**{f"q{q}": q for q in range(1, 5)}, **{f"{_CHINESE_NUMBERS[q - 1]}季度": q for q in range(1, 5)},
             **{f"第{_CHINESE_NUMBERS[q - 1]}季度": q for q in range(1, 5)}}


def month_of(name: str) -> int | None:
    """1..12 for a column named like a month ('Jan', 'january', 'Sept.', '1月', '一月', '7'), else None."""
    text = name.strip().casefold().rstrip(".")
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    match = re.fullmatch(r"(\d{1,2})\s*月", text)
    if match:
        return int(match[1]) if 1 <= int(match[1]) <= 12 else None
    if text.endswith("月") and text[:-1] in _CHINESE_NUMBERS:
        return _CHINESE_NUMBERS.index(text[:-1]) + 1
    if len(text) >= 3 and text.isalpha():
        for k, abbr in enumerate(_MONTHS_EN):
            full = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                    "october", "november", "december")[k]
            if text == abbr or (full.startswith(text) and len(text) >= 3) or (abbr == "sep" and text == "sept"):
                return k + 1
    return None


def quarter_of(name: str) -> int | None:
    return _QUARTERS.get(name.strip().casefold().replace(" ", ""))


def _periods(names: list[str], of) -> dict[int, str] | None:
    """{period: column name} when the columns hold every period of a year exactly once, else None."""
    found: dict[int, str] = {}
    for name in names:
        k = of(name)
        if k is not None:
            if k in found:
                return None
            found[k] = name
    return found


def is_wide_header(names: list[str]) -> bool:
    """A year column's name followed by the 12 months or the 4 quarters (and perhaps a total)."""
    if len(names) < 5 or not _YEAR.match(names[0]):
        return False
    months, quarters = _periods(names[1:], month_of), _periods(names[1:], quarter_of)
    return (months is not None and len(months) == 12) or (quarters is not None and len(quarters) == 4)


def unpivot(raw_names: dict, columns: dict[str, pd.Series], lines: np.ndarray, report):
    """(raw names, columns, line numbers) of the long series when the table is wide, else the arguments as they
    were. Each value keeps the line number of the row it came from."""
    names = list(columns)
    year = next((n for n in names if _YEAR.match(n)), None)
    if year is None:
        return raw_names, columns, lines
    others = [n for n in names if n != year]
    months = _periods(others, month_of)
    per_year = 12 if months is not None and len(months) == 12 else 0
    periods = months
    if not per_year:
        periods = _periods(others, quarter_of)
        per_year = 4 if periods is not None and len(periods) == 4 else 0
    if not per_year or periods is None:
        return raw_names, columns, lines
    years = pd.to_numeric(columns[year].str.replace(r"\.0+$", "", regex=True), errors="coerce").to_numpy()
    ok = ~np.isnan(years) & (years >= 1000) & (years <= 2999) & (years == np.round(years))
    if ok.mean() < 0.8:  # not a column of years: leave the table alone
        return raw_names, columns, lines
    step = 12 // per_year
    order = [periods[k] for k in range(1, per_year + 1)]
    cells = np.stack([columns[name].to_numpy(dtype=object) for name in order], axis=1)[ok]  # (rows, periods)
    stamps = [f"{int(y):04d}-{(k * step) + 1:02d}" for y in years[ok] for k in range(per_year)]
    left_out = [n for n in others if n not in order]
    long = {"time": pd.Series(stamps, dtype=object), "value": pd.Series(cells.reshape(-1), dtype=object)}
    report.warn("wide_table", rows=int(ok.sum()), periods=per_year)
    if left_out:  # a total or average column: said, never summed into the series
        report.warn("wide_left_out", dropped=", ".join(left_out))
    return {"time": "time", "value": "value"}, long, np.repeat(lines[ok], per_year)
