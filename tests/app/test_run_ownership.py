"""A run belongs to the browser that started it: another browser with its link sees its progress and scores,
never its data, its downloads or Stop. (The cookie that makes every tab of one browser the same owner is checked
in the browser: tests/e2e/test_browser_safety.py.)"""

from __future__ import annotations

import threading
import time

from lstm_core.service import task
from tests.app.conftest import no_exception, run_view, stop_every_run
from tests.app.test_train_page import AIR, download_labels, open_train, reloaded, train
from ui import jobs


def test_another_browser_sees_scores_only_and_the_owner_everything():
    at = open_train()
    at.button(key=AIR).click().run()
    run_id = train(at)
    stranger = open_train(run=run_id)
    assert stranger.session_state["train.run_id"] == run_id
    assert "train.data" not in stranger.session_state  # the owner's data never reaches this session
    assert download_labels(stranger) == []
    assert not [b for b in stranger.button if b.key in ("train.stop", "train.see_gates")]
    assert "opened by its link" in " ".join(i.value for i in stranger.info)
    assert len(stranger.dataframe) == 1  # the held-out scores
    owner = reloaded(at, run_id)
    assert owner.session_state["train.data"]["name"] == "airpassengers.csv"
    labels = download_labels(owner)  # the recommended model's forecast first, then the LSTM's own
    assert labels[0].startswith("Forecast: ") and labels[1:] == [
        "LSTM forecast (CSV)", "Model files (zip)", "Metrics (JSON)"]


def test_another_browser_cannot_stop_a_run(monkeypatch):
    release, stopped = threading.Event(), threading.Event()

    def slow_fit(df, target, config, callback, should_stop, **_):
        end = time.time() + 30
        while not release.is_set() and time.time() < end:
            if should_stop():
                stopped.set()
                break
            time.sleep(0.05)
        raise RuntimeError("released")

    monkeypatch.setattr(task, "fit", slow_fit)
    try:
        at = open_train()
        at.button(key=AIR).click().run()
        at.button(key="train.start").click().run()
        run_id = at.session_state["train.run_id"]
        assert run_view(run_id).active and [b for b in at.button if b.key == "train.stop"]
        stranger = open_train(run=run_id)
        assert not [b for b in stranger.button if b.key == "train.stop"]
        assert "train.data" not in stranger.session_state
        # Even a forged Stop (its callback with this run's id, from a browser that did not start it) does nothing.
        monkeypatch.setattr(jobs, "browser_owner", lambda: "someone-else-" + "x" * 30)
        jobs.cancel(run_id)
        time.sleep(0.5)
        assert run_view(run_id).active and not stopped.is_set()
        monkeypatch.undo()
        monkeypatch.setattr(task, "fit", slow_fit)
        at.button(key="train.stop").click().run()
        no_exception(at)
        assert stopped.wait(20)  # the owner's Stop reaches the run
    finally:
        release.set()
        stop_every_run()
