"""Small browser widgets Streamlit does not have, as st.components.v2 components (no iframe, no build step).

- page_language: sets <html lang> to the page's language, for screen readers.
- history_entries: an entry in the browser's history per page or lesson chosen, not per step or guess.
- enter_applies: Enter applies a text area (Shift+Enter a new line where one can belong).
- inline_svg: a drawing built on the server (the Start page's cell diagram, whose gate boxes are links).
- fold_sidebar: folds the sidebar once when presenter mode turns on, on a screen narrower than a projector's.
- copy_link_button: copies the address bar (the lesson link: every view lives in the URL) to the clipboard, less
  ?run= (a training run belongs to the browser that started it).
- draw_pad: the student draws an input sequence with the mouse or a finger; the drawn curve, sampled at T
  points, comes back as a list of numbers.

The HTML/JS here is fixed code. Labels reach it only through `data` and are set with textContent, never as
HTML, so no text (translated or typed) can inject markup.
"""

from __future__ import annotations

import streamlit.components.v2 as components

_COPY_JS = """
export default function (component) {
  const { data, parentElement } = component;
  let button = parentElement.querySelector("button");
  if (!button) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "gs-copy";
    parentElement.appendChild(button);
    button.addEventListener("click", async () => {
      // A lesson link, never a run: ?run= names one browser's training run (issue 23), so it is left out.
      const link = new URL(window.location.href);
      link.searchParams.delete("run");
      const url = link.toString();
      let ok = false;
      try {
        await navigator.clipboard.writeText(url);
        ok = true;
      } catch (e) {  // no clipboard API (plain http on a LAN address): the old way
        const area = document.createElement("textarea");
        area.value = url;
        document.body.appendChild(area);
        area.select();
        try { ok = document.execCommand("copy"); } catch (e2) { ok = false; }
        area.remove();
      }
      button.textContent = ok ? button.dataset.done : button.dataset.failed;
      button.dataset.copied = ok ? "1" : "0";
      setTimeout(() => { button.textContent = button.dataset.label; }, 2500);
    });
  }
  button.dataset.label = data.label;
  button.dataset.done = data.done;
  button.dataset.failed = data.failed;
  button.title = data.help;
  if (!button.dataset.copied) button.textContent = data.label;
}
"""
_COPY_CSS = """
.gs-copy { width: 100%; padding: 0.4rem 0.75rem; border-radius: 0.5rem; cursor: pointer; font: inherit;
  border: 1px solid var(--st-border-color, #d0d0d5); background: var(--st-background-color, #fff);
  color: var(--st-text-color, #111); }
.gs-copy:hover { border-color: var(--st-primary-color, #ff4b4b); color: var(--st-primary-color, #ff4b4b); }
"""

_DRAW_JS = """
export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let pad = parentElement.querySelector("canvas");
  const state = parentElement.__gs || (parentElement.__gs = { ys: null });
  const W = 900, H = 220, M = 28;
  if (!pad) {
    pad = document.createElement("canvas");
    pad.width = W; pad.height = H;
    pad.className = "gs-pad";
    pad.setAttribute("role", "img");
    parentElement.appendChild(pad);
    const clear = document.createElement("button");
    clear.type = "button"; clear.className = "gs-clear";
    parentElement.appendChild(clear);
    let drawing = false, last = null;
    const toData = (ev) => {
      const r = pad.getBoundingClientRect();
      const px = (ev.clientX - r.left) * W / r.width, py = (ev.clientY - r.top) * H / r.height;
      const n = state.n;
      const k = Math.round((px - M) / (W - 2 * M) * (n - 1));
      const v = state.hi - (py - M) / (H - 2 * M) * (state.hi - state.lo);
      return [Math.min(n - 1, Math.max(0, k)), Math.min(state.hi, Math.max(state.lo, v))];
    };
    const put = (ev) => {
      const [k, v] = toData(ev);
      if (last !== null) {  // fill every step between two pointer events, so a fast stroke leaves no gap
        const [k0, v0] = last, step = k > k0 ? 1 : -1;
        for (let j = k0; j !== k; j += step) state.ys[j] = v0 + (v - v0) * (j - k0) / (k - k0);
      }
      state.ys[k] = v; last = [k, v];
      paint();
    };
    pad.addEventListener("pointerdown", (ev) => {
      drawing = true; last = null; pad.setPointerCapture(ev.pointerId); put(ev);
    });
    pad.addEventListener("pointermove", (ev) => { if (drawing) put(ev); });
    const end = () => {
      if (!drawing) return;
      drawing = false; last = null;
      setStateValue("drawn", state.ys.map((v) => Math.round(v * 1000) / 1000));
    };
    pad.addEventListener("pointerup", end);
    pad.addEventListener("pointercancel", end);
    clear.addEventListener("click", () => {
      state.ys = new Array(state.n).fill(0); paint(); setStateValue("drawn", state.ys.slice());
    });
  }
  const paint = () => {
    const ctx = pad.getContext("2d");
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = "#fafafa"; ctx.fillRect(0, 0, W, H);
    const y = (v) => M + (state.hi - v) / (state.hi - state.lo) * (H - 2 * M);
    const x = (k) => M + k / Math.max(1, state.n - 1) * (W - 2 * M);
    ctx.strokeStyle = "#bbb"; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(M, y(0)); ctx.lineTo(W - M, y(0)); ctx.stroke();
    ctx.fillStyle = "#555"; ctx.font = "14px sans-serif";
    ctx.fillText(String(state.hi), 2, M + 4); ctx.fillText(String(state.lo), 2, H - M + 4);
    ctx.strokeStyle = "#2166ac"; ctx.lineWidth = 3; ctx.beginPath();
    state.ys.forEach((v, k) => { if (k === 0) ctx.moveTo(x(k), y(v)); else ctx.lineTo(x(k), y(v)); });
    ctx.stroke();
    ctx.fillStyle = "#2166ac";
    state.ys.forEach((v, k) => { ctx.beginPath(); ctx.arc(x(k), y(v), 2.5, 0, 6.3); ctx.fill(); });
  };
  if (state.n !== data.n || state.key !== data.key) {  // a new pad (or the start values changed): start from them
    state.n = data.n; state.key = data.key;
    state.ys = data.values.slice(0, data.n);
    while (state.ys.length < data.n) state.ys.push(0);
  }
  state.lo = data.lo; state.hi = data.hi;
  pad.setAttribute("aria-label", data.label);
  parentElement.querySelector(".gs-clear").textContent = data.clear;
  paint();
}
"""
_DRAW_CSS = """
.gs-pad { width: 100%; height: auto; touch-action: none; cursor: crosshair;
          border: 1px solid #ccc; border-radius: 6px; }
.gs-clear { margin-top: 0.3rem; padding: 0.25rem 0.7rem; border-radius: 0.5rem; border: 1px solid #ccc;
  background: #fff; cursor: pointer; font: inherit; }
"""

# Widgets with nothing to see: the element's container takes no room on the page. The component may live in a
# shadow root, whose host is the element in the page.
_HIDE_SELF = """\
  const node = parentElement.host || (parentElement.getRootNode && parentElement.getRootNode().host) || parentElement;
  const box = node.closest ? node.closest('[data-testid="stElementContainer"]') : null;
  if (box) box.style.display = "none";
"""

# The page's language for screen readers and fonts (Streamlit leaves <html lang="en"> as it is): a Chinese page
# read with an English voice is unintelligible. BCP 47 tags: "en", "zh-Hans".
_LANG_JS = """
export default function (component) {
  const { data, parentElement } = component;
  document.documentElement.lang = data.lang;
""" + _HIDE_SELF + """}
"""

# Presenter mode just turned on: on a screen narrower than 1280 px the sidebar folds away (Streamlit folds it only
# on a first load), so the stage gets the width. Once per `turn` (a counter the page raises when the mode turns on):
# a teacher who opens the sidebar again afterwards keeps it open.
_FOLD_JS = """
export default function (component) {
  const { data, parentElement } = component;
""" + _HIDE_SELF + """  if (window.__gsFoldTurn === data.turn) return;
  window.__gsFoldTurn = data.turn;
  if (window.innerWidth >= data.below) return;
  const fold = () => {
    const bar = document.querySelector('[data-testid="stSidebar"]');
    const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (bar && bar.dataset.collapsed === "false" && button) button.click();
  };
  requestAnimationFrame(fold);
}
"""

# Streamlit adds a browser-history entry for every change of the query string: every step a student stops on, every
# guess, every unit, so Back walked through dozens of states never chosen. This keeps an entry per page and per
# lesson chosen (one of the page's data.keys changed from one value to another: a page switch first clears the
# previous page's parameters, which is no choice) and replaces the address otherwise.
_HISTORY_JS = r"""
export default function (component) {
  const { data, parentElement } = component;
""" + _HIDE_SELF + r"""  window.__gsChoiceKeys = data.keys;
  if (window.__gsHistoryKept) return;
  window.__gsHistoryKept = true;
  const push = window.history.pushState.bind(window.history);
  const replace = window.history.replaceState.bind(window.history);
  window.history.pushState = function (state, title, url) {
    try {
      const now = new URL(window.location.href);
      const next = new URL(url, now);
      const page = next.pathname.replace(/\/+$/, "").split("/").pop();
      const chosen = next.pathname !== now.pathname || (window.__gsChoiceKeys[page] || []).some(
        (k) => now.searchParams.has(k) && next.searchParams.has(k)
          && next.searchParams.get(k) !== now.searchParams.get(k));
      if (!chosen) return replace(state, title, url);
    } catch (err) {
      // an address this cannot read: leave it to the browser
    }
    return push(state, title, url);
  };
}
"""

# Enter applies a typed input, as in a search box (Streamlit's text area applies on Ctrl+Enter and makes Enter a new
# line, which a character model then refuses); Shift+Enter still starts a new line where one can belong (data.newline).
# The text area applies its value when it loses focus: Enter takes the focus away and gives it straight back.
_ENTER_JS = """
export default function (component) {
  const { data, parentElement } = component;
""" + _HIDE_SELF + """  window.__gsEnter = window.__gsEnter || {};
  window.__gsEnter[data.container] = !!data.newline;
  if (window.__gsEnterHooked) return;
  window.__gsEnterHooked = true;
  document.addEventListener("keydown", (e) => {
    const area = e.target;
    if (e.key !== "Enter" || e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (!area || area.tagName !== "TEXTAREA") return;
    const owner = Object.keys(window.__gsEnter).find((cls) => area.closest("." + cls));
    if (!owner || (e.shiftKey && window.__gsEnter[owner])) return;
    e.preventDefault();
    e.stopPropagation();
    area.blur();
    setTimeout(() => area.focus(), 0);
  }, true);
}
"""

# A drawing the server made (ui.cell_svg: fixed shapes, escaped labels, links the page built), placed as it is: st.html
# keeps HTML only and would drop an <svg>.
_SVG_JS = """
export default function (component) {
  const { data, parentElement } = component;
  if (parentElement.__gsSvg !== data.svg) {
    parentElement.__gsSvg = data.svg;
    parentElement.innerHTML = data.svg;
  }
}
"""

_copy = components.component("gatescope.copy_link", js=_COPY_JS, css=_COPY_CSS)
_svg = components.component("gatescope.inline_svg", js=_SVG_JS)
_enter = components.component("gatescope.enter_applies", js=_ENTER_JS)
_history = components.component("gatescope.history_entries", js=_HISTORY_JS)
_fold = components.component("gatescope.fold_sidebar", js=_FOLD_JS)
_lang = components.component("gatescope.page_language", js=_LANG_JS)
_draw = components.component("gatescope.draw_pad", js=_DRAW_JS, css=_DRAW_CSS)


def page_language(tag: str, key: str) -> None:
    """Set <html lang> to the language the page is in (a BCP 47 tag)."""
    _lang(data={"lang": tag}, key=key)


def history_entries(keys: dict[str, tuple[str, ...]], key: str) -> None:
    """Browser history: an entry per page and per change of one of a page's `keys` ({url path: parameters}: a
    lesson chosen), none for the rest (a step, a guess, a unit)."""
    _history(data={"keys": {page: list(names) for page, names in keys.items()}}, key=key)


def enter_applies(widget_key: str, *, newline: bool, key: str) -> None:
    """Enter applies the text area with key `widget_key`; Shift+Enter starts a new line there when `newline`."""
    container = "st-key-" + "".join(c if c.isalnum() or c in "_-" else "-" for c in widget_key.strip())
    _enter(data={"container": container, "newline": bool(newline)}, key=key)


def inline_svg(svg: str, key: str) -> None:
    """Place an <svg> the server built (never user markup: labels in it are escaped) in the page."""
    _svg(data={"svg": svg}, key=key)


def fold_sidebar(turn: int, *, below: int, key: str) -> None:
    """Fold the sidebar once per `turn` on a screen narrower than `below` px."""
    _fold(data={"turn": int(turn), "below": int(below)}, key=key)


def copy_link_button(label: str, done: str, failed: str, help_text: str, key: str) -> None:
    """A button that copies the current address (the lesson link) to the clipboard."""
    _copy(data={"label": label, "done": done, "failed": failed, "help": help_text}, key=key)


def draw_pad(start: list[float], *, steps: int, lo: float, hi: float, label: str, clear: str, key: str,
             on_change=None) -> list[float] | None:
    """A canvas to draw `steps` values in [lo, hi], starting from `start`. Returns the drawn values once the
    student has drawn (None before). `on_change` runs when a stroke ends."""
    result = _draw(data={"n": int(steps), "values": [float(v) for v in start], "lo": lo, "hi": hi, "label": label,
                         "clear": clear, "key": ",".join(f"{v:g}" for v in start)},
                   key=key, default={"drawn": None}, on_drawn_change=on_change or (lambda: None))
    drawn = result.get("drawn") if hasattr(result, "get") else getattr(result, "drawn", None)
    return list(drawn) if isinstance(drawn, list) else None
