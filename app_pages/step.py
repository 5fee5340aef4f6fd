"""Step-through page: pick a model and a sequence, move a time cursor, watch every gate.

Thin by design: widgets -> lstm_core (trace, step terms) -> ui figure builders. The trace is cached per
user (ui.stepper.traced), so a step only redraws the cursor and the numbers.
"""

from __future__ import annotations

import time

import streamlit as st

from lstm_core.explain import read_step, step_terms
from lstm_core.inputs import InputError
from ui import i18n, stepper
from ui.equations import step_equations
from ui.figures import cell_diagram, move_cursor
from ui.i18n import lang, pick, t
from ui.stepper import CUSTOM

ss = st.session_state
SPEEDS = (1, 2, 4, 8, 16)


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


def on_example_change() -> None:
    model = stepper.get_model(ss["step.model"])
    labels = {e["id"]: e["label"] for e in model.meta["examples"]} | {CUSTOM: i18n.STRINGS["step.custom"]}
    ss["step.example"] = stepper.canonical(ss.get("step.example"), labels) or model.meta["examples"][0]["id"]
    if ss["step.example"] == ss.get("step._shown_example"):
        return  # relabelled, not changed
    if ss["step.example"] == CUSTOM and not ss.get("step.custom"):
        ss["step.custom"] = ss.get("step._last_text", "")
    ss["step.playing"] = False


def move(to: str, steps: int) -> None:
    now = ss.get("step.t", 0)
    ss["step.t"] = {"first": 0, "back": max(now - 1, 0), "forward": min(now + 1, steps - 1), "last": steps - 1}[to]
    ss["step.playing"] = False


def handset_sliders(meta: dict) -> tuple:
    defaults = meta["defaults"]
    with st.expander(t("step.handset_weights"), expanded=True):
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


def reading_lines(r) -> list[str]:
    v = lambda x: f"{x:.2f}"  # noqa: E731
    return [
        t(f"read.f_{r.forget}", v=v(r.f)),
        t(f"read.i_{r.input}", v=v(r.i), g=v(r.g)),
        t("read.c_change", prev=v(r.c_prev), now=v(r.c)),
        t(f"read.o_{r.output}", v=v(r.o), h=v(r.h)),
    ]


def view(model_key: str, model, res, url: dict) -> None:
    """Everything that depends on the time cursor. Runs as a fragment: stepping reruns only this."""
    tr = res.tr
    T, H, L = tr.steps, tr.hidden_size, tr.num_layers
    if ss.get("step.playing"):
        # A timer rerun comes every 1/speed s plus the time the rerun itself takes, so advance by the time
        # that really passed: the cursor keeps the chosen speed on a slow server too.
        now = time.monotonic()
        steps = max(1, round((now - ss.get("step._tick", now)) * ss["step.speed"]))
        ss["step._tick"] = now
        if ss["step.t"] >= T - 1:
            ss["step.playing"] = False
        else:
            ss["step.t"] = min(ss["step.t"] + steps, T - 1)
    ss["step.t"] = min(max(int(ss.get("step.t", 0)), 0), T - 1)
    ss["step.unit"] = min(max(int(ss.get("step.unit", 0)), 0), H - 1)
    ss["step.layer"] = min(max(int(ss.get("step.layer", 0)), 0), L - 1)

    cols = st.columns([1, 1, 1, 1, 1.1, 1.8], vertical_alignment="bottom")
    for col, (name, icon, key) in zip(cols, (("first", ":material/first_page:", "Home"),
                                              ("back", ":material/chevron_left:", "Left"),
                                              ("forward", ":material/chevron_right:", "Right"),
                                              ("last", ":material/last_page:", "End")), strict=False):
        col.button(t(f"step.{name}"), icon=icon, key=f"step.btn_{name}", shortcut=key, on_click=move,
                   args=(name, T), width="stretch")
    playing = ss.get("step.playing", False)
    if cols[4].button(t("step.pause" if playing else "step.play"), key="step.btn_play", type="primary",
                      icon=":material/pause:" if playing else ":material/play_arrow:", width="stretch"):
        ss["step.playing"] = not playing
        ss["step._tick"] = time.monotonic()
        if not playing and ss["step.t"] >= T - 1:
            ss["step.t"] = 0
        st.rerun()  # a full rerun, so the fragment's timer starts or stops
    cols[5].select_slider(t("step.speed"), options=SPEEDS, key="step.speed")
    if T > 1:
        st.slider(t("step.step"), 0, T - 1, key="step.t")
    st.caption(t("step.keys_hint"))
    step = ss["step.t"]

    err = f"{res.parity:.0e}" if res.parity > 0 else "0"
    ok = res.parity < 1e-4
    line = [f":{'green' if ok else 'red'}-badge[:material/{'check' if ok else 'error'}: "
            f"{t('step.parity_ok' if ok else 'step.parity_bad', err=err)}]"]
    if res.output_symbols is not None:
        line.append(t("step.output_now", value=repr(res.output_symbols[step])))
    elif res.output is not None:
        line.append(t("step.output_now", value=f"{res.output[step, 0]:+.3f}"))
    st.markdown(" &nbsp; ".join(line))

    left, right = st.columns([3, 2], gap="medium")
    with right:
        pick_cols = st.columns(2)
        playing = bool(ss.get("step.playing"))
        if L > 1:
            pick_cols[0].selectbox(t("step.layer"), options=list(range(L)), key="step.layer", disabled=playing)
        pick_cols[1].selectbox(t("step.unit"), options=list(range(H)), key="step.unit", disabled=playing)
    step, unit, layer = ss["step.t"], ss["step.unit"], ss["step.layer"]
    with left:
        st.markdown(f"**{t('step.heatmaps')}**", help=t("step.heatmap_help"))
        fig = move_cursor(res.heatmaps(layer, ss.get("step.gate"), lang()), step, unit)
        st.plotly_chart(fig, key="step.heatmaps", config={"displaylogo": False})
    with right:
        st.markdown(f"**{t('step.equations', t=step, unit=unit)}**", help=t("step.equations_help"))
        terms = step_terms(model.lstm, tr, layer, step)
        c_prev = float(tr.previous("c", layer, step)[unit])
        for latex in step_equations(terms, c_prev, unit):
            st.latex(r"\small " + latex)
        r = read_step(tr, layer, step, unit)
        st.markdown(f"**{t('step.diagram')}**")
        values = dict(i=r.i, f=r.f, g=r.g, o=r.o, c_prev=r.c_prev, c=r.c, h=r.h)
        st.plotly_chart(cell_diagram(values), key="step.diagram", config={"displayModeBar": False})
        st.markdown(f"**{t('step.reading')}**")
        st.markdown("\n".join(f"- {line}" for line in reading_lines(r)))

    url.update(t=str(step), unit=str(unit), layer=str(layer), lang=lang())
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


def model_label(key: str) -> str:
    if key.startswith(stepper.TRAINED_PREFIX):
        return t("step.trained_prefix", name=ss["trained_models"][key.removeprefix(stepper.TRAINED_PREFIX)]["name"])
    return pick(stepper.get_model(key).meta["title"])


c1, c2 = st.columns([1, 1])
# Labels are computed now, in this run's language: a format_func may be called outside the run.
model_labels = {k: model_label(k) for k in keys}
playing = bool(ss.get("step.playing"))  # pickers wait while playing: pause first (the hint says so)
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
if model_key == "handset":
    weights = handset_sliders(meta)
    model = stepper.get_model("handset", dict(zip(stepper.HANDSET_KEYS, weights, strict=True)))

if ss["step.example"] == CUSTOM:
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
