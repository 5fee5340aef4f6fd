"""The statistical models an analyst would pick instead of an LSTM, scored on the LSTM's own held-out origins.

    run = StatBaselines(series, n_train, origins, horizon, season=48, frequency="30min", budget_s=20)
    run.start()                      # in the background, beside the LSTM's training
    results = run.wait()             # {"auto_ets": StatResult, "auto_arima": ..., "mstl": ...}

The models come from statsforecast (Nixtla), not from this file:

- auto_ets:   AutoETS(season_length=m), the error/trend/season form chosen by AICc (m up to 24, else none:
              statsforecast drops a longer season itself);
- auto_arima: AutoARIMA(season_length=m), orders chosen by a stepwise search (m up to 12, else none: its seasonal
              search with 48 half-hours or 52 weeks takes minutes);
- mstl:       MSTL(season_length=[...], trend_forecaster=AutoETS(model="ZZN")) on the seasons the others cannot
              take (mstl_seasons: half-hourly 48 and 336, hourly 24 and 168, daily 7 and 365, weekly 52) where the
              rows before the first origin hold two of the longest.

Every model is scored as an analyst's rolling-origin cross-validation scores it (statsforecast's cross_validation):
fitted on every row before an origin, again at `refits` of the origins (refit_count: all of them where that is
cheap, fewer on long series) and run forward (`model.forward`) from the others; MSTL decomposes the whole history
before each origin. No value at or after an origin reaches the fit that forecasts from it. Each model runs in a
warm child process (stat_pool: statsforecast imported once per process, not once per model) that is killed when it
passes its time budget (a thread cannot be stopped). A model past its budget is run once more with RETRY_FACTOR
times the budget, so a busy machine does not change the verdict; past that too, it is skipped with the reason
"budget" and the verdict says it cannot name a best (metrics.undecided). A model that fails or cannot run here
(statsforecast not installed, as on a bare GPU machine) is skipped with the reason. A result already computed for
the same inputs comes from the pool's cache. The parent never imports statsforecast.

The forecast after the data (future_forecast: naive, seasonal naive or one of the three, fitted on the whole series
with statsforecast's own `level`% interval) runs through the same warm processes, budget and cache; its cache key
holds the level, so it never meets a held-out entry.
"""

from __future__ import annotations

import io
import math
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from lstm_core.data.windows import season_length, two_seasons
from lstm_core.forecast.stat_pool import (
    BudgetPassed,
    Missing,
    StatPool,
    WarmProcess,
    WorkerDied,
    cache_key,
    shared_pool,
)
from lstm_core.forecast.stat_worker import (
    FUTURE_MODELS,
    STAT_MODELS,
    describe,
    model_for,
    season_for,
    stat_forecasts,
    stat_future,
)

__all__ = ["FUTURE_MODELS", "STAT_MODELS", "StatBaselines", "StatResult", "default_budget", "describe",
           "future_forecast", "model_for", "mstl_seasons", "refit_count", "scoring_origins", "season_for",
           "stat_forecasts", "stat_future", "two_seasons"]

# MSTL before AutoARIMA, whose search with a long season often runs out its budget; the naive ones (future only) first
RUN_ORDER = ("naive", "seasonal_naive", "auto_ets", "mstl", "auto_arima")
DEFAULT_BUDGET_S = 20.0  # per model, wall clock from its turn (a process still importing statsforecast counts)
BUDGET_ENV = "GATESCOPE_BASELINE_BUDGET_S"  # the setting (README); 0 turns the statistical baselines off
RETRY_FACTOR = 3.0  # a model past its budget runs once more with this many times the budget (at most 600 s)
# Fits per model in the held-out backtest: as many as origins while (rows of a fit) x (fits) stays within this,
# at least one. Measured on this 2-core VM (BENCHMARKS.md): AutoETS 0.1 s, AutoARIMA 0.3 s a fit on 122 monthly
# rows (12 refits: 1.3 s and 4.1 s); on 620-1,140 rows a fit takes 0.4-5 s, so those series refit 1-2 times.
REFIT_ROWS = 1500


def default_budget() -> float:
    """The time budget per statistical baseline: GATESCOPE_BASELINE_BUDGET_S, else DEFAULT_BUDGET_S (0..600 s)."""
    try:
        return min(max(float(os.environ.get(BUDGET_ENV, DEFAULT_BUDGET_S)), 0.0), 600.0)
    except ValueError:
        return DEFAULT_BUDGET_S


def default_parallel() -> int:
    """Models computed at once outside a cluster (the CLI, the bench): one per core, each in its own warm process."""
    return max(1, os.cpu_count() or 1)

# Why a model was skipped: the key (the app translates it) and the English text for metrics.json and the CLI.
SKIP_REASONS = {
    "budget": "took longer than its time budget of {budget:g} s",
    "budget_twice": "took longer than its time budget of {budget:g} s, and again when run once more with {retry:g} s",
    "failed": "failed: {error}",
    "missing": "statsforecast is not installed",
    "one_season": "MSTL runs where the others cannot take every season (sub-daily, daily and weekly data)",
    "short_for_mstl": "MSTL needs two of its longest season ({season} rows) in the training part ({rows} rows)",
    "off": "statistical baselines are off (budget 0)",
    "cancelled": "the run was cancelled",
}

@dataclass
class StatResult:
    """One model's forecasts from every origin (N, H), or the reason it was skipped."""

    name: str
    forecasts: np.ndarray | None = None
    detail: str = ""  # the form the search chose, e.g. "ETS(A,Ad,N)" or "ARIMA(2,1,1)(0,1,1)[12]"
    seconds: float = 0.0
    skipped: str = ""  # a key of SKIP_REASONS; "" when it ran
    params: dict | None = None
    cached: bool = False  # the same inputs were computed before (stat_pool.ResultCache): no process ran
    lower: np.ndarray | None = None  # (N, H) the model's own 80% bounds (the `level`% ones in future_forecast)
    upper: np.ndarray | None = None
    refits: int = 1  # fits in the held-out backtest (refit_count)
    retried: bool = False  # it passed its budget once and was run again with RETRY_FACTOR times the budget

    @property
    def reason(self) -> str:
        key = "budget_twice" if self.skipped == "budget" and self.retried else self.skipped
        return SKIP_REASONS[key].format(**(self.params or {})) if self.skipped else ""


def mstl_seasons(frequency: str | None) -> tuple[int, int] | None:
    """The seasons MSTL decomposes, padded to a pair with 0: the two of two_seasons(), or a weekly year (52, 0),
    beyond AutoETS and AutoARIMA; None where the frequency has no such season."""
    seasons = two_seasons(frequency)
    if seasons is None and season_length(frequency) == 52:
        return (52, 0)
    return seasons


def refit_count(rows: int, n_origins: int) -> int:
    """How many times a statistical model is fitted in the backtest whose first fit reads `rows` rows: at every
    origin where (rows x origins) <= REFIT_ROWS, else as many evenly spaced ones as that allows, at least one. A
    count of the data, never of the clock: the same series is scored the same way on a busy machine."""
    return int(max(1, min(n_origins, REFIT_ROWS // max(int(rows), 1))))


def scoring_origins(origins: np.ndarray, max_origins: int) -> np.ndarray:
    """At most `max_origins` of the held-out origins, evenly spaced and always with the last one: every model,
    the LSTM included, is scored on these (MSTL runs its decomposition again at each one, ~0.4 s on 1,000 rows)."""
    origins = np.asarray(origins)
    if max_origins < 1 or len(origins) <= max_origins:
        return origins
    stride = math.ceil(len(origins) / max_origins)
    return origins[::-1][::stride][::-1]


class StatBaselines:
    """The statistical baselines of one run, computed in child processes on a background thread."""

    def __init__(self, series: np.ndarray, n_train: int, origins: np.ndarray, horizon: int, *,
                 season: int | None, frequency: str | None, budget_s: float = DEFAULT_BUDGET_S,
                 pool: StatPool | None = None, models: tuple[str, ...] = STAT_MODELS, level: int = 0,
                 parallel: int | None = None):
        self.series = np.asarray(series, dtype=np.float64)  # (T,) the whole target, data units
        self.n_train = int(n_train)
        self.origins = np.asarray(origins, dtype=np.int64)  # (N,) rows of the first forecast step
        self.horizon = int(horizon)
        self.season = int(season) if season and season > 1 else 1
        self.frequency = frequency
        self.budget_s = float(budget_s)
        self.models = tuple(models)
        self.level = int(level)  # > 0: fit on series[:n_train] and forecast from there with a `level`% interval
        self.results: dict[str, StatResult] = {}
        self._new: list[StatResult] = []
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self.pool = pool or shared_pool()
        self.parallel = max(1, int(parallel or default_parallel()))  # models computed at once, each in a process
        self.running: dict[str, float] = {}  # the models being computed and when each started (monotonic)
        self._procs: dict[str, WarmProcess] = {}  # their processes, for cancel() from another thread
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ the plan
    def planned(self) -> dict[str, StatResult | None]:
        """Each model and, where it cannot run on this data, its skip result (None: it will run)."""
        plan: dict[str, StatResult | None] = dict.fromkeys(self.models)
        if self.budget_s <= 0:
            return {name: StatResult(name, skipped="off") for name in self.models}
        seasons = mstl_seasons(self.frequency)
        if "mstl" not in plan:
            return plan
        if seasons is None:
            plan["mstl"] = StatResult("mstl", skipped="one_season")
        elif self.first_fit_rows < 2 * max(seasons):
            plan["mstl"] = StatResult("mstl", skipped="short_for_mstl",
                                      params={"season": max(seasons), "rows": self.first_fit_rows})
        return plan

    @property
    def first_fit_rows(self) -> int:
        """The rows the first fit reads: every row before the first origin (the whole series for the future)."""
        return int(self.origins.min()) if len(self.origins) and not self.level else self.n_train

    @property
    def refits(self) -> int:
        return 1 if self.level else refit_count(self.first_fit_rows, len(self.origins))

    # ------------------------------------------------------------------ running
    def start(self) -> StatBaselines:
        self._thread = threading.Thread(target=self._run_all, name="stat-baselines", daemon=True)
        self._thread.start()
        return self

    @property
    def _proc(self) -> WarmProcess | None:
        """One process computing now (None when none is)."""
        return next(iter(list(self._procs.values())), None)

    def cancel(self) -> None:
        self._cancel.set()
        for proc in list(self._procs.values()):
            proc.stop()

    def take_new(self) -> list[StatResult]:
        """Results finished since the last call (for a progress line each)."""
        with self._lock:
            new, self._new = self._new, []
        return new

    def pending(self) -> list[str]:
        """The models not finished yet, in the order they run."""
        with self._lock:
            return [m for m in RUN_ORDER if m in self.models and m not in self.results]

    def wait(self, poll=None, stop=None, started=None) -> dict[str, StatResult]:
        """Block until every model has finished or been skipped; poll(new_results) is called as they come,
        started(name) as each model starts computing, and a true stop() cancels what is left."""
        said: set[str] = set()

        def report() -> None:
            new = self.take_new() if poll is not None else []
            if new:
                poll(new)
            for name in [m for m in RUN_ORDER if m in self.running and m not in said]:
                said.add(name)
                if started is not None:
                    started(name)

        if self._thread is None:
            self._run_all()
        while self._thread is not None and self._thread.is_alive():
            report()
            self._thread.join(0.2)
            if stop is not None and stop():
                self.cancel()
        report()
        return dict(self.results)

    def _done(self, result: StatResult) -> None:
        with self._lock:
            self.results[result.name] = result
            self._new.append(result)

    def _to_run(self) -> list[str]:
        """The models that will compute, in RUN_ORDER; the skipped ones are done at once with their reason."""
        plan, todo = self.planned(), []
        for name in sorted(plan, key=RUN_ORDER.index):
            skip = plan[name]
            if skip is not None:
                self._done(skip)
            else:
                todo.append(name)
        return todo

    def _run_all(self) -> None:
        """Every model, up to `parallel` at once (each in a warm process of its own, so they use the cores)."""
        todo = self._to_run()
        if not todo:
            return
        with ThreadPoolExecutor(max_workers=min(self.parallel, len(todo)), thread_name_prefix="stat-model") as ex:
            for future in [ex.submit(self._compute, name) for name in todo]:
                future.result()

    def _compute(self, name: str) -> None:
        if self._cancel.is_set():
            self._done(StatResult(name, skipped="cancelled"))
            return
        self.running[name] = time.monotonic()
        try:
            self._done(self._run_one(name))
        finally:
            self.running.pop(name, None)

    def _run_one(self, name: str) -> StatResult:
        """The model's result; past its budget, once more with RETRY_FACTOR times the budget (a busy machine must
        not decide the verdict), then skipped for "budget"."""
        first = self._attempt(name, self.budget_s)
        if first.skipped != "budget" or self._cancel.is_set():
            return first
        retry = min(self.budget_s * RETRY_FACTOR, 600.0)
        again = self._attempt(name, retry)
        again.seconds += first.seconds
        again.retried = True
        if again.skipped == "budget":
            again.params = {"budget": self.budget_s, "retry": retry}
        return again

    def _key(self, name: str) -> str:
        return cache_key(name, self.series, self.n_train, self.origins, self.horizon, self.season,
                         mstl_seasons(self.frequency) or (0, 0), level=self.level, refits=self.refits)

    def cached(self, name: str) -> StatResult | None:
        """The model's result from this process's cache (the same data, split, horizon, seasons, model and level
        ran before here), or None."""
        got = self.pool.cache.get(self._key(name))
        if got is None:
            return None
        forecasts, detail, bounds = got
        lower, upper = bounds if bounds is not None else (None, None)
        return StatResult(name, forecasts=forecasts, detail=detail, cached=True, lower=lower, upper=upper,
                          refits=self.refits)

    def _attempt(self, name: str, budget_s: float) -> StatResult:
        hit = self.cached(name)
        if hit is not None:
            return hit
        seasons = mstl_seasons(self.frequency) or (0, 0)
        key = self._key(name)
        buf = io.BytesIO()
        np.savez(buf, name=np.asarray(name), series=self.series, n_train=self.n_train, origins=self.origins,
                 horizon=self.horizon, season=self.season, seasons=np.asarray(seasons, dtype=np.int64),
                 level=self.level, refits=self.refits)
        t0 = time.perf_counter()
        try:
            reply = self.pool.call(buf.getvalue(), budget_s, on_start=lambda proc: self._started(name, proc))
        except BudgetPassed:
            return StatResult(name, skipped="budget", params={"budget": budget_s, "retry": budget_s},
                              seconds=time.perf_counter() - t0)
        except Missing:
            return StatResult(name, skipped="missing", seconds=time.perf_counter() - t0)
        except (WorkerDied, OSError) as exc:
            if self._cancel.is_set():
                return StatResult(name, skipped="cancelled", seconds=time.perf_counter() - t0)
            return StatResult(name, skipped="failed", params={"error": str(exc)[:200]},
                              seconds=time.perf_counter() - t0)
        finally:
            self._procs.pop(name, None)
        seconds = time.perf_counter() - t0
        if self._cancel.is_set():
            return StatResult(name, skipped="cancelled", seconds=seconds)
        with np.load(io.BytesIO(reply), allow_pickle=False) as got:
            if "error" in got:
                return StatResult(name, skipped="failed", params={"error": str(got["error"])}, seconds=seconds)
            forecasts, detail = got["forecasts"], str(got["detail"])
            bounds = (got["lower"], got["upper"]) if "lower" in got else None
        shape = (len(self.origins), self.horizon)
        if forecasts.shape != shape or not np.all(np.isfinite(forecasts)):
            return StatResult(name, skipped="failed", params={"error": "forecasts that are not finite numbers"},
                              seconds=seconds)
        if bounds is not None and any(b.shape != shape or not np.all(np.isfinite(b)) for b in bounds):
            if self.level:
                return StatResult(name, skipped="failed", params={"error": "an interval that is not finite"},
                                  seconds=seconds)
            bounds = None  # held out: the forecasts still count; only the own interval's coverage is unknown
        self.pool.cache.put(key, forecasts, detail, bounds)
        lower, upper = bounds if bounds is not None else (None, None)
        return StatResult(name, forecasts=forecasts, detail=detail, seconds=seconds, lower=lower, upper=upper,
                          refits=self.refits)

    def _started(self, name: str, proc: WarmProcess) -> None:
        self._procs[name] = proc  # for cancel(), from another thread
        if self._cancel.is_set():
            proc.stop()


def future_forecast(name: str, series: np.ndarray, horizon: int, *, season: int | None, frequency: str | None,
                    budget_s: float = DEFAULT_BUDGET_S, level: int = 80, pool: StatPool | None = None) -> StatResult:
    """One model of FUTURE_MODELS fitted on the whole series (T,), forecasting the `horizon` steps after it with
    its `level`% interval, through the same warm processes, time budget and cache as the verdict's baselines.
    -> StatResult with forecasts, lower and upper of shape (1, H), or skipped with the reason."""
    series = np.asarray(series, dtype=np.float64)
    if name not in FUTURE_MODELS:
        raise ValueError(f"unknown model {name!r}; expected one of {', '.join(FUTURE_MODELS)}")
    if level <= 0:
        raise ValueError(f"level must be a percentage in 1..99, got {level}")
    run = StatBaselines(series, len(series), np.array([len(series)]), horizon, season=season, frequency=frequency,
                        budget_s=budget_s, pool=pool, models=(name,), level=level)
    return run.wait()[name]
