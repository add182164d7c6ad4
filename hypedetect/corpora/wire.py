"""Wire and publisher tags and datelines: who sent the text, and from where.

"(BUSINESS WIRE)", "(Reuters) -" and "MADISON, Wis., May 2 --" name the
publisher or are formatted the way one wire formats them, so they give the
corpus (and the label) away.
"""

from __future__ import annotations

import re

from hypedetect.corpora._layout import PARAGRAPH_BREAK_RE, SPACES_RE, join_paragraphs

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
#: Characters at the head of an article searched for every kind of tag.
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
    head = SPACES_RE.sub(" ", head)
    while " - - " in head:
        head = head.replace(" - - ", " - ")
    text = _LEADING_SEPARATORS_RE.sub("", head) + tail
    if "(" in tail:
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
#: Paragraphs searched for a leading dateline: a subtitle, a list of highlights or a byline can come first.
_DATELINE_PARAGRAPHS = 8
#: A dateline is short: at most this many characters and tokens ("SPRINGFIELD, Ill., June 3, 2021").
_DATELINE_MAX_CHARS = 90
_DATELINE_MAX_TOKENS = 12
#: An all-caps segment needs this many letters to count as a place ("ROME", not "US").
_PLACE_MIN_LETTERS = 4
#: Characters of a paragraph searched for the separator that ends a dateline segment.
_SEPARATOR_WINDOW = 96
#: Dateline segments stripped from one paragraph at most ("PLACE, State - Date - ").
_DATELINE_MAX_SEGMENTS = 4
#: A paragraph this long is the lead: it carries the dateline if there is one, and the search stops there.
_LEAD_MIN_CHARS = 300
#: A run-in headline before an all-caps dateline has at least this many words ("Acme Wins Award BOSTON - ").
_RUN_IN_HEADLINE_MIN_WORDS = 3
_LEADING_NUMERIC_DATE_RE = re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}\s+")


def _is_dateline(segment: str, *, need_comma: bool = False) -> bool:
    """A short run of place names, dates and times with a comma, a month, a numeric date or an all-caps place."""
    if len(segment) > _DATELINE_MAX_CHARS:
        return False
    tokens = segment.split()
    if not tokens or len(tokens) > _DATELINE_MAX_TOKENS:
        return False
    if tokens[0] in _NOT_DATELINE_STARTS or not all(_DATELINE_TOKEN_RE.match(token) for token in tokens):
        return False
    if need_comma:
        return "," in segment
    all_caps_place = segment.isupper() and sum(char.isalpha() for char in segment) >= _PLACE_MIN_LETTERS
    return "," in segment or all_caps_place or _DATE_WORD_RE.search(segment) is not None


def _strip_leading_dateline(paragraph: str) -> str:
    rest = _LEADING_SEPARATORS_RE.sub("", paragraph) if paragraph.startswith("-") else paragraph  # was a wire tag
    stripped = False
    for _ in range(_DATELINE_MAX_SEGMENTS):
        if _is_dateline(rest):
            return ""
        head = rest[:_SEPARATOR_WINDOW]
        if " - " not in head and ".- " not in head and ": " not in head and " / " not in head and head[-1:] != "-":
            break
        match = _DATELINE_SEPARATOR_RE.search(head, 1)  # head is all of rest when rest is short
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
    *head, rest = PARAGRAPH_BREAK_RE.split(text, maxsplit=_DATELINE_PARAGRAPHS)
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
        elif stripped or len(paragraph) > _LEAD_MIN_CHARS:
            break
    if not stripped:
        lead = head[0][:_LEAD_MIN_CHARS]
        match = _RUN_IN_DATELINE_RE.search(lead) if " - " in lead or ") " in lead else None
        run_in = lead[: match.start()] if match else ""
        if match and len(run_in.split()) >= _RUN_IN_HEADLINE_MIN_WORDS and ". " not in run_in:
            head[0] = f"{head[0][: match.start()].rstrip()} {head[0][match.end():]}".strip()
    return join_paragraphs([part for part in (*head, rest) if part and not part.isspace()])


