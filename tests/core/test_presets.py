"""The shipped presets load, validate and behave as their descriptions say."""

import json
import shutil

import numpy as np
import pytest
import torch
from safetensors.torch import save_file

from lstm_core.data.inputs import InputError
from lstm_core.lessons import presets
from lstm_core.lstm.trace import torch_parity, trace
from scripts import build_presets

NAMES = ("memory", "sine", "counting", "text", "random", "handset")


def test_every_preset_is_shipped_and_complete():
    assert presets.available() == list(NAMES)
    for name in NAMES:
        p = presets.load(name)
        for field in ("title", "description", "look_for"):
            assert p.meta[field]["en"] and p.meta[field]["zh"], (name, field)
        assert p.meta["examples"], name
        for ex in p.meta["examples"]:
            assert ex["label"]["en"] and ex["label"]["zh"]
            x = p.encode(ex["input"])
            tr = trace(p.lstm, x)
            assert torch_parity(p.lstm, tr) < 1e-5
            assert np.isfinite(p.readout(tr)).all()


def test_memory_remembers_the_sign_with_the_forget_gate_open():
    p = presets.load("memory")
    ex = {e["id"]: e["input"] for e in p.meta["examples"]}
    for key, sign in (("pos_spike", 1.0), ("neg_spike", -1.0)):
        x = p.encode(ex[key])
        assert x.shape[0] >= 60  # at least 50 steps between the spike and the end
        tr = trace(p.lstm, x)
        out = p.readout(tr)[:, 0]
        assert np.sign(out[-1]) == sign and abs(out[-1]) > 0.7, key
        f_after = tr.f[0, 10:].mean(axis=0)
        assert f_after.max() > 0.9, f"{key}: no unit keeps its forget gate open ({f_after})"
    focus = p.meta["focus"]
    unit = focus["unit"]
    tr = trace(p.lstm, p.encode(ex[focus.get("example", "pos_spike")]))
    assert tr.f[0, 10:, unit].min() > 0.8  # the unit the page opens on holds f open at every step of its example


def test_random_weights_forget_the_spike():
    p = presets.load("random")
    x = p.encode(p.meta["examples"][1]["input"])
    with_spike, without = trace(p.lstm, x), trace(p.lstm, np.zeros_like(x))
    assert with_spike.f[0].mean() < 0.7
    assert np.abs(with_spike.c[0, 3]- without.c[0, 3]).max() > 0.05  # the spike does reach the cell ...
    assert np.abs(with_spike.c[0, -1] - without.c[0, -1]).max() < 1e-3  # ... and is gone 50 steps later


def test_counting_has_a_counter_unit():
    p = presets.load("counting")
    for ex in p.meta["examples"]:
        depth = np.cumsum([1 if ch == "(" else -1 for ch in ex["input"]])
        tr = trace(p.lstm, p.encode(ex["input"]))
        assert np.abs(p.readout(tr)[:, 0] - depth).max() < 0.75, ex["id"]
        unit = p.meta["focus"]["unit"]
        assert abs(np.corrcoef(tr.c[0, :, unit], depth)[0, 1]) > 0.95


def test_sine_predicts_the_next_value():
    p = presets.load("sine")
    assert p.lstm.num_layers == 2
    x = p.encode(p.meta["examples"][0]["input"])
    pred = p.readout(trace(p.lstm, x))[:, 0]
    assert np.mean((pred[3:-1] - x[4:, 0]) ** 2) < 0.01


def test_text_model_knows_its_rhyme():
    p = presets.load("text")
    text = p.meta["examples"][0]["input"]
    logits = p.readout(trace(p.lstm, p.encode(text)))
    alphabet = p.meta["input"]["alphabet"]
    predicted = [alphabet[k] for k in logits.argmax(axis=1)]
    accuracy = np.mean([predicted[t] == text[t + 1] for t in range(len(text) - 1)])
    assert accuracy > 0.8
    assert p.symbols(p.encode("ab")) == ["a", "b"]


def test_handset_sliders_set_the_weights():
    weights = dict(presets.HANDSET_DEFAULTS, b_f=-5.0)
    p = presets.handset(weights)
    assert p.lstm.bias_ih_l0[1].item() == -5.0 and p.lstm.weight_ih_l0[2, 0].item() == 2.0
    tr = trace(p.lstm, p.encode("1, 0, 0, 0, 0"))
    assert tr.f[0].max() < 0.01  # a forget bias of -5 shuts the gate
    leaky = trace(presets.handset(presets.HANDSET_DEFAULTS).lstm, p.encode("1, 0, 0, 0, 0"))
    assert leaky.c[0, -1, 0] > 10 * abs(tr.c[0, -1, 0])


def test_bad_typed_input_is_a_clear_error():
    p = presets.load("memory")
    with pytest.raises(InputError, match="Item 3 is not a number: 'abc'") as e:
        p.encode("1, 2, abc")
    assert e.value.key == "not_a_number" and e.value.params["position"] == 3
    with pytest.raises(InputError) as e:
        presets.load("counting").encode("(()x")
    assert e.value.key == "bad_chars" and "'x'" in str(e.value)
    assert p.encode("１，２；3 4").ravel().tolist() == [1, 2, 3, 4]
    assert p.encode("0。5、1").ravel().tolist() == [0.5, 1]  # 。 is what a Chinese keyboard types for "."


def test_the_minus_sign_that_documents_print_reads_as_a_minus():
    """"−0.5" (U+2212, as the app's own labels and most documents print it) is -0.5, not "Item 1 is not a number"."""
    assert presets.load("memory").encode("−0.5, 1, −２").ravel().tolist() == [-0.5, 1, -2]


@pytest.fixture
def one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)  # as the build script does: same numbers, and no thread contention on 2 cores
    yield
    torch.set_num_threads(before)


def test_build_is_deterministic(tmp_path, one_thread):
    a = build_presets.build("counting", tmp_path / "a", steps=30)
    b = build_presets.build("counting", tmp_path / "b", steps=30)
    assert a["built"]["final_loss"] == b["built"]["final_loss"]
    built = [(tmp_path / side / "counting.safetensors").read_bytes() for side in ("a", "b")]
    assert built[0] == built[1]


def test_corrupt_or_mismatched_files_are_refused(tmp_path):
    for name in ("sine",):
        shutil.copy(presets.MODELS_DIR / f"{name}.json", tmp_path)
    bad = {"lstm.weight_ih_l0": torch.zeros(3, 3)}
    save_file(bad, str(tmp_path / "sine.safetensors"))
    with pytest.raises(presets.PresetError, match="tensor names do not match"):
        presets.load("sine", tmp_path)
    good = presets.load("sine")
    tensors = {f"lstm.{k}": v.clone() for k, v in good.lstm.state_dict().items()}
    tensors.update({f"head.{k}": v.clone() for k, v in good.head.state_dict().items()})
    tensors["lstm.weight_hh_l1"][0, 0] = float("nan")
    save_file(tensors, str(tmp_path / "sine.safetensors"))
    with pytest.raises(presets.PresetError, match="NaN"):
        presets.load("sine", tmp_path)
    meta = json.loads((tmp_path / "sine.json").read_text())
    meta["config"]["hidden_size"] = 9
    (tmp_path / "sine.json").write_text(json.dumps(meta))
    with pytest.raises(presets.PresetError, match="shape"):
        presets.load("sine", tmp_path)
