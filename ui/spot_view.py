"""The Spot-the-bug page's parts: its view in the URL, the puzzle's state, and the reveal of each mistake
(app_pages/spot.py lays them out). The mistakes themselves, with the code that runs, are lstm_core.lessons.mistakes;
the leakage experiment is lstm_core.lessons.leakage."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lstm_core.lessons import leakage, presets
from lstm_core.lessons.mistakes import (
    CELL_AFFECTED,
    CELL_DEMO_INPUT,
    CELL_MISTAKES,
    MISTAKES,
    ORDER,
    compare_cell,
    dropped_windows,
    scaled_ranges,
    window_starts,
)
from lstm_core.lstm.trace import layer_weights
from ui import equations, urls
from ui.exports import chart_config, show_heatmaps
from ui.i18n import STRINGS, lang, pick, t
from ui.presenter import chart, current_style, presenting
from ui.spot_figures import (
    RIGHT_COLOR,
    WRONG_COLOR,
    cell_compare_figure,
    cell_panels,
    forecast_figure,
    windows_figure,
)
from ui.widgets import canonical

ss = st.session_state
CHOICES = ("a", "b", "c")
URL_KEYS = ("bug", "reveal", "guess", "ex", "head", "H")
HORIZONS = (1, 12)
PRESET = "memory"

CODE_NOTES = {  # the comment on the changed line, translated
    "scaler_on_whole_series": ("spot.code.sees_test", "spot.code.train_only"),
    "test_scaled_by_own_max": ("spot.code.own_max", "spot.code.train_scaler"),
}


def code(bug: str, idx: int) -> str:
    """The wrong (idx 0) or right (idx 1) code, as run (lstm_core.lessons.mistakes), its comment translated."""
    notes = CODE_NOTES.get(bug)
    text = MISTAKES[bug].code[idx]
    return text.format(note=t(notes[idx])) if notes else text


def formula(bug: str, idx: int) -> str | None:
    """The wrong (idx 0) or right (idx 1) equation of a cell mistake as LaTeX; None for a data mistake."""
    return equations.mistake_pair(bug)[idx] if bug in CELL_MISTAKES else None


def answer(bug: str) -> str:
    """Which of the three predictions is what really happens."""
    return MISTAKES[bug].answer


def bug_title(bug: str) -> str:
    return t(f"spot.{bug}.title")


def canonical_bug(value) -> str | None:
    """The mistake id for a pill's value (Streamlit may hand back a label after the language changed)."""
    return canonical(value, {bug: STRINGS[f"spot.{bug}.title"] for bug in ORDER})


def open_bug(bug: str) -> None:
    """Open a mistake as a fresh puzzle: hidden answer, its default input."""
    ss["spot.bug"] = bug
    ss["spot.reveal"] = False
    ss["spot.ex"] = CELL_DEMO_INPUT.get(bug, "pos_spike")


def on_pick() -> None:
    bug = canonical_bug(ss.get("spot.bug")) or ss.get("spot._shown") or ORDER[0]
    if bug != ss.get("spot._shown"):
        open_bug(bug)
    else:
        ss["spot.bug"] = bug  # relabelled by a language switch, not changed


def step_bug(delta: int) -> None:
    k = ORDER.index(ss["spot.bug"])
    open_bug(ORDER[min(max(k + delta, 0), len(ORDER) - 1)])


def set_reveal(on: bool) -> None:
    ss["spot.reveal"] = on


# ----------------------------------------------------------------------------- URL


def apply_link() -> None:
    """A shared link opens the mistake it names, revealed or not, with its guess and input."""
    params = {k: st.query_params.get(k) for k in URL_KEYS}
    if params["bug"] is None or urls.written_by_us("spot", params, URL_KEYS):
        return  # no link, or the URL this session wrote itself
    bug = params["bug"] if params["bug"] in ORDER else ORDER[0]
    if params["bug"] not in ORDER:
        ss["spot._bad_link"] = params["bug"][:40]
    open_bug(bug)
    ss["spot.reveal"] = params["reveal"] == "1"
    if params["guess"] in CHOICES:
        ss[f"spot.guess.{bug}"] = params["guess"]
    if params["ex"] in example_ids():
        ss["spot.ex"] = params["ex"]
    if params["head"] in leakage.HEADS:
        ss["spot.head"] = params["head"]
    if params["H"] in {str(h) for h in HORIZONS}:
        ss["spot.H"] = int(params["H"])


def write_url(bug: str) -> None:
    """Mirror the view in the address bar; only this page's keys, so lang and present stay as they are."""
    view = {"bug": bug, "reveal": "1" if ss.get("spot.reveal") else None, "guess": ss.get(f"spot.guess.{bug}"),
            "ex": ss.get("spot.ex") if bug in CELL_MISTAKES else None,
            "head": ss.get("spot.head") if bug == "scaler_on_whole_series" else None,
            "H": str(ss.get("spot.H", HORIZONS[0])) if bug == "off_by_one_windows" else None}  # set when revealed
    urls.write_view("spot", view)


# ----------------------------------------------------------------------------- cell mistakes


def memory_model() -> presets.Preset:
    """The preset, loaded once per session (safetensors, a few ms)."""
    if "spot._model" not in ss:
        ss["spot._model"] = presets.load(PRESET)
    return ss["spot._model"]


def example_ids() -> list[str]:
    return [e["id"] for e in presets.load_meta(PRESET)["examples"]]


def reveal_cell(bug: str) -> None:
    model = memory_model()
    examples = {e["id"]: e for e in model.meta["examples"]}
    if ss.get("spot.ex") not in examples:
        ss["spot.ex"] = CELL_DEMO_INPUT[bug]
    if not presenting():
        st.selectbox(t("spot.input"), options=list(examples), format_func=lambda k: pick(examples[k]["label"]),
                     key="spot.ex")
    ex = ss["spot.ex"]
    x = model.encode(examples[ex]["input"])  # (T, 1)
    head = (model.head.weight.detach().numpy(), model.head.bias.detach().numpy())
    cmp = compare_cell(bug, x, layer_weights(model.lstm, 0), head)
    facts = cmp.facts()
    cols = st.columns(2)
    for col, side in zip(cols, ("right", "wrong"), strict=True):
        col.metric(f"{t('spot.answer_metric')} ({t(f'spot.side_{side}')})", f"{facts[f'out_{side}']:+.2f}")
    st.markdown(t(f"spot.{bug}.consequence", **facts))
    affected = CELL_AFFECTED[bug]
    show_heatmaps(cell_compare_figure(cmp, affected, style=current_style()),
                  cell_panels(cmp, affected, style=current_style()), f"spot-{bug}-{ex}",
                  key=f"spot.heat.{bug}")
    st.caption(t("spot.cell_caption"))
    if not presenting():
        st.page_link("app_pages/step.py", label=t("spot.open_stepper"), icon=":material/timeline:",
                     query_params={"preset": PRESET, "ex": ex, "lang": lang()})


# ----------------------------------------------------------------------------- data mistakes


def leak_result() -> dict | None:
    try:
        return leakage.load()
    except ValueError as exc:
        st.error(t("spot.missing_result", message=str(exc)[:200]), icon=":material/error:")
        return None


def reveal_leak(res: dict) -> None:
    cfg = res["config"]
    n = len(cfg["seeds"])
    st.caption(t("spot.leak.setup", window=cfg["window"], hidden=cfg["hidden_size"], epochs=cfg["epochs"], seeds=n,
                 last=n - 1, test=cfg["test_size"], first=res["dates"][0][:7], end=res["dates"][-1][:7]))
    rows = []
    for head in cfg["heads"]:
        med = res["median"][head]
        rows.append({t("spot.leak.col_head"): t(f"spot.leak.head_{head}"),
                     t("spot.leak.col_right"): f"{med['right']:.1f}", t("spot.leak.col_leak"): f"{med['leak']:.1f}",
                     t("spot.leak.col_change"): f"{med['leak'] / med['right'] - 1:+.0%}",
                     t("spot.leak.col_wins"): t("spot.leak.wins", k=res["leak_wins"][head], n=n)})
    st.table(pd.DataFrame(rows).set_index(t("spot.leak.col_head")))
    st.caption(t("spot.leak.table_note", naive=res["baselines"]["naive"], snaive=res["baselines"]["seasonal_naive"]))
    for head in ("sigmoid", "linear"):
        med = res["median"][head]
        key = "spot.leak.flatters" if leakage.flatters(res, head) else "spot.leak.not_flatters"
        st.markdown("- " + t(key, head=t(f"spot.leak.head_{head}"), leak=med["leak"], right=med["right"],
                             change=med["leak"] / med["right"] - 1, wins=res["leak_wins"][head], n=n))
    ex = res["example"]["sigmoid"]
    test_hi = max(res["actual"])
    if leakage.flatters(res, "sigmoid"):
        st.markdown(t("spot.leak.why_bounded", train_hi=res["train_range"][1], test_hi=test_hi,
                      right_top=max(ex["right"]["pred"]), leak_top=max(ex["leak"]["pred"])))
    st.info(t("spot.leak.honest"), icon=":material/info:")
    if ss.get("spot.head") not in cfg["heads"]:
        ss["spot.head"] = "sigmoid"
    if not presenting():
        st.radio(t("spot.leak.chart_head"), options=cfg["heads"], format_func=lambda h: t(f"spot.leak.head_{h}"),
                 key="spot.head", horizontal=True)
    head = ss["spot.head"]
    ex = res["example"][head]
    # The legend gives the table's median beside this run's own error, so the two never seem to disagree.
    med = res["median"][head]
    fig = forecast_figure(res["dates"], res["actual"], [
        (t("spot.fig.mae", name=t("spot.fig.right"), mae=ex["right"]["mae"], median=med["right"]),
         ex["right"]["pred"], RIGHT_COLOR, "solid"),
        (t("spot.fig.mae", name=t("spot.fig.leak"), mae=ex["leak"]["mae"], median=med["leak"]),
         ex["leak"]["pred"], WRONG_COLOR, "dash"),
    ], ceiling=res["train_range"][1], style=current_style())
    chart(fig, key="spot.leak_chart", config=chart_config(f"spot-leak-{head}"))
    st.caption(t("spot.leak.chart_caption", seed=ex["seed"]))


def reveal_own_max(res: dict) -> None:
    series, dates = leakage.load_series()
    n_train = len(series) - res["config"]["test_size"]
    right, wrong = scaled_ranges(series, n_train), scaled_ranges(series, n_train, "test_scaled_by_own_max")
    lo, hi = series[:n_train].min(), series[:n_train].max()
    own = series[n_train:].max()
    value = series[n_train]  # the first held-out month, read both ways
    st.markdown(t("spot.own.ranges", tr_lo=right["train"][0], tr_hi=right["train"][1], right_lo=right["test"][0],
                  right_hi=right["test"][1], own=own, wrong_lo=wrong["test"][0], wrong_hi=wrong["test"][1],
                  value=value, date=dates[n_train][:7], in_train=(value - lo) / (hi - lo), in_test=value / own))
    om = res["own_max"]
    cols = st.columns(2)
    cols[0].metric(t("spot.own.metric_right"), f"{om['right_mae']:.1f}")
    cols[1].metric(t("spot.own.metric_wrong"), f"{om['mae']:.1f}", delta=f"{om['mae'] - om['right_mae']:+.1f}",
                   delta_color="inverse")
    st.markdown(t("spot.own.mae", seed=om["seed"], wrong=om["mae"], right=om["right_mae"],
                  ratio=om["mae"] / om["right_mae"]))
    if leakage.own_max_is_mild(res):
        st.markdown(t("spot.own.mild", pct=om["mae"] / om["right_mae"] - 1))
    right_pred = res["example"][om["head"]]["right"]["pred"]
    fig = forecast_figure(res["dates"], res["actual"], [
        (t("spot.fig.right"), right_pred, RIGHT_COLOR, "solid"),
        (t("spot.fig.own"), om["pred"], WRONG_COLOR, "dash"),
    ], style=current_style())
    chart(fig, key="spot.own_chart", config=chart_config("spot-own-max"))


def reveal_off_by_one(res: dict) -> None:
    series, dates = leakage.load_series()
    window, test = res["config"]["window"], res["config"]["test_size"]
    n_train = len(series) - test
    ss.setdefault("spot.H", 1)
    if not presenting():
        st.segmented_control(t("spot.obo.horizon"), options=HORIZONS, key="spot.H", required=True)
    horizon = int(ss["spot.H"])
    right = list(window_starts(n_train, window, horizon))
    wrong = list(window_starts(n_train, window, horizon, "off_by_one_windows"))
    lost = dropped_windows(n_train, window, horizon)
    s = lost[0]
    month = lambda k: dates[k][:7]  # noqa: E731
    cols = st.columns(2)
    cols[0].metric(t("spot.obo.metric_right"), len(right))
    cols[1].metric(t("spot.obo.metric_wrong"), len(wrong), delta=len(wrong) - len(right))  # fewer: red
    st.markdown(t("spot.obo.counts", n=n_train, window=window, horizon=horizon, right=len(right), wrong=len(wrong),
                  in_first=month(s), in_last=month(s + window - 1),
                  target=month(s + window) if horizon == 1
                  else f"{month(s + window)} … {month(s + window + horizon - 1)}"))
    chunk = window + test  # an evaluation reads W months of history before the held-out ones
    scored = len(window_starts(chunk, window, horizon, "off_by_one_windows"))
    total = len(window_starts(chunk, window, horizon))
    st.markdown(t("spot.obo.eval", last=month(len(series) - 1), scored=scored, total=total))
    st.markdown(f"**{t('spot.obo.fig_title')}**")
    fig = windows_figure(dates, right[-4:-1], lost, window, horizon, style=current_style())
    chart(fig, key="spot.obo_chart", config=chart_config(f"spot-windows-H{horizon}"))
