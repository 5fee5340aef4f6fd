"""The shipped Why-gates experiment (assets/why_gates/): it loads, it matches a recomputation where that is cheap,
and the data support every claim the page makes (if a rebuild stops supporting one, change the page's claim)."""

import json
import shutil
from dataclasses import replace

import numpy as np
import pytest
import torch

from lstm_core.lessons import why_gates as wg
from lstm_core.lstm.gru import gru_trace

KINDS = wg.KINDS


@pytest.fixture(scope="module")
def res() -> wg.Results:
    return wg.load()


def at_k(res, state, kind, k):
    return res.grad_curve(state, kind)[k]


# ----------------------------------------------------------------------------- the files


def test_shipped_files_are_small_and_match_the_code(res):
    sizes = {p.name: p.stat().st_size for p in wg.ASSETS_DIR.iterdir()}
    assert set(sizes) == {"results.json", "models.safetensors"}
    assert sum(sizes.values()) < 1_000_000
    assert res.config == wg.Config()  # built with the settings the code describes
    assert set(res.models) == {(k, s) for k in KINDS for s in res.config.mix_seeds}
    for (kind, _), model in res.models.items():
        assert model.kind == kind and not model.training
        assert model.rnn.hidden_size == res.config.hidden == 16  # the same size for all three


@pytest.mark.parametrize("kind", KINDS)
def test_accuracy_recomputes_from_the_shipped_weights(res, kind):
    seed = res.config.mix_seeds[0]
    for delay in (1, 40, 100):
        i = res.config.eval_delays.index(delay)
        shipped = res.accuracy["mix"][kind][0][i]
        assert wg.accuracy(res.model(kind, seed), delay, res.config.eval_samples) == pytest.approx(shipped, abs=0.003)


@pytest.mark.parametrize("kind", KINDS)
def test_gradient_norms_recompute(res, kind):
    cfg, seed = res.config, res.config.mix_seeds[0]
    trained = wg.gradient_norms(res.model(kind, seed), cfg.grad_max_k, cfg.grad_samples)
    np.testing.assert_allclose(trained, res.grad["mix"][kind][0], rtol=1e-4)
    untrained = wg.gradient_norms(wg.new_model(kind, cfg.hidden, seed), cfg.grad_max_k, cfg.grad_samples)
    np.testing.assert_allclose(untrained, res.grad["untrained"][kind][0], rtol=1e-4)


# ----------------------------------------------------------------------------- the page's claims


def test_before_training_all_three_lose_the_gradient_alike(res):
    """Page: 'Before training all three lose the signal at about the same rate.'"""
    at40 = [at_k(res, "untrained", kind, 40) for kind in KINDS]
    assert max(at40) < 1e-6
    assert max(at40) / min(at40) < 100  # within two orders of magnitude, after 40 steps of shrinking


def test_after_training_the_rnn_gradient_decays_faster_than_the_lstm_and_gru(res):
    """The honest check of the page's main claim: with k, the trained RNN's gradient falls faster."""

    def slope(kind):  # decades lost per step, between k = 5 and k = 60, on the median curve
        g = res.grad_curve("mix", kind)
        return (np.log10(g[60]) - np.log10(g[5])) / 55

    assert slope("rnn") < slope("lstm") and slope("rnn") < slope("gru")
    assert at_k(res, "mix", "rnn", 60) < at_k(res, "mix", "lstm", 60) / 100
    assert at_k(res, "mix", "rnn", 60) < at_k(res, "mix", "gru", 60) / 100
    rnn, lstm = res.grad_table("mix", "rnn")[:, 60], res.grad_table("mix", "lstm")[:, 60]
    assert np.all(rnn < lstm)  # run by run, not only on the median
    for kind in ("lstm", "gru"):  # training raised the gated models' gradient far back
        assert at_k(res, "mix", kind, 60) > 100 * at_k(res, "untrained", kind, 60)


def test_the_rnn_that_learned_has_the_steepest_line(res):
    """Page: 'The steepest thin line is the RNN that did learn the task.'"""
    learned = res.learned("rnn")
    if not any(learned):
        pytest.skip("no RNN run learned the task: the page does not show that sentence")
    lowest = min(res.grad_table("mix", kind)[:, 60].min() for kind in KINDS)
    assert res.grad_table("mix", "rnn")[learned.index(True), 60] == lowest


def test_mix_runs_are_all_or_nothing_and_gates_win(res):
    """Page: gated models learned in every run, the RNN seldom; learned runs hold the bit past the training
    range; runs that did not learn are near guessing at most delays."""
    cfg = res.config
    assert all(res.learned("lstm")) and all(res.learned("gru"))
    assert sum(res.learned("rnn")) < len(cfg.mix_seeds) / 2
    beyond = [i for i, d in enumerate(cfg.eval_delays) if d > cfg.max_train_delay]
    assert beyond
    for kind in KINDS:
        table = res.accuracy_table("mix", kind)
        for row, ok in zip(table, res.learned(kind), strict=True):
            if ok:
                assert row[beyond].min() >= 0.9
            else:
                assert np.median(row) <= 0.65


def test_one_delay_from_scratch_fails_at_long_delays_for_all(res):
    """Page: a model that only sees long delays gets almost no learning signal, with or without gates."""
    cfg = res.config
    assert cfg.fixed_delays[-1] >= 40
    for kind in KINDS:
        table = res.accuracy_table("fixed", kind)
        assert table[:, 0].min() >= 0.95  # the shortest delay is learned ...
        assert table[:, -1].max() <= 0.6  # ... the longest is not, by any kind


def test_gru_memory_units_repeat_their_state(res):
    """Page (GRU reading): the units that carry the bit stay near ±1 and their candidate n repeats h."""
    for seed in res.config.mix_seeds:
        model = res.model("gru", seed)
        run = wg.read_example("gru", model, wg.example_sequence(40, 1, 0), wg.example_sequence(40, -1, 0))
        pos, neg = (gru_trace(model.rnn, wg.example_sequence(40, b, 0)) for b in (1, -1))
        np.testing.assert_array_equal(run.units, wg.bit_carriers(pos.h[0, -1], neg.h[0, -1]))
        assert run.reading["claim"] == "gru"  # the page's claim holds: |h| stays near 1 and n repeats h
        assert run.reading["habs"] > wg.GRU_LATCH_MIN_H and run.reading["nh"] < wg.GRU_LATCH_MAX_UPDATE
        assert run.parity is not None and run.parity < 1e-5
        p = wg.answer_probability(model, run.h)
        assert p[-1] > 0.9 and wg.answer_probability(model, neg.h[-1])[-1] < 0.1


# ----------------------------------------------------------------------------- the code


def test_task_batches_and_examples():
    x, bit = wg.make_batch(torch.Generator().manual_seed(0), 8, 5)
    assert x.shape == (6, 8, 2) and bit.shape == (8,)
    np.testing.assert_array_equal(x[0, :, 0].numpy(), bit.numpy() * 2 - 1)  # the bit at step 0 ...
    assert x[0, :, 1].eq(1).all() and x[1:, :, 1].eq(0).all()  # ... with its flag, and only there
    assert set(x[1:, :, 0].unique().tolist()) <= {-1.0, 1.0}  # distractors look like bits
    ex = wg.example_sequence(7, -1, 2)
    assert ex.shape == (8, 2) and ex[0].tolist() == [-1.0, 1.0]
    np.testing.assert_array_equal(ex[1:], wg.example_sequence(7, 1, 2)[1:])  # only the bit differs
    with pytest.raises(ValueError, match="bit must be"):
        wg.example_sequence(3, 0)
    with pytest.raises(ValueError, match="delay must be >= 1"):
        wg.example_sequence(0)
    with pytest.raises(ValueError, match="kind must be one of"):
        wg.Recall("transformer", 4)
    with pytest.raises(ValueError, match=r"expected x of shape \(T, 2\)"):
        wg.rnn_states(wg.new_model("rnn", 4, 0), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="two \\(H,\\) arrays"):
        wg.bit_carriers(np.zeros(3), np.zeros(4))


def test_training_is_deterministic_and_run_save_load_round_trip(tmp_path):
    tiny = replace(wg.Config(), hidden=4, steps=3, batch=8, mix_seeds=(0, 1), eval_delays=(1, 3), fixed_delays=(2,),
                   fixed_seeds=(0,), eval_samples=20, grad_max_k=6, grad_samples=3)
    a = wg.run(tiny, log=lambda _: None)
    b = wg.run(tiny, log=lambda _: None)
    for key, model in a.models.items():
        for (name, p), q in zip(model.state_dict().items(), b.models[key].state_dict().values(), strict=True):
            assert torch.equal(p, q), (key, name)
    assert a.accuracy == b.accuracy and a.grad == b.grad
    wg.save(a, tmp_path)
    back = wg.load(tmp_path)
    assert back.config == tiny and back.accuracy == a.accuracy and back.grad == a.grad
    for key, model in a.models.items():
        for p, q in zip(model.state_dict().values(), back.models[key].state_dict().values(), strict=True):
            assert torch.equal(p, q)


def test_damaged_results_give_a_clear_error(tmp_path):
    with pytest.raises(wg.WhyGatesError, match="not found"):
        wg.load(tmp_path / "nowhere")
    shutil.copytree(wg.ASSETS_DIR, tmp_path / "a")
    doc = json.loads((tmp_path / "a" / "results.json").read_text())
    doc["accuracy"]["mix"]["gru"] = doc["accuracy"]["mix"]["gru"][:2]
    (tmp_path / "a" / "results.json").write_text(json.dumps(doc))
    with pytest.raises(wg.WhyGatesError, match=r"accuracy\[mix\]\[gru\] should have shape"):
        wg.load(tmp_path / "a")
    (tmp_path / "a" / "results.json").write_text("{not json")
    with pytest.raises(wg.WhyGatesError, match="not a valid results file"):
        wg.load(tmp_path / "a")
    doc["schema"] = 99
    (tmp_path / "a" / "results.json").write_text(json.dumps(doc))
    with pytest.raises(wg.WhyGatesError, match="schema 99"):
        wg.load(tmp_path / "a")


def test_read_example_names_the_rnn_plainly_and_the_lstm_carriers():
    res = wg.load()
    x, flipped = wg.example_sequence(10, 1, 0), wg.example_sequence(10, -1, 0)
    rnn = wg.read_example("rnn", res.model("rnn", res.config.mix_seeds[0]), x, flipped)
    assert rnn.parity is None and rnn.units is None and rnn.reading == {"claim": "rnn"} and set(rnn.states) == {"h"}
    lstm = wg.read_example("lstm", res.model("lstm", res.config.mix_seeds[0]), x, flipped)
    assert set(lstm.states) == set("ifgoch") and len(lstm.units) == 3 and lstm.reading["claim"] == "lstm"
    assert 0.0 <= lstm.reading["f"] <= 1.0 and lstm.parity < 1e-5
