"""Run the why-gates experiment and write assets/why_gates/ (`make why-gates`, about 2 to 3 minutes on CPU).

    python -m scripts.build_why_gates --out assets/why_gates

The experiment itself is lstm_core/lessons/why_gates.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch

from lstm_core.lessons.why_gates import ASSETS_DIR, KINDS, Config, run, save


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.build_why_gates", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ASSETS_DIR,
                        help="folder (or a results.json path inside it) to write into (default: assets/why_gates)")
    args = parser.parse_args(argv)
    folder = args.out.parent if args.out.suffix == ".json" else args.out
    torch.set_num_threads(1)  # the same numbers on every machine with the same torch build
    res = run(Config())
    save(res, folder)
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    print(f"wrote {folder} ({size / 1024:.0f} kB) in {res.built['seconds']} s")
    for kind in KINDS:
        print(f"  {kind:4}: learned in {sum(res.learned(kind))} of {len(res.config.mix_seeds)} mix runs; "
              f"fixed-delay accuracy {np.round(res.accuracy_table('fixed', kind).mean(axis=0), 2).tolist()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
