"""Evidence spans of the learned detectors, and the choice of the strongest non-overlapping ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from hypedetect.provenance.distortion import function_words

__all__ = ["DetectorEvidence", "content_mask", "pick_spans"]


class DetectorEvidence(NamedTuple):
    """One span that pushed a detector's score up.

    Attributes
    ----------
    detector : str
        The detector's name, e.g. ``loaded``.
    category : str
        ``ngram`` (learned weight), ``biased_word`` or ``claim`` etc.
    start, end : int
        Character offsets, end exclusive, into the text the caller passed.
    text : str
        ``text[start:end]``.
    weight : float
        The span's contribution to the decision score (or the sentence probability).
    """

    detector: str
    category: str
    start: int
    end: int
    text: str
    weight: float


def pick_spans(detector: str, text: str, candidates: Sequence[tuple[float, int, int]], starts: Sequence[int],
               ends: Sequence[int], top: int, offset: int = 0) -> list[DetectorEvidence]:
    """Return the strongest positive candidates that do not overlap, at most ``top``.

    Parameters
    ----------
    detector : str
        The detector's name.
    text : str
        The text ``starts``/``ends`` index into after subtracting ``offset``.
    candidates : sequence of (weight, first, end)
        Token ranges (end exclusive) and their weights; ties go to the earlier range.
    starts, ends : sequence of int
        Character offsets of every token.
    top : int
    offset : int

    Returns
    -------
    list of DetectorEvidence
        Category ``ngram``, strongest first.

    Examples
    --------
    >>> [e.text for e in pick_spans("x", "a b c", [(1.0, 0, 2), (2.0, 1, 2), (0.5, 2, 3)], [0, 2, 4], [1, 3, 5], 3)]
    ['b', 'c']
    """
    chosen: list[DetectorEvidence] = []
    taken: set[int] = set()
    for weight, first, end in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if weight <= 0 or len(chosen) >= top:
            break
        if taken.intersection(range(first, end)):
            continue
        taken.update(range(first, end))
        start, stop = starts[first], ends[end - 1]
        chosen.append(DetectorEvidence(detector, "ngram", start, stop, text[start - offset:stop - offset],
                                       round(weight, 4)))
    return chosen


def content_mask(words: Sequence[str]) -> np.ndarray:
    """True for each word outside the closed list of function words.

    Evidence is the words a reader can weigh: a function word ("is", "the") may carry
    weight in the model, but a span made only of function words is never shown as evidence.
    """
    closed = function_words()
    return np.fromiter((word.lower() not in closed for word in words), dtype=bool, count=len(words))
