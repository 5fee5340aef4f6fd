"""What-if, presenter mode, lesson links and heatmap exports on the Step-through page, through AppTest."""

import json
import re

import pytest

from tests.app.conftest import STEP, all_text, equation_text, new_app, no_exception, player_data, report_step
from ui.style import PRESENT_FONT_SIZE


def warnings(at) -> str:
    return "\n".join(w.value for w in at.warning)


def f_equation(at) -> str:
    return equation_text(at, 1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_teachers_link_opens_presenter_mode_with_the_memory_erased(lang):
    """The Done criterion: memory preset, step 30, presenter mode, forget gate of unit 2 held at 0."""
    at = new_app(lang, preset="memory", ex="neg_spike", t="30", unit="2", present="1", clamp="f:0:30:2")
    at.switch_page(STEP).run()
    no_exception(at)
    assert at.session_state["present"] is True and at.query_params["present"] == "1"
    assert at.query_params["clamp"] == "f:0:30:2"
    text = warnings(at)
    # The remembered sign was -1: with f held shut from step 30 the output ends positive, the memory gone.
    new, old = (float(v) for v in re.findall(r"[+-]\d\.\d{3}", text)[:2])
    assert old < -0.9 and new > 0
    assert ("held" in f_equation(at)) if lang == "en" else ("固定" in f_equation(at))
    assert "0.000" in f_equation(at)
    # Set-up folded into a popover that opens over the stage (a folded box that opened in place pushed it away).
    assert any(p.proto.popover.label in ("Model and sequence", "模型和序列") for p in at.get("popover"))
    assert not at.download_button  # presenter mode: the picture, not the export controls


def test_holding_a_gate_by_button_then_clearing_it():
    at = new_app(preset="memory", t="20", unit="2")
    at.switch_page(STEP).run()
    before = f_equation(at)
    at.selectbox(key="step.wi_choice").set_value("f:1").run()
    at.button(key="step.wi_apply").click().run()
    no_exception(at)
    assert at.query_params["clamp"] == "f:1:20:2"
    assert "held at 1 from step 20" in warnings(at)
    assert "1.000" in f_equation(at) and f_equation(at) != before
    report_step(at, 21)  # stepped forward in the browser
    assert at.query_params["clamp"] == "f:1:20:2" and at.query_params["t"] == "21"
    at.button(key="step.wi_clear").click().run()
    no_exception(at)
    assert "clamp" not in at.query_params and not at.warning
    report_step(at, 20)
    assert f_equation(at) == before


def test_changing_one_input_value_in_chinese():
    at = new_app("zh", preset="sine", t="5")
    at.switch_page(STEP).run()
    at.segmented_control(key="step.wi_kind").set_value("edit").run()
    at.number_input(key="step.wi_value").set_value(2.5).run()
    at.button(key="step.wi_apply_edit").click().run()
    no_exception(at)
    assert at.query_params["edit"] == "5:2.5"
    assert "第 5 步的输入从" in warnings(at) and "改为 2.500" in warnings(at)
    assert at.session_state["step.edit"].value == 2.5


def test_a_character_model_counts_changed_predictions():
    at = new_app(preset="text", t="3", clamp="o:0:3:0")
    at.switch_page(STEP).run()
    no_exception(at)
    assert re.search(r"\d+ of the \d+ predicted characters change", warnings(at))


@pytest.mark.parametrize("clamp", ["f:0:30:99", "f:0:9999:1", "f:3:30:1"])
def test_a_what_if_link_that_does_not_fit_says_so_and_shows_the_original(clamp):
    at = new_app(preset="memory", clamp=clamp)
    at.switch_page(STEP).run()
    no_exception(at)
    assert "does not fit this model" in all_text(at)
    assert not at.warning and "clamp" not in at.query_params


def test_a_model_change_drops_the_what_if():
    at = new_app(preset="memory", clamp="f:0:30:2")
    at.switch_page(STEP).run()
    assert at.warning
    at.selectbox(key="step.model").set_value("random").run()
    no_exception(at)
    assert not at.warning and at.session_state["step.clamp"] is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_heatmaps_come_with_a_csv_and_a_summary_per_panel(lang):
    at = new_app(lang, preset="counting")
    at.switch_page(STEP).run()
    no_exception(at)
    assert at.download_button(key="step.heatmaps.csv") is not None
    lines = [c.value for c in at.caption if ("highest at unit" in c.value or "最大值在单元" in c.value)]
    assert len(lines) == 1 and len(lines[0].split("\n\n")) == 6  # one line per panel: i, f, g, o, c, h
    assert ("forget gate f" if lang == "en" else "遗忘门 f") in lines[0]


def test_presenter_mode_toggle_and_it_survives_a_page_switch():
    at = new_app(preset="memory")
    at.switch_page(STEP).run()
    at.toggle(key="_present_toggle").set_value(True).run()
    no_exception(at)
    assert at.query_params["present"] == "1"
    at.switch_page("app_pages/start.py").run()
    assert at.query_params.get("present") == "1" and at.session_state["present"] is True
    at.toggle(key="_present_toggle").set_value(False).run()
    assert "present" not in at.query_params


def test_the_drawing_mode_offers_a_pad_for_numbers_only():
    at = new_app(preset="sine")
    at.switch_page(STEP).run()
    at.selectbox(key="step.example").set_value("__custom__").run()
    at.segmented_control(key="step.input_mode").set_value("draw").run()
    no_exception(at)
    assert "60 steps, left to right" in all_text(at)
    at.selectbox(key="step.model").set_value("counting").run()
    at.selectbox(key="step.example").set_value("__custom__").run()
    no_exception(at)
    with pytest.raises(KeyError):
        at.segmented_control(key="step.input_mode")


def tick_sizes(at) -> list[set]:
    """Per chart (the page's, and the heatmaps in the player), the tick-label sizes set on its axes (None where the
    figure leaves them to the theme)."""
    layouts = [json.loads(chart.proto.spec)["layout"] for chart in at.get("plotly_chart")]
    layouts.append(player_data(at)["figure"]["layout"])
    return [{v.get("tickfont", {}).get("size") for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))}
            for layout in layouts]


def test_presenter_mode_sizes_every_charts_axes_for_the_projector():
    """Streamlit's chart theme draws ticks at its own small size over layout.font, so presenter mode sets them."""
    at = new_app("en", preset="memory", present="1")
    at.switch_page(STEP).run()
    no_exception(at)
    present = tick_sizes(at)
    assert present and all(s == {PRESENT_FONT_SIZE - 4} for s in present), present
    at = new_app("en", preset="memory")
    at.switch_page(STEP).run()
    assert all(None in s for s in tick_sizes(at))  # normal mode: the theme's sizes, like the rest of the page
