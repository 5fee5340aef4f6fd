"""The training service on Dask (lstm_core.service) against an in-process cluster: submit, progress, Stop, the
queue, limits, a run found from a second client, the time to live, and what a user sees when something fails.
tests/core/test_service_cluster.py runs it against a real scheduler and worker started as subprocesses."""

from __future__ import annotations

import socket
import time

import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from lstm_core.forecast.train import TrainConfig
from lstm_core.service import cluster, runs
from lstm_core.service.cluster import ClusterError
from lstm_core.service.runs import RunRefused
from lstm_core.service.settings import Settings

SETTINGS = Settings(address=None, max_per_owner=2, max_queued=3, ttl_s=60, lost_after_s=30)


def series(n: int = 120) -> pd.DataFrame:
    idx = pd.date_range("2020-01-01", periods=n, freq="MS")
    t = np.arange(n)
    return pd.DataFrame({"y": 100 + t + 10 * np.sin(2 * np.pi * t / 12)}, index=idx)


def wait(run_id: str, until=lambda v: not v.active, timeout: float = 60.0):
    end = time.time() + timeout
    while time.time() < end:
        view = runs.get(run_id, SETTINGS)
        if view is not None and until(view):
            return view
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not get there in {timeout} s: {runs.get(run_id, SETTINGS)}")


@pytest.fixture(scope="module")
def one_slot():
    """A cluster with one training slot, in this process (fast to start), used as the service's cluster."""
    lc = LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=None,
                      silence_logs=50)
    c = Client(lc, set_as_default=False)
    cluster.use(c)
    yield c
    cluster.close()
    lc.close()


def test_a_run_reports_progress_and_ends_with_its_model_and_downloads(one_slot):
    run_id = runs.submit(series(), "y", TrainConfig(horizon=6, epochs=4, device="cpu"), owner="alice",
                         name="air.csv", settings=SETTINGS)
    view = wait(run_id)
    assert view.state == "done" and view.name == "air.csv" and view.target == "y" and view.epoch >= 1
    assert [h[0] for h in view.history] == list(range(1, len(view.history) + 1)) and view.history
    out = runs.outcome(run_id, SETTINGS)
    assert out.state == "done" and out.result.target == "y" and out.outputs.model_zip[:2] == b"PK"
    assert len(out.outputs.forecast) == 6 and b"lstm" in out.outputs.metrics_json
    df, _report = runs.inputs(run_id, SETTINGS)
    pd.testing.assert_frame_equal(df, series())


def test_a_second_client_finds_the_run_by_its_id(one_slot):
    run_id = runs.submit(series(), "y", TrainConfig(horizon=6, epochs=2, device="cpu"), owner="bob",
                         settings=SETTINGS)
    wait(run_id)
    other = Client(one_slot.scheduler.address, set_as_default=False)  # another app server on the same scheduler
    try:
        cluster.use(other)
        view = runs.get(run_id, SETTINGS)
        assert view is not None and view.state == "done" and view.owner == "bob"
        assert runs.outcome(run_id, SETTINGS).result.horizon == 6
    finally:
        cluster.use(one_slot)
    assert runs.get("not-a-run-id-at-all-xyz", SETTINGS) is None and runs.get("../etc", SETTINGS) is None
    assert [v.run_id for v in runs.list_runs("bob", SETTINGS)] == [run_id] and runs.list_runs("nobody", SETTINGS) == []


def test_queue_position_stop_and_cancel_while_waiting(one_slot):
    long = TrainConfig(horizon=6, epochs=3000, patience=3000, device="cpu")
    first = runs.submit(series(400), "y", long, owner="carol", settings=SETTINGS)
    wait(first, until=lambda v: v.state == "running" and v.epoch >= 1)
    second = runs.submit(series(), "y", TrainConfig(horizon=6, epochs=2, device="cpu"), owner="dave",
                         settings=SETTINGS)
    queued = runs.get(second, SETTINGS)
    assert queued.state == "queued" and queued.queue_position == 1 and queued.queue_eta_s is not None
    assert runs.cancel(second, SETTINGS) and runs.get(second, SETTINGS).state == "cancelled"
    assert not runs.cancel(second, SETTINGS)  # nothing left to stop
    assert runs.cancel(first, SETTINGS)  # Stop: the run ends after its batch, keeping its best weights
    view = wait(first)
    assert view.state == "done" and any(n.kind == "cancelled" for n in view.notes)
    assert runs.outcome(first, SETTINGS).result.cancelled


def test_one_user_cannot_hold_more_than_the_limit(one_slot):
    long = TrainConfig(horizon=6, epochs=3000, patience=3000, device="cpu")
    ids = [runs.submit(series(400), "y", long, owner="erin", settings=SETTINGS) for _ in range(2)]
    with pytest.raises(RunRefused, match="already have 2 runs") as info:
        runs.submit(series(), "y", long, owner="erin", settings=SETTINGS)
    assert info.value.key == "per_user"
    other = runs.submit(series(), "y", TrainConfig(horizon=6, epochs=1, device="cpu"), owner="frank",
                        settings=SETTINGS)  # somebody else still gets in
    for run_id in (*ids, other):
        runs.cancel(run_id, SETTINGS)
    for run_id in (*ids, other):
        wait(run_id)


def test_data_the_engine_refuses_is_said_with_its_key(one_slot):
    run_id = runs.submit(series(), "no_such_column", TrainConfig(horizon=6, epochs=1, device="cpu"),
                         owner="gina", settings=SETTINGS)
    view = wait(run_id)
    assert view.state == "failed" and view.error_kind == "data" and view.error_key == "unknown_column"
    assert "no_such_column" in view.error


def test_finished_runs_are_forgotten_after_their_time_to_live(one_slot):
    run_id = runs.submit(series(), "y", TrainConfig(horizon=6, epochs=1, device="cpu"), owner="hal",
                         settings=SETTINGS)
    wait(run_id)
    assert runs.sweep(one_slot, SETTINGS, now=time.time() + 30, force=True) == 0  # still in its window
    assert runs.sweep(one_slot, SETTINGS, now=time.time() + SETTINGS.ttl_s + 5, force=True) >= 1
    assert runs.get(run_id, SETTINGS) is None and runs.outcome(run_id, SETTINGS) is None
    assert f"gatescope-run-{run_id}" not in one_slot.list_datasets()


def test_a_run_that_asks_for_a_gpu_the_cluster_lacks_is_refused_plainly(one_slot):
    with pytest.raises(ClusterError, match="no worker of the cluster has one"):
        runs.submit(series(), "y", TrainConfig(horizon=6, epochs=1, device="cuda"), owner="ivy", settings=SETTINGS)


def test_an_unreachable_scheduler_is_a_clear_message_not_a_hang():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # a port nobody listens on
    settings = Settings(address=f"tcp://127.0.0.1:{port}", connect_timeout_s=2)
    cluster.close()  # forget any client a test installed: connect as an app server would
    start = time.time()
    with pytest.raises(ClusterError, match="cannot be reached") as info:
        cluster.client(settings)
    assert time.time() - start < 30 and info.value.key == "unreachable"


def test_runs_that_want_a_gpu_go_to_a_gpu_worker_and_the_rest_anywhere():
    """Routing only (this machine has no GPU): a worker started with --resources GPU=1 takes device auto/cuda runs
    as CUDA runs; cpu runs need no resource. Here the CUDA run then fails plainly, as the user's setting."""
    lc = LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=None,
                      silence_logs=50, resources={"GPU": 1})
    c = Client(lc, set_as_default=False)
    try:
        cluster.use(c)
        assert cluster.gpu_workers(c) == 1
        auto, resources = runs._device(c, TrainConfig(device="auto"))
        assert auto.device == "cuda" and resources == {"GPU": 1}
        assert runs._device(c, TrainConfig(device="cpu")) == (TrainConfig(device="cpu"), None)
        run_id = runs.submit(series(), "y", TrainConfig(horizon=6, epochs=1, device="auto"), owner="jo",
                             settings=SETTINGS)
        view = wait(run_id)
        if view.state == "failed":  # no CUDA here: the engine says so, as a setting the user can change
            assert view.error_kind == "data" and "CUDA" in view.error
        else:  # a machine with a GPU trained it there
            assert view.state == "done" and view.device.startswith("cuda")
    finally:
        cluster.close()
        c.close()
        lc.close()
