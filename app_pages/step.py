"""Step-through page: pick a model and a sequence, move a time cursor, watch every gate.

Thin by design: the parts live in ui/step/ (state: the view as a plain value and the playback clock; setup: links
and pickers; view: the fragment around the player, which steps in the browser; whatif). The trace is cached per
user (ui.stepper.traced); stepping and playing send nothing to the server until they stop.
"""

from __future__ import annotations

import streamlit as st

from lstm_core.data.inputs import InputError
from ui import stepper
from ui.components import enter_applies
from ui.i18n import pick, t
from ui.presenter import presenting
from ui.safe_text import md, say
from ui.step.setup import (
    apply_link,
    drawing_pad,
    handset_sliders,
    model_label,
    on_example_change,
    on_model_change,
)
from ui.step.state import StepView
from ui.step.view import view
from ui.stepper import CUSTOM
from ui.widgets import canonical

ss = st.session_state

# ----------------------------------------------------------------------------- page
apply_link()
keys = stepper.model_keys()
if ss.get("step.model") not in keys:
    on_model_change()
ss.setdefault("step.speed", 4)

present = presenting()
if present:  # the stage: a short title with set-up folded beside it, so the controls and gates fill the screen
    title_col, setup_col = st.columns([3, 2], vertical_alignment="center")
    title_col.title(t("step.title"))
else:
    st.title(t("step.title"))
missing = ss.pop("step._link_missing", None)
if missing:
    trained_link = missing.startswith(stepper.TRAINED_PREFIX)
    st.info(say("step.link_missing" if trained_link else "step.link_unknown", name=missing[:40]),
            icon=":material/info:")
mangled = ss.pop("step._link_mangled", None)
if mangled:
    st.info(say("whatif.link_mangled", value=mangled), icon=":material/info:")

# In presenter mode the set-up controls fold into a popover that opens over the page (a folded box that opened in
# place would push the controls and heatmaps off the projector); they stay drawn, so Streamlit keeps their state.
setup = setup_col.popover(t("step.setup"), icon=":material/tune:", width="stretch") if present else st.container()
with setup:
    c1, c2 = st.columns([1, 1])
# Labels are computed now, in this run's language: a format_func may be called outside the run.
model_labels = {k: model_label(k) for k in keys}
c1.selectbox(t("step.model"), options=keys, format_func=model_labels.get, key="step.model",
             on_change=on_model_change)
model_key = ss["step.model"]
ss["step._shown_model"] = model_key
model = stepper.get_model(model_key)
meta = model.meta
examples = {e["id"]: e for e in meta["examples"]}
if ss.get("step.example") not in [*examples, CUSTOM]:
    ss["step.example"] = canonical(ss.get("step.example"), {k: e["label"] for k, e in examples.items()}) \
        or next(iter(examples))
example_labels = {k: pick(e["label"]) for k, e in examples.items()} | {CUSTOM: t("step.custom")}
typable = model.input_kind != "series"  # a trained model reads prepared windows of the user's own series
if not typable and ss.get("step.example") == CUSTOM:
    ss["step.example"] = next(iter(examples))
c2.selectbox(t("step.sequence"), options=[*examples, *([CUSTOM] if typable else [])], key="step.example",
             on_change=on_example_change, format_func=example_labels.get)

ss["step._shown_example"] = ss["step.example"]

weights: tuple = ()
with setup:
    if model_key == "handset":
        weights = handset_sliders(meta, folded=not present)
        model = stepper.get_model("handset", dict(zip(stepper.HANDSET_KEYS, weights, strict=True)))

    if ss["step.example"] == CUSTOM:
        if model.input_kind == "numbers":
            drawing_pad(examples)
        text = st.text_area(t("step.custom_label", meaning=pick(meta["input"]["meaning"])), key="step.custom",
                            help=t("step.custom_help"), height=80)
        numbers = model.input_kind == "numbers"  # numbers may go on several lines; characters never hold one
        enter_applies("step.custom", newline=numbers, key="step._enter")
        st.caption(t("step.enter_numbers" if numbers else "step.enter_text"))
    else:
        text = examples[ss["step.example"]]["input"]

# A preset's own example with its default weights is the same for every student: traced once per process.
shared = stepper.preset_example(model_key, ss["step.example"] == CUSTOM, weights)
try:
    res = stepper.traced(model_key, model, text, weights, shared=shared)
    ss["step._last_good"] = (model_key, text, weights)
    ss["step._last_text"] = text
except InputError as exc:
    example = next(iter(examples.values()))["input"][:30]
    typed = {k: md(v) if isinstance(v, str) else v for k, v in exc.params.items()}  # the user's tokens, as text
    st.error(t("step.input_error", message=t(f"input.{exc.key}", example=example, **typed)),
             icon=":material/error:")
    last = ss.get("step._last_good")
    if last and last[0] == model_key:
        st.caption(t("step.kept_previous"))
        text, weights = last[1], last[2]
    else:
        text = next(iter(examples.values()))["input"]
    res = stepper.traced(model_key, model, text, weights)

if not present:  # on the stage the hint goes under the player
    st.info(pick(meta["look_for"]), icon=":material/lightbulb:")

custom = ss["step.example"] == CUSTOM  # the input shown goes into the link: a rejected one never does
base = StepView(model_key, None if custom else ss["step.example"], text if custom else None,
                gate=ss.get("step.gate"), weights=weights)

st.fragment(view)(model_key, model, res, base)
if present:
    st.info(pick(meta["look_for"]), icon=":material/lightbulb:")
