"""A run's statistical baselines as Dask tasks of their own, beside its LSTM's training task.

    fit(df, target, cfg, baselines=partial(DaskBaselines, client=c, run_id=run_id))

Each model (AutoETS, AutoARIMA, MSTL) is one task, `gatescope-stat-<model>-<run id>`, submitted when the run's data
is prepared. Dask gives it the next free slot (a worker thread, one per core), ahead of runs still waiting to train
(a higher priority): while one student's LSTM trains, the slot beside it computes the baselines of the run before,
and a run whose LSTM is trained leaves its own slot (task.py: secede) instead of holding it while it waits. A slot
holds one core's work either way: the LSTM's one torch thread, or the warm statsforecast process the task waits on.

A model the worker computed before for the same inputs (stat_pool's cache: a class on a bundled sample) needs no
task: it lands at once. Inside its task a model runs as anywhere else (baselines.StatBaselines: the worker's warm
processes, its time budget, its cache of results). The task says when it starts (a Variable per model: the page
tells "running, 4 s" from "waiting"), and it watches an Event that cancel() sets, so a stopped or failed run's
baselines end too.
"""

from __future__ import annotations

import time

from distributed import Client, Event, Future, Variable, get_client, wait
from distributed.client import FIRST_COMPLETED

from lstm_core.forecast.baselines import StatBaselines, StatResult

PRIORITY = 1  # above the training tasks' 0: a run's baselines start before the next run's LSTM
POLL_S = 0.5  # how often the run looks for models that started or finished
STOP_POLL_S = 1.0  # how often a baseline's task asks whether its run was cancelled (a round trip to the scheduler)


def started_name(run_id: str, model: str) -> str:
    return f"gatescope-stat-started-{model}-{run_id}"


def stop_name(run_id: str) -> str:
    return f"gatescope-stat-stop-{run_id}"


def compute_baseline(run_id: str, name: str, args: tuple, kwargs: dict) -> StatResult:
    """The body of one baseline's task on a worker: that model alone, in one of the worker's warm processes."""
    c = get_client()
    Variable(started_name(run_id, name), client=c).set(time.time())
    stop = Event(stop_name(run_id), client=c)
    asked = [0.0]

    def stopped() -> bool:
        now = time.monotonic()
        if now - asked[0] < STOP_POLL_S:
            return False
        asked[0] = now
        return stop.is_set()

    run = StatBaselines(*args, **{**kwargs, "models": (name,), "parallel": 1})
    return run.start().wait(stop=stopped)[name]


class DaskBaselines(StatBaselines):
    """StatBaselines whose models compute as Dask tasks (see the module's docstring); the same interface for fit()."""

    def __init__(self, *args, client: Client, run_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.client, self.run_id = client, run_id
        self._args, self._kwargs = args, kwargs
        self._futures: dict[Future, str] = {}

    def cancel(self) -> None:
        super().cancel()
        try:  # a task computing kills its process within STOP_POLL_S; one still waiting for a slot ends as it starts
            Event(stop_name(self.run_id), client=self.client).set()
        except Exception:  # the cluster went away: its tasks went with it
            pass

    def _run_all(self) -> None:
        todo = []
        for name in self._to_run():
            hit = self.cached(name)  # computed before in this worker (a class on a bundled sample): no task at all
            if hit is not None:
                self._done(hit)
            else:
                todo.append(name)
        if not todo or self._cancel.is_set():
            for name in todo:
                self._done(StatResult(name, skipped="cancelled"))
            return
        kwargs = {k: v for k, v in self._kwargs.items() if k not in ("pool", "models", "parallel")}
        self._futures = {
            self.client.submit(compute_baseline, self.run_id, name, self._args, kwargs, pure=False,
                               key=f"gatescope-stat-{name}-{self.run_id}", priority=PRIORITY): name
            for name in todo
        }
        try:
            self._collect()
        finally:
            self._forget(todo)

    def _collect(self) -> None:
        left = set(self._futures)
        while left:
            try:
                done, left = wait(list(left), timeout=POLL_S, return_when=FIRST_COMPLETED)
            except TimeoutError:  # none landed in this poll
                done = set()
            for future in done:
                name = self._futures[future]
                self.running.pop(name, None)
                self._done(self._result(name, future))
            self._note_started({self._futures[f] for f in left})

    def _note_started(self, names: set[str]) -> None:
        """Models whose task has started computing: running since then (the others wait for a slot)."""
        for name in names - set(self.running):
            try:
                since = Variable(started_name(self.run_id, name), client=self.client).get(timeout=0.01)
            except TimeoutError:
                continue
            self.running[name] = time.monotonic() - max(0.0, time.time() - float(since))

    def _result(self, name: str, future: Future) -> StatResult:
        try:
            result = future.result()
        except Exception as exc:  # cancelled, or the task itself failed: the model is skipped with the reason
            if self._cancel.is_set() or future.cancelled():
                return StatResult(name, skipped="cancelled")
            return StatResult(name, skipped="failed", params={"error": f"{type(exc).__name__}: {exc}"[:200]})
        return result if isinstance(result, StatResult) else StatResult(
            name, skipped="failed", params={"error": "the task returned no result"})

    def _forget(self, names: list[str]) -> None:
        """The run's Variables and Event on the scheduler go with its baselines (every task has ended by now)."""
        try:
            for name in names:
                Variable(started_name(self.run_id, name), client=self.client).delete()
            Event(stop_name(self.run_id), client=self.client).clear()
        except Exception:  # the cluster went away: nothing is left to clean
            pass


WARM_PRIORITY = -1  # below every user's task: warming only takes slots nobody is waiting for


def warm_samples(client: Client, jobs: list[tuple]) -> Future | None:
    """Compute the statistical baselines of runs nobody has started yet (`jobs`: (DataFrame, target, TrainConfig)),
    so that their first run finds them cached (forecast/warm.py): one low-priority task that warms them one after
    another, the shortest series first, so it never holds more than one slot. Fire and forget: a failure only means
    that a run computes its baselines itself. -> the task's future (its value: the held-out results per job), or None
    when there is nothing to warm."""
    from distributed import fire_and_forget

    jobs = sorted((j for j in jobs if j[2].baseline_budget_s > 0), key=lambda j: len(j[0]))
    if not jobs:
        return None
    future = client.submit(warm_all, jobs, pure=False, priority=WARM_PRIORITY,
                           key=f"gatescope-warm-{int(time.time() * 1000)}")
    fire_and_forget(future)
    return future


def warm_all(jobs: list[tuple]) -> list[dict[str, StatResult]]:
    from lstm_core.forecast.warm import warm_baselines

    return [warm_baselines(df, target, cfg) for df, target, cfg in jobs]
