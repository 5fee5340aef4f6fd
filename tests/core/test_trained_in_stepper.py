"""A trained forecaster opens in the stepper on the user's own series, scaled as in training."""

import numpy as np
import pandas as pd
import torch

from lstm_core.forecast.train import TrainConfig, fit
from lstm_core.lessons import presets
from lstm_core.lstm.trace import torch_parity, trace


def small_series() -> pd.DataFrame:
    idx = pd.date_range("2020-01-01", periods=96, freq="MS")
    t = np.arange(96)
    return pd.DataFrame({"sales": 100 + t + 10 * np.sin(2 * np.pi * t / 12)}, index=idx)


def test_forecaster_as_preset_steps_the_forecasts_own_input():
    df = small_series()
    result = fit(df, "sales", TrainConfig(horizon=6, epochs=3, device="cpu"))
    p = presets.from_forecaster(result, df, "my sales model")
    cfg = result.model.config
    x = p.encode("last_window")
    assert x.shape == (cfg.window - cfg.lag, result.model.lstm.input_size)
    tr = trace(p.lstm, x)
    assert torch_parity(p.lstm, tr) < 1e-5
    # The trace's last h, through the head, is exactly the model's forecast (scaled).
    z = result.scaler.transform(df[result.columns].to_numpy()[-cfg.window :])
    with torch.no_grad():
        expected = result.model(torch.tensor(z, dtype=torch.float32)[None])[0].numpy()
        base = result.model.baseline_forecast(torch.tensor(z, dtype=torch.float32)[None])[0].numpy()
        head = result.model.head(torch.tensor(tr.h[-1, -1]))
    np.testing.assert_allclose(base + cfg.residual_scale * head.numpy(), expected, atol=1e-5)
    np.testing.assert_allclose(p.meta["forecast"]["last_window"], expected, atol=1e-6)
    assert p.meta["text"] == {"target": "sales", "horizon": 6, "last_steps": len(x), "whole_steps": len(df) - cfg.lag}
    assert "description" not in p.meta  # words are the UI's (ui/strings/trained.py)
    whole = p.encode("whole")
    assert whole.shape[0] == len(df) - cfg.lag
    assert p.meta["input"]["columns"][0] == "sales"
