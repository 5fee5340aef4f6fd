"""The Step page's what-if: hold a gate of the chosen unit, or change one input value, from the current step on;
the run that follows (lstm_core.lstm.intervene) and what it changed, in words and numbers."""

from __future__ import annotations

import numpy as np
import streamlit as st

from lstm_core.lstm.intervene import Clamp, InputEdit, WhatIfError, effect
from ui.exports import show_heatmaps
from ui.i18n import lang, t
from ui.presenter import current_style, presenting
from ui.safe_text import say
from ui.step.state import EDIT_LIMIT
from ui.whatif_figures import difference_panels, whatif_figure

ss = st.session_state
CLAMP_CHOICES = ("f:0", "f:1", "i:0", "i:1", "o:1", "o:0")  # the what-ifs a lesson needs, as gate:value


def set_clamp(choice: str, step: int, unit: int, layer: int) -> None:
    gate, value = choice.split(":")
    ss["step.clamp"], ss["step.edit"] = Clamp(gate, float(value), step, unit, layer), None


def set_edit(step: int) -> None:
    ss["step.edit"] = InputEdit(step, float(np.clip(ss["step.wi_value"], -EDIT_LIMIT, EDIT_LIMIT)))
    ss["step.clamp"] = None


def clear_what_if() -> None:
    ss["step.clamp"] = ss["step.edit"] = None


def controls(res, step: int, unit: int, layer: int) -> None:
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


def reason(exc: ValueError) -> str:
    """Why a what-if does not fit this run, in the user's language."""
    if not isinstance(exc, WhatIfError):
        return t("whatif.reason.other")
    params = {k: f"{v:g}" if isinstance(v, float) else v for k, v in exc.params.items()}
    one = "_one" if exc.key in ("clamp_layer", "edit_feature") and exc.params["size"] == 1 else ""
    return say(f"whatif.reason.{exc.key}{one}", **params, last=exc.params.get("size", 0) - 1)


def run_for(model, res):
    """The run the view shows: the traced one, or the what-if run when one is set (and fits this model)."""
    clamp, edit = ss.get("step.clamp"), ss.get("step.edit")
    if clamp is None and edit is None:
        return res
    try:
        return res.variant(model, clamp, edit)
    except ValueError as exc:  # a link made for another model or sequence: say so, in the user's language
        clear_what_if()
        st.info(t("whatif.link_bad", reason=reason(exc)), icon=":material/info:")
        return res


def fmt(v: float) -> str:
    """A number for a sentence: 3 decimals when readable, else 3 significant digits (1e+300, not 300 digits)."""
    return f"{v:.3f}" if abs(v) < 1e5 else f"{v:.3g}"


def summary(res, run, layer: int) -> tuple[int, int | None]:
    """What the what-if changed, in words and numbers; returns the first changed step and the unit to mark."""
    clamp, edit = ss.get("step.clamp"), ss.get("step.edit")
    if clamp is not None:
        text = t("whatif.active_clamp", gate=t(f"gate.{clamp.gate}"), unit=clamp.unit, layer=clamp.layer,
                 value=f"{clamp.value:g}", t=clamp.start)
        start, unit = clamp.start, clamp.unit if clamp.layer == layer else None
    else:
        text = t("whatif.active_edit", t=edit.step, old=fmt(float(res.tr.x[edit.step, edit.feature])),
                 value=fmt(float(edit.value)))
        start, unit = edit.step, None
    symbols = (res.output_symbols, run.output_symbols) if run.output_symbols is not None else None
    outputs = (res.output, run.output) if run.output is not None else None
    e = effect(res.tr, run.tr, layer, outputs=outputs, symbols=symbols)
    effects = []
    if e.symbols_changed is not None:
        effects.append(t("whatif.effect_symbols", n=e.symbols_changed, total=e.symbols_total))
    elif e.output_new is not None:
        effects.append(t("whatif.effect_output", new=f"{e.output_new:+.3f}", old=f"{e.output_old:+.3f}"))
    where = "_layer" if res.tr.num_layers > 1 else ""
    if not e.cell_changed:  # "moves by up to 0.000 (largest change: unit 7 ...)" would point at rounding noise
        effects.append(t(f"whatif.effect_cell_none{where}", layer=layer))
    else:
        effects.append(t(f"whatif.effect_cell{where}", max=f"{e.max_change:.3f}", unit=e.at_unit, t=e.at_t,
                         layer=layer))
    st.warning(("" if lang() == "zh" else " ").join([text, *effects]), icon=":material/science:")  # 。 needs no space
    return start, unit


def comparison(res, run, layer: int, model_key: str) -> None:
    """The summary, then the output of both runs above difference heatmaps of c and h."""
    start, marked = summary(res, run, layer)
    st.markdown(f"**{t('whatif.compare')}**", help=t("whatif.compare_help"))
    out_orig, out_new = res.output, run.output
    if res.output_symbols is not None:  # characters: the summary counts the changed predictions instead
        out_orig = out_new = None
    diff_key = ("whatif", layer, lang(), presenting())  # built once per what-if run, like the heatmaps
    if diff_key not in run.figures:
        run.figures[diff_key] = whatif_figure(res.tr, run.tr, layer, out_orig, out_new, start, marked,
                                                style=current_style())
    show_heatmaps(run.figures[diff_key], difference_panels(res.tr, run.tr, layer, style=current_style()),
                  f"gatescope-{model_key.replace(':', '-')}-whatif", key="step.whatif_fig")
