"""The ``claims`` detector: how strong a sentence's causal claim is (0-3).

Labels follow Yu, Li & Wang (2019) "Detecting Causal Language Use in Science
Findings" (EMNLP): 0 no relationship, 1 correlational ("is associated with"),
2 conditional causal ("may increase"), 3 direct causal ("increases"). A
multi-class :class:`~hypedetect.detectors.linear.LinearNgramDetector` is
trained on their press-release (EurekAlert) and PubMed-conclusion sentences,
with the shipped ``hedges``, ``boosters`` and ``conditionals`` lexicon rates as
features. Article features count the sentences whose most probable strength
is a strong claim, and those stated without any word of the ``hedges`` lexicon.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from hypedetect.detectors.fitting import fit_linear_detector
from hypedetect.detectors.linear import DetectorEvidence, LinearNgramDetector, tokenize
from hypedetect.detectors.sources import LabelledSentence, read_claim_strength
from hypedetect.document import Document

__all__ = [
    "CLAIM_FEATURES",
    "CLAIM_LABELS",
    "CLAIM_LEXICONS",
    "claim_evidence",
    "claim_features",
    "fit_claims",
    "train_claims",
]

#: Yu et al. (2019) claim-strength classes.
CLAIM_LABELS = {0: "no_claim", 1: "correlational", 2: "conditional_causal", 3: "direct_causal"}

#: Classes counted as strong claims: causal language, conditional or direct.
STRONG_CLAIMS = (2, 3)

CLAIM_LEXICONS = ("hedges", "boosters", "conditionals")

#: The article features :func:`claim_features` returns.
CLAIM_FEATURES = ("strong_causal_claim_share", "unhedged_strong_claim_share")


def fit_claims(sentences: Sequence[LabelledSentence], *, c: float = 4.0, seed: int = 0) -> LinearNgramDetector:
    """Fit the claim-strength detector on sentences labelled 0-3.

    Parameters
    ----------
    sentences : sequence of LabelledSentence
    c : float
        Inverse regularisation strength.
    seed : int

    Returns
    -------
    LinearNgramDetector
    """
    return fit_linear_detector([tokenize(s.text)[0] for s in sentences], [s.label for s in sentences],
                               name="claims", groups=[s.group for s in sentences], lexicon_names=CLAIM_LEXICONS,
                               class_weight=None, c=c, seed=seed)


def train_claims(root: str | os.PathLike[str] | None = None, *, seed: int = 0) -> LinearNgramDetector:
    """Train the shipped claim-strength detector on both Yu et al. sets (read from ``root``).

    Parameters
    ----------
    root : path-like, optional
        The corpora folder; ``$HYPEDETECT_CORPORA`` or ``../shared/corpora`` by default.
    seed : int

    Returns
    -------
    LinearNgramDetector
    """
    return fit_claims(read_claim_strength(root, part="eureka") + read_claim_strength(root, part="pubmed"), seed=seed)


def _hedged(matches: Sequence, bounds: Sequence[tuple[int, int]]) -> np.ndarray:
    firsts = np.sort(np.array([m.first for m in matches if m.category == "hedges"], dtype=np.intp))
    ranges = np.asarray(bounds, dtype=np.intp).reshape(-1, 2)
    return np.searchsorted(firsts, ranges[:, 0]) < np.searchsorted(firsts, ranges[:, 1])


def claim_evidence(detector: LinearNgramDetector, doc: Document, *,
                   scored: tuple[list[int], np.ndarray] | None = None,
                   matches: list | None = None) -> list[DetectorEvidence]:
    """Return every strong-claim sentence of ``doc`` as evidence.

    Parameters
    ----------
    detector : LinearNgramDetector
        A fitted ``claims`` detector.
    doc : Document
    scored : tuple, optional
        ``detector.predict_proba_document(doc)`` when the caller has it.
    matches : list of Match, optional
        ``detector.lexicon_matches(doc)`` when the caller has them.

    Returns
    -------
    list of DetectorEvidence
        One span per sentence whose most probable class is in
        :data:`STRONG_CLAIMS`; category ``<class name>`` or
        ``<class name>_unhedged`` when the sentence has no word of the
        ``hedges`` lexicon (one of the detector's lexicons); weight is the
        class probability. Offsets index into ``doc.text``.
    """
    if matches is None:
        matches = detector.lexicon_matches(doc)
    indices, probabilities = scored if scored is not None else detector.predict_proba_document(doc, matches=matches)
    if not indices:
        return []
    classes = np.asarray(detector.classes)[probabilities.argmax(axis=1)]
    hedged = _hedged(matches, [doc.sentence_tokens[i] for i in indices])
    found = []
    for row, index in enumerate(indices):
        label = int(classes[row])
        if label in STRONG_CLAIMS:
            span = doc.sentences[index]
            category = CLAIM_LABELS[label] + ("" if hedged[row] else "_unhedged")
            found.append(DetectorEvidence(detector.name, category, span.start, span.end,
                                          doc.text[span.start:span.end], round(float(probabilities[row].max()), 4)))
    return found


def claim_features(detector: LinearNgramDetector, doc: Document, *,
                   evidence: Sequence[DetectorEvidence] | None = None,
                   n_sentences: int | None = None) -> dict[str, float]:
    """Return the article's claim-strength features, counted from :func:`claim_evidence`.

    Parameters
    ----------
    detector : LinearNgramDetector
    doc : Document
    evidence : sequence of DetectorEvidence, optional
        :func:`claim_evidence` of the same document (computed when absent).
    n_sentences : int, optional
        The number of scored sentences (counted from ``doc`` when absent).

    Returns
    -------
    dict
        ``strong_causal_claim_share``: share of sentences whose most probable
        strength is direct causal; ``unhedged_strong_claim_share``: share of
        sentences with a strong (conditional or direct causal) claim and no hedge.
    """
    if evidence is None:
        evidence = claim_evidence(detector, doc)
    if n_sentences is None:
        n_sentences = sum(s.kind in ("sentence", "heading") for s in doc.sentences)
    if not n_sentences:
        return dict.fromkeys(CLAIM_FEATURES, 0.0)
    direct = sum(e.category.startswith(CLAIM_LABELS[3]) for e in evidence)
    unhedged = sum(e.category.endswith("_unhedged") for e in evidence)
    return {"strong_causal_claim_share": direct / n_sentences, "unhedged_strong_claim_share": unhedged / n_sentences}
