// What moves at every step, drawn without Plotly's relayout (which re-derives the whole figure: 40-70 ms a call
// in software rendering, too slow for playback): the heatmap cursor as an SVG overlay placed with the figure's own
// axes, and the cell diagram as plain SVG from the shapes and annotations that ui/figures.py diagram_parts builds.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";

function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

// A frame's values ({paths, values}, ui/step/frames.py moving_parts) written into a copy of the base objects.
function applyFrame(base, parts, t) {
  const out = structuredClone(base);
  parts.paths.forEach((path, k) => {
    const m = /^(\w+)\[(\d+)\]\.(.+)$/.exec(path);
    if (!m) return;
    let node = out[m[1]][Number(m[2])];
    const keys = m[3].split(".");
    keys.slice(0, -1).forEach((key) => { node = node[key] = node[key] || {}; });
    node[keys[keys.length - 1]] = parts.values[t][k];
  });
  return out;
}

// ------------------------------------------------------------------------------------------------ the cursor
// Shapes in data coordinates (xref "x3", yref "y3" or "paper"), mapped to pixels with the plotted axes.
class CursorOverlay {
  constructor(plotDiv, baseShapes, parts) {
    this.div = plotDiv;
    this.parts = parts;
    this.base = { shapes: baseShapes };
    this.svg = svgEl("svg", { class: "cursor-layer", "aria-hidden": "true" });
    this.items = baseShapes.map((s) => {
      const node = svgEl(s.type === "line" ? "line" : "rect", { fill: "none", stroke: s.line.color, "stroke-width": s.line.width });
      this.svg.append(node);
      return node;
    });
    plotDiv.append(this.svg);
    this.t = 0;
  }

  axis(ref) {
    const fl = this.div._fullLayout;
    return fl[`${ref[0]}axis${ref.slice(1)}`];
  }

  draw(t) {
    this.t = t;
    const fl = this.div._fullLayout;
    if (!fl) return;
    this.svg.setAttribute("width", fl.width);
    this.svg.setAttribute("height", fl.height);
    const shapes = this.parts.paths.length ? applyFrame(this.base, this.parts, t).shapes : this.base.shapes;
    shapes.forEach((s, k) => {
      const xa = this.axis(s.xref);
      const px = (v) => xa._offset + xa.l2p(v);
      const py = s.yref === "paper" ? (v) => fl._size.t + (1 - v) * fl._size.h
        : ((ya) => (v) => ya._offset + ya.l2p(v))(this.axis(s.yref));
      const node = this.items[k];
      if (s.type === "line") {
        node.setAttribute("x1", px(s.x0)); node.setAttribute("x2", px(s.x1));
        node.setAttribute("y1", py(s.y0)); node.setAttribute("y2", py(s.y1));
      } else {
        const [x0, x1] = [px(s.x0), px(s.x1)].sort((a, b) => a - b);
        const [y0, y1] = [py(s.y0), py(s.y1)].sort((a, b) => a - b);
        node.setAttribute("x", x0); node.setAttribute("y", y0);
        node.setAttribute("width", x1 - x0); node.setAttribute("height", y1 - y0);
      }
    });
  }
}

// ------------------------------------------------------------------------------------------------ the cell diagram
// Plotly's label markup as SVG text: lines split at <br>, <sub>…</sub> lowered and smaller.
function setLabel(textNode, markup, minSub) {
  textNode.replaceChildren();
  const lines = markup.split(/<br\s*\/?>/i);
  lines.forEach((line, n) => {
    const parts = line.split(/(<sub>.*?<\/sub>)/i).filter((p) => p !== "");
    parts.forEach((part, k) => {
      const sub = /^<sub>(.*)<\/sub>$/i.exec(part);
      const span = svgEl("tspan", {});
      if (k === 0) { span.setAttribute("x", textNode.getAttribute("x")); span.setAttribute("dy", n === 0 ? `${-(lines.length - 1) * 0.65}em` : "1.3em"); }
      if (sub) { span.style.fontSize = minSub ? `max(70%, ${minSub}px)` : "70%"; span.setAttribute("baseline-shift", "sub"); }
      span.textContent = (sub ? sub[1] : part).replace(/<[^>]+>/g, "");
      textNode.append(span);
    });
  });
}

class CellDiagram {
  constructor(container, layout, parts) {
    this.box = container;
    this.layout = layout;
    this.parts = parts;
    this.svg = svgEl("svg", { class: "cell-svg", role: "presentation" });
    container.replaceChildren(this.svg);
    this.t = 0;
    new ResizeObserver(() => this.build()).observe(container);
    this.build();
  }

  build() {
    const width = this.box.clientWidth || 400;
    const L = this.layout;
    const m = L.margin;
    const [x0, x1] = L.xaxis.range;
    const [y0, y1] = L.yaxis.range;
    // The drawing keeps its aspect (Plotly's scaleanchor): the scale that fits both ways, centred.
    const full = (L.height - m.t - m.b) / (y1 - y0); // the scale the drawing was designed at (its full height)
    const scale = Math.min((width - m.l - m.r) / (x1 - x0), full);
    this.textScale = scale / full; // a narrower column draws smaller: the labels shrink with it, never overlap
    const offX = m.l + ((width - m.l - m.r) - scale * (x1 - x0)) / 2;
    const offY = m.t + ((L.height - m.t - m.b) - scale * (y1 - y0)) / 2;
    this.px = (x) => offX + (x - x0) * scale;
    this.py = (y) => offY + (y1 - y) * scale;
    this.svg.setAttribute("width", width);
    this.svg.setAttribute("height", L.height);
    this.svg.replaceChildren();
    for (const s of L.shapes) {
      const common = { stroke: s.line.color, "stroke-width": s.line.width, fill: s.fillcolor || "none" };
      if (s.type === "rect") {
        this.svg.append(svgEl("rect", { ...common, x: this.px(s.x0), y: this.py(s.y1), width: (s.x1 - s.x0) * scale, height: (s.y1 - s.y0) * scale }));
      } else if (s.type === "circle") {
        this.svg.append(svgEl("ellipse", { ...common, cx: this.px((s.x0 + s.x1) / 2), cy: this.py((s.y0 + s.y1) / 2), rx: ((s.x1 - s.x0) / 2) * scale, ry: ((s.y1 - s.y0) / 2) * scale }));
      } else {
        this.svg.append(svgEl("line", { ...common, x1: this.px(s.x0), y1: this.py(s.y0), x2: this.px(s.x1), y2: this.py(s.y1) }));
      }
    }
    // Arrows first, labels over them (as Plotly draws annotations in order, arrows are drawn under the boxes).
    this.notes = L.annotations.map((a) => {
      if (a.showarrow) {
        const g = svgEl("g", {});
        const line = svgEl("line", { "stroke-linecap": "butt" });
        const head = svgEl("path", {});
        g.append(line, head);
        this.svg.append(g);
        return { kind: "arrow", line, head };
      }
      const text = svgEl("text", { x: this.px(a.x), y: this.py(a.y), "dominant-baseline": "central",
        "text-anchor": { left: "start", right: "end" }[a.xanchor] || "middle" });
      this.svg.append(text);
      return { kind: "label", text };
    });
    // Labels drawn last, so they sit on top of the boxes they name.
    this.notes.filter((n) => n.kind === "label").forEach((n) => this.svg.append(n.text));
    this.draw(this.t);
  }

  draw(t) {
    this.t = t;
    const notes = this.parts.paths.length ? applyFrame({ annotations: this.layout.annotations }, this.parts, t).annotations
      : this.layout.annotations;
    notes.forEach((a, k) => {
      const n = this.notes[k];
      if (n.kind === "label") {
        const minFont = (this.layout.meta && this.layout.meta.min_font) || 0; // presenter mode: 16 px at least
        n.text.setAttribute("font-size", Math.max(a.font.size * this.textScale, minFont).toFixed(1));
        n.text.setAttribute("fill", a.font.color);
        setLabel(n.text, a.text, minFont);
        return;
      }
      // Tail (ax, ay) to head (x, y); the head is a triangle as long as Plotly's arrowhead 2 at this width.
      const [tx, ty, hx, hy] = [this.px(a.ax), this.py(a.ay), this.px(a.x), this.py(a.y)];
      const len = Math.hypot(hx - tx, hy - ty) || 1;
      const [ux, uy] = [(hx - tx) / len, (hy - ty) / len];
      const w = a.arrowwidth;
      const headLen = Math.min(len * 0.6, 3 * w * a.arrowsize + 4);
      const headHalf = headLen * 0.6;
      const bx = hx - ux * headLen;
      const by = hy - uy * headLen;
      n.line.setAttribute("x1", tx); n.line.setAttribute("y1", ty);
      n.line.setAttribute("x2", bx); n.line.setAttribute("y2", by);
      n.line.setAttribute("stroke", a.arrowcolor); n.line.setAttribute("stroke-width", w);
      n.head.setAttribute("d", `M${hx},${hy} L${bx - uy * headHalf},${by + ux * headHalf} L${bx + uy * headHalf},${by - ux * headHalf} Z`);
      n.head.setAttribute("fill", a.arrowcolor);
    });
  }
}

// A phone: the heatmaps' rows are labelled by their symbols (each label annotation carries its short form in its
// name, "short:f") and the margins narrow to the figure's meta.narrow_margin, so the steps get the width (at 390 px
// the full labels left 140 px for 90 steps). For a layout before it is drawn, and for a replay's per-frame updates.
const NARROW_PX = 520;

function shortText(name) { return typeof name === "string" && name.startsWith("short:") ? name.slice(6) : null; }

function fitNarrow(layout, width) {
  const margin = layout.meta && layout.meta.narrow_margin;
  if (!margin || width >= NARROW_PX) return false;
  layout.margin = { ...layout.margin, ...margin };
  (layout.annotations || []).forEach((a) => { a.text = shortText(a.name) ?? a.text; });
  Object.keys(layout).filter((k) => k.startsWith("coloraxis")).forEach((k) => {  // thinner colour bars, 12 px text
    const bar = layout[k].colorbar;
    if (!bar) return;
    const size = Math.max(12, layout.meta.min_font || 0); // presenter mode keeps its 16 px on a narrow column
    bar.thickness = 10;
    bar.tickfont = { ...bar.tickfont, size };
    if (bar.title) bar.title.font = { ...bar.title.font, size };
  });
  return true;
}

// A frame's relayout update on a narrow layout: a label's new text is its new short form.
function narrowUpdate(update) {
  Object.keys(update).forEach((path) => {
    const m = path.match(/^annotations\[(\d+)\]\.name$/);
    const short = m && shortText(update[path]);
    if (short !== null && short !== undefined) update[`annotations[${m[1]}].text`] = short;
  });
  return update;
}

window.GatescopeDraw = { CursorOverlay, CellDiagram, applyFrame, fitNarrow, narrowUpdate };
