"""KeyedError: the base of every error lstm_core raises for a person to read.

Each carries a message key and its values, so the UI can say it in the user's language (ui/strings, by key),
while str(error) is the English text from the subclass's MESSAGES. lstm_core never imports ui.
"""

from __future__ import annotations

from typing import ClassVar


class KeyedError(ValueError):
    """A message key and its values; str() is MESSAGES[key] filled in (English)."""

    MESSAGES: ClassVar[dict[str, str]] = {}

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        template = self.MESSAGES.get(key)
        try:
            message = template.format(**params) if template else f"{key}: {params}"
        except (KeyError, IndexError, ValueError):  # a wrong value must never hide the real error
            message = f"{key}: {params}"
        super().__init__(message)

    def __reduce__(self):  # keep key and params when pickled (e.g. by multiprocessing)
        return (_rebuild, (type(self), self.key, self.params))


def _rebuild(cls: type[KeyedError], key: str, params: dict) -> KeyedError:
    return cls(key, **params)
