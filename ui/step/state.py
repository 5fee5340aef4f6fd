"""The Step page's view as a plain value: what a link names and the page shows.

Pure Python (no Streamlit): the page turns the URL into a StepView, the session into a StepView, and a StepView
back into the URL; tests check each mapping without a browser. (Stepping and playback run in the browser: ui/player.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from lstm_core.lstm.intervene import Clamp, InputEdit, format_clamp, format_edit, parse_clamp, parse_edit

STATES = ("i", "f", "g", "o", "c", "h")
WEIGHT_LIMIT = 8.0  # the hand-set model's sliders run from -8 to 8
EDIT_LIMIT = 1e6  # the what-if input box's range: far past where every gate saturates, still readable in a sentence
SPEEDS = (1, 2, 4, 8, 16)  # steps per second offered for playback


def parse_int(value: str | None, default, low: int, high: int):
    """An integer from a link, kept within [low, high]; the default when it is missing or not a number."""
    try:
        return min(max(int(str(value)), low), high)
    except (TypeError, ValueError):
        return default


@dataclass(frozen=True)
class StepView:
    """One view of the Step page, as a link names it."""

    model: str  # preset name, or "trained:<id>" for a model trained in this session
    example: str | None = None  # example id of the model; None when `text` is the user's own input
    text: str | None = None  # the user's own input (numbers, brackets or characters), when example is None
    t: int | None = None  # the time step under the cursor; None: the model's most telling step
    unit: int | None = None  # the unit whose equations are shown; None: the model's most telling unit
    layer: int = 0  # the layer on view (0 = the layer that reads the input)
    gate: str | None = None  # the state row in focus (i, f, g, o, c, h), or None
    clamp: Clamp | None = None  # a what-if: a gate held from a step on
    edit: InputEdit | None = None  # a what-if: one input value changed
    weights: tuple[float, ...] = ()  # the hand-set model's 12 weights (empty for every other model)
    mangled: str | None = None  # a what-if in the link that could not be read (said once to the user)

    @classmethod
    def from_query(cls, q: dict[str, str | None], weight_count: int = 12) -> StepView | None:
        """The view a link names; None without ?preset=. Out-of-range numbers are kept within range later, when
        the model's size is known; a mangled what-if is dropped and named in `mangled`."""
        model = q.get("preset")
        if not model:
            return None
        weights: tuple[float, ...] = ()
        if q.get("w"):
            try:
                values = [float(v) for v in str(q["w"]).split(",")]
                if len(values) == weight_count and not any(math.isnan(v) for v in values):  # ±inf: the slider's end
                    weights = tuple(min(max(v, -WEIGHT_LIMIT), WEIGHT_LIMIT) for v in values)
            except ValueError:
                pass  # a mangled link: keep the default weights
        clamp, edit = parse_clamp(q.get("clamp")), parse_edit(q.get("edit"))
        if edit is not None:  # as the what-if box does: 1e308 would overflow the gates' sums to inf - inf = NaN
            edit = replace(edit, value=min(max(edit.value, -EDIT_LIMIT), EDIT_LIMIT))
        mangled = next((str(raw)[:40] for raw, parsed in ((q.get("clamp"), clamp), (q.get("edit"), edit))
                        if raw and parsed is None), None)
        return cls(
            model=model,
            example=None if q.get("seq") is not None else q.get("ex"),
            text=q.get("seq"),
            t=parse_int(q.get("t"), None, 0, 10**6),
            unit=parse_int(q.get("unit"), None, 0, 10**4),
            layer=parse_int(q.get("layer"), 0, 0, 100),
            gate=q.get("gate") if q.get("gate") in STATES else None,
            clamp=clamp, edit=edit, weights=weights, mangled=mangled,
        )

    def to_query(self, lang: str, present: bool = False) -> dict[str, str]:
        """The link of this view (what the address bar shows)."""
        q = {"preset": self.model}
        if self.text is not None:
            q["seq"] = self.text
        elif self.example is not None:
            q["ex"] = self.example
        if self.weights:
            q["w"] = ",".join(f"{w:g}" for w in self.weights)
        if self.gate:
            q["gate"] = self.gate
        q.update(t=str(self.t or 0), unit=str(self.unit or 0), layer=str(self.layer), lang=lang)
        if self.clamp is not None:
            q["clamp"] = format_clamp(self.clamp)
        if self.edit is not None:
            q["edit"] = format_edit(self.edit)
        if present:
            q["present"] = "1"
        return q
