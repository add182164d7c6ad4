"""The provenance face: ``release_probability``, written by the promoter versus reported.

:class:`ReleaseClassifier` is one L2 logistic regression over two blocks:

- **style n-grams** of the distorted text (:mod:`~hypedetect.provenance.distortion`):
  token 1-3-grams and character 3-4-grams in which every content word is one
  shape symbol, so only function words, punctuation, layout and word shapes
  are left to learn from. Counts are ``log(1 + n)``, each article's vector has
  unit length, and only n-grams found in at least ``min_df`` training articles
  are kept (at most ``max_ngrams``, by document frequency);
- **interpretable features**: :func:`hypedetect.extract_features` plus the
  provenance signals (:mod:`~hypedetect.provenance.signals`), rates as
  ``log(1 + x)``, standardised, scaled by ``dense_weight``.

The decision value is then Platt-scaled on out-of-fold scores whose folds are
grouped by source, so no source calibrates its own articles. Everything fitted
is a plain NumPy array (the vocabulary is a sorted string array), which skops
saves compactly and :mod:`hypedetect.persistence` can allow-list.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from hypedetect.document import Document, parse
from hypedetect.features import extract_features
from hypedetect.provenance.distortion import DistortedText, char_ngrams, distort, token_ngrams
from hypedetect.provenance.signals import SIGNAL_NAMES, signal_values

__all__ = ["ReleaseClassifier", "Representation", "represent"]

SIGNAL_PREFIX = "provenance__"


def _as_texts(texts) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("Iterable over raw text documents expected, string object received")
    return list(texts)


def _grams(distorted: DistortedText, token_sizes: Sequence[int], char_sizes: Sequence[int]) -> list[str]:
    return token_ngrams(distorted.tokens, token_sizes) + char_ngrams(distorted.text, char_sizes)


class Representation:
    """What the classifier reads of a set of texts, computed once.

    Attributes
    ----------
    counts : scipy.sparse.csr_matrix
        Raw n-gram counts, one row per text, columns ``vocabulary``.
    vocabulary : ndarray of str
        Every n-gram seen (``w:`` token n-grams, ``c:`` character n-grams), sorted.
    dense : pandas.DataFrame
        The interpretable features (extractors + provenance signals), raw values.
    """

    def __init__(self, counts: sp.csr_matrix, vocabulary: np.ndarray, dense: pd.DataFrame) -> None:
        self.counts = counts
        self.vocabulary = vocabulary
        self.dense = dense

    def rows(self, index: np.ndarray) -> Representation:
        """Return the representation of a subset of the texts (same columns)."""
        return Representation(self.counts[index], self.vocabulary, self.dense.iloc[index].reset_index(drop=True))


def _dense_frame(docs: Sequence[Document], features: pd.DataFrame | None) -> pd.DataFrame:
    if features is None:
        features = extract_features(docs)
    signal_frame = pd.DataFrame(signal_values(docs), columns=[SIGNAL_PREFIX + n for n in SIGNAL_NAMES],
                                dtype=float)
    return pd.concat([features.reset_index(drop=True), signal_frame], axis=1)


def represent(texts: Sequence[str], *, features: pd.DataFrame | None = None, token_sizes: Sequence[int] = (1, 2, 3),
              char_sizes: Sequence[int] = (3, 4)) -> Representation:
    """Parse, distort and count every n-gram of ``texts``; compute their interpretable features.

    Parameters
    ----------
    texts : sequence of str
    features : DataFrame, optional
        ``extract_features(texts)`` when the caller has it already.
    token_sizes, char_sizes : sequence of int
        n-gram lengths over distorted tokens and characters.

    Returns
    -------
    Representation
    """
    docs = [parse(text) for text in _as_texts(texts)]
    grams = (_grams(distort(doc), token_sizes, char_sizes) for doc in docs)
    vectorizer = CountVectorizer(analyzer=_identity, lowercase=False, dtype=np.float32)
    counts = vectorizer.fit_transform(grams).tocsr()
    vocabulary = vectorizer.get_feature_names_out().astype(str)
    return Representation(counts, vocabulary, _dense_frame(docs, features))


def _identity(grams: list[str]) -> list[str]:
    return grams


def _is_rate(name: str) -> bool:
    return name.endswith("_per_1k") or name.endswith("__distinct_sources")


def _normalise_rows(counts: sp.csr_matrix) -> sp.csr_matrix:
    logged = counts.copy()
    logged.data = np.log1p(logged.data)
    norms = np.sqrt(np.asarray(logged.multiply(logged).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ logged)


class ReleaseClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated probability that a text was written by the party it promotes.

    Parameters
    ----------
    C : float, default=2.0
        Inverse L2 regularisation of the logistic regression (L-BFGS, tolerance 1e-3).
    min_df : int, default=20
        Keep n-grams found in at least this many training articles.
    max_ngrams : int, default=40000
        Keep at most this many n-grams (the most frequent by document frequency).
    dense_weight : float, default=0.3
        Scale of the standardised interpretable features beside the unit-length n-gram block. A
        trade-off measured by ``benchmarks/bench_promotional.py``: at 0.3, FakeHealth transfer ROC-AUC
        0.916 and example 000 at 0.21, but Kickstarter left out at 0.50; at 0, every left-out corpus
        at 0.73 or more (Kickstarter 0.75) but FakeHealth transfer 0.833 and example 000 at 0.63.
    token_sizes, char_sizes : tuple of int
        n-gram lengths over distorted tokens and characters.
    calibration_folds : int, default=5
        Grouped folds for the out-of-fold scores the Platt scaling is fitted on.

    Attributes
    ----------
    vocabulary_ : ndarray of str
        The kept n-grams, sorted.
    ngram_coef_ : ndarray of float32
    dense_names_ : ndarray of str
    dense_log_ : ndarray of bool
        Which interpretable features enter as ``log(1 + x)``.
    dense_mean_, dense_scale_, dense_coef_ : ndarray
    intercept_ : float
    calibration_ : ndarray of shape (2,)
        Platt slope and intercept.
    classes_ : ndarray, ``[0, 1]``
    """

    def __init__(self, *, C: float = 2.0, min_df: int = 20, max_ngrams: int = 40000,  # noqa: N803
                 dense_weight: float = 0.3, token_sizes: tuple[int, ...] = (1, 2, 3),
                 char_sizes: tuple[int, ...] = (3, 4), calibration_folds: int = 5) -> None:
        self.C = C
        self.min_df = min_df
        self.max_ngrams = max_ngrams
        self.dense_weight = dense_weight
        self.token_sizes = token_sizes
        self.char_sizes = char_sizes
        self.calibration_folds = calibration_folds

    # ----------------------------------------------------------------- fitting
    def fit(self, texts: Sequence[str], y, groups: Sequence | None = None, *,
            features: pd.DataFrame | None = None) -> ReleaseClassifier:
        """Fit on raw texts.

        Parameters
        ----------
        texts : sequence of str
        y : array-like of 0/1
            1 = written by the promoter (release, pitch), 0 = reported.
        groups : array-like, optional
            Source of each text; calibration folds never split a source.
        features : DataFrame, optional
            ``extract_features(texts)`` when already computed.

        Returns
        -------
        self
        """
        rep = represent(texts, features=features, token_sizes=self.token_sizes, char_sizes=self.char_sizes)
        return self.fit_representation(rep, y, groups)

    def fit_representation(self, rep: Representation, y, groups: Sequence | None = None) -> ReleaseClassifier:
        """Fit on a :class:`Representation` (lets a benchmark count n-grams once for many folds)."""
        y = np.asarray(y, dtype=int)
        self.classes_ = np.array([0, 1])
        self._fit_core(rep, y)
        placeholder = np.zeros((len(y), 1))
        out_of_fold = np.empty(len(y))
        groups = None if groups is None else np.asarray(groups)
        if groups is not None and len(set(groups)) >= self.calibration_folds:
            splits = GroupKFold(self.calibration_folds).split(placeholder, y, groups)
        else:
            splits = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=0).split(placeholder, y)
        for train, test in splits:
            inner = ReleaseClassifier(**self.get_params())._fit_core(rep.rows(train), y[train])
            out_of_fold[test] = inner._raw_decision(rep.rows(test).counts[:, inner._columns_], rep.rows(test).dense)
        platt = LogisticRegression(C=1e6).fit(out_of_fold.reshape(-1, 1), y)
        self.calibration_ = np.array([platt.coef_[0, 0], platt.intercept_[0]])
        del self._columns_
        return self

    def _fit_core(self, rep: Representation, y: np.ndarray) -> ReleaseClassifier:
        document_frequency = np.asarray((rep.counts > 0).sum(axis=0)).ravel()
        candidates = np.flatnonzero(document_frequency >= self.min_df)
        if len(candidates) > self.max_ngrams:
            order = np.lexsort((candidates, -document_frequency[candidates]))
            candidates = np.sort(candidates[order[: self.max_ngrams]])
        self._columns_ = candidates
        self.vocabulary_ = rep.vocabulary[candidates]
        dense = rep.dense
        self.dense_names_ = np.asarray(dense.columns, dtype=str)
        self.dense_log_ = np.array([_is_rate(n) for n in self.dense_names_])
        values = self._dense_values(dense)
        self.dense_mean_ = values.mean(axis=0)
        scale = values.std(axis=0)
        self.dense_scale_ = np.where(scale > 0, scale, 1.0)
        matrix = self._design(rep.counts, dense, columns=candidates)
        regression = LogisticRegression(C=self.C, solver="lbfgs", max_iter=500, tol=1e-3).fit(matrix, y)
        coef = regression.coef_[0]
        self.ngram_coef_ = coef[: len(candidates)].astype(np.float32)
        self.dense_coef_ = coef[len(candidates):] * self.dense_weight
        self.intercept_ = float(regression.intercept_[0])
        return self

    def _dense_values(self, dense: pd.DataFrame) -> np.ndarray:
        values = dense.loc[:, list(self.dense_names_)].to_numpy(dtype=float, copy=True)
        values[:, self.dense_log_] = np.log1p(np.clip(values[:, self.dense_log_], 0, None))
        return np.nan_to_num(values)

    def _standardised(self, dense: pd.DataFrame) -> np.ndarray:
        return (self._dense_values(dense) - self.dense_mean_) / self.dense_scale_

    def _design(self, counts: sp.csr_matrix, dense: pd.DataFrame, *, columns: np.ndarray) -> sp.csr_matrix:
        ngrams = _normalise_rows(counts[:, columns])
        return sp.hstack([ngrams, sp.csr_matrix(self._standardised(dense) * self.dense_weight)]).tocsr()

    def _raw_decision(self, kept_counts: sp.csr_matrix, dense: pd.DataFrame) -> np.ndarray:
        ngrams = _normalise_rows(kept_counts)
        return ngrams @ self.ngram_coef_.astype(float) + self._standardised(dense) @ self.dense_coef_ \
            + self.intercept_

    # -------------------------------------------------------------- predicting
    def proba_of_representation(self, rep: Representation) -> np.ndarray:
        """Return ``release_probability`` of texts already represented (any vocabulary: aligned by n-gram)."""
        check_is_fitted(self, "calibration_")
        position = np.searchsorted(rep.vocabulary, self.vocabulary_)
        position = np.minimum(position, len(rep.vocabulary) - 1)
        found = rep.vocabulary[position] == self.vocabulary_
        counts = sp.csr_matrix(rep.counts[:, position].multiply(found.astype(np.float32)[None, :]))
        slope, intercept = self.calibration_
        return 1.0 / (1.0 + np.exp(-(slope * self._raw_decision(counts, rep.dense) + intercept)))

    def _counts(self, docs: Sequence[Document]) -> sp.csr_matrix:
        index = {gram: i for i, gram in enumerate(self.vocabulary_.tolist())}
        rows, columns = [], []
        for row, doc in enumerate(docs):
            for gram in _grams(distort(doc), self.token_sizes, self.char_sizes):
                column = index.get(gram)
                if column is not None:
                    rows.append(row)
                    columns.append(column)
        data = np.ones(len(rows), dtype=np.float32)
        return sp.csr_matrix((data, (rows, columns)), shape=(len(docs), len(index)))

    def decision_function(self, texts: Sequence[str], *, features: pd.DataFrame | None = None) -> np.ndarray:
        """Return the calibrated log-odds of "written by the promoter" for each text."""
        check_is_fitted(self, "calibration_")
        docs = [parse(text) for text in _as_texts(texts)]
        raw = self._raw_decision(self._counts(docs), _dense_frame(docs, features))
        slope, intercept = self.calibration_
        return slope * raw + intercept

    def predict_proba(self, texts: Sequence[str], *, features: pd.DataFrame | None = None) -> np.ndarray:
        """Return ``[[p(reported), p(release)], ...]``."""
        p = 1.0 / (1.0 + np.exp(-self.decision_function(texts, features=features)))
        return np.column_stack([1.0 - p, p])

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Return 1 (written by the promoter) where ``release_probability`` is at least 0.5."""
        return (self.predict_proba(texts)[:, 1] >= 0.5).astype(int)

    def release_probability(self, texts: Sequence[str], *, features: pd.DataFrame | None = None) -> np.ndarray:
        """Return the calibrated probability that each text was written by the party it promotes."""
        return self.predict_proba(texts, features=features)[:, 1]

    # ---------------------------------------------------------- explaining
    def top_ngrams(self, k: int = 20) -> dict[str, list[tuple[str, float]]]:
        """Return the ``k`` n-grams pushing hardest towards "release" and towards "reported".

        Returns
        -------
        dict
            ``{"release": [(ngram, coef), ...], "reported": [...]}``, calibrated log-odds
            per unit of the length-normalised log count.
        """
        check_is_fitted(self, "calibration_")
        coef = self.ngram_coef_.astype(float) * self.calibration_[0]
        order = np.argsort(coef)
        return {"release": [(str(self.vocabulary_[i]), round(float(coef[i]), 3)) for i in order[::-1][:k]],
                "reported": [(str(self.vocabulary_[i]), round(float(coef[i]), 3)) for i in order[:k]]}
