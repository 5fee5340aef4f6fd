"""UI strings, one module per area. Each module defines STRINGS: {key: {"en": ..., "zh": ...}}.

Keys are namespaced by area ("step.play", "data.empty_file") so modules never clash;
ui.i18n merges them and a test checks that every key has both languages.
"""
