"""Training throughput: Gatescope's engine versus a plain PyTorch loop, side by side in one run.

    python bench/train.py [--device cpu|cuda] [--data CSV --target COL --horizon H] [--epochs N]

Both train the same Forecaster (same config, same initial weights) on the same scaled windows with the
same batch size, optimiser and number of epochs, and both score the validation windows every epoch.
They differ in how batches are made and stepped:

- engine: lstm_core.forecast.train.fit: windows are unfold views of one tensor on the device, a batch is an
  index into them (one gather), the per-epoch permutation is drawn on the device, no host sync per batch,
  and AdamW runs fused (one kernel for all parameters);
- plain: the tutorial way: a per-sample torch.utils.data.Dataset whose __getitem__ slices a NumPy array
  into new tensors, a DataLoader(shuffle=True) that collates them, `.to(device)` and `loss.item()` per batch.

Prints windows/s for each (from the fastest epoch: the one least disturbed by other jobs on shared cores)
and the ratio engine / plain. Each epoch includes the validation pass, in both.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lstm_core.data.csv.load import load_csv  # noqa: E402
from lstm_core.data.windows import prepare  # noqa: E402
from lstm_core.device import resolve_device  # noqa: E402
from lstm_core.forecast.forecaster import Forecaster  # noqa: E402
from lstm_core.forecast.train import TrainConfig, TrainEvent, fit  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


class WindowDataset(Dataset):
    """One (window, target) pair per index, sliced from a (T, F) array: the common tutorial pattern."""

    def __init__(self, values: np.ndarray, window: int, horizon: int):
        self.values, self.window, self.horizon = values, window, horizon

    def __len__(self) -> int:
        return len(self.values) - self.window - self.horizon + 1

    def __getitem__(self, i: int):
        x = torch.tensor(self.values[i : i + self.window], dtype=torch.float32)  # (W, F)
        y = torch.tensor(self.values[i + self.window : i + self.window + self.horizon, 0], dtype=torch.float32)
        return x, y  # (W, F), (H,)


def engine_run(df, target: str, cfg: TrainConfig) -> tuple[float, int, object]:
    """Fastest epoch of the engine in seconds (epoch 1 warms up), windows per epoch, the result."""
    stamps: list[float] = []

    def on_event(e: TrainEvent) -> None:
        if e.kind in ("start", "epoch"):
            stamps.append(time.perf_counter())

    result = fit(df, target, cfg, callback=on_event)
    epochs = np.diff(stamps)[1:]  # per-epoch seconds, after the warm-up epoch
    return float(epochs.min()), result.data["train_windows"], result


def plain_run(df, target: str, cfg: TrainConfig, model_config, device) -> tuple[float, int]:
    """The same training with a per-sample Dataset + DataLoader; its fastest epoch in seconds, windows per epoch."""
    data = prepare(df, target, cfg.horizon, features=cfg.features, window=cfg.window, season=cfg.season)
    values = data.scaled.numpy()
    s = data.split
    train_ds = WindowDataset(values[: s.n_train], data.window, data.horizon)
    val_ds = WindowDataset(values[s.n_train - data.window : s.n_train + s.n_val], data.window, data.horizon)
    gen = torch.Generator().manual_seed(cfg.seed)
    train_dl = DataLoader(train_ds, batch_size=cfg.batch_size, shuffle=True, generator=gen)
    val_dl = DataLoader(val_ds, batch_size=8192)
    model = Forecaster(model_config, generator=torch.Generator().manual_seed(cfg.seed)).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    seconds = []
    for _ in range(cfg.epochs):
        t0 = time.perf_counter()
        model.train()
        for xb, yb in train_dl:
            xb, yb = xb.to(device), yb.to(device)
            opt.zero_grad()
            loss = F.mse_loss(model(xb), yb)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            opt.step()
            loss.item()  # the running-loss log line every tutorial has
        model.eval()
        with torch.no_grad():
            sum(F.mse_loss(model(xb.to(device)), yb.to(device)).item() for xb, yb in val_dl)
        seconds.append(time.perf_counter() - t0)  # .item() above has synchronised a GPU already
    return min(seconds[1:]), len(train_ds)


BUNDLED = [  # (file, target, horizon): the bundled series at their suggested horizons
    ("airpassengers.csv", "passengers", 12),
    ("bike_rides_daily.csv", "rides", 7),
    ("electricity_halfhourly.csv", "demand_mw", 12),
]


def compare(path: Path, target: str, horizon: int, epochs: int, batch_size: int, device) -> float:
    """Print and return engine / plain windows per second on one series."""
    df = load_csv(path)
    cfg = TrainConfig(horizon=horizon, epochs=epochs, patience=epochs + 1, batch_size=batch_size,
                      device=str(device), windows_per_epoch=0, work_budget=0)  # every window each epoch, as plain
    rates: dict[str, list[float]] = {"engine": [], "plain": []}
    for _ in range(3):  # alternate, so neither loop always runs on a cooler machine
        seconds, windows, result = engine_run(df, target, cfg)
        rates["engine"].append(windows / seconds)
        seconds, windows = plain_run(df, target, cfg, result.model.config, device)
        rates["plain"].append(windows / seconds)
    engine, plain = max(rates["engine"]), max(rates["plain"])  # fastest epoch: least disturbed by other jobs
    steps = result.model.config.window - result.model.config.lag
    print(f"{path.name:28s} {windows:6d} windows, LSTM reads {steps:3d} steps | engine {engine:8.0f} win/s | "
          f"plain {plain:8.0f} win/s | ratio {engine / plain:.2f}x", flush=True)  # fmt: skip
    return engine / plain


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"], help="where both loops train (default cpu)")
    p.add_argument("--data", help="one CSV file (default: the three bundled series)")
    p.add_argument("--target", help="column to forecast in --data")
    p.add_argument("--horizon", type=int, default=12, help="steps ahead for --data (default 12)")
    p.add_argument("--epochs", type=int, default=8, help="epochs per loop; the first warms up (default 8)")
    p.add_argument("--batch-size", type=int, default=TrainConfig.batch_size, help="windows per step (both loops)")
    p.add_argument("--threads", type=int, default=1,
                   help="torch CPU threads (default 1: two threads of a small LSTM thrash when cores are shared)")
    args = p.parse_args(argv)
    if args.data and not args.target:
        p.error("--data needs --target")

    device = resolve_device(args.device)
    if args.threads:
        torch.set_num_threads(args.threads)
    runs = [(Path(args.data), args.target, args.horizon)] if args.data else [
        (ROOT / "assets" / "data" / f, t, h) for f, t, h in BUNDLED]  # fmt: skip
    print(f"default model, batch {args.batch_size}, device {device}, {torch.get_num_threads()} torch threads; "
          f"fastest of {args.epochs - 1} epochs x 3 alternating runs each")  # fmt: skip
    ratios = [compare(path, target, h, args.epochs, args.batch_size, device) for path, target, h in runs]
    if len(ratios) > 1:
        print(f"ratio engine / plain: {min(ratios):.2f}x to {max(ratios):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
