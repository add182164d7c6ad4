"""The ``headline`` detector: how clickbait-like an article's title is.

The title is the metadata title when there is one, else the first line of the
text that is neither page furniture (``page_furniture.tsv``, the labels that
open furniture blocks) nor part of a code fence. It is scored by a
:class:`~hypedetect.detectors.linear.LinearNgramDetector` trained on the
Chakraborty et al. (2016) headlines (BuzzFeed, Upworthy... against WikiNews,
NYT, The Guardian, The Hindu), with the shipped ``clickbait`` and
``second_person`` lexicon rates as features.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import NamedTuple

from hypedetect.detectors.fitting import fit_linear_detector
from hypedetect.detectors.linear import DetectorEvidence, LinearNgramDetector, tokenize
from hypedetect.detectors.sources import LabelledSentence, read_clickbait
from hypedetect.document import Document, _marker_kind

__all__ = [
    "HEADLINE_FEATURES",
    "HEADLINE_LEXICONS",
    "Title",
    "explain_headline",
    "fit_headline",
    "headline_evidence",
    "headline_features",
    "pick_title",
    "train_headline",
]

HEADLINE_LEXICONS = ("clickbait", "second_person", "superlatives", "sensational")

#: The article features :func:`headline_features` returns.
HEADLINE_FEATURES = ("headline_clickbait_probability",)

#: A first line longer than this is a paragraph, not a title.
MAX_TITLE_CHARS = 300

#: Quotation marks a scraper may leave before a fence or a label (“```html, "Printed from).
_QUOTES = "\"'“”‘’„«»"
#: A code fence, also when a stray quotation mark opens or closes its line ("“```html", "```”").
_FENCE_LINE = re.compile(rf"^\s*[{_QUOTES}]*\s*(?:`{{3,}}|~{{3,}})")
#: A web address ending a line: "Printed from example.com" is a furniture label with its page's address.
_TRAILING_ADDRESS = re.compile(r"\s+(?:https?://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?)\s*$", re.I)
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|[*_]{1,3})|[*_]{1,3}\s*$")


class Title(NamedTuple):
    """The picked title: its text, and where it sits in the article (``None`` for a metadata title)."""

    text: str
    start: int | None
    source: str


def _lines(text: str):
    start = 0
    for line in text.splitlines(keepends=True):
        yield start, line.rstrip("\r\n")
        start += len(line)


def pick_title(doc: Document, metadata_title: str | None = None) -> Title | None:
    """Return the article's title, or None when it has none.

    Parameters
    ----------
    doc : Document
    metadata_title : str, optional
        A title from the input's metadata; used when it has a word in it.

    Returns
    -------
    Title or None
        ``source`` is ``metadata`` or ``first_line``; a first-line title's
        ``start`` indexes into ``doc.text`` and ``text`` is stripped of
        Markdown heading marks.

    Examples
    --------
    >>> from hypedetect.document import parse
    >>> pick_title(parse("Share this:\\n\\nCouncil approves budget\\n\\nThe council met.")).text
    'Council approves budget'
    """
    if metadata_title and tokenize(metadata_title)[0]:
        return Title(" ".join(metadata_title.split()), None, "metadata")
    in_fence = False
    for start, line in _lines(doc.text):
        if _FENCE_LINE.match(line):
            in_fence = not in_fence
            continue
        # A furniture label line ("Share this:", "Printed from ...") is skipped itself; the
        # list-like lines after it may be the headline, so only code debris is skipped as a block.
        if in_fence or not line.strip() or _marker_kind(line) is not None or _in_code(doc, start):
            continue
        body = _MARKUP.sub("", line.strip()).strip()
        if not tokenize(body)[0] or _is_furniture_line(body):
            continue
        if len(body) > MAX_TITLE_CHARS:
            return None
        # Only leading and trailing marks are removed, so the body is a substring of the line.
        return Title(body, start + line.index(body), "first_line")
    return None


def _is_furniture_line(body: str) -> bool:
    """Whether a line is one-line page furniture: a label of ``page_furniture.tsv`` (as the document's
    blocks recognise them), alone or followed only by a web address, once quotes and markup are off.

    >>> _is_furniture_line("Printed from example.com"), _is_furniture_line("Printed from the archive, he said")
    (True, False)
    """
    label = _TRAILING_ADDRESS.sub("", body.strip(_QUOTES + " "))
    return _marker_kind(_MARKUP.sub("", label).strip()) is not None


def _in_code(doc: Document, offset: int) -> bool:
    return any(block.start <= offset < block.end for block in doc.blocks if block.kind == "code_debris")


def fit_headline(headlines: Sequence[LabelledSentence], *, seed: int = 0) -> LinearNgramDetector:
    """Fit the clickbait detector on labelled headlines (1 clickbait, 0 news).

    Parameters
    ----------
    headlines : sequence of LabelledSentence
    seed : int

    Returns
    -------
    LinearNgramDetector
    """
    return fit_linear_detector([tokenize(h.text)[0] for h in headlines], [h.label for h in headlines],
                               name="headline", lexicon_names=HEADLINE_LEXICONS, seed=seed)


def train_headline(root: str | os.PathLike[str] | None = None, *, seed: int = 0) -> LinearNgramDetector:
    """Train the shipped clickbait detector on ``clickbait_chakraborty`` (read from ``root``).

    Parameters
    ----------
    root : path-like, optional
        The corpora folder; ``$HYPEDETECT_CORPORA`` or ``../shared/corpora`` by default.
    seed : int

    Returns
    -------
    LinearNgramDetector
    """
    return fit_headline(read_clickbait(root), seed=seed)


def headline_evidence(detector: LinearNgramDetector, title: Title | None, *, top: int = 3) -> list[DetectorEvidence]:
    """Return the title's highest-weight n-grams (offsets into the article, or into a metadata title).

    Parameters
    ----------
    detector : LinearNgramDetector
    title : Title or None
    top : int

    Returns
    -------
    list of DetectorEvidence
    """
    if title is None:
        return []
    return detector.evidence(title.text, top=top, offset=title.start or 0)


def explain_headline(detector: LinearNgramDetector, title: Title | None, *, top: int = 3
                     ) -> tuple[dict[str, float], list[DetectorEvidence]]:
    """Return :func:`headline_features` and :func:`headline_evidence` at once (the title scored once).

    Parameters
    ----------
    detector : LinearNgramDetector
    title : Title or None
    top : int

    Returns
    -------
    features : dict
    evidence : list of DetectorEvidence
    """
    if title is None:
        return {"headline_clickbait_probability": 0.0}, []
    probability, evidence = detector.explain_sentence(title.text, top=top, offset=title.start or 0)
    return {"headline_clickbait_probability": probability}, evidence


def headline_features(detector: LinearNgramDetector, title: Title | None) -> dict[str, float]:
    """Return ``headline_clickbait_probability`` (0.0 when there is no title).

    Parameters
    ----------
    detector : LinearNgramDetector
    title : Title or None

    Returns
    -------
    dict
    """
    probability = float(detector.predict_proba([title.text])[0]) if title is not None else 0.0
    return {"headline_clickbait_probability": probability}
