"""The Train page's form table: widget values -> TrainConfig -> widget values, with nothing lost."""

from __future__ import annotations

from dataclasses import replace

from lstm_core.forecast.train import TrainConfig
from ui.train.form import DEFAULTS, FIELDS, config_from_form, form_defaults, form_from_config


def test_defaults_make_the_engines_default_config():
    values = form_defaults(rows=10_000) | {"train.features": []}
    cfg = config_from_form(values)
    for f in FIELDS:
        assert getattr(cfg, f.name) == getattr(DEFAULTS, f.name), f.name
    assert cfg.features is None and cfg.num_threads == 1


def test_a_short_series_gets_a_tenth_as_horizon():
    assert form_defaults(rows=50)["train.horizon"] == 5
    assert form_defaults(rows=3)["train.horizon"] == 1


def test_a_run_found_again_shows_its_own_settings():
    cfg = replace(TrainConfig(), horizon=7, window=48, epochs=3, hidden_size=16, num_layers=2, patience=9, lr=3e-3,
                  batch_size=64, seed=5, features=["y", "temp"])
    values = form_from_config(cfg, target="y")
    assert values["train.window"] == 48 and values["train.features"] == ["temp"] and values["train.target"] == "y"
    again = config_from_form(values)
    for f in FIELDS:
        assert getattr(again, f.name) == getattr(cfg, f.name), f.name
    assert again.features == ["temp"]


def test_window_zero_in_the_form_means_automatic():
    values = form_defaults(rows=1000) | {"train.window": 0, "train.features": []}
    assert config_from_form(values).window is None
    assert form_from_config(replace(TrainConfig(), window=None), "y")["train.window"] == 0
