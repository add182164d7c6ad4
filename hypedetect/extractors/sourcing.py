"""The sourcing dimension: who says so, and can a reader check it.

News attributes: it quotes people, names who said what ("Sam Altman said",
"said Jane Doe, chief executive"), gives figures and says where they come
from. Promotion asserts in its own voice, or leans on crowds ("industry
analysts are calling it a game changer") and hearsay ("reportedly").
:class:`Sourcing` counts six kinds of span:

``quote``
    A direct quotation from ``doc.quotes`` (which already leaves out quotation
    marks inside flagged blocks such as a "Viral Phrases:" slogan list, and
    joins a quote that runs over several paragraphs into one span). A quote of
    fewer than :data:`MIN_QUOTE_WORDS` words counts only when its sentence
    carries an attribution ("“Absolutely,” he said."); otherwise it is a scare
    quote or a title ('a “game changer”').
``named_attribution``, ``anonymous_attribution``, ``vague_attribution``
    A reporting expression (``reporting_verbs.txt``: "said", "told",
    "according to", "in a statement", ...) and the speaker found next to it.
``figure``
    A numeric expression outside flagged blocks, counted once per expression,
    not once per number token: "$4.2 billion", "12%", "30 per cent", "2023",
    "3:30". Digits glued to a word ("GPT-4", "COVID-19") are names; spelled-out
    numbers ("five") are not counted.
``unattributed_claim``
    A claim sentence (see :func:`claim_sentences`) with no attribution in it
    and not mostly inside a quotation.

Finding the speaker
-------------------
Every reporting hit outside quotations, flagged blocks and all-capital lines
is resolved within its sentence, looking at most :data:`WINDOW` words either
side and never across a quotation mark, ``;`` or ``:``. A parenthesis before
the verb is stepped over ("Atlas Corp. (NASDAQ: ATLX) announced"), and so are
auxiliaries, adverbs and time words between subject and verb ("Foxconn has
separately announced", "OpenAI on Friday said"). The speaker is

- before the verb ("Sam Altman said", "the companies said"); past an
  appositive ("Jane Doe, a senior official, said", "officials, who spoke on
  condition of anonymity, said"); or the antecedent of "who";
- after it when a finite verb opens its clause, after a quotation or a comma
  ("“We are pleased,” said Jane Doe"; never after "told", whose object is
  the hearer), and always after "according to" and "citing";
- absent for an evidential adverb ("reportedly") and an agentless passive
  raising a claim ("is said to", "is expected to", "it is believed that"):
  these are vague attributions by construction. Other agentless passives
  ("the deal was announced on Friday") attribute nothing and are dropped.

The speaker phrase is then typed, first rule that applies:

1. it contains an ``anonymous_attribution`` entry ("sources", "a person
   familiar with", "officials", "on condition of anonymity") -> anonymous;
2. its head word is a ``vague_attribution`` entry ("experts", "industry
   analysts", "some", "critics") -> vague;
3. its head word is capitalised and not a function word -> named: a person
   or an organisation ("Altman", "OpenAI", "Reuters");
4. it contains a vague entry elsewhere ("many in the industry") -> vague;
5. its head is "he", "she" or "it" -> named (a pronoun points back to a
   speaker already introduced, mostly a person or organisation); "they" ->
   the type of the previous attribution in the text, vague when there is
   none; "I", "we" and "you" are the writer's own voice and attribute nothing;
6. an appositive holds an anonymous entry ("the men, who requested anonymity,
   said") -> anonymous;
7. its head follows a definite determiner or a possessive within one noun
   phrase ("the company said", "its chief executive said") -> **named**: a
   definite description points to an organisation or person the article has
   identified, and the statement is on the record. A base-form verb needs a
   plural head here ("the companies say"; "the final say" is a noun);
8. otherwise the hit is not an attribution ("a company called Foxconn", "the
   said agreement", "insurance claims") and is dropped.

Two hits whose evidence overlaps count once, and a frame such as "in a
statement" counts only when no reporting verb shares its sentence.

Known limits: "Morgan Stanley analysts said" is vague (the head decides); a
participle in a reduced relative can pass for a verb ("others thought to be
in the running"); pronouns are not resolved, only typed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

from hypedetect.analysis import MIN_CLAIM_WORDS, Analysis, analyse
from hypedetect.document import Document, Span
from hypedetect.extractors.attribution import (
    _ANONYMOUS,
    _ATTRIBUTIONS,
    _CORPORATE_SUFFIXES,
    _NAME_GAP_RE,
    _NAMED,
    _REPORTING,
    _VAGUE,
    WINDOW,
    _is_name_word,
    _normalise,
    _SpeakerFinder,
)
from hypedetect.extractors.base import (
    COUNT,
    RATE,
    SHARE,
    Category,
    Dimension,
    Evidence,
    Feature,
    LexiconExtractor,
    per_1k,
)
from hypedetect.lexicons import Lexicon, Match

__all__ = ["DIMENSION", "MIN_CLAIM_WORDS", "MIN_QUOTE_WORDS", "WINDOW", "Sourcing", "claim_sentences", "source_key"]

#: Shorter quotations count only when their sentence is attributed (scare quotes, titles otherwise).
MIN_QUOTE_WORDS = 4

DIMENSION = Dimension(
    name="sourcing",
    meaning="Direct quotes and the share of text quoted, attributions by reporting verb and whether they are "
    "named, anonymous or vague, distinct sources, figures per 1,000 words and claims with no attribution.",
    colour="#009E73",
    fill="#d9f2d9",
    terminal_colour="green",
    lexicons=("reporting_verbs", "anonymous_attribution", "vague_attribution"),
    categories=(
        Category("quote", "direct quotation", "#2a9d8f", style="line"),
        Category("named_attribution", "says who said it, by name", "#b7e4c7"),
        Category("anonymous_attribution", "an unnamed source (“a person familiar with”)", "#d8f3a0"),
        Category("vague_attribution", "a vague source (“experts say”)", "#e9f5b5"),
        Category("figure", "a number, amount or date that can be checked", "#c7f0db"),
        Category("unattributed_claim", "a factual claim with no source in its sentence", "#e76f51", style="line"),
    ),
    features=(
        Feature("quotes_per_1k", RATE, "quote spans per 1,000 words", summary=2),
        Feature("quoted_share", SHARE, "words inside quote spans / all words"),
        Feature("attributions_per_1k", RATE, "named + anonymous + vague attributions per 1,000 words", summary=1),
        Feature("named_attribution_share", SHARE, "named attributions / all attributions"),
        Feature("anonymous_attribution_share", SHARE, "anonymous attributions / all attributions"),
        Feature("vague_attribution_share", SHARE, "vague attributions / all attributions"),
        Feature("distinct_sources", COUNT, "distinct speaker names among the named attributions"),
        Feature("figures_per_1k", RATE, "numeric expressions per 1,000 words"),
        Feature("unattributed_claim_share", SHARE, "unattributed claim sentences / claim sentences"),
    ),
)


_TOKEN_RE = re.compile(r"\d+(?:[.,:]\d+)+|[^\W_]+(?:[-'’.][^\W_]+)*")

# Figures: a digit run (with a currency sign before it) found by a scan that starts on a character class, then
# widened by a unit or scale after it ("12%", "$4.2 billion", "30 per cent", "5bn").
_FIGURE_CORE_RE = re.compile(r"[$€£¥₹0-9][0-9.,:]*")
_FIGURE_UNIT_RE = re.compile(
    r"\s?(?:%|percent\b|per\s?cent\b|pct\b|percentage\s+points?\b|thousand\b|million\b|billion\b|trillion\b"
    r"|bn\b|mn\b|tn\b|m\b|k\b|b\b)",
    re.IGNORECASE,
)
_NOT_BEFORE_FIGURE = frozenset("-.,:_")


class Sourcing(LexiconExtractor):
    """Quotations, attributions by kind of source, figures and unattributed claims.

    Parameters
    ----------
    lexicons : iterable of str, path or Lexicon, optional
        Extra lexicon files. A file named like a shipped category
        (``reporting_verbs``, ``anonymous_attribution``, ``vague_attribution``)
        extends it; any other name becomes category ``user_<name>`` with a
        feature ``user_<name>_per_1k``.

    Notes
    -----
    Features (prefixed ``sourcing__`` in the output frame):

    - ``quotes_per_1k``: ``quote`` spans per 1,000 words;
    - ``quoted_share``: words inside ``quote`` spans / all words (0..1);
    - ``attributions_per_1k``: named + anonymous + vague attributions per 1,000 words;
    - ``named_attribution_share``, ``anonymous_attribution_share``,
      ``vague_attribution_share``: each kind / all attributions (0 when none);
    - ``distinct_sources``: distinct :func:`source_key` values of the named
      attributions (a name-less "the company said" or "he said" adds none);
    - ``figures_per_1k``: ``figure`` spans (numeric expressions) per 1,000 words;
    - ``unattributed_claim_share``: ``unattributed_claim`` spans /
      :func:`claim_sentences` (0 when there is no claim sentence);
    - ``user_<name>_per_1k`` for each user lexicon.

    Examples
    --------
    >>> from hypedetect.document import parse
    >>> sourcing = Sourcing().fit(["warm-up text"])
    >>> doc = parse("“We are pleased,” said Jane Doe, chief executive. Experts say sales rose 12%.")
    >>> for item in sourcing.evidence(doc):
    ...     print(item.category, "|", item.text)
    quote | “We are pleased,”
    named_attribution | said Jane Doe
    vague_attribution | Experts say
    figure | 12%
    >>> sourcing.score(doc)["vague_attribution_share"]
    0.5

    """

    declaration: ClassVar[Dimension] = DIMENSION

    def __init__(self, *, lexicons: Iterable[str | Lexicon] | None = None) -> None:
        self.lexicons = lexicons

    def evidence(self, analysis: Analysis | Document) -> list[Evidence]:
        """Return every quote, attribution, figure, unattributed claim and user-lexicon span in the article.

        Parameters
        ----------
        analysis : Analysis or Document
            The analysed article.

        Returns
        -------
        list of Evidence
            Sorted by position; categories ``quote``, ``named_attribution``,
            ``anonymous_attribution``, ``vague_attribution``, ``figure``,
            ``unattributed_claim`` and ``user_<name>``.

        """
        analysis = self.analyse(analysis)
        doc = analysis.doc
        text = doc.text
        in_quote = analysis.quoted_tokens
        reporting: list[Match] = []
        # Token index -> the anonymous or vague entry covering it (few tokens are covered: a dict, not a list).
        speaker_marks: dict[str, dict[int, Match]] = {_ANONYMOUS: {}, _VAGUE: {}}
        evidence: list[Evidence] = []
        for match in self.matches(analysis):
            if match.category == _REPORTING:
                reporting.append(match)
            elif match.category in speaker_marks:
                marks = speaker_marks[match.category]
                for index in range(match.first, match.end):
                    marks[index] = match
            else:
                start, end = self.span_of(doc, match)
                evidence.append(Evidence(self.dimension, match.category, start, end, text[start:end]))

        finder = _SpeakerFinder(doc, in_quote, speaker_marks[_ANONYMOUS], speaker_marks[_VAGUE])
        attributions = finder.attributions(reporting)
        attributed_sentences = {doc.sentence_at(start) for _, start, _ in attributions}
        evidence.extend(Evidence(self.dimension, category, s, e, text[s:e]) for category, s, e in attributions)

        for quote in doc.quotes:
            short = doc.words_between(quote.start, quote.end) < MIN_QUOTE_WORDS
            sentences = range(doc.sentence_at(quote.start), doc.sentence_at(max(quote.end - 1, quote.start)) + 1)
            if short and attributed_sentences.isdisjoint(sentences):
                continue
            evidence.append(Evidence(self.dimension, "quote", quote.start, quote.end, text[quote.start : quote.end]))

        block_starts = [block.start for block in doc.blocks]
        for start, end in _figures(text):
            if not _in_block(doc, block_starts, start):
                evidence.append(Evidence(self.dimension, "figure", start, end, text[start:end]))

        for index, sentence, first, end in analysis.claims:
            quoted = 2 * sum(in_quote[first:end]) >= end - first
            if index not in attributed_sentences and not quoted:
                evidence.append(
                    Evidence(self.dimension, "unattributed_claim", sentence.start, sentence.end,
                             text[sentence.start : sentence.end])
                )
        evidence.sort(key=lambda item: (item.start, item.end))
        return evidence

    def features(self, analysis: Analysis | Document, evidence: Sequence[Evidence]) -> Mapping[str, float]:
        """Return the feature values of the article, computed from ``evidence``.

        Parameters
        ----------
        analysis : Analysis or Document
            The analysed article.
        evidence : sequence of Evidence
            As returned by :meth:`evidence`.

        Returns
        -------
        dict of str to float

        """
        analysis = self.analyse(analysis)
        doc = analysis.doc
        counts: dict[str, int] = {}
        quoted_words = 0
        sources = set()
        for item in evidence:
            counts[item.category] = counts.get(item.category, 0) + 1
            if item.category == "quote":
                quoted_words += doc.words_between(item.start, item.end)
            elif item.category == _NAMED:
                key = source_key(item.text)
                if key is not None:
                    sources.add(key)
        n_attributions = sum(counts.get(category, 0) for category in _ATTRIBUTIONS)
        n_claims = len(analysis.claims)
        values = {
            "quotes_per_1k": per_1k(counts.get("quote", 0), doc.n_words),
            "quoted_share": min(quoted_words / doc.n_words, 1.0) if doc.n_words else 0.0,
            "attributions_per_1k": per_1k(n_attributions, doc.n_words),
            "named_attribution_share": _share(counts.get(_NAMED, 0), n_attributions),
            "anonymous_attribution_share": _share(counts.get(_ANONYMOUS, 0), n_attributions),
            "vague_attribution_share": _share(counts.get(_VAGUE, 0), n_attributions),
            "distinct_sources": float(len(sources)),
            "figures_per_1k": per_1k(counts.get("figure", 0), doc.n_words),
            "unattributed_claim_share": _share(counts.get("unattributed_claim", 0), n_claims),
        }
        for category in self.user_categories():
            values[f"{category}_per_1k"] = per_1k(counts.get(category, 0), doc.n_words)
        return values


def claim_sentences(doc: Document | Analysis) -> list[Span]:
    """Return the sentences that make a claim: the denominator of ``unattributed_claim_share``.

    A claim is an assertive in Searle's (1976, "A classification of
    illocutionary acts", Language in Society 5(1)) sense, kept simple: a
    ``sentence`` (not a heading, not a line of a flagged block) that is not a
    question and has at least :data:`MIN_CLAIM_WORDS` words. Whether it
    carries a figure or not, a declarative sentence asserts something a
    reader may want sourced.

    Parameters
    ----------
    doc : Document or Analysis
        The parsed (or analysed) article.

    Returns
    -------
    list of Span

    Examples
    --------
    >>> from hypedetect.document import parse
    >>> doc = parse("Big News" + chr(10) + "Sales rose 12% last year. Will it last? Yes.")
    >>> [doc.text[s.start : s.end] for s in claim_sentences(doc)]
    ['Sales rose 12% last year.']

    """
    analysis = doc if isinstance(doc, Analysis) else analyse(doc)
    return [claim.sentence for claim in analysis.claims]


def source_key(text: str) -> str | None:
    """Return the normalised speaker name in the text of a named attribution, or ``None``.

    The first run of capitalised words (function words such as "The",
    "According" or "He" excepted) is the name; its last word, lower-cased and
    without a possessive or a company-form suffix ("Inc.", "Corp."), is the
    key, so "Sam Altman said" and "Altman previously said" share the key
    ``"altman"``. Attributions to "the company" or "he" have no key.

    Parameters
    ----------
    text : str
        The ``text`` of a ``named_attribution`` evidence span.

    Returns
    -------
    str or None

    Examples
    --------
    >>> source_key("OpenAI CEO Sam Altman said")
    'altman'
    >>> source_key("according to Nvidia Corp.")
    'nvidia'
    >>> source_key("The company said") is None
    True

    """
    run: list[str] = []
    previous_end = 0
    for token in _TOKEN_RE.finditer(text):
        word = token.group()
        if _is_name_word(word):
            if run and not _NAME_GAP_RE.fullmatch(text, previous_end, token.start()):
                break
            run.append(word)
            previous_end = token.end()
        elif run:
            break
    while run and _normalise(run[-1]) in _CORPORATE_SUFFIXES:
        run.pop()  # "Nvidia Corp." is Nvidia; "the Company" alone names no one
    return _normalise(run[-1]) if run else None


# --------------------------------------------------------------------------- helpers

def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _figures(text: str) -> list[tuple[int, int]]:
    """Return the spans of numeric expressions, one per expression ("$4.2 billion" is one figure).

    A digit run glued to a word ("GPT-4", "A380", "COVID-19") is part of a name, not a figure.
    """
    spans = []
    for core in _FIGURE_CORE_RE.finditer(text):
        start, end = core.start(), core.end()
        while end > start and text[end - 1] in ".,:":
            end -= 1
        digits_at = start + 1 if text[start] in "$€£¥₹" else start
        if digits_at >= end:
            continue
        if digits_at == start and start and (text[start - 1].isalnum() or text[start - 1] in _NOT_BEFORE_FIGURE):
            continue
        unit = _FIGURE_UNIT_RE.match(text, end)
        spans.append((start, unit.end() if unit else end))
    return spans


def _in_block(doc: Document, block_starts: list[int], offset: int) -> bool:
    index = bisect.bisect_right(block_starts, offset) - 1
    return index >= 0 and offset < doc.blocks[index].end
