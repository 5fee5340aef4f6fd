"""Numbers for explaining one step: the equation terms of a layer at step t, and a coarse reading of the gates."""

from __future__ import annotations

from dataclasses import dataclass

from torch import nn

from lstm_core.lstm.cell import Hold, LayerWeights, StepTerms, lstm_step
from lstm_core.lstm.trace import GateTrace, layer_weights

OPEN, HALF, CLOSED = "open", "half", "closed"


def step_terms(lstm: nn.LSTM, tr: GateTrace, layer: int, t: int, hold: Hold | None = None,
               weights: LayerWeights | None = None) -> StepTerms:
    """Recompute step t of `layer` with the from-scratch cell (float64), from the trace's inputs and states.

    The result carries each pre-activation split into its input part and recurrent part, which the page
    prints in the equations; its gates equal the trace's to float tolerance (tested). hold: a what-if hook
    (lstm_core.lstm.intervene.clamp_hold). weights: layer_weights(lstm, layer), when the caller already has
    them (a page that explains every step reads them once).
    """
    if not 0 <= layer < tr.num_layers or not 0 <= t < tr.steps:
        raise ValueError(f"step_terms: expected 0 <= layer < {tr.num_layers} and 0 <= t < {tr.steps}, got {layer}, {t}")
    x_t = tr.layer_input(layer)[t].astype("float64")
    return lstm_step(x_t, tr.previous("h", layer, t).astype("float64"), tr.previous("c", layer, t).astype("float64"),
                     weights if weights is not None else layer_weights(lstm, layer), hold=hold)


def level(v: float) -> str:
    """Gate value -> open (>= 0.8), closed (<= 0.2) or half."""
    return OPEN if v >= 0.8 else CLOSED if v <= 0.2 else HALF


@dataclass(frozen=True)
class Reading:
    """What the gates of one unit did at one step, in coarse words the UI translates."""

    forget: str
    input: str
    output: str
    f: float
    i: float
    g: float
    o: float
    c_prev: float
    c: float
    h: float


def read_step(tr: GateTrace, layer: int, t: int, unit: int) -> Reading:
    f, i, g, o = (float(getattr(tr, k)[layer, t, unit]) for k in "figo")
    return Reading(level(f), level(i), level(o), f, i, g, o, float(tr.previous("c", layer, t)[unit]),
                   float(tr.c[layer, t, unit]), float(tr.h[layer, t, unit]))
