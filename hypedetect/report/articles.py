"""The page's articles and stories: each article's text, spans, boxed blocks and title; stories grouped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import pandas as pd

from hypedetect.detectors.headline import pick_title
from hypedetect.document import Document, parse
from hypedetect.report.highlight import Span, evidence_spans, flagged_regions, is_block
from hypedetect.report.markup import as_float, is_missing, text_or
from hypedetect.stories import QUOTED_RELATION, Overlap, cluster_stories, looks_like_press_release, shared_passages

__all__ = ["SHARED_MIN_WORDS", "Article", "Story", "contributions_of", "copied_spans", "group_stories",
           "prepare_articles", "probability", "score"]

SHARED_MIN_WORDS = 8


# --------------------------------------------------------------------------- articles and stories

class Article(NamedTuple):
    """One article as the page shows it: its row, text, highlight spans, boxed regions and counts."""

    number: int  # 1-based, shown as "#n" in panels, charts and verdicts
    id: str
    row: pd.Series
    text: str
    spans: list[Span]
    regions: list[tuple[int, int, str]]
    n_words: int
    n_quotes: int
    is_release: bool
    title: str

    @property
    def source(self) -> str:
        """Its source, or for an article without one its own label (``"{id} (no source)"``, as in the ranking):
        unsourced articles are never pooled into one made-up outlet."""
        return text_or(self.row.get("source"), f"{self.id} (no source)")

    @property
    def has_source(self) -> bool:
        return text_or(self.row.get("source"), "") != ""

    @property
    def label(self) -> str:
        return f"#{self.number} {self.source}"


#: Characters of a title shown when it comes from the text (a metadata title is shown whole).
MAX_TITLE_CHARS = 90


def _title(doc: Document, metadata_title: object) -> str:
    """The article's title: its metadata title, else its first line that is not page furniture or code."""
    picked = pick_title(doc, None if is_missing(metadata_title) else str(metadata_title))
    if picked is None:
        return "(untitled)"
    if picked.source == "metadata" or len(picked.text) <= MAX_TITLE_CHARS:
        return picked.text
    return picked.text[: MAX_TITLE_CHARS - 1] + "…"


def prepare_articles(articles: pd.DataFrame, evidence: Mapping[str, Sequence[Any]]) -> list[Article]:
    """Parse each article once and pair it with its evidence spans and flagged regions."""
    prepared = []
    for position, (_, row) in enumerate(articles.iterrows()):
        text = "" if is_missing(row.get("text")) else str(row.get("text"))
        article_id = text_or(row.get("id"), f"article {position + 1}")
        doc = parse(text)
        spans = evidence_spans(evidence.get(article_id, ()) if evidence else (), len(text))
        regions = flagged_regions(doc.blocks, spans)
        if "is_release" in row and not is_missing(row["is_release"]):
            is_release = bool(row["is_release"])
        else:
            is_release = looks_like_press_release(article_id, row.get("source"))
        prepared.append(
            Article(
                position + 1, article_id, row, text,
                [span for span in spans if not is_block(span.category)], regions,
                doc.n_words, len(doc.quotes), is_release, _title(doc, row.get("title")),
            )
        )
    return prepared


def probability(article: Article) -> float:
    """The article's promotional probability (NaN without a model)."""
    return as_float(article.row.get("promotional_probability"))


def score(article: Article, dimension: str) -> float:
    """The article's ``{dimension}_score`` (NaN when missing)."""
    return as_float(article.row.get(f"{dimension}_score"))


def contributions_of(contributions: pd.DataFrame | None, article_id: str) -> pd.Series | None:
    """The article's feature contributions to the log-odds, or None when there are none."""
    if contributions is None or article_id not in contributions.index:
        return None
    row = contributions.loc[article_id]
    if isinstance(row, pd.DataFrame):  # a repeated index: take the first row
        row = row.iloc[0]
    return pd.to_numeric(row, errors="coerce").dropna()


def copied_spans(overlaps: list[Overlap], article_id: str) -> list[Span]:
    """The article's passages shared with another article of its story (quotations left out)."""
    spans = []
    for overlap in overlaps:
        if overlap.relation == QUOTED_RELATION:  # reporting a statement, not copying: not painted
            continue
        if overlap.first == article_id:
            spans.append(Span(overlap.first_start, overlap.first_end, "shared_passage", "churnalism"))
        if overlap.second == article_id:
            spans.append(Span(overlap.second_start, overlap.second_end, "shared_passage", "churnalism"))
    return spans


def _story_overlaps(story: list[Article]) -> list[Overlap]:
    if len(story) < 2:
        return []
    dates = [article.row.get("date") for article in story] if any("date" in a.row for a in story) else None
    return shared_passages(
        [article.text for article in story],
        [article.id for article in story],
        min_words=SHARED_MIN_WORDS,
        is_release=[article.is_release for article in story],
        dates=dates,
    )


class Story(NamedTuple):
    """Articles grouped as one story, numbered from 1, with the passages they share."""

    number: int
    articles: list[Article]
    overlaps: list[Overlap]


def group_stories(prepared: list[Article]) -> list[Story]:
    """Cluster the articles into stories, largest first; within a story an outlet's articles sit together."""
    dates = [article.row.get("date") for article in prepared] if any("date" in a.row for a in prepared) else None
    labels = cluster_stories([article.text for article in prepared], dates=dates)
    groups: dict[int, list[Article]] = {}
    for label, article in zip(labels, prepared, strict=True):
        groups.setdefault(label, []).append(article)
    ordered = sorted(groups.values(), key=lambda group: (-len(group), group[0].number))
    stories = []
    for number, group in enumerate(ordered, start=1):
        # Within a story, an outlet's articles sit next to each other.
        group = sorted(
            group, key=lambda article: (not article.has_source, article.source.lower(), article.number)
        )
        stories.append(Story(number, group, _story_overlaps(group)))
    return stories


