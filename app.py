"""Gatescope: watch an LSTM think. Entry point: page config, navigation, sidebar (language, device)."""

from __future__ import annotations

import streamlit as st
import torch

from lstm_core.device import describe_device, resolve_device
from ui import i18n
from ui.i18n import t

st.set_page_config(page_title="Gatescope", page_icon=":material/visibility:", layout="wide")


def language_switch() -> None:
    """English / 简体中文, per user, mirrored in the URL (?lang=zh) so a shared link opens in the same language.

    The choice lives in st.session_state["lang"], a plain key: Streamlit drops a widget's state when the
    page switches, so the radio gets its own key and is set from "lang" before it is drawn.
    """
    ss = st.session_state
    url_lang = st.query_params.get("lang")
    if url_lang in i18n.LANGS and url_lang != ss.get("_url_lang"):
        ss["lang"] = url_lang  # a link (or a new visit) asks for this language
    ss.setdefault("lang", i18n.DEFAULT_LANG)
    ss["_lang_radio"] = ss["lang"]

    def chosen() -> None:
        ss["lang"] = ss["_lang_radio"]

    st.sidebar.radio(t("sidebar.language"), options=list(i18n.LANGS), format_func=i18n.LANGS.get,
                     key="_lang_radio", horizontal=True, on_change=chosen)
    st.query_params["lang"] = ss["lang"]
    ss["_url_lang"] = ss["lang"]


def device_label() -> str:
    """The compute device in words, in the user's language."""
    device = resolve_device("auto")
    if device.type == "cpu":
        return t("device.cpu", threads=torch.get_num_threads())
    return describe_device(device)


language_switch()

pages = {
    t("nav.see_inside"): [
        st.Page("app_pages/start.py", title=t("nav.start"), icon=":material/school:", url_path="start", default=True),
        st.Page("app_pages/step.py", title=t("nav.step"), icon=":material/timeline:", url_path="step"),
    ],
    t("nav.train"): [
        st.Page("app_pages/train.py", title=t("nav.train_page"), icon=":material/model_training:", url_path="train"),
    ],
}
page = st.navigation(pages)

with st.sidebar:
    st.caption(t("sidebar.about"))
    st.caption(t("sidebar.device", device=device_label()))

page.run()
