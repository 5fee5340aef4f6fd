"""Finding and reading the time column (its step, the frequency, is in freq.py).

Each way of writing a time stamp is one regular expression whose parts (year, month, day, hour,
...) are assembled with numpy, so that every cell is read the same way, an impossible date
(31 February) becomes NaT on its own row, and day-first vs month-first is decided from the whole
column, never cell by cell. Numbers are only read as times (Excel serial days, Unix seconds or
milliseconds, years) in a column whose name says it is a time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lstm_core.data.csv.freq import infer_frequency
from lstm_core.data.csv.numbers import MISSING_TOKENS

# Missing-value tokens in the spellings people use ('NA', 'na', 'Null', 'NULL'), for a fast isin().
_MISSING_VARIANTS = frozenset(v for t in MISSING_TOKENS for v in (t, t.upper(), t.lower(), t.title(), t.capitalize()))

# Names that say "this column is the time" (matched case-insensitively anywhere in the name).
_TIME_NAME = re.compile(
    r"date|time|timestamp|datetime|epoch|unix|\bday\b|^ds$|^ts$|period|\bmonth\b|\bmonat\b|\bmois\b|\byear\b|^yr$|"
    r"日期|时间|時間|时刻|^年$|^月$|^年月$|^月份$|^年份$|^年度$|datum|zeit|fecha|hora|tijd|heure|jour|czas",
    re.IGNORECASE,
)
# Only a column named just 'year' (or 年, 年份, ...) holds years: '年销售额' (annual sales) does not.
_YEAR_NAME = re.compile(r"^\s*(year|yr|jahr|año|annee|année|年|年份|年度)\s*$", re.IGNORECASE)
_EPOCH_NAME = re.compile(r"time|timestamp|epoch|unix|^ts$|时间|時間|zeit", re.IGNORECASE)
_SERIAL_NAME = re.compile(r"date|datum|日期|fecha|^day$|^ds$|time|时间|時間|zeit", re.IGNORECASE)

_TIME = (
    r"(?:(?:[T\s]\s*|\s*)(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"
)
_TZ = r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
_FAMILIES = {
    # 2024-01-31, 2024-01-31T12:00:00+01:00, 2024/1/31 12:00, 2024.01.31
    "ymd": re.compile(r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME + _TZ + "$"),
    # 2024年1月31日, 2024年1月, 2024年1月31日 12时30分
    "chinese": re.compile(
        r"^(?P<y>\d{4})\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*[日号]?)?)?"
        r"(?:\s*(?P<H>\d{1,2})\s*[:时點点]\s*(?:(?P<M>\d{1,2})\s*分?\s*(?::?\s*(?P<S>\d{1,2})\s*秒?)?)?)?$"
    ),
    # 31/01/2024, 01/31/2024 1:30 PM, 31.01.24
    "dmy": re.compile(r"^(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})[-/.](?P<y>\d{4}|\d{2})" + _TIME + _TZ + "$"),
    # 2024-01, 2024/01, 2024.01
    "ym": re.compile(r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})$"),
    # 1965 Q1, 1965Q1, 1965-Q1, Q1 1965, Q1-1965, 1965年第1季度: the quarter's first day
    "quarter": re.compile(
        r"^(?:(?P<y>\d{4})\s*[-/.]?\s*[Qq](?P<q>[1-4])|[Qq](?P<q2>[1-4])\s*[-/.]?\s*(?P<y2>\d{4})"
        r"|(?P<y3>\d{4})\s*年\s*第?\s*(?P<q3>[1-4一二三四])\s*季度?)$"
    ),
    # 2020-W05, 2020W05: the ISO week's Monday
    "isoweek": re.compile(r"^(?P<y>\d{4})-?[Ww](?P<w>\d{2})$"),
    # 2020H1, 2020-H2: the half-year's first day
    "halfyear": re.compile(r"^(?P<y>\d{4})\s*[-/.]?\s*[Hh](?P<half>[12])$"),
}
_CHINESE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}
_TIME_OF_DAY = re.compile(
    r"^(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?$"
)
_MONTH_NAME_FORMATS = (
    "%b %Y", "%B %Y", "%b-%Y", "%b-%y", "%B-%Y", "%Y-%b", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%b-%y",
    "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%d %b %Y %H:%M", "%d %b %Y %H:%M:%S", "%d-%b-%Y %H:%M:%S",
    "%a, %d %b %Y %H:%M:%S", "%b %d, %Y %H:%M", "%b %d, %Y %I:%M %p",
)
# Columns that hold one part of a time stamp as a number, beside a year or date column.
_MONTH_PART = re.compile(r"^\s*(month|mon|mo|monat|mois|mes|mese|maand|月|月份)\s*$", re.IGNORECASE)
_QUARTER_PART = re.compile(r"^\s*(quarter|qtr|qtr\.|q|quartal|trimestre|kwartaal|季度|季)\s*$", re.IGNORECASE)
_DAY_PART = re.compile(r"^\s*(day|dd|tag|jour|d[ií]a|giorno|dag|日)\s*$", re.IGNORECASE)
_HOUR_PART = re.compile(
    r"^\s*(hour|hours|hr|hh|he|hour[ _]?ending|stunde|heure|hora|ora|uur|小时|时|時|时段|時段)\s*$", re.IGNORECASE
)
# '2024.01' ... '2024.12': a year and a two-digit month, which also reads as a plain number.
_DOTTED_MONTH = r"[12]\d{3}\.(?:0[1-9]|1[0-2])"
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_MIN_SHARE = 0.8  # a time column: at least 80% of its filled cells are readable time stamps


@dataclass
class TimeColumn:
    """A readable time column: values are datetime64[ns] with NaT where a cell was not a time."""

    name: str
    values: pd.Series
    kind: str
    sources: list[str] = field(default_factory=list)  # the column(s) it came from
    warnings: list[dict] = field(default_factory=list)
    timezone_note: str | None = None


def is_time_name(name: str) -> bool:
    return bool(_TIME_NAME.search(name))


def _filled(cells: pd.Series) -> pd.Series:
    """The non-missing cells (cells arrive stripped, as Python strings in an object Series)."""
    return cells[~cells.isin(_MISSING_VARIANTS)]


def _nfkc(text: pd.Series) -> pd.Series:
    """Full-width digits and '：' (Chinese input methods) to ASCII, leaving ASCII cells alone."""
    if "".join(text.tolist()).isascii():
        return text
    return text.map(lambda s: s if s.isascii() else unicodedata.normalize("NFKC", s))


def _as_ns(parsed: pd.Series) -> np.ndarray:
    """datetime64[ns] values; years outside what nanoseconds can hold (1678-2261) become NaT."""
    parsed = pd.Series(parsed)
    inside = (parsed.dt.year >= 1678) & (parsed.dt.year <= 2261)
    return parsed.where(inside).to_numpy(dtype="datetime64[ns]")


def _to_int(part: pd.Series, default: int | None = None) -> np.ndarray:
    values = pd.to_numeric(part, errors="coerce").to_numpy(dtype=np.float64)
    if default is not None:
        values = np.where(np.isnan(values), default, values)
    return values


def _assemble(year, month, day, hour=None, minute=None, second=None, nanos=None) -> np.ndarray:
    """datetime64[ns] from parts as float arrays (NaN = missing); impossible dates become NaT."""
    n = len(year)
    zeros = np.zeros(n)
    hour, minute, second, nanos = (zeros if v is None else v for v in (hour, minute, second, nanos))
    ok = ~np.isnan(year) & ~np.isnan(month) & ~np.isnan(day) & (year >= 1678) & (year <= 2261)
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (hour >= 0) & (hour < 24) & (minute < 60) & (second <= 60)
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0).astype(np.int64)
    start = months.astype("datetime64[M]").astype("datetime64[D]")
    days_in_month = ((months + 1).astype("datetime64[M]").astype("datetime64[D]") - start).astype(np.int64)
    ok &= day <= days_in_month
    day = np.where(ok, day, 1).astype(np.int64)
    seconds = np.where(ok, hour * 3600 + minute * 60 + second, 0).astype(np.int64)
    result = (start + (day - 1)).astype("datetime64[ns]") + seconds.astype("timedelta64[s]")
    result = result + np.where(ok, nanos, 0).astype(np.int64).astype("timedelta64[ns]")
    result[~ok] = np.datetime64("NaT")
    return result


def _clock(parts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(hour, minute, second, nanoseconds) from regex groups, with 12-hour AM/PM clocks handled."""
    hour = _to_int(parts["H"], 0)
    minute = _to_int(parts["M"], 0)
    second = _to_int(parts["S"], 0)
    nanos = np.zeros(len(parts))
    if "F" in parts:
        frac = parts["F"].fillna("").astype(str).str.ljust(9, "0").str[:9]
        nanos = _to_int(frac, 0)
    if "ampm" in parts:
        ampm = parts["ampm"].fillna("").astype(str).str[:1].str.lower().to_numpy()
        pm, am = ampm == "p", ampm == "a"
        hour = np.where((pm | am) & ((hour < 1) | (hour > 12)), np.nan, hour)  # '13:00 PM' is no time
        hour = np.where(pm & (hour < 12), hour + 12, np.where(am & (hour == 12), 0, hour))
    return hour, minute, second, nanos


def _offset_minutes(tz: pd.Series) -> np.ndarray:
    """'+01:00' -> 60, 'Z' -> 0, no offset -> NaN."""
    text = tz.fillna("").astype(str)
    out = np.full(len(text), np.nan)
    out[text.isin(["Z", "UTC", "GMT"]).to_numpy()] = 0
    parts = text.str.extract(r"^(?P<s>[+-])(?P<h>\d{2}):?(?P<m>\d{2})?$")
    sign = np.where(parts["s"].to_numpy() == "-", -1, 1)
    minutes = sign * (_to_int(parts["h"]) * 60 + _to_int(parts["m"], 0))
    has = parts["h"].notna().to_numpy()
    out[has] = minutes[has]
    return out


def _regex_parse(family: str, text: pd.Series, day_first: bool) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64[ns], UTC offset minutes) for every cell, by the family's regular expression."""
    parts = text.astype(object).str.extract(_FAMILIES[family])
    if family in ("quarter", "isoweek", "halfyear"):
        return _period_starts(family, parts), np.full(len(parts), np.nan)
    if family == "dmy":
        first, second = _to_int(parts["a"]), _to_int(parts["b"])
        year = _to_int(parts["y"])
        year = np.where(year < 100, np.where(year < 69, 2000 + year, 1900 + year), year)  # like strptime's %y
        day, month = (first, second) if day_first else (second, first)
    else:  # rows the pattern did not match have no year, so they become NaT
        year = _to_int(parts["y"])
        month = _to_int(parts["m"], 1)
        day = _to_int(parts["d"], 1) if "d" in parts else np.ones(len(parts))
    clock = _clock(parts) if "H" in parts else (None, None, None, None)
    values = _assemble(year, month, day, *clock)
    offsets = _offset_minutes(parts["tz"]) if "tz" in parts else np.full(len(parts), np.nan)
    return values, offsets


def _period_starts(family: str, parts: pd.DataFrame) -> np.ndarray:
    """The first day of each quarter, ISO week (its Monday) or half-year, as datetime64[ns] (NaT where no match)."""
    if family == "quarter":
        def first(*columns: pd.Series) -> np.ndarray:  # the spelling that matched: the others are NaN
            values = [_to_int(c) for c in columns]
            return np.where(~np.isnan(values[0]), values[0], np.where(~np.isnan(values[1]), values[1], values[2]))

        year = first(parts["y"], parts["y2"], parts["y3"])
        quarter = first(parts["q"], parts["q2"], parts["q3"].map(lambda v: _CHINESE_DIGITS.get(v, v)))
        return _assemble(year, 3 * quarter - 2, np.ones(len(parts)))
    year = _to_int(parts["y"])
    if family == "halfyear":
        return _assemble(year, 6 * _to_int(parts["half"]) - 5, np.ones(len(parts)))
    week = _to_int(parts["w"])
    jan4 = _assemble(year, np.ones(len(parts)), np.full(len(parts), 4.0))  # always in ISO week 1
    days = jan4.astype("datetime64[D]")
    weekday = (days.astype(np.int64) + 3) % 7  # Monday 0: 1970-01-01 was a Thursday
    ok = ~np.isnat(jan4) & (week >= 1) & (week <= 53)
    monday = days - weekday.astype("timedelta64[D]") + (np.where(ok, week, 1) - 1).astype(np.int64) * 7
    out = monday.astype("datetime64[ns]")
    out[~ok] = np.datetime64("NaT")
    return out


def _strptime_format(family: str, match: re.Match, day_first: bool) -> str | None:
    """The strptime format of one well-formed cell ('31.01.2024 12:30' -> '%d.%m.%Y %H:%M').

    Parsing a whole column with one format runs in pandas' C code; cells that do not fit the
    format fall back to the regular expression, so the result is the same, only faster.
    """
    groups = match.groupdict()
    ampm = (groups.get("ampm") or "").upper()
    if family not in ("ymd", "dmy", "ym") or groups.get("tz") or ampm not in ("", "AM", "PM"):
        return None
    text = match.string
    if family == "ymd":
        order = [("y", "%Y"), ("m", "%m"), ("d", "%d")]
    elif family == "ym":
        order = [("y", "%Y"), ("m", "%m")]
    else:
        year = "%Y" if len(groups["y"]) == 4 else "%y"
        order = [("a", "%d" if day_first else "%m"), ("b", "%m" if day_first else "%d"), ("y", year)]
    if groups.get("H") is not None:
        order += [("H", "%I" if groups.get("ampm") else "%H"), ("M", "%M")]
        order += [(name, code) for name, code in (("S", "%S"), ("F", "%f"), ("ampm", "%p")) if groups.get(name)]
    fmt, position = "", 0
    for name, code in order:
        fmt += text[position : match.start(name)] + code
        position = match.end(name)
    return None if "%" in text else fmt


def _parse(family: str, text: pd.Series, head: pd.Series, day_first: bool) -> tuple[np.ndarray, np.ndarray]:
    """Parse with one strptime format in pandas where the cells allow it, the regex elsewhere."""
    first = next((m for m in map(_FAMILIES[family].fullmatch, head) if m), None)
    fmt = _strptime_format(family, first, day_first) if first else None
    if fmt is None:
        return _regex_parse(family, text, day_first)
    values = _as_ns(pd.to_datetime(text, format=fmt, errors="coerce"))
    offsets = np.full(len(text), np.nan)
    left = np.isnat(values)
    if left.any():
        values[left], offsets[left] = _regex_parse(family, text[left], day_first)
    return values, offsets


def _steady(values: np.ndarray) -> bool:
    steps = np.diff(values[~np.isnat(values)].astype(np.int64))
    return len(steps) > 0 and bool(np.all(steps >= 0) or np.all(steps <= 0))


def _regularity(values: np.ndarray) -> int:
    """2: one time step throughout (a calendar step counts), 1: a step with gaps, 0: no regular step."""
    valid = np.unique(values[~np.isnat(values)])
    if len(valid) < 3:
        return 0
    freq, warnings = infer_frequency(pd.DatetimeIndex(valid))
    return 0 if freq is None else (1 if warnings else 2)


def _parse_day_month(text: pd.Series, head: pd.Series) -> tuple[np.ndarray, np.ndarray, str, bool]:
    """Day-first or month-first, decided by the whole column: (values, offsets, kind, ambiguous).

    A first field over 12 (31/01/2024) makes month-first impossible, a second field over 12
    (01/31/2024) makes day-first impossible; the reading with more valid dates wins. If both read
    every date, a dotted date (01.02.2024) is day-first; else the reading in time order wins; else
    the reading with the more regular steps (hourly 03/01..03/05 is five days month-first, but five
    readings a month apart day-first); else month-first for a 12-hour clock with AM/PM (Excel's
    US format); else day-first, the convention of most of the world. All but the first with a warning.
    """
    day_first = _parse("dmy", text, head, True)
    valid = day_first[0][~np.isnat(day_first[0])]
    first_big = bool(len(valid)) and bool((pd.DatetimeIndex(valid).day > 12).any())
    if first_big and len(valid) == len(text):  # every cell reads day-first, and month-first cannot
        return day_first[0], day_first[1], "day-first", False
    month_first = _parse("dmy", text, head, False)
    valid_d, valid_m = (int((~np.isnat(v)).sum()) for v, _ in (day_first, month_first))
    if valid_d != valid_m:
        chosen = valid_d > valid_m
        ambiguous = False
    else:
        same = np.array_equal(day_first[0].astype(np.int64), month_first[0].astype(np.int64))
        dotted = head.str.contains(".", regex=False).mean() > 0.5
        ambiguous = not same and not dotted
        steady_d, steady_m = _steady(day_first[0]), _steady(month_first[0])
        if dotted or same:
            chosen = True
        elif steady_d != steady_m:
            chosen = steady_d
        else:
            regular_d, regular_m = _regularity(day_first[0]), _regularity(month_first[0])
            if regular_d != regular_m:
                chosen = regular_d > regular_m
            else:
                chosen = not head.str.contains(r"\d\s*[AaPp]\.?[Mm]\.?$", regex=True).mean() > 0.5
    values, offsets = day_first if chosen else month_first
    return values, offsets, "day-first" if chosen else "month-first", ambiguous


def _parse_month_names(text: pd.Series, head: pd.Series) -> np.ndarray | None:
    for fmt in _MONTH_NAME_FORMATS:
        if pd.to_datetime(head, format=fmt, errors="coerce").notna().mean() >= _MIN_SHARE:
            return _as_ns(pd.to_datetime(text, format=fmt, errors="coerce"))
    return None


def _number_kind(values: np.ndarray, name: str) -> str | None:
    """Which time numbers these are (from a sample), for a column named like a time."""
    middle = float(np.median(values))
    integers = bool(np.all(values == np.round(values)))
    if _YEAR_NAME.search(name) and integers and 1678 <= values.min() and values.max() <= 2261:
        return "year"
    if integers and 16_780_101 <= middle <= 22_611_231:
        return "yyyymmdd"
    if 10_000 <= middle <= 100_000 and _SERIAL_NAME.search(name):  # Excel serial days: 1927 to 2173
        return "excel-serial"
    if _EPOCH_NAME.search(name):
        for low, unit in ((1e8, "s"), (1e11, "ms"), (1e14, "us"), (1e17, "ns")):
            if low <= abs(middle) < low * 100:
                return f"unix-{unit}"
    return None


def _numbers_to_times(values: np.ndarray, kind: str) -> np.ndarray:
    if kind == "year":
        ones = np.ones(len(values))
        return _assemble(np.where(values == np.round(values), values, np.nan), ones, ones)
    if kind == "yyyymmdd":
        year, rest = np.divmod(values, 10_000)
        return _assemble(year, *np.divmod(rest, 100))
    if kind == "excel-serial":
        nanos = np.where((values >= 1) & (values < 2_958_466), np.round(values * 86_400e9), np.nan)  # Excel's own range
        origin = np.datetime64("1899-12-30", "ns")
    else:
        nanos = values * {"unix-s": 1e9, "unix-ms": 1e6, "unix-us": 1e3, "unix-ns": 1.0}[kind]
        nanos = np.where(np.abs(nanos) < 9.2e18, np.round(nanos), np.nan)  # beyond int64 nanoseconds: NaT
        origin = np.datetime64("1970-01-01", "ns")
    stamps = origin + np.where(np.isnan(nanos), 0, nanos).astype(np.int64).astype("timedelta64[ns]")
    stamps[np.isnan(nanos)] = np.datetime64("NaT")
    return stamps


def _read_filled(filled: pd.Series, head: pd.Series, name: str, hinted: bool):
    """(values, kind, offsets, ambiguous) for the filled cells, or None if they are not times."""
    nothing = np.full(len(filled), np.nan)
    if head.str.fullmatch(_PLAIN_NUMBER.pattern).all():
        if hinted and head.str.fullmatch(_DOTTED_MONTH).all():  # '2024.01' in a 'Monat' column: January 2024
            values, offsets = _parse("ym", filled, head, True)
            return values, "year-first", offsets, False
        kind = _number_kind(pd.to_numeric(head).to_numpy(dtype=np.float64), name) if hinted else None
        if kind is None:
            return None  # numbers in a column not named like a time are values, never times
        numbers = pd.to_numeric(filled, errors="coerce").to_numpy(dtype=np.float64)
        return _numbers_to_times(numbers, kind), kind, nothing, False
    for family in ("ymd", "chinese", "dmy", "ym", "quarter", "isoweek", "halfyear"):
        if head.str.fullmatch(_FAMILIES[family].pattern).mean() < _MIN_SHARE:
            continue
        if family == "dmy":
            values, offsets, kind, ambiguous = _parse_day_month(filled, head)
            return values, kind, offsets, ambiguous
        values, offsets = _parse(family, filled, head, True)
        matches = map(_FAMILIES[family].fullmatch, head)
        separator = next((m["sep"] for m in matches if m and "sep" in m.groupdict()), "-")
        kind = {"chinese": "chinese", "quarter": "quarter", "isoweek": "iso-week", "halfyear": "half-year"}.get(
            family, "iso" if separator == "-" else "year-first")
        return values, kind, offsets, False
    if head.str.contains(r"[A-Za-z]{3}", regex=True).mean() >= _MIN_SHARE:
        named = _parse_month_names(filled, head)
        if named is not None:
            return named, "month-name", nothing, False
    return None


def read_time(cells: pd.Series, name: str, hinted: bool) -> tuple[np.ndarray, str, np.ndarray, bool] | None:
    """(values for all rows, kind, UTC offsets in minutes, ambiguous day/month?) or None.

    The way the column is written is decided on its first 200 filled cells, so that a column of
    plain values costs almost nothing; the whole column is parsed only once it looks like times.
    """
    head = _filled(cells.iloc[:2000]).iloc[:200]
    if len(head) < 2:
        head = _filled(cells).iloc[:200]
        if len(head) < 2:
            return None
    head = _nfkc(head)
    numbers = head.str.fullmatch(_PLAIN_NUMBER.pattern).all()
    if not (numbers or head.str.contains(r"\d", regex=True).mean() >= _MIN_SHARE):
        return None
    filled = _nfkc(_filled(cells))
    found = _read_filled(filled, head, name, hinted)
    if found is None or np.mean(~np.isnat(found[0])) < _MIN_SHARE:
        return None
    values = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[ns]")
    offsets = np.full(len(cells), np.nan)
    positions = cells.index.get_indexer(filled.index)
    values[positions] = found[0]
    offsets[positions] = found[2]
    return values, found[1], offsets, found[3]


def read_time_of_day(cells: pd.Series) -> np.ndarray | None:
    """Nanoseconds since midnight for a '12:30' / '12:30:05' / '1:30 PM' column, or None."""
    head = _filled(cells.iloc[:2000]).iloc[:200]
    if len(head) < 2 or head.str.fullmatch(_TIME_OF_DAY.pattern).mean() < _MIN_SHARE:
        return None
    filled = _filled(cells)
    parts = filled.astype(object).str.extract(_TIME_OF_DAY)
    hour, minute, second, nanos = _clock(parts)
    ok = (hour >= 0) & (hour < 24) & (minute < 60) & (second <= 60)
    nanos_total = np.where(ok, ((hour * 60 + minute) * 60 + second) * 1e9 + nanos, np.nan)
    out = np.full(len(cells), np.nan)
    out[cells.index.get_indexer(filled.index)] = nanos_total
    return out


def find_time_column(columns: dict[str, pd.Series], headerless: bool) -> TimeColumn | None:
    """The first column named like a time that reads as times, else the first that reads as times."""
    names = list(columns)
    hinted = [n for n in names if not headerless and is_time_name(n)]
    for name in hinted + [n for n in names if n not in hinted]:
        found = read_time(columns[name], name, name in hinted)
        if found is None:
            continue
        values, kind, offsets, ambiguous = found
        result = TimeColumn(name=name, values=pd.Series(values), kind=kind, sources=[name])
        if ambiguous:
            result.warnings.append({"key": "ambiguous_date_order", "params": {"column": name, "order": kind}})
        _apply_offsets(result, offsets)
        before = (result.name, result.values, list(result.sources), list(result.warnings))
        parts = kind == "year" and _combine_month_day(result, columns, names)
        parts = _combine_time_of_day(result, columns, names) or parts
        if parts and _duplicate_share(result.values.to_numpy(dtype="datetime64[ns]")) > 0.01:
            # Still many rows per time stamp: the numbers were not parts of the time ('hours' worked per day,
            # one row per person), so keep the time column as it was.
            result.name, result.values, result.sources, result.warnings = before
        return result
    return None


def _duplicate_share(values: np.ndarray) -> float:
    valid = values[~np.isnat(values)]
    return 1 - len(np.unique(valid)) / len(valid) if len(valid) else 0.0


def _apply_offsets(result: TimeColumn, offsets: np.ndarray) -> None:
    """One UTC offset everywhere: keep the local clock times. Mixed offsets: convert to UTC."""
    known = ~np.isnan(offsets)
    if not known.any():
        return
    distinct = sorted(set(offsets[known].tolist()))
    labels = ", ".join(_offset_label(m) for m in distinct)
    if len(distinct) == 1 and known.sum() == result.values.notna().sum():
        result.warnings.append({"key": "utc_offset_dropped", "params": {"column": result.name, "offset": labels}})
        result.timezone_note = f"all times had the UTC offset {labels}; local clock times kept, offset dropped"
        return
    shift = np.where(known, offsets, 0).astype(np.int64) * 60_000_000_000
    utc = result.values.to_numpy(dtype="datetime64[ns]") - shift.astype("timedelta64[ns]")
    result.values = pd.Series(utc)
    result.warnings.append({"key": "mixed_utc_offsets", "params": {"column": result.name, "offsets": labels}})
    result.timezone_note = f"mixed UTC offsets ({labels}): converted to UTC, then the time zone was dropped"


def _offset_label(minutes: float) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(int(abs(minutes)), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def _integer_part(cells: pd.Series, low: int, high: int) -> np.ndarray | None:
    """A column of whole numbers low..high ('1', '07', '24') as floats (NaN where missing), or None."""
    filled = _filled(cells)
    if len(filled) < 2 or not filled.str.fullmatch(r"\d{1,2}(?:\.0+)?").all():  # '1.0': a spreadsheet's float
        return None
    values = pd.to_numeric(cells.where(~cells.isin(_MISSING_VARIANTS)), errors="coerce").to_numpy(dtype=np.float64)
    known = values[~np.isnan(values)]
    if known.min() < low or known.max() > high:
        return None
    return values


def _repeats(values: np.ndarray) -> bool:
    valid = values[~np.isnat(values)]
    return len(np.unique(valid)) < len(valid)


def _part_column(columns: dict[str, pd.Series], names: list[str], pattern: re.Pattern, low: int, high: int):
    """(name, values) of the first column named like `pattern` that holds whole numbers low..high, or None."""
    for name in names:
        if pattern.match(name):
            values = _integer_part(columns[name], low, high)
            if values is not None:
                return name, values
    return None


def _combine(result: TimeColumn, combined: np.ndarray, parts: list[str]) -> None:
    result.values = pd.Series(combined)
    result.sources.extend(parts)
    result.warnings.append({"key": "date_time_combined", "params": {"date": result.name, "time": ", ".join(parts)}})
    result.name = " ".join([result.name, *parts])


def _combine_month_day(result: TimeColumn, columns: dict[str, pd.Series], names: list[str]) -> bool:
    """'Year', 'Month' (1-12) and perhaps 'Day' (1-31) columns, as climate and statistics tables write them:
    one time stamp. Only when the years repeat: otherwise every row already has its own time."""
    values = result.values.to_numpy(dtype="datetime64[ns]")
    if not _repeats(values):
        return False
    others = [n for n in names if n not in result.sources]
    year = np.where(np.isnat(values), np.nan, pd.DatetimeIndex(values).year.to_numpy(dtype=np.float64))
    month = _part_column(columns, others, _MONTH_PART, 1, 12)
    if month is None:
        quarter = _part_column(columns, others, _QUARTER_PART, 1, 4)  # 'year', 'quarter' (1-4): quarterly data
        if quarter is None:
            return False
        _combine(result, _assemble(year, 3 * quarter[1] - 2, np.ones(len(year))), [quarter[0]])
        return True
    day = _part_column(columns, [n for n in others if n != month[0]], _DAY_PART, 1, 31)
    combined = _assemble(year, month[1], np.ones(len(year)) if day is None else day[1])
    _combine(result, combined, [month[0]] + ([day[0]] if day else []))
    return True


def _combine_hour_number(result: TimeColumn, columns: dict[str, pd.Series], names: list[str]) -> bool:
    """A column of whole days next to an 'Hour' column of numbers, 0-23 or 1-24 (energy markets write the
    hour ending: 1 is 00:00-01:00, stamped 00:00): one time stamp. Only when the days repeat."""
    values = result.values.to_numpy(dtype="datetime64[ns]")
    if not _repeats(values):
        return False
    found = _part_column(columns, [n for n in names if n not in result.sources], _HOUR_PART, 0, 24)
    if found is None:
        return False
    name, hours = found
    known = hours[~np.isnan(hours)]
    if known.max() == 24:
        if known.min() < 1:  # 0 and 24 both: no reading of the hours fits
            return False
        hours = hours - 1
    offset = np.where(np.isnan(hours), 0, hours * 3_600_000_000_000).astype(np.int64).astype("timedelta64[ns]")
    combined = values + offset
    combined[np.isnan(hours)] = np.datetime64("NaT")
    _combine(result, combined, [name])
    return True


def _combine_time_of_day(result: TimeColumn, columns: dict[str, pd.Series], names: list[str]) -> bool:
    """A 'Date' column of whole days next to a 'Time' column of clock times (or an 'Hour' column of
    numbers): one time stamp. True when an 'Hour' column of numbers was used."""
    values = result.values.to_numpy(dtype="datetime64[ns]")
    valid = values[~np.isnat(values)]
    if not len(valid) or np.any(valid.astype(np.int64) % 86_400_000_000_000):
        return False
    position = names.index(result.sources[-1])  # the next column after the date (or its last part)
    for other in names[position + 1 : position + 2] + [n for n in names if n not in result.sources]:
        if other in result.sources:
            continue
        clock = read_time_of_day(columns[other])
        if clock is None:
            continue
        combined = values + np.where(np.isnan(clock), 0, clock).astype(np.int64).astype("timedelta64[ns]")
        combined[np.isnan(clock)] = np.datetime64("NaT")
        result.values = pd.Series(combined)
        result.sources.append(other)
        result.warnings.append({"key": "date_time_combined", "params": {"date": result.name, "time": other}})
        result.name = f"{result.name} {other}"
        return False
    return _combine_hour_number(result, columns, names)


# Ways of writing a date, to name them when one column mixes several (one label each, readable in any language).
_DATE_FORMATS = (
    ("YYYY-MM-DD", re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[T\s].*)?$")),
    ("YYYY/MM/DD", re.compile(r"^\d{4}[/.]\d{1,2}[/.]\d{1,2}(?:\s.*)?$")),
    ("DD/MM/YYYY", re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}(?:\s.*)?$")),
    ("DD/MM/YY", re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2}(?:\s.*)?$")),
    ("YYYYMMDD", re.compile(r"^(?:1[89]|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$")),
    ("Mon DD, YYYY", re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b")),
    ("YYYY年MM月DD日", re.compile(r"^\d{4}\s*年")),
)


def mixed_date_formats(cells: pd.Series, lines: np.ndarray) -> list[tuple[str, int, str]] | None:
    """[(format, line, cell)] with one example line per format when a column's cells are dates written in two or
    more ways (ISO here, day/month/year there, month names further down): such a column cannot be put in
    order, and reading it as text would silently lose the time axis. None when it is not such a column."""
    filled = _nfkc(_filled(cells))
    if len(filled) < 2:
        return None
    found: dict[str, tuple[int, str]] = {}
    dated = 0
    for pos, text in zip(cells.index.get_indexer(filled.index), filled, strict=True):
        label = next((name for name, pattern in _DATE_FORMATS if pattern.search(text)), None)
        if label is not None:
            dated += 1
            found.setdefault(label, (int(lines[pos]), text))
    if len(found) < 2 or dated < _MIN_SHARE * len(filled):
        return None
    return [(label, line, text) for label, (line, text) in sorted(found.items(), key=lambda kv: kv[1][0])]
