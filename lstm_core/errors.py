"""The errors lstm_core raises for a person to read, and only those.

GatescopeError is the base of every user error: bad data, a bad file, a setting that does not fit. Pages, the
CLI and the job code catch GatescopeError and say it; anything else is a bug of ours, logged with its traceback
and shown as "something went wrong on our side", never blamed on the user's data.

KeyedError carries a message key and its values, so the UI can say it in the user's language (ui/strings, by
key), while str(error) is the English text from the subclass's MESSAGES. lstm_core never imports ui.
"""

from __future__ import annotations

from typing import Any, ClassVar


class GatescopeError(ValueError):
    """A problem with what the user gave us (data, a file, a setting): its message says what to do.

    A ValueError, so code that already catches ValueError keeps working.
    """


class KeyedError(GatescopeError):
    """A message key and its values; str() is MESSAGES[key] filled in (English)."""

    MESSAGES: ClassVar[dict[str, str]] = {}

    def __init__(self, key: str, **params: Any) -> None:
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


class SettingError(GatescopeError):
    """A setting that cannot be used here: a device that is not available, a model size out of range."""
