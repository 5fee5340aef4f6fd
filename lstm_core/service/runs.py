"""Training runs as a service: submit, status, cancel, result. A run is found by its unguessable run id from any
app server attached to the same scheduler (a refresh, a second tab, a second replica, an app server restarted).

Everything a run has lives on the cluster, never in one app process:
    ledger        one entry per run (ledger.py): when, whose, where it stands
    progress      the run's Variable, written by the worker (task.py)
    stop          the run's Event: Stop is cooperative, the best weights so far are kept
    datasets      gatescope-run-<id> (the task: its value is the trained model and outputs) and gatescope-data-<id>
                  (the user's DataFrame and load report), published on the scheduler until the run's TTL ends
"""

from __future__ import annotations

import heapq
import re
import secrets
import threading
import time
from dataclasses import dataclass, field, replace

import pandas as pd
from distributed import Client, Event, Variable

from lstm_core.errors import KeyedError
from lstm_core.forecast.snapshots import SnapshotLog
from lstm_core.forecast.train import TrainConfig, TrainEvent, TrainResult
from lstm_core.service import cluster, ledger
from lstm_core.service.cluster import ClusterError
from lstm_core.service.outputs import Outputs
from lstm_core.service.settings import Settings
from lstm_core.service.task import Outcome, early_name, progress_name, run_training, stop_name

ACTIVE = ledger.ACTIVE
TYPICAL_RUN_S = 30.0  # a run's length before any has finished here (for the queue's "about ... s")
SWEEP_EVERY_S = 60.0  # expired runs are swept at most this often per app server
_RUN_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_SWEPT = {"at": 0.0}
_SWEEP_LOCK = threading.Lock()


class RunRefused(KeyedError):
    """A run that cannot be queued now; the message says why and when to try again."""

    MESSAGES = {
        "per_user": "You already have {limit} runs queued or training; wait for one to finish or stop one.",
        "queue_full": "{limit} runs are already waiting for the training workers; try again in a minute.",
    }


@dataclass
class RunView:
    """Where a run stands, for one page run (plain values, safe to keep)."""

    run_id: str
    name: str
    target: str
    config: TrainConfig
    state: str  # queued | running | done | failed | cancelled | lost
    queue_position: int  # 1-based while queued, else 0
    queue_eta_s: float | None  # about how long until it starts, while queued
    epoch: int
    epochs: int
    windows_per_s: float | None
    eta_s: float | None
    history: list[tuple[int, float, float]]  # (epoch, train loss, validation loss)
    notes: list[TrainEvent]
    error_kind: str  # "" | "data" (a message from the engine) | "internal" (a bug: only its type is shown)
    error: str
    error_key: str  # a KeyedError's key, so the page can say it in the user's language ("" otherwise)
    error_params: dict
    created: float
    started: float | None
    finished: float | None
    timed_out: bool  # stopped by the time limit, not by its user
    snapshots: SnapshotLog | None = None  # gate snapshots so far, for the live replay
    device: str = ""  # where it trained, once done
    phase: str = "training"  # training | comparing (the LSTM is trained; statistical baselines still run)
    # the statistical baselines computing now (names of baselines.STAT_MODELS) and for how long, in seconds
    comparing: dict[str, float] = field(default_factory=dict)
    landed: list[str] = field(default_factory=list)  # the statistical baselines finished (or skipped) so far
    early: int = 0  # > 0: the LSTM's result is published (early_outcome), this many times, once per baseline landed
    owner: str = field(default="", repr=False)
    # Filled in by the caller when it fetches them (inputs(), outcome()): the run's data and, once done, its result.
    df: pd.DataFrame | None = field(default=None, repr=False)
    report: object = field(default=None, repr=False)
    result: TrainResult | None = field(default=None, repr=False)
    outputs: Outputs | None = field(default=None, repr=False)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


def _names(run_id: str) -> tuple[str, str, str]:
    return f"gatescope-run-{run_id}", f"gatescope-data-{run_id}", early_name(run_id)


def _device(c: Client, config: TrainConfig) -> tuple[TrainConfig, dict | None]:
    """The config with its device fixed for the worker, and the resources to ask the scheduler for: a run that asks
    for CUDA (or "auto" when a GPU worker exists) goes to a worker with --resources GPU=1; the rest to any worker."""
    wanted = str(config.device).strip().lower()
    if wanted not in ("auto", "cuda") and not wanted.startswith("cuda:"):
        return config, None  # cpu or mps: any worker
    if cluster.gpu_workers(c):
        return replace(config, device=wanted if wanted != "auto" else "cuda"), {"GPU": 1}
    if wanted != "auto":
        raise ClusterError("no_gpu_worker")
    return config, None  # auto on a worker without a GPU resource: its own best device (CPU, or Apple's MPS)


def submit(df: pd.DataFrame, target: str, config: TrainConfig, *, owner: str, name: str = "", report=None,
           settings: Settings | None = None) -> str:
    """Queue a run of `target` on `df` for `owner` (a browser session's token); returns its run id.

    Raises RunRefused when the owner or the queue is at its limit, ClusterError when the cluster cannot be
    reached or has no GPU for a run that asks for one.
    """
    settings = settings or Settings()
    c = cluster.client(settings)
    sweep(c, settings)
    config, resources = _device(c, config)
    run_id = secrets.token_urlsafe(16)
    entry = {"owner": owner, "name": name, "target": target, "config": config, "created": time.time()}
    refused = ledger.add(c, run_id, entry, settings.max_per_owner, settings.max_queued)
    if refused:
        raise RunRefused(refused, limit=settings.max_per_owner if refused == "per_user" else settings.max_queued)
    run_name, data_name, _ = _names(run_id)
    Variable(progress_name(run_id), client=c).set({"state": "queued", "epochs": config.epochs})
    data = c.scatter([(df, report)], hash=False)[0]  # the user's data lives on a worker, not in this app process
    future = c.submit(run_training, run_id, data, target, config, settings.max_run_s,
                      key=f"gatescope-train-{run_id}", resources=resources, pure=False)
    c.publish_dataset(**{run_name: future, data_name: data})
    return run_id


def get(run_id: str | None, settings: Settings | None = None) -> RunView | None:
    """Where the run stands; None when the id is unknown (never existed, or swept after its TTL)."""
    if not isinstance(run_id, str) or not _RUN_ID.match(run_id):
        return None
    settings = settings or Settings()
    c = cluster.client(settings)
    sweep(c, settings)
    entries = ledger.read(c)
    entry = entries.get(run_id)
    if entry is None:
        return None
    progress = _progress(c, run_id)
    state = entry.get("state", "queued")
    if state in ACTIVE and (broken := _task_problem(c, run_id, entries, settings)):  # the task itself cannot run
        state = "failed"
        progress = {**(progress or {}), "state": "failed", "error_kind": "internal", "error": broken}
        ledger.change(c, run_id, state="failed", finished=time.time())
    if state == "running" and progress and progress.get("state") == "running":
        if time.time() - progress.get("beat", 0) > settings.lost_after_s:  # its worker died with nobody to say so
            state = "lost"
            ledger.change(c, run_id, state="lost", finished=time.time())
    if state in ("done", "failed", "cancelled", "lost") and progress and progress.get("state") in ACTIVE:
        progress = {**progress, "state": state}
    position = ledger.position(entries, run_id)
    p = progress or {}
    return RunView(
        run_id=run_id, name=entry.get("name", ""), target=entry.get("target", ""), config=entry["config"],
        state=state, queue_position=position,
        queue_eta_s=_queue_eta(c, entries, position) if position else None,
        epoch=p.get("epoch", 0), epochs=p.get("epochs", entry["config"].epochs),
        windows_per_s=p.get("windows_per_s"), eta_s=_eta_now(p), history=list(p.get("history", [])),
        notes=list(p.get("notes", [])), error_kind=p.get("error_kind", ""), error=p.get("error", ""),
        error_key=p.get("error_key", ""), error_params=dict(p.get("error_params", {})),
        created=entry.get("created", 0.0), started=entry.get("started"), finished=entry.get("finished"),
        timed_out=bool(p.get("timed_out")), snapshots=p.get("snapshots"), device=p.get("device", ""),
        owner=entry.get("owner", ""), phase=p.get("phase", "training"),
        comparing={name: max(0.0, time.time() - since) for name, since in (p.get("comparing") or {}).items()},
        landed=list(p.get("landed", [])), early=int(p.get("early", 0)),
    )


def _eta_now(progress: dict) -> float | None:
    """The training's remaining time as of now: the estimate at the last epoch, less the time since (so it counts
    down between epochs instead of standing still through a long one)."""
    eta = progress.get("eta_s")
    if eta is None:
        return None
    return max(0.0, float(eta) - max(0.0, time.time() - float(progress.get("eta_at") or time.time())))


def cancel(run_id: str | None, settings: Settings | None = None) -> bool:
    """Stop a run: a queued one leaves the queue, a training one stops after its current batch (keeping its best
    weights so far). False when there is nothing to stop."""
    view = get(run_id, settings)
    if view is None or not view.active:
        return False
    c = cluster.client(settings)
    Event(stop_name(view.run_id), client=c).set()
    if view.state == "queued":
        ledger.change(c, view.run_id, state="cancelled", finished=time.time())
    return True


def outcome(run_id: str, settings: Settings | None = None, timeout: float = 60.0) -> Outcome | None:
    """The finished run's model and outputs, fetched from the worker that holds them; None when gone."""
    c = cluster.client(settings)
    try:
        future = c.get_dataset(_names(run_id)[0])
        return future.result(timeout=timeout)
    except (KeyError, ValueError):
        return None


def early_outcome(run_id: str, settings: Settings | None = None, timeout: float = 60.0) -> Outcome | None:
    """The LSTM's result while statistical baselines still run (they are {"pending": True} in its metrics); None
    before it is published or once gone."""
    c = cluster.client(settings)
    try:
        return c.get_dataset(_names(run_id)[2]).result(timeout=timeout)
    except (KeyError, ValueError):
        return None


def inputs(run_id: str, settings: Settings | None = None, timeout: float = 60.0):
    """(DataFrame, load report) the run was made with; None when gone."""
    c = cluster.client(settings)
    try:
        return c.get_dataset(_names(run_id)[1]).result(timeout=timeout)
    except (KeyError, ValueError):
        return None


def counts(settings: Settings | None = None) -> dict[str, int]:
    """Runs training and waiting in the whole cluster, and its training slots (for the page's status line)."""
    c = cluster.client(settings)
    states = [e.get("state") for e in ledger.read(c).values()]
    return {"running": states.count("running"), "queued": states.count("queued"), "slots": cluster.slots(c)}


def sweep(c: Client, settings: Settings, now: float | None = None, force: bool = False) -> int:
    """Forget runs whose time to live has ended: their datasets, Variables and ledger entries. At most every
    SWEEP_EVERY_S per app server unless forced. Returns how many were swept."""
    now = time.time() if now is None else now
    with _SWEEP_LOCK:
        if not force and now - _SWEPT["at"] < SWEEP_EVERY_S:
            return 0
        _SWEPT["at"] = now
    swept = 0
    for run_id, entry in ledger.read(c).items():
        ended = entry.get("finished")
        if entry.get("state") in ACTIVE or ended is None or now - ended < settings.ttl_s:
            continue
        for name in _names(run_id):
            try:
                c.unpublish_dataset(name)
            except KeyError:
                pass
        Variable(progress_name(run_id), client=c).delete()
        ledger.change(c, run_id, state="gone")
        swept += 1
    return swept


def _task_problem(c: Client, run_id: str, entries: dict[str, dict], settings: Settings) -> str:
    """Why the run's task cannot run or finish ("" when it is fine): its dataset is gone, the task errored before
    the training inside it could report, or it waits although a training slot is free (a scheduler or worker
    without this project's code cannot start it: Dask then leaves it pending)."""
    future = c.get_dataset(_names(run_id)[0], default=None)
    if future is None:
        return "the cluster lost the run"
    entry = entries[run_id]
    if entry.get("state") == "queued" and time.time() - entry.get("created", time.time()) > settings.start_within_s:
        running = sum(e.get("state") == "running" for e in entries.values())
        if running < cluster.slots(c):
            return ("the training cluster did not start the run although a slot is free: are the scheduler and the "
                    "workers running with this project's code and packages?")
    if future.status in ("error", "cancelled", "lost"):
        try:
            return f"{type(future.exception(timeout=5)).__name__}: {str(future.exception(timeout=5))[:200]}"
        except Exception as exc:  # cancelled or lost: there is no exception to show
            return type(exc).__name__
    return ""


def _progress(c: Client, run_id: str) -> dict | None:
    try:
        return Variable(progress_name(run_id), client=c).get(timeout=1)  # set at submit: no wait
    except TimeoutError:  # swept meanwhile
        return None


def _queue_eta(c: Client, entries: dict[str, dict], position: int) -> float:
    """About how long until the run at `position` starts: the training slots free up as the running runs end
    (their own ETA), then each run ahead takes a typical run's time."""
    done = [e["finished"] - e["started"] for e in entries.values()
            if e.get("state") == "done" and e.get("started") and e.get("finished")]
    typical = sum(done[-10:]) / len(done[-10:]) if done else TYPICAL_RUN_S
    free_at = []
    for rid, e in entries.items():
        if e.get("state") == "running":
            eta = (_progress(c, rid) or {}).get("eta_s")
            free_at.append(float(eta) if eta is not None else typical)
    free_at += [0.0] * max(0, cluster.slots(c) - len(free_at))
    heapq.heapify(free_at)
    for _ in range(position - 1):
        heapq.heappush(free_at, heapq.heappop(free_at) + typical)
    return heapq.heappop(free_at)


def list_runs(owner: str, settings: Settings | None = None) -> list[RunView]:
    """Every run of one owner (a browser session's token) the cluster still has, oldest first."""
    c = cluster.client(settings)
    mine = sorted((e.get("created", 0.0), rid) for rid, e in ledger.read(c).items() if e.get("owner") == owner)
    return [view for _, rid in mine if (view := get(rid, settings)) is not None]
