"""Lesson content that the teaching pages show: the preset models (presets.py: loading; scripts/build_presets.py
builds them), the tutorial mistakes (mistakes.py), the RNN/LSTM/GRU experiment (why_gates.py) and the
look-ahead leakage experiment (leakage.py)."""
