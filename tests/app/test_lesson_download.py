"""The Step page's "Download this lesson (HTML, works offline)" (ui/step/lesson_export.py): offered in both
languages for a preset, a typed input and a what-if, not on the projector; its size is told before it is built."""

from __future__ import annotations

import pytest

from lstm_core.lessons import presets
from lstm_core.lstm.trace import trace
from tests.app.conftest import STEP, new_app, no_exception
from ui.player.export import MAX_BYTES, LessonRun, export
from ui.step.lesson_export import estimated_bytes
from ui.stepper import outputs

LABEL = {"en": "Download this lesson (HTML, works offline)", "zh": "下载本课（HTML，可离线使用）"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_step_page_offers_the_lesson_file_in_both_languages(lang):
    at = new_app(lang, preset="sine", t="12", unit="2", layer="1", clamp="f:0:10:2:1")
    at.switch_page(STEP).run()
    no_exception(at)
    button = at.download_button(key="step.lesson_download")
    assert button.label == LABEL[lang]
    assert button.proto.help  # what the file is, in the user's language


def test_not_on_the_projector():
    at = new_app(preset="memory", present="1")
    at.switch_page(STEP).run()
    no_exception(at)
    assert not [b for b in at.get("download_button") if b.proto.id.endswith("step.lesson_download")]


@pytest.mark.parametrize("name", presets.available())
def test_the_size_told_in_advance_bounds_the_file(name):
    model = presets.load(name)
    example = model.meta["examples"][0]
    run = outputs(model, trace(model.lstm, model.encode(example["input"])), 0.0)
    size = len(export(LessonRun(name, model, run, example["id"], example["input"]), "zh"))
    assert size <= estimated_bytes(run) <= MAX_BYTES
