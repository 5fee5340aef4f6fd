"""Every user text a page shows is text: link parameters, typed input, file, column and footer lines.

Each page is opened with each of its link parameters set to each payload (a Markdown image that would fetch
from HOST, a phishing link, an HTML link Plotly would render, a spreadsheet formula), in English and Chinese,
and every string of every element is read as its renderer would: no live link, image or tag naming HOST.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.app.conftest import new_app, no_exception
from tests.app.inert import HOST, PAYLOADS, leaks, markdown_leaks, plotly_leaks
from tests.app.test_train_page import open_train, stop_every_run, train
from ui.safe_text import ZWSP, chart_text, md

PAGES = {
    "app_pages/step.py": ("preset", "ex", "seq", "t", "unit", "layer", "gate", "w", "clamp", "edit"),
    "app_pages/learn.py": ("model", "epoch", "layer"),
    "app_pages/spot.py": ("bug", "reveal", "guess", "ex", "head", "H"),
    "app_pages/compare.py": ("cmp_model", "cmp_k", "cmp_exp", "cmp_run", "cmp_bit", "cmp_ex"),
    "app_pages/train.py": ("run",),
    "app_pages/start.py": ("present",),
}
BASE = {"app_pages/step.py": {"preset": "memory"}, "app_pages/learn.py": {"model": "memory"}}
CASES = [(page, param) for page, params in PAGES.items() for param in params]


def shown(at) -> str:
    """Every text element's source, to tell that a payload was shown (escaped), not silently dropped."""
    return "\n".join(e.value for kind in ("markdown", "caption", "info", "warning", "error", "success")
                     for e in at.get(kind))


def test_the_detector_sees_live_links_and_tags():
    assert markdown_leaks(PAYLOADS[0]) and markdown_leaks(PAYLOADS[1])
    assert markdown_leaks(r"\!\[i\]\(http\:\/\/evil\.example\/PIXEL\)")  # escaped, yet Streamlit autolinks it
    assert not markdown_leaks("\\!\\[i\\]\\(http\\:\u200b//evil\\.example/PIXEL\\)")
    assert plotly_leaks('{"layout": {"title": {"text": "<a href=http://evil.example>x</a>"}}}')
    assert not plotly_leaks('{"layout": {"title": {"text": "&lt;a href=http://evil.example&gt;x"}}}')


@pytest.mark.parametrize("payload", [*PAYLOADS, f"www.{HOST}", f"me@{HOST}", f"$x$ :red[x] **b** <img src=http://{HOST}>"])
def test_the_helper_makes_markdown_html_and_formula_payloads_inert(payload):
    assert markdown_leaks(md(payload)) == []
    assert md(payload).replace("\\", "").replace(ZWSP, "") == payload.replace("\\", "")  # shows as typed
    assert "<" not in chart_text(payload, limit=500) and chart_text("a<b>&c") == "a&lt;b&gt;&amp;c"
    assert len(chart_text("x" * 1000)) == 60 and md("x" * 1000, limit=40).endswith("…")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page, param", CASES)
def test_every_link_parameter_is_shown_as_text(page, param, lang):
    payloads = PAYLOADS if lang == "en" else PAYLOADS[CASES.index((page, param)) % 2 :: 2]  # zh: half, in turn
    for payload in payloads:
        at = new_app(lang, **{**BASE.get(page, {}), param: payload})
        at.switch_page(page).run()
        no_exception(at)
        assert leaks(at) == [], (page, param, payload)


def test_echoed_parameters_are_shown_escaped_not_dropped():
    """The parameters a page names back to the user ("no model called …") do reach the page, escaped."""
    for page, param in [("app_pages/step.py", "preset"), ("app_pages/step.py", "seq"), ("app_pages/spot.py", "bug"),
                        ("app_pages/learn.py", "model"), ("app_pages/compare.py", "cmp_model")]:
        at = new_app("en", **{**BASE.get(page, {}), param: PAYLOADS[1]})
        at.switch_page(page).run()
        assert r"\[Log" in shown(at), (page, param)


def hostile_csv() -> bytes:
    t = np.arange(90)
    df = pd.DataFrame({
        "day": pd.date_range("2024-01-01", periods=90, freq="D").strftime("%Y-%m-%d"),
        PAYLOADS[3]: np.round(100 + 0.3 * t + 8 * np.sin(2 * np.pi * t / 7), 2),
        PAYLOADS[2]: np.round(10 + 5 * np.cos(t / 9), 1),
    })
    footer = f"\n{PAYLOADS[0]} {PAYLOADS[1]},,\n"
    return df.to_csv(index=False).encode() + footer.encode()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_hostile_csv_is_text_in_the_report_the_run_the_results_and_the_stepper(lang):
    at = open_train(lang)
    at.file_uploader(key="train.upload").set_value((f"{PAYLOADS[1]}.csv", hostile_csv(), "text/csv")).run()
    no_exception(at)
    assert HOST.split(".")[0] in shown(at)  # the footer line and the names are shown, as text
    assert leaks(at) == []
    at.multiselect(key="train.features").set_value([PAYLOADS[2]]).run()
    at.number_input(key="train.horizon").set_value(3).run()
    try:
        train(at, epochs=2)
        assert leaks(at) == []
        at.button(key="train.see_gates").click().run()  # the trained model in the stepper: its charts name columns
        no_exception(at)
        assert at.session_state["step.model"].startswith("trained:")
        assert leaks(at) == []
    finally:
        stop_every_run()
