"""Shared test setup: the project root on sys.path so `lstm_core` and `ui` import without installing."""

import os
import sys
from pathlib import Path

import pytest

# The statistical baselines (statsforecast in child processes, up to 20 s each) are off unless a test turns them
# on: most tests train to check something else. tests/core/test_baselines.py and the Train page tests turn them on.
os.environ.setdefault("GATESCOPE_BASELINE_BUDGET_S", "0")
# Nor does the app warm the bundled samples' baselines on its cluster (a task that would take a test cluster's one
# slot); tests/core/test_stat_tasks.py turns it on.
os.environ.setdefault("GATESCOPE_WARM_SAMPLES", "0")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# ----------------------------------------------------------------------------- Debian's Chromium, via Playwright
# Shared by tests/e2e (the app in a browser) and tests/core (the exported lesson's JavaScript cell): one browser per
# session, since Playwright's sync API runs one instance at a time. Without /usr/bin/chromium these tests skip,
# unless GATESCOPE_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser is a failure.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser_path() -> str:
    if not Path(CHROMIUM).exists():
        if os.environ.get("GATESCOPE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(browser_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        yield b
        b.close()
