"""Playwright in Debian's Chromium against `streamlit run app.py` on a free port.

Without /usr/bin/chromium these tests skip, unless GATESCOPE_REQUIRE_BROWSER=1 (set by .ci/run), where a
missing browser is a failure. Screenshots go to a temp folder (printed), or to $GATESCOPE_SHOTS.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

# Debian's Chromium and the `browser_path` and `browser` fixtures live in tests/conftest.py: tests/core runs the
# exported lesson's JavaScript cell in the same browser (one Playwright per test session).
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (bench/ imports them from here)

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(browser_path):
    port = _free_port()
    # The statistical baselines on, as users get them (tests/conftest.py turns them off for the other layers).
    env = dict(os.environ, PYTHONUNBUFFERED="1", GATESCOPE_BASELINE_BUDGET_S="30")
    log = tempfile.NamedTemporaryFile(prefix="gatescope-server-", suffix=".log", delete=False)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail(f"streamlit did not start; log: {Path(log.name).read_text()[-3000:]}")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def shots_dir() -> Path:
    folder = Path(os.environ.get("GATESCOPE_SHOTS") or tempfile.mkdtemp(prefix="gatescope-shots-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    p = context.new_page()
    yield p
    context.close()


def wait_ready(page, expect: str | None = None, timeout: float = 90_000) -> None:
    """Wait until Streamlit has finished its script run: the status widget (running man + Stop) has stayed
    away for a whole second, and `expect` (a CSS selector), when given, is on the page."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    if expect:
        page.wait_for_selector(expect, timeout=timeout)
    quiet_since = None
    deadline = time.time() + timeout / 1000
    while time.time() < deadline:
        running = page.locator("[data-testid='stStatusWidget']").count() > 0
        now = time.time()
        if running:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= 1.0:
            page.wait_for_timeout(300)  # let Plotly and KaTeX paint
            return
        page.wait_for_timeout(100)
    raise AssertionError("the app did not finish running in time")


def no_exception(page) -> None:
    boxes = page.locator("[data-testid='stException']")
    assert boxes.count() == 0, boxes.first.inner_text()


PLAYER = "iframe[title='ui.player.player']"


def player(page, kind: str = "step", timeout: float = 90_000):
    """The page's player (ui/player) of this kind ("step": the Step page; "replay": a training replay), once it
    shows a step: a Playwright Frame. After a page switch the previous page's player may linger for a moment, so
    this waits for one of the right kind that is attached and drawn."""
    deadline = time.time() + timeout / 1000
    while time.time() < deadline:
        for handle in page.locator(PLAYER).element_handles():
            frame = handle.content_frame()
            if frame is None or frame.is_detached():
                continue
            try:
                if frame.evaluate("(kind) => document.body && document.body.dataset.t !== undefined"
                                  " && window.gatescopePlayer.state.data.kind === kind", kind):
                    return frame
            except Exception:  # a frame torn down between the two calls: look again
                continue
        page.wait_for_timeout(100)
    raise AssertionError("no player showed a step in time")


def shown_step(frame) -> int:
    return int(frame.evaluate("() => document.body.dataset.t"))


def count_sent(page) -> list[str]:
    """Every websocket frame the page sends from now on (call before page.goto): what reaches the server."""
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload)[:80])))
    return sent
