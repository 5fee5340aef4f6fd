"""Forecast errors and the two baselines every forecast is compared with, on the same origins.

Arrays of forecasts are (N, H): N forecast origins (rolling over the test tail), H steps each.
An origin t is the row of the first forecast step; rows before t are known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeGuard

import numpy as np


def mae(y: np.ndarray, yhat: np.ndarray) -> float:
    """Mean absolute error."""
    return float(np.mean(np.abs(np.asarray(y) - np.asarray(yhat))))


def rmse(y: np.ndarray, yhat: np.ndarray) -> float:
    """Root mean squared error."""
    return float(np.sqrt(np.mean((np.asarray(y) - np.asarray(yhat)) ** 2)))


def smape(y: np.ndarray, yhat: np.ndarray) -> float:
    """Symmetric MAPE in percent, 0..200: mean of 200 |y - yhat| / (|y| + |yhat|); a 0/0 term counts 0."""
    y, yhat = np.asarray(y, dtype=np.float64), np.asarray(yhat, dtype=np.float64)
    den = np.abs(y) + np.abs(yhat)
    terms = np.divide(200.0 * np.abs(y - yhat), den, out=np.zeros_like(den), where=den > 0)
    return float(np.mean(terms))


def mase_scale(train: np.ndarray, season: int | None) -> float:
    """In-sample MAE of the seasonal-naive forecast on the training part (naive, lag 1, without a season)."""
    m = season if season and season > 1 and len(train) > season else 1
    train = np.asarray(train, dtype=np.float64)
    if len(train) <= m:
        return math.nan
    return float(np.mean(np.abs(train[m:] - train[:-m])))


def mase(y: np.ndarray, yhat: np.ndarray, scale: float) -> float | None:
    """MAE divided by the in-sample scale; None when the scale is 0 or unknown (a flat training part)."""
    if not scale or not math.isfinite(scale) or scale <= 0:
        return None
    return mae(y, yhat) / scale


def naive_forecasts(series: np.ndarray, origins: np.ndarray, horizon: int) -> np.ndarray:
    """Every step repeats the last known value: yhat[t + h - 1] = y[t - 1]. -> (N, H)"""
    last = np.asarray(series, dtype=np.float64)[np.asarray(origins) - 1]  # (N,)
    return np.repeat(last[:, None], horizon, axis=1)


def seasonal_naive_forecasts(series: np.ndarray, origins: np.ndarray, horizon: int, season: int) -> np.ndarray:
    """Step h repeats the value one season before it: yhat[t + h - 1] = y[t - m + (h - 1) % m]. -> (N, H)"""
    lag = np.arange(horizon) % season - season  # (H,) offsets from the origin, all < 0: only the past
    idx = np.asarray(origins)[:, None] + lag[None, :]  # (N, H)
    if idx.min() < 0:
        raise ValueError(f"seasonal naive with season {season} needs {season} rows before the first origin")
    return np.asarray(series, dtype=np.float64)[idx]


def targets(series: np.ndarray, origins: np.ndarray, horizon: int) -> np.ndarray:
    """The true values the forecasts from each origin aim at. -> (N, H)"""
    idx = np.asarray(origins)[:, None] + np.arange(horizon)[None, :]
    return np.asarray(series, dtype=np.float64)[idx]


def scores(y: np.ndarray, yhat: np.ndarray, scale: float) -> dict:
    """MAE, RMSE, sMAPE (percent) and MASE of forecasts against the truth, pooled over origins and steps."""
    return {"mae": mae(y, yhat), "rmse": rmse(y, yhat), "smape": smape(y, yhat), "mase": mase(y, yhat, scale)}


def interval_offsets(residuals: np.ndarray, coverage: float) -> tuple[np.ndarray, np.ndarray]:
    """Per-step quantiles of (truth - forecast) residuals (N, H): the band [forecast + lo, forecast + hi].

    coverage 0.8 takes the 10% and 90% quantiles, a nominal 80% interval. The band always holds the forecast
    itself (lo <= 0 <= hi): when every validation residual has one sign, the quantiles alone would draw the
    band beside the line, which reads as a contradiction; widening it to the line only adds coverage.
    """
    if not 0 < coverage < 1:
        raise ValueError(f"interval coverage must be between 0 and 1, got {coverage}")
    tail = (1.0 - coverage) / 2.0
    lo, hi = np.quantile(residuals, tail, axis=0), np.quantile(residuals, 1.0 - tail, axis=0)
    return np.minimum(lo, 0.0), np.maximum(hi, 0.0)


def empirical_coverage(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """Share of true values that fell inside [lower, upper]."""
    y = np.asarray(y)
    return float(np.mean((y >= lower) & (y <= upper)))


def compare(
    series: np.ndarray,
    origins: np.ndarray,
    horizon: int,
    model_forecasts: np.ndarray,
    train_rows: int,
    season: int | None,
) -> dict:
    """Scores of the model, naive and seasonal naive over the same rolling origins of the test tail.

    series: the whole target in data units (T,); origins: (N,) test origins; model_forecasts: (N, H).
    MASE divides by the seasonal-naive (or naive) in-sample MAE of the first `train_rows` rows.
    """
    y = targets(series, origins, horizon)
    scale = mase_scale(series[:train_rows], season)
    out = {
        "origins": int(len(origins)),
        "horizon": int(horizon),
        "season": season,
        "mase_scale": scale if math.isfinite(scale) else None,
        "lstm": scores(y, model_forecasts, scale),
        "naive": scores(y, naive_forecasts(series, origins, horizon), scale),
        "seasonal_naive": None,
        "seasonal_naive_reason": "",
    }
    if not season or season < 2:
        out["seasonal_naive_reason"] = (
            "no season: the frequency of the time column is unknown or has no natural season; give one (--season)"
        )
    elif int(np.min(origins)) < season:
        out["seasonal_naive_reason"] = f"season {season} is longer than the history before the first test origin"
    else:
        out["seasonal_naive"] = scores(y, seasonal_naive_forecasts(series, origins, horizon, season), scale)
    return out


BASELINES = ("seasonal_naive", "naive")  # the models the LSTM's held-out error is judged against


@dataclass(frozen=True)
class Verdict:
    """Does the LSTM beat the best baseline on held-out MAE, and by how much? (The page says it in words.)"""

    baseline: str  # the baseline with the lowest held-out MAE
    lstm_mae: float
    baseline_mae: float

    @property
    def lstm_wins(self) -> bool:
        return self.lstm_mae < self.baseline_mae and self.baseline_mae > 0

    @property
    def gain_pct(self) -> float:
        """How much lower the LSTM's MAE is, in percent of the baseline's (negative when it loses)."""
        return (self.baseline_mae - self.lstm_mae) / self.baseline_mae * 100 if self.baseline_mae > 0 else 0.0


def _finite(v: object) -> TypeGuard[float]:
    return isinstance(v, (int, float)) and math.isfinite(v)


def verdict(metrics: dict, baselines: tuple[str, ...] = BASELINES) -> Verdict | None:
    """The LSTM against the best of `baselines` by held-out MAE (metrics as compare() returns them); None when
    the LSTM or every baseline has no finite MAE."""
    lstm = (metrics.get("lstm") or {}).get("mae")
    scored = [(m, float(v)) for m in baselines if _finite(v := (metrics.get(m) or {}).get("mae"))]
    if not _finite(lstm) or not scored:
        return None
    name, base = min(scored, key=lambda b: b[1])
    return Verdict(name, float(lstm), base)
