"""What a page shows of a hostile value: every string of every element, checked as its renderer reads it."""

from __future__ import annotations

import json
import re

from google.protobuf.json_format import MessageToDict

HOST = "evil.example"
PAYLOADS = (
    f"![i](http://{HOST}/PIXEL)",
    f"[Log in again](http://{HOST}/x)",
    f"<a href=http://{HOST}/a target=_top>a</a>",
    f'=HYPERLINK("http://{HOST}/f","click")',
)
# Proto fields Streamlit renders as Markdown (alerts, text, titles, widget labels and help, tab and expander labels)
MARKDOWN_FIELDS = {"body", "label", "help", "placeholder", "caption", "tabs", "text"}
_ESCAPED = re.compile(r"\\.")
_LIVE_MARKDOWN = ("](", "![", "<a", "<img", "://", "www.", "](http")
_LIVE_HTML = re.compile(r"<\s*(a|img|b|i|br|span|sub|sup|em|s|u)\b", re.I)


_AUTOLINKS = re.compile(r"https?://|www\.|\w@\w", re.IGNORECASE)


def markdown_leaks(text: str) -> list[str]:
    """The live link, image or HTML markers of a Markdown source that mentions HOST: Markdown syntax counts when
    not escaped; autolinks (http://, www., a@b) count even when escaped, as Streamlit finds them after escapes."""
    if HOST.split(".")[0] not in text:
        return []
    bare = _ESCAPED.sub("", text)
    found = [m for m in _LIVE_MARKDOWN if m in bare and m not in ("://", "www.")]
    read = _ESCAPED.sub(lambda m: m.group(0)[1], text)  # the text as the reader sees it, escapes read
    return found + _AUTOLINKS.findall(read)


def plotly_leaks(spec: str) -> list[str]:
    """Strings of a Plotly figure that mention HOST and hold a tag Plotly renders (<a>, <b>, <br>, ...)."""
    return [v[:120] for v in strings_in(json.loads(spec)) if HOST.split(".")[0] in v and _LIVE_HTML.search(v)]


def strings_in(v):
    """Every string inside a parsed JSON value, depth first."""
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from strings_in(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings_in(x)


def component_leaks(json_args: str) -> list[str]:
    """A browser component's arguments (the player's payload holds a Plotly figure): every JSON string inside,
    parsed, and read as Plotly reads text."""
    found: list[str] = []
    for v in strings_in(json_args):
        if v[:1] in "{[":
            try:
                inner = json.loads(v)
            except ValueError:
                pass
            else:
                found.extend(component_leaks(inner))
                continue
        found.extend(plotly_leaks(json.dumps(v)))
    return found


def leaks(at) -> list[str]:
    """Every place the page would render HOST as a link, an image or HTML."""
    found: list[str] = []

    def walk(d: dict, path: str):
        for key, v in d.items():
            if key == "spec" and isinstance(v, str) and v.startswith("{"):
                found.extend(f"{path}.spec: {x}" for x in plotly_leaks(v))
            elif key == "jsonArgs" and isinstance(v, str):
                found.extend(f"{path}.jsonArgs: {x}" for x in component_leaks(v))
            elif isinstance(v, dict):
                walk(v, f"{path}.{key}")
            elif isinstance(v, list):
                for x in v:
                    if isinstance(x, dict):
                        walk(x, f"{path}.{key}")
                    elif isinstance(x, str) and key in MARKDOWN_FIELDS:
                        found.extend(f"{path}.{key}: {m} in {x[:120]!r}" for m in markdown_leaks(x))
            elif isinstance(v, str) and key in MARKDOWN_FIELDS:
                found.extend(f"{path}.{key}: {m} in {v[:120]!r}" for m in markdown_leaks(v))

    def nodes(node):
        yield node
        for child in getattr(node, "children", {}).values():
            yield from nodes(child)

    for node in nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None:
            walk(MessageToDict(proto), type(node).__name__)
    return found
