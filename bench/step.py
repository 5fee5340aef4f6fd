"""What the Step-through page still costs the server (T=200), measured with AppTest, now that stepping runs in the
browser (ui/player; bench/browser.py measures that side).

The server builds the player's payload once per run, layer, unit, language and mode (the heatmap figure, and per
step the equation numbers, the cell diagram's moving parts and the reading), then hears from the player once when
stepping stops. Measured side by side in one run: the first page run, the rerun a report causes, a unit change
(a new per-step part), a what-if, and the parts alone.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit.logger  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from lstm_core import trace  # noqa: E402
from lstm_core.lessons.presets import TEXT  # noqa: E402
from lstm_core.lstm.intervene import Clamp, what_if  # noqa: E402
from tests.app.conftest import player_args, report_step  # noqa: E402
from ui.figures import heatmap_base  # noqa: E402
from ui.step import frames  # noqa: E402
from ui.stepper import outputs  # noqa: E402
from ui.style import Style  # noqa: E402

T, H = 200, 16

# Some helpers read the page's settings; outside a running page Streamlit warns on every call.
streamlit.logger.set_log_level("error")


class _Model:  # the least a payload needs of a model: its LSTM (for the equation terms)
    def __init__(self, lstm):
        self.lstm = lstm
        self.head = None
        self.meta = {"input": {}, "output": {}}

    def symbols(self, x):
        return None


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1e3:.0f} ms, max {max(values) * 1e3:.0f} ms"


def main() -> None:
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(1, H)
    x = torch.tensor(np.sin(np.arange(T) * 0.2), dtype=torch.float32)[:, None]
    start = time.perf_counter()
    tr = trace(lstm, x)
    t_trace = time.perf_counter() - start
    run = outputs(_Model(lstm), tr, 0.0)
    start = time.perf_counter()
    fig = heatmap_base(tr, 0, style=Style())
    t_fig = time.perf_counter() - start
    start = time.perf_counter()
    figure_json, meta = frames.figure_part(fig)
    t_json = time.perf_counter() - start
    part_s = []
    for unit in range(5):
        start = time.perf_counter()
        step_json = frames.step_part(_Model(lstm), run, None, 0, unit, meta, Style(), file_stem="x")
        part_s.append(time.perf_counter() - start)
    size_kb = len(frames.payload(figure_json, step_json)) / 1024

    # The page, driven with the character model (H = 32) on 200 characters of its rhyme: a typed input, so the
    # payload is built in the session (a preset's own example is built once per process and shared).
    query = {"preset": "text", "seq": TEXT[:T], "t": "0", "lang": "en"}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(query)
    start = time.perf_counter()
    at.switch_page("app_pages/step.py").run()
    first = time.perf_counter() - start
    assert not at.exception
    reports = []
    for k in range(15):
        start = time.perf_counter()
        report_step(at, 10 + k)
        reports.append(time.perf_counter() - start)
    units = []
    for unit in (1, 2, 3, 4, 5):
        start = time.perf_counter()
        at.selectbox(key="step.unit").set_value(unit).run()
        units.append(time.perf_counter() - start)
    whatifs = []
    for choice in ("f:0", "i:1", "o:0"):
        at.selectbox(key="step.wi_choice").set_value(choice).run()
        start = time.perf_counter()
        at.button(key="step.wi_apply").click().run()
        whatifs.append(time.perf_counter() - start)
    assert not at.exception and at.warning
    payload_kb = len(player_args(at)["payload"]) / 1024
    wi = []
    for _ in range(10):
        start = time.perf_counter()
        what_if(lstm, tr, Clamp("f", 0.0, 0, 3))
        wi.append(time.perf_counter() - start)
    print(f"# Step-through page, T={T}, H=32 (text preset, typed input): server time (AppTest, script run)")
    print(f"first page run (trace, figure, payload) {first * 1e3:.0f} ms; payload {payload_kb:.0f} KB")
    print(f"report when stepping stops (fragment rerun): {ms(reports)} over {len(reports)}")
    print(f"unit change (a new per-step part): {ms(units)}; what-if applied: {ms(whatifs)}")
    print(f"# parts (T={T}, H={H}): trace {t_trace * 1e3:.1f} ms; heatmap figure {t_fig * 1e3:.0f} ms + JSON "
          f"{t_json * 1e3:.0f} ms (once per run and layer); per-step part (equations, diagram, reading for every step) "
          f"{statistics.median(part_s) * 1e3:.0f} ms per unit; payload {size_kb:.0f} KB; what-if run from step 0 "
          f"{statistics.median(wi) * 1e3:.1f} ms = {statistics.median(wi) / t_trace:.1f}x the trace")


if __name__ == "__main__":
    main()
