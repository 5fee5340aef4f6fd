"""User text shown as text: the one place that makes it inert for Markdown and for Plotly.

Anything a user typed or sent (a link parameter, a typed sequence, a file, column, footer or title line of their
CSV, a model file's strings) may hold `![i](http://host/pixel)`, `[Log in again](http://host/x)`, `<a href=…>`
or `=HYPERLINK(…)`. Streamlit renders Markdown (links, images, emphasis, :directives:, $LaTeX$) in st.markdown,
st.caption and every alert; Plotly renders a small HTML subset (<a>, <b>, <br>, <i>, <sub>, <sup>, <span>) in
titles, legends, axis labels, annotations and hover text. So user text goes through `md` before Markdown and
through `chart_text` before a chart; `say` is `t()` with its text values passed through `md`.
"""

from __future__ import annotations

import html
import re

from ui.i18n import t

# Every ASCII punctuation mark Markdown, GFM autolinks (http://, www., a@b.c), KaTeX ($), Streamlit's directives
# (:red[…], :material/x:) and HTML give a meaning; CommonMark lets a backslash escape each of them.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&@])")
MAX_SHOWN = 200  # characters of one user value shown inside a sentence


def short(text: object, limit: int = MAX_SHOWN) -> str:
    """str(text) cut to `limit` characters (a link parameter or a column name can be a megabyte long)."""
    s = str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


# Streamlit turns http://…, www.… and a@b.c into links even when every character is escaped (GFM's autolink
# literals are found after escapes are read): a zero-width space after the ':' of '://', after '@', or between
# "www" and its dot breaks them and shows nothing.
_AUTOLINK = re.compile(r"(\\:(?=//)|\\@|www(?=\\\.))", re.IGNORECASE)
ZWSP = "\u200b"


def md(text: object, limit: int | None = None) -> str:
    """User text made inert for st.markdown, st.caption and alerts: every Markdown, LaTeX, directive and HTML
    character is backslash-escaped and autolinks are broken, so it shows as typed (cut to `limit` characters)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", short(text, limit) if limit else str(text))
    return _AUTOLINK.sub(lambda m: m.group(1) + ZWSP, escaped)


def say(key: str, **params: object) -> str:
    """t(key) with its text values (which may hold a user's words) escaped for Markdown."""
    return t(key, **{k: md(v) if isinstance(v, str) else v for k, v in params.items()})


def chart_text(text: object, limit: int = 60) -> str:
    """User text made inert and short for Plotly text (titles, legends, axes, hover), which renders a little
    HTML: <, > and & become entities, which Plotly draws as the characters themselves."""
    return html.escape(short(text, limit), quote=False)
