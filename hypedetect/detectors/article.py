"""All detectors of one article at once: features and evidence from one parsed document."""

from __future__ import annotations

import os
from typing import NamedTuple

from hypedetect.detectors.claims import CLAIM_FEATURES, claim_evidence, claim_features, train_claims
from hypedetect.detectors.headline import (
    HEADLINE_FEATURES,
    explain_headline,
    pick_title,
    train_headline,
)
from hypedetect.detectors.linear import DetectorEvidence, LinearNgramDetector
from hypedetect.detectors.loaded import LOADED_FEATURES, document_loaded_evidence, loaded_features, train_loaded
from hypedetect.document import Document

__all__ = ["DETECTOR_FEATURES", "Detectors", "analyse", "train_detectors"]

#: Every article feature :func:`analyse` returns, in order.
DETECTOR_FEATURES = LOADED_FEATURES + HEADLINE_FEATURES + CLAIM_FEATURES


class Detectors(NamedTuple):
    """The fitted detectors a model carries."""

    loaded: LinearNgramDetector
    headline: LinearNgramDetector
    claims: LinearNgramDetector


def train_detectors(root: str | os.PathLike[str] | None = None, *, seed: int = 0) -> Detectors:
    """Train every detector on the shared corpora under ``root`` (deterministic).

    Parameters
    ----------
    root : path-like, optional
        The corpora folder; ``$HYPEDETECT_CORPORA`` or ``../shared/corpora`` by default.
    seed : int

    Returns
    -------
    Detectors
    """
    return Detectors(train_loaded(root, seed=seed), train_headline(root, seed=seed), train_claims(root, seed=seed))


def analyse(detectors: Detectors, doc: Document, *, title: str | None = None
            ) -> tuple[dict[str, float], list[DetectorEvidence]]:
    """Return the detectors' article features and their evidence for one parsed document.

    Parameters
    ----------
    detectors : Detectors
    doc : Document
    title : str, optional
        The metadata title, when the input has one.

    Returns
    -------
    features : dict
        The :data:`DETECTOR_FEATURES`, each computed from the evidence returned beside it
        (and the calibrated sentence probabilities).
    evidence : list of DetectorEvidence
    """
    scored = detectors.loaded.score_document(doc)
    loaded = document_loaded_evidence(detectors.loaded, doc, scored.indices, scored.probabilities,
                                      terms=scored.terms)
    headline_values, headline = explain_headline(detectors.headline, pick_title(doc, title))
    claims = claim_evidence(detectors.claims, doc)
    features = {
        **loaded_features(detectors.loaded, doc, evidence=loaded, scored=(scored.indices, scored.probabilities)),
        **headline_values,
        **claim_features(detectors.claims, doc, evidence=claims, n_sentences=len(scored.indices)),
    }
    return features, loaded + headline + claims
