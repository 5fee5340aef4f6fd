"""The Step page player's data contract (ui/step/frames.py): every number it shows at every step is the trace's
(which tests/core compares with torch.nn.LSTM), printed as the equations printed it; the cursor and the cell
diagram move with the step; and a preset's payload is built once per process, a user's own input never shared."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import tomllib

from lstm_core.lessons import presets
from lstm_core.lstm.intervene import Clamp, what_if
from lstm_core.lstm.trace import trace
from tests.app.conftest import STEP, new_app, no_exception, player_args, player_data
from ui.figures import heatmap_base
from ui.mathml import to_html, underbrace_as_underset
from ui.step import frames
from ui.stepper import outputs
from ui.style import Style


def shown(v: float) -> str:
    """A number as the equations print it (3 decimals, the typographic minus)."""
    return f"{v:.3f}".replace("-", "\u2212")


def build(preset: str, unit: int, layer: int = 0, clamp: Clamp | None = None, lang: str = "en"):
    model = presets.load(preset)
    tr = trace(model.lstm, model.encode(model.meta["examples"][0]["input"]))
    run = outputs(model, tr, 0.0)
    if clamp is not None:
        run = outputs(model, what_if(model.lstm, tr, clamp, None), 0.0)
    style = Style(lang, False)
    fig = heatmap_base(run.tr, layer, symbols=run.symbols, output=run.output if run.output_symbols is None else None,
                       output_symbols=run.output_symbols, style=style)
    figure_json, meta = frames.figure_part(fig)
    text = frames.payload(figure_json, frames.step_part(model, run, clamp, layer, unit, meta, style, file_stem="x"))
    return run.tr, json.loads(text)


@pytest.mark.parametrize(("preset", "unit", "layer"), [("memory", 3, 0), ("sine", 2, 1), ("text", 5, 0)])
def test_every_equation_number_at_every_step_is_the_traces(preset, unit, layer):
    tr, data = build(preset, unit, layer)
    assert data["T"] == tr.steps and len(data["equations"]["steps"]) == tr.steps
    for t in range(tr.steps):
        i_eq, f_eq, g_eq, o_eq, c_eq, h_eq = (values for _, values in data["equations"]["steps"][t])
        for values, name in ((i_eq, "i"), (f_eq, "f"), (g_eq, "g"), (o_eq, "o")):
            assert values[-1] == shown(float(getattr(tr, name)[layer, t, unit])), (t, name)
        c_prev = float(tr.previous("c", layer, t)[unit])
        assert c_eq[0] == shown(float(tr.f[layer, t, unit]))
        assert c_eq[1].strip("()") == shown(c_prev)  # a negative in brackets after the ×
        assert c_eq[-1] == shown(float(tr.c[layer, t, unit]))
        assert h_eq == [shown(float(tr.o[layer, t, unit])), shown(float(tr.c[layer, t, unit])),
                        shown(float(tr.h[layer, t, unit]))]


def test_the_pre_activation_parts_add_up_to_what_the_gate_squashes():
    tr, data = build("memory", 3)
    for t in (0, 3, 40, 89):
        a, b, total, value = (float(v.strip("()").replace("\u2212", "-")) for v in data["equations"]["steps"][t][1][1])
        assert abs(a + b - total) <= 0.0015 and abs(1 / (1 + np.exp(-total)) - value) <= 0.0015


def test_templates_have_one_slot_per_number_and_six_serve_a_plain_run():
    _, data = build("memory", 3)
    templates = data["equations"]["templates"]
    assert len(templates) == 6  # the same six templates at every step
    for row in data["equations"]["steps"]:
        for tid, values in row:
            slots = sorted(int(k) for k in re.findall(r'data-slot="(\d+)"', templates[tid]))
            assert slots == list(range(len(values)))


def test_a_held_gate_prints_as_held_from_its_step_on():
    tr, data = build("memory", 3, clamp=Clamp("f", 0.0, 30, 3, 0))
    templates, steps = data["equations"]["templates"], data["equations"]["steps"]
    assert "(held)" not in templates[steps[29][1][0]] and "(held)" in templates[steps[30][1][0]]
    assert steps[30][1][1][0] == shown(0.0) and float(tr.f[0, 30, 3]) == 0.0
    assert len(templates) == 7


def test_the_cursor_and_the_diagram_move_with_the_step():
    tr, data = build("memory", 3)
    cursor = data["cursor"]
    line_x = cursor["paths"].index("shapes[0].x0")
    assert [cursor["values"][t][line_x] for t in (0, 5, 89)] == [0, 5, 89]
    rect_y = [p for p in cursor["paths"] if p.endswith(".y0")]
    assert rect_y == []  # the unit's box stays on its unit: only x moves
    diagram = data["diagram"]
    texts = [p for p in diagram["frames"]["paths"] if p.endswith(".text")]
    assert texts, "the diagram's numbers must change with the step"
    at40 = dict(zip(diagram["frames"]["paths"], diagram["frames"]["values"][40], strict=True))
    assert any(f"{float(tr.h[0, 40, 3]):+.2f}" in str(v) for v in at40.values())


def test_each_step_has_a_spoken_line_and_its_reading_in_the_users_language():
    tr, data = build("memory", 3, lang="zh")
    step = data["steps"][41]
    assert step["live"].startswith("第 41 步（共 89 步）") and f"{float(tr.f[0, 41, 3]):.3f}" in step["live"]
    assert "输出" in step["live"] and len(step["reading"]) == 4
    assert data["labels"]["forward"] == "前进"


def test_an_underbrace_becomes_an_underset_and_slots_become_empty_numbers():
    assert underbrace_as_underset(r"\underbrace{\text{@0@}}_{W_{ii}x_t}+1") == r"\underset{W_{ii}x_t}{\text{@0@}}+1"
    html = to_html(r"\begin{aligned}h_t &= \text{@0@} \\ &= \text{@1@}\end{aligned}")
    assert html.count('class="eq-row"') == 2 and '<mn data-slot="1"></mn>' in html and "@" not in html


def test_a_presets_payload_is_built_once_per_process_and_a_typed_input_per_session(monkeypatch):
    calls = []
    real = frames.step_part

    def counting(*args, **kwargs):
        calls.append(args[4])  # the unit
        return real(*args, **kwargs)

    monkeypatch.setattr(frames, "step_part", counting)
    from ui.player import shared_payload

    shared_payload.clear()
    for _ in range(2):  # two students open the same lesson
        at = new_app(preset="counting", ex="deep", unit="1")
        at.switch_page(STEP).run()
        no_exception(at)
    assert len(calls) == 1
    for _ in range(2):  # two students type their own brackets: each is built in that student's session
        at = new_app(preset="counting", seq="(()())", unit="1")
        at.switch_page(STEP).run()
        no_exception(at)
        assert json.loads(player_args(at)["payload"])["T"] == 6
    assert len(calls) == 3
    at.selectbox(key="step.unit").set_value(2).run()  # the unit is part of what is built
    assert len(calls) == 4 and player_data(at)["unit"] == 2


def test_shareable_is_only_a_presets_own_view():
    from ui.step.state import StepView
    from ui.step.view import shareable

    res = object()
    assert shareable("memory", StepView("memory", "pos_spike"), res, res)
    assert not shareable("memory", StepView("memory", None, "1, 2"), res, res)  # typed input
    assert not shareable("memory", StepView("memory", "pos_spike"), object(), res)  # a what-if
    assert not shareable("trained:ab12", StepView("trained:ab12", "last_window"), res, res)
    assert not shareable("handset", StepView("handset", "step", weights=(1.0,) * 12), res, res)


def test_a_replay_carries_every_snapshot_exactly_and_its_words():
    import base64

    from lstm_core.forecast.snapshots import SnapshotLog
    from ui.replay_frames import replay_payload

    log = SnapshotLog.load(presets.MODELS_DIR / "sine.snapshots")
    names = {k: k for k in ("train", "val", "x", "y", "shown", "kept")}
    text = replay_payload(log, 1, kind="step", style=Style("en", False), names=names,
                          texts=lambda e: (f"after {e}", [f"line {e}"]), file_stem="x", labels={})
    data = json.loads(text)
    assert data["kind"] == "replay" and data["ticks"] == log.epochs and len(data["frames"]) == len(log)
    k = 5
    tr = log.trace_at(log.epochs[k])
    for row, name in enumerate(("i", "f", "g", "o", "c", "h")):
        spec = data["frames"][k]["z"][row]
        z = np.frombuffer(base64.b64decode(spec["bdata"]), dtype="<f4").reshape(spec["shape"])
        np.testing.assert_array_equal(z, getattr(tr, name)[1].T)  # exact: the snapshot's own float32 values
    assert data["frames"][k]["title"] == f"after {log.epochs[k]}"
    assert data["frames"][k]["marker"]["x"] in ([log.epochs[k]], [log.epochs[k]] * 2)
    heat = data["heat_frames"]
    assert heat["paths"] and all(len(v) == len(heat["paths"]) for v in heat["values"])
    heatmaps = [t for t in data["figure"]["data"] if t["type"] == "heatmap"]
    assert len(heatmaps) == 6 and data["heat_traces"] == [data["figure"]["data"].index(t) for t in heatmaps]


def test_the_player_ships_its_files_and_plotly_comes_from_the_plotly_package():
    from ui import player

    assert (player.PLOTLY_DIR / "plotly.min.js").is_file()
    for f in player.FRONTEND.iterdir():
        text = f.read_text(encoding="utf-8")
        assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text, f.name  # no CDN
        for src in re.findall(r'src="([^"]+)"', text):
            assert (player.FRONTEND / src).is_file(), src  # every script the page loads is in the folder


def test_the_servers_settings_say_why():
    """runner.postScriptGC is off (measured: memory bounded over 1,000 reruns, BENCHMARKS.md), with its reason."""
    path = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"
    config = tomllib.loads(path.read_text())
    assert config["runner"]["postScriptGC"] is False
    assert "1,000" in path.read_text() and "BENCHMARKS.md" in path.read_text()


def test_a_presets_trace_is_shared_but_each_session_keeps_its_own_figures_and_what_ifs():
    apps = []
    for _ in range(2):
        at = new_app(preset="memory", ex="neg_spike")
        at.switch_page(STEP).run()
        no_exception(at)
        apps.append(next(iter(at.session_state["step._cache"].values())))
    one, two = apps
    assert one.tr is two.tr  # traced once per process
    assert one.figures is not two.figures and one.variants is not two.variants  # per-user parts stay apart
    at = new_app(preset="memory", seq="0, 1, 0")  # typed input: traced in the session
    at.switch_page(STEP).run()
    assert next(iter(at.session_state["step._cache"].values())).tr is not one.tr


def test_app_py_runs_without_a_streamlit_runtime_as_a_spawned_worker_does():
    """The embedded cluster's worker processes start with multiprocessing's spawn, which re-runs the main script
    (app.py) as __mp_main__ without a Streamlit runtime: it must not raise there, or no worker starts."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    code = "import runpy; runpy.run_path('app.py', run_name='__mp_main__')"
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
