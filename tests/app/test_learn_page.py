"""The "Gates that learn" page and the gate replay on the Train page, through AppTest against the real app.py."""

from __future__ import annotations

import threading
import time

import pytest

from lstm_core.service import task
from tests.app.conftest import (
    all_text,
    new_app,
    no_exception,
    player_args,
    player_data,
    report_step,
    run_view,
    stop_every_run,
)

LEARN = "app_pages/learn.py"
TRAIN = "app_pages/train.py"
AIR = "train.ds.airpassengers.csv"


def open_learn(lang: str = "en", **query):
    at = new_app(lang, **query)
    at.switch_page(LEARN).run()
    no_exception(at)
    return at


PLAYER = "learn.epoch.player"


def shown(at, key: str = PLAYER) -> tuple[int, str, str]:
    """What the replay opens on: (epoch, heading, what changed), from the player's payload."""
    args, data = player_args(at, key), player_data(at, key)
    frame = data["frames"][args["t"]]
    return data["ticks"][args["t"]], frame["title"], " ".join(frame["lines"])


def show_epoch(at, epoch: int, key: str = PLAYER):
    """Move the replay in the browser to `epoch` and stop there: the player reports it."""
    return report_step(at, player_data(at, key)["ticks"].index(epoch), key=key)


def test_renders_in_english_and_chinese_on_the_trained_model():
    for lang, words in (("en", ("Gates that learn", "The gates after 600 training steps", "Biggest gate change",
                                "at step 600")),
                        ("zh", ("门控如何学会", "训练 600 步之后的各个门", "变化最大的门", "第 600 步"))):
        at = open_learn(lang)
        epoch, title, lines = shown(at)
        text = " ".join([all_text(at), title, lines])
        for w in words:
            assert w in text, (lang, w)
        data = player_data(at, PLAYER)
        assert epoch == 600 and data["labels"]["step"] == ("Training step" if lang == "en" else "训练步数")
        assert at.query_params["model"] == "memory" and at.query_params["epoch"] == "600"
        assert len(data["frames"]) == len(data["ticks"]) == 20  # every recorded snapshot
        assert len(at.get("download_button")) == 1  # the heatmaps' numbers (CSV)
    assert "Training step" not in all_text(at)  # no English left in the Chinese page's text


def test_every_snapshot_is_in_the_payload_and_the_report_moves_the_url():
    """The replay moves in the browser: every snapshot's heatmaps, words and loss mark are sent once; when the
    replay stops, the player reports the snapshot and the page writes it into the link."""
    at = open_learn()
    data = player_data(at, PLAYER)
    frames = dict(zip(data["ticks"], data["frames"], strict=True))
    assert frames[160]["title"] == "The gates after 160 training steps"
    assert "at step 160" in " ".join(frames[160]["lines"])
    assert frames[0]["title"].startswith("The gates before training") and "untrained model" in frames[0]["lines"][0]
    assert frames[160]["z"] != frames[600]["z"] and frames[160]["marker"]["x"] == [160]
    version = player_args(at, PLAYER)["version"]
    show_epoch(at, 160)
    no_exception(at)
    assert at.query_params["epoch"] == "160" and at.session_state["learn.epoch"] == 160
    assert player_args(at, PLAYER)["version"] == version  # the same payload: the browser keeps its place


def test_a_deep_link_restores_model_layer_and_the_nearest_recorded_step():
    at = open_learn("zh", model="sine", epoch="100", layer="1")
    assert at.selectbox(key="learn.model").value == "sine"
    epoch, title, _ = shown(at)
    assert epoch == 96  # 100 was not recorded: the nearest one
    assert at.selectbox(key="learn.layer").value == 1
    assert "没有记录第 100 步" in all_text(at) and title == "训练 96 步之后的各个门"
    assert at.query_params["layer"] == "1" and at.query_params["epoch"] == "96"
    layer_1 = player_data(at, PLAYER)["frames"][0]["z"]
    at.selectbox(key="learn.layer").set_value(0).run()
    assert player_data(at, PLAYER)["frames"][0]["z"] != layer_1 and at.query_params["layer"] == "0"
    assert shown(at)[0] == 96  # the layer changed, the moment stayed


def test_bad_links_give_a_message_and_a_model_switch_opens_the_trained_state():
    at = open_learn(model="bogus", epoch="abc")
    assert "There is no replay for “bogus”" in all_text(at)
    assert at.selectbox(key="learn.model").value == "memory"
    assert shown(at)[0] == 600  # an unreadable epoch: the trained model
    at.selectbox(key="learn.model").set_value("text").run()
    no_exception(at)
    assert shown(at)[:2] == (700, "The gates after 700 training steps") and at.query_params["model"] == "text"


# ----------------------------------------------------------------------------- the Train page


@pytest.fixture
def paused_after_epoch_2(monkeypatch):
    """Training that holds after its 2nd epoch until released, so the page can be looked at while it runs."""
    release = threading.Event()
    real_fit = task.fit

    def held_fit(df, target, config, callback, should_stop, **_):
        def cb(event):
            callback(event)
            if event.kind == "epoch" and event.epoch == 2:
                release.wait(30)

        return real_fit(df, target, config, callback=cb, should_stop=should_stop)

    monkeypatch.setattr(task, "fit", held_fit)
    yield release
    release.set()
    stop_every_run()


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while not condition():
        if time.time() > deadline:
            pytest.fail("timed out")
        time.sleep(0.1)


def test_train_page_replays_the_run_live_and_after_it(paused_after_epoch_2):
    at = new_app("en")
    at.switch_page(TRAIN).run()
    at.button(key=AIR).click().run()
    at.number_input(key="train.epochs").set_value(3)
    at.select_slider(key="train.hidden").set_value(8)
    at.button(key="train.start").click().run()
    no_exception(at)
    run_id = at.session_state["train.run_id"]
    wait_for(lambda: (v := run_view(run_id)).snapshots is not None and v.snapshots.epochs == [0, 1, 2])
    at.run()  # while it runs: the replay follows the newest epoch
    no_exception(at)
    text = all_text(at)
    assert "Watch the gates learn" in text and "While it trains, the newest epoch is shown" in text
    assert "The gates after epoch 2" in text and at.toggle(key="learn.train_live.follow").value
    assert not [s for s in at.select_slider if s.key == "learn.train_live"]  # following: no slider to fight
    at.toggle(key="learn.train_live.follow").set_value(False).run()  # look back while it trains
    no_exception(at)
    assert at.select_slider(key="learn.train_live").value == 2  # starts at the newest
    at.select_slider(key="learn.train_live").set_value(0).run()
    assert "The gates before training" in all_text(at)

    paused_after_epoch_2.set()
    wait_for(lambda: not run_view(run_id).active)
    at.run()
    no_exception(at)
    view = run_view(run_id)
    log = view.result.snapshots
    assert log.epochs == [0, 1, 2, 3] and log.final_epoch == view.result.best_epoch
    text = all_text(at)
    assert "While it trains" not in text  # the live replay is gone, the results' one is there
    results = "learn.train_results.player"
    assert shown(at, results)[0] == view.result.best_epoch  # opens on the weights the model kept
    assert f"keeps the weights of epoch {view.result.best_epoch}" in text
    show_epoch(at, 3, results)
    no_exception(at)
    epoch, title, lines = shown(at, results)
    assert at.session_state["learn.train_results"] == 3 and title == "The gates after epoch 3"
    assert "Biggest gate change" in player_data(at, results)["frames"][3]["lines"][0]


def test_presenter_mode_keeps_the_slider_and_play_and_drops_the_extras():
    at = open_learn(present="1", model="sine")
    assert shown(at)[0] == 500 and player_data(at, PLAYER)["present"] is True  # the player, large type
    assert not at.get("download_button")  # no CSV export on the projector
    assert [s for s in at.selectbox if s.key == "learn.layer"]  # a two-layer model: the class can switch layers
    assert "Every model starts from random weights" not in all_text(at)
