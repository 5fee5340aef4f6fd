"""A fair verdict and an interval that means what it says (issue 24, items 3 and 4): coverage computed by hand,
filled rows not scored, at least 12 origins on a short series, MSTL on the whole history, a 52-week season for
weekly data, refits per origin, a model past its budget run once more or no best named, the protocol in
metrics.json."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from lstm_core import cli
from lstm_core.data.windows import MIN_ORIGINS, default_test_size, prepare
from lstm_core.forecast import baselines
from lstm_core.forecast.baselines import (
    StatBaselines,
    StatResult,
    mstl_seasons,
    refit_count,
    season_for,
    stat_forecasts,
)
from lstm_core.forecast.calibrate import conformal_offsets, interval_entry, leave_one_out, own_coverage
from lstm_core.forecast.metrics import best_model, compare
from lstm_core.forecast.recommend import future_forecasts
from lstm_core.forecast.stat_worker import model_for, refit_at

pytest.importorskip("statsforecast")


# ---------------------------------------------------------------- interval coverage by hand


def test_own_coverage_by_hand():
    y = np.array([[1.0, 2.0], [3.0, np.nan], [5.0, 6.0]])  # NaN: a filled value, not measured
    lower, upper = np.array([[0.0, 2.5], [2.0, 0.0], [5.0, 5.0]]), np.array([[2.0, 3.0], [2.5, 9.0], [6.0, 7.0]])
    share, per_step = own_coverage(y, lower, upper)
    # inside: 1 in [0,2] yes; 2 in [2.5,3] no; 3 in [2,2.5] no; 5 in [5,6] yes; 6 in [5,7] yes -> 3 of 5
    assert share == pytest.approx(3 / 5)
    assert per_step.tolist() == pytest.approx([2 / 3, 1 / 2])


def test_leave_one_out_conformal_coverage_by_hand():
    # one step, four origins with errors 0, 1, 2, 10: each is checked against the others' conformal 80% band.
    # With 3 others (n = 3) the order statistics are ceil(4 * 0.1) = 1st and ceil(4 * 0.9) = 4th -> clipped to the
    # 3rd: the band is [min(others), max(others)], widened to hold 0.
    r = np.array([[0.0], [1.0], [2.0], [10.0]])
    share, per_step = leave_one_out(r, 0.8)
    # 0 in [0, 10] yes (the band holds 0); 1 in [0, 10] yes; 2 in [0, 10] yes; 10 in [0, 2] no -> 3 of 4
    assert share == pytest.approx(0.75) and per_step.tolist() == pytest.approx([0.75])
    lo, hi = conformal_offsets(r, 0.8)  # all four: [0, 10]
    assert (lo[0], hi[0]) == (0.0, 10.0)


def test_the_interval_nearer_the_nominal_share_is_chosen():
    rng = np.random.default_rng(0)
    y = rng.normal(0, 1, (20, 3))
    forecasts = np.zeros((20, 3))
    narrow = interval_entry(y, forecasts, forecasts - 0.01, forecasts + 0.01)  # own band covers almost nothing
    assert narrow["method"] == "conformal" and narrow["own_coverage"] < 0.1
    assert narrow["measured_coverage"] == narrow["conformal_coverage"] and 0.6 < narrow["measured_coverage"] <= 1
    right = interval_entry(y, forecasts, forecasts - 1.2816, forecasts + 1.2816)  # the true 80% band
    expected = np.mean(np.abs(y) <= 1.2816)
    assert right["own_coverage"] == pytest.approx(expected)
    if abs(expected - 0.8) <= abs(right["conformal_coverage"] - 0.8):
        assert right["method"] == "own" and right["measured_coverage"] == pytest.approx(expected)


# ---------------------------------------------------------------- filled rows are not scored


def test_filled_rows_are_not_scored_for_any_model():
    s = np.arange(20.0)
    origins = np.array([10, 12])
    observed = np.ones(20, dtype=bool)
    observed[11] = False  # a holiday the loader filled: origin 10 step 2 and nothing of origin 12
    lstm = np.array([[10.0, 100.0], [12.0, 13.0]])  # off by 89 only on the filled row
    others = {"auto_ets": {"forecasts": np.array([[10.0, 50.0], [13.0, 14.0]])}}
    got = compare(s, origins, 2, lstm, train_rows=10, season=None, others=others, observed=observed)
    assert got["lstm"]["mae"] == 0.0  # the 89 on the filled row does not count
    assert got["naive"]["mae"] == pytest.approx((1 + 1 + 2) / 3)  # naive: 9 from 10 (row 10), 11 from 12: 12, 13
    assert got["auto_ets"]["mae"] == pytest.approx((0 + 1 + 1) / 3)
    assert got["scored_values"] == 3 and got["unscored_filled"] == 1 and got["best"] == "lstm"


def test_holidays_the_loader_inserted_are_marked_filled():
    days = pd.bdate_range("2020-01-01", periods=300)
    dropped = days[[100, 200, 250, 290]]
    y = pd.Series(np.linspace(10, 40, 300), index=days).drop(dropped)
    df = y.to_frame("close")
    df.attrs["load_report"] = {"frequency": "B"}
    data = prepare(df, "close", 5)
    assert len(data.frame) == 300 and data.report.inserted == 4
    assert np.flatnonzero(~data.observed()).tolist() == [100, 200, 250, 290]


# ---------------------------------------------------------------- enough origins


@pytest.mark.parametrize(("rows", "horizon"), [(100, 5), (114, 6), (144, 12), (60, 4)])
def test_a_short_series_gets_at_least_twelve_origins_where_it_allows(rows, horizon):
    n_test = default_test_size(rows, horizon)
    assert n_test - horizon + 1 >= MIN_ORIGINS
    assert rows - n_test - max(horizon, int(np.ceil(0.15 * rows))) >= rows // 2  # training keeps half the rows


def test_a_series_too_short_for_twelve_says_how_many_it_allows(tmp_path):
    """The Nile's length: 12 origins, and the CLI and metrics.json say the count."""
    y = 1000 + 100 * np.sin(np.arange(100) / 3.0)
    path = tmp_path / "nile.csv"
    pd.DataFrame({"year": np.arange(1871, 1971), "volume": y.round(1)}).to_csv(path, index=False)
    code = cli.main(["fit", str(path), "--horizon", "5", "--out", str(tmp_path / "r"), "--epochs", "2",
                     "--hidden", "4", "--threads", "1", "--baseline-budget", "60"])
    assert code == 0
    held = json.loads((tmp_path / "r" / "metrics.json").read_text())["held_out"]
    assert held["origins"] == 12 and held["protocol"]["origins"] == 12 and held["protocol"]["origins_wanted"] == 12


# ---------------------------------------------------------------- MSTL, seasons, refits


def test_mstl_reads_the_whole_history_at_every_origin():
    t = np.arange(400.0)
    y = 50 + np.sin(2 * np.pi * t / 4) + 2 * np.sin(2 * np.pi * t / 28) + np.random.default_rng(4).normal(0, .1, 400)
    origins = np.array([300, 380])
    got, *_ = stat_forecasts("mstl", y, 300, origins, 4, 4, (4, 28), refits=1)
    fitted = model_for("mstl", 4, (4, 28)).fit(y[:300])
    for k, origin in enumerate(origins):  # forward over every row before the origin, not its last 3 weeks
        want = fitted.forward(y=y[:origin], h=4)["mean"]
        np.testing.assert_allclose(got[k], want)
    early = y.copy()
    early[:100] += 5.0  # rows more than 3 "weeks" (84 steps) before every origin
    moved, *_ = stat_forecasts("mstl", early, 300, origins, 4, 4, (4, 28), refits=1)
    assert not np.allclose(moved, got)  # they are read


def test_each_model_gets_the_season_that_suits_it_and_weekly_data_gets_mstl_with_52():
    assert mstl_seasons("W-SUN") == (52, 0) and mstl_seasons("30min") == (48, 336) and mstl_seasons("MS") is None
    assert season_for("auto_ets", 52) == 1 and season_for("auto_arima", 52) == 1  # never silently dropped
    assert season_for("auto_ets", 24) == 24 and season_for("auto_arima", 24) == 1
    assert season_for("auto_arima", 12) == 12 and season_for("auto_ets", 12) == 12
    k = np.arange(312.0)
    y = 300 + 0.05 * k + 3 * np.sin(2 * np.pi * k / 52) + np.random.default_rng(0).normal(0, 0.2, 312)
    got = StatBaselines(y, 250, np.array([260, 280, 300]), 12, season=52, frequency="W-SUN", budget_s=60,
                        models=("mstl", "auto_arima")).wait()
    assert got["mstl"].detail.startswith("MSTL[52] + ") and got["mstl"].forecasts.shape == (3, 12)
    assert not got["auto_arima"].skipped and "[52]" not in got["auto_arima"].detail


def test_refits_follow_the_rows_not_the_clock():
    assert refit_count(121, 12) == 12 and refit_count(700, 24) == 2 and refit_count(1142, 24) == 1
    assert refit_at(12, 12) == list(range(12)) and refit_at(24, 2) == [0, 12] and refit_at(5, 1) == [0]


def test_refitting_at_every_origin_is_a_fit_on_every_row_before_it():
    k = np.arange(90.0)
    y = 20 + 0.5 * k + 4 * np.sin(2 * np.pi * k / 12) + np.random.default_rng(1).normal(0, 0.5, 90)
    origins = np.array([70, 75, 80])
    got, lower, upper, _ = stat_forecasts("auto_ets", y, 60, origins, 3, 12, (0, 0), refits=3)
    for row, origin in enumerate(origins):
        want = model_for("auto_ets", 12, (0, 0)).fit(y[:origin]).predict(h=3, level=[80])
        np.testing.assert_allclose(got[row], want["mean"], rtol=1e-9)
        np.testing.assert_allclose(lower[row], want["lo-80"], rtol=1e-9)


# ---------------------------------------------------------------- a busy machine does not decide the verdict


def test_a_model_past_its_budget_runs_once_more_with_a_larger_budget(monkeypatch):
    budgets = []

    def attempt(self, name, budget_s):
        budgets.append(budget_s)
        if len(budgets) == 1:
            return StatResult(name, skipped="budget", params={"budget": budget_s}, seconds=budget_s)
        return StatResult(name, forecasts=np.ones((1, 2)), detail="ETS(A,N,N)", seconds=1.0)

    monkeypatch.setattr(baselines.StatBaselines, "_attempt", attempt)
    run = StatBaselines(np.arange(30.0), 20, np.array([25]), 2, season=None, frequency=None, budget_s=5,
                        models=("auto_ets",))
    got = run.wait()["auto_ets"]
    assert budgets == [5, 5 * baselines.RETRY_FACTOR] and got.retried and not got.skipped and got.seconds == 6.0


def test_past_its_budget_twice_no_best_is_named_and_the_download_says_so(monkeypatch):
    s = np.arange(40.0)
    origins = np.array([30, 32])
    lstm = np.array([[30.0, 31.0], [32.0, 33.0]]) + 5
    others = {"auto_ets": {"forecasts": lstm - 4},  # finished, the best of those that did
              "auto_arima": {"skipped": "took longer", "reason": "budget_twice", "params": {"budget": 20, "retry": 60}}}
    m = compare(s, origins, 2, lstm, train_rows=20, season=None, others=others)
    assert m["best"] is None and best_model(m) is None and m["undecided"] == ["auto_arima"]
    lines = cli.held_out_lines(m)
    assert any(line.startswith("best: cannot be named: AutoARIMA did not finish") for line in lines), lines

    class Result:  # what future_forecasts reads of a run
        metrics, horizon, target, columns, frequency = m, 2, "y", ["y"], None
        intervals = {"floor": None}
        config = None
        data: dict = {}

    df = pd.DataFrame({"y": s})

    def fake(name, series, horizon, **kw):
        return StatResult(name, forecasts=np.ones((1, horizon)), lower=np.zeros((1, horizon)),
                          upper=2 * np.ones((1, horizon)))

    monkeypatch.setattr("lstm_core.forecast.recommend.future_forecast", fake)
    lstm_table = pd.DataFrame({"step": [1, 2], "forecast": [1.0, 1.0], "lower": [0.0, 0.0], "upper": [2.0, 2.0],
                               "model": "lstm"})
    made = future_forecasts(Result(), df, lstm=lstm_table)
    assert made.name == "auto_ets" and made.recommended is None and made.undecided == ["auto_arima"]
    said = cli.forecast_lines(made, 2)
    assert any("forecast.csv: AutoETS (no best could be named, as AutoARIMA did not finish" in x for x in said), said


# ---------------------------------------------------------------- the protocol in metrics.json


def test_metrics_json_states_the_protocol_and_the_downloaded_forecasts_interval(tmp_path):
    k = np.arange(96)
    y = 500 + 4 * k + 60 * np.sin(2 * np.pi * k / 12) + np.random.default_rng(3).normal(0, 8, 96)
    path = tmp_path / "sales.csv"
    pd.DataFrame({"month": pd.date_range("2010-01-01", periods=96, freq="MS").strftime("%Y-%m"),
                  "sales": y.round()}).to_csv(path, index=False)
    code = cli.main(["fit", str(path), "--horizon", "6", "--out", str(tmp_path / "r"), "--epochs", "2",
                     "--hidden", "4", "--threads", "1", "--baseline-budget", "60"])
    assert code == 0
    doc = json.loads((tmp_path / "r" / "metrics.json").read_text())
    p = doc["held_out"]["protocol"]
    assert p["origins"] == doc["held_out"]["origins"] >= 12
    assert p["refits"] == {"auto_ets": p["origins"], "auto_arima": p["origins"]}  # 78 rows: refitted at each
    assert p["seasons"] == {"seasonal_naive": 12, "auto_ets": 12, "auto_arima": 12, "mstl": None}
    assert "rolling origin" in p["text"] and p["unscored_filled"] == 0 and p["retried"] == []
    rec = doc["intervals"]["recommended"]
    fc = pd.read_csv(tmp_path / "r" / "forecast.csv")
    assert rec["model"] == doc["held_out"]["best"] == fc["model"].iloc[0]
    assert rec["method"] in ("own", "conformal") and 0 <= rec["measured_coverage"] <= 1
    assert set(doc["held_out"]["intervals"]) >= {"lstm", "naive", "auto_ets", "auto_arima"}
    for name in ("lstm", "naive", "seasonal_naive"):  # the contract: each score entry is the four scores
        assert set(doc["held_out"][name]) == {"mae", "rmse", "smape", "mase"}
