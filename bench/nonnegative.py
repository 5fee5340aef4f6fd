"""Never below zero: clip the forecast at 0, or model the logarithm? Measured side by side on the same origins.

    python bench/nonnegative.py [--seeds 3] [--series airpassengers electricity bike sunspots]

A series with no negative value (counts, sales, demand) must be forecast at 0 or above. Two ways:

- clip (what the app does): train on the values, raise forecasts and interval bounds to 0;
- log: train on log(1 + y), forecast, and take exp(.) - 1 of the forecast and of the interval bounds; never
  negative by construction, and a multiplicative season becomes additive.

Each series is fitted with the app's defaults (one CPU thread, no statistical baselines) per seed and way; both are
scored on the same held-out origins (the test tail, every H-th origin: forecaster.backtest) in the series' own
units: MAE (mean ± spread over the seeds), the 80% interval's coverage, and how many forecasts the clip raised.
The bundled series plus the yearly sunspots (statsmodels' copy, installed with statsforecast): counts that fall to
near 0 every cycle, where the floor matters.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lstm_core.data.csv.load import load_csv  # noqa: E402
from lstm_core.forecast.forecaster import backtest  # noqa: E402
from lstm_core.forecast.train import TrainConfig, fit  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def sunspots() -> pd.DataFrame:
    """Yearly sunspot numbers 1700-2008 (statsmodels.datasets), indexed by year."""
    from statsmodels.datasets import sunspots as data

    frame = data.load_pandas().data
    index = pd.PeriodIndex(frame["YEAR"].astype(int), freq="Y").to_timestamp()
    return pd.DataFrame({"spots": frame["SUNACTIVITY"].to_numpy(dtype=float)}, index=index)


SERIES = {  # name: (loader, target, horizon)
    "airpassengers": (lambda: load_csv(ROOT / "assets/data/airpassengers.csv"), "passengers", 12),
    "electricity": (lambda: load_csv(ROOT / "assets/data/electricity_halfhourly.csv"), "demand_mw", 12),
    "bike": (lambda: load_csv(ROOT / "assets/data/bike_rides_daily.csv"), "rides", 12),
    "sunspots": (sunspots, "spots", 6),
}


def scored(df: pd.DataFrame, target: str, horizon: int, seed: int, log: bool) -> tuple[float, float, int]:
    """MAE and 80% coverage on the held-out tail in original units, and how many forecasts sat on the floor."""
    data = df.copy()
    if log:
        data[target] = np.log1p(data[target])
    result = fit(data, target, TrainConfig(horizon=horizon, seed=seed, num_threads=1, baseline_budget_s=0,
                                           non_negative=False if log else None))
    back = backtest(result, data)
    if log:  # back to the series' units; exp is monotone, so the interval's bounds stay its bounds
        back = np.expm1(back[["truth", "forecast", "lower", "upper"]])
    truth, forecast = back["truth"].to_numpy(), back["forecast"].to_numpy()
    covered = float(np.mean((back["lower"] <= truth) & (truth <= back["upper"])))
    return float(np.mean(np.abs(forecast - truth))), covered, int(np.sum(forecast <= 0))


def spread(values: list[float], digits: str = ".4g") -> str:
    mean = statistics.fmean(values)
    return f"{mean:{digits}} ± {statistics.pstdev(values):.2g}" if len(values) > 1 else f"{mean:{digits}}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--series", nargs="+", default=list(SERIES), choices=list(SERIES))
    args = parser.parse_args()
    print(f"# bench/nonnegative.py on {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}, {args.seeds} seeds")
    print("| series | clip: MAE | log: MAE | log ÷ clip | clip: 80% covered | log: 80% covered | at 0 (clip) |")
    print("|---|---|---|---|---|---|---|")
    for name in args.series:
        load, target, horizon = SERIES[name]
        df = load()
        runs = {way: [scored(df, target, horizon, seed, way == "log") for seed in range(args.seeds)]
                for way in ("clip", "log")}
        mae = {way: [r[0] for r in rs] for way, rs in runs.items()}
        cover = {way: [100 * r[1] for r in rs] for way, rs in runs.items()}
        ratio = statistics.fmean(mae["log"]) / statistics.fmean(mae["clip"])
        print(f"| {name} (H={horizon}) | {spread(mae['clip'])} | {spread(mae['log'])} | {ratio:.2f} | "
              f"{spread(cover['clip'], '.0f')}% | {spread(cover['log'], '.0f')}% | "
              f"{sum(r[2] for r in runs['clip'])} |", flush=True)


if __name__ == "__main__":
    main()
