"""Shared test setup: the project root on sys.path so `lstm_core` and `ui` import without installing."""

import os
import sys
from pathlib import Path

# The statistical baselines (statsforecast in child processes, up to 20 s each) are off unless a test turns them
# on: most tests train to check something else. tests/core/test_baselines.py and the Train page tests turn them on.
os.environ.setdefault("GATESCOPE_BASELINE_BUDGET_S", "0")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
