"""The forecast a user gets is the recommended model's: the CLI's forecast.csv and --model, the statistical models
fitted on the whole series through the verdict's runner, rounding to the data's precision, the tie rule, and
the one piece of advice that fits the data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from lstm_core import cli
from lstm_core.forecast import recommend
from lstm_core.forecast.advice import advise, calendar_kind, next_step_line
from lstm_core.forecast.baselines import StatBaselines, StatResult, future_forecast, model_for
from lstm_core.forecast.metrics import best_model, ranked
from lstm_core.forecast.recommend import decimals_of, future_forecasts, rounded
from lstm_core.forecast.stat_pool import StatPool
from lstm_core.forecast.train import TrainConfig, fit
from lstm_core.service.outputs import make_outputs

FAST = ["--epochs", "2", "--hidden", "8", "--threads", "1", "--device", "cpu", "--baseline-budget", "60"]
H = 6


def monthly(decimals: int, n: int = 96) -> pd.DataFrame:
    """A monthly series with a trend and a yearly season, written with `decimals` decimals."""
    k = np.arange(n)
    rng = np.random.default_rng(3)
    y = 500 + 4 * k + 60 * np.sin(2 * np.pi * k / 12) + rng.normal(0, 8, n)
    return pd.DataFrame({"month": pd.date_range("2010-01-01", periods=n, freq="MS").strftime("%Y-%m"),
                         "sales": np.round(y, decimals)})


def run_cli(tmp_path: Path, df: pd.DataFrame, *extra: str) -> tuple[int, Path]:
    data = tmp_path / "data.csv"
    df.to_csv(data, index=False)
    out = tmp_path / "run"
    code = cli.main(["fit", str(data), "--horizon", str(H), "--out", str(out), *FAST, *extra])
    return code, out


def statsforecast_future(name: str, y: np.ndarray, season: int = 12, interval: dict | None = None) -> pd.DataFrame:
    """The model fitted straight from statsforecast on the whole series: mean and its 80% interval, or the
    conformal one of `interval` (metrics.json's held_out["intervals"][name]) where that was chosen."""
    got = model_for(name, season, (0, 0)).fit(np.asarray(y, dtype=np.float64)).predict(h=H, level=[80])
    mean, lower, upper = np.asarray(got["mean"]), np.asarray(got["lo-80"]), np.asarray(got["hi-80"])
    if interval is not None and interval["method"] == "conformal":
        lower, upper = mean + np.asarray(interval["lower_q"]), mean + np.asarray(interval["upper_q"])
    return pd.DataFrame({"forecast": mean, "lower": lower, "upper": upper})


@pytest.fixture(scope="module")
def best_run(tmp_path_factory):
    df = monthly(0)
    code, out = run_cli(tmp_path_factory.mktemp("best"), df)
    return code, out, df


def test_forecast_csv_holds_the_best_models_forecast_and_names_it(best_run, capsys):
    code, out, df = best_run
    assert code == 0
    assert {"forecast.csv", "forecast_lstm.csv"} <= {p.name for p in out.iterdir()}
    held = json.loads((out / "metrics.json").read_text())["held_out"]
    best = held["best"]
    fc, lstm = pd.read_csv(out / "forecast.csv"), pd.read_csv(out / "forecast_lstm.csv")
    assert list(fc.columns) == list(lstm.columns) == ["time", "forecast", "lower", "upper", "model"]
    assert len(fc) == H and set(fc["model"]) == {best} and set(lstm["model"]) == {"lstm"}
    assert fc["time"].iloc[0] == "2018-01-01" and list(fc["time"]) == list(lstm["time"])
    if best == "lstm":
        pd.testing.assert_frame_equal(fc, lstm)
    else:  # statsforecast's own fit on every row, rounded to the data's integers
        want = statsforecast_future(best, df["sales"].to_numpy(), interval=held["intervals"][best])
        for col in ("forecast", "lower", "upper"):
            assert np.array_equal(fc[col].to_numpy(), np.round(want[col].to_numpy()).astype(int)), col
    assert (fc["lower"] <= fc["forecast"]).all() and (fc["forecast"] <= fc["upper"]).all()


def test_integer_data_gives_integer_forecasts_in_both_files(best_run):
    _, out, _ = best_run
    for name in ("forecast.csv", "forecast_lstm.csv"):
        text = (out / name).read_text().splitlines()[1:]
        numbers = [cell for line in text for cell in line.split(",")[1:4]]
        assert all(cell.lstrip("-").isdigit() for cell in numbers), (name, text[:2])


def test_model_lstm_writes_the_lstms_forecast_and_says_so(tmp_path, capsys):
    code, out = run_cli(tmp_path, monthly(0), "--model", "lstm")
    assert code == 0
    fc, lstm = pd.read_csv(out / "forecast.csv"), pd.read_csv(out / "forecast_lstm.csv")
    pd.testing.assert_frame_equal(fc, lstm)
    assert set(fc["model"]) == {"lstm"}
    err = capsys.readouterr().err
    assert "forecast.csv: the LSTM (--model lstm; " in err and "forecast_lstm.csv: the LSTM's own" in err


def test_model_auto_ets_is_statsforecasts_autoets_on_the_whole_series_to_the_datas_two_decimals(tmp_path, capsys):
    df = monthly(2)
    code, out = run_cli(tmp_path, df, "--model", "auto_ets")
    assert code == 0
    fc = pd.read_csv(out / "forecast.csv")
    assert set(fc["model"]) == {"auto_ets"}
    interval = json.loads((out / "metrics.json").read_text())["held_out"]["intervals"]["auto_ets"]
    want = statsforecast_future("auto_ets", df["sales"].to_numpy(), interval=interval)
    for col in ("forecast", "lower", "upper"):
        np.testing.assert_allclose(fc[col].to_numpy(), np.round(want[col].to_numpy(), 2), atol=1e-9)
        assert all(len(str(v).split(".")[-1]) <= 2 for v in fc[col])
    assert "forecast.csv: AutoETS (--model auto_ets; " in capsys.readouterr().err


def test_a_model_that_was_not_scored_is_a_clear_error_and_the_lstms_forecast_is_kept(tmp_path, capsys):
    code, out = run_cli(tmp_path, monthly(0), "--model", "mstl")  # monthly data: one season, MSTL needs two
    assert code == 2
    err = capsys.readouterr().err
    assert "error: --model mstl: MSTL was not scored on this series (MSTL runs where the others cannot" in err
    assert (out / "forecast_lstm.csv").exists() and not (out / "forecast.csv").exists()


def test_an_unknown_model_or_one_turned_off_is_refused_before_training(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        run_cli(tmp_path, monthly(0), "--model", "prophet")
    assert exc.value.code == 2 and "invalid choice: 'prophet'" in capsys.readouterr().err
    code, out = run_cli(tmp_path, monthly(0), "--model", "auto_arima", "--baseline-budget", "0")
    err = capsys.readouterr().err
    assert code == 2 and "--baseline-budget 0 turns the statistical models off" in err and "epoch" not in err
    assert not out.exists()


# ---------------------------------------------------------------- without the CLI


@pytest.mark.parametrize(("values", "want"), [
    ([1.0, 22724.0, -3.0], 0),
    ([1.5, 2.25, 3.0], 2),
    ([0.1 + 0.2, 0.7], 1),  # float noise of a value read from text is not a decimal
    ([1200.0, 3400.0], 0),
    ([np.pi], None),  # more decimals than anyone writes: left as computed
    ([np.nan], None),
])
def test_the_datas_precision_is_the_fewest_decimals_that_write_it(values, want):
    assert decimals_of(values) == want


def test_rounding_to_whole_numbers_writes_integers():
    table = pd.DataFrame({"step": [1, 2], "forecast": [22723.999984986353, 5.5], "lower": [1.2, 2.7],
                          "upper": [3.49, 4.51]})
    got = rounded(table, 0)
    assert got["forecast"].tolist() == [22724, 6] and got["forecast"].dtype == np.int64
    assert rounded(table, 1)["upper"].tolist() == [3.5, 4.5] and rounded(table, None) is table


def test_a_tie_to_rounding_goes_to_the_simpler_model():
    m = {"naive": {"mae": 9.0}, "seasonal_naive": {"mae": 2.0}, "auto_ets": {"mae": 2.5},
         "auto_arima": {"skipped": "took longer"}, "lstm": {"mae": 2.0 * (1 - 1e-9)}}  # the LSTM at its baseline
    assert best_model(m) == "seasonal_naive"
    assert ranked(m, ("naive", "seasonal_naive", "auto_ets", "auto_arima", "mstl", "lstm")) == [
        "seasonal_naive", "lstm", "auto_ets", "naive"]
    m["lstm"]["mae"] = 1.9
    assert best_model(m) == "lstm"


def test_future_forecast_runs_statsforecast_on_the_whole_series_in_the_verdicts_runner():
    y = monthly(1)["sales"].to_numpy()
    for name in ("naive", "seasonal_naive", "auto_arima"):
        got = future_forecast(name, y, H, season=12, frequency="MS", budget_s=60)
        want = statsforecast_future(name, y)
        assert not got.skipped and got.forecasts is not None and got.forecasts.shape == (1, H)
        np.testing.assert_allclose(got.forecasts[0], want["forecast"], rtol=1e-9)
        np.testing.assert_allclose(got.lower[0], want["lower"], rtol=1e-9)
        np.testing.assert_allclose(got.upper[0], want["upper"], rtol=1e-9)
    assert future_forecast("mstl", y, H, season=12, frequency="MS").skipped == "one_season"
    with pytest.raises(ValueError, match="unknown model"):
        future_forecast("prophet", y, H, season=12, frequency="MS")


def test_a_forecast_after_the_data_is_cached_apart_from_a_held_out_entry_of_the_same_rows():
    """The warm pool's cache: a held-out run whose inputs equal a future forecast's but for the mode (fitted on every
    row, one origin at the end) must not answer it, and a second future forecast comes from the cache, bounds too."""
    y = monthly(1)["sales"].to_numpy()
    n = len(y)
    pool = StatPool(keep=1)
    try:
        held = StatBaselines(y, n, np.array([n]), H, season=12, frequency="MS", budget_s=60, pool=pool,
                             models=("auto_ets",)).wait()["auto_ets"]
        assert not held.skipped and held.lower is not None and held.lower.shape == (1, H)  # its own 80% bounds
        first = future_forecast("auto_ets", y, H, season=12, frequency="MS", budget_s=60, pool=pool)
        assert not first.cached and first.lower is not None and first.upper is not None
        again = future_forecast("auto_ets", y, H, season=12, frequency="MS", budget_s=60, pool=pool)
        assert again.cached and pool.cache.hits == 1
        for a, b in ((first.forecasts, again.forecasts), (first.lower, again.lower), (first.upper, again.upper)):
            np.testing.assert_array_equal(a, b)
        assert np.all(first.lower < first.forecasts) and np.all(first.forecasts < first.upper)
        assert future_forecast("auto_ets", y, H, season=12, frequency="MS", budget_s=60, pool=pool,
                               level=95).cached is False  # another level: computed again
    finally:
        pool.close()


@pytest.fixture(scope="module")
def quick():
    """A trained result without the statistical baselines (fast); tests give it the scores they need."""
    df = monthly(0).set_index(pd.date_range("2010-01-01", periods=96, freq="MS")).drop(columns="month")
    df = df.astype(float)
    r = fit(df, "sales", TrainConfig(horizon=H, epochs=1, hidden_size=4, snapshots=0, baseline_budget_s=0))
    return r, df


def test_a_recommended_model_that_cannot_forecast_after_the_data_is_passed_over_for_the_next(quick, monkeypatch):
    r, df = quick
    r.metrics = {**r.metrics, "auto_ets": {"mae": 1.0}, "auto_arima": {"mae": 2.0}, "lstm": {"mae": 3.0}}
    calls = []

    def fake(name, series, horizon, **kw):
        calls.append((name, len(series), kw["season"]))
        if name == "auto_ets":
            return StatResult(name, skipped="budget", params={"budget": 20.0})
        ones = np.ones((1, horizon))
        return StatResult(name, forecasts=100.4 * ones, lower=90 * ones, upper=110.6 * ones)

    monkeypatch.setattr(recommend, "future_forecast", fake)
    made = future_forecasts(r, df)
    assert made.recommended == "auto_ets" and made.name == "auto_arima"
    assert calls == [("auto_ets", 96, 12), ("auto_arima", 96, 12)]  # every row, the verdict's season
    assert made.passed_over[0]["name"] == "auto_ets" and "time budget of 20 s" in made.passed_over[0]["skipped"]
    assert made.chosen["forecast"].tolist() == [100] * H and made.chosen["upper"].tolist() == [111] * H
    assert set(made.chosen["model"]) == {"auto_arima"} and set(made.lstm["model"]) == {"lstm"}
    lines = cli.forecast_lines(made, H)
    assert lines[0].startswith("note: AutoETS could not forecast after the data (took longer than its time budget")
    assert lines[1].startswith("forecast.csv: AutoARIMA (the best model on the held-out tail whose forecast")
    with pytest.raises(recommend.ForecastChoiceError, match="--model auto_ets: AutoETS could not forecast"):
        future_forecasts(r, df, "auto_ets")
    calls.clear()
    r.metrics["lstm"] = {"mae": 0.5}
    made = future_forecasts(r, df)
    assert made.name == "lstm" and not calls  # the LSTM recommended: nothing else runs
    assert made.chosen is made.lstm


def test_the_early_result_forecasts_with_the_lstm_and_recommends_nothing_yet(quick, monkeypatch):
    """While statistical models still run (service.task publishes the LSTM's result early), no model is recommended
    on part of the scores and none is fitted on the whole series; the final outputs recommend the best."""
    r, df = quick
    r.metrics = {**r.metrics, "auto_ets": {"mae": 1.0}, "auto_arima": {"pending": True}, "lstm": {"mae": 3.0}}
    calls = []

    def fake(name, series, horizon, **kw):
        calls.append(name)
        ones = np.ones((1, horizon))
        return StatResult(name, forecasts=100 * ones, lower=90 * ones, upper=110 * ones)

    monkeypatch.setattr(recommend, "future_forecast", fake)
    early = make_outputs(r, df, provisional=True)
    assert (early.forecast_model, early.recommended, calls) == ("lstm", "", [])
    assert early.forecast_csv == early.forecast_lstm_csv and not early.problem
    final = make_outputs(r, df)
    assert (final.forecast_model, final.recommended, calls) == ("auto_ets", "auto_ets", ["auto_ets"])
    assert set(final.forecast["model"]) == {"auto_ets"}


def test_perturbing_the_held_out_tail_changes_no_fit(quick):
    """No held-out value reaches a fit: the LSTM's weights and the statistical models' fitted forms (the first fit
    reads every row before the first held-out origin) are the same when the test tail is changed."""
    r, df = quick
    changed = df.copy()
    n_test = r.data["n_test"]
    changed.iloc[-n_test:, 0] += 5000.0
    cfg = TrainConfig(horizon=H, epochs=1, hidden_size=4, snapshots=0, baseline_budget_s=60)
    a, b = fit(df, "sales", cfg), fit(changed, "sales", cfg)
    for k, v in a.model.state_dict().items():
        assert torch.equal(v, b.model.state_dict()[k]), k
    # The interval of the forecast after the data is calibrated on the held-out errors as well (calibrate.py): they
    # are the past by the time it forecasts, and reach no fit. So it moves with the tail, as the scores do.
    assert a.intervals["upper_q"] != b.intervals["upper_q"]
    for name in ("auto_ets", "auto_arima"):
        assert a.metrics[name]["detail"] == b.metrics[name]["detail"]  # the same fitted form
    assert a.metrics["naive"]["mae"] != b.metrics["naive"]["mae"]  # the change did reach the scores


@pytest.mark.parametrize(("frequency", "kind"), [("30min", "sub_daily"), ("h", "sub_daily"), ("D", "daily"),
                                                 ("B", "daily"), ("MS", None), ("QS", None), ("W-SUN", None),
                                                 (None, None)])
def test_calendar_advice_only_where_a_calendar_exists(frequency, kind):
    assert calendar_kind(frequency) == kind


def test_one_piece_of_advice_that_fits_the_data():
    stat_wins = {"seasonal_naive": {"mae": 3.0}, "auto_ets": {"mae": 1.0}, "lstm": {"mae": 2.0},
                 "mstl": {"skipped": "one season", "reason": "one_season"}}
    monthly_advice = advise(stat_wins, "MS")  # wine: use AutoETS, and no day-of-week advice for months
    assert monthly_advice.recommended == "auto_ets" and monthly_advice.next_step == ""
    assert next_step_line(monthly_advice) == ""
    assert advise(stat_wins, "30min").next_step == "calendar_sub_daily"
    assert "time-of-day and day-of-week" in next_step_line(advise(stat_wins, "30min"))
    assert advise(stat_wins, "D").next_step == "calendar_daily"
    assert advise(stat_wins, "30min", n_features=3).next_step == ""  # it has inputs besides the target already
    lstm_wins = {**stat_wins, "lstm": {"mae": 0.5}}
    assert advise(lstm_wins, "30min") == advise(lstm_wins, "MS")  # the LSTM won: nothing to add to it
    assert advise(lstm_wins, "MS").next_step == ""  # MSTL does not apply to months: not a model it missed
    lstm_wins["auto_arima"] = {"skipped": "failed: x", "reason": "failed"}
    a = advise(lstm_wins, "MS")
    assert a.next_step == "missed" and "AutoARIMA did not run" in next_step_line(a)
    # past its time budget twice: the best cannot be named, so nothing is recommended (the page and CLI say so)
    lstm_wins["auto_arima"] = {"skipped": "took longer", "reason": "budget_twice"}
    assert advise(lstm_wins, "MS").recommended is None
    assert advise({"lstm": {"skipped": "x"}}, "MS").recommended is None
