"""Which articles tell the same story, and which passages they share.

A folder of articles often mixes several stories. The report compares like
with like, so it first groups articles into stories (:func:`cluster_stories`)
and then, inside a story, looks for churnalism: long word-for-word passages
that two outlets share, typically copied from the same press release
(:func:`shared_passages`). Two outlets quoting the same statement also share
words, but that is reporting, not copying, so quoted passages are told apart.

Both are pure functions of the texts; the report decides how to show them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from hypedetect.document import parse

__all__ = [
    "QUOTED_RELATION",
    "STORY_MAX_DAYS",
    "STORY_THRESHOLD",
    "Overlap",
    "cluster_stories",
    "looks_like_press_release",
    "shared_passages",
    "story_similarity",
]

#: Two groups of articles join one story when their average similarity exceeds this.
#: Chosen on the shared examples: articles on one story score 0.3-0.4, articles on
#: different stories (even two promotional rewrites with the same boilerplate) below 0.12.
STORY_THRESHOLD = 0.2

#: Dated articles further apart than this many days never tell the same story. Outlets covering
#: one event publish within days of each other (the 100 BASIL events: within 4 days); a week leaves
#: room for weekly outlets, while a follow-up months later on the same topic is another story.
STORY_MAX_DAYS = 7

#: The relation of a passage both articles quote: a common source, not copying.
QUOTED_RELATION = "quote the same source"

#: A passage counts as quoted when at least this share of its words lies inside quotation marks
#: in both articles.
QUOTED_SHARE = 0.8

# A capitalised word that does not open a sentence: mostly names of people,
# places, companies and products, which say more about *which* story an article
# tells than its vocabulary does (promotional rewrites of different stories
# share "revolution" and "future", not "Foxconn").
_NAME_RE = re.compile(r"(?<![.!?:]\s)(?<![.!?:]\s\s)\b[A-Z][\w’'-]*[A-Za-z]")


def _reject_bare_string(texts: Any) -> None:
    if isinstance(texts, str | bytes):
        raise ValueError("Iterable over raw text documents expected, string object received.")


def _names(text: str) -> list[str]:
    names = (match.group().lower() for match in _NAME_RE.finditer(text))
    return [name for name in names if name not in ENGLISH_STOP_WORDS]


def _cosine(texts: list[str], vectorizer: TfidfVectorizer) -> np.ndarray:
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # empty vocabulary: nothing in common to measure
        return np.zeros((len(texts), len(texts)))
    return cosine_similarity(matrix)


def story_similarity(texts: Sequence[str]) -> np.ndarray:
    """Return the pairwise story similarity of ``texts`` (0 = unrelated, 1 = same words).

    The similarity is the mean of two TF-IDF cosine similarities: one over
    content words (English stop words removed, sub-linear term frequency) and
    one over capitalised names that do not open a sentence. Names keep two
    promotional rewrites of different stories apart even though they share a
    vocabulary of hype; content words keep two accounts of one event together
    even when one names fewer people.

    Parameters
    ----------
    texts : sequence of str
        The articles (a bare string is rejected).

    Returns
    -------
    numpy.ndarray of shape (n_texts, n_texts)
        Symmetric, with ones on the diagonal.
    """
    _reject_bare_string(texts)
    texts = [str(text) for text in texts]
    words = _cosine(texts, TfidfVectorizer(stop_words="english", sublinear_tf=True))
    names = _cosine(texts, TfidfVectorizer(analyzer=_names, sublinear_tf=True))
    similarity = (words + names) / 2.0
    np.fill_diagonal(similarity, 1.0)
    return similarity


def cluster_stories(
    texts: Sequence[str],
    *,
    dates: Sequence[Any] | None = None,
    threshold: float = STORY_THRESHOLD,
    max_days: float = STORY_MAX_DAYS,
) -> list[int]:
    """Group articles into stories by TF-IDF similarity and publication date.

    Average-linkage agglomerative clustering over :func:`story_similarity`:
    two groups merge while the mean similarity between their articles is
    above ``threshold``. Average linkage, unlike connected components, does not
    chain unrelated articles together through one article that mentions both.
    Two dated articles more than ``max_days`` apart are kept in different
    stories however alike their words are: the same people and places recur
    in different events (an undated article is compared on its words alone).

    Parameters
    ----------
    texts : sequence of str
        The articles (a bare string is rejected).
    dates : sequence, optional
        One publication date per text (anything :func:`pandas.to_datetime`
        reads; missing or unreadable values allowed).
    threshold : float, default=STORY_THRESHOLD
        Similarity above which groups merge, between 0 and 1.
    max_days : float, default=STORY_MAX_DAYS
        The largest gap, in days, between two dated articles of one story.

    Returns
    -------
    list of int
        One story label per text, numbered 0, 1, ... in order of first appearance.

    Examples
    --------
    >>> texts = [
    ...     "Foxconn will build server racks for OpenAI in Ohio, Foxconn said.",
    ...     "OpenAI and Foxconn agree to build server racks in Ohio.",
    ...     "The Millbrook council voted to close the Elm Street library.",
    ... ]
    >>> cluster_stories(texts)
    [0, 0, 1]
    >>> cluster_stories(texts, dates=["2025-01-10", "2025-04-02", None])
    [0, 1, 2]
    """
    _reject_bare_string(texts)
    texts = list(texts)
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold!r}.")
    if max_days < 0:
        raise ValueError(f"max_days must not be negative, got {max_days!r}.")
    if dates is not None and len(dates) != len(texts):
        raise ValueError(f"Got {len(texts)} texts but {len(dates)} dates.")
    if len(texts) < 2:
        return [0] * len(texts)
    distance = np.clip(1.0 - story_similarity(texts), 0.0, None)
    if dates is not None:
        distance = np.where(_days_apart(_as_dates(dates, len(texts))) > max_days, _APART, distance)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - threshold
    ).fit_predict(distance)
    renumbered: dict[int, int] = {}
    return [renumbered.setdefault(int(label), len(renumbered)) for label in labels]


#: The distance given to two articles that cannot share a story: large enough that no average over
#: a group that contains such a pair stays under any threshold.
_APART = 1e6


def _days_apart(dates: list[Any]) -> np.ndarray:
    """Pairwise gaps in days between dates; NaN (never "too far") where either is missing."""
    stamps = pd.to_datetime(pd.Series(dates, dtype=object), utc=True)
    days = ((stamps - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(days=1)).to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        return np.abs(days[:, None] - days[None, :])


class Overlap(NamedTuple):
    """A passage two articles share word for word.

    Attributes
    ----------
    first, second : str
        The ids of the two articles. When the direction is known, ``second``
        copied from ``first``.
    relation : str
        ``"copied from the press release"``, ``"copied from the earlier article"``,
        ``"shared"`` (direction unknown) or :data:`QUOTED_RELATION` (both articles
        quote these words: a common source, not copying).
    first_start, first_end, second_start, second_end : int
        Character offsets of the passage in each article's text.
    n_words : int
        Length of the passage in words.
    text : str
        The passage as it reads in ``first``.
    """

    first: str
    second: str
    relation: str
    first_start: int
    first_end: int
    second_start: int
    second_end: int
    n_words: int
    text: str


_RELEASE_RE = re.compile(r"release|newswire|business\s*wire|press\s*(?:office|statement|room)", re.IGNORECASE)
_TOKEN_RE = re.compile(r"[a-z0-9]+")


def looks_like_press_release(article_id: object, source: object = None) -> bool:
    """Return True when an article's id or source says it is a press release.

    The id or source must mention a release ("release", "newswire",
    "Business Wire", "press office", ...), or the id must contain the word
    "press" on its own (``press_01.txt``). An outlet named "Associated Press"
    is not a press release, so a bare "press" in a *source* does not count.

    Parameters
    ----------
    article_id : object
        The article id, often a file name.
    source : object, optional
        The outlet name.

    Returns
    -------
    bool

    Examples
    --------
    >>> looks_like_press_release("press_01.txt")
    True
    >>> looks_like_press_release("a1", "Harbor Valley Power press release")
    True
    >>> looks_like_press_release("a2", "Associated Press")
    False
    """
    values = [str(value) for value in (article_id, source) if isinstance(value, str) and value]
    if any(_RELEASE_RE.search(value) for value in values):
        return True
    return isinstance(article_id, str) and "press" in _TOKEN_RE.findall(article_id.lower())


class _Words(NamedTuple):
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    quoted: tuple[bool, ...]  # whether each word lies inside quotation marks


def _words(text: str) -> _Words:
    doc = parse(text)
    quotes = sorted((quote.start, quote.end) for quote in doc.quotes)
    quoted = []
    position = 0
    for start, end in zip(doc.word_starts, doc.word_ends, strict=True):
        while position < len(quotes) and quotes[position][1] <= start:
            position += 1
        quoted.append(position < len(quotes) and quotes[position][0] <= start and end <= quotes[position][1])
    return _Words(doc.words, doc.word_starts, doc.word_ends, tuple(quoted))


def _is_quoted(words: _Words, start: int, n_words: int) -> bool:
    return sum(words.quoted[start : start + n_words]) >= QUOTED_SHARE * n_words


def _shingles(words: tuple[str, ...], size: int) -> dict[tuple[str, ...], list[int]]:
    index: dict[tuple[str, ...], list[int]] = {}
    for position in range(len(words) - size + 1):
        index.setdefault(words[position : position + size], []).append(position)
    return index


def _common_runs(
    a: tuple[str, ...], b: tuple[str, ...], index_a: dict, index_b: dict, size: int
) -> list[tuple[int, int, int]]:
    """Return maximal runs ``(start_a, start_b, n_words)`` of identical words, longest first.

    Every pair of equal shingles is a point on a diagonal; a run is a maximal
    stretch of one diagonal. Runs are then chosen greedily, longest first, so
    that no word of either article belongs to two runs (a sentence repeated in
    one article is matched once).
    """
    matches = {
        (i, j)
        for shingle, positions_a in index_a.items()
        if shingle in index_b
        for i in positions_a
        for j in index_b[shingle]
    }
    runs = []
    for i, j in matches:
        if (i - 1, j - 1) in matches:
            continue
        length = 1
        while (i + length, j + length) in matches:
            length += 1
        runs.append((i, j, length + size - 1))
    runs.sort(key=lambda run: (-run[2], run[0], run[1]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    chosen = []
    for i, j, n_words in runs:
        span_a, span_b = set(range(i, i + n_words)), set(range(j, j + n_words))
        if span_a & used_a or span_b & used_b:
            continue
        used_a |= span_a
        used_b |= span_b
        chosen.append((i, j, n_words))
    return chosen


def _order(i: int, j: int, is_release: list[bool], dates: list[Any]) -> tuple[int, int, str]:
    """Return ``(origin, copy, relation)`` for articles ``i`` and ``j``."""
    if is_release[i] != is_release[j]:
        return (i, j, "copied from the press release") if is_release[i] else (j, i, "copied from the press release")
    date_i, date_j = dates[i], dates[j]
    if not pd.isna(date_i) and not pd.isna(date_j) and date_i != date_j:
        earlier, later = (i, j) if date_i < date_j else (j, i)
        return earlier, later, "copied from the earlier article"
    return i, j, "shared"


def _as_dates(dates: Sequence[Any] | None, n: int) -> list[Any]:
    if dates is None:
        return [pd.NaT] * n
    converted = pd.to_datetime(pd.Series(list(dates), dtype=object), errors="coerce", utc=True, format="mixed")
    return list(converted)


def shared_passages(
    texts: Sequence[str],
    ids: Sequence[str],
    *,
    min_words: int = 8,
    is_release: Sequence[bool] | None = None,
    dates: Sequence[Any] | None = None,
) -> list[Overlap]:
    """Find the passages of at least ``min_words`` identical words two articles share.

    Words are compared case-insensitively, ignoring punctuation and spacing
    (they are :func:`hypedetect.document.parse` word tokens), through shingles:
    every run of ``min_words`` consecutive words. Matching shingles are joined
    into the longest shared passages. A passage both articles quote (at least
    :data:`QUOTED_SHARE` of its words inside quotation marks in each) is
    :data:`QUOTED_RELATION`: two reporters quoting one statement. Otherwise,
    when one article of a pair is a press release and the other is not, the
    other "copied from the press release"; when both have different dates, the
    later one "copied from the earlier article"; else the passage is "shared".

    Parameters
    ----------
    texts : sequence of str
        The articles of one story (a bare string is rejected).
    ids : sequence of str
        One id per text.
    min_words : int, default=8
        The shortest passage worth reporting. Eight words rarely repeat by
        chance outside stock phrases.
    is_release : sequence of bool, optional
        Which texts are press releases; by default :func:`looks_like_press_release`
        of each id.
    dates : sequence, optional
        Publication dates (anything :func:`pandas.to_datetime` reads; missing
        values allowed).

    Returns
    -------
    list of Overlap
        Ordered by pair (in input order), then by position in ``first``.

    Examples
    --------
    >>> release = "Harbor Valley Power will install batteries at two substations this summer, the company said."
    >>> story = "Officials said Harbor Valley Power will install batteries at two substations this summer."
    >>> [(o.first, o.second, o.relation, o.n_words) for o in shared_passages([release, story], ["release", "story"])]
    [('release', 'story', 'copied from the press release', 11)]
    >>> quote = '"We will not stop until every family has power again," {}.'
    >>> found = shared_passages([quote.format("the mayor said"), quote.format("said Ana Ruiz")], ["a", "b"])
    >>> [(o.relation, o.n_words) for o in found]
    [('quote the same source', 10)]
    """
    _reject_bare_string(texts)
    texts, ids = list(texts), [str(article_id) for article_id in ids]
    if len(texts) != len(ids):
        raise ValueError(f"Got {len(texts)} texts but {len(ids)} ids.")
    if min_words < 1:
        raise ValueError(f"min_words must be at least 1, got {min_words!r}.")
    releases = [bool(flag) for flag in is_release] if is_release is not None else [
        looks_like_press_release(article_id) for article_id in ids
    ]
    date_values = _as_dates(dates, len(texts))
    parsed = [_words(text) for text in texts]
    indexes = [_shingles(words.words, min_words) for words in parsed]
    overlaps = []
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            runs = _common_runs(parsed[i].words, parsed[j].words, indexes[i], indexes[j], min_words)
            if not runs:
                continue
            origin, copy, relation = _order(i, j, releases, date_values)
            pair = []
            for start_i, start_j, n_words in runs:
                start_origin, start_copy = (start_i, start_j) if origin == i else (start_j, start_i)
                a, b = parsed[origin], parsed[copy]
                quoted = _is_quoted(a, start_origin, n_words) and _is_quoted(b, start_copy, n_words)
                first_start, first_end = a.starts[start_origin], a.ends[start_origin + n_words - 1]
                second_start, second_end = b.starts[start_copy], b.ends[start_copy + n_words - 1]
                pair.append(
                    Overlap(
                        ids[origin], ids[copy], QUOTED_RELATION if quoted else relation,
                        first_start, first_end, second_start, second_end,
                        n_words, texts[origin][first_start:first_end],
                    )
                )
            overlaps.extend(sorted(pair, key=lambda overlap: overlap.first_start))
    return overlaps
