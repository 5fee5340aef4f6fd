"""The Train page's data part: bundled and uploaded series, the load report, and what the loader changed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from lstm_core.data.csv.load import MAX_BYTES, DataError, load_csv_with_report
from ui import jobs
from ui.i18n import lang, t
from ui.presenter import chart
from ui.train.form import config_from_form, default_horizon, form_defaults
from ui.train.text import data_text, freq_words, guarded, optional, say
from ui.train_figures import data_preview, localize_dates
from ui.uploader import translate_uploader

ss = st.session_state
ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "assets" / "data"


MAX_UPLOAD_MB = MAX_BYTES // 2**20


DATA_TYPES = ["csv", "txt", "tsv", "gz"]


def bundled() -> list[Path]:
    return sorted(p for p in DATA_DIR.glob("*.csv*") if p.is_file())


def warm_jobs() -> list[tuple]:
    """Each bundled sample as its run at the page's defaults would be: (DataFrame, target, TrainConfig)."""
    jobs_ = []
    for path in bundled():
        df, report = load_csv_with_report(path)
        df.attrs["load_report"] = report.to_dict()  # as load() keeps it: the run reads the frequency from it
        jobs_.append((df, default_target([str(c) for c in df.columns]), config_from_form(form_defaults(len(df)))))
    return jobs_


def dataset_label(path: Path) -> str:
    stem = path.name.split(".")[0]
    return optional(f"train.dataset.{stem}", stem)


def set_data(name: str, df: pd.DataFrame, report) -> None:
    """New data: reset the settings that depend on its columns and length."""
    n = len(df)
    ss["train.data"] = {"name": name, "df": df, "report": report}
    ss["train.target"] = default_target([str(c) for c in df.columns])
    ss["train.features"] = []
    ss["train.horizon"] = default_horizon(n)
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
    # As load_csv does: training reads the frequency the loader found (which tolerates a holiday or a gap) from
    # here; without it, trading days with holidays had no frequency and were forecast on Saturdays.
    df.attrs["load_report"] = report.to_dict()
    set_data(name, df, report)
    forget_finished_run()


def readable_dates(df: pd.DataFrame) -> pd.DataFrame:
    """Daily or coarser dates print as dates ("2024-01-05", not "2024-01-05 00:00:00")."""
    index = df.index
    if isinstance(index, pd.DatetimeIndex) and len(index) and (index == index.normalize()).all():
        df = df.set_axis(pd.Index(index.strftime("%Y-%m-%d"), name=index.name))
    return df


def forget_finished_run() -> None:
    """New data: the previous run's training panel and results go with the data they were for (below the new
    settings they read as this data's). A run still training stays, with its panel."""
    run_id = ss.get("train.run_id")
    try:
        view = jobs.get(run_id) if run_id else None
    except jobs.ClusterError:
        view = None
    if view is not None and view.active:
        return
    ss.pop("train.run_id", None)
    ss.pop("train.vanished", None)
    ss["train._url_run"] = None
    if "run" in st.query_params:
        del st.query_params["run"]


# A price table (Open, High, Low, Close, Volume) is forecast on its close, as an analyst would; else the first column.
_CLOSE_NAMES = ("close", "adj close", "adj_close", "adjclose", "close price", "closing price", "收盘", "收盘价")


def default_target(columns: list[str]) -> str:
    """The column a new dataset is forecast on: its close when it has one, else its first column."""
    by_name = {c.strip().lower(): c for c in columns}
    return next((by_name[n] for n in _CLOSE_NAMES if n in by_name), columns[0])


def dropped_text(d: dict, text=t) -> str:
    """One group of dropped rows ({"reason", "count", "lines"}): how many, why, and the first lines. `text` is t
    for a table cell (plain text), say for Markdown (the quoted line is the user's own text)."""
    reason = optional(f"data.rows_dropped.{d['reason']}", d["reason"])
    lines = ", ".join(str(n) for n in d.get("lines", []))
    key = "train.report.dropped_one" if d["count"] == 1 else "train.report.dropped"
    quoted = text("train.report.quoted", example=d["example"]) if d.get("example") else ""
    return text(key, count=d["count"], reason=reason, lines=lines) + quoted


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
        *([("preamble_lines", f"{report.preamble_lines}" + t("train.report.quoted", example=report.preamble_example))]
          if report.preamble_example else []),
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
    jobs.warm_bundled(warm_jobs)  # once per cluster: the bundled samples' baselines, so a class finds them cached
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
            why = data_text(err["key"], err["params"], err["text"])
            st.error(say("train.load_failed", name=err["name"]) + "\n\n" + why, icon=":material/error:")
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
        guarded(lambda: chart(localize_dates(data_preview(df, time_title=time_title, more_note=more),
                                                             df.index, lang()),
                                        key="train.preview", config={"displaylogo": False}))
        read_notes(data["report"])
    with st.expander(t("train.report_title"), expanded=False, icon=":material/fact_check:"):
        # A table that wraps its cells (a grid cut "1: “Australian tota" on a phone).
        st.table(report_table(data["report"]).style.hide(axis="index"))
        st.dataframe(readable_dates(df.head(100)), width="stretch", height=240)


def read_notes(report) -> None:
    """What the loader guessed, changed or dropped, in view: a wrong guess (dates read month-first, rows taken
    for notes) silently changes the numbers, so it must not hide in the collapsed report."""
    notes = [data_text(w["key"], w.get("params", {}), w["key"]) for w in report.warnings]
    for d in report.rows_dropped:
        notes.append(dropped_text(d, say))
    if notes:
        st.warning("\n".join([t("train.read_notes")] + [f"- {note}" for note in notes]), icon=":material/rule:")
