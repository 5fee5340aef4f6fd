"""Background training jobs: a process-wide registry, a concurrency limit with a FIFO queue, one thread per run.

    run_id = jobs.submit(df, target, TrainConfig(...), name="airpassengers")
    view = jobs.get(run_id)      # a JobView snapshot, or None when the job is unknown or was evicted
    jobs.cancel(run_id)

This is the one place where state is shared between users, by design: a run must survive its page being
left, and a browser refresh (a new session) must find it again through ?run=<id>. Each job is keyed by an
unguessable id (secrets.token_urlsafe(16)) that only its user's session and URL hold; the job keeps that
user's DataFrame and settings. Finished jobs are evicted after TTL_S seconds and beyond MAX_FINISHED.

At most MAX_JOBS (env GATESCOPE_MAX_JOBS, default 2) runs train at once, each with one torch CPU thread;
the rest wait in a FIFO queue whose position the page shows. fit() runs in a daemon thread, never in a
script thread; every exception it raises becomes a job error (a message, never a traceback).
"""

from __future__ import annotations

import io
import logging
import math
import os
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field, replace

import pandas as pd
import torch

from lstm_core.errors import GatescopeError
from lstm_core.forecast.forecaster import backtest, forecast
from lstm_core.forecast.modelfile import csv_safe, metrics_json_bytes, model_zip_bytes
from lstm_core.forecast.snapshots import SnapshotLog
from lstm_core.forecast.train import TrainConfig, TrainEvent, TrainResult, fit

log = logging.getLogger("gatescope.jobs")


def _env_int(name: str, default: int, low: int, high: int) -> int:
    try:
        return int(min(max(int(os.environ.get(name, default)), low), high))
    except ValueError:
        return default


MAX_JOBS = _env_int("GATESCOPE_MAX_JOBS", 2, 1, 64)  # runs training at once (one CPU thread each)
MAX_RUN_S = _env_int("GATESCOPE_MAX_RUN_S", 1800, 10, 86400)  # a run is stopped (best weights kept) after this
MAX_QUEUED = 50  # waiting runs; beyond this submit() raises QueueFull
TTL_S = 3600.0  # a finished job is kept this long after it ends
MAX_FINISHED = 40  # and at most this many finished jobs are kept (the oldest go first)
MAX_POINTS = 1000  # loss points kept for the live chart (thinned by 2 when full)
MAX_NOTES = 20  # notable events kept (OOM retry, CPU fallback, NaN stop, early stop, cancelled)
MAX_HELD_OUT_ORIGINS = 400  # forecasts drawn over the held-out tail (H steps each)
NOTE_KINDS = ("oom_retry", "fallback_cpu", "nan_stop", "early_stop", "cancelled")
ACTIVE = ("queued", "running")


class QueueFull(RuntimeError):
    """Too many runs are waiting; try again in a minute."""


@dataclass
class Outputs:
    """What the page shows and offers for download, computed once in the worker after training."""

    forecast: pd.DataFrame | None = None  # time|step, forecast, lower, upper: the H steps after the data
    held_out: pd.DataFrame | None = None  # index: time|row; truth, forecast, lower, upper over the test tail
    forecast_csv: bytes = b""
    model_zip: bytes = b""
    metrics_json: bytes = b""
    problem: str = ""  # why a part is missing (English engine message), "" when all is there


@dataclass
class JobView:
    """A consistent snapshot of a job for one page run (copies, safe to read without the lock)."""

    run_id: str
    name: str
    target: str
    config: TrainConfig
    df: pd.DataFrame
    report: object
    state: str  # queued | running | done | failed | cancelled (cancelled while still queued)
    queue_position: int  # 1-based while queued, else 0
    epoch: int
    epochs: int
    windows_per_s: float | None
    eta_s: float | None
    history: list[tuple[int, float, float]]  # (epoch, train loss, validation loss)
    notes: list[TrainEvent]
    result: TrainResult | None
    outputs: Outputs | None
    error_kind: str  # "" | "data" (a message from the engine) | "internal" (a bug: only its type is shown)
    error: str
    error_key: str  # a TrainDataError's key, so the page can say it in the user's language ("" otherwise)
    error_params: dict
    created: float
    started: float | None
    finished: float | None
    timed_out: bool  # stopped by MAX_RUN_S, not by its user
    snapshots: SnapshotLog | None = None  # gate snapshots so far (lstm_core.forecast.snapshots), for the live replay

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


@dataclass
class _Job:
    run_id: str
    name: str
    df: pd.DataFrame
    target: str
    config: TrainConfig
    report: object = None
    state: str = "queued"
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    last: TrainEvent | None = None
    history: list = field(default_factory=list)
    stride: int = 1
    notes: list = field(default_factory=list)
    result: TrainResult | None = None
    outputs: Outputs | None = None
    error_kind: str = ""
    error: str = ""
    error_key: str = ""
    error_params: dict = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None
    timed_out: bool = False
    snapshots: SnapshotLog | None = None  # the latest event's copy of the run's gate snapshots

    def should_stop(self) -> bool:
        """Checked by fit between batches: a Stop click, or the run's time is up."""
        if self.stop.is_set():
            return True
        if self.started is not None and time.time() - self.started > MAX_RUN_S:
            self.timed_out = True
            self.stop.set()
            return True
        return False


_LOCK = threading.RLock()
_JOBS: dict[str, _Job] = {}
_QUEUE: deque[str] = deque()
_RUNNING: set[str] = set()
_THREADS = {"active": 0, "baseline": None}  # torch threads: restored when the last run ends


# ---------------------------------------------------------------- public API


def submit(df: pd.DataFrame, target: str, config: TrainConfig, *, name: str = "", report=None) -> str:
    """Queue a training run of `target` on `df`; returns its run id. Starts it at once when a slot is free."""
    with _LOCK:
        _evict()
        if len(_QUEUE) >= MAX_QUEUED:
            raise QueueFull(f"{len(_QUEUE)} runs are already waiting")
        run_id = secrets.token_urlsafe(16)
        _JOBS[run_id] = _Job(run_id, name, df, target, config, report)
        _QUEUE.append(run_id)
        _pump()
    return run_id


def get(run_id: str | None) -> JobView | None:
    """A snapshot of the job, or None when the id is unknown (never existed, or evicted after its TTL)."""
    if not isinstance(run_id, str) or not run_id:
        return None
    with _LOCK:
        _evict()
        job = _JOBS.get(run_id)
        if job is None:
            return None
        last = job.last
        position = _QUEUE.index(run_id) + 1 if job.state == "queued" and run_id in _QUEUE else 0
        return JobView(
            run_id=job.run_id, name=job.name, target=job.target, config=job.config, df=job.df, report=job.report,
            state=job.state, queue_position=position,
            epoch=last.epoch if last else 0, epochs=job.config.epochs,
            windows_per_s=last.windows_per_s if last else None, eta_s=last.eta_s if last else None,
            history=list(job.history), notes=list(job.notes), result=job.result, outputs=job.outputs,
            error_kind=job.error_kind, error=job.error, error_key=job.error_key, error_params=dict(job.error_params),
            created=job.created, started=job.started,
            finished=job.finished, timed_out=job.timed_out, snapshots=job.snapshots,
        )


def cancel(run_id: str | None) -> bool:
    """Stop a run: a queued one leaves the queue, a running one stops after its current batch (keeping its
    best weights so far). Returns False when there is nothing to stop."""
    with _LOCK:
        job = _JOBS.get(run_id) if isinstance(run_id, str) else None
        if job is None or job.state not in ACTIVE:
            return False
        if job.state == "queued":
            if run_id in _QUEUE:
                _QUEUE.remove(run_id)
            job.state, job.finished = "cancelled", time.time()
        job.stop.set()
        return True


def counts() -> dict[str, int]:
    """How many runs are training and waiting, process-wide (for the page's status line)."""
    with _LOCK:
        return {"running": len(_RUNNING), "queued": len(_QUEUE), "limit": MAX_JOBS}


# ---------------------------------------------------------------- scheduling


def _pump() -> None:
    """Start queued jobs while there is a free slot. Called with _LOCK held."""
    while _QUEUE and len(_RUNNING) < MAX_JOBS:
        job = _JOBS.get(_QUEUE.popleft())
        if job is None or job.state != "queued":
            continue
        job.state, job.started = "running", time.time()
        _RUNNING.add(job.run_id)
        job.thread = threading.Thread(target=_work, args=(job,), name=f"gatescope-train-{job.run_id[:6]}", daemon=True)
        job.thread.start()


def _evict(now: float | None = None) -> None:
    """Drop finished jobs past their TTL, then the oldest finished ones beyond MAX_FINISHED. With _LOCK held."""
    now = time.time() if now is None else now
    finished = sorted((j for j in _JOBS.values() if j.state not in ACTIVE), key=lambda j: j.finished or j.created)
    for i, job in enumerate(finished):
        too_old = now - (job.finished or job.created) > TTL_S
        too_many = len(finished) - i > MAX_FINISHED
        if too_old or too_many:
            _JOBS.pop(job.run_id, None)


def _threads_enter() -> None:
    """One torch thread per run. torch's setting is process-wide, so it is changed when the first run starts
    and restored when the last one ends (fit's own num_threads would race between concurrent runs)."""
    with _LOCK:
        if _THREADS["active"] == 0:
            _THREADS["baseline"] = torch.get_num_threads()
        _THREADS["active"] += 1
    torch.set_num_threads(1)


def _threads_exit() -> None:
    with _LOCK:
        _THREADS["active"] -= 1
        if _THREADS["active"] == 0 and _THREADS["baseline"]:
            torch.set_num_threads(int(_THREADS["baseline"]))


def _on_event(job: _Job, event: TrainEvent) -> None:
    with _LOCK:
        if event.kind in ("start", "epoch"):
            job.last = event
        if event.snapshots is not None:
            job.snapshots = event.snapshots
        if event.kind == "epoch" and event.epoch % job.stride == 0:
            job.history.append((event.epoch, _finite(event.train_loss), _finite(event.val_loss)))
            if len(job.history) > MAX_POINTS:  # thin out: every other point, and from now on every 2nd epoch
                job.history = job.history[::2]
                job.stride *= 2
        if event.kind in NOTE_KINDS and len(job.notes) < MAX_NOTES:
            job.notes.append(event)


def _finite(v: float | None) -> float:
    return float(v) if v is not None and math.isfinite(v) else math.nan


def _work(job: _Job) -> None:
    """The thread body: fit, then the forecast, the held-out part and the downloads. Never raises."""
    _threads_enter()
    try:
        config = replace(job.config, num_threads=None)  # threads are set per process (see _threads_enter)
        result = fit(job.df, job.target, config, callback=lambda e: _on_event(job, e), should_stop=job.should_stop)
        outputs = make_outputs(result, job.df)
        with _LOCK:
            job.result, job.outputs, job.state = result, outputs, "done"
    except GatescopeError as exc:  # TrainDataError, a bad setting or device: the engine's message says what to do
        with _LOCK:
            job.state, job.error_kind, job.error = "failed", "data", str(exc)[:600]
            job.error_key, job.error_params = getattr(exc, "key", ""), dict(getattr(exc, "params", {}))
    except Exception as exc:  # a bug: logged with its traceback for us, a plain message for the user
        log.exception("training run %s failed", job.run_id[:6])
        with _LOCK:
            job.state, job.error_kind, job.error = "failed", "internal", type(exc).__name__
    finally:
        _threads_exit()
        with _LOCK:
            job.finished = time.time()
            _RUNNING.discard(job.run_id)
            _pump()


# ---------------------------------------------------------------- results


def make_outputs(result: TrainResult, df: pd.DataFrame) -> Outputs:
    """Forecast, held-out forecasts and the three downloads. A part that cannot be made is left out and
    named in `problem` (the model itself is still good to save and to step through)."""
    out = Outputs()
    out.model_zip = model_zip_bytes(result)
    out.metrics_json = metrics_json(result)
    problems = []
    try:
        out.forecast = forecast(result, df)
        out.forecast_csv = forecast_csv(out.forecast)
    except GatescopeError as exc:
        problems.append(str(exc))
    try:
        out.held_out = backtest(result, df, max_origins=MAX_HELD_OUT_ORIGINS)
    except GatescopeError as exc:
        problems.append(str(exc))
    out.problem = "; ".join(problems)
    return out


def forecast_csv(table: pd.DataFrame) -> bytes:
    """The forecast table as CSV bytes, with text cells guarded against spreadsheet formulas (csv_safe)."""
    buf = io.StringIO()
    csv_safe(table).to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8")


def metrics_json(result: TrainResult) -> bytes:
    """Held-out scores of the LSTM and both baselines, the interval and the run: the CLI's metrics.json."""
    return metrics_json_bytes(result)
