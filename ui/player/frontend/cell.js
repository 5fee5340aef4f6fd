// The LSTM cell in the browser, for a lesson exported as one file (ui/player/export.py): the equations of
// lstm_core/lstm/cell.py in float64, PyTorch's layout (weight_ih (4H x D), weight_hh (4H x H), gate blocks i, f, g, o).
// A what-if re-runs the tail of a traced run exactly as lstm_core.lstm.intervene.what_if does: the steps before the
// change are the trace's own, each later step of each layer is one cell step, a held gate is overwritten after its
// nonlinearity. Arrays are flat Float64Arrays: a run's states are (L, T, H) row-major, x is (T, D).
"use strict";

(function () {
  const GATES = ["i", "f", "g", "o"];
  const STATES = ["i", "f", "g", "o", "c", "h"];

  // Written via tanh, as lstm_core.lstm.cell.sigmoid: it never overflows.
  function sigmoid(z) { return 0.5 * (1 + Math.tanh(0.5 * z)); }

  // An array sent as base64 of little-endian float32 or float64 ({dtype: "f4" | "f8", b64}), as
  // ui/player/export.py writes it, as float64 (a float32 value converts exactly).
  function f64(spec) {
    const bytes = Uint8Array.from(atob(spec.b64), (ch) => ch.charCodeAt(0));
    return spec.dtype === "f4" ? Float64Array.from(new Float32Array(bytes.buffer)) : new Float64Array(bytes.buffer);
  }

  // One step of one layer for every unit: x_t (D), hPrev and cPrev (H) -> the gates, their input and recurrent
  // parts, c and h. hold(gates) may overwrite gate values (a what-if), as cell.lstm_step's hook.
  function step(w, xt, hPrev, cPrev, hold) {
    const H = w.H, D = w.D;
    const xPart = {}, hPart = {}, gates = {};
    GATES.forEach((k, b) => {
      const xp = new Float64Array(H), hp = new Float64Array(H), v = new Float64Array(H);
      for (let u = 0; u < H; u++) {
        const row = b * H + u;
        let a = 0;
        for (let d = 0; d < D; d++) a += w.ih[row * D + d] * xt[d];
        a += w.bih[row];
        let r = 0;
        for (let j = 0; j < H; j++) r += w.hh[row * H + j] * hPrev[j];
        r += w.bhh[row];
        xp[u] = a; hp[u] = r;
        v[u] = k === "g" ? Math.tanh(a + r) : sigmoid(a + r);
      }
      xPart[k] = xp; hPart[k] = hp; gates[k] = v;
    });
    if (hold) hold(gates);
    const c = new Float64Array(H), h = new Float64Array(H);
    for (let u = 0; u < H; u++) {
      c[u] = gates.f[u] * cPrev[u] + gates.i[u] * gates.g[u];
      h[u] = gates.o[u] * Math.tanh(c[u]);
    }
    return { xPart, hPart, i: gates.i, f: gates.f, g: gates.g, o: gates.o, c, h };
  }

  // A model from the lesson's data: per layer {ih, hh, bih, bhh} (biases zero when the LSTM has none).
  function model(m) {
    const layers = m.layers.map((l, k) => ({
      ih: f64(l.weight_ih), hh: f64(l.weight_hh), bih: f64(l.bias_ih), bhh: f64(l.bias_hh),
      H: m.H, D: k === 0 ? m.D : m.H,
    }));
    const head = m.head ? { w: f64(m.head.weight), b: f64(m.head.bias), K: m.head.K } : null;
    return { L: m.L, H: m.H, D: m.D, layers, head };
  }

  // A run from the lesson's data (the server's trace): {T, x, h0, c0, i, f, g, o, c, h}.
  function run(r, M) {
    const out = { T: r.T, x: f64(r.x), h0: f64(r.h0), c0: f64(r.c0) };
    STATES.forEach((k) => { out[k] = f64(r[k]); });
    out.L = M.L; out.H = M.H; out.D = M.D;
    return out;
  }

  function at(run, name, layer, t) { // (H,) view of a state at (layer, t)
    const H = run.H;
    const o = (layer * run.T + t) * H;
    return run[name].subarray(o, o + H);
  }

  function previous(run, name, layer, t) { // h_{t-1} or c_{t-1}; the initial state at t = 0
    if (t === 0) return (name === "h" ? run.h0 : run.c0).subarray(layer * run.H, (layer + 1) * run.H);
    return at(run, name, layer, t - 1);
  }

  function layerInput(run, layer, t) { // (D_k,) what layer k reads at step t: x, or h of the layer below
    if (layer === 0) return run.x.subarray(t * run.D, (t + 1) * run.D);
    return at(run, "h", layer - 1, t);
  }

  // The hook that holds the clamped gate at step t of a layer, or null (intervene.clamp_hold).
  function clampHold(clamp, layer, t) {
    if (!clamp || layer !== clamp.layer || t < clamp.start) return null;
    return (gates) => { gates[clamp.gate][clamp.unit] = clamp.value; };
  }

  const RANGE = { i: [0, 1], f: [0, 1], g: [-1, 1], o: [0, 1] };

  // What a what-if must fit (intervene.check): an Error naming what would fit.
  function check(run, clamp, edit) {
    if (!clamp && !edit) throw new Error("what_if: expected a clamp, an input edit or both, got neither");
    if (clamp) {
      if (!(clamp.gate in RANGE)) throw new Error(`what_if: expected gate in i, f, g, o, got ${clamp.gate}`);
      const [lo, hi] = RANGE[clamp.gate];
      if (!(clamp.value >= lo && clamp.value <= hi)) throw new Error(`what_if: gate ${clamp.gate} outputs values in [${lo}, ${hi}], got ${clamp.value}`);
      for (const [name, v, size] of [["start", clamp.start, run.T], ["unit", clamp.unit, run.H], ["layer", clamp.layer, run.L]]) {
        if (!(Number.isInteger(v) && v >= 0 && v < size)) throw new Error(`what_if: expected 0 <= clamp ${name} < ${size}, got ${v}`);
      }
    }
    if (edit) {
      if (!(Number.isInteger(edit.step) && edit.step >= 0 && edit.step < run.T)) throw new Error(`what_if: expected 0 <= edit step < ${run.T}, got ${edit.step}`);
      if (!(Number.isInteger(edit.feature) && edit.feature >= 0 && edit.feature < run.D)) throw new Error(`what_if: expected 0 <= edit feature < ${run.D}, got ${edit.feature}`);
      if (!Number.isFinite(edit.value)) throw new Error(`what_if: expected a finite input value, got ${edit.value}`);
    }
  }

  // The run again with a clamp {gate, value, start, unit, layer} and/or an input edit {step, value, feature}.
  function whatIf(M, base, clamp, edit) {
    check(base, clamp, edit);
    const out = { T: base.T, L: base.L, H: base.H, D: base.D, x: Float64Array.from(base.x), h0: base.h0, c0: base.c0 };
    STATES.forEach((k) => { out[k] = Float64Array.from(base[k]); });
    if (edit) out.x[edit.step * base.D + edit.feature] = edit.value;
    const start = Math.min(clamp ? clamp.start : Infinity, edit ? edit.step : Infinity);
    const firstLayer = !edit && clamp ? clamp.layer : 0; // layers below a clamp are untouched
    for (let layer = firstLayer; layer < base.L; layer++) {
      let hPrev = previous(out, "h", layer, start);
      let cPrev = previous(out, "c", layer, start);
      for (let t = start; t < base.T; t++) {
        const s = step(M.layers[layer], layerInput(out, layer, t), hPrev, cPrev, clampHold(clamp, layer, t));
        STATES.forEach((k) => at(out, k, layer, t).set(s[k]));
        hPrev = s.h; cPrev = s.c;
      }
    }
    return out;
  }

  // A whole run from scratch (a typed input): x (T x D, flat), zero initial states.
  function traceRun(M, x, T) {
    const L = M.L, H = M.H;
    const out = { T, L, H, D: M.D, x: Float64Array.from(x), h0: new Float64Array(L * H), c0: new Float64Array(L * H) };
    STATES.forEach((k) => { out[k] = new Float64Array(L * T * H); });
    for (let layer = 0; layer < L; layer++) {
      let hPrev = previous(out, "h", layer, 0), cPrev = previous(out, "c", layer, 0);
      for (let t = 0; t < T; t++) {
        const s = step(M.layers[layer], layerInput(out, layer, t), hPrev, cPrev, null);
        STATES.forEach((k) => at(out, k, layer, t).set(s[k]));
        hPrev = s.h; cPrev = s.c;
      }
    }
    return out;
  }

  // The equation terms of step t (explain.step_terms / intervene.clamped_terms): recomputed from the run's states.
  function terms(M, run, clamp, layer, t) {
    return step(M.layers[layer], layerInput(run, layer, t), previous(run, "h", layer, t), previous(run, "c", layer, t),
      clampHold(clamp, layer, t));
  }

  // The read-out of the top layer's h at every step: (T x K) rows, or null for a model without one.
  function readout(M, run) {
    if (!M.head) return null;
    const { w, b, K } = M.head;
    const H = run.H, top = run.L - 1;
    return Array.from({ length: run.T }, (_, t) => {
      const h = at(run, "h", top, t);
      return Array.from({ length: K }, (_, k) => {
        let s = b[k];
        for (let j = 0; j < H; j++) s += w[k * H + j] * h[j];
        return s;
      });
    });
  }

  // A state as nested arrays (L x T x H), for tests and the page's contract.
  function nested(run, name) {
    return Array.from({ length: run.L }, (_, l) => Array.from({ length: run.T }, (_, t) => Array.from(at(run, name, l, t))));
  }

  window.GatescopeCell = { GATES, STATES, sigmoid, f64, step, model, run, at, previous, layerInput, whatIf, traceRun,
    terms, readout, nested, check };
})();
