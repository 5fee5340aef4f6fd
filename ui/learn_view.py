"""The gate replay, shared by the "Gates that learn" page (shipped presets) and the Train page (the user's run).

An epoch slider over the recorded snapshots, the i, f, g, o, c, h heatmaps of the probe at that epoch, and beside
them the loss curve with that epoch marked and a plain-language line of what changed since the start.
Widget state lives in st.session_state under the caller's key prefix ("learn.*", "learn.train_live.*", ...).
"""

from __future__ import annotations

import math

import streamlit as st

from lstm_core.forecast.snapshots import SnapshotLog, biggest_change
from lstm_core.lstm.trace import STATE_NAMES
from ui.exports import panel_exports, show_heatmaps
from ui.i18n import t
from ui.learn_figures import loss_replay, replay_heatmaps
from ui.player import fresh_report, player, shared_payload
from ui.presenter import chart, current_style, presenting
from ui.replay_frames import DEFAULT_SPEED, GATES_TO_DESCRIBE, focus_of, replay_panels, replay_payload
from ui.step import frames

ss = st.session_state


def at_text(kind: str, n: int) -> str:
    """ "step 120" / "epoch 12" (kind: "step" for presets, trained by steps; "epoch" for a forecaster run)."""
    return t(f"learn.at.{kind}", n=n)


def _num(v: float) -> str:
    return f"{v:.2f}" if abs(v) < 100 else f"{v:.0f}"


def _loss(v: float | None) -> str:
    return "–" if v is None or not math.isfinite(v) else f"{v:.3g}"


def epoch_slider(log: SnapshotLog, key: str, kind: str, *, disabled: bool = False) -> int:
    """The recorded epoch to show (a select slider over the kept epochs). ss[key] is kept on a recorded epoch."""
    epochs = log.epochs
    value = ss.get(key)
    if value not in epochs:
        ss[key] = log.nearest(value) if isinstance(value, int) else epochs[-1]
    if len(epochs) > 1:
        st.select_slider(t(f"learn.slider.{kind}"), options=epochs, key=key, disabled=disabled,
                         help=t("learn.slider_help"))
    return ss[key]


def live_slider(log: SnapshotLog, key: str) -> int:
    """The epoch of a run that is still training: the newest one while "Follow" is on, else the user's pick.

    The slider is drawn only when not following: a slider whose value the page moved at every poll would fight the
    browser (which reports the value it last showed). Turning Follow off starts the slider at the newest epoch.
    """
    follow, newest = f"{key}.follow", log.epochs[-1]
    ss.setdefault(follow, True)

    def follow_changed() -> None:
        if not ss[follow]:
            ss[key] = newest

    st.toggle(t("learn.train.follow"), key=follow, on_change=follow_changed)
    if ss[follow] or len(log) < 2:
        return newest
    return epoch_slider(log, key, "epoch")


def layer_picker(log: SnapshotLog, key: str, *, disabled: bool = False) -> int:
    """Index into log.layers; a select box only when the snapshots hold more than one layer."""
    n = len(log.layers)
    ss[key] = min(max(int(ss.get(key, 0) or 0), 0), n - 1)
    if n > 1:
        st.selectbox(t("learn.layer"), options=list(range(n)), key=key, format_func=lambda k: str(log.layers[k]),
                     disabled=disabled)
    return ss[key]


def change_lines(log: SnapshotLog, epoch: int, kind: str) -> list[str]:
    """What changed between the first recorded epoch and `epoch`, in words (Markdown)."""
    first = log.epochs[0]
    if epoch == first:
        return [t("learn.at_start")]
    at0, at1 = at_text(kind, first), at_text(kind, epoch)
    lines = []
    change = biggest_change(log, first, epoch, names=GATES_TO_DESCRIBE)
    if change is not None:
        layer = t("learn.layer_suffix", layer=log.layers[change.layer]) if len(log.layers) > 1 else ""
        lines.append(t("learn.change.gate", gate=t(f"gate.{change.name}"), unit=change.unit, layer=layer,
                       before=_num(change.before), after=_num(change.after), at0=at0, at1=at1))
    c0 = float(abs(log.at(first).state("c")).max())
    c1 = float(abs(log.at(epoch).state("c")).max())
    lines.append(t("learn.change.cell", before=_num(c0), after=_num(c1), at0=at0, at1=at1))
    # One loss series, start to shown epoch: validation when the run has one (a forecaster), else training.
    col = 2 if any(h[2] is not None for h in log.history) else 1
    loss = {h[0]: h[col] for h in log.history if h[col] is not None}
    if epoch in loss:
        start = min(loss)
        lines.append(t("learn.change.val_loss" if col == 2 else "learn.change.loss", before=_loss(loss[start]),
                       after=_loss(loss[epoch]), at0=at_text(kind, start), at1=at1))
    return lines


def replay_view(log: SnapshotLog, epoch: int, layer: int, *, kind: str, key: str, file_stem: str,
                symbols: list[str] | None = None, input_names: list[str] | None = None,
                kept: int | None = None) -> None:
    """Heatmaps of the snapshot at `epoch` (left) beside the loss curve and what changed (right)."""
    tr = log.trace_at(epoch)
    focus, focus_unit = focus_of(log, epoch, layer)
    left, right = st.columns([2, 1] if presenting() else [3, 2], gap="medium")  # wider heatmaps on a projector
    with left:
        st.markdown(f"**{heatmap_title(kind, epoch)}**", help=t("learn.heatmaps_help"))
        fig = replay_heatmaps(tr, layer, cell_max=log.cell_range(), symbols=symbols, input_names=input_names,
                              focus=focus, focus_unit=focus_unit, style=current_style())
        panels = {t(f"gate.{name}"): getattr(tr, name)[layer] for name in STATE_NAMES}
        show_heatmaps(fig, panels, f"{file_stem}-{kind}{epoch}", key=f"{key}.heatmaps")
    with right:
        st.markdown(f"**{t('learn.loss_title')}**")
        fig = loss_replay(log.history, epoch, log.epochs, names=loss_names(log, kind), kept=kept,
                          style=current_style())
        chart(fig, key=f"{key}.loss", config={"displaylogo": False, "displayModeBar": False})
        st.markdown(f"**{t('learn.what_changed')}**")
        st.markdown("\n".join(f"- {line}" for line in change_lines(log, epoch, kind)))


def loss_names(log: SnapshotLog, kind: str) -> dict[str, str]:
    """The loss chart's labels, in the user's language."""
    batch = log.info.get("loss_per") == "batch" or kind == "step"
    return {"train": t("learn.loss.batch" if batch else "learn.loss.train"), "val": t("learn.loss.val"),
            "x": t(f"learn.axis.{kind}"), "y": t(f"learn.loss_axis.{log.info.get('loss', 'mse')}"),
            "shown": t("learn.marker"), "kept": t("learn.kept")}


def heatmap_title(kind: str, epoch: int) -> str:
    return t("learn.heatmaps.start") if epoch == 0 else t(f"learn.heatmaps.{kind}", n=epoch)


def replay_player(log: SnapshotLog, epoch: int, layer: int, *, kind: str, key: str, file_stem: str,
                  symbols: list[str] | None = None, input_names: list[str] | None = None, kept: int | None = None,
                  shared: tuple | None = None) -> None:
    """The replay in the browser (ui/player, kind "replay"): Play, the slider and the keys move through the
    recorded snapshots with no server round trip; the player reports the snapshot once when it stops, and the
    page then knows `epoch` (its link, its CSV). shared: a key for a shipped preset's replay, built once per process;
    None for a user's own run (kept in their session)."""
    style = current_style()
    labels = {k: t(f"step.{k}") for k in ("first", "back", "forward", "last", "play", "pause", "keys_hint",
                                           "controls", "png")}
    labels |= {"step": t(f"learn.slider.{kind}"), "speed": t("learn.speed"), "heatmaps": t("learn.heatmaps_name"),
               "loss_title": t("learn.loss_title"), "what_changed": t("learn.what_changed")}

    def build() -> tuple[str, str]:
        text = replay_payload(log, layer, kind=kind, style=style, names=loss_names(log, kind),
                              texts=lambda e: (heatmap_title(kind, e), change_lines(log, e, kind)), symbols=symbols,
                              input_names=input_names, kept=kept, file_stem=f"{file_stem}-layer{layer}",
                              labels=labels)
        return text, frames.version(text)

    if shared is not None:
        text, version = shared_payload(("replay", *shared, layer, style), build)
    else:
        cache = ss.setdefault(f"{key}._payloads", {})
        cache_key = (id(log), len(log), layer, style, kept)
        if cache_key not in cache:
            cache.clear()  # one replay per user and place: the newest
            cache[cache_key] = build()
        text, version = cache[cache_key]
    player(text, version, t=log.epochs.index(epoch), seek=ss.get(f"{key}._seek", 0), speed=DEFAULT_SPEED,
           key=f"{key}.player", title=t("learn.heatmaps_name"))
    panel_exports(replay_panels(log, epoch, layer, lambda name: t(f"gate.{name}")), f"{file_stem}-{kind}{epoch}",
                  key=f"{key}.heatmaps")


def take_replay_report(log: SnapshotLog, key: str) -> None:
    """The snapshot the player shows, once it stopped: ss[key] becomes its epoch."""
    value = fresh_report(f"{key}.player")
    if value is None:
        return
    try:
        ss[key] = log.epochs[min(max(int(value["t"]), 0), len(log.epochs) - 1)]
    except (KeyError, TypeError, ValueError):
        pass  # a malformed report: keep the epoch the server knows


def seek(key: str) -> None:
    """The server moved the replay (a link, another model): the player goes to ss[key]."""
    ss[f"{key}._seek"] = ss.get(f"{key}._seek", 0) + 1


# ----------------------------------------------------------------------------- the Train page


def train_replay(view, where: str) -> None:
    """The replay of the user's own run on the Train page.

    where="live": inside the polling panel, while the run is active (snapshots from the job's latest event; the
    slider follows the newest epoch until the user picks another). where="results": after the run, from the
    TrainResult. Draws nothing when there are no snapshots (they were turned off, or none has arrived yet).
    """
    if where == "live":
        log = view.snapshots if view.active else None
    else:
        log = view.result.snapshots if view.result is not None else None
    if log is None or len(log) == 0:
        return
    key = f"learn.train_{where}"
    st.markdown(f"**{t('learn.train.title')}**")
    if not presenting():
        st.caption(t("learn.train.caption", steps=log.first_step + log.probe.shape[0], count=len(log)))
    if ss.get(f"{key}._run") != view.run_id:  # another run: start over
        ss.pop(key, None)
        ss.pop(f"{key}.follow", None)
        ss[f"{key}._run"] = view.run_id
    if where == "live":
        st.caption(t("learn.train.live"))
        epoch = live_slider(log, key)
    else:
        if key not in ss:
            ss[key] = log.final_epoch  # open on the weights the model kept
            seek(key)
        take_replay_report(log, key)
        epoch = ss[key] if ss[key] in log.epochs else log.nearest(ss[key])
    layer = layer_picker(log, f"{key}.layer")
    kept = log.best_epoch if where == "results" else None
    if kept is not None:
        st.caption(t("learn.train.kept", best=kept))
    if where == "results":  # a finished run: replayed in the browser
        replay_player(log, epoch, layer, kind="epoch", key=key, file_stem="gates-run",
                      input_names=log.info.get("input_names"), kept=kept)
        return
    replay_view(log, epoch, layer, kind="epoch", key=key, file_stem="gates-run",
                input_names=log.info.get("input_names"), kept=kept)
