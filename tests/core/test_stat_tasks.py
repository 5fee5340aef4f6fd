"""A run's statistical baselines as Dask tasks of their own (lstm_core.service.stat_tasks), against an in-process
cluster: the same results as in the CLI, tasks the scheduler saw, a queue that finishes one run's verdict before the
next run trains, and a stopped run whose baselines end without leaving a process. Plus the remaining time the page
shows: it follows the measured epochs, never jumps tenfold on one slow epoch, and counts down between epochs."""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_core.forecast.stat_pool import shared_pool
from lstm_core.forecast.train import TrainConfig, fit, remaining_s
from lstm_core.service import cluster, runs
from lstm_core.service.runs import _eta_now
from lstm_core.service.settings import Settings

pytest.importorskip("statsforecast")

SETTINGS = Settings(address=None, max_per_owner=5, max_queued=10, ttl_s=60, lost_after_s=60)


def monthly(n: int = 96, shift: float = 0.0) -> pd.DataFrame:
    idx = pd.date_range("2015-01-01", periods=n, freq="MS")
    t = np.arange(n)
    y = 100 + shift + 0.8 * t + 12 * np.sin(2 * np.pi * t / 12) + np.random.default_rng(3).normal(0, 2, n)
    return pd.DataFrame({"y": y}, index=idx)


def wait(run_id: str, timeout: float = 120.0):
    end = time.time() + timeout
    while time.time() < end:
        view = runs.get(run_id, SETTINGS)
        if view is not None and not view.active:
            return view
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not end in {timeout} s: {runs.get(run_id, SETTINGS)}")


@pytest.fixture()
def slots(request):
    """An in-process cluster with `request.param` slots, used as the service's cluster; records task keys."""
    lc = LocalCluster(n_workers=1, threads_per_worker=request.param, processes=False, protocol="tcp",
                      dashboard_address=None, silence_logs=50)
    c = Client(lc, set_as_default=False)
    cluster.use(c)
    yield c
    cluster.close()
    lc.close()


def task_keys(c: Client) -> list[str]:
    """Every task key the scheduler has run, from its transition log."""
    return sorted({str(t[0]) for t in c.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.transition_log))})


@pytest.mark.parametrize("slots", [2], indirect=True)
def test_each_baseline_is_a_task_of_its_own_with_the_results_of_a_local_run(slots, monkeypatch):
    monkeypatch.setenv("GATESCOPE_BASELINE_BUDGET_S", "60")
    shared_pool().cache.clear()
    cfg = TrainConfig(horizon=6, epochs=3, hidden_size=8, device="cpu", baseline_budget_s=60)
    run_id = runs.submit(monthly(), "y", cfg, owner="ana", settings=SETTINGS)
    view = wait(run_id)
    assert view.state == "done"
    keys = task_keys(slots)
    assert {f"gatescope-stat-{m}-{run_id}" for m in ("auto_ets", "auto_arima")} <= set(keys)
    assert f"gatescope-train-{run_id}" in keys
    assert not any(k.startswith(f"gatescope-stat-mstl-{run_id}") for k in keys)  # monthly: MSTL skipped, no task
    got = runs.outcome(run_id, SETTINGS).result.metrics
    local = fit(monthly(), "y", cfg).metrics  # the same run in this process, as the CLI makes it
    for name in ("auto_ets", "auto_arima"):
        assert got[name]["mae"] == pytest.approx(local[name]["mae"]) and got[name]["detail"] == local[name]["detail"]
    # the scheduler keeps nothing of the run's baselines once they landed: no Variable, no Event set
    assert not any(k.startswith("gatescope-stat-started") for k in slots.run_on_scheduler(
        lambda dask_scheduler: list(dask_scheduler.extensions["variables"].variables)))


@pytest.mark.parametrize("slots", [1], indirect=True)
def test_with_one_slot_a_runs_baselines_go_before_the_next_runs_training(slots, monkeypatch):
    """Two runs queued on one slot: the first's LSTM trains, leaves the slot, and its baselines (higher priority)
    take it before the second run's training: the first verdict is not held up by the second run's LSTM."""
    monkeypatch.setenv("GATESCOPE_BASELINE_BUDGET_S", "60")
    shared_pool().cache.clear()
    cfg = TrainConfig(horizon=6, epochs=3, hidden_size=8, device="cpu", baseline_budget_s=60)
    first = runs.submit(monthly(shift=0.0), "y", cfg, owner="ana", settings=SETTINGS)
    second = runs.submit(monthly(shift=50.0), "y", cfg, owner="bo", settings=SETTINGS)
    assert wait(first).state == "done"
    b = wait(second)
    assert b.state == "done"
    log = slots.run_on_scheduler(lambda dask_scheduler: [(str(t[0]), t[2], t[-1])
                                                         for t in dask_scheduler.transition_log])
    landed = max(when for key, to, when in log if key.startswith("gatescope-stat-") and key.endswith(first)
                 and to == "memory")
    assert landed <= b.started, (landed, b.started)  # started: when the second run's task began on the worker


@pytest.mark.parametrize("slots", [2], indirect=True)
def test_a_stopped_run_ends_its_baselines_and_leaves_no_process(slots, monkeypatch):
    monkeypatch.setenv("GATESCOPE_BASELINE_BUDGET_S", "120")
    shared_pool().cache.clear()
    t = np.arange(1400)
    y = 100 + 10 * np.sin(2 * np.pi * t / 48) + np.random.default_rng(4).normal(0, 1, len(t))
    df = pd.DataFrame({"y": y}, index=pd.date_range("2024-01-01", periods=len(t), freq="30min"))
    cfg = TrainConfig(horizon=12, epochs=2000, patience=2000, min_epochs=2000, hidden_size=8, device="cpu",
                      baseline_budget_s=120)
    run_id = runs.submit(df, "y", cfg, owner="ana", settings=SETTINGS)
    deadline = time.time() + 60
    while not (view := runs.get(run_id, SETTINGS)).epoch:
        assert time.time() < deadline and view.active
        time.sleep(0.1)
    before = set(shared_pool().pids())
    time.sleep(1.0)  # the baselines' tasks are computing in the second slot (AutoARIMA, season 48: minutes)
    busy = set(shared_pool().pids())
    assert busy, "no baseline was computing beside the training"
    runs.cancel(run_id, SETTINGS)
    assert wait(run_id, timeout=60).state in ("done", "cancelled")
    deadline = time.time() + 20
    while any(os.path.exists(f"/proc/{pid}") and pid not in before for pid in busy - before):
        assert time.time() < deadline, "a baseline's process outlived its stopped run"
        time.sleep(0.2)
    metrics = runs.outcome(run_id, SETTINGS).result.metrics
    assert any((metrics.get(m) or {}).get("reason") == "cancelled" for m in ("auto_arima", "mstl", "auto_ets"))


# ------------------------------------------------------------------------------------------ the remaining time
@settings(max_examples=200, deadline=None)
@given(base=st.floats(0.001, 5.0), n=st.integers(1, 150), jitter=st.lists(st.floats(0.7, 1.4), min_size=150,
       max_size=150), outlier_at=st.integers(0, 149), outlier=st.floats(1.0, 500.0), total=st.integers(150, 400))
def test_the_remaining_time_never_grows_tenfold_from_one_epoch_to_the_next(base, n, jitter, outlier_at, outlier,
                                                                           total):
    """Epochs that take about the same time, one of them up to 500x slower (the machine was busy): from one epoch to
    the next the estimate never grows tenfold, and it ends at 0."""
    times = [base * j for j in jitter[:n]]
    if outlier_at < n:
        times[outlier_at] *= outlier
    etas = [remaining_s(times[: k + 1], total - (k + 1)) for k in range(n)]
    for before, after in zip(etas, etas[1:], strict=False):
        assert after <= 10 * before + 1e-9
    assert remaining_s(times, 0) == 0.0


def test_the_remaining_time_follows_a_lasting_change_and_the_epochs_left():
    assert remaining_s([1.0] * 30, 10) == pytest.approx(10.0)
    assert remaining_s([1.0] * 10 + [3.0] * 20, 10) == pytest.approx(30.0)  # the machine got slower: it says so
    assert remaining_s([], 10) == 0.0 and remaining_s([2.0], 5) == pytest.approx(10.0)


def test_the_shown_remaining_time_counts_down_between_epochs():
    now = time.time()
    assert _eta_now({"eta_s": 30.0, "eta_at": now - 12.0}) == pytest.approx(18.0, abs=0.5)
    assert _eta_now({"eta_s": 5.0, "eta_at": now - 60.0}) == 0.0  # never below nothing
    assert _eta_now({"eta_s": None}) is None and _eta_now({}) is None


@pytest.mark.parametrize("slots", [2], indirect=True)
def test_warmed_samples_give_a_class_every_baseline_from_the_cache(slots, monkeypatch):
    """The app warms each bundled sample's baselines at its default settings (stat_tasks.warm_samples): a run on it
    then computes no statistical model at all, held-out or after the data (the recommended model's download)."""
    from lstm_core.data.csv.load import load_csv
    from lstm_core.service.stat_tasks import warm_samples

    monkeypatch.setenv("GATESCOPE_BASELINE_BUDGET_S", "60")
    pool = shared_pool()
    pool.cache.clear()
    df = load_csv("assets/data/airpassengers.csv")
    cfg = TrainConfig(horizon=12, epochs=3, hidden_size=8, device="cpu", num_threads=1, baseline_budget_s=60)
    [warmed] = warm_samples(slots, [(df, "passengers", cfg)]).result(timeout=120)
    assert {"auto_ets", "auto_arima"} <= {n for n, r in warmed.items() if r.forecasts is not None}
    misses = pool.cache.misses
    run_id = runs.submit(df, "passengers", cfg, owner="ana", settings=SETTINGS)
    assert wait(run_id).state == "done"
    out = runs.outcome(run_id, SETTINGS)
    assert out.result.metrics["auto_ets"].get("mae") is not None and out.outputs.forecast_model != "lstm"
    assert pool.cache.misses == misses  # every baseline, and the recommended model's forecast, came from the cache
    assert pool.cache.hits >= 3
    assert not any(k.startswith("gatescope-stat-") and k.endswith(run_id) for k in task_keys(slots))  # no task
