"""How the Train page's verdict was reached and what its interval covered, in the user's language: the protocol
(origins, refits, MSTL's history, rows not scored), the recommended forecast's interval and its measured coverage,
and the verdict that cannot name a best (a model past its time budget twice)."""

from __future__ import annotations

from ui.i18n import t
from ui.train.text import finite


def protocol_caption(metrics: dict) -> str:
    """The scoring protocol in one caption; "" for a run without one (a model file from before it)."""
    p = metrics.get("protocol")
    if not isinstance(p, dict):
        return ""
    origins = int(metrics.get("origins", 0))
    fits = [int(v) for v in (p.get("refits") or {}).values()]
    if not fits:
        refit = ""
    elif min(fits) >= origins:
        refit = t("train.protocol.refit_all")
    elif max(fits) > 1:
        refit = t("train.protocol.refit_some", k=max(fits), origins=origins)
    else:
        refit = t("train.protocol.refit_once")
    text = t("train.protocol", origins=origins, h=metrics.get("horizon", 0)) + refit
    if int(p.get("unscored_filled") or 0):
        text += t("train.protocol.filled", n=int(p["unscored_filled"]))
    if origins < int(p.get("origins_wanted") or 0):
        text += t("train.protocol.short", origins=origins, wanted=int(p["origins_wanted"]))
    return text


def coverage_caption(intervals: dict, model: str) -> str:
    """The downloaded forecast's interval: how it was made and the share of held-out values it covered; "" when
    the run has no measured interval for `model`."""
    rec = intervals.get("recommended")
    if not isinstance(rec, dict) or rec.get("model") != model or not finite(rec.get("measured_coverage")):
        return ""
    if rec.get("method") == "own":
        how = t("train.interval.own")
    else:
        how = t("train.interval.conformal_val" if rec.get("extra_windows") else "train.interval.conformal",
                origins=rec.get("origins", 0))
    return t("train.coverage_recommended", model=t(f"train.method.{model}"), how=how,
             nominal=f"{100 * intervals.get('coverage', 0.8):.0f}", actual=f"{100 * rec['measured_coverage']:.0f}")


def undecided_text(metrics: dict, best: str | None) -> str:
    """The verdict when a model did not finish even when run once more: no best can be named."""
    late = [m for m in metrics.get("undecided") or [] if isinstance(m, str)]
    if not late:
        return ""
    names = t("common.list_sep").join(t(f"train.method.{m}") for m in late)
    text = t("train.verdict_undecided", names=names)
    return text + (t("train.verdict_undecided_best", best=t(f"train.method.{best}")) if best else "")
