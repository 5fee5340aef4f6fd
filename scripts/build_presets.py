"""Build the presets shipped in assets/models/, deterministically (`make presets`).

    python -m scripts.build_presets            # rebuild every preset into assets/models/
    python -m scripts.build_presets memory     # rebuild one
    python -m scripts.build_presets --snapshots-only

Each preset is an nn.LSTM plus a linear read-out of the top layer's h at every step, a JSON file with
its config, a description in English and Chinese, what its input means, example inputs, and the
facts measured when it was built (the tests check the shipped files still behave as described).
The app only loads them (lstm_core/lessons/presets.py).
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from torch import nn

from lstm_core.data.inputs import one_hot_text
from lstm_core.forecast.snapshots import WeightTape
from lstm_core.lessons.presets import (
    HANDSET_DEFAULTS,
    MODELS_DIR,
    PRESET_SNAPSHOTS,
    SCHEMA,
    SNAPSHOT_PRESETS,
    TEXT,
    Preset,
    PresetError,
    load_meta,
)
from lstm_core.lstm.intervene import Clamp, what_if
from lstm_core.lstm.trace import trace

# ----------------------------------------------------------------------------- building


def _fmt(values) -> str:
    return ", ".join(f"{v:.2f}".rstrip("0").rstrip(".") if v != 0 else "0" for v in values)


def _spike_sequence(T: int, at: int, sign: float, noise: np.ndarray | None = None) -> np.ndarray:
    x = np.zeros(T) if noise is None else noise.copy()
    x[at] = sign
    return x


def _train(lstm, head, batches, loss_fn, steps: int, lr: float, gen: torch.Generator, on_step=None) -> float:
    """Adam on batches drawn from `gen`. on_step(step, lstm, loss), when given, sees the weights before the
    first step and after each one (a WeightTape for the gate snapshots); it draws nothing from any RNG."""
    opt = torch.optim.Adam(list(lstm.parameters()) + list(head.parameters()), lr=lr)
    loss = torch.tensor(float("nan"))
    if on_step is not None:
        on_step(0, lstm)
    for step in range(steps):
        x, y, mask = batches(gen)  # x (T, B, D), y (T, B, ...), mask (T, B)
        out, _ = lstm(x)
        loss = loss_fn(head(out), y, mask)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(list(lstm.parameters()) + list(head.parameters()), 1.0)
        opt.step()
        if on_step is not None:
            on_step(step + 1, lstm, float(loss.detach()))
    return float(loss.detach())


def _mse(pred, y, mask):
    return (((pred[..., 0] - y) ** 2) * mask).sum() / mask.sum()


def _init(D: int, H: int, L: int, out: int, seed: int, forget_bias: float = 1.0):
    torch.manual_seed(seed)  # build script only: deterministic init; the app never calls this
    lstm, head = nn.LSTM(D, H, L), nn.Linear(H, out)
    with torch.no_grad():
        for k in range(L):
            getattr(lstm, f"bias_ih_l{k}")[H : 2 * H] = forget_bias  # start with memory on
    return lstm, head


def build_memory(steps: int = 600, on_step=None):
    T, H = 90, 6
    lstm, head = _init(1, H, 1, 1, seed=7, forget_bias=2.0)

    def batches(gen):
        B = 64
        x = (torch.rand(T, B, generator=gen) - 0.5) * 0.4  # background noise in [-0.2, 0.2]
        at = torch.randint(0, 10, (B,), generator=gen)
        sign = torch.where(torch.rand(B, generator=gen) < 0.5, -1.0, 1.0)
        x[at, torch.arange(B)] = sign
        steps_ = torch.arange(T)[:, None]
        y = torch.where(steps_ >= at[None], sign[None].expand(T, B), torch.zeros(T, B))  # remember the sign
        mask = torch.ones(T, B)
        return x[..., None], y, mask

    gen = torch.Generator().manual_seed(1)
    loss = _train(lstm, head, batches, _mse, steps, 1e-2, gen, on_step)
    rng = np.random.default_rng(5)
    noise = (rng.random(T) - 0.5) * 0.4
    examples = [
        ("pos_spike", {"en": "A +1 spike at step 3, then 86 steps of noise", "zh": "第 3 步出现 +1 尖峰，之后 86 步噪声"},
         _spike_sequence(T, 3, 1.0, noise)),
        ("neg_spike", {"en": "A −1 spike at step 5, then noise", "zh": "第 5 步出现 −1 尖峰，之后是噪声"},
         _spike_sequence(T, 5, -1.0, noise)),
        ("quiet", {"en": "A +1 spike in silence (zeros)", "zh": "安静背景（全为 0）中的 +1 尖峰"},
         _spike_sequence(60, 2, 1.0)),
    ]
    meta = {
        "title": {"en": "Long-delay memory: remember a spike", "zh": "长时记忆：记住一个尖峰"},
        "description": {
            "en": "A spike of +1 or −1 arrives early; the model must output its sign at every later step, "
                  "through 80+ steps of noise.",
            "zh": "序列开头出现一个 +1 或 −1 的尖峰；模型要在之后的每一步输出它的符号，穿过 80 多步噪声。",
        },
        "look_for": {
            "en": "After the spike, a few units keep their forget gate f near 1 (bright) for every remaining step, "
                  "so their cell state c stays far from 0: that is the memory, and the read-out turns its sign "
                  "into ±1. Compare with the Random preset, where f hovers near 0.5 and the spike fades in a few steps.",
            "zh": "尖峰之后，有几个单元的遗忘门 f 在余下的每一步都接近 1（亮色），它们的细胞状态 c 因此一直远离 0："
                  "这就是记忆，读出层再把它的符号变成 ±1。对比“随机权重”预设：那里 f 在 0.5 附近徘徊，尖峰几步之内就被忘掉。",
        },
        "input": {"kind": "numbers", "meaning": {"en": "one number per step (the spike and the noise)",
                                                   "zh": "每一步一个数（尖峰和噪声）"}},
        "output": {"size": 1, "kind": "value", "meaning": {"en": "the remembered sign (+1 or −1)",
                                                            "zh": "记住的符号（+1 或 −1）"}},
    }
    # The view the page opens on: the unit and example where holding f at 0 from step 40 on (the default what-if)
    # moves the answer most, so the first what-if a student tries shows the memory vanish.
    def shift(example, unit: int) -> float:
        tr = trace(lstm, example[2][:, None])
        held = what_if(lstm, tr, Clamp("f", 0.0, 40, unit))
        out = [head(torch.as_tensor(h[0, -1], dtype=torch.float32)).item() for h in (tr.h, held.h)]
        return abs(out[1] - out[0])

    unit, example = max(((u, e) for e in examples[:2] for u in range(lstm.hidden_size)), key=lambda ue: shift(ue[1], ue[0]))
    meta["focus"] = {"gate": "f", "unit": unit, "step": 40, "example": example[0]}
    return lstm, head, meta, examples, {"final_loss": loss}


def build_sine(steps: int = 500, on_step=None):
    T, H = 60, 8
    lstm, head = _init(1, H, 2, 1, seed=3)

    def batches(gen):
        B = 64
        omega = 0.15 + 0.35 * torch.rand(B, generator=gen)
        phase = 2 * math.pi * torch.rand(B, generator=gen)
        t = torch.arange(T + 1, dtype=torch.float32)[:, None]
        wave = torch.sin(omega * t + phase)  # (T + 1, B)
        return wave[:-1, :, None], wave[1:], torch.ones(T, B).index_fill_(0, torch.arange(3), 0.0)

    gen = torch.Generator().manual_seed(2)
    loss = _train(lstm, head, batches, _mse, steps, 1e-2, gen, on_step)
    t = np.arange(60)
    examples = [
        ("slow", {"en": "A slow sine wave", "zh": "慢速正弦波"}, np.sin(0.2 * t)),
        ("fast", {"en": "A faster sine wave", "zh": "较快的正弦波"}, np.sin(0.45 * t + 1.0)),
        ("jump", {"en": "A sine wave that jumps in phase at step 30", "zh": "第 30 步相位突变的正弦波"},
         np.where(t < 30, np.sin(0.3 * t), np.sin(0.3 * t + math.pi))),
    ]
    meta = {
        "title": {"en": "Sine wave: predict the next value", "zh": "正弦波：预测下一个值"},
        "description": {"en": "A two-layer LSTM reads a sine wave and predicts the next value at every step.",
                        "zh": "一个两层 LSTM 读取正弦波，并在每一步预测下一个值。"},
        "look_for": {"en": "The gates swing with the wave's phase; switch layers to compare what each layer does.",
                     "zh": "门的开合随波的相位摆动；切换层，比较每一层在做什么。"},
        "input": {"kind": "numbers", "meaning": {"en": "the wave's value at each step", "zh": "每一步波的取值"}},
        "output": {"size": 1, "kind": "value", "meaning": {"en": "the predicted next value", "zh": "预测的下一个值"}},
    }
    return lstm, head, meta, examples, {"final_loss": loss}


def _random_brackets(rng: np.random.Generator, n: int, max_depth: int = 8) -> str:
    depth, out = 0, []
    for _ in range(n):
        opening = depth == 0 or (depth < max_depth and rng.random() < 0.5)
        out.append("(" if opening else ")")
        depth += 1 if opening else -1
    return "".join(out)


def _depths(text: str) -> np.ndarray:
    return np.cumsum([1 if ch == "(" else -1 for ch in text]).astype(np.float64)


def build_counting(steps: int = 600, on_step=None):
    H, alphabet = 4, "()"
    lstm, head = _init(2, H, 1, 1, seed=11)
    rng = np.random.default_rng(0)

    def batches(gen):
        B, T = 32, 40
        texts = [_random_brackets(rng, T) for _ in range(B)]
        x = torch.tensor(np.stack([one_hot_text(s, alphabet) for s in texts]), dtype=torch.float32).transpose(0, 1)
        y = torch.tensor(np.stack([_depths(s) for s in texts]), dtype=torch.float32).T
        return x, y, torch.ones(T, B)

    gen = torch.Generator().manual_seed(3)
    loss = _train(lstm, head, batches, _mse, steps, 1e-2, gen, on_step)
    examples = [
        ("nested", {"en": "Nested brackets", "zh": "嵌套括号"}, "(()(()))((()))"),
        ("deep", {"en": "Deep nesting, then closing", "zh": "深层嵌套后依次闭合"}, "((((((()))))))()"),
        ("flat", {"en": "Many shallow pairs", "zh": "许多浅层括号对"}, "()()()(())()()((()))"),
    ]
    meta = {
        "title": {"en": "Counting: bracket depth", "zh": "计数：括号深度"},
        "description": {"en": "Reads ( and ) one at a time and outputs how deeply nested it is at each step.",
                        "zh": "逐个读取 ( 和 )，在每一步输出当前的嵌套深度。"},
        "look_for": {"en": "One unit's cell state c rises by a fixed amount at each ( and falls at each ): "
                           "that unit is a counter.",
                     "zh": "某个单元的细胞状态 c 每遇到 ( 就升高固定的量，遇到 ) 就降低：这个单元就是一个计数器。"},
        "input": {"kind": "brackets", "alphabet": alphabet,
                  "meaning": {"en": "a string of ( and ), one character per step", "zh": "由 ( 和 ) 组成的字符串，每步一个字符"}},
        "output": {"size": 1, "kind": "value", "meaning": {"en": "the nesting depth", "zh": "嵌套深度"}},
    }
    depth = _depths(examples[1][2])
    tr = trace(lstm, one_hot_text(examples[1][2], alphabet))
    corr = [abs(np.corrcoef(tr.c[0, :, k], depth)[0, 1]) for k in range(H)]
    meta["focus"] = {"gate": "c", "unit": int(np.argmax(corr)), "step": 6}
    return lstm, head, meta, examples, {"final_loss": loss}


def build_text(steps: int = 700, on_step=None):
    alphabet = "".join(sorted(set(TEXT)))
    H, V = 32, len(alphabet)
    lstm, head = _init(V, H, 1, V, seed=5)
    encoded = one_hot_text(TEXT, alphabet)  # (N, V)
    targets = encoded.argmax(axis=1)

    def batches(gen):
        B, T = 32, 64
        starts = torch.randint(0, len(TEXT) - T - 1, (B,), generator=gen).numpy()
        x = torch.tensor(np.stack([encoded[s : s + T] for s in starts]), dtype=torch.float32).transpose(0, 1)
        y = torch.tensor(np.stack([targets[s + 1 : s + T + 1] for s in starts])).T  # (T, B)
        return x, y, torch.ones(T, B)

    def ce(logits, y, mask):
        return nn.functional.cross_entropy(logits.reshape(-1, V), y.reshape(-1))

    gen = torch.Generator().manual_seed(4)
    loss = _train(lstm, head, batches, ce, steps, 1e-2, gen, on_step)
    examples = [
        ("line1", {"en": "The first line", "zh": "第一行"}, "twinkle, twinkle, little star,"),
        ("line2", {"en": "The second line", "zh": "第二行"}, "how i wonder what you are!"),
        ("new", {"en": "Words it has not seen in this order", "zh": "它没见过的词序"}, "a little diamond shines so high"),
    ]
    meta = {
        "title": {"en": "Characters: a nursery rhyme", "zh": "字符级：一首童谣"},
        "description": {"en": "Trained on \"Twinkle, twinkle, little star\" to predict the next character.",
                        "zh": "在英文童谣《一闪一闪小星星》上训练，预测下一个字符。"},
        "look_for": {"en": "Watch the gates at spaces and commas: some units reset at word boundaries, others "
                           "track where in the line the model is.",
                     "zh": "注意空格和逗号处的门：有些单元在词边界处重置，有些单元记录当前读到这一行的哪里。"},
        "input": {"kind": "text", "alphabet": alphabet,
                  "meaning": {"en": "lower-case text, one character per step", "zh": "小写英文文本，每步一个字符"}},
        "output": {"size": V, "kind": "next_char", "meaning": {"en": "the most likely next character",
                                                                "zh": "最可能的下一个字符"}},
    }
    return lstm, head, meta, examples, {"final_loss": loss}


def build_random(steps: int = 0):
    lstm, head = _init(1, 8, 1, 1, seed=0, forget_bias=0.0)
    t = np.arange(60)
    examples = [
        ("sine", {"en": "A sine wave", "zh": "正弦波"}, np.sin(0.3 * t)),
        ("spike", {"en": "A single spike", "zh": "单个尖峰"}, _spike_sequence(60, 3, 1.0)),
    ]
    meta = {
        "title": {"en": "Random weights (untrained)", "zh": "随机权重（未训练）"},
        "description": {"en": "PyTorch's default random initialisation, never trained: the baseline to compare with.",
                        "zh": "PyTorch 默认的随机初始化，从未训练：用作对比的基准。"},
        "look_for": {"en": "Gates hover around 0.5 and the memory of a spike fades within a few steps.",
                     "zh": "各个门在 0.5 附近徘徊，尖峰的记忆几步之内就消失了。"},
        "input": {"kind": "numbers", "meaning": {"en": "one number per step", "zh": "每一步一个数"}},
        "output": {"size": 1, "kind": "value", "meaning": {"en": "an untrained read-out", "zh": "未训练的读出值"}},
    }
    return lstm, head, meta, examples, {}




def build_handset(steps: int = 0):
    lstm = nn.LSTM(1, 1, 1)  # the app rebuilds it from the sliders; the file holds the defaults
    with torch.no_grad():
        for row, k in enumerate("ifgo"):
            lstm.weight_ih_l0[row, 0] = HANDSET_DEFAULTS[f"w_x{k}"]
            lstm.weight_hh_l0[row, 0] = HANDSET_DEFAULTS[f"w_h{k}"]
            lstm.bias_ih_l0[row] = HANDSET_DEFAULTS[f"b_{k}"]
            lstm.bias_hh_l0[row] = 0.0
    examples = [
        ("pulse", {"en": "A pulse of three 1s", "zh": "连续三个 1 的脉冲"}, np.r_[np.zeros(5), np.ones(3), np.zeros(22)]),
        ("steps", {"en": "A staircase", "zh": "阶梯信号"}, np.repeat([0.0, 0.5, 1.0, -1.0, 0.0], 6)),
    ]
    meta = {
        "title": {"en": "Hand-set: one unit, your weights", "zh": "手动设置：一个单元，你来定权重"},
        "description": {"en": "A single LSTM unit whose 12 weights you set with sliders.",
                        "zh": "只有一个 LSTM 单元，它的 12 个权重由你用滑块设置。"},
        "look_for": {"en": "Raise the forget bias b_f and the memory lasts longer; lower it and c forgets at once.",
                     "zh": "调高遗忘门偏置 b_f，记忆保持更久；调低它，c 会立刻遗忘。"},
        "input": {"kind": "numbers", "meaning": {"en": "one number per step", "zh": "每一步一个数"}},
        "output": {"size": None, "kind": "hidden", "meaning": {"en": "the hidden state h itself", "zh": "隐藏状态 h 本身"}},
        "defaults": HANDSET_DEFAULTS,
    }
    return lstm, None, meta, examples, {}


BUILDERS = {
    "memory": build_memory, "sine": build_sine, "counting": build_counting,
    "text": build_text, "random": build_random, "handset": build_handset,
}




def _run_builder(name: str, steps: int | None, tape: WeightTape | None):
    builder = BUILDERS[name]
    kwargs = {"on_step": tape} if tape is not None else {}
    return builder(**kwargs) if steps is None else builder(steps, **kwargs)


def build(name: str, models_dir: Path = MODELS_DIR, steps: int | None = None, snapshots: bool = True) -> dict:
    """Train/build one preset deterministically and write <name>.safetensors + <name>.json, and for a trained
    preset its gate snapshots <name>.snapshots.safetensors + .json (see write_snapshots)."""
    start = time.perf_counter()
    tape = WeightTape(PRESET_SNAPSHOTS) if snapshots and name in SNAPSHOT_PRESETS else None
    lstm, head, meta, examples, facts = _run_builder(name, steps, tape)
    config = {"input_size": lstm.input_size, "hidden_size": lstm.hidden_size,
              "num_layers": lstm.num_layers, "bias": lstm.bias}
    tensors = {f"lstm.{k}": v.detach().contiguous() for k, v in lstm.state_dict().items()}
    if head is not None:
        tensors.update({f"head.{k}": v.detach().contiguous() for k, v in head.state_dict().items()})
    meta = {
        "schema": SCHEMA, "name": name, **meta, "config": config,
        "examples": [
            {"id": ex_id, "label": label, "input": value if isinstance(value, str) else _fmt(value)}
            for ex_id, label, value in examples
        ],
        "built": {"seconds": round(time.perf_counter() - start, 1), "torch": torch.__version__,
                  **{k: round(v, 5) for k, v in facts.items()}},
    }
    models_dir.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(models_dir / f"{name}.safetensors"))
    (models_dir / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if tape is not None:
        write_snapshots(name, tape, lstm, meta, models_dir)
    return meta


def write_snapshots(name: str, tape: WeightTape, lstm: nn.LSTM, meta: dict, models_dir: Path = MODELS_DIR) -> Path:
    """The gates of the preset's first example, traced at the training steps the tape kept, written to
    <name>.snapshots.safetensors + .json. The probe is encoded exactly as the stepper encodes that example."""
    example = meta["examples"][0]
    preset = Preset(name, meta, lstm, None)
    x = preset.encode(example["input"])  # (T, D)
    info = {"preset": name, "example": example["id"], "symbols": preset.symbols(x),
            "loss": "cross_entropy" if meta["output"].get("kind") == "next_char" else "mse"}
    log = tape.replay(lstm, x, info)
    weights_path, _ = log.save(models_dir / f"{name}.snapshots")
    return weights_path


def build_snapshots(name: str, models_dir: Path = MODELS_DIR) -> Path:
    """Only the snapshot files of a shipped preset, leaving its model files untouched: retrain with a weight
    tape, check that this reproduces the shipped weights bit for bit, then write the snapshots."""
    if name not in SNAPSHOT_PRESETS:
        raise PresetError(f"preset {name!r} is not trained, so it has no snapshots (trained: {SNAPSHOT_PRESETS})")
    tape = WeightTape(PRESET_SNAPSHOTS)
    lstm, head, _, _, _ = _run_builder(name, None, tape)
    rebuilt = {f"lstm.{k}": v for k, v in lstm.state_dict().items()}
    rebuilt.update({f"head.{k}": v for k, v in head.state_dict().items()} if head is not None else {})
    shipped = load_file(str(models_dir / f"{name}.safetensors"))
    if set(rebuilt) != set(shipped) or not all(torch.equal(rebuilt[k], shipped[k]) for k in shipped):
        raise PresetError(f"{name}: retraining here does not reproduce the shipped weights bit for bit, so the "
                          "snapshots would not match them; nothing written (rebuild everything with make presets)")
    return write_snapshots(name, tape, lstm, load_meta(name, models_dir), models_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.build_presets", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", choices=[[], *BUILDERS], help="presets to build (default: all)")
    parser.add_argument("--out", type=Path, default=MODELS_DIR, help="folder to write into (default: assets/models)")
    parser.add_argument("--snapshots-only", action="store_true",
                        help="write only the gate snapshots of the trained presets, after checking that retraining "
                             "reproduces the shipped weights bit for bit (the model files are left as they are)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # same numbers on every machine with the same torch build
    if args.snapshots_only:
        for name in [n for n in args.names or SNAPSHOT_PRESETS if n in SNAPSHOT_PRESETS]:
            print(f"{name}: {build_snapshots(name, args.out)}")
        return 0
    for name in args.names or list(BUILDERS):
        meta = build(name, args.out)
        print(f"{name}: {meta['built']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
