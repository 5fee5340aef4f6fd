"""Run the leakage experiment and write assets/spot/leakage.json (`make leakage`, a few minutes on 2 cores).

    python -m scripts.build_leakage --out assets/spot/leakage.json

The experiment itself is lstm_core/lessons/leakage.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from lstm_core.lessons.leakage import OUT, ROOT, LeakConfig, run_experiment, save


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.build_leakage", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON file to write (default: {OUT.relative_to(ROOT)})")
    parser.add_argument("--seeds", type=int, default=len(LeakConfig().seeds), help="seeds per head and scaler")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # one thread: the same sums in the same order on every machine
    cfg = LeakConfig(seeds=tuple(range(args.seeds)))
    res = run_experiment(cfg, log=print)
    save(res, args.out)
    for head, m in res.median.items():
        print(f"{head}: median MAE right {m['right']:.1f}, leak {m['leak']:.1f}; "
              f"leak lower in {res.leak_wins[head]}/{len(cfg.seeds)} seeds")
    print(f"wrote {args.out} in {res.seconds} s")


if __name__ == "__main__":
    main()
