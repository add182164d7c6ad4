"""All four extractors together: the feature frame and the evidence behind it.

``extract_features`` parses each text once and asks every extractor for its
row; ``explain`` returns every span any extractor counted. Both accept the
same ``lexicons`` option as the extractors (extra user lexicon files).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from sklearn.pipeline import FeatureUnion

from hypedetect.document import Document, parse
from hypedetect.extractors.base import Evidence, Extractor, iter_documents
from hypedetect.extractors.hedging import Hedging
from hypedetect.extractors.promotional import PromotionalLanguage
from hypedetect.extractors.readability import Readability
from hypedetect.extractors.sourcing import Sourcing
from hypedetect.lexicons import Lexicon

__all__ = [
    "DIMENSIONS",
    "DIMENSION_MEANINGS",
    "build_extractors",
    "explain",
    "extract_features",
    "feature_rows",
    "feature_union",
]

#: The four dimensions, in the order their columns appear.
DIMENSIONS = ("promotional", "hedging", "sourcing", "readability")

#: What each dimension measures, in plain words (used by the report's methods section).
DIMENSION_MEANINGS = {
    "promotional": "Promotional language per 1,000 words: puffery and hype adjectives, superlatives, boosters and "
    "intensifiers, sensational wording, speculative-future framing, calls to action, clickbait, exclamations, "
    "second-person address, the organisation's own voice ('we', 'today announced'), positivity, and the share "
    "of text in flagged promotional blocks (viral-phrase lists, tag lines).",
    "hedging": "Hedges (may, reportedly, it is unclear), boosters (undoubtedly, clearly), their balance, weasel "
    "wording (some experts say) and the share of conditional and speculative sentences.",
    "sourcing": "Direct quotes and the share of text quoted, attributions by reporting verb and whether they are "
    "named, anonymous or vague, distinct sources, figures per 1,000 words and claims with no attribution.",
    "readability": "textstat's seven readability formulas computed from the parsed text, sentence length and its "
    "spread, long sentences and long words, and lexical diversity (MTLD).",
}

LexiconOption = Iterable[str | Lexicon] | None


def build_extractors(*, lexicons: LexiconOption = None) -> list[Extractor]:
    """Return one fitted extractor per dimension, in :data:`DIMENSIONS` order.

    Parameters
    ----------
    lexicons : iterable of str or Lexicon, optional
        Extra lexicon files that extend the shipped ones (see
        :mod:`hypedetect.lexicons`); given to every lexicon-based extractor.

    Returns
    -------
    list of Extractor
    """
    lexicons = list(lexicons) if lexicons else None
    extractors: list[Extractor] = [
        PromotionalLanguage(lexicons=lexicons),
        Hedging(lexicons=lexicons),
        Sourcing(lexicons=lexicons),
        Readability(),
    ]
    return [extractor.fit([]) for extractor in extractors]


def feature_union(*, lexicons: LexiconOption = None) -> FeatureUnion:
    """Return an unfitted :class:`~sklearn.pipeline.FeatureUnion` of the four extractors.

    Feature names come out as ``{dimension}__{feature}``: the union's own
    prefixes are switched off because every extractor already namespaces its
    columns.

    Examples
    --------
    >>> union = feature_union().fit(["A plain sentence."])
    >>> "hedging__hedges_per_1k" in union.get_feature_names_out()
    True
    """
    lexicons = list(lexicons) if lexicons else None
    return FeatureUnion(
        [
            ("promotional", PromotionalLanguage(lexicons=lexicons)),
            ("hedging", Hedging(lexicons=lexicons)),
            ("sourcing", Sourcing(lexicons=lexicons)),
            ("readability", Readability()),
        ],
        verbose_feature_names_out=False,
    )


def extract_features(
    texts: Iterable[str | Document], *, lexicons: LexiconOption = None, index: Iterable | None = None
) -> pd.DataFrame:
    """Score texts on all four dimensions.

    Parameters
    ----------
    texts : iterable of str or Document
        Raw article texts (a pandas Series keeps its index).
    lexicons : iterable of str or Lexicon, optional
        Extra user lexicon files.
    index : iterable, optional
        Row labels for the result; defaults to the Series index or 0..n-1.

    Returns
    -------
    pandas.DataFrame
        One row per text, one column per feature, named like
        ``promotional__puffery_per_1k``.

    Examples
    --------
    >>> frame = extract_features(["Experts say it may work.", "Buy now! You won't believe it!"])
    >>> frame.shape[0]
    2
    >>> bool(frame.loc[1, "promotional__exclamations_per_1k"] > 0)
    True
    """
    if index is None and isinstance(texts, pd.Series):
        index = texts.index
    extractors = build_extractors(lexicons=lexicons)
    columns = [name for extractor in extractors for name in extractor.get_feature_names_out()]
    rows = feature_rows(extractors, texts)
    return pd.DataFrame(rows, columns=columns, index=None if index is None else list(index), dtype=float)


def feature_rows(extractors: Sequence[Extractor], texts: Iterable[str | Document]) -> list[list[float]]:
    """Return one row of feature values per text: each text parsed once, then scored by every extractor.

    Parameters
    ----------
    extractors : sequence of Extractor
        Fitted extractors; a row holds their features in order.
    texts : iterable of str or Document

    Returns
    -------
    list of list of float
    """
    named = [(extractor, extractor.feature_names()) for extractor in extractors]  # fixed once fitted
    rows = []
    for doc in iter_documents(texts):
        row: list[float] = []
        for extractor, names in named:
            values = extractor.score(doc)
            row += [float(values[name]) for name in names]
        rows.append(row)
    return rows


def explain(text: str | Document, *, lexicons: LexiconOption = None) -> list[Evidence]:
    """Return every span any extractor counted in one text, in text order.

    Parameters
    ----------
    text : str or Document
        One article.
    lexicons : iterable of str or Lexicon, optional
        Extra user lexicon files.

    Returns
    -------
    list of Evidence
        Each with ``dimension``, ``category``, ``start``, ``end`` and ``text``;
        ``text == doc.text[start:end]`` always holds.

    Examples
    --------
    >>> spans = explain("Sources said the groundbreaking deal may close.")
    >>> sorted({span.dimension for span in spans}) >= ["hedging", "promotional"]
    True
    """
    doc = text if isinstance(text, Document) else parse(text)
    evidence = [item for extractor in build_extractors(lexicons=lexicons) for item in extractor.evidence(doc)]
    return sorted(evidence, key=lambda item: (item.start, item.end, item.dimension, item.category))
