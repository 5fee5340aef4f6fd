"""A lesson as one HTML file that runs from disk: no server, no network, no install (a teacher e-mails it).

The file holds the player's JavaScript and CSS (ui/player/frontend), plotly.min.js from the `plotly` package, the
model's weights and the run's trace (float64, every layer and unit), the heatmap figures and the cell diagram in both
palettes (normal and presenter), and the UI strings of one language. In the browser, frontend/cell.js is the LSTM
cell (float64, the equations of lstm_core.lstm.cell) that recomputes a what-if, and frontend/lesson_frames.js builds
the player's payload for any layer, unit or what-if as ui/step/frames.py does on the server (tests compare both).

The page it makes exposes window.gatescopeLesson: input() -> x (T x D) and hold({gate, value, from, unit, layer})
-> {h, c} (L x T x H), computed in the browser (the contract of scripts.export_lesson in docs/DESIGN.md).
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import plotly

from lstm_core.lessons.presets import Preset
from lstm_core.lstm.cell import StepTerms
from lstm_core.lstm.intervene import Clamp, InputEdit
from lstm_core.lstm.trace import layer_weights
from ui.equations import Slots, step_equations
from ui.figures import diagram_layout, diagram_parts, heatmap_base
from ui.i18n import STRINGS
from ui.mathml import to_html
from ui.step import frames
from ui.step.state import SPEEDS
from ui.step.whatif import CLAMP_CHOICES, EDIT_LIMIT
from ui.style import Style

FRONTEND = Path(__file__).parent / "frontend"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# The player's files, in the order index.html loads them, then the lesson's own.
SCRIPTS = ("draw.js", "step_view.js", "player.js", "cell.js", "lesson_frames.js", "lesson.js")
STYLES = ("player.css", "lesson.css")
MAX_BYTES = 8 * 1024 * 1024  # the bound: small enough to e-mail
UNIT_MARK = "7654321"  # the unit's number in the equation templates, replaced in the browser by the unit shown
STRING_PREFIXES = ("read.", "whatif.", "gate.", "export.lesson", "lesson.present", "input.")
STRING_KEYS = ("step.equations", "scale.cell", "step.live", "step.live_output", "step.output_now", "step.unit",
               "step.layer", "step.custom", "step.custom_help")


class _Zero:
    """Any index gives 0.0: the terms of an equation template, whose numbers are slots."""

    def __getitem__(self, _):
        return 0.0


@dataclass(frozen=True)
class LessonRun:
    """What an exported lesson shows: the model, its traced run (a ui.stepper.Traced) and where it starts."""

    key: str  # the model's name in file names ("memory", "trained-3fa1")
    model: Preset
    run: object  # ui.stepper.Traced: tr, output, symbols, output_symbols, forecast, input_names
    example: str  # the example's id
    input_text: str  # what was typed or the example's input, shown in the box for typed input
    t: int = 0
    unit: int = 0
    layer: int = 0
    clamp: Clamp | None = None  # a what-if to open with (recomputed in the browser; the file carries the plain run)
    edit: InputEdit | None = None


def _b64(a: np.ndarray) -> dict:
    """An array as base64 of its little-endian bytes (cell.js f64 reads it): float32 where that loses nothing (a
    float32 trace or model: what_if reads those values as float64 too), else float64."""
    a = np.asarray(a, dtype=np.float64)
    dtype = "<f4" if np.array_equal(a.astype(np.float32).astype(np.float64), a) else "<f8"
    data = base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode("ascii")
    return {"dtype": dtype[1:], "b64": data}


def _weights(model: Preset) -> dict:
    lstm = model.lstm
    layers = []
    for k in range(lstm.num_layers):
        w = layer_weights(lstm, k)
        layers.append({name: _b64(getattr(w, name)) for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")})
    head = None
    if model.head is not None:
        weight = model.head.weight.detach().double().numpy()  # (K, H)
        head = {"weight": _b64(weight), "bias": _b64(model.head.bias.detach().double().numpy()), "K": weight.shape[0]}
    return {"L": lstm.num_layers, "H": lstm.hidden_size, "D": lstm.input_size, "layers": layers, "head": head}


def _trace(tr) -> dict:
    out = {k: _b64(getattr(tr, k)) for k in ("i", "f", "g", "o", "c", "h")}  # each (L, T, H)
    return {"T": tr.steps, "x": _b64(tr.x), "h0": _b64(tr.h0), "c0": _b64(tr.c0), **out}


def equation_templates(style: Style) -> dict:
    """The six equations as MathML templates, and the four gates' held form, with UNIT_MARK for the unit."""
    zero = {k: _Zero() for k in "ifgo"}
    terms = StepTerms(zero, zero, *(_Zero() for _ in range(6)))  # type: ignore[arg-type]
    unit = int(UNIT_MARK)
    held_words = (style.t("whatif.clamped"), style.t("whatif.would_be"))

    def html_of(held: str | None) -> list[str]:
        return [to_html(latex) for latex in _renumbered(step_equations(terms, 0.0, unit, held, held_words, Slots()))]

    plain = html_of(None)
    return {"plain": plain, "held": [html_of(g)["ifgo".index(g)] for g in "ifgo"], "unit_mark": UNIT_MARK}


def _renumbered(lines: list[str]) -> list[str]:
    """Each equation's slots counted from 0 (as ui.step.frames.equations numbers them)."""
    out, at = [], 0
    for latex in lines:
        n = latex.count("@") // 2
        out.append(frames._SLOT.sub(lambda m, at=at: f"@{int(m.group(1)) - at}@", latex))
        at += n
    return out


def _figure(lesson: LessonRun, layer: int, style: Style) -> dict:
    run = lesson.run
    fig = heatmap_base(run.tr, layer, symbols=run.symbols, output=run.output if run.output_symbols is None else None,
                       output_symbols=run.output_symbols, focus=lesson.model.meta.get("focus", {}).get("gate"),
                       forecast=run.forecast, input_names=run.input_names, style=style)
    if style.present:  # as ui.presenter.sized does on the page
        fig.update_xaxes(tickfont_size=style.font_size - 4, title_font_size=style.font_size - 2)
        fig.update_yaxes(tickfont_size=style.font_size - 4, title_font_size=style.font_size - 2)
        fig.update_layout(legend_font_size=style.font_size - 3)
    figure = json.loads(frames.figure_part(fig)[0])
    for trace in figure["data"]:
        if trace.get("type") == "heatmap":
            trace.pop("z", None)  # filled in the browser from the run (lesson.js): the file carries it once
    return figure


def _diagram(style: Style) -> dict:
    values = dict(i=0.5, f=0.5, g=0.5, o=0.5, c_prev=0.5, c=0.5, h=0.5)  # every number the browser fills in
    shapes, notes = diagram_parts(values, style=style)
    return diagram_layout(shapes, notes, style=style)


def _strings(lang: str) -> dict[str, str]:
    keys = [k for k in STRINGS if k.startswith(STRING_PREFIXES)] + list(STRING_KEYS)
    return {k: STRINGS[k][lang] for k in keys}


def _pick(texts, lang: str) -> str:
    if not isinstance(texts, dict):
        return str(texts)
    return texts.get(lang) or texts.get("en", "")


def lesson_data(lesson: LessonRun, lang: str, present: bool) -> dict:
    """Everything the page needs, as one JSON-able dict."""
    model, run, meta = lesson.model, lesson.run, lesson.model.meta
    normal, big = Style(lang, False), Style(lang, True)
    L = run.tr.num_layers
    examples = {e["id"]: e for e in meta.get("examples", [])}
    example_label = _pick(examples.get(lesson.example, {}).get("label", {}), lang) if lesson.example in examples \
        else STRINGS["step.custom"][lang]
    return {
        "lang": lang, "present": present, "file_stem": f"gatescope-{lesson.key}",
        "title": _pick(meta.get("title", {}), lang), "example": example_label,
        "look_for": _pick(meta.get("look_for", {}), lang), "description": _pick(meta.get("description", {}), lang),
        "input_kind": model.input_kind, "alphabet": meta.get("input", {}).get("alphabet"),
        "input_text": lesson.input_text, "output_kind": meta.get("output", {}).get("kind"),
        "start": {"t": lesson.t, "unit": lesson.unit, "layer": lesson.layer,
                  "clamp": None if lesson.clamp is None else asdict(lesson.clamp),
                  "edit": None if lesson.edit is None else asdict(lesson.edit)},
        "model": _weights(model), "run": _trace(run.tr),
        "output": None if run.output is None else np.asarray(run.output, dtype=float).tolist(),
        "output_symbols": run.output_symbols, "symbols": run.symbols,
        "figures": {"normal": [_figure(lesson, k, normal) for k in range(L)],
                    "present": [_figure(lesson, k, big) for k in range(L)]},
        "diagram": {"normal": _diagram(normal), "present": _diagram(big)},
        "templates": equation_templates(normal),
        "labels": {k: normal.t(f"step.{k}") for k in frames.LABELS},
        "strings": _strings(lang), "speeds": list(SPEEDS),
        "clamp_choices": list(CLAMP_CHOICES), "edit_limit": EDIT_LIMIT,
    }


def _script(text: str) -> str:
    # Inline scripts end at the first "</script": written as "<\/script", which JavaScript reads the same.
    return "<script>\n" + text.replace("</script", "<\\/script") + "\n</script>\n"


def lesson_html(data: dict) -> str:
    """The lesson as one self-contained HTML page (everything inline: nothing is fetched)."""
    styles = "".join((FRONTEND / f).read_text(encoding="utf-8") for f in STYLES)
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    head = (f'<!doctype html>\n<html lang="{"zh-Hans" if data["lang"] == "zh" else "en"}">\n<head>\n'
            '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(data['title'])} · Gatescope</title>\n<style>\n{styles}\n</style>\n</head>\n")
    body = ('<body class="lesson">\n<header id="lesson-top"></header>\n<main id="root" aria-busy="true"></main>\n'
            '<section id="lesson-whatif"></section>\n')
    scripts = _script(PLOTLY_JS.read_text(encoding="utf-8"))
    scripts += f'<script id="gatescope-lesson" type="application/json">{payload}</script>\n'
    scripts += "".join(_script((FRONTEND / f).read_text(encoding="utf-8")) for f in SCRIPTS)
    return head + body + scripts + "</body>\n</html>\n"


def export(lesson: LessonRun, lang: str = "en", present: bool = False) -> bytes:
    """The lesson file's bytes (UTF-8). Raises ValueError when it would exceed MAX_BYTES."""
    data = lesson_html(lesson_data(lesson, lang, present)).encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ValueError(f"export: the lesson is {len(data) / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:.1f} MB bound")
    return data
