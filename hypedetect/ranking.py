"""Ranking sources (outlets) from most newsy to most promotional, with uncertainty.

A source's mean over two articles is mostly noise, yet a plain table of means
would put it at the top as readily as an outlet measured on a hundred. The
ranking therefore uses *partial pooling* (empirical-Bayes shrinkage, the
normal-normal model of James & Stein 1961 and Efron & Morris 1975): each
source's estimate is a weighted average of its own mean and the mean of all
sources,

    pooled_j = w_j * mean_j + (1 - w_j) * grand_mean,
    w_j = tau2 / (tau2 + sigma2 / n_j),

where ``sigma2`` is the spread of articles within a source and ``tau2`` the
spread of true source means, both estimated from the data (the pooled
within-source variance, and DerSimonian & Laird's 1986 moment estimator).
A source with many articles keeps its own mean (``w_j`` near 1); one with few is
pulled towards the grand mean until it has the evidence to stand apart. The
95% interval is the normal posterior interval of the pooled estimate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from hypedetect.features import DIMENSIONS

__all__ = ["FACES", "MIN_ARTICLES", "PooledMeans", "pooled_means", "rank_sources"]

#: Sources with fewer articles are listed but flagged: their interval is too wide to rank on.
MIN_ARTICLES = 3

#: Per-article scores summarised per source beside the ranked probability when a frame has them.
FACES = ("release_probability", "tone_probability", "loaded_language_rate")

#: Two-sided 95% normal quantile.
_Z95 = 1.959963984540054


class PooledMeans(NamedTuple):
    """Per-group means, partially pooled towards the grand mean.

    Attributes
    ----------
    mean : numpy.ndarray
        Each group's raw mean.
    pooled : numpy.ndarray
        The shrunken estimate (equal to ``mean`` when nothing is pooled).
    ci_low, ci_high : numpy.ndarray
        The 95% posterior interval of ``pooled``.
    weight : numpy.ndarray
        The weight ``w_j`` on each group's own mean, between 0 and 1.
    """

    mean: np.ndarray
    pooled: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    weight: np.ndarray


def pooled_means(groups: Sequence[np.ndarray], *, bounds: tuple[float, float] | None = None) -> PooledMeans:
    """Estimate each group's mean with empirical-Bayes partial pooling.

    Parameters
    ----------
    groups : sequence of 1-D arrays
        The values of each group (at least one value each; NaN is not allowed).
    bounds : (float, float), optional
        Limits the interval is clipped to (``(0, 1)`` for probabilities).

    Returns
    -------
    PooledMeans

    Examples
    --------
    A source of one article is pulled towards the others; a well-measured one is not:

    >>> import numpy as np
    >>> many = [np.array([0.1, 0.2, 0.15, 0.1, 0.2, 0.15]), np.array([0.6, 0.7, 0.65, 0.6, 0.7, 0.65])]
    >>> result = pooled_means([*many, np.array([0.99])], bounds=(0.0, 1.0))
    >>> [round(float(x), 2) for x in result.mean]
    [0.15, 0.65, 0.99]
    >>> bool(result.pooled[2] < 0.99) and bool(abs(result.pooled[0] - 0.15) < 0.01)
    True
    """
    arrays = [np.asarray(values, dtype=float) for values in groups]
    if any(len(values) == 0 for values in arrays):
        raise ValueError("Every group needs at least one value.")
    counts = np.array([len(values) for values in arrays], dtype=float)
    means = np.array([values.mean() for values in arrays])
    sigma2 = _within_variance(arrays)
    tau2 = _between_variance(means, counts, sigma2)
    sampling = sigma2 / counts
    if len(arrays) < 2 or not np.isfinite(tau2):
        weight = np.ones_like(means)  # nothing to pool towards
        variance = sampling
    elif tau2 == 0.0:
        weight = np.zeros_like(means)  # no detectable difference between groups: complete pooling
        variance = np.full_like(means, sigma2 / counts.sum())
    else:
        weight = tau2 / (tau2 + sampling)
        variance = weight * sampling
    grand = float(np.sum(means / (tau2 + sampling)) / np.sum(1.0 / (tau2 + sampling))) if tau2 > 0 else float(
        np.sum(counts * means) / counts.sum()
    )
    pooled = weight * means + (1.0 - weight) * grand
    half = _Z95 * np.sqrt(variance)
    low, high = pooled - half, pooled + half
    if bounds is not None:
        low, high = np.clip(low, *bounds), np.clip(high, *bounds)
    return PooledMeans(means, pooled, low, high, weight)


def _within_variance(arrays: list[np.ndarray]) -> float:
    """The pooled within-group variance; the overall variance when no group has two values."""
    degrees = sum(len(values) - 1 for values in arrays)
    if degrees > 0:
        return float(sum(((values - values.mean()) ** 2).sum() for values in arrays) / degrees)
    everything = np.concatenate(arrays)
    return float(everything.var(ddof=1)) if len(everything) > 1 else 0.0


def _between_variance(means: np.ndarray, counts: np.ndarray, sigma2: float) -> float:
    """DerSimonian-Laird (1986) moment estimate of the variance of true group means (never negative).

    Groups are weighted by their precision ``n_j / sigma2``, so a small group whose
    mean is far off by chance does not inflate the estimate as it would an
    unweighted variance of the means.
    """
    if len(means) < 2:
        return float("nan")
    if sigma2 <= 0.0:
        return float(means.var(ddof=1))
    weights = counts / sigma2
    centre = np.sum(weights * means) / weights.sum()
    q = np.sum(weights * (means - centre) ** 2)
    scale = weights.sum() - np.sum(weights**2) / weights.sum()
    return max(0.0, float((q - (len(means) - 1)) / scale))


def _labels(frame: pd.DataFrame, by: str, id_column: str) -> pd.Series:
    """The group of each article: its ``by`` value, or its own id when it has none."""
    labels = frame[by].astype(object)
    missing = labels.isna() | labels.map(lambda value: isinstance(value, str) and not value.strip())
    if missing.any():
        ids = frame[id_column] if id_column in frame else pd.Series(frame.index, index=frame.index)
        labels = labels.where(~missing, [f"{article_id} (no source)" for article_id in ids.astype(str)])
    return labels


def _grouped(values: pd.Series, labels: pd.Series, order: list[object]) -> list[np.ndarray]:
    """The numeric values of each group, in ``order``, missing values dropped (one pass over the rows)."""
    numeric = pd.to_numeric(values, errors="coerce")
    by_label = {label: group.dropna().to_numpy(dtype=float) for label, group in numeric.groupby(labels, sort=False)}
    return [by_label.get(label, np.empty(0)) for label in order]


def _summaries(values: pd.Series, labels: pd.Series, order: list[object], *, bounds) -> pd.DataFrame | None:
    groups = _grouped(values, labels, order)
    present = [i for i, group in enumerate(groups) if len(group)]
    if not present:
        return None
    result = pooled_means([groups[i] for i in present], bounds=bounds)
    columns = {name: np.full(len(order), np.nan) for name in PooledMeans._fields}
    for name in PooledMeans._fields:
        columns[name][present] = getattr(result, name)
    return pd.DataFrame(columns)


def rank_sources(
    frame: pd.DataFrame,
    *,
    by: str = "source",
    probability: str = "promotional_probability",
    faces: Sequence[str] = FACES,
    id_column: str = "id",
    min_articles: int = MIN_ARTICLES,
) -> pd.DataFrame:
    """Aggregate scored articles per source and rank from most newsy to most promotional.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per article with a ``by`` column, the ``probability`` column and,
        when present, the ``faces`` columns and the dimension scores ``{dimension}_score``.
    by : str, default "source"
        The column naming each article's source. An article without one is kept
        apart, as its own row labelled ``"{id} (no source)"``: pooling unsourced
        articles into one "unknown" outlet would rank an outlet that does not exist.
    probability : str
        The column ranked on (partially pooled; see the module docstring).
    faces : sequence of str
        Further per-article columns summarised the same way when the frame has
        them, as ``{face}_mean``, ``{face}_pooled``, ``{face}_ci_low`` and
        ``{face}_ci_high``.
    id_column : str, default "id"
        The column labelling unsourced articles (the row index when absent).
    min_articles : int
        Sources with fewer articles get a warning instead of a trustworthy rank.

    Returns
    -------
    pandas.DataFrame
        ``source, n_articles, mean_probability`` (the raw mean), ``pooled_probability``,
        ``ci_low, ci_high`` (95% interval of the pooled estimate), ``shrinkage``
        (how far the estimate moved towards the grand mean, 0-1), the face
        columns, the mean of each dimension score, ``rank`` (1 = most newsy) and
        ``warning``; sorted by rank.

    Examples
    --------
    >>> scored = pd.DataFrame({"source": ["a", "a", "a", "b"], "promotional_probability": [0.1, 0.2, 0.3, 0.9]})
    >>> ranking = rank_sources(scored)
    >>> ranking[["source", "n_articles", "rank"]].values.tolist()
    [['a', 3, 1], ['b', 1, 2]]
    >>> ranking["warning"].tolist()[1]
    'only 1 article: too few to rank'
    """
    if by not in frame or probability not in frame:
        raise KeyError(f"rank_sources needs the columns {by!r} and {probability!r}")
    labels = _labels(frame, by, id_column)
    order = sorted(pd.unique(labels), key=str)
    sizes = labels.value_counts(sort=False)
    ranking = pd.DataFrame({"source": order, "n_articles": [int(sizes[label]) for label in order]})
    main = _summaries(frame[probability], labels, order, bounds=(0.0, 1.0))
    n_scored = [len(group) for group in _grouped(frame[probability], labels, order)]
    if main is None:
        main = pd.DataFrame({name: np.full(len(order), np.nan) for name in PooledMeans._fields})
    ranking["mean_probability"] = main["mean"].to_numpy()
    ranking["pooled_probability"] = main["pooled"].to_numpy()
    ranking["ci_low"] = main["ci_low"].to_numpy()
    ranking["ci_high"] = main["ci_high"].to_numpy()
    ranking["shrinkage"] = 1.0 - main["weight"].to_numpy()
    for face in faces:
        if face == probability or face not in frame:
            continue
        is_probability = face.endswith("_probability")
        summary = _summaries(frame[face], labels, order, bounds=(0.0, 1.0) if is_probability else None)
        if summary is None:
            continue
        for name, column in (("mean", "mean"), ("pooled", "pooled"), ("ci_low", "ci_low"), ("ci_high", "ci_high")):
            ranking[f"{face}_{name}"] = summary[column].to_numpy()
    for dimension in DIMENSIONS:
        column = f"{dimension}_score"
        if column in frame:
            ranking[column] = [float(group.mean()) if len(group) else np.nan
                               for group in _grouped(frame[column], labels, order)]
    ranking["warning"] = [
        f"only {n} article{'s' if n != 1 else ''}: too few to rank" if n < min_articles else None for n in n_scored
    ]
    # Ties in the pooled estimate (sources that cannot be told apart) fall back on the raw mean.
    ranking = ranking.sort_values(
        ["pooled_probability", "mean_probability", "source"], na_position="last", key=_sort_key
    )
    ranking.insert(len(ranking.columns) - 1, "rank", range(1, len(ranking) + 1))
    return ranking.reset_index(drop=True)


def _sort_key(column: pd.Series) -> pd.Series:
    return column.astype(str) if column.name == "source" else column
