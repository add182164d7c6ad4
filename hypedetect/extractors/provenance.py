"""The provenance dimension: signs a text was written by the party it promotes.

Two kinds of signal, both kept free of topic words:

``release_style``
    Function-word and punctuation patterns of the text with every content word
    masked (Stamatatos 2017's text distortion, :mod:`hypedetect.provenance.style`),
    scored by a linear model trained by ``hypedetect train`` on the release and news
    corpora. Feature: ``style_log_odds``; evidence: the phrases behind the
    n-grams that push the score up most.
``first_person_singular``, ``self_description``, ``forward_looking``, ``statement_formula``, ``attributed_quote``
    The provenance signals of :mod:`hypedetect.provenance.signals`: the writer's own
    "I", boilerplate the cleaner leaves (a company describing itself, forward-looking
    statements, statement formulas), and the share of quotations attributed to a speaker.

Without style weights the dimension has the signals only: that is how the default model
ships, because the style score, measured on corpora left out of training, did not carry over
(see the model card).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from hypedetect.analysis import Analysis
from hypedetect.document import Document
from hypedetect.extractors.base import RATE, SCORE, SHARE, Category, Dimension, Evidence, Extractor, Feature
from hypedetect.provenance.signals import SIGNAL_NAMES, signals
from hypedetect.provenance.style import ngram_spans, style_terms

__all__ = ["Provenance"]

#: Style n-grams shown as evidence: the ones pushing a text towards "release" most.
STYLE_EVIDENCE = 8

#: Each provenance signal's evidence category.
SIGNAL_CATEGORIES = {name: name.removesuffix("_per_1k").removesuffix("_outside_quotes").removesuffix("_share")
                     for name in SIGNAL_NAMES}


class Provenance(Extractor):
    """Release style and provenance signals, with their evidence spans.

    Parameters
    ----------
    vocabulary : ndarray of str, optional
        The style model's n-grams, sorted (:class:`hypedetect.provenance.style.StyleWeights`);
        None: no ``style_log_odds`` feature and no ``release_style`` evidence.
    weights : ndarray of float, optional
    intercept : float
    """

    declaration = Dimension(
        name="provenance",
        meaning="Signs of who wrote the text: function-word and punctuation patterns with the topic words masked "
        "(a style model trained on releases and news), the writer's own “I”, boilerplate a company writes "
        "about itself, and how its quotations are attributed.",
        colour="#332288",
        fill="#dcd9f2",
        terminal_colour="blue",
        lexicons=(),
        categories=(
            Category("release_style", "a phrasing pattern typical of releases (content words masked)", "#bdb5ea"),
            Category("first_person_singular", "the writer's own “I”", "#c9c2f0"),
            Category("self_description", "a company or body describing itself", "#a99ee0", style="block"),
            Category("forward_looking", "a forward-looking statement formula", "#b9b0e6"),
            Category("statement_formula", "a statement formula (“in a statement”, “is pleased to”)", "#d0cbef"),
            Category("attributed_quote", "a quotation attributed to a speaker", "#8f84d1", style="line"),
        ),
        features=(
            Feature("style_log_odds", SCORE, "style model's log-odds of release writing (content words masked)", 1),
            Feature("first_person_singular_outside_quotes_per_1k", RATE,
                    "the writer's own “I”, “me”, “my” (first person singular) per 1,000 words"),
            Feature("self_description_per_1k", RATE, "company self-description phrases per 1,000 words"),
            Feature("forward_looking_per_1k", RATE, "forward-looking statement phrases per 1,000 words"),
            Feature("statement_formula_per_1k", RATE, "statement formulas per 1,000 words"),
            Feature("attributed_quote_share", SHARE, "share of quotations (3+ words) attributed to a speaker"),
        ),
    )

    def __init__(self, *, vocabulary: np.ndarray | None = None, weights: np.ndarray | None = None,
                 intercept: float = 0.0) -> None:
        self.vocabulary = vocabulary
        self.weights = weights
        self.intercept = intercept

    def _prepare(self) -> None:
        if (self.vocabulary is None) != (self.weights is None):
            raise ValueError("the provenance dimension's style model needs both its vocabulary and its weights")

    def feature_declarations(self) -> tuple[Feature, ...]:
        """Return its features: without a style model, the signals only."""
        features = self.declaration.features
        return features if self.vocabulary is not None else features[1:]

    def _style(self, doc: Document):
        if self.vocabulary is None:
            return {}, None
        return style_terms(np.asarray(self.vocabulary), np.asarray(self.weights), doc)

    def evidence(self, analysis: Analysis | Document | str) -> list[Evidence]:
        """Return the phrases behind the strongest release-style n-grams, and every signal's spans."""
        doc = self.analyse(analysis).doc
        terms, distorted = self._style(doc)
        strongest = sorted((gram for gram, term in terms.items() if term > 0), key=lambda g: -terms[g])
        found = {}
        for gram in strongest[:STYLE_EVIDENCE]:
            for start, end in ngram_spans(gram, distorted):
                found.setdefault((start, end), Evidence(self.dimension, "release_style", start, end,
                                                        doc.text[start:end]))
        for signal in signals(doc):
            for start, end in signal.spans:
                found.setdefault((start, end), Evidence(self.dimension, SIGNAL_CATEGORIES[signal.name], start, end,
                                                        doc.text[start:end]))
        return [found[key] for key in sorted(found)]

    def features(self, analysis: Analysis | Document | str, evidence: Sequence[Evidence]) -> Mapping[str, float]:
        """Return the style log-odds and the signal values (each signal counted from its own spans)."""
        return self.score(analysis)

    def score(self, analysis: Analysis | Document | str) -> Mapping[str, float]:
        """Return the article's provenance features."""
        doc = self.analyse(analysis).doc
        values = {}
        if self.vocabulary is not None:
            terms, _ = self._style(doc)
            values["style_log_odds"] = float(sum(terms.values()) + self.intercept)
        values.update({signal.name: float(signal.value) for signal in signals(doc)})
        return values


