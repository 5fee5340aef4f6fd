// An exported lesson (ui/player/export.py): the Step page's player, run from one file with no server. This script
// hosts it in place of Streamlit: the layer and unit pickers, presenter sizes, the what-ifs (recomputed by
// GatescopeCell in float64) and typed input, and window.gatescopeLesson, the contract tests use:
//   input() -> x (T x D);  hold({gate, value, from, unit, layer}) -> {h, c} (L x T x H)
"use strict";

(function () {
  const data = JSON.parse(document.getElementById("gatescope-lesson").textContent);
  const Cell = window.GatescopeCell;
  const F = window.GatescopeLessonFrames;
  const { el } = window.GatescopeUI;
  const S = data.strings;
  const ROWS = ["i", "f", "g", "o", "c", "h"];
  const M = Cell.model(data.model);
  const original = Cell.run(data.run, M);
  const originalOut = { rows: data.output, symbols: data.output_symbols };

  const state = {
    layer: data.start.layer, unit: data.start.unit, present: !!data.present,
    base: original, baseOut: originalOut, typed: false, // the run what-ifs start from (the original or a typed one)
    run: original, out: originalOut, clamp: null, edit: null,
    seek: 1, version: 0, els: {},
  };

  // ------------------------------------------------------------------------------------------ the figure
  const gNumber = (v) => String(Number(v.toPrecision(6)));
  function cellRange(run, layer) { // ui/figures.py cell_range: at least ±1, rounded up to a half
    let m = 0;
    const c = run.c.subarray(layer * run.T * run.H, (layer + 1) * run.T * run.H);
    for (const v of c) m = Math.max(m, Math.abs(v));
    return m <= 1 ? 1 : Math.ceil(m * 2) / 2;
  }

  // The server's figure of this layer, with another run's numbers in it (a what-if, or a typed input).
  function figureFor(layer) {
    const fig = structuredClone(data.figures[state.present ? "present" : "normal"][layer]);
    const run = state.run, T = run.T, H = run.H;
    const steps = Array.from({ length: T }, (_, t) => t);
    const heat = fig.data.map((tr, k) => [tr, k]).filter(([tr]) => tr.type === "heatmap");
    ROWS.forEach((name, n) => { // the file carries each number once, in the run: the heatmaps are filled from it
      const tr = heat[n][0];
      tr.x = steps;
      tr.z = Array.from({ length: H }, (_, u) => steps.map((t) => Cell.at(run, name, layer, t)[u])); // (H, T)
    });
    if (run === original) return fig;
    const m = cellRange(run, layer);
    Object.assign(fig.layout.coloraxis3, { cmin: -m, cmax: m });
    fig.layout.coloraxis3.colorbar.title.text = F.fill(S["scale.cell"], { m: gNumber(m) });
    const first = heat[0][1], last = heat[heat.length - 1][1];
    if (state.typed) { // a new input: its own length, its own input row
      const symbols = data.symbols ? symbolsOf(run) : null;
      fig.data.slice(0, first).forEach((tr, d) => {
        tr.x = steps;
        if (symbols) { tr.y = steps.map(() => 0); tr.text = symbols.map((s) => (s === " " ? "␣" : s)); }
        else tr.y = steps.map((t) => run.x[t * run.D + d]);
      });
      Object.keys(fig.layout).filter((k) => /^xaxis\d*$/.test(k)).forEach((k) => {
        fig.layout[k].range = [-0.5, T - 0.5];
        if (fig.layout[k].tickmode === "array") {
          if (symbols && T <= 90) Object.assign(fig.layout[k], { tickvals: steps, ticktext: symbols.map((s) => (s === " " ? "␣" : s)) });
          else { delete fig.layout[k].tickmode; delete fig.layout[k].tickvals; delete fig.layout[k].ticktext; }
        }
      });
    }
    fig.data.slice(last + 1).forEach((tr, k) => { // the model's output row
      tr.x = steps;
      if (state.out.symbols) { tr.y = steps.map(() => 0); tr.text = state.out.symbols.map((s) => (s === " " ? "␣" : s)); }
      else if (state.out.rows) tr.y = state.out.rows.map((r) => r[k]);
    });
    return fig;
  }

  function symbolsOf(run) {
    return Array.from({ length: run.T }, (_, t) => {
      const row = Array.from(run.x.subarray(t * run.D, (t + 1) * run.D));
      return data.alphabet[row.indexOf(Math.max(...row))];
    });
  }

  // ------------------------------------------------------------------------------------------ drawing
  function draw(seek) {
    if (seek) state.seek += 1;
    const d = F.payload(data, M, state.run, state.out, state.clamp, state.layer, state.unit, state.present);
    d.figure = figureFor(state.layer);
    state.version += 1;
    const drawn = window.gatescopePlayer.render({ data: d, version: String(state.version), seek: state.seek,
      t: seek ? 0 : data.start.t, speed: 4 });
    document.body.classList.toggle("present", state.present);
    updateChrome();
    return drawn; // resolves once the player has drawn the run
  }

  function currentStep() { return window.gatescopePlayer.state.t || 0; }

  // ------------------------------------------------------------------------------------------ what-ifs
  function apply(clamp, edit) {
    const run = Cell.whatIf(M, state.base, clamp, edit);
    state.run = run;
    state.out = F.outputs(data, M, run);
    state.clamp = clamp;
    state.edit = edit;
    const drawn = draw(false);
    state.els.summary.textContent = F.summary(data, state.base, state.baseOut, run, state.out, clamp, edit, state.layer);
    return drawn;
  }

  function clear() {
    state.run = state.base;
    state.out = state.baseOut;
    state.clamp = state.edit = null;
    state.els.summary.textContent = "";
    return draw(false);
  }

  function parseInput(text) { // lstm_core.data.inputs: numbers, or characters of the model's alphabet
    const limit = 2000;
    const example = "0, 0.5, 1";
    if (data.input_kind === "numbers") {
      const tokens = text.replace(/[０-９．。－＋−]/g, (ch) => "0123456789..-+-"["０１２３４５６７８９．。－＋−".indexOf(ch)])
        .trim().split(/[,\s;，；、]+/).filter((s) => s);
      if (!tokens.length) throw new Error(F.fill(S["input.empty"], { example }));
      if (tokens.length > limit) throw new Error(F.fill(S["input.too_long"], { steps: tokens.length, limit }));
      return { T: tokens.length, x: tokens.map((tok, k) => {
        if (/^[+-]?(inf|infinity|nan)$/i.test(tok)) throw new Error(F.fill(S["input.not_finite"], { position: k + 1, token: tok }));
        if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(tok)) throw new Error(F.fill(S["input.not_a_number"], { position: k + 1, token: tok }));
        const v = Number(tok);
        if (!Number.isFinite(v)) throw new Error(F.fill(S["input.not_finite"], { position: k + 1, token: tok }));
        return v;
      }) };
    }
    const abc = data.alphabet;
    const chars = Array.from(data.input_kind === "text" ? text.toLowerCase() : text);
    if (!chars.length) throw new Error(F.fill(S["input.empty"], { example: data.input_text.slice(0, 30) }));
    if (chars.length > limit) throw new Error(F.fill(S["input.too_long"], { steps: chars.length, limit }));
    const unknown = [...new Set(chars.filter((ch) => !abc.includes(ch)))].sort();
    if (unknown.length) throw new Error(F.fill(S["input.bad_chars"], { chars: unknown.slice(0, 10).map((c) => `'${c}'`).join(" "), alphabet: abc }));
    const x = new Float64Array(chars.length * abc.length);
    chars.forEach((ch, t) => { x[t * abc.length + abc.indexOf(ch)] = 1; });
    return { T: chars.length, x };
  }

  function runTyped(text) {
    const { T, x } = parseInput(text);
    const run = Cell.traceRun(M, x, T);
    state.base = state.run = run;
    state.baseOut = state.out = F.outputs(data, M, run);
    state.typed = true;
    state.els.sub.textContent = S["step.custom"]; // no longer the example the file was made with
    state.clamp = state.edit = null;
    state.els.summary.textContent = "";
    draw(true);
  }

  // ------------------------------------------------------------------------------------------ the page around
  function select(id, label, options, value, onchange) {
    const s = el("select", { id, onchange: (e) => onchange(Number(e.target.value)) },
      options.map((o) => el("option", { value: String(o), text: String(o) })));
    s.value = String(value);
    return el("label", { class: "lesson-pick", for: id }, [el("span", { text: label }), s]);
  }

  function buildTop() {
    const top = document.getElementById("lesson-top");
    const pickers = [];
    if (M.L > 1) pickers.push(select("lesson-layer", S["step.layer"], [...Array(M.L).keys()], state.layer, (v) => { state.layer = v; relayer(); }));
    pickers.push(select("lesson-unit", S["step.unit"], [...Array(M.H).keys()], state.unit, (v) => { state.unit = v; draw(false); }));
    const present = el("button", { type: "button", class: "step-btn lesson-present", "aria-pressed": String(state.present),
      title: S["lesson.present_help"], onclick: () => { state.present = !state.present; draw(false); } },
    [el("span", { class: "label", text: S["lesson.present"] })]);
    state.els.present = present;
    top.append(
      el("h1", { text: data.title }),
      state.els.sub = el("p", { class: "lesson-sub", text: data.example }),
      el("p", { class: "lesson-look", role: "note", text: data.look_for }),
      el("div", { class: "lesson-pickers" }, [...pickers, present]),
      el("p", { class: "hint", text: S["export.lesson_offline"] }),
    );
  }

  function relayer() { // a clamp of another layer stays (it changes the layers above it); the sentence names the layer
    if (state.clamp || state.edit) apply(state.clamp, state.edit);
    else draw(false);
  }

  function buildWhatIf() {
    const box = document.getElementById("lesson-whatif");
    const canEdit = data.input_kind === "numbers" || data.input_kind === "series";
    const kindName = "lesson-kind";
    const radio = (value, text, checked) => el("label", { class: "lesson-radio" }, [
      el("input", Object.assign({ type: "radio", name: kindName, value, onchange: showKind }, checked ? { checked: "" } : {})),
      el("span", { text })]);
    const choice = el("select", { id: "lesson-gate" }, data.clamp_choices.map((c) => el("option", { value: c, text: S[`whatif.clamp.${c}`] })));
    const applyClamp = el("button", { type: "button", class: "step-btn primary", "data-action": "hold", onclick: () => {
      const [gate, value] = choice.value.split(":");
      apply({ gate, value: Number(value), start: currentStep(), unit: state.unit, layer: state.layer }, null);
    } });
    const clampRow = el("div", { class: "lesson-row", "data-kind": "clamp" }, [
      el("label", { class: "lesson-pick", for: "lesson-gate" }, [el("span", { text: S["whatif.gate"] }), choice]), applyClamp]);
    const value = el("input", { type: "number", id: "lesson-value", step: "0.1", min: String(-data.edit_limit), max: String(data.edit_limit), title: F.fill(S["whatif.value_help"], { limit: gNumber(data.edit_limit) }) });
    const valueLabel = el("span");
    const applyEdit = el("button", { type: "button", class: "step-btn primary", "data-action": "edit", onclick: () => {
      const v = Math.min(Math.max(Number(value.value), -data.edit_limit), data.edit_limit);
      if (value.value === "" || !Number.isFinite(v)) return;
      apply(null, { step: currentStep(), value: v, feature: 0 });
    } });
    const editRow = el("div", { class: "lesson-row", "data-kind": "edit", hidden: "" }, canEdit
      ? [el("label", { class: "lesson-pick", for: "lesson-value" }, [valueLabel, value]), applyEdit]
      : [el("p", { class: "hint", text: S["whatif.no_edit"] })]);
    const clearBtn = el("button", { type: "button", class: "step-btn", "data-action": "clear", hidden: "", onclick: clear },
      [el("span", { class: "label", text: S["whatif.clear"] })]);
    const summary = el("p", { class: "lesson-summary", role: "status", "aria-live": "polite", "data-testid": "lesson-summary" });
    const intro = el("p", { class: "hint" });
    const children = [el("h2", { text: S["whatif.title"] }), intro,
      el("div", { class: "lesson-kinds", role: "radiogroup", "aria-label": S["whatif.kind"] },
        [radio("clamp", S["whatif.kind_clamp"], true), radio("edit", S["whatif.kind_edit"], false)]),
      clampRow, editRow, clearBtn, summary];
    if (data.input_kind !== "series") { // typed input: numbers, or text in the model's alphabet
      const area = el("textarea", { id: "lesson-input", rows: "2" });
      area.value = data.input_text;
      const error = el("p", { class: "error", role: "alert", hidden: "" });
      const runBtn = el("button", { type: "button", class: "step-btn", "data-action": "run-input", onclick: () => {
        try { runTyped(area.value); error.hidden = true; error.textContent = ""; }
        catch (err) { error.textContent = err.message; error.hidden = false; }
      } }, [el("span", { class: "label", text: S["export.lesson_run_input"] })]);
      children.push(el("h2", { text: S["step.custom"] }),
        el("label", { for: "lesson-input", class: "lesson-pick wide" }, [el("span", { text: S["step.custom_help"] }), area]),
        runBtn, error);
    }
    box.append(...children);
    Object.assign(state.els, { intro, applyClamp, applyEdit, valueLabel, value, clampRow, editRow, clearBtn, summary });
    function showKind() {
      const kind = box.querySelector(`input[name=${kindName}]:checked`).value;
      clampRow.hidden = kind !== "clamp";
      editRow.hidden = kind !== "edit";
    }
  }

  let shownStep = -1;
  function updateChrome() {
    const t = currentStep();
    const e = state.els;
    e.present.setAttribute("aria-pressed", String(state.present));
    e.clearBtn.hidden = !(state.clamp || state.edit);
    const unit = document.getElementById("lesson-unit");
    if (unit) unit.value = String(state.unit);
    if (t === shownStep) return;
    shownStep = t;
    e.intro.textContent = F.fill(S["whatif.intro"], { t, unit: state.unit });
    e.applyClamp.replaceChildren(el("span", { class: "label", text: F.fill(S["whatif.apply_clamp"], { t }) }));
    e.applyEdit.replaceChildren(el("span", { class: "label", text: F.fill(S["whatif.apply_edit"], { t }) }));
    e.valueLabel.textContent = F.fill(S["whatif.new_value"], { t });
    const here = state.base.x[t * state.base.D];
    if (here !== undefined) e.value.value = String(Number(here.toFixed(3)));
  }

  // ------------------------------------------------------------------------------------------ the contract
  window.gatescopeLesson = {
    input: () => Array.from({ length: state.base.T }, (_, t) => Array.from(state.base.x.subarray(t * state.base.D, (t + 1) * state.base.D))),
    hold: ({ gate, value, from, unit, layer }) => {
      const run = Cell.whatIf(M, state.base, { gate, value: Number(value), start: from, unit, layer: layer || 0 }, null);
      return { h: Cell.nested(run, "h"), c: Cell.nested(run, "c") };
    },
    edit: ({ step, value, feature }) => {
      const run = Cell.whatIf(M, state.base, null, { step, value: Number(value), feature: feature || 0 });
      return { h: Cell.nested(run, "h"), c: Cell.nested(run, "c") };
    },
    // The player's payload of a layer and unit (tests compare it with the server's ui/step/frames.py step_part).
    payload: (unit, layer, clamp) => {
      const run = clamp ? Cell.whatIf(M, state.base, clamp, null) : state.base;
      return F.payload(data, M, run, clamp ? F.outputs(data, M, run) : state.baseOut, clamp || null, layer, unit, state.present);
    },
    apply: (clamp, edit) => apply(clamp || null, edit || null),
    // The input run again from scratch by the JavaScript cell (bench/lesson.py compares it with the server's trace).
    trace: () => { const r = Cell.traceRun(M, state.base.x, state.base.T); return { h: Cell.nested(r, "h"), c: Cell.nested(r, "c") }; },
    clear, state,
  };

  buildTop();
  buildWhatIf();
  new MutationObserver(updateChrome).observe(document.body, { attributes: true, attributeFilter: ["data-t"] });
  const opening = data.start; // the what-if on view when the file was made, if any: recomputed here
  if (opening.clamp || opening.edit) apply(opening.clamp, opening.edit);
  else draw(false);
  window.gatescopeLesson.firstStepMs = performance.now(); // from the start of navigation to the first step drawn
  document.body.dataset.lessonReady = "1";
})();
