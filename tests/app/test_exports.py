"""The heatmap exports: the CSV holds every value in long format, and the summary line tells the truth."""

import csv
import io

import numpy as np

from ui import style
from ui.exports import chart_config, panels_csv, summary_line


def test_panels_csv_holds_every_value_in_long_format():
    f = np.array([[0.1, 0.9], [0.25, 0.5], [0.125, 1.0]])  # (T=3, units=2)
    c = np.array([[-1.5], [2.0], [0.0]])
    data = panels_csv({"forget gate f": f, "=cell": c})
    assert data.startswith("\ufeff".encode())  # Excel reads the Chinese labels as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["panel", "step", "unit", "value"]
    assert len(rows) == 1 + 6 + 3
    assert rows[1] == ["forget gate f", "0", "0", "0.1"] and rows[6] == ["forget gate f", "2", "1", "1"]
    assert rows[7][0] == "'=cell"  # a label can never start a spreadsheet formula
    back = {(r[0], int(r[1]), int(r[2])): float(r[3]) for r in rows[1:]}
    assert back[("forget gate f", 1, 0)] == 0.25 and back[("'=cell", 1, 0)] == 2.0


def test_summary_line_names_range_mean_and_peak():
    values = np.zeros((10, 4))
    values[7, 2] = 0.8
    values[1, 0] = -0.4
    line = summary_line("input gate i", values)
    assert line == ("input gate i: 10 steps × 4 units, values from -0.40 to 0.80, mean 0.01; "
                    "highest at unit 2, step 7.")
    assert summary_line("x", np.full((3, 2), np.nan)) == "x: no values."


def test_chart_config_saves_a_sharp_png_named_after_the_view():
    cfg = chart_config("gatescope-memory-layer0")
    assert cfg["toImageButtonOptions"] == {"format": "png", "filename": "gatescope-memory-layer0", "scale": 2}
    assert cfg["displayModeBar"] is True and chart_config("x", modebar=False)["displayModeBar"] is False


def test_no_colour_scale_uses_streamlits_placeholder_colours():
    """Streamlit's Plotly theme repaints #000001..#000010 in its own palette (Inferno's black came out pink)."""
    import re

    from ui import figures

    scales = [style.PRESENT_GATE_SCALE, style.PRESENT_VALUE_SCALE, figures.GATE_SCALE, figures.VALUE_SCALE]
    text = str(scales).lower()
    assert not re.search(r"#0000(0[1-9]|10)\b", text), text
