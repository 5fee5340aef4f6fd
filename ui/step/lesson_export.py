"""The Step page's "Download this lesson (HTML, works offline)": the model and run on view as one file that runs
from disk with no server (ui/player/export.py). Built only when clicked (Streamlit calls `data` then, off the
script thread), from values captured now: nothing of the session is read while it is built."""

from __future__ import annotations

import streamlit as st

from ui.i18n import lang, t
from ui.player.export import MAX_BYTES, PLOTLY_JS, LessonRun, export
from ui.presenter import presenting

_OVERHEAD = 400_000  # the player's scripts, strings, figures' layouts and the page around them (bytes, generous)


def estimated_bytes(res) -> int:
    """The file's size, told in advance: plotly.js, and the run's six states once (base64, at most their own
    precision) with x (at most float64)."""
    tr = res.tr
    states = 6 * tr.num_layers * tr.steps * tr.hidden_size * max(tr.c.dtype.itemsize, 4)
    return PLOTLY_JS.stat().st_size + _OVERHEAD + (states + tr.x.size * 8) * 4 // 3


def download(model_key: str, model, res, example: str | None, text: str, step: int, unit: int, layer: int,
             what_if: tuple = (None, None)) -> None:
    """The download button, or why there is none (a run too long for one e-mailable file). None on the projector:
    presenter mode shows the lesson, not its export controls. what_if: the (clamp, edit) on view; the file opens
    with it, recomputed in the browser."""
    if presenting():
        return
    size = estimated_bytes(res)
    if size > MAX_BYTES:
        st.caption(t("export.lesson_too_big", size=f"{size / 1e6:.1f}", limit=f"{MAX_BYTES / 1e6:.1f}"))
        return
    key = model_key.replace(":", "-")
    lesson = LessonRun(key, model, res, example or "custom", text, t=step, unit=unit, layer=layer, clamp=what_if[0],
                       edit=what_if[1])
    language = lang()
    st.download_button(t("export.lesson_download"), data=lambda: export(lesson, language),
                       file_name=f"gatescope-lesson-{key}-{example or 'custom'}-{language}.html", mime="text/html",
                       help=t("export.lesson_help"), icon=":material/download:", key="step.lesson_download",
                       on_click="ignore")
