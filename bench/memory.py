"""Server memory over many sessions of mixed traffic: is it bounded, and is it given back when sessions close?

Sessions speak Streamlit's websocket protocol (bench/load.py's Session), in waves of --concurrent at once, each
one page of a mixed diet: the Step page (a first load and a few steps reported), the Step page opened by a hostile
link (a NaN weight, markdown and HTML in its parameters), Learn, Spot the bug, Compare, and the Train page with a
bundled series loaded. Each session then closes. The server's resident memory (and its embedded cluster's worker)
is sampled every --every sessions, and again after the server's disconnected-session TTL has passed.

Bounded: --sessions in all, --concurrent at once, each session under a timeout, the whole run under --max-minutes;
loopback only (127.0.0.1); the server this script starts is stopped at the end.

    python bench/memory.py                          # 1,000 sessions, 20 at once (several minutes)
    python bench/memory.py --sessions 200 --every 50
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sys
import time
import urllib.parse
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import Session, free_port, start_server, stop, tree_rss_mb  # noqa: E402

HOSTILE = urllib.parse.urlencode({"preset": "handset", "w": "nan," + ",".join(["0.5"] * 11),
                                  "seq": "[Log in](http://evil.example/x)", "lang": "zh"})
PAGES = (  # (page, query, what the session does after its first load)
    ("step", "preset=memory&ex=neg_spike&lang=en", "steps"),
    ("step", HOSTILE, ""),
    ("step", "preset=" + urllib.parse.quote("![i](http://evil.example/PIXEL)"), ""),
    ("learn", "model=memory&lang=en", ""),
    ("spot", "lang=zh", ""),
    ("compare", "lang=en", ""),
    ("train", "lang=en", "data"),
)
TTL_S = 20  # the server's server.disconnectedSessionTTL here (Streamlit's default is 120 s), so the run ends sooner


async def one_session(port: int, k: int, errors: list[str]) -> None:
    page, query, then = PAGES[k % len(PAGES)]
    s = Session(port, page, query)
    try:
        await s.connect()
        await s.rerun(timeout=120)
        if then == "steps" and s.player:
            for t in random.sample(range(90), 3):
                await s.report(t)
        elif then == "data":
            await s.rerun("train.ds.airpassengers.csv", timeout=120)
    except Exception as exc:  # a failed session is counted, never fatal to the measurement
        errors.append(f"{page}: {type(exc).__name__}: {str(exc)[:80]}")
    finally:
        await s.close()


async def measure(port: int, server: psutil.Process, sessions: int, concurrent: int, every: int,
                  deadline: float) -> tuple[list[tuple[str, float, float]], list[str]]:
    own = lambda: server.memory_info().rss / 2**20  # noqa: E731 (the web server alone, without the worker)
    marks = [("before any session", own(), tree_rss_mb(server))]
    errors: list[str] = []
    done = 0
    while done < sessions and time.monotonic() < deadline:
        wave = min(concurrent, sessions - done)
        await asyncio.gather(*(one_session(port, done + i, errors) for i in range(wave)))
        done += wave
        if done % every == 0 or done == sessions:
            marks.append((f"after {done} sessions", own(), tree_rss_mb(server)))
    await asyncio.sleep(TTL_S + 15)  # the closed sessions' state is dropped after the disconnected-session TTL
    marks.append((f"{TTL_S + 15} s after the last session closed", own(), tree_rss_mb(server)))
    return marks, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000, help="sessions in all (default 1000)")
    parser.add_argument("--concurrent", type=int, default=20, help="sessions open at once (default 20)")
    parser.add_argument("--every", type=int, default=100, help="sample memory every N sessions (default 100)")
    parser.add_argument("--max-minutes", type=float, default=30.0, help="stop starting sessions after this")
    args = parser.parse_args()
    if not (1 <= args.sessions <= 5000 and 1 <= args.concurrent <= 100 and args.every >= 1):
        parser.error("--sessions 1..5000, --concurrent 1..100, --every 1 or more")
    port = free_port()
    env = dict(os.environ, GATESCOPE_BASELINE_BUDGET_S="0", STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL=str(TTL_S))
    proc = start_server(port, env)
    try:
        server = psutil.Process(proc.pid)
        started = time.monotonic()
        marks, errors = asyncio.run(measure(port, server, args.sessions, args.concurrent, args.every,
                                            started + 60 * args.max_minutes))
        minutes = (time.monotonic() - started) / 60
    finally:
        stop(proc)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{args.sessions} sessions, {args.concurrent} at once, {minutes:.1f} min, {len(errors)} errors")
    print(f"{'when':<44} {'web server MB':>14} {'with worker MB':>15}")
    for label, own_mb, tree_mb in marks:
        print(f"{label:<44} {own_mb:>14.0f} {tree_mb:>15.0f}")
    for e in errors[:5]:
        print("error:", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
