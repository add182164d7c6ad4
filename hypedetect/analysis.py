"""One article, analysed once: the document and everything the extractors share.

``analyse(text, matcher)`` parses the text (or takes a parsed
:class:`~hypedetect.document.Document`) and matches every lexicon of the
feature set over its tokens in one pass. The other shared results (which tokens
are quoted, the claim sentences, the readability counts) are computed the
first time an extractor asks for them and kept on the :class:`Analysis` itself,
so they live exactly as long as the analysis: when the caller drops it,
everything built for the article goes with it. Nothing here is cached at
module level except pure per-word tables (a word's syllables and profile),
which are bounded.
"""

from __future__ import annotations

import bisect
import functools
import re
import struct
from array import array
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

import numpy as np

from hypedetect.document import Document, Span, parse
from hypedetect.lexicons import Match, PhraseMatcher
from hypedetect.syllables import count_syllables, is_difficult_word

__all__ = [
    "LONG_WORD_LETTERS",
    "MIN_CLAIM_WORDS",
    "Analysis",
    "Claim",
    "ReadabilityProfile",
    "TextCounts",
    "analyse",
]

#: A declarative sentence needs this many words to count as a claim.
MIN_CLAIM_WORDS = 4
#: A word with at least this many letters is a ``long_word`` (LIX: "more than six letters").
LONG_WORD_LETTERS = 7

T = TypeVar("T")

_CLOSERS = frozenset("\"'”’»)] ")


class Claim(NamedTuple):
    """A claim sentence: its index in ``doc.sentences``, the sentence and its token range."""

    index: int
    sentence: Span
    first: int
    end: int


class TextCounts(NamedTuple):
    """The counts every readability formula is computed from.

    Attributes
    ----------
    sentences : int
        Prose sentences and headings (block lines excluded).
    words : int
        Tokens containing a letter, inside those sentences.
    syllables : int
        Syllables of those words.
    letters : int
        Alphabetic characters of those words.
    characters : int
        Letters and digits of those words.
    polysyllables : int
        Words of three or more syllables.
    difficult_words : int
        Words not on the Dale-Chall easy list.
    complex_words : int
        Words both difficult and polysyllabic (textstat's Gunning fog count).

    """

    sentences: int = 0
    words: int = 0
    syllables: int = 0
    letters: int = 0
    characters: int = 0
    polysyllables: int = 0
    difficult_words: int = 0
    complex_words: int = 0


class ReadabilityProfile(NamedTuple):
    """The readability counts of one document and the units they come from.

    Attributes
    ----------
    counts : TextCounts
    sentences : tuple of Span
        The counted sentences (block lines and word-less sentences left out).
    sentence_lengths : tuple of int
        Counted words in each of them.
    word_ids : array of int
        The counted words in text order, as indices into ``doc.vocabulary``.
    long_words : array of int
        Token indices of the counted words of :data:`LONG_WORD_LETTERS` letters or more.
    """

    counts: TextCounts
    sentences: tuple[Span, ...]
    sentence_lengths: tuple[int, ...]
    word_ids: Sequence[int]
    long_words: Sequence[int]


@dataclass(frozen=True, eq=False)
class Analysis:
    """One article and the results its extractors share, each computed at most once.

    Attributes
    ----------
    doc : Document
        The parsed article.
    matches : tuple of Match
        Every hit of the feature set's lexicons, in token order (see
        :class:`~hypedetect.lexicons.PhraseMatcher`).
    """

    doc: Document
    matches: tuple[Match, ...] = ()

    def matches_of(self, categories: Container[str]) -> list[Match]:
        """Return the lexicon matches whose category is in ``categories``, in token order."""
        return [match for match in self.matches if match.category in categories]

    def shared(self, key: object, compute: Callable[[], T]) -> T:
        """Return ``compute()``, computed once per analysis for ``key`` (e.g. the object that scores it).

        Parameters
        ----------
        key : hashable
            Names the result; the same key on the same analysis returns the same result.
        compute : callable
            Called with no argument the first time ``key`` is asked for.

        Returns
        -------
        object
        """
        results = self._shared
        if key not in results:
            results[key] = compute()
        return results[key]

    @functools.cached_property
    def _shared(self) -> dict:
        return {}

    @functools.cached_property
    def quoted_tokens(self) -> bytearray:
        """A 0/1 flag per token: inside one of ``doc.quotes``."""
        doc = self.doc
        flags = bytearray(doc.n_words)
        starts = doc.word_starts
        for first, end in _token_ranges(starts, doc.quotes):
            flags[first:end] = b"\x01" * (end - first)
        return flags

    @functools.cached_property
    def claims(self) -> tuple[Claim, ...]:
        """The claim sentences: a ``sentence`` that is not a question, of :data:`MIN_CLAIM_WORDS` words or more."""
        doc = self.doc
        text = doc.text
        claims = []
        for index, (sentence, (first, end)) in enumerate(zip(doc.sentences, doc.sentence_tokens, strict=True)):
            if sentence.kind != "sentence":
                continue
            last = sentence.end - 1
            while last > sentence.start and text[last] in _CLOSERS:
                last -= 1
            if end - first >= MIN_CLAIM_WORDS and text[last] != "?":
                claims.append(Claim(index, sentence, first, end))
        return tuple(claims)

    @functools.cached_property
    def readability(self) -> ReadabilityProfile:
        """The readability counts (see :mod:`hypedetect.extractors.readability` for what each counts)."""
        return _readability_profile(self.doc)


def analyse(text: str | Document, matcher: PhraseMatcher | None = None) -> Analysis:
    """Parse ``text`` (unless it is a Document already) and match ``matcher``'s lexicons over it.

    Parameters
    ----------
    text : str or Document
        One article.
    matcher : PhraseMatcher, optional
        The lexicons of every extractor that will read the analysis; None for no lexicon matches.

    Returns
    -------
    Analysis

    Examples
    --------
    >>> from hypedetect.lexicons import Lexicon
    >>> analysis = analyse("It may rain.", PhraseMatcher([Lexicon("hedges", ("may",))]))
    >>> analysis.matches
    (Match(category='hedges', first=1, end=2),)
    """
    doc = text if isinstance(text, Document) else parse(text)
    if matcher is None:
        return Analysis(doc)
    return Analysis(doc, tuple(matcher.find(doc.words, vocabulary=doc.vocabulary, word_ids=doc.word_ids)))


def _token_ranges(starts: Sequence[int], spans: Sequence[Span]) -> list[tuple[int, int]]:
    return [(bisect.bisect_left(starts, span.start), bisect.bisect_left(starts, span.end)) for span in spans]


# --------------------------------------------------------------------------- readability counts

class _WordProfile(NamedTuple):
    counted: int  # the token counts as a word: it has a letter, or does not start with a digit or "_"
    is_word: int  # it has an alphabetic character (only such words carry syllables and letters)
    syllables: int
    letters: int
    characters: int
    polysyllabic: int
    difficult: int
    complex: int
    long: int


_HAS_LETTER = re.compile(r"[^\W\d_]").search


def _word_profile(word: str) -> _WordProfile:
    # Only a token that starts with a digit or "_" can lack letters ("2024", "1,000").
    counted = int(not ((word[0].isdigit() or word[0] == "_") and not _HAS_LETTER(word)))
    letters = sum(1 for char in word if char.isalpha())
    if not letters:
        return _WordProfile(counted, 0, 0, 0, 0, 0, 0, 0, 0)
    syllables = count_syllables(word)
    difficult = is_difficult_word(word)
    return _WordProfile(
        counted=counted,
        is_word=1,
        syllables=syllables,
        letters=letters,
        characters=sum(1 for char in word if char.isalnum()),
        polysyllabic=int(syllables >= 3),
        difficult=int(difficult),
        complex=int(difficult and syllables >= 3),
        long=int(letters >= LONG_WORD_LETTERS),
    )


_ROW = struct.Struct(f"{len(_WordProfile._fields)}i")
_COUNTED, _LONG = _WordProfile._fields.index("counted"), _WordProfile._fields.index("long")


@functools.lru_cache(maxsize=1 << 16)
def _word_row(word: str) -> bytes:
    # A pure per-word table, bounded. Cached packed, not as a _WordProfile: a document's table is then one
    # bytes join instead of a slow list-of-tuples conversion, and the cache holds no objects the garbage
    # collector has to visit.
    return _ROW.pack(*_word_profile(word))


def _profile_table(vocabulary: Sequence[str]) -> np.ndarray:
    """Return the :class:`_WordProfile` of each distinct word as one row of an integer array."""
    rows = b"".join(map(_word_row, vocabulary))
    return np.frombuffer(rows, dtype=np.int32).reshape(len(vocabulary), len(_WordProfile._fields))


def _readability_profile(doc: Document) -> ReadabilityProfile:
    # Per-word work is done once per distinct word, then spread over the tokens by array indexing.
    table = _profile_table(doc.vocabulary)
    ids = doc.word_ids
    counted = table[ids, _COUNTED]
    words_before = np.concatenate(([0], np.cumsum(counted, dtype=np.int64)))
    sentences, lengths, firsts, ends = [], [], [], []
    for sentence, (first, end) in zip(doc.sentences, doc.sentence_tokens, strict=True):
        if sentence.kind == "block":
            continue
        length = int(words_before[end] - words_before[first])
        if length:
            sentences.append(sentence)
            lengths.append(length)
            firsts.append(first)
            ends.append(end)
    # Sentences never overlap: +1 at each first token, -1 after each last, summed, marks the tokens inside one.
    size = len(ids) + 1
    marks = np.bincount(np.asarray(firsts, dtype=np.intp), minlength=size)
    marks -= np.bincount(np.asarray(ends, dtype=np.intp), minlength=size)
    inside = np.cumsum(marks[:-1]) > 0
    counted_tokens = inside & (counted == 1)
    counted_ids = ids[counted_tokens]
    total = _WordProfile(*(np.bincount(counted_ids, minlength=len(table)) @ table).tolist())
    counts = TextCounts(
        sentences=len(sentences),
        words=total.is_word,
        syllables=total.syllables,
        letters=total.letters,
        characters=total.characters,
        polysyllables=total.polysyllabic,
        difficult_words=total.difficult,
        complex_words=total.complex,
    )
    return ReadabilityProfile(
        counts=counts,
        sentences=tuple(sentences),
        sentence_lengths=tuple(lengths),
        word_ids=array("q", counted_ids.astype(np.int64).tobytes()),
        long_words=array("q", np.flatnonzero(counted_tokens & (table[ids, _LONG] == 1)).astype(np.int64).tobytes()),
    )
