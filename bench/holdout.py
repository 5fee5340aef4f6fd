"""The forecast a user downloads, scored on points it never saw: the last H points of each series held back, the
CLI run on the rest, its forecast.csv compared with them.

    python bench/holdout.py [--budget 20] [--only NAME ...] [--keep DIR]

Series: the bundled AirPassengers, electricity and bike rides, and the exports of bench/exports.py (public series
that statsmodels ships, written as people get them; the share price is synthetic). For each: the CLI's `fit` with
its defaults on every row but the last H (`python -m lstm_core fit FILE --horizon H`, in this process), then

- MAE of forecast.csv (the recommended model's forecast) on the H held-back points, and its 80% interval's
  coverage of them;
- the same H points forecast by AutoETS and AutoARIMA straight from statsforecast, fitted on the same rows (the
  values the CLI read, gaps interpolated), each with the season that suits it (the frequency's season where the
  model takes it: AutoETS up to 24, AutoARIMA up to 12, else none; AutoARIMA with 52 weeks does not finish);
- the held-out origins and refits the verdict used (metrics.json), and which model and interval it chose.

Prints a Markdown table, the geometric-mean MAE ratios to AutoETS and AutoARIMA, and the pooled coverage.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import platform
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.exports import exports  # noqa: E402
from lstm_core import cli  # noqa: E402
from lstm_core.data.csv.load import load_csv  # noqa: E402
from lstm_core.data.windows import clean_frame, frame_frequency, season_length  # noqa: E402
from lstm_core.forecast.stat_worker import model_for, season_for  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = [
    (str(ROOT / "assets/data/airpassengers.csv"), "airpassengers (monthly)", ["--horizon", "12"]),
    (str(ROOT / "assets/data/electricity_halfhourly.csv"), "electricity (half-hourly)",
     ["--target", "demand_mw", "--horizon", "12"]),
    (str(ROOT / "assets/data/bike_rides_daily.csv"), "bike rides (daily)", ["--target", "rides", "--horizon", "12"]),
]


def arg(args: list[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args else None


def held_back(path: Path, target: str | None, horizon: int, folder: Path) -> tuple[Path, str, np.ndarray]:
    """The file without its last `horizon` rows of data (lines above and below the table kept as they were), the
    target, and the held-back values."""
    df = load_csv(path)
    target = target or str(df.columns[0])
    truth = df[target].to_numpy(dtype=np.float64)[-horizon:]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # the table's last lines, below it any footer ("Source: ...", a line without a number at its end)
    body = [k for k, line in enumerate(lines) if line.strip() and any(c.isdigit() for c in line.split(",")[-1])]
    out = folder / f"{path.stem}_held.csv"
    for j in range(1, horizon + 1):  # a line per row, or (a wide table) a line per year of months
        drop = set(body[-j:])
        out.write_text("".join(line for k, line in enumerate(lines) if k not in drop), encoding="utf-8")
        check = load_csv(out)
        if len(check) <= len(df) - horizon:
            break
    if len(check) != len(df) - horizon or not np.allclose(check[target].to_numpy(dtype=np.float64),
                                                          df[target].to_numpy(dtype=np.float64)[:-horizon],
                                                          equal_nan=True):
        raise RuntimeError(f"{path.name}: holding back {horizon} rows did not leave the rest as it was")
    return out, target, truth


def straight(name: str, values: np.ndarray, horizon: int, season: int | None) -> np.ndarray:
    """The model straight from statsforecast on the same rows: its forecast of the next `horizon` points."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = model_for(name, season_for(name, season or 1), (0, 0)).fit(values)
        return np.asarray(model.predict(h=horizon)["mean"], dtype=np.float64)


def run_one(path: Path, label: str, args: list[str], folder: Path) -> dict:
    horizon = int(arg(args, "--horizon") or 12)
    file, target, truth = held_back(path, arg(args, "--target"), horizon, folder)
    out = folder / f"run_{path.stem}"
    err = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["fit", str(file), *args, "--out", str(out)])
    seconds = time.perf_counter() - t0
    if code != 0:
        return {"label": label, "error": err.getvalue().splitlines()[-1:]}
    fc = pd.read_csv(out / "forecast.csv")
    doc = json.loads((out / "metrics.json").read_text())
    held = doc["held_out"]
    df = load_csv(file)
    freq = frame_frequency(df)
    frame, _ = clean_frame(df, [target], freq)
    values = frame[target].to_numpy(dtype=np.float64)
    season = season_length(freq)
    seen = np.isfinite(truth)  # a gap in the file's last rows is not scored
    truth = truth[seen]
    forecast = fc["forecast"].to_numpy(dtype=np.float64)[seen]
    inside = (truth >= fc["lower"].to_numpy()[seen]) & (truth <= fc["upper"].to_numpy()[seen])
    rec = doc["intervals"].get("recommended") or {}
    return {
        "label": label, "h": horizon, "seconds": seconds, "model": str(fc["model"].iloc[0]),
        "best": held.get("best"), "origins": held["origins"], "refits": held.get("protocol", {}).get("refits", {}),
        "method": rec.get("method", ""), "measured": rec.get("measured_coverage"),
        "mae": float(np.mean(np.abs(forecast - truth))),
        "ets": float(np.mean(np.abs(straight("auto_ets", values, horizon, season)[seen] - truth))),
        "arima": float(np.mean(np.abs(straight("auto_arima", values, horizon, season)[seen] - truth))),
        "inside": int(inside.sum()), "scored": int(seen.sum()),
    }


def geomean(ratios: list[float]) -> float:
    return math.exp(sum(math.log(r) for r in ratios) / len(ratios))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per statistical baseline (the default)")
    parser.add_argument("--only", nargs="*", help="labels (or parts of them) to run")
    parser.add_argument("--keep", help="write the files and runs here instead of a temporary folder")
    args = parser.parse_args()
    os.environ["GATESCOPE_BASELINE_BUDGET_S"] = str(args.budget)
    print(f"# bench/holdout.py on {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    print("| series | H | origins | refits | forecast.csv | interval | measured | covered | MAE | AutoETS | "
          "AutoARIMA | fit s |")
    print("|---|---:|---:|---|---|---|---:|---:|---:|---:|---:|---:|")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        series = [(Path(p), label, extra) for p, label, extra in BUNDLED]
        series += [(folder / name, f"{name} ({kind})", extra) for name, kind, extra in exports(folder)]
        for path, label, extra in series:
            if args.only and not any(o in label for o in args.only):
                continue
            r = run_one(path, label, extra, folder)
            if "error" in r:
                print(f"| {label} | refused: {r['error']} |", flush=True)
                continue
            rows.append(r)
            refits = ", ".join(f"{k.replace('auto_', '')} {v}" for k, v in r["refits"].items()) or "–"
            measured = f"{100 * r['measured']:.0f}%" if r["measured"] is not None else "–"
            print(f"| {r['label']} | {r['h']} | {r['origins']} | {refits} | {r['model']}"
                  f"{'' if r['best'] else ' (no best named)'} | {r['method']} | {measured} | "
                  f"{r['inside']}/{r['scored']} | "
                  f"{r['mae']:.4g} | {r['ets']:.4g} | {r['arima']:.4g} | {r['seconds']:.0f} |", flush=True)
    if rows:
        inside, total = sum(r["inside"] for r in rows), sum(r["scored"] for r in rows)
        print(f"\n{len(rows)} series. Geometric-mean MAE of forecast.csv / AutoETS = "
              f"{geomean([r['mae'] / r['ets'] for r in rows]):.3f}, / AutoARIMA = "
              f"{geomean([r['mae'] / r['arima'] for r in rows]):.3f}. 80% intervals covered {inside} of {total} "
              f"held-back points ({100 * inside / total:.0f}%); per series, the mean share is "
              f"{100 * np.mean([r['inside'] / r['scored'] for r in rows]):.0f}%.")


if __name__ == "__main__":
    main()
