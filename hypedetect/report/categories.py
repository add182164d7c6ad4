"""What each highlight means and how it is drawn: the legend, its CSS, its plain names.

Everything here is derived from the extractors' declarations
(:data:`hypedetect.features.DECLARATIONS`): their categories' meanings, colours
and styles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from hypedetect.extractors.base import Category
from hypedetect.features import DECLARATIONS
from hypedetect.report.markup import escape, slug

__all__ = ["CATEGORIES", "DIMENSIONS", "QUIET_CATEGORIES", "LegendStyle", "category_css", "category_order",
           "legend", "legend_entries"]

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
_HATCH_CSS = "background-image: repeating-linear-gradient(135deg, transparent 0 4px, rgba(0,0,0,.14) 4px 6px)"

_DIMENSION_RANK = {dimension: rank for rank, dimension in enumerate([*DIMENSIONS, "churnalism"])}
_CATEGORY_RANK = {category: rank for rank, category in enumerate(CATEGORIES)}


def category_order(item: tuple[str, str]) -> tuple[int, int, str]:
    """Sort key: dimensions in pipeline order, then categories in legend order, unknown ones last."""
    category, dimension = item
    return (
        _DIMENSION_RANK.get(dimension, len(_DIMENSION_RANK)),
        _CATEGORY_RANK.get(category, len(_CATEGORY_RANK)),
        category,
    )


def category_css(used: Iterable[tuple[str, str]], entries: Mapping[str, LegendStyle] = CATEGORIES) -> str:
    """The CSS drawing each used category's marks and its legend swatch."""
    rules = []
    for category, dimension in sorted(set(used), key=category_order):
        info = entries.get(category)
        selector = f"mark.cat-{slug(category)}, .legend-item.cat-{slug(category)} .swatch"
        if info is None:
            rules.append(f"{selector} {{ background-color: {_FALLBACK_FILLS.get(dimension, _DEFAULT_FILL)}; }}")
        elif info.style == "fill":
            rules.append(f"{selector} {{ background-color: {info.colour}; }}")
        elif info.style == "hatch":
            rules.append(f"{selector} {{ {_HATCH_CSS}; }}")
        else:
            rules.append(f"{selector} {{ {_LINE_CSS.get(category, _LINE_CSS['quote']).format(colour=info.colour)}; }}")
    return "\n".join(rules)


def legend(
    used: Iterable[tuple[str, str]], block_labels: Iterable[str], entries: Mapping[str, LegendStyle] = CATEGORIES
) -> str:
    """The legend: one switch per used category, grouped by dimension, then the flagged blocks."""
    by_dimension: dict[str, list[str]] = {}
    for category, dimension in sorted(set(used), key=category_order):
        info = entries.get(category)
        meaning = info.meaning if info is not None else f"counted by the {dimension} extractor"
        hover = f"{category} ({dimension}): {meaning}"
        by_dimension.setdefault(dimension, []).append(
            f'<button type="button" class="legend-item cat-{slug(category)}" data-cat="{slug(category)}" '
            f'aria-pressed="{"false" if category in QUIET_CATEGORIES else "true"}" title="{escape(hover)}">'
            f'<span class="swatch">{escape(category.replace("_", " "))}</span></button>'
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


