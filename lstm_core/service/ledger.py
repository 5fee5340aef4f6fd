"""The cluster's list of runs: one small dict on the scheduler (a published Dask dataset), changed under a Dask Lock.

Each entry says when a run was made, whose it is and where it stands, so any app server attached to the
scheduler can tell a run's place in the queue, count a user's runs and sweep expired runs. The progress of one
run (losses, snapshots) lives in its own Variable (see task.py), not here: the ledger stays a few KB.
"""

from __future__ import annotations

import threading
import time

from distributed import Client, Lock

LEDGER = "gatescope-ledger"
ACTIVE = ("queued", "running")
# One Lock object per client, reused: each Lock object keeps a lease-refresh timer on the client's event loop for
# as long as it lives, so a new one per change would pile up timers. (The process's connection, not user data.)
_LOCKS: dict[int, Lock] = {}
_LOCKS_GUARD = threading.Lock()


def read(c: Client) -> dict[str, dict]:
    """run id -> entry (created, owner, name, target, config, state, started, finished). Empty before any run."""
    return dict(c.get_dataset(LEDGER, default={}))


def _lock(c: Client) -> Lock:
    with _LOCKS_GUARD:
        lock = _LOCKS.get(id(c))
        if lock is None or lock.scheduler is not c.scheduler:
            lock = _LOCKS[id(c)] = Lock(LEDGER + "-lock", scheduler_rpc=c.scheduler, loop=c.loop)
        return lock


def _write(c: Client, entries: dict[str, dict]) -> None:
    c.publish_dataset(**{LEDGER: entries}, override=True)


def change(c: Client, run_id: str, **fields) -> dict:
    """Set fields of one entry (creating it); state="gone" removes it. Returns the entry."""
    with _lock(c):
        entries = read(c)
        if fields.get("state") == "gone":
            entry = entries.pop(run_id, {})
        else:
            entry = {**entries.get(run_id, {}), **fields}
            entries[run_id] = entry
        _write(c, entries)
    return entry


def add(c: Client, run_id: str, entry: dict, owner_limit: int, queue_limit: int) -> str:
    """Add a queued run unless its owner or the queue is at its limit; returns "" or what refused it
    ("per_user" or "queue_full"). Checked and written under the lock, so two servers cannot both slip in."""
    with _lock(c):
        entries = read(c)
        active = [e for e in entries.values() if e.get("state") in ACTIVE]
        if sum(e.get("owner") == entry["owner"] for e in active) >= owner_limit:
            return "per_user"
        # The last quarter of the queue is kept for owners with no run yet: a few users (or one with many tabs)
        # cannot fill it so that nobody else can start one.
        has_run = any(e.get("owner") == entry["owner"] for e in active)
        room = queue_limit - (reserved(queue_limit) if has_run else 0)
        if sum(e.get("state") == "queued" for e in active) >= room:
            return "queue_full"
        entries[run_id] = {**entry, "state": "queued", "created": entry.get("created", time.time())}
        _write(c, entries)
    return ""


def reserved(queue_limit: int) -> int:
    """Places of the queue only an owner with no active run may take (a quarter, at least 1 when it has 2+)."""
    return max(1, queue_limit // 4) if queue_limit > 1 else 0


def position(entries: dict[str, dict], run_id: str) -> int:
    """1-based place of a queued run among the queued runs, first come first served; 0 when not queued."""
    me = entries.get(run_id)
    if not me or me.get("state") != "queued":
        return 0
    return 1 + sum(1 for rid, e in entries.items()
                   if rid != run_id and e.get("state") == "queued" and e.get("created", 0) < me.get("created", 0))
