"""Binding widgets to language-independent values (ui/widgets.py)."""

from ui.widgets import canonical

LABELS = {"memory": {"en": "Long-delay memory", "zh": "长延迟记忆"}, "sine": {"en": "Sine wave", "zh": "正弦波"}}


def test_a_key_or_any_languages_label_gives_the_key():
    assert canonical("sine", LABELS) == "sine"
    assert canonical("长延迟记忆", LABELS) == "memory" and canonical("Sine wave", LABELS) == "sine"
    assert canonical("nope", LABELS) is None and canonical(None, LABELS) is None
