"""Builders of the shipped assets: presets, the why-gates experiment, the leakage experiment."""
