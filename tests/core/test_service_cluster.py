"""The training service against a real Dask scheduler and worker, started here as subprocesses on free loopback
ports (what `make cluster` runs): the CLI's --cluster, a worker killed mid-run, an unreachable scheduler."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lstm_core.forecast.train import TrainConfig
from lstm_core.service import cluster, runs
from lstm_core.service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(*args: str, code: bool = True) -> subprocess.Popen:
    """A dask scheduler or worker with this project on its path (the README's deployment: Dask unpickles task
    graphs on the scheduler too); code=False starts one without it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if code:
        env["PYTHONPATH"] = str(ROOT)
    return subprocess.Popen([sys.executable, "-m", "dask", *args], cwd=ROOT if code else "/", env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def start_scheduler(code: bool = True) -> tuple[str, subprocess.Popen]:
    port = free_port()
    proc = start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard", code=code)
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    else:
        stop(proc)
        pytest.fail("the scheduler did not start")
    return f"tcp://127.0.0.1:{port}", proc


@pytest.fixture
def scheduler():
    address, proc = start_scheduler()
    yield address
    cluster.close()
    stop(proc)


def worker(address: str) -> subprocess.Popen:
    proc = start("worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard", "--host", "127.0.0.1")
    from distributed import Client

    with Client(address, timeout=30) as c:
        c.wait_for_workers(1, timeout=60)
    return proc


def series(n: int = 120) -> pd.DataFrame:
    idx = pd.date_range("2020-01-01", periods=n, freq="MS")
    t = np.arange(n)
    return pd.DataFrame({"y": 100 + t + 10 * np.sin(2 * np.pi * t / 12)}, index=idx)


def test_the_cli_trains_on_the_scheduler_and_writes_the_same_files(scheduler, tmp_path):
    w = worker(scheduler)
    try:
        data = tmp_path / "d.csv"
        series().rename_axis("month").to_csv(data)
        done = subprocess.run([sys.executable, "-m", "lstm_core", "fit", str(data), "--target", "y", "--horizon", "6",
                               "--epochs", "2", "--cluster", scheduler, "--out", str(tmp_path / "out")],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert {p.name for p in (tmp_path / "out").iterdir()} == {"model.safetensors", "model.json", "metrics.json",
                                                                  "forecast.csv", "forecast_lstm.csv"}
    finally:
        stop(w)


def test_a_worker_killed_mid_run_is_a_lost_run_not_a_hang(scheduler):
    w = worker(scheduler)
    settings = Settings(address=scheduler, lost_after_s=6)
    try:
        run_id = runs.submit(series(400), "y", TrainConfig(horizon=6, epochs=5000, patience=5000, device="cpu"),
                             owner="kim", settings=settings)
        deadline = time.time() + 120
        while (view := runs.get(run_id, settings)).epoch < 1:
            assert time.time() < deadline, view
            time.sleep(0.2)
        w.kill()  # the machine under the worker goes away
        deadline = time.time() + 60
        while (view := runs.get(run_id, settings)).state == "running":
            assert time.time() < deadline, "a lost run must not look like it is still training"
            time.sleep(0.5)
        assert view.state == "lost" and not view.active
    finally:
        stop(w)


def test_a_scheduler_that_is_not_there_is_exit_2_with_a_message(tmp_path):
    data = tmp_path / "d.csv"
    series().rename_axis("month").to_csv(data)
    done = subprocess.run([sys.executable, "-m", "lstm_core", "fit", str(data), "--target", "y", "--horizon", "6",
                           "--cluster", f"tcp://127.0.0.1:{free_port()}", "--out", str(tmp_path / "out")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "GATESCOPE_CONNECT_TIMEOUT_S": "2"})
    assert done.returncode == 2 and "cannot be reached" in done.stderr and "Traceback" not in done.stderr


def test_a_scheduler_without_the_projects_code_fails_the_run_plainly_instead_of_hanging():
    address, proc = start_scheduler(code=False)
    w = worker(address)
    settings = Settings(address=address, start_within_s=10)
    try:
        run_id = runs.submit(series(), "y", TrainConfig(horizon=6, epochs=1, device="cpu"), owner="lee",
                             settings=settings)
        deadline = time.time() + 60
        while (view := runs.get(run_id, settings)).active:
            assert time.time() < deadline, "a run the cluster cannot start must not wait forever"
            time.sleep(0.5)
        assert view.state == "failed" and view.error_kind == "internal" and "project's code" in view.error
    finally:
        cluster.close()
        stop(w)
        stop(proc)
