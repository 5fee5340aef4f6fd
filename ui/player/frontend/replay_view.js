// The replay of how the gates changed while a model trained (the "Gates that learn" page and a finished run on the
// Train page): the heatmaps of each recorded snapshot (left), the loss curve with the snapshot marked and what
// changed, in words (right). Payload: ui/replay_frames.py.
"use strict";

window.GatescopeViews = window.GatescopeViews || {};

// A float32 typed-array spec (dtype f4, base64, shape [rows, cols]) as rows of numbers, for Plotly's z.
function rowsOf(spec) {
  const bytes = Uint8Array.from(atob(spec.bdata), (c) => c.charCodeAt(0));
  const flat = new Float32Array(bytes.buffer);
  const [rows, cols] = spec.shape;
  return Array.from({ length: rows }, (_, r) => Array.from(flat.subarray(r * cols, (r + 1) * cols)));
}

function frameUpdate(parts, t) {
  const update = {};
  parts.paths.forEach((path, k) => { update[path] = parts.values[t][k]; });
  return update;
}

// Markdown's **bold**, and nothing else, in text that is escaped first (the words come from the app's strings).
function inlineMarkdown(text) {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return escaped.replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>");
}

window.GatescopeViews.replay = {
  build(d, body, L) {  // the replay's text sits beside its controls: no second bar
    const { el } = window.GatescopeUI;
    const title = el("h3", { class: "replay-title" });
    const heat = el("div", { class: "heat", role: "figure", "aria-label": L.heatmaps });
    const loss = el("div", { class: "loss", role: "figure", "aria-label": L.loss_title });
    const lines = el("ul", { class: "reading" });
    const left = el("section", { class: "left" }, [title, heat]);
    const right = el("section", { class: "right" }, [el("h3", { text: L.loss_title }), loss,
      el("h3", { text: L.what_changed }), lines]);
    body.append(el("div", { class: d.present ? "grid wide-left" : "grid" }, [left, right]));
    this.els = { title, heat, loss, lines };
    this.z = d.frames.map((f) => f.z.map(rowsOf));
    const fig = d.figure;
    fig.layout.autosize = true;
    delete fig.layout.width;
    const config = { displaylogo: false, responsive: true,
      modeBarButtonsToRemove: ["lasso2d", "select2d", "autoScale2d", "toggleSpikelines"],
      toImageButtonOptions: { format: "png", filename: d.file_stem, scale: 2 } };
    if (window.matchMedia("(pointer: coarse)").matches) fig.layout.dragmode = false;  // a swipe scrolls the page
    this.narrow = window.GatescopeDraw.fitNarrow(fig.layout, heat.clientWidth);
    window.Plotly.newPlot(heat, fig.data, fig.layout, config);
    const lossFig = d.loss;
    lossFig.layout.autosize = true;
    delete lossFig.layout.width;
    this.lossData = lossFig.data;
    this.lossLayout = lossFig.layout;
    window.Plotly.newPlot(loss, [...lossFig.data, { ...d.marker, x: [], y: [] }], lossFig.layout,
      { displaylogo: false, displayModeBar: false, responsive: true });
    this.markerIndex = lossFig.data.length;
  },

  show(d, t) {
    const f = d.frames[t];
    const e = this.els;
    e.title.textContent = f.title;
    e.lines.innerHTML = f.lines.map((line) => `<li>${inlineMarkdown(line)}</li>`).join("");
    const heatUpdate = frameUpdate(d.heat_frames, t);
    if (this.narrow) window.GatescopeDraw.narrowUpdate(heatUpdate);
    window.Plotly.update(e.heat, { z: this.z[t] }, heatUpdate, d.heat_traces);
    window.Plotly.update(e.loss, { x: [f.marker.x], y: [f.marker.y] }, frameUpdate(d.loss_frames, t), [this.markerIndex]);
  },
};
