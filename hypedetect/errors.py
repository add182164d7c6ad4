"""Exception types and the one helper that formats every user-facing error.

Every error hypedetect shows a person reads the same way: ``<where>: <reason>``,
on one line, where ``<where>`` names the file (and line or row when known).
"""

from __future__ import annotations

__all__ = [
    "HypedetectError",
    "InputError",
    "LexiconError",
    "ModelError",
    "format_error",
]


def format_error(where: object, reason: str) -> str:
    """Return the one-line message ``"<where>: <reason>"``.

    Parameters
    ----------
    where : object
        The file, row or object the error is about (converted with ``str``).
    reason : str
        Why it failed, in plain words.

    Returns
    -------
    str
        A single line; newlines in ``reason`` are folded into spaces.

    Examples
    --------
    >>> format_error("notes.txt", "file is empty")
    'notes.txt: file is empty'
    """
    reason_one_line = " ".join(str(reason).split())
    return f"{where}: {reason_one_line}"


class HypedetectError(Exception):
    """Base class of every error hypedetect raises on purpose.

    Parameters
    ----------
    where : object
        The file, row or object the error is about.
    reason : str
        Why it failed.
    """

    def __init__(self, where: object, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(format_error(where, reason))


class InputError(HypedetectError):
    """An input file or row cannot be read or scored."""


class LexiconError(HypedetectError):
    """A lexicon file is malformed, too large or not UTF-8."""


class ModelError(HypedetectError):
    """A model file is missing, untrusted or incompatible."""
