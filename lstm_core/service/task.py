"""What a Dask worker runs for one training run: fit, then the outputs, reporting through Dask's own means.

Progress (epoch, losses, windows/s, ETA, gate snapshots) goes into the run's Variable, at most every PUSH_S and
with a heartbeat while an epoch runs long; Stop is the run's Event, checked by fit between batches (the best
weights so far are kept). The result (the trained model, forecast, downloads) is the task's own value: it stays
on the worker, published on the scheduler, until the run's time to live ends.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

import pandas as pd
import torch
from distributed import Event, Variable, get_client, secede

from lstm_core.errors import GatescopeError, KeyedError
from lstm_core.forecast.train import TrainConfig, TrainEvent, TrainResult, fit
from lstm_core.service import ledger
from lstm_core.service.outputs import Outputs, make_outputs
from lstm_core.service.stat_tasks import DaskBaselines

log = logging.getLogger("gatescope.service")
PUSH_S = 0.5  # progress reaches the scheduler at most this often (the page polls about as often)
HEARTBEAT_S = 5.0  # and at least this often while a run trains, so a lost worker shows as lost
MAX_POINTS = 1000  # loss points kept for the live chart (thinned by 2 when full)
MAX_NOTES = 20  # notable events kept (OOM retry, CPU fallback, NaN stop, early stop, cancelled)
NOTE_KINDS = ("oom_retry", "fallback_cpu", "nan_stop", "early_stop", "cancelled")


def progress_name(run_id: str) -> str:
    return f"gatescope-progress-{run_id}"


def stop_name(run_id: str) -> str:
    return f"gatescope-stop-{run_id}"


def early_name(run_id: str) -> str:
    """The dataset of the LSTM's result published while statistical baselines still run (an Outcome "done")."""
    return f"gatescope-early-{run_id}"


@dataclass
class Outcome:
    """The task's value: how the run ended and, when it trained, the result and its outputs."""

    state: str  # done | failed | cancelled | lost
    result: TrainResult | None = None
    outputs: Outputs | None = None


class Progress:
    """The run's progress as one plain dict in a Dask Variable, pushed at most every PUSH_S (and on every change of
    state), with a heartbeat thread while the run trains."""

    def __init__(self, run_id: str, epochs: int) -> None:
        self.var = Variable(progress_name(run_id))
        self.state: dict = {"state": "running", "epoch": 0, "epochs": epochs, "windows_per_s": None, "eta_s": None,
                            "history": [], "notes": [], "snapshots": None, "started": time.time(), "finished": None,
                            "error_kind": "", "error": "", "error_key": "", "error_params": {}, "timed_out": False,
                            "beat": time.time(), "device": "",
                            # after the LSTM: "comparing", the baselines computing and since when (wall clock), the
                            # baselines that landed, and how many times the early result was published (0: never)
                            "phase": "training", "comparing": {}, "landed": [], "early": 0}
        self.stride = 1
        self.pushed = 0.0
        self.lock = threading.Lock()
        self.done = threading.Event()
        # set by run_training: publishes the LSTM's result at once (Callable[[TrainResult], None])
        self.publish_early: Callable[[TrainResult], None] | None = None

    def push(self, force: bool = False) -> None:
        with self.lock:
            now = time.time()
            if not force and now - self.pushed < PUSH_S:
                return
            self.state["beat"], self.pushed = now, now
            snapshot = dict(self.state)
        self.var.set(snapshot)

    def on_event(self, event: TrainEvent) -> None:
        with self.lock:
            s = self.state
            if event.kind in ("start", "epoch"):
                s.update(epoch=event.epoch, epochs=event.epochs or s["epochs"], windows_per_s=event.windows_per_s,
                         eta_s=event.eta_s, eta_at=time.time())
            if event.snapshots is not None:
                s["snapshots"] = event.snapshots
            if event.kind == "epoch" and event.epoch % self.stride == 0:
                s["history"] = [*s["history"], (event.epoch, _finite(event.train_loss), _finite(event.val_loss))]
                if len(s["history"]) > MAX_POINTS:  # every other point, and from now on every 2nd epoch
                    s["history"], self.stride = s["history"][::2], self.stride * 2
            if event.kind in NOTE_KINDS and len(s["notes"]) < MAX_NOTES:
                s["notes"] = [*s["notes"], replace(event, snapshots=None)]
            if event.kind == "comparing":
                s.update(phase="comparing", comparing={**s["comparing"], event.message: time.time()})
            if event.kind == "baseline":
                name = event.message.split(" ")[0]
                s.update(landed=[*s["landed"], name],
                         comparing={k: v for k, v in s["comparing"].items() if k != name})
        if event.kind == "trained" and event.result is not None and self.publish_early is not None:
            self.publish_early(event.result)  # outside the lock: making the downloads takes a moment
            with self.lock:
                self.state.update(phase="comparing", early=self.state["early"] + 1)
            self.push(force=True)
            return
        self.push(force=event.kind in ("comparing", "baseline"))

    def heartbeat(self) -> None:
        while not self.done.wait(HEARTBEAT_S):
            try:
                self.push(force=True)
            except Exception:  # the scheduler went away: the run's end will say so, or nobody is left to tell
                return

    def finish(self, state: str, **fields) -> None:
        self.done.set()
        with self.lock:
            self.state.update(state=state, finished=time.time(), **fields)
        self.push(force=True)


def _on_event(progress: Progress, event: TrainEvent) -> None:
    """The run's progress; and once its LSTM is trained, the run leaves its training slot (Dask's secede): what is
    left is waiting for the statistical baselines, which compute as tasks of their own (stat_tasks), so the slot
    goes to them or to the next run in the queue instead of to a task that only waits."""
    if event.kind == "trained" and not progress.state.get("seceded"):
        progress.state["seceded"] = True
        secede()
    progress.on_event(event)


def _finite(v: float | None) -> float:
    return float(v) if v is not None and math.isfinite(v) else math.nan


def run_training(run_id: str, data: tuple, target: str, config: TrainConfig, max_run_s: int) -> Outcome:
    """The body of one run on a worker. data: (DataFrame, load report). Never raises: every ending is an Outcome,
    and the run's progress says why."""
    df: pd.DataFrame = data[0]
    c = get_client()
    stop = Event(stop_name(run_id), client=c)
    earlier = Variable(progress_name(run_id), client=c).get(timeout=5)  # set when the run was submitted
    if earlier.get("started"):  # this task started once on a worker that died: say so rather than start over unseen
        Variable(progress_name(run_id), client=c).set({**earlier, "state": "lost", "finished": time.time()})
        ledger.change(c, run_id, state="lost", finished=time.time())
        return Outcome("lost")
    if stop.is_set():  # stopped while it waited in the queue
        ledger.change(c, run_id, state="cancelled", finished=time.time())
        return Outcome("cancelled")

    progress = Progress(run_id, config.epochs)

    def publish_early(result: TrainResult) -> None:
        """The LSTM's result and downloads, on the cluster at once; the baselines still running are pending."""
        try:
            early = c.scatter(Outcome("done", result, make_outputs(result, df, provisional=True)), hash=False)
            c.publish_dataset(**{early_name(run_id): early}, override=True)
        except Exception:  # a bonus: the full result still comes when the last baseline lands
            log.exception("run %s: the early result could not be published", run_id[:6])

    progress.publish_early = publish_early
    progress.push(force=True)
    ledger.change(c, run_id, state="running", started=time.time())
    beat = threading.Thread(target=progress.heartbeat, name=f"gatescope-beat-{run_id[:6]}", daemon=True)
    beat.start()
    started = time.time()

    def should_stop() -> bool:
        if stop.is_set():
            return True
        if time.time() - started > max_run_s:
            progress.state["timed_out"] = True
            return True
        return False

    # One torch thread a run: the worker's threads are its training slots. (A worker process of its own: this
    # setting never reaches the web server.) The device was chosen when the run was submitted (runs.submit).
    torch.set_num_threads(1)
    cfg = replace(config, num_threads=None)
    try:
        result = fit(df, target, cfg, callback=partial(_on_event, progress), should_stop=should_stop,
                     baselines=partial(DaskBaselines, client=c, run_id=run_id))
        outputs = make_outputs(result, df)
    except GatescopeError as exc:  # the user's data or setting: the message says what to do
        key, params = (exc.key, dict(exc.params)) if isinstance(exc, KeyedError) else ("", {})
        progress.finish("failed", error_kind="data", error=str(exc)[:600], error_key=key, error_params=params)
        ledger.change(c, run_id, state="failed", finished=time.time())
        return Outcome("failed")
    except Exception as exc:  # a bug of ours: logged with its traceback on the worker, a plain word for the user
        log.exception("training run %s failed", run_id[:6])
        progress.finish("failed", error_kind="internal", error=type(exc).__name__)
        ledger.change(c, run_id, state="failed", finished=time.time())
        return Outcome("failed")
    progress.finish("done", device=result.device)
    ledger.change(c, run_id, state="done", finished=time.time())
    return Outcome("done", result, outputs)
