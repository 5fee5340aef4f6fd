"""Write the CSV test corpus into tests/data/csv/ (deterministically: same bytes on every run).

    python tests/data/make_csv_corpus.py

Each file is a small example of something people really upload: other encodings, delimiters and
decimal marks, preambles and footers, odd time stamps, missing-value tokens, and files that are
not CSV at all (a PNG, an XLSX, a PDF, JSON renamed to .csv). The expected outcome of every file
is written in tests/core/test_csvload.py.
"""

from __future__ import annotations

import gzip
import struct
import sys
import zipfile
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent / "csv"
FILES: dict[str, bytes] = {}


def add(name: str, text: str, encoding: str = "utf-8", newline: str = "\n") -> None:
    """Register a text file; '\\n' in text becomes `newline`."""
    FILES[name] = text.replace("\n", newline).encode(encoding)


def add_bytes(name: str, data: bytes) -> None:
    FILES[name] = data


def days(n: int, start_day: int = 1, fmt: str = "2024-01-{:02d}") -> list[str]:
    return [fmt.format(start_day + i) for i in range(n)]


def table(header: str, rows: list[str]) -> str:
    return header + "\n" + "\n".join(rows) + "\n"


# --- encodings -------------------------------------------------------------------------------
add("utf8_basic.csv", table("date,value", [f"{d},{1.0 + 0.5 * i}" for i, d in enumerate(days(10))]))
add(
    "utf8_bom_monthly.csv",
    "\ufeff" + table("Month,Sales", [f"2023-{m:02d},{100 + 10 * (m - 1)}" for m in range(1, 13)]),
)
add(
    "utf16le_tab_excel.csv",
    "\ufeff" + table("Date\tTemperature °C\tHumidity %", [f"{d}\t{-1.5 + i}\t{80 - i}" for i, d in enumerate(days(7))]),
    encoding="utf-16-le",
    newline="\r\n",
)
add(
    "utf16be_bom.csv",
    "\ufeff" + table("time,load", [f"2024-01-01 {h:02d}:00,{10 + h}" for h in range(6)]),
    encoding="utf-16-be",
)
add(
    "gbk_chinese_header.csv",
    table("日期,销售额,温度", [f"2024/1/{d},{1000 + 10 * d},{d / 2}" for d in range(1, 9)]),
    encoding="gbk",
    newline="\r\n",
)
add(
    "gb18030_chinese_dates.csv",
    table("日期,用电量（千瓦时）", [f"2024年1月{d}日,{200 + d}" for d in range(1, 8)]),
    encoding="gb18030",
)
add(
    "cp1252_euro_semicolon.csv",
    table(
        "Datum;Umsatz €;Temperatur °C",
        ["01.02.2024;1.234,50;-2,5", "02.02.2024;1.300,00;-1,0", "03.02.2024;987,25;0,5", "04.02.2024;1.010,75;3,0"],
    ),
    encoding="cp1252",
    newline="\r\n",
)
add(
    "cp1252_degree_comma.csv",
    table("time,Température (°C),Qualité", [f"2024-01-01T{h:02d}:00:00,{12.5 + h},{90 + h}" for h in range(5)]),
    encoding="cp1252",
)
# UTF-8 Chinese with one broken byte: refused, never read as mojibake.
add_bytes(
    "bad_encoding_damaged_utf8.csv",
    "日期,数值\n2024-01-01,1\n2024-01-02,2\n".encode() + b"2024-01-03,\xff3\n" + "2024-01-04,4\n备注,无\n".encode(),
)
add_bytes("shift_jis_refused.csv", "日付,値\n2024-01-01,1\n2024-01-02,2\n".encode("shift_jis"))
add_bytes("latin1_undefined_bytes.csv", b"date,caf\xe9\x81\n2024-01-01,1\n2024-01-02,2\n")

# --- dialects --------------------------------------------------------------------------------
add("semicolon_decimal_comma.csv", table("Datum;Wert", [f"{d:02d}.03.2024;{d},{d * 5}" for d in range(1, 7)]))
add("tab_separated.csv", table("date\tvalue\tother", [f"{d}\t{i * 1.25}\t{-i}" for i, d in enumerate(days(5))]))
add("pipe_separated.csv", table("date|value", [f"{d}|{100 - i}" for i, d in enumerate(days(5))]))
add("fullwidth_comma.csv", table("日期，数值", ["2024-01-01，１２３．５", "2024-01-02，１２４", "2024-01-03，－１．５"]))
add("excel_sep_line.csv", "sep=;\n" + table("Date;Value", [f"{d};{i},5" for i, d in enumerate(days(4))]))
add(
    "quoted_thousands_comma.csv",
    table("date,revenue,units", ['2024-01-01,"1,000.25",3', '2024-01-02,"2,500.50",4', '2024-01-03,"12,345,678.00",5']),
)
add(
    "quoted_thousands_semicolon.csv",
    table("Datum;Betrag", ['2024-01-01;"1.000,25"', '2024-01-02;"2.500,5"', '2024-01-03;"-12.345,75"']),
)
add(
    "units_percent_currency.csv",
    table(
        "date,energy,share,price",
        ['2024-01-01,12.5 kWh,45%,"€1,200"', '2024-01-02,13 kWh,50 %,"€1,150.50"', '2024-01-03,11.75 kWh,12.5%,€990'],
    ),
)
add("fullwidth_digits.csv", table("date,value", ["2024-01-01,１２３．５", "2024-01-02,１２５", "2024-01-03,１，２００"]))
add("decimal_comma_quoted_in_comma_file.csv", table("date,value", ['2024-01-01,"1,5"', '2024-01-02,"2,25"', '2024-01-03,"3,75"']))
add("space_separated.csv", table("date value", ["2024-01-01 1", "2024-01-02 2", "2024-01-03 3"]))

# --- structure -------------------------------------------------------------------------------
add("no_header.csv", "".join(f"{d},{1.5 + i},{10 * i}\n" for i, d in enumerate(days(5))))
add("no_header_single_column.csv", "".join(f"{v}\n" for v in (1.5, 2.5, 4.0, 8.0)))
add(
    "preamble_logger.csv",
    "Exported by Logger v2\nStation: X\n\n"
    + table("Timestamp,Temp,Humidity", [f"2024-01-01 {h:02d}:00,{20 + h},{50 - h}" for h in range(6)]),
)
add(
    "preamble_excel_padded.csv",
    "Bericht Messstation;;\nStation: Nord;;\n;;\n"
    + table("Zeit;Wert;Status", [f"01.01.2024 {h:02d}:00;{h},5;ok" for h in range(4)]),
    encoding="cp1252",
    newline="\r\n",
)
add("footer_total.csv", table("date,value", [f"{d},{i + 1}" for i, d in enumerate(days(5))] + ["Total,15"]))
add("footer_heji_chinese.csv", table("日期,销量", [f"2024-01-{d:02d},{d * 10}" for d in range(1, 5)] + ["合计,100"]))
add("blank_lines.csv", "\ndate,value\n\n2024-01-01,1\n2024-01-02,2\n\n\n2024-01-03,3\n\n")
add("cr_only.csv", table("date,value", [f"{d},{i * 2}" for i, d in enumerate(days(4))]), newline="\r")
add("crlf.csv", table("date,value", [f"{d},{i * 3}" for i, d in enumerate(days(4))]), newline="\r\n")
add("ragged_short_rows.csv", table("date,a,b", ["2024-01-01,1,10", "2024-01-02,2", "2024-01-03,3,30", "2024-01-04"]))
add("ragged_long_row.csv", table("date,a,b", ["2024-01-01,1,10", "2024-01-02,2,20", "2024-01-03,3,30,999", "2024-01-04,4,40"]))
add("trailing_empty_cells.csv", table("date,value,,", [f"{d},{i},," for i, d in enumerate(days(4))]))
add("duplicate_columns.csv", table("date,value,value", [f"{d},{i},{i * 10}" for i, d in enumerate(days(4))]))
add("pandas_index_column.csv", table(",date,value", [f"{i},{d},{i * 1.5}" for i, d in enumerate(days(4))]))
add("unnamed_0_column.csv", table("Unnamed: 0,value", [f"{i},{7 - i}" for i in range(5)]))
add(
    "many_columns_60.csv",
    table("date," + ",".join(f"s{j:02d}" for j in range(1, 61)), [f"{d}," + ",".join(str(i * 100 + j) for j in range(1, 61)) for i, d in enumerate(days(5))]),
)
add("repeated_header.csv", table("date,value", ["2024-01-01,1", "2024-01-02,2", "date,value", "2024-01-03,3", "2024-01-04,4"]))
add("notes_after_data.csv", table("date,value", ["2024-01-01,1", "2024-01-02,2", "2024-01-03,3", "End of data", "Generated by Logger"]))
add("units_row_below_header.csv", table("Time,Temp,Hum", ["s,°C,%"] + [f"2024-01-01 {h:02d}:00,{h},{50 + h}" for h in range(4)]))
add("unclosed_quote.csv", table("date,value", ["2024-01-01,1", '2024-01-02,"2'] + [f"2024-02-{d:02d},{d}" for d in range(1, 29)] * 3))

# --- time ------------------------------------------------------------------------------------
add("iso_datetime_hourly.csv", table("datetime,value", [f"2024-01-01T{h:02d}:00:00,{h * 0.1:.1f}" for h in range(24)]))
add("dayfirst_slash.csv", table("date,value", [f"{d:02d}/01/2024,{d}" for d in range(10, 16)]))
add("monthfirst_slash.csv", table("date,value", [f"01/{d:02d}/2024,{d}" for d in range(10, 16)]))
add("dayfirst_dot_time.csv", table("Zeit;Wert", [f"31.01.2024 {h:02d}:30;{h},0" for h in range(20, 24)] + ["01.02.2024 00:30;24,0"]))
add("chinese_datetime.csv", table("时间,温度", [f"2024年3月1日 {h}时,{10 + h}" for h in range(0, 5)]))
add("chinese_year_month.csv", table("月份,产量", [f"2023年{m}月,{m * 100}" for m in range(1, 13)]))
add("excel_serial.csv", table("Date,Value", [f"{45292 + i},{i + 0.5}" for i in range(6)]))
add("unix_seconds.csv", table("timestamp,value", [f"{1704067200 + 3600 * i},{i}" for i in range(6)]))
add("unix_ms.csv", table("time,value", [f"{1704067200000 + 1800000 * i},{i * 2}" for i in range(6)]))
add(
    "mixed_utc_offsets.csv",
    table(
        "time,load",
        [
            "2024-03-30T23:00:00+01:00,1",
            "2024-03-31T00:00:00+01:00,2",
            "2024-03-31T01:00:00+01:00,3",
            "2024-03-31T03:00:00+02:00,4",
            "2024-03-31T04:00:00+02:00,5",
        ],
    ),
)
add("single_utc_offset.csv", table("time,value", [f"2024-01-01T{h:02d}:00:00+05:30,{h}" for h in range(4)]))
add("descending.csv", table("date,value", [f"2024-01-{d:02d},{d}" for d in range(6, 0, -1)]))
add("unsorted.csv", table("date,value", [f"2024-01-{d:02d},{d}" for d in (3, 1, 4, 2, 5)]))
add("duplicate_timestamps.csv", table("date,value", ["2024-01-01,1", "2024-01-02,2", "2024-01-02,4", "2024-01-03,5", "2024-01-03,7"]))
add("gaps_daily.csv", table("date,value", [f"2024-01-{d:02d},{d}" for d in (1, 2, 3, 4, 5, 9, 10, 11, 12)]))
add(
    "irregular_times.csv",
    table("time,value", ["2024-01-01 00:00,1", "2024-01-01 00:07,2", "2024-01-01 01:31,3", "2024-01-01 01:40,4", "2024-01-01 05:02,5"]),
)
add("no_time_column.csv", table("a,b", [f"{i},{i * i}" for i in range(5)]))
add("date_time_split.csv", table("Date,Time,Value", [f"2024-01-01,{h:02d}:15:00,{h}" for h in range(5)]))
add("month_names.csv", table("month,visitors", [f"{m} 2024,{i * 10}" for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May"))]))
add(
    "business_days.csv",
    table("date,close", [f"2024-01-{d:02d},{100 + d}" for d in (1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 15, 16)]),
)
add("year_column.csv", table("Year,GDP", [f"{2000 + i},{1.5 + i}" for i in range(6)]))
add("bad_time_rows.csv", table("date,value", ["2024-01-01,1", "2024-01-02,2", "2024-13-45,99", "2024-01-03,3", ",99", "2024-01-04,4"]))
add("us_dates_ampm.csv", table("Date,Value", [f"1/31/2024 {h}:30 {ap},{i}" for i, (h, ap) in enumerate([(11, "AM"), (12, "PM"), (1, "PM"), (2, "PM")])]))
add("ambiguous_dates.csv", table("date,value", [f"{d:02d}/02/2024,{d}" for d in range(1, 6)]))
add("yyyymmdd.csv", table("date,value", [f"202401{d:02d},{d}" for d in range(1, 6)]))
add("weekly.csv", table("week,value", [f"2024-01-{d:02d},{d}" for d in (1, 8, 15, 22, 29)]))
add("quarterly.csv", table("quarter,value", [f"2023-{m:02d}-01,{m}" for m in (1, 4, 7, 10)] + ["2024-01-01,13"]))
add(
    "logger_us_ampm_row_numbers.csv",  # a HOBO export: preamble, a '#' row number, US dates with AM/PM, 3 days hourly
    "Plot Title: Roof\nSerial Number: 20845531\nLocation: north\nLaunched: 03/01/2024\nTime zone: GMT+01:00\n"
    + table(
        "#,Date Time,Temp (°C),RH (%)",
        [f"{i + 1},03/0{1 + i // 24}/2024 {(i % 12) or 12:02d}:00:00 {'AM' if i % 24 < 12 else 'PM'},{15 + i % 24},{60 - i % 10}"
         for i in range(72)],
    ),  # fmt: skip
)
add("year_month_columns.csv", table("Year,Month,Value", [f"{2023 + m // 12},{m % 12 + 1},{m}" for m in range(24)]))
add("date_hour_ending.csv", table("Date,Hour,Price", [f"2024-01-0{d},{h},{d * 100 + h}" for d in (1, 2) for h in range(1, 25)]))
add("dotted_year_month.csv", table("Monat;Wert", [f"2024.{m:02d};{m},5" for m in range(1, 13)]))
add("quarter_labels.csv", table("quarter,gdp", [f"{2020 + i // 4}Q{i % 4 + 1},{100 + i}" for i in range(8)]))

# --- values ----------------------------------------------------------------------------------
_tokens = ["NA", "N/A", "#N/A", "-", "--", "空", "无", "null", "NULL", "None", ""]
add("missing_tokens.csv", table("date,value", [f"2024-01-{i + 1:02d},{t}" for i, t in enumerate(_tokens)] + ["2024-01-12,12", "2024-01-13,13"]))
add("inf_nan_text.csv", table("date,value", ["2024-01-01,1", "2024-01-02,inf", "2024-01-03,nan", "2024-01-04,4", "2024-01-05,#DIV/0!"]))
add("huge_values.csv", table("date,value", ["2024-01-01,1e39", "2024-01-02,-3.5e38", "2024-01-03,1e300", "2024-01-04,2"]))
add("text_cells_in_numeric.csv", table("date,value", ["2024-01-01,1", "2024-01-02,offline", "2024-01-03,3", "2024-01-04,4", "2024-01-05,5"]))
add("accounting_negatives.csv", table("date,balance", ['2024-01-01,"(1,200.50)"', "2024-01-02,300", "2024-01-03,(45)"]))
add("sap_trailing_minus.csv", table("Buchungsdatum;Betrag", ["01.02.2024;1.234,56-", "02.02.2024;300,00", "03.02.2024;45,5-"]))
add("magnitude_suffixes.csv", table("date,views", [f"{d},{v}" for d, v in zip(days(5), ["950", "1.5k", "12k", "1.2M", "2.5M"], strict=True)]))
add("constant_series.csv", table("date,value", [f"{d},7" for d in days(6)]))
add("all_missing_target.csv", table("date,target,other", [f"{d},NA,{i}" for i, d in enumerate(days(5))]))
add("text_columns.csv", table("date,city,value,comment", [f"{d},Paris,{i},note {i}" for i, d in enumerate(days(4))]))
add("no_numeric.csv", table("name,city", ["Alice,Paris", "Bob,Berlin", "Chen,Beijing"]))
add("all_missing.csv", table("date,value", [f"{d},NA" for d in days(4)]))

# --- not CSV at all --------------------------------------------------------------------------
add_bytes("empty.csv", b"")
add("whitespace_only.csv", "   \n\t\n  \n")
add("header_only.csv", "date,value\n")
add("one_row.csv", table("date,value", ["2024-01-01,5"]))


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")


def _xlsx() -> bytes:
    from io import BytesIO

    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet/>',
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


add_bytes("png_renamed.csv", _png())
add_bytes("xlsx_renamed.csv", _xlsx())
add_bytes("xls_renamed.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4)
add("json_renamed.csv", '[{"date": "2024-01-01", "value": 1}, {"date": "2024-01-02", "value": 2}]\n')
add_bytes("pdf_renamed.csv", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
add("html_renamed.csv", "<!DOCTYPE html>\n<html><body><table><tr><td>date</td></tr></table></body></html>\n")
add_bytes("binary_garbage.csv", bytes((i * 37 + 11) % 256 for i in range(600)))
add_bytes("gzipped.csv", gzip.compress(table("date,value", [f"{d},{i + 0.25}" for i, d in enumerate(days(5))]).encode(), mtime=0))
add_bytes("bad_gzip.csv", b"\x1f\x8b\x08\x00" + b"not really gzip data" * 3)


def main(out: Path = OUT) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.csv"):
        if old.name not in FILES:
            old.unlink()
    for name, data in sorted(FILES.items()):
        (out / name).write_bytes(data)
    print(f"wrote {len(FILES)} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
