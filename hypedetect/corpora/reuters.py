"""Reuters-21578 (1987) house style: sign-offs, ticker brackets, abbreviations, all-capitals headlines.

No other corpus signs off "REUTER", writes "<ACME>" or "5 mln dlrs", or sets
its headlines in capitals, so each would name the corpus.
"""

from __future__ import annotations

import re

from hypedetect.corpora._layout import join_paragraphs, paragraphs

_SIGNOFF_RE = re.compile(r"(?m)R(?<![\w-]R)(?:EUTERS?|euter)\d*[ \t.]*$")


def strip_reuter_signoff(text: str) -> str:
    """Remove the "REUTER" / "Reuter" sign-off that ends Reuters-21578 stories.

    The sign-off names the publisher, i.e. the label.

    Examples
    --------
    >>> strip_reuter_signoff("Sales rose.\\n\\nTrade was thin.  REUTER")
    'Sales rose.\\n\\nTrade was thin.'
    """
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


#: A headline has at least this many letters and capitals ("A B" is not one).
_HEADLINE_MIN_LETTERS = 3
#: Capitals a headline has for each lower-case letter at least: one letter in six may be lower case.
_HEADLINE_CAPITALS_PER_LOWER = 5
#: Lines longer than this are body text, unless they are all capitals.
_HEADLINE_MAX_CHARS = 200


def _mostly_upper(line: str) -> bool:
    upper = sum(char.isupper() for char in line)
    lower = sum(char.islower() for char in line)
    return upper >= _HEADLINE_MIN_LETTERS and lower * _HEADLINE_CAPITALS_PER_LOWER <= upper


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
    if not line.isupper() and (len(line) > _HEADLINE_MAX_CHARS or not _mostly_upper(line)):
        return line
    if sum(char.isalpha() for char in line) < _HEADLINE_MIN_LETTERS:
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
    return join_paragraphs([sentence_case_headline(part) if part.isupper() else part for part in paragraphs(text)])


