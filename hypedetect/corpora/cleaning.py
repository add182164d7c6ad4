"""The cleaning steps by name, and :func:`clean_text`, which applies them in one fixed order.

Every step is a pure function ``(text, record) -> str``; ``record`` carries
what a step may read besides the text (the title, the card's wire-tag spans).
Most steps read only the text: they are the ``str -> str`` functions of
:mod:`~hypedetect.corpora.normalise`, :mod:`~hypedetect.corpora.wire`,
:mod:`~hypedetect.corpora.contacts`, :mod:`~hypedetect.corpora.furniture` and
:mod:`~hypedetect.corpora.reuters`, registered under their own names.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import NamedTuple

from hypedetect.corpora._layout import collapse_layout
from hypedetect.corpora.contacts import strip_contact_blocks
from hypedetect.corpora.furniture import (
    strip_about_section,
    strip_distribution_notes,
    strip_kickstarter_header,
    strip_leading_title,
    strip_legal_disclaimers,
    strip_page_furniture,
)
from hypedetect.corpora.normalise import (
    fix_mojibake,
    mask_spans,
    normalise_punctuation,
    normalise_whitespace,
    strip_markdown,
    strip_urls,
    unescape_html,
)
from hypedetect.corpora.reuters import (
    expand_reuters_abbreviations,
    sentence_case_headline,
    sentence_case_headlines,
    strip_reuter_signoff,
    strip_ticker_brackets,
)
from hypedetect.corpora.wire import strip_dateline, strip_wire_tags
from hypedetect.errors import InputError


class CleaningRecord(NamedTuple):
    """What a cleaning step may read of a corpus record besides its text."""

    #: The record's title as stored (``strip_leading_title`` cleans it before comparing).
    title: str = ""
    #: ``[start, end)`` character spans into the raw text (the press-release card's ``wire_tag_spans``).
    wire_tag_spans: Sequence[Sequence[int]] = ()


CleaningStep = Callable[[str, CleaningRecord], str]


def _reads_text_only(function: Callable[[str], str]) -> tuple[str, CleaningStep]:
    """Register a ``str -> str`` step under its own name."""

    @functools.wraps(function)
    def step(text: str, record: CleaningRecord) -> str:
        return function(text)

    return function.__name__, step


def mask_wire_tag_spans(text: str, record: CleaningRecord) -> str:
    """Replace the wire tags the press-release card located (``wire_tag_spans``) with " - ".

    The spans index the raw text, so this step runs before any other; see
    :func:`~hypedetect.corpora.normalise.mask_spans` for why a separator takes
    the tag's place.
    """
    return mask_spans(text, record.wire_tag_spans)


def strip_record_title(text: str, record: CleaningRecord) -> str:
    """Remove the record's title when the body repeats it as its first line.

    The title is cleaned the way every title is (encoding, entities, typography,
    sentence case) before it is compared; see
    :func:`~hypedetect.corpora.furniture.strip_leading_title`.
    """
    return strip_leading_title(text, clean_title(record.title))


#: Every cleaning step by name, in the order :func:`clean_text` applies them.
CLEANING_STEPS: dict[str, CleaningStep] = dict([
    ("mask_wire_tag_spans", mask_wire_tag_spans),
    *map(_reads_text_only, (fix_mojibake, unescape_html, strip_markdown, strip_urls, normalise_punctuation,
                            normalise_whitespace)),
    ("strip_leading_title", strip_record_title),
    *map(_reads_text_only, (strip_page_furniture, strip_kickstarter_header, strip_reuter_signoff,
                            strip_ticker_brackets, expand_reuters_abbreviations, sentence_case_headlines,
                            strip_distribution_notes, strip_contact_blocks, strip_legal_disclaimers,
                            strip_about_section, strip_wire_tags, strip_dateline)),
])

#: Giveaway steps every article-level manifest lists, so that all corpora lose
#: the same kinds of furniture (checked by the manifest tests).
GENERIC_STEPS = (
    "strip_markdown", "strip_urls", "strip_leading_title", "strip_page_furniture", "strip_distribution_notes",
    "strip_contact_blocks", "strip_legal_disclaimers", "strip_about_section", "strip_wire_tags", "strip_dateline",
)

#: Steps applied to every text whenever cleaning is on, whatever the manifest
#: lists, so that encoding, typography and layout are the same in every corpus.
ALWAYS_STEPS = ("fix_mojibake", "unescape_html", "normalise_punctuation", "normalise_whitespace")

#: Steps of a manifest that also apply to its titles (Reuters headlines say "MLN" and "<ACME>").
_TITLE_STEPS = (strip_ticker_brackets, expand_reuters_abbreviations)


def unknown_steps(steps: Sequence[str]) -> list[str]:
    """The names in ``steps`` that are not cleaning steps, sorted."""
    return sorted(set(steps) - set(CLEANING_STEPS))


def clean_text(
    text: str,
    steps: Sequence[str] = (),
    *,
    title: str = "",
    wire_tag_spans: Sequence[Sequence[int]] = (),
) -> str:
    """Apply the named cleaning steps (plus :data:`ALWAYS_STEPS`) in canonical order.

    Parameters
    ----------
    text : str
        Raw article text.
    steps : sequence of str
        Names from :data:`CLEANING_STEPS`; their order does not matter.
    title : str, optional
        The record's title, for ``strip_leading_title``.
    wire_tag_spans : sequence of (start, end), optional
        Character spans into the raw ``text``, for ``mask_wire_tag_spans``.

    Returns
    -------
    str
        The cleaned text, paragraphs separated by one blank line.

    Examples
    --------
    >>> clean_text("LONDON (Reuters) -- Prices rose 3 pct.\\nREUTER",
    ...            ["strip_wire_tags", "strip_dateline", "strip_reuter_signoff",
    ...             "expand_reuters_abbreviations"])
    'Prices rose 3 percent.'
    """
    unknown = unknown_steps(steps)
    if unknown:
        raise InputError("clean_text", f"unknown cleaning step(s) {unknown}; known: {sorted(CLEANING_STEPS)}")
    wanted = set(steps) | set(ALWAYS_STEPS)
    record = CleaningRecord(title=title, wire_tag_spans=wire_tag_spans)
    for name, step in CLEANING_STEPS.items():
        if name in wanted:
            text = step(text, record)
    return collapse_layout(text)  # steps only ever add plain spaces and newlines


def clean_title(title: str, steps: Sequence[str] = ()) -> str:
    """Clean a title as its corpus's texts are cleaned: one line, plain typography, sentence case.

    Parameters
    ----------
    title : str
        The stored title.
    steps : sequence of str, optional
        The manifest's cleaning steps; of them only the Reuters ticker and
        abbreviation steps apply to titles.

    Returns
    -------
    str

    Examples
    --------
    >>> clean_title("ACME &lt;ACM&gt; SEES 5 MLN DLR PROFIT", ["strip_ticker_brackets",
    ...             "expand_reuters_abbreviations"])
    'Acme sees 5 million dollar profit'
    """
    title = normalise_punctuation(unescape_html(fix_mojibake(title)))
    for step in _TITLE_STEPS:
        if step.__name__ in steps:
            title = step(title)
    return sentence_case_headline(" ".join(title.split()))
