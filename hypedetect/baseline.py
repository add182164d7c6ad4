"""The plain baseline every accuracy figure of the model card stands beside.

TF-IDF word 1-2-grams (sublinear tf, terms in at least two training articles) and an
L2 logistic regression, refitted on exactly the training part of every split the
model is measured on. It is the "afternoon's baseline" a reviewer would try first;
``benchmarks/bench_promotional.py`` adds a character n-gram one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

__all__ = ["word_tfidf", "word_tfidf_scores"]


def word_tfidf():
    """Return the unfitted baseline pipeline (TF-IDF word 1-2-grams + logistic regression, C=10).

    Examples
    --------
    >>> model = word_tfidf().fit(["we are thrilled", "officials said", "thrilled to announce", "police said"],
    ...                          [1, 0, 1, 0])
    >>> bool(model.predict_proba(["thrilled"])[0, 1] > 0.5)
    True
    """
    return make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, dtype=np.float32),
                         LogisticRegression(C=10.0, solver="liblinear", max_iter=2000))


def word_tfidf_scores(texts: Sequence[str], y: np.ndarray,
                      splits: Iterable[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Return the baseline's probability for each test row of ``splits``, fitted on each split's training rows.

    Parameters
    ----------
    texts : sequence of str
    y : ndarray of 0/1
    splits : iterable of (train, test) index arrays
        Rows never tested twice; rows never tested are NaN in the result.

    Returns
    -------
    ndarray of float
    """
    texts = np.asarray(texts, dtype=object)
    scores = np.full(len(y), np.nan)
    for train, test in splits:
        # min_df=2 needs two training articles; with fewer, terms in one article are kept.
        model = word_tfidf() if len(train) > 2 else word_tfidf().set_params(tfidfvectorizer__min_df=1)
        scores[test] = model.fit(texts[train], y[train]).predict_proba(texts[test])[:, 1]
    return scores
