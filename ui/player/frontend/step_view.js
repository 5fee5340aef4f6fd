// The Step page's view inside the player: the heatmaps with the cursor (left), the equations with this step's
// numbers, the cell diagram and the reading (right). Payload: ui/step/frames.py.
"use strict";

window.GatescopeViews = window.GatescopeViews || {};

window.GatescopeViews.step = {
  build(d, body, L, miniBar) {
    const { el } = window.GatescopeUI;
    const output = el("p", { class: "output", "data-testid": "player-output" });
    const heat = el("div", { class: "heat", role: "figure", "aria-label": L.heatmaps });
    const eqTitle = el("h3", { class: "eq-title" });
    const eqs = el("div", { class: "equations", "data-testid": "player-equations" });
    const diagram = el("div", { class: "diagram", role: "img", "aria-label": L.diagram });
    const reading = el("ul", { class: "reading" });
    const left = el("section", { class: "left" }, [el("h3", { text: L.heatmaps, title: L.heatmap_help }), heat]);
    // On the stage (presenter mode) the cell diagram and the reading go under both columns (player.css), where the
    // diagram has the width to draw its labels at full size.
    const right = el("section", { class: "right" }, [el("div", { class: "eq-part" }, [miniBar(), eqTitle, eqs]),
      el("div", { class: "cell-part" }, [el("h3", { text: L.diagram }), diagram, el("h3", { text: L.reading }), reading])]);
    body.append(output, el("div", { class: "grid" }, [left, right]));
    this.els = { output, heat, eqTitle, eqs, reading };
    this.shownTemplates = [];
    this.t = 0;
    this.fitted = false;
    this.eqLabel = L.equation;
    new ResizeObserver(() => { if (this.fitted) this.fitEquations(); }).observe(eqs);

    const fig = d.figure;
    fig.layout.autosize = true;
    delete fig.layout.width;
    // The PNG button saves the figure with the cursor of the step on screen (the cursor is an overlay, not a shape).
    const savePng = { name: "toImage", title: L.png, icon: window.Plotly.Icons.camera,
      click: () => {
        const shapes = window.GatescopeDraw.applyFrame({ shapes: d.base_shapes }, d.cursor, this.t).shapes;
        window.Plotly.downloadImage({ data: fig.data, layout: { ...fig.layout, shapes, width: heat.clientWidth } },
          { format: "png", filename: d.file_stem, scale: 2, width: heat.clientWidth, height: fig.layout.height });
      } };
    const config = { displaylogo: false, responsive: true,
      modeBarButtonsToRemove: ["toImage", "lasso2d", "select2d", "autoScale2d", "toggleSpikelines"],
      modeBarButtonsToAdd: [savePng] };
    // On a touch screen a swipe that starts on the heatmaps scrolls the page (Plotly would take it as a zoom).
    if (window.matchMedia("(pointer: coarse)").matches) fig.layout.dragmode = false;
    window.GatescopeDraw.fitNarrow(fig.layout, heat.clientWidth);
    window.Plotly.newPlot(heat, fig.data, fig.layout, config);
    this.cursor = new window.GatescopeDraw.CursorOverlay(heat, d.base_shapes, d.cursor);
    heat.on("plotly_afterplot", () => this.cursor.draw(this.t)); // after a resize or a zoom, the axes moved
    this.diagram = new window.GatescopeDraw.CellDiagram(diagram, d.diagram.layout, d.diagram.frames);
  },

  fillEquations(d, t) {
    const { el } = window.GatescopeUI;
    const boxes = this.els.eqs.children;
    d.equations.steps[t].forEach(([tid, values], k) => {
      let box = boxes[k];
      if (!box) { box = el("div", { class: "eq-box" }); this.els.eqs.append(box); }
      if (this.shownTemplates[k] !== tid) { box.innerHTML = d.equations.templates[tid]; this.shownTemplates[k] = tid; }
      box.querySelectorAll("mn[data-slot]").forEach((slot) => { slot.textContent = values[Number(slot.dataset.slot)]; });
    });
  },

  // The equations take the size that fits their column (down to 60 %), so none is cut on a projector or a phone;
  // one still too wide scrolls in its box, which then takes the keyboard focus (and a name) to scroll it.
  fitEquations() {
    const box = this.els.eqs;
    box.style.fontSize = "";
    const rows = Array.from(box.children);
    const scale = Math.min(1, this.stageScale(box), ...rows.map((r) => (r.scrollWidth > r.clientWidth ? r.clientWidth / r.scrollWidth : 1)));
    if (scale < 1) box.style.fontSize = `${Math.max(0.6, scale * 0.98).toFixed(3)}em`;
    rows.forEach((r, k) => {
      const scrolls = r.scrollWidth > r.clientWidth + 1;
      if (scrolls) { r.tabIndex = 0; r.setAttribute("role", "group"); r.setAttribute("aria-label", `${this.eqLabel} ${k + 1}`); }
      else { r.removeAttribute("tabindex"); r.removeAttribute("role"); r.removeAttribute("aria-label"); }
    });
  },

  // On the stage (presenter mode) the equations also fit the height left on the first screen, so the class sees all
  // six beside the heatmaps without anyone scrolling: the room between their top and the bottom of the window,
  // measured as the page stands unscrolled.
  stageScale(box) {
    if (!document.body.classList.contains("present")) return 1;
    try {
      const frame = window.frameElement;
      const scroller = frame.closest("[data-testid='stMain']");
      const top = frame.getBoundingClientRect().top + (scroller ? scroller.scrollTop : 0) + box.getBoundingClientRect().top;
      const room = window.parent.innerHeight - top - 8;
      return room > 0 && box.scrollHeight > room ? room / box.scrollHeight : 1;
    } catch (err) {
      return 1; // a parent on another origin (an exported lesson has none): fit the width only
    }
  },

  show(d, t) {
    const { el } = window.GatescopeUI;
    this.t = t;
    const e = this.els;
    e.eqTitle.textContent = d.equations_title.replace("{t}", String(t));
    const step = d.steps[t];
    e.output.textContent = step.output || "";
    e.output.hidden = !step.output;
    e.reading.replaceChildren(...step.reading.map((line) => el("li", { text: line })));
    this.fillEquations(d, t);
    this.fitted = true;
    this.fitEquations(); // numbers change width from step to step (and the math font may arrive late)
    this.cursor.draw(t);
    this.diagram.draw(t);
  },
};
