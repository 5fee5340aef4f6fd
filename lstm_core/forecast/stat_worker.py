"""A warm statistical-baseline process: statsforecast imported once, then one request after another.

    python -m lstm_core.forecast.stat_worker     (started by lstm_core.forecast.stat_pool, never by hand)

It writes one hello frame (READY, or MISSING when statsforecast cannot be imported here), then answers each
request frame (an .npz: name, series, n_train, origins, horizon, season, seasons, level) with a reply frame
(forecasts and the chosen form, or the error). A level above 0 asks for the forecast after the data instead: the
model fitted on series[:n_train] with its own `level`% interval (forecasts, lower, upper of shape (1, H)). A frame
is an 8-byte little-endian length and that many bytes. The process imports NumPy and statsforecast only (not
torch): a fresh one is ready in about 2 s, and it exits when its stdin closes, so it never outlives
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
# Above this season AutoARIMA searches as R's auto.arima does on long seasons (approximation=True: orders chosen by
# the CSS likelihood, then refitted exactly) with at most one seasonal AR and MA term: 5 s instead of minutes on a
# day of half-hours or a year of weeks (bench/cli_fit.py), where the full search used to pass its time budget.
LONG_SEASON = 24


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


def model_for(name: str, season: int, seasons: tuple[int, int]):
    """The statsforecast model of a name (imported here: only this process needs statsforecast)."""
    from statsforecast.models import MSTL, AutoARIMA, AutoETS, Naive, SeasonalNaive

    if name == "naive":
        return Naive()
    if name == "seasonal_naive":
        return SeasonalNaive(season_length=season)
    if name == "auto_ets":
        return AutoETS(season_length=season)
    if name == "auto_arima":
        if season > LONG_SEASON:  # a day of half-hours, a year of weeks: the full seasonal search runs for minutes
            return AutoARIMA(season_length=season, approximation=True, max_P=1, max_Q=1)
        return AutoARIMA(season_length=season)
    if name == "mstl":
        return MSTL(season_length=list(seasons), trend_forecaster=AutoETS(model="ZZN"))
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


def stat_forecasts(name: str, series: np.ndarray, n_train: int, origins: np.ndarray, horizon: int, season: int,
                   seasons: tuple[int, int]) -> tuple[np.ndarray, str]:
    """Fit `name` on series[:n_train], then forecast `horizon` steps from each origin with the fitted model run
    forward over series[:origin]. -> ((N, H) forecasts, the chosen form)."""
    model = model_for(name, season, seasons).fit(np.asarray(series[:n_train], dtype=np.float64))
    # MSTL decomposes the history again at each origin (~0.5 s on 1,300 half-hours): the last three of its longest
    # seasons are enough for that (STL needs two) and keep the cost from growing with the series.
    keep = 3 * max(seasons) if name == "mstl" else None
    out = np.empty((len(origins), horizon))  # (N, H)
    for k, origin in enumerate(origins):
        start = max(0, int(origin) - keep) if keep else 0
        out[k] = model.forward(y=np.asarray(series[start:origin], dtype=np.float64), h=horizon)["mean"]
    return out, describe(name, model)


def stat_future(name: str, series: np.ndarray, horizon: int, season: int, seasons: tuple[int, int],
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
            if level:  # the future: fitted on the whole series given, with the model's own interval
                mean, lower, upper, detail = stat_future(name, got["series"][:n_train], horizon, season,
                                                         (seasons[0], seasons[1]), level)
                np.savez(buf, forecasts=mean[None, :], lower=lower[None, :], upper=upper[None, :],
                         detail=np.asarray(detail))
            else:
                forecasts, detail = stat_forecasts(name, got["series"], n_train, got["origins"], horizon, season,
                                                   (seasons[0], seasons[1]))
                np.savez(buf, forecasts=forecasts, detail=np.asarray(detail))
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
