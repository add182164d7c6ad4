"""Release and page furniture: "About" sections, distribution notes, disclaimers, bylines, labels.

Wires, release sites and news scrapers each leave their own boilerplate
around the article ("View source version on", "Forward-Looking Statements",
"Advertisement", "By Jo Doe"); it names the channel, not the writing.
"""

from __future__ import annotations

import re

from hypedetect.corpora._layout import join_paragraphs, paragraphs

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
    if "for immediate release" in text.lower():
        text = _IMMEDIATE_RELEASE_RE.sub("", text)
    if not _DISTRIBUTION_NOTE_RE.match(text.lstrip()) and not _DISTRIBUTION_NOTE_ANYWHERE_RE.search(text):
        return text
    return join_paragraphs([part for part in paragraphs(text) if not _DISTRIBUTION_NOTE_RE.match(part.strip())])


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
# The phrases (in lower case) every sentence of :data:`_LEGAL_SENTENCE_RE` holds: a cheap test before it.
_LEGAL_SENTENCE_PHRASES = ("solely responsible", "investment advice", "informational purposes")


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
    lowered = text.lower()
    if any(phrase in lowered for phrase in _LEGAL_SENTENCE_PHRASES):
        text = join_paragraphs([_LEGAL_SENTENCE_RE.sub("", part).strip() for part in paragraphs(text)])
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


#: Titles shorter than this ("News", "Update") are too common to be looked for at the start of a body.
_MIN_TITLE_CHARS = 8
#: Characters beyond the title's length read from the body, so that a re-wrapped title still matches.
_TITLE_SLACK_CHARS = 40


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
    if len(title) < _MIN_TITLE_CHARS:
        return text
    head = " ".join(text[: len(title) + _TITLE_SLACK_CHARS].split())
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
_INLINE_FURNITURE_MARKS = ("share: f t", "startwidainctext", " end text")
_INLINE_FURNITURE_RE = re.compile(r"share: f t\b ?|startwidainctext ?| end text$")


# A photo caption: a paragraph that ends with its credit, "... (AP Photo/Jo Doe)".
_PHOTO_CAPTION_RE = re.compile(r"\([^()]{0,40}\bPhoto(?:/| by |: )[^()]{0,60}\)$")
#: Page labels and bylines are short: longer paragraphs are never furniture (photo captions aside).
_FURNITURE_MAX_CHARS = 100
_SHORT_PARAGRAPH_RE = re.compile(rf"\n[ \t]*\n[^\n]{{0,{_FURNITURE_MAX_CHARS}}}(?:\n|\Z)")


def _has_short_paragraph(text: str) -> bool:
    first_break = text.find("\n")
    first_length = len(text) if first_break < 0 else first_break
    return first_length <= _FURNITURE_MAX_CHARS or _SHORT_PARAGRAPH_RE.search(text) is not None


def _is_furniture(paragraph: str) -> bool:
    if paragraph.endswith(")") and _PHOTO_CAPTION_RE.search(paragraph):
        return True
    if len(paragraph) > _FURNITURE_MAX_CHARS:
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
    if any(mark in text for mark in _INLINE_FURNITURE_MARKS):
        text = _INLINE_FURNITURE_RE.sub("", text)
    if not _has_short_paragraph(text):
        return text
    return join_paragraphs([part for part in paragraphs(text) if not _is_furniture(part.strip())])


