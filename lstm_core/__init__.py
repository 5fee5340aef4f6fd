"""Gatescope's headless core: the LSTM math, data loading, training, forecasting, model files and CLI.

Imports torch, numpy and pandas (and safetensors) only: never streamlit or plotly (docs/DESIGN.md).

The rooms:

    lstm/      the six equations and the one executable step (cell), trace, what-if, explain, GRU
    data/      csv/ (load_csv and its steps), windows (training windows, scaler), inputs (typed input)
    forecast/  train, forecaster, metrics, model files, gate snapshots
    lessons/   presets (loading), tutorial mistakes, why gates, the leakage experiment
    cli.py device.py errors.py

Nothing is imported eagerly: `from lstm_core import trace` loads torch only when it is asked for, so
`import lstm_core.lstm.cell` (the reference cell) loads NumPy alone.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name -> the module that defines it (the public contracts of docs/DESIGN.md first)
_EXPORTS = {
    "trace": "lstm_core.lstm.trace",
    "GateTrace": "lstm_core.lstm.trace",
    "load_csv": "lstm_core.data.csv.load",
    "DataError": "lstm_core.data.csv.errors",
    "GatescopeError": "lstm_core.errors",
    "KeyedError": "lstm_core.errors",
    "LoadReport": "lstm_core.data.csv.load",
    "load_csv_with_report": "lstm_core.data.csv.load",
    "layer_weights": "lstm_core.lstm.trace",
    "torch_parity": "lstm_core.lstm.trace",
    "LayerWeights": "lstm_core.lstm.cell",
    "StepTerms": "lstm_core.lstm.cell",
    "lstm_step": "lstm_core.lstm.cell",
    "describe_device": "lstm_core.device",
    "resolve_device": "lstm_core.device",
    "TrainConfig": "lstm_core.forecast.train",
    "TrainEvent": "lstm_core.forecast.train",
    "TrainResult": "lstm_core.forecast.train",
    "fit": "lstm_core.forecast.train",
}

__all__ = [  # the same names as _EXPORTS (a test keeps them in step)
    "DataError",
    "GateTrace",
    "GatescopeError",
    "KeyedError",
    "LayerWeights",
    "LoadReport",
    "StepTerms",
    "TrainConfig",
    "TrainEvent",
    "TrainResult",
    "describe_device",
    "fit",
    "layer_weights",
    "load_csv",
    "load_csv_with_report",
    "lstm_step",
    "resolve_device",
    "torch_parity",
    "trace",
]


def __getattr__(name: str) -> Any:
    """Import the module that defines `name` on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lstm_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly only there
    from lstm_core.data.csv.errors import DataError
    from lstm_core.data.csv.load import LoadReport, load_csv, load_csv_with_report
    from lstm_core.device import describe_device, resolve_device
    from lstm_core.errors import GatescopeError, KeyedError
    from lstm_core.forecast.train import TrainConfig, TrainEvent, TrainResult, fit
    from lstm_core.lstm.cell import LayerWeights, StepTerms, lstm_step
    from lstm_core.lstm.trace import GateTrace, layer_weights, torch_parity, trace
