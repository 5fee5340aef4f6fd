"""Figure builders (ui/figures.py) on their own: what the step cursor draws, at the edges too."""

from __future__ import annotations

import numpy as np
import torch

from lstm_core import trace
from ui.figures import gate_heatmaps


def test_the_unit_box_stays_inside_the_plot_at_the_first_and_last_step():
    torch.manual_seed(0)
    tr = trace(torch.nn.LSTM(1, 4), torch.tensor(np.sin(np.arange(20) * 0.3), dtype=torch.float32)[:, None])
    for step in (0, 9, 19):
        fig = gate_heatmaps(tr, 0, step, unit=2)
        lo, hi = fig.layout.xaxis.range
        boxes = [s for s in fig.layout.shapes if s.type == "rect"]
        assert boxes and all(lo < b.x0 < step < b.x1 < hi for b in boxes), (step, boxes[0])
        assert all(b.y0 == 1.5 and b.y1 == 2.5 for b in boxes)  # around unit 2
    middle = [s for s in gate_heatmaps(tr, 0, 9, unit=2).layout.shapes if s.type == "rect"][0]
    assert (middle.x0, middle.x1) == (9 - 0.8, 9 + 0.8)  # away from the edges: the full margin
