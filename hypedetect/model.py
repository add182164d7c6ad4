"""The promotional classifier: building, training, calibrating, explaining.

The model is a plain scikit-learn :class:`~sklearn.pipeline.Pipeline`::

    FeatureSet(PromotionalLanguage, Hedging, Sourcing, Readability)
                             one analysis per text, every extractor's features
      -> LogRates            log(1 + x) of every rate and count (declared kinds)
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
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data

from hypedetect.document import Document
from hypedetect.extractors.base import Extractor
from hypedetect.features import FeatureSet, LexiconOption, as_feature_set

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


class LogRates(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Replace the named columns (rates and counts) by ``log(1 + x)``.

    Rates are heavy-tailed (one slogan list can put 50 puffery words per 1,000);
    the log keeps one extreme article from dominating a linear model. Other
    columns (shares, readability scores) pass through unchanged.

    Parameters
    ----------
    columns : tuple of str
        The columns to log: :meth:`hypedetect.features.FeatureSet.logged_features`,
        the features whose declared kind is a rate or a count.

    Examples
    --------
    >>> frame = pd.DataFrame({"a__x_per_1k": [0.0, np.e - 1], "a__share": [0.5, 0.25]})
    >>> LogRates(columns=("a__x_per_1k",)).fit(frame).transform(frame).round(3).tolist()
    [[0.0, 0.5], [1.0, 0.25]]
    """

    def __init__(self, *, columns: tuple[str, ...] = ()) -> None:
        self.columns = columns

    def fit(self, X, y=None):  # noqa: N803 - sklearn naming
        """Find the columns to log by name (``X`` must be a DataFrame or come with names)."""
        X = validate_data(self, X, reset=True, dtype=float, ensure_all_finite=True)  # noqa: N806
        names = getattr(self, "feature_names_in_", None)
        wanted = set(self.columns)
        if names is None:
            if wanted:
                raise ValueError("LogRates needs named columns (a DataFrame) to find the columns to log")
            names = []
        missing = wanted - {str(n) for n in names}
        if missing:
            raise ValueError(f"columns to log not in the input: {', '.join(sorted(missing))}")
        self.rate_mask_ = np.array([str(n) in wanted for n in names] if len(names) else [False] * X.shape[1])
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


def build_pipeline(
    *, lexicons: LexiconOption = None, extractors: Sequence[Extractor] | None = None, C: float = 1.0  # noqa: N803
) -> Pipeline:
    """Return the unfitted promotional classifier.

    Parameters
    ----------
    lexicons : iterable, optional
        User lexicons, each extending one dimension (see :mod:`hypedetect.features`).
    extractors : sequence of Extractor, optional
        One per dimension; the four shipped ones by default.
    C : float, default=1.0
        Regularisation of the classifier.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Fit it with ``pipe.fit(texts, labels, classifier__groups=sources)``.
    """
    features = FeatureSet(extractors=extractors, lexicons=lexicons)
    logged = tuple(features.fit([]).logged_features())
    pipe = Pipeline(
        [
            ("features", features),
            ("log_rates", LogRates(columns=logged)),
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


def dimension_scores(contribution_frame: pd.DataFrame, dimensions: Sequence[str] | None = None) -> pd.DataFrame:
    """Sum contributions by dimension: ``promotional_score``, ``hedging_score``, ...

    A positive score means that dimension pushes the text towards
    "promotional" (in log-odds), negative towards "newsy".

    Parameters
    ----------
    contribution_frame : pandas.DataFrame
        ``{dimension}__{feature}`` columns of contributions.
    dimensions : sequence of str, optional
        The dimensions to sum, in order; by default every column prefix, in order of appearance.
    """
    if dimensions is None:
        dimensions = list(dict.fromkeys(str(c).split("__", 1)[0] for c in contribution_frame.columns))
    return pd.DataFrame(
        {
            f"{dimension}_score": contribution_frame.loc[
                :, [c for c in contribution_frame.columns if c.startswith(f"{dimension}__")]
            ].sum(axis=1)
            for dimension in dimensions
        },
        index=contribution_frame.index,
    )


def score_texts(model: Pipeline, texts: Iterable[str | Document], *, with_contributions: bool = False) -> pd.DataFrame:
    """Score texts in one pass: probability, dimension scores, every feature (and contributions).

    Parameters
    ----------
    model : Pipeline
        A fitted promotional model (see :func:`hypedetect.persistence.load_model`).
    texts : iterable of str or Document
    with_contributions : bool, default False
        Also return ``contribution__{feature}`` columns (log-odds).

    Returns
    -------
    pandas.DataFrame
        ``promotional_probability``, ``{dimension}_score`` and one column per
        feature, one row per text in order.
    """
    step = model[0]
    dimensions = as_feature_set(step).dimensions()
    names = list(step.get_feature_names_out())
    if not isinstance(step, FeatureSet):
        texts = list(texts)  # a union of extractors reads the texts once per extractor
    # A feature set analyses each text as it reaches it, so a stream of texts is never held all at once.
    features = pd.DataFrame(np.asarray(step.transform(texts), dtype=float).reshape(-1, len(names)), columns=names)
    if features.empty:
        columns = ["promotional_probability", *(f"{d}_score" for d in dimensions), *names]
        return pd.DataFrame(columns=columns, dtype=float)
    contribution_frame = _contributions_of(model, features)
    log_odds = contribution_frame.sum(axis=1) + model[-1].base_log_odds_
    scores = dimension_scores(contribution_frame, dimensions)
    scores.insert(0, "promotional_probability", 1.0 / (1.0 + np.exp(-log_odds)))
    parts = [scores, features]
    if with_contributions:
        parts.append(contribution_frame.add_prefix("contribution__"))
    return pd.concat(parts, axis=1)
