"""Ranking sources (outlets) from most newsy to most promotional, with uncertainty."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hypedetect.features import DIMENSIONS

__all__ = ["MIN_ARTICLES", "rank_sources"]

#: Sources with fewer articles are listed but flagged: their interval is too wide to rank on.
MIN_ARTICLES = 3


def _bootstrap_interval(values: np.ndarray, *, n_boot: int, rng: np.random.Generator) -> tuple[float, float]:
    """Percentile 95% interval of the mean, resampling articles with replacement."""
    if len(values) == 1:
        return float(values[0]), float(values[0])
    resampled = rng.choice(values, size=(n_boot, len(values)), replace=True).mean(axis=1)
    low, high = np.percentile(resampled, [2.5, 97.5])
    return float(low), float(high)


def rank_sources(
    frame: pd.DataFrame,
    *,
    by: str = "source",
    probability: str = "promotional_probability",
    n_boot: int = 2000,
    min_articles: int = MIN_ARTICLES,
    seed: int = 0,
) -> pd.DataFrame:
    """Aggregate scored articles per source and rank from most newsy to most promotional.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per article with a ``by`` column, the ``probability`` column and,
        when present, the dimension scores ``{dimension}_score``.
    by : str, default "source"
        The column naming each article's source. Missing sources are grouped as
        ``"(unknown)"`` rather than dropped.
    probability : str
        The column holding the promotional probability.
    n_boot : int
        Bootstrap resamples for the 95% interval of the mean probability.
    min_articles : int
        Sources with fewer articles get a warning instead of a trustworthy rank.
    seed : int
        Seed of the bootstrap (results are reproducible).

    Returns
    -------
    pandas.DataFrame
        ``source, n_articles, mean_probability, ci_low, ci_high``, the mean of each
        dimension score, ``rank`` (1 = most newsy) and ``warning``; sorted by rank.

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
    rng = np.random.default_rng(seed)
    sources = frame[by].astype(object).where(frame[by].notna(), "(unknown)")
    rows = []
    for source, group in frame.groupby(sources, sort=True):
        values = group[probability].dropna().to_numpy(dtype=float)
        n = len(values)
        low, high = _bootstrap_interval(values, n_boot=n_boot, rng=rng) if n else (np.nan, np.nan)
        mean = float(values.mean()) if n else np.nan
        row = {"source": source, "n_articles": len(group), "mean_probability": mean, "ci_low": low, "ci_high": high}
        for dimension in DIMENSIONS:
            column = f"{dimension}_score"
            if column in group:
                row[column] = float(group[column].mean())
        if n < min_articles:
            row["warning"] = f"only {n} article{'s' if n != 1 else ''}: too few to rank"
        else:
            row["warning"] = None
        rows.append(row)
    ranking = pd.DataFrame(rows).sort_values(["mean_probability", "source"], na_position="last")
    ranking.insert(len(ranking.columns) - 1, "rank", range(1, len(ranking) + 1))
    return ranking.reset_index(drop=True)
