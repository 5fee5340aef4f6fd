"""What a fair backtest costs: each statistical model fitted once vs again at every held-out origin, and MSTL on
the whole history vs its last three longest seasons (the rule before issue 24), in one process, side by side.

    python bench/refits.py [--only NAME ...]

Series: the issue's five (AirPassengers, the bundled electricity and bike rides, 750 business days of a synthetic
share price, the last 520 weeks of CO2), the app's default split and scoring origins, horizon as the CLI runs them.
For each model: seconds fitted once and run forward, seconds refitted at the count the app chooses
(baselines.refit_count), seconds refitted at every origin, and the held-out MAE of each. Timed in this process
(statsforecast imported once before the clock), one thread, no time budget.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lstm_core.data.csv.load import load_csv  # noqa: E402
from lstm_core.data.windows import prepare  # noqa: E402
from lstm_core.forecast.baselines import mstl_seasons, refit_count, scoring_origins  # noqa: E402
from lstm_core.forecast.metrics import targets  # noqa: E402
from lstm_core.forecast.stat_worker import model_for, stat_forecasts  # noqa: E402
from lstm_core.forecast.train import stat_season  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def series() -> list[tuple[str, pd.DataFrame, str, int]]:
    from statsmodels import datasets as sd

    days = pd.bdate_range("2018-01-02", periods=750)
    close = 100 * np.exp(np.cumsum(np.random.default_rng(1).normal(0.0003, 0.015, len(days))))
    co2 = sd.co2.load_pandas().data.interpolate().iloc[-520:]
    return [
        ("airpassengers", load_csv(ROOT / "assets/data/airpassengers.csv"), "passengers", 12),
        ("electricity", load_csv(ROOT / "assets/data/electricity_halfhourly.csv"), "demand_mw", 12),
        ("bike", load_csv(ROOT / "assets/data/bike_rides_daily.csv"), "rides", 12),
        ("share price", pd.DataFrame({"Close": close.round(2)}, index=days), "Close", 5),
        ("co2 520 weeks", co2.asfreq("W-SAT"), "co2", 12),
    ]


def mstl_last_seasons(y, origins, horizon, seasons) -> np.ndarray:
    """The rule before issue 24: MSTL fitted once, run forward over the last three of its longest seasons only."""
    first = int(origins[0])
    model = model_for("mstl", 1, seasons).fit(y[:first])
    keep = 3 * max(seasons)
    return np.stack([model.forward(y=y[max(0, int(o) - keep):int(o)], h=horizon)["mean"] for o in origins])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=None)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    model_for("naive", 1, (0, 0))  # statsforecast imported before any clock
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared with other jobs)")
    print("| series | model | origins | once s | MAE | app's refits | s | MAE | every origin s | MAE |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, df, target, horizon in series():
        if args.only and name not in args.only:
            continue
        data = prepare(df, target, horizon)
        y = data.target_values()
        origins = scoring_origins(data.windows("test").origins, 24)
        truth = targets(y, origins, horizon)
        season = stat_season(data) or 1
        seasons = mstl_seasons(data.frequency)
        chosen = refit_count(int(origins[0]), len(origins))
        for model in ("auto_ets", "auto_arima", "mstl"):
            if model == "mstl" and (seasons is None or origins[0] < 2 * max(seasons)):
                continue
            ss = seasons or (0, 0)
            cells = []
            for refits in (1, chosen, len(origins)):
                t0 = time.perf_counter()
                got = stat_forecasts(model, y, data.split.n_train, origins, horizon, season, ss, refits)
                cells.append((time.perf_counter() - t0, float(np.mean(np.abs(got[0] - truth)))))
            line = (f"| {name} | {model} | {len(origins)} | {cells[0][0]:.2f} | {cells[0][1]:.4g} | {chosen} | "
                    f"{cells[1][0]:.2f} | {cells[1][1]:.4g} | {cells[2][0]:.2f} | {cells[2][1]:.4g} |")
            print(line, flush=True)
            if model == "mstl":
                t0 = time.perf_counter()
                old = mstl_last_seasons(y, origins, horizon, ss)
                took = time.perf_counter() - t0
                print(f"| {name} | MSTL, last 3 seasons only (before) | {len(origins)} | {took:.2f} | "
                      f"{float(np.mean(np.abs(old - truth))):.4g} | | | | | |", flush=True)


if __name__ == "__main__":
    main()
