"""Shared test setup: the project root on sys.path so `lstm_core` and `ui` import without installing."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
