"""What the Train page shows and offers for download, made once on the worker after training."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from lstm_core.errors import GatescopeError
from lstm_core.forecast.forecaster import backtest, forecast, other_backtest
from lstm_core.forecast.modelfile import csv_safe, metrics_json_bytes, model_zip_bytes
from lstm_core.forecast.train import TrainResult

MAX_HELD_OUT_ORIGINS = 400  # forecasts drawn over the held-out tail (H steps each)


@dataclass
class Outputs:
    """The forecast, the held-out part and the three downloads of a finished run."""

    forecast: pd.DataFrame | None = None  # time|step, forecast, lower, upper: the H steps after the data
    held_out: pd.DataFrame | None = None  # index: time|row; truth, forecast, lower, upper over the test tail
    other_name: str = ""  # the best model besides the LSTM on the held-out part (metrics.MODELS), "" without one
    other_held_out: pd.DataFrame | None = None  # its forecasts there: index time|row, forecast (gaps are NaN)
    forecast_csv: bytes = b""
    model_zip: bytes = b""
    metrics_json: bytes = b""
    problem: str = ""  # why a part is missing (English engine message), "" when all is there


def make_outputs(result: TrainResult, df: pd.DataFrame) -> Outputs:
    """Forecast, held-out forecasts and the three downloads. A part that cannot be made is left out and named in
    `problem` (the model itself is still good to save and to step through)."""
    out = Outputs(model_zip=model_zip_bytes(result), metrics_json=metrics_json_bytes(result))
    problems = []
    try:
        out.forecast = forecast(result, df)
        out.forecast_csv = forecast_csv(out.forecast)
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
