"""What if? Re-run an LSTM from step t with one gate of one unit held fixed, or with one input value changed.

A clamp replaces a gate's value after its nonlinearity, from step `start` to the end, for one unit of one layer:

    f_t[u] = value            (instead of σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)[u]),   t >= start
    c_t    = f_t ⊙ c_{t-1} + i_t ⊙ g_t
    h_t    = o_t ⊙ tanh(c_t)

Everything downstream follows from the equations: the unit's c and h, the other units (through W_h* h_{t-1}),
the layers above and the model's output. Steps before `start` are the original run, so only the tail is
recomputed: the input projections of the tail in one matmul per layer, then a loop over the tail for the
recurrent part (the clamp breaks the fused kernel's assumptions, and tails are short: what-if is for teaching).
All in float64.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from torch import nn

from lstm_core.cell import GATES, StepTerms, sigmoid, split_gates
from lstm_core.errors import KeyedError
from lstm_core.trace import GateTrace, check_supported, layer_weights

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
    out = {k: getattr(tr, k).astype(np.float64) for k in ("i", "f", "g", "o", "c", "h")}  # each (L, T, H)
    x = tr.x.astype(np.float64)  # (T, D)
    if edit is not None:
        x[edit.step, edit.feature] = edit.value
    starts = [s for s in (clamp.start if clamp else None, edit.step if edit else None) if s is not None]
    start = min(starts)
    first_layer = 0 if edit is not None else clamp.layer  # layers below a clamp are untouched
    h0, c0 = tr.h0.astype(np.float64), tr.c0.astype(np.float64)

    for layer in range(first_layer, tr.num_layers):
        w = layer_weights(lstm, layer)
        W_h, b = split_gates(w.weight_hh), split_gates(w.bias_ih + w.bias_hh)
        layer_in = x if layer == 0 else out["h"][layer - 1]  # (T, D_k): the layer below may have changed
        x_part = {k: layer_in[start:] @ Wk.T + b[k] for k, Wk in split_gates(w.weight_ih).items()}  # each (T', H)
        h_prev = h0[layer] if start == 0 else out["h"][layer, start - 1]
        c_prev = c0[layer] if start == 0 else out["c"][layer, start - 1]
        for s, t in enumerate(range(start, tr.steps)):
            z = {k: x_part[k][s] + W_h[k] @ h_prev for k in GATES}  # each (H,)
            i = sigmoid(z["i"])
            f = sigmoid(z["f"])
            g = np.tanh(z["g"])
            o = sigmoid(z["o"])
            gates = {"i": i, "f": f, "g": g, "o": o}
            if clamp is not None and layer == clamp.layer and t >= clamp.start:
                gates[clamp.gate][clamp.unit] = clamp.value
            c = f * c_prev + i * g
            h = o * np.tanh(c)
            for k, v in (*gates.items(), ("c", c), ("h", h)):
                out[k][layer, t] = v
            h_prev, c_prev = h, c
    return GateTrace(**out, x=x, h0=h0, c0=c0)


def clamped_terms(terms: StepTerms, c_prev: np.ndarray, clamp: Clamp | None, layer: int, t: int) -> StepTerms:
    """Step terms (from lstm_core.explain.step_terms) with the clamp applied, so the equations a page prints
    show the clamped gate and the c and h that follow from it. Unchanged when the clamp does not apply."""
    if clamp is None or layer != clamp.layer or t < clamp.start:
        return terms
    gates = {k: getattr(terms, k).copy() for k in GATES}
    gates[clamp.gate][clamp.unit] = clamp.value
    c = gates["f"] * c_prev + gates["i"] * gates["g"]
    h = gates["o"] * np.tanh(c)
    return dataclasses.replace(terms, **gates, c=c, h=h)


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
