"""The one way a widget is bound to a language-independent value.

Widgets show labels in the user's language but the session keeps option keys ("memory", "sigmoid_candidate").
Streamlit can hand back the displayed label instead of the key when the language (and so every label) changed
during a run, and it drops a widget's state when a page is left. canonical() maps a label back to its key;
bound() draws a widget under its own key, set from a plain session key before it is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st


def canonical(value, labels: Mapping[str, Mapping[str, str]]):
    """The option key for a widget's value: the key itself, or the key whose label (in any language) it is;
    None when it is neither. labels: option key -> {language: label}."""
    if value in labels:
        return value
    for key, texts in labels.items():
        if value in texts.values():
            return key
    return None


def bound(widget: Callable, plain: str, label: str, allowed, **kwargs) -> None:
    """Draw `widget` bound to the plain session key `plain`: the widget has its own key, set from the plain one
    before it is drawn, and a change is copied back only when it is one of `allowed` (a segmented control can be
    clicked off to None: the last choice is kept)."""
    ss = st.session_state
    wkey = f"{plain.rsplit('.', 1)[0]}._w_{plain.rsplit('.', 1)[-1]}"
    ss[wkey] = ss[plain]

    def changed() -> None:
        if ss.get(wkey) in allowed:
            ss[plain] = ss[wkey]

    widget(label, key=wkey, on_change=changed, **kwargs)
