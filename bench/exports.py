"""Real exports through the CLI: public series written the way people get them, then `python -m lstm_core fit`.

    python bench/exports.py [--budget 20] [--keep DIR]

Each file is written as a spreadsheet, a statistical office or a trading platform exports it, from the series that
statsmodels ships (installed with statsforecast; no download), and fitted with the CLI's defaults. Printed per
file: what the loader read (rows, time column, frequency in words), the season chosen, the held-out MAE of the
LSTM beside the best other model, the first forecast time and the lowest forecast bound. A file that loses its
time axis shows it here: a frequency of "no frequency", numbered steps, or a weekend among trading days.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lstm_core import cli  # noqa: E402
from lstm_core.forecast.metrics import MODELS, NAMES  # noqa: E402

MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def exports(folder: Path) -> list[tuple[str, str, list[str]]]:
    """Write the files; return (file name, what kind of export, extra CLI arguments) for each."""
    from statsmodels import datasets as sd

    co2 = sd.co2.load_pandas().data
    co2.index.name = "date"
    co2.to_csv(folder / "co2_weekly.csv")
    spots = sd.sunspots.load_pandas().data
    (folder / "sunspots_titled.csv").write_text(
        "Yearly mean total sunspot number\n\nyear,sunspots\n"
        + "".join(f"{int(y)},{v}\n" for y, v in zip(spots["YEAR"], spots["SUNACTIVITY"], strict=True))
        + "Source: WDC-SILSO, Royal Observatory of Belgium, Brussels\n")
    nile = sd.nile.load_pandas().data
    (folder / "nile_years.csv").write_text(
        "year,volume\n" + "".join(f"{int(y)},{v:.1f}\n" for y, v in zip(nile["year"], nile["volume"], strict=True)))
    nino = sd.elnino.load_pandas().data
    (folder / "elnino_wide.csv").write_text(
        "YEAR," + ",".join(MONTHS) + "\n"
        + "".join(f"{int(r[0])}," + ",".join(f"{v:.2f}" for v in r[1:]) + "\n" for r in nino.to_numpy()))
    macro = sd.macrodata.load_pandas().data
    macro[["year", "quarter", "realgdp", "unemp"]].to_csv(folder / "macro_year_quarter.csv", index=False)
    (folder / "macro_quarters_zh.csv").write_text(
        "季度,居民消费\n" + "".join(f"{int(y)}年第{int(q)}季度,{v}\n"
                                  for y, q, v in zip(macro["year"], macro["quarter"], macro["realcons"], strict=True))
        + "数据来源：美国经济分析局，季度数据，经季节调整\n")
    days = pd.bdate_range("2015-01-02", "2020-12-31")
    days = days.difference(days[np.random.default_rng(0).choice(len(days), 50, replace=False)])  # holidays
    close = 100 * np.exp(np.cumsum(np.random.default_rng(1).normal(0.0003, 0.015, len(days))))
    pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "Open": close.round(2), "Close": close.round(2),
                  "Volume": np.random.default_rng(2).integers(100_000, 1_000_000, len(days))}).to_csv(
        folder / "stock_trading_days.csv", index=False)
    return [
        ("co2_weekly.csv", "weekly, 59 gaps", ["--horizon", "12"]),
        ("sunspots_titled.csv", "yearly, title and source lines", ["--horizon", "6"]),
        ("nile_years.csv", "integer years over floats", ["--horizon", "5"]),
        ("elnino_wide.csv", "wide table, YEAR + 12 months", ["--horizon", "12"]),
        ("macro_year_quarter.csv", "year and quarter columns", ["--target", "realgdp", "--horizon", "4"]),
        ("macro_quarters_zh.csv", "Chinese quarter labels, source line", ["--horizon", "4"]),
        ("stock_trading_days.csv", "trading days with holidays (synthetic)", ["--target", "Close", "--horizon", "5"]),
    ]


def run(folder: Path, name: str, args: list[str]) -> dict:
    out = folder / ("run_" + Path(name).stem)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["fit", str(folder / name), *args, "--out", str(out)])
    said = err.getvalue().splitlines()
    if code != 0:
        return {"error": said[-1] if said else f"exit {code}"}
    held = json.loads((out / "metrics.json").read_text())["held_out"]
    forecast = pd.read_csv(out / "forecast.csv")
    others = {m: held[m]["mae"] for m in MODELS if m != "lstm" and isinstance(held.get(m), dict)
              and isinstance(held[m].get("mae"), (int, float))}
    best = min(others, key=others.get)
    first = str(forecast.iloc[0, 0])
    return {
        "read": next((s for s in said if s.startswith("read ")), "").removeprefix("read "),
        "season": next((s for s in said if s.startswith("season: ")), "").removeprefix("season: ").split(" (")[0],
        "lstm": held["lstm"]["mae"], "best": NAMES[best], "best_mae": others[best],
        "first": first + (f" ({pd.Timestamp(first):%a})" if forecast.columns[0] == "time" else ""),
        "lowest": float(forecast["lower"].min()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per statistical baseline")
    parser.add_argument("--keep", help="write the files and runs here instead of a temporary folder")
    args = parser.parse_args()
    os.environ["GATESCOPE_BASELINE_BUDGET_S"] = str(args.budget)
    print(f"# bench/exports.py on {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    print("| file | export | read | season | LSTM MAE | best other | first forecast | lowest bound |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name, kind, extra in exports(folder):
            r = run(folder, name, extra)
            if "error" in r:
                print(f"| {name} | {kind} | refused: {r['error']} | | | | | |", flush=True)
                continue
            print(f"| {name} | {kind} | {r['read']} | {r['season']} | {r['lstm']:.4g} | {r['best']} "
                  f"{r['best_mae']:.4g} | {r['first']} | {r['lowest']:.4g} |", flush=True)


if __name__ == "__main__":
    main()
