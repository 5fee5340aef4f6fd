"""The cell diagram as one inline SVG (ui.figures.diagram_parts drawn the way the Step player's draw.js draws it),
for the Start page: each gate's whole box, label and number included, is one link, reached with the mouse or the
keyboard (Tab, then Enter). A Plotly figure could only make the small label text a link.

Only fixed drawing and translated labels go in: labels are escaped, links are built by the page.
"""

from __future__ import annotations

import html
import math
import re

from ui.figures import DIAGRAM_HEIGHT, PRESENT_DIAGRAM_HEIGHT

_X_RANGE, _Y_RANGE, _MARGIN = (0.0, 10.0), (0.0, 5.9), 5


def _label(markup: str, x: float, y: float, size: float, color: str, anchor: str, min_sub: float) -> str:
    """Plotly's label markup (<br>, <sub>) as SVG text; any other tag (a link, a style) is dropped."""
    markup = re.sub(r"<(?!/?sub>|br\s*/?>)[^>]+>", "", markup)
    lines = re.split(r"<br\s*/?>", markup)
    spans = []
    for n, line in enumerate(lines):
        dy = f"{-(len(lines) - 1) * 0.65}em" if n == 0 else "1.3em"
        for k, part in enumerate(p for p in re.split(r"(<sub>.*?</sub>)", line) if p):
            sub = re.fullmatch(r"<sub>(.*)</sub>", part)
            attrs = f' x="{x:.1f}" dy="{dy}"' if k == 0 else ""
            if sub:
                attrs += f' style="font-size:max(70%, {min_sub}px)" baseline-shift="sub"'
            spans.append(f"<tspan{attrs}>{html.escape(sub.group(1) if sub else part)}</tspan>")
    text_anchor = {"left": "start", "right": "end"}.get(anchor, "middle")
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:.1f}" fill="{color}" dominant-baseline="central" '
            f'text-anchor="{text_anchor}">{"".join(spans)}</text>')


def cell_svg(shapes: list[dict], notes: list[dict], links: dict[str, str], names: dict[str, str], *,
             present: bool) -> str:
    """The diagram as an <svg> that scales with its column. links: gate -> URL; names: gate -> its name (what a
    screen reader says for the link)."""
    height = PRESENT_DIAGRAM_HEIGHT if present else DIAGRAM_HEIGHT
    scale = (height - 2 * _MARGIN) / (_Y_RANGE[1] - _Y_RANGE[0])
    width = 2 * _MARGIN + scale * (_X_RANGE[1] - _X_RANGE[0])
    min_font = 16 if present else 0

    def px(x: float) -> float:
        return _MARGIN + (x - _X_RANGE[0]) * scale

    def py(y: float) -> float:
        return _MARGIN + (_Y_RANGE[1] - y) * scale

    parts: dict[str, list[str]] = {}  # gate -> its box and label, drawn inside one link

    def add(svg: str, name: str | None) -> None:
        parts.setdefault(name.removeprefix("gate:") if name else "", []).append(svg)

    for s in shapes:
        line, fill = s["line"], s.get("fillcolor", "none")
        stroke = f'stroke="{line["color"]}" stroke-width="{line["width"]}" fill="{fill}"'
        if s["type"] == "rect":
            add(f'<rect x="{px(s["x0"]):.1f}" y="{py(s["y1"]):.1f}" width="{(s["x1"] - s["x0"]) * scale:.1f}" '
                f'height="{(s["y1"] - s["y0"]) * scale:.1f}" {stroke}/>', s.get("name"))
        elif s["type"] == "circle":
            add(f'<ellipse cx="{px((s["x0"] + s["x1"]) / 2):.1f}" cy="{py((s["y0"] + s["y1"]) / 2):.1f}" '
                f'rx="{(s["x1"] - s["x0"]) / 2 * scale:.1f}" ry="{(s["y1"] - s["y0"]) / 2 * scale:.1f}" '
                f'{stroke}/>', None)
        else:
            add(f'<line x1="{px(s["x0"]):.1f}" y1="{py(s["y0"]):.1f}" x2="{px(s["x1"]):.1f}" y2="{py(s["y1"]):.1f}" '
                f'{stroke}/>', None)
    arrows, labels = [], []
    for a in notes:
        if a.get("showarrow"):  # tail (ax, ay) to head (x, y), the head a triangle as draw.js makes it
            tx, ty, hx, hy = px(a["ax"]), py(a["ay"]), px(a["x"]), py(a["y"])
            length = math.hypot(hx - tx, hy - ty) or 1.0
            ux, uy = (hx - tx) / length, (hy - ty) / length
            w = a["arrowwidth"]
            head = min(length * 0.6, 3 * w * a["arrowsize"] + 4)
            half = head * 0.6
            bx, by = hx - ux * head, hy - uy * head
            color = a["arrowcolor"]
            arrows.append(f'<line x1="{tx:.1f}" y1="{ty:.1f}" x2="{bx:.1f}" y2="{by:.1f}" stroke="{color}" '
                          f'stroke-width="{w:.2f}"/><path d="M{hx:.1f},{hy:.1f} L{bx - uy * half:.1f},'
                          f'{by + ux * half:.1f} L{bx + uy * half:.1f},{by - ux * half:.1f} Z" fill="{color}"/>')
        else:
            svg = _label(a["text"], px(a["x"]), py(a["y"]), max(a["font"]["size"], min_font), a["font"]["color"],
                         a.get("xanchor", "center"), min_font)
            (labels.append(svg) if not a.get("name") else add(svg, a["name"]))
    body = "".join(parts.get("", [])) + "".join(arrows) + "".join(labels)
    for gate, svg in parts.items():
        if gate:
            body += (f'<a href="{html.escape(links[gate])}" target="_self" aria-label="{html.escape(names[gate])}" '
                     f'class="gs-gate">{"".join(svg)}</a>')
    return (f'<svg class="gs-cell" viewBox="0 0 {width:.0f} {height}" width="100%" style="max-width:{width:.0f}px" '
            f'role="group" font-family="inherit">{body}</svg>')
