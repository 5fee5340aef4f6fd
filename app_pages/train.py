"""Train page: load a series (bundled or uploaded), fit an LSTM forecaster in the background, judge it against
the baselines, download it, and open it in the stepper.

Thin by design: widgets -> lstm_core (load, forecast, model files) and ui.jobs (the background worker) ->
ui.train_figures. Training never runs in this script thread: ui.jobs runs it and this page polls the job
from a fragment. The run id lives in st.session_state and in the URL (?run=<id>), so leaving the page,
coming back, or refreshing the browser finds the run again.

Column names and file names come from users: they reach the page only as plain text (st.dataframe, widget
options) or escaped for Markdown (plain()), and escaped for Plotly (ui.train_figures.label).
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path

import pandas as pd
import streamlit as st
from pandas.tseries.frequencies import to_offset

from lstm_core.data.csv.load import MAX_BYTES, DataError, load_csv_with_report
from lstm_core.data.windows import TrainDataError, plan_split, season_length
from lstm_core.device import describe_device, resolve_device
from lstm_core.forecast.forecaster import forecast
from lstm_core.forecast.modelfile import MAX_ZIP_BYTES, ModelFileError, load_model_zip
from lstm_core.forecast.train import TrainConfig
from ui import i18n, jobs, learn_view, stepper
from ui.i18n import lang, t
from ui.presenter import sized
from ui.train_figures import data_preview, forecast_figure, localize_dates, loss_curve
from ui.uploader import translate_uploader

log = logging.getLogger("gatescope.train")
ss = st.session_state
ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "assets" / "data"
STEP_PAGE = "app_pages/step.py"
POLL_S = 0.5  # how often the live panel asks the job for news while it runs
MAX_UPLOAD_MB = MAX_BYTES // 2**20
DATA_TYPES = ["csv", "txt", "tsv", "gz"]
MODEL_TYPES = ["zip", "pt", "pth", "pkl", "ckpt", "safetensors", "json"]  # pickles accepted only to be refused clearly
DEFAULTS = TrainConfig()
# Slider choices, always including the engine's defaults (TrainConfig may change them).
HIDDEN_SIZES = tuple(sorted({4, 8, 16, 32, 64, 128, DEFAULTS.hidden_size}))
LEARNING_RATES = tuple(sorted({1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, DEFAULTS.lr}))
BATCH_SIZES = tuple(sorted({8, 16, 32, 64, 128, 256, DEFAULTS.batch_size}))
# Widget keys of the settings. Streamlit forgets a widget's value when a run does not draw it (another page),
# so they are copied to "train._settings" and put back when the page is drawn again.
SETTING_KEYS = ("train.target", "train.features", "train.horizon", "train.window", "train.epochs", "train.hidden",
                "train.layers", "train.patience", "train.lr", "train.batch", "train.seed")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


# ----------------------------------------------------------------------------- text helpers


def plain(text: object) -> str:
    """User text made inert for st.markdown / st.error: every Markdown, LaTeX ($) and directive (:red[])
    character is backslash-escaped, so it shows as typed."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def say(key: str, **params: object) -> str:
    """t(key) with its text parameters (which may hold column or file names) escaped for Markdown."""
    return t(key, **{k: plain(v) if isinstance(v, str) else v for k, v in params.items()})


def data_text(key: str, params: dict, fallback: str) -> str:
    """A load_csv message ("data.<key>") in the user's language; the engine's English text if it has none."""
    if f"data.{key}" in i18n.STRINGS:
        if "order" in params:  # a date order ('month-first') is a word of the engine's: say it in the user's language
            params = {**params, "order": optional(f"data.time_kind.{params['order']}", str(params["order"]))}
        try:
            return say(f"data.{key}", **params)
        except (KeyError, IndexError, ValueError):
            pass
    return plain(fallback)


def engine_text(exc: Exception | None = None, *, key: str = "", params: dict | None = None, fallback: str = "") -> str:
    """A training-engine data message (TrainDataError, "traindata.<key>") in the user's language, made inert;
    the engine's English text for anything else."""
    if isinstance(exc, TrainDataError):
        key, params, fallback = exc.key, exc.params, str(exc)
    elif exc is not None:
        return plain(exc)
    if f"traindata.{key}" in i18n.STRINGS:
        try:
            return say(f"traindata.{key}", **(params or {}))
        except (KeyError, IndexError, ValueError):
            pass
    return plain(fallback)


def optional(key: str, fallback: str) -> str:
    return t(key) if key in i18n.STRINGS else fallback


def duration(seconds: float | None) -> str:
    if seconds is None or not math.isfinite(seconds):
        return "–"
    s = int(round(seconds))
    return t("train.seconds", s=s) if s < 90 else t("train.minutes", m=s // 60, s=s % 60)


def finite(v: object) -> bool:
    """A metric that can be shown as a number (not None, NaN or inf)."""
    return isinstance(v, (int, float)) and math.isfinite(v)


def num(v: float | None) -> str:
    if not finite(v):
        return "–"
    return f"{v:,.4g}" if abs(v) < 1e6 else f"{v:,.0f}"


_UNITS = {"MonthBegin": "month", "MonthEnd": "month", "QuarterBegin": "quarter", "QuarterEnd": "quarter",
          "YearBegin": "year", "YearEnd": "year", "Week": "week", "Day": "day", "BusinessDay": "business_day",
          "Hour": "hour", "Minute": "minute", "Second": "second"}


def freq_words(freq: str | None) -> str:
    """A pandas frequency ("MS", "30min", "D") in words ("1 month", "30 minutes", "1 day"); the code itself
    when it is unusual, "none" without one."""
    if not freq:
        return t("train.report.none")
    try:
        off = to_offset(freq)
    except ValueError:
        return freq
    unit = _UNITS.get(type(off).__name__)
    return t(f"train.unit.{unit}", n=off.n) if unit else freq


def file_stem(name: str) -> str:
    """A file-name-safe version of a dataset name, for the downloads."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", Path(name).stem).strip("_")[:40] or "data"


# ----------------------------------------------------------------------------- data


def bundled() -> list[Path]:
    return sorted(p for p in DATA_DIR.glob("*.csv*") if p.is_file())


def dataset_label(path: Path) -> str:
    stem = path.name.split(".")[0]
    return optional(f"train.dataset.{stem}", stem)


def set_data(name: str, df: pd.DataFrame, report) -> None:
    """New data: reset the settings that depend on its columns and length."""
    n = len(df)
    ss["train.data"] = {"name": name, "df": df, "report": report}
    ss["train.target"] = str(df.columns[0])
    ss["train.features"] = []
    ss["train.horizon"] = int(min(DEFAULTS.horizon, max(1, n // 10)))
    ss["train.window"] = 0
    ss.pop("train.load_error", None)
    ss.pop("train.loaded", None)


def load(source, name: str) -> None:
    """Read a CSV into the session; a bad file leaves the earlier data as it was and says what is wrong."""
    try:
        df, report = load_csv_with_report(source)
    except DataError as exc:
        ss["train.load_error"] = {"name": name, "key": exc.key, "params": dict(exc.params), "text": str(exc)}
        return
    set_data(name, df, report)


def dropped_text(d: dict) -> str:
    """One group of dropped rows ({"reason", "count", "lines"}): how many, why, and the first lines."""
    reason = optional(f"data.rows_dropped.{d['reason']}", d["reason"])
    lines = ", ".join(str(n) for n in d.get("lines", []))
    key = "train.report.dropped_one" if d["count"] == 1 else "train.report.dropped"
    return t(key, count=d["count"], reason=reason, lines=lines)


def report_table(report) -> pd.DataFrame:
    """The load report as rows of (what, found), all plain text."""
    none = t("train.report.none")
    delim = {",": t("train.delim.comma"), ";": t("train.delim.semicolon"), "\t": t("train.delim.tab"),
             "|": t("train.delim.pipe"), " ": t("train.delim.space")}
    kind = report.time_kind
    rows = [
        ("encoding", report.encoding + (f" ({report.compression})" if report.compression else "")),
        ("delimiter", delim.get(report.delimiter, repr(report.delimiter))),
        ("decimal", report.decimal + (f"  ({t('train.report.thousands', sep=repr(report.thousands))})"
                                      if report.thousands else "")),
        ("header_row", t("train.report.line", line=report.header_row) if report.header_row else none),
        ("time_column", report.time_column or t("train.report.no_time")),
        ("time_kind", optional(f"data.time_kind.{kind}", kind) if kind else none),
        ("frequency", f"{freq_words(report.frequency)} ({report.frequency})" if report.frequency else none),
        ("rows_read", f"{report.rows_read:,}"),
        ("rows_used", f"{report.rows_used:,}"),
    ]
    for d in report.rows_dropped:
        rows.append(("rows_dropped", dropped_text(d)))
    for d in report.columns_dropped:
        rows.append(("columns_dropped", f"{d['name']}: {optional('data.columns_dropped.' + d['reason'], d['reason'])}"))
    if report.timezone_note:
        rows.append(("timezone_note", report.timezone_note))
    rows.append(("columns", ", ".join(report.columns)))
    return pd.DataFrame({t("train.report.what"): [optional(f"data.report.{k}", k) for k, _ in rows],
                         t("train.report.found"): [str(v) for _, v in rows]})


def data_section() -> None:
    st.subheader(t("train.data_title"))
    left, right = st.columns([1, 1], gap="large")  # room for the bundled series' full names
    with left:
        st.markdown(f"**{t('train.bundled')}**")
        for path in bundled():
            if st.button(dataset_label(path), key=f"train.ds.{path.name}", icon=":material/dataset:", width="stretch"):
                load(path, path.name)
        st.caption(t("train.bundled_note"))
        up = st.file_uploader(t("train.upload", mb=MAX_UPLOAD_MB), type=DATA_TYPES,
                              key="train.upload", max_upload_size=MAX_UPLOAD_MB, help=t("train.upload_help"))
        translate_uploader("train.upload", DATA_TYPES, MAX_UPLOAD_MB)
        if up is not None and up.file_id != ss.get("train.upload_seen"):
            ss["train.upload_seen"] = up.file_id
            load(up.getvalue(), up.name)
        err = ss.get("train.load_error")
        if err:
            st.error(say("train.load_failed", name=err["name"]) + "\n\n" + data_text(err["key"], err["params"], err["text"]),
                     icon=":material/error:")
            if "train.data" in ss:
                st.caption(say("train.kept_data", name=ss["train.data"]["name"]))
    data = ss.get("train.data")
    with right:
        if data is None:
            st.info(t("train.no_data"), icon=":material/upload_file:")
            return
        df = data["df"]
        st.markdown(say("train.loaded_data", name=data["name"], rows=f"{len(df):,}", cols=len(df.columns)))
        more = t("train.preview_more", shown=6, total=len(df.columns)) if len(df.columns) > 6 else ""
        time_title = data["report"].time_column if data["report"].time_column else t("train.row")
        guarded(lambda: st.plotly_chart(sized(localize_dates(data_preview(df, time_title=time_title, more_note=more),
                                                             df.index, lang())),
                                        key="train.preview", config={"displaylogo": False}))
        read_notes(data["report"])
    with st.expander(t("train.report_title"), expanded=False, icon=":material/fact_check:"):
        st.dataframe(report_table(data["report"]), hide_index=True, width="stretch")
        st.dataframe(df.head(100), width="stretch", height=240)


def read_notes(report) -> None:
    """What the loader guessed, changed or dropped, in view: a wrong guess (dates read month-first, rows taken
    for notes) silently changes the numbers, so it must not hide in the collapsed report."""
    notes = [data_text(w["key"], w.get("params", {}), w["key"]) for w in report.warnings]
    for d in report.rows_dropped:
        notes.append(dropped_text(d))
    if notes:
        st.warning("\n".join([t("train.read_notes")] + [f"- {note}" for note in notes]), icon=":material/rule:")


# ----------------------------------------------------------------------------- settings


def settings_section(data: dict, busy: bool) -> None:
    df = data["df"]
    columns = [str(c) for c in df.columns]
    st.subheader(t("train.settings_title"))
    for key, value in ss.get("train._settings", {}).items():
        if key not in ss:
            ss[key] = value
    if ss.get("train.target") not in columns:
        ss["train.target"] = columns[0]
    c1, c2 = st.columns(2)
    with c1:
        st.selectbox(t("train.target"), options=columns, key="train.target")
        st.caption(t("train.target_help"))
    target = ss["train.target"]
    others = [c for c in columns if c != target]
    ss["train.features"] = [f for f in ss.get("train.features", []) if f in others]
    with c2:
        st.multiselect(t("train.features"), options=others, key="train.features", disabled=not others,
                       placeholder=t("train.features_none"))
        st.caption(t("train.features_help"))

    freq = data["report"].frequency
    season = season_length(freq)
    for key, default in (("train.horizon", min(DEFAULTS.horizon, max(1, len(df) // 10))), ("train.window", 0),
                         ("train.hidden", DEFAULTS.hidden_size), ("train.layers", DEFAULTS.num_layers),
                         ("train.epochs", DEFAULTS.epochs), ("train.patience", DEFAULTS.patience),
                         ("train.lr", DEFAULTS.lr), ("train.batch", DEFAULTS.batch_size), ("train.seed", DEFAULTS.seed)):
        ss.setdefault(key, default)
    for key, options, default in (("train.hidden", HIDDEN_SIZES, DEFAULTS.hidden_size),
                                  ("train.lr", LEARNING_RATES, DEFAULTS.lr),
                                  ("train.batch", BATCH_SIZES, DEFAULTS.batch_size)):
        if ss[key] not in options:
            ss[key] = default
    cols = st.columns(3)
    with cols[0]:
        st.number_input(t("train.horizon"), min_value=1, max_value=1000, step=1, key="train.horizon")
        st.caption(t("train.horizon_help", freq=freq_words(freq)))
    with cols[1]:
        st.number_input(t("train.window"), min_value=0, max_value=5000, step=1, key="train.window")
        st.caption(t("train.window_help", season=season or "–"))
    with cols[2]:
        st.number_input(t("train.epochs"), min_value=1, max_value=5000, step=10, key="train.epochs")
        st.caption(t("train.epochs_help", patience=ss["train.patience"]))
    cols = st.columns(3)
    with cols[0]:
        st.select_slider(t("train.hidden"), options=HIDDEN_SIZES, key="train.hidden")
        st.caption(t("train.hidden_help", default=DEFAULTS.hidden_size))
    with cols[1]:
        st.number_input(t("train.layers"), min_value=1, max_value=4, step=1, key="train.layers")
        st.caption(t("train.layers_help"))
    with cols[2]:
        device = resolve_device(DEFAULTS.device)
        shown = describe_device(device) if device.type != "cpu" else t("train.cpu_threads")
        st.markdown(f"**{t('train.device_label')}**")
        st.markdown(t("train.device", device=shown, slots=jobs.MAX_JOBS))
    with st.expander(t("train.advanced"), icon=":material/tune:"):
        a = st.columns(4)
        a[0].number_input(t("train.patience"), min_value=1, max_value=5000, step=5, key="train.patience",
                          help=t("train.patience_help"))
        a[1].select_slider(t("train.lr"), options=LEARNING_RATES, key="train.lr", help=t("train.lr_help"),
                           format_func=lambda v: f"{v:g}")
        a[2].select_slider(t("train.batch"), options=BATCH_SIZES, key="train.batch", help=t("train.batch_help"))
        a[3].number_input(t("train.seed"), min_value=0, max_value=10**6, step=1, key="train.seed",
                          help=t("train.seed_help"))

    ss["train._settings"] = {k: ss[k] for k in SETTING_KEYS if k in ss}
    try:  # the same check the engine makes, before the run: say now what does not fit, and how much would
        plan_split(len(df), int(ss["train.horizon"]), int(ss["train.window"]) or None, season, None, None)
        too_short = ""
    except TrainDataError as exc:
        too_short = str(exc)
        st.warning(t("train.too_short", message=engine_text(exc)), icon=":material/straighten:")
    start = st.button(t("train.start"), key="train.start", type="primary", icon=":material/play_arrow:",
                      disabled=busy or bool(too_short), help=t("train.busy") if busy else None)
    if start and not busy:
        config = TrainConfig(
            horizon=int(ss["train.horizon"]), window=int(ss["train.window"]) or None,
            features=list(ss["train.features"]) or None, hidden_size=int(ss["train.hidden"]),
            num_layers=int(ss["train.layers"]), epochs=int(ss["train.epochs"]), patience=int(ss["train.patience"]),
            lr=float(ss["train.lr"]), batch_size=int(ss["train.batch"]), seed=int(ss["train.seed"]),
            device=DEFAULTS.device, num_threads=1,
        )
        try:
            run_id = jobs.submit(df, target, config, name=data["name"], report=data["report"])
        except jobs.QueueFull:
            st.warning(t("train.queue_full"), icon=":material/hourglass_top:")
            return
        ss["train.run_id"] = run_id
        ss.pop("train.vanished", None)
        write_run_url(run_id)
        st.rerun()  # draw the page again with Start disabled and the live panel polling


# ----------------------------------------------------------------------------- the run


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
    view = jobs.get(url_run)
    if view is None:
        ss["train.vanished"] = True
        ss.pop("train.run_id", None)
        write_run_url(None)
        return
    ss["train.run_id"] = url_run
    ss["train._url_run"] = url_run
    if ss.get("train.data", {}).get("df") is not view.df:
        set_data(view.name, view.df, view.report)
    # The form shows the settings of the run it found again, so Start would not silently run other ones.
    cfg = view.config
    restored = {
        "train.target": view.target, "train.features": [c for c in (cfg.features or []) if c != view.target],
        "train.horizon": cfg.horizon, "train.window": cfg.window or 0, "train.epochs": cfg.epochs,
        "train.hidden": cfg.hidden_size, "train.layers": cfg.num_layers, "train.patience": cfg.patience,
        "train.lr": cfg.lr, "train.batch": cfg.batch_size, "train.seed": cfg.seed,
    }
    ss.update(restored)
    ss["train._settings"] = restored


def live_panel(run_id: str, was_active: bool) -> None:
    """Progress, the live loss curve and Stop. A fragment: while the run is active it reruns every POLL_S."""
    view = jobs.get(run_id)
    if view is None:
        st.warning(t("train.vanished"), icon=":material/history_toggle_off:")
        return
    if was_active and not view.active:
        st.rerun()  # the run just ended: a full rerun shows the results and stops the polling
    if view.state == "queued":
        st.info(t("train.queued", position=view.queue_position, slots=jobs.MAX_JOBS), icon=":material/hourglass_top:")
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
        st.plotly_chart(sized(fig), key="train.loss", config={"displaylogo": False})
    if view.active:
        st.button(t("train.stop"), key="train.stop", icon=":material/stop:", on_click=jobs.cancel, args=(run_id,))
    learn_view.train_replay(view, "live")  # the gates of one training window, epoch by epoch, while it trains


def notes(view) -> None:
    """What happened during the run, beyond the plain epochs: OOM retries, CPU fallback, NaN, early stop."""
    r = view.result
    for e in view.notes:
        params = dict(epoch=e.epoch, best=r.best_epoch, patience=r.config.patience, minutes=jobs.MAX_RUN_S // 60)
        key = "train.note.timeout" if e.kind == "cancelled" and view.timed_out else f"train.note.{e.kind}"
        icon = {"nan_stop": ":material/warning:", "oom_retry": ":material/memory:",
                "fallback_cpu": ":material/memory:"}.get(e.kind, ":material/info:")
        (st.warning if e.kind == "nan_stop" else st.info)(t(key, **params), icon=icon)
    if r.best_epoch == 0:
        st.warning(t("train.note.best_zero"), icon=":material/warning:")
    c = r.data.get("cleaning", {}) if isinstance(r.data, dict) else {}
    if c.get("inserted") or c.get("filled") or c.get("trimmed_leading") or c.get("trimmed_trailing"):
        st.caption(t("train.note.cleaning", inserted=c.get("inserted", 0), filled=c.get("filled", 0),
                     leading=c.get("trimmed_leading", 0), trailing=c.get("trimmed_trailing", 0)))
    if view.outputs is not None and view.outputs.problem:
        st.warning(t("train.note.output_problem") + "\n\n" + plain(view.outputs.problem), icon=":material/warning:")


METHODS = ("lstm", "seasonal_naive", "naive")
METRIC_NAMES = {"mae": "MAE", "rmse": "RMSE", "smape": "sMAPE (%)", "mase": "MASE"}  # the same in every language


def column_numbers(values: list) -> list[str]:
    """One column of the metrics table with the same decimals on every row, so 50.10 and 52.12 line up:
    four significant digits for the largest value."""
    known = [abs(v) for v in values if finite(v)]
    top = max(known, default=0.0)
    decimals = min(4, max(0, 3 - math.floor(math.log10(top)))) if top > 0 else 2
    return [f"{v:,.{decimals}f}" if finite(v) else "–" for v in values]


def metrics_table(metrics: dict) -> pd.DataFrame:
    shown = [m for m in METHODS if metrics.get(m)]
    table = {t("train.method"): [t(f"train.method.{m}") for m in shown]}
    for k, name in METRIC_NAMES.items():
        table[name] = column_numbers([metrics[m].get(k) for m in shown])
    return pd.DataFrame(table)


def verdict(metrics: dict) -> None:
    """One plain sentence: does the LSTM beat the better of the two baselines on MAE, and by how much?"""
    lstm = (metrics.get("lstm") or {}).get("mae")
    bases = [(m, (metrics.get(m) or {}).get("mae")) for m in ("seasonal_naive", "naive")]
    bases = [(m, v) for m, v in bases if finite(v)]
    if not finite(lstm) or not bases:
        return
    name, base = min(bases, key=lambda b: b[1])
    label = t(f"train.method.{name}")
    if lstm < base and base > 0:
        pct = (base - lstm) / base * 100
        st.success(t("train.verdict_win", baseline=label, pct=f"{pct:.0f}" if pct >= 1 else "<1"),
                   icon=":material/trophy:")
    else:
        st.warning(t("train.verdict_lose", baseline=label, lstm=num(lstm), base=num(base)), icon=":material/balance:")


def forecast_names() -> dict[str, str]:
    return {k: t(f"train.fig.{k}") for k in ("history", "held_out", "held_band", "forecast", "band", "test_part",
                                             "time", "value", "now")}


def target_history(df: pd.DataFrame, target: str) -> pd.Series:
    return df[target].dropna()


def results(view) -> None:
    r, out = view.result, view.outputs
    st.subheader(t("train.results_title"))
    notes(view)
    st.markdown(f"**{t('train.forecast_title', h=r.horizon)}**", help=t("train.forecast_help"))
    fig = forecast_figure(target_history(view.df, r.target), out.forecast if out else None,
                          out.held_out if out else None, names=forecast_names())
    st.plotly_chart(sized(localize_dates(fig, view.df.index, lang())), key="train.forecast", config={"displaylogo": False})
    left, right = st.columns([3, 2], gap="large")
    with left:
        m = r.metrics
        st.markdown(f"**{t('train.metrics_title')}**", help=t("train.metrics_help"))
        st.dataframe(metrics_table(m), hide_index=True, width="stretch")
        st.caption(t("train.metrics_caption", origins=m.get("origins", 0), h=m.get("horizon", r.horizon),
                     rows=r.data.get("n_test", 0)))
        verdict(m)
        if not m.get("seasonal_naive"):
            st.caption(t("train.no_season"))
        cov = r.intervals.get("empirical_coverage")
        if finite(cov):
            st.caption(t("train.coverage", nominal=f"{100 * r.intervals.get('coverage', 0.8):.0f}",
                         actual=f"{100 * cov:.0f}"))
    with right:
        st.markdown(f"**{t('train.downloads')}**")
        stem = file_stem(view.name)
        if out and out.forecast_csv:
            st.download_button(t("train.dl_forecast"), data=out.forecast_csv, file_name=f"forecast_{stem}.csv",
                               mime="text/csv", key="train.dl_forecast", on_click="ignore",
                               icon=":material/table_view:", width="stretch")
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


def guarded(part, *args) -> None:
    """Draw a part of the page; a bug in it becomes a short message (logged for us), never a traceback."""
    try:
        part(*args)
    except Exception as exc:  # st.rerun / st.switch_page raise BaseExceptions, which pass through
        log.exception("train page: %s failed", getattr(part, "__name__", "part"))
        st.error(t("common.unexpected", kind=type(exc).__name__), icon=":material/error:")


def open_in_stepper(view) -> None:
    name = f"{Path(view.name).stem} · {view.target} (H={view.result.horizon})"
    try:
        key = stepper.register_trained(name, view.result, view.df)
    except ValueError as exc:
        st.error(t("train.gates_failed") + "\n\n" + plain(exc), icon=":material/error:")
        return
    st.switch_page(STEP_PAGE, query_params={"preset": key, "lang": lang()})


def run_section() -> None:
    run_id = ss.get("train.run_id")
    if ss.get("train.vanished") and not run_id:
        st.warning(t("train.vanished"), icon=":material/history_toggle_off:")
        if st.button(t("train.dismiss"), key="train.dismiss"):
            ss.pop("train.vanished", None)
            st.rerun()
    if not run_id:
        return
    view = jobs.get(run_id)
    if view is None:  # evicted after its TTL (or the server restarted): say so, and let the user start again
        ss.pop("train.run_id", None)
        ss["train.vanished"] = True
        write_run_url(None)
        st.rerun()
    st.subheader(t("train.run_title"))
    st.caption(say("train.run_caption", name=view.name, target=view.target, h=view.config.horizon))
    st.fragment(live_panel, run_every=POLL_S if view.active else None)(run_id, view.active)
    if view.state == "done" and view.result is not None:
        guarded(results, view)


# ----------------------------------------------------------------------------- a saved model


def saved_model_section(data: dict) -> None:
    st.subheader(t("train.saved_title"))
    st.caption(t("train.saved_help"))
    up = st.file_uploader(t("train.saved_upload"), type=MODEL_TYPES, key="train.model_upload",
                          max_upload_size=math.ceil(MAX_ZIP_BYTES / 2**20))
    translate_uploader("train.model_upload", MODEL_TYPES, math.ceil(MAX_ZIP_BYTES / 2**20))
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
    try:
        table = forecast(r, data["df"])
    except ValueError as exc:
        st.error(t("train.model_forecast_failed") + "\n\n" + engine_text(exc), icon=":material/error:")
        return
    fig = forecast_figure(target_history(data["df"], r.target), table, None, names=forecast_names())
    st.plotly_chart(sized(localize_dates(fig, data["df"].index, lang())), key="train.saved_forecast",
                    config={"displaylogo": False})
    if r.metrics.get("lstm"):
        st.caption(t("train.model_metrics_note"))
        st.dataframe(metrics_table(r.metrics), hide_index=True, width="stretch")
    st.download_button(t("train.dl_forecast"), data=jobs.forecast_csv(table),
                       file_name=f"forecast_{file_stem(loaded['name'])}.csv", mime="text/csv",
                       key="train.dl_saved_forecast", on_click="ignore", icon=":material/table_view:")


# ----------------------------------------------------------------------------- page

attach_from_url()
if ss.get("train.run_id") and st.query_params.get("run") != ss["train.run_id"]:
    write_run_url(ss["train.run_id"])  # back from another page: the address bar names the run again

st.title(t("train.title"))
st.markdown(t("train.intro"))
data_section()
current = jobs.get(ss.get("train.run_id"))
busy = current is not None and current.active
if ss.get("train.data") is not None:
    st.divider()
    settings_section(ss["train.data"], busy)
if ss.get("train.run_id") or ss.get("train.vanished"):
    st.divider()
run_section()
if ss.get("train.data") is not None:
    st.divider()
    guarded(saved_model_section, ss["train.data"])
