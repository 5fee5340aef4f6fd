"""The statistical baselines: a fresh process per model (before issue 22) beside a warm process and the cache.

    python bench/baselines.py [--rounds 3]

On each bundled series (AutoETS, AutoARIMA and MSTL where it applies, the app's default split and scoring
origins, horizon 12), in one run, alternating so neither always meets a quieter machine:

- fresh:  keep=0: every model starts `python -m lstm_core.forecast.stat_worker` and imports statsforecast (the
          cost the old child process paid, without its torch import);
- warm:   one pool whose process imported statsforecast once, before the clock starts; the cache cleared;
- cached: the same pool, the same inputs again (a second seed, a second student on the same sample).

Prints the wall seconds of all the models of a run for each (best of the rounds) and the ratios. statsforecast
2.x runs on its own compiled core, not numba: NIXTLA_NUMBA_CACHE has nothing to keep.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lstm_core.data.csv.load import load_csv  # noqa: E402
from lstm_core.data.windows import prepare, season_length  # noqa: E402
from lstm_core.forecast.baselines import StatBaselines, scoring_origins  # noqa: E402
from lstm_core.forecast.stat_pool import StatPool  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = [("airpassengers.csv", "passengers"), ("bike_rides_daily.csv", "rides"),
           ("electricity_halfhourly.csv", "demand_mw")]


def one_run(data, pool: StatPool) -> tuple[float, dict]:
    origins = scoring_origins(data.windows("test").origins, 24)
    season = season_length(data.frequency) if data.season_kind == "week" else data.season
    t0 = time.perf_counter()
    got = StatBaselines(data.target_values(), data.split.n_train, origins, data.horizon, season=season,
                        frequency=data.frequency, budget_s=60, pool=pool).start().wait()
    return time.perf_counter() - t0, got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", nargs="*", default=None, help="file names (default: the three bundled series)")
    args = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared with other jobs); "
          f"best of {args.rounds} rounds")
    fresh, warm = StatPool(keep=0), StatPool(keep=1)
    warm.prewarm()
    one_run(prepare(load_csv(ROOT / "assets/data/airpassengers.csv"), "passengers", 12), warm)  # imported now
    print(f"{'series':28s} {'fresh s':>8s} {'warm s':>8s} {'cached s':>9s} | warm/fresh | models")
    for name, target in BUNDLED:
        if args.only and name not in args.only:
            continue
        data = prepare(load_csv(ROOT / "assets/data" / name), target, 12)
        times: dict[str, list[float]] = {"fresh": [], "warm": [], "cached": []}
        for _ in range(args.rounds):
            times["fresh"].append(one_run(data, fresh)[0])
            fresh.cache.clear()
            warm.cache.clear()
            seconds, got = one_run(data, warm)
            times["warm"].append(seconds)
            seconds, again = one_run(data, warm)
            assert all(r.cached for r in again.values() if r.forecasts is not None)
            times["cached"].append(seconds)
        f, w, c = (min(times[k]) for k in ("fresh", "warm", "cached"))
        ran = ", ".join(f"{k} {r.detail or r.skipped}" for k, r in got.items())
        print(f"{name:28s} {f:8.2f} {w:8.2f} {c:9.3f} | {w / f:9.2f}x | {ran}", flush=True)
    fresh.close()
    warm.close()


if __name__ == "__main__":
    main()
