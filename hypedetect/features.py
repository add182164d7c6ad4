"""All extractors together: the feature frame and the evidence behind it.

A :class:`FeatureSet` holds one extractor per dimension (the four shipped ones
unless told otherwise: ``extractors=`` takes any list, a new dimension is just
one more extractor) and the user's lexicons. Each text is analysed once
(:func:`hypedetect.analysis.analyse`, with every extractor's lexicons matched in
one pass) and that one :class:`~hypedetect.analysis.Analysis` is handed to every
extractor. ``extract_features`` returns the frame, ``explain`` every span any
extractor counted.

Every list of dimensions, categories and features here is derived from the
extractors' declarations (:class:`~hypedetect.extractors.base.Dimension`).

User lexicons
-------------
``lexicons=`` takes paths (or :class:`~hypedetect.lexicons.Lexicon` objects). A
file belongs to one dimension: ``greenwash.txt`` to the promotional one,
``hedging:greenwash.txt`` to hedging (``("hedging", path_or_lexicon)`` works
too), and gives that dimension one category ``user_greenwash`` and one feature
``user_greenwash_per_1k``. A file named like a shipped list (``hedges.txt``)
extends that list instead, in every dimension that uses it, and adds no column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.pipeline import FeatureUnion
from sklearn.utils.validation import check_is_fitted

from hypedetect.analysis import Analysis, analyse
from hypedetect.document import Document
from hypedetect.errors import LexiconError
from hypedetect.extractors.base import (
    LOGGED_KINDS,
    Category,
    Dimension,
    Evidence,
    Extractor,
    Feature,
    LexiconExtractor,
    iter_documents,
    matcher_for,
)
from hypedetect.extractors.hedging import Hedging
from hypedetect.extractors.learned import ClaimStrength, Headline, LoadedLanguage, share_detector_passes
from hypedetect.extractors.promotional import PromotionalLanguage
from hypedetect.extractors.provenance import Provenance
from hypedetect.extractors.readability import Readability
from hypedetect.extractors.sourcing import Sourcing
from hypedetect.lexicons import Lexicon, read_lexicon_file, shipped_lexicon_names

__all__ = [
    "DECLARATIONS",
    "DEFAULT_LEXICON_DIMENSION",
    "DIMENSIONS",
    "DIMENSION_MEANINGS",
    "LEARNED_EXTRACTORS",
    "SHIPPED_DIMENSIONS",
    "SUMMARY_FEATURES",
    "FeatureSet",
    "as_feature_set",
    "build_extractors",
    "default_extractors",
    "explain",
    "extract_features",
    "feature_set",
    "feature_union",
    "read_lexicons",
    "route_lexicons",
]

#: The shipped lexicon and counting extractors, in the order their columns appear: a bare
#: :class:`FeatureSet` (no model) has these.
DEFAULT_EXTRACTORS: tuple[type[Extractor], ...] = (PromotionalLanguage, Hedging, Sourcing, Readability)

#: The extractors built on learned detectors, which only a trained model carries (after the default ones).
LEARNED_EXTRACTORS: tuple[type[Extractor], ...] = (LoadedLanguage, Headline, ClaimStrength, Provenance)

#: Every dimension's declaration, the learned ones last.
DECLARATIONS: tuple[Dimension, ...] = tuple(cls.declaration for cls in (*DEFAULT_EXTRACTORS, *LEARNED_EXTRACTORS))

#: Every dimension, in the order their columns appear in the default model's output.
DIMENSIONS: tuple[str, ...] = tuple(declaration.name for declaration in DECLARATIONS)

#: The dimensions of a bare feature set (no model): the ones a ``DIMENSION:`` lexicon prefix may name.
SHIPPED_DIMENSIONS: tuple[str, ...] = tuple(cls.declaration.name for cls in DEFAULT_EXTRACTORS)

#: What each dimension measures, in plain words (used by the report's methods section).
DIMENSION_MEANINGS: dict[str, str] = {declaration.name: declaration.meaning for declaration in DECLARATIONS}

#: The feature columns a plain ``score`` without a model shows: a few readable signals per shipped dimension
#: (a model's feature set adds those of its learned dimensions).
SUMMARY_FEATURES: tuple[str, ...] = tuple(
    f"{declaration.name}__{feature.name}"
    for declaration in (cls.declaration for cls in DEFAULT_EXTRACTORS)
    for feature in sorted(declaration.features, key=lambda feature: feature.summary)
    if feature.summary
)

#: The dimension a user lexicon file given without a ``DIMENSION:`` prefix extends.
DEFAULT_LEXICON_DIMENSION = "promotional"

LexiconOption = Iterable[str | os.PathLike[str] | Lexicon | tuple[str, str | Lexicon]] | None
ExtractorsOption = Sequence[Extractor] | None

_PREFIXED = re.compile(r"^([A-Za-z_]\w*):(.+)$", re.S)


def default_extractors() -> list[Extractor]:
    """Return one new, unfitted extractor per shipped dimension, in :data:`DIMENSIONS` order."""
    return [cls() for cls in DEFAULT_EXTRACTORS]


def _split_dimension(item) -> tuple[str | None, str | os.PathLike[str] | Lexicon]:
    """Return ``(dimension or None, lexicon)`` of one ``lexicons=`` item."""
    if isinstance(item, tuple):
        dimension, lexicon = item
        return dimension, lexicon
    if isinstance(item, str) and (prefixed := _PREFIXED.match(item)) and not Path(item).exists():
        return prefixed.group(1), prefixed.group(2)
    return None, item


def read_lexicons(
    lexicons: LexiconOption, dimensions: Sequence[str] = SHIPPED_DIMENSIONS
) -> tuple[tuple[str | None, Lexicon], ...]:
    """Read every user lexicon file now (so a bad file fails before any scoring), keeping its dimension.

    Parameters
    ----------
    lexicons : iterable
        As for ``lexicons=`` (see the module docstring).
    dimensions : sequence of str
        The dimensions a ``DIMENSION:`` prefix may name.

    Returns
    -------
    tuple of (str or None, Lexicon)
        The dimension each was given to (None: not said) and its entries.

    Raises
    ------
    LexiconError
        If a prefix names no dimension, or a file cannot be read as a lexicon.
    """
    if isinstance(lexicons, str | os.PathLike):
        lexicons = [lexicons]
    pairs = []
    for item in lexicons or ():
        dimension, lexicon = _split_dimension(item)
        if dimension is not None and dimension not in dimensions:
            raise LexiconError(lexicon, f"unknown dimension {dimension!r} (one of: {', '.join(dimensions)})")
        pairs.append((dimension, lexicon if isinstance(lexicon, Lexicon) else read_lexicon_file(lexicon)))
    return tuple(pairs)


def _stem(lexicon: str | os.PathLike[str] | Lexicon) -> str:
    return lexicon.name if isinstance(lexicon, Lexicon) else Path(lexicon).stem


def route_lexicons(lexicons: LexiconOption, declarations: Sequence[Dimension]) -> dict[str, list]:
    """Say which dimension each user lexicon extends (see the module docstring).

    Parameters
    ----------
    lexicons : iterable
        Paths, ``"DIMENSION:path"`` strings, Lexicon objects or ``(dimension, path_or_lexicon)`` pairs.
    declarations : sequence of Dimension
        The dimensions of the feature set.

    Returns
    -------
    dict of str to list
        Dimension name -> the lexicons (paths or Lexicon objects) it takes.

    Raises
    ------
    LexiconError
        For an unknown dimension, a dimension that takes no lexicons, a shipped
        list given to a dimension that does not use it, or two user lexicons of one name.

    Examples
    --------
    >>> from hypedetect.features import DECLARATIONS
    >>> route_lexicons(["green.txt", "hedging:doubt.txt", "hedges.txt"], DECLARATIONS)
    {'promotional': ['green.txt'], 'hedging': ['doubt.txt', 'hedges.txt']}
    """
    if isinstance(lexicons, str | os.PathLike):
        lexicons = [lexicons]
    by_name = {declaration.name: declaration for declaration in declarations}
    shipped = set(shipped_lexicon_names())
    routed: dict[str, list] = {}
    seen: dict[str, str] = {}
    for item in lexicons or ():
        dimension, lexicon = _split_dimension(item)
        stem = _stem(lexicon)
        where = lexicon.name if isinstance(lexicon, Lexicon) else lexicon
        if dimension is not None and dimension not in by_name:
            named = [name for name in by_name if name in SHIPPED_DIMENSIONS]
            raise LexiconError(where, f"unknown dimension {dimension!r} (one of: {', '.join(named)})")
        if stem in shipped:
            users = [name for name, declaration in by_name.items() if stem in declaration.lexicons]
            if dimension is not None and dimension not in users:
                raise LexiconError(where, f"{stem!r} is a shipped list that the {dimension} dimension does not use")
            targets = users if dimension is None else [dimension]
        else:
            target = dimension or DEFAULT_LEXICON_DIMENSION
            if target not in by_name or not by_name[target].lexicons:
                raise LexiconError(where, f"the {target} dimension takes no lexicons")
            if stem in seen:
                raise LexiconError(where, f"a second user lexicon named {stem!r} (the first went to {seen[stem]})")
            seen[stem] = target
            targets = [target]
        for target in targets:
            routed.setdefault(target, []).append(lexicon)
    return routed


def _with_lexicons(extractors: Sequence[Extractor], lexicons: LexiconOption) -> list[Extractor]:
    """Return unfitted copies of ``extractors`` holding their share of ``lexicons``."""
    routed = route_lexicons(lexicons, [extractor.declaration for extractor in extractors])
    out = []
    for extractor in extractors:
        copy = clone(extractor)
        extra = routed.get(extractor.dimension)
        if extra and isinstance(copy, LexiconExtractor):
            copy.set_params(lexicons=[*(copy.lexicons or ()), *extra])
        out.append(copy)
    return out


class FeatureSet(TransformerMixin, BaseEstimator):
    """Every dimension's features from one analysis per text.

    Parameters
    ----------
    extractors : sequence of Extractor, optional
        One per dimension, in column order; the four shipped ones by default.
    lexicons : iterable, optional
        User lexicons, each routed to one dimension (see the module docstring).

    Attributes
    ----------
    extractors_ : list of Extractor
        Fitted copies, each holding its user lexicons.
    feature_names_out_ : ndarray of str
        ``{dimension}__{feature}`` for every feature of every extractor.

    Examples
    --------
    >>> features = FeatureSet().fit([])
    >>> "hedging__hedges_per_1k" in features.get_feature_names_out()
    True
    >>> features.transform(["Experts say it may work."]).shape
    (1, 43)
    """

    def __init__(self, *, extractors: ExtractorsOption = None, lexicons: LexiconOption = None) -> None:
        self.extractors = extractors
        self.lexicons = lexicons

    def fit(self, X: Iterable[str] | None = None, y: object = None) -> FeatureSet:  # noqa: N803 - sklearn naming
        """Fit every extractor (nothing is learned from ``X``) and fix the output columns."""
        if isinstance(X, str | bytes):
            raise ValueError("Iterable over raw text documents expected, string object received.")
        template = default_extractors() if self.extractors is None else list(self.extractors)
        dimensions = [extractor.dimension for extractor in template]
        if len(set(dimensions)) != len(dimensions):
            raise ValueError(f"each dimension needs one extractor, got {dimensions}")
        self.__dict__.pop("_matcher", None)
        self.extractors_ = [extractor.fit([]) for extractor in _with_lexicons(template, self.lexicons)]
        self.feature_names_out_ = np.asarray(
            [name for extractor in self.extractors_ for name in extractor.get_feature_names_out()], dtype=object
        )
        return self

    def __getstate__(self) -> dict:  # noqa: D105
        state = dict(super().__getstate__())
        state.pop("_matcher", None)  # derived from the extractors' lexicons, rebuilt on first use
        return state

    # -- one analysis per text
    def analyse(self, text: str | Document | Analysis) -> Analysis:
        """Return the analysis of one article, with the lexicons of every extractor matched.

        Parameters
        ----------
        text : str, Document or Analysis

        Returns
        -------
        Analysis
        """
        if isinstance(text, Analysis):
            return text
        check_is_fitted(self, "extractors_")
        matcher = self.__dict__.get("_matcher")
        if matcher is None:
            lexicons = [lexicon for extractor in self.extractors_ for lexicon in extractor.lexicons_used()]
            matcher = self._matcher = matcher_for(lexicons)
            share_detector_passes(self.extractors_)
        return analyse(text, matcher)

    def rows(self, texts: Iterable[str | Document]) -> Iterator[list[float]]:
        """Yield one row of feature values per text, in :attr:`feature_names_out_` order."""
        check_is_fitted(self, "extractors_")
        named = [(extractor, extractor.feature_names()) for extractor in self.extractors_]
        for item in iter_documents(texts):
            analysis = self.analyse(item)
            row: list[float] = []
            for extractor, names in named:
                values = extractor.score(analysis)
                row += [float(values[name]) for name in names]
            yield row

    def transform(self, X: Iterable[str | Document]) -> np.ndarray:  # noqa: N803
        """Return the feature matrix, one row per text.

        Parameters
        ----------
        X : iterable of str or Document

        Returns
        -------
        numpy.ndarray of shape (n_texts, n_features)
        """
        check_is_fitted(self, "extractors_")
        rows = list(self.rows(X))
        return np.asarray(rows, dtype=float).reshape(len(rows), len(self.feature_names_out_))

    def explain(self, text: str | Document | Analysis) -> list[Evidence]:
        """Return every span any extractor counted in one text, in text order."""
        analysis = self.analyse(text)
        evidence = [item for extractor in self.extractors_ for item in extractor.evidence(analysis)]
        return sorted(evidence, key=lambda item: (item.start, item.end, item.dimension, item.category))

    # -- what it declares
    def dimensions(self) -> list[str]:
        """Return the dimension names, in column order."""
        check_is_fitted(self, "extractors_")
        return [extractor.dimension for extractor in self.extractors_]

    def declarations(self) -> list[Dimension]:
        """Return each extractor's declaration, in column order."""
        check_is_fitted(self, "extractors_")
        return [extractor.declaration for extractor in self.extractors_]

    def categories(self) -> dict[str, tuple[str, Category]]:
        """Return category name -> ``(dimension, Category)``, user lexicons included, in legend order."""
        check_is_fitted(self, "extractors_")
        return {
            category.name: (extractor.dimension, category)
            for extractor in self.extractors_
            for category in extractor.categories()
        }

    def features(self) -> dict[str, Feature]:
        """Return ``{dimension}__{feature}`` -> its :class:`Feature`, in column order."""
        check_is_fitted(self, "extractors_")
        return {
            f"{extractor.dimension}__{feature.name}": feature
            for extractor in self.extractors_
            for feature in extractor.feature_declarations()
        }

    def logged_features(self) -> list[str]:
        """Return the columns the model takes ``log(1 + x)`` of (kinds in :data:`LOGGED_KINDS`)."""
        return [name for name, feature in self.features().items() if feature.kind in LOGGED_KINDS]

    def modelled_features(self) -> list[str]:
        """Return the columns the classifier reads (features declared ``modelled``), in column order."""
        return [name for name, feature in self.features().items() if feature.modelled]

    def summary_features(self) -> list[str]:
        """Return the columns a plain ``score`` shows: the declared summary features and every user lexicon's."""
        check_is_fitted(self, "extractors_")
        return [
            f"{extractor.dimension}__{feature.name}"
            for extractor in self.extractors_
            for feature in sorted(extractor.feature_declarations(), key=lambda feature: feature.summary)
            if feature.summary
        ]

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return ``{dimension}__{feature}`` names."""
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


def feature_set(*, lexicons: LexiconOption = None, extractors: ExtractorsOption = None) -> FeatureSet:
    """Return a fitted :class:`FeatureSet` (nothing is learned: fitting resolves the lexicons)."""
    return FeatureSet(extractors=extractors, lexicons=lexicons).fit([])


def build_extractors(*, lexicons: LexiconOption = None, extractors: ExtractorsOption = None) -> list[Extractor]:
    """Return one fitted extractor per dimension, each with its share of ``lexicons``.

    Parameters
    ----------
    lexicons : iterable, optional
        User lexicons (see the module docstring).
    extractors : sequence of Extractor, optional
        The extractors to fit; the four shipped ones by default.

    Returns
    -------
    list of Extractor
    """
    return feature_set(lexicons=lexicons, extractors=extractors).extractors_


def feature_union(*, lexicons: LexiconOption = None, extractors: ExtractorsOption = None) -> FeatureUnion:
    """Return an unfitted :class:`~sklearn.pipeline.FeatureUnion` of the extractors.

    The same columns as :class:`FeatureSet`, for composing with other
    scikit-learn transformers; each extractor analyses the texts on its own,
    so a :class:`FeatureSet` is faster. The union's own prefixes are switched
    off because every extractor already namespaces its columns.

    Examples
    --------
    >>> union = feature_union().fit(["A plain sentence."])
    >>> "hedging__hedges_per_1k" in union.get_feature_names_out()
    True
    """
    template = default_extractors() if extractors is None else list(extractors)
    parts = _with_lexicons(template, lexicons)
    return FeatureUnion([(part.dimension, part) for part in parts], verbose_feature_names_out=False)


def extract_features(
    texts: Iterable[str | Document],
    *,
    lexicons: LexiconOption = None,
    extractors: ExtractorsOption = None,
    index: Iterable | None = None,
) -> pd.DataFrame:
    """Score texts on every dimension.

    Parameters
    ----------
    texts : iterable of str or Document
        Raw article texts (a pandas Series keeps its index).
    lexicons : iterable, optional
        User lexicons, each extending one dimension (see the module docstring).
    extractors : sequence of Extractor, optional
        One per dimension; the four shipped ones by default.
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
    features = feature_set(lexicons=lexicons, extractors=extractors)
    rows = list(features.rows(texts))
    return pd.DataFrame(rows, columns=list(features.feature_names_out_), index=None if index is None else list(index),
                        dtype=float)


def explain(
    text: str | Document, *, lexicons: LexiconOption = None, extractors: ExtractorsOption = None
) -> list[Evidence]:
    """Return every span any extractor counted in one text, in text order.

    Parameters
    ----------
    text : str or Document
        One article.
    lexicons : iterable, optional
        User lexicons (see the module docstring).
    extractors : sequence of Extractor, optional
        One per dimension; the four shipped ones by default.

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
    return feature_set(lexicons=lexicons, extractors=extractors).explain(text)


def as_feature_set(step: FeatureSet | FeatureUnion) -> FeatureSet:
    """Return the :class:`FeatureSet` of a model's first step (a union of extractors from an older model is
    described by a feature set of the same extractors)."""
    if isinstance(step, FeatureSet):
        return step
    return FeatureSet(extractors=[part for _, part in step.transformer_list]).fit([])
