"""What the player (ui/player, kind "replay") needs to replay how a model's gates changed while it trained, in the
browser: the heatmaps of the first recorded snapshot, and per snapshot the heatmap values, the row in focus (the
unit that changed most), the loss curve's mark, the title and what changed in words.

Pure Python (no Streamlit), built from the same figure builders and words as ui/learn_view.py. Heatmap values go
as float32 (the snapshot's own values, base64), so the hover shows what the snapshot holds.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import numpy as np
import plotly.io as pio

from lstm_core.forecast.snapshots import SnapshotLog, biggest_change
from lstm_core.lstm.trace import STATE_NAMES
from ui.figures import ROWS, row_labels
from ui.learn_figures import _history, focus_shapes, loss_marks, loss_replay, replay_heatmaps
from ui.step.frames import moving_parts
from ui.style import Style
from ui.theme import themed

GATES_TO_DESCRIBE = ("i", "f", "o")  # gates proper, in [0, 1]: their means read as "more open / more closed"
SPEEDS = (0.5, 1, 2, 4)  # recorded snapshots per second offered for playback
DEFAULT_SPEED = 1  # one snapshot a second: time to see each picture


def float32(values: np.ndarray) -> dict:
    """A 2-D array as Plotly's typed-array form (dtype, base64 bytes, shape): exact float32, a third of JSON's size."""
    a = np.ascontiguousarray(values, dtype="<f4")
    return {"dtype": "f4", "bdata": base64.b64encode(a.tobytes()).decode(), "shape": list(a.shape)}


def focus_of(log: SnapshotLog, epoch: int, layer: int) -> tuple[str | None, int | None]:
    """The gate and the unit's row (in the snapshot's kept units) that changed most since the first snapshot, on
    this layer; (None, None) at the first snapshot or when the change is on another layer."""
    first = log.epochs[0]
    change = biggest_change(log, first, epoch, names=GATES_TO_DESCRIBE) if epoch != first else None
    if change is None or change.layer != layer:
        return None, None
    return change.name, log.units.index(change.unit)


def replay_payload(log: SnapshotLog, layer: int, *, kind: str, style: Style, names: dict[str, str],
                   texts: Callable[[int], tuple[str, list[str]]], symbols: list[str] | None = None,
                   input_names: list[str] | None = None, kept: int | None = None, file_stem: str,
                   labels: dict[str, str]) -> str:
    """The replay as one JSON string. texts(epoch) gives the title and the lines of what changed (words in the
    user's language, from ui/learn_view.py); names: the loss chart's labels; labels: the controls' words."""
    epochs = log.epochs
    first = epochs[0]
    cell_max = log.cell_range()
    fig = replay_heatmaps(log.trace_at(first), layer, cell_max=cell_max, symbols=symbols, input_names=input_names,
                          style=style)
    meta = fig.layout.meta
    heat_traces = [k for k, trace in enumerate(fig.data) if trace.type == "heatmap"]  # in the order of ROWS
    steps = log.probe.shape[0]
    hist = _history(log.history)
    loss = loss_replay(log.history, first, epochs, names=names, kept=kept, style=style)
    marker0, shapes0, notes0 = loss_marks(hist, first, epochs, names=names, style=style)
    kept_shapes, kept_notes = list(loss.layout.shapes[len(shapes0):]), list(loss.layout.annotations[len(notes0):])
    loss.data = [t for t in loss.data if t.name != names["shown"]]  # the mark is drawn per frame

    heat_layouts, loss_layouts, frames = [], [], []
    for epoch in epochs:
        tr = log.trace_at(epoch)
        focus, unit = focus_of(log, epoch, layer)
        marks = [{**m, "visible": True} for m in focus_shapes(meta["heatmap_rows"], steps, focus, unit)]
        marks = marks or _hidden_marks(meta["heatmap_rows"], steps)
        heat_layouts.append({"annotations": row_labels(meta["rows"], meta["domains"], meta["numeric"],
                                                       len(log.units), focus, style=style), "shapes": marks})
        marker, shapes, notes = loss_marks(hist, epoch, epochs, names=names, style=style)
        loss_layouts.append({"shapes": [*shapes, *[s.to_plotly_json() for s in kept_shapes]],
                             "annotations": [*notes, *[a.to_plotly_json() for a in kept_notes]]})
        title, lines = texts(epoch)
        frames.append({"z": [float32(getattr(tr, name)[layer].T) for name in ROWS],
                       "marker": {"x": marker["x"], "y": marker["y"]} if marker else {"x": [], "y": []},
                       "title": title, "lines": lines, "live": f"{title}. {lines[0] if lines else ''}".strip()})
    fig.layout.annotations = heat_layouts[0]["annotations"]
    fig.layout.shapes = heat_layouts[0]["shapes"]
    loss.layout.shapes, loss.layout.annotations = loss_layouts[0]["shapes"], loss_layouts[0]["annotations"]
    data = {
        "kind": "replay", "T": len(epochs), "ticks": epochs, "lang": style.lang, "present": style.present,
        "labels": labels, "speeds": list(SPEEDS), "file_stem": file_stem, "epoch_kind": kind,
        "heat_traces": heat_traces, "heat_frames": moving_parts(heat_layouts),
        "loss_frames": moving_parts(loss_layouts),
        "marker": {"mode": "markers", "name": names["shown"], "showlegend": marker0 is not None,
                   "marker": {"size": 12, "color": "#b35806", "line": {"color": "white", "width": 2}}},
        "frames": frames,
    }
    heat_json = pio.to_json(themed(fig), validate=False, engine="json")
    loss_json = pio.to_json(themed(loss), validate=False, engine="json")
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)[:-1] + \
        f',"figure":{heat_json},"loss":{loss_json}}}'


def _hidden_marks(heatmap_rows: list[int], steps: int) -> list[dict]:
    """Two invisible boxes where the focus marks go: every frame then has the same shapes (only values move)."""
    marks = focus_shapes(heatmap_rows, steps, ROWS[0], 0)
    return [{**m, "visible": False} for m in marks]


def replay_panels(log: SnapshotLog, epoch: int, layer: int, label: Callable[[str], str]) -> dict[str, np.ndarray]:
    """The snapshot's states as panels for the CSV export and the text summaries."""
    tr = log.trace_at(epoch)
    return {label(name): getattr(tr, name)[layer] for name in STATE_NAMES}
