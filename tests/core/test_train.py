"""The trainer: events, seeds, early stopping, cancel, CUDA out-of-memory handling, NaN stop. All tiny and fast."""

from __future__ import annotations

import math
import threading

import numpy as np
import pandas as pd
import pytest
import torch
import torch.nn.functional as F

from lstm_core.data.windows import TrainDataError, prepare
from lstm_core.forecast import train as train_mod
from lstm_core.forecast.train import EVENT_KINDS, TrainConfig, fit


def series(n: int = 160, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    idx = pd.date_range("2020-01-01", periods=n, freq="D")
    y = 50 + 0.2 * t + 5 * np.sin(2 * np.pi * t / 7) + rng.normal(0, 0.5, n)
    return pd.DataFrame({"y": y, "temp": np.cos(t / 5) + rng.normal(0, 0.1, n)}, index=idx)


def small(**kw) -> TrainConfig:
    # one thread: tiny batches gain nothing from two, and lose a lot when other jobs share the cores
    base = dict(horizon=4, window=16, hidden_size=8, epochs=6, batch_size=16, patience=100, device="cpu", num_threads=1)
    base.update(kw)
    return TrainConfig(**base)


def val_loss_of(result, df) -> float:
    d = prepare(df, result.target, result.horizon, features=result.config.features, window=result.window)
    v = d.windows("val")
    with torch.no_grad():
        return F.mse_loss(result.model(v.x), v.y).item()


def test_fit_reports_events_and_returns_a_complete_result():
    events = []
    df = series()
    r = fit(df, "y", small(features=["temp"]), callback=events.append)
    kinds = [e.kind for e in events]
    assert kinds[0] == "start" and kinds[-1] == "done" and kinds.count("epoch") == 6
    assert set(kinds) <= set(EVENT_KINDS)
    ep = [e for e in events if e.kind == "epoch"][-1]
    assert ep.epoch == 6 and ep.epochs == 6 and ep.windows_per_s > 0 and ep.eta_s == pytest.approx(0.0)
    assert r.columns == ["y", "temp"] and r.target == "y" and r.frequency == "D" and r.season == 7
    assert next(p.device for p in r.model.parameters()).type == "cpu" and not r.model.training
    assert [h["epoch"] for h in r.history] == [1, 2, 3, 4, 5, 6]
    assert r.stop_reason == "completed" and not r.cancelled and r.device == "cpu" and r.train_time_s > 0
    assert r.model.config.baseline == "seasonal_naive" and r.model.lstm.input_size == 3  # 2 columns + change
    m = r.metrics
    assert m["horizon"] == 4 and m["origins"] == r.data["n_test"] - 4 + 1
    for method in ("lstm", "naive", "seasonal_naive"):
        assert set(m[method]) == {"mae", "rmse", "smape", "mase"}
    assert len(r.intervals["lower_q"]) == 4 and r.intervals["coverage"] == 0.8
    assert 0 <= r.intervals["empirical_coverage"] <= 1
    assert r.data["train_windows"] == r.data["n_train"] - 16 - 4 + 1


def test_seed_reproduces_a_run_without_touching_the_global_rng():
    df = series()
    state = torch.random.get_rng_state()
    a = fit(df, "y", small(seed=3))
    assert torch.equal(state, torch.random.get_rng_state())  # local generators only
    torch.manual_seed(12345)  # the global RNG must not matter either
    b = fit(df, "y", small(seed=3))
    c = fit(df, "y", small(seed=4))
    assert [h["train_loss"] for h in a.history] == [h["train_loss"] for h in b.history]
    assert [h["train_loss"] for h in a.history] != [h["train_loss"] for h in c.history]


def test_early_stopping_keeps_the_best_weights():
    df = series()
    events = []
    r = fit(df, "y", small(epochs=200, patience=3, lr=0.05), callback=events.append)
    assert r.stop_reason == "early_stop" and "early_stop" in [e.kind for e in events]
    vals = [h["val_loss"] for h in r.history]
    assert len(vals) < 200 and len(vals) - r.best_epoch == 3
    if r.best_epoch:  # the restored model has the best epoch's validation loss
        assert val_loss_of(r, df) == pytest.approx(min(vals), rel=1e-5)


def test_cancel_between_batches_keeps_the_best_weights_so_far():
    df = series()
    stop = threading.Event()
    events = []

    def on_event(e):
        events.append(e)
        if e.kind == "epoch" and e.epoch == 2:
            stop.set()  # as a Stop button would, from another thread

    r = fit(df, "y", small(epochs=50), callback=on_event, should_stop=stop)
    assert r.cancelled and r.stop_reason == "cancelled" and len(r.history) == 2
    assert [e.kind for e in events][-2:] == ["cancelled", "done"]
    best = min(h["val_loss"] for h in r.history)
    assert val_loss_of(r, df) <= best * (1 + 1e-5) or r.best_epoch == 0

    calls = {"n": 0}

    def after_three_batches():  # a callable works too, and is asked before every batch
        calls["n"] += 1
        return calls["n"] > 3

    r2 = fit(df, "y", small(epochs=50, batch_size=8), should_stop=after_three_batches)
    assert r2.cancelled and r2.history == [] and r2.best_epoch == 0 and calls["n"] == 4


def _oom_after(real, failures: int, log: list):
    def step(model, opt, xb, yb, clip, gen):
        log.append(xb.shape[0])
        if len(log) <= failures:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory (simulated)")
        return real(model, opt, xb, yb, clip, gen)

    return step


@pytest.mark.parametrize("failures", [1, 2])
def test_out_of_memory_halves_the_batch(monkeypatch, failures):
    log, events = [], []
    monkeypatch.setattr(train_mod, "_train_step", _oom_after(train_mod._train_step, failures, log))
    r = fit(series(), "y", small(epochs=2, batch_size=32), callback=events.append)
    retries = [e for e in events if e.kind == "oom_retry"]
    assert len(retries) == failures
    assert log[:failures] == [32, 16][:failures]  # each failed try used the batch size before halving
    assert log[failures] == 32 >> failures and "batch size" in retries[-1].message
    assert r.stop_reason == "completed" and len(r.history) == 2


def test_out_of_memory_at_the_minimum_batch_falls_back_to_cpu(monkeypatch):
    log, events = [], []
    monkeypatch.setattr(train_mod, "_train_step", _oom_after(train_mod._train_step, 3, log))
    monkeypatch.setattr(train_mod, "_is_accelerator", lambda device: True)  # pretend we were on a GPU
    r = fit(series(), "y", small(epochs=2, batch_size=16, min_batch_size=4), callback=events.append)
    kinds = [e.kind for e in events if e.kind in ("oom_retry", "fallback_cpu")]
    assert kinds == ["oom_retry", "oom_retry", "fallback_cpu"]  # 16 -> 8 -> 4 -> CPU at 16 again
    assert log[:4] == [16, 8, 4, 16] and r.device == "cpu" and len(r.history) == 2


def test_out_of_memory_on_the_cpu_at_the_minimum_batch_is_raised(monkeypatch):
    monkeypatch.setattr(train_mod, "_train_step", _oom_after(train_mod._train_step, 10**6, []))
    with pytest.raises(torch.cuda.OutOfMemoryError):
        fit(series(), "y", small(batch_size=8, min_batch_size=4))


def test_non_finite_loss_stops_and_keeps_the_last_good_weights(monkeypatch):
    real = train_mod._train_step
    snapshots = {}

    def poisoned(model, opt, xb, yb, clip, gen):
        if len(snapshots) == 2:  # the first batch of epoch 3: the weights blow up
            with torch.no_grad():
                model.head.weight.fill_(float("nan"))
        return real(model, opt, xb, yb, clip, gen)

    def on_event(e):
        if e.kind == "epoch":
            snapshots[e.epoch] = e.val_loss

    monkeypatch.setattr(train_mod, "_train_step", poisoned)
    events = []
    r = fit(series(), "y", small(epochs=10, batch_size=16), callback=lambda e: (events.append(e), on_event(e)))
    assert r.stop_reason == "nan" and "nan_stop" in [e.kind for e in events]
    assert "non-finite" in next(e.message for e in events if e.kind == "nan_stop")
    assert len(r.history) == 2  # epochs 1 and 2 were good; epoch 3 was not recorded
    assert all(torch.isfinite(p).all() for p in r.model.parameters())
    assert math.isfinite(r.metrics["lstm"]["mae"])
    best = min(snapshots.values())
    assert val_loss_of(r, series()) <= best * (1 + 1e-5) or r.best_epoch == 0


def test_num_threads_is_restored():
    before = torch.get_num_threads()
    fit(series(), "y", small(epochs=1, num_threads=1))
    assert torch.get_num_threads() == before


def test_bad_inputs_raise_value_errors():
    with pytest.raises(TrainDataError, match="available columns: y, temp"):
        fit(series(), "nope", small())
    with pytest.raises(TrainDataError, match="needs at least"):
        fit(series(29), "y", small())
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="no CUDA GPU"):
            fit(series(), "y", small(device="cuda"))


def test_without_a_time_index_the_naive_baseline_is_used():
    df = series().reset_index(drop=True)
    r = fit(df, "y", small(epochs=1))
    assert r.frequency is None and r.model.config.baseline == "naive"
    assert r.metrics["seasonal_naive"] is None and r.metrics["seasonal_naive_reason"]


def test_trading_days_train_with_season_5_and_forecast_the_next_weekdays():
    import io

    from lstm_core import load_csv
    from lstm_core.forecast.forecaster import forecast

    days = pd.bdate_range("2019-01-02", "2020-06-30").difference(pd.to_datetime(["2019-07-04", "2019-12-25"]))
    close = 100 + np.array([0.0, 1.0, 3.0, 2.0, -1.0])[days.dayofweek] + np.sin(np.arange(len(days)) / 50)
    text = "Date,Close\n" + "\n".join(f"{d:%Y-%m-%d},{c:.3f}" for d, c in zip(days, close, strict=True))
    df = load_csv(io.BytesIO(text.encode()))
    r = fit(df, "Close", TrainConfig(horizon=5, epochs=2, hidden_size=8, num_threads=1, snapshots=0))
    assert r.frequency == "B" and r.season == 5
    assert r.data["cleaning"]["inserted"] == 2  # the two holidays: missing business days, filled and counted
    times = forecast(r, df)["time"]
    assert times.iloc[0] == pd.Timestamp("2020-07-01") and (times.dt.dayofweek < 5).all()


@pytest.mark.parametrize("allow", [None, False])
def test_counts_are_never_forecast_below_zero_unless_allowed(allow):
    """Lynx-like counts: spikes and long stretches near 0. With no negative training value the forecasts, the
    held-out forecasts and every interval bound are >= 0; non_negative=False lets them go below."""
    from lstm_core.forecast.forecaster import backtest, forecast
    from lstm_core.forecast.modelfile import load_model_zip, model_zip_bytes

    t = np.arange(240)
    counts = np.maximum(0, 600 * np.sin(2 * np.pi * t / 10) ** 9 + 40 * np.sin(t / 3)).round()
    df = pd.DataFrame({"lynx": counts}, index=pd.date_range("1821-01-01", periods=240, freq="YS"))
    r = fit(df, "lynx", TrainConfig(horizon=10, epochs=5, hidden_size=8, num_threads=1, snapshots=0,
                                    non_negative=allow))
    table, held = forecast(r, df), backtest(r, df)
    lowest = min(table[["forecast", "lower"]].min().min(), held[["forecast", "lower"]].min().min())
    if allow is None:
        assert r.intervals["floor"] == 0.0 and lowest >= 0
        assert forecast(load_model_zip(model_zip_bytes(r)), df)["lower"].min() >= 0  # the model file keeps it
    else:
        assert r.intervals["floor"] is None and lowest < 0  # the same data, allowed: it does go below


def test_the_best_other_model_is_kept_for_the_chart_without_overlapping_forecasts():
    """600 days, horizon 4: 87 test origins scored on 22, 4 apart, so every scored origin is kept, with a gap
    (NaN) between two forecasts; each value is the best other model's own forecast for that day. With 11 origins
    a step apart (AirPassengers' 1959-1960), the first is drawn whole and the last fills up to the end."""
    from lstm_core.forecast.forecaster import other_backtest
    from lstm_core.forecast.metrics import BASELINES, seasonal_naive_forecasts

    df = series(600)
    r = fit(df, "y", small(epochs=2, baseline_budget_s=0, max_origins=22))
    best = min((m for m in BASELINES if (r.metrics.get(m) or {}).get("mae") is not None),
               key=lambda m: r.metrics[m]["mae"])
    assert r.best_other["name"] == best == "seasonal_naive" and len(r.best_other["origins"]) == r.metrics["origins"]
    name, drawn = other_backtest(r, df)
    assert name == best
    values = drawn["forecast"].to_numpy()
    segments = [s for s in np.split(values, np.flatnonzero(np.isnan(values))) if len(s)]
    segments = [s[~np.isnan(s)] for s in segments]
    assert all(len(s) == 4 for s in segments) and len(segments) == len(r.best_other["origins"])
    kept = drawn.index[~np.isnan(values)]
    assert kept.is_monotonic_increasing and kept.is_unique  # no day forecast twice
    y = df["y"].to_numpy()
    origins = np.array(r.best_other["origins"])
    expected = seasonal_naive_forecasts(y, origins, 4, 7).ravel()
    assert np.allclose(values[~np.isnan(values)], expected)
    assert kept[0] == df.index[origins[0]] and kept[-1] == df.index[origins[-1] + 3]
    r.best_other = {"name": "auto_ets", "origins": list(range(577, 588)),
                    "forecasts": [[float(o), o + 0.1, o + 0.2, o + 0.3] for o in range(577, 588)]}
    _, drawn = other_backtest(r, df)
    # drawn whole: 577 (rows 577-580), 581 and 585 (the next ones not overlapping); the last, 587, only its rows
    # not drawn yet, 589 and 590 (its steps 3 and 4); a gap (NaN) between two origins
    got = drawn["forecast"].to_numpy()
    want = [577.0, 577.1, 577.2, 577.3, None, 581.0, 581.1, 581.2, 581.3, None, 585.0, 585.1, 585.2, 585.3, None,
            587.2, 587.3]
    assert len(got) == len(want) and all(np.isnan(g) if w is None else g == w for g, w in zip(got, want, strict=True))
    assert list(drawn.index[~np.isnan(got)]) == list(df.index[577:591])  # every day once, to the end of the data
    # a model loaded from a file has no held-out part: nothing to draw
    r.data = {}
    assert other_backtest(r, df) is None
