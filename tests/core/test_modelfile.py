"""Model files round-trip exactly, and anything that is not a checked safetensors + JSON pair is refused."""

from __future__ import annotations

import io
import json
import pickle
import zipfile

import numpy as np
import pandas as pd
import pytest
import torch
from safetensors.torch import save as save_safetensors

from lstm_core.forecast.forecaster import forecast
from lstm_core.forecast.modelfile import (
    ModelFileError,
    csv_safe,
    load_model,
    load_model_bytes,
    load_model_zip,
    model_zip_bytes,
    save_model,
)
from lstm_core.forecast.train import TrainConfig, fit


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    t = np.arange(120)
    idx = pd.date_range("2021-01-01", periods=120, freq="h")
    return pd.DataFrame({"load": 10 + np.sin(2 * np.pi * t / 24) + 0.01 * t, "temp": np.cos(t / 7)}, index=idx)


@pytest.fixture(scope="module")
def result(df):
    cfg = TrainConfig(horizon=6, window=30, features=["temp"], hidden_size=8, epochs=2, device="cpu", num_threads=1)
    return fit(df, "load", cfg)


@pytest.fixture()
def saved(tmp_path, result):
    return save_model(tmp_path / "m", result)


def test_round_trip_gives_identical_forecasts(df, result, saved):
    assert sorted(p.name for p in saved.iterdir()) == ["model.json", "model.safetensors"]
    meta = json.loads((saved / "model.json").read_text())
    for key in ("schema_version", "model_config", "train_config", "scaler", "columns", "target", "frequency",
                "window", "horizon", "metrics", "intervals", "train_time_s", "device", "created"):  # fmt: skip
        assert key in meta, key
    assert meta["columns"] == ["load", "temp"] and meta["frequency"] == "h" and meta["window"] == 30
    expected = forecast(result, df)
    for source in (saved, saved / "model.json", saved / "model.safetensors",
                   (saved / "model.safetensors", saved / "model.json")):  # fmt: skip
        loaded = load_model(source)
        pd.testing.assert_frame_equal(forecast(loaded, df), expected)
    loaded = load_model_zip(model_zip_bytes(result))
    pd.testing.assert_frame_equal(forecast(loaded, df), expected)
    assert loaded.metrics == json.loads(json.dumps(result.metrics)) and loaded.config == result.config
    for a, b in zip(loaded.model.state_dict().values(), result.model.state_dict().values(), strict=True):
        assert torch.equal(a, b)


def test_forecast_table_and_its_errors(df, result):
    table = forecast(result, df)
    assert list(table.columns) == ["time", "forecast", "lower", "upper"] and len(table) == 6
    assert table["time"].iloc[0] == df.index[-1] + pd.Timedelta("1h")
    assert (table["lower"] <= table["upper"]).all()
    assert len(forecast(result, df, horizon=2)) == 2
    stepped = forecast(result, df.reset_index(drop=True))
    assert list(stepped.columns)[0] == "step" and stepped["step"].tolist() == [1, 2, 3, 4, 5, 6]
    with pytest.raises(ValueError, match="1 to 6 steps"):
        forecast(result, df, horizon=7)
    with pytest.raises(ValueError, match="lacks the model's column"):
        forecast(result, df[["load"]])
    with pytest.raises(ValueError, match="last 30 rows"):
        forecast(result, df.iloc[:20])


def test_pickles_and_torch_checkpoints_are_refused(tmp_path, result, saved):
    pt = tmp_path / "model.pt"
    pt.write_bytes(pickle.dumps({"weights": [1, 2]}))
    with pytest.raises(ModelFileError, match="pickle"):
        load_model(pt)
    # a pickle renamed to .safetensors is caught by its first byte
    (saved / "model.safetensors").write_bytes(pickle.dumps({"weights": [1, 2]}))
    with pytest.raises(ModelFileError, match="pickle protocol byte"):
        load_model(saved)
    # torch.save writes a zip with a pickle inside
    buf = io.BytesIO()
    torch.save(result.model.state_dict(), buf)
    (saved / "model.safetensors").write_bytes(buf.getvalue())
    with pytest.raises(ModelFileError, match="zip archive"):
        load_model(saved)
    with pytest.raises(ModelFileError, match="pickle"):
        load_model_zip(buf.getvalue())
    with pytest.raises(ModelFileError, match="pickle"):
        load_model_zip(pickle.dumps([1]))
    json_bytes = (saved / "model.json").read_bytes()
    with pytest.raises(ModelFileError, match="pickle"):
        load_model_bytes(pickle.dumps({"a": 1}), json_bytes)


def _parts(result) -> tuple[dict, dict]:
    with zipfile.ZipFile(io.BytesIO(model_zip_bytes(result))) as zf:
        meta = json.loads(zf.read("model.json"))
    return meta, {k: v.clone() for k, v in result.model.state_dict().items()}


def _load(meta: dict, tensors: dict):
    return load_model_bytes(json.dumps(meta).encode(), save_safetensors(tensors))


def test_garbage_non_finite_and_wrong_shapes_are_refused(result):
    meta, tensors = _parts(result)
    _load(meta, tensors)  # the unmodified pair loads
    with pytest.raises(ModelFileError, match="not a safetensors file"):
        load_model_bytes(json.dumps(meta).encode(), b"\x00" * 64)
    with pytest.raises(ModelFileError, match="not valid UTF-8 JSON"):
        load_model_bytes(b"{nope", save_safetensors(tensors))
    bad = dict(tensors, **{"head.weight": tensors["head.weight"].clone().fill_(float("nan"))})
    with pytest.raises(ModelFileError, match="NaN or infinite"):
        _load(meta, bad)
    bad = dict(tensors, **{"head.weight": torch.zeros(5, 8)})
    with pytest.raises(ModelFileError, match=r"head.weight has shape \(5, 8\), expected \(6, 8\)"):
        _load(meta, bad)
    with pytest.raises(ModelFileError, match="1 unexpected tensor"):
        _load(meta, dict(tensors, extra=torch.zeros(1)))
    bad = dict(tensors, **{"head.bias": tensors["head.bias"].double()})
    with pytest.raises(ModelFileError, match="float32"):
        _load(meta, bad)
    wrong = json.loads(json.dumps(meta))
    wrong["model_config"]["hidden_size"] = 16  # the JSON no longer describes these tensors
    with pytest.raises(ModelFileError, match="expected"):
        _load(wrong, tensors)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda m: m.pop("scaler"), "missing required key 'scaler'"),
        (lambda m: m.update(window="30"), "'window' must be int"),
        (lambda m: m.update(window=True), "'window' must be int"),
        (lambda m: m.update(schema_version=99), "schema_version 99"),
        (lambda m: m.update(format="other"), "format must be"),
        (lambda m: m["model_config"].update(baseline="magic"), "baseline must be one of"),
        (lambda m: m["scaler"].update(std=[1.0, 0.0]), "finite positive"),
        (lambda m: m["intervals"].update(lower_q=[0.0]), "list of 6 numbers"),
        (lambda m: m.update(columns=["temp", "load"]), "first column"),
        (lambda m: m["train_config"].update(epochs="many"), "train_config.epochs"),
        (lambda m: m.update(horizon=5), "differs from model_config.horizon"),
    ],
)
def test_json_schema_is_checked(result, edit, message):
    meta, tensors = _parts(result)
    edit(meta)
    with pytest.raises(ModelFileError, match=message):
        _load(meta, tensors)


def test_zip_upload_limits(result):
    data = model_zip_bytes(result)
    with pytest.raises(ModelFileError, match="over the cap"):
        load_model_zip(data, max_bytes=100)
    with pytest.raises(ModelFileError, match="not a zip"):
        load_model_zip(b"hello")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf, zipfile.ZipFile(io.BytesIO(data)) as src:
        for name in src.namelist():
            zf.writestr("folder/" + name, src.read(name))
    load_model_zip(buf.getvalue())  # one folder level inside the zip is fine
    with zipfile.ZipFile(buf, "a") as zf:
        zf.writestr("folder/notes.txt", "hi")
    with pytest.raises(ModelFileError, match="exactly model.json and model.safetensors"):
        load_model_zip(buf.getvalue())


def test_missing_files_are_clear(tmp_path):
    with pytest.raises(ModelFileError, match="not found"):
        load_model(tmp_path)
    with pytest.raises(ModelFileError, match="refusing model.pkl"):
        load_model(tmp_path / "model.pkl")


def test_csv_safe_escapes_text_cells_only():
    df = pd.DataFrame(
        {
            "=evil": ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "plain"],
            "num": [-3.5, 1.0, 2.0, -1.0, 0.0],
            "when": pd.date_range("2020-01-01", periods=5, freq="D"),
        }
    )
    out = csv_safe(df)
    assert list(out.columns) == ["'=evil", "num", "when"]
    assert out["'=evil"].tolist() == ["'=1+2", "'+SUM(A1)", "'-2+3", "'@cmd", "plain"]
    assert out["num"].tolist() == [-3.5, 1.0, 2.0, -1.0, 0.0] and out["num"].dtype == np.float64
    assert out["when"].equals(df["when"])
    assert df.columns[0] == "=evil"  # the input is not modified
    text = out.to_csv(index=False)
    assert "\n'=1+2,-3.5,2020-01-01\n" in text  # the number keeps its minus sign


def test_backtest_and_metrics_report_agree_with_the_run():
    import json

    import numpy as np
    import pandas as pd

    from lstm_core.forecast.forecaster import backtest
    from lstm_core.forecast.modelfile import metrics_json_bytes
    from lstm_core.forecast.train import TrainConfig, fit

    idx = pd.date_range("2021-01-01", periods=120, freq="D")
    t = np.arange(120)
    df = pd.DataFrame({"y": 50 + 5 * np.sin(2 * np.pi * t / 7) + 0.1 * t}, index=idx)
    result = fit(df, "y", TrainConfig(horizon=7, epochs=3, device="cpu"))
    held = backtest(result, df)
    assert len(held) == result.data["n_test"]  # every held-out row is forecast once
    assert (held.index >= idx[len(df) - result.data["n_test"]]).all()  # and only held-out rows
    np.testing.assert_allclose(held["truth"], df["y"].loc[held.index])
    doc = json.loads(metrics_json_bytes(result))
    assert doc["model"] == doc["held_out"]["lstm"] and set(doc["model"]) == {"mae", "rmse", "smape", "mase"}
    assert doc["horizon"] == 7 and doc["target"] == "y"


def test_a_weekly_level_model_round_trips():
    """Hourly data with weeks enough: the season is the week and the baseline moves last week to this week's level;
    its level_rows go into model.json and come back (files from before it load with none)."""
    t = np.arange(900)
    idx = pd.date_range("2021-01-04", periods=900, freq="h")
    df = pd.DataFrame({"load": 10 + np.sin(2 * np.pi * t / 24) + (idx.dayofweek >= 5) + 0.001 * t}, index=idx)
    result = fit(df, "load", TrainConfig(horizon=6, hidden_size=8, epochs=2, num_threads=1, snapshots=0))
    cfg = result.model.config
    # the window: two weeks, shortened to half the training rows (312); the level: half the rows past a week
    assert (cfg.season, cfg.baseline, cfg.window, cfg.level_rows) == (168, "seasonal_level", 312, 72)
    loaded = load_model_zip(model_zip_bytes(result))
    assert loaded.model.config == cfg
    pd.testing.assert_frame_equal(forecast(loaded, df), forecast(result, df))
