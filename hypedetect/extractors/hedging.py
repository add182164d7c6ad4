"""The hedging dimension: how tentatively, and on whose authority, an article asserts.

Reporting marks what is not established ("may", "is believed to", "it is
unclear whether") and says who claims what. Promotion boosts ("undoubtedly",
"proves") and leans on vague crowds ("many experts believe"). :class:`Hedging` counts four kinds of span:

``hedge``
    Epistemic modals, verbs, adverbs, adjectives, nouns and phrases
    (``hedges.txt``), including investigation cues such as "whether".
``booster``
    Certainty markers (``boosters.txt``, shared with the promotional dimension).
``weasel``
    Vague quantifiers and unnamed attributions (``weasel.txt``).
``conditional``
    Conditional subordinators (``conditionals.txt``).

Lexicon hits are matched once over the document's tokens; a few general
context rules then drop uses that are not epistemic: "May" as a month or a
name (told by the original capital: "May 20", "in May", "Theresa May"),
modals inverted before "I"/"you" (requests), "could not" (ability), "think
tank", "school of thought", "as if", and "might" as a noun ("its might",
"manufacturing might is": after a determiner, or before no verb). Bare "would" is not a hedge here: in
reporting it mostly narrates the future-in-the-past or a habit (see
``hedges.txt``). Where a hedge and a booster overlap, the longer phrase
decides ("almost certainly" hedges, "no doubt" boosts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

from hypedetect.analysis import Analysis
from hypedetect.document import Document
from hypedetect.extractors.base import (
    RATE,
    SCORE,
    SHARE,
    Category,
    Dimension,
    Evidence,
    Feature,
    LexiconExtractor,
    per_1k,
)
from hypedetect.lexicons import Lexicon, Match

__all__ = ["DIMENSION", "Hedging"]

DIMENSION = Dimension(
    name="hedging",
    meaning="Hedges (may, reportedly, it is unclear), boosters (undoubtedly, clearly), their balance, weasel "
    "wording (some experts say) and the share of conditional and speculative sentences.",
    colour="#0072B2",
    fill="#d6e9ff",
    terminal_colour="yellow",
    lexicons=("hedges", "boosters", "weasel", "conditionals"),
    categories=(
        Category("hedge", "softens a claim (“may”, “suggests”)", "#a9d6ff", lexicon="hedges"),
        Category("booster", "asserts certainty (“clearly”, “undoubtedly”)", "#9bb8ff", lexicon="boosters"),
        Category("weasel", "vague authority (“some say”, “many believe”)", "#c3b1e1", lexicon="weasel"),
        Category("conditional", "a condition (“if”, “unless”)", "#cfe8ff", lexicon="conditionals"),
    ),
    features=(
        Feature("hedges_per_1k", RATE, "hedge spans per 1,000 words", summary=1),
        Feature("boosters_per_1k", RATE, "booster spans per 1,000 words", summary=2),
        Feature("hedge_booster_ratio", SCORE, "hedges / (hedges + boosters); 0.5 when a text has neither"),
        Feature("weasel_per_1k", RATE, "weasel spans per 1,000 words"),
        Feature("conditional_sentence_share", SHARE, "share of non-block sentences holding a conditional span"),
        Feature("speculative_sentence_share", SHARE, "share of non-block sentences holding a hedge span"),
    ),
)

#: Lexicon file -> evidence category (user lexicons keep their ``user_<name>``).
_CATEGORY_OF = {category.lexicon: category.name for category in DIMENSION.categories if category.lexicon}

#: Value of ``hedge_booster_ratio`` when a text has neither: balanced, neither tentative nor assertive.
NEUTRAL_HEDGE_BOOSTER_RATIO = 0.5

#: Categories whose one-word matches go through the context rules below.
_CONTEXT_CHECKED = frozenset({"hedge", "conditional"})

#: A one-word hedge or conditional followed by one of these words is not epistemic:
#: modal + "I"/"you" is a request or an offer ("could you", "may I"); "could not" is past ability.
_NOT_EPISTEMIC_BEFORE = {
    "may": frozenset({"i", "you"}),
    "might": frozenset({"i", "you"}),
    "could": frozenset({"i", "you", "not", "never", "only", "hardly", "barely"}),
    "think": frozenset({"tank", "tanks"}),
    "thought": frozenset({"leader", "leaders", "experiment", "experiments", "process", "processes", "police"}),
}

#: ... or preceded by one of these words.
_NOT_EPISTEMIC_AFTER = {
    "doubt": frozenset({"no", "without", "beyond", "little"}),  # "no doubt" boosts
    # "school of thought", "food for thought", "second thought": the noun.
    "thought": frozenset({"of", "for", "second"}),
    # "full potential", "growth potential": the noun for a capacity, not a possibility.
    "potential": frozenset({"full", "untapped", "great", "huge", "enormous", "tremendous", "growth", "earnings"}),
    "if": frozenset({"as"}),  # "as if" compares, it sets no condition
}

#: Determiners and possessives: a word after one is a noun ("its might", "the might of").
_DETERMINERS = frozenset("a an the this that its his her their our my your whose all such".split())
#: Words that cannot follow a modal, so a "might" before them is the noun ("military might is", "might and").
_NOT_AFTER_A_MODAL = frozenset(
    "of and or but in on at for with against behind to is was are were has had that which than "
    "may might can could will would shall should must".split()
)
#: Subjects a modal "might" follows ("it might.", "as they might"): then the word ending a clause is the modal.
_SUBJECTS = frozenset("i you he she it we they who which that there what one".split())


class Hedging(LexiconExtractor):
    """Hedges, boosters, weasel words and conditionals, per 1,000 words and per sentence.

    Parameters
    ----------
    lexicons : iterable of str, path or Lexicon, optional
        Extra lexicon files. A file named like a shipped category (``hedges``,
        ``boosters``, ``weasel``, ``conditionals``) extends it; any other name
        becomes category ``user_<name>`` with a feature ``user_<name>_per_1k``.

    Notes
    -----
    Features (prefixed ``hedging__`` in the output frame):

    - ``hedges_per_1k``, ``boosters_per_1k``, ``weasel_per_1k``: evidence spans of
      that category per 1,000 words;
    - ``hedge_booster_ratio``: hedges / (hedges + boosters), 0 when a text only
      boosts, 1 when it only hedges, and ``0.5`` (neutral) when it does neither;
    - ``conditional_sentence_share``, ``speculative_sentence_share``: share of
      non-block sentences holding at least one conditional / hedge span (0 when
      there is no such sentence);
    - ``user_<name>_per_1k`` for each user lexicon.

    Examples
    --------
    >>> from hypedetect.document import parse
    >>> hedging = Hedging().fit(["warm-up text"])
    >>> doc = parse("It is unclear whether the deal will close.")
    >>> [(e.category, e.text) for e in hedging.evidence(doc)]
    [('hedge', 'It is unclear'), ('hedge', 'whether')]
    >>> hedging.score(doc)["speculative_sentence_share"]
    1.0

    """

    declaration: ClassVar[Dimension] = DIMENSION

    def __init__(self, *, lexicons: Iterable[str | Lexicon] | None = None) -> None:
        self.lexicons = lexicons

    def evidence(self, analysis: Analysis | Document) -> list[Evidence]:
        """Return every hedge, booster, weasel, conditional and user-lexicon span in the article.

        Parameters
        ----------
        analysis : Analysis or Document
            The analysed article.

        Returns
        -------
        list of Evidence
            In token order; categories ``hedge``, ``booster``, ``weasel``,
            ``conditional`` and ``user_<name>``.

        """
        analysis = self.analyse(analysis)
        doc = analysis.doc
        kept: list[tuple[str, Match]] = []
        for match in self.matches(analysis):
            category = _CATEGORY_OF.get(match.category, match.category)
            if category in _CONTEXT_CHECKED and match.end - match.first == 1 and not _is_epistemic(doc, match.first):
                continue
            kept.append((category, match))
        kept = _resolve_hedge_booster_overlaps(kept)
        text = doc.text
        evidence = []
        for category, match in kept:
            start, end = self.span_of(doc, match)
            evidence.append(Evidence(self.dimension, category, start, end, text[start:end]))
        return evidence

    def features(self, analysis: Analysis | Document, evidence: Sequence[Evidence]) -> Mapping[str, float]:
        """Return the feature values of the article, computed from ``evidence``.

        Parameters
        ----------
        analysis : Analysis or Document
            The analysed article (for its word and sentence counts).
        evidence : sequence of Evidence
            As returned by :meth:`evidence`.

        Returns
        -------
        dict of str to float
            One value per name in :meth:`feature_names`.

        """
        doc = analysis.doc if isinstance(analysis, Analysis) else analysis
        counts: dict[str, int] = {}
        sentences_with: dict[str, set[int]] = {"hedge": set(), "conditional": set()}
        for item in evidence:
            counts[item.category] = counts.get(item.category, 0) + 1
            if item.category in sentences_with:
                index = doc.sentence_at(item.start)
                if doc.sentences and doc.sentences[index].kind != "block":
                    sentences_with[item.category].add(index)
        n_sentences = sum(1 for sentence in doc.sentences if sentence.kind != "block")
        hedges, boosters = counts.get("hedge", 0), counts.get("booster", 0)
        values = {
            "hedges_per_1k": per_1k(hedges, doc.n_words),
            "boosters_per_1k": per_1k(boosters, doc.n_words),
            "hedge_booster_ratio": hedges / (hedges + boosters) if hedges + boosters else NEUTRAL_HEDGE_BOOSTER_RATIO,
            "weasel_per_1k": per_1k(counts.get("weasel", 0), doc.n_words),
            "conditional_sentence_share": _share(len(sentences_with["conditional"]), n_sentences),
            "speculative_sentence_share": _share(len(sentences_with["hedge"]), n_sentences),
        }
        for category in self.user_categories():
            values[f"{category}_per_1k"] = per_1k(counts.get(category, 0), doc.n_words)
        return values


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _is_epistemic(doc: Document, index: int) -> bool:
    """Apply the context rules to the one-word hedge at token ``index``."""
    words = doc.words
    word = words[index]
    following = words[index + 1] if index + 1 < len(words) else ""
    previous = words[index - 1] if index else ""
    if following in _NOT_EPISTEMIC_BEFORE.get(word, ()) or previous in _NOT_EPISTEMIC_AFTER.get(word, ()):
        return False
    if word == "might" and _is_noun_might(doc, index, previous):
        return False
    return word != "may" or not _is_month_or_name(doc, index, following)


def _is_noun_might(doc: Document, index: int, previous: str) -> bool:
    """Tell the noun ("manufacturing might", "the might of") from the modal, by its neighbours: after a
    determiner or possessive, or, after a word that is no subject, before no verb (a clause end, "of", "is")."""
    if previous in _DETERMINERS or previous.endswith(("'s", "’s", "s'", "s’")):
        return True  # "its might", "China's might"
    if previous in _SUBJECTS or not previous or (previous.endswith("s") and not previous.endswith("ss")):
        return False  # "it might", "officials might, however, wait": a plural is a subject, not a modifier
    if index + 1 >= doc.n_words or doc.text[doc.word_ends[index] : doc.word_starts[index + 1]].strip():
        return True  # "military might." / "economic might, and"
    return doc.words[index + 1] in _NOT_AFTER_A_MODAL


def _is_month_or_name(doc: Document, index: int, following: str) -> bool:
    """Tell "May 20, 1983", "in May" and "Theresa May" from the modal, by the original case."""
    start = doc.word_starts[index]
    original = doc.text[start : doc.word_ends[index]]
    if original == "may":
        return False
    if following[:1].isdigit():
        return True
    if original != "May":
        return False  # "MAY" in a capitalised headline is the modal unless a date follows
    sentence_start = doc.sentences[doc.sentence_at(start)].start if doc.sentences else 0
    # A capital "May" opening a sentence is the modal ("May it last"); anywhere else it is a month or a name.
    return doc.words_between(sentence_start, start) > 0


def _resolve_hedge_booster_overlaps(kept: list[tuple[str, Match]]) -> list[tuple[str, Match]]:
    """Where a hedge and a booster share words, keep the longer ("almost certainly", "no doubt")."""
    hedges = [match for category, match in kept if category == "hedge"]
    boosters = [match for category, match in kept if category == "booster"]
    if not hedges or not boosters:
        return kept
    dropped = set()
    for booster in boosters:
        for hedge in hedges:
            if hedge.first < booster.end and booster.first < hedge.end:
                hedge_length, booster_length = hedge.end - hedge.first, booster.end - booster.first
                if hedge_length > booster_length:
                    dropped.add(("booster", booster))
                elif booster_length > hedge_length:
                    dropped.add(("hedge", hedge))
    return [item for item in kept if item not in dropped]
