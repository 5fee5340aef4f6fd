"""What-if runs against a hand-unrolled reference, and the effects a student is told to expect."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from lstm_core.lessons import presets
from lstm_core.lstm.intervene import (
    Clamp,
    InputEdit,
    WhatIfError,
    clamped_terms,
    format_clamp,
    format_edit,
    parse_clamp,
    parse_edit,
    what_if,
)
from lstm_core.lstm.trace import trace


def reference(lstm: nn.LSTM, x: np.ndarray, clamp: Clamp | None, edit: InputEdit | None) -> dict[str, np.ndarray]:
    """Every step of every layer unrolled by hand in float64 torch, the intervention applied as it goes."""
    x = torch.tensor(x, dtype=torch.float64)
    if edit is not None:
        x[edit.step, edit.feature] = edit.value
    L, H = lstm.num_layers, lstm.hidden_size
    out = {k: torch.zeros(L, len(x), H, dtype=torch.float64) for k in "ifgoch"}
    layer_in = x
    for layer in range(L):
        w_ih = getattr(lstm, f"weight_ih_l{layer}").detach().double()
        w_hh = getattr(lstm, f"weight_hh_l{layer}").detach().double()
        b = torch.zeros(4 * H, dtype=torch.float64)
        if lstm.bias:
            b = (getattr(lstm, f"bias_ih_l{layer}") + getattr(lstm, f"bias_hh_l{layer}")).detach().double()
        h, c = torch.zeros(H, dtype=torch.float64), torch.zeros(H, dtype=torch.float64)
        for t in range(len(x)):
            z = w_ih @ layer_in[t] + w_hh @ h + b
            i, f = torch.sigmoid(z[:H]), torch.sigmoid(z[H:2 * H])
            g, o = torch.tanh(z[2 * H:3 * H]), torch.sigmoid(z[3 * H:])
            if clamp is not None and clamp.layer == layer and t >= clamp.start:
                {"i": i, "f": f, "g": g, "o": o}[clamp.gate][clamp.unit] = clamp.value
            c = f * c + i * g
            h = o * torch.tanh(c)
            for k, v in zip("ifgoch", (i, f, g, o, c, h), strict=True):
                out[k][layer, t] = v
        layer_in = out["h"][layer]
    return {k: v.numpy() for k, v in out.items()}


@settings(max_examples=25, deadline=None)
@given(
    H=st.integers(1, 6), L=st.integers(1, 3), T=st.integers(1, 25), D=st.integers(1, 3), bias=st.booleans(),
    gate=st.sampled_from("ifgo"), data=st.data(),
)
def test_what_if_matches_the_hand_unrolled_reference(H, L, T, D, bias, gate, data):
    torch.manual_seed(data.draw(st.integers(0, 10_000)))
    lstm = nn.LSTM(D, H, num_layers=L, bias=bias).double()
    x = torch.randn(T, D, dtype=torch.float64).numpy()
    value = data.draw(st.floats(-1, 1) if gate == "g" else st.floats(0, 1))
    clamp = Clamp(gate, value, data.draw(st.integers(0, T - 1)), data.draw(st.integers(0, H - 1)),
                  data.draw(st.integers(0, L - 1)))
    edit = data.draw(st.none() | st.builds(InputEdit, st.integers(0, T - 1), st.floats(-3, 3), st.integers(0, D - 1)))
    got = what_if(lstm, trace(lstm, x), clamp, edit)
    want = reference(lstm, x, clamp, edit)
    for k in "ifgoch":
        np.testing.assert_allclose(getattr(got, k), want[k], atol=1e-10, err_msg=k)


def test_an_input_edit_alone_matches_the_reference_and_a_plain_retrace():
    torch.manual_seed(1)
    lstm = nn.LSTM(1, 4, num_layers=2).double()  # float64 throughout, so the untouched head matches too
    x = torch.randn(40, 1, dtype=torch.float64).numpy()
    edit = InputEdit(12, 2.5)
    got = what_if(lstm, trace(lstm, x), edit=edit)
    x2 = x.copy()
    x2[12, 0] = 2.5
    plain = trace(lstm, x2)
    for k in "ifgoch":
        np.testing.assert_allclose(getattr(got, k), reference(lstm, x, None, edit)[k], atol=1e-10)
        np.testing.assert_allclose(getattr(got, k), getattr(plain, k), atol=1e-5)


def setup(T=30, H=5, L=2, seed=0):
    torch.manual_seed(seed)
    lstm = nn.LSTM(2, H, num_layers=L)
    return lstm, trace(lstm, torch.randn(T, 2).numpy())


def test_what_if_leaves_the_past_and_the_layers_below_alone():
    lstm, tr = setup()
    got = what_if(lstm, tr, Clamp("f", 0.0, 10, 2, layer=1))
    for k in "ifgoch":
        np.testing.assert_array_equal(getattr(got, k)[:, :10], getattr(tr, k)[:, :10].astype(np.float64))
        np.testing.assert_array_equal(getattr(got, k)[0], getattr(tr, k)[0].astype(np.float64))
    assert not np.allclose(got.c[1, 10:, 2], tr.c[1, 10:, 2])


def test_each_clamp_does_what_its_equation_says():
    lstm, tr = setup()
    u, s = 3, 8
    f0 = what_if(lstm, tr, Clamp("f", 0.0, s, u))
    np.testing.assert_allclose(f0.c[0, s:, u], f0.i[0, s:, u] * f0.g[0, s:, u])  # nothing kept from c_{t-1}
    i0 = what_if(lstm, tr, Clamp("i", 0.0, s, u))
    np.testing.assert_allclose(i0.c[0, s:, u], i0.f[0, s:, u] * np.r_[tr.c[0, s - 1, u], i0.c[0, s:-1, u]])
    o1 = what_if(lstm, tr, Clamp("o", 1.0, s, u))
    np.testing.assert_allclose(o1.h[0, s:, u], np.tanh(o1.c[0, s:, u]))
    f1 = what_if(lstm, tr, Clamp("f", 1.0, s, u))
    assert np.all(np.abs(np.diff(f1.c[0, s - 1:, u])) <= 1 + 1e-12)  # c only moves by i*g, at most 1 a step
    # the other units feel it too, through W_h* h_{t-1}, one step later
    assert not np.allclose(f0.c[0, s + 1:, (u + 1) % 5], tr.c[0, s + 1:, (u + 1) % 5])


def test_the_memory_preset_forgets_when_its_forget_gate_is_shut():
    """The lesson of the Done criterion: clamp f of unit 2 to 0 from step 30 and the remembered sign is lost."""
    model = presets.load("memory")
    for example, sign in (("pos_spike", 1), ("neg_spike", -1)):
        x = model.encode(next(e["input"] for e in model.meta["examples"] if e["id"] == example))
        tr = trace(model.lstm, x)
        before = model.readout(tr)[-1, 0]
        after = model.readout(what_if(model.lstm, tr, Clamp("f", 0.0, 30, 2)))[-1, 0]
        assert np.sign(before) == sign and abs(before) > 0.9
        assert abs(after - sign) > 0.5  # far from the right answer: the memory is gone


def test_clamped_terms_print_the_clamped_gate_and_its_consequences():
    lstm, tr = setup(L=1)
    clamp = Clamp("f", 0.0, 5, 1)
    run = what_if(lstm, tr, clamp)
    for t in (4, 5, 9):
        terms = clamped_terms(lstm, run, clamp, 0, t)
        for k in "ifgoch":
            np.testing.assert_allclose(getattr(terms, k), getattr(run, k)[0, t], atol=1e-6)


@pytest.mark.parametrize("bad", [
    Clamp("x", 0, 0, 0), Clamp("f", 1.5, 0, 0), Clamp("g", -2, 0, 0), Clamp("f", 0, 30, 0),
    Clamp("f", 0, 0, 5), Clamp("f", 0, 0, 0, layer=2),
])
def test_bad_clamps_are_refused_with_the_range_that_fits(bad):
    lstm, tr = setup()
    with pytest.raises(ValueError, match="what_if: "):
        what_if(lstm, tr, bad)


def test_bad_edits_and_no_intervention_are_refused():
    lstm, tr = setup()
    for edit in (InputEdit(30, 0.0), InputEdit(0, 0.0, feature=2), InputEdit(0, float("nan"))):
        with pytest.raises(ValueError, match="what_if: expected"):
            what_if(lstm, tr, edit=edit)
    with pytest.raises(ValueError, match="neither"):
        what_if(lstm, tr)


def test_link_forms_round_trip_and_mangled_ones_are_ignored():
    for clamp in (Clamp("f", 0.0, 30, 2), Clamp("g", -0.5, 3, 1, layer=1)):
        assert parse_clamp(format_clamp(clamp)) == clamp
    for edit in (InputEdit(4, 1.5), InputEdit(0, -2.0, feature=1)):
        assert parse_edit(format_edit(edit)) == edit
    assert format_clamp(Clamp("f", 0.0, 30, 2)) == "f:0:30:2"
    for junk in ("", None, "f", "q:0:1:2", "f:x:1:2", "f:0:1", "f:0:1:2:3:4"):
        assert parse_clamp(junk) is None
    for junk in ("", None, "3", "a:1", "1:nan", "1:2:3:4"):
        assert parse_edit(junk) is None


@pytest.mark.parametrize(("clamp", "edit", "key", "params"), [
    (None, None, "neither", {}),
    (Clamp("x", 0, 0, 0), None, "gate", {"gate": "x"}),
    (Clamp("f", 1.5, 0, 0), None, "range", {"gate": "f", "lo": 0.0, "hi": 1.0, "value": 1.5}),
    (Clamp("f", 0, 30, 0), None, "clamp_start", {"size": 30, "value": 30}),
    (Clamp("f", 0, 0, 5), None, "clamp_unit", {"size": 5, "value": 5}),
    (Clamp("f", 0, 0, 0, layer=2), None, "clamp_layer", {"size": 2, "value": 2}),
    (None, InputEdit(30, 0.0), "edit_step", {"size": 30, "value": 30}),
    (None, InputEdit(0, 0.0, feature=2), "edit_feature", {"size": 2, "value": 2}),
])
def test_a_refusal_carries_a_key_and_params_for_translation(clamp, edit, key, params):
    """The page says why a link's what-if does not fit in the user's language: from the key and params, not str()."""
    lstm, tr = setup()
    with pytest.raises(WhatIfError) as e:
        what_if(lstm, tr, clamp, edit)
    assert e.value.key == key and params.items() <= e.value.params.items()
    assert str(e.value).startswith("what_if: ")


def test_effect_names_the_largest_cell_change_and_the_new_output():
    from lstm_core.lstm.intervene import NOISE, effect

    lstm, tr = setup(L=1)
    run = what_if(lstm, tr, Clamp("f", 0.0, 5, 1))
    e = effect(tr, run, 0, outputs=(tr.h[-1], run.h[-1]))
    delta = np.abs(run.c[0] - tr.c[0])
    assert e.max_change == pytest.approx(delta.max()) and delta[e.at_t, e.at_unit] == pytest.approx(delta.max())
    assert e.at_t >= 5 and e.cell_changed
    assert e.output_old == pytest.approx(tr.h[-1][-1, 0]) and e.output_new == pytest.approx(run.h[-1][-1, 0])
    same = effect(tr, tr, 0, symbols=(["a", "b"], ["a", "c"]))
    assert not same.cell_changed and same.max_change < NOISE and same.symbols_changed == 1
