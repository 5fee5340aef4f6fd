// An exported lesson's player payload, built in the browser: what ui/step/frames.py step_part builds on the server
// (the cursor, the equations' numbers, the cell diagram, the reading, the spoken line and the output, per step), from
// a run the lesson holds or one GatescopeCell recomputed (a what-if, a typed input). Numbers are printed as the
// server prints them (tests/core/test_lesson_js.py compares the two for every preset, unit and layer).
"use strict";

(function () {
  const C = () => window.GatescopeCell;
  const MINUS = "\u2212";

  function fill(template, params) { // the {name} fields of a UI string (ui.i18n.t), nothing else
    return template.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
  }

  // Python's f"{v:.{n}f}" (toFixed drops the sign of -0)
  function fixed(v, n) { return (Object.is(v, -0) ? "-" : "") + v.toFixed(n); }
  function plusFixed(v, n) { const s = fixed(v, n); return s.startsWith("-") ? s : "+" + s; } // f"{v:+.nf}"
  const plain = (v) => fixed(v, 3).replace(/-/g, MINUS);
  const signed = (v) => { const s = fixed(v, 3); return (v < 0 ? `(${s})` : s).replace(/-/g, MINUS); };
  const level = (v) => (v >= 0.8 ? "open" : v <= 0.2 ? "closed" : "half"); // explain.level

  function pyRepr(ch) { // repr() of one character, as the server writes a predicted character
    if (ch === "\\") return "'\\\\'";
    if (ch === "'") return "\"'\"";
    if (ch === "\n") return "'\\n'";
    return `'${ch}'`;
  }

  // ------------------------------------------------------------------------------------------- the cursor
  // ui/figures.py cursor_shapes: a line at the step through every row, a box round the unit on every heatmap.
  // textRow: the (bottom, top) of an input row of characters in paper coordinates: the line stops under it and a
  // box frames the character being read (ui/figures.py cursor_shapes).
  function cursorShapes(rows, xRange, step, unit, textRow) {
    const [lo, hi] = xRange;
    const x0 = Math.max(step - 0.8, lo + 0.3), x1 = Math.min(step + 0.8, hi - 0.3);
    const shapes = [];
    const top = textRow ? textRow[0] : 1;
    for (const [color, width] of [["white", 4], ["black", 1.5]]) {
      shapes.push({ type: "line", xref: "x", yref: "paper", x0: step, x1: step, y0: 0, y1: top, line: { color, width } });
    }
    if (textRow) {
      shapes.push({ type: "rect", xref: "x", yref: "paper", x0: step - 0.5, x1: step + 0.5, y0: textRow[0],
        y1: textRow[1], line: { color: "black", width: 2 } });
    }
    for (const r of rows) {
      for (const [color, width] of [["black", 3], ["white", 1]]) {
        shapes.push({ type: "rect", xref: `x${r}`, yref: `y${r}`, x0, x1, y0: unit - 0.5, y1: unit + 0.5, line: { color, width } });
      }
    }
    return shapes;
  }

  function cursor(rows, xRange, T, unit, textRow) {
    const per = Array.from({ length: T }, (_, s) => cursorShapes(rows, xRange, s, unit, textRow));
    const paths = per[0].flatMap((_, k) => [`shapes[${k}].x0`, `shapes[${k}].x1`]);
    return { paths, values: per.map((shapes) => shapes.flatMap((sh) => [sh.x0, sh.x1])) };
  }

  // ------------------------------------------------------------------------------------------- the diagram
  // ui/figures.py diagram_parts, the annotations that move: label k shows a number, arrow k is as wide as its flow.
  const round4 = (v) => Math.round(v * 1e4) / 1e4;
  function arrowParts(value) {
    const width = 1 + 7 * Math.min(Math.abs(value), 1);
    return [round4(width), round4(Math.min(1.4, 3.5 / width))];
  }

  function diagramFrames(layout, values) {
    const notes = layout.annotations;
    const head = (k) => notes[k].text.split(/<br>| = /)[0]; // the label's words, without the number
    const paths = [];
    const arrows = [0, 1, 2, 10, 11, 12, 13, 14, 15, 16, 17];
    arrows.forEach((k) => paths.push(`annotations[${k}].arrowwidth`, `annotations[${k}].arrowsize`));
    const labels = [3, 4, 6, 7, 8, 9, 23];
    labels.forEach((k) => paths.push(`annotations[${k}].text`));
    const rows = values.map((v) => {
      const kept = v.f * Math.min(Math.abs(v.c_prev), 1);
      const flows = [v.c_prev, kept, v.c, v.f, v.i, v.g, v.i * Math.abs(v.g), v.c, Math.tanh(v.c), v.o, v.h];
      const texts = [
        `${head(3)} = ${plusFixed(v.c_prev, 2)}`, `${head(4)} = ${plusFixed(v.c, 2)}`,
        ...["f", "i", "g", "o"].map((key, n) => `${head(6 + n)}<br>${plusFixed(v[key], 2)}`),
        `${head(23)} = ${plusFixed(v.h, 2)}`,
      ];
      return [...flows.flatMap(arrowParts), ...texts];
    });
    return { paths, values: rows };
  }

  // ------------------------------------------------------------------------------------------- the payload
  // One run, layer and unit, as the player's step view reads it. lesson: the exported data (strings, templates,
  // layouts, figures); M, run: GatescopeCell's model and run; out: {rows (T x K) | null, symbols | null};
  // clamp: the held gate or null; present: presenter sizes.
  function payload(lesson, M, run, out, clamp, layer, unit, present) {
    const S = lesson.strings;
    const style = present ? "present" : "normal";
    const fig = lesson.figures[style][layer];
    const rows = fig.layout.meta.heatmap_rows;
    const xRange = fig.layout.xaxis.range;
    const textRow = fig.layout.meta.numeric.x ? null : fig.layout.meta.domains[0]; // ui/step/frames.py figure_part
    const T = run.T;
    const tpl = lesson.templates;
    const u = String(unit);
    const templates = [...tpl.plain, ...tpl.held].map((t) => t.split(tpl.unit_mark).join(u));
    const heldIndex = { i: 6, f: 7, g: 8, o: 9 };
    const eqSteps = [], steps = [], diagramValues = [];
    const at = (name, t) => C().at(run, name, layer, t)[unit];
    for (let t = 0; t < T; t++) {
      const terms = C().terms(M, run, clamp, layer, t);
      const held = clamp && clamp.layer === layer && clamp.unit === unit && t >= clamp.start ? clamp.gate : null;
      const row = ["i", "f", "g", "o"].map((k, n) => {
        const a = terms.xPart[k][unit], b = terms.hPart[k][unit], value = terms[k][unit];
        if (k === held) {
          const free = k === "g" ? Math.tanh(a + b) : C().sigmoid(a + b);
          return [heldIndex[k], [plain(value), plain(a + b), plain(free)]];
        }
        return [n, [signed(a), signed(b), plain(a + b), plain(value)]];
      });
      const cPrevTrace = C().previous(run, "c", layer, t)[unit];
      const [i, f, g, o, c, h] = ["i", "f", "g", "o", "c", "h"].map((k) => terms[k][unit]);
      row.push([4, [plain(f), signed(cPrevTrace), plain(i), signed(g), plain(c)]]);
      row.push([5, [plain(o), plain(c), plain(h)]]);
      eqSteps.push(row);

      const r = { f: at("f", t), i: at("i", t), g: at("g", t), o: at("o", t), c_prev: cPrevTrace, c: at("c", t), h: at("h", t) };
      diagramValues.push(r);
      const v2 = (x) => fixed(x, 2);
      const reading = [
        fill(S[`read.f_${level(r.f)}`], { v: v2(r.f) }),
        fill(S[`read.i_${level(r.i)}`], { v: v2(r.i), g: v2(r.g) }),
        fill(S["read.c_change"], { prev: v2(r.c_prev), now: v2(r.c) }),
        fill(S[`read.o_${level(r.o)}`], { v: v2(r.o), h: v2(r.h) }),
      ];
      const output = outputText(out, t);
      const live = fill(S[output === null ? "step.live" : "step.live_output"],
        { t, T: T - 1, unit, f: fixed(r.f, 3), output });
      steps.push({ reading, output: output === null ? null : fill(S["step.output_now"], { value: output }), live });
    }
    const diagramLayout = lesson.diagram[style];
    return {
      kind: "step", T, unit, layer, lang: lesson.lang, present,
      labels: lesson.labels, equations_title: S["step.equations"].split("{unit}").join(u),
      speeds: lesson.speeds, file_stem: `${lesson.file_stem}-layer${layer}`,
      cursor: cursor(rows, xRange, T, unit, textRow), base_shapes: cursorShapes(rows, xRange, 0, unit, textRow),
      equations: { templates, steps: eqSteps },
      diagram: { layout: diagramLayout, frames: diagramFrames(diagramLayout, diagramValues) },
      steps,
    };
  }

  function outputText(out, t) {
    if (out.symbols) return pyRepr(out.symbols[t]);
    if (out.rows) return plusFixed(out.rows[t][0], 3);
    return null;
  }

  // The read-out of a run as the page shows it: numbers, or the predicted characters of a next-character model.
  function outputs(lesson, M, run) {
    const rows = C().readout(M, run);
    if (rows === null) return { rows: null, symbols: null };
    if (lesson.output_kind === "next_char") {
      const abc = lesson.alphabet;
      return { rows, symbols: rows.map((r) => abc[r.indexOf(Math.max(...r))]) };
    }
    return { rows, symbols: null };
  }

  // ------------------------------------------------------------------------------------------- the sentence
  // What a what-if changed (ui/step/whatif.py summary and lstm_core.lstm.intervene.effect), in the lesson's language.
  const NOISE = 5e-4;
  const sentenceNumber = (v) => (Math.abs(v) < 1e5 ? v.toFixed(3) : v.toPrecision(3)); // whatif.fmt
  const gNumber = (v) => String(Number(v.toPrecision(6))); // Python's f"{v:g}" for the values offered

  function summary(lesson, base, baseOut, run, runOut, clamp, edit, layer) {
    const S = lesson.strings;
    const parts = [];
    if (clamp) {
      parts.push(fill(S["whatif.active_clamp"], { gate: S[`gate.${clamp.gate}`], unit: clamp.unit, layer: clamp.layer,
        value: gNumber(clamp.value), t: clamp.start }));
    } else {
      parts.push(fill(S["whatif.active_edit"], { t: edit.step,
        old: sentenceNumber(base.x[edit.step * base.D + edit.feature]), value: sentenceNumber(edit.value) }));
    }
    if (runOut.symbols) {
      const n = runOut.symbols.filter((s, k) => s !== baseOut.symbols[k]).length;
      parts.push(fill(S["whatif.effect_symbols"], { n, total: runOut.symbols.length }));
    } else if (runOut.rows) {
      const last = run.T - 1;
      parts.push(fill(S["whatif.effect_output"], { new: plusFixed(runOut.rows[last][0], 3), old: plusFixed(baseOut.rows[last][0], 3) }));
    }
    let max = -1, atT = 0, atU = 0;
    for (let t = 0; t < run.T; t++) {
      const a = C().at(base, "c", layer, t), b = C().at(run, "c", layer, t);
      for (let u = 0; u < run.H; u++) {
        const d = Math.abs(b[u] - a[u]);
        if (d > max) { max = d; atT = t; atU = u; }
      }
    }
    const where = base.L > 1 ? "_layer" : "";
    if (max < NOISE) parts.push(fill(S[`whatif.effect_cell_none${where}`], { layer }));
    else parts.push(fill(S[`whatif.effect_cell${where}`], { max: max.toFixed(3), unit: atU, t: atT, layer }));
    return parts.join(lesson.lang === "zh" ? "" : " ");
  }

  window.GatescopeLessonFrames = { payload, outputs, summary, fill, cursorShapes, plain, signed, plusFixed };
})();
