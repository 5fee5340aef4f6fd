"""The forecaster: one nn.LSTM reads the recent past, a linear head writes all H future steps at once.

The head predicts a correction to a simple baseline computed from the same window:

    forecast = baseline(window) + residual_scale * head(dropout(h_last))

With the baseline "seasonal_naive" the LSTM only has to learn what last season's values get wrong
(trend, level shifts), which small series can teach; "seasonal_level" (sub-daily data, where the season is the
week) moves last week's values to this week's level first; the head starts at zero, so an untrained model
*is* the baseline. The LSTM reads each row's columns plus the target's change over one season (one
step for "naive"): (W - m) steps of (F + 1) inputs, so "today runs 3% above yesterday" is one input
away instead of m steps back. Everything here is in scaled units; `forecast()` converts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from torch import nn

from lstm_core import limits
from lstm_core.data.windows import TrainDataError, clean_frame, frame_frequency, infer_frequency
from lstm_core.errors import SettingError

BASELINES = ("seasonal_naive", "seasonal_level", "naive", "none")


@dataclass
class ForecasterConfig:
    """Shape and behaviour of a Forecaster; stored in model.json so a file rebuilds the same module."""

    n_features: int  # input columns per time step (the target is column 0)
    window: int  # W: past rows the LSTM reads
    horizon: int  # H: future steps the head writes, all at once (direct multi-horizon)
    hidden_size: int = 32  # LSTM units: enough for the bundled series, small enough to train in seconds on a CPU
    num_layers: int = 1  # stacked LSTM layers; one is easiest to inspect in the stepper
    dropout: float = 0.1  # dropout on the last hidden state before the head (training only)
    baseline: str = "seasonal_naive"  # what the head corrects: "seasonal_naive", "seasonal_level", "naive" or "none"
    season: int | None = None  # steps per season for the seasonal-naive baseline; needs season < window
    residual_scale: float = 1.0  # std of (target - baseline) on training windows: keeps head outputs near 1
    level_rows: int = 0  # seasonal_level: rows whose mean change over the season moves last season's values

    def validate(self) -> None:
        for name in ("n_features", "window", "horizon", "hidden_size", "num_layers", "dropout", "level_rows",
                     "residual_scale"):  # bounded first: nothing is sized from a value out of range
            limits.check(name, getattr(self, name))
        limits.check("season", self.season, optional=True)
        if self.baseline not in BASELINES:
            raise SettingError(f"baseline must be one of {', '.join(BASELINES)}, got {limits.clip(self.baseline)}")
        seasonal = self.baseline in ("seasonal_naive", "seasonal_level")
        if seasonal and not (self.season and 1 < self.season < self.window):
            raise SettingError(f"the seasonal-naive baseline needs 1 < season < window ({self.window}), "
                             f"got {self.season}")
        room = self.window - (self.season or 0)
        if self.baseline == "seasonal_level" and not 1 <= self.level_rows <= room:
            raise SettingError(f"the seasonal-level baseline needs 1 <= level_rows <= window - season ({room}), "
                               f"got {self.level_rows}")
        if self.baseline == "naive" and self.window < 2:
            raise SettingError("the naive baseline needs a window of at least 2 rows (it reads one-step changes)")
        for name in ("n_features", "window", "horizon", "hidden_size", "num_layers"):
            if int(getattr(self, name)) < 1:
                raise SettingError(f"{name} must be at least 1, got {getattr(self, name)}")
        if not 0.0 <= self.dropout < 1.0:
            raise SettingError(f"dropout must be in [0, 1), got {self.dropout}")
        limits.check_size(self.lstm_input_size, self.hidden_size, self.num_layers, self.horizon)

    @property
    def lag(self) -> int:
        """Rows the change input looks back: the season, 1 for naive, 0 without a baseline."""
        m = int(self.season or 0)
        return {"seasonal_naive": m, "seasonal_level": m, "naive": 1}.get(self.baseline, 0)

    @property
    def lstm_input_size(self) -> int:
        return self.n_features + (1 if self.lag else 0)


def baseline_forecast(x: torch.Tensor, config: ForecasterConfig) -> torch.Tensor:
    """(N, W, F) scaled window -> (N, H) scaled baseline forecast of the target (column 0)."""
    kind, w, h = config.baseline, config.window, config.horizon
    if kind in ("seasonal_naive", "seasonal_level"):  # step h repeats one season before it: row W - m + (h-1) % m
        if not config.season:
            raise ValueError("baseline_forecast: a seasonal-naive baseline needs a season, got none")
        m = int(config.season)
        last_season = x[:, w - m + torch.arange(h, device=x.device) % m, 0]  # (N, H)
        if kind == "seasonal_naive":
            return last_season
        # ...moved by how much the last k rows run above the same k rows one season earlier (the level now):
        # electricity this week is last week's shape at this week's level.
        k = int(config.level_rows)
        shift = x[:, w - k :, 0].mean(dim=1, keepdim=True) - x[:, w - m - k : w - m, 0].mean(dim=1, keepdim=True)
        return last_season + shift  # (N, H)
    if kind == "naive":  # every step repeats the last value
        return x[:, -1:, 0].expand(-1, h)
    return x.new_zeros(x.shape[0], h)


class Forecaster(nn.Module):
    """nn.LSTM (batch_first) -> last hidden state -> dropout -> Linear(hidden, H), plus the baseline."""

    def __init__(self, config: ForecasterConfig, generator: torch.Generator | None = None):
        super().__init__()
        config.validate()
        self.config = config
        # Built on the meta device, so that nn's default init draws nothing from the global RNG (which
        # concurrent runs share), then given storage and initialised from `generator`. No inter-layer
        # dropout inside nn.LSTM for the same reason: it would draw from the global RNG.
        self.lstm = nn.LSTM(config.lstm_input_size, config.hidden_size, config.num_layers, batch_first=True,
                            device="meta")
        self.head = nn.Linear(config.hidden_size, config.horizon, device="meta")
        self.to_empty(device="cpu")
        k = config.hidden_size**-0.5  # nn.LSTM's own init, U(-1/sqrt(H), 1/sqrt(H)), from a local generator
        with torch.no_grad():
            for p in self.lstm.parameters():
                p.uniform_(-k, k, generator=generator)
            self.head.weight.zero_()  # an untrained model forecasts exactly the baseline
            self.head.bias.zero_()

    def baseline_forecast(self, x: torch.Tensor) -> torch.Tensor:
        return baseline_forecast(x, self.config)

    def lstm_input(self, x: torch.Tensor) -> torch.Tensor:
        """(N, W, F) scaled window -> (N, W - lag, F + 1): each row's columns and the target's change over lag rows.

        This is the sequence the LSTM reads: pass it to the stepper to watch the gates on a real window.
        """
        lag = self.config.lag
        if not lag:
            return x
        change = x[:, lag:, :1] - x[:, :-lag, :1]  # (N, W - lag, 1)
        return torch.cat([x[:, lag:, :], change], dim=2)  # (N, W - lag, F + 1)

    def forward(self, x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """(N, W, F) scaled window -> (N, H) scaled forecast of the target."""
        out, _ = self.lstm(self.lstm_input(x))  # (N, W - lag, hidden)
        last = out[:, -1, :]  # (N, hidden)
        p = self.config.dropout
        if self.training and p > 0:  # dropout with an explicit generator, so a seed reproduces a run
            keep = torch.rand(last.shape, generator=generator, device=last.device) >= p
            last = last * keep / (1.0 - p)
        return self.baseline_forecast(x) + self.config.residual_scale * self.head(last)


def future_index(index: pd.Index, frequency: str | None, steps: int) -> tuple[str, pd.Index]:
    """Times of the next `steps` rows after the index, or ("step", 1..steps) when there is no time."""
    if not isinstance(index, pd.DatetimeIndex) or len(index) == 0:
        return "step", pd.RangeIndex(1, steps + 1)
    freq = infer_frequency(index) or frequency
    if freq:
        return "time", pd.date_range(index[-1], periods=steps + 1, freq=freq)[1:]
    if len(index) >= 2:  # irregular times: step on by the typical gap
        gap = pd.Series(index).diff().median()
        return "time", pd.DatetimeIndex([index[-1] + gap * (i + 1) for i in range(steps)])
    return "step", pd.RangeIndex(1, steps + 1)


def forecast(bundle, df: pd.DataFrame, horizon: int | None = None) -> pd.DataFrame:
    """Forecast the steps after the last row of `df` with a trained bundle (a TrainResult).

    Returns columns [time | step, forecast, lower, upper]: `time` when df has a DatetimeIndex (extended
    by its frequency), else `step` 1..H. lower/upper are the validation-residual interval.
    """
    cfg: ForecasterConfig = bundle.model.config
    h = cfg.horizon if horizon is None else int(horizon)
    if not 1 <= h <= cfg.horizon:
        raise TrainDataError("forecast_horizon", max_horizon=cfg.horizon, horizon=h)
    missing = [c for c in bundle.columns if c not in df.columns]
    if missing:
        raise TrainDataError("forecast_columns", missing=", ".join(map(repr, missing)),
                             needed=", ".join(bundle.columns), available=", ".join(map(str, df.columns)))
    frame, _ = clean_frame(df, list(bundle.columns), frame_frequency(df) or bundle.frequency)
    if len(frame) < cfg.window:
        raise TrainDataError("forecast_too_short", window=cfg.window, rows=len(frame))
    z = bundle.scaler.transform(frame.to_numpy(dtype=np.float64)[-cfg.window :])  # (W, F)
    x = torch.as_tensor(z, dtype=torch.float32).unsqueeze(0)  # (1, W, F)
    model = bundle.model.to("cpu").eval()
    with torch.no_grad():
        pred = bundle.scaler.target_to_original(model(x)[0])[:h]  # (h,)
    lo = np.asarray(bundle.intervals["lower_q"], dtype=np.float64)[:h]
    hi = np.asarray(bundle.intervals["upper_q"], dtype=np.float64)[:h]
    name, idx = future_index(frame.index, bundle.frequency, h)
    floor = floor_of(bundle)
    return pd.DataFrame({name: idx, "forecast": at_least(pred, floor), "lower": at_least(pred + lo, floor),
                         "upper": at_least(pred + hi, floor)})


def floor_of(bundle) -> float | None:
    """The value forecasts never go below (0 for a series with no negative training value), None for none."""
    floor = (bundle.intervals or {}).get("floor")
    return float(floor) if isinstance(floor, (int, float)) else None


def at_least(values: np.ndarray, floor: float | None) -> np.ndarray:
    """Values raised to the floor: counts and sales are never forecast below 0."""
    return np.asarray(values) if floor is None else np.maximum(values, floor)


def _trained_frame(result, df: pd.DataFrame) -> pd.DataFrame | None:
    """The cleaned rows the model was trained and scored on; None for a loaded model file (no held-out part) or
    data that no longer cleans to the same rows."""
    rows = result.data.get("rows")
    if not rows:
        return None
    frame, _ = clean_frame(df, list(result.columns), frame_frequency(df) or result.frequency)
    return frame if len(frame) == rows else None


def other_backtest(result, df: pd.DataFrame) -> tuple[str, pd.DataFrame] | None:
    """The best other model's held-out forecasts (TrainResult.best_other), drawn beside the LSTM's: its name and a
    frame indexed like the cleaned data with one column, forecast; H steps from each scored origin at least H
    after the one before (so they do not overlap), and from the last origin the steps after those, so the line
    reaches the end of the data; a gap (NaN) between two origins. None without a best other."""
    other = getattr(result, "best_other", None)
    frame = _trained_frame(result, df)
    if not other or frame is None:
        return None
    h = result.horizon
    index: list = []
    values: list[float] = []
    end = 0  # the first row after the last one drawn
    for k, (origin, steps) in enumerate(zip(other["origins"], other["forecasts"], strict=True)):
        final = k == len(other["origins"]) - 1
        first = origin if origin >= end else (end if final else None)  # the last origin fills up to the end
        if first is None or first >= min(origin + h, len(frame)):
            continue
        rows = np.arange(first, min(origin + h, len(frame)))  # rows forecast from this origin, not drawn yet
        if values:  # a gap, so the line breaks between two origins' forecasts
            index.append(frame.index[rows[0]])
            values.append(np.nan)
        index += list(frame.index[rows])
        values += list(np.asarray(steps, dtype=np.float64)[rows - origin])
        end = int(rows[-1]) + 1
    if not values:
        return None
    return other["name"], pd.DataFrame({"forecast": values}, index=pd.Index(index))


def backtest(result, df: pd.DataFrame, max_origins: int = 400) -> pd.DataFrame | None:
    """Forecasts over the held-out test tail, H steps from every H-th origin, beside the truth.

    Returns a frame indexed like the cleaned data (time or row) with truth, forecast, lower, upper; None when
    the model was not trained on this data (a loaded model file) so there is no held-out part to show.
    """
    frame = _trained_frame(result, df)
    n_test = result.data.get("n_test")
    if frame is None or not n_test:
        return None
    w, h = result.window, result.horizon
    start = len(frame) - int(n_test)
    origins = np.arange(start, len(frame), h)[-max_origins:]
    origins = origins[origins >= w]
    if not len(origins):
        return None
    z = result.scaler.transform(frame.to_numpy(dtype=np.float64))  # (T, F)
    x = torch.as_tensor(np.stack([z[o - w : o] for o in origins]), dtype=torch.float32)  # (N, W, F)
    model = result.model.to("cpu").eval()
    with torch.no_grad():
        pred = result.scaler.target_to_original(model(x))  # (N, H)
    rows_idx = origins[:, None] + np.arange(h)[None, :]  # (N, H)
    inside = rows_idx < len(frame)
    step = np.nonzero(inside)[1]
    lo = np.asarray(result.intervals.get("lower_q", [0.0] * h), dtype=np.float64)
    hi = np.asarray(result.intervals.get("upper_q", [0.0] * h), dtype=np.float64)
    target = frame[result.target].to_numpy(dtype=np.float64)
    at = rows_idx[inside]
    p = pred[inside]
    floor = floor_of(result)
    return pd.DataFrame(
        {"truth": target[at], "forecast": at_least(p, floor), "lower": at_least(p + lo[step], floor),
         "upper": at_least(p + hi[step], floor), "step": step + 1},
        index=frame.index[at],
    )
