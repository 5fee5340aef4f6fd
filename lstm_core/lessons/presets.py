"""Small models that show why gates matter, shipped in assets/models/ as safetensors + JSON: loading them.

They are built by scripts/build_presets.py (`make presets`).

Each preset is an nn.LSTM plus a linear read-out of the top layer's h at every step, a JSON file with
its config, a description in English and Chinese, what its input means, example inputs, and the
facts measured when it was built (the tests check the shipped files still behave as described).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file
from torch import nn

from lstm_core.data.inputs import one_hot_text, parse_numbers
from lstm_core.errors import GatescopeError
from lstm_core.lstm.trace import GateTrace

MODELS_DIR = Path(__file__).resolve().parents[2] / "assets" / "models"
SCHEMA = 1
ORDER = ("memory", "sine", "counting", "text", "random", "handset")  # menu order: the headline preset first

TEXT = (
    "twinkle, twinkle, little star, how i wonder what you are! up above the world so high, "
    "like a diamond in the sky. twinkle, twinkle, little star, how i wonder what you are! "
    "when the blazing sun is gone, when he nothing shines upon, then you show your little light, "
    "twinkle, twinkle, all the night. twinkle, twinkle, little star, how i wonder what you are!"
)  # Jane Taylor, "The Star" (1806), public domain


HANDSET_DEFAULTS = {  # a leaky integrator: f ≈ 0.95 keeps memory, i opens when the input is large
    "w_xi": 4.0, "w_hi": 0.0, "b_i": -2.0,
    "w_xf": 0.0, "w_hf": 0.0, "b_f": 3.0,
    "w_xg": 2.0, "w_hg": 0.0, "b_g": 0.0,
    "w_xo": 0.0, "w_ho": 0.0, "b_o": 2.0,
}

SNAPSHOT_PRESETS = ("memory", "sine", "counting", "text")  # trained ones: the Learn page replays their gates
PRESET_SNAPSHOTS = 32  # snapshots shipped per preset (every 16th or 32nd step): 10 to 270 KB a preset


class PresetError(GatescopeError):
    """A preset file that is missing, malformed or does not match its config."""


@dataclass
class Preset:
    """A loaded preset: the LSTM, its read-out and its metadata (the parsed JSON)."""

    name: str
    meta: dict
    lstm: nn.LSTM
    head: nn.Linear | None
    sequences: dict[str, np.ndarray] | None = None  # prepared inputs by example id (trained forecasters)

    @property
    def input_kind(self) -> str:
        return self.meta["input"]["kind"]

    def encode(self, text: str) -> np.ndarray:
        """What the student typed -> x of shape (T, input_size). Raises InputError when it cannot."""
        kind = self.input_kind
        if kind == "numbers":
            return parse_numbers(text)[:, None]  # (T, 1)
        if kind in ("brackets", "text"):
            return one_hot_text(text.lower() if kind == "text" else text, self.meta["input"]["alphabet"])
        if kind == "series" and self.sequences and text in self.sequences:
            return self.sequences[text]
        raise PresetError(f"preset {self.name}: unknown input kind {kind!r}")

    def symbols(self, x: np.ndarray) -> list[str] | None:
        """For one-hot inputs, the character at each step (for axis labels); None for numbers."""
        if self.input_kind in ("numbers", "series"):
            return None
        alphabet = self.meta["input"]["alphabet"]
        return [alphabet[k] for k in x.argmax(axis=1)]

    @torch.no_grad()
    def readout(self, tr: GateTrace) -> np.ndarray:
        """The model's output at every step from the top layer's h: (T, out_features)."""
        if self.head is None:
            return tr.h[-1]
        h = torch.as_tensor(tr.h[-1], dtype=self.head.weight.dtype)
        return self.head(h).numpy()


# ----------------------------------------------------------------------------- loading


def _expected_shapes(config: dict, head_out: int | None) -> dict[str, tuple[int, ...]]:
    D, H, L = config["input_size"], config["hidden_size"], config["num_layers"]
    shapes: dict[str, tuple[int, ...]] = {}
    for k in range(L):
        shapes[f"lstm.weight_ih_l{k}"] = (4 * H, D if k == 0 else H)
        shapes[f"lstm.weight_hh_l{k}"] = (4 * H, H)
        if config.get("bias", True):
            shapes[f"lstm.bias_ih_l{k}"] = (4 * H,)
            shapes[f"lstm.bias_hh_l{k}"] = (4 * H,)
    if head_out:
        shapes["head.weight"] = (head_out, H)
        shapes["head.bias"] = (head_out,)
    return shapes


def check_tensors(tensors: dict[str, torch.Tensor], expected: dict[str, tuple[int, ...]], where: str) -> None:
    """Names, shapes and finiteness of loaded tensors, or a PresetError naming what is off."""
    missing = sorted(set(expected) - set(tensors))
    extra = sorted(set(tensors) - set(expected))
    if missing or extra:
        raise PresetError(f"{where}: tensor names do not match the config (missing {missing}, unexpected {extra})")
    for name, shape in expected.items():
        if tuple(tensors[name].shape) != shape:
            raise PresetError(f"{where}: {name} has shape {tuple(tensors[name].shape)}, expected {shape}")
        if not torch.isfinite(tensors[name]).all():
            raise PresetError(f"{where}: {name} contains NaN or infinite values")


def build_modules(config: dict, head_out: int | None) -> tuple[nn.LSTM, nn.Linear | None]:
    lstm = nn.LSTM(config["input_size"], config["hidden_size"], config["num_layers"], bias=config.get("bias", True))
    head = nn.Linear(config["hidden_size"], head_out) if head_out else None
    return lstm, head


def available(models_dir: Path = MODELS_DIR) -> list[str]:
    """Preset names present on disk, in menu order."""
    present = {p.stem for p in models_dir.glob("*.json") if "." not in p.stem}  # not <name>.snapshots.json
    return [n for n in ORDER if n in present] + sorted(present - set(ORDER))


def load(name: str, models_dir: Path = MODELS_DIR) -> Preset:
    """Load a preset from <name>.json + <name>.safetensors (never pickle), validated against its config."""
    meta_path, weights_path = models_dir / f"{name}.json", models_dir / f"{name}.safetensors"
    if not meta_path.is_file() or not weights_path.is_file():
        raise PresetError(f"preset {name!r} not found in {models_dir}")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        config, head_out = meta["config"], meta["output"].get("size")
    except (ValueError, KeyError, TypeError) as exc:
        raise PresetError(f"{meta_path.name}: not a valid preset description ({exc})") from None
    if meta.get("schema") != SCHEMA:
        raise PresetError(f"{meta_path.name}: schema {meta.get('schema')!r}, expected {SCHEMA}")
    tensors = load_file(str(weights_path))
    check_tensors(tensors, _expected_shapes(config, head_out), weights_path.name)
    lstm, head = build_modules(config, head_out)
    lstm.load_state_dict({k.removeprefix("lstm."): v for k, v in tensors.items() if k.startswith("lstm.")})
    if head is not None:
        head.load_state_dict({k.removeprefix("head."): v for k, v in tensors.items() if k.startswith("head.")})
    lstm.eval()
    return Preset(name, meta, lstm, head)


def handset(weights: dict[str, float]) -> Preset:
    """The 1-unit LSTM whose weights a student sets with sliders.

    weights: for each gate k in i, f, g, o: "w_x{k}" (input weight), "w_h{k}" (recurrent weight), "b_{k}" (bias).
    """
    meta = load_meta("handset")
    lstm = nn.LSTM(1, 1, 1)
    column = lambda name: torch.tensor([[float(weights[name.format(k)])] for k in "ifgo"])  # noqa: E731  (4, 1)
    lstm.load_state_dict({"weight_ih_l0": column("w_x{}"), "weight_hh_l0": column("w_h{}"),
                          "bias_ih_l0": column("b_{}")[:, 0], "bias_hh_l0": torch.zeros(4)})
    lstm.eval()
    return Preset("handset", meta, lstm, None)


def from_forecaster(result, df, title: str) -> Preset:
    """A trained forecaster (lstm_core.forecast.train.TrainResult) as a steppable model on the user's own series.

    Two inputs, both scaled exactly as in training and passed through the forecaster's own input step
    (each row's columns plus the target's change over one season): the last window, which is what the
    forecast after the data reads, and the whole series as one long sequence (at most the last 2000 rows).

    No words here: meta["text"] holds the values the UI's sentences need (target, horizon, steps of each
    input); the UI fills in the title, description, hint and labels in the user's language.
    """
    from lstm_core.data.windows import clean_frame, frame_frequency  # the stepper needs these only here

    cfg = result.model.config
    frame, _ = clean_frame(df, list(result.columns), frame_frequency(df) or result.frequency)
    z = torch.as_tensor(result.scaler.transform(frame.to_numpy(dtype=np.float64)), dtype=torch.float32)  # (N, F)
    model = result.model.to("cpu").eval()
    with torch.no_grad():
        last = z[-cfg.window :].unsqueeze(0)  # (1, W, F)
        seq_last = model.lstm_input(last)[0].numpy()  # (W - lag, F + 1)
        seq_all = model.lstm_input(z[-(2000 + cfg.lag) :].unsqueeze(0))[0].numpy()  # (<= 2000, F + 1)
        forecast_scaled = model(last)[0].numpy()  # (H,) in the target's scaled units
    inputs = list(result.columns) + (["Δ " + result.columns[0]] if cfg.lag else [])
    meta = {
        "schema": SCHEMA, "name": "trained", "title": {"en": title, "zh": title},
        "text": {"target": result.target, "horizon": cfg.horizon, "last_steps": len(seq_last),
                 "whole_steps": len(seq_all)},
        "input": {"kind": "series", "columns": inputs},
        "output": {"size": None, "kind": "forecast"},
        "config": {"input_size": model.lstm.input_size, "hidden_size": model.lstm.hidden_size,
                   "num_layers": model.lstm.num_layers, "bias": model.lstm.bias},
        "examples": [{"id": "last_window", "input": "last_window"}, {"id": "whole", "input": "whole"}],
        "forecast": {"last_window": [float(v) for v in forecast_scaled]},
        "focus": {"gate": "c", "unit": 0, "step": max(len(seq_last) - 1, 0)},
    }
    return Preset("trained", meta, model.lstm, None, {"last_window": seq_last, "whole": seq_all})


def load_meta(name: str, models_dir: Path = MODELS_DIR) -> dict:
    return json.loads((models_dir / f"{name}.json").read_text(encoding="utf-8"))
