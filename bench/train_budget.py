"""The LSTM's work budgeted by data size, beside training on every window every epoch, side by side in one run.

    python bench/train_budget.py [--seeds 2] [--series air bike electricity co2 stock hourly4000]

Each series is fitted with the app's defaults on one CPU thread (statistical baselines off: only the LSTM is
timed), twice per seed, alternating: "every window" (windows_per_epoch=0, work_budget=0, val_windows=0: every
training window each epoch, every validation window scored, as before issue 22) and "budgeted" (the defaults: a
random draw of windows_per_epoch windows an epoch, at most work_budget window-rows a run, val_windows scored).
Prints per series the seconds, epochs and held-out MAE of each, and the ratios budgeted / every window (time and
MAE; an MAE ratio above 1 is a loss). The series: the bundled three, CO2 weekly (statsmodels), a synthetic share
price on 1,515 trading days (as bench/exports.py writes it) and a synthetic hourly load of 4,000 rows (daily and
weekly seasons, trend, AR(1) noise).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lstm_core.data.csv.load import load_csv  # noqa: E402
from lstm_core.forecast.train import TrainConfig, fit  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def hourly(rows: int = 4000) -> pd.DataFrame:
    """A synthetic hourly load: daily and weekly shape, a slow trend and AR(1) noise."""
    rng = np.random.default_rng(7)
    t = np.arange(rows, dtype=np.float64)
    noise = np.zeros(rows)
    for i in range(1, rows):
        noise[i] = 0.7 * noise[i - 1] + rng.normal(0, 3)
    load = (500 + 0.02 * t + 60 * np.sin(2 * np.pi * t / 24) + 25 * np.sin(2 * np.pi * t / 168)
            + 10 * np.cos(4 * np.pi * t / 24) + noise)
    return pd.DataFrame({"load": load}, index=pd.date_range("2024-01-01", periods=rows, freq="h"))


def stock() -> pd.DataFrame:
    days = pd.bdate_range("2015-01-02", "2020-12-31")
    days = days.difference(days[np.random.default_rng(0).choice(len(days), 50, replace=False)])  # holidays
    close = 100 * np.exp(np.cumsum(np.random.default_rng(1).normal(0.0003, 0.015, len(days))))
    return pd.DataFrame({"Close": close.round(2)}, index=days)


def co2() -> pd.DataFrame:
    from statsmodels import datasets as sd

    return sd.co2.load_pandas().data.interpolate()


SERIES = {  # name: (frame maker, target, horizon)
    "air": (lambda: load_csv(ROOT / "assets/data/airpassengers.csv"), "passengers", 12),
    "bike": (lambda: load_csv(ROOT / "assets/data/bike_rides_daily.csv"), "rides", 7),
    "electricity": (lambda: load_csv(ROOT / "assets/data/electricity_halfhourly.csv"), "demand_mw", 12),
    "co2": (co2, "co2", 12),
    "stock": (stock, "Close", 5),
    "hourly4000": (hourly, "load", 24),
}
EVERY = {"windows_per_epoch": 0, "work_budget": 0, "val_windows": 0}  # the settings before the budget


def one(df: pd.DataFrame, target: str, cfg: TrainConfig) -> tuple[float, int, float]:
    t0 = time.perf_counter()
    r = fit(df, target, cfg)
    return time.perf_counter() - t0, len(r.history), float(r.metrics["lstm"]["mae"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--series", nargs="+", default=list(SERIES), choices=list(SERIES))
    args = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared with other jobs), "
          f"torch on 1 thread, {args.seeds} seeds; statistical baselines off")
    print(f"{'series':12s} {'rows':>5s} | {'every window: s, epochs, MAE':>30s} | {'budgeted: s, epochs, MAE':>26s} | "
          "time ratio | MAE ratio")
    make, target, horizon = SERIES["air"]
    one(make(), target, TrainConfig(horizon=horizon, epochs=2, baseline_budget_s=0, num_threads=1))  # warm-up
    for name in args.series:
        make, target, horizon = SERIES[name]
        df = make()
        got: dict[str, list[tuple[float, int, float]]] = {"every": [], "budget": []}
        for seed in range(args.seeds):
            base = TrainConfig(horizon=horizon, seed=seed, baseline_budget_s=0, num_threads=1)
            got["every"].append(one(df, target, replace(base, **EVERY)))
            got["budget"].append(one(df, target, base))
        cols = {k: [statistics.mean(x[i] for x in v) for i in range(3)] for k, v in got.items()}
        e, b = cols["every"], cols["budget"]
        print(f"{name:12s} {len(df):5d} | {e[0]:7.1f} s {e[1]:5.0f} ep MAE {e[2]:9.4g} | {b[0]:5.1f} s {b[1]:5.0f} ep "
              f"MAE {b[2]:9.4g} | {b[0] / e[0]:9.2f}x | {b[2] / e[2]:8.3f}", flush=True)


if __name__ == "__main__":
    main()
