"""Why a text got its ``release_probability``: each contribution with the phrases behind it.

The classifier is linear, so a text's calibrated log-odds split exactly into
one term per n-gram and per interpretable feature plus a base value.
:func:`explain_release` returns those terms, largest first, each with the
character spans of the text that produced it: the places where a distorted
n-gram occurs (mapped back through :class:`~hypedetect.provenance.distortion.DistortedText`),
the spans a provenance signal counted, or the extractor evidence of
:func:`hypedetect.explain` for an extractor feature.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from hypedetect.document import parse
from hypedetect.features import explain
from hypedetect.provenance.distortion import distort
from hypedetect.provenance.model import SIGNAL_PREFIX, ReleaseClassifier, _dense_frame, _normalise_rows
from hypedetect.provenance.signals import signals
from hypedetect.provenance.style import ngram_spans

__all__ = ["ReleaseEvidence", "ReleaseExplanation", "explain_release"]


class ReleaseEvidence(NamedTuple):
    """One term of a text's release log-odds.

    ``feature`` is an n-gram (``w:...`` distorted tokens, ``c:...`` distorted characters) or a feature
    name; ``contribution`` is in calibrated log-odds (positive: towards "written by the promoter");
    ``spans`` are ``(start, end)`` offsets into the text.
    """

    feature: str
    contribution: float
    spans: tuple[tuple[int, int], ...]


class ReleaseExplanation(NamedTuple):
    """``release_probability``, the base log-odds, and every non-zero term, largest first."""

    release_probability: float
    base_log_odds: float
    evidence: tuple[ReleaseEvidence, ...]


def explain_release(model: ReleaseClassifier, text: str, *, features: pd.DataFrame | None = None,
                    top: int | None = 30) -> ReleaseExplanation:
    """Split one text's release log-odds into evidence-backed terms.

    Parameters
    ----------
    model : ReleaseClassifier
        Fitted.
    text : str
    features : DataFrame, optional
        ``extract_features([text])`` when already computed.
    top : int or None, default 30
        Keep the ``top`` largest terms by absolute contribution (None: all).

    Returns
    -------
    ReleaseExplanation
        The terms plus ``base_log_odds`` sum to the logit of ``release_probability``.
    """
    doc = parse(text)
    slope, intercept = model.calibration_
    counts = model._counts([doc])
    row = _normalise_rows(counts)
    distorted = distort(doc)
    terms: list[tuple[str, float]] = [
        (str(model.vocabulary_[j]), float(slope * model.ngram_coef_[j] * value))
        for j, value in zip(row.indices, row.data, strict=True)
    ]
    dense = _dense_frame([doc], features)
    standardised = model._standardised(dense)[0]
    terms += [(str(name), float(slope * coef * value))
              for name, coef, value in zip(model.dense_names_, model.dense_coef_, standardised, strict=True)]
    terms = [term for term in terms if term[1] != 0.0]
    terms.sort(key=lambda term: -abs(term[1]))
    if top is not None:
        terms = terms[:top]
    signal_spans = {SIGNAL_PREFIX + s.name: s.spans for s in signals(doc)}
    extractor_evidence = explain(doc)
    evidence = []
    for name, contribution in terms:
        if name[:2] in ("w:", "c:"):
            spans = ngram_spans(name, distorted)
        elif name in signal_spans:
            spans = signal_spans[name]
        else:
            dimension, _, rest = name.partition("__")
            category = rest.removesuffix("_per_1k")
            spans = tuple((e.start, e.end) for e in extractor_evidence
                          if e.dimension == dimension and e.category == category)
        evidence.append(ReleaseEvidence(name, contribution, spans))
    base = float(slope * model.intercept_ + intercept)
    probability = float(model.release_probability([text], features=features)[0])
    return ReleaseExplanation(probability, base, tuple(evidence))
