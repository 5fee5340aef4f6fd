"""The forecast a user gets is the recommended model's: the verdict's best on the held-out tail, fitted on the
whole series, for the H steps after the data, with its 80% interval, beside the LSTM's own.

    made = future_forecasts(result, df)            # choice "best" (the CLI's --model best|lstm|NAME)
    made.chosen   # time|step, forecast, lower, upper, model: what forecast.csv and the page's download hold
    made.lstm     # the LSTM's own forecast, the same columns: forecast_lstm.csv, the page's second download

The statistical models (naive, seasonal naive, AutoETS, AutoARIMA, MSTL) are fitted again on every row of the
series, statsforecast's own fit, through the runner the verdict uses (baselines.future_forecast: the warm
stat_worker processes of stat_pool, their time budget and cache). The LSTM's forecast is its trained model on the
last window (forecaster.forecast). The 80% interval is the one whose coverage on the held-out origins was nearer 80%
(forecast/calibrate.py, metrics["intervals"][model]): statsforecast's own `level=[80]` interval, or conformal: the
forecast plus the quantiles of the model's held-out errors per step (the LSTM's: its validation windows too). When
a model was skipped for time, no best is named (metrics.undecided) and the download holds the best of the models
that finished, said so. Values are rounded to the data's own precision: integer data gives integers, data with 2
decimals gives 2 decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lstm_core.data.windows import clean_frame, frame_frequency
from lstm_core.errors import KeyedError
from lstm_core.forecast.baselines import DEFAULT_BUDGET_S, future_forecast
from lstm_core.forecast.forecaster import at_least, floor_of, forecast, future_index
from lstm_core.forecast.metrics import BASELINES, MODELS, NAMES, best_model, ranked, undecided

CHOICES = ("best", "lstm", *BASELINES)  # what --model takes; a name as in metrics.json
LEVEL = 80  # percent: the interval of every forecast after the data
MAX_DECIMALS = 10  # data with more decimals than this is written as computed


class ForecastChoiceError(KeyedError):
    """A model asked for by name (--model NAME) whose forecast cannot be written."""

    MESSAGES = {
        "unknown": "--model {name}: expected best, lstm or one of {names}",
        "not_scored": "--model {name}: {label} was not scored on this series ({reason}), so it is not a model to "
                      "forecast with here; choose best, lstm or one of: {scored}",
        "failed": "--model {name}: {label} could not forecast after the data ({reason}); forecast_lstm.csv holds "
                  "the LSTM's forecast; choose best, lstm or one of: {scored}",
    }


@dataclass
class FutureForecasts:
    """The forecast chosen (the recommended one unless asked otherwise) and the LSTM's own."""

    chosen: pd.DataFrame  # time|step, forecast, lower, upper, model
    lstm: pd.DataFrame  # the same columns, model "lstm"
    name: str  # the model of `chosen` (MODELS)
    recommended: str | None  # the verdict's best on the held-out tail (None: no model was scored)
    choice: str = "best"  # what was asked for (CHOICES)
    # models ranked above `name` whose forecast after the data could not be made: name, reason (a key of
    # baselines.SKIP_REASONS), params, skipped (the reason in English)
    passed_over: list[dict] = field(default_factory=list)
    decimals: int | None = None  # the data's precision the values are rounded to (None: not rounded)
    undecided: list[str] = field(default_factory=list)  # models skipped for time: no best could be named


def decimals_of(values) -> int | None:
    """The fewest decimals that write every value as it is (0 for integer data, 2 for cents); None for none
    finite or more than MAX_DECIMALS."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if not v.size:
        return None
    tol = 8 * np.spacing(np.abs(v))  # a few units in the last place: the noise of a value read from text
    for d in range(MAX_DECIMALS + 1):
        if np.all(np.abs(np.round(v, d) - v) <= tol):
            return d
    return None


def rounded(table: pd.DataFrame, decimals: int | None) -> pd.DataFrame:
    """forecast, lower and upper rounded to `decimals` (integers for 0); the table as it is for None."""
    if decimals is None:
        return table
    out = table.copy()
    for col in ("forecast", "lower", "upper"):
        values = np.round(out[col].to_numpy(dtype=np.float64), decimals)
        out[col] = values.astype(np.int64) if decimals == 0 and np.all(np.isfinite(values)) else values
    return out


def with_model(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """The forecast table with its `model` column (a name as in metrics.json) last."""
    return table.assign(model=name)


def scored_names(metrics: dict) -> list[str]:
    """The models with a held-out MAE, best first (a tie goes to the simpler)."""
    return ranked(metrics, MODELS)


def check_choice(choice: str, metrics: dict) -> None:
    """Raise ForecastChoiceError when `choice` is not a model with a held-out score on this series."""
    scored = scored_names(metrics)
    if choice not in CHOICES:
        raise ForecastChoiceError("unknown", name=choice, names=", ".join(BASELINES))
    if choice in ("best", "lstm") or choice in scored:
        return
    entry = metrics.get(choice) or {}
    reason = entry.get("skipped") or metrics.get(f"{choice}_reason") or "no score"
    raise ForecastChoiceError("not_scored", name=choice, label=NAMES[choice], reason=reason,
                              scored=", ".join(m for m in scored if m != "lstm") or "none")


def stat_table(result, name: str, series: np.ndarray, index: pd.Index, frequency: str | None) -> tuple[
        pd.DataFrame | None, dict]:
    """One statistical model fitted on the whole series: its forecast table, or None and why not."""
    metrics = result.metrics
    h = result.horizon
    season = {"naive": 1, "seasonal_naive": metrics.get("season")}.get(
        name, result.data.get("stat_season", metrics.get("season")))
    budget = float(getattr(result.config, "baseline_budget_s", DEFAULT_BUDGET_S) or 0.0)
    if name in ("naive", "seasonal_naive"):  # no search: they run even where the searching models are off
        budget = max(budget, DEFAULT_BUDGET_S)
    got = future_forecast(name, series, h, season=season, frequency=frequency, budget_s=budget, level=LEVEL)
    if got.skipped or got.forecasts is None or got.lower is None or got.upper is None:
        return None, {"name": name, "reason": got.skipped or "failed", "params": dict(got.params or {}),
                      "skipped": got.reason}
    floor = floor_of(result)
    kind, steps = future_index(index, frequency, h)
    mean, lower, upper = got.forecasts[0], got.lower[0], got.upper[0]
    interval = (metrics.get("intervals") or {}).get(name) or {}
    if interval.get("method") == "conformal":  # nearer 80% on the held-out origins than statsforecast's own
        lower = mean + np.asarray(interval["lower_q"], dtype=np.float64)[:h]
        upper = mean + np.asarray(interval["upper_q"], dtype=np.float64)[:h]
    table = pd.DataFrame({kind: steps, "forecast": at_least(mean, floor), "lower": at_least(lower, floor),
                          "upper": at_least(upper, floor)})
    return with_model(table, name), {}


def lstm_forecast(result, df: pd.DataFrame) -> pd.DataFrame:
    """The LSTM's own forecast after the data, rounded to the data's precision, with its `model` column."""
    decimals = decimals_of(df[result.target]) if result.target in df.columns else None
    return rounded(with_model(forecast(result, df), "lstm"), decimals)


def future_forecasts(result, df: pd.DataFrame, choice: str = "best", lstm: pd.DataFrame | None = None
                     ) -> FutureForecasts:
    """The forecast `choice` asks for (CHOICES: "best" is the verdict's best on the held-out tail) and the LSTM's
    own, for the H steps after the last row of `df`, the data `result` was trained on.

    With "best", a model whose forecast after the data cannot be made (past its time budget, say) is passed over
    for the next best, and named in passed_over; asked for by name, it raises ForecastChoiceError. The LSTM's
    forecast raises the GatescopeError forecaster.forecast raises. `lstm`: lstm_forecast(result, df), when made
    already.
    """
    check_choice(choice, result.metrics)
    decimals = decimals_of(df[result.target]) if result.target in df.columns else None
    lstm = lstm_forecast(result, df) if lstm is None else lstm
    recommended = best_model(result.metrics)
    order = scored_names(result.metrics) if choice == "best" else [choice]
    made = FutureForecasts(chosen=lstm, lstm=lstm, name="lstm", recommended=recommended, choice=choice,
                           decimals=decimals, undecided=undecided(result.metrics))
    frequency = frame_frequency(df) or result.frequency
    frame = None
    for name in order:
        if name == "lstm":
            break
        if frame is None:  # the rows the verdict scored, cleaned the same way (gaps filled)
            frame, _ = clean_frame(df, list(result.columns), frequency)
        table, why = stat_table(result, name, frame[result.target].to_numpy(dtype=np.float64), frame.index,
                                frequency)
        if table is not None:
            made.chosen, made.name = rounded(table, decimals), name
            break
        if choice != "best":
            raise ForecastChoiceError("failed", name=name, label=NAMES[name], reason=why["skipped"],
                                      scored=", ".join(m for m in scored_names(result.metrics) if m != "lstm"))
        made.passed_over.append(why)
    return made
