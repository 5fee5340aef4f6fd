"""A page's view mirrored in the URL, so that a copied link opens the exact view.

The browser reports the address back a few reruns late (while playing, or after quick clicks), so an address
this session wrote itself must not be taken for a shared link: that would reset the view to an older step.
Each page therefore remembers what it wrote (the last 64 views, in st.session_state, per user) and treats
only an address it did not write as a link to open.
"""

from __future__ import annotations

from collections import deque

import streamlit as st

_REMEMBERED = 64  # views written per page and session: more than the reruns a late echo can lag behind


def fingerprint(params: dict, keys: tuple[str, ...]) -> tuple:
    """The view's keys and values (None left out), in a form that can be compared and stored."""
    return tuple(sorted((k, str(v)) for k, v in params.items() if k in keys and v is not None))


def written_by_us(page: str, params: dict, keys: tuple[str, ...]) -> bool:
    """Is `params` an address this session wrote for `page` (an echo), not a link from someone else?"""
    return fingerprint(params, keys) in st.session_state.get(f"{page}._urls", ())


def remember(page: str, params: dict, keys: tuple[str, ...]) -> None:
    """Note that this session wrote `params` into the address for `page`."""
    st.session_state.setdefault(f"{page}._urls", deque(maxlen=_REMEMBERED)).append(fingerprint(params, keys))


def write_view(page: str, view: dict[str, str | None]) -> None:
    """Write the view's keys into the address (None removes a key); the other keys (lang, present) stay."""
    for k, v in view.items():
        if v is None:
            if k in st.query_params:
                del st.query_params[k]
        elif st.query_params.get(k) != v:
            st.query_params[k] = v
    remember(page, view, tuple(view))
