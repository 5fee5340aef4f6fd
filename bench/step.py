"""Server time of one step on the Step-through page (T=200), measured with AppTest.

What a click on "Forward" costs the server: the rerun of the page with the trace cached per session,
i.e. the heatmap figure with the moved cursor, the equations and the cell diagram. Also the cost of
the parts alone, measured side by side.
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
from lstm_core.lstm.explain import step_terms  # noqa: E402
from lstm_core.lstm.intervene import Clamp, what_if  # noqa: E402
from ui.equations import step_equations  # noqa: E402
from ui.figures import cell_diagram, heatmap_base, move_cursor  # noqa: E402
from ui.style import Style  # noqa: E402

T, H = 200, 16

# Some helpers read the page's settings; outside a running page Streamlit warns on every call.
streamlit.logger.set_log_level("error")


def main() -> None:
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(1, H)
    x = torch.tensor(np.sin(np.arange(T) * 0.2), dtype=torch.float32)[:, None]

    start = time.perf_counter()
    tr = trace(lstm, x)
    t_trace = time.perf_counter() - start
    start = time.perf_counter()
    base = heatmap_base(tr, 0, style=Style())
    t_base = time.perf_counter() - start
    fig_times, eq_times = [], []
    for step in range(20):
        start = time.perf_counter()
        move_cursor(base, step, 3).to_json()
        values = {"i": 0.5, "f": 0.9, "g": 0.1, "o": 0.7, "c_prev": 0.3, "c": 0.35, "h": 0.2}
        cell_diagram(values, style=Style()).to_json()
        fig_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        step_equations(step_terms(lstm, tr, 0, step), float(tr.previous("c", 0, step)[3]), 3)
        eq_times.append(time.perf_counter() - start)

    # The page is driven with the character model (H = 32, more than 16) on 200 characters of its rhyme.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"preset": "text", "seq": TEXT[:T], "t": "0", "lang": "en"})
    at.switch_page("app_pages/step.py").run()
    step_ms = []
    for _ in range(15):
        start = time.perf_counter()
        at.button(key="step.btn_forward").click().run()
        step_ms.append((time.perf_counter() - start) * 1e3)
    assert not at.exception
    # The same with a what-if held (its run and difference figure are cached too: stepping only moves cursors).
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"preset": "text", "seq": TEXT[:T], "t": "0", "lang": "en", "clamp": "f:0:20:3"})
    at.switch_page("app_pages/step.py").run()
    whatif_ms = []
    for _ in range(15):
        start = time.perf_counter()
        at.button(key="step.btn_forward").click().run()
        whatif_ms.append((time.perf_counter() - start) * 1e3)
    assert not at.exception and at.warning
    # A what-if from step 0 recomputes every step in a loop: its cost against the fused trace, side by side.
    wi = []
    for _ in range(10):
        start = time.perf_counter()
        what_if(lstm, tr, Clamp("f", 0.0, 0, 3))
        wi.append(time.perf_counter() - start)
    print(f"# Step-through page, T={T}, H=32 (text preset): server time per step (AppTest, whole page rerun)")
    print(f"median {statistics.median(step_ms):.0f} ms, max {max(step_ms):.0f} ms over {len(step_ms)} steps")
    print(f"with a what-if held: median {statistics.median(whatif_ms):.0f} ms, max {max(whatif_ms):.0f} ms")
    print(f"# what-if run from step 0 (T={T}, H={H}, computed once per what-if): "
          f"{statistics.median(wi) * 1e3:.1f} ms = {statistics.median(wi) / t_trace:.1f}x the trace")
    print(f"# parts (T={T}, H={H}): trace once {t_trace * 1e3:.1f} ms and heatmap base {t_base * 1e3:.0f} ms "
          f"(both cached per user, not per step); cursor + cell diagram per step "
          f"{statistics.median(fig_times) * 1e3:.1f} ms; "
          f"equations per step {statistics.median(eq_times) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
