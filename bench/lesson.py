"""An exported lesson (python -m scripts.export_lesson), measured in Debian's Chromium from disk with every request
that is not file:// aborted: the file's size per preset, the time from opening it to the first step drawn, what a
step and a what-if cost the browser, and the JavaScript cell's parity with the Python trace and with
lstm_core.lstm.intervene.what_if over every preset (every offered hold, spread over steps, units and layers).

    python bench/lesson.py [--repeat N]

Timings are medians over N openings (default 3) in one browser, all presets side by side in one run.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.browser import chromium_version  # noqa: E402
from lstm_core.lessons import presets  # noqa: E402
from lstm_core.lstm.intervene import Clamp, what_if  # noqa: E402
from lstm_core.lstm.trace import trace  # noqa: E402
from scripts.export_lesson import build  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from ui.step.whatif import CLAMP_CHOICES  # noqa: E402

WHATIFS = 10  # what-ifs applied and redrawn per opening


def spread(n: int, k: int) -> list[int]:
    return sorted({round(j * (n - 1) / max(k - 1, 1)) for j in range(min(n, k))})


def open_lesson(context, path: Path):
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function("() => document.body.dataset.lessonReady === '1'", timeout=120_000)
    return page


def timings(page, T: int, H: int) -> dict:
    first = page.evaluate("() => window.gatescopeLesson.firstStepMs")
    page.locator("h1").click()
    page.keyboard.press("Home")
    page.evaluate("() => { window.gatescopePlayer.state.drawMs.length = 0; }")
    for _ in range(min(60, T - 1)):
        page.keyboard.press("ArrowRight")
    steps = page.evaluate("() => window.gatescopePlayer.state.drawMs.slice()")
    # A what-if: recomputed by the cell, the payload rebuilt, heatmaps, equations and sentence redrawn.
    whatif = page.evaluate("""async ([n, T, H]) => {
        const out = [];
        const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        for (let k = 0; k < n; k++) {
          const t0 = performance.now();
          const clamp = {gate: 'f', value: k % 2, start: (k * 7) % T, unit: k % H, layer: 0};
          await window.gatescopeLesson.apply(clamp, null);
          await painted();  // the heatmaps, equations, diagram and sentence on screen
          out.push(performance.now() - t0);
        }
        await window.gatescopeLesson.clear();
        return out;
    }""", [WHATIFS, T, H])
    hold = page.evaluate("""([T, H]) => {
        const t0 = performance.now();
        for (let k = 0; k < 100; k++) {
          window.gatescopeLesson.hold({gate: 'i', value: 1, from: k % T, unit: k % H, layer: 0});
        }
        return (performance.now() - t0) / 100;
    }""", [T, H])
    return {"first": first, "step": statistics.median(steps), "step95": sorted(steps)[int(0.95 * (len(steps) - 1))],
            "whatif": statistics.median(whatif), "hold": hold}


def parity(page, name: str) -> tuple[float, float, int]:
    """(max |JS from-scratch run - Python trace|, max |JS what-if - what_if|, what-ifs compared)."""
    model = presets.load(name)
    tr = trace(model.lstm, model.encode(model.meta["examples"][0]["input"]))
    got = page.evaluate("() => window.gatescopeLesson.trace()")
    run_err = max(float(np.abs(np.array(got[k]) - getattr(tr, k)).max()) for k in ("h", "c"))
    holds = sorted({tuple(c.split(":")) for c in CLAMP_CHOICES} | {("g", "-1"), ("g", "1")})
    cases = [dict(gate=g, value=float(v), **{"from": s}, unit=u, layer=layer) for g, v in holds
             for s in spread(tr.steps, 4) for u in range(tr.hidden_size) for layer in range(tr.num_layers)]
    results = page.evaluate("(cases) => cases.map((c) => window.gatescopeLesson.hold(c))", cases)
    worst = 0.0
    for case, r in zip(cases, results, strict=True):
        want = what_if(model.lstm, tr, Clamp(case["gate"], case["value"], case["from"], case["unit"], case["layer"]))
        worst = max(worst, *(float(np.abs(np.array(r[k]) - getattr(want, k)).max()) for k in ("h", "c")))
    return run_err, worst, len(cases)


def main() -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gatescope-lessons-"))
    files = {}
    for name in presets.available():
        for lang in ("en", "zh"):
            path = folder / f"{name}-{lang}.html"
            path.write_bytes(build(name, None, lang, False))
            files[name, lang] = path
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        print(f"# {platform.node()}: {os.cpu_count()} cores; {chromium_version()} headless, software rendering; "
              f"median of {args.repeat} openings from file:// with the network aborted")
        print("| preset (T × H × layers) | file en / zh (MB) | open → first step drawn (ms) | one step p50 / p95 (ms) "
              "| what-if recomputed + redrawn (ms) | what-if numbers only (ms) | JS run vs trace "
              "| JS what-if vs what_if (cases) |")
        print("|---|---|---|---|---|---|---|---|")
        for name in presets.available():
            runs = []
            for _ in range(args.repeat):
                page = open_lesson(context, files[name, "en"])
                T, H = page.evaluate("() => [window.gatescopeLesson.state.base.T, window.gatescopeLesson.state.base.H]")
                runs.append(timings(page, T, H))
                L = page.evaluate("() => window.gatescopeLesson.state.base.L")
                page.close()
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            page = open_lesson(context, files[name, "en"])
            run_err, worst, n = parity(page, name)
            page.close()
            sizes = " / ".join(f"{files[name, lang].stat().st_size / 1e6:.2f}" for lang in ("en", "zh"))
            print(f"| {name} ({T} × {H} × {L}) | {sizes} | {med['first']:.0f} "
                  f"| {med['step']:.1f} / {med['step95']:.1f} | {med['whatif']:.0f} | {med['hold']:.2f} "
                  f"| {run_err:.1e} | {worst:.1e} ({n}) |", flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
