"""Resolve a device name ("auto", "cpu", "cuda", "mps") to a torch.device, in one place."""

from __future__ import annotations

import torch

from lstm_core.errors import SettingError


def resolve_device(name: str | torch.device = "auto") -> torch.device:
    """Return the torch.device to use.

    "auto" picks CUDA, then Apple's MPS, then the CPU. An explicit "cuda" or "mps" that is not
    available raises SettingError (a ValueError) with a message a user can act on (the CLI turns it into exit 2).
    """
    if isinstance(name, torch.device):
        return name
    key = str(name).strip().lower()
    if key == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if key.startswith("cuda"):
        if not torch.cuda.is_available():
            raise SettingError("device 'cuda' was asked for, but no CUDA GPU is available; use --device cpu or auto")
        return torch.device(key)
    if key == "mps":
        if getattr(torch.backends, "mps", None) is None or not torch.backends.mps.is_available():
            raise SettingError("device 'mps' was asked for, but Apple's MPS is not available; use cpu or auto")
        return torch.device("mps")
    if key == "cpu":
        return torch.device("cpu")
    raise SettingError(f"unknown device {name!r}: expected one of auto, cpu, cuda, mps")


def describe_device(device: torch.device) -> str:
    """A short human name for the device, e.g. 'CUDA: NVIDIA H100 80GB HBM3' or 'CPU (2 threads)'."""
    if device.type == "cuda":
        return f"CUDA: {torch.cuda.get_device_name(device)}"
    if device.type == "mps":
        return "Apple MPS"
    return f"CPU ({torch.get_num_threads()} threads)"
