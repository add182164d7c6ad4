"""The tone face's labels, fitting and validation.

The provenance face learns from who wrote a text; the tone face from how it is
worded. Its labels are article-level human verdicts on wording, from two shared
corpora:

- FakeHealth press releases with the Health News Review criterion "Does the
  release use unjustifiable, sensational language?" (1 = not satisfactory);
- SemEval-2019 Task 4 by-article set, hyperpartisan (one-sided, prejudiced
  argumentation) versus not.

Both are news-format or release text, so the tone face sees hype-laden and sober
texts of either origin. Folds are grouped by source (release issuer, web domain).
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline

from hypedetect import corpora
from hypedetect.document import parse
from hypedetect.language import language_warning

__all__ = ["MIN_TONE_ARTICLES", "TONE_CORPORA", "fit_tone", "tone_frame", "tone_metrics", "tone_out_of_fold",
           "tone_unusable"]

#: The corpora whose article-level verdicts train the tone face, and the column each verdict is in.
TONE_CORPORA = {"fakehealth_release_vs_story": "sensational", "hyperpartisan_semeval19": "hyperpartisan"}


#: The fewest articles of each verdict, and of sources, the tone face is fitted on (its folds need them).
MIN_TONE_ARTICLES = 10
MIN_TONE_SOURCES = 5


def tone_unusable(frame: pd.DataFrame) -> str | None:
    """Return why the tone articles cannot train the tone face (too few of a verdict or of sources), else None.

    Examples
    --------
    >>> tone_unusable(pd.DataFrame({"tone": [1, 0], "group": ["a", "b"]}))
    'too few tone verdicts to fit the tone face (1 sensational, 1 not, 2 sources; need 10, 10 and 5)'
    """
    positive, negative = int(frame["tone"].sum()), int((frame["tone"] == 0).sum())
    sources = frame["group"].nunique()
    if min(positive, negative) >= MIN_TONE_ARTICLES and sources >= MIN_TONE_SOURCES:
        return None
    return (f"too few tone verdicts to fit the tone face ({positive} sensational, {negative} not, {sources} sources; "
            f"need {MIN_TONE_ARTICLES}, {MIN_TONE_ARTICLES} and {MIN_TONE_SOURCES})")


def _verdicts(corpus: str, column: str, root) -> pd.DataFrame:
    frame = corpora.load_corpus(corpus, root=root)
    if corpus == "fakehealth_release_vs_story":
        frame = frame[frame["label"] == 1]  # HNR rated the releases' wording
    values = frame[column].map(lambda v: None if pd.isna(v) else int(v in (1, True, "1", "true", "True")))
    frame = frame.assign(tone=values)[values.notna()]
    return frame.assign(tone=frame["tone"].astype(int), group=corpus + ":" + frame["source"].astype(str))


def tone_frame(root=None) -> pd.DataFrame:
    """Return the tone face's training articles: ``id, text, tone, corpus, group``.

    Parameters
    ----------
    root : path-like, optional
        The shared corpora folder.

    Returns
    -------
    pandas.DataFrame
        One row per article with a verdict on its wording (``tone`` 1 = sensational or
        hyperpartisan); rows that do not look like English prose are left out.
    """
    parts = [_verdicts(corpus, column, root) for corpus, column in TONE_CORPORA.items()]
    frame = pd.concat(parts, ignore_index=True)
    english = frame["text"].map(lambda text: language_warning(parse(text)) is None)
    return frame.loc[english, ["id", "text", "tone", "corpus", "group"]].reset_index(drop=True)


def fit_tone(model: Pipeline, frame: pd.DataFrame, features: pd.DataFrame) -> Pipeline:
    """Fit the tone face of ``model`` (in place) on the tone articles and their features.

    Parameters
    ----------
    model : Pipeline
        A model whose provenance face is fitted.
    frame : DataFrame
        :func:`tone_frame`.
    features : DataFrame
        ``model[0]`` features of ``frame["text"]``.

    Returns
    -------
    Pipeline
        ``model``.
    """
    transformed = model[1:-1].transform(features)
    model[-1].fit_tone(transformed, frame["tone"].to_numpy(), groups=frame["group"].to_numpy())
    return model


def tone_out_of_fold(model: Pipeline, frame: pd.DataFrame, features: pd.DataFrame, *, folds: int = 5) -> np.ndarray:
    """Return each tone article's tone log-odds from a tone face fitted on the other sources' folds.

    Parameters
    ----------
    model : Pipeline
        A model whose provenance face is fitted (its feature steps are reused; it is not changed).
    frame, features : DataFrame
        :func:`tone_frame` and its features.
    folds : int

    Returns
    -------
    ndarray of float
    """
    transformed = model[1:-1].transform(features)
    y, groups = frame["tone"].to_numpy(), frame["group"].to_numpy()
    log_odds = np.empty(len(y))
    for train, test in GroupKFold(folds).split(transformed, y, groups):
        fold = copy.deepcopy(model[-1]).fit_tone(transformed.iloc[train], y[train], groups=groups[train])
        log_odds[test] = fold.face_log_odds(transformed.iloc[test])[1]
    return log_odds


def tone_metrics(model: Pipeline, frame: pd.DataFrame, features: pd.DataFrame, *,
                 out_of_fold: np.ndarray | None = None) -> dict:
    """Validate the tone face on source-grouped folds of its own articles.

    Parameters
    ----------
    model : Pipeline
        The model with its tone face fitted.
    frame, features : DataFrame
        :func:`tone_frame` and its features.
    out_of_fold : ndarray, optional
        :func:`tone_out_of_fold` of the same articles, when already computed.

    Returns
    -------
    dict
        Per corpus: ``n``, positives, out-of-fold ROC-AUC and Brier score of
        ``tone_probability``; and the tone face's weights (calibrated log-odds per SD).
    """
    y = frame["tone"].to_numpy()
    log_odds = tone_out_of_fold(model, frame, features) if out_of_fold is None else out_of_fold
    scores = 1.0 / (1.0 + np.exp(-log_odds))
    metrics = {}
    for corpus in TONE_CORPORA:
        part = (frame["corpus"] == corpus).to_numpy()
        metrics[corpus] = {"n": int(part.sum()), "positive": int(y[part].sum())}
        if len(set(y[part])) == 2:
            metrics[corpus]["roc_auc"] = round(float(roc_auc_score(y[part], scores[part])), 4)
            metrics[corpus]["brier"] = round(float(brier_score_loss(y[part], scores[part])), 4)
    tone = model[-1].tone_
    weights = pd.Series(tone.coef_ * tone.calibration_[0], index=model[-1].tone_columns_)
    metrics["weights_log_odds_per_sd"] = {str(k): round(float(v), 4) for k, v in weights.items() if v}
    return metrics
