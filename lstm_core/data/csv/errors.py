"""DataError and the registry of every message key that load_csv can produce.

The English templates here are what str(DataError) says. The UI shows the same keys through
ui/strings/data.py ("data.<key>", English and 简体中文), and a test checks that both files use the
same keys and the same {placeholders}. lstm_core never imports ui, so the registry lives here.
"""

from __future__ import annotations

from lstm_core.errors import KeyedError

# Errors: load_csv raises DataError(key, **params). Each message says what is wrong and how to fix it.
ERRORS: dict[str, str] = {
    "bad_source": (
        "load_csv needs a file path, bytes or a binary file object, not {type}. "
        "Pass the path of the CSV file, or the uploaded file itself."
    ),
    "file_not_found": "The file {path} does not exist. Check the path and the file name (and its .csv ending).",
    "not_a_file": "{path} is a folder, not a file. Pick the CSV file inside it.",
    "cannot_read": "The file {path} could not be read ({reason}). Check that it is not open elsewhere and that you may read it.",
    "too_large": (
        "The file is {size_mb:.3g} MB, more than the limit of {limit_mb:.3g} MB. "
        "Upload a shorter period or fewer columns (for example, resample to hourly or daily values first)."
    ),
    "too_large_unpacked": (
        "The compressed file unpacks to more than the limit of {limit_mb:.3g} MB. "
        "Upload a shorter period or fewer columns."
    ),
    "bad_gzip": "The file starts like a gzip archive but cannot be unpacked ({reason}). Unpack it yourself and upload the .csv inside.",
    "empty_file": "The file is empty (0 bytes). Export the data again and check that the CSV has a header and rows.",
    "blank_file": "The file contains only blank lines or empty cells. Export the data again: a CSV needs a header and rows of values.",
    "not_text_png": (
        "This file is a PNG image renamed to .csv, not a table of values. "
        "Export the data itself as CSV (for example File → Save As → CSV UTF-8 in Excel), not a picture of it."
    ),
    "not_text_image": (
        "This file is an image ({kind}) renamed to .csv, not a table of values. "
        "Export the data itself as CSV (for example File → Save As → CSV UTF-8 in Excel)."
    ),
    "not_text_xlsx": (
        "This file is an Excel workbook (.xlsx) renamed to .csv. Open it in Excel and use "
        "File → Save As → 'CSV UTF-8 (Comma delimited)', then upload that file."
    ),
    "not_text_xls": (
        "This file is an old Excel workbook (.xls) renamed to .csv. Open it in Excel and use "
        "File → Save As → 'CSV UTF-8 (Comma delimited)', then upload that file."
    ),
    "not_text_ods": (
        "This file is a LibreOffice/OpenOffice spreadsheet (.ods) renamed to .csv. Open it and use "
        "File → Save As → 'Text CSV', then upload that file."
    ),
    "not_text_zip": "This file is a ZIP archive renamed to .csv. Unzip it and upload the .csv file inside.",
    "not_text_pdf": (
        "This file is a PDF document renamed to .csv. A PDF cannot be read as a table: export the "
        "original data as CSV from the program that made the report."
    ),
    "not_text_json": (
        "This file is JSON, not CSV (it starts with '{{' or '['). Convert it to a table first, for example "
        "in Python: pandas.read_json('file.json').to_csv('file.csv')."
    ),
    "not_text_html": (
        "This file is a web page (HTML) renamed to .csv. Download the data with the site's CSV or "
        "'Export' button instead of saving the page."
    ),
    "not_text_xml": (
        "This file is XML (perhaps an 'XML Spreadsheet' from Excel), not CSV. Open it in Excel and use "
        "File → Save As → 'CSV UTF-8 (Comma delimited)'."
    ),
    "not_text_binary": (
        "This file is not text ({kind}), so it cannot be a CSV. Export the data as CSV "
        "(in Excel: File → Save As → CSV UTF-8) and upload that file."
    ),
    "bad_encoding": (
        "The text encoding of this file cannot be recognised (first bad bytes on line {line}); reading it "
        "anyway would garble the text. Save it again as 'CSV UTF-8' (in Excel: File → Save As → CSV UTF-8)."
    ),
    "unclosed_quote": (
        "A quotation mark (\") opened on line {line} is never closed, so the rest of the file would be one "
        "cell. Remove the stray quote or close it, then try again."
    ),
    "too_many_rows": (
        "The file has about {rows} data rows, more than the limit of {limit}. "
        "Upload a shorter period, or resample to a coarser step (for example hourly instead of every minute)."
    ),
    "too_many_columns": (
        "The file has {columns} columns, more than the limit of {limit}. "
        "Keep only the columns you want to forecast with and save the CSV again."
    ),
    "mixed_delimiters": (
        "{count} lines, the first on line {line}, are separated by '{found}', but the rest of the file uses "
        "'{expected}'. The file was probably put together from two exports: use one delimiter throughout "
        "(for example replace '{found}' with '{expected}' on those lines) and try again."
    ),
    "row_too_long": (
        "Line {line} has {found} cells but the table has {expected} columns. "
        "Remove the extra cells on that line (often a stray delimiter or an unquoted comma inside a value), "
        "or add a name for the extra column to the header."
    ),
    "no_data_rows": (
        "The file has a header ({columns}) but no data rows below it. Export the data again, with its values."
    ),
    "too_few_rows": (
        "Only {rows} usable data row(s) were found; at least {minimum} are needed. "
        "Check the report for dropped rows, or upload a longer series."
    ),
    "mixed_date_formats": (
        "The time column {column} writes its dates in {count} different ways: {formats}. One column needs one way, "
        "or the dates cannot be put in order. Convert the whole column to one format (for example YYYY-MM-DD: in a "
        "spreadsheet, format the cells as a date with the pattern yyyy-mm-dd) and save the CSV again."
    ),
    "no_numeric_columns": (
        "No column holds numbers. Columns found: {columns}. A time series needs at least one column of "
        "numeric values (for example 12.5, not text)."
    ),
    "no_delimiter": (
        "Every line is a single cell (for example '{example}'): no comma, semicolon, tab or pipe separates "
        "the columns. Save the file as a CSV with commas between the columns."
    ),
    "all_missing": (
        "Every value in the numeric column(s) {columns} is missing (empty or NA). "
        "Export the data again with its values filled in."
    ),
    "unreadable": (
        "The file could not be read as a CSV table ({error}). Open it in a spreadsheet program, check that it "
        "is one table with a header row, and save it again as 'CSV UTF-8'."
    ),
}

# Warnings: stored in LoadReport.warnings as {"key": ..., "params": {...}}; the load still succeeds.
WARNINGS: dict[str, str] = {
    "short_rows": "{count} row(s) had fewer cells than the header; the missing cells were left empty (lines {lines}).",
    "extra_header_rows": "Extra header line(s) {lines} below the header (units or descriptions) were skipped.",
    "unsorted": "The rows were not in time order; they were sorted by {column}.",
    "descending": "The rows were in descending time order; they were reversed to run forward in time.",
    "duplicate_timestamps": "{count} row(s) repeated an earlier time stamp; rows with the same time were averaged.",
    "gaps": "The series has {count} gap(s) longer than one step of {freq}; the largest is {largest}, after {after}.",
    "irregular_time": "The time steps are irregular (the median step is {median_step}), so no frequency was set.",
    "ambiguous_date_order": "Dates in {column} could be day-first or month-first; they were read as {order}.",
    "invalid_numbers": "{count} value(s) in {column} were 'inf', 'nan' or an error code such as #DIV/0! and were treated as missing (lines {lines}).",
    "unparsed_cells": "{count} cell(s) in {column} were not numbers and were treated as missing (lines {lines}, e.g. '{example}').",
    "units_removed": "Units or symbols were removed from the values in {column}: {units}.",
    "names_cleaned": "Invisible or text-direction characters were removed from column names: {names}.",
    "beyond_float32": "{count} value(s) in {column} are beyond the float32 range; they were kept as float64.",
    "constant_column": "Column {column} has the same value in every row.",
    "duplicate_column_names": "Repeated column names were made unique: {names}.",
    "mixed_utc_offsets": "Times in {column} had different UTC offsets ({offsets}); all were converted to UTC.",
    "utc_offset_dropped": "Times in {column} all had the UTC offset {offset}; the local clock times were kept.",
    "date_time_combined": "The date column {date} and the time column {time} were combined into one time stamp.",
    "wide_table": "A wide table (a row per year, {periods} columns a year) was read as one series: {rows} rows × "
                  "{periods}, in time order.",
    "wide_left_out": "Columns left out of the wide table (not periods of the year): {dropped}.",
}

# Why rows were dropped: LoadReport.rows_dropped entries are {"reason", "count", "lines"}.
ROW_DROP_REASONS: dict[str, str] = {
    "summary_row": "summary rows such as Total / Sum / 合计",
    "repeated_header": "repeated header lines",
    "text_row": "lines of text after or between the data (notes, not values)",
    "bad_time": "time stamps that could not be read",
    "missing_time": "rows with an empty time stamp",
}

# Why columns were dropped: LoadReport.columns_dropped entries are {"name", "reason"}.
COLUMN_DROP_REASONS: dict[str, str] = {
    "text": "holds text, not numbers",
    "all_missing": "every value is missing",
    "index": "a row number column (0, 1, 2, ...) written by pandas or a spreadsheet",
    "empty": "no name and no values",
}

# How the time column was written: LoadReport.time_kind.
TIME_KINDS: dict[str, str] = {
    "iso": "ISO dates, year-month-day (2024-01-31, 2024-01-31T12:00)",
    "year-first": "year first with / or . (2024/01/31)",
    "day-first": "day first (31/01/2024, 31.01.2024)",
    "month-first": "month first (01/31/2024)",
    "chinese": "Chinese dates (2024年1月31日)",
    "month-name": "month names (Jan 2024, 31 Jan 2024)",
    "quarter": "quarters (1965 Q1, 1965-Q1, Q1 1965)",
    "iso-week": "ISO weeks (2020-W05)",
    "half-year": "half-years (2020H1)",
    "year": "years (2024)",
    "yyyymmdd": "compact dates (20240131)",
    "excel-serial": "Excel serial day numbers (45322)",
    "unix-s": "Unix time in seconds",
    "unix-ms": "Unix time in milliseconds",
    "unix-us": "Unix time in microseconds",
    "unix-ns": "Unix time in nanoseconds",
}


class DataError(KeyedError):
    """A file that cannot be loaded, with a message for a student and a key for the UI.

    key: short id ("empty_file", "too_large", ...), params: the values for the message template.
    """

    MESSAGES = ERRORS


def format_lines(lines: list[int], limit: int = 5) -> str:
    """'3, 7, 9' or '3, 7, 9, 12, 15, …': line numbers short enough for a message in any language."""
    shown = ", ".join(str(n) for n in lines[:limit])
    return shown + ", …" if len(lines) > limit else shown
