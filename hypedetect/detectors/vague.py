"""Vague quantifiers and passive attributions: the ``vague_quantifiers`` hedging category.

Wikipedia's "Words to watch" and the CoNLL-2010 weasel guidelines single out
claims whose subject is an unquantified crowd ("many experts believe",
"several studies have found") and attributions that name no one ("is known
to"). The quantifier entries of ``vague_quantifiers.txt`` are counted only when
they open a clause (sentence start, or after a comma or a clause word such as
"that" or "but") and a reporting verb (``reporting_verbs.txt``) or one of the
opinion and finding verbs below follows within four words; the passive entries
(first word a form of "be") are counted anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from hypedetect.document import Document
from hypedetect.lexicons import Lexicon, PhraseMatcher, load_lexicon

__all__ = ["VagueMatch", "find_vague_attributions", "vague_attribution_spans"]

#: Words after which a new clause, hence a new subject, can start.
CLAUSE_OPENERS = frozenset({"that", "but", "and", "while", "although", "though", "because", "yet", "since",
                            "whereas", "as", "so", "however", "meanwhile", "moreover"})

#: Opinion and finding verbs a vague crowd is said to hold or reach (Words to watch examples:
#: "believe", "think", "feel", "agree", "consider", "suggest", "show", "find"), with the auxiliaries before them.
OPINION_VERBS = frozenset({
    "believe", "believed", "believes", "think", "thought", "feel", "felt", "agree", "agreed", "consider",
    "considered", "suggest", "suggested", "show", "showed", "shown", "find", "found", "fear", "feared",
    "worry", "worried", "expect", "expected", "predict", "predicted", "regard", "see", "view", "doubt",
    "doubted", "question", "questioned", "criticize", "criticized", "criticise", "criticised", "praise",
    "praised", "have", "has", "had", "are", "were", "would", "will", "may", "might", "could", "can",
})

_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_WINDOW = 4


class VagueMatch(NamedTuple):
    """A vague quantifier or passive attribution: ``kind`` and its token range ``[first, end)``."""

    kind: str
    first: int
    end: int


def _split(lexicon: Lexicon) -> tuple[Lexicon, Lexicon]:
    passive = tuple(e for e in lexicon.entries if e.split()[0] in _BE)
    quantifiers = tuple(e for e in lexicon.entries if e.split()[0] not in _BE)
    return (Lexicon("quantifier", quantifiers, lexicon.provenance),
            Lexicon("passive_attribution", passive, lexicon.provenance))


def _matcher() -> PhraseMatcher:
    quantifiers, passive = _split(load_lexicon("vague_quantifiers"))
    return PhraseMatcher([quantifiers, passive, Lexicon("verb", load_lexicon("reporting_verbs").entries)])


def find_vague_attributions(words: Sequence[str], sentence_starts: Sequence[int] = (0,), *,
                            punctuation_before: Sequence[bool] | None = None,
                            matcher: PhraseMatcher | None = None) -> list[VagueMatch]:
    """Return the vague quantifiers heading a claim's subject, and the passive attributions, in ``words``.

    Parameters
    ----------
    words : sequence of str
        Lower-cased word tokens.
    sentence_starts : sequence of int
        Token indices where sentences begin.
    punctuation_before : sequence of bool, optional
        Whether a comma, semicolon, colon or dash precedes each token (a clause may open there).
    matcher : PhraseMatcher, optional
        A matcher built once by the caller over the same lexicons.

    Returns
    -------
    list of VagueMatch
        ``kind`` is ``vague_quantifier`` (the quantifier's tokens) or
        ``passive_attribution``, in token order.

    Examples
    --------
    >>> words = "many experts believe the plan works but it is known to fail".split()
    >>> [(m.kind, m.first, m.end) for m in find_vague_attributions(words)]
    [('vague_quantifier', 0, 1), ('passive_attribution', 8, 11)]
    >>> find_vague_attributions("he ate many apples".split())
    []
    """
    matcher = matcher or _matcher()
    hits = matcher.find(list(words)) if words else []
    verb_at = {m.first for m in hits if m.category == "verb"}
    starts = set(sentence_starts)
    found = []
    for m in hits:
        if m.category == "passive_attribution":
            found.append(VagueMatch("passive_attribution", m.first, m.end))
        elif m.category == "quantifier":
            opens = (m.first in starts or words[m.first - 1] in CLAUSE_OPENERS
                     or (punctuation_before is not None and punctuation_before[m.first]))
            window = range(m.end, min(m.end + _WINDOW, len(words)))
            if opens and any(i in verb_at or words[i] in OPINION_VERBS for i in window):
                found.append(VagueMatch("vague_quantifier", m.first, m.end))
    return found


def vague_attribution_spans(doc: Document) -> list[tuple[int, int, str]]:
    """Return ``(start, end, kind)`` character spans of :func:`find_vague_attributions` in ``doc``.

    Examples
    --------
    >>> from hypedetect.document import parse
    >>> doc = parse("Officials met. Many analysts say, however, that several firms are known to cheat.")
    >>> [(doc.text[s:e], kind) for s, e, kind in vague_attribution_spans(doc)]
    [('Many', 'vague_quantifier'), ('several', 'vague_quantifier'), ('are known to', 'passive_attribution')]
    """
    starts = [first for first, _ in doc.sentence_tokens]
    text = doc.text
    punctuation = [i > 0 and any(c in ",;:—–" for c in text[doc.word_ends[i - 1]:doc.word_starts[i]])
                   for i in range(doc.n_words)]
    return [(doc.word_starts[m.first], doc.word_ends[m.end - 1], m.kind)
            for m in find_vague_attributions(doc.words, starts, punctuation_before=punctuation)]
