"""What each highlight means and how it is drawn: the legend, its CSS, its plain names.

Everything here is derived from the extractors' declarations
(:data:`hypedetect.features.DECLARATIONS`): their categories' meanings, colours
and styles.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from hypedetect.extractors.base import Category, Feature
from hypedetect.features import DECLARATIONS
from hypedetect.report.markup import escape, slug

__all__ = [
    "CATEGORIES",
    "DIMENSIONS",
    "FEATURES",
    "QUIET_CATEGORIES",
    "STYLE_DIMENSIONS",
    "LegendStyle",
    "category_css",
    "category_order",
    "default_hidden",
    "described",
    "feature_categories",
    "hidden_classes",
    "legend",
    "legend_entries",
    "plain_name",
]

DIMENSIONS = tuple(declaration.name for declaration in DECLARATIONS)


class LegendStyle(NamedTuple):
    """How one category is described and drawn in the report."""

    dimension: str
    meaning: str
    style: str  # "fill": coloured background; "line", "hatch": drawn under or across the text
    colour: str


def legend_entries(categories: Mapping[str, tuple[str, Category]]) -> dict[str, LegendStyle]:
    """Legend styles for extra categories (user lexicons, added dimensions)."""
    return {name: LegendStyle(dimension, c.meaning, c.style, c.colour) for name, (dimension, c) in categories.items()}


#: What each highlight means, in the legend's order, from the extractors' declarations. Light fills keep the
#: text readable; spans as long as a sentence are drawn as lines so that the words inside still show their fill.
CATEGORIES: dict[str, LegendStyle] = {
    **legend_entries({c.name: (d.name, c) for d in DECLARATIONS for c in d.categories}),
    "shared_passage": LegendStyle(
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
#: Dimensions that describe the writing's style rather than evidence of promotion: their marks start switched off.
STYLE_DIMENSIONS = frozenset({"readability"})
#: Every declared feature by its frame column, ``{dimension}__{feature}``.
FEATURES: dict[str, Feature] = {f"{d.name}__{f.name}": f for d in DECLARATIONS for f in d.features}
_HATCH_CSS = "background-image: repeating-linear-gradient(135deg, transparent 0 4px, rgba(0,0,0,.14) 4px 6px)"

_DIMENSION_RANK = {dimension: rank for rank, dimension in enumerate([*DIMENSIONS, "churnalism"])}
_CATEGORY_RANK = {category: rank for rank, category in enumerate(CATEGORIES)}


def plain_name(category: str) -> str:
    """A category's name in words: ``unattributed_claim`` -> ``unattributed claim``."""
    return category.replace("_", " ")


def described(category: str, entries: Mapping[str, LegendStyle] = CATEGORIES) -> str:
    """A category in plain words with its meaning, for tooltips: ``puffery: praise with nothing to check (...)``."""
    info = entries.get(category)
    if info is None:
        return plain_name(category)
    return f"{plain_name(category)}: {info.meaning}"


def feature_categories(column: str, entries: Mapping[str, LegendStyle] = CATEGORIES) -> tuple[str, ...]:
    """The evidence categories a feature column counts, matched from the declarations.

    A feature counts the category its name is made of (``puffery_per_1k``,
    ``quotes_per_1k``, ``named_attribution_share``; ``attributions_per_1k``
    every ``*_attribution``); failing that, the categories its declared meaning
    names (``speculative_sentence_share``: "... holding a hedge span").

    Examples
    --------
    >>> feature_categories("promotional__puffery_per_1k")
    ('puffery',)
    >>> feature_categories("sourcing__attributions_per_1k")
    ('named_attribution', 'anonymous_attribution', 'vague_attribution')
    >>> feature_categories("readability__flesch_reading_ease")
    ()
    """
    dimension, _, name = column.partition("__")
    own = [category for category, info in entries.items() if info.dimension == dimension]
    stem = name.removesuffix("_per_1k").removesuffix("_share")
    singular = stem.removesuffix("s")
    found = [c for c in own if c in {stem, singular, stem.removesuffix("_sentence")} or c.endswith(f"_{singular}")]
    if not found and column in FEATURES:
        meaning = FEATURES[column].meaning
        found = [c for c in own if re.search(rf"\b{c.replace('_', '[ _]')}s?\b", meaning)]
    return tuple(found)


def default_hidden(used: Iterable[tuple[str, str]], explaining: Collection[str]) -> frozenset[str]:
    """The categories whose highlighting starts switched off.

    Quiet categories and those of :data:`STYLE_DIMENSIONS` always do; when some
    categories explain a verdict (``explaining``), every other category does too,
    so the page opens on the evidence behind its verdicts (and shared passages).
    """
    hidden = set()
    for category, dimension in used:
        if category in QUIET_CATEGORIES or dimension in STYLE_DIMENSIONS:
            hidden.add(category)
        elif explaining and category not in explaining and category != "shared_passage":
            hidden.add(category)
    return frozenset(hidden)


def category_order(item: tuple[str, str]) -> tuple[int, int, str]:
    """Sort key: dimensions in pipeline order, then categories in legend order, unknown ones last."""
    category, dimension = item
    return (
        _DIMENSION_RANK.get(dimension, len(_DIMENSION_RANK)),
        _CATEGORY_RANK.get(category, len(_CATEGORY_RANK)),
        category,
    )


def category_css(used: Iterable[tuple[str, str]], entries: Mapping[str, LegendStyle] = CATEGORIES) -> str:
    """The CSS drawing each used category's marks and its legend swatch.

    A mark is painted by a category only while the page's root has no
    ``hide-{category}`` class (see :func:`hidden_classes`), so a segment whose
    categories are partly switched off shows only the others, and one whose
    categories are all switched off shows none.
    """
    rules = []
    for category, dimension in sorted(set(used), key=category_order):
        info = entries.get(category)
        name = slug(category)
        selector = f"html:not(.hide-{name}) mark.cat-{name}, .legend-item.cat-{name} .swatch"
        if info is None:
            rules.append(f"{selector} {{ background-color: {_FALLBACK_FILLS.get(dimension, _DEFAULT_FILL)}; }}")
        elif info.style == "fill":
            rules.append(f"{selector} {{ background-color: {info.colour}; }}")
        elif info.style == "hatch":
            rules.append(f"{selector} {{ {_HATCH_CSS}; }}")
        else:
            rules.append(f"{selector} {{ {_LINE_CSS.get(category, _LINE_CSS['quote']).format(colour=info.colour)}; }}")
    return "\n".join(rules)


def hidden_classes(hidden: Iterable[str]) -> str:
    """The root element's classes switching off the highlighting of ``hidden`` categories."""
    return " ".join(sorted(f"hide-{slug(category)}" for category in hidden))


def legend(
    used: Iterable[tuple[str, str]], block_labels: Iterable[str], entries: Mapping[str, LegendStyle] = CATEGORIES,
    hidden: Collection[str] = QUIET_CATEGORIES,
) -> str:
    """The legend: one switch per used category, grouped by dimension, then the flagged blocks."""
    by_dimension: dict[str, list[str]] = {}
    for category, dimension in sorted(set(used), key=category_order):
        hover = described(category, entries) if category in entries else (
            f"{plain_name(category)}: counted by the {dimension} extractor")
        by_dimension.setdefault(dimension, []).append(
            f'<button type="button" class="legend-item cat-{slug(category)}" data-cat="{slug(category)}" '
            f'aria-pressed="{"false" if category in hidden else "true"}" title="{escape(hover)}">'
            f'<span class="swatch">{escape(plain_name(category))}</span></button>'
        )
    groups = [
        f'<div class="legend-group"><strong>{escape(dimension)}</strong>{"".join(items)}</div>'
        for dimension, items in by_dimension.items()
    ]
    labels = sorted(set(block_labels))
    if labels:
        boxes = "".join(
            f'<span class="legend-block" title="{escape("flagged block: " + label)}">{escape(label)}</span>'
            for label in labels
        )
        groups.append(f'<div class="legend-group"><strong>flagged blocks</strong>{boxes}</div>')
    if not groups:
        return '<p class="note">No evidence was highlighted in these articles.</p>'
    hint = (
        "Hover a highlight to see what it is; click a legend entry to switch its highlighting off and on "
        "(struck-through entries start switched off)."
    )
    return f'<div class="legend" aria-label="Legend"><p class="lede">{hint}</p>{"".join(groups)}</div>'


