"""The leakage experiment: its parts, and the shipped result (assets/spot/leakage.json) against a recomputation."""

import statistics

import numpy as np
import pytest
import torch

from lstm_core.lessons import leakage
from lstm_core.lessons.leakage import (
    LeakConfig,
    TutorialLSTM,
    minmax_bounds,
    one_step_windows,
    own_max_mae,
    train_one,
)


@pytest.fixture(scope="module")
def shipped():
    return leakage.load()


@pytest.fixture
def one_thread():
    """The build runs on one thread; so does the recomputation, for the same sums in the same order."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_scaler_bounds_and_windows():
    series = np.array([1.0, 5, 2, 8, 3, 20])
    assert minmax_bounds(series, 4, "right") == (1.0, 8.0)
    assert minmax_bounds(series, 4, "leak") == (1.0, 20.0)  # the held-out 20 shapes the leaked scaler
    with pytest.raises(ValueError, match="scaler must be one of"):
        minmax_bounds(series, 4, "whole")
    x, y = one_step_windows(series, 3, 6, 3)
    assert x.shape == (3, 3, 1) and list(y) == [8, 3, 20]
    np.testing.assert_array_equal(x[-1, :, 0], [2, 8, 3])  # the three rows before the last target
    with pytest.raises(ValueError, match="at least the window"):
        one_step_windows(series, 2, 6, 3)


def test_the_model_is_seeded_locally_and_the_sigmoid_head_is_bounded():
    torch.manual_seed(123)
    a, b = TutorialLSTM(4, "sigmoid"), TutorialLSTM(4, "sigmoid")
    a.init_weights(7)
    b.init_weights(7)
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)
    x = torch.randn(5, 12, 1, dtype=torch.float64) * 50
    out = a(x)
    assert out.shape == (5,) and bool(((out >= 0) & (out <= 1)).all())
    with pytest.raises(ValueError, match="head must be one of"):
        TutorialLSTM(4, "relu")


def test_the_shipped_result_describes_this_code(shipped):
    cfg = LeakConfig()
    assert shipped["schema"] == leakage.SCHEMA
    assert {k: shipped["config"][k] for k in ("window", "test_size", "hidden_size", "epochs", "lr")} == \
        {"window": cfg.window, "test_size": cfg.test_size, "hidden_size": cfg.hidden_size, "epochs": cfg.epochs,
         "lr": cfg.lr}
    series, dates = leakage.load_series()
    n_train = len(series) - cfg.test_size
    assert shipped["actual"] == list(series[n_train:]) and shipped["dates"] == dates[n_train:]
    assert tuple(shipped["train_range"]) == (series[:n_train].min(), series[:n_train].max())
    n = len(shipped["config"]["seeds"])
    assert n >= 5
    for head in shipped["config"]["heads"]:
        runs = {s: sorted((r for r in shipped["runs"] if r["head"] == head and r["scaler"] == s),
                          key=lambda r: r["seed"]) for s in leakage.SCALERS}
        for s in leakage.SCALERS:
            assert len(runs[s]) == n
            assert shipped["median"][head][s] == pytest.approx(statistics.median(r["mae"] for r in runs[s]))
        wins = sum(lk["mae"] < rt["mae"] for rt, lk in zip(runs["right"], runs["leak"], strict=True))
        assert shipped["leak_wins"][head] == wins


def test_the_bounded_model_cannot_pass_the_training_maximum(shipped):
    """The reason the page gives for the leak's effect: a sigmoid head fitted on the training months stops there."""
    ex = shipped["example"]["sigmoid"]
    assert max(ex["right"]["pred"]) <= shipped["train_range"][1]
    assert max(ex["leak"]["pred"]) > shipped["train_range"][1] < max(shipped["actual"])
    assert shipped["median"]["sigmoid"]["leak"] < shipped["median"]["sigmoid"]["right"]  # the page's headline


def test_a_shipped_run_matches_a_recomputation(shipped, one_thread):
    """A cheap subset: retrain the linear head's example seed with the right scaler (~4 s) and compare forecasts,
    its MAE and the test-own-max score computed from the same model."""
    cfg = LeakConfig()
    series, _ = leakage.load_series()
    seed = shipped["example"]["linear"]["seed"]
    run, model = train_one(series, cfg, "linear", "right", seed)
    np.testing.assert_allclose(run.pred, shipped["example"]["linear"]["right"]["pred"], rtol=1e-4, atol=0.01)
    assert run.mae == pytest.approx(shipped["example"]["linear"]["right"]["mae"], rel=1e-4)
    own, _ = own_max_mae(series, cfg, model)
    assert own == pytest.approx(shipped["own_max"]["mae"], rel=1e-4)


def test_the_pages_readings_of_the_shipped_result():
    """The Spot page says "flatters" for the sigmoid head, "does not" for the linear one, as README says."""
    res = leakage.load()
    assert leakage.flatters(res, "sigmoid") and not leakage.flatters(res, "linear")
    om = res["own_max"]
    assert leakage.own_max_is_mild(res) == (om["mae"] / om["right_mae"] < leakage.MILD_OWN_MAX)
