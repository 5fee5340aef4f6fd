"""Where the table is in the text: delimiter, header line, preamble, footer and ragged rows.

Tokenising is done by the standard library's csv module (quotes, doubled quotes, delimiters
inside quotes), one line at a time, so every row keeps the line number it came from. Everything
else (which delimiter, which line is the header) is decided from what the cells look like.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from lstm_core.data.csv.errors import DataError
from lstm_core.data.csv.numbers import MISSING_TOKENS, looks_numeric, normalize_cell

CANDIDATE_DELIMITERS = (",", ";", "\t", "|", "，")
SAMPLE_LINES = 300
# A quoted cell spanning more lines than this is a stray quote swallowing the file, not a real cell.
MAX_LINES_PER_ROW = 50

# First cells of rows that sum up the table instead of holding data (dropped, reported).
SUMMARY_WORDS = frozenset(
    {
        "total", "totals", "sum", "subtotal", "grand total", "average", "mean", "avg", "count", "min", "max",
        "合计", "总计", "小计", "总和", "平均", "平均值", "均值", "合計", "總計", "summe", "gesamt", "mittelwert",
        "durchschnitt", "totaal", "totale", "somme", "moyenne", "suma", "promedio",
    }
)
# The same words as written in files: 'Total', 'TOTAL', 'Total:', '合计：'.
SUMMARY_VARIANTS = frozenset(
    v + colon
    for w in SUMMARY_WORDS for v in (w, w.upper(), w.title(), w.capitalize()) for colon in ("", ":", "：", " :")
)
_DATE_LIKE = re.compile(
    r"^(?:\d{4}\s*[-/]\s*\d{1,2}(?:\s*[-/.]\s*\d{1,2})?"  # 2024-01-31, 2024/1/31, 2024-01
    r"|\d{4}\.\d{1,2}\.\d{1,2}|(?:1[6-9]|2[0-2])\d{2}\.(?:0[1-9]|1[0-2])"  # 2024.01.31, 2024.01: never 1120.0
    r"|\d{4}\s*[-/.]?\s*[Qq][1-4]|[Qq][1-4]\s*[-/.]?\s*\d{4}|\d{4}\s*[-/.]?\s*[Hh][12]"  # 1965 Q1, Q1 1965, 2020H1
    r"|\d{4}-?[Ww]\d{2}"  # 2020-W05
    r"|\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号]?)?)?"  # 2024年1月31日
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"  # 31/01/2024, 01.31.24
    r"|\d{1,2}[-\s]?[A-Za-z]{3,9}\.?[-\s,]+\d{2,4}"  # 31 Jan 2024, 31-Jan-24
    r"|[A-Za-z]{3,9}\.?[-\s]+(?:\d{1,2},?\s+)?\d{2,4}"  # Jan 2024, January 31, 2024
    r"|\d{4}-[A-Za-z]{3})"  # 2024-Jan
    r"(?:[T\s]*\d{1,2}\s*[:时点h][\d:.,\s时分秒]*)?\s*(?:[AaPp]\.?[Mm]\.?)?"  # a clock time
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$"  # a UTC offset
    r"|^\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?$",  # 12:30 on its own
    re.IGNORECASE,
)
_SEP_LINE = re.compile(r'^\ufeff?"?sep=(.)"?[,;\t|]*\s*$', re.IGNORECASE)


def cell_kind(cell: str) -> str:
    """'empty', 'na', 'date', 'num' or 'text': what a cell looks like, for sniffing only."""
    text = normalize_cell(cell)
    if not text:
        return "empty"
    if text.casefold() in MISSING_TOKENS:
        return "na"
    if _DATE_LIKE.match(text):
        return "date"
    return "num" if looks_numeric(text) else "text"


def effective_width(cells: list[str]) -> int:
    """Number of cells up to the last non-empty one (Excel pads rows with trailing delimiters)."""
    for i in range(len(cells) - 1, -1, -1):
        if cells[i].strip():
            return i + 1
    return 0


def split_sep_line(text: str) -> tuple[str | None, str]:
    """Excel's 'sep=;' first line names the delimiter: (delimiter, text without that line)."""
    first, _, rest = text.partition("\n")
    match = _SEP_LINE.match(first)
    if match:
        return match.group(1), rest
    return None, text


def tokenize(text: str, delimiter: str, first_line: int = 1, start_line: int = 1) -> list[tuple[int, list[str]]]:
    """(line number, cells) for every non-blank row from start_line on; DataError on a quote that never closes.

    Text without any quote character is split line by line (the same result as the csv module,
    several times faster on a large file); otherwise the csv module handles quoting.
    """
    if '"' not in text:
        lines = text.split("\n")[max(0, start_line - first_line) :]
        begin = max(first_line, start_line)
        return [
            (number, line.split(delimiter))
            for number, line in enumerate(lines, begin)
            if line.strip() and line.replace(delimiter, "").strip()
        ]
    rows = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', skipinitialspace=True)
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if previous - start > MAX_LINES_PER_ROW:
                raise DataError("unclosed_quote", line=start + first_line - 1)
            if start + first_line - 1 >= start_line and "".join(cells).strip():  # skip blank rows
                rows.append((start + first_line - 1, cells))
    except csv.Error as exc:  # 'field larger than field limit': an unclosed quote ate the file
        raise DataError("unclosed_quote", line=previous + first_line) from exc
    return rows


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the sample into the most consistent rows of typed cells.

    Consistency alone cannot tell ';' from ',' in '01.01.2024;1,5;2,3' (both give 3 cells a row),
    so the score also rewards cells that read as numbers, dates or missing values.
    """
    best, best_score = ",", 0.0
    for delimiter in CANDIDATE_DELIMITERS:
        if delimiter not in sample:
            continue
        try:
            rows = [cells for _, cells in tokenize(sample, delimiter)]
        except DataError:
            continue
        tail = rows[len(rows) // 3 :] if len(rows) >= 3 else rows
        if not tail:
            continue
        widths = Counter(len(cells) for cells in tail)
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
        if width <= 1:
            continue
        cells = [c for cells in tail if len(cells) == width for c in cells if c.strip()][:2000]
        typed = sum(cell_kind(c) != "text" for c in cells) / max(1, len(cells))
        score = count / len(tail) * (1 + typed)
        if score > best_score + 1e-9:
            best, best_score = delimiter, score
    return best


def check_one_delimiter(rows: list[tuple[int, list[str]]], delimiter: str) -> None:
    """Refuse a file whose lines use two delimiters ('2024-01-01,5' among '2024-01-02;6'), as files pasted
    together from two exports do: read with one delimiter, the other lines would be one cell each and be
    dropped as notes (and the header with them), silently. A few such lines are notes; 3+ and 5%+ are not."""
    width = Counter(len(cells) for _, cells in rows).most_common(1)[0][0] if rows else 0
    if width < 2:
        return
    found: dict[str, list[int]] = {}
    for line, cells in rows:
        if effective_width(cells) == 1:
            other = next((d for d in CANDIDATE_DELIMITERS if d != delimiter and cells[0].count(d) == width - 1), None)
            if other is not None:
                found.setdefault(other, []).append(line)
    for other, lines in found.items():
        if len(lines) >= 3 and len(lines) >= 0.05 * len(rows):
            raise DataError("mixed_delimiters", count=len(lines), line=lines[0], found=other, expected=delimiter)


@dataclass
class Layout:
    """Where the table is among the first rows: indexes into the sampled rows."""

    header: int | None  # index of the header row, None when the file has no header
    data_start: int  # index of the first data row
    extra_header: list[int] = field(default_factory=list)  # units/description rows under the header
    has_numbers: bool = True


def _profile(rows: list[list[str]]) -> dict[int, str]:
    """Per column, 'num' or 'date' when most filled cells of the given rows are of that kind."""
    counts: dict[int, Counter] = {}
    for cells in rows:
        for j, cell in enumerate(cells):
            kind = cell_kind(cell)
            if kind in ("num", "date", "text"):
                counts.setdefault(j, Counter())[kind] += 1
                counts[j]["compact"] += kind == "num" and bool(_COMPACT_DATE.match(cell))
    profile = {}
    for j, counter in counts.items():
        if counter["date"]:  # beside written dates, 20240131 is one more date
            counter["date"], counter["num"] = counter["date"] + counter["compact"], counter["num"] - counter["compact"]
        del counter["compact"]
        total = sum(counter.values())
        kind, n = max(((k, counter[k]) for k in ("date", "num")), key=lambda item: item[1])
        if n >= 0.5 * total:
            profile[j] = kind
    return profile


# 20240131: a number, and in a column of dates a date written compactly (a column may mix it with 2024-01-31;
# the loader then names the formats, instead of taking the rows above the first two alike rows for a preamble).
_COMPACT_DATE = re.compile(r"^\s*(?:1[89]|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s*$")


def _kind_in(want: str, cell: str) -> str:
    kind = cell_kind(cell)
    return "date" if want == "date" and kind == "num" and _COMPACT_DATE.match(cell) else kind


def _matches(cells: list[str], profile: dict[int, str]) -> bool:
    """Does a row look like the data rows (numbers and dates where they have numbers and dates)?"""
    checks = [(profile[j], _kind_in(profile[j], cells[j])) for j in profile if j < len(cells)]
    checks = [(want, got) for want, got in checks if got not in ("empty", "na")]
    if not checks:
        return False
    anchor = next((j for j in sorted(profile) if profile[j] == "date"), None)
    if anchor is not None and anchor < len(cells) and _kind_in("date", cells[anchor]) == "date":
        return True  # a readable time stamp where the time stamps are: a data row, even with bad cells
    return sum(want == got for want, got in checks) / len(checks) > 0.5


def _is_name_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 1 and all(cell_kind(c) == "text" for c in filled)


def _wide_header(cells: list[str]) -> bool:
    """A year column's name, then the twelve months or the four quarters (csv/wide.py reads such a table)."""
    from lstm_core.data.csv.wide import is_wide_header

    return is_wide_header([c.strip() for c in cells if c.strip()])


def find_layout(rows: list[list[str]]) -> Layout:
    """Find the header and the first data row among the first rows of the file.

    The data rows are recognised by a column profile built from the second half of the sample;
    the header is the row just above the first data row (if it holds names), and lines above it
    are preamble ('Exported by Logger v2', 'Station: X').
    """
    if rows and _wide_header(rows[0]):  # 'year,1,2,...,12' or 'year,1月,...': names, though they look like numbers
        return Layout(header=0, data_start=1)
    profile = _profile(rows[len(rows) // 2 :] if len(rows) >= 2 else rows)
    if not profile:  # no numbers or dates at all: a text table (or just a header)
        return Layout(header=0, data_start=1, has_numbers=False)
    matching = [_matches(cells, profile) for cells in rows]
    start = next((i for i in range(len(rows)) if matching[i] and (i + 1 == len(rows) or matching[i + 1])), None)
    if start is None:
        start = next((i for i in range(len(rows)) if matching[i]), 0)
    table_width = max(effective_width(rows[i]) for i in range(start, len(rows)))
    header = start - 1
    if header < 0 or effective_width(rows[header]) < min(2, table_width):
        return Layout(header=None, data_start=start)
    # Rows of names directly above (same width) mean the names are on the top one and the
    # rows below it hold units or descriptions.
    width = effective_width(rows[header])
    while (
        header > 0
        and effective_width(rows[header - 1]) == width
        and _is_name_row(rows[header - 1])
        and _is_name_row(rows[header])
        and not matching[header - 1]
    ):
        header -= 1
    return Layout(header=header, data_start=start, extra_header=list(range(header + 1, start)))


def is_summary_row(cells: list[str]) -> bool:
    """'Total', '合计', 'Sum:' ... in the first filled cell."""
    for cell in cells:
        text = cell.strip()
        if text:
            return text.rstrip(":：").strip().casefold() in SUMMARY_WORDS
    return False


def clean_name(name: str) -> str:
    """A header cell as a plain column name: NFC, no Unicode format characters (zero-width spaces, direction marks
    and overrides, a byte-order mark anywhere), no surrounding whitespace or quotes. So "\u200bvalue\u202e " is
    found as "value"; the load report keeps the name as the file wrote it."""
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch) != "Cf")
    return name.strip().strip("\"'").strip()


def unique_names(names: list[str]) -> tuple[list[str], list[str]]:
    """('value', 'value') -> ('value', 'value_2'); also returns the names that were repeated."""
    seen: set[str] = set()
    result, repeated = [], []
    for name in names:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name}_{n}"
        if candidate != name:
            repeated.append(name)
        seen.add(candidate)
        result.append(candidate)
    return result, sorted(set(repeated))
