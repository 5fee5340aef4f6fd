"""The Train page's run: the run id in the URL, the live panel (progress, loss, Stop) and what happened."""

from __future__ import annotations

import streamlit as st

from lstm_core.forecast.baselines import STAT_MODELS
from ui import jobs, learn_view
from ui.i18n import t
from ui.presenter import chart
from ui.train.data import set_data
from ui.train.form import form_from_config
from ui.train.results import metrics_table, results, verdict
from ui.train.text import duration, engine_text, guarded, plain, say
from ui.train_figures import loss_curve

ss = st.session_state
POLL_S = 0.5  # how often the live panel asks the job for news while it runs


def write_run_url(run_id: str | None) -> None:
    if run_id:
        st.query_params["run"] = run_id
    elif "run" in st.query_params:
        del st.query_params["run"]
    ss["train._url_run"] = run_id


def attach_from_url() -> None:
    """A refresh or a shared link: ?run=<id> that this session did not write re-attaches to that job."""
    url_run = st.query_params.get("run")
    if not url_run or url_run == ss.get("train._url_run"):
        return
    try:
        view = jobs.get(url_run)
    except jobs.ClusterError as exc:
        say_cluster_error(exc)
        return
    if view is None:
        ss["train.vanished"] = True
        ss.pop("train.run_id", None)
        write_run_url(None)
        return
    ss["train.run_id"] = url_run
    ss["train._url_run"] = url_run
    if not jobs.is_mine(view):
        return  # someone else's run: shown read-only; this browser's data and settings stay as they are
    if view.df is not None and ss.get("train.data", {}).get("df") is not view.df:
        set_data(view.name, view.df, view.report)
    # The form shows the settings of the run it found again, so Start would not silently run other ones.
    restored = form_from_config(view.config, view.target)
    ss.update(restored)
    ss["train._settings"] = restored


def live_panel(run_id: str, was_active: bool, early_seen: int = 0) -> None:
    """Progress, the live loss curve and Stop. A fragment: while the run is active it reruns every POLL_S; the whole
    page is drawn again when the run ends or the LSTM's result (again with another statistical model) arrives."""
    try:
        view = jobs.get(run_id)
    except jobs.ClusterError as exc:
        say_cluster_error(exc)
        return
    if view is None:
        st.warning(t("train.vanished"), icon=":material/history_toggle_off:")
        return
    if (was_active and not view.active) or view.early != early_seen:
        st.rerun()  # the run just ended, or a result came: a full rerun shows the results (and stops the polling)
    if view.state == "queued":
        st.info(t("train.queued", position=view.queue_position, eta=duration(view.queue_eta_s)),
                icon=":material/hourglass_top:")
    elif view.state == "running" and view.phase == "comparing":
        st.progress(1.0, text=comparing_text(view))
    elif view.state == "running":
        frac = min(view.epoch / max(view.epochs, 1), 1.0)
        if view.epoch:
            text = t("train.progress", epoch=view.epoch, epochs=view.epochs,
                     speed=f"{view.windows_per_s:,.0f}" if view.windows_per_s else "–", eta=duration(view.eta_s))
        else:
            text = t("train.preparing")
        st.progress(frac, text=text)
    elif view.state == "cancelled":
        st.info(t("train.cancelled_queued"), icon=":material/cancel:")
    elif view.state == "lost":
        st.error(t("train.lost"), icon=":material/cloud_off:")
    elif view.state == "failed":
        if view.error_kind == "data":
            st.error(t("train.failed_data") + "\n\n" + engine_text(key=view.error_key, params=view.error_params,
                                                                  fallback=view.error), icon=":material/error:")
        else:
            st.error(t("common.unexpected", kind=plain(view.error)), icon=":material/error:")
    elif view.result is not None:
        r = view.result
        st.progress(1.0, text=t("train.finished", epochs=len(r.history), seconds=f"{r.train_time_s:.1f}",
                                device=r.device.upper(), best=r.best_epoch))
    history = view.history if view.result is None else [
        (h["epoch"], h["train_loss"], h["val_loss"]) for h in view.result.history]
    if history:
        best = view.result.best_epoch if view.result is not None else None
        fig = loss_curve(history, train_name=t("train.loss_train"), val_name=t("train.loss_val"),
                         epoch_title=t("train.epoch"), loss_title=t("train.loss_axis"), best_epoch=best,
                         best_text=t("train.best_epoch", epoch=best or 0))
        chart(fig, key="train.loss", config={"displaylogo": False})
    if not jobs.is_mine(view):
        return  # no Stop, and no replay of a window of someone else's data
    if view.active:
        st.button(t("train.stop"), key="train.stop", icon=":material/stop:", on_click=jobs.cancel, args=(run_id,))
    if view.result is None:  # the gates of one training window, epoch by epoch, while it trains (after: results')
        learn_view.train_replay(view, "live")


def comparing_text(view) -> str:
    """The LSTM is trained; which statistical models are computing (they run side by side, one per training slot),
    for how long, and how many have landed."""
    done, total = len(view.landed), len(STAT_MODELS)
    running = [m for m in STAT_MODELS if m in view.comparing and m not in view.landed]
    if not running:
        return t("train.comparing_start", done=done, total=total)
    models = t("train.comparing_and").join(
        t("train.comparing_one", model=t(f"train.method.{m}"), seconds=duration(view.comparing[m])) for m in running)
    return t("train.comparing", models=models, done=done, total=total)


def run_section() -> None:
    run_id = ss.get("train.run_id")
    if ss.get("train.vanished") and not run_id:
        st.warning(t("train.vanished"), icon=":material/history_toggle_off:")
        if st.button(t("train.dismiss"), key="train.dismiss"):
            ss.pop("train.vanished", None)
            st.rerun()
    if not run_id:
        return
    try:
        view = jobs.get(run_id)
    except jobs.ClusterError as exc:  # the run is not lost: the page finds it again when the cluster is back
        say_cluster_error(exc)
        return
    if view is None:  # swept after its TTL (or the cluster restarted): say so, and let the user start again
        ss.pop("train.run_id", None)
        ss["train.vanished"] = True
        write_run_url(None)
        st.rerun()
    st.subheader(t("train.run_title"))
    mine = jobs.is_mine(view)
    if mine:
        st.caption(say("train.run_caption", name=view.name, target=view.target, h=view.config.horizon))
    else:
        st.info(say("train.shared_run", target=view.target, h=view.config.horizon), icon=":material/visibility:")
    st.fragment(live_panel, run_every=POLL_S if view.active else None)(run_id, view.active, view.early)
    if view.result is not None and view.state in ("done", "running"):  # running: the LSTM's, baselines to come
        guarded(results if mine else shared_results, view)


def start_run(data: dict, config) -> None:
    """Submit a run of `config` on the data; the page is drawn again with Start disabled and the live panel."""
    try:
        run_id = jobs.submit(data["df"], ss["train.target"], config, name=data["name"], report=data["report"])
    except jobs.RunRefused as exc:
        st.warning(t(f"train.refused.{exc.key}", **exc.params), icon=":material/hourglass_top:")
        return
    except jobs.ClusterError as exc:
        say_cluster_error(exc)
        return
    ss["train.run_id"] = run_id
    ss.pop("train.vanished", None)
    write_run_url(run_id)
    st.rerun()  # draw the page again with Start disabled and the live panel polling


def say_cluster_error(exc) -> None:
    """The training cluster cannot be reached or used: say so in the user's language; their data and run stay."""
    st.error(t(f"cluster.{exc.key}", **{k: plain(v) for k, v in exc.params.items()}), icon=":material/cloud_off:")


def is_busy(run_id: str | None) -> bool:
    """Does this browser's run still train or wait (Start is disabled meanwhile)? False when the cluster is away,
    and for someone else's run opened by its link."""
    try:
        view = jobs.get(run_id)
    except jobs.ClusterError:
        return False
    return view is not None and view.active and jobs.is_mine(view)


def shared_results(view) -> None:
    """Someone else's finished run: the verdict and the held-out scores only (no data, forecast or downloads)."""
    metrics = view.result.metrics
    verdict(metrics)
    st.dataframe(metrics_table(metrics), hide_index=True, width="stretch")
