"""Every UI string goes through t(key, **params), in English or 简体中文.

The language lives in st.session_state["lang"] (per user), mirrored in the URL (?lang=zh).
"""

from __future__ import annotations

import importlib
import pkgutil
import string

import streamlit as st

import ui.strings

LANGS = {"en": "English", "zh": "简体中文"}
BCP47 = {"en": "en", "zh": "zh-Hans"}  # <html lang>: simplified Chinese script
DEFAULT_LANG = "en"


def _load_strings() -> dict[str, dict[str, str]]:
    """Merge STRINGS from every module in ui/strings/, refusing duplicate keys."""
    merged: dict[str, dict[str, str]] = {}
    for info in pkgutil.iter_modules(ui.strings.__path__):
        module = importlib.import_module(f"ui.strings.{info.name}")
        for key, texts in module.STRINGS.items():
            if key in merged:
                raise KeyError(f"duplicate UI string key {key!r} in ui/strings/{info.name}.py")
            merged[key] = texts
    return merged


STRINGS = _load_strings()


def lang() -> str:
    """The current user's language code ("en" or "zh")."""
    code = st.session_state.get("lang", DEFAULT_LANG)
    return code if code in LANGS else DEFAULT_LANG


class _Formatter(string.Formatter):
    """str.format plus English plurals: "{n} month{n:pl}" gives "1 month" and "3 months" ("1,200" counts too)."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec == "pl":
            return "" if str(value).replace(",", "") == "1" else "s"
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def t(key: str, lang_code: str | None = None, **params: object) -> str:
    """The string `key` in the current language, formatted with params."""
    texts = STRINGS[key]
    text = texts[lang_code or lang()]
    return _FORMATTER.format(text, **params) if params else text


def pick(texts: dict[str, str]) -> str:
    """Pick the current language from a {"en": ..., "zh": ...} dict (e.g. preset metadata)."""
    return texts.get(lang()) or texts.get(DEFAULT_LANG, "")
