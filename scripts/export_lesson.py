"""A lesson as one HTML file that runs from disk, with no server and no network (ui/player/export.py).

    python -m scripts.export_lesson --preset NAME [--example ID] [--lang en|zh] [--present] --out FILE.html

For a teacher who builds a set of lessons at once: one preset and example per file, in one language, opening in
presenter sizes with --present. Exit code 2 with a message for an unknown preset or example.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lstm_core.lessons import presets
from lstm_core.lstm.trace import torch_parity, trace


def build(preset: str, example: str | None, lang: str, present: bool) -> bytes:
    """The lesson file's bytes. Raises ValueError naming what is wrong (an unknown preset or example)."""
    from ui.player.export import LessonRun, export  # the web stack, only when a lesson is built
    from ui.stepper import outputs

    if preset not in presets.available():
        raise ValueError(f"unknown preset {preset!r}: expected one of {', '.join(presets.available())}")
    model = presets.load(preset)
    examples = {e["id"]: e for e in model.meta["examples"]}
    example = example or next(iter(examples))
    if example not in examples:
        raise ValueError(f"preset {preset}: unknown example {example!r}: expected one of {', '.join(examples)}")
    text = examples[example]["input"]
    tr = trace(model.lstm, model.encode(text))
    run = outputs(model, tr, torch_parity(model.lstm, tr))
    focus = model.meta.get("focus", {})
    T, H = tr.steps, tr.hidden_size
    lesson = LessonRun(preset, model, run, example, text, t=min(int(focus.get("step", 0)), T - 1),
                       unit=min(int(focus.get("unit", 0)), H - 1))
    return export(lesson, lang, present)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m scripts.export_lesson", description=__doc__.split("\n\n")[0])
    p.add_argument("--preset", required=True, help="a shipped preset: " + ", ".join(presets.available()))
    p.add_argument("--example", help="the example's id (default: the preset's first)")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument("--present", action="store_true", help="open in presenter sizes (large type, high contrast)")
    p.add_argument("--out", required=True, type=Path, help="the HTML file to write")
    args = p.parse_args(argv)
    try:
        data = build(args.preset, args.example, args.lang, args.present)
    except ValueError as exc:
        print(f"export_lesson: {exc}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
