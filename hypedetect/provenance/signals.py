"""Provenance signals a reader can check: who speaks, which formulas, how quotes are attributed.

Each signal is a pure function of a parsed :class:`~hypedetect.document.Document`
and comes with the spans it counted, so a value shown to a reader can always be
traced to phrases in the text:

- ``first_person_singular_outside_quotes_per_1k``: "I", "me", "my" in the
  writer's own voice (a campaign creator's pitch, an opinion piece);
- ``{category}_per_1k`` for the boilerplate lexicons in ``data/provenance``
  that the corpus cleaner does not strip (self-description, forward-looking
  statements, statement formulas);
- ``attributed_quote_share``: the share of quotations (3+ words) with a verb
  of saying within 8 words ("...", she said); reporting attributes what it
  quotes, a pitch or a statement quotes slogans and titles without a speaker.

The institutional first person ("we", "our", "us" outside quotes), the
announcement formulas, calls to action ("for more information", "visit our"),
puffery ("award-winning") and the quote rate are already features of the
promotional and sourcing extractors; their lexicons are not repeated here.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from importlib import resources
from typing import NamedTuple

from hypedetect.document import Document
from hypedetect.lexicons import Lexicon, PhraseMatcher, read_lexicon_file

__all__ = ["BOILERPLATE_CATEGORIES", "SIGNAL_NAMES", "Signal", "boilerplate_lexicons", "signals"]

#: The boilerplate lexicons shipped in ``hypedetect/data/provenance`` (file stems).
BOILERPLATE_CATEGORIES = ("self_description", "forward_looking", "statement_formula")

_SINGULAR = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'll", "i'd"})
_SAYING = frozenset({"said", "says", "say", "told", "according", "added", "explained", "noted", "stated"})
#: Words either side of a quotation searched for a verb of saying.
_ATTRIBUTION_WINDOW = 8

#: Every signal's feature name, in column order.
SIGNAL_NAMES = (
    "first_person_singular_outside_quotes_per_1k",
    *(f"{category}_per_1k" for category in BOILERPLATE_CATEGORIES),
    "attributed_quote_share",
)


class Signal(NamedTuple):
    """One signal's value and the character spans it counted."""

    name: str
    value: float
    spans: tuple[tuple[int, int], ...]


@functools.cache
def boilerplate_lexicons() -> tuple[Lexicon, ...]:
    """Return the shipped boilerplate lexicons, one per :data:`BOILERPLATE_CATEGORIES` entry."""
    folder = resources.files("hypedetect.data").joinpath("provenance")
    lexicons = []
    for category in BOILERPLATE_CATEGORIES:
        with resources.as_file(folder.joinpath(f"{category}.txt")) as path:
            lexicons.append(read_lexicon_file(path))
    return tuple(lexicons)


@functools.cache
def _matcher() -> PhraseMatcher:
    return PhraseMatcher(boilerplate_lexicons())


def _quoted_mask(doc: Document) -> list[bool]:
    starts = doc.word_starts
    mask = [False] * doc.n_words
    for quote in doc.quotes:
        for i in range(bisect.bisect_left(starts, quote.start), bisect.bisect_left(starts, quote.end)):
            mask[i] = True
    return mask


def _per_1k(count: int, n_words: int) -> float:
    return 1000.0 * count / n_words if n_words else 0.0


def _is_attributed(doc: Document, first: int, end: int) -> bool:
    before = doc.words[max(first - _ATTRIBUTION_WINDOW, 0):first]
    after = doc.words[end:end + _ATTRIBUTION_WINDOW]
    return any(word in _SAYING for word in (*before, *after))


def signals(doc: Document) -> list[Signal]:
    """Return every provenance signal of ``doc`` with its evidence spans, in :data:`SIGNAL_NAMES` order.

    Parameters
    ----------
    doc : Document

    Returns
    -------
    list of Signal

    Examples
    --------
    >>> from hypedetect import parse
    >>> found = {s.name: s for s in signals(parse('"It works very well," she said. I love it.'))}
    >>> found["attributed_quote_share"].value
    1.0
    >>> found["first_person_singular_outside_quotes_per_1k"].spans
    ((32, 33),)
    """
    n = doc.n_words
    quoted = _quoted_mask(doc)
    singular = [i for i, word in enumerate(doc.words) if word in _SINGULAR and not quoted[i]]
    out = [Signal(SIGNAL_NAMES[0], _per_1k(len(singular), n),
                  tuple((doc.word_starts[i], doc.word_ends[i]) for i in singular))]
    matches = _matcher().find(doc.words, vocabulary=doc.vocabulary, word_ids=doc.word_ids)
    for category in BOILERPLATE_CATEGORIES:
        hits = [m for m in matches if m.category == category]
        out.append(Signal(f"{category}_per_1k", _per_1k(len(hits), n),
                          tuple((doc.word_starts[m.first], doc.word_ends[m.end - 1]) for m in hits)))
    starts = doc.word_starts
    ranges = [(bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end), q) for q in doc.quotes]
    ranges = [(first, end, q) for first, end, q in ranges if end - first >= 3]
    attributed = [q for first, end, q in ranges if _is_attributed(doc, first, end)]
    out.append(Signal("attributed_quote_share", len(attributed) / len(ranges) if ranges else 0.0,
                      tuple((q.start, q.end) for q in attributed)))
    return out


def signal_values(docs: Sequence[Document]) -> list[list[float]]:
    """Return the signal values of each document (rows in :data:`SIGNAL_NAMES` order)."""
    return [[s.value for s in signals(doc)] for doc in docs]
