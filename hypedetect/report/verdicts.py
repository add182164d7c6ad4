"""Verdict sentences: the most promotional and the most newsy article of a story, and why."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from hypedetect.extractors.base import COUNT, RATE, SHARE
from hypedetect.report.articles import Article, contributions_of, probability, score
from hypedetect.report.categories import CATEGORIES, FEATURES, STYLE_DIMENSIONS, LegendStyle, feature_categories
from hypedetect.report.markup import escape, number, percent
from hypedetect.report.plots import feature_label

__all__ = ["EXAMPLES_PER_REASON", "Verdict", "citable", "story_verdicts"]


#: Quoted phrases shown per reason, and the longest phrase quoted.
EXAMPLES_PER_REASON = 2
_EXAMPLE_CHARS = 40
_SHARE_OF = re.compile(r"^share of (?:non-block )?(\w+) (.*)$")


class Verdict(NamedTuple):
    """One verdict line: ``kind`` (``promotional``, ``newsy`` or ``single``), its HTML sentence, and the
    categories whose evidence it cites."""

    kind: str
    sentence: str
    categories: tuple[str, ...] = ()


def _kind(column: str) -> str | None:
    """A feature's kind from its declaration (a user lexicon's rate from its name); None: not declared."""
    if column in FEATURES:
        return FEATURES[column].kind
    return RATE if column.endswith("_per_1k") else None


def citable(column: str, entries: Mapping[str, LegendStyle] = CATEGORIES) -> bool:
    """Whether a verdict may cite a feature: a rate, share or count of evidence a reader can find in the text.

    Formulas and ratios (readability grades, a hedge/booster ratio, a sentiment
    score) are never cited, nor are the style dimensions' features.
    """
    return (
        column.partition("__")[0] not in STYLE_DIMENSIONS
        and _kind(column) in {RATE, SHARE, COUNT}
        and bool(feature_categories(column, entries))
    )


def _share_words(column: str) -> tuple[str, str]:
    """``(what, of what)`` for a share, from its declared meaning: ``("named attributions", "attributions")``."""
    meaning = FEATURES[column].meaning if column in FEATURES else ""
    if " / " in meaning:
        part, whole = meaning.split(" / ", 1)
        return part.replace(" spans", "s").replace("_", " "), whole.removeprefix("all ").split(";")[0].strip()
    if match := _SHARE_OF.match(meaning):
        whole, rest = match.groups()
        return f"{whole} {rest.replace(' span', '')}", whole
    return feature_label(column.partition("__")[2].removesuffix("_share")), "text"


def _examples(article: Article, categories: Sequence[str], entries: Mapping[str, LegendStyle]) -> list[str]:
    """Up to :data:`EXAMPLES_PER_REASON` distinct phrases of these categories, in text order, quoted."""
    shown: list[str] = []
    for span in sorted(article.spans, key=lambda span: span.start):
        info = entries.get(span.category)
        if span.category not in categories or (info is not None and info.style != "fill"):
            continue  # sentence-long spans make poor examples
        phrase = " ".join(article.text[span.start:span.end].split())
        if len(phrase) > _EXAMPLE_CHARS:
            continue  # a whole sentence (an exclamation, a question) is no example of a phrase
        if phrase and f"“{phrase}”" not in shown:
            shown.append(f"“{phrase}”")
        if len(shown) == EXAMPLES_PER_REASON:
            break
    return shown


def _feature_phrase(column: str, value: object, article: Article, average: object = None,
                    entries: Mapping[str, LegendStyle] = CATEGORIES, *, owner: str = "") -> str:
    """Return a cited feature in plain words, with its unit and the phrases it counted.

    ``its puffery (12.3 per 1,000 words: “world-class”, “game-changing”)`` with
    ``owner="its "``; with ``average``, the story's average follows:
    ``...; story average 4.0``. Without an average, a value of zero reads
    ``no puffery``.
    """
    number_, mean = pd.to_numeric(pd.Series([value, average]), errors="coerce")
    kind = _kind(column)
    name = column.partition("__")[2]
    if kind == SHARE:
        words, whole = _share_words(column)
        spec, unit = ".0%", f" of its {whole}"
    elif kind == COUNT:
        words, spec, unit = FEATURES[column].meaning if column in FEATURES else feature_label(name), ".0f", ""
    else:
        words, spec, unit = feature_label(name.removesuffix("_per_1k")), ".1f", " per 1,000 words"
    if pd.isna(number_):
        return owner + words
    if number_ == 0 and pd.isna(mean):
        return f"no {words}"
    if kind == COUNT:
        detail = ""
        words = f"{number_:{spec}} {words}"
    else:
        detail = f"{number_:{spec}}{unit}"
    examples = _examples(article, feature_categories(column, entries), entries)
    if examples:
        detail += (": " if detail else "") + ", ".join(examples)
    if not pd.isna(mean):
        detail += f"; story average {mean:{spec}}"
    return owner + (f"{words} ({detail})" if detail else words)


def _join(phrases: Sequence[str]) -> str:
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def _reasons(article: Article, story: list[Article], contributions: pd.DataFrame | None, sign: int,
             entries: Mapping[str, LegendStyle]) -> tuple[str, tuple[str, ...]]:
    """Why ``article`` is the most promotional (``sign=1``) or the most newsy (``sign=-1``) of its story.

    Returns the reason in words and the columns it cites. Only :func:`citable`
    features are cited: the largest contributions pushing that way, or without
    contributions the promotional rates furthest from the story's average.
    """
    values = contributions_of(contributions, article.id)
    if values is not None and not values.empty:
        values = values[[citable(str(name), entries) for name in values.index]]
        pushing = values[values * sign > 0]
        top = pushing.reindex(pushing.abs().sort_values(ascending=False).index).head(3)
        phrases = [_feature_phrase(name, article.row.get(name), article, entries=entries, owner="its ")
                   for name in top.index]
        if phrases:
            return f"because of {_join(phrases)}", tuple(top.index)
    frame = pd.DataFrame([other.row for other in story])
    columns = [column for column in frame.columns
               if str(column).startswith("promotional__") and citable(str(column), entries)]
    rates = frame[columns].apply(pd.to_numeric, errors="coerce")
    if rates.empty:
        return "", ()
    mine = rates.iloc[story.index(article)]
    mean, spread = rates.mean(), rates.std(ddof=0).replace(0.0, np.nan)
    distance = ((mine - mean) / spread * sign).dropna()
    top = distance[distance > 0].sort_values(ascending=False).head(3).index
    if len(top) == 0:
        return "", ()
    comparison = "higher" if sign > 0 else "lower"
    phrases = [_feature_phrase(name, mine[name], article, mean[name], entries) for name in top]
    return f"because of its {comparison} {_join(phrases)}", tuple(top)


def _rank_key(has_model: bool):
    def key(article: Article) -> float:
        value = probability(article) if has_model else score(article, "promotional")
        return -math.inf if math.isnan(value) else value

    return key


def story_verdicts(story: list[Article], contributions: pd.DataFrame | None, has_model: bool,
                   entries: Mapping[str, LegendStyle] = CATEGORIES) -> list[Verdict]:
    """Return the verdicts of a story: its most promotional and its most newsy article, and why.

    Parameters
    ----------
    story : list of Article
    contributions : pandas.DataFrame or None
        Feature contributions to the promotional log-odds, indexed by article id.
    has_model : bool
        Whether articles carry a promotional probability; without one they are
        compared by promotional score and contributions are not used.
    entries : mapping
        The page's categories (for plain names and the evidence cited).

    Returns
    -------
    list of Verdict
        Two lines (``promotional``, ``newsy``), or one ``single`` line when the
        story cannot be compared.
    """
    if len(story) < 2:
        return [Verdict("single", "One article only, so there is nothing to compare it with.")]
    key = _rank_key(has_model)
    if all(key(article) == -math.inf for article in story):
        if not has_model:
            return [Verdict("single", "No model was used, so no verdict: compare the evidence and feature values.")]
        return [Verdict("single", "No scores, so no verdict.")]
    basis = "promotional probability" if has_model else "promotional score"
    most = max(story, key=key)
    least = min(story, key=lambda article: math.inf if key(article) == -math.inf else key(article))
    if key(most) == key(least):
        return [Verdict("single", f"These articles have the same {basis}.")]
    lines = []
    for kind, article, sign in (("promotional", most, 1), ("newsy", least, -1)):
        value = percent(probability(article)) if has_model else number(score(article, "promotional"))
        reasons, cited = _reasons(article, story, contributions if has_model else None, sign, entries)
        heading = "Most promotional" if kind == "promotional" else "Most newsy"
        sentence = (
            f"<strong>{heading}:</strong> {escape(article.label)} — “{escape(article.title)}” "
            f"({basis} {value}{'' if has_model else ', no model'}){', ' + escape(reasons) if reasons else ''}."
        )
        categories = tuple(dict.fromkeys(c for column in cited for c in feature_categories(str(column), entries)))
        lines.append(Verdict(kind, sentence, categories))
    return lines


