"""Train a Forecaster on a table, headless: the engine behind the training page, the CLI and the bench.

    result = fit(df, "passengers", TrainConfig(horizon=12), callback=print, should_stop=event)

One run: clean, split and scale (windows.prepare); cut windows as unfold views on the device; train
with Adam(W), gradient clipping and dropout on minibatches sliced from a per-epoch permutation;
early-stop on validation loss and keep the best weights; then score the model against naive and
seasonal naive on every rolling origin of the held-out tail and calibrate intervals on validation.

Progress goes to `callback(TrainEvent)`; `should_stop` (a threading.Event or a callable) is checked
between batches. A seed reproduces a run: every random draw (init, permutation, dropout) comes from a
local torch.Generator, never from the global RNG that other users' runs share.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from lstm_core import limits
from lstm_core.data.windows import PreparedData, Scaler, TrainDataError, WindowSet, prepare, season_length
from lstm_core.device import resolve_device
from lstm_core.forecast.baselines import (
    StatBaselines,
    StatResult,
    default_budget,
    mstl_seasons,
    refit_count,
    scoring_origins,
    season_for,
)
from lstm_core.forecast.calibrate import interval_entry
from lstm_core.forecast.forecaster import Forecaster, ForecasterConfig, at_least, baseline_forecast
from lstm_core.forecast.metrics import (
    ARRAYS,
    best_finished,
    best_other_forecasts,
    compare,
    naive_forecasts,
    seasonal_naive_forecasts,
    targets,
)
from lstm_core.forecast.snapshots import SnapshotLog, SnapshotRecorder, forecaster_probe

EVENT_KINDS = ("start", "epoch", "baseline", "oom_retry", "fallback_cpu", "nan_stop", "early_stop", "cancelled",
               "trained", "comparing", "done")
# trained: the LSTM is trained while statistical baselines still run; its result (every model scored so far, the
#          others {"pending": True}) rides on the event, again after each baseline that lands, so a page can show
#          it at once; comparing: a statistical baseline starts (message: its name) after the LSTM is trained


@dataclass
class TrainConfig:
    """Everything a run needs besides the data and the target; the defaults beat seasonal naive on the bundled
    series."""

    horizon: int = 12  # H: steps forecast at once
    window: int | None = None  # W: past rows read; None = max(min(2 seasons, 336), 2H, 24), shrunk for short series
    features: list[str] | None = None  # extra input columns besides the target (always an input); None = target only
    hidden_size: int = 32  # LSTM units
    num_layers: int = 1  # stacked LSTM layers
    dropout: float = 0.1  # on the LSTM's last hidden state, training only
    baseline: str = "auto"  # what the LSTM corrects: auto = seasonal naive when the season fits the window (at this
    # week's level when the season is a week), else naive
    season: int | None = None  # steps per season; None = from the time column's frequency; 0 = none
    epochs: int = 200  # upper bound; early stopping ends most runs on the bundled series after 35-160 epochs
    patience: int = 30  # epochs without a better validation loss before stopping (electricity plateaus ~20)
    batch_size: int = 64  # windows per Adam step: ~8 steps an epoch of 512 windows, fast on a CPU
    # The work grows with the data no faster than this (bench/train_budget.py: 4,000 rows in seconds, the same
    # held-out MAE): an epoch is a fresh random draw of at most this many training windows (neighbouring windows
    # overlap all but one row, so all of them teach little more than a sample); 0 = every window every epoch
    windows_per_epoch: int = 512
    full_epoch_work: int = 50_000  # ...unless every window makes at most this many window-rows (short windows: a
    # sample would only add epochs, each with its validation pass)
    # ...and a run trains at most this many window-rows (windows x W, summed over its epochs): fewer epochs for long
    # windows, never fewer than min_epochs; 0 = no cap. The bundled monthly and daily series never reach it.
    work_budget: int = 6_000_000
    min_epochs: int = 40
    val_windows: int = 512  # validation windows (evenly spaced) scored each epoch for early stopping; 0 = all
    lr: float = 5e-3  # Adam learning rate: high for Adam, fine here since the head starts at the baseline
    weight_decay: float = 1e-4  # decoupled (AdamW) weight decay
    grad_clip: float = 1.0  # max global gradient norm: LSTMs can have exploding gradients
    val_size: int | None = None  # validation rows; None = max(H, 15% of rows)
    test_size: int | None = None  # held-out tail rows; None = max(H, 15% of rows)
    interval: float = 0.8  # nominal coverage of the prediction interval (10%..90% residual quantiles)
    seed: int = 0  # seeds a local torch.Generator: same seed, data and device -> same run
    device: str = "auto"  # auto | cpu | cuda | mps, resolved by lstm_core.device.resolve_device
    num_threads: int | None = None  # torch CPU threads during the run; process-wide (see fit); None = leave as is
    min_batch_size: int = 4  # on CUDA out of memory, halve the batch down to this, then fall back to CPU
    snapshots: int = 48  # gate snapshots of a fixed training window kept (epoch 0 + each epoch, thinned); 0 = none
    # per statistical baseline (AutoETS, AutoARIMA, MSTL), seconds; 0 = off; default: GATESCOPE_BASELINE_BUDGET_S or 20
    baseline_budget_s: float = field(default_factory=default_budget)
    max_origins: int = 24  # held-out origins every model is scored on (evenly spaced; MSTL costs ~0.4 s each)
    non_negative: bool | None = None  # forecasts >= 0; None = when no training value is negative (counts, sales)


@dataclass(frozen=True)
class TrainEvent:
    """One progress report. kind is one of EVENT_KINDS; losses are MSE in scaled units."""

    kind: str
    epoch: int = 0
    epochs: int = 0
    train_loss: float | None = None
    val_loss: float | None = None
    windows_per_s: float | None = None
    eta_s: float | None = None
    message: str = ""
    # start / epoch: the gate snapshots so far (a copy, safe to keep in another thread); None when they are off
    snapshots: SnapshotLog | None = field(default=None, compare=False, repr=False)
    result: TrainResult | None = field(default=None, compare=False, repr=False)  # trained: the provisional result


Callback = Callable[[TrainEvent], None]


@dataclass
class TrainResult:
    """A trained model and everything needed to forecast with it, judge it and save it."""

    model: Forecaster  # on the CPU, in eval mode
    config: TrainConfig
    scaler: Scaler
    columns: list[str]  # input columns, target first
    target: str
    frequency: str | None  # pandas frequency string of the time column, None without one
    history: list[dict] = field(default_factory=list)  # per epoch: epoch, train_loss, val_loss
    metrics: dict = field(default_factory=dict)  # held-out tail: lstm / naive / seasonal_naive scores
    intervals: dict = field(default_factory=dict)  # coverage, lower_q, upper_q (per step), empirical_coverage
    train_time_s: float = 0.0
    device: str = "cpu"  # where it trained (after any fallback)
    stop_reason: str = "completed"  # completed | early_stop | nan | cancelled
    best_epoch: int = 0  # 0: the untrained (baseline) weights were kept
    data: dict = field(default_factory=dict)  # rows, split sizes, cleaning report
    snapshots: SnapshotLog | None = None  # the probe's gates per epoch (lstm_core.forecast.snapshots), None when off
    # the best other model's held-out forecasts at the scored origins (metrics.best_other_forecasts), for the chart
    best_other: dict | None = None

    @property
    def cancelled(self) -> bool:
        return self.stop_reason == "cancelled"

    @property
    def window(self) -> int:
        return self.model.config.window

    @property
    def horizon(self) -> int:
        return self.model.config.horizon

    @property
    def season(self) -> int | None:
        return self.model.config.season


def _stop_checker(should_stop) -> Callable[[], bool]:
    if should_stop is None:
        return lambda: False
    if isinstance(should_stop, threading.Event):
        return should_stop.is_set
    return should_stop


ETA_EPOCHS = 20  # the remaining time reads the median of this many recent epochs


def remaining_s(epoch_times: list[float], epochs_left: int) -> float:
    """Seconds left for `epochs_left` more epochs: the (lower) median time of the recent ones, so that one epoch
    slowed by the machine (a collection, another user's burst) does not move the estimate; it follows a lasting
    change."""
    if epochs_left <= 0 or not epoch_times:
        return 0.0
    recent = sorted(epoch_times[-ETA_EPOCHS:])
    return float(recent[(len(recent) - 1) // 2]) * epochs_left  # the lower median: of two epochs, the faster


def _train_step(model, opt, xb, yb, grad_clip, gen) -> torch.Tensor:
    """One Adam step on a batch; returns the batch loss as a 0-d tensor (no host sync)."""
    opt.zero_grad(set_to_none=True)
    loss = F.mse_loss(model(xb, generator=gen), yb)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    opt.step()
    return loss.detach()


@torch.no_grad()
def _predict(model, x: torch.Tensor, chunk: int = 8192) -> torch.Tensor:
    """(N, W, F) -> (N, H) in eval mode, in chunks so a long validation set fits in memory."""
    model.eval()
    return torch.cat([model(x[i : i + chunk]) for i in range(0, x.shape[0], chunk)])


def _residual_scale(data: PreparedData, cfg: ForecasterConfig) -> float:
    """Std of what the head must learn (target minus baseline) on the training windows."""
    w = data.windows("train")
    r = (w.y - baseline_forecast(w.x, cfg)).std().item() if w.y.numel() > 1 else 1.0
    return r if math.isfinite(r) and r > 1e-6 else 1.0


def _model_config(data: PreparedData, cfg: TrainConfig) -> ForecasterConfig:
    baseline = cfg.baseline
    if baseline == "auto":
        baseline = "seasonal_naive" if data.season and data.season < data.window else "naive"
        if baseline == "seasonal_naive" and data.season_kind == "week":
            baseline = "seasonal_level"  # last week at this week's level (forecaster.baseline_forecast)
        baseline = baseline if data.window > 1 else "none"
    if baseline == "seasonal_naive" and not (data.season and data.season < data.window):
        raise TrainDataError("seasonal_baseline", season=data.season, window=data.window)
    mc = ForecasterConfig(
        n_features=len(data.columns),
        window=data.window,
        horizon=data.horizon,
        hidden_size=cfg.hidden_size,
        num_layers=cfg.num_layers,
        dropout=cfg.dropout,
        baseline=baseline,
        season=data.season,
        # the level: the mean of the rows the LSTM reads, over their second half (half a day for half-hours)
        level_rows=max(1, (data.window - (data.season or 0)) // 2) if baseline == "seasonal_level" else 0,
    )
    mc.validate()
    mc.residual_scale = _residual_scale(data, mc)
    return mc


class _Run:
    """Mutable state of one training run: where it runs, its batch size and its tensors there."""

    def __init__(self, data: PreparedData, model: Forecaster, cfg: TrainConfig, device: torch.device):
        self.data, self.model, self.cfg = data, model, cfg
        self.batch_size = cfg.batch_size
        self.fell_back = False  # moved to the CPU after running out of GPU memory
        self.move_to(device)
        n = self.train.x.shape[0]
        sampled = cfg.windows_per_epoch > 0 and n * data.window > cfg.full_epoch_work
        self.per_epoch = min(n, cfg.windows_per_epoch) if sampled else n  # windows an epoch
        work = self.per_epoch * data.window  # window-rows an epoch trains on
        cap = max(cfg.min_epochs, cfg.work_budget // max(work, 1)) if cfg.work_budget > 0 else cfg.epochs
        self.epochs = int(min(cfg.epochs, cap))  # the run's epochs: the work budget by data size (TrainConfig)
        # patience counts windows, as when an epoch was every window: a drawn epoch is a fraction of that
        self.patience = int(min(math.ceil(cfg.patience * n / self.per_epoch), max(self.epochs, cfg.patience)))

    def move_to(self, device: torch.device) -> None:
        self.device = device
        self.model.to(device)
        series = self.data.scaled.to(device)  # (T, F): one copy on the device, windows are views of it
        self.train: WindowSet = self.data.windows_from(series, "train")
        self.val: WindowSet = self.data.windows_from(series, "val")
        nv, kv = self.val.x.shape[0], self.cfg.val_windows
        # (Nv',) the validation windows early stopping reads: all, or kv evenly spaced with the last (a fixed set)
        self.val_idx = (torch.linspace(0, nv - 1, kv, device=device).round().long().unique() if 0 < kv < nv
                        else torch.arange(nv, device=device))
        self.gen = torch.Generator(device=device).manual_seed(self.cfg.seed + 1)


def _move_optimizer(opt: torch.optim.Optimizer, device: torch.device) -> None:
    for state in opt.state.values():
        for k, v in state.items():
            if isinstance(v, torch.Tensor):  # fused AdamW keeps even `step` beside the parameters
                state[k] = v.to(device)


def _snapshot(model) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _is_accelerator(device: torch.device) -> bool:
    return device.type != "cpu"


def _train_epoch(run: _Run, opt, stop: Callable[[], bool]) -> float | None:
    """One epoch: run.per_epoch training windows drawn at random (all of them, in a new order, when there are no
    more): the mean loss, or None if cancelled."""
    run.model.train()
    n = run.per_epoch
    perm = torch.randperm(run.train.x.shape[0], generator=run.gen, device=run.device)[:n]  # (n,) drawn on the device
    loss_sum = torch.zeros((), device=run.device)  # summed on the device: no host sync per batch
    for i in range(0, n, run.batch_size):
        if stop():
            return None
        idx = perm[i : i + run.batch_size]  # (B,)
        loss = _train_step(run.model, opt, run.train.x[idx], run.train.y[idx], run.cfg.grad_clip, run.gen)
        loss_sum += loss * idx.numel()
    return (loss_sum / n).item()


def _shrink_or_fall_back(run: _Run, opt, epoch: int, emit: Callback) -> bool:
    """After an out-of-memory error: halve the batch; below the minimum, move to the CPU once. False: out of options."""
    cfg = run.cfg
    if run.device.type == "cuda":
        torch.cuda.empty_cache()
    if run.batch_size // 2 >= cfg.min_batch_size:
        run.batch_size //= 2
        emit(TrainEvent("oom_retry", epoch, run.epochs,
                        message=f"out of memory on {run.device}; retrying with batch size {run.batch_size}"))
        return True
    if _is_accelerator(run.device) and not run.fell_back:
        emit(TrainEvent("fallback_cpu", epoch, run.epochs,
                        message=f"out of memory on {run.device} even at batch size {run.batch_size}; "
                        f"continuing on the CPU with batch size {cfg.batch_size}"))  # fmt: skip
        run.fell_back, run.batch_size = True, cfg.batch_size
        run.move_to(torch.device("cpu"))
        _move_optimizer(opt, run.device)
        return True
    return False


def fit(
    df: pd.DataFrame,
    target: str,
    config: TrainConfig | None = None,
    *,
    callback: Callback | None = None,
    should_stop: threading.Event | Callable[[], bool] | None = None,
    baselines: Callable[..., StatBaselines] | None = None,
) -> TrainResult:
    """Train a forecaster of `target` on `df` (DatetimeIndex or RangeIndex, float columns).

    Raises TrainDataError for unusable data and SettingError for a device or setting that cannot be used (both
    GatescopeErrors, whose message says what to do); anything else is a bug.
    Cancelling through `should_stop` returns the best weights so far with result.cancelled True.
    `baselines` makes the statistical baselines' runner (StatBaselines' arguments; default StatBaselines itself,
    child processes of this one): the service passes one whose models are Dask tasks (service/stat_tasks.py).

    num_threads calls torch.set_num_threads for the run and restores it afterwards. The setting is
    process-wide: in a server, every other run and request in the process sees it meanwhile.
    """
    cfg = config or TrainConfig()
    limits.check_train_config(cfg)  # before anything is sized from it
    device = resolve_device(cfg.device)
    previous_threads = torch.get_num_threads()
    if cfg.num_threads:
        torch.set_num_threads(int(cfg.num_threads))
    try:
        return _fit(df, target, cfg, device, callback or (lambda event: None), _stop_checker(should_stop),
                    baselines or StatBaselines)
    finally:
        if cfg.num_threads:
            torch.set_num_threads(previous_threads)


def _fit(df, target, cfg: TrainConfig, device, emit: Callback, stop: Callable[[], bool],
         baselines: Callable[..., StatBaselines]) -> TrainResult:
    t0 = time.perf_counter()
    data = prepare(
        df, target, cfg.horizon, features=cfg.features, window=cfg.window,
        val_size=cfg.val_size, test_size=cfg.test_size, season=cfg.season,
    )  # fmt: skip
    # The statistical baselines fit and forecast in child processes while the LSTM trains (forecast/baselines.py).
    args, kwargs = baseline_inputs(data, cfg)
    origins = args[2]
    stats = baselines(*args, **kwargs).start()
    try:
        return _train(data, cfg, device, emit, stop, stats, origins, t0)
    finally:
        stats.cancel()  # ends a baseline still running when training failed (a no-op once they are done)


def baseline_inputs(data: PreparedData, cfg: TrainConfig) -> tuple[tuple, dict]:
    """StatBaselines' arguments for a run on this data: (series, n_train, origins, horizon), {season, frequency,
    budget_s}; the origins are the held-out ones every model is scored on."""
    origins = scoring_origins(data.windows("test").origins, cfg.max_origins)
    return ((data.target_values(), data.split.n_train, origins, data.horizon),
            {"season": stat_season(data), "frequency": data.frequency, "budget_s": cfg.baseline_budget_s})


def stat_season(data: PreparedData) -> int | None:
    """The season the statistical models are given (each takes what suits it: baselines.season_for, MSTL its
    own mstl_seasons): the frequency's own where the LSTM's is the week (a day of half-hours) or where the season
    was judged weak for the LSTM (a weak season is the LSTM's call, not theirs: AutoETS chooses by AICc whether to
    use it), else the LSTM's (given, or none)."""
    return season_length(data.frequency) if data.season_kind in ("week", "weak") else data.season


def naive_season(data: PreparedData) -> int | None:
    """Seasonal naive's season: the LSTM's, or the frequency's where that was judged weak for the LSTM."""
    return data.season or (season_length(data.frequency) if data.season_kind == "weak" else None)


def _train(data: PreparedData, cfg: TrainConfig, device, emit: Callback, stop: Callable[[], bool],
           stats: StatBaselines, origins, t0: float) -> TrainResult:
    mcfg = _model_config(data, cfg)
    model = Forecaster(mcfg, generator=torch.Generator().manual_seed(cfg.seed))
    run = _Run(data, model, cfg, device)
    # fused: one kernel for all parameters instead of a Python loop over them (~5% of a CPU step here)
    fused = device.type in ("cpu", "cuda")
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay, fused=fused)
    n, epochs = run.train.x.shape[0], run.epochs
    best_state, best_val, best_epoch = _snapshot(model), _predict_loss(run), 0  # epoch 0: the baseline itself
    gates = _Gates(model, data, run, cfg)  # the gates of one training window per epoch; never changes the run
    emit(TrainEvent("start", 0, epochs, message=f"{n} training windows of {data.window} rows on {device}",
                    snapshots=gates.take(0, None, best_val, best=True)))
    history: list[dict] = []
    stop_reason, since_best, epoch_times = "completed", 0, []
    epoch = 1
    while epoch <= epochs:
        te = time.perf_counter()
        try:
            train_loss = _train_epoch(run, opt, stop)
            if train_loss is None:
                stop_reason = "cancelled"
                emit(TrainEvent("cancelled", epoch, epochs, message="cancelled; keeping the best weights so far"))
                break
            val_loss = _predict_loss(run) if math.isfinite(train_loss) else math.nan
        except torch.cuda.OutOfMemoryError:
            if not _shrink_or_fall_back(run, opt, epoch, emit):
                raise  # out of memory on the CPU at the smallest batch: nothing left to try
            best_state = {k: v.to(run.device) for k, v in best_state.items()}
            continue  # redo this epoch with the smaller batch or on the CPU
        if not (math.isfinite(train_loss) and math.isfinite(val_loss)):
            stop_reason = "nan"
            emit(TrainEvent("nan_stop", epoch, epochs, train_loss, val_loss,
                            message=f"the loss became non-finite at epoch {epoch}; keeping the weights of epoch "
                            f"{best_epoch} (try a lower learning rate)"))  # fmt: skip
            break
        epoch_times.append(time.perf_counter() - te)
        history.append({"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss})
        if val_loss < best_val:
            best_state, best_val, best_epoch, since_best = _snapshot(model), val_loss, epoch, 0
        else:
            since_best += 1
        emit(TrainEvent("epoch", epoch, epochs, train_loss, val_loss, run.per_epoch / max(epoch_times[-1], 1e-9),
                        remaining_s(epoch_times, epochs - epoch),
                        snapshots=gates.take(epoch, train_loss, val_loss, best=since_best == 0)))  # fmt: skip
        _report_baselines(stats.take_new(), emit)
        if since_best >= run.patience:
            stop_reason = "early_stop"
            emit(TrainEvent("early_stop", epoch, epochs, train_loss, val_loss,
                            message=f"no better validation loss for {run.patience} epochs; "
                            f"keeping epoch {best_epoch} (val {best_val:.4g})"))  # fmt: skip
            break
        epoch += 1

    model.load_state_dict(best_state)
    model.to("cpu").eval()
    seconds = time.perf_counter() - t0  # the LSTM's own time, without waiting for the baselines
    if stop_reason == "cancelled":
        stats.cancel()

    def scored(others: Mapping[str, StatResult | None]) -> TrainResult:
        r = _finish(data, model, cfg, history, stop_reason, best_epoch, str(run.device), seconds, origins, others)
        r.snapshots = gates.log
        r.data.update(epochs_budget=epochs, patience=run.patience, windows_per_epoch=run.per_epoch)
        return r

    def provisional() -> None:  # the LSTM's result now, the baselines still running marked pending
        if stats.pending():
            emit(TrainEvent("trained", len(history), epochs, message=f"pending: {', '.join(stats.pending())}",
                            result=scored({**dict.fromkeys(stats.pending()), **dict(stats.results)})))

    def landed(new: list[StatResult]) -> None:
        _report_baselines(new, emit)
        provisional()

    _report_baselines(stats.take_new(), emit)
    provisional()
    others = stats.wait(poll=landed, stop=stop,
                        started=lambda name: emit(TrainEvent("comparing", len(history), epochs, message=name)))
    result = scored(others)
    emit(TrainEvent("done", len(history), epochs, message=_summary(result)))
    return result


class _Gates:
    """The run's gate snapshots (lstm_core.forecast.snapshots) on its last training window; off when cfg.snapshots is 0.

    A snapshot that fails (say, out of GPU memory for the trace) ends the snapshots, never the run.
    """

    def __init__(self, model: Forecaster, data: PreparedData, run: _Run, cfg: TrainConfig):
        self.recorder: SnapshotRecorder | None = None
        self.log: SnapshotLog | None = None
        if cfg.snapshots > 0:
            names = list(data.columns) + ([f"Δ {data.columns[0]}"] if model.config.lag else [])
            self.recorder = SnapshotRecorder(model.lstm, forecaster_probe(model, run.train.x),
                                             max_snapshots=max(int(cfg.snapshots), 3),
                                             info={"input_names": names, "loss": "mse"})
            self.log = self.recorder.log

    def take(self, epoch: int, train_loss, val_loss, best: bool) -> SnapshotLog | None:
        """Snapshot the model now; returns a copy of the log for the progress event."""
        if self.recorder is None or self.log is None:
            return None
        try:
            self.recorder.take(epoch, train_loss, val_loss, best)
        except RuntimeError:  # the replay is a bonus: training goes on without further snapshots
            self.recorder = None
        return self.log.copy()


def _predict_loss(run: _Run) -> float:
    """Validation MSE in scaled units, on the windows early stopping reads (run.val_idx)."""
    return F.mse_loss(_predict(run.model, run.val.x[run.val_idx]), run.val.y[run.val_idx]).item()


def _report_baselines(results: list[StatResult], emit: Callback) -> None:
    """A progress line per statistical baseline as it finishes."""
    for r in results:
        done = f"MAE on the held-out tail, {r.detail}" if not r.skipped else f"skipped: {r.reason}"
        emit(TrainEvent("baseline", message=f"{r.name} ({r.seconds:.1f} s): {done}"))


def _others(results: Mapping[str, StatResult | None]) -> dict[str, dict]:
    """The statistical baselines as compare() takes them."""
    out: dict[str, dict[str, Any]] = {}
    for name, r in results.items():
        if r is None:  # still running (a provisional result)
            out[name] = {"pending": True}
        elif r.skipped:
            reason = "budget_twice" if r.skipped == "budget" and r.retried else r.skipped
            out[name] = {"skipped": r.reason, "reason": reason, "params": dict(r.params or {})}
        else:
            out[name] = {"forecasts": r.forecasts, "lower": r.lower, "upper": r.upper, "detail": r.detail,
                         "seconds": round(r.seconds, 2), "refits": r.refits, "retried": r.retried}
    return out


PROTOCOL = ("rolling origin: every model forecasts H steps from each origin of the held-out tail, knowing only the "
            "rows before it. The LSTM is trained once, on the training part. Each statistical model is fitted on "
            "every row before an origin, again at `refits` of the origins (all of them where that is cheap: fit "
            "rows x fits <= {rows}) and run forward from the others; MSTL decomposes the whole history before each "
            "origin. Rows the loader filled are not scored. A model past its time budget runs once more with "
            "{factor:g}x the budget; past that too, no best is named.")


def protocol(data: PreparedData, cfg, metrics: dict, others: Mapping[str, StatResult | None]) -> dict:
    """How the verdict was reached, for metrics.json and the page: origins, refits per model, the seasons each
    model was given, the rows not scored, the models run twice."""
    from lstm_core.data.windows import MIN_ORIGINS
    from lstm_core.forecast.baselines import REFIT_ROWS, RETRY_FACTOR

    season = stat_season(data) or 1
    origins = int(metrics.get("origins", 0))
    first = int(data.split.n_train + data.split.n_val)  # rows before the first held-out origin
    return {
        "origins": origins,
        "origins_wanted": MIN_ORIGINS,
        "horizon": data.horizon,
        "held_out_rows": data.split.n_test,
        # fits per statistical model that ran (refit_count of the rows before the first origin)
        "refits": {m: r.refits for m, r in others.items() if r is not None and not r.skipped},
        "refits_planned": refit_count(first, origins),
        "seasons": {"seasonal_naive": naive_season(data), "auto_ets": season_for("auto_ets", season),
                    "auto_arima": season_for("auto_arima", season),
                    "mstl": [s for s in (mstl_seasons(data.frequency) or ()) if s > 1] or None},
        "lstm_season": data.season,
        "unscored_filled": int(metrics.get("unscored_filled", 0)),
        "retried": [m for m, r in others.items() if r is not None and r.retried],
        "budget_s": float(cfg.baseline_budget_s),
        "text": PROTOCOL.format(rows=REFIT_ROWS, factor=RETRY_FACTOR),
    }


def _finish(data: PreparedData, model, cfg, history, stop_reason, best_epoch, device, seconds, origins,
            others: Mapping[str, StatResult | None]) -> TrainResult:
    """Score every model on the same held-out origins (filled rows not scored); measure each model's interval
    there (forecast/calibrate.py: its own, and conformal on its held-out errors, the LSTM's validation windows
    too) and name the recommended model's; say the protocol."""
    series = data.target_values()
    val, test = data.windows("val"), data.windows("test")
    # Counts and sales are never negative: a series with no negative training value (or non_negative=True) is
    # forecast at 0 or above, interval bounds included (lynx trappings were forecast at -284, bound -1,303).
    train_min = float(series[: data.split.n_train].min())
    floor = 0.0 if (cfg.non_negative is None and train_min >= 0) or cfg.non_negative else None
    val_pred = at_least(data.scaler.target_to_original(_predict(model, val.x)), floor)  # (Nv, H)
    test_pred = at_least(data.scaler.target_to_original(_predict(model, test.x)), floor)  # (Nt, H)
    scored = np.isin(test.origins, origins)  # the origins every model is scored on
    stat = _others(others)
    at = test.origins[scored]  # (N,) the origins every model is scored on
    observed = data.observed()
    metrics = compare(series, at, data.horizon, test_pred[scored], data.split.n_train, naive_season(data), stat,
                      observed=observed)
    # Each model's interval measured on the held-out origins (forecast/calibrate.py); y is NaN where not scored.
    y = np.where(targets(observed.astype(np.float64), at, data.horizon) > 0.5, targets(series, at, data.horizon),
                 np.nan)  # (N, H)
    val_y = data.scaler.target_to_original(val.y)
    val_res = np.where(targets(observed.astype(np.float64), val.origins, data.horizon) > 0.5, val_y - val_pred,
                       np.nan)  # (Nv, H) the LSTM's validation errors: more windows to calibrate it on
    held = {"lstm": (test_pred[scored], None, None), "naive": (naive_forecasts(series, at, data.horizon), None, None)}
    if metrics.get("seasonal_naive"):
        held["seasonal_naive"] = (seasonal_naive_forecasts(series, at, data.horizon, int(metrics["season"])),
                                  None, None)
    for name, got in stat.items():
        if got.get("forecasts") is not None:
            held[name] = tuple(None if got.get(k) is None else np.asarray(got[k], dtype=np.float64)
                               for k in ARRAYS)  # type: ignore[assignment]
    # by model, beside the scores (each score entry stays {mae, rmse, smape, mase}: the metrics.json contract)
    metrics["intervals"] = {name: interval_entry(y, f, lower, upper, val_res if name == "lstm" else None,
                                                 cfg.interval) for name, (f, lower, upper) in held.items()}
    mine = metrics["intervals"]["lstm"]
    recommended = best_finished(metrics)
    intervals = {
        "coverage": cfg.interval,
        "lower_q": mine["lower_q"],
        "upper_q": mine["upper_q"],
        "measured_coverage": mine["conformal_coverage"],
        "measured_coverage_per_step": mine["measured_coverage_per_step"],
        "measured_on": f"{len(at)} held-out origins x {data.horizon} steps, each calibrated without its own origin",
        "empirical_coverage": mine["conformal_coverage"],  # the earlier name
        "floor": floor,  # forecasts and bounds never below this (0 for a series without negative values), or None
        "calibrated_on": f"{val.x.shape[0]} validation windows and {len(at)} held-out origins (conformal, per step)",
        # the interval of the forecast the user downloads: the recommended model's (forecast/calibrate.py)
        "recommended": None if recommended is None else {"model": recommended,
                                                         **metrics["intervals"][recommended]},
    }
    metrics["protocol"] = protocol(data, cfg, metrics, others)
    index = data.frame.index
    info = {
        "rows": len(data.frame),
        "n_train": data.split.n_train,
        "n_val": data.split.n_val,
        "n_test": data.split.n_test,
        "train_windows": data.split.n_train - data.window - data.horizon + 1,
        "first": str(index[0]),
        "last": str(index[-1]),
        "cleaning": asdict(data.report),
        "cleaning_message": data.report.message(),
        "stat_season": stat_season(data),  # the statistical models' season, for their forecast after the data
    }
    return TrainResult(
        model=model, config=cfg, scaler=data.scaler, columns=list(data.columns), target=data.target,
        frequency=data.frequency, history=history, metrics=metrics, intervals=intervals,
        train_time_s=float(seconds), device=device, stop_reason=stop_reason, best_epoch=best_epoch, data=info,
        best_other=best_other_forecasts(metrics, series, test.origins[scored], data.horizon, stat),
    )  # fmt: skip


def _summary(r: TrainResult) -> str:
    m = r.metrics
    parts = [f"MAE lstm {m['lstm']['mae']:.4g}", f"naive {m['naive']['mae']:.4g}"]
    if m.get("seasonal_naive"):
        parts.append(f"seasonal naive {m['seasonal_naive']['mae']:.4g}")
    parts += [f"{name} {m[name]['mae']:.4g}" for name in ("auto_ets", "auto_arima", "mstl")
              if (m.get(name) or {}).get("mae")]
    return f"{r.stop_reason} after {len(r.history)} epochs ({r.train_time_s:.1f} s): " + ", ".join(parts)


