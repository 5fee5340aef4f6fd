"""Turn what a student types into a model input x of shape (T, input_size), or say clearly what is wrong.

InputError carries a key and params so the UI can say it in English or Chinese; str() is English.
"""

from __future__ import annotations

import re

import numpy as np

from lstm_core.errors import KeyedError

MAX_STEPS = 2000  # the step-through page draws every step; beyond this the heatmaps stop being readable

_SEPARATORS = re.compile(r"[,\s;，；、]+")
# Full-width digits and signs, 。 (what a Chinese keyboard types for "."), and the minus sign − (what the app's own
# labels and most documents print, so a copied value parses), read as their ASCII forms.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．。－＋−", "0123456789..-+-")

MESSAGES = {
    "empty": "The input is empty: type at least one value, e.g. 0, 0.5, 1",
    "not_a_number": "Item {position} is not a number: {token!r}. "
                    "Separate numbers with commas or spaces, e.g. 0, 0.5, 1",
    "not_finite": "Item {position} is {token!r}: only finite numbers can be fed to the LSTM",
    "too_long": "The input has {steps} steps; the most this page can show is {limit}. Shorten it.",
    "bad_chars": "These characters are not in the model's alphabet: {chars}. It knows: {alphabet}",
}


class InputError(KeyedError):
    """A typed input that cannot be used, with a key and params for translation."""

    MESSAGES = MESSAGES


def parse_numbers(text: str, limit: int = MAX_STEPS) -> np.ndarray:
    """"0, 0.5, 1" (commas, spaces, semicolons or full-width commas) -> array([0., 0.5, 1.])."""
    tokens = [tok for tok in _SEPARATORS.split(str(text).translate(_FULLWIDTH).strip()) if tok]
    if not tokens:
        raise InputError("empty")
    if len(tokens) > limit:
        raise InputError("too_long", steps=len(tokens), limit=limit)
    values = []
    for position, token in enumerate(tokens, start=1):
        try:
            value = float(token)
        except ValueError:
            raise InputError("not_a_number", position=position, token=token) from None
        if not np.isfinite(value):
            raise InputError("not_finite", position=position, token=token)
        values.append(value)
    return np.asarray(values, dtype=np.float64)


def one_hot_text(text: str, alphabet: str, limit: int = MAX_STEPS) -> np.ndarray:
    """Characters -> one-hot rows over `alphabet`, (T, len(alphabet)). Unknown characters are an error."""
    text = str(text)
    if not text:
        raise InputError("empty")
    if len(text) > limit:
        raise InputError("too_long", steps=len(text), limit=limit)
    unknown = sorted({ch for ch in text if ch not in alphabet})
    if unknown:
        shown = " ".join(repr(ch) for ch in unknown[:10])
        raise InputError("bad_chars", chars=shown, alphabet=alphabet)
    index = {ch: k for k, ch in enumerate(alphabet)}
    x = np.zeros((len(text), len(alphabet)))  # (T, V)
    x[np.arange(len(text)), [index[ch] for ch in text]] = 1.0
    return x
