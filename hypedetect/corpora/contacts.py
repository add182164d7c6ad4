"""Contact furniture of press releases: "Media Contact" blocks, end marks, emails and phone numbers.

Releases end with "###" and "Media Contact: name, phone, email"; only releases
carry them, so they give the genre away without saying anything about the writing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypedetect.corpora._layout import join_paragraphs, paragraphs

_EMAIL_DOMAIN_RE = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_EMAIL_PLACEHOLDERS = ("[email protected]", "[email\u00a0protected]")  # a scraper's obfuscated address


def _email_spans(text: str) -> list[tuple[int, int]]:
    """Spans of "name@domain.tld", found from each "@" (a regex from every word start is slow)."""
    spans = []
    at = text.find("@")
    while at != -1:
        start = at
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._+-"):
            start -= 1
        domain = _EMAIL_DOMAIN_RE.match(text, at + 1)
        if start < at and domain:
            spans.append((start, domain.end()))
            at = text.find("@", domain.end())
        else:
            at = text.find("@", at + 1)
    return spans


# Phone numbers: "(555) 123-4567", "+1 555-123-4567", "+44 20 7946 0000", "555-123-4567",
# "555.123.4567". Every pattern starts with a literal ("+", "(", "-", ".") so that the search
# stays fast on long texts; the three leading digits of the bare forms are checked by hand.
_PHONE_FULL_RES = (
    ("+", re.compile(r"\+\d{1,3}[ .-]?(?:(?:\(\d{3}\) ?|\d{3}[.-])\d{3}[.-]\d{4}(?!\d)|\d[\d .-]{6,14}\d\b)")),
    ("(", re.compile(r"\(\d{3}\) ?\d{3}[.-]\d{4}(?!\d)")),
)
_PHONE_TAIL_RES = (re.compile(r"-\d{3}-\d{4}(?!\d)"), re.compile(r"\.\d{3}\.\d{4}(?!\d)"))


def _phone_spans(text: str) -> list[tuple[int, int]]:
    spans = [match.span() for mark, pattern in _PHONE_FULL_RES if mark in text for match in pattern.finditer(text)]
    for pattern in _PHONE_TAIL_RES:
        for match in pattern.finditer(text):
            start = match.start() - 3
            if start < 0 or not text[start : match.start()].isdigit():
                continue
            if text[start - 2 : start] == "1-" and match.group()[0] == "-":  # toll-free "1-800-555-0100"
                start -= 2
            before = text[start - 1] if start > 0 else " "
            if not (before.isalnum() or before in "._-+"):
                spans.append((start, match.end()))
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _contact_spans(text: str, *, phones: bool = True) -> list[tuple[int, int, str]]:
    """Non-overlapping spans of emails and phone numbers with the words that replace them."""
    spans = [(start, end, "the email address") for start, end in _email_spans(text)] if "@" in text else []
    if phones:
        spans += [(start, end, "the phone number") for start, end in _phone_spans(text)]
    kept: list[tuple[int, int, str]] = []
    for start, end, words in sorted(spans):
        if kept and start < kept[-1][1]:  # "+49 231 5849-12297IR@example.net": one contact
            kept[-1] = (kept[-1][0], max(end, kept[-1][1]), kept[-1][2])
        else:
            kept.append((start, end, words))
    return kept


def _replace_spans(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    for start, end, words in reversed(spans):
        text = text[:start] + words + text[end:]
    return text


_END_MARK_RE = re.compile(r"#\s?#\s?#|-(?<![\w-]-) ?30 ?-(?![\w-])")
#: Words preceding an end mark for it to end the release (an early "###" is a divider, not the end).
_END_MARK_MIN_WORDS = 30
#: A paragraph with fewer spaces than this (about 25 words) is a contact line when it holds a contact,
#: and part of the block after a contact heading; a longer one is running text.
_CONTACT_LINE_MAX_SPACES = 25
#: Characters at the head of a one-line release searched for the contact that opens it.
_CONTACT_LEAD_CHARS = 150
# What every end mark holds, and (in lower case) every contact heading: cheap tests before the patterns.
_END_MARK_HINTS = ("#", "30-", "30 -")
_CONTACT_HEADING_WORDS = ("contact", "inquir", "enquir", "media advisory", "media relations")
_CONTACT_HEADING_RE = re.compile(
    r"^(?:(?:Media|Press|Investor|PR|News|Company)\s+)?(?:Contacts?|Inquiries|Enquiries)\b"
    r"|^Contact\s*(?:Details|Information|Info|Us|Person)\b"
    r"|^(?:For\s+(?:further|more)\s+information|Media\s+inquiries|For\s+media\s+inquiries)\b.{0,40}\bcontact"
    r"|^Media\s+(?:Advisory|Relations)\b",
    re.I,
)
_INLINE_CONTACT_RE = re.compile(
    r"(?:Contact|CONTACT)s?\s?:\s*(?:[A-Z][\w.'-]*,?\s+){0,3}(?:the phone number\s*|the email address\s*)*"
)
_INLINE_CONTACT_PREFIXES = ("Media ", "Press ", "IR ", "Investor ", "MEDIA ", "PRESS ")


def _strip_inline_contacts(paragraph: str) -> str:
    """Drop "Contact: Jo Doe the phone number" run into a one-line release (not at its start)."""
    for match in reversed(list(_INLINE_CONTACT_RE.finditer(paragraph))):
        start = match.start()
        for prefix in _INLINE_CONTACT_PREFIXES:
            if paragraph.endswith(prefix, 0, start):
                start -= len(prefix)
                break
        inline = start >= 2 and paragraph[start - 1] == " "
        if inline and (paragraph[start - 2].isalnum() or paragraph[start - 2] in ".!?\"'"):
            paragraph = paragraph[:start] + paragraph[match.end():]
    return paragraph


_CONTACT_NAME_RE = re.compile(r"^\s*:?\s*(?:[A-Z][\w.'-]*,?\s+){0,3}[A-Z][\w.'-]*,?\s*")


def _strip_contact_lead(paragraph: str) -> str:
    """A one-line release that opens "Contact: Jo Doe 555-123-4567 ...": cut through the last number or email."""
    lead = paragraph[:_CONTACT_LEAD_CHARS]
    ends = [end for _, end, _ in _contact_spans(lead)]
    if ends:
        return paragraph[max(ends):].lstrip(" ,;:")
    return _CONTACT_NAME_RE.sub("", paragraph, count=1)


def _is_contact_line(paragraph: str) -> bool:
    """Short enough (under about 25 words) to be a line of a contact block rather than running text."""
    return paragraph.count(" ") < _CONTACT_LINE_MAX_SPACES


def strip_contact_blocks(text: str) -> str:
    """Remove media-contact blocks and the "###" end mark; mask emails and phone numbers.

    Releases end with "###" and "Media Contact: name, phone, email"; these are
    distribution furniture, not promotional writing, and only releases have
    them. Everything from an end mark ("###", "# # #", "-30-") on is cut when
    at least 30 words precede it; a contact heading drops itself and the short
    paragraphs after it; other short paragraphs (under 25 words) holding an
    email or a phone number are dropped; emails and phone numbers left in
    running text become "the email address" and "the phone number".

    Examples
    --------
    >>> strip_contact_blocks("Acme grew.\\n\\nMedia Contact:\\n\\nJo Doe\\n\\njo@acme.example")
    'Acme grew.'
    >>> strip_contact_blocks("Write to jo@acme.example or call (555) 123-4567 if the "
    ...                      "forty-page report on all of the plants we run across the "
    ...                      "whole region has not reached you by the end of May.")[:64]
    'Write to the email address or call the phone number if the forty'
    """
    marker = _END_MARK_RE.search(text) if any(hint in text for hint in _END_MARK_HINTS) else None
    if marker and text.count(" ", 0, marker.start()) >= _END_MARK_MIN_WORDS:
        text = text[: marker.start()].rstrip()
    for placeholder in _EMAIL_PLACEHOLDERS:
        if placeholder in text:
            text = text.replace(placeholder, "the email address")
    lowered = text.lower()
    has_heading = any(word in lowered for word in _CONTACT_HEADING_WORDS)
    has_phone = bool(_phone_spans(text))
    if not has_heading and not has_phone and "@" not in text:
        return text
    kept: list[str] = []
    in_contact_block = False
    for paragraph in paragraphs(text):
        heading = _CONTACT_HEADING_RE.match(paragraph) if has_heading else None
        if heading and _is_contact_line(paragraph):
            in_contact_block = True
            continue
        if heading:
            paragraph = _strip_contact_lead(paragraph[heading.end():])
        if has_heading:
            paragraph = _strip_inline_contacts(paragraph)
        if in_contact_block and _is_contact_line(paragraph):
            continue
        in_contact_block = False
        spans = _contact_spans(paragraph, phones=has_phone)
        if spans and _is_contact_line(paragraph):
            continue  # a short paragraph with an email or a phone number is a contact line
        if spans:
            paragraph = _replace_spans(paragraph, spans)
            if "@" in paragraph:  # "jo@a.example@b.example" leaves a second address
                paragraph = _replace_spans(paragraph, _contact_spans(paragraph, phones=False))
        kept.append(paragraph)
    return join_paragraphs([paragraph for paragraph in kept if paragraph])


