"""``promotional_probability``: the provenance face and the tone face combined, calibrated.

Two ways to combine the faces were weighed:

- **noisy-OR** of two calibrated faces, ``1 - (1 - p_release) * (1 - p_tone)``: promotional when written
  by the promoter *or* hype-laden, each face calibrated on its own labels. It is the right form once the
  tone face has a calibration of its own (against the PTC, BABE and FakeHealth "sensational language"
  labels); until then a ``p_tone`` would have to be invented, and any constant floor in it lifts every
  sober article.
- **a small logistic stacker** ``sigmoid(a * logit(p_release) + b * tone + c)`` with ``a, b >= 0``,
  fitted on source-grouped out-of-fold release probabilities of the training articles. It needs no
  separate tone labels, is calibrated by construction on the article labels it is fitted on (its Brier
  score and reliability curve are measured on out-of-fold predictions in the benchmark), and the sign
  constraints keep it monotone: more hype, or a more release-like text, can never make a text *less*
  promotional.

:class:`PromotionalCombiner` is the stacker; :func:`noisy_or` is kept for the calibrated tone face to come.
The tone input is, for now, the promotional dimension score of the shipped pipeline
(``score_texts(...)["promotional_score"]``, log-odds of the hype lexicons).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

__all__ = ["PromotionalCombiner", "noisy_or"]

_EPSILON = 1e-6


def noisy_or(p_release, p_tone) -> np.ndarray:
    """Return ``1 - (1 - p_release) * (1 - p_tone)``: promotional if either face says so.

    Examples
    --------
    >>> noisy_or([0.5, 0.25], [0.5, 0.0]).tolist()
    [0.75, 0.25]
    """
    return 1.0 - (1.0 - np.asarray(p_release, dtype=float)) * (1.0 - np.asarray(p_tone, dtype=float))


def _logit(p) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), _EPSILON, 1.0 - _EPSILON)
    return np.log(p / (1.0 - p))


class PromotionalCombiner(BaseEstimator):
    """Monotone logistic stacker of ``release_probability`` and a tone score.

    Parameters
    ----------
    l2 : float, default=1e-3
        Ridge penalty on the two weights (keeps them finite on separable data).

    Attributes
    ----------
    coef_ : ndarray of shape (2,)
        Weights of ``logit(release_probability)`` and of the tone score, both >= 0.
    intercept_ : float
    """

    def __init__(self, *, l2: float = 1e-3) -> None:
        self.l2 = l2

    def _inputs(self, release_probability, tone) -> np.ndarray:
        return np.column_stack([_logit(release_probability), np.asarray(tone, dtype=float)])

    def fit(self, release_probability, tone, y) -> PromotionalCombiner:
        """Fit on out-of-fold release probabilities, tone scores and 0/1 promotional labels."""
        inputs = self._inputs(release_probability, tone)
        y = np.asarray(y, dtype=float)
        n = len(y)

        def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
            z = inputs @ params[:2] + params[2]
            p = 1.0 / (1.0 + np.exp(-z))
            value = np.sum(np.logaddexp(0.0, z) - y * z) / n + self.l2 * params[:2] @ params[:2]
            gradient = np.append(inputs.T @ (p - y) / n + 2 * self.l2 * params[:2], np.sum(p - y) / n)
            return value, gradient

        result = minimize(loss, np.zeros(3), jac=True, method="L-BFGS-B",
                          bounds=[(0.0, None), (0.0, None), (None, None)])
        self.coef_ = result.x[:2]
        self.intercept_ = float(result.x[2])
        return self

    def promotional_probability(self, release_probability, tone) -> np.ndarray:
        """Return the combined, calibrated probability that each text is promotional.

        Examples
        --------
        >>> combiner = PromotionalCombiner().fit([0.1, 0.9, 0.2, 0.8], [0.0, 2.0, 0.5, 1.0], [0, 1, 0, 1])
        >>> bool((combiner.coef_ >= 0).all())
        True
        >>> p = combiner.promotional_probability([0.1, 0.1], [0.0, 5.0])
        >>> bool(p[1] > p[0])
        True
        """
        check_is_fitted(self, "coef_")
        z = self._inputs(release_probability, tone) @ self.coef_ + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))
