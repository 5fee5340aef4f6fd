"""load_csv: a real-world CSV file -> a float64 DataFrame indexed by time, or a DataError.

    from lstm_core import load_csv, DataError
    df = load_csv(source)   # path (str or Path), bytes, or a binary file object

The steps, each in its own function or module:
  1. bytes      read_source / unpack (gzip) / check_binary_magic     data/csv/source.py
  2. text       decode (UTF-8, UTF-16 by BOM, GB18030 or cp1252)     data/csv/source.py
  3. table      delimiter, header, preamble, footer, ragged rows     data/csv/table.py
  4. time       find and read the time column; its frequency        data/csv/time.py, freq.py
  5. numbers    decimal mark, thousands, units, missing tokens       data/csv/numbers.py
Every decision is written down in a LoadReport, so a student can see what was done to the file.
"""

from __future__ import annotations

import contextlib
import gc
import re
import unicodedata
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from lstm_core import limits
from lstm_core.data.csv import freq as csv_freq
from lstm_core.data.csv import numbers as csv_numbers
from lstm_core.data.csv import source as csv_source
from lstm_core.data.csv import table as csv_table
from lstm_core.data.csv import time as csv_time
from lstm_core.data.csv import wide as csv_wide
from lstm_core.data.csv.errors import (
    COLUMN_DROP_REASONS,
    ERRORS,
    ROW_DROP_REASONS,
    TIME_KINDS,
    WARNINGS,
    DataError,
    format_lines,
)

__all__ = [
    "COLUMN_DROP_REASONS",
    "ERRORS",
    "ROW_DROP_REASONS",
    "TIME_KINDS",
    "WARNINGS",
    "DataError",
    "LoadReport",
    "load_csv",
    "load_csv_with_report",
]

MAX_BYTES = limits.MAX_UPLOAD_BYTES  # 50 MiB, one upload
MAX_ROWS = 1_000_000
MAX_COLS = 500
MIN_ROWS = 2  # load_csv's own minimum; the trainer asks for more
EXAMPLE_LINES = 5
# Tests set this to True so that an unexpected exception fails loudly instead of becoming "unreadable".
_STRICT = False

# Names of row-number columns: none (pandas' index, written as ''), pandas' 'Unnamed: 0', and the '#',
# 'No.' or '序号' that loggers and spreadsheets put first. Such a column is dropped only if it holds 0/1, 2, 3, ...
_UNNAMED = re.compile(r"^(Unnamed: \d+||#|№|n°|no\.?|nr\.?|row|index|序号|序號|行号|编号)$", re.IGNORECASE)


@dataclass
class LoadReport:
    """What load_csv found and did. Line numbers are 1-based lines of the (decoded) file."""

    encoding: str = ""
    compression: str | None = None
    delimiter: str = ","
    decimal: str = "."
    thousands: str | None = None
    header_row: int | None = None
    preamble_lines: int = 0
    preamble_example: str = ""  # the first line skipped above the table, as written ("Exported by Logger v2")
    time_column: str | None = None
    time_kind: str | None = None
    frequency: str | None = None
    timezone_note: str | None = None
    columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_used: int = 0
    rows_dropped: list[dict] = field(default_factory=list)  # {"reason", "count", "lines"}
    columns_dropped: list[dict] = field(default_factory=list)  # {"name", "reason"}
    warnings: list[dict] = field(default_factory=list)  # {"key", "params"}

    def to_dict(self) -> dict:
        return asdict(self)

    def warn(self, key: str, **params: object) -> None:
        self.warnings.append({"key": key, "params": params})

    def drop_rows(self, reason: str, lines: list[int], example: str = "") -> None:
        """Rows dropped for one reason: how many, the first line numbers, and the first row as written."""
        if lines:
            entry = {"reason": reason, "count": len(lines), "lines": list(lines[:EXAMPLE_LINES])}
            if example:
                entry["example"] = example
            self.rows_dropped.append(entry)


def load_csv(source, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS) -> pd.DataFrame:
    """Load a CSV time series; the report is in df.attrs["load_report"] (a dict). Raises DataError only."""
    frame, report = load_csv_with_report(source, max_bytes=max_bytes, max_rows=max_rows, max_cols=max_cols)
    frame.attrs["load_report"] = report.to_dict()
    return frame


def load_csv_with_report(
    source, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS
) -> tuple[pd.DataFrame, LoadReport]:
    """(DataFrame, LoadReport). The frame has float64 columns and a DatetimeIndex or a RangeIndex."""
    report = LoadReport()
    try:
        with _gc_paused():
            return _load(source, report, max_bytes, max_rows, max_cols), report
    except DataError:
        raise
    except Exception as exc:  # a bug or a file nobody foresaw: still a message, never a traceback
        if _STRICT:
            raise
        raise DataError("unreadable", error=f"{type(exc).__name__}: {str(exc)[:120]}") from exc


@contextlib.contextmanager
def _gc_paused():
    """Pause Python's cycle collector while millions of cell lists are built (none form cycles).

    With it running, splitting a million-line file takes several times longer, all of it in
    collections that find nothing. It is switched back on afterwards if it was on before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(source, report: LoadReport, max_bytes: int, max_rows: int, max_cols: int) -> pd.DataFrame:
    data = csv_source.read_source(source, max_bytes)
    if not data:
        raise DataError("empty_file")
    data, report.compression = csv_source.unpack(data, max_bytes)
    if not data:
        raise DataError("empty_file")
    csv_source.check_binary_magic(data)
    text, report.encoding = csv_source.decode(data)
    csv_source.check_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # CRLF (Windows) and CR only (old Mac)

    header, body, has_numbers = _read_table(text, report, max_rows, max_cols)
    raw_names, columns, lines = _build_columns(header, body, has_numbers, report)
    del body  # the cells now live in `columns`; free the row lists of a large file
    if header is not None:
        raw_names, columns, lines = csv_wide.unpivot(raw_names, columns, lines, report)
    time = csv_time.find_time_column(columns, headerless=header is None)
    if time is None and header is not None:
        _refuse_mixed_dates(columns, lines)
    index = None
    if time is not None:
        columns, lines, index = _apply_time(time, columns, lines, report)
    frame = _numeric_frame(columns, raw_names, lines, report)
    frame = _finish(frame, index, time, report)
    report.columns = [str(c) for c in frame.columns]
    report.rows_used = len(frame)
    return frame


def _refuse_mixed_dates(columns: dict, lines) -> None:
    """A column named like a time whose dates are written in several ways is refused, never dropped silently."""
    for name, cells in columns.items():
        if not csv_time.is_time_name(name):
            continue
        mixed = csv_time.mixed_date_formats(cells, lines)
        if mixed:
            formats = "; ".join(f"{label} (line {line}: {text[:30]})" for label, line, text in mixed)
            raise DataError("mixed_date_formats", column=name, count=len(mixed), formats=formats)


def _read_table(text: str, report: LoadReport, max_rows: int, max_cols: int):
    """(header row or None, data rows, has numbers?): delimiter, header and caps, from a sample first."""
    delimiter, text = csv_table.split_sep_line(text)
    first_line = 2 if delimiter else 1
    report.preamble_lines = 1 if delimiter else 0
    sample = "\n".join(text.split("\n", csv_table.SAMPLE_LINES)[: csv_table.SAMPLE_LINES])
    delimiter = delimiter or csv_table.sniff_delimiter(sample)
    report.delimiter = delimiter

    sample_rows = csv_table.tokenize(sample, delimiter, first_line)
    if not sample_rows:
        raise DataError("blank_file")
    if max(csv_table.effective_width(cells) for _, cells in sample_rows) > max_cols:
        raise DataError("too_many_columns", columns=max(len(cells) for _, cells in sample_rows), limit=max_cols)
    layout = csv_table.find_layout([cells for _, cells in sample_rows])
    header = sample_rows[layout.header] if layout.header is not None else None
    report.header_row = header[0] if header else None
    above = layout.header if layout.header is not None else layout.data_start
    report.preamble_lines += above
    if above:  # title lines above the table: dropped, and the first is quoted
        report.preamble_example = _quote(sample_rows, 0)
    if layout.extra_header:
        report.warn("extra_header_rows", lines=format_lines([sample_rows[i][0] for i in layout.extra_header]))
    if layout.data_start >= len(sample_rows):  # nothing below the header
        names = [csv_table.clean_name(c) for c in header[1]] if header else []
        raise DataError("no_data_rows", columns=", ".join(n for n in names if n) or "-")
    # The row cap, before the full parse: lines minus blank lines minus the lines above the data.
    estimate = text.count("\n") + (not text.endswith("\n")) - text.count("\n\n") - layout.data_start
    if estimate > max_rows:
        raise DataError("too_many_rows", rows=estimate, limit=max_rows)

    data_line = sample_rows[layout.data_start][0]
    body = csv_table.tokenize(text, delimiter, first_line, start_line=data_line)
    # (a line that mixes delimiters may pose as the header)
    csv_table.check_one_delimiter(sample_rows[: layout.data_start] + body, delimiter)
    report.rows_read = len(body)
    sample_cells = [c for _, cells in body[:2000] for c in cells]
    report.decimal, report.thousands = csv_numbers.decide_decimal(sample_cells, delimiter)
    return header, body, layout.has_numbers


def _table_width(header, body) -> tuple[list[str], int]:
    """(raw header names, number of columns): the header's, else the most common row length."""
    if header is not None:
        raw_names = header[1][: csv_table.effective_width(header[1])]
        return raw_names, len(raw_names)
    width = int(pd.Series([len(cells) for _, cells in body]).value_counts().index[0])
    return [""] * width, width


def _build_columns(header, body, has_numbers: bool, report: LoadReport):
    """Rows -> (raw names, {name: Series of stripped cell text}, line numbers), with the rows that are
    not data (repeated headers, 'Total' rows, notes) dropped and ragged rows padded or refused."""
    raw_names, width = _table_width(header, body)
    lines = np.fromiter((line for line, _ in body), dtype=np.int64, count=len(body))
    lengths = np.fromiter((len(cells) for _, cells in body), dtype=np.int64, count=len(body))
    rows = [cells for _, cells in body]
    long_rows = [i for i in np.flatnonzero(lengths > width) if any(c.strip() for c in rows[i][width:])]
    if (lengths != width).any():
        rows = [r if len(r) == width else (r[:width] if len(r) > width else r + [""] * (width - len(r))) for r in rows]
    cells = [pd.Series([c.strip() for c in column], dtype=object) for column in zip(*rows, strict=True)]
    del rows

    drop = _non_data_rows(cells, header, has_numbers, lines, report, body)
    for i in long_rows:
        if not drop[i]:
            found = csv_table.effective_width(body[i][1])
            raise DataError("row_too_long", line=int(lines[i]), expected=width, found=found)
    short = lines[(lengths < width) & ~drop].tolist()
    if short:
        report.warn("short_rows", count=len(short), lines=format_lines(short))
    keep = ~drop
    if not keep.all():
        cells = [column[keep].reset_index(drop=True) for column in cells]
        lines = lines[keep]
    if not len(lines):
        raise DataError("too_few_rows", rows=0, minimum=MIN_ROWS)

    names = [csv_table.clean_name(n) or f"col_{j + 1}" for j, n in enumerate(raw_names)]
    hidden = [repr(raw) for raw, name in zip(raw_names, names, strict=True)
              if csv_table.clean_name(raw) == name and unicodedata.normalize("NFC", raw).strip().strip("\"'").strip()
              != name]
    if hidden:  # invisible or direction characters in a name: said, with the name as the file wrote it
        report.warn("names_cleaned", names=", ".join(hidden))
    names, repeated = csv_table.unique_names(names)
    if repeated:
        report.warn("duplicate_column_names", names=", ".join(repeated))
    return dict(zip(names, raw_names, strict=True)), dict(zip(names, cells, strict=True)), lines


def _quote(rows, i: int) -> str:
    """Row i of (line, cells) rows as the file wrote it (its filled cells), short enough to quote in a note."""
    text = ", ".join(c.strip() for c in rows[i][1] if c.strip())
    return text if len(text) <= 80 else text[:79] + "…"


def _non_data_rows(cells: list[pd.Series], header, has_numbers: bool, lines, report: LoadReport,
                   body) -> np.ndarray:
    """Rows to drop (reported): repeated header lines, 'Total' / '合计' rows, and notes such as 'End of data' or
    'Source: Australian Bureau of Statistics, cat. 8504.0': rows of text only (no number, no date) in a table of
    numbers, with or without delimiters inside. The first note is quoted in the report."""
    n = len(lines)
    filled = [column.to_numpy() != "" for column in cells]
    repeated = np.zeros(n, dtype=bool)
    if header is not None:
        names = [c.strip() for c in header[1]][: len(cells)]
        repeated = np.logical_and.reduce([column.to_numpy() == name
                                          for column, name in zip(cells, names, strict=False)])
    first = cells[0]
    for column in cells[1:3]:  # the first filled cell, looked for in the first three columns
        first = first.where(first != "", column)
    summary = first.isin(csv_table.SUMMARY_VARIANTS).to_numpy() & ~repeated
    notes = np.zeros(n, dtype=bool)
    if has_numbers and len(cells) > 1:
        # candidates, vectorised: filled rows with no cell that is plainly a number (a data row has one); each
        # candidate's cells are then read one by one (a date or a number in another spelling keeps the row)
        number = r"[-+−]?[\d.,\s']+(?:[eE][-+]?\d+)?\s*%?"
        has_number = np.logical_or.reduce([column.str.fullmatch(number).to_numpy(dtype=bool) for column in cells])
        for i in np.flatnonzero(~has_number & (np.sum(filled, axis=0) >= 1)):
            notes[i] = all(csv_table.cell_kind(column.iat[i]) == "text" for column in cells if column.iat[i] != "")
    notes &= ~repeated & ~summary
    report.drop_rows("repeated_header", lines[repeated].tolist())
    report.drop_rows("summary_row", lines[summary].tolist())
    first_note = np.flatnonzero(notes)
    report.drop_rows("text_row", lines[notes].tolist(), _quote(body, int(first_note[0])) if len(first_note) else "")
    return repeated | summary | notes


def _apply_time(time: csv_time.TimeColumn, columns, lines, report: LoadReport):
    """Drop the rows whose time cannot be read (reported), and the time column(s) from the values."""
    values = time.values.to_numpy(dtype="datetime64[ns]")
    bad = np.isnat(values)
    if bad.any():
        empty = np.zeros(len(values), dtype=bool)
        for source in time.sources:
            empty |= columns[source].map(lambda c: c.casefold() in csv_numbers.MISSING_TOKENS).to_numpy(dtype=bool)
        report.drop_rows("bad_time", lines[bad & ~empty].tolist())
        report.drop_rows("missing_time", lines[bad & empty].tolist())
    keep = ~bad
    columns = {name: cells[keep].reset_index(drop=True) for name, cells in columns.items() if name not in time.sources}
    report.time_column = time.name
    report.time_kind = time.kind
    report.timezone_note = time.timezone_note
    report.warnings.extend(time.warnings)
    return columns, lines[keep], pd.DatetimeIndex(values[keep], name=time.name)


def _numeric_frame(columns: dict[str, pd.Series], raw_names, lines, report: LoadReport) -> pd.DataFrame:
    """Parse every column as numbers; drop text columns and all-missing columns (reported)."""
    kept: dict[str, np.ndarray] = {}
    all_missing, text_columns = [], []
    for name, cells in columns.items():
        parsed = csv_numbers.parse_column(cells, report.decimal)
        if parsed.n_ok == 0 and parsed.n_text == 0:
            if raw_names.get(name, name) or parsed.n_invalid:
                all_missing.append(name)
            else:
                report.columns_dropped.append({"name": name, "reason": "empty"})
            continue
        if not parsed.is_numeric():
            text_columns.append(name)
            continue
        if _is_row_number(name, raw_names, parsed.values):
            report.columns_dropped.append({"name": name, "reason": "index"})
            continue
        _report_cells(name, parsed, lines, report)
        kept[name] = parsed.values
    for name in columns:
        if name in text_columns:
            report.columns_dropped.append({"name": name, "reason": "text"})
        elif name in all_missing:
            report.columns_dropped.append({"name": name, "reason": "all_missing"})
    if not kept:
        if all_missing:
            raise DataError("all_missing", columns=", ".join(all_missing))
        if len(raw_names) == 1 and not report.time_column:
            example = next((c for c in next(iter(columns.values())) if " " in c), None)
            if example:  # 'date value' on every line: separated by spaces, which CSV does not use
                raise DataError("no_delimiter", example=example[:60])
        raise DataError("no_numeric_columns", columns=", ".join(raw_names) or "-")
    return pd.DataFrame(kept)


def _is_row_number(name: str, raw_names, values: np.ndarray) -> bool:
    """An unnamed (or '#', 'No.') column holding 0, 1, 2, ...: a row number written by pandas, a logger or a
    spreadsheet."""
    if not _UNNAMED.match(raw_names.get(name, "x").strip()) or len(values) < 2 or np.isnan(values).any():
        return False
    steps = np.diff(values)
    counts = values[0] in (0, 1) and np.all(values == np.round(values)) and np.all(steps >= 1)
    return bool(counts and np.median(steps) == 1)


def _report_cells(name: str, parsed, lines, report: LoadReport) -> None:
    if parsed.n_text:
        report.warn(
            "unparsed_cells", column=name, count=parsed.n_text,
            lines=format_lines(lines[parsed.text_rows].tolist()), example=parsed.example_text,
        )
    if parsed.n_invalid:
        report.warn("invalid_numbers", column=name, count=parsed.n_invalid,
                    lines=format_lines(lines[parsed.invalid_rows].tolist()))
    if parsed.units:
        report.warn("units_removed", column=name, units=", ".join(parsed.units))
    big = csv_numbers.beyond_float32(parsed.values)
    if big:
        report.warn("beyond_float32", column=name, count=big)


def _finish(frame: pd.DataFrame, index, time, report: LoadReport) -> pd.DataFrame:
    """Sort by time, average repeated time stamps, set the frequency; check the row minimum."""
    if index is None:
        frame.index = pd.RangeIndex(len(frame))
    else:
        frame.index = index
        if not index.is_monotonic_increasing:
            if index.is_monotonic_decreasing:
                report.warn("descending")
            else:
                report.warn("unsorted", column=time.name)
            frame = frame.sort_index(kind="stable")
        duplicated = int(frame.index.duplicated().sum())
        if duplicated:
            frame = frame.groupby(level=0, sort=True).mean()
            report.warn("duplicate_timestamps", count=duplicated)
        frame.index = pd.DatetimeIndex(frame.index.to_numpy(dtype="datetime64[ns]"), name=time.name)
    frame = frame.astype(np.float64)
    frame.columns = [str(c) for c in frame.columns]
    for name in frame.columns:
        column = frame[name].to_numpy()
        finite = column[np.isfinite(column)]
        if len(frame) >= MIN_ROWS and len(finite) >= MIN_ROWS and np.all(finite == finite[0]):
            report.warn("constant_column", column=name)
    if len(frame) < MIN_ROWS:
        raise DataError("too_few_rows", rows=len(frame), minimum=MIN_ROWS)
    if isinstance(frame.index, pd.DatetimeIndex):
        report.frequency, warnings = csv_freq.infer_frequency(frame.index)
        report.warnings.extend(warnings)
    return frame
