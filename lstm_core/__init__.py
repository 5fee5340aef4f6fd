"""Gatescope's headless core: the LSTM math, data loading, training, forecasting, model files and CLI.

Imports torch, numpy and pandas (and safetensors) only: never streamlit or plotly.
"""

from lstm_core.cell import LayerWeights, StepTerms, lstm_step
from lstm_core.device import describe_device, resolve_device
from lstm_core.trace import GateTrace, layer_weights, torch_parity, trace

__all__ = [
    "GateTrace",
    "LayerWeights",
    "StepTerms",
    "describe_device",
    "layer_weights",
    "lstm_step",
    "resolve_device",
    "torch_parity",
    "trace",
]
