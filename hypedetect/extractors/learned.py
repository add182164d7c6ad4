"""Dimensions scored by learned sentence detectors: loaded wording, clickbait headlines, claim strength.

Each extractor here holds one fitted :class:`~hypedetect.detectors.LinearNgramDetector`
(trained by ``hypedetect train`` on the shared corpora, see
:mod:`hypedetect.detectors`) and turns its calibrated sentence probabilities
into article features, with the spans that carry them as evidence:

``loaded``
    Loaded or biased wording (PTC ``Loaded_Language``/``Exaggeration`` and BABE
    sentences). Evidence: the highest-weight n-grams of each flagged sentence
    and the words BABE's annotators mark as biased.
``headline``
    How clickbait the title is (Chakraborty et al. 2016 headlines). The title is
    the first line of the text unless it is page furniture or code
    (:func:`~hypedetect.detectors.pick_title`).
``claims``
    Causal and correlational claim strength per sentence (Yu et al. 2019):
    shares of direct causal claims and of strong claims stated without a hedge.

An extractor without a detector cannot be fitted: these dimensions exist only in a
trained model (``models/default.skops``), never in a bare :class:`~hypedetect.features.FeatureSet`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from hypedetect.analysis import Analysis
from hypedetect.detectors.bank import BankScores, DetectorBank
from hypedetect.detectors.claims import CLAIM_LABELS, STRONG_CLAIMS, claim_evidence, claim_features
from hypedetect.detectors.headline import explain_headline, headline_features, pick_title
from hypedetect.detectors.linear import DetectorEvidence, LinearNgramDetector
from hypedetect.detectors.loaded import document_loaded_evidence, loaded_features
from hypedetect.document import Document
from hypedetect.extractors.base import RATE, SCORE, SHARE, Category, Dimension, Evidence, Extractor, Feature

__all__ = ["ClaimStrength", "Headline", "LearnedExtractor", "LoadedLanguage", "share_detector_passes"]


class LearnedExtractor(Extractor):
    """An extractor whose evidence and features come from one fitted detector.

    Parameters
    ----------
    detector : LinearNgramDetector
        The fitted detector (required to fit the extractor).
    """

    #: Detector evidence category -> this dimension's evidence category.
    renamed: ClassVar[Mapping[str, str]] = {}
    #: The detector scores every sentence of the document (so it can share a :class:`DetectorBank` pass).
    scores_sentences: ClassVar[bool] = False

    def __init__(self, *, detector: LinearNgramDetector | None = None) -> None:
        self.detector = detector

    def __getstate__(self) -> dict:  # noqa: D105
        state = dict(super().__getstate__())
        state.pop("_bank", None)  # derived from the detectors (share_detector_passes), never saved
        return state

    def _prepare(self) -> None:
        self.__dict__.pop("_bank", None)
        if self.detector is None:
            raise ValueError(f"the {self.dimension} dimension needs a fitted detector (hypedetect train builds one)")

    def _as_evidence(self, items: Sequence[DetectorEvidence]) -> list[Evidence]:
        return [Evidence(self.dimension, self.renamed.get(item.category, item.category), item.start, item.end,
                         item.text) for item in items]

    def _detected(self, analysis: Analysis) -> tuple[list[DetectorEvidence], Mapping[str, float]]:
        """Return the detector's evidence and the article features computed from it."""
        raise NotImplementedError  # pragma: no cover - abstract

    def _document_scores(self, analysis: Analysis) -> BankScores:
        """Return the detector's scores of the document's sentences, from the shared pass when there is one."""
        link = self.__dict__.get("_bank")
        if link is not None and link[0].detectors[link[1]] is self.detector:
            bank, position = link
            return analysis.shared(bank, lambda: bank.score_document(analysis.doc))[position]
        matches = self.detector.lexicon_matches(analysis.doc)
        return BankScores(self.detector.score_document(analysis.doc, matches=matches), matches)

    def evidence(self, analysis: Analysis | Document | str) -> list[Evidence]:
        """Return the spans the detector's decision rests on."""
        return self._as_evidence(self._detected(self.analyse(analysis))[0])

    def features(self, analysis: Analysis | Document, evidence: Sequence[Evidence]) -> Mapping[str, float]:
        """Return the article features (computed with the detector's own evidence, as :meth:`score` does)."""
        return self._detected(self.analyse(analysis))[1]

    def score(self, analysis: Analysis | Document | str) -> Mapping[str, float]:
        """Return the article features, scoring each sentence once."""
        return self._scored(self.analyse(analysis))

    def _scored(self, analysis: Analysis) -> Mapping[str, float]:
        """Return the article features alone (the same values as ``_detected(analysis)[1]``)."""
        return self._detected(analysis)[1]


def share_detector_passes(extractors: Sequence[object]) -> None:
    """Let the fitted sentence-scoring learned extractors among ``extractors`` score each document in one pass.

    They get one :class:`~hypedetect.detectors.bank.DetectorBank` of their detectors
    (derived, never saved); each analysis then holds the bank's pass, computed once.

    Parameters
    ----------
    extractors : sequence of Extractor
    """
    linked = [e for e in extractors if isinstance(e, LearnedExtractor) and e.scores_sentences
              and e.detector is not None]
    if len(linked) < 2:
        return
    bank = DetectorBank([e.detector for e in linked])
    for position, extractor in enumerate(linked):
        extractor._bank = (bank, position)




class LoadedLanguage(LearnedExtractor):
    """The ``loaded`` dimension: loaded or biased wording, from calibrated sentence probabilities."""

    declaration = Dimension(
        name="loaded",
        meaning="Loaded or biased wording, sentence by sentence: a classifier trained on propaganda-annotated "
        "news (PTC) and expert-labelled biased sentences (BABE); the rate is the expected number of loaded "
        "sentences per 100.",
        colour="#AA3377",
        fill="#f7d6e6",
        terminal_colour="magenta",
        lexicons=(),
        categories=(
            Category("loaded_wording", "words that make a sentence read as loaded (learned from PTC and BABE)",
                     "#f4a6c8"),
            Category("biased_word", "a word annotators usually mark as biased (BABE)", "#e9b3f0"),
        ),
        features=(
            # Shown by ``score`` as the face column ``loaded_language_rate`` (not repeated as a summary column).
            Feature("loaded_language_rate", SCORE, "expected loaded sentences per 100 sentences"),
            Feature("loaded_sentence_share", SHARE,
                    "share of sentences the detector flags as loaded (their loaded wording is the evidence)"),
            Feature("loaded_words_per_1k", RATE, "words in loaded wording and biased word spans per 1,000 words", 1),
        ),
    )
    renamed: ClassVar[Mapping[str, str]] = {"ngram": "loaded_wording", "marked_word": "biased_word"}
    scores_sentences: ClassVar[bool] = True

    def _detected(self, analysis: Analysis) -> tuple[list[DetectorEvidence], Mapping[str, float]]:
        doc = analysis.doc
        scored = self._document_scores(analysis).scored
        found = document_loaded_evidence(self.detector, doc, scored.indices, scored.probabilities, terms=scored.terms)
        return found, loaded_features(self.detector, doc, evidence=found,
                                      scored=(scored.indices, scored.probabilities))


class Headline(LearnedExtractor):
    """The ``headline`` dimension: how clickbait the article's title reads."""

    declaration = Dimension(
        name="headline",
        meaning="How clickbait the title reads (a classifier trained on 32,000 news and clickbait headlines, "
        "Chakraborty et al. 2016); the title is the first line unless that is page furniture or code.",
        colour="#EE7733",
        fill="#ffe2cc",
        terminal_colour=None,
        lexicons=(),
        categories=(Category("clickbait_wording", "title words typical of clickbait headlines", "#ffc48a"),),
        features=(Feature("headline_clickbait_probability", SCORE, "calibrated probability the title is clickbait",
                          1),),
    )
    renamed: ClassVar[Mapping[str, str]] = {"ngram": "clickbait_wording"}

    def _detected(self, analysis: Analysis) -> tuple[list[DetectorEvidence], Mapping[str, float]]:
        values, found = explain_headline(self.detector, pick_title(analysis.doc))
        return found, values

    def _scored(self, analysis: Analysis) -> Mapping[str, float]:
        # The title's probability needs no evidence: its spans count in no feature.
        return headline_features(self.detector, pick_title(analysis.doc))


class ClaimStrength(LearnedExtractor):
    """The ``claims`` dimension: how strongly the article states causal claims, and whether it hedges them."""

    declaration = Dimension(
        name="claims",
        meaning="Claim strength per sentence (none, correlational, conditional causal, direct causal; a "
        "classifier trained on the science-news sentences of Yu et al. 2019), and strong claims made without "
        "a hedge.",
        colour="#009988",
        fill="#d2f0ec",
        terminal_colour=None,
        lexicons=(),
        categories=tuple(
            Category(f"{CLAIM_LABELS[label]}{suffix}", meaning, colour, style="line")
            for label in STRONG_CLAIMS
            for suffix, meaning, colour in (
                ("", f"a {CLAIM_LABELS[label].replace('_', ' ')} claim, hedged", "#7fd1c6"),
                ("_unhedged", f"a {CLAIM_LABELS[label].replace('_', ' ')} claim stated without a hedge", "#1b9e8a"),
            )
        ),
        features=(
            Feature("strong_causal_claim_share", SHARE, "share of sentences stating a direct causal claim", 1),
            Feature("unhedged_strong_claim_share", SHARE,
                    "share of sentences with a conditional causal or direct causal claim and no hedge"),
        ),
    )

    scores_sentences: ClassVar[bool] = True

    def _detected(self, analysis: Analysis) -> tuple[list[DetectorEvidence], Mapping[str, float]]:
        doc = analysis.doc
        scores = self._document_scores(analysis)
        found = claim_evidence(self.detector, doc, scored=(scores.scored.indices, scores.scored.probabilities),
                               matches=scores.matches)
        return found, claim_features(self.detector, doc, evidence=found, n_sentences=len(scores.scored.indices))
