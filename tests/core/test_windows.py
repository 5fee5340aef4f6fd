"""Split, scaler and windows: no look-ahead, the exact window count, clear errors for short data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from lstm_core.data.windows import (
    Scaler,
    TrainDataError,
    clean_frame,
    infer_frequency,
    prepare,
    season_length,
    unfold_windows,
)

DATA = Path(__file__).resolve().parents[2] / "assets" / "data"


def monthly(n: int = 120, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    idx = pd.date_range("2000-01-01", periods=n, freq="MS")
    y = 100 + np.arange(n) + 10 * np.sin(np.arange(n) * 2 * np.pi / 12) + rng.normal(0, 1, n)
    return pd.DataFrame({"y": y, "x": rng.normal(size=n)}, index=idx)


def test_exact_window_count_keeps_the_last_training_window():
    df = monthly(120)
    d = prepare(df, "y", 6, window=10, val_size=20, test_size=15)
    n_train = d.split.n_train
    assert n_train == 120 - 20 - 15
    train = d.windows("train")
    assert train.x.shape == (n_train - 10 - 6 + 1, 10, 1)
    assert train.y.shape == (n_train - 10 - 6 + 1, 6)
    # The last training window ends exactly on the last training row: nothing dropped, nothing leaked.
    last_target_row = train.origins[-1] + 6 - 1
    assert last_target_row == n_train - 1
    z = d.scaled[:, 0]
    assert torch.equal(train.y[-1], z[n_train - 6 : n_train])
    assert torch.equal(train.x[-1, :, 0], z[n_train - 16 : n_train - 6])
    # Validation and test: one window per origin whose H targets fit inside the part.
    assert d.windows("val").x.shape[0] == 20 - 6 + 1
    test = d.windows("test")
    assert test.x.shape[0] == 15 - 6 + 1
    assert test.origins[0] == n_train + 20 and test.origins[-1] + 6 == 120


def test_windows_are_unfold_views_not_copies():
    series = torch.arange(30, dtype=torch.float32).reshape(15, 2)  # (T, F)
    x, y = unfold_windows(series, 4, 3)
    assert x.shape == (15 - 4 - 3 + 1, 4, 2) and y.shape == (9, 3)
    assert x.untyped_storage().data_ptr() == series.untyped_storage().data_ptr()
    assert torch.equal(x[2], series[2:6]) and torch.equal(y[2], series[6:9, 0])


def test_scaler_and_training_windows_ignore_the_test_part():
    df = monthly(120)
    a = prepare(df, "y", 6, features=["x"], window=12)
    changed = df.copy()
    changed.iloc[-a.split.n_test :] = 1e6  # wild values in the held-out tail
    b = prepare(changed, "y", 6, features=["x"], window=12)
    assert a.scaler == b.scaler
    assert torch.equal(a.windows("train").x, b.windows("train").x)
    assert torch.equal(a.windows("train").y, b.windows("train").y)
    # and the scaler is the training rows' own statistics
    train_rows = df[["y", "x"]].to_numpy()[: a.split.n_train]
    assert np.allclose(a.scaler.mean, train_rows.mean(axis=0))
    assert np.allclose(a.scaler.std, train_rows.std(axis=0))


def test_constant_column_is_not_divided_by_zero():
    s = Scaler.fit(np.array([[1.0, 5.0], [3.0, 5.0]]), ["a", "b"])
    assert s.std == [1.0, 1.0] and np.isfinite(s.transform(np.array([[2.0, 5.0]]))).all()


def test_too_short_series_says_rows_needed_and_rows_there():
    df = monthly(40)
    with pytest.raises(TrainDataError) as err:
        prepare(df, "y", 12, window=24)
    msg = str(err.value)
    assert isinstance(err.value, ValueError)
    assert "24 + horizon 12 + validation 12 + test 12 needs at least 60 rows" in msg and "has 40" in msg
    # one row more than the minimum works, with exactly one training window
    d = prepare(monthly(60), "y", 12, window=24)
    assert d.windows("train").x.shape[0] == 1


def test_unknown_column_lists_the_available_ones():
    with pytest.raises(TrainDataError, match="unknown column 'nope'; available columns: y, x"):
        prepare(monthly(), "nope", 3)


def test_missing_values_interpolated_and_edges_trimmed():
    df = monthly(30)
    df.iloc[0, 0] = np.nan  # leading gap: trimmed
    df.iloc[-2:, 1] = np.nan  # trailing gap in a feature: trimmed
    df.iloc[10, 0] = np.nan  # inside: interpolated
    df.iloc[11, 0] = np.inf
    frame, report = clean_frame(df, ["y", "x"])
    assert (report.trimmed_leading, report.trimmed_trailing, report.filled) == (1, 2, 2)
    assert len(frame) == 27 and frame.notna().all().all()
    y9, y12 = df.iloc[9, 0], df.iloc[12, 0]
    assert frame.loc[df.index[10], "y"] == pytest.approx(y9 + (y12 - y9) / 3, rel=1e-3)  # linear in time
    assert "filled 2 missing values" in report.message()


def test_frequency_and_season():
    assert infer_frequency(pd.date_range("2000", periods=10, freq="MS")) == "MS"
    assert infer_frequency(pd.RangeIndex(10)) is None
    cases = {"MS": 12, "ME": 12, "QS": 4, "QS-OCT": 4, "D": 7, "h": 24, "30min": 48, "15min": 96,
             "W-SUN": 52, "B": 5, "YS": None, None: None, "7min": None}  # fmt: skip
    for freq, m in cases.items():
        assert season_length(freq) == m, freq


def test_gaps_on_a_regular_grid_are_filled():
    df = monthly(60).drop(index=pd.Timestamp("2002-03-01"))
    df.attrs["load_report"] = {"frequency": "MS"}  # what load_csv reports for a series with a gap
    d = prepare(df, "y", 3, window=12)
    assert len(d.frame) == 60 and d.report.inserted == 1 and d.report.filled == 1
    assert d.frequency == "MS" and d.season == 12


def test_the_automatic_window_is_two_seasons_capped_for_fine_grained_data():
    from lstm_core.data.windows import MAX_DEFAULT_WINDOW, default_window, plan_split

    assert default_window(12, 12) == 24 and default_window(12, 48) == 96  # monthly, half-hourly: two seasons
    assert default_window(3, 1440) == MAX_DEFAULT_WINDOW == 336  # minute data: not two days of steps
    assert default_window(400, 1440) == 800  # a long horizon still gets 2H
    assert default_window(5, None) == 24
    # 10,000 rows of minute data: the window the engine picks is the capped one, not 2,880 steps.
    window, split = plan_split(10_000, 3, None, season_length("min"), None, None)
    assert window == 336 and split.n_train + split.n_val + split.n_test == 10_000


def test_the_automatic_season_is_the_week_where_sub_daily_data_holds_weeks_enough():
    from lstm_core.data.windows import choose_season

    assert choose_season("30min", 1344, 12) == (336, "week")  # the bundled electricity series: four weeks
    assert choose_season("30min", 700, 12) == (48, "frequency")  # two weeks: too few training windows of a week
    assert choose_season("h", 900, 6) == (168, "week")
    assert choose_season("MS", 144, 12) == (12, "frequency") and choose_season(None, 144, 12) == (None, "none")
    assert choose_season("D", 730, 12) == (7, "frequency")  # daily: the week is already the season


def test_the_seasonal_level_baseline_by_hand():
    import torch

    from lstm_core.forecast.forecaster import ForecasterConfig, baseline_forecast

    cfg = ForecasterConfig(n_features=1, window=6, horizon=2, baseline="seasonal_level", season=3, level_rows=2)
    x = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 7.0]).reshape(1, 6, 1)
    # last season: rows 3, 4 -> 4, 5; level: mean(5, 7) - mean(2, 3) = 3.5 -> 7.5, 8.5
    assert baseline_forecast(x, cfg).tolist() == [[7.5, 8.5]]
    assert ForecasterConfig(n_features=1, window=6, horizon=2, baseline="seasonal_naive", season=3).lag == 3
    assert cfg.lag == 3


def test_the_season_check_by_hand():
    """20 rows split 14 / 3 / 3 (15% each, at least the horizon); season 2, horizon 2: origins 14 and 15 forecast
    rows 14-15 and 15-16. A series that alternates 0, 10 is repeated exactly by the season and missed by the last
    value by 10 half the time; the trend of a flat alternation is 0."""
    from lstm_core.data.windows import SeasonCheck, season_check

    y = np.tile([0.0, 10.0], 10)
    check = season_check(y, 2, 20, 2)
    assert check == SeasonCheck(2, 0.0, 5.0) and check.helps
    # a straight line: the season's change (+2 a season) on the last value is exact, and so is the trend
    line = np.arange(20.0)
    check = season_check(line, 2, 20, 2)
    assert check.seasonal_mae == 0.0 and check.plain_mae == 0.0 and not check.helps
    # kept only when at least 5% better (SEASON_MARGIN)
    assert SeasonCheck(2, 0.94, 1.0).helps and not SeasonCheck(2, 0.96, 1.0).helps
    assert season_check(y, 14, 20, 2) is None  # a training part shorter than a season and a step: cannot tell
    gaps = y.copy()
    gaps[[3, 8]] = np.nan  # gaps are interpolated as cleaning would: 5 in the middle of 0 .. 10
    assert season_check(gaps, 2, 20, 2).helps


def test_a_calendar_season_that_forecasts_worse_than_the_last_value_is_not_used():
    """Monthly sunspots: an 11-year cycle, no yearly one, so the automatic season is none ("weak"); a random walk
    (a share price on trading days) has none either; AirPassengers keeps its 12, a trending seasonal series too;
    decided on the validation part, at the horizon asked for."""
    from lstm_core.data.windows import choose_season, season_check

    t = np.arange(3000)
    sunspots = np.maximum(80 + 70 * np.sin(2 * np.pi * t / 132) + np.random.default_rng(0).normal(0, 15, 3000), 0)
    assert not season_check(sunspots, 12, 3000, 12).helps
    walk = np.cumsum(np.random.default_rng(1).normal(size=500))
    assert not season_check(walk, 5, 500, 5).helps and choose_season("B", 500, 5, walk) == (None, "weak")
    assert season_check(monthly(120)["y"].to_numpy(), 12, 120, 6).helps
    assert choose_season("MS", 3000, 12, sunspots) == (None, "weak")
    air = pd.read_csv(DATA / "airpassengers.csv")["passengers"].to_numpy(dtype=float)
    for horizon in (1, 6, 12, 24):
        assert choose_season("MS", 144, horizon, air) == (12, "frequency")
    # only the validation part decides: a season in the training part that is gone by then is not kept
    drift = np.concatenate([10 * np.tile([0.0, 5, 9, 5], 25), np.cumsum(np.random.default_rng(2).normal(size=100))])
    assert season_check(drift[:100], 4, 100, 4).helps and not season_check(drift, 4, 200, 4).helps
    idx = pd.date_range("1749-01-01", periods=3000, freq="MS")
    data = prepare(pd.DataFrame({"spots": sunspots}, index=idx), "spots", 12)
    assert data.season is None and data.season_kind == "weak"
    assert prepare(pd.DataFrame({"spots": sunspots}, index=idx), "spots", 12, season=12).season == 12  # asked for
