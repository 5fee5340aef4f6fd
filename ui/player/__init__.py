"""The Step page's player: a Streamlit component (components v1, plain JavaScript, no build step) that steps
through a traced run in the browser. The server sends one payload per run, layer and unit (ui.step.frames);
First / Back / Forward / Last, Play / Pause, the speed, the time slider and the arrow, Home and End keys then move
the cursor, the equations, the cell diagram and the reading without asking the server. When stepping stops, the
player reports the step once (its value), so the page can write the link and aim a what-if.

plotly.js is the file that the `plotly` Python package ships: it is served from that package's directory by
Streamlit's component file server, never from a CDN (a classroom may have no internet).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import plotly
import streamlit as st
import streamlit.components.v1 as components

FRONTEND = Path(__file__).parent / "frontend"
PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"  # holds plotly.min.js
PLAYER = f"{__name__}.player"  # the names Streamlit gives the two (module + name)
PLOTLY_JS = f"{__name__}.plotlyjs"


def _declare():
    # Declared at every call: Streamlit registers a component only while a script runs, and a module imported
    # earlier (by a test, or another page) would otherwise not be registered with this server.
    components.declare_component("plotlyjs", path=str(PLOTLY_DIR))
    return components.declare_component("player", path=str(FRONTEND))


@st.cache_resource(max_entries=320, show_spinner=False)
def shared_payload(key: tuple, _build: Callable[[], tuple[str, str]]) -> tuple[str, str]:
    """(payload, fingerprint) that is the same for every student (a shipped preset's own example, its replay),
    built once per process by `_build` and kept (bounded). Never for anything of a user's own."""
    return _build()


def fresh_report(key: str) -> dict | None:
    """The player's report ({"t", "speed", ...}) once, and only when it was made on the payload and cursor this
    page last sent (a report made before the model changed, or before a link moved the cursor, is ignored)."""
    ss = st.session_state
    value = ss.get(key)
    if not isinstance(value, dict) or value.get("seq") == ss.get(f"{key}._seq"):
        return None
    ss[f"{key}._seq"] = value.get("seq")
    if (value.get("version"), value.get("seek")) != ss.get(f"{key}._sent"):
        return None
    return value


def player(payload: str, version: str, *, t: int, seek: int, speed: float, key: str, title: str) -> dict | None:
    """Draw the player; returns the last value it reported ({"t": step, "speed": steps per second, "seq": n}),
    or None before it reported anything.

    payload: the JSON string of ui.step.frames.payload; version: its fingerprint. The player keeps its own
    cursor across payloads; it goes to `t` on its first payload and whenever `seek` changes (the server moved
    the cursor: a link, another model).
    """
    st.session_state[f"{key}._sent"] = (version, seek)
    return _declare()(payload=payload, version=version, t=int(t), seek=int(seek), speed=speed,
                      plotly_src=f"../{PLOTLY_JS}/plotly.min.js", title=title, key=key, default=None)
