"""Whose training run is it: an owner token per browser, kept in a cookie, so every tab and every reload of one
browser is the same owner (one cap on runs for all its tabs), and a run's link opened elsewhere is someone else's.

Streamlit reads cookies (st.context.cookies, from the page's first request) but cannot set them, so a tiny
browser component writes the cookie once, when the browser has none. A tab opened before the cookie existed
keeps the token it made until it is reloaded. The token is random (192 bits) and never shown: knowing a run's
link does not make anyone its owner.
"""

from __future__ import annotations

import re
import secrets

import streamlit as st
import streamlit.components.v2 as components

COOKIE = "gatescope_owner"
MAX_AGE_S = 30 * 86400  # a month: longer than any run is kept (GATESCOPE_RUN_TTL_S is at most a week)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_KEY = "train._owner"

_COOKIE_JS = """
export default function (component) {
  const { data, parentElement } = component;
  const held = document.cookie.split(";").some((c) => c.trim().startsWith(data.name + "="));
  if (!held && /^[A-Za-z0-9_-]{32,64}$/.test(data.token)) {
    document.cookie = `${data.name}=${data.token}; path=/; max-age=${data.maxAge}; SameSite=Strict`;
  }
  const node = parentElement.host || (parentElement.getRootNode && parentElement.getRootNode().host) || parentElement;
  const box = node.closest ? node.closest('[data-testid="stElementContainer"]') : null;
  if (box) box.style.display = "none";
}
"""
_cookie = components.component("gatescope.owner_cookie", js=_COOKIE_JS)


def owner() -> str:
    """This browser's owner token: the cookie's when the browser sent one, else a new one (written by remember)."""
    ss = st.session_state
    token = ss.get(_KEY)
    if token:
        return token
    try:
        sent = st.context.cookies.get(COOKIE)
    except (AttributeError, RuntimeError):  # no browser (a bare script run)
        sent = None
    token = sent if isinstance(sent, str) and _TOKEN.match(sent) else secrets.token_urlsafe(24)
    ss[_KEY] = token
    return token


def remember(key: str = "_owner_cookie") -> None:
    """Have the browser keep this session's token in the cookie (when it holds none yet). Call once per run."""
    _cookie(data={"name": COOKIE, "token": owner(), "maxAge": MAX_AGE_S}, key=key)
