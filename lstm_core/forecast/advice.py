"""One piece of advice that fits the data: the model to use (the verdict's best) and, only where it applies, one
next step.

    a = advise(result.metrics, result.frequency, n_features=len(result.columns))
    a.recommended   # "auto_ets": its forecast is the one to download
    a.next_step     # "calendar_sub_daily", "calendar_daily", "missed" or "" (none applies)

The next steps, and where each applies:
- calendar_sub_daily / calendar_daily: a statistical model beat or tied the LSTM on sub-daily or daily data and
  the LSTM read the target alone: time-of-day and day-of-week columns (day of week for daily data) are what it
  lacks there. Never for monthly, quarterly or yearly data, nor for data without a time column.
- missed: the LSTM won, but a statistical model that applies to this data did not run (its time budget, a
  failure, statsforecast missing or turned off), so it was judged without it. Not for a model that does not
  apply (MSTL on data with one season).
The page says these in both languages (ui/strings); NEXT_STEPS is the English of the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pandas.tseries.frequencies import to_offset

from lstm_core.forecast.baselines import STAT_MODELS
from lstm_core.forecast.metrics import NAMES, best_model

# Skips that say nothing about the data: the model applies and might have done better had it run.
MIGHT_HAVE_RUN = ("budget", "budget_twice", "failed", "missing", "off", "cancelled")

NEXT_STEPS = {
    "calendar_sub_daily": "next step: to give the LSTM what it lacks here, add time-of-day and day-of-week columns "
                          "to the CSV and pass them with --features",
    "calendar_daily": "next step: to give the LSTM what it lacks here, add a day-of-week column to the CSV and pass "
                      "it with --features",
    "missed": "note: {names} did not run (see above) and might have done better than the LSTM",
}


@dataclass(frozen=True)
class Advice:
    recommended: str | None  # the model to use (metrics.MODELS), None when no model was scored
    next_step: str = ""  # a key of NEXT_STEPS, "" when none applies
    missed: list[str] = field(default_factory=list)  # for "missed": the statistical models that did not run


def calendar_kind(frequency: str | None) -> str | None:
    """"sub_daily" (hours, minutes, seconds), "daily" (days, business days) or None (months, quarters, years,
    weeks, no time column): which calendar inputs could help the LSTM."""
    if not frequency:
        return None
    try:
        kind = type(to_offset(frequency)).__name__
    except ValueError:
        return None
    if kind in ("Hour", "Minute", "Second", "Milli"):
        return "sub_daily"
    if kind in ("Day", "BusinessDay"):
        return "daily"
    return None


def advise(metrics: dict, frequency: str | None, n_features: int = 1) -> Advice:
    """The recommendation (the verdict's best on the held-out tail; a tie goes to the simpler model) and at most
    one next step that applies to this data."""
    best = best_model(metrics)
    if best is None:
        return Advice(None)
    if best == "lstm":
        missed = [m for m in STAT_MODELS if (metrics.get(m) or {}).get("reason") in MIGHT_HAVE_RUN]
        return Advice(best, "missed" if missed else "", missed)
    calendar = calendar_kind(frequency)
    if calendar and n_features <= 1:
        return Advice(best, f"calendar_{calendar}")
    return Advice(best)


def next_step_line(a: Advice) -> str:
    """The next step in English for the CLI, "" when none applies."""
    if not a.next_step:
        return ""
    return NEXT_STEPS[a.next_step].format(names=", ".join(NAMES[m] for m in a.missed))
