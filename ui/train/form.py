"""The Train page's settings form: one table of fields maps the widgets to a TrainConfig and back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from lstm_core.data.windows import (
    TrainDataError,
    choose_season,
    clean_frame,
    default_window,
    plan_split,
    season_evidence,
    season_length,
)
from lstm_core.device import describe_device, resolve_device
from lstm_core.errors import GatescopeError
from lstm_core.forecast.train import TrainConfig
from lstm_core.limits import LIMITS
from ui import jobs
from ui.i18n import t
from ui.train.text import engine_text, freq_words

ss = st.session_state
DEFAULTS = TrainConfig()


HIDDEN_SIZES = tuple(sorted({4, 8, 16, 32, 64, 128, DEFAULTS.hidden_size}))


LEARNING_RATES = tuple(sorted({1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, DEFAULTS.lr}))


BATCH_SIZES = tuple(sorted({8, 16, 32, 64, 128, 256, DEFAULTS.batch_size}))


def _max(name: str) -> int:
    """A number field's largest value: lstm_core.limits' table, the same bound the CLI and model files get."""
    return int(LIMITS[name].high)


@dataclass(frozen=True)
class Field:
    """One setting: its widget key, the TrainConfig field it sets, and how a widget value becomes that field."""

    key: str  # the widget's key in st.session_state
    name: str  # the TrainConfig field
    to_config: Callable = int  # widget value -> config value
    to_widget: Callable = int  # config value -> widget value


FIELDS = (
    Field("train.horizon", "horizon"),
    Field("train.window", "window", lambda v: int(v) or None, lambda v: v or 0),  # 0 in the form: automatic
    Field("train.epochs", "epochs"),
    Field("train.hidden", "hidden_size"),
    Field("train.layers", "num_layers"),
    Field("train.patience", "patience"),
    Field("train.lr", "lr", float, float),
    Field("train.batch", "batch_size"),
    Field("train.seed", "seed"),
)
# Streamlit forgets a widget's value when a run does not draw it (another page), so the settings are copied to
# "train._settings" and put back when the page is drawn again.
SETTING_KEYS = ("train.target", "train.features", *(f.key for f in FIELDS))


def default_horizon(rows: int) -> int:
    """The engine's default horizon, or a tenth of the data when that is shorter."""
    return int(min(DEFAULTS.horizon, max(1, rows // 10)))


def form_defaults(rows: int) -> dict:
    """Every field's widget value for the engine's defaults on data of `rows` rows."""
    values = {f.key: f.to_widget(getattr(DEFAULTS, f.name)) for f in FIELDS}
    values["train.horizon"] = default_horizon(rows)
    return values


def config_from_form(values: dict) -> TrainConfig:
    """The TrainConfig the form's values describe (one torch thread a run: the server shares its cores)."""
    fields = {f.name: f.to_config(values[f.key]) for f in FIELDS}
    return TrainConfig(**fields, features=list(values.get("train.features") or []) or None, device=DEFAULTS.device,
                       num_threads=1)


def form_from_config(cfg: TrainConfig, target: str) -> dict:
    """The form's values for a run's config: the settings of a run found again."""
    values = {f.key: f.to_widget(getattr(cfg, f.name)) for f in FIELDS}
    values["train.target"] = target
    values["train.features"] = [c for c in (cfg.features or []) if c != target]
    return values


def before_training(df, target: str, freq: str | None, season: int | None, season_kind: str,
                    horizon: int) -> str:
    """What an automatic run will do with the data, in words, before it starts: the season and why, and how many
    time steps cleaning inserts and values it fills (the same as the CLI prints; nothing happens unsaid)."""
    words = [t(f"train.season_why.{season_kind}", m=season or "–", day=season_length(freq) or "–")]
    check = season_evidence(df[target].to_numpy(dtype=float), freq, season, season_kind, len(df), horizon)
    if check is not None:
        words.append(t("train.season_check", h=horizon, m=check.season, seasonal=f"{check.seasonal_mae:.4g}",
                       plain=f"{check.plain_mae:.4g}"))
    features = [f for f in ss.get("train.features") or [] if f in df]
    # Cleaning a long table costs a moment; the form reruns on every widget change: kept per data and columns.
    key = (id(df), target, tuple(features), freq)
    cached = ss.get("train._cleaning")
    if not cached or cached[0] != key:
        try:
            cached = (key, clean_frame(df, [target, *features], freq)[1])
        except GatescopeError:
            cached = (key, None)
        ss["train._cleaning"] = cached
    c = cached[1]
    if c is None:
        return words[0]
    if c.inserted or c.filled or c.trimmed_leading or c.trimmed_trailing:
        words.append(t("train.cleaning_before", inserted=c.inserted, filled=c.filled,
                       trimmed=c.trimmed_leading + c.trimmed_trailing))
    return " ".join(words)


def too_short(rows: int, season: int | None) -> str:
    """What does not fit in data of `rows` rows with the form's horizon and window, said in the user's language;
    "" when it fits (the same check the engine makes before a run)."""
    try:
        plan_split(rows, int(ss["train.horizon"]), int(ss["train.window"]) or None, season, None, None)
    except TrainDataError as exc:
        return engine_text(exc)
    return ""


def settings_section(data: dict, busy: bool) -> TrainConfig | None:
    """The settings; the TrainConfig to run when Start was pressed, else None."""
    df = data["df"]
    columns = [str(c) for c in df.columns]
    st.subheader(t("train.settings_title"))
    for key, value in ss.get("train._settings", {}).items():
        if key not in ss:
            ss[key] = value
    if ss.get("train.target") not in columns:
        ss["train.target"] = columns[0]
    c1, c2 = st.columns(2)
    with c1:
        st.selectbox(t("train.target"), options=columns, key="train.target")
        st.caption(t("train.target_help"))
    target = ss["train.target"]
    others = [c for c in columns if c != target]
    ss["train.features"] = [f for f in ss.get("train.features", []) if f in others]
    with c2:
        st.multiselect(t("train.features"), options=others, key="train.features", disabled=not others,
                       placeholder=t("train.features_none"))
        st.caption(t("train.features_help"))

    freq = data["report"].frequency
    for key, default in form_defaults(len(df)).items():
        ss.setdefault(key, default)
    # what an automatic run will use (the target's validation part decides whether the season helps)
    season, season_kind = choose_season(freq, len(df), int(ss["train.horizon"]),
                                        df[target].to_numpy(dtype=float) if target in df else None)
    st.caption(before_training(df, target, freq, season, season_kind, int(ss["train.horizon"])))
    for key, options, default in (("train.hidden", HIDDEN_SIZES, DEFAULTS.hidden_size),
                                  ("train.lr", LEARNING_RATES, DEFAULTS.lr),
                                  ("train.batch", BATCH_SIZES, DEFAULTS.batch_size)):
        if ss[key] not in options:
            ss[key] = default
    cols = st.columns(3)
    with cols[0]:
        st.number_input(t("train.horizon"), min_value=1, max_value=_max("horizon"), step=1, key="train.horizon")
        # A file without dates has no time step to name: a step is a row.
        st.caption(t("train.horizon_help", freq=freq_words(freq)) if freq else t("train.horizon_help_rows"))
    with cols[1]:
        st.number_input(t("train.window"), min_value=0, max_value=_max("window"), step=1, key="train.window")
        if season_kind == "weak":
            st.caption(t("train.window_help_weak", season=season_length(freq)))
        elif season_kind == "week":
            st.caption(t("train.window_help_week", season=season, window=default_window(int(ss["train.horizon"]),
                                                                                        season)))
        else:
            st.caption(t("train.window_help", season=season) if season else t("train.window_help_no_season"))
    with cols[2]:
        st.number_input(t("train.epochs"), min_value=1, max_value=_max("epochs"), step=10, key="train.epochs")
        st.caption(t("train.epochs_help", patience=ss["train.patience"]))
    cols = st.columns(3)
    with cols[0]:
        st.select_slider(t("train.hidden"), options=HIDDEN_SIZES, key="train.hidden")
        st.caption(t("train.hidden_help", default=DEFAULTS.hidden_size))
    with cols[1]:
        st.number_input(t("train.layers"), min_value=1, max_value=_max("num_layers"), step=1, key="train.layers")
        st.caption(t("train.layers_help"))
    with cols[2]:
        device = resolve_device(DEFAULTS.device)
        shown = describe_device(device) if device.type != "cpu" else t("train.cpu_threads")
        st.markdown(f"**{t('train.device_label')}**")
        slots = jobs.slots()
        st.markdown(t("train.device", device=shown, slots=slots) if slots else t("train.device_cluster", device=shown))
    with st.expander(t("train.advanced"), icon=":material/tune:"):
        a = st.columns(4)
        a[0].number_input(t("train.patience"), min_value=1, max_value=_max("patience"), step=5, key="train.patience",
                          help=t("train.patience_help"))
        a[1].select_slider(t("train.lr"), options=LEARNING_RATES, key="train.lr", help=t("train.lr_help"),
                           format_func=lambda v: f"{v:g}")
        a[2].select_slider(t("train.batch"), options=BATCH_SIZES, key="train.batch", help=t("train.batch_help"))
        a[3].number_input(t("train.seed"), min_value=0, max_value=10**6, step=1, key="train.seed",
                          help=t("train.seed_help"))

    ss["train._settings"] = {k: ss[k] for k in SETTING_KEYS if k in ss}
    problem = too_short(len(df), season)
    if problem:
        st.warning(t("train.too_short", message=problem), icon=":material/straighten:")
    start = st.button(t("train.start"), key="train.start", type="primary", icon=":material/play_arrow:",
                      disabled=busy or bool(problem), help=t("train.busy") if busy else None)
    return config_from_form(ss) if start and not busy else None

