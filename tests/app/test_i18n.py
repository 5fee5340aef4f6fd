"""Every UI string exists in English and Chinese, with the same placeholders."""

import json
import re
import string

from ui.i18n import LANGS, STRINGS, t


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_both_languages_with_the_same_placeholders():
    assert set(LANGS) == {"en", "zh"}
    for key, texts in STRINGS.items():
        assert set(texts) == {"en", "zh"}, key
        assert texts["en"].strip() and texts["zh"].strip(), key
        assert placeholders(texts["en"]) == placeholders(texts["zh"]), key


def test_chinese_strings_are_chinese():
    untranslated = [k for k, v in STRINGS.items() if v["zh"] == v["en"] and any(c.isalpha() for c in v["en"])
                    and k not in {"app.title"}]
    assert not untranslated, untranslated


def test_t_formats_in_the_asked_language():
    assert t("step.equations", "zh", t=3, unit=1) == "第 t = 3 步、单元 1 的方程"
    assert t("step.equations", "en", t=3, unit=1) == "The equations at step t = 3, unit 1"


def test_every_training_data_message_is_translated_with_the_same_placeholders():
    from lstm_core.data.windows import TRAIN_ERRORS, TrainDataError

    for key, template in TRAIN_ERRORS.items():
        texts = STRINGS[f"traindata.{key}"]
        assert texts["en"] == template, key  # the UI's English is the engine's English
        assert placeholders(texts["zh"]) == placeholders(template), key
    assert {k.removeprefix("traindata.") for k in STRINGS if k.startswith("traindata.")} == set(TRAIN_ERRORS)
    err = TrainDataError("bad_window", window=0)
    assert str(err) == "window must be at least 1, got 0" and (err.key, err.params) == ("bad_window", {"window": 0})


HALF_WIDTH_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][,:;!?(]|[,:;!?][\u4e00-\u9fff]")  # 。, ： etc. belong there


def chinese_texts(node):
    """Every "zh" text in a nested dict/list, e.g. a preset's metadata."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "zh" and isinstance(value, str):
                yield value
            else:
                yield from chinese_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from chinese_texts(value)


def test_chinese_text_uses_full_width_punctuation():
    from lstm_core.lessons.presets import MODELS_DIR

    texts = [v["zh"] for v in STRINGS.values()]
    for meta in sorted(MODELS_DIR.glob("*.json")):
        texts += chinese_texts(json.loads(meta.read_text(encoding="utf-8")))
    assert len(texts) > len(STRINGS)  # the presets' texts were read too
    half_width = [text for text in texts if HALF_WIDTH_IN_CHINESE.search(text)]
    assert not half_width, half_width[:5]
    assert HALF_WIDTH_IN_CHINESE.search("长时记忆:记住") and not HALF_WIDTH_IN_CHINESE.search("长时记忆：记住")


def test_english_plurals_follow_the_count():
    assert t("train.unit.month", "en", n=1) == "1 month" and t("train.unit.month", "en", n=3) == "3 months"
    loaded = t("train.loaded_data", "en", name="a.csv", rows="1,200", cols=1)
    assert loaded == "**a.csv**: 1,200 rows, 1 numeric column."
    assert t("train.loaded_data", "en", name="a.csv", rows="1", cols=2).endswith("1 row, 2 numeric columns.")
    assert t("train.unit.month", "zh", n=3) == "3 个月"
