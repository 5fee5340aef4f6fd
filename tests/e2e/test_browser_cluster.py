"""Two app servers on one Dask scheduler, in real Chromium: a run started on server 1 is followed on server 2 by
its link, and still ends with its results there after server 1 is stopped (what a class behind a proxy needs)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

from tests.e2e.conftest import ROOT, _free_port, no_exception, wait_ready

pytestmark = pytest.mark.e2e
PROGRESS = "[data-testid='stProgress']"


def _start(args: list[str], env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(15)


def _wait_port(port: int, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise AssertionError(f"nothing listens on {port}")


def _wait_health(url: str, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not start")


@pytest.fixture
def two_servers(browser_path):
    """A scheduler, one worker and two Streamlit servers pointing at it (loopback, free ports)."""
    log = tempfile.NamedTemporaryFile(prefix="gatescope-cluster-", suffix=".log", delete=False)
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    sport = _free_port()
    address = f"tcp://127.0.0.1:{sport}"
    procs = [_start([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", str(sport),
                     "--no-dashboard"], env, log)]
    try:
        _wait_port(sport)
        procs.append(_start([sys.executable, "-m", "dask", "worker", address, "--host", "127.0.0.1", "--nworkers", "1",
                             "--nthreads", "1", "--no-dashboard"], env, log))
        servers = []
        for _ in range(2):
            port = _free_port()
            proc = _start([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
                           "--server.address", "127.0.0.1", "--server.headless", "true",
                           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                          dict(env, GATESCOPE_CLUSTER=address), log)
            procs.append(proc)
            servers.append((f"http://127.0.0.1:{port}", proc))
        for url, _ in servers:
            _wait_health(url)
        yield servers
    finally:
        for proc in reversed(procs):
            _stop(proc)


def epoch(page) -> int:
    page.wait_for_function("() => /Epoch (\\d+) of/.test(document.body.innerText)", timeout=60_000)
    return int(page.evaluate("() => document.body.innerText.match(/Epoch (\\d+) of/)[1]"))


def test_a_run_started_on_one_server_is_followed_and_finished_on_the_other(two_servers, browser):
    (url1, server1), (url2, _) = two_servers
    ctx1 = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        p1 = ctx1.new_page()
        p1.goto(f"{url1}/train?lang=en")
        wait_ready(p1, "[data-testid='stFileUploaderDropzone']")
        p1.get_by_role("button", name="Air passengers (monthly, 1949–1960)").click()
        wait_ready(p1)
        epochs = p1.get_by_label("Epochs (at most)", exact=True)
        epochs.fill("3000")
        epochs.press("Enter")
        wait_ready(p1)
        p1.get_by_text("More settings").click()
        patience = p1.get_by_label("Patience (epochs)", exact=True)
        patience.fill("3000")  # long enough to still train while the servers change
        patience.press("Enter")
        wait_ready(p1)
        p1.get_by_role("button", name="Start training").click()
        p1.wait_for_selector(PROGRESS, timeout=60_000)
        p1.wait_for_function("() => new URL(location.href).searchParams.get('run')", timeout=30_000)
        run_id = p1.evaluate("() => new URL(location.href).searchParams.get('run')")
        no_exception(p1)

        # The same browser, sent by the proxy to the other replica with the run's link: its owner cookie (cookies
        # ignore the port) makes it the run's owner there too. Another browser would see the run read-only
        # (tests/e2e/test_browser_safety.py).
        p2 = ctx1.new_page()
        p2.goto(f"{url2}/train?lang=en&run={run_id}")
        p2.wait_for_selector(PROGRESS, timeout=60_000)
        no_exception(p2)
        assert "passengers" in p2.get_by_test_id("stMainBlockContainer").inner_text()  # the run's data came along

        _stop(server1)  # server 1 goes away during the run: nothing is lost, the run trains on
        first = epoch(p2)
        p2.wait_for_function(f"() => /Epoch (\\d+) of/.test(document.body.innerText) && "
                             f"+document.body.innerText.match(/Epoch (\\d+) of/)[1] > {first}", timeout=60_000)
        p2.get_by_test_id("stMainBlockContainer").get_by_role("button", name="Stop").click()  # Stop from server 2
        p2.get_by_role("button", name="LSTM forecast (CSV)").wait_for(timeout=120_000)
        no_exception(p2)
        assert p2.get_by_role("button", name="Model files (zip)").count() == 1
        assert p2.evaluate("() => new URL(location.href).searchParams.get('run')") == run_id
    finally:
        ctx1.close()
