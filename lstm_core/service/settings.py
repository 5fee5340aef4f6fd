"""The service's limits: environment variables with defaults (the README lists them)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def env_int(name: str, default: int, low: int, high: int) -> int:
    """An integer setting from the environment, kept within [low, high]; the default when unset or unreadable."""
    try:
        return int(min(max(int(os.environ.get(name, default)), low), high))
    except ValueError:
        return default


def default_worker_threads() -> int:
    """Slots of the embedded cluster: one per core. A slot is one core's work: an LSTM training on one torch thread,
    or a statistical baseline's task waiting on its warm process (service/stat_tasks.py); the web server needs little
    (stepping runs in the browser) and the baselines' processes run at a lower priority (stat_worker)."""
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    """Every limit of the service, read from the environment once per process."""

    address: str | None = field(default_factory=lambda: os.environ.get("GATESCOPE_CLUSTER") or None)  # None: embedded
    worker_threads: int = field(  # tasks at once in the embedded cluster (an LSTM or a baseline, one core each)
        default_factory=lambda: env_int("GATESCOPE_WORKER_THREADS", default_worker_threads(), 1, 64))
    max_run_s: int = field(  # a run is stopped (best weights kept) after this many seconds
        default_factory=lambda: env_int("GATESCOPE_MAX_RUN_S", 1800, 10, 86400))
    max_per_owner: int = field(  # runs one browser session may have queued or training at once
        default_factory=lambda: env_int("GATESCOPE_MAX_RUNS_PER_USER", 2, 1, 100))
    max_queued: int = field(  # runs waiting in the whole cluster; beyond this a new run is refused for now
        default_factory=lambda: env_int("GATESCOPE_MAX_QUEUED", 50, 1, 10_000))
    ttl_s: int = field(  # a finished run (its model, forecast and downloads) is kept this long on the cluster
        default_factory=lambda: env_int("GATESCOPE_RUN_TTL_S", 3600, 60, 7 * 86400))
    lost_after_s: int = field(  # a training run that has not reported for this long lost its worker
        default_factory=lambda: env_int("GATESCOPE_LOST_AFTER_S", 45, 5, 3600))
    start_within_s: int = field(  # a run still waiting this long while a training slot is free cannot start
        default_factory=lambda: env_int("GATESCOPE_START_WITHIN_S", 60, 5, 3600))
    connect_timeout_s: int = field(  # how long to try to reach a scheduler before saying it cannot be reached
        default_factory=lambda: env_int("GATESCOPE_CONNECT_TIMEOUT_S", 5, 1, 120))
