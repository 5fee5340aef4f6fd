"""Gate snapshots: how the gates of one fixed probe sequence change while a model learns.

Before training (epoch 0) and after every epoch, the training loop traces the same probe sequence through
the model's nn.LSTM (lstm_core.lstm.trace) and keeps i, f, g, o, c, h of that trace, so a student can replay how
the heatmaps changed, epoch by epoch, beside the loss curve.

Kept small on purpose, so a run can carry its whole log in memory and a preset can ship one:

- one snapshot is float16 and holds at most MAX_VALUES values per state (6 states x 1024 x 2 bytes = 12 KB):
  the first MAX_UNITS units, the top MAX_LAYERS layers and the last steps of the probe that fit;
- a log holds at most `max_snapshots` of them, evenly spread: epochs on a grid of stride 1, 2, 4, ...
  (the stride doubles when the log is full), plus the newest epoch and the best one so far, whose weights
  a forecaster keeps at the end.

Taking a snapshot never changes training: no gradient, no random draw, the LSTM in eval mode for the trace
and back in its previous mode afterwards. Logs are saved as safetensors + JSON (never pickle).

    recorder = SnapshotRecorder(model.lstm, probe_x)          # probe_x: (T, input_size)
    recorder.take(0, val_loss=v0, best=True)                 # before training
    recorder.take(epoch, train_loss, val_loss, best=...)     # after each epoch
    log = recorder.log; log.epochs; log.trace_at(epoch)       # a GateTrace to draw
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from safetensors.numpy import load_file, save_file
from torch import nn

from lstm_core.errors import GatescopeError
from lstm_core.lstm.trace import STATE_NAMES, GateTrace, trace

SCHEMA = 1
MAX_UNITS = 32  # units kept per layer: the first ones (a forecaster has 32 by default)
MAX_LAYERS = 4  # layers kept: the top ones, nearest the output
MAX_VALUES = 1024  # values kept per state and snapshot (layers x steps x units)
MIN_STEPS = 8  # a probe keeps at least this many steps, whatever the budget says
MAX_SNAPSHOTS = 48  # snapshots kept in a log by default (evenly spread over the epochs)
MAX_HISTORY = 2000  # loss points kept for the curve (thinned by 2 when full)
GATE_NAMES = ("i", "f", "g", "o")  # the four gates (c and h are states)


class SnapshotError(GatescopeError):
    """A snapshot file that is missing, malformed or inconsistent; the message says what is off."""


@dataclass(frozen=True)
class GateSnapshot:
    """The probe's i, f, g, o, c, h at one epoch, float16. Never mutated once made (threads share it).

    values: (6, L, T, U) float16, rows in STATE_NAMES order (i, f, g, o, c, h); L kept layers, T kept
    steps, U kept units of the log that made it. Losses: None where unknown (the epoch-0 training loss).
    best: this epoch's validation loss was the best so far when it was taken (the weights a run keeps).
    """

    epoch: int
    values: np.ndarray = field(repr=False)
    train_loss: float | None = None
    val_loss: float | None = None
    best: bool = False

    def state(self, name: str) -> np.ndarray:
        """One state as float32, (L, T, U)."""
        return self.values[STATE_NAMES.index(name)].astype(np.float32)

    @property
    def nbytes(self) -> int:
        return int(self.values.nbytes)


def _finite_or_none(v) -> float | None:
    return float(v) if v is not None and math.isfinite(float(v)) else None


def _short(v: float | None) -> float | None:
    """A loss rounded to 5 significant digits for the JSON file (the curve needs no more)."""
    return None if v is None else float(f"{v:.5g}")


@dataclass
class SnapshotLog:
    """Snapshots of one probe over a run, evenly thinned to at most max_snapshots, plus the loss history.

    probe: the input of the kept steps, (T, D) float32. layers, units: which of the model's layers and units
    the snapshots hold. first_step: the probe step of the first kept step (the probe's end is kept).
    history: (epoch, train_loss, val_loss) for every epoch added (thinned past MAX_HISTORY points).
    info: free JSON-able facts for the page (preset name, example id, symbols, loss name).
    """

    probe: np.ndarray
    layers: list[int]
    units: list[int]
    first_step: int = 0
    max_snapshots: int = MAX_SNAPSHOTS
    info: dict = field(default_factory=dict)
    snapshots: list[GateSnapshot] = field(default_factory=list)
    history: list[tuple[int, float | None, float | None]] = field(default_factory=list)
    stride: int = 1  # snapshots kept on epochs that are multiples of this (doubles when the log is full)
    history_stride: int = 1

    def __post_init__(self):
        if self.max_snapshots < 3:
            raise ValueError("max_snapshots must be at least 3 (epoch 0, the newest and the best), "
                             f"got {self.max_snapshots}")

    # ---------------------------------------------------------------- adding and thinning

    def add(self, snap: GateSnapshot) -> None:
        """Add a snapshot (an epoch added again replaces the earlier one), note its losses, thin to the cap."""
        expected = (len(STATE_NAMES), len(self.layers), self.probe.shape[0], len(self.units))
        if snap.values.shape != expected:
            raise ValueError(f"SnapshotLog.add: expected values of shape (6, L, T, U) = {expected}, "
                             f"got {snap.values.shape}")
        self.note_loss(snap.epoch, snap.train_loss, snap.val_loss)
        self.snapshots = [s for s in self.snapshots if s.epoch != snap.epoch] + [snap]
        self.snapshots.sort(key=lambda s: s.epoch)
        self._thin()

    def note_loss(self, epoch: int, train_loss: float | None, val_loss: float | None) -> None:
        if epoch % self.history_stride:
            return
        if self.history and self.history[-1][0] == epoch:
            self.history.pop()
        self.history.append((int(epoch), _finite_or_none(train_loss), _finite_or_none(val_loss)))
        if len(self.history) > MAX_HISTORY:  # every other point, and from now on every 2nd epoch
            self.history_stride *= 2
            self.history = [h for h in self.history if h[0] % self.history_stride == 0]

    def _thin(self) -> None:
        kept, self.stride = thin_epochs(self.epochs, self.stride, self.max_snapshots, protect={self.best_epoch})
        self.snapshots = [s for s in self.snapshots if s.epoch in kept]

    # ---------------------------------------------------------------- reading

    @property
    def epochs(self) -> list[int]:
        return [s.epoch for s in self.snapshots]

    @property
    def best_epoch(self) -> int | None:
        """The last snapshot marked best (a forecaster's kept weights), None when none is."""
        marked = [s.epoch for s in self.snapshots if s.best]
        return marked[-1] if marked else None

    @property
    def final_epoch(self) -> int:
        """The epoch whose weights the model ended with: the best one when marked, else the newest."""
        best = self.best_epoch
        return best if best is not None else self.snapshots[-1].epoch

    @property
    def nbytes(self) -> int:
        return sum(s.nbytes for s in self.snapshots)

    def __len__(self) -> int:
        return len(self.snapshots)

    def nearest(self, epoch: int) -> int:
        """The kept epoch closest to `epoch` (the earlier one on a tie)."""
        if not self.snapshots:
            raise ValueError("SnapshotLog.nearest: the log is empty")
        return min(self.epochs, key=lambda e: (abs(e - epoch), e))

    def at(self, epoch: int) -> GateSnapshot:
        """The snapshot of a kept epoch; KeyError naming the kept ones otherwise."""
        for s in self.snapshots:
            if s.epoch == epoch:
                return s
        raise KeyError(f"epoch {epoch} is not in the log (kept: {self.epochs})")

    def trace_at(self, epoch: int) -> GateTrace:
        """The snapshot as a GateTrace (float32) over the kept steps and units, for the heatmap builders.

        h0 and c0 are zeros: a snapshot keeps no initial state (the probe starts from zeros when first_step is 0).
        """
        snap = self.at(epoch)
        v = snap.values.astype(np.float32)  # (6, L, T, U)
        zeros = np.zeros((len(self.layers), len(self.units)), dtype=np.float32)
        return GateTrace(**{name: v[k] for k, name in enumerate(STATE_NAMES)}, x=self.probe.astype(np.float32),
                         h0=zeros, c0=zeros.copy())

    def cell_range(self) -> float:
        """max |c| over every kept snapshot: one colour range for the cell state at every epoch."""
        if not self.snapshots:
            return 1.0
        return float(max(np.abs(s.values[STATE_NAMES.index("c")].astype(np.float32)).max() for s in self.snapshots))

    def copy(self) -> SnapshotLog:
        """A copy whose lists can change without touching this log (the snapshots themselves are shared, frozen)."""
        return SnapshotLog(self.probe, list(self.layers), list(self.units), self.first_step, self.max_snapshots,
                           dict(self.info), list(self.snapshots), list(self.history), self.stride,
                           self.history_stride)

    # ---------------------------------------------------------------- files (safetensors + JSON)

    def save(self, base: Path | str) -> tuple[Path, Path]:
        """Write <base>.safetensors (the arrays) and <base>.json (epochs, losses, layout). Returns both paths."""
        base = Path(base)
        if not self.snapshots:
            raise ValueError("SnapshotLog.save: nothing to save (the log is empty)")
        tensors = {
            "values": np.ascontiguousarray(np.stack([s.values for s in self.snapshots])),  # (N, 6, L, T, U) f16
            "probe": np.ascontiguousarray(self.probe.astype(np.float32)),  # (T, D)
        }
        meta = {
            "schema": SCHEMA,
            "states": list(STATE_NAMES),
            "layers": self.layers, "units": self.units, "first_step": self.first_step,
            "max_snapshots": self.max_snapshots, "stride": self.stride, "history_stride": self.history_stride,
            "epochs": self.epochs,
            "train_loss": [_short(s.train_loss) for s in self.snapshots],
            "val_loss": [_short(s.val_loss) for s in self.snapshots],
            "best": [s.best for s in self.snapshots],
            "history": [[e, _short(a), _short(b)] for e, a, b in self.history],
            "info": self.info,
        }
        weights_path, meta_path = base.with_name(base.name + ".safetensors"), base.with_name(base.name + ".json")
        save_file(tensors, str(weights_path))
        lines = (f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())  # a key a line
        meta_path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
        return weights_path, meta_path

    @classmethod
    def load(cls, base: Path | str) -> SnapshotLog:
        """Read a log written by save(), checking every shape and count; SnapshotError says what is off."""
        base = Path(base)
        weights_path, meta_path = base.with_name(base.name + ".safetensors"), base.with_name(base.name + ".json")
        if not weights_path.is_file() or not meta_path.is_file():
            raise SnapshotError(f"snapshots {base.name!r} not found "
                                f"(expected {weights_path.name} and {meta_path.name})")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            tensors = load_file(str(weights_path))
            values, probe = tensors["values"], tensors["probe"]
            epochs, layers, units = [int(e) for e in meta["epochs"]], list(meta["layers"]), list(meta["units"])
            train_loss, val_loss, best = meta["train_loss"], meta["val_loss"], meta["best"]
        except (ValueError, KeyError, TypeError, OSError) as exc:
            raise SnapshotError(f"{base.name}: not a valid snapshot file ({exc})") from None
        if meta.get("schema") != SCHEMA:
            raise SnapshotError(f"{meta_path.name}: schema {meta.get('schema')!r}, expected {SCHEMA}")
        shape = (len(epochs), len(STATE_NAMES), len(layers), probe.shape[0] if probe.ndim == 2 else -1, len(units))
        if values.dtype != np.float16 or values.shape != shape:
            raise SnapshotError(f"{weights_path.name}: values are {values.dtype} {values.shape}, expected float16 "
                                f"(snapshots, 6, layers, steps, units) = {shape}")
        if not (len(train_loss) == len(val_loss) == len(best) == len(epochs)) or epochs != sorted(set(epochs)):
            raise SnapshotError(f"{meta_path.name}: epochs and losses do not line up (epochs {epochs})")
        if not np.isfinite(values).all():
            raise SnapshotError(f"{weights_path.name}: values contain NaN or infinite numbers")
        log = cls(probe, layers, units, int(meta.get("first_step", 0)), int(meta.get("max_snapshots", MAX_SNAPSHOTS)),
                  dict(meta.get("info", {})), stride=int(meta.get("stride", 1)),
                  history_stride=int(meta.get("history_stride", 1)))
        log.snapshots = [GateSnapshot(e, values[k], _finite_or_none(train_loss[k]), _finite_or_none(val_loss[k]),
                                      bool(best[k])) for k, e in enumerate(epochs)]
        log.history = [(int(h[0]), _finite_or_none(h[1]), _finite_or_none(h[2])) for h in meta.get("history", [])]
        return log


def thin_epochs(epochs: list[int], stride: int, cap: int, protect=()) -> tuple[set[int], int]:
    """Which of the sorted `epochs` to keep, and the stride: multiples of the stride, the newest epoch and the
    protected ones; the stride doubles until at most `cap` remain. Epoch 0 is on every grid, so it stays."""
    if not epochs:
        return set(), stride
    always = {epochs[-1], *(e for e in protect if e is not None)}
    while True:
        kept = {e for e in epochs if e % stride == 0 or e in always}
        if len(kept) <= cap or stride > max(epochs):
            return kept, stride
        stride *= 2


# -------------------------------------------------------------------- recording


def kept_layout(num_layers: int, steps: int, hidden_size: int) -> tuple[list[int], list[int], int]:
    """Which layers, units and first step a snapshot keeps: (layers, units, first_step) within the caps."""
    layers = list(range(max(num_layers - MAX_LAYERS, 0), num_layers))  # the top ones
    units = list(range(min(hidden_size, MAX_UNITS)))
    keep_steps = min(steps, max(MIN_STEPS, MAX_VALUES // (len(layers) * len(units))))
    return layers, units, steps - keep_steps  # the end of the probe: what a forecast reads last


class SnapshotRecorder:
    """Traces a fixed probe through an nn.LSTM on request and adds the result to its log.

    lstm: the model's nn.LSTM (any device; it may move between calls). probe: (T, input_size), the whole
    sequence is traced from zero states; only the kept steps are stored.
    """

    def __init__(self, lstm: nn.LSTM, probe, *, max_snapshots: int = MAX_SNAPSHOTS, info: dict | None = None):
        probe = torch.as_tensor(probe).detach().to("cpu", torch.float32)
        if probe.ndim != 2 or probe.shape[1] != lstm.input_size or probe.shape[0] == 0:
            raise ValueError(f"SnapshotRecorder: expected a probe of shape (T, input_size) = (T, {lstm.input_size}) "
                             f"with T >= 1, got {tuple(probe.shape)}")
        self.lstm, self.probe = lstm, probe  # (T, D)
        layers, units, first = kept_layout(lstm.num_layers, probe.shape[0], lstm.hidden_size)
        self.log = SnapshotLog(probe[first:].numpy(), layers, units, first, max_snapshots, dict(info or {}))

    @torch.no_grad()
    def take(self, epoch: int, train_loss: float | None = None, val_loss: float | None = None,
             best: bool = False) -> GateSnapshot:
        """Trace the probe now and keep the snapshot. No gradient, no random draw; the LSTM's mode is restored."""
        was_training = self.lstm.training
        self.lstm.eval()
        try:
            tr = trace(self.lstm, self.probe)
        finally:
            self.lstm.train(was_training)
        log = self.log
        layers, first, units = np.asarray(log.layers), log.first_step, np.asarray(log.units)
        values = np.stack([getattr(tr, name)[layers][:, first:][:, :, units] for name in STATE_NAMES])
        snap = GateSnapshot(int(epoch), values.astype(np.float16), _finite_or_none(train_loss),
                            _finite_or_none(val_loss), bool(best))  # values: (6, L, T, U)
        log.add(snap)
        return snap


class WeightTape:
    """Copies of a module's weights at evenly spread training steps (thinned like a SnapshotLog), and every
    step's loss: for a build script whose probe is known only after training. replay() traces them.

    Called by the training loop as tape(step, module, loss) with step 0 before the first update.
    """

    def __init__(self, max_snapshots: int = MAX_SNAPSHOTS):
        self.max_snapshots, self.stride = max_snapshots, 1
        self.states: dict[int, dict[str, torch.Tensor]] = {}
        self.losses: list[tuple[int, float | None]] = []

    def __call__(self, step: int, module: nn.Module, loss: float | None = None) -> None:
        self.losses.append((int(step), _finite_or_none(loss)))
        self.states[int(step)] = {k: v.detach().to("cpu", copy=True) for k, v in module.state_dict().items()}
        kept, self.stride = thin_epochs(sorted(self.states), self.stride, self.max_snapshots)
        self.states = {e: w for e, w in self.states.items() if e in kept}

    def replay(self, lstm: nn.LSTM, probe, info: dict | None = None) -> SnapshotLog:
        """A SnapshotLog of `probe` traced through each kept set of weights (loaded into a copy of `lstm`)."""
        model = copy.deepcopy(lstm)
        losses = dict(self.losses)
        recorder = SnapshotRecorder(model, probe, max_snapshots=self.max_snapshots, info=info)
        for step in sorted(self.states):
            model.load_state_dict(self.states[step])
            recorder.take(step, train_loss=losses.get(step))
        log = recorder.log
        log.stride = self.stride  # the grid the tape kept, for the record
        log.history, log.history_stride = [], 1
        for step, loss in self.losses:
            log.note_loss(step, loss, None)
        return log


def forecaster_probe(model, train_x: torch.Tensor) -> torch.Tensor:
    """The probe of a forecaster run: the last training window, as its LSTM reads it. (W - lag, F + 1)

    A training window only (never validation or test data), chosen the same way every run, so two runs on the
    same data trace the same sequence.
    """
    if train_x.ndim != 3 or train_x.shape[0] == 0:
        raise ValueError(f"forecaster_probe: expected training windows of shape (N, W, F) with N >= 1, "
                         f"got {tuple(train_x.shape)}")
    with torch.no_grad():
        return model.lstm_input(train_x[-1:].to("cpu", torch.float32))[0]  # (W - lag, F + 1)


# -------------------------------------------------------------------- what changed


@dataclass(frozen=True)
class Change:
    """The gate (or cell state) of one unit whose mean over the probe moved most between two epochs."""

    name: str  # i, f, g, o or c
    layer: int  # index into the log's layers
    unit: int  # the model's unit number
    before: float
    after: float
    epoch_before: int
    epoch_after: int

    @property
    def delta(self) -> float:
        return self.after - self.before


def biggest_change(log: SnapshotLog, epoch_before: int, epoch_after: int, names=GATE_NAMES) -> Change | None:
    """Of the given gates, the (gate, layer, unit) whose mean over the probe's steps changed most. None if equal."""
    if epoch_before == epoch_after:
        return None
    a, b = log.at(epoch_before), log.at(epoch_after)
    best: Change | None = None
    for name in names:
        mean_a = a.state(name).mean(axis=1)  # (L, U)
        mean_b = b.state(name).mean(axis=1)
        layer, k = np.unravel_index(np.argmax(np.abs(mean_b - mean_a)), mean_a.shape)
        change = Change(name, int(layer), int(log.units[k]), float(mean_a[layer, k]), float(mean_b[layer, k]),
                        epoch_before, epoch_after)
        if best is None or abs(change.delta) > abs(best.delta):
            best = change
    return best
