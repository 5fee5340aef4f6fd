"""Step-through page: pick a model and a sequence, move a time cursor, watch every gate.

Thin by design: widgets -> lstm_core (trace, step terms) -> ui figure builders. The trace is cached per
user (ui.stepper.traced), so a step only redraws the cursor and the numbers.
"""

from __future__ import annotations

import time

import numpy as np
import streamlit as st

from lstm_core.data.inputs import InputError, parse_numbers
from lstm_core.lstm.explain import read_step
from lstm_core.lstm.intervene import (
    Clamp,
    InputEdit,
    WhatIfError,
    clamped_terms,
    format_clamp,
    format_edit,
    parse_clamp,
    parse_edit,
)
from ui import i18n, stepper
from ui.components import draw_pad
from ui.equations import step_equations
from ui.exports import chart_config, show_heatmaps
from ui.figures import ROWS, cell_diagram, move_cursor
from ui.i18n import lang, pick, t
from ui.presenter import presenting, sized
from ui.stepper import CUSTOM
from ui.whatif_figures import difference_panels, whatif_figure

ss = st.session_state
SPEEDS = (1, 2, 4, 8, 16)
EDIT_LIMIT = 1e6  # the what-if input box's range: far past where every gate saturates, still readable in a sentence


def apply_link() -> None:
    """A shared link (or a click on the Start page) opens exactly the view it names."""
    req = stepper.url_request()
    if req is None:
        return
    keys = stepper.model_keys()
    ss["step.model"] = req["preset"] if req["preset"] in keys else keys[0]
    if req["preset"] not in keys:
        ss["step._link_missing"] = req["preset"]  # shown once, as plain text
    model = stepper.get_model(ss["step.model"])
    examples = [e["id"] for e in model.meta["examples"]]
    if req["seq"] is not None:
        ss["step.example"], ss["step.custom"] = CUSTOM, req["seq"]
    else:
        ss["step.example"] = req["ex"] if req["ex"] in examples else examples[0]
    if req["w"] and ss["step.model"] == "handset":
        try:
            values = [float(v) for v in req["w"].split(",")]
            if len(values) == len(stepper.HANDSET_KEYS):
                for k, v in zip(stepper.HANDSET_KEYS, values, strict=True):
                    ss[f"hs.{k}"] = max(-8.0, min(8.0, v))
        except ValueError:
            pass  # a mangled link: keep the default weights
    focus = model.meta.get("focus", {})
    ss["step.t"] = stepper.parse_int(req["t"], focus.get("step", 0), 0, 10**6)
    ss["step.unit"] = stepper.parse_int(req["unit"], focus.get("unit", 0), 0, 10**4)
    ss["step.layer"] = stepper.parse_int(req["layer"], 0, 0, 100)
    ss["step.gate"] = req["gate"] if req["gate"] in ("i", "f", "g", "o", "c", "h") else focus.get("gate")
    ss["step.clamp"], ss["step.edit"] = parse_clamp(req["clamp"]), parse_edit(req["edit"])  # checked when drawn
    mangled = [v for v, parsed in ((req["clamp"], ss["step.clamp"]), (req["edit"], ss["step.edit"])) if v and not parsed]
    if mangled:
        ss["step._link_mangled"] = mangled[0][:40]  # said once, in the user's language
    ss["step.playing"] = False


def on_model_change() -> None:
    """A new model starts on its first example, at its most telling unit and step."""
    keys = stepper.model_keys()
    ss["step.model"] = stepper.canonical(ss.get("step.model"), {k: stepper.model_titles(k) for k in keys}) or keys[0]
    if ss["step.model"] == ss.get("step._shown_model"):
        return  # the same model relabelled (the language changed): keep the view as it is
    model = stepper.get_model(ss["step.model"])
    focus = model.meta.get("focus", {})
    ss["step.example"] = model.meta["examples"][0]["id"]
    ss["step.t"], ss["step.unit"], ss["step.layer"] = focus.get("step", 0), focus.get("unit", 0), 0
    ss["step.gate"], ss["step.playing"] = focus.get("gate"), False
    ss["step.clamp"] = ss["step.edit"] = None


def on_example_change() -> None:
    model = stepper.get_model(ss["step.model"])
    labels = {e["id"]: e["label"] for e in model.meta["examples"]} | {CUSTOM: i18n.STRINGS["step.custom"]}
    ss["step.example"] = stepper.canonical(ss.get("step.example"), labels) or model.meta["examples"][0]["id"]
    if ss["step.example"] == ss.get("step._shown_example"):
        return  # relabelled, not changed
    if ss["step.example"] == CUSTOM and not ss.get("step.custom"):
        ss["step.custom"] = ss.get("step._last_text", "")
    ss["step.playing"] = False
    ss["step.clamp"] = ss["step.edit"] = None  # a what-if belongs to the sequence it was made on


def move(to: str, steps: int) -> None:
    now = ss.get("step.t", 0)
    ss["step.t"] = {"first": 0, "back": max(now - 1, 0), "forward": min(now + 1, steps - 1), "last": steps - 1}[to]
    ss["step.playing"] = False


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
                    st.slider(f"${label}$", -8.0, 8.0, step=0.1, key=f"hs.{k}")
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


def reading_lines(r) -> list[str]:
    v = lambda x: f"{x:.2f}"  # noqa: E731
    return [
        t(f"read.f_{r.forget}", v=v(r.f)),
        t(f"read.i_{r.input}", v=v(r.i), g=v(r.g)),
        t("read.c_change", prev=v(r.c_prev), now=v(r.c)),
        t(f"read.o_{r.output}", v=v(r.o), h=v(r.h)),
    ]


CLAMP_CHOICES = ("f:0", "f:1", "i:0", "i:1", "o:1", "o:0")  # the what-ifs a lesson needs, as gate:value


def set_clamp(choice: str, step: int, unit: int, layer: int) -> None:
    gate, value = choice.split(":")
    ss["step.clamp"], ss["step.edit"], ss["step.playing"] = Clamp(gate, float(value), step, unit, layer), None, False


def set_edit(step: int) -> None:
    ss["step.edit"] = InputEdit(step, float(np.clip(ss["step.wi_value"], -EDIT_LIMIT, EDIT_LIMIT)))
    ss["step.clamp"], ss["step.playing"] = None, False


def clear_what_if() -> None:
    ss["step.clamp"] = ss["step.edit"] = None


def whatif_controls(res, step: int, unit: int, layer: int) -> None:
    """Hold a gate of the chosen unit, or change the input, from the current step on."""
    active = ss.get("step.clamp") is not None or ss.get("step.edit") is not None
    with st.expander(t("whatif.title"), icon=":material/science:", expanded=active and not presenting()):
        st.caption(t("whatif.intro", t=step, unit=unit))
        kinds = {"clamp": t("whatif.kind_clamp"), "edit": t("whatif.kind_edit")}
        kind = st.segmented_control(t("whatif.kind"), options=list(kinds), format_func=kinds.get, key="step.wi_kind",
                                    default="clamp") or "clamp"
        cols = st.columns([2, 1.2], vertical_alignment="bottom")
        if kind == "clamp":
            labels = {c: t(f"whatif.clamp.{c}") for c in CLAMP_CHOICES}
            choice = cols[0].selectbox(t("whatif.gate"), options=CLAMP_CHOICES, format_func=labels.get,
                                       key="step.wi_choice")
            cols[1].button(t("whatif.apply_clamp", t=step), key="step.wi_apply", type="primary",
                           on_click=set_clamp, args=(choice, step, unit, layer), width="stretch")
        elif res.symbols is None:  # numbers: change input column 0 (the target, for a trained forecaster)
            here = float(np.clip(res.tr.x[step, 0], -EDIT_LIMIT, EDIT_LIMIT))  # a typed input can be larger
            ss["step.wi_value"] = here if ss.get("step._wi_at") != step else ss["step.wi_value"]
            ss["step._wi_at"] = step
            cols[0].number_input(t("whatif.new_value", t=step), key="step.wi_value", step=0.1, format="%.3f",
                                 min_value=-EDIT_LIMIT, max_value=EDIT_LIMIT,
                                 help=t("whatif.value_help", limit=f"{EDIT_LIMIT:g}"))
            cols[1].button(t("whatif.apply_edit", t=step), key="step.wi_apply_edit", type="primary",
                           on_click=set_edit, args=(step,), width="stretch")
        else:
            st.caption(t("whatif.no_edit"))
        if active:
            st.button(t("whatif.clear"), key="step.wi_clear", icon=":material/undo:", on_click=clear_what_if)


def whatif_run(model, res):
    """The run the view shows: the traced one, or the what-if run when one is set (and fits this model)."""
    clamp, edit = ss.get("step.clamp"), ss.get("step.edit")
    if clamp is None and edit is None:
        return res
    try:
        return res.variant(model, clamp, edit)
    except ValueError as exc:  # a link made for another model or sequence: say so, in the user's language
        clear_what_if()
        if isinstance(exc, WhatIfError):
            params = {k: f"{v:g}" if isinstance(v, float) else v for k, v in exc.params.items()}
            one = "_one" if exc.key in ("clamp_layer", "edit_feature") and exc.params["size"] == 1 else ""
            reason = t(f"whatif.reason.{exc.key}{one}", **params, last=exc.params.get("size", 0) - 1)
        else:
            reason = t("whatif.reason.other")
        st.info(t("whatif.link_bad", reason=reason), icon=":material/info:")
        return res


def fmt(v: float) -> str:
    """A number for a sentence: 3 decimals when readable, else 3 significant digits (1e+300, not 300 digits)."""
    return f"{v:.3f}" if abs(v) < 1e5 else f"{v:.3g}"


def whatif_summary(res, run, layer: int) -> None:
    """What the what-if changed, in words and numbers, then the comparison figure."""
    clamp, edit = ss.get("step.clamp"), ss.get("step.edit")
    if clamp is not None:
        text = t("whatif.active_clamp", gate=t(f"gate.{clamp.gate}"), unit=clamp.unit, layer=clamp.layer,
                 value=f"{clamp.value:g}", t=clamp.start)
        start, unit = clamp.start, clamp.unit if clamp.layer == layer else None
    else:
        text = t("whatif.active_edit", t=edit.step, old=fmt(float(res.tr.x[edit.step, edit.feature])),
                 value=fmt(float(edit.value)))
        start, unit = edit.step, None
    effects = []
    if run.output_symbols is not None:
        changed = sum(a != b for a, b in zip(run.output_symbols, res.output_symbols, strict=True))
        effects.append(t("whatif.effect_symbols", n=changed, total=len(run.output_symbols)))
    elif run.output is not None:
        effects.append(t("whatif.effect_output", new=f"{run.output[-1, 0]:+.3f}", old=f"{res.output[-1, 0]:+.3f}"))
    delta = run.tr.c[layer] - res.tr.c[layer]  # the layer on view: below a clamp, nothing changes
    at_t, at_u = divmod(int(abs(delta).argmax()), delta.shape[1])
    where = "_layer" if res.tr.num_layers > 1 else ""
    if abs(delta).max() < 5e-4:  # "moves by up to 0.000 (largest change: unit 7 ...)" would point at rounding noise
        effects.append(t(f"whatif.effect_cell_none{where}", layer=layer))
    else:
        effects.append(t(f"whatif.effect_cell{where}", max=f"{abs(delta).max():.3f}", unit=at_u, t=at_t, layer=layer))
    st.warning(("" if lang() == "zh" else " ").join([text, *effects]), icon=":material/science:")  # 。 needs no space
    return start, unit


def view(model_key: str, model, res, url: dict) -> None:
    """Everything that depends on the time cursor. Runs as a fragment: stepping reruns only this."""
    tr = res.tr
    T, H, L = tr.steps, tr.hidden_size, tr.num_layers
    if ss.get("step.playing"):
        # A timer rerun comes every 1/speed s plus the time the rerun itself takes, so advance by the time
        # that really passed: the cursor keeps the chosen speed on a slow server too.
        # The cursor itself lives in a plain key while playing: a tick can carry a slider value a few steps old.
        now = time.monotonic()
        steps = max(1, round((now - ss.get("step._tick", now)) * ss["step.speed"]))
        ss["step._tick"] = now
        cursor = int(ss.get("step._play_t", ss.get("step.t", 0)))
        if cursor >= T - 1:
            ss["step.playing"] = False
        else:
            cursor = min(cursor + steps, T - 1)
        ss["step.t"] = ss["step._play_t"] = cursor
    if ss.get("step._pickers_playing") and not ss.get("step.playing"):
        # Playback stopped inside this fragment (the last step, a step key or button, a what-if): the pickers
        # above were drawn disabled and the timer still ticks. A full rerun enables them and stops the timer.
        ss["step._pickers_playing"] = False
        st.rerun()
    ss["step.t"] = min(max(int(ss.get("step.t", 0)), 0), T - 1)
    ss["step.unit"] = min(max(int(ss.get("step.unit", 0)), 0), H - 1)
    ss["step.layer"] = min(max(int(ss.get("step.layer", 0)), 0), L - 1)
    present = presenting()

    # In presenter mode the speed sits beside the time slider, so the large stepping buttons keep their labels.
    cols = st.columns([1, 1, 1, 1, 1.1] if present else [1, 1, 1, 1, 1.1, 1.8], vertical_alignment="bottom")
    for col, (name, icon, key) in zip(cols, (("first", ":material/first_page:", "Home"),
                                              ("back", ":material/chevron_left:", "Left"),
                                              ("forward", ":material/chevron_right:", "Right"),
                                              ("last", ":material/last_page:", "End")), strict=False):
        col.button(t(f"step.{name}"), icon=icon, key=f"step.btn_{name}", shortcut=key, on_click=move,
                   args=(name, T), width="stretch")
    playing = bool(ss.get("step.playing", False))
    # Play and Pause have their own keys: Streamlit can deliver a click twice (a timer tick replays it), and
    # one key would then pause and resume at once. st.rerun(): a full rerun, so the fragment's timer starts or stops.
    if playing:
        if cols[4].button(t("step.pause"), key="step.btn_pause", type="primary", icon=":material/pause:",
                          width="stretch"):
            ss["step.playing"] = False
            st.rerun()
    elif cols[4].button(t("step.play"), key="step.btn_play", type="primary", icon=":material/play_arrow:",
                        width="stretch"):
        ss["step.playing"], ss["step._tick"] = True, time.monotonic()
        if ss["step.t"] >= T - 1:
            ss["step.t"] = 0
        ss["step._play_t"] = ss["step.t"]
        st.rerun()
    slider_col, speed_col = st.columns([3, 1], vertical_alignment="bottom") if present else (st.container(), cols[5])
    speed_col.select_slider(t("step.speed"), options=SPEEDS, key="step.speed")
    if T > 1 and playing:
        # While playing, the slider only shows the cursor, under its own key: each timer tick carries the value
        # the browser last had (a few steps old on a busy server), which must not pull the cursor back.
        ss["step.t_play"] = ss["step.t"]
        slider_col.slider(t("step.step"), 0, T - 1, key="step.t_play", disabled=True)
    elif T > 1:
        slider_col.slider(t("step.step"), 0, T - 1, key="step.t")
    if not present:
        st.caption(t("step.keys_hint"))
    step = ss["step.t"]

    run = whatif_run(model, res)
    what_if = run is not res
    err = f"{res.parity:.0e}" if res.parity > 0 else "0"
    ok = res.parity < 1e-4
    line = [f":{'green' if ok else 'red'}-badge[:material/{'check' if ok else 'error'}: "
            f"{t('step.parity_ok' if ok else 'step.parity_bad', err=err)}]"]
    if what_if:
        line.append(f":orange-badge[:material/science: {t('whatif.badge')}]")
    if run.output_symbols is not None:
        line.append(t("step.output_now", value=repr(run.output_symbols[step])))
    elif run.output is not None:
        line.append(t("step.output_now", value=f"{run.output[step, 0]:+.3f}"))
    st.markdown(" &nbsp; ".join(line))

    left, right = st.columns([3, 2], gap="medium")
    with right:  # in presenter mode the pickers fold away (still drawn, so their state is kept)
        with st.expander(t("step.more"), icon=":material/tune:") if present else st.container():
            pick_cols = st.columns(2)
            playing = bool(ss.get("step.playing"))
            if L > 1:
                pick_cols[0].selectbox(t("step.layer"), options=list(range(L)), key="step.layer", disabled=playing)
            pick_cols[1].selectbox(t("step.unit"), options=list(range(H)), key="step.unit", disabled=playing)
    step, unit, layer = ss["step.t"], ss["step.unit"], ss["step.layer"]
    with left:
        st.markdown(f"**{t('step.heatmaps')}**", help=t("step.heatmap_help"))
        fig = move_cursor(run.heatmaps(layer, ss.get("step.gate"), lang()), step, unit)
        panels = {t(f"gate.{k}"): getattr(run.tr, k)[layer] for k in ROWS}
        show_heatmaps(fig, panels, f"gatescope-{model_key.replace(':', '-')}-layer{layer}", key="step.heatmaps")
        if what_if:
            start, marked = whatif_summary(res, run, layer)
            st.markdown(f"**{t('whatif.compare')}**", help=t("whatif.compare_help"))
            out_orig, out_new = res.output, run.output
            if res.output_symbols is not None:  # characters: the summary counts the changed predictions instead
                out_orig = out_new = None
            diff_key = ("whatif", layer, lang(), presenting())  # built once per what-if run, like the heatmaps
            if diff_key not in run.figures:
                run.figures[diff_key] = whatif_figure(res.tr, run.tr, layer, out_orig, out_new, start, marked)
            diff = run.figures[diff_key]
            show_heatmaps(diff, difference_panels(res.tr, run.tr, layer),
                          f"gatescope-{model_key.replace(':', '-')}-whatif", key="step.whatif_fig")
        whatif_controls(res, step, unit, layer)
    with right:
        st.markdown(f"**{t('step.equations', t=step, unit=unit)}**", help=t("step.equations_help"))
        clamp = ss.get("step.clamp") if what_if else None
        c_prev = run.tr.previous("c", layer, step)
        terms = clamped_terms(model.lstm, run.tr, clamp, layer, step)
        held = clamp.gate if clamp and clamp.layer == layer and clamp.unit == unit and step >= clamp.start else None
        for latex in step_equations(terms, float(c_prev[unit]), unit, held,
                                    (t("whatif.clamped"), t("whatif.would_be"))):
            st.latex(r"\small " + latex)
        r = read_step(run.tr, layer, step, unit)
        st.markdown(f"**{t('step.diagram')}**")
        values = dict(i=r.i, f=r.f, g=r.g, o=r.o, c_prev=r.c_prev, c=r.c, h=r.h)
        st.plotly_chart(sized(cell_diagram(values)), key="step.diagram", config=chart_config(f"gatescope-cell-t{step}",
                                                                                       modebar=False))
        st.markdown(f"**{t('step.reading')}**")
        st.markdown("\n".join(f"- {line}" for line in reading_lines(r)))

    url.update(t=str(step), unit=str(unit), layer=str(layer), lang=lang())
    url.pop("clamp", None)
    url.pop("edit", None)
    if what_if and ss.get("step.clamp") is not None:
        url["clamp"] = format_clamp(ss["step.clamp"])
    if what_if and ss.get("step.edit") is not None:
        url["edit"] = format_edit(ss["step.edit"])
    if present:
        url["present"] = "1"
    stepper.write_url(url)


# ----------------------------------------------------------------------------- page
apply_link()
keys = stepper.model_keys()
if ss.get("step.model") not in keys:
    on_model_change()
ss.setdefault("step.speed", 4)

st.title(t("step.title"))
missing = ss.pop("step._link_missing", None)
if missing:
    trained_link = missing.startswith(stepper.TRAINED_PREFIX)
    st.info(t("step.link_missing" if trained_link else "step.link_unknown", name=missing[:40]),
            icon=":material/info:")
mangled = ss.pop("step._link_mangled", None)
if mangled:
    st.info(t("whatif.link_mangled", value=mangled), icon=":material/info:")


def model_label(key: str) -> str:
    if key.startswith(stepper.TRAINED_PREFIX):
        return t("step.trained_prefix", name=ss["trained_models"][key.removeprefix(stepper.TRAINED_PREFIX)]["name"])
    return pick(stepper.get_model(key).meta["title"])


present = presenting()
# In presenter mode the set-up controls fold away (they stay drawn, so Streamlit keeps their state).
setup = st.expander(t("step.setup"), icon=":material/tune:") if present else st.container()
with setup:
    c1, c2 = st.columns([1, 1])
# Labels are computed now, in this run's language: a format_func may be called outside the run.
model_labels = {k: model_label(k) for k in keys}
playing = bool(ss.get("step.playing"))  # pickers wait while playing: pause first (the hint says so)
ss["step._pickers_playing"] = playing  # view() reruns the page when playback stops, to enable them again
c1.selectbox(t("step.model"), options=keys, format_func=model_labels.get, key="step.model",
             on_change=on_model_change, disabled=playing, help=t("step.pause_to_change") if playing else None)
model_key = ss["step.model"]
ss["step._shown_model"] = model_key
model = stepper.get_model(model_key)
meta = model.meta
examples = {e["id"]: e for e in meta["examples"]}
if ss.get("step.example") not in [*examples, CUSTOM]:
    ss["step.example"] = stepper.canonical(ss.get("step.example"), {k: e["label"] for k, e in examples.items()}) \
        or next(iter(examples))
example_labels = {k: pick(e["label"]) for k, e in examples.items()} | {CUSTOM: t("step.custom")}
typable = model.input_kind != "series"  # a trained model reads prepared windows of the user's own series
if not typable and ss.get("step.example") == CUSTOM:
    ss["step.example"] = next(iter(examples))
c2.selectbox(t("step.sequence"), options=[*examples, *([CUSTOM] if typable else [])], key="step.example",
             on_change=on_example_change, format_func=example_labels.get, disabled=playing)

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
    else:
        text = examples[ss["step.example"]]["input"]

try:
    res = stepper.traced(model_key, model, text, weights)
    ss["step._last_good"] = (model_key, text, weights)
    ss["step._last_text"] = text
except InputError as exc:
    example = next(iter(examples.values()))["input"][:30]
    st.error(t("step.input_error", message=t(f"input.{exc.key}", **{"example": example, **exc.params})),
             icon=":material/error:")
    last = ss.get("step._last_good")
    if last and last[0] == model_key:
        st.caption(t("step.kept_previous"))
        text, weights = last[1], last[2]
    else:
        text = next(iter(examples.values()))["input"]
    res = stepper.traced(model_key, model, text, weights)

st.info(pick(meta["look_for"]), icon=":material/lightbulb:")

url = {"preset": model_key}
if ss["step.example"] == CUSTOM:
    url["seq"] = text  # the input shown: a rejected one never reaches the link
else:
    url["ex"] = ss["step.example"]
if weights:
    url["w"] = ",".join(f"{w:g}" for w in weights)
if ss.get("step.gate"):
    url["gate"] = ss["step.gate"]

interval = 1.0 / ss["step.speed"] if ss.get("step.playing") else None
st.fragment(view, run_every=interval)(model_key, model, res, url)
