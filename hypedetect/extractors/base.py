"""What every extractor shares: evidence spans, input checks, the transformer facade.

An extractor is two pure functions of a parsed :class:`~hypedetect.document.Document`:
``evidence(doc) -> list[Evidence]`` (every span it counted) and
``features(doc, evidence) -> dict`` (its feature values, computed *from* that
evidence and the document's counts, so a value can always be traced back to
spans). :class:`Extractor` wraps them as a scikit-learn transformer over a 1-D
iterable of raw texts.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from hypedetect.document import Document, parse
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
    "Evidence",
    "Extractor",
    "LexiconExtractor",
    "iter_documents",
    "per_1k",
    "resolve_lexicons",
]


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


def iter_documents(raw_documents: Any) -> Iterator[Document]:
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


def _parsed(raw_documents: Iterable[Any]) -> Iterator[Document]:
    for position, item in enumerate(raw_documents):
        if isinstance(item, Document):
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


class Extractor(TransformerMixin, BaseEstimator):
    """Base transformer: raw texts in, one row of named features per text out.

    Subclasses set ``dimension`` and implement :meth:`evidence` and
    :meth:`features`; constructors are keyword-only and only store arguments.
    """

    dimension: ClassVar[str] = ""

    # -- the two pure functions every subclass provides
    def evidence(self, doc: Document) -> list[Evidence]:  # pragma: no cover - abstract
        """Return every span this extractor counts in ``doc``."""
        raise NotImplementedError

    def features(self, doc: Document, evidence: Sequence[Evidence]) -> Mapping[str, float]:  # pragma: no cover
        """Return the feature values of ``doc``, computed from ``evidence``."""
        raise NotImplementedError

    def feature_names(self) -> list[str]:  # pragma: no cover - abstract
        """Return the unprefixed feature names, in output order."""
        raise NotImplementedError

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
        self._prepare()
        self.feature_names_out_ = np.asarray(
            [f"{self.dimension}__{name}" for name in self.feature_names()], dtype=object
        )
        return self

    def _prepare(self) -> None:
        """Build anything derived from the parameters (matchers); called by ``fit``."""

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
        rows = [self.score(doc) for doc in iter_documents(X)]
        out = np.array([[row[n] for n in names] for row in rows], dtype=float)
        return out.reshape(len(rows), len(names))

    def score(self, doc: Document) -> Mapping[str, float]:
        """Return the feature values of one parsed document."""
        return self.features(doc, self.evidence(doc))

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


@functools.lru_cache(maxsize=64)
def _matcher_for(lexicons: tuple[tuple[str, tuple[str, ...]], ...]) -> PhraseMatcher:
    return PhraseMatcher([Lexicon(name, entries) for name, entries in lexicons])


@functools.lru_cache(maxsize=512)
def _find(matcher: PhraseMatcher, doc: Document) -> list[Match]:
    # Every lexicon extractor holds the same lexicon set, hence the same
    # matcher: one pass per document serves all of them.
    return matcher.find(doc.words, vocabulary=doc.vocabulary, word_ids=doc.word_ids)


# Each fitted extractor's matcher, with the lexicons it was built from: looking a
# matcher up by the lexicons themselves would hash every entry once per document.
_MATCHERS: weakref.WeakKeyDictionary[Extractor, tuple[tuple, PhraseMatcher]] = weakref.WeakKeyDictionary()


class LexiconExtractor(Extractor):
    """An extractor that matches lexicons; users may pass extra lexicon files.

    Subclasses list the shipped lexicons they report in ``shipped_lexicons`` and
    take a keyword-only ``lexicons`` parameter (paths or :class:`Lexicon`
    objects). Fitting resolves every shipped lexicon plus the user's into
    ``lexicons_``: plain ``(name, entries)`` tuples, so a saved model carries its
    word lists and no custom objects. A user file named like a shipped lexicon
    extends it; any other becomes the category ``user_<name>``.
    """

    shipped_lexicons: ClassVar[tuple[str, ...]] = ()
    lexicons: Iterable[str | Lexicon] | None = None

    def _prepare(self) -> None:
        shipped = [load_lexicon(name) for name in shipped_lexicon_names()]
        resolved = resolve_lexicons(shipped, self.lexicons)
        self.lexicons_ = tuple((lex.name, lex.entries) for lex in resolved)

    def user_categories(self) -> list[str]:
        """Return the categories added by user lexicons (``user_<name>``)."""
        return [name for name, _ in getattr(self, "lexicons_", ()) if name.startswith("user_")]

    def matches(self, doc: Document) -> list[Match]:
        """Return the matches of this extractor's lexicons in ``doc`` (token indices)."""
        lexicons = getattr(self, "lexicons_", None)  # check_is_fitted is too slow per document
        if lexicons is None:
            check_is_fitted(self, "lexicons_")
        held = _MATCHERS.get(self)
        if held is None or held[0] is not lexicons:  # first use, or refitted since
            held = _MATCHERS[self] = (lexicons, _matcher_for(lexicons))
        own = {*self.shipped_lexicons, *self.user_categories()}
        return [match for match in _find(held[1], doc) if match.category in own]

    def span_of(self, doc: Document, match: Match) -> tuple[int, int]:
        """Return the character span of a token-index match."""
        return doc.word_starts[match.first], doc.word_ends[match.end - 1]
