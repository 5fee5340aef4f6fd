"""The embedded training cluster speaks only to this app: TLS with credentials made at start-up, and no HTTP
endpoint (Dask serves /metrics and /health even without a dashboard). Any other process on the machine that
tries to reach it (no credentials, other credentials, plain TCP) is refused."""

from __future__ import annotations

import os

import psutil
import pytest
from distributed import Client
from distributed.security import Security

from lstm_core.service import cluster
from lstm_core.service.settings import Settings


@pytest.fixture(scope="module")
def embedded():
    cluster.close()
    c = cluster.client(Settings(address=None, worker_threads=1))
    yield c
    cluster.close()


def test_the_embedded_scheduler_speaks_tls_and_trains(embedded):
    assert embedded.scheduler.address.startswith("tls://127.0.0.1:")
    assert embedded.submit(sum, [1, 2, 3]).result(timeout=60) == 6


@pytest.mark.parametrize("how", ["no credentials", "other credentials", "plain tcp"])
def test_a_client_without_the_apps_credentials_is_refused(embedded, how):
    address = embedded.scheduler.address
    with pytest.raises((OSError, TypeError, ValueError)):  # CommClosedError is an OSError; TLS without a context
        if how == "no credentials":
            Client(address, timeout=5, set_as_default=False)
        elif how == "other credentials":
            Client(address, security=Security.temporary(), timeout=5, set_as_default=False)
        else:
            Client(address.replace("tls://", "tcp://"), timeout=5, set_as_default=False)


def test_no_http_endpoint_listens(embedded):
    """Only the scheduler's, the nanny's and the worker's TLS ports listen: no /metrics, no /health."""
    comms = {embedded.scheduler.address, *embedded.scheduler_info()["workers"]}
    comms |= {n.address for n in cluster._STATE["cluster"].workers.values()}
    ports = {int(a.rsplit(":", 1)[1]) for a in comms}
    me = psutil.Process()
    listening = {conn.laddr.port for p in [me, *me.children(recursive=True)]
                 for conn in p.net_connections(kind="tcp") if conn.status == psutil.CONN_LISTEN}
    assert listening - ports == set(), f"other ports listen: {sorted(listening - ports)}"


def test_the_embedded_worker_runs_behind_the_web_server(embedded):
    """Its threads (the slots included, and those started later) yield the CPU to the web server's: a class's clicks
    are answered first while runs train on the same cores."""

    def nice_of_a_slot() -> tuple[int, list[int]]:
        import os
        import threading

        tids = [int(t) for t in os.listdir("/proc/self/task")]
        here = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())  # the slot running this function
        return here, [os.getpriority(os.PRIO_PROCESS, t) for t in tids]

    slot, threads = embedded.submit(nice_of_a_slot, pure=False).result(timeout=60)
    server = os.getpriority(os.PRIO_PROCESS, 0)  # this process, the web server's place: not lowered
    behind = min(19, server + cluster.WORKER_NICE)
    assert slot == behind and min(threads) == behind, (server, slot, threads)


def test_the_embedded_worker_warms_up_as_it_starts(embedded):
    """Its statsforecast processes start and the training engine is imported before the first run asks (the call
    that asks it to once failed inside Dask and was swallowed: nothing warmed)."""
    import time

    pytest.importorskip("statsforecast")

    def warm() -> tuple[list[int], bool]:
        import sys

        from lstm_core.forecast.stat_pool import shared_pool

        return shared_pool().pids(), "lstm_core.forecast.train" in sys.modules

    deadline = time.time() + 60
    while not all(got := next(iter(embedded.run(warm).values()))):
        assert time.time() < deadline, got
        time.sleep(0.2)


def test_the_embedded_worker_does_not_sample_stacks(embedded):
    """Dask's profiler (every thread's stack every 10 ms, under the interpreter lock) is off: it slowed training."""

    def profiling() -> bool:
        import dask

        return bool(dask.config.get("distributed.worker.profile.enabled"))

    assert embedded.run(profiling) and not any(embedded.run(profiling).values())
