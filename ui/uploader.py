"""Streamlit draws its file uploader's button ("Upload") and size note ("50MB per file • CSV") in English
only. In Chinese, paint our own words over them with CSS: fixed, translated strings, never user text."""

from __future__ import annotations

import re

import streamlit as st

from ui.i18n import lang, t


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def translate_uploader(key: str, types: list[str], max_mb: int) -> None:
    """Call right after st.file_uploader(..., key=key) to show its button and note in the user's language."""
    if lang() == "en":
        return
    scope = ".st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)  # the class Streamlit gives a keyed element
    note = t("upload.limit", mb=max_mb, types=", ".join(x.upper() for x in types))
    st.html(
        "<style>"
        f"{scope} [data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p"
        " { font-size: 0; }"
        f"{scope} [data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p::after"
        f" {{ content: {_css_string(t('upload.button'))}; font-size: 1rem; }}"
        f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span {{ font-size: 0; }}"
        f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span::after"
        f" {{ content: {_css_string(note)}; font-size: 0.875rem; }}"
        "</style>"
    )
