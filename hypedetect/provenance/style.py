"""Writing style with the topic masked: distorted-text n-grams and a linear model over them.

A text is distorted (:mod:`~hypedetect.provenance.distortion`: every content word becomes
one shape symbol), then counted as token 1-3-grams and character 3-4-grams of the distorted
text. Counts enter as ``log(1 + n)``, each text's vector has unit length, and an L2 logistic
regression over the n-grams kept (found in at least ``min_df`` training texts, at most
``max_ngrams`` of them) gives a *style log-odds* of "written by the promoter". Everything
fitted is a NumPy array, and every n-gram of a text maps back to the spans it came from,
so the score is explained by phrases of the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from hypedetect.document import Document
from hypedetect.provenance.distortion import DistortedText, char_ngrams, distort, token_ngrams

__all__ = ["StyleCounts", "StyleWeights", "count_styles", "fit_style", "ngram_spans", "out_of_fold_style",
           "style_grams", "style_log_odds", "style_terms"]

TOKEN_SIZES = (1, 2, 3)
CHAR_SIZES = (3, 4)


class StyleCounts(NamedTuple):
    """Raw n-gram counts of many texts: ``counts`` (one row per text) over the sorted ``vocabulary``."""

    counts: sp.csr_matrix
    vocabulary: np.ndarray


class StyleWeights(NamedTuple):
    """A fitted style model: the kept n-grams (sorted), their weights and the intercept."""

    vocabulary: np.ndarray
    weights: np.ndarray
    intercept: float


def style_grams(distorted: DistortedText) -> list[str]:
    """Return every token and character n-gram of a distorted text (``w:`` and ``c:`` prefixed)."""
    return token_ngrams(distorted.tokens, TOKEN_SIZES) + char_ngrams(distorted.text, CHAR_SIZES)


def _identity(grams: list[str]) -> list[str]:
    return grams


def count_styles(docs: Sequence[Document]) -> StyleCounts:
    """Distort and count the n-grams of ``docs``.

    Parameters
    ----------
    docs : sequence of Document

    Returns
    -------
    StyleCounts
    """
    vectorizer = CountVectorizer(analyzer=_identity, lowercase=False, dtype=np.float32)
    counts = vectorizer.fit_transform(style_grams(distort(doc)) for doc in docs).tocsr()
    return StyleCounts(counts, vectorizer.get_feature_names_out().astype(str))


def _unit_rows(counts: sp.csr_matrix) -> sp.csr_matrix:
    logged = counts.astype(np.float64)
    logged.data = np.log1p(logged.data)
    norms = np.sqrt(np.asarray(logged.multiply(logged).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ logged)


def fit_style(counted: StyleCounts, rows: np.ndarray, y: np.ndarray, *, C: float = 2.0,  # noqa: N803
              min_df: int = 20, max_ngrams: int = 40000) -> StyleWeights:
    """Fit the style model on the ``rows`` of ``counted`` with labels ``y`` (1 = written by the promoter).

    Parameters
    ----------
    counted : StyleCounts
    rows : ndarray of int
        The training texts.
    y : ndarray of 0/1
        Their labels.
    C : float
        Inverse L2 regularisation.
    min_df, max_ngrams : int
        Keep n-grams in at least ``min_df`` training texts, at most ``max_ngrams`` (most frequent first).

    Returns
    -------
    StyleWeights
    """
    part = counted.counts[rows]
    frequency = np.asarray((part > 0).sum(axis=0)).ravel()
    kept = np.flatnonzero(frequency >= min_df)
    if len(kept) > max_ngrams:
        order = np.lexsort((kept, -frequency[kept]))
        kept = np.sort(kept[order[:max_ngrams]])
    regression = LogisticRegression(C=C, solver="lbfgs", max_iter=500, tol=1e-3)
    regression.fit(_unit_rows(part[:, kept]), np.asarray(y, dtype=int))
    return StyleWeights(counted.vocabulary[kept], regression.coef_[0].astype(np.float32),
                        float(regression.intercept_[0]))


def style_log_odds(weights: StyleWeights, counted: StyleCounts) -> np.ndarray:
    """Return the style log-odds of every text of ``counted`` (its vocabulary aligned to the model's)."""
    position = np.minimum(np.searchsorted(counted.vocabulary, weights.vocabulary), len(counted.vocabulary) - 1)
    found = (counted.vocabulary[position] == weights.vocabulary).astype(np.float64)
    kept = sp.csr_matrix(counted.counts[:, position].multiply(found[None, :]))
    return _unit_rows(kept) @ weights.weights.astype(np.float64) + weights.intercept


def style_terms(vocabulary: np.ndarray, weights: np.ndarray, doc: Document) -> tuple[dict[str, float], DistortedText]:
    """Return each n-gram's term of one text's style log-odds (intercept excluded), and its distortion.

    Parameters
    ----------
    vocabulary : ndarray of str
        The model's sorted n-grams.
    weights : ndarray of float
    doc : Document

    Returns
    -------
    terms : dict
        n-gram -> weight times its length-normalised log count, for the model's n-grams found in ``doc``.
    distorted : DistortedText
    """
    distorted = distort(doc)
    grams, counts = np.unique(np.asarray(style_grams(distorted), dtype=object).astype(str), return_counts=True)
    if not len(grams) or not len(vocabulary):
        return {}, distorted
    position = np.minimum(np.searchsorted(vocabulary, grams), len(vocabulary) - 1)
    found = vocabulary[position] == grams
    values = np.log1p(counts[found].astype(np.float64))
    norm = np.sqrt(np.sum(values**2)) or 1.0
    columns = position[found]
    terms = weights[columns].astype(np.float64) * values / norm
    return dict(zip(grams[found].tolist(), terms.tolist(), strict=True)), distorted


def _token_gram_spans(gram: str, distorted: DistortedText) -> list[tuple[int, int]]:
    wanted = tuple(gram.split(" "))
    n, tokens = len(wanted), distorted.tokens
    return [(distorted.starts[i], distorted.ends[i + n - 1]) for i in range(len(tokens) - n + 1)
            if tokens[i:i + n] == wanted]


def _char_gram_spans(gram: str, distorted: DistortedText) -> list[tuple[int, int]]:
    # Character offset in the joined distorted text -> index of the token it falls in.
    owner = np.repeat(np.arange(len(distorted.tokens)), [len(t) + 1 for t in distorted.tokens])
    text, spans, at = distorted.text, [], 0
    while (at := text.find(gram, at)) >= 0:
        first, last = owner[at], owner[min(at + len(gram) - 1, len(owner) - 1)]
        spans.append((distorted.starts[first], distorted.ends[last]))
        at += 1
    return spans


def ngram_spans(gram: str, distorted: DistortedText) -> tuple[tuple[int, int], ...]:
    """Return the ``(start, end)`` spans of the original text where a ``w:`` or ``c:`` n-gram occurs.

    Examples
    --------
    >>> from hypedetect.document import parse
    >>> doc = parse("We are pleased to announce it.")
    >>> [doc.text[a:b] for a, b in ngram_spans("w:we are *", distort(doc))]
    ['We are pleased']
    """
    kind, body = gram[:2], gram[2:]
    return tuple(_token_gram_spans(body, distorted) if kind == "w:" else _char_gram_spans(body, distorted))


def out_of_fold_style(counted: StyleCounts, y: np.ndarray, splits) -> np.ndarray:
    """Return each text's style log-odds from a model fitted on the training part of the split that tests it.

    Parameters
    ----------
    counted : StyleCounts
    y : ndarray of 0/1
    splits : iterable of (train, test) index arrays
        Rows never tested are NaN.

    Returns
    -------
    ndarray of float
    """
    values = np.full(len(y), np.nan)
    for train, test in splits:
        weights = fit_style(counted, train, y[train])
        values[test] = style_log_odds(weights, StyleCounts(counted.counts[test], counted.vocabulary))
    return values
