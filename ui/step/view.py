"""The Step page's view of one time step: the stepping controls, the heatmaps with the cursor, the equations with
their numbers, the cell diagram and the reading. It runs as a fragment: stepping reruns only this."""

from __future__ import annotations

import time

import streamlit as st

from lstm_core.lstm.explain import read_step
from lstm_core.lstm.intervene import clamped_terms
from ui import stepper
from ui.equations import step_equations
from ui.exports import chart_config, show_heatmaps
from ui.figures import ROWS, cell_diagram, move_cursor
from ui.i18n import lang, t
from ui.presenter import current_style, presenting, sized
from ui.step import whatif
from ui.step.state import SPEEDS, StepView, moved, playback

ss = st.session_state
BUTTONS = (("first", ":material/first_page:", "Home"), ("back", ":material/chevron_left:", "Left"),
           ("forward", ":material/chevron_right:", "Right"), ("last", ":material/last_page:", "End"))


def move(to: str, steps: int) -> None:
    ss["step.t"] = moved(to, ss.get("step.t", 0), steps)
    ss["step.playing"] = False


def tick(T: int) -> None:
    """While playing, advance the cursor by the time that really passed. The cursor lives in a plain key while
    playing: a tick can carry a slider value a few steps old."""
    now = time.monotonic()
    cursor, playing = playback(int(ss.get("step._play_t", ss.get("step.t", 0))), T - 1, ss["step.speed"],
                               now - ss.get("step._tick", now))
    ss["step._tick"] = now
    ss["step.t"] = ss["step._play_t"] = cursor
    ss["step.playing"] = playing


def stepping_controls(T: int, present: bool) -> None:
    """First / Back / Forward / Last (with their keys), Play or Pause, the speed and the time slider."""
    # In presenter mode the speed sits beside the time slider, so the large stepping buttons keep their labels.
    cols = st.columns([1, 1, 1, 1, 1.1] if present else [1, 1, 1, 1, 1.1, 1.8], vertical_alignment="bottom")
    for col, (name, icon, key) in zip(cols, BUTTONS, strict=False):
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


def status_line(res, run, step: int) -> None:
    """The live check against PyTorch, the what-if badge and the model's output at this step."""
    err = f"{res.parity:.0e}" if res.parity > 0 else "0"
    ok = res.parity < 1e-4
    line = [f":{'green' if ok else 'red'}-badge[:material/{'check' if ok else 'error'}: "
            f"{t('step.parity_ok' if ok else 'step.parity_bad', err=err)}]"]
    if run is not res:
        line.append(f":orange-badge[:material/science: {t('whatif.badge')}]")
    if run.output_symbols is not None:
        line.append(t("step.output_now", value=repr(run.output_symbols[step])))
    elif run.output is not None:
        line.append(t("step.output_now", value=f"{run.output[step, 0]:+.3f}"))
    st.markdown(" &nbsp; ".join(line))


def reading_lines(r) -> list[str]:
    def v(x: float) -> str:
        return f"{x:.2f}"

    return [
        t(f"read.f_{r.forget}", v=v(r.f)),
        t(f"read.i_{r.input}", v=v(r.i), g=v(r.g)),
        t("read.c_change", prev=v(r.c_prev), now=v(r.c)),
        t(f"read.o_{r.output}", v=v(r.o), h=v(r.h)),
    ]


def explain(model, run, clamp, step: int, unit: int, layer: int) -> None:
    """The six equations with this step's numbers, the cell diagram and the reading in words."""
    st.markdown(f"**{t('step.equations', t=step, unit=unit)}**", help=t("step.equations_help"))
    c_prev = run.tr.previous("c", layer, step)
    terms = clamped_terms(model.lstm, run.tr, clamp, layer, step)
    held = clamp.gate if clamp and clamp.layer == layer and clamp.unit == unit and step >= clamp.start else None
    for latex in step_equations(terms, float(c_prev[unit]), unit, held, (t("whatif.clamped"), t("whatif.would_be"))):
        st.latex(r"\small " + latex)
    r = read_step(run.tr, layer, step, unit)
    st.markdown(f"**{t('step.diagram')}**")
    values = dict(i=r.i, f=r.f, g=r.g, o=r.o, c_prev=r.c_prev, c=r.c, h=r.h)
    st.plotly_chart(sized(cell_diagram(values, style=current_style())), key="step.diagram",
                    config=chart_config(f"gatescope-cell-t{step}", modebar=False))
    st.markdown(f"**{t('step.reading')}**")
    st.markdown("\n".join(f"- {line}" for line in reading_lines(r)))


def view(model_key: str, model, res, base: StepView) -> None:
    """Everything that depends on the time cursor. Runs as a fragment: stepping reruns only this."""
    tr = res.tr
    T, H, L = tr.steps, tr.hidden_size, tr.num_layers
    if ss.get("step.playing"):
        tick(T)
    if ss.get("step._pickers_playing") and not ss.get("step.playing"):
        # Playback stopped inside this fragment (the last step, a step key or button, a what-if): the pickers
        # above were drawn disabled and the timer still ticks. A full rerun enables them and stops the timer.
        ss["step._pickers_playing"] = False
        st.rerun()
    ss["step.t"] = min(max(int(ss.get("step.t", 0)), 0), T - 1)
    ss["step.unit"] = min(max(int(ss.get("step.unit", 0)), 0), H - 1)
    ss["step.layer"] = min(max(int(ss.get("step.layer", 0)), 0), L - 1)
    present = presenting()
    stepping_controls(T, present)

    step = ss["step.t"]
    run = whatif.run_for(model, res)
    what_if = run is not res
    status_line(res, run, step)

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
            whatif.comparison(res, run, layer, model_key, show_heatmaps)
        whatif.controls(res, step, unit, layer)
    clamp = ss.get("step.clamp") if what_if else None
    with right:
        explain(model, run, clamp, step, unit, layer)

    shown = StepView(base.model, base.example, base.text, step, unit, layer, base.gate, clamp,
                     ss.get("step.edit") if what_if else None, base.weights)
    stepper.write_url(shown.to_query(lang(), present))
