"""Readability: the classic grade formulas, sentence length and lexical diversity.

The seven formulas are those of textstat 0.7.13, constant for constant and
zero-guard for zero-guard, written as pure functions of one :class:`TextCounts`
so that, given the same counts, they return textstat's numbers. The counts
differ from textstat's because they come from the parsed
:class:`~hypedetect.document.Document`, not from re-splitting the raw text:

- **sentences** are ``doc.sentences`` except lines of flagged blocks (list
  items, tag lines, viral-phrase lists: not prose) and sentences without a
  word. Headings (a line with no closing punctuation, such as the headline)
  count: a reader takes them in as one unit, and a text typed without full
  stops would otherwise have no sentence at all.
- **words** are the tokens of those sentences that contain a letter, so
  ``3.5`` or ``2024`` neither lengthens a sentence nor carries syllables;
  ``well-known`` and ``U.S.`` are one word each.
- **syllables**, **polysyllables** (three or more) and **difficult words**
  (not on the Dale-Chall easy list) come from :mod:`hypedetect.syllables`;
  **letters** are alphabetic characters of the words, **characters** their
  letters and digits (ARI's "characters").

The remaining features: mean and (population) standard deviation of sentence
length in words; the share of sentences longer than 35 words (evidence
``long_sentence``: twice the 15-20 word average that plain-English style
guides recommend); the share of words of seven or more letters (evidence
``long_word``: Björnsson's 1968 LIX long word, which needs no syllable
dictionary); and MTLD lexical diversity (McCarthy & Jarvis 2010).

On an empty text, or one without a word, every feature is 0.0.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Mapping, Sequence
from typing import ClassVar

from hypedetect.analysis import LONG_WORD_LETTERS, Analysis, TextCounts, analyse
from hypedetect.document import Document
from hypedetect.extractors.base import SCORE, SHARE, Category, Dimension, Evidence, Extractor, Feature

__all__ = [
    "DIMENSION",
    "LONG_SENTENCE_WORDS",
    "LONG_WORD_LETTERS",
    "MTLD_THRESHOLD",
    "Readability",
    "TextCounts",
    "automated_readability_index",
    "coleman_liau_index",
    "dale_chall_score",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "gunning_fog",
    "mtld",
    "smog_index",
    "text_counts",
]

#: A sentence with more words than this is a ``long_sentence``.
LONG_SENTENCE_WORDS = 35
#: The type-token ratio at which an MTLD factor ends (McCarthy & Jarvis 2010).
MTLD_THRESHOLD = 0.72


# --------------------------------------------------------------------------- the seven formulas

def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def flesch_reading_ease(counts: TextCounts) -> float:
    """Flesch (1948) reading ease: higher is easier; 0.0 without words or syllables.

    Examples
    --------
    >>> round(flesch_reading_ease(TextCounts(sentences=2, words=20, syllables=30)), 4)
    69.785

    """
    words_per_sentence = _ratio(counts.words, counts.sentences)
    syllables_per_word = _ratio(counts.syllables, counts.words)
    if words_per_sentence == 0 or syllables_per_word == 0:
        return 0.0
    return 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word


def flesch_kincaid_grade(counts: TextCounts) -> float:
    """Flesch-Kincaid grade level (Kincaid et al. 1975); 0.0 without words or syllables.

    Examples
    --------
    >>> round(flesch_kincaid_grade(TextCounts(sentences=2, words=20, syllables=30)), 4)
    6.01

    """
    words_per_sentence = _ratio(counts.words, counts.sentences)
    syllables_per_word = _ratio(counts.syllables, counts.words)
    if words_per_sentence == 0 or syllables_per_word == 0:
        return 0.0
    return 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59


def gunning_fog(counts: TextCounts) -> float:
    """Gunning (1952) fog index over ``complex_words``; 0.0 without words.

    Examples
    --------
    >>> round(gunning_fog(TextCounts(sentences=2, words=20, complex_words=2)), 4)
    8.0

    """
    if not counts.words:
        return 0.0
    percent_complex = 100 * counts.complex_words / counts.words
    return 0.4 * (_ratio(counts.words, counts.sentences) + percent_complex)


def smog_index(counts: TextCounts) -> float:
    """McLaughlin (1969) SMOG grade, without the 30-sentence sample; 0.0 without sentences.

    Examples
    --------
    >>> round(smog_index(TextCounts(sentences=30, polysyllables=9)), 4)
    6.2581

    """
    if not counts.sentences:
        return 0.0
    return 1.043 * (30 * counts.polysyllables / counts.sentences) ** 0.5 + 3.1291


def coleman_liau_index(counts: TextCounts) -> float:
    """Coleman & Liau (1975) index from letters and sentences per 100 words.

    Returns 0.0 without letters or sentences.

    Examples
    --------
    >>> round(coleman_liau_index(TextCounts(sentences=5, words=100, letters=450)), 4)
    8.82

    """
    letters_per_100_words = 100 * _ratio(counts.letters, counts.words)
    sentences_per_100_words = 100 * _ratio(counts.sentences, counts.words)
    if letters_per_100_words == 0 or sentences_per_100_words == 0:
        return 0.0
    return 0.058 * letters_per_100_words - 0.296 * sentences_per_100_words - 15.8


def automated_readability_index(counts: TextCounts) -> float:
    """Smith & Senter (1967) automated readability index; 0.0 without characters or words.

    Examples
    --------
    >>> round(automated_readability_index(TextCounts(sentences=2, words=20, characters=100)), 4)
    7.12

    """
    characters_per_word = _ratio(counts.characters, counts.words)
    words_per_sentence = _ratio(counts.words, counts.sentences)
    if characters_per_word == 0 or words_per_sentence == 0:
        return 0.0
    return 4.71 * characters_per_word + 0.5 * words_per_sentence - 21.43


def dale_chall_score(counts: TextCounts) -> float:
    """Dale & Chall (1948) score; adds 3.6365 above 5 % difficult words; 0.0 without words.

    Examples
    --------
    >>> round(dale_chall_score(TextCounts(sentences=2, words=20, difficult_words=2)), 4)
    5.7115

    """
    if not counts.words:
        return 0.0
    percent_difficult = 100 * counts.difficult_words / counts.words
    score = 0.1579 * percent_difficult + 0.0496 * _ratio(counts.words, counts.sentences)
    if percent_difficult > 5:
        score += 3.6365
    return score


# --------------------------------------------------------------------------- lexical diversity

#: Run lengths covered by the precomputed table of type limits; a longer run (TTR above the threshold for
#: over 65,536 tokens) computes its limit directly.
_LIMIT_TABLE_SIZE = 1 << 16


def _type_limit(threshold: float, n: int) -> int:
    """Return the most types ``k`` with ``k / n <= threshold`` in a run of ``n`` tokens (-1 for none)."""
    if n == 0:
        return -1
    k = min(max(math.floor(threshold * n), -1), n)
    while k < n and (k + 1) / n <= threshold:
        k += 1
    while k >= 0 and k / n > threshold:
        k -= 1
    return k


@functools.lru_cache(maxsize=4)
def _type_limits(threshold: float) -> tuple[int, ...]:
    """Return :func:`_type_limit` for every run length below :data:`_LIMIT_TABLE_SIZE`.

    Comparing a run's type count with this table is the same test as
    ``types / n <= threshold`` (the ratio grows with ``k``), without a division per token.
    """
    return tuple(_type_limit(threshold, n) for n in range(_LIMIT_TABLE_SIZE))


def _mtld_factors(ids: Sequence[int], n_types: int, threshold: float) -> float:
    """Count the MTLD factors of one pass over type ids ``0 .. n_types - 1``."""
    limits = _type_limits(threshold)
    # A type counts once per factor: it is new when last seen in an earlier factor.
    factor_of = [-1] * n_types
    factors = types = length = 0
    for token in ids:
        length += 1
        if factor_of[token] != factors:
            factor_of[token] = factors
            types += 1
        try:
            limit = limits[length]
        except IndexError:
            limit = _type_limit(threshold, length)
        if types <= limit:
            factors += 1
            types = length = 0
    ratio = types / length if length else 1.0
    # The unfinished last segment counts as the part of a factor it has covered.
    return factors + (1.0 - ratio) / (1.0 - threshold)


def _mtld_of_ids(ids: Sequence[int], n_types: int, threshold: float = MTLD_THRESHOLD) -> float:
    """Return :func:`mtld` of tokens given as type ids ``0 .. n_types - 1``."""
    if not ids:
        return 0.0
    passes = []
    for ordered in (ids, ids[::-1]):
        factors = _mtld_factors(ordered, n_types, threshold)
        passes.append(len(ids) / factors if factors else float(len(ids)))
    return sum(passes) / 2


def mtld(tokens: Sequence[str], threshold: float = MTLD_THRESHOLD) -> float:
    """Measure of textual lexical diversity (McCarthy & Jarvis 2010).

    The mean length of the runs of tokens over which the type-token ratio stays
    above ``threshold``, counting the last, unfinished run as a partial factor;
    the average of a forward and a backward pass.

    Parameters
    ----------
    tokens : sequence of str
        Word tokens, already lower-cased.
    threshold : float, default 0.72
        The type-token ratio at which a factor is complete.

    Returns
    -------
    float
        0.0 for no tokens. When a pass ends no factor at all (every token is a
        new type), its value is the number of tokens, the lower bound of the
        undefined ratio, so the result stays finite.

    Examples
    --------
    >>> mtld(["the", "cat", "sat", "the", "cat", "sat"])
    6.0
    >>> mtld(["one"])
    1.0

    """
    type_ids: dict[str, int] = {}
    ids = [type_ids.setdefault(token, len(type_ids)) for token in tokens]
    return _mtld_of_ids(ids, len(type_ids), threshold)


# --------------------------------------------------------------------------- counting

def text_counts(doc: Document | Analysis) -> TextCounts:
    r"""Return the counts the readability formulas of ``doc`` are computed from.

    Parameters
    ----------
    doc : Document or Analysis
        A parsed (or analysed) article.

    Returns
    -------
    TextCounts

    Examples
    --------
    >>> from hypedetect.document import parse
    >>> text_counts(parse("Storm hits coast\n\nWinds reached 120 km/h, officials said."))
    TextCounts(sentences=2, words=9, syllables=11, letters=42, characters=42,
               polysyllables=1, difficult_words=6, complex_words=1)

    """
    analysis = doc if isinstance(doc, Analysis) else analyse(doc)
    return analysis.readability.counts


# --------------------------------------------------------------------------- the extractor

_FORMULAS = {
    "flesch_reading_ease": flesch_reading_ease,
    "flesch_kincaid_grade": flesch_kincaid_grade,
    "gunning_fog": gunning_fog,
    "smog_index": smog_index,
    "coleman_liau_index": coleman_liau_index,
    "automated_readability_index": automated_readability_index,
    "dale_chall_score": dale_chall_score,
}
DIMENSION = Dimension(
    name="readability",
    meaning="textstat's seven readability formulas computed from the parsed text, sentence length and its "
    "spread, long sentences and long words, and lexical diversity (MTLD).",
    colour="#CC79A7",
    fill="#eee3f7",
    terminal_colour=None,
    lexicons=(),
    categories=(
        Category("long_sentence", "a long sentence", "#9d4edd", style="line"),
        Category("long_word", "a long word", "#eadcf8", quiet=True),
    ),
    features=(
        Feature("flesch_reading_ease", SCORE, "Flesch reading ease (higher is easier)", modelled=False),
        Feature("flesch_kincaid_grade", SCORE, "Flesch-Kincaid grade level", summary=1, modelled=False),
        Feature("gunning_fog", SCORE, "Gunning fog index", modelled=False),
        Feature("smog_index", SCORE, "SMOG grade", modelled=False),
        Feature("coleman_liau_index", SCORE, "Coleman-Liau index", modelled=False),
        Feature("automated_readability_index", SCORE, "automated readability index", modelled=False),
        Feature("dale_chall_score", SCORE, "Dale-Chall score", modelled=False),
        Feature("mean_sentence_length", SCORE, "mean sentence length in words"),
        Feature("sentence_length_sd", SCORE, "standard deviation of sentence length in words", modelled=False),
        Feature("long_sentence_share", SHARE, "long_sentence spans / sentences", modelled=False),
        Feature("long_word_share", SHARE, "long_word spans / words"),
        Feature("mtld", SCORE, "lexical diversity (MTLD)", modelled=False),
    ),
)


class Readability(Extractor):
    """Score how hard a text is to read.

    Features (prefixed ``readability__``): the seven textstat formulas
    ``flesch_reading_ease``, ``flesch_kincaid_grade``, ``gunning_fog``,
    ``smog_index``, ``coleman_liau_index``, ``automated_readability_index``,
    ``dale_chall_score`` (reproducible from :func:`text_counts`);
    ``mean_sentence_length`` and ``sentence_length_sd`` in words;
    ``long_sentence_share`` (``long_sentence`` evidence / sentences);
    ``long_word_share`` (``long_word`` evidence / words); and ``mtld``.
    The module docstring defines every count.

    Examples
    --------
    >>> extractor = Readability().fit([])
    >>> row = extractor.transform(["The cat sat on the mat. It was happy."])[0]
    >>> str(extractor.get_feature_names_out()[0]), round(float(row[0]), 2)
    ('readability__flesch_reading_ease', 108.27)

    """

    declaration: ClassVar[Dimension] = DIMENSION

    def __init__(self) -> None:
        pass

    def evidence(self, analysis: Analysis | Document) -> list[Evidence]:
        """Return every ``long_sentence`` and ``long_word`` in the article, in text order."""
        analysis = self.analyse(analysis)
        doc = analysis.doc
        profile = analysis.readability
        text = doc.text
        long_sentences = [
            (sentence.start, sentence.end)
            for sentence, length in zip(profile.sentences, profile.sentence_lengths, strict=True)
            if length > LONG_SENTENCE_WORDS
        ]
        long_words = [(doc.word_starts[index], doc.word_ends[index]) for index in profile.long_words]
        found = [
            Evidence(self.dimension, category, start, end, text[start:end])
            for category, spans in (("long_sentence", long_sentences), ("long_word", long_words))
            for start, end in spans
        ]
        # Two runs already in text order: the sort only merges them.
        found.sort(key=operator.attrgetter("start"))
        return found

    def features(self, analysis: Analysis | Document, evidence: Sequence[Evidence]) -> Mapping[str, float]:
        """Return the formulas, sentence-length statistics, long shares and MTLD of the article."""
        long_sentences = sum(1 for item in evidence if item.category == "long_sentence")
        long_words = sum(1 for item in evidence if item.category == "long_word")
        return self._values(self.analyse(analysis), long_sentences, long_words)

    def score(self, analysis: Analysis | Document) -> Mapping[str, float]:
        """Return the feature values of the article from its counts, without building evidence spans.

        Gives exactly what ``features(analysis, evidence(analysis))`` gives (the
        tests check it); it only skips creating a span for every long word.
        """
        analysis = self.analyse(analysis)
        profile = analysis.readability
        long_sentences = sum(1 for length in profile.sentence_lengths if length > LONG_SENTENCE_WORDS)
        return self._values(analysis, long_sentences, len(profile.long_words))

    def _values(self, analysis: Analysis, long_sentences: int, long_words: int) -> dict[str, float]:
        doc = analysis.doc
        profile = analysis.readability
        counts = profile.counts
        values = {name: formula(counts) for name, formula in _FORMULAS.items()}
        mean_length = _ratio(counts.words, counts.sentences)
        variance = _ratio(sum((length - mean_length) ** 2 for length in profile.sentence_lengths), counts.sentences)
        values.update(
            mean_sentence_length=mean_length,
            sentence_length_sd=math.sqrt(variance),
            long_sentence_share=_ratio(long_sentences, counts.sentences),
            long_word_share=_ratio(long_words, counts.words),
            mtld=_mtld_of_ids(profile.word_ids, len(doc.vocabulary)),
        )
        return values
