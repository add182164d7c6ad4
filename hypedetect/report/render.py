"""The HTML report: one self-contained page from the scored articles.

``templates/report.html`` holds the page; each section comes from a small
render function here. Every string that comes from an input (texts, titles,
sources, URLs, ids, categories, lexicon names) passes through :func:`_e`
(``html.escape`` with ``quote=True``) before it reaches the page, and the page's
Content-Security-Policy allows only its own inline script (by hash) and inline
styles, so a hostile article is shown as text and nothing reaches the network.
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from string import Template
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from hypedetect.document import parse
from hypedetect.extractors.base import Category
from hypedetect.features import DECLARATIONS
from hypedetect.report import plots
from hypedetect.stories import (
    QUOTED_RELATION,
    STORY_THRESHOLD,
    Overlap,
    cluster_stories,
    looks_like_press_release,
    shared_passages,
)

__all__ = ["render_report"]

DIMENSIONS = plots.DIMENSIONS
SHARED_MIN_WORDS = 8


class _Category(NamedTuple):
    dimension: str
    meaning: str
    style: str  # "fill": coloured background; "line", "hatch": drawn under or across the text
    colour: str


def _entries(categories: Mapping[str, tuple[str, Category]]) -> dict[str, _Category]:
    return {name: _Category(dimension, c.meaning, c.style, c.colour) for name, (dimension, c) in categories.items()}


#: What each highlight means, in the legend's order, from the extractors' declarations. Light fills keep the
#: text readable; spans as long as a sentence are drawn as lines so that the words inside still show their fill.
CATEGORIES: dict[str, _Category] = {
    **_entries({c.name: (d.name, c) for d in DECLARATIONS for c in d.categories}),
    "shared_passage": _Category(
        "churnalism", "a passage another article of this story has word for word", "hatch", "#444444"
    ),
}
_FALLBACK_FILLS = {declaration.name: declaration.fill for declaration in DECLARATIONS}
_DEFAULT_FILL = "#e8e8e8"
# Line styles use different CSS properties so that they can combine on one segment.
_LINE_CSS = {
    "quote": "box-shadow: inset 0 -0.18em 0 {colour}",
    "unattributed_claim": "text-decoration: underline dotted {colour} 2px; text-underline-offset: 0.2em",
    "long_sentence": "border-bottom: 2px solid {colour}",
}
#: Categories so frequent that their highlighting starts switched off (the legend switches it on).
QUIET_CATEGORIES = frozenset(c.name for d in DECLARATIONS for c in d.categories if c.quiet)
_HATCH_CSS = "background-image: repeating-linear-gradient(135deg, transparent 0 4px, rgba(0,0,0,.14) 4px 6px)"

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


# --------------------------------------------------------------------------- small helpers

def _e(value: object) -> str:
    """Escape any input value for HTML text or a quoted attribute."""
    return html.escape("" if _missing(value) else str(value), quote=True)


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text_or(value: object, default: str) -> str:
    return default if _missing(value) or not str(value).strip() else str(value)


def _float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _number(value: object, spec: str = ".2f") -> str:
    number = _float(value)
    return "—" if math.isnan(number) else format(number, spec)


def _percent(value: object) -> str:
    return _number(value, ".0%")


def _slug(category: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", category.lower()).strip("-") or "other"


_URL_RE = re.compile(r"https?://[^\s\"'<>`]+", re.IGNORECASE)


def _url(value: object) -> str:
    """Return a link for an http(s) URL, and any other URL (``javascript:``, ``data:``) as plain text."""
    if _missing(value) or not str(value).strip():
        return ""
    url = str(value).strip()
    if _URL_RE.fullmatch(url):
        return f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(url)}</a>'
    return f'<span class="url-text">{_e(url)}</span>'


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


# --------------------------------------------------------------------------- evidence -> highlighted text

class _Span(NamedTuple):
    start: int
    end: int
    category: str
    dimension: str


def _field(item: Any, name: str, position: int) -> Any:
    return getattr(item, name) if hasattr(item, name) else item[position]


def _spans(evidence: Iterable[Any], length: int) -> list[_Span]:
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
            spans.append(_Span(start, end, category, dimension))
    return spans


def _is_block(category: str) -> bool:
    return category == _PROMOTIONAL_BLOCK or category.startswith(_BLOCK_CATEGORY_PREFIX)


def _block_label(kind: str) -> str:
    return FLAGGED_BLOCKS.get(kind, kind.replace("_", " "))


def _flagged_regions(blocks: Sequence[Any], spans: Sequence[_Span]) -> list[tuple[int, int, str]]:
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


def _mark_title(categories: Sequence[tuple[str, str]]) -> str:
    return "; ".join(f"{category} ({dimension})" for category, dimension in categories)


#: Marked phrases shown per article: beyond this a page of one huge article would not load in a browser.
MAX_MARKS_PER_ARTICLE = 2000
#: Characters of a source name shown (the whole name is in the tooltip).
MAX_NAME_CHARS = 120


def _capped(spans: Sequence[_Span]) -> tuple[list[_Span], str]:
    """The first :data:`MAX_MARKS_PER_ARTICLE` spans in text order, and the note saying what was left out."""
    if len(spans) <= MAX_MARKS_PER_ARTICLE:
        return list(spans), ""
    kept = sorted(spans, key=lambda span: (span.start, span.end))[:MAX_MARKS_PER_ARTICLE]
    return kept, (f'<p class="note">Showing the first {MAX_MARKS_PER_ARTICLE} of {len(spans)} marked phrases; '
                  "the rest count in the scores but are not highlighted.</p>")


def _name(value: str) -> str:
    """A source name for the page: at most :data:`MAX_NAME_CHARS` characters shown, the whole name as a tooltip."""
    if len(value) <= MAX_NAME_CHARS:
        return _e(value)
    return f'<span title="{_e(value)}">{_e(value[: MAX_NAME_CHARS - 1])}…</span>'


def _highlight(text: str, spans: Sequence[_Span], regions: Sequence[tuple[int, int, str]] = ()) -> str:
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
    starting: dict[int, list[_Span]] = {}
    ending: dict[int, list[_Span]] = {}
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
            classes = " ".join(f"cat-{_slug(category)}" for category, _ in categories)
            cats = " ".join(_slug(category) for category, _ in categories)
            if all(category in QUIET_CATEGORIES for category, _ in categories):
                classes += " muted"
            title = _e(_mark_title(categories))
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
                f'<div class="flagged" role="note"><span class="flagged-label">flagged block: {_e(label)}</span>'
            )
        categories = tuple(sorted(active, key=_category_order))
        piece = _e(text[left:right])
        if pending is not None and pending[0] == categories:
            pending[1].append(piece)
        else:
            flush()
            pending = (categories, [piece])
    flush()
    if region_end is not None:
        out.append("</div>")
    return "".join(out)


_DIMENSION_RANK = {dimension: rank for rank, dimension in enumerate([*DIMENSIONS, "churnalism"])}
_CATEGORY_RANK = {category: rank for rank, category in enumerate(CATEGORIES)}


def _category_order(item: tuple[str, str]) -> tuple[int, int, str]:
    """Sort key: dimensions in pipeline order, then categories in legend order, unknown ones last."""
    category, dimension = item
    return (
        _DIMENSION_RANK.get(dimension, len(_DIMENSION_RANK)),
        _CATEGORY_RANK.get(category, len(_CATEGORY_RANK)),
        category,
    )


def _category_css(used: Iterable[tuple[str, str]], entries: Mapping[str, _Category] = CATEGORIES) -> str:
    rules = []
    for category, dimension in sorted(set(used), key=_category_order):
        info = entries.get(category)
        selector = f"mark.cat-{_slug(category)}, .legend-item.cat-{_slug(category)} .swatch"
        if info is None:
            rules.append(f"{selector} {{ background-color: {_FALLBACK_FILLS.get(dimension, _DEFAULT_FILL)}; }}")
        elif info.style == "fill":
            rules.append(f"{selector} {{ background-color: {info.colour}; }}")
        elif info.style == "hatch":
            rules.append(f"{selector} {{ {_HATCH_CSS}; }}")
        else:
            rules.append(f"{selector} {{ {_LINE_CSS.get(category, _LINE_CSS['quote']).format(colour=info.colour)}; }}")
    return "\n".join(rules)


def _legend(
    used: Iterable[tuple[str, str]], block_labels: Iterable[str], entries: Mapping[str, _Category] = CATEGORIES
) -> str:
    by_dimension: dict[str, list[str]] = {}
    for category, dimension in sorted(set(used), key=_category_order):
        info = entries.get(category)
        meaning = info.meaning if info is not None else f"counted by the {dimension} extractor"
        hover = f"{category} ({dimension}): {meaning}"
        by_dimension.setdefault(dimension, []).append(
            f'<button type="button" class="legend-item cat-{_slug(category)}" data-cat="{_slug(category)}" '
            f'aria-pressed="{"false" if category in QUIET_CATEGORIES else "true"}" title="{_e(hover)}">'
            f'<span class="swatch">{_e(category.replace("_", " "))}</span></button>'
        )
    groups = [
        f'<div class="legend-group"><strong>{_e(dimension)}</strong>{"".join(items)}</div>'
        for dimension, items in by_dimension.items()
    ]
    labels = sorted(set(block_labels))
    if labels:
        boxes = "".join(
            f'<span class="legend-block" title="{_e("flagged block: " + label)}">{_e(label)}</span>' for label in labels
        )
        groups.append(f'<div class="legend-group"><strong>flagged blocks</strong>{boxes}</div>')
    if not groups:
        return '<p class="note">No evidence was highlighted in these articles.</p>'
    hint = (
        "Hover a highlight to see what it is; click a legend entry to switch its highlighting off and on "
        "(struck-through entries start switched off)."
    )
    return f'<div class="legend" aria-label="Legend"><p class="lede">{hint}</p>{"".join(groups)}</div>'


# --------------------------------------------------------------------------- articles and stories

class _Article(NamedTuple):
    number: int  # 1-based, shown as "#n" in panels, charts and verdicts
    id: str
    row: pd.Series
    text: str
    spans: list[_Span]
    regions: list[tuple[int, int, str]]
    n_words: int
    n_quotes: int
    is_release: bool

    @property
    def source(self) -> str:
        return _text_or(self.row.get("source"), "(no source)")

    @property
    def title(self) -> str:
        title = self.row.get("title")
        if not _missing(title) and str(title).strip():
            return str(title).strip()
        first_line = next((line.strip() for line in self.text.splitlines() if line.strip()), "")
        if not first_line:
            return "(untitled)"
        return first_line[:90] + ("…" if len(first_line) > 90 else "")

    @property
    def label(self) -> str:
        return f"#{self.number} {self.source}"


def _prepare(articles: pd.DataFrame, evidence: Mapping[str, Sequence[Any]]) -> list[_Article]:
    prepared = []
    for position, (_, row) in enumerate(articles.iterrows()):
        text = "" if _missing(row.get("text")) else str(row.get("text"))
        article_id = _text_or(row.get("id"), f"article {position + 1}")
        doc = parse(text)
        spans = _spans(evidence.get(article_id, ()) if evidence else (), len(text))
        regions = _flagged_regions(doc.blocks, spans)
        if "is_release" in row and not _missing(row["is_release"]):
            is_release = bool(row["is_release"])
        else:
            is_release = looks_like_press_release(article_id, row.get("source"))
        prepared.append(
            _Article(
                position + 1, article_id, row, text,
                [span for span in spans if not _is_block(span.category)], regions,
                doc.n_words, len(doc.quotes), is_release,
            )
        )
    return prepared


def _probability(article: _Article) -> float:
    return _float(article.row.get("promotional_probability"))


def _score(article: _Article, dimension: str) -> float:
    return _float(article.row.get(f"{dimension}_score"))


def _numbers(article: _Article, has_model: bool) -> str:
    attributions = sum(1 for span in article.spans if span.category.endswith("_attribution"))
    cells = []
    if has_model:
        cells.append(("probability", "promotional probability", _percent(_probability(article))))
    cells += [(dim, f"{dim} score", _number(_score(article, dim))) for dim in DIMENSIONS]
    cells += [
        ("words", "words", f"{article.n_words:,}"),
        ("quotes", "quotes", str(article.n_quotes)),
        ("attributions", "attributions", str(attributions)),
    ]
    return '<dl class="numbers">' + "".join(
        f'<div class="{name}"><dt>{label}</dt><dd>{value}</dd></div>' for name, label, value in cells
    ) + "</dl>"


def _contributions_of(contributions: pd.DataFrame | None, article_id: str) -> pd.Series | None:
    if contributions is None or article_id not in contributions.index:
        return None
    row = contributions.loc[article_id]
    if isinstance(row, pd.DataFrame):  # a repeated index: take the first row
        row = row.iloc[0]
    return pd.to_numeric(row, errors="coerce").dropna()


def _panel(article: _Article, contributions: pd.DataFrame | None, has_model: bool, overlap_spans: list[_Span]) -> str:
    status = article.row.get("status")
    status_html = ""
    if not _missing(status) and str(status).strip() and str(status).strip().lower() != "ok":
        status_html = f'<p class="warning">⚠ {_e(status)}</p>'
    release = '<span class="release-badge">press release</span>' if article.is_release else ""
    why = ""
    values = _contributions_of(contributions, article.id) if has_model else None
    if values is not None and not values.empty:
        chart = plots.contributions_chart(values, top=8, id_prefix=f"contrib{article.number}-")
        if chart:
            why = (
                '<details class="why"><summary>Why this probability: the features that pushed it up or down'
                '</summary><p class="caption">Orange bars push the promotional probability up, blue bars push it '
                "down (toward newsy), largest first.</p>"
                f'<div class="chart">{chart}</div></details>'
            )
    spans, capped_note = _capped([*article.spans, *overlap_spans])
    text = _highlight(article.text, spans, article.regions)
    return (
        f'<article class="panel" id="article-{article.number}">'
        f'<header><span class="badge">#{article.number}</span>'
        f'<span class="source">{_name(article.source)}</span>{release}'
        f'<h4>{_e(article.title)}</h4>'
        f'<div class="meta">{_url(article.row.get("url"))}</div>'
        f'<div class="meta">id: {_e(article.id)}</div>{status_html}</header>'
        f"{_numbers(article, has_model)}{why}{capped_note}"
        f'<div class="article-text">{text}</div>'
        "</article>"
    )


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


def _reasons(article: _Article, story: list[_Article], contributions: pd.DataFrame | None, sign: int) -> str:
    """Return why ``article`` is the most promotional (``sign=1``) or the most newsy (``sign=-1``) of its story."""
    values = _contributions_of(contributions, article.id)
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
    def key(article: _Article) -> float:
        value = _probability(article) if has_model else _score(article, "promotional")
        return -math.inf if math.isnan(value) else value

    return key


def _verdicts(story: list[_Article], contributions: pd.DataFrame | None, has_model: bool) -> list[tuple[str, str]]:
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
        value = _percent(_probability(article)) if has_model else _number(_score(article, "promotional"))
        reasons = _reasons(article, story, contributions if has_model else None, sign)
        heading = "Most promotional" if kind == "promotional" else "Most newsy"
        sentence = (
            f"<strong>{heading}:</strong> {_e(article.label)} — “{_e(article.title)}” "
            f"({basis} {value}{'' if has_model else ', no model'}){', ' + _e(reasons) if reasons else ''}."
        )
        lines.append((kind, sentence))
    return lines


def _passages(overlaps: list[Overlap], by_id: Mapping[str, _Article]) -> str:
    copied = [overlap for overlap in overlaps if overlap.relation != QUOTED_RELATION]
    quoted = [overlap for overlap in overlaps if overlap.relation == QUOTED_RELATION]
    return _passage_list(copied, by_id, "Shared passages (churnalism)") + _passage_list(
        quoted, by_id, "Quoted by both (one source quoted, not copying)"
    )


def _passage_list(overlaps: list[Overlap], by_id: Mapping[str, _Article], title: str) -> str:
    if not overlaps:
        return ""
    pairs: dict[tuple[str, str, str], list[Overlap]] = {}
    for overlap in overlaps:
        pairs.setdefault((overlap.first, overlap.second, overlap.relation), []).append(overlap)
    items = []
    for (first, second, relation), found in pairs.items():
        a, b = by_id[first], by_id[second]
        n_words = sum(overlap.n_words for overlap in found)
        count = f"{len(found)} passage{'s' if len(found) > 1 else ''}, {n_words} words"
        if relation == "shared":
            head = f"{_e(a.label)} and {_e(b.label)} share {count}"
        elif relation == QUOTED_RELATION:
            head = f"{_e(a.label)} and {_e(b.label)} {_e(relation)}: {count}"
        else:
            head = f"{_e(b.label)} {_e(relation)} {_e(a.label)}: {count}"
        quotes = "".join(
            f"<blockquote>{_e(overlap.text[:400])}{'…' if len(overlap.text) > 400 else ''}</blockquote>"
            for overlap in found
        )
        items.append(f"<li><details><summary>{head}</summary>{quotes}</details></li>")
    listing = f"<ul>{''.join(items)}</ul>"
    if len(items) > 6:  # many near-copies: keep the story readable
        listing = f"<details><summary>{len(items)} pairs of articles share passages</summary>{listing}</details>"
    return f'<div class="passages"><h4>{_e(title)}</h4>{listing}</div>'


def _overlap_spans(overlaps: list[Overlap], article_id: str) -> list[_Span]:
    spans = []
    for overlap in overlaps:
        if overlap.relation == QUOTED_RELATION:  # reporting a statement, not copying: not painted
            continue
        if overlap.first == article_id:
            spans.append(_Span(overlap.first_start, overlap.first_end, "shared_passage", "churnalism"))
        if overlap.second == article_id:
            spans.append(_Span(overlap.second_start, overlap.second_end, "shared_passage", "churnalism"))
    return spans


def _story_overlaps(story: list[_Article]) -> list[Overlap]:
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


class _Story(NamedTuple):
    number: int
    articles: list[_Article]
    overlaps: list[Overlap]
    verdicts: list[tuple[str, str]]


def _group_stories(prepared: list[_Article], contributions: pd.DataFrame | None, has_model: bool) -> list[_Story]:
    dates = [article.row.get("date") for article in prepared] if any("date" in a.row for a in prepared) else None
    labels = cluster_stories([article.text for article in prepared], dates=dates)
    groups: dict[int, list[_Article]] = {}
    for label, article in zip(labels, prepared, strict=True):
        groups.setdefault(label, []).append(article)
    ordered = sorted(groups.values(), key=lambda group: (-len(group), group[0].number))
    stories = []
    for number, group in enumerate(ordered, start=1):
        # Within a story, an outlet's articles sit next to each other.
        group = sorted(
            group, key=lambda article: (article.source == "(no source)", article.source.lower(), article.number)
        )
        stories.append(_Story(number, group, _story_overlaps(group), _verdicts(group, contributions, has_model)))
    return stories


def _verdict_list(story: _Story) -> str:
    items = "".join(f'<li class="verdict-{kind}">{sentence}</li>' for kind, sentence in story.verdicts)
    return f'<ul class="verdicts">{items}</ul>'


def _story_heading(story: _Story) -> str:
    sources = {article.source for article in story.articles}
    lead = min(story.articles, key=lambda article: (not article.is_release, article.number))
    return (
        f"Story {story.number}: {_e(lead.title)} "
        f'<span class="story-meta">{len(story.articles)} article{"s" if len(story.articles) > 1 else ""}, '
        f'{len(sources)} source{"s" if len(sources) > 1 else ""}</span>'
    )


def _story_section(story: _Story, contributions: pd.DataFrame | None, has_model: bool, open_: bool) -> str:
    chart = ""
    if len(story.articles) > 1:
        scores = pd.DataFrame(
            {
                "label": [article.label for article in story.articles],
                **{f"{dim}_score": [_score(article, dim) for article in story.articles] for dim in DIMENSIONS},
            }
        )
        chart = (
            '<h4>Dimension scores</h4><div class="chart">'
            f"{plots.dimension_scores_chart(scores, id_prefix=f'dims{story.number}-')}</div>"
        )
    by_id = {article.id: article for article in story.articles}
    panels = "".join(
        _panel(article, contributions, has_model, _overlap_spans(story.overlaps, article.id))
        for article in story.articles
    )
    return (
        f'<details class="story" id="story-{story.number}"{" open" if open_ else ""}>'
        f"<summary>{_story_heading(story)}</summary>"
        f"{_verdict_list(story)}{_passages(story.overlaps, by_id)}{chart}"
        f'<div class="panels">{panels}</div>'
        "</details>"
    )


# --------------------------------------------------------------------------- page sections

def _summary(stories: list[_Story], n_articles: int, has_model: bool) -> str:
    notes = []
    if not has_model:
        notes.append(
            '<p class="note">No model was given, so there are no promotional probabilities: '
            "articles are compared by their promotional score instead, and the probability "
            "parts of this report are hidden.</p>"
        )
    items = "".join(
        f'<li><a href="#story-{story.number}">{_story_heading(story)}</a>{_verdict_list(story)}</li>'
        for story in stories
    )
    return (
        f"{''.join(notes)}<p>{n_articles} article{'s' if n_articles != 1 else ''} in "
        f"{len(stories)} stor{'ies' if len(stories) != 1 else 'y'}.</p><ol class=\"stories-list\">{items}</ol>"
    )


def _ranking(ranking: pd.DataFrame | None, has_model: bool) -> str:
    if ranking is None or len(ranking) == 0:
        return '<p class="note">No source ranking was given.</p>'
    ranked_on = "pooled_probability" if "pooled_probability" in ranking else "mean_probability"
    probabilities = pd.to_numeric(ranking.get(ranked_on, pd.Series(dtype=float)), errors="coerce")
    show_probability = has_model and bool(probabilities.notna().any())
    header = ["source", "articles"]
    if show_probability:
        header += ["promotional probability (pooled)", "95% interval", "mean of its articles"]
    header += [f"{dim} score" for dim in DIMENSIONS] + ["note"]
    rows = []
    for _, row in ranking.iterrows():
        cells = [f"<td class=\"name\">{_name(_text_or(row.get('source'), '(no source)'))}</td>",
                 f'<td class="num">{_number(row.get("n_articles"), ".0f")}</td>']
        if show_probability:
            cells += [
                f'<td class="num">{_percent(row.get(ranked_on))}</td>',
                f'<td class="num">{_percent(row.get("ci_low"))} – {_percent(row.get("ci_high"))}</td>',
                f'<td class="num">{_percent(row.get("mean_probability"))}</td>',
            ]
        cells += [f'<td class="num">{_number(row.get(f"{dim}_score"))}</td>' for dim in DIMENSIONS]
        warning = row.get("warning")
        cells.append(f'<td class="warning">{_e(warning)}</td>' if not _missing(warning) and warning else "<td></td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = "".join(
        f'<th scope="col" class="{"num" if i else ""}">{_e(name)}</th>' for i, name in enumerate(header)
    )
    table = (
        f'<div class="table-scroll"><table><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )
    if not show_probability:
        note = "No model, so sources are not ranked by probability; their mean scores follow."
        return f'<p class="note">{note}</p>{table}'
    chart = plots.ranking_chart(ranking, id_prefix="ranking-")
    return (
        "<p>Each source's promotional probability, with a 95% interval: the wider the interval, the less "
        "the ranking can be trusted. The estimate is <em>partially pooled</em> (empirical-Bayes shrinkage): "
        "a source's own mean is weighted by how many articles stand behind it and pulled towards the mean "
        "of all sources by the rest, so a source with two lucky articles cannot top the table on noise. "
        "The mean of its articles is shown beside it. Articles without a source are each their own row. "
        "Sources flagged in the note column have too few articles to rank.</p>"
        f'<div class="chart">{chart}</div>{table}'
    )


def _metric(value: object) -> str:
    if isinstance(value, float | np.floating):
        return _number(value, ".3g")
    return _e(value)


def _methods(methods: Mapping[str, object]) -> str:
    parts = []
    dimensions = methods.get("dimensions") or {}
    if isinstance(dimensions, Mapping) and dimensions:
        items = "".join(f"<dt>{_e(name)}</dt><dd>{_e(meaning)}</dd>" for name, meaning in dimensions.items())
        parts.append(f"<h3>What the scores mean</h3><dl>{items}</dl>")
    card = methods.get("model_card") or {}
    if isinstance(card, Mapping) and card:
        rows = "".join(f'<tr><th scope="row">{_e(name)}</th><td class="num">{_metric(value)}</td></tr>'
                       for name, value in card.items())
        parts.append(f"<h3>Model card</h3><table><tbody>{rows}</tbody></table>")
    else:
        parts.append("<h3>Model card</h3><p>No model card was given.</p>")
    lexicons = methods.get("lexicons") or []
    if lexicons:
        rows = []
        for lexicon in lexicons:
            if isinstance(lexicon, Mapping):
                name, provenance = lexicon.get("name"), lexicon.get("provenance")
            else:
                name, provenance = getattr(lexicon, "name", lexicon), getattr(lexicon, "provenance", "")
            rows.append(f"<tr><td>{_e(name)}</td><td>{_e(provenance)}</td></tr>")
        parts.append(
            "<h3>Word lists</h3><table><thead><tr><th>lexicon</th><th>provenance</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    parts.append(
        "<h3>How this page groups and compares</h3><ul>"
        "<li>Stories: articles are grouped by TF-IDF cosine similarity (the mean of content-word and "
        "capitalised-name similarity), with average-linkage clustering; groups join while their mean "
        f"similarity is above {STORY_THRESHOLD}. Within a story, an outlet's articles sit side by side.</li>"
        f"<li>Shared passages: runs of at least {SHARED_MIN_WORDS} identical words (ignoring case and "
        "punctuation) between two articles of one story. An article whose id or source names a press "
        "release (or marked <code>is_release</code>) is taken as the origin; otherwise the earlier "
        "<code>date</code> is; otherwise the passage is just shared.</li>"
        "<li>Highlights: every span an extractor counted, at its offsets in the text; where spans overlap, "
        "each piece of text lists every category covering it. Flagged blocks (viral-phrase lists, tags, "
        "comment and share prompts, page furniture) are boxed, not removed.</li>"
        "<li>Verdicts: the most and least promotional article of a story by promotional probability "
        "(or promotional score without a model), with the features that contributed most to that "
        "probability, or without contributions the promotional-language rates furthest from the story's "
        "average.</li></ul>"
    )
    return "".join(parts)


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
    prepared = _prepare(articles, evidence or {})
    stories = _group_stories(prepared, contributions, has_model)
    open_all = len(prepared) <= 12
    stories_html = "".join(
        _story_section(story, contributions, has_model, open_all or story.number == 1) for story in stories
    )
    entries = {**CATEGORIES, **_entries(categories or {})}
    used = {(span.category, span.dimension) for article in prepared for span in article.spans}
    if any(story.overlaps for story in stories):
        used.add(("shared_passage", "churnalism"))
    block_labels = {label for article in prepared for _, _, label in article.regions}
    script, script_source = _script_tag_and_hash(_asset("report.js"))
    n_sources = len({article.source for article in prepared})
    lede = (
        f"{len(prepared)} article{'s' if len(prepared) != 1 else ''} from {n_sources} "
        f"source{'s' if n_sources != 1 else ''}: promotional language, hedging, sourcing and readability, "
        "side by side."
    )
    return Template(_asset("report.html")).substitute(
        csp=_csp(script_source),
        title=_e(title),
        lede=_e(lede),
        css=_asset("report.css"),
        category_css=_category_css(used, entries),
        summary=_summary(stories, len(prepared), has_model),
        ranking=_ranking(ranking, has_model),
        legend=_legend(used, block_labels, entries),
        stories=stories_html,
        methods=_methods(methods or {}),
        script=script,
    )
