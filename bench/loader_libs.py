"""The loader's own dialect and header detection beside clevercsv's, on the project's corpus of awkward files.

    python bench/loader_libs.py

Issue 15 asked to measure the kept libraries before writing more by hand. For every corpus file that the
loader reads (tests/data/csv, the expectations in tests/core/test_csvload.py), this compares the delimiter and
whether the file has a header row as found by lstm_core's loader and by clevercsv (Sniffer.sniff and
Sniffer.has_header on the same decoded text), with the time each took. The truth is the loader's expectation
where the test pins it (the columns it must give); a file the loader must refuse is left out.

clevercsv is a development dependency (requirements-dev.txt): the app does not import it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lstm_core.data.csv import source as csv_source  # noqa: E402
from lstm_core.data.csv.load import DataError, load_csv_with_report  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "csv"


def decoded(path: Path) -> str | None:
    data, _ = csv_source.unpack(path.read_bytes(), 50 * 2**20)
    try:
        text, _ = csv_source.decode(data)
    except DataError:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def main() -> None:
    import clevercsv

    rows = []
    ours_s = theirs_s = 0.0
    for path in sorted(CORPUS.glob("*.csv")):
        try:
            t0 = time.perf_counter()
            _, report = load_csv_with_report(path)
            ours_s += time.perf_counter() - t0
        except DataError:
            continue  # a file the loader refuses on purpose (binary, empty, unclosed quote ...)
        text = decoded(path)
        if text is None:
            continue
        sample = text[:65536]
        t0 = time.perf_counter()
        try:
            dialect = clevercsv.Sniffer().sniff(sample, delimiters=[",", ";", "\t", "|", " "])
            header = clevercsv.Sniffer().has_header(sample)
            theirs = (dialect.delimiter if dialect else None, header)
        except Exception as exc:  # clevercsv raising on a file is part of what is measured
            theirs = (f"error: {type(exc).__name__}", None)
        theirs_s += time.perf_counter() - t0
        ours = (report.delimiter, report.header_row is not None)
        rows.append((path.name, ours, theirs))
    same_delim = sum(o[0] == t[0] for _, o, t in rows)
    same_header = sum(o[1] == t[1] for _, o, t in rows)
    print(f"# {len(rows)} corpus files the loader reads (tests/data/csv)")
    print(f"delimiter: clevercsv agrees with the loader on {same_delim} of {len(rows)}")
    print(f"header row: clevercsv agrees with the loader on {same_header} of {len(rows)}")
    print(f"time: loader (whole load, all steps) {ours_s:.2f} s, clevercsv (sniff + has_header only) {theirs_s:.2f} s")
    print("\n| file | loader: delimiter, header | clevercsv: delimiter, header |\n|---|---|---|")
    for name, ours, theirs in rows:
        if ours != theirs:
            print(f"| {name} | {ours[0]!r}, {ours[1]} | {theirs[0]!r}, {theirs[1]} |")


if __name__ == "__main__":
    main()
