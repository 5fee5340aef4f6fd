"""Forecast errors, the two naive baselines, and the table of every model on the same origins (compare, best).

Arrays of forecasts are (N, H): N forecast origins (rolling over the test tail), H steps each.
An origin t is the row of the first forecast step; rows before t are known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, TypeGuard

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


def scores(y: np.ndarray, yhat: np.ndarray, scale: float, scored: np.ndarray | None = None) -> dict:
    """MAE, RMSE, sMAPE (percent) and MASE of forecasts against the truth, pooled over origins and steps; only
    where `scored` (the shape of y, bool) is true when given: filled rows are not scored."""
    if scored is not None:
        y, yhat = np.asarray(y)[scored], np.asarray(yhat)[scored]
    return {"mae": mae(y, yhat), "rmse": rmse(y, yhat), "smape": smape(y, yhat), "mase": mase(y, yhat, scale)}


# A model skipped for time after it was run once more with a larger budget (baselines.RETRY_FACTOR): the verdict
# cannot name a best. (A plain "budget" skip, never retried, comes only from a run saved before the retry existed.)
UNDECIDED_REASONS = ("budget_twice",)


def undecided(metrics: dict) -> list[str]:
    """The models skipped for time (past their budget, and again when run once more): while any is, no best can be
    named, since the one that did not finish might have been it."""
    return [m for m in MODELS if isinstance(metrics.get(m), dict) and metrics[m].get("reason") in UNDECIDED_REASONS]


def interval_offsets(residuals: np.ndarray, coverage: float) -> tuple[np.ndarray, np.ndarray]:
    """Split-conformal offsets per step from validation residuals (truth - forecast), (N, H): the band
    [forecast + lo, forecast + hi].

    coverage 0.8 takes, per step, the residuals' order statistics at ceil((N + 1) * 0.1) and ceil((N + 1) * 0.9)
    out of N: the conformal levels, which hold at least the nominal share on exchangeable data (the plain 10% and
    90% quantiles fall a little short on a few dozen windows). The band always holds the forecast itself
    (lo <= 0 <= hi): when every validation residual has one sign, the quantiles alone would draw the band beside
    the line, which reads as a contradiction; widening it to the line only adds coverage.
    """
    if not 0 < coverage < 1:
        raise ValueError(f"interval coverage must be between 0 and 1, got {coverage}")
    r = np.sort(np.asarray(residuals, dtype=np.float64), axis=0)  # (N, H), each step sorted
    n = r.shape[0]
    if n == 0:
        raise ValueError("interval_offsets: no validation residuals to calibrate on")
    tail = (1.0 - coverage) / 2.0
    # 0-based order statistics, clipped to the sample; 1e-9 keeps (n + 1) * 0.1 = 9.999... from rounding down
    k_lo = max(math.floor((n + 1) * tail + 1e-9) - 1, 0)
    k_hi = min(math.ceil((n + 1) * (1.0 - tail) - 1e-9) - 1, n - 1)
    return np.minimum(r[k_lo], 0.0), np.maximum(r[k_hi], 0.0)


def empirical_coverage(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """Share of true values that fell inside [lower, upper]."""
    y = np.asarray(y)
    return float(np.mean((y >= lower) & (y <= upper)))


def coverage_per_step(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Share of true values inside [lower, upper] at each horizon step: (N, H) -> (H,)."""
    y = np.asarray(y)
    return np.mean((y >= lower) & (y <= upper), axis=0)


def compare(
    series: np.ndarray,
    origins: np.ndarray,
    horizon: int,
    model_forecasts: np.ndarray,
    train_rows: int,
    season: int | None,
    others: dict[str, dict] | None = None,
    observed: np.ndarray | None = None,
) -> dict:
    """Scores of the model, naive, seasonal naive and the statistical baselines over the same rolling origins of
    the test tail, and `best`: the name with the lowest MAE.

    series: the whole target in data units (T,); origins: (N,) test origins; model_forecasts: (N, H).
    others: the statistical baselines by name, each {"forecasts": (N, H), "detail": ..., "seconds": ...} or
    {"skipped": reason, "reason": key, "params": {...}} (lstm_core.forecast.baselines); a skipped one is kept as is.
    MASE divides by the seasonal-naive (or naive) in-sample MAE of the first `train_rows` rows.
    observed: (T,) bool, the rows read from the data; forecasts of the others (filled rows) are not scored, for
    every model alike. `best` is None while a model skipped for time is among them (undecided()).
    """
    y = targets(series, origins, horizon)
    mask = None if observed is None else targets(np.asarray(observed, dtype=np.float64), origins, horizon) > 0.5
    scale = mase_scale(series[:train_rows], season)
    out: dict[str, Any] = {
        "origins": int(len(origins)),
        "horizon": int(horizon),
        "season": season,
        "mase_scale": scale if math.isfinite(scale) else None,
        "scored_values": int(y.size if mask is None else mask.sum()),
        "unscored_filled": int(0 if mask is None else mask.size - mask.sum()),
        "lstm": scores(y, model_forecasts, scale, mask),
        "naive": scores(y, naive_forecasts(series, origins, horizon), scale, mask),
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
        out["seasonal_naive"] = scores(y, seasonal_naive_forecasts(series, origins, horizon, season), scale, mask)
    for name, got in (others or {}).items():
        extra = {k: v for k, v in got.items() if k not in ARRAYS}  # a skipped one: its reason only
        forecasts = got.get("forecasts")
        out[name] = extra if forecasts is None else {
            **scores(y, np.asarray(forecasts, dtype=np.float64), scale, mask), **extra}
    out["undecided"] = undecided(out)
    out["best"] = best_model(out)
    return out


def best_other_forecasts(metrics: dict, series: np.ndarray, origins: np.ndarray, horizon: int,
                         others: dict[str, dict] | None = None) -> dict | None:
    """The held-out forecasts of the best model other than the LSTM, for the chart to draw beside the LSTM's:
    {"name", "origins": (N,), "forecasts": (N, H)} as lists, on the origins `metrics` was scored on (compare()'s
    arguments); None when no other model has a held-out MAE."""
    name = lowest_mae(metrics, BASELINES)
    if name is None:
        return None
    if name == "naive":
        forecasts = naive_forecasts(series, origins, horizon)
    elif name == "seasonal_naive":
        forecasts = seasonal_naive_forecasts(series, origins, horizon, int(metrics["season"]))
    else:
        forecasts = np.asarray((others or {})[name]["forecasts"], dtype=np.float64)
    return {"name": name, "origins": [int(o) for o in origins], "forecasts": forecasts.tolist()}


ARRAYS = ("forecasts", "lower", "upper")  # a model's held-out arrays: scored, never copied into metrics
TIE_RTOL = 1e-6  # MAEs this close are a tie: an LSTM that learned nothing reproduces its baseline to rounding


def ranked(metrics: dict, names: tuple[str, ...]) -> list[str]:
    """Those of `names` with a finite held-out MAE in `metrics`, lowest MAE first; MAEs equal to TIE_RTOL are a tie,
    which goes to the earlier name (MODELS lists the simplest first)."""
    left = [(float(v), k, m) for k, m in enumerate(names) if _finite(v := (metrics.get(m) or {}).get("mae"))]
    order = []
    while left:
        low = min(v for v, _, _ in left)
        pick = min((k, m) for v, k, m in left if math.isclose(v, low, rel_tol=TIE_RTOL, abs_tol=1e-12))[1]
        order.append(pick)
        left = [e for e in left if e[2] != pick]
    return order


def lowest_mae(metrics: dict, names: tuple[str, ...]) -> str | None:
    """The one of `names` with the lowest finite held-out MAE in `metrics`; a tie (TIE_RTOL) goes to the earlier
    name (MODELS lists the simplest first); None when none has one."""
    order = ranked(metrics, names)
    return order[0] if order else None


def best_model(metrics: dict) -> str | None:
    """The model with the lowest held-out MAE among all scored ones (the LSTM included); None when none has one,
    or when a model was skipped for time (undecided: the best cannot be named). A tie goes to the simpler model:
    the order of MODELS, simplest first."""
    return None if undecided(metrics) else lowest_mae(metrics, MODELS)


def best_finished(metrics: dict) -> str | None:
    """The lowest held-out MAE among the models that finished, even when the best cannot be named (what the
    forecast download holds then, said so)."""
    return lowest_mae(metrics, MODELS)


# Every model in a verdict, simplest first (a tie goes to the simpler one), and the ones the LSTM is judged against.
MODELS = ("naive", "seasonal_naive", "auto_ets", "auto_arima", "mstl", "lstm")
BASELINES = tuple(m for m in MODELS if m != "lstm")
NAMES = {"naive": "naive", "seasonal_naive": "seasonal naive", "auto_ets": "AutoETS", "auto_arima": "AutoARIMA",
         "mstl": "MSTL", "lstm": "the LSTM"}  # in English sentences (the CLI); the app has its own in both languages


@dataclass(frozen=True)
class Verdict:
    """Does the LSTM beat the best of the other models on held-out MAE, and by how much? (The page and the CLI say
    it in words.)"""

    baseline: str  # the baseline with the lowest held-out MAE
    lstm_mae: float
    baseline_mae: float

    @property
    def tie(self) -> bool:
        """The same MAE to rounding: a model that learned nothing beyond its baseline reproduces it exactly."""
        return math.isclose(self.lstm_mae, self.baseline_mae, rel_tol=TIE_RTOL, abs_tol=1e-12)

    @property
    def lstm_wins(self) -> bool:
        return self.lstm_mae < self.baseline_mae and self.baseline_mae > 0 and not self.tie

    @property
    def gain_pct(self) -> float:
        """How much lower the LSTM's MAE is, in percent of the baseline's (negative when it loses)."""
        return (self.baseline_mae - self.lstm_mae) / self.baseline_mae * 100 if self.baseline_mae > 0 else 0.0

    @property
    def loss_pct(self) -> float:
        """How much lower the baseline's MAE is, in percent of the LSTM's: "MSTL is 41% more accurate"."""
        return (self.lstm_mae - self.baseline_mae) / self.lstm_mae * 100 if self.lstm_mae > 0 else 0.0


def whole_percent(p: float) -> str:
    """A difference in whole percent for a sentence, "41" or "<1" (never "0": a model better by a hair)."""
    return f"{p:.0f}" if p >= 1 else "<1"


def _finite(v: object) -> TypeGuard[float]:
    return isinstance(v, (int, float)) and math.isfinite(v)


def verdict(metrics: dict, baselines: tuple[str, ...] = BASELINES) -> Verdict | None:
    """The LSTM against the best of `baselines` by held-out MAE (metrics as compare() returns them); None when
    the LSTM or every baseline has no finite MAE."""
    lstm = (metrics.get("lstm") or {}).get("mae")
    name = lowest_mae(metrics, baselines)
    if not _finite(lstm) or name is None:
        return None
    return Verdict(name, float(lstm), float(metrics[name]["mae"]))
