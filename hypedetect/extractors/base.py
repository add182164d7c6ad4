"""What every extractor shares: declarations, evidence spans, input checks, the transformer facade.

An extractor module declares its dimension once (:class:`Dimension`): what it
measures, its evidence categories (:class:`Category`: meaning, lexicon file,
legend colour) and its features (:class:`Feature`: name, kind, what it
counts). Every list elsewhere (feature names, the model's log-rate columns,
the report legend, the CLI's colours, the model file allow-list) is derived
from these declarations.

An extractor is two pure functions of one :class:`~hypedetect.analysis.Analysis`:
``evidence(analysis) -> list[Evidence]`` (every span it counted) and
``features(analysis, evidence) -> dict`` (its feature values, computed *from*
that evidence and the document's counts, so a value can always be traced back
to spans). :class:`Extractor` wraps them as a scikit-learn transformer over a
1-D iterable of raw texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from hypedetect.analysis import Analysis, analyse
from hypedetect.document import Document, parse
from hypedetect.errors import LexiconError
from hypedetect.lexicons import (
    Lexicon,
    Match,
    PhraseMatcher,
    load_lexicon,
    merge_lexicons,
    read_lexicon_file,
    shipped_lexicon_names,
)

__all__ = [
    "COUNT",
    "LOGGED_KINDS",
    "RATE",
    "SCORE",
    "SHARE",
    "Category",
    "Dimension",
    "Evidence",
    "Extractor",
    "Feature",
    "LexiconExtractor",
    "iter_documents",
    "matcher_for",
    "per_1k",
    "resolve_lexicons",
]

#: Feature kinds. A rate is a count per 1,000 words; a share a part of a whole (0..1); a count a plain
#: number of things; a score anything else (a formula's value, a weighted sum, a ratio).
RATE, SHARE, COUNT, SCORE = "rate", "share", "count", "score"

#: Kinds the model takes ``log(1 + x)`` of: heavy-tailed counts, where one extreme article would
#: otherwise dominate a linear model.
LOGGED_KINDS = frozenset({RATE, COUNT})


class Category(NamedTuple):
    """One kind of evidence span an extractor reports.

    Attributes
    ----------
    name : str
        The ``category`` of its :class:`Evidence`, e.g. ``"hedge"``.
    meaning : str
        What a span of this kind is, in plain words (the report legend).
    colour : str
        Its highlight colour in the report (CSS colour).
    lexicon : str or None
        The lexicon file whose matches it reports, if any (``"hedges"``).
    style : str
        ``"fill"`` (coloured background), ``"line"`` (drawn under the text, for
        spans as long as a sentence) or ``"block"`` (a boxed region).
    quiet : bool
        So frequent that its highlighting starts switched off.
    """

    name: str
    meaning: str
    colour: str
    lexicon: str | None = None
    style: str = "fill"
    quiet: bool = False


class Feature(NamedTuple):
    """One output column of an extractor (unprefixed).

    Attributes
    ----------
    name : str
        E.g. ``"hedges_per_1k"``; the frame column is ``{dimension}__{name}``.
    kind : str
        :data:`RATE`, :data:`SHARE`, :data:`COUNT` or :data:`SCORE`.
    meaning : str
        What it counts.
    summary : int
        0: not shown by a plain ``hypedetect score`` (without ``--all-features``);
        1, 2, ...: shown, in this order within its dimension.
    modelled : bool
        Whether the classifier reads it. Readability formulas are shown but not
        modelled: they are near-collinear, and a reader should never be told a
        text is promotional "because of its Gunning fog".
    """

    name: str
    kind: str
    meaning: str
    summary: int = 0
    modelled: bool = True


class Dimension(NamedTuple):
    """Everything the rest of hypedetect needs to know about one dimension.

    Attributes
    ----------
    name : str
        ``promotional``, ``hedging``, ... (the prefix of its feature columns).
    meaning : str
        What it measures, in plain words (the report's methods section).
    colour : str
        Its colour in charts (CSS colour).
    fill : str
        The highlight colour of categories it adds at run time (user lexicons).
    terminal_colour : str or None
        The colour ``hypedetect explain`` marks its spans in; None: not marked.
    lexicons : tuple of str
        The shipped lexicon files it matches.
    categories : tuple of Category
    features : tuple of Feature
    """

    name: str
    meaning: str
    colour: str
    fill: str
    terminal_colour: str | None
    lexicons: tuple[str, ...]
    categories: tuple[Category, ...]
    features: tuple[Feature, ...]


class Evidence(NamedTuple):
    """One span an extractor counted.

    Attributes
    ----------
    dimension : str
        ``promotional``, ``hedging``, ``sourcing`` or ``readability``.
    category : str
        What was counted, e.g. ``puffery`` or ``anonymous_attribution``.
    start, end : int
        Character offsets into the document text, end exclusive.
    text : str
        ``doc.text[start:end]``.
    """

    dimension: str
    category: str
    start: int
    end: int
    text: str


def per_1k(count: float, n_words: int) -> float:
    """Return ``count`` per 1,000 words (0.0 for an empty document).

    Examples
    --------
    >>> per_1k(3, 600)
    5.0
    """
    return 1000.0 * count / n_words if n_words else 0.0


def _reject_bare_string(raw_documents: Any) -> None:
    if isinstance(raw_documents, str | bytes):
        raise ValueError("Iterable over raw text documents expected, string object received.")


def iter_documents(raw_documents: Any) -> Iterator[Document | Analysis]:
    """Validate a 1-D iterable of texts (or Documents) and parse each as it is reached.

    Documents are yielded one at a time, so a long corpus is never held parsed
    in memory all at once.

    Parameters
    ----------
    raw_documents : iterable of str or Document
        A list, tuple, 1-D array, pandas Series, or a one-column 2-D array/frame.

    Yields
    ------
    Document

    Raises
    ------
    ValueError
        If given a bare string (at once), or an item that is not text (when reached).
    """
    _reject_bare_string(raw_documents)
    shape = getattr(raw_documents, "shape", None)
    if shape is not None and len(shape) == 2:
        if shape[1] != 1:
            raise ValueError(f"Expected one column of texts, got an array of shape {shape}.")
        raw_documents = np.asarray(raw_documents, dtype=object).ravel()
    return _parsed(raw_documents)


def _parsed(raw_documents: Iterable[Any]) -> Iterator[Document | Analysis]:
    for position, item in enumerate(raw_documents):
        if isinstance(item, Document | Analysis):
            yield item
        elif isinstance(item, str):
            yield parse(item)
        else:
            raise ValueError(f"Document {position} is {type(item).__name__}, not str.")


def resolve_lexicons(
    shipped: Sequence[Lexicon], user: Iterable[str | Lexicon] | None
) -> tuple[Lexicon, ...]:
    """Extend shipped lexicons with user files or :class:`Lexicon` objects."""
    if not user:
        return tuple(shipped)
    if isinstance(user, str):
        user = [user]
    extra = [lex if isinstance(lex, Lexicon) else read_lexicon_file(lex) for lex in user]
    return merge_lexicons(shipped, extra)


def matcher_for(lexicons: Iterable[tuple[str, tuple[str, ...]]]) -> PhraseMatcher:
    """Return one matcher over ``(name, entries)`` lexicons, each name once.

    Raises
    ------
    ValueError
        If one name comes with two different entry lists (two extractors that
        disagree on what a shipped list holds).
    """
    unique: dict[str, tuple[str, ...]] = {}
    for name, entries in lexicons:
        if unique.setdefault(name, entries) != entries:
            raise ValueError(f"lexicon {name!r} is given with two different entry lists")
    return PhraseMatcher([Lexicon(name, entries) for name, entries in unique.items()])


class Extractor(TransformerMixin, BaseEstimator):
    """Base transformer: raw texts in, one row of named features per text out.

    Subclasses set ``declaration`` (their :class:`Dimension`) and implement
    :meth:`evidence` and :meth:`features`; constructors are keyword-only and
    only store arguments. Both methods take an :class:`~hypedetect.analysis.Analysis`
    (a :class:`~hypedetect.document.Document` or a text is analysed first).
    """

    declaration: ClassVar[Dimension]
    dimension: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "declaration" in cls.__dict__:
            cls.dimension = cls.declaration.name

    # -- the two pure functions every subclass provides
    def evidence(self, analysis: Analysis | Document) -> list[Evidence]:  # pragma: no cover - abstract
        """Return every span this extractor counts in the analysed article."""
        raise NotImplementedError

    def features(  # pragma: no cover - abstract
        self, analysis: Analysis | Document, evidence: Sequence[Evidence]
    ) -> Mapping[str, float]:
        """Return the feature values of the analysed article, computed from ``evidence``."""
        raise NotImplementedError

    # -- what it declares
    def categories(self) -> tuple[Category, ...]:
        """Return the evidence categories it reports: the declared ones, then any it adds when fitted."""
        return self.declaration.categories

    def feature_declarations(self) -> tuple[Feature, ...]:
        """Return its features in output order: the declared ones, then any it adds when fitted."""
        return self.declaration.features

    def feature_names(self) -> list[str]:
        """Return the unprefixed feature names, in output order."""
        return [feature.name for feature in self.feature_declarations()]

    def lexicons_used(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Return the ``(name, entries)`` lexicons its analysis must match (none by default)."""
        return ()

    # -- analysing
    def analyse(self, text: str | Document | Analysis) -> Analysis:
        """Return the analysis of one article with this extractor's lexicons matched."""
        if isinstance(text, Analysis):
            return text
        matcher = self.__dict__.get("_matcher")
        lexicons = self.lexicons_used()
        if lexicons and matcher is None:
            # Derived from the fitted lexicons and kept on the instance (never saved, see __getstate__).
            matcher = self._matcher = matcher_for(lexicons)
        return analyse(text, matcher)

    def __getstate__(self) -> dict:  # noqa: D105
        state = dict(super().__getstate__())
        state.pop("_matcher", None)
        return state

    # -- scikit-learn API
    def fit(self, X: Iterable[str], y: object = None) -> Extractor:  # noqa: N803 - sklearn naming
        """Check the input and fix the output columns; nothing is learned from ``X``.

        Parameters
        ----------
        X : iterable of str
            Raw texts (a bare string is rejected).
        y : None
            Ignored.

        Returns
        -------
        self
        """
        _reject_bare_string(X)
        self.__dict__.pop("_matcher", None)
        self._prepare()
        self.feature_names_out_ = np.asarray(
            [f"{self.dimension}__{name}" for name in self.feature_names()], dtype=object
        )
        return self

    def _prepare(self) -> None:
        """Build anything derived from the parameters (lexicons); called by ``fit``."""

    def transform(self, X: Iterable[str]) -> np.ndarray:  # noqa: N803
        """Score each text.

        Parameters
        ----------
        X : iterable of str
            Raw texts or :class:`~hypedetect.document.Document` objects.

        Returns
        -------
        numpy.ndarray of shape (n_texts, n_features)
        """
        check_is_fitted(self, "feature_names_out_")
        names = self.feature_names()
        rows = [self.score(self.analyse(doc)) for doc in iter_documents(X)]
        out = np.array([[row[n] for n in names] for row in rows], dtype=float)
        return out.reshape(len(rows), len(names))

    def score(self, analysis: Analysis | Document) -> Mapping[str, float]:
        """Return the feature values of one analysed article."""
        analysis = self.analyse(analysis)
        return self.features(analysis, self.evidence(analysis))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return ``{dimension}__{feature}`` names, e.g. ``hedging__hedges_per_1k``."""
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        return tags


#: The prefix of a category added by a user lexicon.
USER_PREFIX = "user_"
#: Where a user lexicon's column comes among its dimension's summary columns: after the shipped ones.
USER_SUMMARY_RANK = 100


class LexiconExtractor(Extractor):
    """An extractor that matches lexicons; users may pass extra lexicon files.

    Its declaration lists the shipped lexicons it matches; a keyword-only
    ``lexicons`` parameter takes paths or :class:`Lexicon` objects. Fitting
    resolves those shipped lexicons plus the user's into ``lexicons_``: plain
    ``(name, entries)`` tuples, so a saved model carries its word lists and no
    custom objects. A user file named like one of its shipped lexicons extends
    it; any other becomes the category ``user_<name>``, with the feature
    ``user_<name>_per_1k``.
    """

    lexicons: Iterable[str | Lexicon] | None = None

    def _prepare(self) -> None:
        own = self.declaration.lexicons
        resolved = resolve_lexicons([load_lexicon(name) for name in own], self.lexicons)
        foreign = sorted({lex.name[len(USER_PREFIX):] for lex in resolved if lex.name.startswith(USER_PREFIX)}
                         & (set(shipped_lexicon_names()) - set(own)))
        if foreign:
            raise LexiconError(foreign[0], f"is a shipped lexicon the {self.dimension} dimension does not use")
        self.lexicons_ = tuple((lex.name, lex.entries) for lex in resolved)

    def lexicons_used(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Return its fitted ``(name, entries)`` lexicons: its shipped ones and the user's."""
        lexicons = getattr(self, "lexicons_", None)
        if lexicons is None:
            check_is_fitted(self, "lexicons_")
        own = self._own()
        return tuple(lexicon for lexicon in lexicons if lexicon[0] in own)

    def _own(self) -> frozenset[str]:
        # A model saved by an earlier version holds every shipped lexicon; only these are its own.
        return frozenset(self.declaration.lexicons) | frozenset(self.user_categories())

    def user_categories(self) -> list[str]:
        """Return the categories added by user lexicons (``user_<name>``)."""
        return [name for name, _ in getattr(self, "lexicons_", ()) if name.startswith(USER_PREFIX)]

    def categories(self) -> tuple[Category, ...]:
        """Return the declared categories, then one per user lexicon."""
        fill = self.declaration.fill
        added = tuple(
            Category(name, f"an entry of the user lexicon {name[len(USER_PREFIX):]!r}", fill, lexicon=name)
            for name in self.user_categories()
        )
        return self.declaration.categories + added

    def feature_declarations(self) -> tuple[Feature, ...]:
        """Return the declared features, then ``user_<name>_per_1k`` for each user lexicon."""
        added = tuple(
            Feature(f"{name}_per_1k", RATE, f"entries of the user lexicon {name[len(USER_PREFIX):]!r} per 1,000 words",
                    summary=USER_SUMMARY_RANK)
            for name in self.user_categories()
        )
        return self.declaration.features + added

    def matches(self, analysis: Analysis | Document) -> list[Match]:
        """Return the matches of this extractor's lexicons (token indices)."""
        return self.analyse(analysis).matches_of(self._own())

    def span_of(self, doc: Document, match: Match) -> tuple[int, int]:
        """Return the character span of a token-index match."""
        return doc.word_starts[match.first], doc.word_ends[match.end - 1]
