"""One Dask client per process: an embedded LocalCluster when GATESCOPE_CLUSTER is unset, else that scheduler.

The embedded cluster runs its worker in a process of its own (started by the app, nothing to run by hand), so
training never shares the web server's interpreter lock and its torch thread setting stays out of the web server.
It speaks TLS with credentials made at start-up and serves no HTTP (see _embedded); the README says how to secure
a real scheduler the same way.
The same Client code talks to a real scheduler with workers on other machines, GPU workers included
(`dask worker ... --resources GPU=1`).
"""

from __future__ import annotations

import os
import threading
import warnings

import dask
import torch
from distributed import Client, LocalCluster, WorkerPlugin
from distributed.security import Security

from lstm_core.errors import KeyedError
from lstm_core.service.settings import Settings

_LOCK = threading.Lock()
_STATE: dict = {}  # "client", "cluster", "address": the process's connection (not per-user data)


class ClusterError(KeyedError):
    """The training cluster cannot be reached or used; the message says what to do."""

    MESSAGES = {
        "unreachable": "The training cluster at {address} cannot be reached ({reason}). Start it (make cluster) "
                       "or unset GATESCOPE_CLUSTER to train inside the app.",
        "no_gpu_worker": "A GPU was asked for, but no worker of the cluster has one (start one with "
                         "dask worker ... --resources GPU=1), or train on the CPU.",
        "embedded_failed": "The app could not start its training workers ({reason}).",
        "lost": "The run was lost: the worker training it stopped, or the cluster forgot it. Start it again.",
    }


def client(settings: Settings | None = None) -> Client:
    """The process's Dask client, connecting (or starting the embedded cluster) on first use."""
    settings = settings or Settings()
    with _LOCK:
        current = _STATE.get("client")
        same = _STATE.get("pinned") or _STATE.get("address") == settings.address
        if current is not None and same and current.status == "running":
            return current
        _close_locked()
        if settings.address:
            try:
                current = Client(settings.address, timeout=settings.connect_timeout_s, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise ClusterError("unreachable", address=settings.address, reason=type(exc).__name__) from None
        else:
            try:
                cluster, current = _embedded(settings)
            except (OSError, RuntimeError) as exc:
                raise ClusterError("embedded_failed", reason=str(exc)[:200]) from None
            _STATE["cluster"] = cluster
            _prewarm_baselines(current)  # (a separate cluster's workers warm up on their first run)
        _STATE.update(client=current, address=settings.address)
        return current


class _NoHttp(WorkerPlugin):
    """Stops a worker's HTTP server as it starts (a restarted worker too): it would serve /metrics to anyone."""

    name = "gatescope-no-http"

    def setup(self, worker) -> None:
        worker.http_server.stop()


WORKER_NICE = 10  # the embedded worker's nice levels below the web server's (Linux: a higher nice yields)


class _BehindTheServer(WorkerPlugin):
    """Lowers the embedded worker's CPU priority below the web server's, beside which it runs on the same cores
    (one slot per core): a class's clicks and what-ifs are answered first, and training takes every cycle they leave.
    Linux's nice is per thread; every thread the worker has now is lowered, and the threads it starts later (its
    slots, torch's) inherit it. Elsewhere it does nothing."""

    name = "gatescope-behind-the-server"

    def setup(self, worker) -> None:
        _lower_priority(WORKER_NICE)


def _lower_priority(by: int) -> None:
    """Every thread of this process `by` nice levels below what the process started with (at most 19), once."""
    if _STATE.get("lowered"):
        return
    _STATE["lowered"] = True
    try:
        tids = [int(t) for t in os.listdir("/proc/self/task")]
        target = min(19, os.getpriority(os.PRIO_PROCESS, os.getpid()) + by)  # the main thread's: as started
    except OSError:  # not Linux: leave it
        return
    for tid in tids:
        try:
            os.setpriority(os.PRIO_PROCESS, tid, max(target, os.getpriority(os.PRIO_PROCESS, tid)))
        except OSError:  # a thread that ended meanwhile
            pass


def _embedded(settings: Settings) -> tuple[LocalCluster, Client]:
    """The embedded cluster, which speaks only to this app: TLS with a certificate authority and keys made now, in
    memory (Security.temporary), so another process on the machine cannot list runs, read a user's data or run
    code on the worker; and no HTTP endpoint (Dask starts one even without a dashboard: /metrics, /health)."""
    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    security = Security.temporary()
    no_routes: dict[str, list[str]] = {"distributed.scheduler.http.routes": [], "distributed.worker.http.routes": []}
    # Dask's statistical profiler samples every thread's stack every 10 ms, holding the interpreter lock: a run's LSTM
    # trained 20% slower under it (bike rides: 3.0 s against 2.4 s), for a dashboard the app does not serve.
    no_profiler = {"distributed.worker.profile.enabled": False}
    with dask.config.set({**no_routes, **no_profiler}), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "port 8787 is in use": the HTTP server is stopped below
        cluster = LocalCluster(n_workers=1, threads_per_worker=settings.worker_threads, processes=True,
                               dashboard_address=None, silence_logs=40, worker_dashboard_address=None,
                               resources={"GPU": gpus} if gpus else None, protocol="tls", host="127.0.0.1",
                               security=security)
    cluster.scheduler.http_server.stop()  # the scheduler runs in this process
    current = Client(cluster, security=security, set_as_default=False)
    current.register_plugin(_NoHttp())
    current.register_plugin(_BehindTheServer())
    return cluster, current


def _prewarm_baselines(c: Client) -> None:
    """The embedded worker starts its warm statsforecast processes and imports the training engine now (in the
    background there: this returns at once), so that even the first run pays neither."""
    try:
        c.run(_prewarm_here)
    except Exception:  # only a head start: the first run starts the processes itself
        pass


def _prewarm_here() -> None:
    def warm() -> None:
        from lstm_core.forecast.stat_pool import shared_pool

        shared_pool().prewarm()
        import lstm_core.forecast.train  # noqa: F401  (torch and the engine: seconds on a cold disk)

    threading.Thread(target=warm, name="gatescope-prewarm", daemon=True).start()


def use(c: Client) -> None:
    """Use this client for the process, whatever GATESCOPE_CLUSTER says (tests that start their own cluster).
    The caller keeps owning it: close() leaves it open."""
    with _LOCK:
        _close_locked()
        _STATE.update(client=c, address=None, pinned=True)


def close() -> None:
    """Close the process's client (and the embedded cluster)."""
    with _LOCK:
        _close_locked()


def _close_locked() -> None:
    c, cluster = _STATE.pop("client", None), _STATE.pop("cluster", None)
    _STATE.pop("address", None)
    if _STATE.pop("pinned", None):
        return  # a client given with use() belongs to its caller
    for thing in (c, cluster):
        if thing is not None:
            try:
                thing.close()
            except Exception:  # closing a dead connection: nothing left to do
                pass


def gpu_workers(c: Client) -> int:
    """How many workers offer a GPU (resources GPU >= 1)."""
    workers = c.scheduler_info(n_workers=-1).get("workers", {})
    return sum(1 for w in workers.values() if (w.get("resources") or {}).get("GPU", 0) >= 1)


def slots(c: Client) -> int:
    """Runs the cluster can train at once: its worker threads."""
    return max(1, sum(c.nthreads().values()))
