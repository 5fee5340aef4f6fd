"""Every metric and baseline against values worked out by hand on tiny arrays."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lstm_core.forecast.metrics import (
    best_other_forecasts,
    compare,
    coverage_per_step,
    empirical_coverage,
    interval_offsets,
    mae,
    mase,
    mase_scale,
    naive_forecasts,
    rmse,
    seasonal_naive_forecasts,
    smape,
    targets,
)

Y = np.array([1.0, 2.0, 3.0, 4.0])
YHAT = np.array([1.0, 3.0, 2.0, 6.0])  # errors 0, 1, 1, 2


def test_mae_rmse_smape_by_hand():
    assert mae(Y, YHAT) == pytest.approx((0 + 1 + 1 + 2) / 4)
    assert rmse(Y, YHAT) == pytest.approx(math.sqrt((0 + 1 + 1 + 4) / 4))
    # 200|e| / (|y| + |yhat|): 0, 200/5, 200/5, 400/10 -> mean 30
    assert smape(Y, YHAT) == pytest.approx((0 + 40 + 40 + 40) / 4)
    assert smape([0.0, 1.0], [0.0, 1.0]) == 0.0  # 0/0 counts as a perfect forecast, not NaN
    assert smape([0.0], [2.0]) == pytest.approx(200.0)


def test_mase_scale_and_mase_by_hand():
    train = np.array([1.0, 3.0, 2.0, 5.0, 4.0])
    assert mase_scale(train, None) == pytest.approx((2 + 1 + 3 + 1) / 4)  # naive, lag 1
    assert mase_scale(train, 2) == pytest.approx((1 + 2 + 2) / 3)  # |2-1|, |5-3|, |4-2|
    assert mase(Y, YHAT, 2.0) == pytest.approx(1.0 / 2.0)
    assert mase(Y, YHAT, 0.0) is None  # a flat training part has no scale


def test_naive_and_seasonal_naive_by_hand():
    s = np.array([10.0, 20.0, 11.0, 21.0, 12.0, 22.0, 13.0])
    origins = np.array([3, 4])  # first forecast rows; rows before them are known
    assert naive_forecasts(s, origins, 3).tolist() == [[11, 11, 11], [21, 21, 21]]
    # season 2: step h repeats row t - 2 + (h - 1) % 2
    assert seasonal_naive_forecasts(s, origins, 3, 2).tolist() == [[20, 11, 20], [11, 21, 11]]
    assert targets(s, origins, 3).tolist() == [[21, 12, 22], [12, 22, 13]]
    with pytest.raises(ValueError, match="needs 5 rows"):
        seasonal_naive_forecasts(s, np.array([3]), 2, 5)


def test_interval_quantiles_and_coverage_by_hand():
    residuals = np.stack([np.arange(11.0), 2 * np.arange(11.0)], axis=1)  # (N=11, H=2)
    # Split conformal: the order statistics ceil((N + 1) * 0.1) and ceil((N + 1) * 0.9) of N per step. With 11
    # windows those are the 1st and the 11th: the extremes (the plain quantiles, -4 and 4, would hold less).
    lo, hi = interval_offsets(-5 + residuals, 0.8)
    assert lo == pytest.approx([-5.0, -5.0]) and hi == pytest.approx([5.0, 15.0])
    many = np.arange(99.0)[:, None]  # N = 99: the 10th and the 90th smallest, 9 and 89 (not 9.8 and 88.2)
    lo, hi = interval_offsets(many - 50, 0.8)
    assert lo == pytest.approx([-41.0]) and hi == pytest.approx([39.0])
    # Residuals of one sign (a biased model): the band is widened to hold the forecast, never beside it.
    lo, hi = interval_offsets(residuals + 1, 0.8)
    assert lo == pytest.approx([0.0, 0.0]) and hi == pytest.approx([11.0, 21.0])
    lo, hi = interval_offsets(np.full((1, 2), -2.0), 0.8)  # one window: no zero-width band
    assert lo == pytest.approx([-2.0, -2.0]) and hi == pytest.approx([0.0, 0.0])
    y = np.array([1.0, 2.0, 3.0, 4.0])
    assert empirical_coverage(y, np.array([0, 2.5, 3, 5]), np.array([2, 3, 3, 6])) == 0.5
    both = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])  # (N=4, H=2), inside: step 1 3/4, step 2 1/4
    inside = coverage_per_step(both, both - np.array([[0, 1], [0, -1], [1, -1], [-1, -1]]), both + 0.5)
    assert inside.tolist() == [0.75, 0.25]
    with pytest.raises(ValueError):
        interval_offsets(residuals, 1.5)


def test_compare_uses_the_same_origins_for_all_three():
    s = np.array([10.0, 20.0, 11.0, 21.0, 12.0, 22.0, 13.0])
    origins = np.array([3, 4])
    model = np.array([[21.0, 12.0, 22.0], [12.0, 22.0, 14.0]])  # one miss of 1
    out = compare(s, origins, 3, model, train_rows=3, season=2)
    scale = mase_scale(s[:3], 2)  # |11 - 10| = 1
    assert scale == 1.0 and out["mase_scale"] == 1.0 and out["origins"] == 2
    assert out["lstm"]["mae"] == pytest.approx(1 / 6)
    # naive: [[11]*3, [21]*3] against [[21,12,22],[12,22,13]]: errors 10,1,11,9,1,8
    assert out["naive"]["mae"] == pytest.approx(40 / 6)
    assert out["naive"]["mase"] == pytest.approx(40 / 6)
    # seasonal naive: [[20,11,20],[11,21,11]]: errors 1,1,2,1,1,2
    assert out["seasonal_naive"]["mae"] == pytest.approx(8 / 6)
    none = compare(s, origins, 3, model, train_rows=3, season=None)
    assert none["seasonal_naive"] is None and "season" in none["seasonal_naive_reason"]
    long = compare(s, origins, 3, model, train_rows=3, season=5)  # 5 rows before origin 3 do not exist
    assert long["seasonal_naive"] is None and "longer than the history" in long["seasonal_naive_reason"]


def test_verdict_picks_the_best_baseline_and_says_who_wins():
    from lstm_core.forecast.metrics import verdict

    m = {"lstm": {"mae": 30.0}, "naive": {"mae": 80.0}, "seasonal_naive": {"mae": 50.0}}
    v = verdict(m)
    assert v.baseline == "seasonal_naive" and v.lstm_wins and v.gain_pct == pytest.approx(40.0)
    v = verdict({"lstm": {"mae": 90.0}, "naive": {"mae": 80.0}, "seasonal_naive": None})
    assert v.baseline == "naive" and not v.lstm_wins and v.gain_pct < 0
    assert verdict({"lstm": {"mae": float("nan")}, "naive": {"mae": 1.0}}) is None
    assert verdict({"lstm": {"mae": 1.0}, "naive": None, "seasonal_naive": None}) is None
    assert not verdict({"lstm": {"mae": 0.0}, "naive": {"mae": 0.0}}).lstm_wins  # a tie is no win


def test_the_best_other_model_s_forecasts_are_the_ones_its_mae_was_scored_on():
    """Series 0..9 with a season of 2 at origins 6 and 8, H = 2: naive repeats 5 and 7 (errors 1, 2 -> MAE 1.5);
    seasonal naive repeats 4, 5 and 6, 7 (errors 2 each -> MAE 2). A statistical model with MAE 1 beats both,
    and its own forecasts are what the chart gets; without it naive's forecasts are rebuilt."""
    y = np.arange(10.0)
    origins = np.array([6, 8])
    m = compare(y, origins, 2, np.zeros((2, 2)), 6, 2)
    assert m["naive"]["mae"] == pytest.approx(1.5) and m["seasonal_naive"]["mae"] == pytest.approx(2.0)
    assert best_other_forecasts(m, y, origins, 2) == {"name": "naive", "origins": [6, 8],
                                                       "forecasts": [[5.0, 5.0], [7.0, 7.0]]}
    ets = {"auto_ets": {"forecasts": np.array([[6.0, 8.0], [8.0, 8.0]]), "detail": "ETS(A,N,N)", "seconds": 0.1}}
    m = compare(y, origins, 2, np.zeros((2, 2)), 6, 2, ets)
    assert m["auto_ets"]["mae"] == pytest.approx(0.5) and m["best"] == "auto_ets"
    assert best_other_forecasts(m, y, origins, 2, ets)["forecasts"] == [[6.0, 8.0], [8.0, 8.0]]
    # the LSTM never counts as "other", even when it is the best; nothing scored: nothing to draw
    m = compare(y, origins, 2, np.array([[6.0, 7.0], [8.0, 9.0]]), 6, 2)
    assert m["best"] == "lstm" and best_other_forecasts(m, y, origins, 2)["name"] == "naive"
    assert best_other_forecasts({"naive": {"skipped": "x"}}, y, origins, 2) is None
