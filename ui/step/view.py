"""The Step page's view of a run: the layer and unit pickers, the player (ui/player: the stepping controls, the
heatmaps with the cursor, the equations with their numbers, the cell diagram and the reading, all moved in the
browser), the exports and the what-if. It runs as a fragment: the player's report and the pickers rerun only this.

The player's payload is built once per run, layer, unit, language and mode. For a preset's own example it is
the same for every student, so it is kept once per process (st.cache_resource, bounded): a class of 40 opening
the same lesson builds it once. A typed input, a what-if or a trained model is this user's own: kept in their
session (the Traced run's figure dict), never shared.
"""

from __future__ import annotations

import streamlit as st

from ui import stepper
from ui.exports import panel_exports
from ui.figures import ROWS
from ui.i18n import lang, t
from ui.player import fresh_report, player, shared_payload
from ui.presenter import current_style, presenting, sized
from ui.step import frames, lesson_export, whatif
from ui.step.state import SPEEDS, StepView

ss = st.session_state
def shareable(model_key: str, base: StepView, run, res) -> bool:
    """True when the view shows nothing of this user's own: a preset's own example, its default weights, no
    what-if. Only such payloads go into the per-process cache."""
    return run is res and stepper.preset_example(model_key, base.example is None, base.weights)


def player_payload(model_key: str, model, res, run, clamp, layer: int, unit: int, base: StepView) -> tuple[str, str]:
    """(payload, fingerprint) for the player: from the process cache, the session, or built now."""
    style = current_style()
    focus = ss.get("step.gate")
    file_stem = f"gatescope-{model_key.replace(':', '-')}-layer{layer}"

    def build() -> tuple[str, str]:
        fig_key = ("player_figure", layer, focus, style)
        if fig_key not in run.figures:  # the figure serves every unit: kept while the unit changes
            run.figures[fig_key] = frames.figure_part(sized(run.heatmaps(layer, focus, style.lang)))
        figure_json, meta = run.figures[fig_key]
        text = frames.payload(figure_json, frames.step_part(model, run, clamp, layer, unit, meta, style,
                                                            file_stem=file_stem))
        return text, frames.version(text)

    if shareable(model_key, base, run, res):
        return shared_payload(("step", model_key, base.example, layer, unit, focus, style), build)
    key = ("player", layer, unit, focus, style, clamp)
    if key not in run.figures:
        run.figures[key] = build()
    return run.figures[key]


def take_report() -> None:
    """The player's report (sent once when stepping stops): the step and speed it shows."""
    value = fresh_report("step.player")
    if value is None:
        return
    try:
        ss["step.t"] = int(value["t"])
        if int(value.get("speed", 0)) in SPEEDS:
            ss["step.speed"] = int(value["speed"])
    except (KeyError, TypeError, ValueError):
        pass  # a malformed report: keep the step the server knows


def status_line(res, run) -> None:
    """The live check against PyTorch and the what-if badge (the output at each step is in the player)."""
    err = f"{res.parity:.0e}" if res.parity > 0 else "0"
    ok = res.parity < 1e-4
    line = [f":{'green' if ok else 'red'}-badge[:material/{'check' if ok else 'error'}: "
            f"{t('step.parity_ok' if ok else 'step.parity_bad', err=err)}]"]
    if run is not res:
        line.append(f":orange-badge[:material/science: {t('whatif.badge')}]")
    st.markdown(" &nbsp; ".join(line))


def pickers(L: int, H: int, present: bool) -> None:
    """Layer and unit (the unit whose equations the player shows). On the stage they fold into a popover that
    opens over the page instead of pushing the player down."""
    with st.popover(t("step.more"), icon=":material/tune:") if present else st.container():
        cols = st.columns([1, 1, 2] if L > 1 else [1, 3])
        if L > 1:
            cols[0].selectbox(t("step.layer"), options=list(range(L)), key="step.layer")
        cols[-2].selectbox(t("step.unit"), options=list(range(H)), key="step.unit")


def view(model_key: str, model, res, base: StepView) -> None:
    """Everything below the pickers of model and input. Runs as a fragment."""
    tr = res.tr
    T, H, L = tr.steps, tr.hidden_size, tr.num_layers
    take_report()
    ss["step.t"] = min(max(int(ss.get("step.t", 0)), 0), T - 1)
    ss["step.unit"] = min(max(int(ss.get("step.unit", 0)), 0), H - 1)
    ss["step.layer"] = min(max(int(ss.get("step.layer", 0)), 0), L - 1)
    present = presenting()

    run = whatif.run_for(model, res)
    what_if = run is not res
    with st.container(horizontal=True, vertical_alignment="center") if present else st.container():
        status_line(res, run)
        pickers(L, H, present)
    step, unit, layer = ss["step.t"], ss["step.unit"], ss["step.layer"]
    clamp = ss.get("step.clamp") if what_if else None

    text, version = player_payload(model_key, model, res, run, clamp, layer, unit, base)
    player(text, version, t=step, seek=ss.get("step._seek", 0), speed=ss.get("step.speed", 4), key="step.player",
           title=t("step.heatmaps"))

    panels = {t(f"gate.{k}"): getattr(run.tr, k)[layer] for k in ROWS}
    panel_exports(panels, f"gatescope-{model_key.replace(':', '-')}-layer{layer}", key="step.heatmaps",
                  cache=run.figures)
    lesson_export.download(model_key, model, res, base.example, base.text or ss.get("step._last_text", ""), step, unit,
                           layer, (clamp, ss.get("step.edit")) if what_if else (None, None))
    if what_if:
        whatif.comparison(res, run, layer, model_key)
    whatif.controls(res, step, unit, layer)

    shown = StepView(base.model, base.example, base.text, step, unit, layer, base.gate, clamp,
                     ss.get("step.edit") if what_if else None, base.weights)
    stepper.write_url(shown.to_query(lang(), present))
