"""Train page: load a series (bundled or uploaded), fit an LSTM forecaster in the background, judge it against
the baselines, download it, and open it in the stepper.

Thin by design: the parts live in ui/train/ (data, form, run, results, text); lstm_core does the work and
ui.jobs runs it in the background. Training never runs in this script thread: ui.jobs runs it and this page polls
the job from a fragment. The run id lives in st.session_state and in the URL (?run=<id>), so leaving the page,
coming back, or refreshing the browser finds the run again.

Column names and file names come from users: they reach the page only as plain text (st.dataframe, widget
options) or escaped for Markdown (plain()), and escaped for Plotly (ui.train_figures.label).
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import t
from ui.train.data import data_section
from ui.train.form import settings_section
from ui.train.results import saved_model_section
from ui.train.run import attach_from_url, is_busy, run_section, start_run, write_run_url
from ui.train.text import guarded

ss = st.session_state

# ----------------------------------------------------------------------------- page

attach_from_url()
if ss.get("train.run_id") and st.query_params.get("run") != ss["train.run_id"]:
    write_run_url(ss["train.run_id"])  # back from another page: the address bar names the run again

st.title(t("train.title"))
st.markdown(t("train.intro"))
data_section()
busy = is_busy(ss.get("train.run_id"))
if ss.get("train.data") is not None:
    st.divider()
    config = settings_section(ss["train.data"], busy)
    if config is not None:
        start_run(ss["train.data"], config)
if ss.get("train.run_id") or ss.get("train.vanished"):
    st.divider()
run_section()
if ss.get("train.data") is not None:
    st.divider()
    guarded(saved_model_section, ss["train.data"])
