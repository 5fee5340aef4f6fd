"""Figure builders (ui/figures.py) on their own: what the step cursor draws, at the edges too."""

from __future__ import annotations

import numpy as np
import torch

from lstm_core import trace
from ui.figures import cursor_shapes, heatmap_base
from ui.style import Style


def test_the_unit_box_stays_inside_the_plot_at_the_first_and_last_step():
    """The cursor the player draws (ui.figures.cursor_shapes, sent per step by ui/step/frames.py)."""
    torch.manual_seed(0)
    tr = trace(torch.nn.LSTM(1, 4), torch.tensor(np.sin(np.arange(20) * 0.3), dtype=torch.float32)[:, None])
    fig = heatmap_base(tr, 0, style=Style())
    rows, (lo, hi) = fig.layout.meta["heatmap_rows"], fig.layout.xaxis.range
    for step in (0, 9, 19):
        shapes = cursor_shapes(rows, (lo, hi), step, 2)
        boxes = [s for s in shapes if s["type"] == "rect"]
        assert len(boxes) == 2 * len(rows) and all(lo < b["x0"] < step < b["x1"] < hi for b in boxes), (step, boxes[0])
        assert all(b["y0"] == 1.5 and b["y1"] == 2.5 for b in boxes)  # around unit 2
        assert [s["x0"] for s in shapes if s["type"] == "line"] == [step, step]  # the line through every row
    middle = [s for s in cursor_shapes(rows, (lo, hi), 9, 2) if s["type"] == "rect"][0]
    assert (middle["x0"], middle["x1"]) == (9 - 0.8, 9 + 0.8)  # away from the edges: the full margin


def test_figure_builders_take_a_style_and_read_no_session_state():
    """Builders get their language and mode from a Style: the same call gives the same figure in any session."""
    import pathlib
    import re

    from ui.style import PRESENT_FONT_SIZE

    root = pathlib.Path(__file__).resolve().parents[2] / "ui"
    for path in root.glob("*figures.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import streamlit|from streamlit|from ui.presenter)", source, re.M), path.name
        assert "session_state" not in source and "presenting()" not in source and "lang()" not in source, path.name
    tr = trace(torch.nn.LSTM(1, 3), torch.zeros(5, 1))
    zh = heatmap_base(tr, 0, style=Style("zh", present=True)).to_plotly_json()
    en = heatmap_base(tr, 0, style=Style("en")).to_plotly_json()
    assert zh["layout"]["font"]["size"] == PRESENT_FONT_SIZE and zh != en
    assert "门" in str(zh) and "gate" in str(en)


def test_the_forecast_chart_draws_the_best_other_model_dotted_and_keeps_it_in_view():
    import pandas as pd

    from ui.train_figures import forecast_figure

    idx = pd.date_range("2020-01-01", periods=400, freq="D")
    history = pd.Series(np.linspace(0, 10, 400), index=idx)
    held = pd.DataFrame({"truth": 9.0, "forecast": 9.0, "lower": 8.5, "upper": 9.5}, index=idx[-40:])
    other = pd.DataFrame({"forecast": [30.0, 31.0, np.nan, 32.0]}, index=idx[-40:-36])  # far above: must be seen
    names = {k: k for k in ("history", "held_out", "held_band", "forecast", "band", "test_part", "time", "value",
                            "now")} | {"other": "AutoETS, the best other model (held-out part)"}
    fig = forecast_figure(history, None, held, names=names, other=other)
    drawn = [tr for tr in fig.data if tr.name == names["other"]]
    assert len(drawn) == 1 and drawn[0].line.dash == "dot" and drawn[0].connectgaps is False
    assert fig.layout.yaxis.range[1] > 32.0  # a long series opens on its recent part: the overlay stays in view
    assert not [tr for tr in forecast_figure(history, None, held, names=names).data if tr.name == names["other"]]


def test_the_forecast_chart_draws_the_recommended_forecast_and_the_lstms_both_named():
    import pandas as pd

    from ui.train_figures import forecast_figure

    idx = pd.date_range("2020-01-01", periods=400, freq="D")
    history = pd.Series(np.linspace(0, 10, 400), index=idx)
    held = pd.DataFrame({"truth": 9.0, "forecast": 9.0, "lower": 8.5, "upper": 9.5}, index=idx[-40:])
    when = pd.date_range("2021-02-04", periods=3, freq="D")
    best = pd.DataFrame({"time": when, "forecast": [10, 11, 12], "lower": [9, 10, 11], "upper": [11, 12, 13],
                         "model": "auto_ets"})
    lstm = best.assign(forecast=[40.0, 41.0, 42.0], model="lstm")  # far above: must be in view
    names = {k: k for k in ("history", "held_out", "held_band", "test_part", "time", "value", "now", "other")} | {
        "forecast": "forecast: AutoETS (recommended)", "band": "80% interval, AutoETS",
        "forecast_lstm": "forecast: LSTM"}
    fig = forecast_figure(history, best, held, names=names, lstm_future=lstm)
    by_name = {tr.name: tr for tr in fig.data}
    assert list(by_name["forecast: AutoETS (recommended)"].y) == [10.0, 10, 11, 12]  # joined to the last point
    assert list(by_name["forecast: LSTM"].y) == [10.0, 40, 41, 42] and by_name["forecast: LSTM"].line.dash == "dash"
    assert "80% interval, AutoETS" in by_name and fig.layout.yaxis.range[1] > 42
    alone = forecast_figure(history, best, held, names=names)  # the recommended model is the LSTM: one line
    assert "forecast: LSTM" not in {tr.name for tr in alone.data}
