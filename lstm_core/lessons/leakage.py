"""The look-ahead leak, measured: a tutorial-style forecaster trained twice, scaler fitted right and wrong.

    python -m scripts.build_leakage --out assets/spot/leakage.json     # rebuild the shipped result (a few minutes)

The pipeline is the one many LSTM tutorials publish for the airline-passengers series: min-max scale to
[0, 1], cut windows of the last W months, one-step-ahead targets, an nn.LSTM whose last h goes through a
linear layer (optionally a sigmoid, which keeps the output in [0, 1]), full-batch Adam. It is kept small
and self-contained on purpose: the point is the one changed line, not the model.

  right: the scaler sees the training months only          lo, hi = train.min(), train.max()
  leak:  the scaler sees the whole series, test included    lo, hi = series.min(), series.max()

Both are scored on the same held-out months in passengers (original units), for several seeds and for
both heads, so the page can report what the numbers show rather than what the story says. The same
trained right model also scores the "test part scaled by its own maximum" mistake.

Everything is deterministic on the CPU: float64, weights drawn from a local torch.Generator, one thread.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from torch import nn

from lstm_core.forecast.metrics import mae

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "assets" / "data" / "airpassengers.csv"
OUT = ROOT / "assets" / "spot" / "leakage.json"
SCHEMA = 1
HEADS = ("linear", "sigmoid")  # unbounded output vs output kept in [0, 1], as many tutorials build it
SCALERS = ("right", "leak")


@dataclass(frozen=True)
class LeakConfig:
    """One experiment: the split, the model and how long it trains. Stored in the result file."""

    column: str = "passengers"
    window: int = 12  # W: the last 12 months predict the next one
    test_size: int = 36  # held-out months at the end (1958-1960)
    hidden_size: int = 16
    epochs: int = 500
    lr: float = 0.01
    seeds: tuple[int, ...] = tuple(range(10))
    heads: tuple[str, ...] = HEADS


# ----------------------------------------------------------------------------- data


def load_series(path: Path = DATA, column: str = "passengers") -> tuple[np.ndarray, list[str]]:
    """The bundled series as float64 values and its dates (ISO strings)."""
    df = pd.read_csv(path)
    return df[column].to_numpy(dtype=np.float64), [str(d) for d in df.iloc[:, 0]]


def minmax_bounds(series: np.ndarray, n_train: int, scaler: str) -> tuple[float, float]:
    """(lo, hi) of the min-max scaler: from the training part (right) or the whole series (leak)."""
    if scaler not in SCALERS:
        raise ValueError(f"scaler must be one of {SCALERS}, got {scaler!r}")
    part = series if scaler == "leak" else series[:n_train]  # leak: the test months shape the scaler
    return float(part.min()), float(part.max())


def one_step_windows(scaled: np.ndarray, first: int, stop: int, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Inputs (N, W, 1) and targets (N,) for every target row in [first, stop); inputs reach back W rows."""
    if first < window:
        raise ValueError(f"the first target row must be at least the window ({window}), got {first}")
    rows = np.arange(first, stop)
    x = np.stack([scaled[r - window : r] for r in rows])[:, :, None]  # (N, W, 1)
    return x, scaled[rows]


# ----------------------------------------------------------------------------- model


class TutorialLSTM(nn.Module):
    """nn.LSTM over the window, a linear layer on the last h, and optionally a sigmoid: output (N,)."""

    def __init__(self, hidden_size: int, head: str):
        super().__init__()
        if head not in HEADS:
            raise ValueError(f"head must be one of {HEADS}, got {head!r}")
        self.head = head
        self.lstm = nn.LSTM(1, hidden_size, batch_first=True, dtype=torch.float64)
        self.linear = nn.Linear(hidden_size, 1, dtype=torch.float64)

    def init_weights(self, seed: int) -> None:
        """PyTorch's default LSTM init, U(-1/√H, 1/√H), drawn from a local generator (never the global RNG)."""
        gen = torch.Generator().manual_seed(seed)
        bound = 1.0 / math.sqrt(self.lstm.hidden_size)
        with torch.no_grad():
            for p in self.parameters():
                p.copy_(torch.empty_like(p).uniform_(-bound, bound, generator=gen))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.lstm(x)[0][:, -1]  # (N, H): the last step's hidden state
        z = self.linear(h)[:, 0]  # (N,)
        return torch.sigmoid(z) if self.head == "sigmoid" else z


@dataclass
class Run:
    """One trained model scored on the held-out months, in original units."""

    head: str
    scaler: str
    seed: int
    mae: float
    pred: list[float]  # one-step-ahead forecasts of the held-out months
    train_loss: float  # final MSE on the training windows, scaled units


def train_one(series: np.ndarray, cfg: LeakConfig, head: str, scaler: str, seed: int) -> tuple[Run, TutorialLSTM]:
    """Scale (right or leaked), train one tutorial model, and score it on the held-out months."""
    n_train = len(series) - cfg.test_size
    lo, hi = minmax_bounds(series, n_train, scaler)
    scaled = (series - lo) / (hi - lo)  # (T,)
    x_tr, y_tr = (torch.from_numpy(a) for a in one_step_windows(scaled, cfg.window, n_train, cfg.window))
    x_te, _ = one_step_windows(scaled, n_train, len(series), cfg.window)
    model = TutorialLSTM(cfg.hidden_size, head)
    model.init_weights(seed)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    for _ in range(cfg.epochs):  # full batch: ~100 windows
        opt.zero_grad()
        loss = torch.mean((model(x_tr) - y_tr) ** 2)
        loss.backward()
        opt.step()
    with torch.no_grad():
        pred = model(torch.from_numpy(x_te)).numpy() * (hi - lo) + lo  # back to passengers with the same scaler
        final = float(torch.mean((model(x_tr) - y_tr) ** 2))
    run = Run(head, scaler, seed, mae(series[n_train:], pred), [round(float(p), 4) for p in pred], final)
    return run, model


def own_max_mae(series: np.ndarray, cfg: LeakConfig, model: TutorialLSTM) -> tuple[float, list[float]]:
    """Score a right-scaled model whose test inputs were scaled by the test part's own maximum instead.

    The test chunk (the W look-back months plus the held-out months) is divided by the held-out maximum, and
    the forecasts are multiplied back by it: a consistent pipeline, except that the model's input scale changed.
    """
    n_train = len(series) - cfg.test_size
    own = series[n_train:].max()
    x_te, _ = one_step_windows(series / own, n_train, len(series), cfg.window)
    with torch.no_grad():
        pred = model(torch.from_numpy(x_te)).numpy() * own
    return mae(series[n_train:], pred), [round(float(p), 4) for p in pred]


# ----------------------------------------------------------------------------- experiment


@dataclass
class Result:
    """What the page shows: the setting, every run's MAE, medians, and the forecasts of one typical seed."""

    config: dict
    dates: list[str]  # the held-out months
    actual: list[float]
    train_range: tuple[float, float]
    series_range: tuple[float, float]
    baselines: dict[str, float]  # naive and seasonal-naive MAE on the same months
    runs: list[dict] = field(default_factory=list)  # head, scaler, seed, mae, train_loss
    median: dict[str, dict[str, float]] = field(default_factory=dict)  # head -> scaler -> median MAE
    leak_wins: dict[str, int] = field(default_factory=dict)  # head -> seeds where the leaked MAE was lower
    example: dict[str, dict] = field(default_factory=dict)  # head -> seed, right/leak forecasts
    own_max: dict = field(default_factory=dict)  # the test-own-max mistake on the linear head's example seed
    seconds: float = 0.0


def median_seed(runs: list[Run]) -> int:
    """The seed whose right-scaled MAE is the median one: a typical run, not a lucky or unlucky one."""
    ordered = sorted(runs, key=lambda r: (r.mae, r.seed))
    return ordered[(len(ordered) - 1) // 2].seed


def run_experiment(cfg: LeakConfig = LeakConfig(), path: Path = DATA, log=None) -> Result:
    start = time.perf_counter()
    series, dates = load_series(path, cfg.column)
    n_train = len(series) - cfg.test_size
    test = series[n_train:]
    res = Result(
        config={**asdict(cfg), "seeds": list(cfg.seeds), "heads": list(cfg.heads), "data": path.name},
        dates=dates[n_train:], actual=[float(v) for v in test],
        train_range=(float(series[:n_train].min()), float(series[:n_train].max())),
        series_range=(float(series.min()), float(series.max())),
        baselines={"naive": mae(test, series[n_train - 1 : -1]),
                   "seasonal_naive": mae(test, series[n_train - 12 : -12])},
    )
    for head in cfg.heads:
        runs: dict[str, list[Run]] = {s: [] for s in SCALERS}
        models: dict[int, TutorialLSTM] = {}
        for seed in cfg.seeds:
            for scaler in SCALERS:
                run, model = train_one(series, cfg, head, scaler, seed)
                runs[scaler].append(run)
                if scaler == "right":
                    models[seed] = model
                if log:
                    log(f"{head:8} {scaler:6} seed {seed}: MAE {run.mae:7.2f}")
        res.runs += [{k: v for k, v in asdict(r).items() if k != "pred"} for s in SCALERS for r in runs[s]]
        res.median[head] = {s: statistics.median(r.mae for r in runs[s]) for s in SCALERS}
        res.leak_wins[head] = sum(lk.mae < rt.mae for rt, lk in zip(runs["right"], runs["leak"], strict=True))
        seed = median_seed(runs["right"])
        by_seed = {s: next(r for r in runs[s] if r.seed == seed) for s in SCALERS}
        res.example[head] = {"seed": seed, **{s: {"mae": by_seed[s].mae, "pred": by_seed[s].pred} for s in SCALERS}}
        if head == "linear":
            own_mae, own_pred = own_max_mae(series, cfg, models[seed])
            res.own_max = {"head": head, "seed": seed, "mae": own_mae, "pred": own_pred,
                           "right_mae": by_seed["right"].mae, "test_max": float(test.max())}
    res.seconds = round(time.perf_counter() - start, 1)
    return res


def save(res: Result, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"schema": SCHEMA, **asdict(res)}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load(path: Path = OUT) -> dict:
    """The shipped result as a dict (see Result); raises ValueError when it is missing or of another schema."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path.name}: cannot read the leakage result ({exc}); rebuild it with "
                         "python -m scripts.build_leakage") from None
    if data.get("schema") != SCHEMA:
        raise ValueError(f"{path.name}: schema {data.get('schema')!r}, expected {SCHEMA}")
    return data


MILD_OWN_MAX = 1.5  # the own-max mistake counts as "mild" on this series below this ratio of held-out MAEs


def flatters(res: dict, head: str) -> bool:
    """Does the leaked scaler give a lower median held-out MAE than the right one for this head?"""
    med = res["median"][head]
    return med["leak"] < med["right"]


def own_max_is_mild(res: dict) -> bool:
    """Is the own-max mistake's held-out MAE less than MILD_OWN_MAX times the right one's?"""
    om = res["own_max"]
    return om["mae"] < MILD_OWN_MAX * om["right_mae"]
