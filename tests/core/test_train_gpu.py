"""Training on CUDA, and the real fallback from CUDA to the CPU. Skipped cleanly without a GPU."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import torch

from lstm_core.data.windows import prepare
from lstm_core.forecast import train as train_mod
from lstm_core.forecast.train import TrainConfig, fit

pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU"),
]


def series(n: int = 400) -> pd.DataFrame:
    t = np.arange(n)
    idx = pd.date_range("2020-01-01", periods=n, freq="h")
    rng = np.random.default_rng(0)
    return pd.DataFrame({"y": 10 + np.sin(2 * np.pi * t / 24) + 0.01 * t + rng.normal(0, 0.05, n)}, index=idx)


def test_windows_are_views_on_the_gpu():
    d = prepare(series(), "y", 6, window=48)
    w = d.windows("train", "cuda")
    assert w.x.device.type == "cuda" and w.x.shape == (d.split.n_train - 48 - 6 + 1, 48, 1)


def test_trains_on_cuda_and_returns_a_cpu_model():
    events = []
    r = fit(series(), "y", TrainConfig(horizon=6, epochs=20, device="auto"), callback=events.append)
    assert r.device.startswith("cuda")
    assert all(p.device.type == "cpu" for p in r.model.parameters())
    assert math.isfinite(r.metrics["lstm"]["mae"]) and len(r.history) >= 1
    assert r.metrics["lstm"]["mae"] < r.metrics["naive"]["mae"]
    assert [e.kind for e in events][-1] == "done"


def test_out_of_memory_on_cuda_falls_back_to_cpu(monkeypatch):
    real = train_mod._train_step
    sizes = []

    def step(model, opt, xb, yb, clip, gen):
        if xb.is_cuda:
            sizes.append(xb.shape[0])
            raise torch.cuda.OutOfMemoryError("CUDA out of memory (simulated)")
        return real(model, opt, xb, yb, clip, gen)

    monkeypatch.setattr(train_mod, "_train_step", step)
    events = []
    r = fit(series(), "y", TrainConfig(horizon=6, epochs=3, batch_size=32, min_batch_size=8, device="cuda"),
            callback=events.append)  # fmt: skip
    kinds = [e.kind for e in events if e.kind in ("oom_retry", "fallback_cpu")]
    assert kinds == ["oom_retry", "oom_retry", "fallback_cpu"] and sizes == [32, 16, 8]
    assert r.device == "cpu" and len(r.history) == 3 and math.isfinite(r.metrics["lstm"]["mae"])
