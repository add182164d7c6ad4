"""Text-wide normalisation: encoding, entities, typography, layout, Markdown and links.

These steps put every corpus in one encoding, one typography and one layout,
so that none of them names its corpus by the way its characters are written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from hypedetect.corpora._layout import collapse_layout

# Single characters are replaced with str.replace behind an ``in`` test: on
# the full corpora that is several times faster than a character-class regex.
_ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"
_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _replace_chars(text: str, chars: str, replacement: str) -> str:
    for char in chars:
        if char in text:
            text = text.replace(char, replacement)
    return text


def normalise_whitespace(text: str) -> str:
    r"""Put every corpus in one layout: paragraphs split by a blank line, single spaces.

    The corpora differ in layout (Reuters puts one paragraph per line with
    trailing blanks and indented tables, the press releases use non-breaking
    and narrow spaces, BBC leaves triple newlines), and a classifier picks up
    any such difference as a corpus fingerprint. A single newline becomes a
    paragraph break, unless it wraps a sentence (the line does not end a
    sentence and the next starts in lower case), in which case it is a space.

    Examples
    --------
    >>> normalise_whitespace("The plan was\nwelcomed by all.\nIt starts   today.  ")
    'The plan was welcomed by all.\n\nIt starts today.'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        text = _replace_chars(text, "\t\f\v", " ")
    else:
        text = _replace_chars(_replace_chars(text, _INVISIBLES, ""), _ODD_SPACES, " ")
    return collapse_layout(text)


_PUNCTUATION = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2011": "-", "\u2212": "-", "\u2026": "...",
    "\u2012": " - ", "\u2013": " - ", "\u2014": " - ", "\u2015": " - ",
}
_RANGE_DASH_RE = re.compile(r"[\u2012\u2013](?<=\d[\u2012\u2013])(?=\d)")


def normalise_punctuation(text: str) -> str:
    """Map typographic quotes, dashes and ellipses to plain ASCII.

    Reuters (1987) and BBC text is plain ASCII while the press releases and US
    news use curly quotes and en/em dashes, so the glyphs alone would name the
    corpus. An en dash between digits becomes "-"; any other en/em dash, a
    doubled hyphen or a spaced hyphen becomes " - ".

    Examples
    --------
    >>> normalise_punctuation("\u201cIt\u2019s done\u201d\u2014or so\u2026 they say -- in 2010\u201311")
    '"It\\'s done" - or so... they say - in 2010-11'
    """
    if "\u2012" in text or "\u2013" in text:
        text = _RANGE_DASH_RE.sub("-", text)
    if "--" in text:
        text = re.sub("--+", " - ", text)
    if text.isascii():
        return text.replace("  - ", " - ").replace(" -  ", " - ")
    for char, replacement in _PUNCTUATION.items():
        if char in text:
            text = text.replace(char, replacement)
    return text.replace("  - ", " - ").replace(" -  ", " - ")


_MOJIBAKE_RE = re.compile(r"[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                          r"\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
                          r"\u20ac\u2122]{1,3}")


# First characters of mis-decoded UTF-8 for U+0080-07FF and U+2000-20FF
# ("Â£", "Ã©", "Ä", "Å", "â€™"); a cheap test before the regex.
_MOJIBAKE_LEADS = ("\u00c2", "\u00c3", "\u00c4", "\u00c5", "\u00e2\u20ac", "\u00e2\u0080")


def _repair(match: re.Match[str]) -> str:
    piece = match.group()
    raw = bytearray()
    for char in piece:
        if ord(char) < 256:
            raw.append(ord(char))
        else:
            try:
                raw += char.encode("cp1252")
            except UnicodeEncodeError:
                return piece
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return piece


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 text that was decoded as Latin-1/cp1252 ("Â£" -> "£").

    The BBC files read "Â£" for every pound sign and some congressional releases
    read "â€™" for an apostrophe; only those corpora carry the pattern, so left
    alone it names them.

    Examples
    --------
    >>> fix_mojibake("It cost Â£5m and itâ€™s late.")
    'It cost £5m and it’s late.'
    """
    if text.isascii() or not any(lead in text for lead in _MOJIBAKE_LEADS):
        return text
    return _MOJIBAKE_RE.sub(_repair, text)


def unescape_html(text: str) -> str:
    """Turn HTML entities ("&amp;", "&quot;") into characters.

    Some wires and the SemEval scrape leave entities in titles and bodies; the
    other corpora never do.

    Examples
    --------
    >>> unescape_html("Q&amp;A with the &quot;team&quot;")
    'Q&A with the "team"'
    """
    return html.unescape(text)


# Every pattern starts with a literal character, which keeps the search fast.
_MD_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\([^)\s]*\)")
_MD_EMPTY_LINK_RE = re.compile(r"\[\s*\]\([^)\n]*\)")
_MD_LINK_RE = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_MD_BOLD_RES = (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), re.compile(r"__(?=\S)(.+?)(?<=\S)__"))
_MD_ITALIC_RE = re.compile(r"\*(?<![\w*]\*)(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])")
_MD_HEADING_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(?=[^#\s])")
_MD_RULE_RE = re.compile(r"[ \t]*[*_-](?:[ \t]*[*_-])*[ \t]*")


def strip_markdown(text: str) -> str:
    """Remove Markdown markup: images, link targets, emphasis, heading marks, rules.

    Only the press-release archive is stored as Markdown, so "![](...)", "**"
    and "## " would identify it. Link text is kept, bullets are kept.

    Examples
    --------
    >>> strip_markdown("## Big news\\n![](http://x.io/a.png)**Acme** joins [the club](http://x.io).")
    'Big news\\nAcme joins the club.'
    """
    if "](" in text:
        text = _MD_LINK_RE.sub(r"\1", _MD_EMPTY_LINK_RE.sub("", _MD_IMAGE_RE.sub("", text)))
    for mark, pattern in zip(("**", "__"), _MD_BOLD_RES, strict=True):
        if mark in text:
            text = pattern.sub(r"\1", text)
    if "*" in text:
        text = _MD_ITALIC_RE.sub(r"\1", text)
    if "#" in text:
        text = "\n".join(_MD_HEADING_RE.sub("", line, count=1) if "#" in line else line for line in text.split("\n"))
    if not any(mark in text for mark in ("*\n", "-\n", "_\n")) and not text.rstrip(" \t").endswith(("*", "-", "_")):
        return text
    return "\n".join("" if _MD_RULE_RE.fullmatch(line) else line for line in text.split("\n"))


_URL_RES = (
    ("http", re.compile(r"https?://[^\s<>\"')\]]+(?<![.,;:!?])")),
    ("www.", re.compile(r"www\.[^\s<>\"')\]]+(?<![.,;:!?])")),
    ("WWW.", re.compile(r"WWW\.[^\s<>\"')\]]+(?<![.,;:!?])")),
    ("Www.", re.compile(r"Www\.[^\s<>\"')\]]+(?<![.,;:!?])")),
)


def strip_urls(text: str) -> str:
    """Replace web addresses with the words "the website".

    Links name the wire ("https://newsdirect.com/news/...") or the company,
    which is the label. The sentence around a link ("visit ... to learn
    more") is promotional style and stays readable; deleting the link would
    leave "visit ." debris that only the cleaned corpora would have.

    Examples
    --------
    >>> strip_urls("Learn more at https://acme.example/launch. Or visit www.acme.example today")
    'Learn more at the website. Or visit the website today'
    """
    for mark, pattern in _URL_RES:
        if mark in text:
            text = pattern.sub("the website", text)
    return text


def mask_spans(text: str, spans: Sequence[Sequence[int]]) -> str:
    """Replace ``[start, end)`` character spans (the card's ``wire_tag_spans``) with " - ".

    The press-release card marks the wire tags it found in the first 400
    characters; the spans index the raw text, so this runs before anything else.
    The tags often carry the dateline's separator ("-(BUSINESS WIRE)-"), so a
    separator takes their place and :func:`strip_dateline` still sees the dateline.

    Examples
    --------
    >>> mask_spans("BOSTON /Acme Wire/ -- Acme said", [[7, 18]])
    'BOSTON  -  -- Acme said'
    """
    for start, end in sorted((tuple(span) for span in spans), reverse=True):
        text = text[:start] + " - " + text[end:]
    return text


