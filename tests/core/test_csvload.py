"""load_csv on a corpus of real-world CSV files (tests/data/csv/), on random input, and its limits.

Every corpus file has its expected outcome below: the numbers it must give, or the DataError key.
The corpus is written by tests/data/make_csv_corpus.py; the tests rebuild it in a temporary
folder when it is missing, so they never depend on a stale copy.
"""

from __future__ import annotations

import gzip
import importlib
import io
import math
import re
import string
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstm_core.data.csv import load as csvload
from lstm_core.data.csv.load import (
    COLUMN_DROP_REASONS,
    ERRORS,
    ROW_DROP_REASONS,
    TIME_KINDS,
    WARNINGS,
    DataError,
    LoadReport,
    load_csv,
    load_csv_with_report,
)
from lstm_core.data.windows import season_length

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "csv"


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    """An unexpected internal exception fails the test instead of becoming DataError('unreadable')."""
    monkeypatch.setattr(csvload, "_STRICT", True)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """The corpus folder; written afresh by the generator when a file is missing."""
    spec = importlib.util.spec_from_file_location("make_csv_corpus", ROOT / "tests" / "data" / "make_csv_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if all((CORPUS / name).exists() for name in module.FILES):
        return CORPUS
    folder = tmp_path_factory.mktemp("csv")
    module.main(folder)
    return folder


# --- expected outcomes -----------------------------------------------------------------------


@dataclass
class Ok:
    """A file that loads: its columns, index, first and last rows and what the report says."""

    columns: list[str]
    first: list[float]  # the first row, column by column (NaN allowed)
    last: list[float]
    rows: int
    index: tuple[str, str] | None = None  # (first, last) time stamps; None: a RangeIndex
    index_name: str | None = None
    freq: str | None = None
    warnings: set[str] = field(default_factory=set)  # exactly these warning keys
    dropped_rows: dict[str, int] = field(default_factory=dict)  # reason -> count
    dropped_columns: dict[str, str] = field(default_factory=dict)  # name -> reason
    report: dict = field(default_factory=dict)  # other LoadReport fields to check


def daily(n: int, first: str = "2024-01-01") -> tuple[str, str]:
    return first, str((pd.Timestamp(first) + pd.Timedelta(days=n - 1)).date())


NAN = math.nan
EXPECTED: dict[str, Ok | str] = {
    # encodings
    "utf8_basic.csv": Ok(["value"], [1.0], [5.5], 10, daily(10), "date", "D", report={"encoding": "utf-8", "header_row": 1}),
    "utf8_bom_monthly.csv": Ok(["Sales"], [100.0], [210.0], 12, ("2023-01-01", "2023-12-01"), "Month", "MS", report={"encoding": "utf-8-sig"}),
    "utf16le_tab_excel.csv": Ok(
        ["Temperature °C", "Humidity %"], [-1.5, 80.0], [4.5, 74.0], 7, daily(7), "Date", "D",
        report={"encoding": "utf-16-le", "delimiter": "\t"},
    ),
    "utf16be_bom.csv": Ok(["load"], [10.0], [15.0], 6, ("2024-01-01 00:00", "2024-01-01 05:00"), "time", "h", report={"encoding": "utf-16-be"}),
    "gbk_chinese_header.csv": Ok(
        ["销售额", "温度"], [1010.0, 0.5], [1080.0, 4.0], 8, daily(8), "日期", "D", report={"encoding": "gb18030", "time_kind": "year-first"}
    ),
    "gb18030_chinese_dates.csv": Ok(["用电量（千瓦时）"], [201.0], [207.0], 7, daily(7), "日期", "D", report={"encoding": "gb18030", "time_kind": "chinese"}),
    "cp1252_euro_semicolon.csv": Ok(
        ["Umsatz €", "Temperatur °C"], [1234.5, -2.5], [1010.75, 3.0], 4, ("2024-02-01", "2024-02-04"), "Datum", "D",
        report={"encoding": "cp1252", "delimiter": ";", "decimal": ",", "thousands": ".", "time_kind": "day-first"},
    ),
    "cp1252_degree_comma.csv": Ok(
        ["Température (°C)", "Qualité"], [12.5, 90.0], [16.5, 94.0], 5, ("2024-01-01 00:00", "2024-01-01 04:00"), "time", "h",
        report={"encoding": "cp1252"},
    ),
    "bad_encoding_damaged_utf8.csv": "bad_encoding",
    "shift_jis_refused.csv": "bad_encoding",
    "latin1_undefined_bytes.csv": "bad_encoding",
    # dialects
    "semicolon_decimal_comma.csv": Ok(
        ["Wert"], [1.5], [6.3], 6, ("2024-03-01", "2024-03-06"), "Datum", "D", report={"delimiter": ";", "decimal": ","}
    ),
    "tab_separated.csv": Ok(["value", "other"], [0.0, 0.0], [5.0, -4.0], 5, daily(5), "date", "D", report={"delimiter": "\t"}),
    "pipe_separated.csv": Ok(["value"], [100.0], [96.0], 5, daily(5), "date", "D", report={"delimiter": "|"}),
    "fullwidth_comma.csv": Ok(["数值"], [123.5], [-1.5], 3, daily(3), "日期", "D", report={"delimiter": "，"}),
    "excel_sep_line.csv": Ok(
        ["Value"], [0.5], [3.5], 4, daily(4), "Date", "D", report={"delimiter": ";", "decimal": ",", "header_row": 2, "preamble_lines": 1}
    ),
    "quoted_thousands_comma.csv": Ok(
        ["revenue", "units"], [1000.25, 3.0], [12345678.0, 5.0], 3, daily(3), "date", "D", report={"decimal": ".", "thousands": ","}
    ),
    "quoted_thousands_semicolon.csv": Ok(
        ["Betrag"], [1000.25], [-12345.75], 3, daily(3), "Datum", "D", report={"delimiter": ";", "decimal": ",", "thousands": "."}
    ),
    "units_percent_currency.csv": Ok(
        ["energy", "share", "price"], [12.5, 45.0, 1200.0], [11.75, 12.5, 990.0], 3, daily(3), "date", "D", warnings={"units_removed"}
    ),
    "fullwidth_digits.csv": Ok(["value"], [123.5], [1200.0], 3, daily(3), "date", "D"),
    "decimal_comma_quoted_in_comma_file.csv": Ok(["value"], [1.5], [3.75], 3, daily(3), "date", "D", report={"decimal": ","}),
    "space_separated.csv": "no_delimiter",
    # structure
    "no_header.csv": Ok(["col_2", "col_3"], [1.5, 0.0], [5.5, 40.0], 5, daily(5), "col_1", "D", report={"header_row": None}),
    "no_header_single_column.csv": Ok(["col_1"], [1.5], [8.0], 4, report={"header_row": None, "time_column": None}),
    "preamble_logger.csv": Ok(
        ["Temp", "Humidity"], [20.0, 50.0], [25.0, 45.0], 6, ("2024-01-01 00:00", "2024-01-01 05:00"), "Timestamp", "h",
        report={"header_row": 4, "preamble_lines": 2},
    ),
    "preamble_excel_padded.csv": Ok(
        ["Wert"], [0.5], [3.5], 4, ("2024-01-01 00:00", "2024-01-01 03:00"), "Zeit", "h",
        dropped_columns={"Status": "text"}, report={"header_row": 4, "preamble_lines": 2, "delimiter": ";", "decimal": ","},
    ),
    "footer_total.csv": Ok(["value"], [1.0], [5.0], 5, daily(5), "date", "D", dropped_rows={"summary_row": 1}),
    "footer_heji_chinese.csv": Ok(["销量"], [10.0], [40.0], 4, daily(4), "日期", "D", dropped_rows={"summary_row": 1}),
    "blank_lines.csv": Ok(["value"], [1.0], [3.0], 3, daily(3), "date", "D", report={"header_row": 2}),
    "cr_only.csv": Ok(["value"], [0.0], [6.0], 4, daily(4), "date", "D"),
    "crlf.csv": Ok(["value"], [0.0], [9.0], 4, daily(4), "date", "D"),
    "ragged_short_rows.csv": Ok(["a", "b"], [1.0, 10.0], [NAN, NAN], 4, daily(4), "date", "D", warnings={"short_rows"}),
    "ragged_long_row.csv": "row_too_long",
    "trailing_empty_cells.csv": Ok(["value"], [0.0], [3.0], 4, daily(4), "date", "D"),
    "duplicate_columns.csv": Ok(["value", "value_2"], [0.0, 0.0], [3.0, 30.0], 4, daily(4), "date", "D", warnings={"duplicate_column_names"}),
    "pandas_index_column.csv": Ok(["value"], [0.0], [4.5], 4, daily(4), "date", "D", dropped_columns={"col_1": "index"}),
    "unnamed_0_column.csv": Ok(["value"], [7.0], [3.0], 5, dropped_columns={"Unnamed: 0": "index"}),
    "many_columns_60.csv": Ok([f"s{j:02d}" for j in range(1, 61)], [float(j) for j in range(1, 61)], [400.0 + j for j in range(1, 61)], 5, daily(5), "date", "D"),
    "repeated_header.csv": Ok(["value"], [1.0], [4.0], 4, daily(4), "date", "D", dropped_rows={"repeated_header": 1}),
    "notes_after_data.csv": Ok(["value"], [1.0], [3.0], 3, daily(3), "date", "D", dropped_rows={"text_row": 2}),
    "units_row_below_header.csv": Ok(
        ["Temp", "Hum"], [0.0, 50.0], [3.0, 53.0], 4, ("2024-01-01 00:00", "2024-01-01 03:00"), "Time", "h", warnings={"extra_header_rows"}
    ),
    "unclosed_quote.csv": "unclosed_quote",
    # time
    "iso_datetime_hourly.csv": Ok(["value"], [0.0], [2.3], 24, ("2024-01-01 00:00", "2024-01-01 23:00"), "datetime", "h"),
    "dayfirst_slash.csv": Ok(["value"], [10.0], [15.0], 6, ("2024-01-10", "2024-01-15"), "date", "D", report={"time_kind": "day-first"}),
    "monthfirst_slash.csv": Ok(["value"], [10.0], [15.0], 6, ("2024-01-10", "2024-01-15"), "date", "D", report={"time_kind": "month-first"}),
    "dayfirst_dot_time.csv": Ok(["Wert"], [20.0], [24.0], 5, ("2024-01-31 20:30", "2024-02-01 00:30"), "Zeit", "h", report={"time_kind": "day-first"}),
    "chinese_datetime.csv": Ok(["温度"], [10.0], [14.0], 5, ("2024-03-01 00:00", "2024-03-01 04:00"), "时间", "h", report={"time_kind": "chinese"}),
    "chinese_year_month.csv": Ok(["产量"], [100.0], [1200.0], 12, ("2023-01-01", "2023-12-01"), "月份", "MS", report={"time_kind": "chinese"}),
    "excel_serial.csv": Ok(["Value"], [0.5], [5.5], 6, daily(6), "Date", "D", report={"time_kind": "excel-serial"}),
    "unix_seconds.csv": Ok(["value"], [0.0], [5.0], 6, ("2024-01-01 00:00", "2024-01-01 05:00"), "timestamp", "h", report={"time_kind": "unix-s"}),
    "unix_ms.csv": Ok(["value"], [0.0], [10.0], 6, ("2024-01-01 00:00", "2024-01-01 02:30"), "time", "30min", report={"time_kind": "unix-ms"}),
    "mixed_utc_offsets.csv": Ok(
        ["load"], [1.0], [5.0], 5, ("2024-03-30 22:00", "2024-03-31 02:00"), "time", "h", warnings={"mixed_utc_offsets"}
    ),
    "single_utc_offset.csv": Ok(["value"], [0.0], [3.0], 4, ("2024-01-01 00:00", "2024-01-01 03:00"), "time", "h", warnings={"utc_offset_dropped"}),
    "descending.csv": Ok(["value"], [1.0], [6.0], 6, daily(6), "date", "D", warnings={"descending"}),
    "unsorted.csv": Ok(["value"], [1.0], [5.0], 5, daily(5), "date", "D", warnings={"unsorted"}),
    "duplicate_timestamps.csv": Ok(["value"], [1.0], [6.0], 3, daily(3), "date", "D", warnings={"duplicate_timestamps"}, report={"rows_read": 5}),
    "gaps_daily.csv": Ok(["value"], [1.0], [12.0], 9, daily(12), "date", "D", warnings={"gaps"}),
    "irregular_times.csv": Ok(["value"], [1.0], [5.0], 5, ("2024-01-01 00:00", "2024-01-01 05:02"), "time", None, warnings={"irregular_time"}),
    "no_time_column.csv": Ok(["a", "b"], [0.0, 0.0], [4.0, 16.0], 5, report={"time_column": None}),
    "date_time_split.csv": Ok(
        ["Value"], [0.0], [4.0], 5, ("2024-01-01 00:15", "2024-01-01 04:15"), "Date Time", "h", warnings={"date_time_combined"}
    ),
    "month_names.csv": Ok(["visitors"], [0.0], [40.0], 5, ("2024-01-01", "2024-05-01"), "month", "MS", report={"time_kind": "month-name"}),
    "business_days.csv": Ok(["close"], [101.0], [116.0], 12, ("2024-01-01", "2024-01-16"), "date", "B"),
    "year_column.csv": Ok(["GDP"], [1.5], [6.5], 6, ("2000-01-01", "2005-01-01"), "Year", "YS", report={"time_kind": "year"}),
    "bad_time_rows.csv": Ok(["value"], [1.0], [4.0], 4, daily(4), "date", "D", dropped_rows={"bad_time": 1, "missing_time": 1}),
    "us_dates_ampm.csv": Ok(["Value"], [0.0], [3.0], 4, ("2024-01-31 11:30", "2024-01-31 14:30"), "Date", "h", report={"time_kind": "month-first"}),
    "ambiguous_dates.csv": Ok(["value"], [1.0], [5.0], 5, ("2024-02-01", "2024-02-05"), "date", "D", warnings={"ambiguous_date_order"}),
    "yyyymmdd.csv": Ok(["value"], [1.0], [5.0], 5, daily(5), "date", "D", report={"time_kind": "yyyymmdd"}),
    "weekly.csv": Ok(["value"], [1.0], [29.0], 5, ("2024-01-01", "2024-01-29"), "week", "W-MON"),
    "quarterly.csv": Ok(["value"], [1.0], [13.0], 5, ("2023-01-01", "2024-01-01"), "quarter", "QS"),
    "logger_us_ampm_row_numbers.csv": Ok(
        ["Temp (°C)", "RH (%)"], [15.0, 60.0], [38.0, 59.0], 72, ("2024-03-01 00:00", "2024-03-03 23:00"), "Date Time", "h",
        warnings={"ambiguous_date_order"}, dropped_columns={"#": "index"},
        report={"time_kind": "month-first", "header_row": 6, "preamble_lines": 5},
    ),
    "year_month_columns.csv": Ok(["Value"], [0.0], [23.0], 24, ("2023-01-01", "2024-12-01"), "Year Month", "MS", warnings={"date_time_combined"}),
    "date_hour_ending.csv": Ok(
        ["Price"], [101.0], [224.0], 48, ("2024-01-01 00:00", "2024-01-02 23:00"), "Date Hour", "h", warnings={"date_time_combined"}
    ),
    "dotted_year_month.csv": Ok(["Wert"], [1.5], [12.5], 12, ("2024-01-01", "2024-12-01"), "Monat", "MS", report={"time_kind": "year-first", "decimal": ","}),
    # quarter labels (2020Q1) are quarterly dates with season 4, no longer a text column dropped (issue 15)
    "quarter_labels.csv": Ok(["gdp"], [100.0], [107.0], 8, ("2020-01-01", "2021-10-01"), "quarter", "QS",
                             report={"time_kind": "quarter"}),
    # values
    "missing_tokens.csv": Ok(["value"], [NAN], [13.0], 13, daily(13), "date", "D"),
    "inf_nan_text.csv": Ok(["value"], [1.0], [NAN], 5, daily(5), "date", "D", warnings={"invalid_numbers"}),
    "huge_values.csv": Ok(["value"], [1e39], [2.0], 4, daily(4), "date", "D", warnings={"beyond_float32"}),
    "text_cells_in_numeric.csv": Ok(["value"], [1.0], [5.0], 5, daily(5), "date", "D", warnings={"unparsed_cells"}),
    "accounting_negatives.csv": Ok(["balance"], [-1200.5], [-45.0], 3, daily(3), "date", "D"),
    "sap_trailing_minus.csv": Ok(
        ["Betrag"], [-1234.56], [-45.5], 3, ("2024-02-01", "2024-02-03"), "Buchungsdatum", "D", report={"decimal": ",", "thousands": "."}
    ),
    "magnitude_suffixes.csv": Ok(["views"], [950.0], [2_500_000.0], 5, daily(5), "date", "D", warnings={"units_removed"}),
    "constant_series.csv": Ok(["value"], [7.0], [7.0], 6, daily(6), "date", "D", warnings={"constant_column"}),
    "all_missing_target.csv": Ok(["other"], [0.0], [4.0], 5, daily(5), "date", "D", dropped_columns={"target": "all_missing"}),
    "text_columns.csv": Ok(["value"], [0.0], [3.0], 4, daily(4), "date", "D", dropped_columns={"city": "text", "comment": "text"}),
    "no_numeric.csv": "no_numeric_columns",
    "all_missing.csv": "all_missing",
    # not CSV at all
    "empty.csv": "empty_file",
    "whitespace_only.csv": "blank_file",
    "header_only.csv": "no_data_rows",
    "one_row.csv": "too_few_rows",
    "png_renamed.csv": "not_text_png",
    "xlsx_renamed.csv": "not_text_xlsx",
    "xls_renamed.csv": "not_text_xls",
    "json_renamed.csv": "not_text_json",
    "pdf_renamed.csv": "not_text_pdf",
    "html_renamed.csv": "not_text_html",
    "binary_garbage.csv": "not_text_binary",
    "gzipped.csv": Ok(["value"], [0.25], [4.25], 5, daily(5), "date", "D", report={"compression": "gzip"}),
    "bad_gzip.csv": "bad_gzip",
}


def test_every_corpus_file_has_an_expectation(corpus):
    files = {p.name for p in corpus.glob("*.csv")}
    assert files == set(EXPECTED), f"missing: {files - set(EXPECTED)}, stale: {set(EXPECTED) - files}"
    assert len(files) >= 45


def _check_values(actual: list[float], expected: list[float]) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(corpus, name):
    expected = EXPECTED[name]
    path = corpus / name
    if isinstance(expected, str):
        with pytest.raises(DataError) as info:
            load_csv(path)
        assert info.value.key == expected, str(info.value)
        assert str(info.value) and isinstance(info.value, ValueError)
        return
    frame = load_csv(path)
    report = frame.attrs["load_report"]
    assert list(frame.columns) == expected.columns
    assert all(dtype == np.float64 for dtype in frame.dtypes)
    assert len(frame) == expected.rows == report["rows_used"]
    _check_values(frame.iloc[0].tolist(), expected.first)
    _check_values(frame.iloc[-1].tolist(), expected.last)
    if expected.index is None:
        assert isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0
    else:
        assert isinstance(frame.index, pd.DatetimeIndex)
        assert frame.index.tz is None and frame.index.is_monotonic_increasing and frame.index.is_unique
        assert frame.index[0] == pd.Timestamp(expected.index[0])
        assert frame.index[-1] == pd.Timestamp(expected.index[1])
        assert frame.index.name == expected.index_name == report["time_column"]
        if expected.freq:
            assert pd.tseries.frequencies.to_offset(expected.freq)  # a valid pandas alias
    assert report["frequency"] == expected.freq
    assert {w["key"] for w in report["warnings"]} == expected.warnings
    assert {d["reason"]: d["count"] for d in report["rows_dropped"]} == expected.dropped_rows
    assert {d["name"]: d["reason"] for d in report["columns_dropped"]} == expected.dropped_columns
    for key, value in expected.report.items():
        assert report[key] == value, key


def test_corpus_never_hits_the_generic_fallback(corpus, monkeypatch):
    """Every corpus file is handled by a specific path: none ends in DataError('unreadable')."""
    monkeypatch.setattr(csvload, "_STRICT", False)
    for path in sorted(corpus.glob("*.csv")):
        try:
            load_csv(path)
        except DataError as exc:
            assert exc.key != "unreadable", (path.name, str(exc))


# --- the report and the error --------------------------------------------------------------


def test_report_fields_and_attrs(corpus):
    frame, report = load_csv_with_report(corpus / "preamble_logger.csv")
    assert isinstance(report, LoadReport)
    names = {f.name for f in fields(LoadReport)}
    assert {
        "encoding", "delimiter", "decimal", "thousands", "header_row", "preamble_lines", "time_column", "time_kind",
        "frequency", "timezone_note", "rows_read", "rows_used", "rows_dropped", "columns_dropped", "warnings",
    } <= names
    assert report.to_dict() == load_csv(corpus / "preamble_logger.csv").attrs["load_report"]
    assert report.rows_read == 6 and report.rows_used == len(frame)


def test_timezone_note_for_mixed_offsets(corpus):
    _, report = load_csv_with_report(corpus / "mixed_utc_offsets.csv")
    assert "UTC" in report.timezone_note


def test_error_messages_name_the_line_and_say_what_to_do(corpus):
    with pytest.raises(DataError) as info:
        load_csv(corpus / "ragged_long_row.csv")
    assert info.value.params == {"line": 4, "expected": 3, "found": 4}
    assert "Line 4" in str(info.value)
    with pytest.raises(DataError) as info:
        load_csv(corpus / "xlsx_renamed.csv")
    assert "Excel" in str(info.value) and "Save As" in str(info.value)
    with pytest.raises(DataError) as info:
        load_csv(corpus / "no_numeric.csv")
    assert info.value.params["columns"] == "name, city"


def test_dropped_rows_give_example_lines(corpus):
    _, report = load_csv_with_report(corpus / "bad_time_rows.csv")
    assert {d["reason"]: d["lines"] for d in report.rows_dropped} == {"bad_time": [4], "missing_time": [6]}


def test_public_import():
    import lstm_core

    assert lstm_core.load_csv is load_csv and lstm_core.DataError is DataError
    assert issubclass(DataError, ValueError)


# --- sources: path, bytes, file objects -----------------------------------------------------


class FakeUpload(io.BytesIO):
    """Like Streamlit's UploadedFile: a BytesIO with a name and a size, maybe read already."""

    def __init__(self, data: bytes, name: str = "upload.csv"):
        super().__init__(data)
        self.name, self.size = name, len(data)


@pytest.mark.parametrize("name", ["cp1252_euro_semicolon.csv", "utf16le_tab_excel.csv", "gzipped.csv", "preamble_logger.csv"])
def test_path_bytes_and_file_objects_give_the_same_frame(corpus, name):
    path = corpus / name
    data = path.read_bytes()
    upload = FakeUpload(data)
    upload.read()  # a preview may have read it already
    frames = [load_csv(path), load_csv(str(path)), load_csv(data), load_csv(bytearray(data)), load_csv(io.BytesIO(data)), load_csv(upload)]
    for other in frames[1:]:
        pd.testing.assert_frame_equal(frames[0], other)
        assert other.attrs["load_report"] == frames[0].attrs["load_report"]


@pytest.mark.parametrize(
    ("source", "key"),
    [(None, "bad_source"), (42, "bad_source"), ("/no/such/file.csv", "file_not_found"), (ROOT / "tests", "not_a_file")],
)
def test_bad_sources(source, key):
    with pytest.raises(DataError) as info:
        load_csv(source)
    assert info.value.key == key


def test_unreadable_file_object():
    class Broken(io.RawIOBase):
        def readable(self):
            return True

        def read(self, size=-1):
            raise OSError("disk gone")

    with pytest.raises(DataError) as info:
        load_csv(Broken())
    assert info.value.key == "cannot_read"


# --- caps ---------------------------------------------------------------------------------


def _table(rows: int, columns: int = 2) -> bytes:
    header = ",".join(f"c{j}" for j in range(columns))
    return (header + "\n" + "".join(",".join(str(i + j) for j in range(columns)) + "\n" for i in range(rows))).encode()


def test_size_cap_for_every_kind_of_source(tmp_path):
    data = _table(200)
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    for source in (data, io.BytesIO(data), path, FakeUpload(data)):
        with pytest.raises(DataError) as info:
            load_csv(source, max_bytes=len(data) - 1)
        assert info.value.key == "too_large"
        assert info.value.params["limit_mb"] == pytest.approx((len(data) - 1) / 2**20)
    assert len(load_csv(data, max_bytes=len(data))) == 200


def test_size_cap_applies_to_the_unpacked_gzip():
    data = _table(5000)
    packed = gzip.compress(data, mtime=0)
    assert len(packed) < len(data) // 2
    with pytest.raises(DataError) as info:
        load_csv(packed, max_bytes=len(data) - 1)
    assert info.value.key == "too_large_unpacked"
    assert len(load_csv(packed, max_bytes=len(data))) == 5000


def test_default_size_cap_is_50_mb():
    assert csvload.MAX_BYTES == 50 * 1024 * 1024 and csvload.MAX_ROWS == 1_000_000 and csvload.MAX_COLS == 500


def test_row_and_column_caps():
    with pytest.raises(DataError) as info:
        load_csv(_table(101), max_rows=100)
    assert (info.value.key, info.value.params["limit"]) == ("too_many_rows", 100)
    assert "100" in str(info.value)
    assert len(load_csv(_table(100), max_rows=100)) == 100
    with pytest.raises(DataError) as info:
        load_csv(_table(5, columns=11), max_cols=10)
    assert (info.value.key, info.value.params["limit"]) == ("too_many_columns", 10)
    assert load_csv(_table(5, columns=10), max_cols=10).shape == (5, 10)


# --- random input: DataError or a frame, nothing else ----------------------------------------

_FRAGMENTS = list(string.digits + ",;\t|\n\r .-:/\"'%") + [
    "2024-01-0", "31/12/2024", "12:30", "inf", "nan", "NA", "Total", "date", "\ufeff", "€", "1,000.5", "年", "月", "１", "，", "sep=",
]
_FUZZ = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _load_or_data_error(data: bytes) -> None:
    try:
        frame = load_csv(data)
    except DataError as exc:
        assert exc.key in ERRORS and exc.key != "unreadable"
        return
    assert len(frame) >= 2 and len(frame.columns) >= 1
    assert all(dtype == np.float64 for dtype in frame.dtypes)
    assert isinstance(frame.index, (pd.RangeIndex, pd.DatetimeIndex))


@_FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_data_error(data):
    _load_or_data_error(data)


@_FUZZ
@given(st.text(max_size=300))
def test_random_text_raises_only_data_error(text):
    for encoding in ("utf-8", "utf-16"):
        _load_or_data_error(text.encode(encoding, errors="surrogatepass"))


@_FUZZ
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=120).map("".join))
def test_csv_like_text_raises_only_data_error(text):
    _load_or_data_error(text.encode())


_cell = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["", "NA", "x", "Total", '"1,5"', "31.12.2024", "12:00", "2024年1月", "-"]),
)


@_FUZZ
@given(st.lists(st.lists(_cell, min_size=1, max_size=5), max_size=12), st.sampled_from([",", ";", "\t"]))
def test_rows_of_mixed_cells_raise_only_data_error(rows, delimiter):
    _load_or_data_error("\n".join(delimiter.join(row) for row in rows).encode())


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.floats(-1e12, 1e12, allow_nan=False), min_size=2, max_size=30),
    st.sampled_from(["D", "h", "15min", "MS"]),
    st.sampled_from([",", ";", "\t"]),
)
def test_pandas_written_csv_round_trips(values, freq, delimiter):
    index = pd.date_range("2021-03-01", periods=len(values), freq=freq, name="time")
    original = pd.DataFrame({"value": values, "twice": [2 * v for v in values]}, index=index)
    frame = load_csv(original.to_csv(sep=delimiter).encode())
    pd.testing.assert_frame_equal(frame, original, check_freq=False, check_index_type=False, rtol=1e-15)
    assert frame.attrs["load_report"]["frequency"] == freq


# --- every key has UI text in both languages, with the same placeholders ----------------------


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _strings() -> dict:
    from ui.strings.data import STRINGS

    return STRINGS


def test_every_key_has_english_and_chinese_text_with_matching_placeholders():
    strings = _strings()
    wanted = {f"data.{key}": text for key, text in {**ERRORS, **WARNINGS}.items()}
    wanted.update({f"data.rows_dropped.{k}": v for k, v in ROW_DROP_REASONS.items()})
    wanted.update({f"data.columns_dropped.{k}": v for k, v in COLUMN_DROP_REASONS.items()})
    wanted.update({f"data.time_kind.{k}": v for k, v in TIME_KINDS.items()})
    assert not set(ERRORS) & set(WARNINGS)
    for key, english in wanted.items():
        assert key in strings, key
        assert strings[key]["en"] == english, key  # the UI says what str(DataError) says
        assert _placeholders(strings[key]["zh"]) == _placeholders(english), key
    for f in fields(LoadReport):
        assert f"data.report.{f.name}" in strings, f.name
    for key, texts in strings.items():
        assert key.startswith("data.") and set(texts) == {"en", "zh"} and all(texts.values()), key
        params = {name: 1 for name in _placeholders(texts["en"])}
        texts["en"].format(**params), texts["zh"].format(**params)


def test_every_key_used_in_the_code_is_registered():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "lstm_core" / "data" / "csv").glob("*.py"))
    raised = set(re.findall(r'DataError\(\s*"([a-z_0-9]+)"', source))
    warned = set(re.findall(r'warn\(\s*"([a-z_0-9]+)"', source)) | set(re.findall(r'\{"key": "([a-z_0-9]+)"', source))
    dropped = set(re.findall(r'drop_rows\(\s*"([a-z_0-9]+)"', source))
    assert raised and raised <= set(ERRORS), raised - set(ERRORS)
    assert warned and warned <= set(WARNINGS), warned - set(WARNINGS)
    assert dropped and dropped <= set(ROW_DROP_REASONS), dropped - set(ROW_DROP_REASONS)


def test_error_params_fill_the_templates():
    for key, template in ERRORS.items():
        params = {name: 1 for name in _placeholders(template)}
        error = DataError(key, **params)
        assert error.key == key and error.params == params and "{" not in str(error).replace("'{'", "")


# --- found by hunting with real exports (each was silently wrong before) ------------------------


def _load_text(text: str, **kw):
    return load_csv_with_report(text.encode("utf-8"), **kw)


def test_us_logger_dates_are_read_month_first_because_that_reading_is_regular():
    """'03/01/2024 01:00:00 AM' hourly over five days: day-first gives five days a month apart (gaps of 30 days)."""
    rows = [f"03/0{1 + i // 24}/2024 {(i % 12) or 12}:00:00 {'AM' if i % 24 < 12 else 'PM'},{i}" for i in range(120)]
    frame, report = _load_text("Date Time,Temp\n" + "\n".join(rows) + "\n")
    assert report.time_kind == "month-first" and report.frequency == "h"
    assert frame.index[0] == pd.Timestamp("2024-03-01 00:00") and frame.index[-1] == pd.Timestamp("2024-03-05 23:00")
    assert {w["key"] for w in report.warnings} == {"ambiguous_date_order"}  # still a guess, so still said


def test_am_pm_breaks_a_tie_towards_month_first_and_regular_daily_data_stays_day_first():
    one_day = [f"03/01/2024 {(h % 12) or 12}:00 {'AM' if h < 12 else 'PM'},{h}" for h in range(24)]
    frame, _ = _load_text("time,v\n" + "\n".join(one_day) + "\n")
    assert frame.index[0] == pd.Timestamp("2024-03-01 00:00")
    daily_24h = [f"{d:02d}/02/2024 13:00,{d}" for d in range(1, 8)]  # both readings regular: day-first, as before
    frame, report = _load_text("time,v\n" + "\n".join(daily_24h) + "\n")
    assert frame.index[0] == pd.Timestamp("2024-02-01 13:00") and report.time_kind == "day-first"


@pytest.mark.parametrize(
    "cells, expected",
    [
        (["950", "1.5k", "12k", "1.2M"], [950.0, 1500.0, 12000.0, 1_200_000.0]),
        (["9800", "1.2万", "1.5万", "2亿"], [9800.0, 12000.0, 15000.0, 2e8]),
        (["$950", "$1.5k", "$2 M"], [950.0, 1500.0, 2e6]),
        (["273.15 K", "280 K", "290.5 K"], [273.15, 280.0, 290.5]),  # one scale (Kelvin?): kept as written
        (["15k", "30k", "45k"], [15.0, 30.0, 45.0]),  # one scale: as written, like '45%'
        (["0.5 M", "1 M", "2 M"], [0.5, 1.0, 2.0]),  # molar, not million
        (["512 B", "3 KB", "2 MB"], [512.0, 3.0, 2.0]),  # other units beside them: bytes, not billions
        (["€950", "€1.2k", "€2k"], [950.0, 1200.0, 2000.0]),
    ],
)
def test_magnitude_suffixes_are_applied_only_where_a_column_mixes_scales(cells, expected):
    text = "date,v\n" + "".join(f'2024-01-0{i + 1},"{c}"\n' for i, c in enumerate(cells))
    frame, report = _load_text(text)
    _check_values(frame["v"].tolist(), expected)
    assert [w["key"] for w in report.warnings] == ["units_removed"]


def test_applied_multipliers_are_named_in_the_report():
    _, report = _load_text("date,v\n2024-01-01,950\n2024-01-02,1.5k\n2024-01-03,1.2M\n")
    assert report.warnings[0]["params"]["units"] == "M (×1,000,000), k (×1,000)"


@pytest.mark.parametrize(
    "cell, value",
    [("1.234,56-", -1234.56), ("45,5-", -45.5), ("300,00", 300.0), ("€ 12,50-", -12.5), ("-5-", None), ("(5-)", None)],
)
def test_trailing_minus_is_a_negative_number(cell, value):
    from lstm_core.data.csv.numbers import parse_number

    got, status, _ = parse_number(cell, ",")
    assert (got, status) == ((value, "ok") if value is not None else (None, "text"))


@pytest.mark.parametrize("cell", ["2024Q1", "2024 Q3", "2023q4", "2024H1"])
def test_period_labels_are_not_numbers_with_a_unit(cell):
    from lstm_core.data.csv.numbers import parse_number

    assert parse_number(cell)[1] == "text"  # was 2024 with the 'unit' Q1
    assert parse_number("1000 m3")[0] == 1000.0 and parse_number("2024 kWh")[0] == 2024.0


@pytest.mark.parametrize("name", ["#", "No.", "no", "Nr.", "序号", "Index", "row"])
def test_named_row_number_columns_are_dropped(name):
    frame, report = _load_text(f"{name},date,v\n" + "".join(f"{i + 1},2024-01-0{i + 1},{i * 3}\n" for i in range(5)))
    assert list(frame.columns) == ["v"] and report.columns_dropped == [{"name": name, "reason": "index"}]


def test_a_named_column_that_is_not_a_row_number_is_kept():
    frame, _ = _load_text("No.,date,v\n" + "".join(f"{3 * i + 7},2024-01-0{i + 1},{i}\n" for i in range(5)))
    assert list(frame.columns) == ["No.", "v"]


def test_year_month_day_hour_columns_make_one_time_stamp():
    rows = [f"2013,3,{d},{h},{d * 100 + h}" for d in range(1, 4) for h in range(24)]
    frame, report = _load_text("year,month,day,hour,pm25\n" + "\n".join(rows) + "\n")
    assert list(frame.columns) == ["pm25"] and len(frame) == 72 and report.frequency == "h"
    assert frame.index[0] == pd.Timestamp("2013-03-01 00:00") and frame["pm25"].iloc[-1] == 323.0
    assert report.time_column == "year month day hour"


def test_parts_are_combined_only_when_the_time_repeats_and_the_numbers_fit():
    unique_years = "Year,Month,Value\n" + "".join(f"{2000 + i},{i % 12 + 1},{i}\n" for i in range(10))
    frame, report = _load_text(unique_years)  # a 'Month' value per year (say, the month of the peak)
    assert list(frame.columns) == ["Month", "Value"] and report.frequency == "YS"
    zero_to_24 = "Date,Hour,Price\n" + "".join(f"2024-01-0{d},{h},{h}\n" for d in (1, 2) for h in range(25))
    frame, report = _load_text(zero_to_24)  # 0 and 24 both: no reading fits, so not combined
    assert "date_time_combined" not in {w["key"] for w in report.warnings}
    timesheet = "date,employee,hours\n" + "".join(f"2024-01-0{d},{e},{8 if e < 'E' else 6}\n" for d in (1, 2, 3) for e in "ABCDEF")
    frame, report = _load_text(timesheet)  # hours worked, one row per person: still many rows per time stamp
    assert list(frame.columns) == ["hours"] and "date_time_combined" not in {w["key"] for w in report.warnings}


def test_year_dot_month_is_a_month_only_in_a_time_column():
    frame, report = _load_text("month,v\n" + "".join(f"{2023 + m // 12}.{m % 12 + 1:02d},{m}\n" for m in range(24)))
    assert report.frequency == "MS" and frame.index[-1] == pd.Timestamp("2024-12-01")
    frame, _ = _load_text("date,price\n" + "".join(f"2024-01-0{d},2024.0{d}\n" for d in range(1, 10)))
    assert frame["price"].iloc[0] == 2024.01  # a price that looks like a month stays a price



def test_lines_with_another_delimiter_are_refused_not_dropped_as_notes():
    lines = ["date,value"] + [f"2024-01-{d:02d}{';' if d % 3 == 1 else ','}{100 + d}" for d in range(1, 31)]
    with pytest.raises(DataError, match=r"10 lines, the first on line 2, are separated by ';'.* uses ','") as err:
        _load_text("\n".join(lines) + "\n")
    assert err.value.key == "mixed_delimiters"
    # A couple of note lines that happen to hold the other delimiter are notes, not a second format.
    notes = ["date,value"] + [f"2024-01-{d:02d},{100 + d}" for d in range(1, 31)] + ["Source; Meter 7", "Checked; ok"]
    frame, report = _load_text("\n".join(notes) + "\n")
    assert len(frame) == 30 and frame["value"].iloc[-1] == 130.0
    # German decimal commas in a ';' file are cells, not a second delimiter.
    german = ["Datum;Wert"] + [f"{d:02d}.01.2024;{d},5" for d in range(1, 31)]
    frame, _ = _load_text("\n".join(german) + "\n")
    assert frame["Wert"].iloc[0] == 1.5


@pytest.mark.parametrize("header", [
    "date,\u200bvalue",  # a zero-width space before the name
    "date,value\u200b",  # ... and after it
    "date,\u202evalue",  # a right-to-left override (copied from a bidirectional spreadsheet)
    "date,val\ufeffue",  # a byte-order mark inside the header, as when two exports are pasted together
    "\u200edate\u200f,value ",  # left-to-right and right-to-left marks, and a trailing space
    "date,\u2060value\u2060",  # word joiners
])
def test_invisible_and_direction_characters_leave_column_names(header):
    rows = [f"2024-01-{d:02d},{d * 1.5}" for d in range(1, 11)]
    frame, report = _load_text(header + "\n" + "\n".join(rows) + "\n")
    assert list(frame.columns) == ["value"] and frame.index.name in ("date", None)
    assert frame["value"].iloc[2] == 4.5
    said = [w for w in report.warnings if w["key"] == "names_cleaned"]
    visible_only = header.replace(" ", "") == header.strip() and all(ch.isprintable() for ch in header)
    if not visible_only:  # the report names the column as the file wrote it (repr shows the hidden characters)
        assert said and any(ch in said[0]["params"]["names"] for ch in ("\\u", "\\x")), said


def test_a_decomposed_accent_is_the_same_name_as_the_composed_one():
    """NFC: 'café' typed with a combining accent (e + U+0301) is found as 'café'."""
    rows = [f"2024-01-{d:02d},{d}" for d in range(1, 11)]
    frame, _ = _load_text("date,cafe\u0301\n" + "\n".join(rows) + "\n")
    assert list(frame.columns) == ["caf\u00e9"]


MIXED_DATES = {  # the format the message must name: day d of January 2024 written that way
    "YYYY-MM-DD": "2024-01-{d:02d}", "DD/MM/YYYY": "{d:02d}/01/2024", "Mon DD, YYYY": '"Jan {d}, 2024"',
    "YYYYMMDD": "202401{d:02d}", "DD/MM/YY": "{d:02d}/01/24",
}


@pytest.mark.parametrize("other", [f for f in MIXED_DATES if f != "YYYY-MM-DD"])
def test_a_time_column_that_mixes_date_formats_is_refused_naming_them(other):
    """Half ISO, half another way: refused with both formats and a line of each, never read in row order."""
    rows = [MIXED_DATES["YYYY-MM-DD" if d % 2 else other].format(d=d) + f",{d}" for d in range(1, 13)]
    with pytest.raises(DataError) as err:
        _load_text("date,sales\n" + "\n".join(rows) + "\n")
    assert err.value.key == "mixed_date_formats"
    example = MIXED_DATES[other].format(d=2).strip('"')
    assert "YYYY-MM-DD (line 2: 2024-01-01)" in str(err.value) and f"{other} (line 3: {example})" in str(err.value)
    assert err.value.params["count"] == 2 and err.value.params["column"] == "date"


def test_two_year_first_spellings_are_one_way_and_load():
    rows = [(f"2024-01-{d:02d}" if d % 2 else f"2024/01/{d:02d}") + f",{d}" for d in range(1, 13)]
    frame, _ = _load_text("date,sales\n" + "\n".join(rows) + "\n")
    assert frame.index[0] == pd.Timestamp("2024-01-01") and len(frame) == 12


def test_five_formats_in_one_column_are_all_named_in_order_of_their_first_line():
    cells = [pattern.format(d=d) for d in range(1, 3) for pattern in MIXED_DATES.values()]
    with pytest.raises(DataError) as err:
        _load_text("Date,sales\n" + "\n".join(f"{c},{k}" for k, c in enumerate(cells)) + "\n")
    formats = err.value.params["formats"]
    assert [f.split(" (")[0] for f in formats.split("; ")] == list(MIXED_DATES)


def test_one_date_format_with_a_few_bad_cells_still_loads():
    rows = [f"2024-01-{d:02d},{d}" for d in range(1, 21)] + ["soon,21"]
    frame, _ = _load_text("date,sales\n" + "\n".join(rows) + "\n")
    assert isinstance(frame.index, pd.DatetimeIndex) and len(frame) == 20


@pytest.mark.parametrize("spell", ["{y} Q{q}", "{y}Q{q}", "Q{q} {y}", "{y}-Q{q}", "Q{q}-{y}", "{y}年第{q}季度"])
def test_quarter_labels_in_every_common_spelling_are_quarterly_dates(spell):
    rows = [f"{spell.format(y=y, q=q)},{100 + 4 * (y - 1965) + q}" for y in range(1965, 1971) for q in (1, 2, 3, 4)]
    frame, report = _load_text("period,production\n" + "\n".join(rows) + "\n")
    assert frame.index[0] == pd.Timestamp("1965-01-01") and frame.index[5] == pd.Timestamp("1966-04-01")
    assert report.frequency == "QS" and report.time_kind == "quarter" and len(frame) == 24
    assert season_length(report.frequency) == 4


def test_iso_weeks_and_half_years():
    frame, report = _load_text("week,v\n" + "\n".join(f"2020-W{w:02d},{w}" for w in range(1, 21)) + "\n")
    assert frame.index[0] == pd.Timestamp("2019-12-30") and frame.index[1] == pd.Timestamp("2020-01-06")  # Mondays
    assert report.time_kind == "iso-week" and report.frequency == "W-MON"
    frame, report = _load_text("half,v\n" + "\n".join(f"{y}H{h},{y}" for y in range(2015, 2021) for h in (1, 2)))
    assert frame.index[:3].tolist() == [pd.Timestamp("2015-01-01"), pd.Timestamp("2015-07-01"),
                                        pd.Timestamp("2016-01-01")]
    assert report.time_kind == "half-year"


@pytest.mark.parametrize("spreadsheet_floats", [False, True])
def test_year_and_quarter_columns_are_one_quarterly_time(spreadsheet_floats):
    """'year,quarter,...' (even written 1959.0,1.0 by a spreadsheet) is 24 quarters, not 6 averaged years."""
    fmt = "{y}.0,{q}.0" if spreadsheet_floats else "{y},{q}"
    rows = [fmt.format(y=y, q=q) + f",{2700 + 10 * (4 * (y - 1959) + q)}.5" for y in range(1959, 1965)
            for q in (1, 2, 3, 4)]
    frame, report = _load_text("year,quarter,realgdp\n" + "\n".join(rows) + "\n")
    assert len(frame) == 24 and list(frame.columns) == ["realgdp"] and report.frequency == "QS"
    assert frame.index[1] == pd.Timestamp("1959-04-01") and frame["realgdp"].iloc[1] == 2720.5
    assert "date_time_combined" in {w["key"] for w in report.warnings}


def test_a_header_over_integer_years_and_float_values_is_the_header():
    """'year,volume' over '1871,1120.0': a float such as 1120.0 is never a date, so no line is a preamble."""
    volumes = [1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020, 960, 1180, 799]
    rows = [f"{1871 + k},{v:.1f}" for k, v in enumerate(volumes * 5)]
    frame, report = _load_text("year,volume\n" + "\n".join(rows) + "\n")
    assert list(frame.columns) == ["volume"] and len(frame) == 90 and report.preamble_lines == 0
    assert frame.index[0] == pd.Timestamp("1871-01-01") and frame["volume"].iloc[0] == 1120.0


@pytest.mark.parametrize("footer", [
    "Source: Australian Bureau of Statistics, cat. 8504.0",  # a comma inside: was refused ("Line 63 has 3 cells")
    "Source: Australian Bureau of Statistics cat. 8504.0",
    "Note: values in thousands, seasonally adjusted, 2024 release",  # two commas: more cells than the table
])
def test_a_text_line_below_the_data_is_dropped_and_quoted_with_or_without_delimiters(footer):
    rows = [f"{y}-{m:02d},{100 + m + y - 1990}.0" for y in range(1990, 1995) for m in range(1, 13)]
    frame, report = _load_text("Month,Turnover\n" + "\n".join(rows) + "\n\n" + footer + "\n")
    assert len(frame) == 60 and frame["Turnover"].iloc[-1] == 116.0
    assert report.rows_dropped == [{"reason": "text_row", "count": 1, "lines": [63], "example": footer}]


def test_an_empty_last_value_is_missing_not_a_line_of_text():
    rows = [f"{y}-{m:02d},{100 + m}.0" for y in range(1990, 1992) for m in range(1, 13)]
    frame, report = _load_text("Month,Turnover\n" + "\n".join(rows[:-1]) + "\n" + rows[-1].split(",")[0] + ",\n")
    assert len(frame) == 24 and math.isnan(frame["Turnover"].iloc[-1]) and not report.rows_dropped


def test_trading_days_are_business_daily_and_holidays_are_missing_business_days():
    days = pd.bdate_range("2019-01-02", "2019-12-31").difference(
        pd.to_datetime(["2019-01-21", "2019-02-18", "2019-05-27", "2019-07-04", "2019-09-02", "2019-11-28",
                        "2019-12-25"]))  # holidays make 2- and 4-day gaps, not only the weekends' 3
    text = "Date,Open,Close,Volume\n" + "\n".join(f"{d:%Y-%m-%d},{k}.5,{k + 1}.25,{1000 + k}" for k, d in
                                                 enumerate(days))
    frame, report = _load_text(text)
    assert report.frequency == "B" and season_length("B") == 5 and len(frame) == len(days)
    gaps = [w for w in report.warnings if w["key"] == "gaps"][0]["params"]
    assert gaps["count"] == 7 and gaps["largest"] == "2 business days"


def test_title_lines_above_the_header_are_skipped_and_the_first_is_quoted():
    rows = [f"1990-{m:02d},{100 + m}" for m in range(1, 13)]
    text = "Retail turnover, Australia\nSeries ID A3348585R\nMonth,Turnover\n" + "\n".join(rows) + "\n"
    frame, report = _load_text(text)
    assert list(frame.columns) == ["Turnover"] and len(frame) == 12
    assert report.preamble_lines == 2 and report.preamble_example == "Retail turnover, Australia"


@pytest.mark.parametrize(("header", "per_year", "freq"), [
    ("YEAR,JAN,FEB,MAR,APR,MAY,JUN,JUL,AUG,SEP,OCT,NOV,DEC,ANNUAL", 12, "MS"),
    ("Year,January,February,March,April,May,June,July,August,September,October,November,December", 12, "MS"),
    ("年份,1月,2月,3月,4月,5月,6月,7月,8月,9月,10月,11月,12月", 12, "MS"),
    ("年,一月,二月,三月,四月,五月,六月,七月,八月,九月,十月,十一月,十二月", 12, "MS"),
    ("year,1,2,3,4,5,6,7,8,9,10,11,12", 12, "MS"),
    ("Year,Q1,Q2,Q3,Q4", 4, "QS"),
    ("年份,一季度,二季度,三季度,四季度", 4, "QS"),
])
def test_a_wide_table_is_read_as_one_series_in_time_order(header, per_year, freq):
    names = header.split(",")
    rows = [f"{y}," + ",".join(f"{1000 + 100 * (y - 1990) + k}" for k in range(per_year))
            + ("," + "9999" if len(names) > per_year + 1 else "") for y in range(1990, 1996)]
    frame, report = _load_text(header + "\n" + "\n".join(rows) + "\n")
    assert list(frame.columns) == ["value"] and len(frame) == 6 * per_year and report.frequency == freq
    assert frame["value"].iloc[per_year + 1] == 1101.0  # the second period of the second year
    assert frame.index[per_year] == pd.Timestamp("1991-01-01")
    note = [w for w in report.warnings if w["key"] == "wide_table"][0]["params"]
    assert note == {"rows": 6, "periods": per_year}
    left_out = [w["params"]["dropped"] for w in report.warnings if w["key"] == "wide_left_out"]
    assert left_out == (["ANNUAL"] if "ANNUAL" in names else [])  # no note of columns left out when there are none
