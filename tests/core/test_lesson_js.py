"""The LSTM cell an exported lesson carries (ui/player/frontend/cell.js), run in Chromium: its what-ifs equal
lstm_core.lstm.intervene.what_if within 1e-6 for every preset, every gate and every hold value offered (two layers
included), and the payload it builds in the browser (lesson_frames.js) is the one the server builds (ui/step/frames.py):
the same equations, numbers, reading, spoken line, output, cursor and cell diagram at every step.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright; without it these tests skip (CI installs it)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from lstm_core.lessons import presets
from lstm_core.lstm.intervene import Clamp, InputEdit, what_if
from lstm_core.lstm.trace import trace
from scripts.export_lesson import build
from ui.figures import heatmap_base
from ui.step import frames
from ui.step.whatif import CLAMP_CHOICES
from ui.stepper import outputs
from ui.style import Style

PRESETS = presets.available()
HOLDS = sorted({tuple(c.split(":")) for c in CLAMP_CHOICES} | {("g", "-1"), ("g", "0"), ("g", "1"), ("f", "0.5")})


@pytest.fixture(scope="module")
def lesson_pages(browser, tmp_path_factory):
    """One page per preset with its exported lesson open (file://, every other request aborted)."""
    folder = tmp_path_factory.mktemp("lessons")
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    pages = {}

    def open_lesson(name: str):
        if name not in pages:
            path = folder / f"{name}.html"
            path.write_bytes(build(name, None, "en", False))
            page = context.new_page()
            page.goto(path.as_uri())
            page.wait_for_function("() => document.body.dataset.lessonReady === '1'", timeout=60_000)
            pages[name] = page
        return pages[name]

    yield open_lesson
    context.close()


def python_run(name: str):
    model = presets.load(name)
    tr = trace(model.lstm, model.encode(model.meta["examples"][0]["input"]))
    return model, tr


def spread(n: int, k: int) -> list[int]:
    """Up to k indices spread over range(n), first and last included."""
    return sorted({round(j * (n - 1) / max(k - 1, 1)) for j in range(min(n, k))})


@pytest.mark.parametrize("name", PRESETS)
def test_the_input_is_the_traced_runs(lesson_pages, name):
    _, tr = python_run(name)
    x = np.array(lesson_pages(name).evaluate("() => window.gatescopeLesson.input()"))
    assert x.shape == tr.x.shape and np.array_equal(x, tr.x.astype(np.float64))


@pytest.mark.parametrize("name", PRESETS)
def test_every_offered_hold_equals_what_if(lesson_pages, name):
    model, tr = python_run(name)
    page = lesson_pages(name)
    T, H, L = tr.steps, tr.hidden_size, tr.num_layers
    cases = [dict(gate=g, value=float(v), **{"from": s}, unit=u, layer=layer)
             for g, v in HOLDS for s in spread(T, 3) for u in spread(H, 4) for layer in range(L)]
    results = page.evaluate("(cases) => cases.map((c) => window.gatescopeLesson.hold(c))", cases)
    assert len(results) == len(cases)
    worst = 0.0
    for case, got in zip(cases, results, strict=True):
        want = what_if(model.lstm, tr, Clamp(case["gate"], case["value"], case["from"], case["unit"], case["layer"]))
        h, c = np.array(got["h"]), np.array(got["c"])
        assert h.shape == c.shape == (L, T, H)
        worst = max(worst, float(np.abs(h - want.h).max()), float(np.abs(c - want.c).max()))
        assert np.abs(h - want.h).max() <= 1e-6 and np.abs(c - want.c).max() <= 1e-6, case
    assert worst <= 1e-6


@pytest.mark.parametrize("name", [n for n in PRESETS if presets.load_meta(n)["input"]["kind"] == "numbers"])
def test_an_input_edit_equals_what_if(lesson_pages, name):
    model, tr = python_run(name)
    cases = [dict(step=s, value=v) for s in spread(tr.steps, 3) for v in (-3.0, 0.0, 2.5)]
    results = lesson_pages(name).evaluate("(cases) => cases.map((c) => window.gatescopeLesson.edit(c))", cases)
    for case, got in zip(cases, results, strict=True):
        want = what_if(model.lstm, tr, None, InputEdit(case["step"], case["value"]))
        assert np.abs(np.array(got["h"]) - want.h).max() <= 1e-6
        assert np.abs(np.array(got["c"]) - want.c).max() <= 1e-6


def test_a_hold_that_does_not_fit_is_refused_with_the_reason(lesson_pages):
    page = lesson_pages("memory")
    refused = "(c) => { try { window.gatescopeLesson.hold(c); return null; } catch (e) { return e.message; } }"
    message = page.evaluate(refused, {"gate": "f", "value": 2, "from": 0, "unit": 0, "layer": 0})
    assert message is not None and "[0, 1]" in message
    message = page.evaluate(refused, {"gate": "f", "value": 1, "from": 0, "unit": 99, "layer": 0})
    assert message is not None and "clamp unit < 6" in message


# ------------------------------------------------------------------------------------------ the payload
def server_payload(name: str, unit: int, layer: int, clamp: Clamp | None) -> dict:
    model, tr = python_run(name)
    run = outputs(model, tr, 0.0)
    if clamp is not None:
        run = outputs(model, what_if(model.lstm, tr, clamp), 0.0)
    style = Style("en", False)
    focus = model.meta.get("focus", {}).get("gate")
    fig = heatmap_base(run.tr, layer, symbols=run.symbols, output=run.output if run.output_symbols is None else None,
                       output_symbols=run.output_symbols, focus=focus, style=style)
    _, meta = frames.figure_part(fig)
    return json.loads(frames.step_part(model, run, clamp, layer, unit, meta, style, file_stem="x"))


def applied(base: list[dict], parts: dict, t: int, key: str) -> list[dict]:
    """A frame's values written into a copy of the base objects (draw.js applyFrame)."""
    out = json.loads(json.dumps(base))
    for path, value in zip(parts["paths"], parts["values"][t], strict=True):
        m = re.fullmatch(rf"{key}\[(\d+)\]\.(\w+)", path)
        assert m, path
        out[int(m.group(1))][m.group(2)] = value
    return out


def filled(equations: dict, t: int) -> list[tuple[str, list[str]]]:
    return [(equations["templates"][tid], values) for tid, values in equations["steps"][t]]


def same_objects(a: list[dict], b: list[dict], what: str) -> None:
    assert len(a) == len(b), what
    for x, y in zip(a, b, strict=True):
        for k in set(x) | set(y):
            if isinstance(x.get(k), float) or isinstance(y.get(k), float):
                assert x.get(k) == pytest.approx(y.get(k), abs=2e-4), (what, k)
            else:
                assert x.get(k) == y.get(k), (what, k)


CASES = [("memory", 3, 0, None), ("memory", 3, 0, Clamp("f", 0.0, 30, 3, 0)), ("sine", 2, 1, None),
         ("sine", 5, 1, Clamp("i", 1.0, 20, 5, 0)), ("sine", 0, 1, Clamp("o", 0.0, 10, 0, 1)),
         ("text", 5, 0, None), ("text", 7, 0, Clamp("f", 1.0, 4, 7, 0)), ("counting", 1, 0, Clamp("i", 0.0, 3, 1, 0)),
         ("random", 0, 0, None), ("handset", 0, 0, Clamp("o", 1.0, 0, 0, 0))]


@pytest.mark.parametrize(("name", "unit", "layer", "clamp"), CASES)
def test_the_browser_builds_the_servers_payload(lesson_pages, name, unit, layer, clamp):
    want = server_payload(name, unit, layer, clamp)
    js_clamp = None if clamp is None else dict(gate=clamp.gate, value=clamp.value, start=clamp.start, unit=clamp.unit,
                                               layer=clamp.layer)
    got = lesson_pages(name).evaluate("([u, l, c]) => window.gatescopeLesson.payload(u, l, c)", [unit, layer, js_clamp])
    for key in ("T", "unit", "layer", "lang", "present", "labels", "equations_title", "speeds", "steps"):
        assert got[key] == want[key], key
    same_objects(got["base_shapes"], want["base_shapes"], "base_shapes")
    assert got["diagram"]["layout"]["shapes"] == want["diagram"]["layout"]["shapes"]
    for t in range(want["T"]):
        assert filled(got["equations"], t) == filled(want["equations"], t), t
        same_objects(applied(got["base_shapes"], got["cursor"], t, "shapes"),
                     applied(want["base_shapes"], want["cursor"], t, "shapes"), f"cursor {t}")
        same_objects(applied(got["diagram"]["layout"]["annotations"], got["diagram"]["frames"], t, "annotations"),
                     applied(want["diagram"]["layout"]["annotations"], want["diagram"]["frames"], t, "annotations"),
                     f"diagram {t}")
