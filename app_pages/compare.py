"""Why-gates page: a vanilla RNN, an LSTM and a GRU of the same size on the long-delay memory task.

Nothing trains here: the experiment (lstm_core.lessons.why_gates) was run by `python -m scripts.build_why_gates` into
assets/why_gates/ (results.json + models.safetensors). The page shows the gradient that reaches back k steps,
accuracy against the delay, and live heatmaps of the trained models' gates (gru_trace / trace, a few ms) on an
example with the delay the user picks. The view lives in the URL: ?cmp_model=gru&cmp_k=40&cmp_exp=mix.
"""

from __future__ import annotations

import streamlit as st
import torch

from lstm_core.lessons import why_gates
from ui.compare_view import (
    DEFAULTS,
    URL,
    accuracy_section,
    apply_link,
    gradient_section,
    heatmap_section,
    results,
    shown_value,
    write_url,
)
from ui.i18n import t
from ui.safe_text import md

ss = st.session_state

# ----------------------------------------------------------------------------- page

st.title(t("cmp.title"))
try:
    res = results()
except (why_gates.WhyGatesError, OSError, RuntimeError):
    st.error(t("cmp.missing"), icon=":material/error:")
    st.stop()

for name, value in DEFAULTS.items():
    ss.setdefault(f"cmp.{name}", value)
apply_link(res)
for name, value in ss.pop("cmp._bad", []):
    st.info(t("cmp.bad_link", what=URL[name], value=md(value), shown=shown_value(name, ss[f"cmp.{name}"], res)),
            icon=":material/info:")

st.markdown(t("cmp.intro"))
st.info(t("cmp.task", hidden=res.config.hidden, steps=res.config.steps), icon=":material/psychology:")
with torch.no_grad():
    gradient_section(res)
    accuracy_section(res)
    heatmap_section(res)
write_url()
