"""The Step page's set-up: a link opened as the view it names, the model and input pickers' callbacks, the
hand-set model's sliders and the drawing pad."""

from __future__ import annotations

import numpy as np
import streamlit as st

from lstm_core.data.inputs import InputError, parse_numbers
from ui import i18n, stepper
from ui.components import draw_pad
from ui.i18n import pick, t
from ui.step.state import WEIGHT_LIMIT, StepView
from ui.stepper import CUSTOM
from ui.widgets import canonical

ss = st.session_state


def apply_link() -> None:
    """A shared link (or a click on the Start page) opens exactly the view it names."""
    req = stepper.url_request()
    view = StepView.from_query(req, len(stepper.HANDSET_KEYS)) if req else None
    if view is None:
        return
    keys = stepper.model_keys()
    ss["step.model"] = view.model if view.model in keys else keys[0]
    if view.model not in keys:
        ss["step._link_missing"] = view.model  # shown once, as plain text
    model = stepper.get_model(ss["step.model"])
    examples = [e["id"] for e in model.meta["examples"]]
    if view.text is not None:
        ss["step.example"], ss["step.custom"] = CUSTOM, view.text
    else:
        ss["step.example"] = view.example if view.example in examples else default_example(model.meta)
    if view.weights and ss["step.model"] == "handset":
        for k, v in zip(stepper.HANDSET_KEYS, view.weights, strict=True):
            ss[f"hs.{k}"] = v
    focus = model.meta.get("focus", {})
    seek(view.t if view.t is not None else focus.get("step", 0))
    ss["step.unit"] = view.unit if view.unit is not None else focus.get("unit", 0)
    ss["step.layer"] = view.layer
    ss["step.gate"] = view.gate or focus.get("gate")
    ss["step.clamp"], ss["step.edit"] = view.clamp, view.edit  # checked when drawn
    if view.mangled:
        ss["step._link_mangled"] = view.mangled  # said once, in the user's language


def default_example(meta: dict) -> str:
    """The example a model opens on: the one its focus names (where its default what-if makes the point), or its
    first."""
    ids = [e["id"] for e in meta["examples"]]
    return meta.get("focus", {}).get("example") if meta.get("focus", {}).get("example") in ids else ids[0]


def seek(step: int) -> None:
    """The server moves the cursor (a link, a new model): the player takes this step even on the same run."""
    ss["step.t"] = step
    ss["step._seek"] = ss.get("step._seek", 0) + 1


def on_model_change() -> None:
    """A new model starts on its first example, at its most telling unit and step."""
    keys = stepper.model_keys()
    ss["step.model"] = canonical(ss.get("step.model"), {k: stepper.model_titles(k) for k in keys}) or keys[0]
    if ss["step.model"] == ss.get("step._shown_model"):
        return  # the same model relabelled (the language changed): keep the view as it is
    model = stepper.get_model(ss["step.model"])
    focus = model.meta.get("focus", {})
    ss["step.example"] = default_example(model.meta)
    seek(focus.get("step", 0))
    ss["step.unit"], ss["step.layer"], ss["step.gate"] = focus.get("unit", 0), 0, focus.get("gate")
    ss["step.clamp"] = ss["step.edit"] = None


def on_example_change() -> None:
    model = stepper.get_model(ss["step.model"])
    labels = {e["id"]: e["label"] for e in model.meta["examples"]} | {CUSTOM: i18n.STRINGS["step.custom"]}
    ss["step.example"] = canonical(ss.get("step.example"), labels) or model.meta["examples"][0]["id"]
    if ss["step.example"] == ss.get("step._shown_example"):
        return  # relabelled, not changed
    if ss["step.example"] == CUSTOM and not ss.get("step.custom"):
        ss["step.custom"] = ss.get("step._last_text", "")
    ss["step.clamp"] = ss["step.edit"] = None  # a what-if belongs to the sequence it was made on


def model_label(key: str) -> str:
    if key.startswith(stepper.TRAINED_PREFIX):
        return t("step.trained_prefix", name=ss["trained_models"][key.removeprefix(stepper.TRAINED_PREFIX)]["name"])
    return pick(stepper.get_model(key).meta["title"])


def handset_sliders(meta: dict, folded: bool = True) -> tuple:
    """Twelve sliders, one per weight of the 1-unit LSTM, in an expander (or flat, inside presenter mode's)."""
    defaults = meta["defaults"]
    box = st.expander(t("step.handset_weights"), expanded=True) if folded else st.container()
    with box:
        if st.button(t("step.handset_reset"), key="hs.reset"):
            for k, v in defaults.items():
                ss[f"hs.{k}"] = v
        cols = st.columns(4)
        for col, gate in zip(cols, "ifgo", strict=True):
            with col:
                st.markdown(f"**{t(f'gate.{gate}')}**")
                for k in (f"w_x{gate}", f"w_h{gate}", f"b_{gate}"):
                    ss.setdefault(f"hs.{k}", defaults[k])
                    label = {"w": "W", "b": "b"}[k[0]] + (f"_{{{k[2:]}}}" if k[0] == "w" else f"_{{{gate}}}")
                    st.slider(f"${label}$", -WEIGHT_LIMIT, WEIGHT_LIMIT, step=0.1, key=f"hs.{k}")
    return tuple(float(ss[f"hs.{k}"]) for k in stepper.HANDSET_KEYS)


def drawing_pad(examples: dict) -> None:
    """Draw the input instead of typing it: the drawn curve, one value per step, replaces the typed numbers."""
    modes = {"type": t("step.input_type"), "draw": t("step.input_draw")}
    mode = st.segmented_control(t("step.input_mode"), options=list(modes), format_func=modes.get,
                                key="step.input_mode", default="type")
    if mode != "draw":
        return
    first = parse_numbers(next(iter(examples.values()))["input"])
    try:
        start = parse_numbers(ss.get("step.custom") or "")
    except InputError:
        start = first
    hi = float(np.ceil(max(1.0, np.abs(first).max(), np.abs(start).max()) * 2) / 2)  # a round range for the axis
    drawn = draw_pad(list(start), steps=len(start), lo=-hi, hi=hi, label=t("step.draw_label"),
                     clear=t("step.draw_clear"), key="step.draw")
    st.caption(t("step.draw_help", n=len(start)))
    if drawn is not None and drawn != ss.get("step._drawn"):  # a new stroke: it becomes the input
        ss["step._drawn"] = drawn
        ss["step.custom"] = ", ".join(f"{v:g}" for v in drawn)
