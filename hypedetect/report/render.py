"""The HTML report: one self-contained page from the scored articles.

``templates/report.html`` holds the page; each section comes from a small
render function of :mod:`hypedetect.report.sections`. Every input string is
escaped (:func:`hypedetect.report.markup.escape`), and the page's
Content-Security-Policy allows only its own inline script (by hash) and inline
styles, so a hostile article is shown as text and nothing reaches the network.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from string import Template
from typing import Any

import pandas as pd

from hypedetect.extractors.base import Category
from hypedetect.report.articles import group_stories, prepare_articles
from hypedetect.report.categories import (
    CATEGORIES,
    DIMENSIONS,
    category_css,
    default_hidden,
    hidden_classes,
    legend,
    legend_entries,
)
from hypedetect.report.markup import escape
from hypedetect.report.sections import methods_html, ranking_html, story_html, summary_html
from hypedetect.report.verdicts import story_verdicts

__all__ = ["render_report"]


@cache
def _asset(name: str) -> str:
    return resources.files("hypedetect.report").joinpath("templates", name).read_text("utf-8")


def _script_tag_and_hash(script: str) -> tuple[str, str]:
    """Return the ``<script>`` element and its CSP source expression."""
    if not script.strip():
        return "", "'none'"
    if "</script" in script.lower():
        raise ValueError("report.js must not contain '</script'.")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"<script>{script}</script>", f"'sha256-{digest}'"


def _csp(script_source: str) -> str:
    return (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src {script_source}; base-uri 'none'; form-action 'none'"
    )


# --------------------------------------------------------------------------- entry point

def render_report(
    articles: pd.DataFrame,
    evidence: Mapping[str, Sequence[Any]],
    contributions: pd.DataFrame | None,
    ranking: pd.DataFrame | None,
    methods: Mapping[str, object],
    *,
    title: str = "hypedetect report",
    categories: Mapping[str, tuple[str, Category]] | None = None,
    feature_columns: Sequence[str] = (),
) -> str:
    """Render the scored articles as one self-contained HTML page.

    Parameters
    ----------
    articles : pandas.DataFrame
        One row per article: ``id``, ``source``, ``title``, ``url``, ``text``,
        ``promotional_probability`` (NaN without a model), the four
        ``{dimension}_score`` columns, ``status`` and ``{dimension}__{feature}``
        columns; optionally ``date`` and ``is_release``.
    evidence : mapping of str to sequence of Evidence
        Article id -> the spans the extractors counted (offsets into its text).
    contributions : pandas.DataFrame or None
        Indexed by article id; one column per feature, holding its
        contribution to the promotional log-odds.
    ranking : pandas.DataFrame or None
        One row per source: ``source``, ``n_articles``, ``mean_probability``,
        ``ci_low``, ``ci_high``, the four scores and ``warning``.
    methods : mapping
        ``dimensions`` (name -> meaning), ``model_card`` (metric -> value) and
        ``lexicons`` (list of ``{name, provenance}``).
    title : str, default="hypedetect report"
        The page title.
    categories : mapping, optional
        Category name -> ``(dimension, Category)`` for the legend, beyond the shipped
        dimensions' (user lexicons, added dimensions: see
        :meth:`hypedetect.features.FeatureSet.categories`).
    feature_columns : sequence of str, optional
        Feature columns of ``articles`` listed with their values in each
        article's panel (a report without a model shows these instead of the
        probability parts).

    Returns
    -------
    str
        A complete HTML document. Every input string is escaped; the page's
        Content-Security-Policy lets only its own inline script run and
        blocks every network request.

    Examples
    --------
    >>> import pandas as pd
    >>> page = render_report(
    ...     pd.DataFrame({"id": ["a"], "text": ["<b>Hello</b> world."]}), {}, None, None, {}
    ... )
    >>> page.startswith("<!DOCTYPE html>"), "&lt;b&gt;Hello&lt;/b&gt;" in page
    (True, True)
    """
    if not isinstance(articles, pd.DataFrame):
        raise TypeError(f"articles must be a pandas DataFrame, got {type(articles).__name__}.")
    if "text" not in articles:
        raise ValueError("articles has no 'text' column.")
    articles = articles.reset_index(drop=True)
    probabilities = (
        pd.to_numeric(articles["promotional_probability"], errors="coerce")
        if "promotional_probability" in articles else pd.Series(dtype=float)
    )
    has_model = bool(probabilities.notna().any())
    prepared = prepare_articles(articles, evidence or {})
    entries = {**CATEGORIES, **legend_entries(categories or {})}
    stories = group_stories(prepared)
    verdicts = {story.number: story_verdicts(story.articles, contributions, has_model, entries) for story in stories}
    open_all = len(prepared) <= 12
    stories_html = "".join(
        story_html(story, verdicts[story.number], contributions, has_model, open_all or story.number == 1, entries,
                   feature_columns)
        for story in stories
    )
    used = {(span.category, span.dimension) for article in prepared for span in article.spans}
    if any(story.overlaps for story in stories):
        used.add(("shared_passage", "churnalism"))
    explaining = {category for lines in verdicts.values() for verdict in lines for category in verdict.categories}
    hidden = default_hidden(used, explaining)
    block_labels = {label for article in prepared for _, _, label in article.regions}
    script, script_source = _script_tag_and_hash(_asset("report.js"))
    n_sources = len({article.source for article in prepared})
    columns = {str(column) for article in prepared for column in article.row.index}
    shown = [d for d in DIMENSIONS if f"{d}_score" in columns or any(c.startswith(f"{d}__") for c in columns)]
    named = ", ".join(shown[:-1]) + (f" and {shown[-1]}" if len(shown) > 1 else "".join(shown))
    lede = (
        f"{len(prepared)} article{'s' if len(prepared) != 1 else ''} from {n_sources} "
        f"source{'s' if n_sources != 1 else ''}: {named or 'their evidence'}, side by side."
    )
    return Template(_asset("report.html")).substitute(
        csp=_csp(script_source),
        hidden=hidden_classes(hidden),
        title=escape(title),
        lede=escape(lede),
        css=_asset("report.css"),
        category_css=category_css(used, entries),
        summary=summary_html(stories, verdicts, len(prepared), has_model),
        ranking=ranking_html(ranking, has_model),
        legend=legend(used, block_labels, entries, hidden),
        stories=stories_html,
        methods=methods_html(methods or {}),
        script=script,
    )
