"""Gates that learn: replay how a preset's gates changed while it trained, beside its loss curve.

Thin by design: the snapshots were recorded when the presets were built (lstm_core.lessons.presets writes
assets/models/<name>.snapshots.*), so the page only loads them and draws (ui.learn_view). The view lives in
the URL (?model=memory&epoch=120&layer=1) so a teacher can send the exact moment of training.
"""

from __future__ import annotations

import streamlit as st

from lstm_core.forecast.snapshots import SnapshotError, SnapshotLog
from lstm_core.lessons import presets
from ui import learn_view, urls
from ui.i18n import pick, t
from ui.presenter import presenting
from ui.safe_text import say
from ui.widgets import canonical

ss = st.session_state
MODELS = presets.SNAPSHOT_PRESETS
URL_KEYS = ("model", "epoch", "layer")


@st.cache_resource(show_spinner=False)
def shipped_log(name: str) -> SnapshotLog:
    """A preset's recorded snapshots (shipped files, the same for every user). Read-only: never mutated."""
    return SnapshotLog.load(presets.MODELS_DIR / f"{name}.snapshots")


@st.cache_data(show_spinner=False)
def titles() -> dict[str, dict[str, str]]:
    return {name: presets.load_meta(name)["title"] for name in MODELS}


def example_label(name: str, example_id: str) -> dict[str, str]:
    for ex in presets.load_meta(name)["examples"]:
        if ex["id"] == example_id:
            return ex["label"]
    return {"en": example_id, "zh": example_id}


# ----------------------------------------------------------------------------- URL


def parse_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def apply_link() -> None:
    """A shared link opens the model, epoch and layer it names; the nearest recorded epoch when it was not kept."""
    params = {k: st.query_params.get(k) for k in URL_KEYS}
    if params["model"] is None or urls.written_by_us("learn", params, URL_KEYS):
        return  # no link, or the URL this session wrote itself
    name = params["model"]
    if name not in MODELS:
        ss["learn._bad_model"] = name[:40]
        name = MODELS[0]
    ss["learn.model"] = name
    learn_view.seek("learn.epoch")
    epoch, layer = parse_int(params["epoch"]), parse_int(params["layer"])
    ss.pop("learn.epoch", None)
    if epoch is not None:
        try:
            near = shipped_log(name).nearest(epoch)
        except SnapshotError:
            return
        ss["learn.epoch"] = near
        if near != epoch:
            ss["learn._moved"] = (epoch, near)
    ss["learn.layer"] = layer if layer is not None else 0


def write_url(name: str, epoch: int, layer: int, layers: int) -> None:
    """Mirror the view in the address bar; only this page's keys, so lang and present stay as they are."""
    urls.write_view("learn", {"model": name, "epoch": str(epoch), "layer": str(layer) if layers > 1 else None})


# ----------------------------------------------------------------------------- controls


def canonical_model(value) -> str:
    """The model key for the select box's value: Streamlit may hand back the shown title after a language switch."""
    return canonical(value, titles()) or MODELS[0]


def on_model_change() -> None:
    ss.pop("learn.epoch", None)  # a new model opens on its trained state
    ss["learn.layer"] = 0
    learn_view.seek("learn.epoch")


def replay(name: str, log: SnapshotLog) -> None:
    """The layer and the replay (ui/player: the snapshots move in the browser). A fragment: the player's report
    (once playback or stepping stops) and the layer rerun only this part."""
    epochs = log.epochs
    if ss.get("learn.epoch") not in epochs:
        ss["learn.epoch"] = log.nearest(ss["learn.epoch"]) if isinstance(ss.get("learn.epoch"), int) else epochs[-1]
        learn_view.seek("learn.epoch")
    learn_view.take_replay_report(log, "learn.epoch")
    # The layer picker stays in presenter mode too: a two-layer model's second layer is half the lesson.
    layer = learn_view.layer_picker(log, "learn.layer")
    epoch = ss["learn.epoch"]
    learn_view.replay_player(log, epoch, layer, kind="step", key="learn.epoch", file_stem=f"learn-{name}",
                             symbols=log.info.get("symbols"), shared=("learn", name))
    write_url(name, epoch, layer, len(log.layers))


# ----------------------------------------------------------------------------- page

apply_link()
ss["learn.model"] = canonical_model(ss.get("learn.model"))

st.title(t("learn.title"))
if not presenting():
    st.markdown(t("learn.intro"))
bad = ss.pop("learn._bad_model", None)
if bad:
    st.info(say("learn.link_unknown", name=bad[:40], shown=pick(titles()[ss["learn.model"]])), icon=":material/info:")

model_titles = {name: pick(titles()[name]) for name in MODELS}  # in this run's language
st.selectbox(t("learn.model"), options=list(MODELS), format_func=model_titles.get, key="learn.model",
             on_change=on_model_change)
name = ss["learn.model"]
try:
    log = shipped_log(name)
except SnapshotError:
    st.error(t("learn.file_error"), icon=":material/error:")
    st.stop()

moved = ss.pop("learn._moved", None)
if moved:
    st.info(t("learn.link_epoch", at=learn_view.at_text("step", moved[0]), near=learn_view.at_text("step", moved[1])),
            icon=":material/info:")
st.caption(t("learn.probe", label=pick(example_label(name, log.info.get("example", "")))))
st.info(t(f"learn.watch.{name}"), icon=":material/lightbulb:")

st.fragment(replay)(name, log)
