"""The one table of limits: every size and setting a user can give (a model file, a CLI flag, the Train form) is
checked against it before anything is allocated.

Why bounds at all: a 24 KB model.json saying num_layers = 1000000 made the server build a million-layer LSTM;
`--hidden 100000000` asked torch for 1.6e17 bytes. A bound is the largest value a real use of Gatescope needs,
with room to spare; beyond it a value is refused with a short message that names the field and its range
(`limit_error`), and messages stay short whatever the input (`clip`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lstm_core.errors import SettingError

MAX_MESSAGE = 300  # characters of a user's value quoted in a message: messages stay far under 500
MAX_INT_DIGITS = 20  # digits of an integer in model.json (int64 holds 19); Python's own cap is 4300
MAX_JSON_DEPTH = 32  # nesting of model.json (ours is 4 deep); 200k brackets would recurse in the parser
MAX_UPLOAD_BYTES = 50 * 2**20  # one upload (a CSV, a model zip); .streamlit/config.toml's server.maxUploadSize
MAX_JSON_BYTES = 4 * 2**20  # model.json: history and metrics of a long run fit in well under 1 MiB
MAX_TENSOR_BYTES = MAX_UPLOAD_BYTES - MAX_JSON_BYTES  # model.safetensors: both halves fit in one upload
MAX_PARAMETERS = MAX_TENSOR_BYTES // 4  # float32 weights of a model
MAX_COLUMN_NAME = 200  # characters of a column name kept in a model file


@dataclass(frozen=True)
class Bound:
    """The allowed range of one setting, both ends included; `integer` for whole numbers."""

    low: float
    high: float
    integer: bool = True

    def words(self) -> str:
        kind = "a whole number" if self.integer else "a number"
        return f"{kind} from {self.low:g} to {self.high:g}"


# TrainConfig and ForecasterConfig fields (the Train form's and the CLI's maxima come from here too).
LIMITS: dict[str, Bound] = {
    "horizon": Bound(1, 1000),  # steps forecast at once
    "window": Bound(1, 5000),  # past rows read (weekly season of half-hours is 336)
    "hidden_size": Bound(1, 512),  # LSTM units
    "num_layers": Bound(1, 4),  # stacked LSTM layers
    "n_features": Bound(1, 500),  # input columns: the CSV loader's column cap
    "dropout": Bound(0, 0.95, integer=False),
    "season": Bound(0, 5000),  # 0 = none; a season must fit in the window
    "level_rows": Bound(0, 5000),
    "epochs": Bound(1, 5000),
    "patience": Bound(1, 5000),
    "batch_size": Bound(1, 4096),
    "min_batch_size": Bound(1, 4096),
    "lr": Bound(1e-7, 1.0, integer=False),  # Adam: beyond 1 every step overshoots
    "weight_decay": Bound(0, 1.0, integer=False),
    "grad_clip": Bound(1e-6, 1e6, integer=False),
    "val_size": Bound(1, 1_000_000),  # rows: the CSV loader's row cap
    "test_size": Bound(1, 1_000_000),
    "interval": Bound(0.05, 0.99, integer=False),
    "seed": Bound(0, 2**32 - 1),
    "num_threads": Bound(1, 256),
    "snapshots": Bound(0, 1000),
    "baseline_budget_s": Bound(0, 600, integer=False),
    "max_origins": Bound(1, 1000),
    "residual_scale": Bound(1e-12, 1e12, integer=False),
}


def clip(value: object, n: int = 60) -> str:
    """repr(value), cut to n characters: a user's value inside a message never makes it long."""
    text = repr(value) if not isinstance(value, str) else repr(value[: n + 1])
    return text if len(text) <= n else text[: n - 1] + "…"


def limit_error(field: str, value: object, where: str = "") -> str:
    """The message for `value` out of the range of LIMITS[field], naming the field (with `where` before it)."""
    return f"{where}{field} must be {LIMITS[field].words()}, got {clip(value)}"


def in_range(field: str, value: object) -> bool:
    """Is value a finite number (a whole one where the bound says so; not a bool) inside LIMITS[field]?"""
    b = LIMITS[field]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    if b.integer and not (isinstance(value, int) or float(value).is_integer()):
        return False
    return b.low <= value <= b.high


def check(field: str, value: object, where: str = "", optional: bool = False):
    """value, if it is in range (or None and optional); else a SettingError naming the field and its range."""
    if value is None and optional:
        return None
    if not in_range(field, value):
        raise SettingError(limit_error(field, value, where))
    return value


def parameter_count(n_inputs: int, hidden: int, layers: int, horizon: int) -> int:
    """Weights of a Forecaster (LSTM layers + linear head), computed without building it."""
    first = 4 * hidden * (n_inputs + hidden + 2)
    rest = (layers - 1) * 4 * hidden * (2 * hidden + 2)
    return first + rest + horizon * (hidden + 1)


def check_size(n_inputs: int, hidden: int, layers: int, horizon: int, where: str = "") -> None:
    """Refuse a model whose weights would pass MAX_PARAMETERS (each field may be in range, the product not)."""
    n = parameter_count(n_inputs, hidden, layers, horizon)
    if n > MAX_PARAMETERS:
        raise SettingError(f"{where}the model would hold {n:,} weights, over the cap of {MAX_PARAMETERS:,}: "
                           "use fewer hidden units, layers or input columns")


# TrainConfig fields that may be None (automatic).
OPTIONAL = ("window", "season", "val_size", "test_size", "num_threads")


def check_train_config(cfg, where: str = "") -> None:
    """Every bounded field of a TrainConfig (duck-typed: lstm_core.forecast.train imports this module)."""
    for field in LIMITS:
        if hasattr(cfg, field):
            check(field, getattr(cfg, field), where, optional=field in OPTIONAL)
    features = getattr(cfg, "features", None) or []
    if len(features) + 1 > LIMITS["n_features"].high:
        raise SettingError(limit_error("n_features", len(features) + 1, where))
    check_size(1 + len(features), cfg.hidden_size, cfg.num_layers, cfg.horizon, where)
