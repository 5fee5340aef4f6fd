"""A class on one server: many sessions that speak Streamlit's own websocket protocol, against a real server.

Each simulated student does what a browser does, without running a browser: it opens the websocket
(/_stcore/stream), asks for a run of the Step page (a BackMsg rerun with its query string), waits for the
script_finished ForwardMsg and fetches the player's files over HTTP (its page, scripts and plotly.min.js, as the
browser's iframe does): that is its first load. Then it steps: stepping and playing happen in the browser (the
player, ui/player) and send nothing, so every few seconds a burst of steps ends with what the browser sends when
stepping stops: the player's value (one fragment rerun), timed. Every tenth burst it also applies a what-if (or
clears it), which the server computes, timed apart. bench/browser.py measures in Chromium that stepping and
playing send nothing. A training student opens the Train page, picks a bundled series, presses Start, answers
the live panel's auto reruns (as the browser does) and times the run until its downloads are on the page.

Bounded: a fixed number of sessions, a fixed duration, loopback only (127.0.0.1), and the server this script
starts is stopped at the end.

    python bench/load.py                           # the scenarios of BENCHMARKS.md (several minutes)
    python bench/load.py --students 40 --trainers 6 --duration 60
    python bench/load.py --separate-cluster        # training on a local scheduler + worker (make cluster)
    python bench/load.py --one-user                # one analyst trains each bundled sample on a warm server
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # loopback only
STEP_QUERY = "preset=memory&ex=neg_spike&lang=en"
FINISHED = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Stats:
    """What the sessions of one scenario saw."""

    first_load_s: list[float] = field(default_factory=list)
    click_s: list[float] = field(default_factory=list)  # the report when stepping stops (one fragment rerun)
    whatif_s: list[float] = field(default_factory=list)  # a what-if applied or cleared (computed on the server)
    local_steps: int = 0  # steps taken in the browser, which send nothing
    train_s: list[float] = field(default_factory=list)  # start pressed -> the whole verdict and its downloads
    lstm_s: list[float] = field(default_factory=list)  # start pressed -> the LSTM's result and download
    train_wait_s: list[float] = field(default_factory=list)  # start pressed -> first progress (queue wait)
    errors: list[str] = field(default_factory=list)


class Session:
    """One browser tab, as far as the server can tell."""

    def __init__(self, port: int, page: str, query: str) -> None:
        self.port, self.page, self.query = port, page, query
        self.ws = None
        self.page_hash = ""
        self.widgets: dict[str, str] = {}  # widget key -> (id), from the deltas
        self.fragments: dict[str, str] = {}  # widget key -> fragment id it lives in
        self.auto: dict[str, float] = {}  # fragment id -> auto-rerun interval (s)
        self.seen_keys: set[str] = set()
        self.last_keys: set[str] = set()  # the widget keys the last run drew
        self.player: dict = {}  # the player's arguments (version, seek, t), from its delta
        self.seq = 0

    async def connect(self) -> None:
        uri = f"ws://{HOST}:{self.port}/_stcore/stream"
        self.ws = await websockets.connect(uri, subprotocols=["streamlit"], origin=f"http://{HOST}:{self.port}",
                                           max_size=None, open_timeout=60, ping_interval=None)

    async def rerun(self, trigger: str | None = None, fragment: str = "", auto: bool = False,
                    timeout: float = 120.0, value: tuple[str, dict] | None = None) -> float:
        """Send a rerun (a widget trigger, a component's value, or an auto rerun of a fragment) and wait for it to
        finish; seconds."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string, cs.page_name = self.query, self.page
        if self.page_hash:
            cs.page_script_hash = self.page_hash
        if trigger is not None:
            state = cs.widget_states.widgets.add()
            state.id, state.trigger_value = self.widgets[trigger], True
            fragment = self.fragments.get(trigger, "")
        if value is not None:
            key, json_value = value
            state = cs.widget_states.widgets.add()
            state.id, state.json_value = self.widgets[key], json.dumps(json_value)
            fragment = self.fragments.get(key, "")
        if fragment:
            cs.fragment_id = fragment
        cs.is_auto_rerun = auto
        start = time.perf_counter()
        self.last_keys = set()
        await self.ws.send(msg.SerializeToString())
        await self._until_finished(timeout)
        return time.perf_counter() - start

    async def _until_finished(self, timeout: float) -> None:
        end = time.monotonic() + timeout
        while True:
            data = await asyncio.wait_for(self.ws.recv(), max(0.1, end - time.monotonic()))
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "navigation":  # st.navigation names the page that ran: later reruns ask for it by hash
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "auto_rerun":
                self.auto[fm.auto_rerun.fragment_id] = fm.auto_rerun.interval
            elif kind == "stop_auto_rerun":
                self.auto.clear()
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                etype = el.WhichOneof("type")
                widget = getattr(el, etype, None)
                wid = getattr(widget, "id", "") if widget is not None else ""
                if isinstance(wid, str) and "-" in wid and wid.startswith("$$ID"):
                    key = wid.split("-", 2)[-1]
                    self.widgets[key] = wid
                    self.fragments[key] = fm.delta.fragment_id
                    self.seen_keys.add(key)
                    self.last_keys.add(key)
                if etype == "component_instance" and widget.component_name.endswith(".player"):
                    args = json.loads(widget.json_args)
                    self.player = {k: args[k] for k in ("version", "seek", "t", "plotly_src")}
                    self.player["name"] = widget.component_name
            elif kind == "script_finished":
                if fm.script_finished in FINISHED:
                    return
                if fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    raise RuntimeError(f"script finished with status {fm.script_finished}")

    async def report(self, t: int) -> float:
        """What the player sends when stepping stops: its value (the step it shows), as a fragment rerun."""
        self.seq += 1
        return await self.rerun(value=("step.player", {"t": t, "speed": 4, "seq": self.seq,
                                                       "version": self.player["version"],
                                                       "seek": self.player["seek"]}))

    async def fetch_player_files(self) -> int:
        """What the browser's iframe loads when the player first appears (later pages reuse its cache); bytes."""
        base = f"http://{HOST}:{self.port}/component/{self.player['name']}/"
        urls = [base + f for f in ("index.html", "player.css", "draw.js", "player.js")]
        urls.append(urllib.parse.urljoin(base, self.player["plotly_src"]))

        def get(url: str) -> int:
            with urllib.request.urlopen(url, timeout=60) as r:
                return len(r.read())

        sizes = await asyncio.gather(*(asyncio.to_thread(get, u) for u in urls))
        return sum(sizes)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def student(port: int, stats: Stats, until: float, every_s: float, arrive_s: float) -> None:
    """Open the Step page, then every `every_s` seconds step a few times in the browser (nothing sent) and report
    the step when stepping stops; every tenth time apply (or clear) a what-if, until `until`."""
    await asyncio.sleep(arrive_s)
    s = Session(port, "step", STEP_QUERY)
    try:
        start = time.perf_counter()
        await s.connect()
        await s.rerun()
        await s.fetch_player_files()
        stats.first_load_s.append(time.perf_counter() - start)
        t, bursts, held = int(s.player["t"]), 0, False
        while time.monotonic() < until:
            await asyncio.sleep(every_s * random.uniform(0.5, 1.5))
            if time.monotonic() >= until:
                break
            steps = random.randint(1, 8)  # arrow keys, buttons or a short Play: in the browser
            stats.local_steps += steps
            t = (t + steps) % 90
            stats.click_s.append(await s.report(t))
            bursts += 1
            if bursts % 10 == 0:  # apply a what-if, or clear the one held (a link may not fit: then none is held)
                stats.whatif_s.append(await s.rerun("step.wi_clear" if held else "step.wi_apply"))
                held = "step.wi_clear" in s.last_keys
    except Exception as exc:  # counted, never fatal: the point is to see how many fail
        stats.errors.append(f"student: {type(exc).__name__}: {exc}"[:200])
    finally:
        await s.close()


SAMPLES = ("airpassengers.csv", "electricity_halfhourly.csv", "bike_rides_daily.csv")  # the bundled ones, in turn


async def trainer(port: int, stats: Stats, arrive_s: float, timeout_s: float, sample: str) -> None:
    """Open the Train page, pick a bundled series, Start, and follow the run: the moment the LSTM's own download is on
    the page (its result), then the recommended model's (the whole verdict)."""
    await asyncio.sleep(arrive_s)
    s = Session(port, "train", "lang=en")
    try:
        await s.connect()
        stats.first_load_s.append(await s.rerun())
        await s.rerun(f"train.ds.{sample}")
        start = time.monotonic()
        await s.rerun("train.start")
        first_progress = lstm = None
        while time.monotonic() - start < timeout_s:
            if lstm is None and "train.dl_forecast_lstm" in s.seen_keys:
                lstm = time.monotonic() - start
                stats.lstm_s.append(lstm)
            if "train.dl_forecast" in s.seen_keys:
                stats.train_s.append(time.monotonic() - start)
                stats.train_wait_s.append((first_progress or time.monotonic()) - start)
                return
            if first_progress is None and "train.stop" in s.seen_keys and "train.loss" in s.seen_keys:
                first_progress = time.monotonic()
            interval = min(s.auto.values(), default=0.5)
            await asyncio.sleep(interval)
            fragment = next(iter(s.auto), "")
            await s.rerun(fragment=fragment, auto=True) if fragment else await s.rerun()
        stats.errors.append("trainer: no result in time")
    except Exception as exc:
        stats.errors.append(f"trainer: {type(exc).__name__}: {exc}"[:200])
    finally:
        await s.close()


def start_server(port: int, env: dict) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address", HOST,
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 90
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return proc
        time.sleep(0.3)
    stop(proc)
    raise RuntimeError("the Streamlit server did not start")


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def tree_rss_mb(proc: psutil.Process) -> float:
    """Resident memory of the server and its children (the embedded cluster's worker), MB."""
    procs = [proc, *proc.children(recursive=True)]
    return sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def scenario(port: int, students: int, trainers: int, duration: float, every_s: float, arrive_over: float,
                   server: psutil.Process) -> dict:
    stats = Stats()
    rss_before = tree_rss_mb(server)
    cpu_before = sum(p.cpu_times().user + p.cpu_times().system for p in [server, *server.children(recursive=True)])
    wall = time.monotonic()
    until = wall + arrive_over + duration
    tasks = [student(port, stats, until, every_s, random.uniform(0, arrive_over)) for _ in range(students)]
    tasks += [trainer(port, stats, random.uniform(0, arrive_over), timeout_s=duration + 600,
                      sample=SAMPLES[k % len(SAMPLES)]) for k in range(trainers)]
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - wall
    cpu_after = sum(p.cpu_times().user + p.cpu_times().system for p in [server, *server.children(recursive=True)])
    return {
        "students": students, "trainers": trainers,
        "click_p50_ms": 1000 * pct(stats.click_s, 0.5), "click_p95_ms": 1000 * pct(stats.click_s, 0.95),
        "clicks": len(stats.click_s), "local_steps": stats.local_steps,
        "whatif_p50_ms": 1000 * pct(stats.whatif_s, 0.5), "whatif_p95_ms": 1000 * pct(stats.whatif_s, 0.95),
        "load_p50_s": pct(stats.first_load_s, 0.5), "load_p95_s": pct(stats.first_load_s, 0.95),
        "train_s": statistics.median(stats.train_s) if stats.train_s else float("nan"),
        "train_p95_s": pct(stats.train_s, 0.95), "lstm_p95_s": pct(stats.lstm_s, 0.95),
        "train_max_s": max(stats.train_s, default=float("nan")), "trained": len(stats.train_s),
        "errors": len(stats.errors), "error_sample": stats.errors[:2],
        "cpu_cores": (cpu_after - cpu_before) / elapsed, "rss_before_mb": rss_before,
        "rss_after_mb": tree_rss_mb(server),
    }


async def runs_memory(port: int, server: psutil.Process, runs: int, ttl_s: int) -> list[tuple[str, float]]:
    """One student trains `runs` times in a row; the server's (and its worker's) memory after the first run, after
    all of them, and after their time to live has passed and they were swept."""
    s = Session(port, "train", "lang=en")
    marks: list[tuple[str, float]] = []
    await s.connect()
    await s.rerun()
    await s.rerun("train.ds.airpassengers.csv")
    for k in range(runs):
        s.seen_keys.discard("train.dl_forecast")
        await s.rerun("train.start")
        while "train.dl_forecast" not in s.seen_keys:
            await asyncio.sleep(0.5)
            fragment = next(iter(s.auto), "")
            await s.rerun(fragment=fragment, auto=True) if fragment else await s.rerun()
        if k in (0, runs - 1):
            marks.append((f"after run {k + 1}", tree_rss_mb(server)))
    await asyncio.sleep(ttl_s + 65)  # past the time to live and the next sweep
    await s.rerun()  # a page run: the service sweeps expired runs
    await asyncio.sleep(2)
    marks.append((f"{ttl_s + 65} s later, runs swept", tree_rss_mb(server)))
    await s.close()
    return marks


async def clicks_memory(port: int, server: psutil.Process, clicks: int) -> list[tuple[str, float]]:
    """One student steps `clicks` times as fast as the server answers; the server's memory as it goes (does it
    stay bounded without the post-script garbage collection?)."""
    s = Session(port, "step", STEP_QUERY)
    marks: list[tuple[str, float]] = []
    await s.connect()
    await s.rerun()
    marks.append(("after the first load", tree_rss_mb(server)))
    for k in range(clicks):
        await s.report(k % 90)
        if (k + 1) in (100, clicks // 2, clicks):
            marks.append((f"after {k + 1} reruns", tree_rss_mb(server)))
    await s.close()
    return marks


def start_cluster(port: int, env: dict) -> list[subprocess.Popen]:
    """A scheduler and one worker (what `make cluster` runs), for --separate-cluster."""
    common = dict(cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                  stderr=subprocess.DEVNULL, start_new_session=True)
    sched = subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", HOST, "--port", str(port),
                              "--no-dashboard"], **common)
    time.sleep(3)
    worker = subprocess.Popen([sys.executable, "-m", "dask", "worker", f"tcp://{HOST}:{port}", "--host", HOST,
                               "--nworkers", "1", "--nthreads", "1", "--no-dashboard"], **common)
    return [sched, worker]


WARM_UP_S = 75


async def warm_up(port: int) -> None:
    """The Train page opened once, then WARM_UP_S: the embedded cluster starts on the first page run, its
    statsforecast processes start, and it computes the bundled samples' baselines (about a minute of one core here)."""
    s = Session(port, "train", "lang=en")
    await s.connect()
    await s.rerun()
    await s.close()
    await asyncio.sleep(WARM_UP_S)


async def one_user(port: int) -> list[tuple[str, float, float]]:
    """One analyst on a warm server (the Train page opened once WARM_UP_S before): each bundled sample trained in turn,
    then the first again. -> (sample, LSTM's result s, verdict s)."""
    await warm_up(port)
    marks = []
    for sample in (*SAMPLES, SAMPLES[0]):
        stats = Stats()
        await trainer(port, stats, 0.0, 300.0, sample)
        if stats.errors:
            raise RuntimeError(stats.errors[0])
        marks.append((sample, stats.lstm_s[0] if stats.lstm_s else float("nan"), stats.train_s[0]))
    return marks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="*", default=[10, 20, 40, 80], help="sessions stepping")
    parser.add_argument("--trainers", type=int, nargs="*", default=[0, 6], help="sessions training")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of stepping after arrival")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between a student's clicks (about)")
    parser.add_argument("--arrive-over", type=float, default=10.0, help="students arrive over these seconds")
    parser.add_argument("--separate-cluster", action="store_true", help="train on a local scheduler + worker")
    parser.add_argument("--clicks-memory", type=int, default=0, metavar="N",
                        help="instead: one student steps N times as fast as it can; memory as it goes")
    parser.add_argument("--runs-memory", type=int, default=0, metavar="N",
                        help="instead: one student trains N times in a row (TTL 60 s); memory after each phase")
    parser.add_argument("--cold", action="store_true",
                        help="the class arrives as the server starts (default: the Train page was opened WARM_UP_S "
                             "before, as a teacher starting the app before class does)")
    parser.add_argument("--one-user", action="store_true",
                        help="instead: one analyst trains each bundled sample in turn on a warm server")
    args = parser.parse_args()
    if max(args.students) > 200 or max(args.trainers) > 20 or args.duration > 600:
        parser.error("bounded: at most 200 students, 20 trainers and 600 s")

    env = {k: v for k, v in os.environ.items() if not k.startswith("GATESCOPE_CLUSTER")}
    if args.one_user:
        port = free_port()
        server = start_server(port, env)
        try:
            marks = asyncio.run(one_user(port))
        finally:
            stop(server)
        print("# one analyst on a warm server, the embedded cluster: Start pressed -> on the page (s)")
        print("| sample | the LSTM's result | the whole verdict |\n|---|---|---|")
        for k, (sample, lstm, verdict) in enumerate(marks):
            again = " (again)" if k == len(SAMPLES) else ""
            print(f"| {sample}{again} | {lstm:.1f} | {verdict:.1f} |")
        return 0
    if args.clicks_memory:
        if args.clicks_memory > 5000:
            parser.error("bounded: at most 5000 reruns")
        port = free_port()
        server = start_server(port, env)
        try:
            marks = asyncio.run(clicks_memory(port, psutil.Process(server.pid), args.clicks_memory))
        finally:
            stop(server)
        print(f"# one student, {args.clicks_memory} Step page reruns back to back, server RSS:")
        for label, mb in marks:
            print(f"- {label}: {mb:,.0f} MB")
        return 0
    if args.runs_memory:
        if args.runs_memory > 100:
            parser.error("bounded: at most 100 runs")
        env["GATESCOPE_RUN_TTL_S"] = "60"
        port = free_port()
        server = start_server(port, env)
        try:
            marks = asyncio.run(runs_memory(port, psutil.Process(server.pid), args.runs_memory, 60))
        finally:
            stop(server)
        print(f"# {args.runs_memory} training runs in a row, server + embedded worker RSS:")
        for label, mb in marks:
            print(f"- {label}: {mb:,.0f} MB")
        return 0
    cluster_procs: list[subprocess.Popen] = []
    if args.separate_cluster:
        cport = free_port()
        cluster_procs = start_cluster(cport, env)
        env["GATESCOPE_CLUSTER"] = f"tcp://{HOST}:{cport}"
    print(f"# {platform.node()}: {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
          f"Python {platform.python_version()}; training on "
          f"{'a separate local scheduler + worker' if args.separate_cluster else 'the embedded cluster'}")
    print("| students | training | steps in the browser (sent: 0) | report when stepping stops p50 / p95 (ms), "
          "count | what-if p50 / p95 (ms) | first load p50 / p95 (s) | "
          "the LSTM's result p95; the whole verdict median / p95 / max (s), done | errors | "
          "server CPU (cores) | RSS before → after (MB) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    try:
        for trainers in args.trainers:
            for students in args.students:
                port = free_port()
                server = start_server(port, env)
                try:
                    if trainers and not args.cold:
                        asyncio.run(warm_up(port))
                    r = asyncio.run(scenario(port, students, trainers, args.duration, args.every, args.arrive_over,
                                             psutil.Process(server.pid)))
                finally:
                    stop(server)
                train = (f"{r['lstm_p95_s']:.0f}; {r['train_s']:.0f} / {r['train_p95_s']:.0f} / "
                         f"{r['train_max_s']:.0f}, {r['trained']}/{trainers}"
                         if trainers else "")
                print(f"| {students} | {trainers} | {r['local_steps']:,} | {r['click_p50_ms']:,.0f} / "
                      f"{r['click_p95_ms']:,.0f}, {r['clicks']} | {r['whatif_p50_ms']:,.0f} / "
                      f"{r['whatif_p95_ms']:,.0f} | {r['load_p50_s']:.1f} / {r['load_p95_s']:.1f} | {train} | "
                      f"{r['errors']} | "
                      f"{r['cpu_cores']:.2f} | {r['rss_before_mb']:,.0f} → {r['rss_after_mb']:,.0f} |", flush=True)
                if r["error_sample"]:
                    print(f"<!-- errors: {r['error_sample']} -->", flush=True)
    finally:
        for proc in cluster_procs:
            stop(proc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
