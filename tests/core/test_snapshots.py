"""Gate snapshots (lstm_core.forecast.snapshots): size caps, even thinning, files, and that recording never
changes training.

Oracle: lstm_core.lstm.trace.trace on the same LSTM and probe, which test_trace.py checks against torch.nn.LSTM.
Float16 keeps about 3 significant digits, hence the tolerances below.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from lstm_core.data.windows import prepare
from lstm_core.forecast.modelfile import load_model_zip, model_zip_bytes
from lstm_core.forecast.snapshots import (
    MAX_VALUES,
    GateSnapshot,
    SnapshotError,
    SnapshotLog,
    SnapshotRecorder,
    WeightTape,
    biggest_change,
    forecaster_probe,
    thin_epochs,
)
from lstm_core.forecast.train import TrainConfig, fit
from lstm_core.lessons import presets
from lstm_core.lstm.trace import STATE_NAMES, trace
from scripts import build_presets

F16 = dict(rtol=2e-3, atol=2e-3)  # float16: 11 significant bits
SNAPSHOT_BYTES = len(STATE_NAMES) * MAX_VALUES * 2  # 12 KB: the cap of one snapshot


def series(n: int = 150) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    t = np.arange(n)
    y = 50 + 0.2 * t + 5 * np.sin(2 * np.pi * t / 7) + rng.normal(0, 0.5, n)
    return pd.DataFrame({"y": y}, index=pd.date_range("2020-01-01", periods=n, freq="D"))


def small(**kw) -> TrainConfig:
    base = dict(horizon=4, window=16, hidden_size=8, epochs=8, batch_size=16, patience=100, device="cpu",
                num_threads=1)
    return TrainConfig(**(base | kw))


def dummy_log(cap: int) -> SnapshotLog:
    return SnapshotLog(np.zeros((2, 1), np.float32), [0], [0], max_snapshots=cap)


def dummy(epoch: int, best: bool = False) -> GateSnapshot:
    return GateSnapshot(epoch, np.full((6, 1, 2, 1), epoch % 7, np.float16), 1.0 / (epoch + 1), None, best)


# ----------------------------------------------------------------------------- caps and thinning


def test_a_snapshot_of_a_big_lstm_is_capped_and_holds_the_trace_of_the_kept_part():
    torch.manual_seed(0)
    lstm = nn.LSTM(3, 64, num_layers=5)
    probe = torch.randn(300, 3)
    rec = SnapshotRecorder(lstm, probe)
    snap = rec.take(0)
    log = rec.log
    assert log.layers == [1, 2, 3, 4] and log.units == list(range(32))  # the top 4 layers, the first 32 units
    steps = snap.values.shape[2]
    assert snap.values.dtype == np.float16 and snap.values.shape == (6, 4, steps, 32)
    assert snap.nbytes <= SNAPSHOT_BYTES and log.first_step == 300 - steps and log.probe.shape == (steps, 3)
    full = trace(lstm, probe)  # the kept part is the end of the full trace (states carried from step 0)
    for k, name in enumerate(STATE_NAMES):
        np.testing.assert_allclose(snap.values[k], getattr(full, name)[1:, -steps:, :32], **F16)


def test_small_probes_are_kept_whole():
    lstm = nn.LSTM(1, 6)
    rec = SnapshotRecorder(lstm, torch.randn(90, 1))
    snap = rec.take(0)
    assert snap.values.shape == (6, 1, 90, 6) and rec.log.first_step == 0 and snap.nbytes <= SNAPSHOT_BYTES


def test_a_probe_of_the_wrong_shape_is_refused_with_the_expected_shape():
    with pytest.raises(ValueError, match=r"\(T, input_size\) = \(T, 2\)"):
        SnapshotRecorder(nn.LSTM(2, 4), torch.zeros(5, 3))


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 400), cap=st.integers(3, 50), best=st.integers(0, 399))
def test_thinning_keeps_at_most_cap_evenly_spread_epochs_with_the_first_newest_and_best(n, cap, best):
    best = min(best, n - 1)
    log = dummy_log(cap)
    for epoch in range(n):
        log.add(dummy(epoch, best=epoch == best))
        assert len(log) <= cap
    epochs = log.epochs
    assert epochs[0] == 0 and epochs[-1] == n - 1 and best in epochs and log.best_epoch == best
    grid = [e for e in epochs if e % log.stride == 0]
    assert grid == list(range(0, n, log.stride))  # every multiple of the stride, none skipped
    assert set(epochs) - set(grid) <= {n - 1, best}
    assert len(log.history) == n  # the loss curve keeps every epoch (far below MAX_HISTORY)


def test_thin_epochs_doubles_the_stride_until_it_fits():
    kept, stride = thin_epochs(list(range(101)), 1, 10)
    assert stride == 16 and kept == {0, 16, 32, 48, 64, 80, 96, 100}
    assert thin_epochs([], 4, 10) == (set(), 4)


def test_adding_the_same_epoch_replaces_it_and_a_wrong_shape_is_refused():
    log = dummy_log(5)
    log.add(dummy(0))
    log.add(GateSnapshot(0, np.ones((6, 1, 2, 1), np.float16)))
    assert log.epochs == [0] and log.at(0).values.max() == 1
    with pytest.raises(ValueError, match=r"\(6, L, T, U\) = \(6, 1, 2, 1\)"):
        log.add(GateSnapshot(1, np.ones((6, 1, 3, 1), np.float16)))
    with pytest.raises(KeyError, match="kept"):
        log.at(7)
    assert log.nearest(7) == 0


# ----------------------------------------------------------------------------- files


def test_save_and_load_round_trip(tmp_path):
    lstm = nn.LSTM(2, 5, num_layers=2)
    rec = SnapshotRecorder(lstm, torch.randn(20, 2), max_snapshots=4, info={"loss": "mse", "symbols": None})
    for epoch in range(9):
        with torch.no_grad():
            lstm.weight_hh_l0.mul_(1.1)
        rec.take(epoch, train_loss=1.0 / (epoch + 1), val_loss=float("nan") if epoch == 3 else 2.0, best=epoch == 5)
    log = rec.log
    w_path, j_path = log.save(tmp_path / "run.snapshots")
    assert w_path.name == "run.snapshots.safetensors" and j_path.name == "run.snapshots.json"
    back = SnapshotLog.load(tmp_path / "run.snapshots")
    assert back.epochs == log.epochs == [0, 4, 5, 8] and back.best_epoch == 5 and back.final_epoch == 5
    assert back.layers == [0, 1] and back.units == list(range(5)) and back.info == log.info
    np.testing.assert_array_equal(back.probe, log.probe)
    for a, b in zip(back.snapshots, log.snapshots, strict=True):
        np.testing.assert_array_equal(a.values, b.values)
        assert a.train_loss == pytest.approx(b.train_loss, rel=1e-4) and a.val_loss == b.val_loss
    assert [h[0] for h in back.history] == list(range(9)) and back.history[3][2] is None  # NaN -> None


def test_a_broken_snapshot_file_gives_a_clear_error(tmp_path):
    with pytest.raises(SnapshotError, match="not found"):
        SnapshotLog.load(tmp_path / "none.snapshots")
    rec = SnapshotRecorder(nn.LSTM(1, 3), torch.randn(6, 1))
    rec.take(0)
    rec.take(1)
    _, j_path = rec.log.save(tmp_path / "x.snapshots")
    meta = json.loads(j_path.read_text())
    meta["epochs"] = [0]  # one epoch named for two snapshots
    j_path.write_text(json.dumps(meta))
    with pytest.raises(SnapshotError, match="expected float16"):
        SnapshotLog.load(tmp_path / "x.snapshots")
    j_path.write_text("{ not json")
    with pytest.raises(SnapshotError, match="not a valid snapshot file"):
        SnapshotLog.load(tmp_path / "x.snapshots")


# ----------------------------------------------------------------------------- training


def test_snapshots_do_not_change_training_and_the_kept_snapshot_is_the_final_model():
    df = series()
    events = []
    on = fit(df, "y", small(), callback=events.append)
    off = fit(df, "y", small(snapshots=0))
    assert off.snapshots is None
    assert on.history == off.history and on.metrics == off.metrics and on.best_epoch == off.best_epoch
    for (k, a), b in zip(on.model.state_dict().items(), off.model.state_dict().values(), strict=True):
        assert torch.equal(a, b), k
    # One snapshot before training and one per epoch, each on its event.
    logs = [e.snapshots for e in events if e.kind in ("start", "epoch")]
    assert [log.epochs[-1] for log in logs] == list(range(9)) and logs[0].at(0).best
    assert logs[3].epochs == [0, 1, 2, 3]  # each event holds its own copy of the log so far
    log = on.snapshots
    assert log.epochs == list(range(9)) and log.final_epoch == on.best_epoch
    assert log.info["input_names"] == ["y", "Δ y"] and log.info["loss"] == "mse"
    assert [h[0] for h in log.history] == list(range(9))
    # The probe is the last training window as the LSTM reads it; the kept snapshot is the final model's trace.
    d = prepare(df, "y", 4, window=16)
    probe = forecaster_probe(on.model, d.windows("train").x)
    np.testing.assert_allclose(log.probe, probe.numpy())
    assert d.split.n_train >= 16 + 4  # the probe window lies inside the training rows
    final = trace(on.model.lstm, probe)
    kept = log.at(log.final_epoch)
    for k, name in enumerate(STATE_NAMES):
        np.testing.assert_allclose(kept.values[k], getattr(final, name), **F16)
    # The untrained model traces differently: the snapshots saw learning.
    assert np.abs(log.at(0).state("h") - log.at(8).state("h")).max() > 1e-3


def test_a_snapshot_leaves_the_rng_the_mode_and_the_gradients_alone():
    lstm = nn.LSTM(2, 4)
    lstm.train()
    rec = SnapshotRecorder(lstm, torch.randn(10, 2))
    state = torch.get_rng_state()
    snap = rec.take(3, 0.5, 0.6)
    assert torch.equal(state, torch.get_rng_state()) and lstm.training
    assert all(p.grad is None for p in lstm.parameters()) and snap.epoch == 3


def test_a_saved_model_with_the_snapshot_setting_loads_again():
    r = fit(series(), "y", small(epochs=2, snapshots=5))
    back = load_model_zip(model_zip_bytes(r))
    assert back.config.snapshots == 5


def test_the_preset_weight_tape_does_not_change_training():
    tape = WeightTape(4)
    with_tape = build_presets.build_counting(steps=20, on_step=tape)[0]
    without = build_presets.build_counting(steps=20)[0]
    for a, b in zip(with_tape.state_dict().values(), without.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    assert sorted(tape.states) == [0, 8, 16, 20] and len(tape.losses) == 21
    for k, v in with_tape.state_dict().items():  # the newest copy is the final weights
        assert torch.equal(tape.states[20][k], v)


# ----------------------------------------------------------------------------- the shipped presets


@pytest.mark.parametrize("name", presets.SNAPSHOT_PRESETS)
def test_shipped_snapshots_load_are_capped_and_end_at_the_shipped_model(name):
    log = SnapshotLog.load(presets.MODELS_DIR / f"{name}.snapshots")
    p = presets.load(name)
    assert 10 <= len(log) <= presets.PRESET_SNAPSHOTS and log.epochs[0] == 0
    assert all(s.nbytes <= SNAPSHOT_BYTES for s in log.snapshots)
    assert log.info["preset"] == name and log.info["example"] == p.meta["examples"][0]["id"]
    assert log.history[-1][0] == log.epochs[-1] and log.final_epoch == log.epochs[-1]
    x = p.encode(p.meta["examples"][0]["input"])  # the probe is the first example, as the stepper reads it
    np.testing.assert_array_equal(log.probe, x.astype(np.float32))
    fresh = trace(p.lstm, x)
    last = log.at(log.epochs[-1])
    for k, name_ in enumerate(STATE_NAMES):
        np.testing.assert_allclose(last.values[k], getattr(fresh, name_)[log.layers][:, :, log.units], **F16)
    change = biggest_change(log, 0, log.epochs[-1])
    assert change is not None and abs(change.delta) > 0.1  # training moved some gate a lot
    assert biggest_change(log, 0, 0) is None
    assert name in presets.available() and f"{name}.snapshots" not in presets.available()


def test_the_memory_unit_learns_to_hold_the_spike():
    log = SnapshotLog.load(presets.MODELS_DIR / "memory.snapshots")
    start, end = log.at(0), log.at(log.epochs[-1])
    # the unit that keeps its forget gate most open on the logged input (the page may open on another example)
    unit = int(end.state("f")[0, 10:].mean(axis=0).argmax())
    assert end.state("f")[0, 10:, unit].mean() > start.state("f")[0, 10:, unit].mean() + 0.03
    # The cell state after the spike: small and fading before training, large and held at the end.
    assert np.abs(start.state("c")[0, 10:, unit]).max() < 2
    assert np.abs(end.state("c")[0, 10:, unit]).min() > 2.5
    assert log.history[0][1] is None and log.history[-1][1] < 0.1 * log.history[1][1]  # the loss fell
