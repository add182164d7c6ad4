"""The classifiers at the end of the promotional model: sign-constrained, calibrated, two-faced.

:class:`SignedLogisticRegression` is an L2 logistic regression whose promotional-language
coefficients cannot be negative, Platt-calibrated on source-grouped out-of-fold scores.
:class:`TwoFaceClassifier` holds two of them, the provenance face and the tone face, and
the monotone stacker that combines them into ``promotional_probability`` (see
:mod:`hypedetect.model` for the whole pipeline).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["NONNEGATIVE_PREFIXES", "TONE_DIMENSIONS", "SignedLogisticRegression", "TwoFaceClassifier"]

#: Feature-name prefixes whose coefficients must not be negative.
NONNEGATIVE_PREFIXES = ("promotional__",)

#: The dimensions the tone face reads (every weight >= 0).
TONE_DIMENSIONS = ("promotional", "loaded", "headline")


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


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


class TwoFaceClassifier(ClassifierMixin, BaseEstimator):
    """The provenance face, the tone face, and their monotone combination: the model's last step.

    Parameters
    ----------
    C : float, default=1.0
        Regularisation of the provenance face.
    tone_C : float, default=0.1
        Regularisation of the tone face (fewer, noisier labels).
    nonnegative : tuple of str
        Provenance features whose coefficient must be >= 0 (the promotional ones).
    tone_dimensions : tuple of str
        The dimensions the tone face reads; all of its weights are >= 0.

    Attributes
    ----------
    release_ : SignedLogisticRegression
        The provenance face, on every input column.
    tone_ : SignedLogisticRegression or None
        The tone face, on the columns of ``tone_dimensions``; None until :meth:`fit_tone`.
    tone_columns_ : ndarray of str
    combination_ : ndarray of shape (3,)
        ``a, b, c`` of ``promotional log-odds = a * release log-odds + b * tone log-odds + c``
        (``a, b >= 0``); ``[1, 0, 0]`` (the provenance face alone) until :meth:`fit_combination`.
    classes_ : ndarray, ``[0, 1]``
    """

    def __init__(self, *, C: float = 1.0, tone_C: float = 0.1,  # noqa: N803
                 nonnegative: tuple[str, ...] = NONNEGATIVE_PREFIXES,
                 tone_dimensions: tuple[str, ...] = TONE_DIMENSIONS) -> None:
        self.C = C
        self.tone_C = tone_C
        self.nonnegative = nonnegative
        self.tone_dimensions = tone_dimensions

    def fit(self, X, y, groups: Sequence | None = None):  # noqa: N803
        """Fit the provenance face on article labels (1 = written by the promoter).

        Parameters
        ----------
        X : DataFrame of shape (n_samples, n_features)
            Standardised features with their names.
        y : array-like of 0/1
        groups : array-like, optional
            Source of each sample (grouped calibration folds).

        Returns
        -------
        self
        """
        self.release_ = SignedLogisticRegression(C=self.C, nonnegative=self.nonnegative).fit(X, y, groups=groups)
        self.feature_names_in_ = self.release_.feature_names_in_
        self.n_features_in_ = len(self.feature_names_in_)
        prefixes = tuple(f"{d}__" for d in self.tone_dimensions)
        self.tone_columns_ = np.asarray([n for n in self.feature_names_in_ if str(n).startswith(prefixes)],
                                        dtype=object)
        self.tone_ = None
        self.combination_ = np.array([1.0, 0.0, 0.0])
        self.classes_ = np.array([0, 1])
        return self

    def fit_tone(self, X, y, groups: Sequence | None = None):  # noqa: N803
        """Fit the tone face on other articles' tone labels (1 = sensational, loaded, hyperpartisan).

        ``X`` must come through the same feature steps as the provenance face's input.
        """
        check_is_fitted(self, "release_")
        prefixes = tuple(f"{d}__" for d in self.tone_dimensions)
        self.tone_ = SignedLogisticRegression(C=self.tone_C, nonnegative=prefixes).fit(
            _frame(X, self.feature_names_in_).loc[:, list(self.tone_columns_)], y, groups=groups)
        return self

    def fit_combination(self, release_log_odds, tone_log_odds, y):
        """Fit the monotone stacker of the two faces on out-of-fold face log-odds and 0/1 promotional labels.

        Parameters
        ----------
        release_log_odds, tone_log_odds : array-like
            Each article's face log-odds, from models that did not see it.
        y : array-like of 0/1
            1 = written by the promoter, or news judged one-sided or sensational.

        Returns
        -------
        self
        """
        inputs = np.column_stack([release_log_odds, tone_log_odds]).astype(float)
        coef, intercept = _fit_signed(inputs, np.asarray(y, dtype=float), 1e4, np.array([True, True]))
        self.combination_ = np.array([coef[0], coef[1], intercept])
        return self

    def face_log_odds(self, X) -> tuple[np.ndarray, np.ndarray | None]:  # noqa: N803
        """Return the calibrated log-odds of the provenance face and of the tone face (None if unfitted)."""
        check_is_fitted(self, "release_")
        frame = _frame(X, self.feature_names_in_)
        tone = None if self.tone_ is None else self.tone_.decision_function(frame.loc[:, list(self.tone_columns_)])
        return self.release_.decision_function(frame), tone

    def face_probabilities(self, X) -> pd.DataFrame:  # noqa: N803
        """Return ``release_probability``, ``tone_probability`` and ``promotional_probability`` per row."""
        release, tone = self.face_log_odds(X)
        a, b, c = self.combination_
        combined = a * release + c + (0.0 if tone is None else b * tone)
        return pd.DataFrame({"promotional_probability": _sigmoid(combined), "release_probability": _sigmoid(release),
                             "tone_probability": np.zeros(len(release)) if tone is None else _sigmoid(tone)})

    def predict_proba(self, X):  # noqa: N803
        """Return ``[[1 - p, p], ...]`` with ``p`` the combined ``promotional_probability``."""
        p = self.face_probabilities(X)["promotional_probability"].to_numpy()
        return np.column_stack([1.0 - p, p])

    def predict(self, X):  # noqa: N803
        """Return 1 (promotional) where ``promotional_probability`` is at least 0.5."""
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def contributions(self, X):  # noqa: N803
        """Return each feature's contribution to the combined promotional log-odds, shape (n, n_features).

        The contributions plus :attr:`base_log_odds_` sum to the log-odds of ``promotional_probability``:
        ``a`` times the provenance face's contributions, plus ``b`` times the tone face's.
        """
        a, b, _ = self.combination_
        values = a * self.release_.contributions(X)
        if self.tone_ is not None and b:
            position = {str(name): i for i, name in enumerate(self.feature_names_in_)}
            values[:, [position[str(name)] for name in self.tone_columns_]] += b * self.tone_contributions(X)
        return values

    def tone_contributions(self, X) -> np.ndarray:  # noqa: N803
        """Return each tone feature's contribution to the tone face's log-odds (columns :attr:`tone_columns_`)."""
        check_is_fitted(self, "tone_")
        return self.tone_.contributions(_frame(X, self.feature_names_in_).loc[:, list(self.tone_columns_)])

    @property
    def coef_(self) -> np.ndarray:
        """The provenance face's coefficients."""
        return self.release_.coef_

    @property
    def calibration_(self) -> np.ndarray:
        """The provenance face's Platt slope and intercept."""
        return self.release_.calibration_

    @property
    def base_log_odds_(self) -> float:
        """The combined log-odds of an average training article (all standardised features 0)."""
        a, b, c = self.combination_
        tone = self.tone_.base_log_odds_ if self.tone_ is not None else 0.0
        return float(a * self.release_.base_log_odds_ + b * tone + c)


def _frame(X, names) -> pd.DataFrame:  # noqa: N803
    return X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X, dtype=float), columns=list(names))
