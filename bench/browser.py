"""Stepping in the browser, measured in Debian's Chromium (headless, software rendering): what a step costs the
student's machine, the frame rate of playback at every speed, and what reaches the server meanwhile.

For each view it opens the Step page, then: 60 arrow-key steps (ms per step drawn: cursor, equations, cell
diagram, reading), and playback at each offered speed for a few seconds (animation frames per second, steps
shown per second, websocket frames the page sent). Bounded: one browser, one local server, loopback only.

    python bench/browser.py
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import HOST, free_port, start_server, stop  # noqa: E402
from lstm_core.lessons.presets import TEXT  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

VIEWS = {  # name: query (T steps × H units)
    "memory (T=90, H=6)": "preset=memory&ex=neg_spike&t=0&lang=en",
    "text, 200 characters (T=200, H=32)": f"preset=text&seq={TEXT[:200]}&t=0&lang=en",
}
SPEEDS = (1, 4, 16)
PLAY_S = 4.0


def chromium_version() -> str:
    try:
        return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        return "chromium (version unknown)"


def measure(page, url: str) -> dict:
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda _: sent.append(1)))
    page.goto(url)
    page.wait_for_selector("iframe[title='ui.player.player']", timeout=120_000)
    frame = page.locator("iframe[title='ui.player.player']").first.element_handle().content_frame()
    frame.wait_for_function("() => document.body.dataset.t !== undefined", timeout=120_000)
    page.wait_for_timeout(1500)  # the page's own reruns settle
    page.locator("h1").first.click()
    frame.evaluate("() => { window.gatescopePlayer.state.drawMs.length = 0; }")
    before = len(sent)
    for _ in range(60):
        page.keyboard.press("ArrowRight")
    steps_sent = len(sent) - before
    draw = frame.evaluate("() => window.gatescopePlayer.state.drawMs.slice()")
    result = {"step_ms_p50": statistics.median(draw), "step_ms_p95": sorted(draw)[int(0.95 * (len(draw) - 1))],
              "step_sent": steps_sent, "play": []}
    for speed in SPEEDS:
        page.keyboard.press("Home")
        frame.select_option("#speed", str(speed))
        page.wait_for_timeout(800)  # the speed change is reported once; let it pass
        before = len(sent)
        frame.evaluate("() => { window.gatescopePlayer.state.frames = 0; }")
        t0 = frame.evaluate("() => Number(document.body.dataset.t)")
        frame.get_by_role("button", name="Play").click()
        start = time.monotonic()
        page.wait_for_timeout(PLAY_S * 1000)
        frames = frame.evaluate("() => window.gatescopePlayer.state.frames")
        t1 = frame.evaluate("() => Number(document.body.dataset.t)")
        elapsed = time.monotonic() - start
        play_sent = len(sent) - before
        frame.evaluate("() => window.gatescopePlayer.stop(false)")
        result["play"].append((speed, frames / elapsed, (t1 - t0) / elapsed, play_sent))
    return result


def main() -> int:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATESCOPE_CLUSTER")}
    server = start_server(port, env)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(f"# {platform.node()}: {os.cpu_count()} cores; {chromium_version()} headless, software rendering")
            print("| view | one step drawn p50 / p95 (ms) | sent while stepping 60× | "
                  + " | ".join(f"play at {s}/s: frames/s, steps/s, sent" for s in SPEEDS) + " |")
            print("|---|---|---|" + "---|" * len(SPEEDS))
            for name, query in VIEWS.items():
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                r = measure(page, f"http://{HOST}:{port}/step?{query}")
                page.close()
                plays = " | ".join(f"{fps:.0f}, {sps:.1f}, {sent}" for _, fps, sps, sent in r["play"])
                print(f"| {name} | {r['step_ms_p50']:.1f} / {r['step_ms_p95']:.1f} | {r['step_sent']} | {plays} |",
                      flush=True)
            browser.close()
    finally:
        stop(server)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
