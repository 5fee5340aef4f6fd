"""CLI `fit` with the full verdict, a fresh process each time: wall seconds on the issue-22 series.

    python bench/cli_fit.py [--against DIR] [--rounds 1] [--only NAME ...]

Series: AirPassengers (144 months), the bundled electricity (1,344 half-hours), 750 business days of a
synthetic share price (as bench/exports.py writes it) and the last 520 weeks of CO2 (statsmodels). Each is fitted
with `python -m lstm_core fit FILE [--target COL] --horizon H --out DIR` in a new process (torch, the LSTM, the
statistical baselines: everything an analyst waits for). With --against DIR (another checkout, e.g. the code before
issue 22 from `git archive`), the same command runs there too, alternating, and the ratio is printed.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def files(folder: Path) -> list[tuple[str, list[str]]]:
    from statsmodels import datasets as sd

    days = pd.bdate_range("2018-01-02", periods=750)
    close = 100 * np.exp(np.cumsum(np.random.default_rng(1).normal(0.0003, 0.015, len(days))))
    pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "Close": close.round(2)}).to_csv(folder / "stock.csv",
                                                                                       index=False)
    co2 = sd.co2.load_pandas().data.interpolate().iloc[-520:]
    co2.index.name = "date"
    co2.to_csv(folder / "co2_520w.csv")
    return [
        (str(ROOT / "assets/data/airpassengers.csv"), ["--horizon", "12"]),
        (str(ROOT / "assets/data/electricity_halfhourly.csv"), ["--target", "demand_mw", "--horizon", "12"]),
        (str(folder / "stock.csv"), ["--target", "Close", "--horizon", "5"]),
        (str(folder / "co2_520w.csv"), ["--horizon", "12"]),
    ]


def fit_seconds(code: Path, data: str, extra: list[str], out: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system of the process and its children: what a loaded machine cannot
    inflate as much) and the verdict line."""
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "lstm_core", "fit", data, *extra, "--out", str(out)], cwd=code,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(code)})
    seconds = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime
    best = next((line for line in done.stderr.splitlines() if "verdict" in line.lower() or "best" in line.lower()),
                "")
    return seconds, cpu, (best if done.returncode == 0 else f"exit {done.returncode}: {done.stderr[-200:]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", type=Path, default=None, help="another checkout to run side by side")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--only", nargs="*", default=None, help="file names to fit (default: all four)")
    args = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared with other jobs); "
          f"a fresh process per fit, best of {args.rounds}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for data, extra in files(folder):
            if args.only and Path(data).name not in args.only:
                continue
            here, there = [], []
            for k in range(args.rounds):
                if args.against is not None:
                    there.append(fit_seconds(args.against, data, extra, folder / f"a{k}")[:2])
                *got, said = fit_seconds(ROOT, data, extra, folder / f"b{k}")
                here.append(tuple(got))
            h = min(here)
            line = f"{Path(data).name:28s} this checkout {h[0]:6.1f} s wall {h[1]:6.1f} s CPU"
            if there:
                a = min(there)
                line += (f" | {args.against.name} {a[0]:6.1f} s wall {a[1]:6.1f} s CPU | ratio wall {h[0] / a[0]:.2f}x "
                         f"CPU {h[1] / a[1]:.2f}x")
            print(line + f" | {said[:70]}", flush=True)


if __name__ == "__main__":
    main()
