"""From a clean table to training windows: cleaning, chronological split, scaler, unfold views.

The series (T rows) is cut in time order, never shuffled:

    [ train: n_train rows | validation: n_val rows | test: n_test rows (the held-out tail) ]

A window is the past W rows of every used column (the target is column 0) and the next H values of
the target. Training windows lie wholly inside the training part: n_train - W - H + 1 of them, the
last one included. A validation or test window's *targets* lie inside its part; its inputs may
reach back into earlier parts (that is the past, known at forecast time). The scaler sees only the
training rows, so nothing from validation or test leaks into the model.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import torch
from pandas.tseries.frequencies import to_offset

from lstm_core.errors import KeyedError

HOLDOUT_FRACTION = 0.15  # default validation and test share each: enough rolling origins on 144 monthly rows


# Every message a TrainDataError can carry. The UI shows the same keys in the user's language through
# ui/strings/traindata.py ("traindata.<key>"); a test checks both use the same keys and {placeholders}.
TRAIN_ERRORS: dict[str, str] = {
    "unknown_column": "unknown column {missing}; available columns: {available}",
    "no_complete_row": "no row has a value in every used column ({columns})",
    "bad_horizon": "horizon must be at least 1, got {horizon}",
    "bad_window": "window must be at least 1, got {window}",
    "validation_too_small": "the validation part needs at least one horizon ({horizon} rows), got {size}",
    "test_too_small": "the test part needs at least one horizon ({horizon} rows), got {size}",
    "too_short": (
        "the series is too short: window {window} + horizon {horizon} + validation {n_val} + test {n_test} "
        "needs at least {needed} rows, and it has {n_rows} usable rows. "
        "Use a shorter window or horizon, or a longer series."
    ),
    "no_window": "{rows} rows make no window of {window} inputs + {horizon} targets",
    "seasonal_baseline": "the seasonal-naive baseline needs a season (got {season}) shorter than the window ({window})",
    "forecast_horizon": "this model forecasts 1 to {max_horizon} steps ahead, asked for {horizon}",
    "forecast_columns": (
        "the data lacks the model's column(s) {missing}; the model needs {needed}; available: {available}"
    ),
    "forecast_too_short": "forecasting needs the last {window} rows (the model's window); the data has {rows}",
}


class TrainDataError(KeyedError):
    """The data cannot be trained on as asked; the message says what is needed and what there is.

    key: one of TRAIN_ERRORS, params: the values for its template (the UI translates by key).
    """

    MESSAGES = TRAIN_ERRORS


# ---------------------------------------------------------------- frequency and season


def infer_frequency(index: pd.Index) -> str | None:
    """Pandas frequency string of a regular DatetimeIndex ("MS", "30min", "D", ...), else None."""
    if not isinstance(index, pd.DatetimeIndex) or len(index) < 3:
        return None
    with warnings.catch_warnings():  # pandas 3 warns that infer_freq will return an offset
        warnings.simplefilter("ignore")
        try:
            freq = pd.infer_freq(index)
        except (TypeError, ValueError):
            return None
    return None if freq is None else to_offset(freq).freqstr


def frame_frequency(df: pd.DataFrame) -> str | None:
    """The frequency load_csv found (it tolerates a few gaps), else pandas' strict inference, else None."""
    report = df.attrs.get("load_report")
    freq = report.get("frequency") if isinstance(report, dict) else None
    if isinstance(freq, str) and isinstance(df.index, pd.DatetimeIndex):
        try:
            return to_offset(freq).freqstr
        except ValueError:
            pass
    return infer_frequency(df.index)


def season_length(freq: str | None) -> int | None:
    """Steps per season for a frequency: MS/M -> 12, QS -> 4, W -> 52, D -> 7, B -> 5, sub-daily -> one day.

    None when there is no natural season (yearly data, irregular times, no time column).
    """
    if not freq:
        return None
    try:
        off = to_offset(freq)
    except ValueError:
        return None
    name, n = type(off).__name__, off.n
    if n == 1 and name in ("MonthBegin", "MonthEnd"):
        return 12
    if n == 1 and name in ("QuarterBegin", "QuarterEnd"):
        return 4
    if n == 1 and name == "Week":
        return 52
    if n == 1 and name == "Day":
        return 7
    if n == 1 and name == "BusinessDay":
        return 5
    if name in ("Hour", "Minute", "Second"):  # sub-daily: the daily cycle, when a day is a whole number of steps
        secs = pd.Timedelta(off).total_seconds()
        if 0 < secs < 86400 and 86400 % secs == 0:
            return int(86400 // secs)
    return None


def frequency_words(frequency: str | None) -> str:
    """A pandas frequency in English words for the CLI: "MS" -> "monthly", "30min" -> "half-hourly",
    "B" -> "business days"; the code itself when unusual; "no frequency" without one."""
    if not frequency:
        return "no frequency"
    try:
        off = to_offset(frequency)
    except ValueError:
        return frequency
    kind, n = type(off).__name__, off.n
    named = {"MonthBegin": "monthly", "MonthEnd": "monthly", "QuarterBegin": "quarterly", "QuarterEnd": "quarterly",
             "YearBegin": "yearly", "YearEnd": "yearly", "Week": "weekly", "Day": "daily",
             "BusinessDay": "business days", "Hour": "hourly", "Minute": "every minute", "Second": "every second"}
    if n == 1 and kind in named:
        return named[kind]
    if kind == "Minute" and n == 30:
        return "half-hourly"
    unit = {"Minute": "minutes", "Hour": "hours", "Day": "days", "Second": "seconds", "MonthBegin": "months"}.get(kind)
    return f"every {n} {unit}" if unit else frequency


SEASON_WHY = {  # choose_season's reasons in words (the CLI; the page has its own in both languages)
    "week": "a week: sub-daily data with weeks enough, last week at this week's level is the starting point",
    "frequency": "one cycle of the frequency (a year of months or quarters, a week of days, a day of hours)",
    "given": "given with --season",
    "weak": "none: the frequency's cycle did not help on the validation part (--season uses one anyway)",
    "none": "none: no time column, or a frequency without a natural cycle",
}


def two_seasons(frequency: str | None) -> tuple[int, int] | None:
    """The two seasons of a frequency: sub-daily -> (day, week) in steps, daily -> (7, 365); None for any other
    (monthly data has one season). MSTL decomposes both; the LSTM's baseline may use the week."""
    day = season_length(frequency)
    if not day or not frequency:
        return None
    off = to_offset(frequency)
    kind = type(off).__name__
    if kind == "Day" and off.n == 1:
        return (7, 365)
    if kind in ("Hour", "Minute", "Second"):  # season_length gave the steps in a day
        return (day, 7 * day)
    return None


# A season is kept when its forecasts beat the plain ones by at least this much: a tie (0.866 against 0.867 on
# quarterly inflation) is noise, and a season the data do not carry only misleads the model.
SEASON_MARGIN = 0.95


@dataclass(frozen=True)
class SeasonCheck:
    """Does a season of `season` steps help forecast `horizon` steps on the validation part? Every validation row
    is forecast from each origin, knowing only the rows before it, two ways:

    seasonal: the better of seasonal naive (the value a season back) and the last value plus the change over the
              same steps a season back (the season's shape at today's level);
    plain:    the better of naive (the last value) and the last value plus the trend of the last season.

    Mean absolute errors in the series' units; helps = seasonal < SEASON_MARGIN * plain."""

    season: int
    seasonal_mae: float
    plain_mae: float

    @property
    def helps(self) -> bool:
        return self.seasonal_mae < SEASON_MARGIN * self.plain_mae


def season_check(values: np.ndarray, season: int, n_rows: int, horizon: int) -> SeasonCheck | None:
    """The check on the validation part of a series of `n_rows` rows split by default (values: the target, at
    least n_rows long; gaps are interpolated); None when the training part is shorter than a season and a step,
    too short to tell."""
    y = pd.Series(np.asarray(values, dtype=np.float64)[:n_rows]).interpolate(limit_direction="both").to_numpy()
    hold = default_holdout(n_rows, horizon)
    n_train = n_rows - hold - default_test_size(n_rows, horizon)
    if season < 2 or n_train < season + 1 or hold < horizon or not np.isfinite(y).all():
        return None
    origins = np.arange(n_train, n_train + hold - horizon + 1)  # (N,) first forecast row of each origin
    k = np.arange(horizon)  # (H,) steps ahead - 1
    rows = origins[:, None] + k[None, :]  # (N, H) the rows forecast
    back = season * (k // season + 1)  # (H,) how far back the same point of the season lies, known at the origin
    last = y[origins - 1][:, None]  # (N, 1)
    same = y[rows - back]  # (N, H) seasonal naive
    shape = last + same - y[(origins - 1)[:, None] - back]  # (N, H) the season's change on the last value
    trend = last + (k + 1) * (last - y[origins - 1 - season][:, None]) / season  # (N, H)

    def mae(forecast: np.ndarray) -> float:
        return float(np.mean(np.abs(forecast - y[rows])))

    return SeasonCheck(season, min(mae(same), mae(shape)), min(mae(np.broadcast_to(last, rows.shape)), mae(trend)))


def season_evidence(values: np.ndarray, frequency: str | None, season: int | None, season_kind: str, n_rows: int,
                    horizon: int) -> SeasonCheck | None:
    """The check behind an automatic season, for the CLI and the page to quote: of the season chosen, or of the
    frequency's own season when it did not help ("weak"); None for a season given by the user or none to check."""
    if season_kind == "given":
        return None
    checked = season or (season_length(frequency) if season_kind == "weak" else None)
    return season_check(values, checked, n_rows, horizon) if checked else None


def choose_season(frequency: str | None, n_rows: int, horizon: int,
                  values: np.ndarray | None = None) -> tuple[int | None, str]:
    """The automatic season and why. The candidates: for sub-daily data whose training part (about 70% of the
    rows) holds a week of training windows beyond its own window, the week (last week's values at today's level
    are a far better start than yesterday's: electricity on a Monday is not Sunday's), then the frequency's own
    season (a day for sub-daily data). With `values` (the target) the first candidate whose season_check helps is
    taken, "week" or "frequency"; "weak" when none helps; a series too short to check keeps its candidate.
    Without a frequency's season: "none"."""
    seasons = two_seasons(frequency)
    n_train = n_rows - default_holdout(n_rows, horizon) - default_test_size(n_rows, horizon)
    candidates: list[tuple[int, str]] = []
    if seasons and seasons[1] != 365:
        day, week = seasons
        if week <= MAX_DEFAULT_WINDOW and n_train >= default_window(horizon, week) + horizon + week:
            candidates.append((week, "week"))
    m = season_length(frequency)
    if m:
        candidates.append((m, "frequency"))
    if not candidates:
        return None, "none"
    if values is None:
        return candidates[0]
    for season, kind in candidates:
        check = season_check(values, season, n_rows, horizon)
        if check is None or check.helps:
            return season, kind
    return None, "weak"


# ---------------------------------------------------------------- cleaning


@dataclass
class CleanReport:
    """What cleaning did to the used columns, for the UI and the CLI to tell the user."""

    rows_in: int
    rows_used: int
    trimmed_leading: int  # rows dropped at the start because a used column was missing there
    trimmed_trailing: int
    filled: int  # missing cells inside the series filled by linear interpolation in time
    inserted: int = 0  # rows added where the time grid had a gap (their cells count in `filled`)

    def message(self) -> str:
        parts = []
        if self.inserted:
            parts.append(f"inserted {self.inserted} missing time steps")
        if self.trimmed_leading or self.trimmed_trailing:
            parts.append(
                f"trimmed {self.trimmed_leading} leading and {self.trimmed_trailing} trailing rows with missing values"
            )
        if self.filled:
            parts.append(f"filled {self.filled} missing values by linear interpolation in time")
        return "; ".join(parts)


def select_columns(df: pd.DataFrame, target: str, features: list[str] | None = None) -> list[str]:
    """The used columns, target first (the model reads the target as input column 0)."""
    available = [str(c) for c in df.columns]
    wanted = [target] + [f for f in (features or []) if f != target]
    missing = [c for c in wanted if c not in df.columns]
    if missing:
        raise TrainDataError("unknown_column", missing=", ".join(repr(c) for c in missing),
                             available=", ".join(available))
    return wanted


def _regular_grid(sub: pd.DataFrame, frequency: str | None) -> pd.DataFrame:
    """Reindex onto the full time grid of `frequency` when rows are missing from it (not more than doubling)."""
    if not frequency or not isinstance(sub.index, pd.DatetimeIndex) or len(sub) < 2:
        return sub
    try:
        grid = pd.date_range(sub.index[0], sub.index[-1], freq=frequency)
    except ValueError:
        return sub
    if len(grid) == len(sub) or len(grid) > 2 * len(sub) or not sub.index.isin(grid).all():
        return sub
    return sub.reindex(grid)


def clean_frame(
    df: pd.DataFrame, columns: list[str], frequency: str | None = None
) -> tuple[pd.DataFrame, CleanReport]:
    """Keep `columns` as float64; fill gaps in the time grid; trim rows with gaps at the ends; interpolate inside."""
    frame, report, _ = clean_frame_filled(df, columns, frequency)
    return frame, report


def clean_frame_filled(
    df: pd.DataFrame, columns: list[str], frequency: str | None = None
) -> tuple[pd.DataFrame, CleanReport, np.ndarray]:
    """clean_frame, and which rows of the result had their target (columns[0]) filled, (T,) bool: a row inserted
    into the time grid (a holiday among business days) or a missing value interpolated. Forecasts are not scored
    on these rows: they were never observed."""
    sub = df[columns].apply(pd.to_numeric, errors="coerce").astype("float64")
    rows_before = len(sub)
    sub = _regular_grid(sub, frequency)
    inserted = len(sub) - rows_before
    sub = sub.replace([np.inf, -np.inf], np.nan)  # an infinite reading is as unusable as a missing one
    complete = sub.notna().all(axis=1).to_numpy()
    if not complete.any():
        raise TrainDataError("no_complete_row", columns=", ".join(columns))
    first, last = int(np.argmax(complete)), len(complete) - 1 - int(np.argmax(complete[::-1]))
    sub = sub.iloc[first : last + 1]
    target_filled = sub.iloc[:, 0].isna().to_numpy()  # (T,) before interpolation
    filled = int(sub.isna().to_numpy().sum())
    if filled:
        method = "time" if isinstance(sub.index, pd.DatetimeIndex) else "linear"
        sub = sub.interpolate(method=method, limit_area="inside")
    report = CleanReport(len(df), len(sub), first, len(complete) - 1 - last, filled, inserted)
    return sub, report, target_filled


# ---------------------------------------------------------------- split and scaler


@dataclass(frozen=True)
class Split:
    """Row counts of the three chronological parts."""

    n_train: int
    n_val: int
    n_test: int


def default_holdout(n_rows: int, horizon: int) -> int:
    """Rows for validation (and again for test): 15% of the series, never fewer than one horizon."""
    return max(horizon, math.ceil(HOLDOUT_FRACTION * n_rows))


MIN_ORIGINS = 12  # held-out origins a verdict rests on at least, where the series allows (default_test_size)


def default_test_size(n_rows: int, horizon: int, window: int | None = None) -> int:
    """Rows of the held-out tail: default_holdout, grown to MIN_ORIGINS origins (H + 11 rows) on a short series as
    far as the training part keeps half the rows and (with a window given) one window and horizon (a verdict on 6
    origins of the Nile rested on 30 values)."""
    hold = default_holdout(n_rows, horizon)
    want = horizon + MIN_ORIGINS - 1
    room = n_rows - 2 * hold - n_rows // 2  # rows the training part can give up and still hold half
    if window:
        room = min(room, n_rows - 2 * hold - window - horizon)
    return hold + max(0, min(want - hold, room))


# The longest automatic window. Training time grows with W, and minute data's two seasons (2,880 steps, two
# days) made two epochs on 10k rows take a minute on a CPU; an LSTM learns little from steps that far back.
MAX_DEFAULT_WINDOW = 336


def default_window(horizon: int, season: int | None) -> int:
    """Two seasons of history (so the seasonal-naive baseline and its change are visible), at least 2H and 24,
    at most MAX_DEFAULT_WINDOW (unless the horizon itself needs more). A week of half-hours (336) gets a week and
    a day: the LSTM then reads the last day with its change over the week."""
    m = season or 0
    w = 2 * m if 2 * m <= MAX_DEFAULT_WINDOW else (m + m // 7 if m <= MAX_DEFAULT_WINDOW else MAX_DEFAULT_WINDOW)
    return max(w, 2 * horizon, 24)


def plan_split(
    n_rows: int, horizon: int, window: int | None, season: int | None, val_size: int | None, test_size: int | None
) -> tuple[int, Split]:
    """Choose the window and the split; raise TrainDataError naming the rows needed when the data is short."""
    if horizon < 1:
        raise TrainDataError("bad_horizon", horizon=horizon)
    n_val = default_holdout(n_rows, horizon) if val_size is None else int(val_size)
    n_test = default_test_size(n_rows, horizon, window) if test_size is None else int(test_size)
    for name, size in (("validation", n_val), ("test", n_test)):
        if size < horizon:
            raise TrainDataError(f"{name}_too_small", horizon=horizon, size=size)
    n_train = n_rows - n_val - n_test
    if window is None:  # automatic: the default, shrunk so that training keeps more windows than W
        window = max(1, min(default_window(horizon, season), (n_train - horizon) // 2))
    elif window < 1:
        raise TrainDataError("bad_window", window=window)
    needed = window + horizon + n_val + n_test
    if n_rows < needed:
        raise TrainDataError("too_short", window=window, horizon=horizon, n_val=n_val, n_test=n_test,
                             needed=needed, n_rows=n_rows)
    return window, Split(n_train, n_val, n_test)


@dataclass
class Scaler:
    """Per-column standardisation fitted on the training rows only: z = (x - mean) / std."""

    columns: list[str]
    mean: list[float]
    std: list[float]
    method: str = "standard"

    @classmethod
    def fit(cls, train_values: np.ndarray, columns: list[str]) -> Scaler:
        mean = train_values.mean(axis=0)
        std = train_values.std(axis=0)
        # A constant column has std 0: dividing by it would give inf, so leave its scale alone.
        flat = ~np.isfinite(std) | (std <= 1e-12 * np.maximum(1.0, np.abs(mean)))
        std = np.where(flat, 1.0, std)
        return cls(list(columns), [float(v) for v in mean], [float(v) for v in std])

    def transform(self, values: np.ndarray) -> np.ndarray:
        return (values - np.asarray(self.mean)) / np.asarray(self.std)

    def target_to_original(self, z: np.ndarray | torch.Tensor) -> np.ndarray:
        """Scaled target values (column 0) back to the data's units."""
        z = z.detach().cpu().numpy() if isinstance(z, torch.Tensor) else np.asarray(z)
        return z.astype(np.float64) * self.std[0] + self.mean[0]

    def to_dict(self) -> dict:
        return {"method": self.method, "columns": self.columns, "mean": self.mean, "std": self.std}

    @classmethod
    def from_dict(cls, d: dict) -> Scaler:
        return cls(list(d["columns"]), [float(v) for v in d["mean"]], [float(v) for v in d["std"]], d["method"])


# ---------------------------------------------------------------- windows


def unfold_windows(series: torch.Tensor, window: int, horizon: int) -> tuple[torch.Tensor, torch.Tensor]:
    """All windows of a (T, F) series as views, no copy: inputs (N, W, F), target (N, H); N = T - W - H + 1."""
    n = series.shape[0] - window - horizon + 1
    if n < 1:
        raise TrainDataError("no_window", rows=series.shape[0], window=window, horizon=horizon)
    v = series.unfold(0, window + horizon, 1).transpose(1, 2)  # (N, W + H, F)
    return v[:, :window, :], v[:, window:, 0]  # (N, W, F), (N, H): the target is column 0


@dataclass
class WindowSet:
    x: torch.Tensor  # (N, W, F) scaled inputs
    y: torch.Tensor  # (N, H) scaled target
    origins: np.ndarray  # (N,) row index of each window's first forecast step


@dataclass
class PreparedData:
    """A cleaned, split and scaled series, ready to cut into windows on any device."""

    frame: pd.DataFrame  # the cleaned used columns, original units
    columns: list[str]  # target first
    target: str
    window: int
    horizon: int
    split: Split
    scaler: Scaler
    frequency: str | None
    season: int | None
    report: CleanReport
    scaled: torch.Tensor = field(repr=False)  # (T, F) float32 on the CPU
    season_kind: str = "frequency"  # why this season: "week", "frequency", "weak", "given" or "none" (choose_season)
    filled: np.ndarray | None = field(default=None, repr=False)  # (T,) bool: the target row was filled, not observed

    def observed(self) -> np.ndarray:
        """(T,) bool: the rows whose target was read from the data (the ones forecasts are scored on)."""
        return ~self.filled if self.filled is not None else np.ones(len(self.frame), dtype=bool)

    def target_values(self) -> np.ndarray:
        return self.frame[self.target].to_numpy(dtype=np.float64)

    def windows(self, part: str, device: torch.device | str = "cpu") -> WindowSet:
        """Windows of one part ("train", "val", "test") as unfold views of the series on `device`."""
        return self.windows_from(self.scaled.to(device), part)

    def windows_from(self, series: torch.Tensor, part: str) -> WindowSet:
        w, h, s = self.window, self.horizon, self.split
        start = {"train": 0, "val": s.n_train, "test": s.n_train + s.n_val}[part]  # first target row
        stop = {"train": s.n_train, "val": s.n_train + s.n_val, "test": s.n_train + s.n_val + s.n_test}[part]
        lo = 0 if part == "train" else start - w  # val/test inputs reach back W rows into the past
        x, y = unfold_windows(series[lo:stop], w, h)
        return WindowSet(x, y, np.arange(x.shape[0]) + lo + w)


def prepare(
    df: pd.DataFrame,
    target: str,
    horizon: int,
    *,
    features: list[str] | None = None,
    window: int | None = None,
    val_size: int | None = None,
    test_size: int | None = None,
    season: int | None = None,
) -> PreparedData:
    """Clean, split and scale `df` for forecasting `target` H steps ahead from W past rows.

    season: steps per season; None infers it from the time index (see season_length); 0 or 1 means none.
    """
    columns = select_columns(df, target, features)
    frame, report, filled = clean_frame_filled(df, columns, frame_frequency(df))
    frequency = infer_frequency(frame.index) or frame_frequency(df)
    if season is None:
        m, season_kind = choose_season(frequency, len(frame), horizon, frame[target].to_numpy(dtype=np.float64))
    else:
        m, season_kind = (int(season), "given") if season and season > 1 else (None, "none")
    window, split = plan_split(len(frame), horizon, window, m, val_size, test_size)
    values = frame.to_numpy(dtype=np.float64)  # (T, F)
    scaler = Scaler.fit(values[: split.n_train], columns)  # training rows only: no look-ahead
    scaled = torch.from_numpy(scaler.transform(values)).to(torch.float32)  # (T, F)
    return PreparedData(frame, columns, target, window, horizon, split, scaler, frequency, m, report, scaled,
                        season_kind, filled)
