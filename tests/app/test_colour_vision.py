"""The gate colour scale under simulated colour-vision deficiencies: the forget-gate lesson lives in 0.85-1.0 ("f
near 1 keeps the memory"), so those values must stay apart for every student, not only for normal vision.

Simulation: Machado, Oliveira & Fernandes (2009), severity 1.0, applied in linear sRGB; difference: CIE76 ΔE in
CIELAB (D65). A ΔE of about 2 is just noticeable; 20 is plainly a different colour.
"""

from __future__ import annotations

import numpy as np
import plotly.colors as pc
import pytest

from ui import figures
from ui.style import Style

SIMULATE = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
WHITE = np.array([0.95047, 1.0, 1.08883])


def linear(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    t = SRGB_TO_XYZ @ rgb_linear / WHITE
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def colour(scale, v: float) -> np.ndarray:
    c = pc.sample_colorscale(pc.make_colorscale(scale) if isinstance(scale, list) else scale, [v])[0]
    return np.array(pc.hex_to_rgb(c) if c.startswith("#") else pc.unlabel_rgb(c), dtype=float)


def delta_e(scale, a: float, b: float, vision: str) -> float:
    seen = [lab(np.clip(SIMULATE[vision] @ linear(colour(scale, v)), 0, 1)) for v in (a, b)]
    return float(np.linalg.norm(seen[0] - seen[1]))


@pytest.mark.parametrize("vision", list(SIMULATE))
@pytest.mark.parametrize("present", [False, True])
def test_the_gate_scale_keeps_the_top_band_apart(vision, present):
    gate_scale, _ = Style("en", present).scales(figures.GATE_SCALE, figures.VALUE_SCALE)
    assert delta_e(gate_scale, 0.85, 1.0, vision) >= 30, vision


def test_viridis_was_the_problem():
    """The oracle for the measurement: Viridis's top band merges under protanopia (the reason for the change)."""
    assert delta_e("Viridis", 0.85, 1.0, "protanopia") < 15 < delta_e("Viridis", 0.85, 1.0, "normal")
