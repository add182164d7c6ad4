"""The parsed document every extractor shares.

``parse(text)`` turns one article into a :class:`Document` once: paragraphs,
sentences, word tokens, direct quotations and flagged *blocks* (viral-phrase
lists, tag lines, comment prompts, page furniture). Every unit keeps character
offsets into the original text, so evidence found later can always be shown in
place. Blocks are flagged, never deleted: an SEO slogan list is itself evidence.

Sentence boundaries follow Punkt (Kiss & Strunk 2006) with the abbreviation and
sentence-starter parameters shipped in ``hypedetect/data/punkt_english.json``.
Rather than run NLTK's tokenizer over every token, only the candidate
boundaries (``.``, ``?``, ``!``, ``…`` before whitespace) are examined, using the
same parameters (:func:`punkt_tokenizer` builds NLTK's tokenizer on them, the
reference the tests compare with; NLTK is not imported otherwise); a line without closing
punctuation (a headline, a list item) is a sentence of its own.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from array import array
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import NamedTuple

import numpy as np

__all__ = [
    "Block",
    "Document",
    "Span",
    "parse",
    "punkt_parameters",
    "punkt_tokenizer",
]

#: Block kinds whose text counts as promotional (share of text in such blocks).
PROMOTIONAL_BLOCK_KINDS = frozenset({"viral_phrases", "tags", "share_prompt"})


class Span(NamedTuple):
    """A half-open character range ``[start, end)`` with a kind label."""

    start: int
    end: int
    kind: str


class Block(NamedTuple):
    """A flagged run of list-like lines, such as a "Viral Phrases:" list.

    ``kind`` is one of ``viral_phrases``, ``tags``, ``share_prompt``,
    ``comment_prompt``, ``source_link``, ``printed_from``, ``related``,
    ``code_debris`` or ``list`` (an unmarked run of bullet lines).
    """

    start: int
    end: int
    kind: str
    marker: str


@dataclass(frozen=True, eq=False)
class Document:
    """One article, parsed once and shared by every extractor.

    Attributes
    ----------
    text : str
        The original text; every offset indexes into it.
    paragraphs, sentences, quotes : tuple of Span
        Sentence kinds are ``sentence``, ``heading`` (a line with no closing
        punctuation) and ``block`` (a line inside a flagged block).
    blocks : tuple of Block
    words : tuple of str
        Lower-cased word tokens (curly apostrophes folded to ``'``); tokens of one
        spelling share one string object.
    word_starts, word_ends : array of int
        Offsets of each word token (``array('q')``: 8 bytes a token).
    """

    text: str
    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]
    quotes: tuple[Span, ...]
    blocks: tuple[Block, ...]
    words: tuple[str, ...]
    word_starts: Sequence[int]
    word_ends: Sequence[int]
    _sentence_starts: tuple[int, ...] = field(repr=False, default=())

    @property
    def n_words(self) -> int:
        """Number of word tokens."""
        return len(self.words)

    def sentence_at(self, offset: int) -> int:
        """Return the index of the sentence containing ``offset`` (or the nearest before it)."""
        return max(bisect.bisect_right(self._sentence_starts, offset) - 1, 0)

    def words_between(self, start: int, end: int) -> int:
        """Return how many word tokens start inside ``[start, end)``."""
        return bisect.bisect_left(self.word_starts, end) - bisect.bisect_left(self.word_starts, start)

    @functools.cached_property
    def vocabulary(self) -> tuple[str, ...]:
        """The distinct word tokens, in order of first occurrence."""
        return tuple(dict.fromkeys(self.words))

    @functools.cached_property
    def word_ids(self) -> np.ndarray:
        """The index in :attr:`vocabulary` of every word token (an integer array).

        Per-word properties (syllables, lexicon membership) are then looked up
        once per distinct word and spread over the tokens with array indexing.
        """
        index = dict(zip(self.vocabulary, range(len(self.vocabulary)), strict=True))
        return np.fromiter(map(index.__getitem__, self.words), dtype=np.intp, count=len(self.words))

    def positions_of(self, wanted: Container[str]) -> list[int]:
        """Return the indices of the tokens whose word is in ``wanted``, in text order."""
        selected = np.fromiter((word in wanted for word in self.vocabulary), dtype=bool, count=len(self.vocabulary))
        return np.flatnonzero(selected[self.word_ids]).tolist()

    @functools.cached_property
    def sentence_tokens(self) -> tuple[tuple[int, int], ...]:
        """The ``(first, end)`` token range of each sentence: the tokens starting inside it."""
        starts = self.word_starts
        return tuple(
            (bisect.bisect_left(starts, sentence.start), bisect.bisect_left(starts, sentence.end))
            for sentence in self.sentences
        )


# --------------------------------------------------------------------------- tokens

# A word: letters/digits joined by inner hyphens, apostrophes or dots ("well-known",
# "don't", "U.S"), and digit groups joined by "," or ":" ("1,000", "3:30").
_WORD_RE = re.compile(r"(\w+(?:[-'’.]\w+|(?<=\d)[,:]\d+)*)")


#: Characters tokenized at a time: the word and gap strings of one slice are transient, so a huge text
#: never holds one Python string per token beyond the shared vocabulary.
_TOKEN_SLICE = 1 << 20


def _tokenize(text: str) -> tuple[tuple[str, ...], array, array]:
    """Return the lower-cased word tokens and their start and end offsets (integer arrays).

    Every token of one spelling is the same string object (the first seen), so
    the token tuple costs one pointer per token whatever the text's length.
    """
    canonical: dict[str, str] = {}
    words: list[str] = []
    starts, ends = array("q"), array("q")
    lowered = text.lower()
    if len(lowered) != len(text):  # rare: lower-casing changed the length ("İ")
        for m in _WORD_RE.finditer(text):
            word = m.group().lower().replace("’", "'")
            words.append(canonical.setdefault(word, word))
            starts.append(m.start())
            ends.append(m.end())
        return tuple(words), starts, ends
    folded = lowered.replace("’", "'")
    del lowered
    base = 0
    while base < len(folded):
        cut = len(folded)
        if cut - base > _TOKEN_SLICE:
            # Cut at white space, which no token contains, so the slices split exactly as the whole would.
            space = max(folded.rfind(" ", base, base + _TOKEN_SLICE), folded.rfind("\n", base, base + _TOKEN_SLICE))
            cut = space if space > base else cut
        # split() alternates gaps and words; running sums of their lengths are the offsets.
        parts = _WORD_RE.split(folded[base:cut])
        pieces = parts[1::2]
        words.extend(map(canonical.setdefault, pieces, pieces))
        offsets = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))) + base
        starts.frombytes(offsets[0:-1:2].tobytes())
        ends.frombytes(offsets[1::2].tobytes())
        base = cut
    return tuple(words), starts, ends


# --------------------------------------------------------------------------- Punkt

class BoundaryParameters(NamedTuple):
    """The Punkt parameters the splitter uses: abbreviation types and frequent sentence starters."""

    abbrev_types: frozenset[str]
    sent_starters: frozenset[str]


@functools.cache
def boundary_parameters() -> BoundaryParameters:
    """Return the shipped Punkt parameters as frozen sets (cached; NLTK is not imported)."""
    raw = json.loads(resources.files("hypedetect.data").joinpath("punkt_english.json").read_text("utf-8"))
    return BoundaryParameters(frozenset(raw["abbrev_types"]), frozenset(raw["sent_starters"]))


def punkt_parameters():
    """Return the shipped parameters as NLTK's :class:`~nltk.tokenize.punkt.PunktParameters`.

    Returns
    -------
    nltk.tokenize.punkt.PunktParameters
        Abbreviation types and frequent sentence starters for English news.
    """
    from nltk.tokenize.punkt import PunktParameters  # imported here: importing NLTK takes seconds

    shipped = boundary_parameters()
    params = PunktParameters()
    params.abbrev_types = set(shipped.abbrev_types)
    params.sent_starters = set(shipped.sent_starters)
    return params


def punkt_tokenizer():
    """Return NLTK's Punkt tokenizer built on the shipped parameters.

    The parser applies the same parameters at candidate boundaries only; this
    tokenizer is the reference it is tested against.
    """
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    return PunktSentenceTokenizer(punkt_parameters())


# Runs of ".", "!", "?" and "…" (which covers "..."), closing marks, then white space. Written as one
# character class so that the regex engine can skip ahead to the next candidate character.
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
_NEXT_WORD_RE = re.compile(r"\s*[\"'“‘«(\[]*([^\s\"'“‘«(\[]*)")
_OPENERS = "\"'“‘«([*"
_TERMINAL = ".!?…:;"
_CLOSERS = "\"'”’»)]"


def _is_abbreviation(token: str, abbrev_types: frozenset[str]) -> bool:
    token = token.lstrip(_OPENERS).lower()
    if not token:
        return False
    if token in abbrev_types:
        return True
    if len(token) == 1 and token.isalpha():  # an initial: "J. Smith"
        return True
    # Dotted forms never listed ("a.k.a", "n.b") behave like abbreviations.
    return "." in token and all(len(part) <= 2 for part in token.split("."))


def _split_paragraph(
    text: str, start: int, end: int, boundaries: list[tuple[int, int]], params: BoundaryParameters
) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence ranges at the candidate ``boundaries`` inside it."""
    last = len(text[start:end].rstrip()) + start  # a boundary here closes the paragraph: no next word
    if all(stop >= last for _, stop in boundaries):
        return [_strip(text, start, end)]  # most paragraphs: one sentence, or a heading
    bounds = []
    sentence_start = start
    for boundary_start, stop in boundaries:
        if stop >= last:
            continue
        following = _NEXT_WORD_RE.match(text, stop, end)
        next_word = following.group(1) if following else ""
        if not next_word:
            continue  # end of paragraph: closed below
        if next_word[0].islower():
            continue  # "approx. five", "Yahoo! said": no boundary before lower case
        if text[boundary_start] == "." and not text.startswith("...", boundary_start):
            word_start = text.rfind(" ", sentence_start, boundary_start) + 1 or sentence_start
            word_start = max(word_start, sentence_start)
            token = text[word_start:boundary_start]
            if _is_abbreviation(token, params.abbrev_types):
                starter = next_word.strip(_CLOSERS).lower()
                if starter not in params.sent_starters:
                    continue
        bounds.append((sentence_start, stop))
        sentence_start = stop
    bounds.append((sentence_start, end))
    return [stripped for s, e in bounds if (stripped := _strip(text, s, e))[0] < stripped[1]]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Return ``[start, end)`` without its leading and trailing white space."""
    piece = text[start:end]
    body = piece.lstrip()
    start += len(piece) - len(body)
    return start, start + len(body.rstrip())


def _sentences(
    text: str, paragraphs: list[tuple[int, int]], blocks: list[Block], params: BoundaryParameters
) -> list[Span]:
    """Split every paragraph into sentences; a paragraph inside a block is one ``block`` line.

    The candidate boundaries of the whole text are found in one scan and dealt
    out to their paragraphs (a boundary never spans a line break).
    """
    block_starts = [b.start for b in blocks]
    candidates = [match.span() for match in _BOUNDARY_RE.finditer(text)]
    next_candidate = 0
    sentences = []
    for start, end in paragraphs:
        first = next_candidate
        while next_candidate < len(candidates) and candidates[next_candidate][0] < end:
            next_candidate += 1
        if blocks and _inside(Span(start, end, ""), blocks, block_starts):
            sentences.append(Span(*_strip(text, start, end), "block"))
            continue
        pieces = _split_paragraph(text, start, end, candidates[first:next_candidate], params)
        for s, e in pieces:
            closed = text[s:e].rstrip(_CLOSERS)[-1:] in _TERMINAL
            kind = "sentence" if closed or len(pieces) > 1 else "heading"
            sentences.append(Span(s, e, kind))
    return sentences


# --------------------------------------------------------------------------- lines, paragraphs, blocks

_LINE_RE = re.compile(r"[^\r\n]+")
_BULLET_RE = re.compile(r"^\s*(?:[-*•·–—▪►✓]|\d{1,2}[.)])\s+")
_FENCE_RE = re.compile(r"^\s*(?:`{3,}|~{3,}|</?\w+[^>]*>\s*$|[{}\[\]();]+\s*$|(?:var|const|let|function)\b.*[;{]\s*$)")


@functools.cache
def _block_marker_pattern() -> re.Pattern[str]:
    """Compile ``page_furniture.tsv`` (``kind<TAB>label`` lines) into one line-start pattern.

    Each kind is a named group of its labels, longest first. A label counts only
    when it ends the line or is followed by a separator ("Tags: a, b",
    "Also read | ..."), so prose such as "Sources close to the company said"
    never opens a block.
    """
    source = resources.files("hypedetect.data.lexicons").joinpath("page_furniture.tsv").read_text("utf-8")
    labels: dict[str, list[str]] = {}
    for line in source.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, label = line.split("\t", 1)
            labels.setdefault(kind, []).append(r"\s+".join(re.escape(word) for word in label.split()))
    groups = "|".join(
        f"(?P<{kind}>{'|'.join(sorted(alternatives, key=len, reverse=True))})"
        for kind, alternatives in labels.items()
    )
    return re.compile(rf"(?:{groups})\s*(?:[:|»>?–—-]|$)", re.I)


def _marker_kind(line: str) -> tuple[str, str] | None:
    body = _BULLET_RE.sub("", line).strip().lstrip("#*_ ")
    match = _block_marker_pattern().match(body)
    if match is None:
        return None
    return match.lastgroup, match.group().strip()


def _is_list_like(line: str) -> bool:
    stripped = line.strip()
    if _BULLET_RE.match(line) or not stripped.strip(",;·|•-–— "):
        return True
    if stripped.count(",") >= 3 and not stripped.endswith((".", "?", "!")):
        return True  # "OpenAI, Foxconn, AI hardware, ..." tag lists
    return len(stripped.split()) <= 12 and stripped[-1] not in _TERMINAL + _CLOSERS


def _find_blocks(text: str, lines: list[tuple[int, int]]) -> list[Block]:
    """Group marker lines and the list-like lines after them into blocks."""
    blocks = []
    i = 0
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        found = _marker_kind(line)
        if found is None and _FENCE_RE.match(line):
            found = ("code_debris", line.strip()[:20])
        if found is None:
            run = i
            while run < len(lines) and _BULLET_RE.match(text[lines[run][0]:lines[run][1]]):
                run += 1
            if run - i >= 3:
                blocks.append(Block(start, lines[run - 1][1], "list", ""))
                i = run
                continue
            i += 1
            continue
        kind, marker = found
        j = i + 1
        while j < len(lines):
            candidate = text[lines[j][0]:lines[j][1]]
            next_marker = _marker_kind(candidate)
            if next_marker is not None:
                if next_marker[0] != kind:
                    break
                j += 1
                continue
            if kind == "code_debris":
                if not _FENCE_RE.match(candidate):
                    break
            elif not _is_list_like(candidate) and not (
                kind in {"comment_prompt", "share_prompt"} and len(candidate.split()) <= 12
            ):
                break
            j += 1
        blocks.append(Block(start, lines[j - 1][1], kind, marker))
        i = j
    return blocks


def _is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Return True when single newlines wrap sentences (e.g. 1980s wire copy)."""
    long_lines = [text[s:e].rstrip() for s, e in lines if e - s >= 40]
    if len(long_lines) < 3:
        return False
    open_ended = sum(1 for line in long_lines if line[-1] not in _TERMINAL + _CLOSERS)
    return open_ended / len(long_lines) > 0.5


def _paragraphs(text: str, lines: list[tuple[int, int]], wrapped: bool) -> list[tuple[int, int]]:
    if not wrapped:
        return lines
    paragraphs = []
    current = None
    previous_end = 0
    for start, end in lines:
        blank_gap = text.count("\n", previous_end, start) > 1
        indented = text[start] in " \t"
        if current is None or blank_gap or indented:
            if current is not None:
                paragraphs.append(current)
            current = (start, end)
        else:
            current = (current[0], end)
        previous_end = end
    if current is not None:
        paragraphs.append(current)
    return paragraphs


# --------------------------------------------------------------------------- quotes

_QUOTE_MARK_RE = re.compile(r"[\"“”«»‘’']")
_BEFORE_STRAIGHT_OPENER = "([{—–-"


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _quote_role(text: str, pos: int) -> str | None:
    """Classify the quotation mark at ``pos`` as ``double_open``, ``single_close``... or None.

    Curly quotes say which side they are on. A straight double quote opens after a
    space or bracket and before a non-space, and closes after a non-space. Single
    quotes count only at word edges, so the apostrophes of "don't" and "OpenAI's"
    are not quotes (the plural possessive "players' union" reads as a closer,
    which matters only while a single quote is open).
    """
    char = text[pos]
    before = text[pos - 1] if pos else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if char in "“«":
        return "double_open"
    if char in "”»":
        return "double_close"
    if char == '"':
        if (before.isspace() or before in _BEFORE_STRAIGHT_OPENER) and not after.isspace():
            return "double_open"
        return None if before.isspace() else "double_close"
    if char in "‘'" and not _is_word_char(before) and _is_word_char(after):
        return "single_open"
    if char in "’'" and not before.isspace() and not _is_word_char(after):
        return "single_close"
    return None


def _find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Span]:
    """Find direct quotations, including quotes that run over paragraphs.

    News style leaves a multi-paragraph quote open at the end of a paragraph and
    re-opens it at the start of the next; such a quote is one span. A quote still
    open at the end of a paragraph that is not re-opened ends with its paragraph,
    and one that meets a new opening mark ends there. Single quotes count only at
    word edges, so apostrophes are not quotes.
    """
    quotes = []
    open_at, family, last_end = None, "", 0
    for para_start, para_end in paragraphs:
        skip = -1
        if open_at is not None:
            if _quote_role(text, para_start) == f"{family}_open":
                skip = para_start  # re-opened: the quote goes on in this paragraph
            else:
                quotes.append(Span(open_at, last_end, "quote"))
                open_at = None
        for match in _QUOTE_MARK_RE.finditer(text, para_start, para_end):
            pos = match.start()
            role = _quote_role(text, pos) if pos != skip else None
            if role is None:
                continue
            mark_family, side = role.split("_")
            if open_at is None:
                if side == "open" and pos + 1 < para_end:
                    open_at, family = pos, mark_family
            elif mark_family == family:
                if side == "open":  # never closed: end it before the new opening mark
                    quotes.append(Span(*_strip(text, open_at, pos), "quote"))
                    open_at = pos
                else:
                    quotes.append(Span(open_at, pos + 1, "quote"))
                    open_at = None
        last_end = para_end
    if open_at is not None:
        quotes.append(Span(open_at, last_end, "quote"))
    return [q for q in quotes if q.end - q.start > 2]


def _inside(span: Span, blocks: list[Block], block_starts: list[int]) -> bool:
    b = bisect.bisect_right(block_starts, span.start) - 1
    return b >= 0 and blocks[b].start <= span.start and span.end <= blocks[b].end


# --------------------------------------------------------------------------- parse

def parse(text: str) -> Document:
    """Parse one article into a :class:`Document`.

    Parameters
    ----------
    text : str
        The raw article text.

    Returns
    -------
    Document
        Paragraphs, sentences, quotes, blocks and word tokens, all with offsets
        into ``text``.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> doc = parse("U.S. officials said Mr. Smith met Gov. Jones at 3 p.m.")
    >>> len(doc.sentences)
    1
    >>> doc.words[:3]
    ('u.s', 'officials', 'said')
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() expects a str, got {type(text).__name__}")
    params = boundary_parameters()
    lines = [m.span() for m in _LINE_RE.finditer(text) if m.group().strip()]
    blocks = _find_blocks(text, lines)
    wrapped = _is_hard_wrapped(text, lines)
    paragraphs = _paragraphs(text, lines, wrapped)

    sentences = _sentences(text, paragraphs, blocks, params)

    block_starts = [b.start for b in blocks]
    # Quotation marks inside a block are slogans, not quoted sources.
    quotes = [q for q in _find_quotes(text, paragraphs) if not _inside(q, blocks, block_starts)]
    words, starts, ends = _tokenize(text)
    return Document(
        text=text,
        paragraphs=tuple(Span(s, e, "paragraph") for s, e in paragraphs),
        sentences=tuple(sentences),
        quotes=tuple(quotes),
        blocks=tuple(blocks),
        words=words,
        word_starts=starts,
        word_ends=ends,
        _sentence_starts=tuple(s.start for s in sentences),
    )
