// Gatescope's stepper, in the browser. It receives one payload per run (ui/step/frames.py builds it: the heatmap
// figure, and per step the cursor, the equation numbers, the cell diagram's moving parts, the reading and the line
// a screen reader says) and moves through it with no server round trip. It speaks Streamlit's component protocol
// (components v1) by postMessage; plotly.js is the file the plotly Python package ships, loaded from this server.
"use strict";

const REPORT_AFTER_MS = 600; // the step goes to the server once, this long after stepping stops
const ICONS = { // Material icons (Apache 2.0), inline: nothing is fetched from elsewhere
  first: "M18.41 16.59L13.82 12l4.59-4.59L17 6l-6 6 6 6zM6 6h2v12H6z",
  back: "M15.41 7.41L14 6l-6 6 6 6 1.41-1.41L10.83 12z",
  forward: "M10 6L8.59 7.41 13.17 12l-4.58 4.59L10 18l6-6z",
  last: "M5.59 7.41L10.18 12l-4.59 4.59L7 18l6-6-6-6zM16 6h2v12h-2z",
  play: "M8 5v14l11-7z",
  pause: "M6 19h4V5H6v14zm8-14v14h4V5h-4z",
};
const KEYS = { first: "Home", back: "ArrowLeft", forward: "ArrowRight", last: "End" };
const KEY_LABEL = { first: "Home", back: "←", forward: "→", last: "End" };

const S = {
  version: null, seek: null, data: null, t: 0, speed: 4, playing: false, playFrom: 0, playStart: 0,
  seq: 0, reportTimer: null, liveTimer: null, els: {}, view: null,
  frames: 0, drawMs: [], // animation frames while playing, and ms per step drawn (bench/browser.py reads them)
};

function send(type, extra) {
  if (window.parent === window) return; // an exported lesson (ui/player/export.py): no Streamlit to talk to
  window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type }, extra || {}), "*");
}

function setHeight() {
  send("streamlit:setFrameHeight", { height: Math.ceil(document.documentElement.getBoundingClientRect().height) + 4 });
}

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") node.textContent = v;
    else if (k === "html") node.innerHTML = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children || []) node.append(c);
  return node;
}

function icon(name) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

let plotlyLoading = null;
function loadPlotly(src) {
  if (window.Plotly) return Promise.resolve();
  if (!plotlyLoading) {
    plotlyLoading = new Promise((resolve, reject) => {
      const s = el("script", { src });
      s.onload = resolve;
      s.onerror = () => reject(new Error("plotly.js could not be loaded from " + src));
      document.head.append(s);
    });
  }
  return plotlyLoading;
}

// ------------------------------------------------------------------------------------------------ building
function stepButton(name, L) {
  const b = el("button", {
    type: "button", class: "step-btn", "data-action": name, "aria-keyshortcuts": KEYS[name],
    title: `${L[name]} (${KEY_LABEL[name]})`,
    onclick: () => { stop(); go(stepTarget(name)); },
  }, [icon(name), el("span", { class: "label", text: L[name] }), el("kbd", { text: KEY_LABEL[name], "aria-hidden": "true" })]);
  return b;
}

// On a narrow screen the equations sit far below the main controls: a second, compact bar (Back, Play, Forward
// and the step) sits right above them. CSS shows it only on narrow screens (display: none elsewhere, so screen
// readers meet the controls once).
function miniBar(L) {
  const back = stepButton("back", L);
  const forward = stepButton("forward", L);
  const play = el("button", { type: "button", class: "step-btn primary", "data-action": "play",
    onclick: () => (S.playing ? stop(true) : start(false)) }, [icon("play"), el("span", { class: "label", text: L.play })]);
  const where = el("output", { class: "mini-t", "aria-live": "off" });
  S.els.plays.push(play);
  S.els.miniT = where;
  return el("div", { class: "controls mini", role: "toolbar", "aria-label": L.controls }, [back, play, forward, where]);
}

function build(d) {
  const L = d.labels;
  const root = document.getElementById("root");
  root.replaceChildren();
  document.documentElement.lang = d.lang === "zh" ? "zh-Hans" : "en";
  document.body.classList.toggle("present", !!d.present);

  const buttons = ["first", "back", "forward", "last"].map((n) => stepButton(n, L));
  const play = el("button", { type: "button", class: "step-btn primary", "data-action": "play",
    onclick: () => (S.playing ? stop(true) : start(false)) }, [icon("play"), el("span", { class: "label", text: L.play })]);
  const speed = el("select", { id: "speed", onchange: (e) => { S.speed = Number(e.target.value); if (S.playing) restartClock(); scheduleReport(); } },
    d.speeds.map((v) => el("option", { value: String(v), text: String(v) })));
  speed.value = String(d.speeds.includes(S.speed) ? S.speed : d.speeds[0]);
  const speedBox = el("label", { class: "speed" }, [el("span", { text: L.speed }), speed]);
  const controls = el("div", { class: "controls", role: "toolbar", "aria-label": L.controls }, [...buttons, play, speedBox]);

  const slider = el("input", { type: "range", id: "t", min: "0", max: String(Math.max(d.T - 1, 0)), step: "1",
    "aria-keyshortcuts": "ArrowLeft ArrowRight Home End",
    oninput: (e) => { stop(); go(Number(e.target.value)); } });
  const tValue = el("output", { for: "t", class: "t-value" });
  const sliderBox = el("div", { class: "slider" }, [el("label", { for: "t" }, [el("span", { text: L.step + " = " }), tValue]), slider]);
  const hint = el("p", { class: "hint", text: L.keys_hint });
  const live = el("div", { class: "sr-only", "aria-live": "polite", "aria-atomic": "true", "data-testid": "player-live" });
  const body = el("div", { class: "view" });
  root.append(controls, sliderBox, hint, body, live);
  S.els = { buttons, play, plays: [play], slider, tValue, live, speed, miniT: null };
  S.view = window.GatescopeViews[d.kind || "step"];
  S.view.build(d, body, L, () => miniBar(L));
  root.removeAttribute("aria-busy");
}

// ------------------------------------------------------------------------------------------------ showing a step
function show(t) {
  const began = performance.now();
  const d = S.data;
  t = Math.min(Math.max(t, 0), d.T - 1);
  S.t = t;
  S.els.slider.value = String(t);
  S.els.slider.setAttribute("aria-valuetext", d.ticks ? String(d.ticks[t]) : String(t));
  S.els.tValue.textContent = d.ticks ? String(d.ticks[t]) : String(t);
  if (S.els.miniT) S.els.miniT.textContent = `${d.labels.step} = ${S.els.tValue.textContent}`;
  S.view.show(d, t);
  document.body.dataset.t = String(t); // tests and the benchmark read the step shown
  S.drawMs.push(performance.now() - began); // bench/browser.py reads the cost of a step
  if (S.drawMs.length > 500) S.drawMs.shift();
}

function stepTarget(name) {
  const last = S.data.T - 1;
  return { first: 0, back: Math.max(S.t - 1, 0), forward: Math.min(S.t + 1, last), last }[name];
}

function go(t) {
  show(t);
  announceLater();
  scheduleReport();
}

// A screen reader hears the step once stepping stops, not on every frame while playing.
function announceLater() {
  clearTimeout(S.liveTimer);
  if (S.playing) return;
  S.liveTimer = setTimeout(() => { S.els.live.textContent = (S.data.steps || S.data.frames)[S.t].live; }, 350);
}

// The server hears of the step once, after stepping stops: it writes the link and aims a what-if there.
function scheduleReport() {
  clearTimeout(S.reportTimer);
  if (S.playing) return;
  S.reportTimer = setTimeout(() => {
    S.seq += 1;
    send("streamlit:setComponentValue", { value: { t: S.t, speed: S.speed, seq: S.seq, version: S.version, seek: S.seek }, dataType: "json" });
  }, REPORT_AFTER_MS);
}

// ------------------------------------------------------------------------------------------------ playback
function setPlayButton() {
  const L = S.data.labels;
  for (const b of S.els.plays) {
    b.replaceChildren(icon(S.playing ? "pause" : "play"), el("span", { class: "label", text: S.playing ? L.pause : L.play }));
    b.setAttribute("aria-pressed", S.playing ? "true" : "false");
  }
}

function restartClock() {
  S.playFrom = S.t;
  S.playStart = performance.now();
}

function start(resume) {
  if (S.data.T < 2) return;
  if (S.t >= S.data.T - 1 && !resume) show(0);
  S.playing = true;
  clearTimeout(S.reportTimer);
  clearTimeout(S.liveTimer);
  restartClock();
  setPlayButton();
  requestAnimationFrame(frame);
}

// The cursor follows the clock (steps = elapsed time × speed), so a slow frame never slows the playback down.
function frame(now) {
  if (!S.playing) return;
  S.frames += 1;
  const target = Math.min(S.playFrom + Math.floor(((now - S.playStart) / 1000) * S.speed), S.data.T - 1);
  if (target !== S.t) show(target);
  if (target >= S.data.T - 1) { stop(true); return; }
  requestAnimationFrame(frame);
}

function stop(report) {
  if (!S.playing) return;
  S.playing = false;
  setPlayButton();
  if (report) { announceLater(); scheduleReport(); }
}

// ------------------------------------------------------------------------------------------------ keys
function typing(target) {
  if (!target || !target.closest) return false;
  return !!target.closest("input, textarea, select, [contenteditable], [role=listbox], [role=combobox], [role=slider]");
}

function onKey(e) {
  if (!S.data || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
  const name = Object.keys(KEYS).find((k) => KEYS[k] === e.key);
  if (!name || typing(e.target)) return;
  e.preventDefault();
  stop();
  go(stepTarget(name));
}

document.addEventListener("keydown", onKey);
// The keys work wherever the page has focus (as the Streamlit buttons' shortcuts did), not only inside the player.
try {
  if (window.parent === window) throw new Error("no parent page"); // an exported lesson: the document above is this one
  const parentDoc = window.parent.document;
  parentDoc.addEventListener("keydown", onKey);
  window.addEventListener("pagehide", () => parentDoc.removeEventListener("keydown", onKey));
} catch (err) {
  // a parent on another origin: the keys work inside the player only
}

// ------------------------------------------------------------------------------------------------ protocol
// A new payload (another run, layer, unit, language or what-if) keeps the step the user is on, and keeps playing;
// only when the server moved the cursor itself (a link, another model: `seek` changes) does it go to args.t.
async function render(args) {
  if (args.version === S.version && args.seek === S.seek) return; // the same run: keep the cursor where it is
  try {
    await loadPlotly(args.plotly_src);
    const d = args.data || JSON.parse(args.payload); // an exported lesson hands over the object itself
    const keep = S.data !== null && args.seek === S.seek;
    const wasPlaying = S.playing && keep;
    S.playing = false;
    S.data = d;
    S.version = args.version;
    S.seek = args.seek;
    if (!keep) S.speed = Number(args.speed) || 4;
    build(d);
    setPlayButton();
    show(Math.min(Math.max(keep ? S.t : args.t, 0), d.T - 1));
    if (wasPlaying) start(true);
    else if (keep && S.t !== args.t) scheduleReport(); // the server's step is older than the one kept here
  } catch (err) {
    document.getElementById("root").replaceChildren(el("p", { class: "error", role: "alert", text: String(err) }));
  }
  setHeight();
}

window.addEventListener("message", (e) => {
  if (e.data && e.data.type === "streamlit:render") render(e.data.args);
});
new ResizeObserver(setHeight).observe(document.documentElement);
window.GatescopeUI = { el, icon };
window.gatescopePlayer = { state: S, go, start, stop, render };
send("streamlit:componentReady", { apiVersion: 1 });
