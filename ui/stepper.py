"""Session helpers of the Step-through page: which models can be opened, per-user trace cache, URL state.

All per-user data lives in st.session_state (never in a module global or st.cache_*), so two students
stepping different models never see each other's state.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace

import numpy as np
import streamlit as st

from lstm_core.lessons import presets
from lstm_core.lessons.presets import Preset
from lstm_core.lstm.intervene import Clamp, InputEdit, what_if
from lstm_core.lstm.trace import torch_parity, trace
from ui import i18n, urls
from ui.figures import heatmap_base
from ui.presenter import presenting
from ui.style import Style

CUSTOM = "__custom__"
TRAINED_PREFIX = "trained:"
URL_KEYS = ("preset", "ex", "seq", "t", "unit", "layer", "gate", "w", "clamp", "edit")
HANDSET_KEYS = tuple(presets.HANDSET_DEFAULTS)
_CACHE_SIZE = 6  # traces kept per user: enough to flip between a few inputs without recomputing
_VARIANTS = 4  # what-if runs kept per trace: enough to flip between a few clamps


@dataclass
class Traced:
    """One traced input, kept per user so stepping only redraws the cursor."""

    tr: object  # GateTrace
    parity: float
    output: np.ndarray | None
    symbols: list[str] | None
    output_symbols: list[str] | None
    forecast: np.ndarray | None = None  # scaled forecast drawn after the input (trained models, last window)
    input_names: list[str] | None = None  # names of the input columns (trained models)
    figures: dict = field(default_factory=dict)  # heatmap base figures by (layer, focus, language, presenting)
    variants: dict = field(default_factory=dict)  # what-if runs by (clamp, edit)

    def heatmaps(self, layer: int, focus: str | None, language: str):
        """The heatmap figure for this layer, built once; stepping only moves its cursor."""
        key = (layer, focus, language, presenting())
        if key not in self.figures:
            self.figures[key] = heatmap_base(
                self.tr, layer, symbols=self.symbols, output=self.output if self.output_symbols is None else None,
                output_symbols=self.output_symbols, focus=focus, forecast=self.forecast, input_names=self.input_names,
                style=Style(language, presenting()))
        return self.figures[key]


    def variant(self, model: Preset, clamp: Clamp | None, edit: InputEdit | None) -> Traced:
        """This run again with a what-if (lstm_core.lstm.intervene), cached like the trace. Raises ValueError when
        the what-if does not fit the run (a unit or step out of range)."""
        key = (clamp, edit)
        if key not in self.variants:
            tr = what_if(model.lstm, self.tr, clamp, edit)
            self.variants[key] = outputs(model, tr, self.parity, self.forecast)
            while len(self.variants) > _VARIANTS:
                self.variants.pop(next(iter(self.variants)))
        return self.variants[key]


def outputs(model: Preset, tr, parity: float, forecast: np.ndarray | None = None) -> Traced:
    """A traced run with the model's read-out: numbers, or characters for a next-character model."""
    output = model.readout(tr) if model.head is not None else None
    out_symbols = None
    if output is not None and model.meta["output"].get("kind") == "next_char":
        alphabet = model.meta["input"]["alphabet"]
        out_symbols = [alphabet[k] for k in output.argmax(axis=1)]
    return Traced(tr, parity, output, model.symbols(tr.x), out_symbols, forecast, model.meta["input"].get("columns"))


def model_keys() -> list[str]:
    """Presets on disk, then models this user trained in this session (see the Train page)."""
    trained = st.session_state.get("trained_models", {})
    return presets.available() + [TRAINED_PREFIX + k for k in trained]


def model_titles(key: str) -> dict[str, str]:
    """A model's title in every language (trained models are named by their user)."""
    if key.startswith(TRAINED_PREFIX):
        name = st.session_state.get("trained_models", {}).get(key.removeprefix(TRAINED_PREFIX), {}).get("name", key)
        return {"en": name, "zh": name}
    return presets.load_meta(key)["title"]


def get_model(key: str, handset_weights: dict[str, float] | None = None) -> Preset:
    if key.startswith(TRAINED_PREFIX):
        return st.session_state["trained_models"][key.removeprefix(TRAINED_PREFIX)]["preset"]
    if key == "handset":
        return presets.handset(handset_weights or presets.HANDSET_DEFAULTS)
    return shipped_preset(key)


@st.cache_resource(max_entries=16, show_spinner=False)
def shipped_preset(key: str) -> Preset:
    """A shipped preset, loaded once per process: the same read-only files for every user (nothing mutates a
    shipped preset; a trained model's words are added to its own copy, see worded())."""
    return presets.load(key)


@st.cache_resource(max_entries=64, show_spinner=False)
def _shared_run(key: str, text: str, _model: Preset) -> Traced:
    """A preset's own example traced once per process (the same for every student). Read-only: traced() gives
    each session a Traced of its own around it, so per-user figures and what-ifs never land here."""
    return _trace(_model, text)


def _trace(model: Preset, text: str) -> Traced:
    x = model.encode(text)  # may raise InputError: nothing is cached then
    tr = trace(model.lstm, x)
    fc = model.meta.get("forecast", {}).get(text)
    return outputs(model, tr, torch_parity(model.lstm, tr), np.asarray(fc) if fc is not None else None)


def preset_example(key: str, typed: bool, weights: tuple = ()) -> bool:
    """True for a shipped preset's own example with its default weights: the same for every student, so its trace
    and its player payload may be kept once per process (nothing of a user's own)."""
    if key.startswith(TRAINED_PREFIX) or typed:
        return False
    return key != "handset" or weights in ((), tuple(presets.HANDSET_DEFAULTS.values()))


def traced(key: str, model: Preset, text: str, weights: tuple = (), shared: bool = False) -> Traced:
    """Trace `text` through `model`, reusing this user's cached result when nothing changed. shared: the input is
    a shipped preset's own example (not typed, default weights): its trace is computed once per process."""
    cache: dict = st.session_state.setdefault("step._cache", {})
    cache_key = (key, text, weights)
    if cache_key not in cache:
        if shared:
            run = _shared_run(key, text, model)
            cache[cache_key] = replace(run, figures={}, variants={})
        else:
            cache[cache_key] = _trace(model, text)
        while len(cache) > _CACHE_SIZE:
            cache.pop(next(iter(cache)))
    return cache[cache_key]


def register_trained(name: str, result, df) -> str:
    """Make a trained forecaster steppable in this user's session; returns its model key for ?preset=."""
    trained = st.session_state.setdefault("trained_models", {})
    model_id = secrets.token_hex(4)
    trained[model_id] = {"name": name, "preset": worded(presets.from_forecaster(result, df, name))}
    while len(trained) > 3:  # keep the session small: the three most recent trained models
        trained.pop(next(iter(trained)))
    return TRAINED_PREFIX + model_id


def in_every_language(key: str, **params) -> dict[str, str]:
    """The UI string `key` in every language, formatted: the form preset metadata uses."""
    return {code: i18n.t(key, code, **params) for code in i18n.LANGS}


def worded(model: Preset) -> Preset:
    """A trained model's metadata with its words, in every language, from the values the core gave."""
    meta, values = model.meta, model.meta["text"]
    meta["description"] = in_every_language("trained.description", **values)
    meta["look_for"] = in_every_language("trained.look_for", **values)
    meta["input"]["meaning"] = in_every_language("trained.input_meaning")
    meta["output"]["meaning"] = in_every_language("trained.output_meaning")
    for example in meta["examples"]:
        example["label"] = in_every_language(f"trained.example.{example['id']}", **values)
    return model


def url_request() -> dict[str, str] | None:
    """The step-view parameters in the URL when they were not written by this session (a shared link)."""
    params = {k: st.query_params.get(k) for k in URL_KEYS}
    if params["preset"] is None:
        return None
    if urls.written_by_us("step", params, URL_KEYS):
        return None  # one we wrote ourselves: while playing, the browser reports the URL a few ticks late
    return params


def write_url(params: dict[str, str]) -> None:
    """Mirror the view in the address bar, so a teacher can copy the link and open this exact view."""
    current = {k: v for k, v in params.items() if v is not None}
    st.query_params.from_dict(current)
    urls.remember("step", current, URL_KEYS)


