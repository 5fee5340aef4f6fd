"""What if? Re-run an LSTM from step t with one gate of one unit held fixed, or with one input value changed.

A clamp replaces a gate's value after its nonlinearity, from step `start` to the end, for one unit of one layer:

    f_t[u] = value            (instead of σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)[u]),   t >= start
    c_t    = f_t ⊙ c_{t-1} + i_t ⊙ g_t
    h_t    = o_t ⊙ tanh(c_t)

Everything downstream follows from the equations: the unit's c and h, the other units (through W_h* h_{t-1}),
the layers above and the model's output. Steps before `start` are the original run, so only the tail is
recomputed, step by step with the reference cell (lstm_core.lstm.cell.lstm_step and its hold hook): the clamp
breaks the fused kernel's assumptions, and tails are short (what-if is for teaching). All in float64.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from torch import nn

from lstm_core.errors import KeyedError
from lstm_core.lstm.cell import GATES, STATE_NAMES, Hold, LayerWeights, StepTerms, lstm_step
from lstm_core.lstm.explain import step_terms
from lstm_core.lstm.trace import GateTrace, check_supported, layer_weights

GATE_RANGE = {"i": (0.0, 1.0), "f": (0.0, 1.0), "g": (-1.0, 1.0), "o": (0.0, 1.0)}  # what each gate can output


@dataclass(frozen=True)
class Clamp:
    """Hold gate `gate` of unit `unit` in layer `layer` at `value` from step `start` on."""

    gate: str  # "i", "f", "g" or "o"
    value: float  # within the gate's range: [0, 1] for i, f, o; [-1, 1] for g
    start: int  # first clamped step
    unit: int
    layer: int = 0


@dataclass(frozen=True)
class InputEdit:
    """Replace input feature `feature` at step `step` by `value`."""

    step: int
    value: float
    feature: int = 0


MESSAGES = {  # the English text of each WhatIfError (the UI says it in the user's language from key and params)
    "neither": "what_if: expected a clamp, an input edit or both, got neither",
    "gate": "what_if: expected gate in {gates}, got {gate!r}",
    "range": "what_if: gate {gate} outputs values in [{lo:g}, {hi:g}], got {value}",
    "clamp_start": "what_if: expected 0 <= clamp start < {size}, got {value}",
    "clamp_unit": "what_if: expected 0 <= clamp unit < {size}, got {value}",
    "clamp_layer": "what_if: expected 0 <= clamp layer < {size}, got {value}",
    "edit_step": "what_if: expected 0 <= edit step < {size}, got {value}",
    "edit_feature": "what_if: expected 0 <= edit feature < {size}, got {value}",
    "edit_value": "what_if: expected a finite input value, got {value}",
}


class WhatIfError(KeyedError):
    """An intervention that does not fit the traced run, with a key and params for translation; str() is English."""

    MESSAGES = MESSAGES


def check(tr: GateTrace, clamp: Clamp | None, edit: InputEdit | None) -> None:
    """Refuse interventions that do not fit the traced run, naming what would fit (WhatIfError)."""
    if clamp is None and edit is None:
        raise WhatIfError("neither")
    if clamp is not None:
        if clamp.gate not in GATE_RANGE:
            raise WhatIfError("gate", gates=GATES, gate=clamp.gate)
        lo, hi = GATE_RANGE[clamp.gate]
        if not lo <= clamp.value <= hi:
            raise WhatIfError("range", gate=clamp.gate, lo=lo, hi=hi, value=clamp.value)
        for name, value, size in (("start", clamp.start, tr.steps), ("unit", clamp.unit, tr.hidden_size),
                                  ("layer", clamp.layer, tr.num_layers)):
            if not 0 <= value < size:
                raise WhatIfError(f"clamp_{name}", size=size, value=value)
    if edit is not None:
        if not 0 <= edit.step < tr.steps:
            raise WhatIfError("edit_step", size=tr.steps, value=edit.step)
        if not 0 <= edit.feature < tr.x.shape[1]:
            raise WhatIfError("edit_feature", size=tr.x.shape[1], value=edit.feature)
        if not np.isfinite(edit.value):
            raise WhatIfError("edit_value", value=edit.value)


def what_if(lstm: nn.LSTM, tr: GateTrace, clamp: Clamp | None = None, edit: InputEdit | None = None) -> GateTrace:
    """The run `tr` of `lstm` again, with a clamp and/or an input edit. Returns a new float64 GateTrace."""
    check_supported(lstm, "what_if")
    check(tr, clamp, edit)
    out = {k: getattr(tr, k).astype(np.float64) for k in STATE_NAMES}  # each (L, T, H)
    x = tr.x.astype(np.float64)  # (T, D)
    if edit is not None:
        x[edit.step, edit.feature] = edit.value
    starts = [s for s in (clamp.start if clamp else None, edit.step if edit else None) if s is not None]
    start = min(starts)
    first_layer = clamp.layer if edit is None and clamp is not None else 0  # layers below a clamp are untouched
    h0, c0 = tr.h0.astype(np.float64), tr.c0.astype(np.float64)

    for layer in range(first_layer, tr.num_layers):
        w = layer_weights(lstm, layer)
        layer_in = x if layer == 0 else out["h"][layer - 1]  # (T, D_k): the layer below may have changed
        h_prev = h0[layer] if start == 0 else out["h"][layer, start - 1]  # (H,)
        c_prev = c0[layer] if start == 0 else out["c"][layer, start - 1]  # (H,)
        for t in range(start, tr.steps):
            s = lstm_step(layer_in[t], h_prev, c_prev, w, hold=clamp_hold(clamp, layer, t))
            for k in STATE_NAMES:
                out[k][layer, t] = getattr(s, k)
            h_prev, c_prev = s.h, s.c
    return GateTrace(**out, x=x, h0=h0, c0=c0)


def clamp_hold(clamp: Clamp | None, layer: int, t: int) -> Hold | None:
    """The hook that holds the clamped gate at step t of `layer` (for lstm_step), or None where it does not apply."""
    if clamp is None or layer != clamp.layer or t < clamp.start:
        return None

    def hold(gates: dict[str, np.ndarray]) -> None:
        gates[clamp.gate][clamp.unit] = clamp.value

    return hold


def clamped_terms(lstm: nn.LSTM, run: GateTrace, clamp: Clamp | None, layer: int, t: int,
                  weights: LayerWeights | None = None) -> StepTerms:
    """The equation terms of step t in a what-if run: the held gate as held, and the c and h that follow from it,
    so the equations a page prints match the run. The plain step terms when the clamp does not apply.
    weights: layer_weights(lstm, layer) when the caller already has them."""
    return step_terms(lstm, run, layer, t, hold=clamp_hold(clamp, layer, t), weights=weights)


def parse_clamp(text: str | None) -> Clamp | None:
    """A clamp from its link form "gate:value:start:unit[:layer]" (e.g. "f:0:30:2"); None when absent or mangled."""
    if not text:
        return None
    parts = text.split(":")
    if len(parts) not in (4, 5) or parts[0] not in GATE_RANGE:
        return None
    try:
        value, start, unit = float(parts[1]), int(parts[2]), int(parts[3])
        layer = int(parts[4]) if len(parts) == 5 else 0
    except ValueError:
        return None
    return Clamp(parts[0], value, start, unit, layer)


def format_clamp(clamp: Clamp) -> str:
    """The link form of a clamp (see parse_clamp)."""
    return f"{clamp.gate}:{clamp.value:g}:{clamp.start}:{clamp.unit}" + (f":{clamp.layer}" if clamp.layer else "")


def parse_edit(text: str | None) -> InputEdit | None:
    """An input edit from its link form "step:value[:feature]"; None when absent or mangled."""
    if not text:
        return None
    parts = text.split(":")
    if len(parts) not in (2, 3):
        return None
    try:
        edit = InputEdit(int(parts[0]), float(parts[1]), int(parts[2]) if len(parts) == 3 else 0)
    except ValueError:
        return None
    return edit if np.isfinite(edit.value) else None


def format_edit(edit: InputEdit) -> str:
    """The link form of an input edit (see parse_edit)."""
    return f"{edit.step}:{edit.value:g}" + (f":{edit.feature}" if edit.feature else "")


NOISE = 5e-4  # a change of the cell state below this is rounding noise, not an effect (printed to 3 decimals)


@dataclass(frozen=True)
class Effect:
    """What a what-if changed in the layer on view, for a sentence: the largest change of c, where, and the output."""

    max_change: float  # the largest |Δc| in the layer
    at_t: int  # the step of that change
    at_unit: int  # the unit of that change
    output_old: float | None = None  # the model's answer at the last step, original run (a numeric read-out)
    output_new: float | None = None  # ... and the what-if run
    symbols_changed: int | None = None  # predictions that changed (a character model)
    symbols_total: int | None = None

    @property
    def cell_changed(self) -> bool:
        return self.max_change >= NOISE


def effect(original: GateTrace, run: GateTrace, layer: int, outputs: tuple | None = None,
           symbols: tuple | None = None) -> Effect:
    """Summarise how `run` (a what-if of `original`) differs in `layer`. outputs: (original, run) read-outs (T, K);
    symbols: (original, run) predicted characters. Layers below a clamp do not change at all."""
    delta = np.abs(run.c[layer] - original.c[layer])  # (T, H)
    at_t, at_unit = divmod(int(delta.argmax()), delta.shape[1])
    extra: dict = {}
    if symbols is not None:
        old, new = symbols
        extra = {"symbols_changed": sum(a != b for a, b in zip(new, old, strict=True)), "symbols_total": len(new)}
    elif outputs is not None:
        extra = {"output_old": float(outputs[0][-1, 0]), "output_new": float(outputs[1][-1, 0])}
    return Effect(float(delta.max()), at_t, at_unit, **extra)
