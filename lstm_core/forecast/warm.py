"""Compute a run's statistical baselines before anyone asks: a class on a bundled sample then finds them all cached.

    warm_baselines(df, "passengers", TrainConfig(horizon=12))   # -> {"auto_ets": StatResult, ...}

The baselines of a run depend only on its data, split, horizon and seasons (stat_pool.cache_key), never on the
LSTM's settings or seed. This computes, for the inputs a run would have, exactly what fit() asks for (each model on
the held-out origins, the same arguments: train.baseline_inputs) and what the downloads ask for (each model that ran,
fitted on the whole series with its 80% interval: recommend.stat_table's arguments), through the same warm
processes and cache. The service runs it on its workers for the bundled samples at their default settings when the
app starts (service/stat_tasks.warm_samples), below every user's work.
"""

from __future__ import annotations

import pandas as pd

from lstm_core.data.windows import prepare
from lstm_core.forecast.baselines import StatBaselines, StatResult, future_forecast
from lstm_core.forecast.recommend import LEVEL
from lstm_core.forecast.train import TrainConfig, baseline_inputs


def warm_baselines(df: pd.DataFrame, target: str, cfg: TrainConfig) -> dict[str, StatResult]:
    """Every statistical baseline of a run of `target` on `df` with `cfg`, held-out and after the data, one model at a
    time; returns the held-out results (a skipped model is skipped here too, and tried again by the run)."""
    if cfg.baseline_budget_s <= 0:
        return {}
    data = prepare(df, target, cfg.horizon, features=cfg.features, window=cfg.window, val_size=cfg.val_size,
                   test_size=cfg.test_size, season=cfg.season)
    args, kwargs = baseline_inputs(data, cfg)
    held_out = StatBaselines(*args, **kwargs, parallel=1).start().wait()
    series = data.target_values()
    for name, result in held_out.items():
        if result.forecasts is not None:  # the forecast after the data, as the download of a recommended model
            future_forecast(name, series, data.horizon, season=kwargs["season"], frequency=data.frequency,
                            budget_s=cfg.baseline_budget_s, level=LEVEL)
    return held_out
