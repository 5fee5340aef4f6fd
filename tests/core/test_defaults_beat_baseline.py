"""The default settings must beat seasonal naive on held-out MAE on both bundled series (forecast 12).

Rolling origins over the held-out tail: 12 origins on AirPassengers, 24 of the 191 on the electricity series (every
model is scored on at most 24, see lstm_core.forecast.baselines.scoring_origins). On the electricity series the
season is the week (336 half-hours): the seasonal-naive forecast to beat is last week's, far stronger than
yesterday's (MAE 246 against 1,596).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from lstm_core.data.csv.load import load_csv
from lstm_core.forecast.train import TrainConfig, fit

DATA = Path(__file__).resolve().parents[2] / "assets" / "data"


@pytest.mark.parametrize(
    "file, target, season",
    [("airpassengers.csv", "passengers", 12), ("electricity_halfhourly.csv", "demand_mw", 336)],
)
def test_defaults_beat_seasonal_naive(file, target, season):
    df = load_csv(DATA / file)
    t0 = time.perf_counter()
    # Defaults throughout; one torch thread only because CI's two cores may be shared with other jobs, where
    # two threads of a small LSTM wait on each other (measured 10x slower). The thread count changes float
    # rounding, so the exact figures, not the outcome.
    r = fit(df, target, TrainConfig(horizon=12, num_threads=1))
    seconds = time.perf_counter() - t0
    m = r.metrics
    print(f"\n{file}: MAE lstm {m['lstm']['mae']:.1f}, seasonal naive {m['seasonal_naive']['mae']:.1f}, "
          f"naive {m['naive']['mae']:.1f}; {len(r.history)} epochs, {seconds:.1f} s on {r.device}")  # fmt: skip
    assert r.season == season and m["origins"] > 10
    assert m["lstm"]["mae"] < m["seasonal_naive"]["mae"]
    assert m["lstm"]["mase"] < m["seasonal_naive"]["mase"]
