"""Command line: the training page's engine without the page.

    python -m lstm_core fit DATA.csv --target COL --horizon H [--epochs N] [--device auto|cpu|cuda]
                           [--model best|lstm|NAME] --out DIR
    python -m lstm_core forecast DIR DATA.csv [--horizon H] [--out FILE]

Bad input (a missing file, an unreadable CSV, an unknown column, a series too short, a device that
is not there, a refused model file) prints one message on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import fields
from pathlib import Path

import torch

from lstm_core import limits
from lstm_core.data.csv.load import COLUMN_DROP_REASONS, ROW_DROP_REASONS, WARNINGS, load_csv
from lstm_core.data.windows import (
    SEASON_WHY,
    PreparedData,
    TrainDataError,
    frequency_words,
    prepare,
    season_evidence,
)
from lstm_core.errors import GatescopeError
from lstm_core.forecast.advice import advise, next_step_line
from lstm_core.forecast.baselines import BUDGET_ENV, DEFAULT_BUDGET_S, STAT_MODELS, default_budget
from lstm_core.forecast.forecaster import forecast
from lstm_core.forecast.metrics import BASELINES, MODELS, NAMES, verdict, whole_percent
from lstm_core.forecast.modelfile import csv_safe, load_model, metrics_json_bytes, save_model
from lstm_core.forecast.recommend import (
    CHOICES,
    ForecastChoiceError,
    FutureForecasts,
    decimals_of,
    future_forecasts,
    lstm_forecast,
    rounded,
    with_model,
)
from lstm_core.forecast.train import TrainConfig, TrainEvent, fit

DEFAULTS = {f.name: f.default for f in fields(TrainConfig)}


class Progress:
    """Plain-text progress on stderr: one line rewritten with \\r on a terminal, else a line per ~10%."""

    def __init__(self, stream=None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.last_step = -1

    def __call__(self, e: TrainEvent) -> None:
        if self.quiet:
            return
        if e.kind == "epoch":
            line = (
                f"epoch {e.epoch}/{e.epochs} train {e.train_loss:.4f} val {e.val_loss:.4f} "
                f"{e.windows_per_s or 0:.0f} win/s ETA {e.eta_s or 0:.0f}s"
            )
            if self.tty:
                self.stream.write("\r" + line.ljust(72))
            else:
                step = e.epoch * 10 // max(e.epochs, 1)  # tenths of the epoch budget
                if step == self.last_step:
                    return
                self.last_step = step
                self.stream.write(line + "\n")
        else:
            prefix = "\n" if self.tty and e.kind != "start" else ""
            self.stream.write(f"{prefix}{e.kind}: {e.message}\n" if e.message else f"{prefix}{e.kind}\n")
        self.stream.flush()


def _read(path: str, stream=None):
    """load_csv, then what it did to the file (dropped rows and columns, warnings) as notes on `stream`."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"file not found: {path}")
    if p.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give the CSV file")
    df = load_csv(p)
    if stream is not None:
        for line in load_notes(df.attrs.get("load_report", {})):
            stream.write(f"note: {line}\n")
    return df


def load_notes(report: dict) -> list[str]:
    """The load report's dropped rows, dropped columns and warnings in words, one line each.

    The page shows these beside the data; on the command line they are the only sign that a file was
    read with a guess (day-first dates, units removed) or lost rows, so they go to stderr.
    """
    lines = []
    if report.get("preamble_example"):
        lines.append(f"skipped {report.get('preamble_lines')} line(s) above the table, the first: "
                     f"\"{report['preamble_example']}\"")
    for d in report.get("rows_dropped", []):
        where = ", ".join(str(n) for n in d.get("lines", []))
        more = ", …" if d.get("count", 0) > len(d.get("lines", [])) else ""
        reason = ROW_DROP_REASONS.get(d["reason"], d["reason"])
        quoted = f': "{d["example"]}"' if d.get("example") else ""
        lines.append(f"dropped {d['count']} row(s): {reason} (lines {where}{more}){quoted}")
    for d in report.get("columns_dropped", []):
        lines.append(f"dropped column {d['name']!r}: {COLUMN_DROP_REASONS.get(d['reason'], d['reason'])}")
    for w in report.get("warnings", []):
        template = WARNINGS.get(w.get("key"), "")
        try:
            lines.append(template.format(**w.get("params", {})) if template else str(w.get("key")))
        except (KeyError, IndexError, ValueError):
            lines.append(f"{w.get('key')}: {w.get('params')}")
    return lines


def data_summary(df, data: PreparedData) -> list[str]:
    """What training will read, before it starts: rows, the time column and its frequency in words, the season
    and why, and what cleaning fills or inserts (nothing is filled or inserted silently)."""
    report = df.attrs.get("load_report", {})
    time = report.get("time_column")
    lines = [f"read {report.get('rows_read', len(df))} rows, {len(data.frame)} used; "
             + (f"time column {time!r}: {frequency_words(data.frequency)}" if time
                else "no time column: steps are numbered")]
    why = SEASON_WHY[data.season_kind]
    lines.append(f"season: {data.season} steps, {why}" if data.season else f"season: {why}")
    check = season_evidence(data.target_values(), data.frequency, data.season, data.season_kind, len(data.frame),
                            data.horizon)
    if check is not None:
        lines[-1] += (f"; on the validation part, repeating {check.season} steps back forecast with MAE "
                      f"{check.seasonal_mae:.4g}, the last value or its trend with {check.plain_mae:.4g}")
    c = data.report
    if c.filled or c.inserted or c.trimmed_leading or c.trimmed_trailing:
        lines.append(f"cleaning: {c.inserted} time steps inserted where the grid had gaps, {c.filled} missing values "
                     f"filled by interpolation, {c.trimmed_leading + c.trimmed_trailing} rows trimmed at the ends")
    return lines


def held_out_lines(m: dict) -> list[str]:
    """Every model's held-out MAE, the skipped ones with their reason, and the verdict in one sentence."""
    scored = [f"{NAMES[name]} {m[name]['mae']:.4g}" for name in MODELS
              if isinstance(m.get(name), dict) and isinstance(m[name].get("mae"), (int, float))]
    lines = [f"held-out MAE ({m['origins']} origins x {m['horizon']} steps): " + ", ".join(scored)]
    p = m.get("protocol") or {}
    if p:
        refits = ", ".join(f"{NAMES[k]} {v}" for k, v in p.get("refits", {}).items() if isinstance(m.get(k), dict)
                           and "mae" in m[k])
        lines.append(f"protocol: rolling origins, each model knowing only the rows before one; statistical models "
                     f"fitted again at {refits or 'none'} of the {m['origins']} origins, MSTL on the whole history"
                     + (f"; {p['unscored_filled']} filled values not scored" if p.get("unscored_filled") else "")
                     + (f"; fewer than {p['origins_wanted']} origins: the series is short" if
                        m["origins"] < p.get("origins_wanted", 0) else ""))
    lines += [f"  {NAMES[name]} skipped: {m[name]['skipped']}" for name in MODELS
              if isinstance(m.get(name), dict) and m[name].get("skipped")]
    v = verdict(m)
    late = m.get("undecided") or []
    if late:
        lines.append(f"best: cannot be named: {', '.join(NAMES[n] for n in late)} did not finish within its time "
                     "budget, even when run once more with a larger one, and might have been it")
    elif v is not None:
        other = NAMES[v.baseline]
        if v.tie:
            lines.append(f"best: none, the LSTM ties with {other}: it learned nothing beyond it; use {other}")
        elif v.lstm_wins:
            lines.append(f"best: the LSTM, {whole_percent(v.gain_pct)}% lower MAE than {other}, the best of the others")
        else:
            lines.append(f"best: {other}, {whole_percent(v.loss_pct)}% lower MAE than the LSTM: use {other} on this "
                         "series")
    return lines


def interval_words(name: str, interval: dict | None) -> str:
    """How the forecast's 80% interval was made and what it covered on the held-out origins, in words."""
    fitted = "" if name == "lstm" else "fitted on the whole series, "
    if not interval:
        return fitted + "with an 80% interval"
    own = interval.get("method") == "own"
    how = ("its own 80% interval (statsforecast)" if own else
           "an 80% interval from its errors at the held-out origins (conformal"
           + (", with the validation windows" if interval.get("extra_windows") else "") + ")")
    cov = interval.get("measured_coverage")
    said = (f"; it covered {100 * cov:.0f}% of the held-out values (measured "
            + ("at each origin" if own else "leaving each origin out of the calibration") + ")") if cov is not None \
        else ""
    return fitted + "with " + how + said


def forecast_lines(made: FutureForecasts, horizon: int, metrics: dict | None = None) -> list[str]:
    """What forecast.csv holds and why (the recommended model, the one asked for, or the next best when the
    recommended one could not forecast after the data), and that forecast_lstm.csv holds the LSTM's own."""
    lines = [f"note: {NAMES[p['name']]} could not forecast after the data ({p['skipped']}): passed over for the "
             "next best" for p in made.passed_over]
    interval = ((metrics or {}).get("intervals") or {}).get(made.name)
    label, how = NAMES[made.name], interval_words(made.name, interval)
    if made.choice != "best":
        rec = ("also the recommended model" if made.recommended == made.name else
               f"the recommended model is {NAMES[made.recommended]}" if made.recommended else "no model was scored")
        why = f"--model {made.choice}; {rec}"
    elif made.undecided:
        why = ("no best could be named, as " + ", ".join(NAMES[n] for n in made.undecided) + " did not finish: the "
               "lowest held-out MAE of the models that did")
    elif made.passed_over:
        why = "the best model on the held-out tail whose forecast could be made"
    else:
        why = "the recommended model: the lowest held-out MAE" if made.recommended else "no model was scored"
    lines.append(f"forecast.csv: {label} ({why}): the next {horizon} steps, {how}")
    lines.append("forecast_lstm.csv: the LSTM's own forecast, the same columns")
    return lines


def _out_folder(path: str) -> Path:
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"--out {path} is a file; give a folder for the model files (it is created if missing)")
    return out


def cfg_budget(args: argparse.Namespace) -> float:
    """--baseline-budget, else the setting's default."""
    return default_budget() if args.baseline_budget is None else args.baseline_budget


def _cmd_fit(args: argparse.Namespace) -> int:
    out = _out_folder(args.out)
    df = _read(args.data, None if args.quiet else sys.stderr)
    features = [c.strip() for c in args.features.split(",") if c.strip()] if args.features else None
    if args.target is None:  # one series in the file: it is the target
        if len(df.columns) != 1:
            print(f"error: the file holds {len(df.columns)} columns ({', '.join(map(str, df.columns))}): give the "
                  "one to forecast with --target", file=sys.stderr)
            return 2
        args.target = str(df.columns[0])
        if not args.quiet:
            print(f"target: {args.target} (the file's only series)", file=sys.stderr)
    if args.model in STAT_MODELS and cfg_budget(args) <= 0:  # said before training, not after
        raise ForecastChoiceError("not_scored", name=args.model, label=NAMES[args.model],
                                  reason="--baseline-budget 0 turns the statistical models off",
                                  scored="naive, seasonal_naive")
    if not args.quiet:  # the same preparation training does first: a problem with the data is one message
        data = prepare(df, args.target, args.horizon, features=features, window=args.window, season=args.season)
        for line in data_summary(df, data):
            print(line, file=sys.stderr)
    cfg = TrainConfig(
        horizon=args.horizon, window=args.window, features=features, hidden_size=args.hidden,
        num_layers=args.layers, dropout=args.dropout, season=args.season, epochs=args.epochs,
        patience=args.patience, batch_size=args.batch_size, lr=args.lr, seed=args.seed,
        device=args.device, num_threads=args.threads,
        baseline_budget_s=cfg_budget(args),
        non_negative=False if args.allow_negative else None,
    )  # fmt: skip
    if args.cluster:
        result = _fit_on_cluster(df, args.target, cfg, args.cluster, args.data, args.quiet)
    else:
        result = fit(df, args.target, cfg, callback=Progress(quiet=args.quiet))
    out = save_model(out, result)
    (out / "metrics.json").write_bytes(metrics_json_bytes(result))
    lstm = lstm_forecast(result, df)
    csv_safe(lstm).to_csv(out / "forecast_lstm.csv", index=False)
    (out / "forecast.csv").unlink(missing_ok=True)  # never a forecast.csv of an earlier run beside this one's files
    if not args.quiet:
        for line in held_out_lines(result.metrics):
            print(line, file=sys.stderr)
        step = next_step_line(advise(result.metrics, result.frequency, len(result.columns)))
        if step:
            print(step, file=sys.stderr)
    made = future_forecasts(result, df, args.model, lstm=lstm)  # a NAME without a forecast: exit 2, said why
    csv_safe(made.chosen).to_csv(out / "forecast.csv", index=False)
    if not args.quiet:
        if result.intervals.get("floor") == 0.0:
            print("note: forecasts and interval bounds are kept at 0 or above (no training value is negative); "
                  "--allow-negative lets them go below", file=sys.stderr)
        if result.best_epoch == 0:
            base = result.model.config.baseline.replace("_", " ")
            print(f"note: the LSTM learned nothing beyond its starting point ({base}) on this series: no epoch beat "
                  "it on the validation part, so its forecasts are that baseline's", file=sys.stderr)
        for line in forecast_lines(made, result.horizon, result.metrics):
            print(line, file=sys.stderr)
        print(f"wrote {out}/model.safetensors, model.json, metrics.json, forecast.csv, forecast_lstm.csv",
              file=sys.stderr)
    return 0


def _fit_on_cluster(df, target: str, cfg: TrainConfig, address: str, name: str, quiet: bool):
    """The same run through the training service on a Dask scheduler; Ctrl-C stops it (the best weights kept)."""
    from lstm_core.service import runs  # Dask is loaded only for a cluster run
    from lstm_core.service.cluster import ClusterError
    from lstm_core.service.settings import Settings

    settings = Settings(address=address)
    run_id = runs.submit(df, target, cfg, owner=f"cli-{os.getpid()}", name=name, settings=settings)
    progress, shown = Progress(quiet=quiet), ("", -1)
    try:
        while (view := runs.get(run_id, settings)) is not None and view.active:
            if (view.state, view.epoch) != shown:
                shown = (view.state, view.epoch)
                if view.state == "queued" and not quiet:
                    print(f"waiting in line: position {view.queue_position}", file=sys.stderr)
                elif view.epoch:
                    last = view.history[-1] if view.history else (0, float("nan"), float("nan"))
                    progress(TrainEvent("epoch", view.epoch, view.epochs, last[1], last[2], view.windows_per_s,
                                        view.eta_s))
            time.sleep(0.5)
    except KeyboardInterrupt:
        runs.cancel(run_id, settings)
        raise
    if view is None or view.state in ("lost", "cancelled"):
        raise ClusterError("lost")
    if view.state == "failed":
        if view.error_kind == "data" and view.error_key:
            raise TrainDataError(view.error_key, **view.error_params)
        raise RuntimeError(f"the training cluster failed to run it ({view.error})")
    outcome = runs.outcome(run_id, settings)
    if outcome is None or outcome.result is None:
        raise ClusterError("lost")
    return outcome.result


def _cmd_forecast(args: argparse.Namespace) -> int:
    if args.out and Path(args.out).is_dir():
        raise IsADirectoryError(f"--out {args.out} is a folder; give the name of the CSV file to write")
    bundle = load_model(args.model)
    df = _read(args.data, sys.stderr)
    # the saved model is an LSTM: its forecast, rounded to the data's precision and named, as forecast_lstm.csv is
    decimals = decimals_of(df[bundle.target]) if bundle.target in df.columns else None
    table = csv_safe(rounded(with_model(forecast(bundle, df, args.horizon), "lstm"), decimals))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(args.out, index=False)
    else:
        table.to_csv(sys.stdout, index=False)
    return 0


def bounded(field: str):
    """An argparse type for a setting of lstm_core.limits.LIMITS: a finite number in its range, else exit 2 with a
    message giving the range (never an allocation sized by an absurd value, never a NaN learning rate)."""
    bound = limits.LIMITS[field]

    def parse(text: str):
        try:
            value = float(text) if not bound.integer else int(text)
        except ValueError:
            value = None
        if value is None or not limits.in_range(field, value):
            raise argparse.ArgumentTypeError(f"expected {bound.words()}, got {limits.clip(text)}")
        return value

    parse.__name__ = field  # argparse names the type in its own errors
    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lstm_core",
        description="Gatescope: train an LSTM forecaster on a CSV time series, or forecast with a saved one.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{fit,forecast}")

    f = sub.add_parser(
        "fit",
        help="train on a CSV; write the model, held-out metrics and the forecast",
        description="Train on DATA.csv and write DIR/model.safetensors, DIR/model.json, DIR/metrics.json "
        "(held-out tail: MAE, RMSE, sMAPE, MASE for the LSTM, naive, seasonal naive, AutoETS, AutoARIMA and MSTL, "
        "and the best), DIR/forecast.csv (the H steps after the last row from the recommended model, the best on "
        "the held-out tail, unless --model says otherwise: time or step, forecast, lower, upper, model) and "
        "DIR/forecast_lstm.csv (the LSTM's own, the same columns).",
    )
    f.add_argument("data", metavar="DATA.csv", help="CSV file with a time column (optional) and numeric columns")
    f.add_argument("--target", metavar="COL", help="column to forecast (may be left out when the file holds one)")
    f.add_argument("--horizon", required=True, type=bounded("horizon"), metavar="H", help="steps to forecast at once")
    f.add_argument("--out", required=True, metavar="DIR", help="folder for the five output files (created)")
    f.add_argument("--cluster", metavar="ADDRESS", default=os.environ.get("GATESCOPE_CLUSTER") or None,
                   help="train on this Dask scheduler (tcp://HOST:PORT; default: $GATESCOPE_CLUSTER, else here)")
    f.add_argument("--epochs", type=bounded("epochs"), default=DEFAULTS["epochs"], metavar="N",
                   help=f"most epochs; early stopping usually ends sooner (default {DEFAULTS['epochs']})")
    f.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"],
                   help="where to train: auto picks CUDA, then MPS, then the CPU (default auto)")
    f.add_argument("--window", type=bounded("window"), metavar="W",
                   help="past rows the LSTM reads (default: 2 seasons, at least 2H and 24, at most 336 unless "
                        "2H is more, shrunk for short data)")
    f.add_argument("--features", metavar="A,B",
                   help="extra input columns besides the target, comma-separated (default: the target only)")
    f.add_argument("--allow-negative", action="store_true",
                   help="let forecasts go below 0 (by default a series with no negative training value, such as "
                   "counts or sales, is forecast at 0 or above)")
    f.add_argument("--season", type=bounded("season"), metavar="M",
                   help="steps per season (12 monthly, 48 half-hourly...); default from the time column; 0 = none")
    f.add_argument("--hidden", type=bounded("hidden_size"), default=DEFAULTS["hidden_size"], metavar="N",
                   help=f"LSTM hidden units (default {DEFAULTS['hidden_size']})")
    f.add_argument("--layers", type=bounded("num_layers"), default=DEFAULTS["num_layers"], metavar="N",
                   help=f"stacked LSTM layers (default {DEFAULTS['num_layers']})")
    f.add_argument("--dropout", type=bounded("dropout"), default=DEFAULTS["dropout"], metavar="P",
                   help=f"dropout before the output layer (default {DEFAULTS['dropout']})")
    f.add_argument("--batch-size", type=bounded("batch_size"), default=DEFAULTS["batch_size"], metavar="N",
                   help=f"windows per optimiser step (default {DEFAULTS['batch_size']})")
    f.add_argument("--lr", type=bounded("lr"), default=DEFAULTS["lr"], metavar="X",
                   help=f"Adam learning rate (default {DEFAULTS['lr']})")
    f.add_argument("--patience", type=bounded("patience"), default=DEFAULTS["patience"], metavar="N",
                   help=f"epochs without a better validation loss before stopping (default {DEFAULTS['patience']})")
    f.add_argument("--seed", type=bounded("seed"), default=DEFAULTS["seed"], metavar="S",
                   help=f"random seed of the run (default {DEFAULTS['seed']})")
    f.add_argument("--threads", type=bounded("num_threads"), metavar="N",
                   help="torch CPU threads for the run (default: torch's own choice)")
    f.add_argument("--baseline-budget", type=bounded("baseline_budget_s"), default=None, metavar="SECONDS",
                   help="time budget of each statistical baseline (AutoETS, AutoARIMA, MSTL); 0 = leave them out "
                   f"(default: ${BUDGET_ENV} or {DEFAULT_BUDGET_S:g})")
    f.add_argument("--model", default="best", choices=CHOICES, metavar="best|lstm|NAME",
                   help="what forecast.csv holds: best = the recommended model (the lowest held-out MAE; a tie goes "
                   "to the simpler), lstm = the LSTM, or a name as in metrics.json: "
                   f"{', '.join(BASELINES)} (default best)")
    f.add_argument("--quiet", action="store_true", help="no progress or summary on stderr")
    f.set_defaults(func=_cmd_fit)

    p = sub.add_parser(
        "forecast",
        help="forecast the steps after the last row of a CSV with a saved model",
        description="Forecast the H steps after the last row of DATA.csv with the model in DIR; writes CSV "
        "columns time (or step), forecast, lower, upper.",
    )
    p.add_argument("model", metavar="DIR", help="folder with model.safetensors and model.json (or a .zip of both)")
    p.add_argument("data", metavar="DATA.csv", help="CSV with the model's columns and at least its window of rows")
    p.add_argument("--horizon", type=bounded("horizon"), metavar="H",
                   help="steps to forecast (default: the model's horizon)")
    p.add_argument("--out", metavar="FILE", help="CSV file to write (default: standard output)")
    p.set_defaults(func=_cmd_forecast)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for bad input, with one message on stderr)."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # the reader stopped early (| head): no message, and none at exit either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (GatescopeError, OSError) as exc:  # the user's data, file or setting: the message says what to do
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except torch.OutOfMemoryError as exc:
        print(f"error: out of memory even on the CPU: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours, not the user's data: one line (GATESCOPE_DEBUG=1 shows the traceback)
        if os.environ.get("GATESCOPE_DEBUG"):
            raise
        print(f"error: something went wrong on our side ({type(exc).__name__}: {str(exc)[:200]}); "
              "please report it", file=sys.stderr)
        return 1
