"""Gatescope's headless core: the LSTM math, data loading, training, forecasting, model files and CLI.

Imports torch, numpy and pandas (and safetensors) only: never streamlit or plotly.
"""

from lstm_core.cell import LayerWeights, StepTerms, lstm_step
from lstm_core.csvload import DataError, LoadReport, load_csv, load_csv_with_report
from lstm_core.device import describe_device, resolve_device
from lstm_core.trace import GateTrace, layer_weights, torch_parity, trace
from lstm_core.train import TrainConfig, TrainEvent, TrainResult, fit

__all__ = [
    "DataError",
    "GateTrace",
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
