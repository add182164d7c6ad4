"""The promotional classifier: building, training, calibrating, explaining.

The model is a plain scikit-learn :class:`~sklearn.pipeline.Pipeline`::

    FeatureUnion(PromotionalLanguage, Hedging, Sourcing, Readability)
      -> LogRates            log(1 + x) of every per-1,000-words rate
      -> StandardScaler
      -> SignedLogisticRegression   L2 logistic regression, Platt-calibrated
                                    on out-of-fold scores grouped by source

``SignedLogisticRegression`` keeps the coefficient of every promotional-language
feature at zero or above: more puffery, hype or sensational wording may never
make a text *less* promotional, whatever the training corpora happen to
correlate it with (BBC News uses "biggest" more than press releases do).

Because the model is linear on standardised features, each prediction splits
exactly into per-feature contributions to the calibrated log-odds; summing them
by dimension gives the four dimension scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from sklearn.base import BaseEstimator, ClassifierMixin, OneToOneFeatureMixin, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data

from hypedetect.extractors.base import Extractor
from hypedetect.features import DIMENSIONS, feature_rows, feature_union

__all__ = [
    "LogRates",
    "SignedLogisticRegression",
    "build_pipeline",
    "contributions",
    "dimension_scores",
    "length_warning",
    "score_texts",
]

#: The training corpora keep articles of at least this many words; shorter texts are outside what the
#: model and its calibration have seen.
MIN_ARTICLE_WORDS = 50

#: Feature-name prefixes whose coefficients must not be negative.
NONNEGATIVE_PREFIXES = ("promotional__",)


def _is_rate(name: str) -> bool:
    return name.endswith("_per_1k") or name.endswith("__distinct_sources")


class LogRates(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Replace every rate column (``*_per_1k``, ``distinct_sources``) by ``log(1 + x)``.

    Rates are heavy-tailed (one slogan list can put 50 puffery words per 1,000);
    the log keeps one extreme article from dominating a linear model. Other
    columns (shares, readability scores) pass through unchanged.

    Examples
    --------
    >>> frame = pd.DataFrame({"a__x_per_1k": [0.0, np.e - 1], "a__share": [0.5, 0.25]})
    >>> LogRates().fit(frame).transform(frame).round(3).tolist()
    [[0.0, 0.5], [1.0, 0.25]]
    """

    def fit(self, X, y=None):  # noqa: N803 - sklearn naming
        """Find the rate columns by name (``X`` must be a DataFrame or come with names)."""
        X = validate_data(self, X, reset=True, dtype=float, ensure_all_finite=True)  # noqa: N806
        names = getattr(self, "feature_names_in_", None)
        self.rate_mask_ = np.array([_is_rate(str(n)) for n in names] if names is not None else [False] * X.shape[1])
        return self

    def transform(self, X):  # noqa: N803
        """Return ``X`` with ``log1p`` applied to the rate columns."""
        check_is_fitted(self, "rate_mask_")
        X = validate_data(self, X, reset=False, dtype=float, copy=True)  # noqa: N806
        X[:, self.rate_mask_] = np.log1p(np.clip(X[:, self.rate_mask_], 0, None))
        return X


class SignedLogisticRegression(ClassifierMixin, BaseEstimator):
    """L2-regularised logistic regression with sign constraints and Platt calibration.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength, as in scikit-learn's ``LogisticRegression``.
    nonnegative : tuple of str, default=("promotional__",)
        Features whose name starts with one of these prefixes get a coefficient
        >= 0 (bounded L-BFGS-B).
    calibration_folds : int, default=5
        Folds for the out-of-fold scores that the Platt scaling is fitted on;
        grouped by ``groups`` when :meth:`fit` is given them, so a source's
        articles never calibrate their own scores.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    calibration_ : ndarray of shape (2,)
        Slope and intercept applied to the decision value before the sigmoid.
    classes_ : ndarray, ``[0, 1]``
    """

    def __init__(self, *, C: float = 1.0, nonnegative: tuple[str, ...] = NONNEGATIVE_PREFIXES,  # noqa: N803
                 calibration_folds: int = 5) -> None:
        self.C = C
        self.nonnegative = nonnegative
        self.calibration_folds = calibration_folds

    def fit(self, X, y, groups: Sequence | None = None):  # noqa: N803
        """Fit the coefficients, then the calibration on out-of-fold decision values.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : array-like of 0/1
        groups : array-like, optional
            Source of each sample (for grouped calibration folds).

        Returns
        -------
        self
        """
        X, y = validate_data(self, X, y, reset=True, dtype=float)  # noqa: N806
        y = np.asarray(y, dtype=float)
        self.classes_ = np.array([0, 1])
        names = getattr(self, "feature_names_in_", None)
        signed = np.array([str(n).startswith(tuple(self.nonnegative)) for n in names]) if names is not None \
            else np.zeros(X.shape[1], dtype=bool)
        self.nonnegative_mask_ = signed
        self.coef_, self.intercept_ = _fit_signed(X, y, self.C, signed)
        out_of_fold = np.empty(len(y))
        if groups is not None and len(set(groups)) >= self.calibration_folds:
            splits = GroupKFold(self.calibration_folds).split(X, y, groups)
        else:
            splits = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=0).split(X, y)
        for train, test in splits:
            coef, intercept = _fit_signed(X[train], y[train], self.C, signed)
            out_of_fold[test] = X[test] @ coef + intercept
        platt = LogisticRegression(C=1e6).fit(out_of_fold.reshape(-1, 1), y)
        self.calibration_ = np.array([platt.coef_[0, 0], platt.intercept_[0]])
        return self

    def decision_function(self, X):  # noqa: N803
        """Return the calibrated log-odds of "promotional"."""
        check_is_fitted(self, "calibration_")
        X = validate_data(self, X, reset=False, dtype=float)  # noqa: N806
        slope, intercept = self.calibration_
        return slope * (X @ self.coef_ + self.intercept_) + intercept

    def predict_proba(self, X):  # noqa: N803
        """Return ``[[p(newsy), p(promotional)], ...]``."""
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X):  # noqa: N803
        """Return 1 (promotional) where the probability is at least 0.5."""
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def contributions(self, X):  # noqa: N803
        """Return each feature's contribution to the calibrated log-odds, shape (n, n_features).

        The contributions plus ``base_log_odds_`` sum to :meth:`decision_function`.
        """
        check_is_fitted(self, "calibration_")
        X = validate_data(self, X, reset=False, dtype=float)  # noqa: N806
        return self.calibration_[0] * X * self.coef_

    @property
    def base_log_odds_(self) -> float:
        """The calibrated log-odds of an average training article (all standardised features 0)."""
        return float(self.calibration_[0] * self.intercept_ + self.calibration_[1])


def _fit_signed(X: np.ndarray, y: np.ndarray, C: float, nonnegative: np.ndarray) -> tuple[np.ndarray, float]:  # noqa: N803
    """Minimise mean log-loss + ||w||^2 / (2 C n) with ``w[nonnegative] >= 0``."""
    n, d = X.shape

    def loss_and_gradient(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = params[:d], params[d]
        z = X @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        loss = np.sum(np.logaddexp(0.0, z) - y * z) / n + w @ w / (2.0 * C * n)
        gradient = np.append(X.T @ (p - y) / n + w / (C * n), np.sum(p - y) / n)
        return loss, gradient

    bounds = [(0.0, None) if positive else (None, None) for positive in nonnegative] + [(None, None)]
    result = minimize(loss_and_gradient, np.zeros(d + 1), jac=True, method="L-BFGS-B", bounds=bounds,
                      options={"maxiter": 2000})
    return result.x[:d], float(result.x[d])


def build_pipeline(*, lexicons: Iterable[str] | None = None, C: float = 1.0) -> Pipeline:  # noqa: N803
    """Return the unfitted promotional classifier.

    Parameters
    ----------
    lexicons : iterable of str, optional
        Extra user lexicon files for the extractors.
    C : float, default=1.0
        Regularisation of the classifier.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Fit it with ``pipe.fit(texts, labels, classifier__groups=sources)``.
    """
    pipe = Pipeline(
        [
            ("features", feature_union(lexicons=lexicons)),
            ("log_rates", LogRates()),
            ("scale", StandardScaler()),
            ("classifier", SignedLogisticRegression(C=C)),
        ]
    )
    return pipe.set_output(transform="pandas")


def length_warning(n_words: int) -> str | None:
    """Return a warning for texts shorter than the articles the model was trained on, else None.

    Examples
    --------
    >>> length_warning(12)
    'short text (12 words): the model was trained on articles of 50+ words; read the probability with caution'
    >>> length_warning(400) is None
    True
    """
    if n_words >= MIN_ARTICLE_WORDS:
        return None
    words = "word" if n_words == 1 else "words"
    return (f"short text ({n_words} {words}): the model was trained on articles of {MIN_ARTICLE_WORDS}+ words; "
            "read the probability with caution")


def _contributions_of(model: Pipeline, features: pd.DataFrame) -> pd.DataFrame:
    transformed = model[1:-1].transform(features)
    values = model[-1].contributions(transformed)
    return pd.DataFrame(values, columns=transformed.columns, index=features.index)


def contributions(model: Pipeline, texts: Iterable[str]) -> pd.DataFrame:
    """Return per-feature contributions to each text's promotional log-odds.

    Parameters
    ----------
    model : Pipeline
        A fitted :func:`build_pipeline` model.
    texts : iterable of str

    Returns
    -------
    pandas.DataFrame
        One row per text, one column per feature; a row plus
        ``model[-1].base_log_odds_`` sums to the text's log-odds.
    """
    return _contributions_of(model, model[0].transform(list(texts)))


def dimension_scores(contribution_frame: pd.DataFrame) -> pd.DataFrame:
    """Sum contributions by dimension: ``promotional_score``, ``hedging_score``, ...

    A positive score means that dimension pushes the text towards
    "promotional" (in log-odds), negative towards "newsy".
    """
    return pd.DataFrame(
        {
            f"{dimension}_score": contribution_frame.loc[
                :, [c for c in contribution_frame.columns if c.startswith(f"{dimension}__")]
            ].sum(axis=1)
            for dimension in DIMENSIONS
        },
        index=contribution_frame.index,
    )


def _feature_frame(union: FeatureUnion, texts: list[str]) -> pd.DataFrame:
    """Return ``union.transform(texts)`` as a frame indexed 0..n-1.

    A union of hypedetect extractors is run one text at a time through all of
    them (one parse, warm per-document caches) instead of one extractor at a
    time over all texts; the values are the same.
    """
    parts = [transformer for _, transformer in union.transformer_list]
    if union.transformer_weights is None and all(isinstance(part, Extractor) for part in parts):
        return pd.DataFrame(feature_rows(parts, texts), columns=union.get_feature_names_out(), dtype=float)
    return union.transform(texts).reset_index(drop=True)


def score_texts(model: Pipeline, texts: Sequence[str], *, with_contributions: bool = False) -> pd.DataFrame:
    """Score texts in one pass: probability, dimension scores, every feature (and contributions).

    Parameters
    ----------
    model : Pipeline
        A fitted promotional model (see :func:`hypedetect.persistence.load_model`).
    texts : sequence of str
    with_contributions : bool, default False
        Also return ``contribution__{feature}`` columns (log-odds).

    Returns
    -------
    pandas.DataFrame
        ``promotional_probability``, ``{dimension}_score`` and one column per
        feature, one row per text in order.
    """
    texts = list(texts)
    if not texts:
        columns = ["promotional_probability", *(f"{d}_score" for d in DIMENSIONS), *model[0].get_feature_names_out()]
        return pd.DataFrame(columns=columns, dtype=float)
    features = _feature_frame(model[0], texts)
    contribution_frame = _contributions_of(model, features)
    log_odds = contribution_frame.sum(axis=1) + model[-1].base_log_odds_
    scores = dimension_scores(contribution_frame)
    scores.insert(0, "promotional_probability", 1.0 / (1.0 + np.exp(-log_odds)))
    parts = [scores, features]
    if with_contributions:
        parts.append(contribution_frame.add_prefix("contribution__"))
    return pd.concat(parts, axis=1)
