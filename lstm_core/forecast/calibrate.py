"""An interval that means what it says: each model's 80% interval and its coverage measured on the held-out tail.

    entry = interval_entry(y, forecasts, lower, upper, extra=None, coverage=0.8)
    entry["method"]             # "own": the model's own interval (statsforecast's), or "conformal"
    entry["measured_coverage"]  # the share of held-out values the chosen interval covered

Two intervals are measured for every model scored on the held-out origins (metrics.compare):

- own: a statistical model's own 80% interval, from the fit that forecast each origin (nothing after the origin
  reached it): its coverage is the share of held-out values inside;
- conformal: forecast + per-step quantiles of the model's own held-out errors (split conformal, as
  metrics.interval_offsets). Its coverage is measured leaving one origin out: the values of origin k are checked
  against offsets calibrated on every other origin (and `extra` errors, the LSTM's validation windows), never on
  their own.

The one whose measured coverage is nearer the nominal is the model's interval (a tie goes to the model's own). The
forecast after the data uses it: the own interval from statsforecast's fit on the whole series, or the conformal
offsets calibrated on every held-out origin (all of them are the past by then). Filled rows (NaN in y) are neither
calibrated on nor measured.
"""

from __future__ import annotations

import numpy as np

from lstm_core.forecast.metrics import interval_offsets


def conformal_offsets(residuals: np.ndarray, coverage: float) -> tuple[np.ndarray, np.ndarray]:
    """interval_offsets per step over the finite residuals of each step, (N, H) -> ((H,), (H,)); a step without
    any gets (0, 0)."""
    r = np.asarray(residuals, dtype=np.float64)
    lo, hi = np.zeros(r.shape[1]), np.zeros(r.shape[1])
    for h in range(r.shape[1]):
        col = r[:, h][np.isfinite(r[:, h])]
        if col.size:
            lo[h], hi[h] = (v[0] for v in interval_offsets(col[:, None], coverage))
    return lo, hi


def leave_one_out(residuals: np.ndarray, coverage: float, extra: np.ndarray | None = None
                  ) -> tuple[float | None, np.ndarray]:
    """The conformal interval's coverage of each origin's values when calibrated on the other origins (and
    `extra`, (M, H)): (the share over every finite value or None, (H,) the share per step)."""
    r = np.asarray(residuals, dtype=np.float64)  # (N, H)
    inside = np.full(r.shape, np.nan)
    for k in range(r.shape[0]):
        rest = np.delete(r, k, axis=0)
        if extra is not None:
            rest = np.concatenate([rest, np.asarray(extra, dtype=np.float64)])
        if not np.isfinite(rest).any():
            continue
        lo, hi = conformal_offsets(rest, coverage)
        seen = np.isfinite(r[k])
        inside[k, seen] = (r[k, seen] >= lo[seen]) & (r[k, seen] <= hi[seen])
    per_step = np.array([np.nanmean(c) if np.isfinite(c).any() else np.nan for c in inside.T])
    return (float(np.nanmean(inside)) if np.isfinite(inside).any() else None), per_step


def own_coverage(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> tuple[float | None, np.ndarray]:
    """The share of finite values of y (N, H) inside [lower, upper]: overall (None without any) and per step."""
    y = np.asarray(y, dtype=np.float64)
    seen = np.isfinite(y)
    inside = np.where(seen, (y >= lower) & (y <= upper), np.nan)
    per_step = np.array([np.nanmean(c) if np.isfinite(c).any() else np.nan for c in inside.T])
    return (float(np.nanmean(inside)) if seen.any() else None), per_step


def interval_entry(y: np.ndarray, forecasts: np.ndarray, lower: np.ndarray | None = None,
                   upper: np.ndarray | None = None, extra: np.ndarray | None = None, coverage: float = 0.8) -> dict:
    """A model's interval on the held-out origins: y (truth, NaN where not scored), forecasts, and the model's
    own bounds (statistical models), each (N, H); `extra` (M, H): more errors to calibrate on (the LSTM's
    validation windows). -> {"method", "measured_coverage", "measured_coverage_per_step", "own_coverage",
    "conformal_coverage", "lower_q", "upper_q" (the conformal offsets on every origin and `extra`), "origins"}."""
    residuals = np.asarray(y, dtype=np.float64) - np.asarray(forecasts, dtype=np.float64)  # (N, H)
    conf, conf_steps = leave_one_out(residuals, coverage, extra)
    own, own_steps = (None, None) if lower is None or upper is None else own_coverage(y, lower, upper)
    pool = residuals if extra is None else np.concatenate([residuals, np.asarray(extra, dtype=np.float64)])
    lo, hi = conformal_offsets(pool, coverage)
    use_own = own is not None and (conf is None or abs(own - coverage) <= abs(conf - coverage))
    measured, steps = (own, own_steps) if use_own and own_steps is not None else (conf, conf_steps)
    return {
        "method": "own" if use_own else "conformal",
        "measured_coverage": measured,
        "measured_coverage_per_step": [None if not np.isfinite(v) else float(v) for v in steps],
        "own_coverage": own,
        "conformal_coverage": conf,
        "lower_q": [float(v) for v in lo],
        "upper_q": [float(v) for v in hi],
        "origins": int(residuals.shape[0]),
        "extra_windows": 0 if extra is None else int(np.asarray(extra).shape[0]),
    }
