"""Labelled corpora: one manifest per corpus -> one frame of labelled texts.

The shared corpora (see ``corpora/README.md``) are licensed research data that
live outside the repository. Each article-level corpus is described by a small
TOML manifest in ``corpora/manifests/``: which files to read, which field holds
the text, the title and the source, what the label is, which rows to drop and
which cleaning steps remove the giveaways that would let a classifier tell the
corpora apart instead of the genres (wire tags, datelines, contact blocks,
"REUTER" sign-offs, 1987 abbreviations, line wrapping).

:func:`load_corpus` reads one corpus into a frame with the columns
``id, text, label, source, corpus, title`` (``label``: 1 = promotional,
0 = newsy, ``<NA>`` = neither) plus the extra columns its manifest names:

- ``section``: BBC News section (business, sport, ...); Kickstarter category.
- ``hyperpartisan``: the SemEval-2019 article label (True / False).
- ``sensational``: FakeHealth releases: 1 when HealthNewsReview criterion 10
  ("unjustifiable, sensational language") is Not Satisfactory, 0 when
  Satisfactory, ``<NA>`` otherwise and for the stories.
- ``event``: BASIL triplet id, the same event covered by fox, nyt and hpo.

:func:`load_corpora` concatenates the training corpora. The evaluation sets
(hedging sentences, propaganda spans, BASIL triplets, release hype) have their
own loaders. Everything is streamed with the standard library; pandas only
builds the final frame.

Examples
--------
>>> strip_reuter_signoff("Output rose 5 pct, it said.  REUTER")
'Output rose 5 pct, it said.'
>>> expand_reuters_abbreviations("Profit 5 mln dlrs vs 3 mln dlrs")
'Profit 5 million dollars vs 3 million dollars'
"""

from __future__ import annotations

import csv
import gzip
import html
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from hypedetect.errors import InputError

__all__ = [
    "ALWAYS_STEPS",
    "CLEANING_STEPS",
    "COLUMNS",
    "ENV_VAR",
    "GENERIC_STEPS",
    "LABELS",
    "CorpusFile",
    "CorpusNotFoundError",
    "Manifest",
    "clean_text",
    "corpora_dir",
    "expand_reuters_abbreviations",
    "fix_mojibake",
    "list_manifests",
    "load_basil",
    "load_corpora",
    "load_corpus",
    "load_fakehealth_hype",
    "load_manifest",
    "load_ptc",
    "load_ptc_sentences",
    "load_wikiweasel",
    "manifest_dir",
    "mask_spans",
    "normalise_punctuation",
    "normalise_whitespace",
    "sentence_case_headline",
    "sentence_case_headlines",
    "strip_about_section",
    "strip_contact_blocks",
    "strip_dateline",
    "strip_distribution_notes",
    "strip_kickstarter_header",
    "strip_leading_title",
    "strip_legal_disclaimers",
    "strip_markdown",
    "strip_page_furniture",
    "strip_reuter_signoff",
    "strip_ticker_brackets",
    "strip_urls",
    "strip_wire_tags",
    "unescape_html",
]

#: Environment variable that points at the folder holding the shared corpora.
ENV_VAR = "HYPEDETECT_CORPORA"

#: Label names used in manifests and the integers they become.
LABELS = {"promotional": 1, "newsy": 0}

#: Columns every corpus frame starts with, in this order.
COLUMNS = ("id", "text", "label", "source", "corpus", "title")

_FORMATS = ("jsonl", "jsonl.gz")


class CorpusNotFoundError(InputError, FileNotFoundError):
    """A shared corpus folder or file is missing (also a ``FileNotFoundError``)."""


def _not_found(path: Path) -> CorpusNotFoundError:
    return CorpusNotFoundError(path, f"shared corpora not found; set {ENV_VAR} to the folder that holds them")


# =========================================================================== cleaning: text-wide normalisation

_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")
_TERMINAL = ".!?:;\"')]”’»…"


def _paragraphs(text: str) -> list[str]:
    return [part for part in _PARAGRAPH_BREAK_RE.split(text) if part and not part.isspace()]


def _join(paragraphs: Sequence[str]) -> str:
    return "\n\n".join(paragraphs)


# Single characters are replaced with str.replace behind an ``in`` test: on
# the full corpora that is several times faster than a character-class regex.
_ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"
_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACES_RE = re.compile(r"  +")
_WRAPPED_NEWLINE_RE = re.compile(r"\n(?<=[^\s" + re.escape(_TERMINAL) + r"]\n)(?=[a-z])")


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
    return _collapse_layout(text)


def _collapse_layout(text: str) -> str:
    """The second half of :func:`normalise_whitespace`, for text without odd spaces."""
    if "  " in text:
        text = _SPACES_RE.sub(" ", text)
    text = text.replace(" \n", "\n").replace("\n ", "\n").strip()
    text = _WRAPPED_NEWLINE_RE.sub(" ", text)
    return "\n\n".join(filter(None, text.split("\n")))


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


# =========================================================================== cleaning: wire and publisher tags

#: Press-release wires that sign datelines in the shared corpora (the press-release
#: archive card) and the common US wires; their names are unambiguous anywhere.
_WIRE_NAMES = (
    r"24-7\s?Press\s?Release", r"News\s?Direct", r"Newsworthy\.ai", r"New\s?Media\s?Wire",
    r"Business\s?Wire", r"Globe\s?Newswire", r"Noticias\s?Newswire", r"PRISM\s?Media\s?Wire",
    r"PR\s?Karma", r"Media\s?OutReach\s?Newswire", r"KeyCrew", r"NewsUSA",
    r"InvestorBrandNetwork", r"PR\s?Newswire", r"Accesswire", r"EIN\s?Presswire", r"Newsfile",
    r"Marketwired", r"PRWeb", r"Send2Press",
)
#: News outlets that sign datelines ("(Reuters) -", "(AP) -") and one wire whose
#: name is an ordinary word; "(AP)" can also be "Advanced Placement", so these
#: count only in the head of an article.
_OUTLET_NAMES = (
    r"Reuters(?:\s?Health)?", r"Associated\s?Press", r"AP", r"AFP", r"UPI", r"CNN",
    r"HealthDay(?:\s?News)?", r"BBC(?:\s?News)?", r"Reportable",
)
_WIRE = "(?:" + "|".join(_WIRE_NAMES + _OUTLET_NAMES) + ")"
_WIRE_ONLY = "(?:" + "|".join(_WIRE_NAMES) + ")"
_TRAILING_SEP = r"(?:\s*-{1,2}(?=\s))?"
_WIRE_TAG_RES = (
    # "(BUSINESS WIRE)", "(Reuters) -", "( NewMediaWire ) -", "(Press Release Service - ...)"
    ("(", re.compile(rf"\(\s*(?:{_WIRE}|[^()\n]{{0,40}}Press Release[^()\n]{{0,40}})\s*\){_TRAILING_SEP}", re.I)),
    # "/24-7PressRelease/ --", "/ PR Karma /", "/ Some Company Name /"
    (" /", re.compile(
        rf"(?<=\s)/\s?[^/\n\d][^/\n]{{0,60}}?\s?/(?=\s){_TRAILING_SEP}|/\s?{_WIRE}\s?/{_TRAILING_SEP}", re.I
    )),
    # "--News Direct--", "- PRISM MediaWire -"
    ("-", re.compile(rf"-(?<=\s-)-?\s*{_WIRE}(?:\s*-{{1,2}}(?=\s)|(?=\s))", re.I)),
)
# Lower-case fragments of the names above: a cheap test before the tag patterns.
_WIRE_HINTS = (
    "24-7", "direct", "newsworthy", "wire", "karma", "keycrew", "newsusa", "investorbrand", "newsfile", "prweb",
    "send2press", "reuters", "press", "(ap", "ap)", "afp", "upi", "cnn", "healthday", "bbc", "reportable",
)
# Parenthesised wire names anywhere in the text ("... (NEWMEDIAWIRE) - ..." after a list of highlights).
_WIRE_ANYWHERE_RE = re.compile(rf"\(\s*{_WIRE_ONLY}\s*\){_TRAILING_SEP}", re.I)
_HEAD_CHARS = 600
_LEADING_SEPARATORS_RE = re.compile(r"^(?:\s*-(?=\s))+\s*")


def strip_wire_tags(text: str) -> str:
    """Remove wire and publisher tags from the head of an article.

    "/24-7PressRelease/ --", "--News Direct--", "(Newsworthy.ai)", "(BUSINESS
    WIRE)", "(Reuters) -", "(AP) -" and "/ Company name /" say who published
    the text, which is the label itself. The tag becomes a " - " so the dateline
    around it stays one piece for :func:`strip_dateline`. The first 600
    characters are searched for every tag (the card's ``wire_tag_spans`` cover
    400; a subtitle can push the dateline further); the rest of the text only
    for parenthesised wire names, since "(AP)" may be "Advanced Placement".

    Examples
    --------
    >>> strip_wire_tags("DENVER (Acme Wire) -- x")  # not a known wire: kept
    'DENVER (Acme Wire) -- x'
    >>> strip_wire_tags("DENVER, May 2 (Reuters) - Ore prices fell")
    'DENVER, May 2 - Ore prices fell'
    """
    head, tail = text[:_HEAD_CHARS], text[_HEAD_CHARS:]
    lowered = head.lower()
    named = any(name in lowered for name in _WIRE_HINTS)
    for mark, pattern in _WIRE_TAG_RES:
        if (named or mark == " /") and mark in head:
            head = pattern.sub(" - ", head)
    head = _SPACES_RE.sub(" ", head)
    while " - - " in head:
        head = head.replace(" - - ", " - ")
    text = _LEADING_SEPARATORS_RE.sub("", head) + tail
    if "(" in tail and any(name in tail for name in ("ire", "IRE", "ewsworthy", "ress", "RESS", "Direct")):
        text = _WIRE_ANYWHERE_RE.sub(" - ", text)
    return text


_MONTH = r"(?i:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?)"
_DATELINE_TOKEN_RE = re.compile(
    rf"""^(?:
        \([A-Z][\w.'&]*\),? | [A-Z][\w.'&]*,?      # Place, Calif., D.C., WASHINGTON, (WASHINGTON)
      | [\[(]?{_MONTH},?\]?                        # month, any case
      | [\[(]?\d{{1,4}}(?:st|nd|rd|th)?[,\]).]*     # day, year
      | \d{{1,2}}[:.]\d{{2}}                         # time
      | \d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}           # 10.19.17
      | [A-Z]\w+/[A-Z][\w/]*                         # America/New_York
      | [ap]\.?m\.?|@|,|of|de|la|del|on|the
    )$""",
    re.X,
)
# The first separator after a dateline segment: " - ", ".- ", ": ", " / " or a dash ending the paragraph.
_DATELINE_SEPARATOR_RE = re.compile(r"\s+-\s+|(?<=\.)-\s+|\s*-\s*$|:\s+|\s+/\s+")
_DATE_WORD_RE = re.compile(rf"{_MONTH}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}")
_RUN_IN_DATELINE_RE = re.compile(
    r"(?<=[a-z0-9.!?\"')] )(?:(?:Washington|WASHINGTON),? D\.?C\.?\s*-\s+"
    r"|[A-Z]{4,}(?: [A-Z]{2,})*(?:, (?:[A-Z][A-Za-z.]{1,5}|[A-Z]\.[A-Z]\.))?\s+-\s+"
    r"|\([A-Z]{4,}(?: [A-Z]{2,})*(?:, [A-Z][A-Za-z.]{1,5})?\)\s+(?=[A-Z]))"
)
# Capitalised sentence openers that never start a dateline ("The Fed's committee - ...").
_NOT_DATELINE_STARTS = frozenset(
    "The A An This That These Those It He She We They I You Our His Her Its Their In On At For But And "
    "Mr. Mrs. Ms. Dr.".split()
)
_DATELINE_PARAGRAPHS = 8  # a subtitle, a list of highlights or a byline can come first
_LEADING_NUMERIC_DATE_RE = re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}\s+")


def _is_dateline(segment: str, *, need_comma: bool = False) -> bool:
    """A short run of place names, dates and times with a comma, a month, a numeric date or an all-caps place."""
    if len(segment) > 90:
        return False
    tokens = segment.split()
    if not tokens or len(tokens) > 12:
        return False
    if tokens[0] in _NOT_DATELINE_STARTS or not all(_DATELINE_TOKEN_RE.match(token) for token in tokens):
        return False
    if need_comma:
        return "," in segment
    all_caps_place = segment.isupper() and sum(char.isalpha() for char in segment) >= 4
    return "," in segment or all_caps_place or _DATE_WORD_RE.search(segment) is not None


def _strip_leading_dateline(paragraph: str) -> str:
    rest = _LEADING_SEPARATORS_RE.sub("", paragraph) if paragraph.startswith("-") else paragraph  # was a wire tag
    stripped = False
    for _ in range(4):
        if _is_dateline(rest):
            return ""
        head = rest[:96]
        if " - " not in head and ".- " not in head and ": " not in head and " / " not in head and head[-1:] != "-":
            break
        match = _DATELINE_SEPARATOR_RE.search(head, 1) if len(rest) > 96 else _DATELINE_SEPARATOR_RE.search(rest, 1)
        if match is None or not _is_dateline(rest[: match.start()], need_comma=match.group().lstrip().startswith(":")):
            break
        rest = rest[match.end():]
        if rest.startswith(("-", " -")):
            rest = _LEADING_SEPARATORS_RE.sub("", rest)
        stripped = True
    return rest if stripped else paragraph


def strip_dateline(text: str) -> str:
    """Remove the dateline ("PLACE, Date -") that opens a release or a wire story.

    Datelines are formatted differently by each wire and outlet ("WASHINGTON,
    D.C. -", "MADISON, Wis. --", "NEW YORK, March 3 -", "Nov. 8, 2011 --") and
    the BBC and Reuters bodies have none, so the dateline style names the
    corpus. The paragraphs up to the first long one (at most eight: a subtitle,
    highlights or a byline can come first) are searched for a leading dateline (up
    to four runs of capitalised place words, dates and times, each ended by a
    dash, colon or slash; a paragraph that is only a dateline goes, and the
    paragraph after it is checked too). When none leads, an all-caps place and
    dash that follows a run-in headline of three or more words within the first
    300 characters ("Acme Wins Award BOSTON - ...") is removed.

    Examples
    --------
    >>> strip_dateline("SPRINGFIELD, Ill., June 3, 2021 - Acme opened a plant.")
    'Acme opened a plant.'
    >>> strip_dateline("Acme Opens Plant PORTVILLE - The firm said on Monday.")
    'Acme Opens Plant The firm said on Monday.'
    >>> strip_dateline("Acme - the firm - said so.")
    'Acme - the firm - said so.'
    """
    text = _LEADING_NUMERIC_DATE_RE.sub("", text).strip() if text[:1].isdigit() else text.strip()
    *head, rest = _PARAGRAPH_BREAK_RE.split(text, maxsplit=_DATELINE_PARAGRAPHS)
    if len(head) < _DATELINE_PARAGRAPHS:
        head, rest = [*head, rest], ""
    stripped = False
    for index, paragraph in enumerate(head):
        cleaned = _strip_leading_dateline(paragraph)
        if cleaned != paragraph:
            head[index] = cleaned
            stripped = True
            if cleaned:  # a dateline paragraph of its own may be followed by the release's own dateline
                break
        elif stripped or len(paragraph) > 300:  # the lead paragraph carries the dateline if there is one
            break
    if not stripped:
        lead = head[0][:300]
        match = _RUN_IN_DATELINE_RE.search(lead) if " - " in lead or ") " in lead else None
        run_in = lead[: match.start()] if match else ""
        if match and len(run_in.split()) >= 3 and ". " not in run_in:
            head[0] = f"{head[0][: match.start()].rstrip()} {head[0][match.end():]}".strip()
    return _join([part for part in (*head, rest) if part and not part.isspace()])


# =========================================================================== cleaning: release furniture

_ABOUT_RE = re.compile(r"\n[ \t]*\n\s*About\s+(?:the\s+|The\s+)?[A-Z]")


def strip_about_section(text: str) -> str:
    """Cut the "About <Company>" boilerplate and everything after it.

    Releases end with a company profile under an "About Acme" heading (often
    followed by contacts and legal text); news never has one, so the heading
    alone gives the genre away without saying anything about the writing.
    The section starts at the first paragraph after the lead that opens with
    "About <Capitalised word>" ("About Acme", "About Acme: ...", "About AcmeAcme
    is ..."); none of the news corpora has such a paragraph, while "About 40
    people" and "About half" do not match.

    Examples
    --------
    >>> strip_about_section("Acme has a product.\\n\\nAbout Acme\\n\\nAcme makes tools.")
    'Acme has a product.'
    >>> strip_about_section("About 40 people came.\\n\\nIt rained.")
    'About 40 people came.\\n\\nIt rained.'
    """
    match = _ABOUT_RE.search(text) if "About" in text else None
    return text[: match.start()].rstrip() if match else text


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
_CONTACT_WORDS = ("ontact", "ONTACT", "nquir", "NQUIR", "edia Advisory", "edia Relations")
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
    lead = paragraph[:150]
    ends = [end for _, end, _ in _contact_spans(lead)]
    if ends:
        return paragraph[max(ends):].lstrip(" ,;:")
    return _CONTACT_NAME_RE.sub("", paragraph, count=1)


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
    has_mark = "#" in text or "- 30 -" in text or "-30-" in text
    marker = _END_MARK_RE.search(text) if has_mark else None
    if marker and text.count(" ", 0, marker.start()) >= 30:
        text = text[: marker.start()].rstrip()
    for placeholder in _EMAIL_PLACEHOLDERS:
        if placeholder in text:
            text = text.replace(placeholder, "the email address")
    has_heading = any(word in text for word in _CONTACT_WORDS)
    has_phone = bool(_phone_spans(text))
    if not has_heading and not has_phone and "@" not in text:
        return text
    kept: list[str] = []
    in_contact_block = False
    for paragraph in _paragraphs(text):
        heading = _CONTACT_HEADING_RE.match(paragraph) if has_heading else None
        if heading and paragraph.count(" ") < 25:
            in_contact_block = True
            continue
        if heading:
            paragraph = _strip_contact_lead(paragraph[heading.end():])
        if has_heading and ("ontact" in paragraph or "ONTACT" in paragraph):
            paragraph = _strip_inline_contacts(paragraph)
        if in_contact_block and paragraph.count(" ") < 25:
            continue
        in_contact_block = False
        spans = _contact_spans(paragraph, phones=has_phone)
        if spans and paragraph.count(" ") < 25:
            continue  # a short paragraph with an email or a phone number is a contact line
        if spans:
            paragraph = _replace_spans(paragraph, spans)
            if "@" in paragraph:  # "jo@a.example@b.example" leaves a second address
                paragraph = _replace_spans(paragraph, _contact_spans(paragraph, phones=False))
        kept.append(paragraph)
    return _join([paragraph for paragraph in kept if paragraph])


_DISTRIBUTION_NOTE_RE = re.compile(
    r"^(?:View (?:the )?(?:source|original) (?:version|release)"
    r"|The post .{1,300} (?:first )?appeared (?:first )?on"
    r"|Distributed by\b|Source:|SOURCE\s+[A-Z]|Originally published|This content was originally published"
    r"|Add .{1,60} as (?:a|your) preferred (?:news )?source"
    r"|This (?:article|release|press release) (?:has been|was) (?:amplified|distributed|published) (?:by|via|on)"
    r"|Hashtag:|Read More\s*>>|Read more:$|To view the full (?:announcement|release)"
    r"|Click (?:the )?image above|Photos? (?:accompanying|courtesy)|(?:Embargoed|EMBARGOED)\b"
    r"|Story continues|Related Links?:?$|This (?:content|article) was originally"
    r"|(?:Blockchain Registration, )?Verification (?:&|and) Enhancement provided by"
    r"|The source URL for this press release"
    r"|See (?:the )?original study|\(Logo: ?\))",
    re.I,
)
_DISTRIBUTION_NOTE_ANYWHERE_RE = re.compile(r"\n\s*(?:" + _DISTRIBUTION_NOTE_RE.pattern[4:], re.I | re.M)
_IMMEDIATE_RELEASE_RE = re.compile(r"(?i)\bfor immediate release[\s:,-]*")


def strip_distribution_notes(text: str) -> str:
    """Drop the wires' distribution notes ("View source version on ...", "Distributed by").

    Each wire appends its own footer ("The post ... appeared first on citybiz",
    "Add PRISM MediaWire as your preferred news source", "This article has
    been amplified by NewsRamp") and many releases open with "FOR IMMEDIATE
    RELEASE"; they name the channel, not the writing.

    Examples
    --------
    >>> strip_distribution_notes("FOR IMMEDIATE RELEASE\\n\\nAcme grew.\\n\\nDistributed by: Wire Co")
    'Acme grew.'
    """
    if "mmediate release" in text or "MMEDIATE RELEASE" in text or "mmediate Release" in text:
        text = _IMMEDIATE_RELEASE_RE.sub("", text)
    if not _DISTRIBUTION_NOTE_RE.match(text.lstrip()) and not _DISTRIBUTION_NOTE_ANYWHERE_RE.search(text):
        return text
    return _join([part for part in _paragraphs(text) if not _DISTRIBUTION_NOTE_RE.match(part.strip())])


_LEGAL_START_RE = re.compile(
    r"\n[ \t]*\n\s*(?:Forward[- ]Looking Statements?|Safe Harbou?r|Cautionary (?:Note|Statement)"
    r"|(?:This|The) (?:press |news )?release (?:contains|may contain|includes) (?:certain )?[\"']?forward[- ]looking"
    r"|Disclaimer\b|Legal Disclaimer|Disclosure:|Please see full terms of use and disclaimers)",
    re.I,
)
_LEGAL_SENTENCE_RE = re.compile(
    r"(?:^|(?<=[.!?]) )(?:The issuer is solely responsible for the content of this announcement\."
    r"|This (?:article|content) (?:is|was) (?:for informational purposes only|not investment advice)[^.]*\.)",
    re.I,
)


def strip_legal_disclaimers(text: str) -> str:
    """Cut forward-looking-statement, safe-harbour and disclaimer sections.

    Investor-relations releases close with pages of securities boilerplate
    ("This press release contains forward-looking statements ...") that no
    news story carries; it is legal furniture, not promotional style.
    The section and everything after it is cut.

    Examples
    --------
    >>> strip_legal_disclaimers("Acme grew.\\n\\nForward-Looking Statements\\n\\nThis may differ.")
    'Acme grew.'
    """
    match = _LEGAL_START_RE.search(text)
    if match:
        text = text[: match.start()].rstrip()
    if "solely responsible" in text or "investment advice" in text or "informational purposes" in text:
        text = _join([_LEGAL_SENTENCE_RE.sub("", part).strip() for part in _paragraphs(text)])
    return text


def strip_kickstarter_header(text: str) -> str:
    """Remove the "Story" section label Kickstarter glues to the first word.

    The scraped pitches start "StoryThe idea ..."; the label is page furniture
    of one platform.

    Examples
    --------
    >>> strip_kickstarter_header("StoryWe build boats.")
    'We build boats.'
    >>> strip_kickstarter_header("Story We build boats.")
    'We build boats.'
    >>> strip_kickstarter_header("Storytelling is old.")
    'Storytelling is old.'
    """
    return re.sub(r"^\s*Story\s*(?=[A-Z\"'“‘])", "", text)


def strip_leading_title(text: str, title: str) -> str:
    """Remove the title when the body repeats it as its first line.

    Some scrapes start the body with the headline and others do not; the
    title lives in its own column, so the body should never start with it.

    Examples
    --------
    >>> strip_leading_title("Acme wins prize\\n\\nAcme won.", "Acme Wins Prize")
    'Acme won.'
    """
    title = " ".join(title.split())
    if len(title) < 8:
        return text
    head = " ".join(text[: len(title) + 40].split())
    if not head.lower().startswith(title.lower()):
        return text
    words = len(title.split())
    match = re.match(r"\s*" + r"\s+".join(r"\S+" for _ in range(words)) + r"\s*", text)
    return text[match.end():] if match else text


#: Lines of page furniture left by the scrapers of the news corpora (FakeHealth
#: HealthStory, SemEval-2019 hyperpartisan) and a few release sites; compared
#: in lower case with the whole paragraph.
_FURNITURE_LINES = frozenset({
    "ad", "advertisement", "sponsored", "photo", "image", "video", "play", "play video", "watch", "listen",
    "share", "follow us", "read more", "read more:", "related", "related:", "see also:", "more information",
    "en español", "español", "story highlights", "getty images", "corrections & amplifications",
    "corrections & amplifications:", "online:", "privacy - terms", "protected by recaptcha",
    "recaptcha requires verification.", "permission details dmca", "modal trigger", "prev next",
    "view the slideshow", "opinion", "more in science",
})
_FURNITURE_RE = re.compile(
    r"By [A-Z][\w.'-]*(?:,? (?:and )?[A-Z][\w.'-]*){0,5}"           # byline
    r"|(?:[A-Z][\w.'-]* ){0,3}(?:Reporter|Correspondent|Staff Writer|Contributor|Contributing Writer)"
    r"|Special (?:for|to) (?:the )?[A-Z][\w ]{1,30}"
    r"|.{0,60}(?:Getty Images|/AP|/Reuters|/AFP)"                     # photo credit
    r"|toggle caption .{0,80}|\d+ Comments?|(?:Loaded|Progress): \d+%|Remaining Time .{0,10}"
)


#: Scraper debris inside the congressional releases (share buttons, template markers).
_INLINE_FURNITURE_RE = re.compile(r"share: f t\b ?|startwidainctext ?| end text$")


# A photo caption: a paragraph that ends with its credit, "... (AP Photo/Jo Doe)".
_PHOTO_CAPTION_RE = re.compile(r"\([^()]{0,40}\bPhoto(?:/| by |: )[^()]{0,60}\)$")
_SHORT_PARAGRAPH_RE = re.compile(r"\n[ \t]*\n[^\n]{0,100}(?:\n|\Z)")


def _has_short_paragraph(text: str) -> bool:
    first_break = text.find("\n")
    first_length = len(text) if first_break < 0 else first_break
    return first_length <= 100 or _SHORT_PARAGRAPH_RE.search(text) is not None


def _is_furniture(paragraph: str) -> bool:
    if paragraph.endswith(")") and _PHOTO_CAPTION_RE.search(paragraph):
        return True
    if len(paragraph) > 100:
        return False
    return paragraph.lower() in _FURNITURE_LINES or _FURNITURE_RE.fullmatch(paragraph) is not None


def strip_page_furniture(text: str) -> str:
    r"""Drop scraper debris: bylines, photo credits and one-line page labels.

    The news scrapes keep lines such as "Advertisement", "Photo", "HealthDay
    Reporter", "By Jo Doe" and "Getty Images"; they name the outlet or the
    scraper, not the writing. Only whole paragraphs are dropped: short ones
    that are such labels, and photo captions ending "(AP Photo/Jo Doe)".

    Examples
    --------
    >>> strip_page_furniture("By Jo Doe\n\nAdvertisement\n\nThe council met.\n\nA Daily Bugle Reporter")
    'The council met.'
    """
    if "share: f t" in text or "startwida" in text or "end text" in text:
        text = _INLINE_FURNITURE_RE.sub("", text)
    if not _has_short_paragraph(text):
        return text
    return _join([part for part in _paragraphs(text) if not _is_furniture(part.strip())])


# =========================================================================== cleaning: Reuters 1987

_SIGNOFF_RE = re.compile(r"(?m)R(?<![\w-]R)(?:EUTERS?|euter)\d*[ \t.]*$")


def strip_reuter_signoff(text: str) -> str:
    """Remove the "REUTER" / "Reuter" sign-off that ends Reuters-21578 stories.

    The sign-off names the publisher, i.e. the label.

    Examples
    --------
    >>> strip_reuter_signoff("Sales rose.\\n\\nTrade was thin.  REUTER")
    'Sales rose.\\n\\nTrade was thin.'
    """
    if "EUTER" not in text and "euter" not in text:
        return text.strip()
    return _SIGNOFF_RE.sub("", text).strip()


def strip_ticker_brackets(text: str) -> str:
    """Drop Reuters' angle-bracketed tickers ("Acme Corp <ACME>") and unwrap bracketed names.

    1987 Reuters marks company tickers as "<ACME>" and unlisted companies as
    "<Acme Holdings Ltd>"; nothing else writes that way.

    Examples
    --------
    >>> strip_ticker_brackets("Acme Corp <ACME.N> bought <Widget Works Inc>.")
    'Acme Corp bought Widget Works Inc.'
    """
    if "<" not in text:
        return text
    text = re.sub(r"\s*<[A-Z0-9.&/-]{1,10}[>)]", "", text)
    return re.sub(r"<([^<>\n]{1,80})>", r"\1", text)


#: Reuters-21578 house abbreviations (card: "dlrs", "mln", "pct"; the rest
#: from the 1987 earnings briefs: "Shr 40 cts vs 10 cts", "Revs", "Qtly div").
_REUTERS_ABBREVIATIONS = {
    "dlrs": "dollars", "dlr": "dollar", "mln": "million", "bln": "billion", "pct": "percent",
    "cts": "cents", "ct": "cent", "shr": "share", "shrs": "shares", "qtr": "quarter",
    "qtly": "quarterly", "mths": "months", "mth": "month", "revs": "revenues", "avg": "average",
    "oper": "operating", "div": "dividend", "yr": "year", "yrs": "years",
}
# One literal-first pattern per spelling ("mln", "Mln", "MLN"), tried only
# when the spelling occurs: far faster than one case-insensitive "\b(...)\b".
_ABBREVIATION_RES = tuple(
    (variant, full_variant, re.compile(rf"{variant}(?<![A-Za-z]{variant})(?![A-Za-z])"))
    for short, full in _REUTERS_ABBREVIATIONS.items()
    for variant, full_variant in ((short, full), (short.capitalize(), full.capitalize()), (short.upper(), full.upper()))
)


def expand_reuters_abbreviations(text: str) -> str:
    """Spell out 1987 Reuters abbreviations: "dlrs" -> "dollars", "mln" -> "million", ...

    "5 mln dlrs" and "3 pct" are Reuters house style of the 1980s; no other
    corpus writes them, so they would name the corpus.

    Examples
    --------
    >>> expand_reuters_abbreviations("Shr 40 cts vs 10 cts, up 3 PCT")
    'Share 40 cents vs 10 cents, up 3 PERCENT'
    """
    for variant, full, pattern in _ABBREVIATION_RES:
        if variant in text:
            text = pattern.sub(full, text)
    return text


def _mostly_upper(line: str) -> bool:
    upper = sum(char.isupper() for char in line)
    lower = sum(char.islower() for char in line)
    return upper >= 3 and lower * 5 <= upper


def sentence_case_headline(line: str) -> str:
    """Return an all-capitals headline in sentence case; other strings unchanged.

    Reuters-21578 headlines are (nearly) all capitals ("ACME <ACM> SEES HIGHER
    PROFIT", "ACME TO KEEP up OUTPUT"); other corpora use title or sentence
    case. A line counts when at most one letter in six is lower case. Words
    with digits or inner dots ("U.S.", "4TH") keep their case; proper names
    are lowered too (a known loss).

    Examples
    --------
    >>> sentence_case_headline("ACME SEES U.S. PROFIT UP IN 4TH QTR")
    'Acme sees U.S. profit up in 4TH qtr'
    >>> sentence_case_headline("Acme sees profit")
    'Acme sees profit'
    """
    if not line.isupper() and (len(line) > 200 or not _mostly_upper(line)):
        return line
    if sum(char.isalpha() for char in line) < 3:
        return line
    words = [
        word if any(char.isdigit() for char in word) or "." in word.strip(".,;:") else word.lower()
        for word in line.split(" ")
    ]
    cased = " ".join(words)
    first = next((i for i, char in enumerate(cased) if char.isalpha()), None)
    return cased if first is None else cased[:first] + cased[first].upper() + cased[first + 1:]


def sentence_case_headlines(text: str) -> str:
    """Put every all-capitals paragraph of a text in sentence case.

    Reuters stories sometimes carry an upper-case headline or table heading
    inside the body; see :func:`sentence_case_headline`.

    Examples
    --------
    >>> sentence_case_headlines("ACME TO BUY WIDGET\\n\\nAcme said so.")
    'Acme to buy widget\\n\\nAcme said so.'
    """
    return _join([sentence_case_headline(part) if part.isupper() else part for part in _paragraphs(text)])


# =========================================================================== cleaning: the pipeline

#: Every cleaning step by name, in the order :func:`clean_text` applies them.
#: ``mask_wire_tag_spans`` and ``strip_leading_title`` read the record
#: (the card's spans, the title); the others are pure ``str -> str``.
CLEANING_STEPS: dict[str, Callable[[str], str] | None] = {
    "mask_wire_tag_spans": None,
    "fix_mojibake": fix_mojibake,
    "unescape_html": unescape_html,
    "strip_markdown": strip_markdown,
    "strip_urls": strip_urls,
    "normalise_punctuation": normalise_punctuation,
    "normalise_whitespace": normalise_whitespace,
    "strip_leading_title": None,
    "strip_page_furniture": strip_page_furniture,
    "strip_kickstarter_header": strip_kickstarter_header,
    "strip_reuter_signoff": strip_reuter_signoff,
    "strip_ticker_brackets": strip_ticker_brackets,
    "expand_reuters_abbreviations": expand_reuters_abbreviations,
    "sentence_case_headlines": sentence_case_headlines,
    "strip_distribution_notes": strip_distribution_notes,
    "strip_contact_blocks": strip_contact_blocks,
    "strip_legal_disclaimers": strip_legal_disclaimers,
    "strip_about_section": strip_about_section,
    "strip_wire_tags": strip_wire_tags,
    "strip_dateline": strip_dateline,
}

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
_TITLE_STEPS = ("strip_ticker_brackets", "expand_reuters_abbreviations")


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
    unknown = sorted(set(steps) - set(CLEANING_STEPS))
    if unknown:
        raise InputError("clean_text", f"unknown cleaning step(s) {unknown}; known: {sorted(CLEANING_STEPS)}")
    wanted = set(steps) | set(ALWAYS_STEPS)
    for name, step in CLEANING_STEPS.items():
        if name not in wanted:
            continue
        if name == "mask_wire_tag_spans":
            text = mask_spans(text, wire_tag_spans)
        elif name == "strip_leading_title":
            text = strip_leading_title(text, _clean_title(title))
        else:
            text = step(text)
    return _collapse_layout(text)  # steps only ever add plain spaces and newlines


def _clean_title(title: str, steps: Sequence[str] = ()) -> str:
    title = normalise_punctuation(unescape_html(fix_mojibake(title)))
    for name in _TITLE_STEPS:
        if name in steps:
            title = CLEANING_STEPS[name](title)
    return sentence_case_headline(" ".join(title.split()))


# =========================================================================== locations

def corpora_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds the shared corpora.

    Parameters
    ----------
    path : path-like, optional
        Explicit folder; wins over everything else.

    Returns
    -------
    pathlib.Path
        ``path``, else ``$HYPEDETECT_CORPORA``, else ``../shared/corpora``
        relative to the current working directory; made absolute. The folder
        need not exist (loaders raise :class:`CorpusNotFoundError`).

    Examples
    --------
    >>> corpora_dir("/data/corpora").as_posix()
    '/data/corpora'
    """
    if path is None:
        path = os.environ.get(ENV_VAR) or Path("..") / "shared" / "corpora"
    return Path(path).expanduser().resolve()


def manifest_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder of corpus manifests (the repository's ``corpora/manifests``).

    Parameters
    ----------
    path : path-like, optional
        Another folder of ``<corpus>.toml`` manifests.

    Returns
    -------
    pathlib.Path
    """
    if path is not None:
        return Path(path)
    return Path(__file__).resolve().parents[1] / "corpora" / "manifests"


def list_manifests(directory: str | os.PathLike[str] | None = None) -> list[str]:
    """Return the names of all corpus manifests, sorted.

    Parameters
    ----------
    directory : path-like, optional
        Manifest folder; defaults to :func:`manifest_dir`.

    Returns
    -------
    list of str
    """
    return sorted(path.stem for path in manifest_dir(directory).glob("*.toml"))


# =========================================================================== manifests

@dataclass(frozen=True)
class CorpusFile:
    """How to read one data file of a corpus (manifest keys, per-file overrides applied).

    ``label`` is ``"promotional"``, ``"newsy"`` or ``{"field": ..., "values":
    {value: label name}}``; a row whose value is not mapped gets label ``<NA>``.
    ``id_field`` names one field or several (joined with ":"); when empty the
    id is ``<file stem>:<line number>``. ``drop_if`` / ``keep_if`` map a field
    to a value. ``extras`` maps an output column to a record field;
    ``derive`` names computed columns (``sensational``).
    """

    path: str
    format: str
    text_field: str
    source_field: str
    label: str | Mapping[str, Any]
    title_field: str | None = None
    id_field: tuple[str, ...] = ()
    words_field: str | None = None
    min_words: int = 0
    drop_if: Mapping[str, Any] = field(default_factory=dict)
    keep_if: Mapping[str, Any] = field(default_factory=dict)
    extras: Mapping[str, str] = field(default_factory=dict)
    derive: tuple[str, ...] = ()

    def label_of(self, record: Mapping[str, Any]) -> int | None:
        """Return 1, 0 or None (neither promotional nor newsy) for a record."""
        if isinstance(self.label, str):
            return LABELS[self.label]
        name = self.label["values"].get(_key(record.get(self.label["field"])))
        return None if name is None else LABELS[name]


@dataclass(frozen=True)
class Manifest:
    """One corpus manifest: provenance, files and cleaning steps."""

    name: str
    folder: str
    files: tuple[CorpusFile, ...]
    licence: str
    citation: str
    clean: tuple[str, ...]
    training: bool = True
    source_aliases: Mapping[str, str] = field(default_factory=dict)
    description: str = ""


_REQUIRED_KEYS = ("name", "files", "format", "text_field", "label", "source_field", "licence", "citation",
                  "min_words", "clean")
_FILE_KEYS = ("format", "text_field", "title_field", "id_field", "source_field", "words_field", "label",
              "min_words", "drop_if", "keep_if", "extras", "derive")
_TOP_KEYS = set(_REQUIRED_KEYS) | set(_FILE_KEYS) | {"folder", "training", "source_aliases", "description"}


def _key(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _check_label(where: Path, label: Any) -> None:
    if isinstance(label, str):
        if label not in LABELS:
            raise InputError(where, f"label {label!r} is not one of {sorted(LABELS)}")
        return
    if not isinstance(label, dict) or set(label) != {"field", "values"} or not isinstance(label["values"], dict):
        raise InputError(where, "label must be a label name or a table with 'field' and 'values'")
    bad = sorted(set(label["values"].values()) - set(LABELS))
    if bad:
        raise InputError(where, f"label values {bad} are not in {sorted(LABELS)}")


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _corpus_file(where: Path, spec: Mapping[str, Any]) -> CorpusFile:
    if spec["format"] not in _FORMATS:
        raise InputError(where, f"format {spec['format']!r} is not one of {list(_FORMATS)}")
    _check_label(where, spec["label"])
    unknown = sorted(set(spec.get("derive", ())) - set(_DERIVED_COLUMNS))
    if unknown:
        raise InputError(where, f"unknown derived column(s) {unknown}; known: {sorted(_DERIVED_COLUMNS)}")
    return CorpusFile(
        path=spec["path"],
        format=spec["format"],
        text_field=spec["text_field"],
        source_field=spec["source_field"],
        label=spec["label"],
        title_field=spec.get("title_field"),
        id_field=_as_tuple(spec.get("id_field")),
        words_field=spec.get("words_field"),
        min_words=int(spec["min_words"]),
        drop_if=dict(spec.get("drop_if", {})),
        keep_if=dict(spec.get("keep_if", {})),
        extras=dict(spec.get("extras", {})),
        derive=_as_tuple(spec.get("derive")),
    )


def load_manifest(name: str, directory: str | os.PathLike[str] | None = None) -> Manifest:
    """Read and check ``<name>.toml``.

    Parameters
    ----------
    name : str
        Corpus name, e.g. ``"reuters21578"``.
    directory : path-like, optional
        Manifest folder; defaults to :func:`manifest_dir`.

    Returns
    -------
    Manifest

    Raises
    ------
    InputError
        The manifest is missing, not TOML, or breaks the schema described in
        ``corpora/README.md``.
    """
    path = manifest_dir(directory) / f"{name}.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, f"no manifest for corpus {name!r}; known: {list_manifests(directory)}") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(path, f"not valid TOML ({error})") from None
    missing = [key for key in _REQUIRED_KEYS if key not in raw]
    if missing:
        raise InputError(path, f"missing key(s) {missing}")
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise InputError(path, f"unknown key(s) {unknown}")
    if raw["name"] != name:
        raise InputError(path, f"name {raw['name']!r} does not match the file name")
    bad_steps = sorted(set(raw["clean"]) - set(CLEANING_STEPS))
    if bad_steps:
        raise InputError(path, f"unknown cleaning step(s) {bad_steps}")
    defaults = {key: raw[key] for key in _FILE_KEYS if key in raw}
    files = []
    for entry in raw["files"]:
        spec = {**defaults, **({"path": entry} if isinstance(entry, str) else entry)}
        unknown = sorted(set(spec) - set(_FILE_KEYS) - {"path"})
        if unknown:
            raise InputError(path, f"unknown file key(s) {unknown}")
        files.append(_corpus_file(path, spec))
    if not files:
        raise InputError(path, "'files' is empty")
    return Manifest(
        name=name,
        folder=raw.get("folder", name),
        files=tuple(files),
        licence=raw["licence"],
        citation=raw["citation"],
        clean=tuple(raw["clean"]),
        training=bool(raw.get("training", True)),
        source_aliases=dict(raw.get("source_aliases", {})),
        description=raw.get("description", ""),
    )


# =========================================================================== reading

def _hnr_sensational(record: Mapping[str, Any]) -> int | None:
    """1 / 0 / None from the HNR criterion on "unjustifiable, sensational language"."""
    for criterion in record.get("hnr_criteria") or ():
        if "sensational language" in criterion.get("question", ""):
            return {"Not Satisfactory": 1, "Satisfactory": 0}.get(criterion.get("answer"))
    return None


_DERIVED_COLUMNS: dict[str, Callable[[Mapping[str, Any]], Any]] = {"sensational": _hnr_sensational}
_EXTRA_DTYPES = {"sensational": "Int8", "hyperpartisan": "boolean"}


def _require_dir(root: Path) -> Path:
    if not root.is_dir():
        raise _not_found(root)
    return root


def _require_file(path: Path) -> Path:
    if not path.is_file():
        _require_dir(path.parent.parent)
        raise CorpusNotFoundError(path, f"corpus file not found; check {ENV_VAR} and the corpus CARD.md")
    return path


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(_require_file(path), "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _join_sentences(sentences: Sequence[Mapping[str, Any]]) -> str:
    """BASIL-style ``[{para, text}, ...]`` -> paragraphs joined by blank lines."""
    paragraphs: list[list[str]] = []
    previous = object()
    for sentence in sentences:
        if sentence.get("para") != previous:
            paragraphs.append([])
            previous = sentence.get("para")
        paragraphs[-1].append(sentence["text"].strip())
    return _join([" ".join(part) for part in paragraphs])


def _text_of(value: Any) -> str:
    if isinstance(value, list):
        return _join_sentences(value)
    return value or ""


_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu"}
_DOMAIN_RE = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.I)


def _canonical_source(value: Any, aliases: Mapping[str, str]) -> str:
    """Alias, then reduce a domain to its registered part (``online.wsj.com`` -> ``wsj.com``)."""
    source = aliases.get(str(value), str(value)).strip()
    if not _DOMAIN_RE.match(source):
        return source
    labels = source.lower().removeprefix("www.").split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def _matches(record: Mapping[str, Any], conditions: Mapping[str, Any]) -> bool:
    return all(record.get(name) == value for name, value in conditions.items())


def _rows(manifest: Manifest, spec: CorpusFile, root: Path, limit: int | None, clean: bool) -> Iterator[dict]:
    path = root / manifest.folder / spec.path
    stem = spec.path.split(".", 1)[0]
    kept = 0
    for line_no, record in enumerate(_read_jsonl(path), start=1):
        if limit is not None and kept >= limit:
            return
        if spec.drop_if and _matches(record, spec.drop_if):
            continue
        if spec.keep_if and not _matches(record, spec.keep_if):
            continue
        text = _text_of(record.get(spec.text_field))
        words = record.get(spec.words_field) if spec.words_field else None
        if (words if words is not None else len(text.split())) < spec.min_words:
            continue
        title = (record.get(spec.title_field) or "") if spec.title_field else ""
        if clean:
            text = clean_text(text, manifest.clean, title=title, wire_tag_spans=record.get("wire_tag_spans") or ())
            title = _clean_title(title, manifest.clean)
        if not text.strip():
            continue
        ids = [str(record.get(name, "")) for name in spec.id_field]
        row = {
            "id": ":".join(ids) if ids else f"{stem}:{line_no}",
            "text": text,
            "label": spec.label_of(record),
            "title": title,
            "corpus": manifest.name,
        }
        row["source"] = _canonical_source(row["id"] if spec.source_field == "id" else record.get(spec.source_field),
                                          manifest.source_aliases)
        for column, name in spec.extras.items():
            row[column] = record.get(name)
        for column in spec.derive:
            row[column] = _DERIVED_COLUMNS[column](record)
        kept += 1
        yield row


def _frame(rows: list[dict], extra_columns: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*COLUMNS, *extra_columns])
    frame["label"] = frame["label"].astype("Int8")
    for column in ("id", "text", "source", "corpus", "title"):
        frame[column] = frame[column].astype(str)
    for column in extra_columns:
        if column in _EXTRA_DTYPES:
            frame[column] = frame[column].astype(_EXTRA_DTYPES[column])
    return frame


def load_corpus(
    name: str,
    *,
    root: str | os.PathLike[str] | None = None,
    limit: int | None = None,
    clean: bool = True,
) -> pd.DataFrame:
    """Load one article-level corpus as a frame.

    Parameters
    ----------
    name : str
        A manifest name (see :func:`list_manifests`).
    root : path-like, optional
        Folder holding the shared corpora; see :func:`corpora_dir`.
    limit : int, optional
        Keep at most this many rows from each file of the corpus (quick looks, tests).
    clean : bool, default True
        Apply the manifest's cleaning steps (and :data:`ALWAYS_STEPS`);
        ``False`` returns the stored text untouched.

    Returns
    -------
    pandas.DataFrame
        ``id, text, label, source, corpus, title`` and the manifest's extra
        columns. ``label`` is ``Int8``: 1 promotional, 0 newsy, ``<NA>`` neither.
        ``(corpus, id)`` is unique. Rows are filtered by the manifest
        (``drop_if``, ``keep_if``, ``min_words``), rows whose cleaned text is
        empty are dropped, and exact duplicate texts keep their first row.

    Raises
    ------
    CorpusNotFoundError
        The corpora folder or a corpus file is missing.
    """
    manifest = load_manifest(name)
    base = _require_dir(corpora_dir(root))
    rows: list[dict] = []
    for spec in manifest.files:
        rows.extend(_rows(manifest, spec, base, limit, clean))
    extra_columns = list(dict.fromkeys(col for spec in manifest.files for col in (*spec.extras, *spec.derive)))
    frame = _frame(rows, extra_columns)
    return frame.drop_duplicates(subset="text", keep="first").reset_index(drop=True)


def load_corpora(
    names: Sequence[str] | None = None,
    *,
    root: str | os.PathLike[str] | None = None,
    limit: int | None = None,
    clean: bool = True,
) -> pd.DataFrame:
    """Load and concatenate the training corpora (rows with a label only).

    Parameters
    ----------
    names : sequence of str, optional
        Corpora to load; default every manifest with ``training = true``
        (all article-level corpora except BASIL).
    root, limit, clean
        As in :func:`load_corpus`.

    Returns
    -------
    pandas.DataFrame
        The :func:`load_corpus` frames stacked, rows without a label (the
        hyperpartisan SemEval articles) dropped, index reset. Extra columns of
        one corpus are ``<NA>`` for the others.
    """
    if names is None:
        names = [name for name in list_manifests() if load_manifest(name).training]
    frames = [load_corpus(name, root=root, limit=limit, clean=clean) for name in names]
    frame = pd.concat(frames, ignore_index=True)
    return frame[frame["label"].notna()].reset_index(drop=True)


# =========================================================================== evaluation sets

def load_wikiweasel(root: str | os.PathLike[str] | None = None, body_only: bool = True) -> pd.DataFrame:
    """Load the Szeged WikiWeasel hedging sentences.

    Parameters
    ----------
    root : path-like, optional
        Folder holding the shared corpora.
    body_only : bool, default True
        Drop the article-title "sentences" (the card's advice).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sent_id, part, text, label, cues``; ``label`` is 1 for
        uncertain, 0 for certain; ``cues`` is a list of ``{type, start, end,
        text}`` with offsets into ``text``. Split by ``doc_id``.
    """
    path = _require_dir(corpora_dir(root)) / "wikiweasel_hedging" / "szeged_wikiweasel_sentences.jsonl.gz"
    rows = [
        {
            "doc_id": record["doc_id"],
            "sent_id": record["sent_id"],
            "part": record["part"],
            "text": record["text"],
            "label": int(record["label"] == "uncertain"),
            "cues": record["cues"],
        }
        for record in _read_jsonl(path)
        if not body_only or record["part"] != "Title"
    ]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "part", "text", "label", "cues"])


def load_ptc(root: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load the PTC (SemEval-2020 Task 11) articles with their technique spans.

    Returns
    -------
    pandas.DataFrame
        ``article_id, text, spans``; ``spans`` is a list of ``{technique, start,
        end}`` (end exclusive) indexing ``text`` directly. Split by article.
    """
    path = _require_dir(corpora_dir(root)) / "ptc_semeval2020" / "articles_with_spans.jsonl.gz"
    rows = [{"article_id": r["article_id"], "text": r["text"], "spans": r["spans"]} for r in _read_jsonl(path)]
    return pd.DataFrame(rows, columns=["article_id", "text", "spans"])


def load_ptc_sentences(root: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load the PTC sentence view (``sentences.tsv``).

    Returns
    -------
    pandas.DataFrame
        ``article_id, line_no, start, end, text, techniques`` (list of names),
        ``has_loaded_language, has_exaggeration_minimisation,
        has_any_technique`` (0/1). ``line_no`` 0 is the article title;
        ``start``/``end`` index the article text of :func:`load_ptc`.
    """
    path = _require_file(_require_dir(corpora_dir(root)) / "ptc_semeval2020" / "sentences.tsv")
    flags = ("has_loaded_language", "has_exaggeration_minimisation", "has_any_technique")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            {
                "article_id": record["article_id"],
                "line_no": int(record["line_no"]),
                "start": int(record["start"]),
                "end": int(record["end"]),
                "text": record["text"],
                "techniques": [name for name in record["techniques"].split("|") if name],
                **{flag: int(record[flag]) for flag in flags},
            }
            for record in csv.DictReader(handle, delimiter="\t")
        ]
    columns = ["article_id", "line_no", "start", "end", "text", "techniques", *flags]
    return pd.DataFrame(rows, columns=columns)


def load_basil(root: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load the BASIL triplets: 100 events, each told by Fox News, NYT and HuffPost.

    Returns
    -------
    pandas.DataFrame
        ``id`` (``<event>:<source>``; four articles have no uuid), ``uuid``,
        ``event`` (triplet uuid), ``source`` (fox, nyt, hpo), ``date``,
        ``title``, ``text`` (sentences joined, paragraphs split by a blank
        line; not cleaned), ``n_lexical_spans``, ``n_informational_spans``,
        ``n_sentences``, ``relative_stance``.
    """
    path = _require_dir(corpora_dir(root)) / "basil" / "basil_v2_articles.jsonl.gz"
    rows = []
    for record in _read_jsonl(path):
        biases = [span.get("bias") for span in record["spans"]]
        rows.append(
            {
                "id": f"{record['triplet_uuid']}:{record['source']}",
                "uuid": record["uuid"],
                "event": record["triplet_uuid"],
                "source": record["source"],
                "date": record["date"],
                "title": record["title"],
                "text": _join_sentences(record["sentences"]),
                "n_lexical_spans": biases.count("lex"),
                "n_informational_spans": biases.count("inf"),
                "n_sentences": len(record["sentences"]),
                "relative_stance": record["article_annotations"].get("relative_stance"),
            }
        )
    return pd.DataFrame(rows)


def load_fakehealth_hype(root: str | os.PathLike[str] | None = None, *, clean: bool = True) -> pd.DataFrame:
    """Load the FakeHealth press releases that carry the HNR "sensational language" verdict.

    Parameters
    ----------
    root : path-like, optional
        Folder holding the shared corpora.
    clean : bool, default True
        Clean as in :func:`load_corpus` (boilerplate off, wording kept).

    Returns
    -------
    pandas.DataFrame
        The release rows of ``load_corpus("fakehealth_release_vs_story")``
        whose ``sensational`` is 1 (Not Satisfactory) or 0 (Satisfactory).
    """
    frame = load_corpus("fakehealth_release_vs_story", root=root, clean=clean)
    releases = frame[(frame["label"] == 1) & frame["sensational"].notna()]
    return releases.reset_index(drop=True)
