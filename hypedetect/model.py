"""The promotional classifier: building, training, calibrating, explaining.

The model is a plain scikit-learn :class:`~sklearn.pipeline.Pipeline`::

    FeatureSet(PromotionalLanguage, Hedging, Sourcing, Readability[, Loaded, Headline, Claims])
                             one analysis per text, every extractor's features
      -> Columns             the features declared ``modelled`` (readability: two of them)
      -> LogRates            log(1 + x) of every rate and count (declared kinds)
      -> StandardScaler
      -> TwoFaceClassifier   two calibrated faces and their combination

Promotion has two faces (:class:`TwoFaceClassifier`):

- **provenance**, ``release_probability``: written by the party it promotes (a
  release, a pitch) or reported by someone else. A :class:`SignedLogisticRegression`
  on every modelled feature, trained on the article labels of the training corpora;
- **tone**, ``tone_probability``: sensational, loaded or hype-laden wording, whatever
  the text's origin. A :class:`SignedLogisticRegression` on the promotional, loaded
  and headline features only (all weights >= 0), trained on article-level tone labels
  (FakeHealth's "sensational language" verdicts on releases, SemEval-2019's
  hyperpartisan articles);

and ``promotional_probability = sigmoid(a * release log-odds + b * tone log-odds + c)`` with
``a, b >= 0``: a monotone stacker fitted on out-of-fold face log-odds of the training articles and
of human-labelled hyperpartisan news (promotional when written by the promoter *or* hype-laden).
A noisy-OR of the two faces was rejected: the tone face is calibrated on corpora where a third of
the texts are sensational, so its floor would lift every sober news article.

``SignedLogisticRegression`` keeps the coefficient of every promotional-language
feature at zero or above: more puffery, hype or sensational wording may never
make a text *less* promotional, whatever the training corpora happen to
correlate it with (BBC News uses "biggest" more than press releases do).

Because each face is linear on standardised features, each face's log-odds split
exactly into per-feature contributions; summing the provenance face's by
dimension gives the dimension scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data

from hypedetect.classifiers import NONNEGATIVE_PREFIXES, TONE_DIMENSIONS, SignedLogisticRegression, TwoFaceClassifier
from hypedetect.document import Document
from hypedetect.extractors.base import Extractor
from hypedetect.features import FeatureSet, LexiconOption, as_feature_set

__all__ = [
    "NONNEGATIVE_PREFIXES",
    "TONE_DIMENSIONS",
    "Columns",
    "LogRates",
    "SignedLogisticRegression",
    "TwoFaceClassifier",
    "build_pipeline",
    "contributions",
    "dimension_scores",
    "length_warning",
    "score_texts",
]

#: The training corpora keep articles of at least this many words; shorter texts are outside what the
#: model and its calibration have seen.
MIN_ARTICLE_WORDS = 50


class Columns(TransformerMixin, BaseEstimator):
    """Keep the named columns of a DataFrame, in the given order.

    Parameters
    ----------
    columns : tuple of str
        :meth:`hypedetect.features.FeatureSet.modelled_features`.

    Examples
    --------
    >>> frame = pd.DataFrame({"a": [1.0], "b": [2.0]})
    >>> Columns(columns=("b",)).fit(frame).transform(frame).columns.tolist()
    ['b']
    """

    def __init__(self, *, columns: tuple[str, ...] = ()) -> None:
        self.columns = columns

    def fit(self, X, y=None):  # noqa: N803 - sklearn naming
        """Check that every column is there."""
        missing = set(self.columns) - {str(c) for c in getattr(X, "columns", ())}
        if missing:
            raise ValueError(f"columns not in the input: {', '.join(sorted(missing))}")
        self.feature_names_in_ = np.asarray(list(X.columns), dtype=object)
        self.n_features_in_ = len(self.feature_names_in_)
        return self

    def transform(self, X):  # noqa: N803
        """Return ``X[columns]``."""
        check_is_fitted(self, "feature_names_in_")
        return X.loc[:, list(self.columns)]

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Return the kept columns."""
        return np.asarray(self.columns, dtype=object)


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
    fitted = features.fit([])
    modelled = fitted.modelled_features()
    logged = tuple(name for name in fitted.logged_features() if name in set(modelled))
    pipe = Pipeline(
        [
            ("features", features),
            ("columns", Columns(columns=tuple(modelled))),
            ("log_rates", LogRates(columns=logged)),
            ("scale", StandardScaler()),
            ("classifier", TwoFaceClassifier(C=C)),
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


#: The columns :func:`score_texts` starts with: the combined probability and the two faces.
FACE_COLUMNS = ("promotional_probability", "release_probability", "tone_probability", "loaded_language_rate")

#: The feature behind the ``loaded_language_rate`` face column.
LOADED_RATE_FEATURE = "loaded__loaded_language_rate"


def face_columns(dimensions: Sequence[str]) -> list[str]:
    """Return the leading columns of :func:`score_texts` for a model with these dimensions.

    Examples
    --------
    >>> face_columns(["promotional", "hedging"])
    ['promotional_probability', 'release_probability', 'tone_probability', 'promotional_score', 'hedging_score']
    """
    faces = [c for c in FACE_COLUMNS if c != "loaded_language_rate" or "loaded" in dimensions]
    return [*faces, *(f"{d}_score" for d in dimensions)]


def _faces(model: Pipeline, transformed: pd.DataFrame, release_log_odds: pd.Series) -> pd.DataFrame:
    """The face probabilities of a two-face model; a one-face model's probability is its provenance face."""
    classifier = model[-1]
    if hasattr(classifier, "face_probabilities"):
        faces = classifier.face_probabilities(transformed)
        faces.index = transformed.index
        return faces
    p = 1.0 / (1.0 + np.exp(-release_log_odds))
    return pd.DataFrame({"promotional_probability": p, "release_probability": p, "tone_probability": 0.0})


def score_texts(model: Pipeline, texts: Iterable[str | Document], *, with_contributions: bool = False) -> pd.DataFrame:
    """Score texts in one pass: both faces, their combination, dimension scores, every feature.

    Parameters
    ----------
    model : Pipeline
        A fitted promotional model (see :func:`hypedetect.persistence.load_model`).
    texts : iterable of str or Document
    with_contributions : bool, default False
        Also return ``contribution__{feature}`` columns (log-odds of the provenance face).

    Returns
    -------
    pandas.DataFrame
        :func:`face_columns` (``promotional_probability``, ``release_probability``,
        ``tone_probability``, ``loaded_language_rate``, ``{dimension}_score``), then one
        column per feature, one row per text in order.
    """
    step = model[0]
    dimensions = as_feature_set(step).dimensions()
    names = list(step.get_feature_names_out())
    head = face_columns(dimensions)
    if not isinstance(step, FeatureSet):
        texts = list(texts)  # a union of extractors reads the texts once per extractor
    # A feature set analyses each text as it reaches it, so a stream of texts is never held all at once.
    features = pd.DataFrame(np.asarray(step.transform(texts), dtype=float).reshape(-1, len(names)), columns=names)
    if features.empty:
        return pd.DataFrame(columns=[*head, *names], dtype=float)
    transformed = model[1:-1].transform(features)
    contribution_frame = pd.DataFrame(model[-1].contributions(transformed), columns=transformed.columns,
                                      index=features.index)
    log_odds = contribution_frame.sum(axis=1) + model[-1].base_log_odds_
    faces = _faces(model, transformed, log_odds)
    if "loaded_language_rate" in head:
        faces["loaded_language_rate"] = features[LOADED_RATE_FEATURE]
    scores = dimension_scores(contribution_frame.reindex(columns=names, fill_value=0.0), dimensions)
    parts = [faces, scores, features]
    if with_contributions:
        parts.append(contribution_frame.add_prefix("contribution__"))
    return pd.concat(parts, axis=1)[[*head, *names, *(
        [f"contribution__{c}" for c in contribution_frame.columns] if with_contributions else [])]]
