"""A warm statistical-baseline process: statsforecast imported once, then one request after another.

    python -m lstm_core.forecast.stat_worker     (started by lstm_core.forecast.stat_pool, never by hand)

It writes one hello frame (READY, or MISSING when statsforecast cannot be imported here), then answers each
request frame (an .npz: name, series, n_train, origins, horizon, season, seasons, refits, level) with a reply frame
(forecasts, their 80% bounds and the chosen form, or the error). A level above 0 asks for the forecast after the
data instead: the model fitted on series[:n_train] with its own `level`% interval (forecasts, lower, upper of shape
(1, H)). A frame is an 8-byte little-endian length and that many bytes. The process imports NumPy and statsforecast
only (not torch): a fresh one is ready in about 2 s, and it exits when its stdin closes, so it never outlives
the process that started it. The parent kills it when a model passes its time budget.
"""

from __future__ import annotations

import io
import os
import struct
import sys

import numpy as np

READY, MISSING = b"ready", b"missing"
STAT_MODELS = ("auto_ets", "auto_arima", "mstl")  # the searching models scored beside the LSTM
FUTURE_MODELS = ("naive", "seasonal_naive", *STAT_MODELS)  # what the forecast after the data can run


def write_frame(stream, payload: bytes) -> None:
    stream.write(struct.pack("<Q", len(payload)) + payload)
    stream.flush()


def read_frame(stream) -> bytes | None:
    """One frame's bytes; None at the end of the stream."""
    head = stream.read(8)
    if len(head) < 8:
        return None
    (n,) = struct.unpack("<Q", head)
    body = stream.read(n)
    return body if len(body) == n else None


# The longest season each searching model is given (a longer one is left to MSTL, which decomposes any season):
# statsforecast's AutoETS drops a season above 24 itself (with only a warning: said here, not silently), and
# AutoARIMA's seasonal search grows with the season (7 days: ~5 s a fit on 620 rows; 48 half-hours or 52 weeks:
# minutes, never within a budget).
MAX_SEASON = {"auto_ets": 24, "auto_arima": 12}
BACKTEST_LEVEL = 80  # the models' own interval at every held-out origin, for its measured coverage


def season_for(name: str, season: int) -> int:
    """The season `name` is given: the data's, or 1 (none) where it is beyond what the model handles."""
    return season if season > 1 and season <= MAX_SEASON.get(name, season) else 1


def model_for(name: str, season: int, seasons: tuple[int, ...]):
    """The statsforecast model of a name (imported here: only this process needs statsforecast). seasons: MSTL's,
    the zeros of a padded pair left out."""
    from statsforecast.models import MSTL, AutoARIMA, AutoETS, Naive, SeasonalNaive

    if name == "naive":
        return Naive()
    if name == "seasonal_naive":
        return SeasonalNaive(season_length=season)
    if name == "auto_ets":
        return AutoETS(season_length=season_for(name, season))
    if name == "auto_arima":
        return AutoARIMA(season_length=season_for(name, season))
    if name == "mstl":
        return MSTL(season_length=[int(s) for s in seasons if s > 1], trend_forecaster=AutoETS(model="ZZN"))
    raise ValueError(f"unknown statistical baseline {name!r}; expected one of {', '.join(FUTURE_MODELS)}")


def describe(name: str, model) -> str:
    """The form the automatic search chose, in the usual notation."""
    fitted = getattr(model, "model_", None)
    if name == "auto_ets" and isinstance(fitted, dict):
        return str(fitted.get("method", ""))
    if name == "auto_arima" and isinstance(fitted, dict) and "arma" in fitted:
        p, q, sp, sq, m, d, sd = fitted["arma"]
        return f"ARIMA({p},{d},{q})" + (f"({sp},{sd},{sq})[{m}]" if m > 1 else "")
    if name == "mstl":
        trend = getattr(getattr(model, "trend_forecaster", None), "model_", None)
        seasons = "+".join(str(s) for s in model.season_length)
        return f"MSTL[{seasons}] + " + (str(trend.get("method", "ETS")) if isinstance(trend, dict) else "ETS")
    return ""


def refit_at(n_origins: int, refits: int) -> list[int]:
    """The indices of the origins (sorted) where the model is fitted again: `refits` of them evenly spaced, the
    first always (statsforecast's cross_validation refit=k, k = ceil(N / refits)); between them it runs forward."""
    step = -(-n_origins // max(1, min(refits, n_origins)))  # ceil
    return list(range(0, n_origins, step))


def stat_forecasts(name: str, series: np.ndarray, n_train: int, origins: np.ndarray, horizon: int, season: int,
                   seasons: tuple[int, ...], refits: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """Forecast `horizon` steps from each origin (sorted, each > n_train - 1) as an analyst's rolling-origin
    cross-validation does: the model is fitted on every row before an origin at `refits` of them (refit_at; the
    first origin always), and run forward (`model.forward`: the fitted parameters over every row before the origin,
    nothing re-estimated) from the others. No value at or after an origin reaches the fit that forecasts from it.
    MSTL decomposes the whole history before each origin, as the other models read it.
    -> ((N, H) forecasts, (N, H) lower and upper of the model's own 80% interval, the form chosen at the first)."""
    y = np.asarray(series, dtype=np.float64)
    origins = np.asarray(origins, dtype=np.int64)
    out = np.empty((3, len(origins), horizon))  # (mean | lower | upper, N, H)
    fits = set(refit_at(len(origins), refits))
    model, detail = None, ""
    for k, origin in enumerate(origins):
        past = y[: int(origin)]
        if k in fits or model is None:
            model = model_for(name, season, seasons).fit(past)
            detail = detail or describe(name, model)
        got = model.forward(y=past, h=horizon, level=[BACKTEST_LEVEL])
        for j, key in enumerate(("mean", f"lo-{BACKTEST_LEVEL}", f"hi-{BACKTEST_LEVEL}")):
            out[j, k] = np.asarray(got[key], dtype=np.float64)
    return out[0], out[1], out[2], detail


def stat_future(name: str, series: np.ndarray, horizon: int, season: int, seasons: tuple[int, ...],
                level: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """Fit `name` on the whole series and forecast the `horizon` steps after it with statsforecast's own
    `level`% prediction interval. -> ((H,) mean, (H,) lower, (H,) upper, the chosen form)."""
    model = model_for(name, season, seasons).fit(np.asarray(series, dtype=np.float64))
    got = model.predict(h=horizon, level=[level])
    mean, lower, upper = (np.asarray(got[k], dtype=np.float64) for k in ("mean", f"lo-{level}", f"hi-{level}"))
    return mean, lower, upper, describe(name, model)


def answer(request: bytes) -> bytes:
    """One request's reply: forecasts and form, or the error's last line (the parent skips the model with it)."""
    buf = io.BytesIO()
    try:
        with np.load(io.BytesIO(request), allow_pickle=False) as got:
            seasons = tuple(int(s) for s in got["seasons"])
            name, n_train = str(got["name"]), int(got["n_train"])
            horizon, season = int(got["horizon"]), int(got["season"])
            level = int(got["level"]) if "level" in got else 0
            refits = int(got["refits"]) if "refits" in got else 1
            if level:  # the future: fitted on the whole series given, with the model's own interval
                mean, lower, upper, detail = stat_future(name, got["series"][:n_train], horizon, season, seasons,
                                                         level)
                np.savez(buf, forecasts=mean[None, :], lower=lower[None, :], upper=upper[None, :],
                         detail=np.asarray(detail))
            else:
                forecasts, lower, upper, detail = stat_forecasts(name, got["series"], n_train, got["origins"],
                                                                 horizon, season, seasons, refits)
                np.savez(buf, forecasts=forecasts, lower=lower, upper=upper, detail=np.asarray(detail))
    except Exception as exc:  # statsforecast's own failure on this data: reported, the process stays warm
        np.savez(buf, error=np.asarray(f"{type(exc).__name__}: {exc}"[:200]))
    return buf.getvalue()


def main() -> int:
    if hasattr(os, "nice"):  # behind the web server and the LSTM: a class's clicks come first (BENCHMARKS.md)
        os.nice(10)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing a library prints may corrupt the frames
    try:
        import statsforecast.models  # noqa: F401  (the import this process exists to pay once)
    except ImportError:
        write_frame(out, MISSING)
        return 0
    write_frame(out, READY)
    while (request := read_frame(sys.stdin.buffer)) is not None:
        write_frame(out, answer(request))
    return 0


if __name__ == "__main__":
    sys.exit(main())
