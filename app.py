"""Gatescope: watch an LSTM think. Entry point: page config, navigation, sidebar (language, device)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import torch

from lstm_core.device import describe_device, resolve_device
from ui import i18n, owner, presenter
from ui.components import copy_link_button, history_entries, page_language
from ui.i18n import t

# The tab's icon is a file of the project: a Material icon as page_icon makes every page fetch it from
# fonts.gstatic.com (and an emoji one from a CDN), which a classroom without internet cannot reach.
FAVICON = Path(__file__).parent / "assets" / "images" / "favicon.png"

presenter.read_flag()
st.set_page_config(page_title="Gatescope", page_icon=str(FAVICON), layout="wide",
                   initial_sidebar_state="collapsed" if presenter.presenting() else "auto")


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


def lesson_tools() -> None:
    """Presenter mode (large type, stepping controls only) and a button that copies the lesson link.

    Like the language, the flag has its own widget key and a plain key ("present") that outlives page switches.
    """
    ss = st.session_state
    ss["_present_toggle"] = presenter.presenting()

    def toggled() -> None:
        presenter.turned_on(ss["_present_toggle"])

    st.sidebar.toggle(t("lesson.present"), key="_present_toggle", on_change=toggled, help=t("lesson.present_help"))
    presenter.write_flag()
    with st.sidebar:
        presenter.fold()
    with st.sidebar:
        copy_link_button(t("lesson.copy"), t("lesson.copied"), t("lesson.copy_failed"), t("lesson.link_help"),
                         key="_copy_link")


def device_label() -> str:
    """The compute device in words, in the user's language."""
    device = resolve_device("auto")
    if device.type == "cpu":
        return t("device.cpu", threads=torch.get_num_threads())
    return describe_device(device)


with st.sidebar:  # first, before any address is written: Back goes to the previous page or lesson (a preset, an
    # example, a bug, a training run), not the previous step or guess
    history_entries({"step": ("preset", "ex"), "learn": ("model",), "spot": ("bug",),
                     "compare": ("cmp_model", "cmp_exp"), "train": ("run",)}, key="_history")
language_switch()
lesson_tools()
presenter.apply_style()

pages = {
    t("nav.see_inside"): [
        st.Page("app_pages/start.py", title=t("nav.start"), icon=":material/school:", url_path="start", default=True),
        st.Page("app_pages/step.py", title=t("nav.step"), icon=":material/timeline:", url_path="step"),
        st.Page("app_pages/learn.py", title=t("nav.learn"), icon=":material/movie:", url_path="learn"),
    ],
    t("nav.teach"): [
        st.Page("app_pages/spot.py", title=t("nav.spot"), icon=":material/bug_report:", url_path="spot"),
        st.Page("app_pages/compare.py", title=t("nav.compare"), icon=":material/compare_arrows:",
                url_path="compare"),
    ],
    t("nav.train"): [
        st.Page("app_pages/train.py", title=t("nav.train_page"), icon=":material/model_training:", url_path="train"),
    ],
}
page = st.navigation(pages)
# The tab's title names the page (a screen reader announces it; a teacher with five tabs finds the right one).
# A training worker of the embedded cluster re-runs this file as it starts (multiprocessing's spawn), without a
# Streamlit runtime, where a page has no title: nothing to name there.
page_title = getattr(page, "title", None) if st.runtime.exists() else None
if page_title:
    st.set_page_config(page_title=f"{page_title} · Gatescope")

with st.sidebar:
    st.caption(t("sidebar.about"))
    st.caption(t("sidebar.device", device=device_label()))
    page_language(i18n.BCP47[i18n.lang()], key="_page_lang")
    owner.remember()  # one owner of training runs for every tab of this browser (ui/owner.py)

page.run()
