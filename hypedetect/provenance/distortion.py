"""Text distortion: mask every content word, keep function words and punctuation.

Stamatatos (2017, "Authorship attribution using text distortion", EACL) shows
that style markers survive, and topic does not, when every word outside a short
list of the most frequent words of the language is replaced by a placeholder.
Here a masked word becomes one symbol that keeps its shape (the "DV-SA"
variant with three shape classes), so "Acme Corp today announced" and "Senator
Smith today introduced" both read ``^ ^ * *``:

- ``^`` a word starting with a capital letter (names, headline case),
- ``#`` a word starting with a digit (figures, dates),
- ``*`` any other word.

Punctuation is kept character by character; whitespace, line breaks included,
only separates tokens. Layout is not kept on purpose: whether a text has
paragraph breaks says how a corpus was stored (one release a line in one,
Markdown in another), not who wrote it, and a model given ``|`` for a line
break learnt exactly that. Each output token remembers the character span of
the text it came from, so an n-gram found in the distorted text can be shown
in the original.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from typing import NamedTuple

from hypedetect.document import Document

__all__ = [
    "CAPITALISED",
    "DIGIT",
    "MASKED",
    "DistortedText",
    "char_ngrams",
    "distort",
    "function_words",
    "token_ngrams",
]

MASKED = "*"
CAPITALISED = "^"
DIGIT = "#"


@functools.cache
def function_words() -> frozenset[str]:
    """Return the shipped closed list of function words (``data/provenance/function_words.txt``).

    Examples
    --------
    >>> {"the", "we", "said"} <= function_words()
    True
    >>> "announced" in function_words()
    False
    """
    text = resources.files("hypedetect.data").joinpath("provenance/function_words.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


class DistortedText(NamedTuple):
    """A distorted article: its tokens and, for each, the ``[start, end)`` span in the original text."""

    tokens: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @property
    def text(self) -> str:
        """The tokens joined by single spaces (the string character n-grams are taken from)."""
        return " ".join(self.tokens)


def _mask(original: str, lowered: str, kept: frozenset[str]) -> str:
    if lowered in kept:
        return lowered
    first = original[0]
    if first.isdigit():
        return DIGIT
    if first.isupper():
        return CAPITALISED
    return MASKED


def _gap_tokens(gap: str, offset: int) -> list[tuple[str, int, int]]:
    return [(char, offset + i, offset + i + 1) for i, char in enumerate(gap) if not char.isspace()]


def distort(doc: Document, kept: frozenset[str] | None = None) -> DistortedText:
    """Return the distorted tokens of a parsed document.

    Parameters
    ----------
    doc : Document
        From :func:`hypedetect.parse`; its word tokens are reused, nothing is re-tokenized.
    kept : frozenset of str, optional
        Words left visible; default :func:`function_words`.

    Returns
    -------
    DistortedText

    Examples
    --------
    >>> from hypedetect import parse
    >>> distort(parse("We are pleased to announce 3 new apps.")).text
    'we are * to * # * * .'
    """
    kept = function_words() if kept is None else kept
    text = doc.text
    out: list[tuple[str, int, int]] = []
    previous_end = 0
    for word, start, end in zip(doc.words, doc.word_starts, doc.word_ends, strict=True):
        out.extend(_gap_tokens(text[previous_end:start], previous_end))
        out.append((_mask(text[start:end], word, kept), start, end))
        previous_end = end
    out.extend(_gap_tokens(text[previous_end:], previous_end))
    if not out:
        return DistortedText((), (), ())
    tokens, starts, ends = zip(*out, strict=True)
    return DistortedText(tokens, starts, ends)


def token_ngrams(tokens: Sequence[str], sizes: Sequence[int] = (1, 2, 3)) -> list[str]:
    """Return the token n-grams of ``tokens``, prefixed ``w:`` and joined by spaces.

    Examples
    --------
    >>> token_ngrams(["we", "*", "."], sizes=(1, 2))
    ['w:we', 'w:*', 'w:.', 'w:we *', 'w:* .']
    """
    grams: list[str] = []
    for n in sizes:
        grams.extend("w:" + " ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_ngrams(text: str, sizes: Sequence[int] = (3, 4)) -> list[str]:
    """Return the character n-grams of a distorted text, prefixed ``c:``.

    Examples
    --------
    >>> char_ngrams("we *", sizes=(3,))
    ['c:we ', 'c:e *']
    """
    grams: list[str] = []
    for n in sizes:
        grams.extend("c:" + text[i:i + n] for i in range(len(text) - n + 1))
    return grams
