"""The statistical baselines (statsforecast in warm child processes): hand-checked forecasts on tiny series, the
time budget (in a cold and in a warm process, which is killed and leaves nothing behind), the cache of results, a
machine without statsforecast, no leakage from the test part, held_out.best, and a run that lists them."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import numpy as np
import pandas as pd
import pytest

from lstm_core.forecast.baselines import STAT_MODELS, StatBaselines, scoring_origins, stat_forecasts, two_seasons
from lstm_core.forecast.metrics import compare
from lstm_core.forecast.stat_pool import StatPool, cache_key
from lstm_core.forecast.train import TrainConfig, fit

pytest.importorskip("statsforecast")

LINE = 3.0 + 2.0 * np.arange(60.0)  # y = 3 + 2t: every automatic form that has a trend continues it exactly
ORIGINS = np.array([40, 45])


def truth(series: np.ndarray, origins: np.ndarray, h: int) -> np.ndarray:
    return np.stack([series[o : o + h] for o in origins])


@pytest.mark.parametrize("name", ["auto_ets", "auto_arima"])
def test_a_straight_line_is_continued_exactly(name):
    forecasts, _, _, form = stat_forecasts(name, LINE, 40, ORIGINS, 3, 1, (0, 0))
    # From origin 40 the next values are 83, 85, 87 (forecast from the fit on rows 0..39, run forward).
    assert forecasts == pytest.approx(truth(LINE, ORIGINS, 3), abs=1e-6)
    assert form in ("ETS(A,A,N)", "ARIMA(0,1,0)")


def test_a_constant_is_forecast_as_itself():
    for name in ("auto_ets", "auto_arima"):
        forecasts, *_ = stat_forecasts(name, np.full(60, 5.0), 40, ORIGINS, 3, 1, (0, 0))
        assert forecasts.tolist() == [[5.0] * 3] * 2


def test_mstl_recovers_two_seasons():
    t = np.arange(200.0)
    y = 10 + np.sin(2 * np.pi * t / 4) + 2 * np.sin(2 * np.pi * t / 28)  # a "day" of 4 steps, a "week" of 28
    forecasts, _, _, form = stat_forecasts("mstl", y, 150, np.array([150, 170]), 4, 4, (4, 28))
    assert np.abs(forecasts - truth(y, np.array([150, 170]), 4)).max() < 0.01
    assert form.startswith("MSTL[4+28]")


def test_the_seasons_mstl_decomposes_follow_the_frequency():
    assert two_seasons("30min") == (48, 336) and two_seasons("h") == (24, 168) and two_seasons("D") == (7, 365)
    assert two_seasons("MS") is None and two_seasons(None) is None and two_seasons("B") is None


def test_scoring_origins_are_evenly_spaced_and_keep_the_last():
    origins = np.arange(100, 291)  # 191 origins, as on the electricity series' default tail
    picked = scoring_origins(origins, 24)
    assert len(picked) == 24 and picked[-1] == 290 and set(np.diff(picked)) == {8}
    assert scoring_origins(np.arange(11), 24).tolist() == list(range(11))


def run(series, n_train, origins, horizon, **kw) -> dict:
    kw = {"season": None, "frequency": None, "budget_s": 30.0, **kw}
    return StatBaselines(series, n_train, origins, horizon, **kw).start().wait()


def gone(pid: int) -> bool:
    """No process of this id is left, not even a zombie waiting to be reaped."""
    return not os.path.exists(f"/proc/{pid}")  # a zombie keeps its /proc entry until it is reaped


def test_a_model_past_its_budget_is_run_once_more_then_skipped_with_the_reason_never_a_hang():
    pool = StatPool(keep=0)  # no warm process: the child cannot even import statsforecast in 0.3 s (nor in 0.9 s)
    got = run(LINE, 40, ORIGINS, 3, budget_s=0.3, pool=pool)
    for name in ("auto_ets", "auto_arima"):
        assert got[name].forecasts is None and got[name].skipped == "budget" and got[name].retried
        assert got[name].reason == ("took longer than its time budget of 0.3 s, and again when run once more "
                                    "with 0.9 s")
        assert got[name].seconds < 10
    assert got["mstl"].skipped == "one_season"
    assert pool.pids() == []


def test_the_budget_holds_in_a_warm_process_which_is_killed_and_replaced():
    pool = StatPool(keep=1)
    try:
        warm = run(LINE, 40, ORIGINS, 3, pool=pool)  # imports statsforecast once; the process stays
        assert warm["auto_ets"].forecasts is not None
        [pid] = pool.pids()
        rng = np.random.default_rng(1)
        t = np.arange(20000.0)
        y = 100 + 10 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1, 20000)  # AutoARIMA, season 12: many seconds
        runner = StatBaselines(y, 19000, np.array([19000, 19500]), 48, season=12, frequency=None, budget_s=0.5,
                               pool=pool)
        killed = runner._run_one("auto_arima")  # in the warm process that answered before, then once more
        assert killed.skipped == "budget" and killed.retried and killed.seconds < 15
        assert gone(pid)  # killed and reaped: no process and no zombie is left
        assert pid not in pool.pids() and len(pool.pids()) == 1  # a fresh one is warming up in its place
    finally:
        pool.close()
    assert pool.pids() == []


def test_a_cancelled_model_leaves_no_process():
    pool = StatPool(keep=0)
    t = np.arange(1200.0)
    y = 100 + 10 * np.sin(2 * np.pi * t / 48) + np.random.default_rng(2).normal(0, 1, 1200)
    runner = StatBaselines(y, 1000, np.array([1000]), 48, season=48, frequency=None, budget_s=60, pool=pool).start()
    while runner._proc is None:
        time.sleep(0.05)
    pid = runner._proc.pid
    runner.cancel()
    got = runner.wait()
    assert {r.skipped for r in got.values()} <= {"cancelled", "one_season"} and got["auto_ets"].skipped == "cancelled"
    assert gone(pid) and pool.pids() == []


def test_the_cache_key_hits_for_the_same_inputs_and_misses_for_any_change():
    args = ("auto_ets", LINE, 40, ORIGINS, 3, 1, (0, 0))
    key = cache_key(*args)
    assert cache_key(*args) == key and cache_key("auto_ets", LINE.copy(), 40, ORIGINS.copy(), 3, 1, (0, 0)) == key
    changed_value = LINE.copy()
    changed_value[5] += 0.001
    others = [
        ("auto_arima", LINE, 40, ORIGINS, 3, 1, (0, 0)),  # the model
        ("auto_ets", changed_value, 40, ORIGINS, 3, 1, (0, 0)),  # one value of the data
        ("auto_ets", LINE, 41, ORIGINS, 3, 1, (0, 0)),  # the split
        ("auto_ets", LINE, 40, ORIGINS + 1, 3, 1, (0, 0)),  # the scoring origins
        ("auto_ets", LINE, 40, ORIGINS, 4, 1, (0, 0)),  # the horizon
        ("auto_ets", LINE, 40, ORIGINS, 3, 12, (0, 0)),  # the season
        ("auto_ets", LINE, 40, ORIGINS, 3, 1, (7, 365)),  # MSTL's seasons
        ("auto_ets", LINE[:-1], 40, ORIGINS, 3, 1, (0, 0)),  # a row fewer
        ("auto_ets", LINE, 40, ORIGINS, 3, 1, (0, 0), 80),  # the mode: the forecast after the data, 80% interval
        ("auto_ets", LINE, 40, ORIGINS, 3, 1, (0, 0), 95),  # ...with another level
    ]
    assert len({key, *(cache_key(*o) for o in others)}) == len(others) + 1


def test_a_second_run_on_the_same_inputs_is_answered_from_the_cache():
    pool = StatPool(keep=0)
    try:
        first = run(LINE, 40, ORIGINS, 3, pool=pool)
        again = run(LINE, 40, ORIGINS, 3, pool=pool)
        for name in ("auto_ets", "auto_arima"):
            assert not first[name].cached and again[name].cached
            assert np.array_equal(first[name].forecasts, again[name].forecasts)
            assert first[name].detail == again[name].detail
        assert pool.cache.hits == 2
        other = run(LINE, 40, ORIGINS, 4, pool=pool)  # another horizon: computed, not taken from the cache
        assert not other["auto_ets"].cached and other["auto_ets"].forecasts.shape == (2, 4)
    finally:
        pool.close()


def test_budget_zero_turns_them_off():
    got = run(LINE, 40, ORIGINS, 3, budget_s=0)
    assert {r.skipped for r in got.values()} == {"off"}


def test_a_machine_without_statsforecast_skips_them(tmp_path):
    fake = tmp_path / "statsforecast"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('not here')\n")
    pool = StatPool(keep=0, env={"PYTHONPATH": str(tmp_path)})
    got = run(LINE, 40, ORIGINS, 3, pool=pool)
    assert got["auto_ets"].skipped == "missing" and got["auto_ets"].reason == "statsforecast is not installed"


def test_changing_the_test_part_changes_no_fit_and_no_earlier_forecast():
    rng = np.random.default_rng(0)
    t = np.arange(120.0)
    y = 50 + 0.3 * t + 5 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1, 120)
    origins = np.array([90, 96, 102])
    base = run(y, 84, origins, 6, season=12)
    changed = y.copy()
    changed[102:] += 1000.0  # at and after the last origin: nothing any forecast may see
    again = run(changed, 84, origins, 6, season=12)
    for name in ("auto_ets", "auto_arima"):
        assert base[name].detail == again[name].detail  # the same fitted form
        assert np.array_equal(base[name].forecasts, again[name].forecasts)


def test_held_out_best_is_the_lowest_mae_of_every_model_the_lstm_included():
    s = np.array([10.0, 20.0, 11.0, 21.0, 12.0, 22.0, 13.0, 23.0])
    origins = np.array([4, 5])
    y = truth(s, origins, 2)
    lstm = y + 2.0
    others = {"auto_ets": {"forecasts": y + 1.0, "detail": "ETS(A,N,A)"}, "auto_arima": {"forecasts": y + 0.5},
              "mstl": {"skipped": "the frequency has at most one season; MSTL needs two", "reason": "one_season"}}
    out = compare(s, origins, 2, lstm, train_rows=4, season=2, others=others)
    assert out["auto_arima"]["mae"] == pytest.approx(0.5) and out["auto_ets"]["mae"] == pytest.approx(1.0)
    assert out["auto_ets"]["detail"] == "ETS(A,N,A)" and out["mstl"]["skipped"].startswith("the frequency")
    assert out["best"] == "auto_arima"
    out = compare(s, origins, 2, y, train_rows=4, season=2, others=others)  # a perfect LSTM
    assert out["best"] == "lstm"


def test_the_parent_process_never_imports_statsforecast():
    code = ("import sys; sys.path.insert(0, '.'); import lstm_core.forecast.train, lstm_core.cli; "
            "print('statsforecast' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_run_scores_every_model_on_the_same_origins_and_names_the_best():
    t = pd.date_range("2000-01-01", periods=120, freq="MS")
    k = np.arange(120.0)
    df = pd.DataFrame({"v": 100 + k + 10 * np.sin(2 * np.pi * k / 12)}, index=t)
    events = []
    r = fit(df, "v", TrainConfig(horizon=6, epochs=3, snapshots=0, baseline_budget_s=30),
            callback=lambda e: events.append(e))
    m = r.metrics
    for name in ("auto_ets", "auto_arima"):
        assert m[name].get("mae", -1) >= 0 and m[name]["detail"], m[name]
    assert m["mstl"]["reason"] == "one_season"
    assert m["best"] in ("lstm", "naive", "seasonal_naive", *STAT_MODELS)
    assert m["best"] == min((k for k in m if isinstance(m[k], dict) and "mae" in m[k]), key=lambda k: m[k]["mae"])
    assert sorted(e.message.split(" ")[0] for e in events if e.kind == "baseline") == sorted(STAT_MODELS)
    assert 0 <= r.intervals["measured_coverage"] <= 1 and len(r.intervals["measured_coverage_per_step"]) == 6


def test_the_lstms_result_comes_first_and_the_statistical_models_land_one_by_one(monkeypatch):
    """fit() hands out the LSTM's result as soon as it is trained ("trained": the models still computing are
    pending, no verdict among them), again as each one lands, and the whole verdict at the end."""
    from lstm_core.forecast import baselines

    release = threading.Event()
    real = baselines.StatBaselines._run_one

    def held(self, name):  # AutoARIMA waits until the test has seen the LSTM's result
        if name == "auto_arima":
            release.wait(60)
        return real(self, name)

    monkeypatch.setattr(baselines.StatBaselines, "_run_one", held)
    t = pd.date_range("2000-01-01", periods=120, freq="MS")
    k = np.arange(120.0)
    df = pd.DataFrame({"v": 100 + k + 10 * np.sin(2 * np.pi * k / 12)}, index=t)
    events: list = []
    got: dict = {}
    runner = threading.Thread(target=lambda: got.update(r=fit(df, "v", TrainConfig(
        horizon=6, epochs=3, snapshots=0, baseline_budget_s=60), callback=events.append)))
    runner.start()
    deadline = time.time() + 60
    while not any(e.kind == "comparing" and e.message == "auto_arima" for e in events):
        assert time.time() < deadline and runner.is_alive(), [e.kind for e in events]
        time.sleep(0.05)
    first = [e for e in events if e.kind == "trained"]
    assert first and "done" not in [e.kind for e in events]
    m = first[-1].result.metrics
    assert m["auto_arima"] == {"pending": True} and m["lstm"]["mae"] >= 0 and m["mstl"]["reason"] == "one_season"
    assert m["auto_ets"]["mae"] >= 0  # landed before AutoARIMA started
    release.set()
    runner.join(60)
    kinds = [e.kind for e in events]
    assert kinds[-1] == "done" and kinds.index("trained") < kinds.index("done")
    final = got["r"].metrics
    assert not any(isinstance(v, dict) and v.get("pending") for v in final.values())
    assert final["auto_arima"]["mae"] >= 0 and final["best"] is not None
