"""The "Gates that learn" page and the gate replay on the Train page, through AppTest against the real app.py."""

from __future__ import annotations

import threading
import time

import pytest

from lstm_core.service import task
from tests.app.conftest import all_text, new_app, no_exception, run_view, stop_every_run

LEARN = "app_pages/learn.py"
TRAIN = "app_pages/train.py"
AIR = "train.ds.airpassengers.csv"


def open_learn(lang: str = "en", **query):
    at = new_app(lang, **query)
    at.switch_page(LEARN).run()
    no_exception(at)
    return at


def heatmap_spec(at) -> str:
    """The heatmap figure as sent to the browser (the first chart on the page)."""
    return at.get("plotly_chart")[0].proto.spec


def test_renders_in_english_and_chinese_on_the_trained_model():
    for lang, words in (("en", ("Gates that learn", "The gates after 600 training steps", "Biggest gate change",
                                "at step 600")),
                        ("zh", ("门控如何学会", "训练 600 步之后的各个门", "变化最大的门", "第 600 步"))):
        at = open_learn(lang)
        text = all_text(at)
        for w in words:
            assert w in text, (lang, w)
        assert at.select_slider(key="learn.epoch").value == 600
        assert at.query_params["model"] == "memory" and at.query_params["epoch"] == "600"
        assert len(at.get("plotly_chart")) == 2  # the heatmaps and the loss curve
        assert len(at.get("download_button")) == 1  # the heatmaps' numbers (CSV)
    assert "Training step" not in all_text(at)  # no English left in the Chinese page's text


def test_the_slider_changes_the_heatmaps_the_text_and_the_url():
    at = open_learn()
    spec_end = heatmap_spec(at)
    at.select_slider(key="learn.epoch").set_value(160).run()
    no_exception(at)
    text = all_text(at)
    assert "The gates after 160 training steps" in text and "at step 160" in text
    assert at.query_params["epoch"] == "160"
    spec_160 = heatmap_spec(at)
    assert spec_160 != spec_end
    at.select_slider(key="learn.epoch").set_value(0).run()
    text = all_text(at)
    assert "The gates before training" in text and "This is the untrained model" in text
    assert heatmap_spec(at) not in (spec_end, spec_160)


def test_play_steps_through_the_recorded_steps_and_pause_stops():
    at = open_learn()
    at.button(key="learn.play").click().run()  # at the end: Play starts again from the untrained model
    no_exception(at)
    assert at.session_state["learn.playing"] and at.session_state["learn.epoch"] == 0
    at.run()  # a timer tick (AppTest runs the fragment with the script)
    assert at.session_state["learn.epoch"] == 32
    at.run()
    assert at.session_state["learn.epoch"] == 64
    at.button(key="learn.play").click().run()  # Pause
    assert not at.session_state["learn.playing"]
    at.run()
    assert at.session_state["learn.epoch"] == 64 and at.query_params["epoch"] == "64"


def test_a_deep_link_restores_model_layer_and_the_nearest_recorded_step():
    at = open_learn("zh", model="sine", epoch="100", layer="1")
    assert at.selectbox(key="learn.model").value == "sine"
    assert at.select_slider(key="learn.epoch").value == 96  # 100 was not recorded: the nearest one
    assert at.selectbox(key="learn.layer").value == 1
    text = all_text(at)
    assert "没有记录第 100 步" in text and "训练 96 步之后的各个门" in text
    assert at.query_params["layer"] == "1" and at.query_params["epoch"] == "96"
    layer_1 = heatmap_spec(at)
    at.selectbox(key="learn.layer").set_value(0).run()
    assert heatmap_spec(at) != layer_1 and at.query_params["layer"] == "0"


def test_bad_links_give_a_message_and_a_model_switch_opens_the_trained_state():
    at = open_learn(model="bogus", epoch="abc")
    assert "There is no replay for “bogus”" in all_text(at)
    assert at.selectbox(key="learn.model").value == "memory"
    assert at.select_slider(key="learn.epoch").value == 600  # an unreadable epoch: the trained model
    at.selectbox(key="learn.model").set_value("text").run()
    no_exception(at)
    assert at.select_slider(key="learn.epoch").value == 700 and at.query_params["model"] == "text"
    assert "The gates after 700 training steps" in all_text(at)


# ----------------------------------------------------------------------------- the Train page


@pytest.fixture
def paused_after_epoch_2(monkeypatch):
    """Training that holds after its 2nd epoch until released, so the page can be looked at while it runs."""
    release = threading.Event()
    real_fit = task.fit

    def held_fit(df, target, config, callback, should_stop):
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
    assert at.select_slider(key="learn.train_results").value == view.result.best_epoch
    assert f"keeps the weights of epoch {view.result.best_epoch}" in text
    at.select_slider(key="learn.train_results").set_value(3).run()
    no_exception(at)
    assert "The gates after epoch 3" in all_text(at)
    assert "Biggest gate change" in all_text(at)


def test_presenter_mode_keeps_the_slider_and_play_and_drops_the_extras():
    at = open_learn(present="1", model="sine")
    assert at.select_slider(key="learn.epoch").value == 500 and at.button(key="learn.play")
    assert not at.get("download_button")  # no CSV export on the projector
    assert [s for s in at.selectbox if s.key == "learn.layer"]  # a two-layer model: the class can switch layers
    assert "Every model starts from random weights" not in all_text(at)
    assert len(at.get("plotly_chart")) == 2
