"""The Train page's results: the forecast, the metrics table and the verdict, downloads, See its gates, and a
saved model applied to the data."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import streamlit as st

from lstm_core.data.csv.load import MAX_BYTES as MAX_CSV_BYTES
from lstm_core.errors import GatescopeError
from lstm_core.forecast.advice import advise
from lstm_core.forecast.metrics import verdict as judge
from lstm_core.forecast.metrics import whole_percent
from lstm_core.forecast.modelfile import MAX_ZIP_BYTES, ModelFileError, load_model_zip
from lstm_core.forecast.recommend import lstm_forecast
from ui import jobs, learn_view, stepper
from ui.i18n import lang, t
from ui.presenter import chart
from ui.train.protocol import coverage_caption, protocol_caption, undecided_text
from ui.train.text import column_numbers, duration, engine_text, file_stem, finite, num, plain, say
from ui.train_figures import forecast_figure, localize_dates
from ui.uploader import translate_uploader

ss = st.session_state
STEP_PAGE = "app_pages/step.py"


# What the uploader offers is what it accepts (a pickle renamed .zip is still refused, clearly, by load_model_zip), with
# the same size limit as the CSV uploader above it (a model this app saves is far smaller).
MODEL_TYPES = ["zip", "safetensors", "json"]
MODEL_UPLOAD_MB = min(MAX_CSV_BYTES // 2**20, math.ceil(MAX_ZIP_BYTES / 2**20))


METHODS = ("lstm", "naive", "seasonal_naive", "auto_ets", "auto_arima", "mstl")  # the table's rows, in this order


METRIC_NAMES = {"mae": "MAE", "rmse": "RMSE", "smape": "sMAPE (%)", "mase": "MASE"}  # the same in every language


def skip_text(entry: dict) -> str:
    """Why a statistical baseline has no scores, in the user's language (metrics.json keeps the English)."""
    key, params = entry.get("reason"), entry.get("params") or {}
    try:
        return t("train.skipped", reason=t(f"train.skip.{key}", **params))
    except (KeyError, ValueError, IndexError):
        return t("train.skipped", reason=str(entry.get("skipped", "")))


def pending_note(view, name: str) -> str:
    """A statistical model not landed yet: running (for how long) or waiting for its turn."""
    if name in view.comparing and name not in view.landed:
        return t("train.pending_running", seconds=duration(view.comparing[name]))
    return t("train.pending_waiting")


def metrics_table(metrics: dict, view=None) -> pd.DataFrame:
    """Every model on the held-out origins: scores, the form an automatic search chose, or why it was skipped; a
    model still computing (the run's view says which) is running or waiting. The best (lowest MAE) is marked once
    every model has landed."""
    shown = [m for m in METHODS if isinstance(metrics.get(m), dict)]
    pending = [m for m in shown if metrics[m].get("pending")]
    best = metrics.get("best") if not pending else None
    names = [t(f"train.method.{m}") + (f" ★ {t('train.best_mark')}" if m == best else "") for m in shown]
    table = {t("train.method"): names}
    for k, name in METRIC_NAMES.items():
        table[name] = column_numbers([metrics[m].get(k) for m in shown])
    # A short note in the grid (its cells do not wrap); why a model was skipped is said below the table.
    table[t("train.method.form")] = [t("train.skipped_short") if metrics[m].get("skipped") else
                                     pending_note(view, m) if m in pending and view is not None else
                                     str(metrics[m].get("detail", "")) for m in shown]
    return pd.DataFrame(table)


def skipped_lines(metrics: dict) -> list[str]:
    """One line per skipped model: its name and why, in the user's language."""
    return [t("train.skipped_line", name=t(f"train.method.{m}"), reason=skip_text(metrics[m])) for m in METHODS
            if isinstance(metrics.get(m), dict) and metrics[m].get("skipped")]


def verdict(metrics: dict, frequency: str | None = None, n_features: int = 1, download: str = "") -> None:
    """One piece of advice that fits the data: which model to use (the best on held-out MAE; a tie goes to the
    simpler), that the forecast download holds its forecast when `download` names it, and at most one next step
    that applies here (lstm_core.forecast.advice: no calendar inputs for monthly data)."""
    late = undecided_text(metrics, download or None)
    if late:
        st.warning(late, icon=":material/timer_off:")
        return
    v = judge(metrics)
    if v is None:
        return
    a = advise(metrics, frequency, n_features)
    label = t(f"train.method.{v.baseline}")
    holds = t("train.download_holds") if download and download == a.recommended else ""
    step = t(f"train.advice.{a.next_step}") if a.next_step.startswith("calendar_") else ""
    if v.tie:
        st.warning(t("train.verdict_tie", baseline=label, lstm=num(v.lstm_mae)) + holds + step,
                   icon=":material/balance:")
    elif v.lstm_wins:
        missed = t("common.list_sep").join(t(f"train.method.{m}") for m in a.missed)
        caveat = t("train.verdict_caveat", names=missed) if a.missed else ""
        st.success(t("train.verdict_win", baseline=label, pct=whole_percent(v.gain_pct)) + holds + caveat,
                   icon=":material/trophy:")
    else:
        st.warning(t("train.verdict_lose", baseline=label, lstm=num(v.lstm_mae), base=num(v.baseline_mae),
                     pct=whole_percent(v.loss_pct)) + holds + step, icon=":material/balance:")


def notes(view) -> None:
    """What happened during the run, beyond the plain epochs: OOM retries, CPU fallback, NaN, early stop."""
    r = view.result
    for e in view.notes:
        params = dict(epoch=e.epoch, best=r.best_epoch, patience=r.data.get("patience", r.config.patience),
                      minutes=jobs.max_run_s() // 60)
        key = "train.note.timeout" if e.kind == "cancelled" and view.timed_out else f"train.note.{e.kind}"
        icon = {"nan_stop": ":material/warning:", "oom_retry": ":material/memory:",
                "fallback_cpu": ":material/memory:"}.get(e.kind, ":material/info:")
        (st.warning if e.kind == "nan_stop" else st.info)(t(key, **params), icon=icon)
    if r.best_epoch == 0:
        st.warning(t("train.note.best_zero", baseline=t(f"train.base.{r.model.config.baseline}")),
                   icon=":material/warning:")
    c = r.data.get("cleaning", {}) if isinstance(r.data, dict) else {}
    if c.get("inserted") or c.get("filled") or c.get("trimmed_leading") or c.get("trimmed_trailing"):
        st.caption(t("train.note.cleaning", inserted=c.get("inserted", 0), filled=c.get("filled", 0),
                     leading=c.get("trimmed_leading", 0), trailing=c.get("trimmed_trailing", 0)))
    if view.outputs is not None and view.outputs.problem:
        st.warning(t("train.note.output_problem") + "\n\n" + plain(view.outputs.problem), icon=":material/warning:")


def forecast_names(other: str = "", out=None) -> dict[str, str]:
    """The forecast chart's labels in the user's language; `other` names the best other model drawn beside on the
    held-out part; `out` (the run's Outputs) names the forecast after the data (the recommended model's) and the
    LSTM's own."""
    names = {k: t(f"train.fig.{k}") for k in ("history", "held_out", "held_band", "forecast", "band", "test_part",
                                              "time", "value", "now")}
    names["other"] = t("train.fig.other", model=t(f"train.method.{other}")) if other else ""
    names["forecast_lstm"] = t("train.fig.forecast_lstm")
    if out is not None and out.forecast_model:
        model = t(f"train.method.{out.forecast_model}")
        names["forecast"] = t("train.fig.forecast_recommended" if out.forecast_model == out.recommended else
                              "train.fig.forecast_model", model=model)
        names["band"] = t("train.fig.band_model", model=model)
    return names


def forecast_downloads(out, stem: str, horizon: int, pending: bool = False, undecided: bool = False) -> None:
    """The recommended model's forecast (what the verdict says to use), then the LSTM's own, and what each holds;
    `pending`: statistical models still landing, so no model is recommended yet: the LSTM's forecast alone."""
    if not out.forecast_csv:
        return
    if pending:
        st.download_button(t("train.dl_forecast_lstm"), data=out.forecast_lstm_csv or out.forecast_csv,
                           file_name=f"forecast_lstm_{stem}.csv", mime="text/csv", key="train.dl_forecast_lstm",
                           on_click="ignore", icon=":material/table_view:", width="stretch")
        st.caption(t("train.dl_forecast_pending", h=horizon, columns=out.forecast.columns[0]))
        return
    model = t(f"train.method.{out.forecast_model}")
    for entry in out.passed_over:
        st.warning(t("train.passed_over", model=t(f"train.method.{entry['name']}"), reason=skip_text(entry),
                     chosen=model), icon=":material/warning:")
    st.download_button(t("train.dl_forecast_model", model=model), data=out.forecast_csv,
                       file_name=f"forecast_{stem}.csv", mime="text/csv", key="train.dl_forecast", on_click="ignore",
                       icon=":material/table_view:", width="stretch")
    if out.forecast_lstm_csv:
        st.download_button(t("train.dl_forecast_lstm"), data=out.forecast_lstm_csv,
                           file_name=f"forecast_lstm_{stem}.csv", mime="text/csv", key="train.dl_forecast_lstm",
                           on_click="ignore", icon=":material/table_view:", width="stretch")
    why = t("train.dl_why.undecided" if undecided else
            "train.dl_why.passed_over" if out.passed_over else "train.dl_why.recommended")
    st.caption(t("train.dl_forecast_help", model=model, why=why, h=horizon, columns=out.forecast.columns[0]))


def target_history(df: pd.DataFrame, target: str) -> pd.Series:
    return df[target].dropna()


def results(view) -> None:
    r, out = view.result, view.outputs
    st.subheader(t("train.results_title"))
    notes(view)
    st.markdown(f"**{t('train.forecast_title', h=r.horizon)}**", help=t("train.forecast_help"))
    other = out.other_name if out else ""
    lstm_future = out.forecast_lstm if out and out.forecast_model != "lstm" else None  # drawn once when the same
    fig = forecast_figure(target_history(view.df, r.target), out.forecast if out else None,
                          out.held_out if out else None, names=forecast_names(other, out),
                          other=out.other_held_out if other else None, lstm_future=lstm_future)
    chart(localize_dates(fig, view.df.index, lang()), key="train.forecast",
                    config={"displaylogo": False})
    left, right = st.columns([3, 2], gap="large")
    with left:
        m = r.metrics
        st.markdown(f"**{t('train.metrics_title')}**", help=t("train.metrics_help"))
        st.table(metrics_table(m, view).style.hide(axis="index"))  # wraps on a phone, no toolbar
        skipped = skipped_lines(m)
        if skipped:
            st.caption("  \n".join(skipped))
        st.caption(t("train.metrics_caption", origins=m.get("origins", 0), h=m.get("horizon", r.horizon),
                     rows=r.data.get("n_test", 0)))
        if protocol_caption(m):
            st.caption(protocol_caption(m))
        if view.active:  # statistical models still landing: no verdict on part of them
            st.info(t("train.verdict_pending"), icon=":material/hourglass_top:")
        else:
            verdict(m, r.frequency, len(r.columns), out.forecast_model if out else "")
        if not m.get("seasonal_naive"):
            st.caption(t("train.no_season"))
        if r.intervals.get("floor") == 0.0:
            st.caption(t("train.floor_zero"))
        downloaded = coverage_caption(r.intervals, out.forecast_model) if out and not view.active else ""
        if downloaded:
            st.caption(downloaded)
        cov = r.intervals.get("measured_coverage", r.intervals.get("empirical_coverage"))
        steps = [v for v in r.intervals.get("measured_coverage_per_step") or [] if finite(v)] or [cov]
        if finite(cov):
            st.caption(t("train.coverage", nominal=f"{100 * r.intervals.get('coverage', 0.8):.0f}",
                         actual=f"{100 * cov:.0f}", first=f"{100 * steps[0]:.0f}", last=f"{100 * steps[-1]:.0f}"))
    with right:
        st.markdown(f"**{t('train.downloads')}**")
        stem = file_stem(view.name)
        if out:
            forecast_downloads(out, stem, r.horizon, pending=view.active, undecided=bool(m.get("undecided")))
        if out and out.model_zip:
            st.download_button(t("train.dl_model"), data=out.model_zip, file_name=f"model_{stem}.zip",
                               mime="application/zip", key="train.dl_model", on_click="ignore",
                               icon=":material/folder_zip:", width="stretch")
        if out and out.metrics_json:
            st.download_button(t("train.dl_metrics"), data=out.metrics_json, file_name=f"metrics_{stem}.json",
                               mime="application/json", key="train.dl_metrics", on_click="ignore",
                               icon=":material/data_object:", width="stretch")
        st.caption(t("train.dl_help"))
        st.markdown(f"**{t('train.gates_title')}**")
        if st.button(t("train.see_gates"), key="train.see_gates", type="primary", icon=":material/visibility:",
                     width="stretch"):
            open_in_stepper(view)
        st.caption(t("train.gates_help"))
    learn_view.train_replay(view, "results")  # how the gates changed while it trained


def open_in_stepper(view) -> None:
    name = f"{Path(view.name).stem} · {view.target} (H={view.result.horizon})"
    try:
        key = stepper.register_trained(name, view.result, view.df)
    except GatescopeError as exc:
        st.error(t("train.gates_failed") + "\n\n" + plain(exc), icon=":material/error:")
        return
    st.switch_page(STEP_PAGE, query_params={"preset": key, "lang": lang()})


def saved_model_section(data: dict) -> None:
    st.subheader(t("train.saved_title"))
    st.caption(t("train.saved_help"))
    up = st.file_uploader(t("train.saved_upload", mb=MODEL_UPLOAD_MB), type=MODEL_TYPES, key="train.model_upload",
                          max_upload_size=MODEL_UPLOAD_MB)
    translate_uploader("train.model_upload", MODEL_TYPES, MODEL_UPLOAD_MB)
    if up is not None and up.file_id != ss.get("train.model_seen"):
        ss["train.model_seen"] = up.file_id
        try:
            ss["train.loaded"] = {"name": up.name, "result": load_model_zip(up.getvalue())}
            ss.pop("train.model_error", None)
        except ModelFileError as exc:
            ss.pop("train.loaded", None)
            ss["train.model_error"] = {"name": up.name, "text": str(exc)}
    err = ss.get("train.model_error")
    if err:
        st.error(say("train.model_refused", name=err["name"]) + "\n\n" + plain(err["text"]), icon=":material/gpp_bad:")
    loaded = ss.get("train.loaded")
    if not loaded:
        return
    r = loaded["result"]
    st.caption(say("train.model_info", name=loaded["name"], target=r.target, h=r.horizon, w=r.window,
                   cols=", ".join(r.columns)))
    try:  # an LSTM's forecast, rounded to the data's precision and named, as the CLI's forecast_lstm.csv
        table = lstm_forecast(r, data["df"])
    except GatescopeError as exc:
        st.error(t("train.model_forecast_failed") + "\n\n" + engine_text(exc), icon=":material/error:")
        return
    fig = forecast_figure(target_history(data["df"], r.target), table, None, names=forecast_names())
    chart(localize_dates(fig, data["df"].index, lang()), key="train.saved_forecast",
                    config={"displaylogo": False})
    if r.metrics.get("lstm"):
        st.caption(t("train.model_metrics_note"))
        st.table(metrics_table(r.metrics).style.hide(axis="index"))
    st.download_button(t("train.dl_forecast_lstm"), data=jobs.forecast_csv(table),
                       file_name=f"forecast_lstm_{file_stem(loaded['name'])}.csv", mime="text/csv",
                       key="train.dl_saved_forecast", on_click="ignore", icon=":material/table_view:")
