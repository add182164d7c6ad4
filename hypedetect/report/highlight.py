"""Evidence spans to highlighted text: clipped spans, boxed blocks, non-overlapping marks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from hypedetect.report.categories import CATEGORIES, LegendStyle, category_order, described
from hypedetect.report.markup import escape, slug

__all__ = ["FLAGGED_BLOCKS", "MAX_MARKS_PER_ARTICLE", "Span", "capped", "evidence_spans", "flagged_regions",
           "highlight", "is_block"]

#: Block kinds from :func:`hypedetect.document.parse` shown as boxed sections, and what to call them.
FLAGGED_BLOCKS = {
    "viral_phrases": "viral phrases",
    "tags": "tags",
    "share_prompt": "share prompt",
    "comment_prompt": "comment prompt",
    "source_link": "page furniture (source link)",
    "printed_from": "page furniture (printed from)",
    "related": "page furniture (related links)",
    "code_debris": "page furniture (code debris)",
}
_BLOCK_CATEGORY_PREFIX = "block:"
_PROMOTIONAL_BLOCK = "promotional_block"

# --------------------------------------------------------------------------- evidence -> highlighted text

class Span(NamedTuple):
    """One evidence span clipped to its text."""

    start: int
    end: int
    category: str
    dimension: str


def _field(item: Any, name: str, position: int) -> Any:
    return getattr(item, name) if hasattr(item, name) else item[position]


def evidence_spans(evidence: Iterable[Any], length: int) -> list[Span]:
    """Return the evidence as spans clipped to the text; malformed items are skipped."""
    spans = []
    for item in evidence or ():
        try:
            start, end = int(_field(item, "start", 2)), int(_field(item, "end", 3))
            category, dimension = str(_field(item, "category", 1)), str(_field(item, "dimension", 0))
        except (TypeError, ValueError, IndexError, KeyError):
            continue
        start, end = max(start, 0), min(end, length)
        if start < end:
            spans.append(Span(start, end, category, dimension))
    return spans


def is_block(category: str) -> bool:
    """Whether a category marks a block (boxed) rather than a phrase (highlighted)."""
    return category == _PROMOTIONAL_BLOCK or category.startswith(_BLOCK_CATEGORY_PREFIX)


def _block_label(kind: str) -> str:
    return FLAGGED_BLOCKS.get(kind, kind.replace("_", " "))


def flagged_regions(blocks: Sequence[Any], spans: Sequence[Span]) -> list[tuple[int, int, str]]:
    """Merge the parser's flagged blocks and block evidence into boxed regions with a label."""
    regions = [(b.start, b.end, _block_label(b.kind)) for b in blocks if b.kind in FLAGGED_BLOCKS]
    for span in spans:
        if span.category.startswith(_BLOCK_CATEGORY_PREFIX):
            regions.append((span.start, span.end, _block_label(span.category[len(_BLOCK_CATEGORY_PREFIX):])))
        elif span.category == _PROMOTIONAL_BLOCK and not any(s < span.end and span.start < e for s, e, _ in regions):
            regions.append((span.start, span.end, "promotional block"))
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, label in sorted(regions):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] + ([label] if label not in last[2] else []))
        else:
            merged.append((start, end, [label]))
    return [(start, end, " / ".join(labels)) for start, end, labels in merged]


def _mark_title(categories: Sequence[tuple[str, str]], entries: Mapping[str, LegendStyle]) -> str:
    return "; ".join(described(category, entries) for category, _ in categories)


#: Marked phrases shown per article: beyond this a page of one huge article would not load in a browser.
MAX_MARKS_PER_ARTICLE = 2000


def capped(spans: Sequence[Span]) -> tuple[list[Span], str]:
    """The first :data:`MAX_MARKS_PER_ARTICLE` spans in text order, and the note saying what was left out."""
    if len(spans) <= MAX_MARKS_PER_ARTICLE:
        return list(spans), ""
    kept = sorted(spans, key=lambda span: (span.start, span.end))[:MAX_MARKS_PER_ARTICLE]
    return kept, (f'<p class="note">Showing the first {MAX_MARKS_PER_ARTICLE} of {len(spans)} marked phrases; '
                  "the rest count in the scores but are not highlighted.</p>")


def highlight(text: str, spans: Sequence[Span], regions: Sequence[tuple[int, int, str]] = (),
              entries: Mapping[str, LegendStyle] = CATEGORIES) -> str:
    """Return ``text`` as escaped HTML with every span marked and every region boxed.

    Overlapping and nested spans are split into non-overlapping segments; each
    segment is one ``<mark>`` whose classes and title list all the categories
    covering it.
    """
    boundaries = {0, len(text)}
    for span in spans:
        boundaries.update((span.start, span.end))
    for start, end, _ in regions:
        boundaries.update((start, end))
    points = sorted(point for point in boundaries if 0 <= point <= len(text))
    starting: dict[int, list[Span]] = {}
    ending: dict[int, list[Span]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
        ending.setdefault(span.end, []).append(span)
    region_at = {start: (end, label) for start, end, label in regions}

    out: list[str] = []
    active: Counter[tuple[str, str]] = Counter()
    region_end = None
    pending: tuple[tuple[tuple[str, str], ...], list[str]] | None = None

    def flush() -> None:
        nonlocal pending
        if pending is None:
            return
        categories, pieces = pending
        body = "".join(pieces)
        if categories:
            classes = " ".join(f"cat-{slug(category)}" for category, _ in categories)
            cats = " ".join(slug(category) for category, _ in categories)
            title = escape(_mark_title(categories, entries))
            out.append(f'<mark class="{classes}" data-cats="{cats}" title="{title}">{body}</mark>')
        else:
            out.append(body)
        pending = None

    for left, right in zip(points, points[1:], strict=False):
        for span in starting.get(left, ()):
            active[(span.category, span.dimension)] += 1
        for span in ending.get(left, ()):
            active[(span.category, span.dimension)] -= 1
        active = +active  # drop categories that are no longer open
        if region_end is not None and left >= region_end:
            flush()
            out.append("</div>")
            region_end = None
        if region_end is None and left in region_at:
            flush()
            region_end, label = region_at[left]
            out.append(
                f'<div class="flagged" role="note"><span class="flagged-label">flagged block: {escape(label)}</span>'
            )
        categories = tuple(sorted(active, key=category_order))
        piece = escape(text[left:right])
        if pending is not None and pending[0] == categories:
            pending[1].append(piece)
        else:
            flush()
            pending = (categories, [piece])
    flush()
    if region_end is not None:
        out.append("</div>")
    return "".join(out)


