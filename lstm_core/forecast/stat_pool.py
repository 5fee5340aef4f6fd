"""Warm processes for the statistical baselines, and the results they already gave.

    pool = shared_pool()                       # one per process (the CLI, a Dask worker)
    pool.prewarm()                             # start a process now: its import overlaps the LSTM's training
    reply = pool.call(request, budget_s=20)    # bytes, or raises BudgetPassed / Missing / WorkerDied

Each process (lstm_core.forecast.stat_worker) imports statsforecast once (about 2 s, 7 s on a cold disk) and then
answers request after request, so a run pays the import at most once and usually never: the pool keeps `keep`
idle processes warm. A model past its budget is not left running: its process is killed and waited for (no
zombie, no orphan) and a fresh one is started in its place, in the background. A process also exits by itself when
the one that started it goes (its stdin closes).

A baseline's result depends only on its inputs, so it is kept (ResultCache) under a key of everything that
determines it: the series' values, the split, the scoring origins, the horizon, the seasons, the model, the mode
(held-out scoring, or the forecast after the data with its interval's level), the statsforecast version and this
engine's version. A class training on one bundled sample pays for each model once,
and a second run with another seed pays nothing. Only forecasts are kept; a skip (budget, failure) is tried again.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import selectors
import struct
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from importlib import metadata
from pathlib import Path

import numpy as np

from lstm_core.forecast.stat_worker import MISSING, READY, write_frame

_ROOT = Path(__file__).resolve().parents[2]  # the directory that holds lstm_core, for the child's sys.path
# bump when stat_worker.stat_forecasts or stat_future changes what it computes: old cache entries then miss
# 4: refits per origin, MSTL on the whole history, the own 80% bounds, seasons per model (issue 24's fair verdict)
ENGINE_VERSION = "4"
# idle processes kept per pool (each ~150 MB): one per core, as many as models compute at once (baselines.parallel,
# or a worker's slots); more start on demand when runs overlap
KEEP_WARM = max(1, min(os.cpu_count() or 1, 4))
MAX_REQUESTS = 200  # a process is replaced after this many answers (bounds any slow growth in memory)
Bounds = tuple[np.ndarray, np.ndarray]  # (lower, upper) of an interval, each shaped like the forecasts


class BudgetPassed(Exception):
    """The model did not answer within its budget; its process was killed."""


class Missing(Exception):
    """statsforecast cannot be imported where the baselines run."""


class WorkerDied(Exception):
    """The process ended without an answer (killed by cancel(), or crashed): the message says how."""


def statsforecast_version() -> str:
    """The installed statsforecast's version, read without importing it ("" when it is not installed)."""
    try:
        return metadata.version("statsforecast")
    except metadata.PackageNotFoundError:
        return ""


def cache_key(name: str, series: np.ndarray, n_train: int, origins: np.ndarray, horizon: int, season: int,
              seasons: tuple[int, ...], level: int = 0, refits: int = 1) -> str:
    """A digest of everything that determines one baseline's forecasts (the target's values stand for the data and
    the target; n_train for the split; refits for how often the held-out backtest fits again). `level` > 0 is the
    forecast after the data with that interval, a mode of its own: it never shares a key with a held-out (level 0)
    entry."""
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(series, dtype=np.float64).tobytes())
    h.update(np.ascontiguousarray(origins, dtype=np.int64).tobytes())
    mode = ("future", int(level)) if level else ("backtest", int(refits))
    h.update(repr((name, int(n_train), int(horizon), int(season), tuple(int(s) for s in seasons),
                   statsforecast_version(), ENGINE_VERSION, len(series), mode)).encode())
    return h.hexdigest()


class ResultCache:
    """Baseline results by cache_key, least recently used first out; at most `max_items` (a few KB each)."""

    def __init__(self, max_items: int = 512):
        self.max_items = max_items
        # key -> (forecasts, the chosen form, (lower, upper) of a forecast with a level, else None)
        self._items: OrderedDict[str, tuple[np.ndarray, str, Bounds | None]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> tuple[np.ndarray, str, Bounds | None] | None:
        """(forecasts, form, bounds) as put, copies the caller may change; None on a miss."""
        with self._lock:
            got = self._items.get(key)
            if got is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            bounds = None if got[2] is None else (got[2][0].copy(), got[2][1].copy())
            return got[0].copy(), got[1], bounds

    def put(self, key: str, forecasts: np.ndarray, detail: str, bounds: Bounds | None = None) -> None:
        with self._lock:
            kept = None if bounds is None else (np.array(bounds[0], dtype=np.float64),
                                                np.array(bounds[1], dtype=np.float64))
            self._items[key] = (np.array(forecasts, dtype=np.float64), detail, kept)
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0


class WarmProcess:
    """One stat_worker process and its pipes."""

    def __init__(self, env: dict[str, str] | None = None):
        env = {**os.environ, **(env or {}), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1"}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), env.get("PYTHONPATH", "")) if p)
        self.proc = subprocess.Popen([sys.executable, "-m", "lstm_core.forecast.stat_worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=str(_ROOT))
        self.state = "starting"  # starting | ready | missing | dead
        self.answered = 0

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read(self, n: int, deadline: float) -> bytes:
        """Exactly n bytes from the process, or raises BudgetPassed at the deadline / WorkerDied at its end."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        chunks, got = [], 0
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while got < n:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    raise BudgetPassed
                chunk = os.read(fd, min(n - got, 1 << 20))
                if not chunk:
                    raise WorkerDied(f"the process ended (exit code {self.proc.poll()})")
                chunks.append(chunk)
                got += len(chunk)
        return b"".join(chunks)

    def _frame(self, deadline: float) -> bytes:
        (n,) = struct.unpack("<Q", self._read(8, deadline))
        return self._read(n, deadline)

    def wait_ready(self, deadline: float) -> None:
        """Until the hello: returns when it is ready; raises Missing, BudgetPassed or WorkerDied."""
        if self.state == "starting":
            hello = self._frame(deadline)
            self.state = "ready" if hello == READY else "missing" if hello == MISSING else "dead"
        if self.state == "missing":
            raise Missing
        if self.state != "ready":
            raise WorkerDied("the process did not start")

    def call(self, request: bytes, deadline: float) -> bytes:
        self.wait_ready(deadline)
        assert self.proc.stdin is not None
        try:
            write_frame(self.proc.stdin, request)
        except (BrokenPipeError, OSError) as exc:
            raise WorkerDied(str(exc)) from None
        reply = self._frame(deadline)
        self.answered += 1
        return reply

    def stop(self) -> None:
        """Kill the process from another thread (cancel): the thread waiting on its answer then reaps it."""
        if self.proc.poll() is None:
            self.proc.kill()

    def kill(self) -> None:
        """End the process and reap it: nothing of it is left."""
        self.state = "dead"
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass


class StatPool:
    """Warm stat_worker processes: leased one per model, returned when it answers, killed when it passes its
    budget or is cancelled. `keep` idle processes stay warm (0: each call starts its own, the old behaviour)."""

    def __init__(self, keep: int = KEEP_WARM, env: dict[str, str] | None = None):
        self.keep = keep
        self.env = env
        self.cache = ResultCache()
        self._idle: list[WarmProcess] = []
        self._busy: set[WarmProcess] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.missing = False  # a process said statsforecast cannot be imported: later calls say so at once

    def prewarm(self) -> None:
        """Start processes until `keep` are idle (their import runs while the caller does something else)."""
        with self._lock:
            while not self._closed and len(self._idle) < self.keep:
                self._idle.append(WarmProcess(self.env))

    def _lease(self) -> WarmProcess:
        with self._lock:
            # the process furthest along first: a ready one, else the one started longest ago
            while self._idle:
                proc = self._idle.pop(0)
                if proc.proc.poll() is None:
                    self._busy.add(proc)
                    return proc
                proc.kill()
            proc = WarmProcess(self.env)
            self._busy.add(proc)
            return proc

    def _give_back(self, proc: WarmProcess, healthy: bool) -> None:
        with self._lock:
            self._busy.discard(proc)
            if healthy and not self._closed and proc.answered < MAX_REQUESTS and len(self._idle) < self.keep:
                self._idle.append(proc)
                return
        proc.kill()
        if not self.missing:
            self.prewarm()  # the next model finds a warm one again

    def call(self, request: bytes, budget_s: float, on_start=None) -> bytes:
        """The reply of a leased process to one request, within budget_s seconds (waiting for a process that is
        still importing counts). on_start(process) lets the caller kill it from another thread (cancel)."""
        if self.missing:
            raise Missing
        deadline = time.monotonic() + budget_s
        proc = self._lease()
        if on_start is not None:
            on_start(proc)
        healthy = False
        try:
            reply = proc.call(request, deadline)
            healthy = True
            return reply
        except Missing:
            self.missing = True  # no use starting another
            raise
        finally:
            self._give_back(proc, healthy)

    def pids(self) -> list[int]:
        """Every process the pool holds now, idle or busy (for tests and the bench)."""
        with self._lock:
            return [p.pid for p in [*self._idle, *self._busy] if p.proc.poll() is None]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            procs, self._idle = [*self._idle, *self._busy], []
        for proc in procs:
            proc.kill()


_SHARED: dict[str, StatPool] = {}  # the process's pool (infrastructure, like a connection: no user data in it)
_SHARED_LOCK = threading.Lock()


def shared_pool() -> StatPool:
    """This process's pool; GATESCOPE_STAT_WARM=0 keeps no process warm (each model starts its own)."""
    with _SHARED_LOCK:
        pool = _SHARED.get("pool")
        if pool is None:
            keep = KEEP_WARM if os.environ.get("GATESCOPE_STAT_WARM", "1") != "0" else 0
            pool = _SHARED["pool"] = StatPool(keep=keep)
            atexit.register(pool.close)
        return pool
