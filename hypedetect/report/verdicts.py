"""Verdict sentences: the most promotional and the most newsy article of a story, and why."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from hypedetect.report import plots
from hypedetect.report.articles import Article, contributions_of, probability, score
from hypedetect.report.markup import escape, number, percent

__all__ = ["story_verdicts"]


#: What each share is a share of, where it is not the text.
_SHARE_UNITS = {
    "named_attribution_share": " of attributions",
    "anonymous_attribution_share": " of attributions",
    "vague_attribution_share": " of attributions",
    "unattributed_claim_share": " of claims",
    "conditional_sentence_share": " of sentences",
    "speculative_sentence_share": " of sentences",
    "long_sentence_share": " of sentences",
    "long_word_share": " of words",
}


def _feature_phrase(name: str, value: object, average: object = None) -> str:
    """Return a feature and its value in words: ``puffery (12.3 per 1,000 words)``.

    With ``average``, the story's average follows the value:
    ``puffery (12.3 per 1,000 words; story average 4.0)``.
    """
    base = name.split("__", 1)[-1]
    number, mean = pd.to_numeric(pd.Series([value, average]), errors="coerce")
    if base.endswith("_per_1k"):
        words, spec, unit = plots.feature_label(base[: -len("_per_1k")]), ".1f", " per 1,000 words"
    elif base.endswith("_share"):
        words, spec, unit = plots.feature_label(base[: -len("_share")]), ".0%", _SHARE_UNITS.get(base, " of the text")
    else:
        words, spec, unit = plots.feature_label(base), ".3g", ""
    if pd.isna(number):
        return words
    detail = f"{number:{spec}}{unit}"
    if not pd.isna(mean):
        detail += f"; story average {mean:{spec}}"
    return f"{words} ({detail})"


def _join(phrases: Sequence[str]) -> str:
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def _reasons(article: Article, story: list[Article], contributions: pd.DataFrame | None, sign: int) -> str:
    """Return why ``article`` is the most promotional (``sign=1``) or the most newsy (``sign=-1``) of its story."""
    values = contributions_of(contributions, article.id)
    if values is not None and not values.empty:
        pushing = values[values * sign > 0]
        top = pushing.reindex(pushing.abs().sort_values(ascending=False).index).head(3)
        phrases = [_feature_phrase(name, article.row.get(name)) for name in top.index]
        if phrases:
            return f"because of its {_join(phrases)}"
    # No contributions: the promotional-language rates furthest from the story's average.
    frame = pd.DataFrame([other.row for other in story])
    columns = [column for column in frame.columns if str(column).startswith("promotional__")]
    rates = frame[columns].apply(pd.to_numeric, errors="coerce")
    if rates.empty:
        return ""
    mine = rates.iloc[story.index(article)]
    mean, spread = rates.mean(), rates.std(ddof=0).replace(0.0, np.nan)
    distance = ((mine - mean) / spread * sign).dropna()
    top = distance[distance > 0].sort_values(ascending=False).head(3).index
    if len(top) == 0:
        return ""
    comparison = "higher" if sign > 0 else "lower"
    phrases = [_feature_phrase(name, mine[name], mean[name]) for name in top]
    return f"because of its {comparison} {_join(phrases)}"


def _rank_key(has_model: bool):
    def key(article: Article) -> float:
        value = probability(article) if has_model else score(article, "promotional")
        return -math.inf if math.isnan(value) else value

    return key


def story_verdicts(story: list[Article], contributions: pd.DataFrame | None, has_model: bool) -> list[tuple[str, str]]:
    """Return ``(kind, sentence)`` pairs: the most promotional and the most newsy article of a story."""
    if len(story) < 2:
        return [("single", "One article only, so there is nothing to compare it with.")]
    key = _rank_key(has_model)
    if all(key(article) == -math.inf for article in story):
        return [("single", "No scores, so no verdict.")]
    basis = "promotional probability" if has_model else "promotional score"
    most = max(story, key=key)
    least = min(story, key=lambda article: math.inf if key(article) == -math.inf else key(article))
    if key(most) == key(least):
        return [("single", f"These articles have the same {basis}.")]
    lines = []
    for kind, article, sign in (("promotional", most, 1), ("newsy", least, -1)):
        value = percent(probability(article)) if has_model else number(score(article, "promotional"))
        reasons = _reasons(article, story, contributions if has_model else None, sign)
        heading = "Most promotional" if kind == "promotional" else "Most newsy"
        sentence = (
            f"<strong>{heading}:</strong> {escape(article.label)} — “{escape(article.title)}” "
            f"({basis} {value}{'' if has_model else ', no model'}){', ' + escape(reasons) if reasons else ''}."
        )
        lines.append((kind, sentence))
    return lines


