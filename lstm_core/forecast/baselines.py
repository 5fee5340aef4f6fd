"""The statistical models an analyst would pick instead of an LSTM, scored on the LSTM's own held-out origins.

    run = StatBaselines(series, n_train, origins, horizon, season=48, frequency="30min", budget_s=20)
    run.start()                      # in the background, beside the LSTM's training
    results = run.wait()             # {"auto_ets": StatResult, "auto_arima": ..., "mstl": ...}

The models come from statsforecast (Nixtla), not from this file:

- auto_ets:   AutoETS(season_length=m), the error/trend/season form chosen by AICc;
- auto_arima: AutoARIMA(season_length=m), orders chosen by a stepwise search;
- mstl:       MSTL(season_length=[m1, m2], trend_forecaster=AutoETS(model="ZZN")) where the frequency has two
              seasons (half-hourly 48 and 336, hourly 24 and 168, daily 7 and 365) and the training part holds
              two of the longer one.

Each is fitted once, on the training rows only, and then run forward (`model.forward`: the fitted parameters
over the series up to the origin, nothing re-estimated) from every scoring origin: the LSTM's rules, so no
value of the validation or test part reaches a fit. Each model runs in a child process (`python -m
lstm_core.forecast.baselines`) that is killed when it passes its time budget: AutoARIMA with a season of 48 on a
thousand rows searches for minutes, and a thread cannot be stopped. A model that passes its budget, fails, or
cannot run here (statsforecast not installed, as on a bare GPU machine) is skipped with the reason. The parent
never imports statsforecast.
"""

from __future__ import annotations

import io
import math
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lstm_core.data.windows import two_seasons

STAT_MODELS = ("auto_ets", "auto_arima", "mstl")
FUTURE_MODELS = ("naive", "seasonal_naive", *STAT_MODELS)  # what future_forecast() runs (on the whole series)
RUN_ORDER = ("naive", "seasonal_naive", "auto_ets", "mstl", "auto_arima")
DEFAULT_BUDGET_S = 20.0  # per model, wall clock from starting its process (about 2 s of it is the import)
BUDGET_ENV = "GATESCOPE_BASELINE_BUDGET_S"  # the setting (README); 0 turns the statistical baselines off


def default_budget() -> float:
    """The time budget per statistical baseline: GATESCOPE_BASELINE_BUDGET_S, else DEFAULT_BUDGET_S (0..600 s)."""
    try:
        return min(max(float(os.environ.get(BUDGET_ENV, DEFAULT_BUDGET_S)), 0.0), 600.0)
    except ValueError:
        return DEFAULT_BUDGET_S

# Why a model was skipped: the key (the app translates it) and the English text for metrics.json and the CLI.
SKIP_REASONS = {
    "budget": "took longer than its time budget of {budget:g} s",
    "failed": "failed: {error}",
    "missing": "statsforecast is not installed",
    "one_season": "the frequency has at most one season; MSTL needs two",
    "short_for_mstl": "MSTL needs two of its longest season ({season} rows) in the training part ({rows} rows)",
    "off": "statistical baselines are off (budget 0)",
    "cancelled": "the run was cancelled",
}

_ROOT = Path(__file__).resolve().parents[2]  # the directory that holds lstm_core, for the child's sys.path


@dataclass
class StatResult:
    """One model's forecasts from every origin (N, H), or the reason it was skipped."""

    name: str
    forecasts: np.ndarray | None = None
    detail: str = ""  # the form the search chose, e.g. "ETS(A,Ad,N)" or "ARIMA(2,1,1)(0,1,1)[12]"
    seconds: float = 0.0
    skipped: str = ""  # a key of SKIP_REASONS; "" when it ran
    params: dict | None = None
    lower: np.ndarray | None = None  # (N, H) the interval's bounds, only from a run with a level (future_forecast)
    upper: np.ndarray | None = None

    @property
    def reason(self) -> str:
        return SKIP_REASONS[self.skipped].format(**(self.params or {})) if self.skipped else ""


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
                 models: tuple[str, ...] = STAT_MODELS, level: int = 0):
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
        self._proc: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ the plan
    def planned(self) -> dict[str, StatResult | None]:
        """Each model and, where it cannot run on this data, its skip result (None: it will run)."""
        plan: dict[str, StatResult | None] = dict.fromkeys(self.models)
        if self.budget_s <= 0:
            return {name: StatResult(name, skipped="off") for name in self.models}
        seasons = two_seasons(self.frequency)
        if "mstl" in plan and seasons is None:
            plan["mstl"] = StatResult("mstl", skipped="one_season")
        elif "mstl" in plan and seasons is not None and self.n_train < 2 * seasons[1]:
            plan["mstl"] = StatResult("mstl", skipped="short_for_mstl",
                                      params={"season": seasons[1], "rows": self.n_train})
        return plan

    # ------------------------------------------------------------------ running
    def start(self) -> StatBaselines:
        self._thread = threading.Thread(target=self._run_all, name="stat-baselines", daemon=True)
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()

    def take_new(self) -> list[StatResult]:
        """Results finished since the last call (for a progress line each)."""
        with self._lock:
            new, self._new = self._new, []
        return new

    def wait(self, poll=None, stop=None) -> dict[str, StatResult]:
        """Block until every model has finished or been skipped; poll(new_results) is called as they come, and a
        true stop() cancels what is left."""
        def report() -> None:
            new = self.take_new() if poll is not None else []
            if new:
                poll(new)

        if self._thread is None:
            self._run_all()
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(0.2)
            if stop is not None and stop():
                self.cancel()
            report()
        report()
        return dict(self.results)

    def _done(self, result: StatResult) -> None:
        with self._lock:
            self.results[result.name] = result
            self._new.append(result)

    def _run_all(self) -> None:
        plan = self.planned()
        # MSTL before AutoARIMA: with a long season AutoARIMA often searches until its budget runs out
        for name in sorted(plan, key=RUN_ORDER.index):
            skip = plan[name]
            if self._cancel.is_set():
                self._done(StatResult(name, skipped="cancelled"))
            elif skip is not None:
                self._done(skip)
            else:
                self._done(self._run_one(name))

    def _run_one(self, name: str) -> StatResult:
        buf = io.BytesIO()
        seasons = two_seasons(self.frequency) or (0, 0)
        np.savez(buf, series=self.series, n_train=self.n_train, origins=self.origins, horizon=self.horizon,
                 season=self.season, seasons=np.asarray(seasons, dtype=np.int64), level=self.level)
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "PYTHONPATH": os.pathsep.join([str(_ROOT), os.environ.get("PYTHONPATH", "")])}
        t0 = time.perf_counter()
        try:
            proc = subprocess.Popen([sys.executable, "-m", "lstm_core.forecast.baselines", name],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    env=env, cwd=str(_ROOT))
        except OSError as exc:
            return StatResult(name, skipped="failed", params={"error": str(exc)[:200]})
        self._proc = proc  # for cancel(), from another thread
        try:
            out, err = proc.communicate(buf.getvalue(), timeout=self.budget_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return StatResult(name, skipped="budget", params={"budget": self.budget_s},
                              seconds=time.perf_counter() - t0)
        seconds = time.perf_counter() - t0
        if self._cancel.is_set():
            return StatResult(name, skipped="cancelled", seconds=seconds)
        if proc.returncode == _MISSING_EXIT:
            return StatResult(name, skipped="missing", seconds=seconds)
        if proc.returncode != 0:
            last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
            return StatResult(name, skipped="failed", params={"error": last[0][:200]}, seconds=seconds)
        with np.load(io.BytesIO(out), allow_pickle=False) as got:
            forecasts, detail = got["forecasts"], str(got["detail"])
            bounds = (got["lower"], got["upper"]) if self.level else (None, None)
        shape = (len(self.origins), self.horizon)
        if any(a is not None and (a.shape != shape or not np.all(np.isfinite(a))) for a in (forecasts, *bounds)):
            return StatResult(name, skipped="failed", params={"error": "forecasts that are not finite numbers"},
                              seconds=seconds)
        return StatResult(name, forecasts=forecasts, detail=detail, seconds=seconds, lower=bounds[0], upper=bounds[1])


# ---------------------------------------------------------------------- the child process

_MISSING_EXIT = 3


def model_for(name: str, season: int, seasons: tuple[int, int]):
    """The statsforecast model of a name (imported here: only the child process needs statsforecast)."""
    from statsforecast.models import MSTL, AutoARIMA, AutoETS, Naive, SeasonalNaive

    if name == "naive":
        return Naive()
    if name == "seasonal_naive":
        return SeasonalNaive(season_length=season)
    if name == "auto_ets":
        return AutoETS(season_length=season)
    if name == "auto_arima":
        return AutoARIMA(season_length=season)
    if name == "mstl":
        return MSTL(season_length=list(seasons), trend_forecaster=AutoETS(model="ZZN"))
    raise ValueError(f"unknown statistical baseline {name!r}; expected one of {', '.join(FUTURE_MODELS)}")


def describe(name: str, model) -> str:
    """The form the automatic search chose, in the usual notation."""
    fitted = getattr(model, "model_", None)
    if name == "auto_ets" and isinstance(fitted, dict):
        return str(fitted.get("method", ""))
    if name == "auto_arima" and isinstance(fitted, dict) and "arma" in fitted:
        p, q, sp, sq, m, d, sd = fitted["arma"]
        return f"ARIMA({p},{d},{q})" + (f"({sp},{sd},{sq})[{m}]" if m > 1 else "")
    if name == "mstl":
        trend = getattr(getattr(model, "trend_forecaster", None), "model_", None)
        seasons = "+".join(str(s) for s in model.season_length)
        return f"MSTL[{seasons}] + " + (str(trend.get("method", "ETS")) if isinstance(trend, dict) else "ETS")
    return ""


def stat_forecasts(name: str, series: np.ndarray, n_train: int, origins: np.ndarray, horizon: int, season: int,
                   seasons: tuple[int, int]) -> tuple[np.ndarray, str]:
    """Fit `name` on series[:n_train], then forecast `horizon` steps from each origin with the fitted model run
    forward over series[:origin]. -> ((N, H) forecasts, the chosen form)."""
    model = model_for(name, season, seasons).fit(np.asarray(series[:n_train], dtype=np.float64))
    # MSTL decomposes the history again at each origin (~0.5 s on 1,300 half-hours): the last three of its longest
    # seasons are enough for that (STL needs two) and keep the cost from growing with the series.
    keep = 3 * max(seasons) if name == "mstl" else None
    out = np.empty((len(origins), horizon))  # (N, H)
    for k, origin in enumerate(origins):
        start = max(0, int(origin) - keep) if keep else 0
        out[k] = model.forward(y=np.asarray(series[start:origin], dtype=np.float64), h=horizon)["mean"]
    return out, describe(name, model)


def stat_future(name: str, series: np.ndarray, horizon: int, season: int, seasons: tuple[int, int],
                level: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """Fit `name` on the whole series and forecast the `horizon` steps after it with statsforecast's own
    `level`% prediction interval. -> ((H,) mean, (H,) lower, (H,) upper, the chosen form)."""
    model = model_for(name, season, seasons).fit(np.asarray(series, dtype=np.float64))
    got = model.predict(h=horizon, level=[level])
    mean, lower, upper = (np.asarray(got[k], dtype=np.float64) for k in ("mean", f"lo-{level}", f"hi-{level}"))
    return mean, lower, upper, describe(name, model)


def future_forecast(name: str, series: np.ndarray, horizon: int, *, season: int | None, frequency: str | None,
                    budget_s: float = DEFAULT_BUDGET_S, level: int = 80) -> StatResult:
    """One model of FUTURE_MODELS fitted on the whole series (T,), forecasting the `horizon` steps after it with
    its `level`% interval, through the same child process and time budget as the verdict's baselines.
    -> StatResult with forecasts, lower and upper of shape (1, H), or skipped with the reason."""
    series = np.asarray(series, dtype=np.float64)
    if name not in FUTURE_MODELS:
        raise ValueError(f"unknown model {name!r}; expected one of {', '.join(FUTURE_MODELS)}")
    run = StatBaselines(series, len(series), np.array([len(series)]), horizon, season=season, frequency=frequency,
                        budget_s=budget_s, models=(name,), level=level)
    return run.wait()[name]


def _child(name: str) -> int:
    if hasattr(os, "nice"):  # behind the web server and the LSTM: a class's clicks come first (BENCHMARKS.md)
        os.nice(10)
    got = np.load(io.BytesIO(sys.stdin.buffer.read()), allow_pickle=False)
    try:
        import statsforecast  # noqa: F401
    except ImportError:
        return _MISSING_EXIT
    seasons = tuple(int(s) for s in got["seasons"])
    level = int(got["level"]) if "level" in got else 0
    buf = io.BytesIO()
    if level:  # the future: fitted on the whole series given, with the model's own interval
        mean, lower, upper, detail = stat_future(name, got["series"][: int(got["n_train"])], int(got["horizon"]),
                                                 int(got["season"]), (seasons[0], seasons[1]), level)
        np.savez(buf, forecasts=mean[None, :], lower=lower[None, :], upper=upper[None, :], detail=np.asarray(detail))
    else:
        forecasts, detail = stat_forecasts(name, got["series"], int(got["n_train"]), got["origins"],
                                           int(got["horizon"]), int(got["season"]), (seasons[0], seasons[1]))
        np.savez(buf, forecasts=forecasts, detail=np.asarray(detail))
    sys.stdout.buffer.write(buf.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1]))
