"""Exception types and the one helper that formats every user-facing error.

Every error hypedetect shows a person reads the same way: ``<where>: <reason>``,
on one line, where ``<where>`` names the file (and line or row when known).
Control characters (terminal escape codes, a newline in a file name) are shown
escaped, never sent to the terminal raw.
"""

from __future__ import annotations

import re

__all__ = [
    "HypedetectError",
    "InputError",
    "LexiconError",
    "ModelError",
    "TrainingDataError",
    "format_error",
    "terminal_safe",
]

# C0 and C1 controls, DEL, and the invisible marks that reorder text on screen (Unicode bidi controls).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def terminal_safe(text: object, *, keep: str = "") -> str:
    r"""Return ``text`` with control characters escaped (``\x1b``, ``\n``), except those in ``keep``.

    Examples
    --------
    >>> terminal_safe("red\x1b[31m")
    'red\\x1b[31m'
    >>> print(terminal_safe("two\nlines"), terminal_safe("two\nlines", keep="\n") == "two\nlines")
    two\nlines True
    """
    return _UNSAFE.sub(lambda match: match.group() if match.group() in keep else _escaped(match), str(text))


def format_error(where: object, reason: str) -> str:
    r"""Return the one-line message ``"<where>: <reason>"``.

    Parameters
    ----------
    where : object
        The file, row or object the error is about (converted with ``str``).
    reason : str
        Why it failed, in plain words.

    Returns
    -------
    str
        A single line: whitespace runs in ``reason`` are folded into spaces, and
        other control characters (a newline in a file name too) are escaped.

    Examples
    --------
    >>> format_error("notes.txt", "file is empty")
    'notes.txt: file is empty'
    >>> format_error("a\nb.txt", "file is empty")
    'a\\nb.txt: file is empty'
    """
    reason_one_line = " ".join(str(reason).split())
    return f"{terminal_safe(where)}: {terminal_safe(reason_one_line)}"


class HypedetectError(Exception):
    """Base class of every error hypedetect raises on purpose.

    Parameters
    ----------
    where : object
        The file, row or object the error is about.
    reason : str
        Why it failed.
    """

    #: The exit code of a run this error stops (2: the command was given unusable data or options).
    exit_code = 1

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


class TrainingDataError(InputError):
    """Training data that cannot make a model (labels outside the accepted spellings, too few of a class)."""

    exit_code = 2
