"""Numbers as people write them in CSV files: '1,000.25', '1.000,25', '12.5 kWh', '45%', '€1,200', '１２３．５'.

Cells are parsed with one decimal mark per file (decided from the data by `decide_decimal`).
A thousands separator is only removed where it really groups digits in threes, so '1,5' in a
decimal-point file is not silently read as 15. Units, percent signs and currency symbols are
stripped (and reported); '45%' is 45.0, as written.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# Cells that mean "no value" (compared after strip + casefold; NFKC turns '－' into '-').
MISSING_TOKENS = frozenset(
    {
        "", "na", "n/a", "#n/a", "n.a.", "-", "--", "---", "—", "–", "空", "无", "無", "缺失", "null",
        "none", "nil", "missing", "?", ".", "(blank)", "#n/a n/a", "<na>", "nat", "无数据", "暂无",
    }
)
# Number-like cells that are not finite numbers: read as missing, but reported.
INVALID_TOKENS = frozenset(
    {
        "nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity", "∞", "-∞",
        "#num!", "#div/0!", "#value!", "#ref!", "#name?", "#null!", "#error", "error", "1.#inf", "-1.#inf",
        "1.#ind", "-1.#ind", "1.#qnan",
    }
)
_CURRENCY = frozenset({"€", "$", "£", "¥", "₹", "₩", "₽", "US$", "R$", "A$", "C$", "HK$",
                       "RMB", "CNY", "EUR", "USD", "GBP", "JPY", "CHF"})
_GROUP_SPACES = " '\u00a0\u202f\u2009"

# A number with an optional currency prefix, sign, exponent, unit suffix ('kWh', '%', '°C', 'm/s', 'm3', '元').
# A unit is letters and symbols with at most one final digit, so '2024年1月' is not 2024 with a unit.
_NUMBER = re.compile(
    r"""^(?P<pre>[^\d\s+\-.,()]{0,4}?)\s*
        (?P<sign>[+-]?)\s*
        (?P<pre2>[^\d\s+\-.,()]{0,4}?)\s*
        (?P<body>\d[\d.,'\u00a0\u202f\u2009 ]*\d|\d|[.,]\d+)
        (?P<exp>[eE][+-]?\d+)?
        (?P<tsign>-)?  # a trailing minus, as SAP and other accounting systems write negatives: 1.234,56-
        \s*(?P<suf>(?:[%‰‱°'"€$£¥₹]|[^\W\d_])(?:[^\W\d_]|[/°·.\-%‰])*\d?(?:\s[^\W\d_][^\W\d_/]*)?)?$""",
    re.VERBOSE,
)
_FLOAT32_MAX = float(np.finfo(np.float32).max)
# A year followed by a quarter or half ('2024Q1', '2024 Q1', '2024H2'): a period label, never a number with a unit.
_PERIOD_LABEL = re.compile(r"\d{4}\s*[QqHh][1-4]")
_YEAR_DOT_MONTH = re.compile(r"[12]\d{3}\.(?:0[1-9]|1[0-2])")
# Suffixes that scale a number ('15k' is 15,000, '1.2万' is 12,000). They are applied only in a column that
# mixes scales ('950', '15k', '1.2M'), where reading them as units would silently put values 1000x apart;
# a column written in one scale keeps its values as written (like '45%'), since 'M' may also be molar, and a
# column with other units too ('512 B', '3 KB') is left alone: there 'B' is bytes.
MULTIPLIERS = {
    "k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "bn": 1e9, "Bn": 1e9, "mn": 1e6, "Mio": 1e6, "Mio.": 1e6,
    "Mrd": 1e9, "Mrd.": 1e9, "千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8,
}  # fmt: skip


def normalize_cell(text: str) -> str:
    """Full-width digits and signs to ASCII ('１２３．５' -> '123.5'), Unicode minus to '-'."""
    if text.isascii():
        return text.strip()
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()


def _split_number(text: str) -> tuple[str, str, str, str] | None:
    """(sign, body, exponent, unit) of a number-like cell, or None if the cell is not one."""
    negative = False
    if text.startswith("(") and text.endswith(")"):  # accounting style: (1,200) is -1200
        text, negative = text[1:-1].strip(), True
    match = _NUMBER.match(text)
    if not match:
        return None
    prefix = (match["pre"] or match["pre2"] or "").strip()
    if match["pre"] and match["pre2"]:
        return None
    if prefix and prefix.upper() not in _CURRENCY and prefix not in _CURRENCY:
        return None
    if match["tsign"] and (match["sign"] or negative):  # '-5-' or '(5-)': no number
        return None
    if _PERIOD_LABEL.fullmatch(match["body"] + (match["suf"] or "")):  # '2024Q1' is a quarter, not 2024 'Q1'
        return None
    sign = "-" if (match["sign"] == "-" or match["tsign"] == "-") != negative else ""
    unit = " ".join(part for part in (prefix, match["suf"] or "") if part)
    return sign, match["body"], match["exp"] or "", unit


def _plain_number(body: str, decimal: str) -> str | None:
    """'1,000.25' or '1.000,25' (with the file's decimal mark) as '1000.25'; None if it is not one number."""
    if any(ch in body for ch in _GROUP_SPACES):
        if not re.fullmatch(r"\d{1,3}(?:[ '\u00a0\u202f\u2009]\d{3})+(?:[.,]\d*)?", body):
            return None
        body = re.sub(r"[ '\u00a0\u202f\u2009]", "", body)
    other = "," if decimal == "." else "."
    if other in body:
        grouping = rf"[1-9]\d{{0,2}}(?:{re.escape(other)}\d{{3}})+(?:{re.escape(decimal)}\d*)?"
        if re.fullmatch(grouping, body):
            body = body.replace(other, "")
        elif body.count(other) == 1 and decimal not in body:
            # A lone mark that cannot be a thousands group ('1.5' in a decimal-comma file) is the decimal mark.
            body = body.replace(other, decimal)
        else:
            return None
    if body.count(decimal) > 1:
        return None
    return body.replace(decimal, ".")


def parse_number(text: str, decimal: str = ".") -> tuple[float | None, str, str]:
    """(value, status, unit). status: 'ok', 'missing', 'invalid' (inf, nan, #DIV/0!) or 'text'."""
    cell = normalize_cell(text)
    folded = cell.casefold()
    if folded in MISSING_TOKENS:
        return None, "missing", ""
    if folded in INVALID_TOKENS:
        return None, "invalid", ""
    parts = _split_number(cell)
    if parts is None:
        return None, "text", ""
    sign, body, exponent, unit = parts
    plain = _plain_number(body, decimal)
    if plain is None:
        return None, "text", ""
    value = float(plain + exponent)  # plain is digits with at most one '.', exponent is e[+-]digits
    if not math.isfinite(value):  # '1e999' overflows float64
        return None, "invalid", unit
    return (-value if sign else value), "ok", unit


def looks_numeric(text: str) -> bool:
    """Loose test used while sniffing: a number in either decimal convention, with units allowed."""
    cell = normalize_cell(text)
    if cell.casefold() in INVALID_TOKENS:
        return True
    parts = _split_number(cell)
    if parts is None:
        return False
    body = parts[1]
    return _plain_number(body, ".") is not None or _plain_number(body, ",") is not None


def decide_decimal(cells: list[str], delimiter: str) -> tuple[str, str | None]:
    """(decimal mark, thousands separator or None), voted on by the number cells of a sample.

    '1.000,25' and '1,5' vote for a decimal comma, '1,000.25' and '1.5' for a decimal point;
    '1,000' and '1.000' are ambiguous and only break a tie: spreadsheets write no thousands
    separators in CSV unless asked, so a lone '1,375' in a ';' or tab file is a decimal comma,
    and a lone '1.375' a decimal point.
    """
    comma = point = ambiguous_comma = ambiguous_point = 0
    grouped = {",": 0, ".": 0, " ": 0}
    for text in cells:
        parts = _split_number(normalize_cell(text))
        if parts is None:
            continue
        body = parts[1]
        if _YEAR_DOT_MONTH.fullmatch(body):  # '2024.01': a month (in a time column) as often as a number
            continue
        if any(ch in body for ch in _GROUP_SPACES):
            grouped[" "] += 1
            body = re.sub(r"[ '\u00a0\u202f\u2009]", "", body)
        has_comma, has_point = "," in body, "." in body
        if has_comma and has_point:
            if body.rfind(",") > body.rfind("."):
                comma, grouped["."] = comma + 1, grouped["."] + 1
            else:
                point, grouped[","] = point + 1, grouped[","] + 1
        elif has_comma:
            if re.fullmatch(r"[1-9]\d{0,2}(?:,\d{3}){2,}", body):
                point, grouped[","] = point + 1, grouped[","] + 1
            elif re.fullmatch(r"[1-9]\d{0,2},\d{3}", body):
                ambiguous_comma += 1
            elif body.count(",") == 1:
                comma += 1
        elif has_point:
            if re.fullmatch(r"[1-9]\d{0,2}(?:\.\d{3}){2,}", body):
                comma, grouped["."] = comma + 1, grouped["."] + 1
            elif re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", body):
                ambiguous_point += 1
            elif body.count(".") == 1:
                point += 1
    if comma != point:
        decimal = "," if comma > point else "."
    else:
        decimal = "," if delimiter != "," and ambiguous_comma else "."
    if decimal == "," and ambiguous_point:
        grouped["."] += ambiguous_point
    if decimal == "." and ambiguous_comma:
        grouped[","] += ambiguous_comma
    other = "." if decimal == "," else ","
    thousands = other if grouped[other] else (" " if grouped[" "] else None)
    return decimal, thousands


@dataclass
class ParsedColumn:
    """A column of cells read as float64, with what happened to the cells that were not plain numbers."""

    values: np.ndarray
    n_ok: int = 0
    n_missing: int = 0
    invalid_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    text_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    example_text: str = ""
    units: list[str] = field(default_factory=list)

    @property
    def n_text(self) -> int:
        return len(self.text_rows)

    @property
    def n_invalid(self) -> int:
        return len(self.invalid_rows)

    def is_numeric(self) -> bool:
        """Numeric when at least 80% of the filled cells are numbers (inf/nan text counts as numbers)."""
        numeric = self.n_ok + self.n_invalid
        return self.n_ok > 0 and numeric >= 0.8 * (numeric + self.n_text)


def parse_column(cells: pd.Series, decimal: str) -> ParsedColumn:
    """Read a column of (stripped) text cells as float64.

    Plain numbers go through pandas' C parser in one step; every other distinct cell text
    ('1,000.25', '12 kWh', 'NA', 'inf') is parsed once by parse_number.
    """
    text = cells.astype(object)
    if decimal == ",":
        # Only cells without a '.' can be read fast: '1.000' is a thousand here, not one.
        fast_input = pd.Series([c.replace(",", ".") if "." not in c else "x" for c in text], dtype=object)
    else:
        fast_input = text
    values = pd.to_numeric(fast_input, errors="coerce").to_numpy(dtype=np.float64, copy=True)
    fast = np.isfinite(values)  # NaN: not a plain number; inf: 'inf' or '1e999', reported as invalid
    status = np.where(fast, "ok", "text").astype(object)
    rest = np.flatnonzero(~fast)
    units: set[str] = set()
    if len(rest):
        subset = text.iloc[rest]
        parsed = {u: parse_number(u, decimal) for u in pd.unique(subset)}
        units.update(unit for _, state, unit in parsed.values() if state == "ok" and unit)
        triples = [parsed[u] for u in subset]
        values[rest] = [np.nan if v is None else v for v, _, _ in triples]
        status[rest] = [state for _, state, _ in triples]
        applied = _apply_multipliers(values, rest, subset, parsed, plain=bool(fast.any()))
        units = (units - applied) | {f"{unit} (×{_multiplier(unit):,.0f})" for unit in applied}
    text_rows = np.flatnonzero(status == "text")
    return ParsedColumn(
        values=values,
        n_ok=int((status == "ok").sum()),
        n_missing=int((status == "missing").sum()),
        invalid_rows=np.flatnonzero(status == "invalid"),
        text_rows=text_rows,
        example_text=str(text.iloc[text_rows[0]])[:40] if len(text_rows) else "",
        units=sorted(units),
    )


def _multiplier(unit: str) -> float:
    """The scale of a unit such as 'k', '$ M' or '万' (1.0 for any other unit)."""
    return MULTIPLIERS.get(unit.split(" ")[-1], 1.0) if unit else 1.0


def _apply_multipliers(values: np.ndarray, rest: np.ndarray, subset: pd.Series, parsed: dict, plain: bool) -> set[str]:
    """Scale, in place, the values of a column that mixes scales ('950', '15k', '1.2M'); the units applied.

    plain: the column also has plain numbers (read by the fast path, scale 1).
    """
    units = {unit for _, state, unit in parsed.values() if state == "ok"}
    if any(unit and _multiplier(unit) == 1.0 and unit not in _CURRENCY for unit in units):
        return set()  # real units beside them ('512 B', '3 KB'; '12 kWh'): the letters are not scales here
    scales = {_multiplier(unit) for unit in units} | ({1.0} if plain else set())
    if len(scales) < 2:
        return set()
    factors = np.array([_multiplier(parsed[c][2]) if parsed[c][1] == "ok" else 1.0 for c in subset])
    values[rest] = values[rest] * factors
    return {unit for _, state, unit in parsed.values() if state == "ok" and _multiplier(unit) != 1.0}


def beyond_float32(values: np.ndarray) -> int:
    """How many finite values would overflow float32 (kept as float64; the trainer may rescale)."""
    with np.errstate(invalid="ignore"):
        return int(np.sum(np.abs(values[np.isfinite(values)]) > _FLOAT32_MAX))
