"""What the Train page shows and offers for download, made once on the worker after training."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd

from lstm_core.errors import GatescopeError
from lstm_core.forecast.forecaster import backtest, other_backtest
from lstm_core.forecast.modelfile import csv_safe, metrics_json_bytes, model_zip_bytes
from lstm_core.forecast.recommend import future_forecasts
from lstm_core.forecast.train import TrainResult

MAX_HELD_OUT_ORIGINS = 400  # forecasts drawn over the held-out tail (H steps each)


@dataclass
class Outputs:
    """The forecasts, the held-out part and the downloads of a finished run."""

    # the H steps after the data from the recommended model (the verdict's best; lstm_core.forecast.recommend):
    # time|step, forecast, lower, upper, model
    forecast: pd.DataFrame | None = None
    forecast_lstm: pd.DataFrame | None = None  # the LSTM's own, the same columns
    forecast_model: str = ""  # the model of `forecast` (metrics.MODELS)
    recommended: str = ""  # the verdict's best, "" without one; differs from forecast_model when it was passed over
    passed_over: list[dict] = field(default_factory=list)  # models ranked above forecast_model that could not forecast
    held_out: pd.DataFrame | None = None  # index: time|row; truth, forecast, lower, upper over the test tail
    other_name: str = ""  # the best model besides the LSTM on the held-out part (metrics.MODELS), "" without one
    other_held_out: pd.DataFrame | None = None  # its forecasts there: index time|row, forecast (gaps are NaN)
    forecast_csv: bytes = b""  # `forecast` as CSV: the download a user gets
    forecast_lstm_csv: bytes = b""
    model_zip: bytes = b""
    metrics_json: bytes = b""
    problem: str = ""  # why a part is missing (English engine message), "" when all is there


def make_outputs(result: TrainResult, df: pd.DataFrame, provisional: bool = False) -> Outputs:
    """The recommended forecast and the LSTM's, held-out forecasts and the downloads. A part that cannot be made
    is left out and named in `problem` (the model itself is still good to save and to step through).

    provisional: the LSTM's early result while statistical models still run (service.task): no model is recommended
    on part of the scores, so `forecast` is the LSTM's and `recommended` is "" (nor is a statistical model fitted on
    the whole series while the held-out ones still use the warm processes)."""
    out = Outputs(model_zip=model_zip_bytes(result), metrics_json=metrics_json_bytes(result))
    problems = []
    try:
        made = future_forecasts(result, df, "lstm" if provisional else "best")
        out.forecast, out.forecast_lstm = made.chosen, made.lstm
        out.forecast_model, out.passed_over = made.name, made.passed_over
        out.recommended = "" if provisional else made.recommended or ""
        out.forecast_csv, out.forecast_lstm_csv = forecast_csv(made.chosen), forecast_csv(made.lstm)
    except GatescopeError as exc:
        problems.append(str(exc))
    try:
        out.held_out = backtest(result, df, max_origins=MAX_HELD_OUT_ORIGINS)
        other = other_backtest(result, df)
        if other is not None:
            out.other_name, out.other_held_out = other
    except GatescopeError as exc:
        problems.append(str(exc))
    out.problem = "; ".join(problems)
    return out


def forecast_csv(table: pd.DataFrame) -> bytes:
    """The forecast table as CSV bytes, with text cells guarded against spreadsheet formulas (csv_safe)."""
    buf = io.StringIO()
    csv_safe(table).to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8")
