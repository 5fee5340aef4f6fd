"""What the Step page's player (ui/player) needs to step through a run in the browser: every step's cursor, equation
numbers, cell diagram, reading and spoken line, computed here once per run, layer, unit and style.

Pure Python (no Streamlit): the numbers come from the same trace, the same equation and figure builders as
before, and tests compare them with the trace (which tests compare with torch.nn.LSTM). Per step only what
changes is sent: values for the slots of an equation template, and the few figure attributes that move.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from lstm_core.lstm.explain import read_step
from lstm_core.lstm.intervene import Clamp, clamped_terms
from lstm_core.lstm.trace import layer_weights
from ui.equations import PLAIN, Slots, step_equations
from ui.figures import cursor_shapes, diagram_layout, diagram_parts
from ui.mathml import to_html
from ui.step.state import SPEEDS
from ui.style import Style
from ui.theme import themed

_SLOT = re.compile(r"@(\d+)@")
MINUS = "\u2212"  # the typographic minus: "−0.123" as the equations printed it before (KaTeX)
LABELS = ("first", "back", "forward", "last", "play", "pause", "speed", "step", "keys_hint", "heatmaps",
          "heatmap_help", "diagram", "reading", "controls", "equations_help", "png",
          "equation")


def _flat(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flat(v, f"{path}.{k}" if path else k, out)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for i, v in enumerate(value):
            _flat(v, f"{path}[{i}]", out)
    else:
        out[path] = value


def _compact(v: Any) -> Any:
    return round(v, 4) if isinstance(v, float) else v  # arrow widths and positions: 4 decimals draw the same


def moving_parts(frames: list[dict]) -> dict:
    """For layouts that differ from frame to frame: the attributes that vary between any two frames, as
    Plotly.relayout paths ("shapes[3].x0"), and each frame's values of all of them (so frames can be applied in
    any order): {"paths": [...], "values": [[...], ...]} (paths once, not per frame: the payload stays small)."""
    flat = []
    for frame in frames:
        out: dict[str, Any] = {}
        _flat(frame, "", out)
        flat.append(out)
    if not flat:
        return {"paths": [], "values": []}
    varying = [p for p in flat[0] if any(f.get(p) != flat[0][p] for f in flat[1:])]
    return {"paths": varying, "values": [[_compact(f.get(p)) for p in varying] for f in flat]}


def number_text(text: str) -> str:
    return text.replace("-", MINUS)


def equations(model, run, clamp: Clamp | None, layer: int, unit: int, held_words: tuple[str, str]) -> dict:
    """Six equation templates per step (deduplicated: a run usually needs six in all) and each step's numbers,
    formatted by the same code that printed them before (ui.equations)."""
    templates: list[str] = []
    index: dict[str, int] = {}
    steps = []
    weights = layer_weights(model.lstm, layer)  # read once, not once per step
    for step in range(run.tr.steps):
        terms = clamped_terms(model.lstm, run.tr, clamp, layer, step, weights)
        held = clamp.gate if clamp and clamp.layer == layer and clamp.unit == unit and step >= clamp.start else None
        slots = Slots()
        lines = step_equations(terms, float(run.tr.previous("c", layer, step)[unit]), unit, held, held_words, slots)
        # The slots were filled in order: print each value the way PLAIN prints that kind of number.
        texts = [number_text(PLAIN.plain(v) if kind == "p" else PLAIN.signed(v)) for kind, v in slots.values]
        row, at = [], 0
        for latex in lines:
            n = latex.count("@") // 2
            latex = _SLOT.sub(lambda m, at=at: f"@{int(m.group(1)) - at}@", latex)  # each equation counts from 0
            if latex not in index:
                index[latex] = len(templates)
                templates.append(to_html(latex))
            row.append([index[latex], texts[at:at + n]])
            at += n
        steps.append(row)
    return {"templates": templates, "steps": steps}


def diagram(run, layer: int, unit: int, style: Style) -> dict:
    """The cell diagram at the first step, and per step the annotations that move (numbers and arrow widths)."""
    notes_per_step = []
    shapes: list[dict] = []
    for step in range(run.tr.steps):
        r = read_step(run.tr, layer, step, unit)
        shapes, notes = diagram_parts(dict(i=r.i, f=r.f, g=r.g, o=r.o, c_prev=r.c_prev, c=r.c, h=r.h), style=style)
        notes_per_step.append({"annotations": notes})
    first = notes_per_step[0]["annotations"] if notes_per_step else []
    layout = diagram_layout(shapes, first, style=style)
    return {"layout": layout, "frames": moving_parts(notes_per_step)}


def reading_lines(r, t) -> list[str]:
    """A step in plain words (four sentences), `t` the UI strings of the user's language."""
    def v(x: float) -> str:
        return f"{x:.2f}"

    return [
        t(f"read.f_{r.forget}", v=v(r.f)),
        t(f"read.i_{r.input}", v=v(r.i), g=v(r.g)),
        t("read.c_change", prev=v(r.c_prev), now=v(r.c)),
        t(f"read.o_{r.output}", v=v(r.o), h=v(r.h)),
    ]


def output_text(run, step: int) -> str | None:
    """The model's output at a step, as the status line prints it."""
    if run.output_symbols is not None:
        return repr(run.output_symbols[step])
    if run.output is not None:
        return f"{run.output[step, 0]:+.3f}"
    return None


def figure_part(fig: go.Figure) -> tuple[str, dict]:
    """The heatmap base figure as JSON (numpy arrays go as compact typed arrays, "bdata"), and what the cursor
    needs to know of it. The same for every unit: the page keeps it while the unit changes."""
    meta = {"rows": list(fig.layout.meta["heatmap_rows"]), "x_range": list(fig.layout.xaxis.range),
            # an input row of characters: the cursor frames the one being read instead of crossing it
            "text_row": None if fig.layout.meta["numeric"]["x"] else list(fig.layout.meta["domains"][0])}
    themed(fig)  # drawn in the browser without Streamlit's theme: the app's own
    return pio.to_json(fig, validate=False, engine="json"), meta


def step_part(model, run, clamp: Clamp | None, layer: int, unit: int, figure_meta: dict, style: Style, *,
              file_stem: str) -> str:
    """Everything the player needs per step for one run, layer and unit, as a JSON object string."""
    tr = run.tr
    T = tr.steps
    rows, x_range = figure_meta["rows"], tuple(figure_meta["x_range"])
    text_row = tuple(figure_meta["text_row"]) if figure_meta.get("text_row") else None
    cursor = moving_parts([{"shapes": cursor_shapes(rows, x_range, s, unit, text_row)} for s in range(T)])
    held_words = (style.t("whatif.clamped"), style.t("whatif.would_be"))
    steps = []
    for s in range(T):
        r = read_step(tr, layer, s, unit)
        out = output_text(run, s)
        live = style.t("step.live" if out is None else "step.live_output", t=s, T=T - 1, unit=unit, f=f"{r.f:.3f}",
                       output=out)
        steps.append({"reading": reading_lines(r, style.t),
                      "output": style.t("step.output_now", value=out) if out is not None else None,
                      "live": live})
    data = {
        "kind": "step", "T": T, "unit": unit, "layer": layer, "lang": style.lang, "present": style.present,
        "labels": {k: style.t(f"step.{k}") for k in LABELS},
        "equations_title": style.t("step.equations", t="{t}", unit=unit),
        "speeds": list(SPEEDS), "file_stem": file_stem,
        "cursor": cursor, "base_shapes": cursor_shapes(rows, x_range, 0, unit, text_row),
        "equations": equations(model, run, clamp, layer, unit, held_words),
        "diagram": diagram(run, layer, unit, style),
        "steps": steps,
    }
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def payload(figure_json: str, step_json: str) -> str:
    """The player's payload: the figure and the per-step part in one JSON object."""
    return step_json[:-1] + ',"figure":' + figure_json + "}"


def version(text: str) -> str:
    """A short fingerprint of a payload: the player takes a new payload (and the server's cursor) when it changes."""
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
