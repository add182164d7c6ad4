"""Small helpers every section uses: escaping, missing values, numbers, links, names.

Every string that comes from an input (texts, titles, sources, URLs, ids,
categories, lexicon names) passes through :func:`escape` (``html.escape`` with
``quote=True``) before it reaches the page.
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

__all__ = [
    "MAX_NAME_CHARS",
    "as_float",
    "escape",
    "is_missing",
    "link",
    "number",
    "percent",
    "slug",
    "source_name",
    "text_or",
]

# --------------------------------------------------------------------------- small helpers

def escape(value: object) -> str:
    """Escape any input value for HTML text or a quoted attribute."""
    return html.escape("" if is_missing(value) else str(value), quote=True)


def is_missing(value: object) -> bool:
    """Whether a value is None or a pandas missing value."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def text_or(value: object, default: str) -> str:
    """The value as text, or ``default`` when it is missing or blank."""
    return default if is_missing(value) or not str(value).strip() else str(value)


def as_float(value: object) -> float:
    """The value as a float, NaN when it is not a number."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def number(value: object, spec: str = ".2f") -> str:
    """The value formatted with ``spec``, or a dash when it is missing."""
    number = as_float(value)
    return "—" if math.isnan(number) else format(number, spec)


def percent(value: object) -> str:
    """The value as a whole percentage, or a dash when it is missing."""
    return number(value, ".0%")


def slug(category: str) -> str:
    """A category as a CSS class name."""
    return re.sub(r"[^a-z0-9_-]+", "-", category.lower()).strip("-") or "other"


_URL_RE = re.compile(r"https?://[^\s\"'<>`]+", re.IGNORECASE)


def link(value: object) -> str:
    """Return a link for an http(s) URL, and any other URL (``javascript:``, ``data:``) as plain text."""
    if is_missing(value) or not str(value).strip():
        return ""
    url = str(value).strip()
    if _URL_RE.fullmatch(url):
        return f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(url)}</a>'
    return f'<span class="url-text">{escape(url)}</span>'


#: Characters of a source name shown (the whole name is in the tooltip).
MAX_NAME_CHARS = 120


def source_name(value: str) -> str:
    """A source name for the page: at most :data:`MAX_NAME_CHARS` characters shown, the whole name as a tooltip."""
    if len(value) <= MAX_NAME_CHARS:
        return escape(value)
    return f'<span title="{escape(value)}">{escape(value[: MAX_NAME_CHARS - 1])}…</span>'


