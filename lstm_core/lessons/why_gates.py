"""Why gates: a vanilla RNN, an LSTM and a GRU of the same size on the long-delay memory task.

    python -m scripts.build_why_gates --out assets/why_gates     # rebuild deterministically (about 2 min on CPU)

The task. At step 0 the input is a bit b (+1 or −1) together with a "remember this" flag; then come k steps
of distractors, random ±1 values that look exactly like the bit but carry no flag. After the last one the
model must say b. Input x_t = (value_t, flag_t), so x has shape (k + 1, 2); the answer is read from h at the
last step by a linear head. k is the delay.

The three kinds are trained the same way: the same hidden size (so not the same number of weights: an LSTM
has four weight blocks, a GRU three, an RNN one), PyTorch's default initialisation, the same data in the same
order, Adam, the same number of steps, the loss only at the last step (nothing tells the model the answer
early, so the learning signal must travel back k steps to the bit). Two experiments:

- "fixed": one model per delay k, trained from scratch on that delay only. Accuracy at k shows whether the
  learning signal can cross k steps from the start.
- "mix": each batch has one delay drawn evenly from 1..max_train_delay; several seeds per kind, because a
  vanilla RNN's outcome depends on its start. Accuracy is measured at delays 1..100 (past 60 no model has
  seen an example). These are the models the page shows as live heatmaps.

The gradient that reaches back k steps, ||∂h_T/∂x_{T−k}|| (Frobenius norm of the H × 2 Jacobian of the last
hidden state with respect to the input k steps earlier), is measured for every "mix" model before and after
training, in float64 so nothing underflows, as a geometric mean over sequences (the values span hundreds of
orders of magnitude: an arithmetic mean would be the largest one alone).

Files written: results.json (config, accuracy, gradient norms, losses, build facts) and models.safetensors
(the "mix" models' weights, a few kB each; never pickle).
"""

from __future__ import annotations

import copy
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from torch import nn

from lstm_core.errors import GatescopeError

ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets" / "why_gates"
KINDS = ("rnn", "lstm", "gru")
INPUT_SIZE = 2  # (value, "remember this" flag)
SCHEMA = 1
GRAD_FLOOR = 1e-300  # a gradient below this (or exactly 0) counts as 1e-300 in the log-mean
_EVAL_SEED = 10_000  # accuracy at delay k uses generator seed _EVAL_SEED + k
_GRAD_SEED = 20_000
_EXAMPLE_SEED = 30_000


class WhyGatesError(GatescopeError):
    """The shipped results are missing, malformed, or do not match their config."""


@dataclass(frozen=True)
class Config:
    hidden: int = 16
    steps: int = 500  # Adam steps per model
    batch: int = 64
    lr: float = 0.01
    max_train_delay: int = 60  # "mix": delays 1..60
    mix_seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    eval_delays: tuple[int, ...] = (1, 2, 3, 5, 8, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100)
    fixed_delays: tuple[int, ...] = (5, 10, 20, 40)
    fixed_seeds: tuple[int, ...] = (0, 1)
    eval_samples: int = 1000
    grad_max_k: int = 100
    grad_samples: int = 32


# ----------------------------------------------------------------------------- the task


def make_batch(gen: torch.Generator, batch: int, delay: int) -> tuple[torch.Tensor, torch.Tensor]:
    """`batch` sequences with delay `delay`: x (delay + 1, batch, 2) float32 and the bits (batch,) in {0, 1}."""
    if delay < 0:
        raise ValueError(f"make_batch: delay must be >= 0, got {delay}")
    x = torch.zeros(delay + 1, batch, INPUT_SIZE)  # (T, B, 2)
    x[..., 0] = torch.where(torch.rand(delay + 1, batch, generator=gen) < 0.5, -1.0, 1.0)  # distractors
    bit = (torch.rand(batch, generator=gen) < 0.5).float()  # (B,)
    x[0, :, 0] = bit * 2 - 1  # the bit, as ±1 ...
    x[0, :, 1] = 1.0  # ... with its flag
    return x, bit


def example_sequence(delay: int, bit: int = 1, example: int = 0) -> np.ndarray:
    """One sequence to show on the page: the bit (±1) with its flag at step 0, then `delay` distractors. (delay+1, 2)

    `example` picks the distractors (a fixed seed each), so the page and a shared link show the same numbers.
    """
    if bit not in (1, -1):
        raise ValueError(f"example_sequence: bit must be +1 or -1, got {bit}")
    if delay < 1:
        raise ValueError(f"example_sequence: delay must be >= 1, got {delay}")
    gen = torch.Generator().manual_seed(_EXAMPLE_SEED + example)
    batch, _ = make_batch(gen, 1, delay)
    x = batch[:, 0].numpy().astype(np.float64)  # (T, 2)
    x[0, 0] = bit
    return x


# ----------------------------------------------------------------------------- the models


class Recall(nn.Module):
    """A one-layer RNN (tanh), LSTM or GRU and a linear head that reads h at every step. Logits: (T, B)."""

    def __init__(self, kind: str, hidden: int):
        super().__init__()
        if kind not in KINDS:
            raise ValueError(f"Recall: kind must be one of {KINDS}, got {kind!r}")
        self.kind = kind
        cls = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind]
        self.rnn = cls(INPUT_SIZE, hidden)  # PyTorch's default initialisation for every kind
        self.head = nn.Linear(hidden, 1)

    def hidden_states(self, x: torch.Tensor) -> torch.Tensor:
        """h_t at every step: x (T, B, 2) -> (T, B, H)."""
        out, _ = self.rnn(x)
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.hidden_states(x))[..., 0]  # (T, B)


@torch.no_grad()
def rnn_states(model: Recall, x: np.ndarray) -> np.ndarray:
    """h_t of the model at every step of one sequence x (T, 2) -> (T, H). (The RNN has no gates to trace.)"""
    x = np.asarray(x)
    if x.ndim != 2 or x.shape[1] != INPUT_SIZE:
        raise ValueError(f"rnn_states: expected x of shape (T, {INPUT_SIZE}), got {x.shape}")
    xt = torch.as_tensor(x, dtype=model.head.weight.dtype)[:, None]  # (T, 1, 2)
    return model.hidden_states(xt)[:, 0].numpy().astype(np.float64)


@torch.no_grad()
def answer_probability(model: Recall, h: np.ndarray) -> np.ndarray:
    """What the model would answer at each step from its hidden states h (T, H): P(bit = +1), (T,)."""
    ht = torch.as_tensor(np.asarray(h), dtype=model.head.weight.dtype)  # (T, H)
    return torch.sigmoid(model.head(ht)[:, 0]).numpy().astype(np.float64)


def bit_carriers(last_pos: np.ndarray, last_neg: np.ndarray, top: int = 3) -> np.ndarray:
    """The units that carry the bit: those whose last state (h, or c for an LSTM) changes most when only the bit is
    flipped (same distractors). last_pos, last_neg: (H,) at the last step for bit +1 and bit -1. Returns indices."""
    if np.shape(last_pos) != np.shape(last_neg) or np.ndim(last_pos) != 1:
        raise ValueError(f"bit_carriers: expected two (H,) arrays, got {np.shape(last_pos)} and {np.shape(last_neg)}")
    change = np.abs(np.asarray(last_pos) - np.asarray(last_neg))
    return np.sort(np.argsort(-change, kind="stable")[:top])


def new_model(kind: str, hidden: int, seed: int) -> Recall:
    torch.manual_seed(seed)  # build script and tests only: a deterministic start
    return Recall(kind, hidden)


def train(model: Recall, cfg: Config, seed: int, delay: int | None = None) -> list[float]:
    """Train in place on one fixed delay, or (delay=None) on delays drawn evenly from 1..max_train_delay.

    Returns the loss every 20 steps. The data depend on the seed and the delay, never on the kind.
    """
    gen = torch.Generator().manual_seed(1000 + seed + (0 if delay is None else 100 * delay))
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    losses = []
    model.train()
    for step in range(cfg.steps):
        k = int(torch.randint(1, cfg.max_train_delay + 1, (1,), generator=gen)) if delay is None else delay
        x, bit = make_batch(gen, cfg.batch, k)
        loss = nn.functional.binary_cross_entropy_with_logits(model(x)[-1], bit)  # the last step only
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 20 == 0 or step == cfg.steps - 1:
            losses.append(round(float(loss.detach()), 5))
    model.eval()
    return losses


@torch.no_grad()
def accuracy(model: Recall, delay: int, samples: int) -> float:
    """Share of fresh sequences with delay `delay` whose bit the model recalls (sign of the last logit)."""
    gen = torch.Generator().manual_seed(_EVAL_SEED + delay)
    x, bit = make_batch(gen, samples, delay)
    said = model(x)[-1] > 0  # (B,)
    return float((said == bit.bool()).float().mean())


def gradient_norms(model: Recall, max_k: int, samples: int) -> np.ndarray:
    """||∂h_T/∂x_{T−k}|| for k = 0..max_k, geometric mean over `samples` sequences of length max_k + 1. (max_k+1,)

    Computed on a float64 copy (an RNN's gradient can fall below float32's smallest number within 30 steps).
    One backward pass per hidden unit j gives ∂h_T[j]/∂x_t for every t and every sequence at once.
    """
    m = copy.deepcopy(model).double().eval()
    gen = torch.Generator().manual_seed(_GRAD_SEED)
    x, _ = make_batch(gen, samples, max_k)
    x = x.double().requires_grad_(True)  # (T, B, 2)
    h_last = m.hidden_states(x)[-1]  # (B, H)
    squares = torch.zeros(max_k + 1, samples, dtype=torch.float64)  # (T, B): Σ_j Σ_d (∂h_T[j]/∂x_t[d])²
    for j in range(h_last.shape[1]):
        (g,) = torch.autograd.grad(h_last[:, j].sum(), x, retain_graph=j < h_last.shape[1] - 1)  # (T, B, 2)
        squares += g.pow(2).sum(dim=2)
    norms = squares.sqrt().clamp_min(GRAD_FLOOR)  # (T, B)
    log_mean = norms.log10().mean(dim=1)  # (T,) geometric mean, as log10
    return (10.0 ** log_mean).flip(0).numpy()  # index k: T-1-k -> k


# ----------------------------------------------------------------------------- the experiment


@dataclass
class Results:
    """Everything the page shows.

    accuracy["mix"][kind]: (mix seeds, eval delays); accuracy["fixed"][kind]: (fixed seeds, fixed delays), the
    model trained on delay d tested on delay d. grad["untrained" | "mix"][kind]: (mix seeds, grad_max_k + 1),
    index k = 0..grad_max_k. losses["mix"][kind]: (mix seeds, logged steps). models[(kind, seed)]: "mix" models.
    """

    config: Config
    accuracy: dict[str, dict[str, list[list[float]]]]
    grad: dict[str, dict[str, list[list[float]]]]
    losses: dict[str, dict[str, list[list[float]]]]
    built: dict = field(default_factory=dict)
    models: dict[tuple[str, int], Recall] = field(default_factory=dict, repr=False)

    def model(self, kind: str, seed: int | None = None) -> Recall:
        return self.models[(kind, self.config.mix_seeds[0] if seed is None else seed)]

    def accuracy_table(self, experiment: str, kind: str) -> np.ndarray:
        return np.asarray(self.accuracy[experiment][kind])  # (seeds, delays)

    def delays(self, experiment: str) -> tuple[int, ...]:
        return self.config.eval_delays if experiment == "mix" else self.config.fixed_delays

    def learned(self, kind: str, threshold: float = 0.9) -> list[bool]:
        """Per "mix" seed: did the model recall the bit at every delay it was trained on (1..60)?"""
        trained_on = [i for i, d in enumerate(self.config.eval_delays) if d <= self.config.max_train_delay]
        return [bool(row.min() >= threshold) for row in self.accuracy_table("mix", kind)[:, trained_on]]

    def grad_table(self, state: str, kind: str) -> np.ndarray:
        return np.asarray(self.grad[state][kind])  # (seeds, k)

    def grad_curve(self, state: str, kind: str) -> np.ndarray:
        """The median over runs of the gradient norm at each k, (grad_max_k + 1,). A median, not a mean: one run
        that latched hard (1e-100) would otherwise drag the curve of all the others down with it."""
        return np.median(self.grad_table(state, kind), axis=0)


def run(cfg: Config = Config(), log=print) -> Results:
    """Both experiments for every kind. Deterministic on one CPU thread."""
    start = time.perf_counter()
    acc: dict[str, dict[str, list]] = {e: {k: [] for k in KINDS} for e in ("mix", "fixed")}
    grad: dict[str, dict[str, list]] = {s: {k: [] for k in KINDS} for s in ("untrained", "mix")}
    losses: dict[str, dict[str, list]] = {"mix": {k: [] for k in KINDS}}
    models = {}
    for kind in KINDS:
        for seed in cfg.mix_seeds:
            t0 = time.perf_counter()
            model = new_model(kind, cfg.hidden, seed)
            grad["untrained"][kind].append(_rounded(gradient_norms(model, cfg.grad_max_k, cfg.grad_samples)))
            losses["mix"][kind].append(train(model, cfg, seed))
            grad["mix"][kind].append(_rounded(gradient_norms(model, cfg.grad_max_k, cfg.grad_samples)))
            acc["mix"][kind].append([accuracy(model, d, cfg.eval_samples) for d in cfg.eval_delays])
            models[(kind, seed)] = model
            log(f"mix   {kind:4} seed {seed}: {time.perf_counter() - t0:5.1f} s, "
                f"accuracy {np.round(acc['mix'][kind][-1], 2).tolist()}")
        for seed in cfg.fixed_seeds:
            t0 = time.perf_counter()
            row = []
            for delay in cfg.fixed_delays:
                model = new_model(kind, cfg.hidden, seed)
                train(model, cfg, seed, delay)
                row.append(accuracy(model, delay, cfg.eval_samples))
            acc["fixed"][kind].append(row)
            log(f"fixed {kind:4} seed {seed}: {time.perf_counter() - t0:5.1f} s, accuracy {np.round(row, 2).tolist()}")
    built = {"seconds": round(time.perf_counter() - start, 1), "torch": torch.__version__}
    return Results(cfg, acc, grad, losses, built, models)


def _rounded(values: np.ndarray) -> list[float]:
    return [float(f"{v:.5g}") for v in values]


# ----------------------------------------------------------------------------- files


def save(res: Results, folder: Path = ASSETS_DIR) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    doc = {"schema": SCHEMA, "config": asdict(res.config), "accuracy": res.accuracy, "grad": res.grad,
           "losses": res.losses, "built": res.built}
    (folder / "results.json").write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
    tensors = {f"{kind}.s{seed}.{name}": p.detach().float().contiguous()
               for (kind, seed), m in res.models.items() for name, p in m.state_dict().items()}
    save_file(tensors, str(folder / "models.safetensors"))


def _config(raw: dict) -> Config:
    tuples = ("mix_seeds", "eval_delays", "fixed_delays", "fixed_seeds")
    return Config(**{**raw, **{k: tuple(raw[k]) for k in tuples}})


def _check_shape(values, shape: tuple[int, int], what: str) -> None:
    if np.shape(values) != shape:
        raise WhyGatesError(f"results.json: {what} should have shape {shape}, got {np.shape(values)}")
    if not np.all(np.isfinite(np.asarray(values, dtype=float))):
        raise WhyGatesError(f"results.json: {what} contains NaN or infinite values")


def load(folder: Path = ASSETS_DIR) -> Results:
    """Read results.json and models.safetensors (never pickle), checked against the config."""
    json_path, weights_path = folder / "results.json", folder / "models.safetensors"
    if not json_path.is_file() or not weights_path.is_file():
        raise WhyGatesError(f"why_gates: results not found in {folder} (build them: python -m scripts.build_why_gates)")
    try:
        doc = json.loads(json_path.read_text(encoding="utf-8"))
        if doc.get("schema") != SCHEMA:
            raise WhyGatesError(f"{json_path.name}: schema {doc.get('schema')!r}, expected {SCHEMA}")
        cfg = _config(doc["config"])
        acc, grad, losses = doc["accuracy"], doc["grad"], doc["losses"]
        n_k = cfg.grad_max_k + 1
        for kind in KINDS:
            _check_shape(acc["mix"][kind], (len(cfg.mix_seeds), len(cfg.eval_delays)), f"accuracy[mix][{kind}]")
            _check_shape(acc["fixed"][kind], (len(cfg.fixed_seeds), len(cfg.fixed_delays)), f"accuracy[fixed][{kind}]")
            for state in ("untrained", "mix"):
                _check_shape(grad[state][kind], (len(cfg.mix_seeds), n_k), f"grad[{state}][{kind}]")
    except WhyGatesError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise WhyGatesError(f"{json_path.name}: not a valid results file ({type(exc).__name__}: {exc})") from None
    tensors = load_file(str(weights_path))
    models = {}
    for kind in KINDS:
        for seed in cfg.mix_seeds:
            model = Recall(kind, cfg.hidden)
            prefix = f"{kind}.s{seed}."
            weights = {k.removeprefix(prefix): v for k, v in tensors.items() if k.startswith(prefix)}
            try:
                model.load_state_dict(weights)
            except RuntimeError as exc:
                raise WhyGatesError(f"{weights_path.name}: {kind} seed {seed} does not match the config: "
                                    f"{exc}") from None
            models[(kind, seed)] = model.eval()
    return Results(cfg, acc, grad, losses, doc.get("built", {}), models)


# ----------------------------------------------------------------------------- one example, read for the page

GRU_LATCH_MIN_H = 0.8  # a bit-carrying GRU unit holds |h| above this through the delay ...
GRU_LATCH_MAX_UPDATE = 0.1  # ... with its candidate n this close to h: the claim the page makes when both hold
LSTM_KEEP_MIN_F = 0.8  # every bit-carrying LSTM unit keeps f above this over the delay: "f stays near 1" holds


@dataclass(frozen=True)
class ExampleRun:
    """One trained model on one example, as the Why-gates page shows and reads it.

    states: name -> (T, H) for every gate and state of layer 0 (r, z, n, h for a GRU; i, f, g, o, c, h for an
    LSTM; h for the RNN). h: the top layer's h (T, H). parity: the trace against PyTorch's own module (None for
    the RNN, which has nothing to trace). units: the units that carry the bit (None for the RNN). reading: the
    numbers the page's sentence quotes, and `claim`, the sentence's key suffix ("gru" or "gru_plain", ...).
    """

    kind: str
    states: dict[str, np.ndarray]
    h: np.ndarray
    parity: float | None
    units: np.ndarray | None
    reading: dict[str, Any]


def read_example(kind: str, model: Recall, x: np.ndarray, x_flipped: np.ndarray) -> ExampleRun:
    """Trace `model` on x (T, 2) and say what carries the bit. x_flipped is the same sequence with the other bit:
    the units whose last state changes most carry it."""
    from lstm_core.lstm.gru import gru_parity, gru_trace  # torch-heavy traces: only when a page asks
    from lstm_core.lstm.trace import torch_parity, trace

    after = slice(1, None)  # the delay: every step after the bit
    if kind == "gru":
        g, g_other = gru_trace(model.rnn, x), gru_trace(model.rnn, x_flipped)
        units = bit_carriers(g.h[0, -1], g_other.h[0, -1])
        habs = float(np.abs(g.h[0, after][:, units]).mean())
        nh = float(np.abs(g.n[0, after] - g.h[0, after])[:, units].mean())
        latch = habs > GRU_LATCH_MIN_H and nh < GRU_LATCH_MAX_UPDATE
        reading: dict[str, Any] = {"habs": habs, "nh": nh, "z": float(g.z[0, after][:, units].mean()),
                                   "claim": "gru" if latch else "gru_plain"}
        states = {k: getattr(g, k)[0] for k in ("r", "z", "n", "h")}
        return ExampleRun(kind, states, g.h[-1], gru_parity(model.rnn, g), units, reading)
    if kind == "lstm":
        tr, other = trace(model.rnn, x), trace(model.rnn, x_flipped)
        units = bit_carriers(tr.c[0, -1], other.c[0, -1])
        # Unit by unit: at long delays one carrier may keep f near 1 while another rewrites its cell at every step
        # (f near 0), and their average (0.35) would describe neither.
        f_units = tr.f[0, after][:, units].mean(axis=0)  # (len(units),)
        reading = {"f": float(f_units.mean()), "i": float(tr.i[0, after][:, units].mean()),
                   "f_units": [float(v) for v in f_units],
                   "i_units": [float(v) for v in tr.i[0, after][:, units].mean(axis=0)],
                   "c": [float(v) for v in tr.c[0, -1, units]],
                   "claim": "lstm" if f_units.min() > LSTM_KEEP_MIN_F else "lstm_mixed"}
        states = {k: getattr(tr, k)[0] for k in ("i", "f", "g", "o", "c", "h")}
        return ExampleRun(kind, states, tr.h[-1], torch_parity(model.rnn, tr), units, reading)
    h = rnn_states(model, x)
    return ExampleRun(kind, {"h": h}, h, None, None, {"claim": "rnn"})
