"""Every size and setting is bounded before anything is allocated: model files, training settings, CLI flags.

Each refusal names the field and its allowed range, and stays short (under 500 characters) whatever the input.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import tomllib
import torch
from safetensors.torch import save as save_safetensors

from lstm_core import cli, limits
from lstm_core.data.csv import load as csvload
from lstm_core.errors import SettingError
from lstm_core.forecast import modelfile
from lstm_core.forecast.modelfile import ModelFileError, load_model_bytes, model_zip_bytes
from lstm_core.forecast.train import TrainConfig, fit

SHORT = 500


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    t = np.arange(96)
    return pd.DataFrame({"y": 5 + np.sin(2 * np.pi * t / 12)}, index=pd.date_range("2020-01-01", periods=96, freq="h"))


@pytest.fixture(scope="module")
def parts(df):
    result = fit(df, "y", TrainConfig(horizon=4, window=24, hidden_size=4, epochs=1, device="cpu", num_threads=1,
                                      baseline_budget_s=0))
    with zipfile.ZipFile(io.BytesIO(model_zip_bytes(result))) as zf:
        text = zf.read("model.json").decode()
    return text, save_safetensors({k: v.clone() for k, v in result.model.state_dict().items()})


def _refusal(json_text: str, tensors: bytes) -> str:
    with pytest.raises(ModelFileError) as info:
        load_model_bytes(json_text.encode(), tensors)
    message = str(info.value)
    assert len(message) < SHORT, message[:600]
    return message


@pytest.mark.parametrize(
    "field, value",
    [("num_layers", 1_000_000), ("num_layers", 10**8), ("hidden_size", 100_000_000), ("window", 10**7),
     ("horizon", 400_000), ("n_features", 100_000), ("season", 10**9), ("level_rows", -1), ("dropout", 0.99),
     ("residual_scale", 1e300)],
)
def test_each_model_size_is_bounded_by_field(parts, field, value):
    meta = json.loads(parts[0])
    meta["model_config"][field] = value
    message = _refusal(json.dumps(meta), parts[1])
    b = limits.LIMITS[field]
    assert f"model_config.{field}" in message and f"{b.low:g} to {b.high:g}" in message


@pytest.mark.parametrize(
    "field, value", [("epochs", 10**9), ("lr", 1e9), ("num_threads", 100_000), ("batch_size", 0), ("seed", -1)]
)
def test_train_settings_in_a_model_file_are_bounded(parts, field, value):
    meta = json.loads(parts[0])
    meta["train_config"][field] = value
    assert f"train_config.{field}" in _refusal(json.dumps(meta), parts[1])


def test_absurd_json_is_refused_shortly_before_parsing(parts):
    text, tensors = parts
    digits = text.replace('"hidden_size": 4', '"hidden_size": ' + "9" * 5000, 1)
    assert "5000 digits" in _refusal(digits, tensors)
    deep = text.replace('"history": [', '"history": [' + "[" * 200_000 + "]" * 200_000 + ",", 1)
    assert "nested 200" in _refusal(deep, tensors)
    huge = json.loads(text)
    huge["metrics"]["lstm"] = {"mae": 1}
    huge_text = json.dumps(huge).replace('"mae": 1', '"mae": 1e400', 1)
    assert "too large" in _refusal(huge_text, tensors)
    assert "NaN" in _refusal(text.replace('"horizon": 4', '"horizon": NaN', 1), tensors)
    # brackets inside strings are text, not nesting
    meta = json.loads(text)
    meta["device"] = "[" * 1000
    load_model_bytes(json.dumps(meta).encode(), tensors)


def test_a_million_layer_file_is_refused_quickly_with_a_short_message(parts):
    meta = json.loads(parts[0])
    meta["model_config"]["num_layers"] = 1_000_000
    assert "from 1 to 4" in _refusal(json.dumps(meta), parts[1])


def test_the_largest_allowed_model_fits_the_model_file_cap_and_a_larger_one_is_refused():
    top = {k: int(limits.LIMITS[k].high) for k in ("n_features", "hidden_size", "num_layers", "horizon")}
    n = limits.parameter_count(top["n_features"] + 1, top["hidden_size"], top["num_layers"], top["horizon"])
    assert 4 * n <= limits.MAX_TENSOR_BYTES  # float32 bytes: every model the table allows can be saved and uploaded
    with pytest.raises(SettingError, match="weights, over the cap"):
        limits.check_size(top["n_features"], 2048, top["num_layers"], top["horizon"])
    limits.check_train_config(TrainConfig())  # the defaults pass
    with pytest.raises(SettingError, match="n_features must be a whole number from 1 to 500"):
        limits.check_train_config(TrainConfig(features=[f"c{i}" for i in range(600)]))


def test_fit_checks_settings_before_anything_is_sized(df):
    for cfg in (TrainConfig(lr=float("nan")), TrainConfig(lr=float("inf")), TrainConfig(hidden_size=10**8),
                TrainConfig(num_threads=100_000), TrainConfig(num_layers=10**6), TrainConfig(horizon=400_000)):
        threads = torch.get_num_threads()
        with pytest.raises(SettingError) as info:
            fit(df, "y", cfg)
        assert len(str(info.value)) < SHORT and " to " in str(info.value)
        assert torch.get_num_threads() == threads


@pytest.mark.parametrize(
    "flag, value, field",
    [("--lr", "nan", "lr"), ("--lr", "inf", "lr"), ("--lr", "-1", "lr"), ("--threads", "100000", "num_threads"),
     ("--hidden", "1e8", "hidden_size"), ("--hidden", "100000000", "hidden_size"),
     ("--layers", "1000000", "num_layers"),
     ("--horizon", "400000", "horizon"), ("--window", "0", "window"), ("--epochs", "1" * 5000, "epochs"),
     ("--dropout", "nan", "dropout"), ("--seed", "-5", "seed"), ("--baseline-budget", "inf", "baseline_budget_s")],
)
def test_cli_flags_out_of_range_exit_2_with_the_range(tmp_path, capsys, flag, value, field):
    argv = ["fit", str(tmp_path / "x.csv"), "--horizon", "3", "--out", str(tmp_path / "o"), flag, value]
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    b = limits.LIMITS[field]
    assert flag in err and f"from {b.low:g} to {b.high:g}" in err and len(err.splitlines()[-1]) < SHORT
    assert not (tmp_path / "o").exists()


def test_clip_keeps_any_value_short():
    for value in ("x" * 10**6, ["y" * 1000] * 1000, 1.5, "<a href=x>"):
        assert len(limits.clip(value)) <= 60
    assert limits.in_range("lr", 1e-3) and not limits.in_range("lr", float("nan"))
    assert not limits.in_range("epochs", True) and not limits.in_range("epochs", 2.5) and limits.in_range("epochs", 3)


def test_the_servers_upload_cap_is_the_apps_own():
    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 2**20 == limits.MAX_UPLOAD_BYTES
    assert csvload.MAX_BYTES == modelfile.MAX_ZIP_BYTES == limits.MAX_UPLOAD_BYTES
