"""The command line end to end on a tiny CSV: fit, forecast, help, progress, and exit 2 on bad input."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from lstm_core import cli
from lstm_core.forecast.train import TrainEvent

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory) -> Path:
    t = np.arange(120)
    df = pd.DataFrame(
        {
            "time": pd.date_range("2022-03-01", periods=120, freq="h").strftime("%Y-%m-%d %H:%M"),
            "load": np.round(20 + 3 * np.sin(2 * np.pi * t / 24) + 0.02 * t, 3),
            "temp": np.round(np.cos(t / 9), 3),
        }
    )
    path = tmp_path_factory.mktemp("data") / "tiny.csv"
    df.to_csv(path, index=False)
    return path


FAST = ["--epochs", "2", "--hidden", "8", "--threads", "1", "--device", "cpu"]


def test_fit_then_forecast(tmp_path, csv_path, capsys):
    out = tmp_path / "run"
    code = cli.main(["fit", str(csv_path), "--target", "load", "--horizon", "4", "--out", str(out),
                     "--features", "temp", *FAST])  # fmt: skip
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["forecast.csv", "forecast_lstm.csv", "metrics.json", "model.json",
                                                     "model.safetensors"]
    metrics = json.loads((out / "metrics.json").read_text())
    held = metrics["held_out"]
    for method in ("lstm", "naive", "seasonal_naive"):
        assert set(held[method]) == {"mae", "rmse", "smape", "mase"}
    assert held["season"] == 24 and held["horizon"] == 4
    assert metrics["model"] == held["lstm"] and metrics["seasonal_naive"] == held["seasonal_naive"]
    fc = pd.read_csv(out / "forecast.csv")
    assert list(fc.columns) == ["time", "forecast", "lower", "upper", "model"] and len(fc) == 4
    assert fc["time"].iloc[0] == "2022-03-06 00:00:00"  # the hour after the last row
    assert set(fc["model"]) == {held["best"]}
    err = capsys.readouterr().err
    assert "epoch 2/2" in err and "held-out MAE" in err and "forecast.csv: " in err

    assert cli.main(["forecast", str(out), str(csv_path)]) == 0
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out))
    lstm = pd.read_csv(out / "forecast_lstm.csv")  # the LSTM's own, to the data's 3 decimals
    # the saved model's forecast is the LSTM's: the same rows as forecast_lstm.csv, rounded and named alike
    assert list(printed.columns) == ["time", "forecast", "lower", "upper", "model"]
    pd.testing.assert_frame_equal(printed, lstm)
    target = tmp_path / "f" / "fc.csv"
    assert cli.main(["forecast", str(out), str(csv_path), "--horizon", "2", "--out", str(target)]) == 0
    assert len(pd.read_csv(target)) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["fit", "{missing}", "--target", "load", "--horizon", "4", "--out", "{out}"], "file not found"),
        (["fit", "{csv}", "--target", "nope", "--horizon", "4", "--out", "{out}"], "available columns: load, temp"),
        (["fit", "{csv}", "--target", "load", "--horizon", "40", "--out", "{out}"], "needs at least"),
        (["forecast", "{out}", "{csv}"], "not found"),
        (["fit", "{bad}", "--target", "load", "--horizon", "4", "--out", "{out}"], ""),
    ],
)
def test_bad_input_exits_2_with_one_message(tmp_path, csv_path, capsys, args, message):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    names = {"missing": tmp_path / "none.csv", "out": tmp_path / "o", "csv": csv_path, "bad": bad}
    argv = [a.format(**names) for a in args] + (["--epochs", "1", "--threads", "1"] if args[0] == "fit" else [])
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_unavailable_device_exits_2(tmp_path, csv_path, capsys):
    argv = ["fit", str(csv_path), "--target", "load", "--horizon", "4", "--out", str(tmp_path), "--device", "cuda"]
    assert cli.main(argv) == 2
    assert "no CUDA GPU" in capsys.readouterr().err


def test_argument_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["fit", "x.csv", "--target", "y", "--horizon", "0", "--out", "o"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        cli.main(["fit", "x.csv", "--target", "y", "--horizon", "3", "--out", "o", "--device", "tpu"])
    assert exc.value.code == 2


def test_help_documents_every_option(capsys):
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        text = p.format_help()
        for action in p._actions:
            for flag in action.option_strings:
                assert flag in text, (name, flag)
            assert action.help, (name, action.dest)
    with pytest.raises(SystemExit) as exc:
        cli.main(["fit", "--help"])
    assert exc.value.code == 0 and "--horizon" in capsys.readouterr().out


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self):
        return self._tty


def test_progress_lines():
    def epochs(progress, n):
        progress(TrainEvent("start", 0, n, message="go"))
        for e in range(1, n + 1):
            progress(TrainEvent("epoch", e, n, 0.5, 0.25, 1000.0, float(n - e)))
        progress(TrainEvent("done", n, n, message="ok"))

    plain = _Stream(False)
    epochs(cli.Progress(plain), 100)
    lines = plain.getvalue().splitlines()
    assert "\r" not in plain.getvalue() and 10 <= len([x for x in lines if x.startswith("epoch")]) <= 11
    assert "epoch 10/100 train 0.5000 val 0.2500 1000 win/s ETA 90s" in lines
    tty = _Stream(True)
    epochs(cli.Progress(tty), 5)
    assert tty.getvalue().count("\r") == 5 and tty.getvalue().endswith("done: ok\n")
    quiet = _Stream(False)
    epochs(cli.Progress(quiet, quiet=True), 5)
    assert quiet.getvalue() == ""


def test_module_entry_point_exits_2_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01garbage\x00" * 50)
    proc = subprocess.run(
        [sys.executable, "-m", "lstm_core", "fit", str(bad), "--target", "y", "--horizon", "3", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr


def test_load_notes_reach_stderr_so_a_guess_is_never_silent(tmp_path, capsys):
    """The page shows the load report; the command line must say the same (here: a dropped row-number column,
    a 'Total' row and a day/month order it had to guess)."""
    days = pd.date_range("2024-01-01", periods=80, freq="D")
    rows = [f"{i + 1},{d:%m/%d/%Y},{20 + (i % 7)}" for i, d in enumerate(days)]
    data = tmp_path / "guess.csv"
    data.write_text("#,date,sales\n" + "\n".join(rows) + "\nTotal,,1800\n", encoding="utf-8")
    out = tmp_path / "run"
    assert cli.main(["fit", str(data), "--target", "sales", "--horizon", "3", "--out", str(out), *FAST]) == 0
    err = capsys.readouterr().err
    assert "note: dropped column '#': a row number column" in err
    assert "note: dropped 1 row(s): summary rows such as Total" in err and "(lines 82)" in err
    assert cli.main(["fit", str(data), "--target", "sales", "--horizon", "3", "--out", str(out), "--quiet", *FAST]) == 0
    assert capsys.readouterr().err == ""
    assert cli.main(["forecast", str(out), str(data)]) == 0
    captured = capsys.readouterr()
    assert "note: dropped column '#'" in captured.err and "note:" not in captured.out


def test_load_notes_render_every_warning():
    report = {
        "rows_dropped": [{"reason": "bad_time", "count": 7, "lines": [3, 4, 5, 6, 9]}],
        "columns_dropped": [{"name": "city", "reason": "text"}],
        "warnings": [{"key": "ambiguous_date_order", "params": {"column": "date", "order": "day-first"}},
                     {"key": "not_a_key", "params": {}}],
    }  # fmt: skip
    assert cli.load_notes(report) == [
        "dropped 7 row(s): time stamps that could not be read (lines 3, 4, 5, 6, 9, …)",
        "dropped column 'city': holds text, not numbers",
        "Dates in date could be day-first or month-first; they were read as day-first.",
        "not_a_key",
    ]


def test_out_that_is_a_file_or_a_negative_season_is_refused_clearly(tmp_path, csv_path, capsys):
    a_file = tmp_path / "model.txt"
    a_file.write_text("x")
    argv = ["fit", str(csv_path), "--target", "load", "--horizon", "4", "--out", str(a_file), *FAST]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --out") and "is a file; give a folder" in err and "Errno" not in err
    assert cli.main(["forecast", str(tmp_path), str(csv_path), "--out", str(tmp_path)]) == 2
    assert "is a folder; give the name of the CSV file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli.main(["fit", str(csv_path), "--target", "load", "--horizon", "4", "--out", str(tmp_path), "--season", "-2"])
    assert exc.value.code == 2 and "--season: expected a whole number from 0 to 5000" in capsys.readouterr().err


def test_a_bug_of_ours_is_one_line_not_a_traceback_and_not_blamed_on_the_data(tmp_path, monkeypatch, capsys):
    """Anything but a GatescopeError is an internal error: exit 1 and one line saying so, never exit 2."""
    from lstm_core import cli

    def broken(*args, **kwargs):
        raise TypeError("an internal mistake")

    monkeypatch.setattr(cli, "fit", broken)
    monkeypatch.delenv("GATESCOPE_DEBUG", raising=False)
    data = tmp_path / "d.csv"
    data.write_text("t,y\n" + "\n".join(f"{i},{i % 5}" for i in range(60)) + "\n", encoding="utf-8")
    code = cli.main(["fit", str(data), "--target", "y", "--horizon", "2", "--epochs", "1", "--out",
                     str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "something went wrong on our side" in err and "TypeError" in err
    assert "Traceback" not in err


def test_a_device_that_is_not_there_is_the_users_setting(monkeypatch):
    from lstm_core.device import resolve_device
    from lstm_core.errors import GatescopeError, SettingError

    monkeypatch.setattr("torch.cuda.is_available", lambda: False)
    with pytest.raises(SettingError, match="no CUDA GPU") as info:
        resolve_device("cuda")
    assert isinstance(info.value, GatescopeError) and isinstance(info.value, ValueError)


def test_a_wide_table_trains_without_target_and_the_cli_says_what_it_read(tmp_path, capsys):
    """YEAR, JAN..DEC, ANNUAL: one monthly series (no --target needed), and before training the CLI says the rows,
    the time column and its frequency in words, the season and why; nothing is filled or inserted unsaid."""
    wide = tmp_path / "co2.csv"
    months = ",".join(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])
    rows = [f"{y}," + ",".join(f"{315 + (y - 1958) + 2 * np.sin(m / 2):.2f}" for m in range(12)) + ",0"
            for y in range(1958, 1970)]
    wide.write_text(f"YEAR,{months},ANNUAL\n" + "\n".join(rows) + "\n")
    out = tmp_path / "run"
    assert cli.main(["fit", str(wide), "--horizon", "6", "--out", str(out), *FAST]) == 0
    err = capsys.readouterr().err
    assert "A wide table (a row per year, 12 columns a year) was read as one series: 12 rows × 12" in err
    assert "Columns left out of the wide table (not periods of the year): ANNUAL" in err
    assert "target: value (the file's only series)" in err
    assert "read 12 rows, 144 used; time column 'time': monthly" in err
    assert "season: 12 steps, one cycle of the frequency" in err
    assert "; on the validation part, repeating 12 steps back forecast with MAE " in err
    assert json.loads((out / "metrics.json").read_text())["target"] == "value"


def test_without_target_a_file_of_several_series_is_refused_naming_them(tmp_path, csv_path, capsys):
    assert cli.main(["fit", str(csv_path), "--horizon", "4", "--out", str(tmp_path / "r"), *FAST]) == 2
    assert "give the one to forecast with --target" in capsys.readouterr().err


def test_holidays_inserted_into_trading_days_are_said_before_training(tmp_path, capsys):
    days = pd.bdate_range("2019-01-02", "2019-12-31").difference(pd.to_datetime(["2019-07-04", "2019-12-25"]))
    path = tmp_path / "stock.csv"
    weekday = np.array([0.0, 1.0, 3.0, 2.0, -1.0])[days.dayofweek]  # a pattern over the trading week
    pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "Close": 100 + weekday + 0.01 * np.arange(len(days))}).to_csv(
        path, index=False)
    assert cli.main(["fit", str(path), "--horizon", "5", "--out", str(tmp_path / "r"), *FAST]) == 0
    err = capsys.readouterr().err
    assert "time column 'Date': business days" in err and "season: 5 steps" in err
    assert "cleaning: 2 time steps inserted where the grid had gaps, 2 missing values filled" in err


def test_a_share_price_without_a_weekly_pattern_is_forecast_without_a_season_and_the_cli_says_why(tmp_path, capsys):
    """A random walk on trading days: on the validation part repeating last week forecasts worse than the last
    value, so no season is used, and the CLI gives both errors."""
    days = pd.bdate_range("2018-01-02", periods=600)
    path = tmp_path / "share.csv"
    close = 50 + np.cumsum(np.random.default_rng(3).normal(size=600))
    pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "Close": close}).to_csv(path, index=False)
    assert cli.main(["fit", str(path), "--horizon", "5", "--out", str(tmp_path / "r"), *FAST]) == 0
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if x.startswith("season: none: the frequency's cycle did not help"))
    seasonal, plain = (float(v) for v in re.findall(r"with (?:MAE )?([0-9.]+)", line))
    assert "repeating 5 steps back forecast with MAE" in line and seasonal >= 0.95 * plain, line
    held = json.loads((tmp_path / "r" / "metrics.json").read_text())["held_out"]
    # weak for the LSTM, not removed for the baselines: seasonal naive still repeats last week, AutoETS may use it
    assert held["protocol"]["lstm_season"] is None and held["season"] == 5
    assert held["protocol"]["seasons"]["auto_ets"] == 5 and held["protocol"]["seasons"]["seasonal_naive"] == 5


@pytest.mark.parametrize(("lstm", "said"), [
    (1.0, "best: the LSTM, 50% lower MAE than AutoETS, the best of the others"),
    (1.99, "best: the LSTM, <1% lower MAE than AutoETS, the best of the others"),  # not "0% lower"
    (2.0, "best: none, the LSTM ties with AutoETS: it learned nothing beyond it; use AutoETS"),
    (4.0, "best: AutoETS, 50% lower MAE than the LSTM: use AutoETS on this series"),
])
def test_the_cli_verdict_names_the_best_says_a_tie_and_never_0_percent(lstm, said):
    m = {"origins": 3, "horizon": 2, "lstm": {"mae": lstm}, "naive": {"mae": 5.0}, "seasonal_naive": {"mae": 3.0},
         "auto_ets": {"mae": 2.0}, "auto_arima": {"skipped": "took longer than its time budget of 20 s"},
         "mstl": {"skipped": "the frequency has at most one season; MSTL needs two"}}
    lines = cli.held_out_lines(m)
    assert lines[0].startswith("held-out MAE (3 origins x 2 steps): naive 5, seasonal naive 3, AutoETS 2, the LSTM")
    assert "  AutoARIMA skipped: took longer than its time budget of 20 s" in lines
    assert lines[-1] == said
