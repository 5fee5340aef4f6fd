"""Forecasting: the training engine (train.py), the forecaster model and its backtest (forecaster.py), the scores
(metrics.py), model files (modelfile.py: safetensors + JSON) and gate snapshots taken while training
(snapshots.py)."""
