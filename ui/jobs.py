"""The Train page's view of training runs: lstm_core.service.runs, plus what this browser session keeps.

Runs live on the Dask cluster (embedded in this process by default, or GATESCOPE_CLUSTER), found by their run id
from any app server. A finished run's model, outputs and data are fetched from the cluster once and kept in this
user's st.session_state, so redraws do not fetch them again. Nothing here is shared between users.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable

import pandas as pd
import streamlit as st

from lstm_core.forecast.train import TrainConfig
from lstm_core.service import cluster, runs, stat_tasks
from lstm_core.service.cluster import ClusterError
from lstm_core.service.outputs import forecast_csv
from lstm_core.service.runs import RunRefused, RunView
from lstm_core.service.settings import Settings
from ui.owner import owner as browser_owner

__all__ = ["ClusterError", "RunRefused", "RunView", "cancel", "forecast_csv", "get", "is_mine", "max_run_s", "slots",
           "submit"]
_CACHE = "train._fetched"  # run id -> {"inputs": (df, report), "outcome": Outcome}, this user's only
_KEPT = 3  # runs whose data and results a session keeps
_WARMED: dict[int, bool] = {}  # clients whose cluster was asked to warm the bundled samples (no user data)
_WARM_LOCK = threading.Lock()


def warm_bundled(jobs: Callable[[], list[tuple]]) -> None:
    """Once per cluster connection: the bundled samples' statistical baselines at their default settings, computed
    on the cluster below every user's work (stat_tasks.warm_samples), so a class's first runs find them cached.
    `jobs` makes the (DataFrame, target, TrainConfig) list, only when it is needed. GATESCOPE_WARM_SAMPLES=0 turns
    it off (the tests do, so that no warming task takes their cluster's slot)."""
    if os.environ.get("GATESCOPE_WARM_SAMPLES", "1") == "0":
        return
    try:
        c = cluster.client()
    except ClusterError:  # the page says so where it matters; warming is only a head start
        return
    with _WARM_LOCK:
        if _WARMED.get(id(c)):
            return
        _WARMED[id(c)] = True
    try:
        stat_tasks.warm_samples(c, jobs())
    except Exception:  # a head start, never a failure of the page
        pass


def owner() -> str:
    """This browser's owner token (a cookie shared by its tabs): the limit on runs per user counts by it."""
    return browser_owner()


def is_mine(view: RunView | None) -> bool:
    """Did this browser start the run? Only then may it stop it, see its data or download its outputs."""
    return view is not None and bool(view.owner) and secrets.compare_digest(view.owner, owner())


def submit(df: pd.DataFrame, target: str, config: TrainConfig, *, name: str = "", report=None) -> str:
    """Queue a run; raises RunRefused (a limit) or ClusterError (the cluster cannot be reached or used)."""
    run_id = runs.submit(df, target, config, owner=owner(), name=name, report=report)
    _cache(run_id)["inputs"] = (df, report)  # this session has them already: no need to fetch them back
    return run_id


def get(run_id: str | None) -> RunView | None:
    """Where the run stands, with its data (and, once done, its result) filled in; None when unknown.
    Raises ClusterError when the cluster cannot be reached."""
    view = runs.get(run_id)
    if view is None:
        return None
    cached = _cache(view.run_id)
    if not is_mine(view):  # someone else's run, opened by its link: its scores, never its data
        cached.pop("inputs", None)
    elif "inputs" not in cached:
        cached["inputs"] = runs.inputs(view.run_id) or (None, None)
    view.df, view.report = cached.get("inputs", (None, None))
    if view.state == "done":
        if "outcome" not in cached:
            cached["outcome"] = runs.outcome(view.run_id)
        outcome = cached["outcome"]
        if outcome is not None:
            view.result, view.outputs = outcome.result, outcome.outputs
    elif view.state == "running" and view.early:  # the LSTM's result, the statistical models still landing
        if cached.get("early_version") != view.early:
            cached["early"], cached["early_version"] = runs.early_outcome(view.run_id), view.early
        early = cached["early"]
        if early is not None:
            view.result, view.outputs = early.result, early.outputs
    return view


def cancel(run_id: str) -> None:
    """Stop a run (a Stop button's callback): a queued one leaves the queue, a training one keeps its best weights."""
    try:
        if is_mine(runs.get(run_id)):  # a run's link does not stop it: only the browser that started it can
            runs.cancel(run_id)
    except ClusterError:
        st.session_state["train._cluster_error"] = True  # said by the page on its next run


def max_run_s() -> int:
    return Settings().max_run_s


def slots() -> int | None:
    """Training runs at once: the embedded cluster's threads; None for a separate cluster (it says on the page)."""
    settings = Settings()
    return None if settings.address else settings.worker_threads


def _cache(run_id: str) -> dict:
    fetched = st.session_state.setdefault(_CACHE, {})
    if run_id not in fetched:
        fetched[run_id] = {}
        while len(fetched) > _KEPT:
            fetched.pop(next(iter(fetched)))
    return fetched[run_id]
