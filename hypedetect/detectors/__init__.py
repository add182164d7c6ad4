"""Learned, calibrated sentence detectors: loaded wording, clickbait headlines, claim strength.

Each detector is a :class:`LinearNgramDetector` (NumPy arrays only, saved
with skops through :mod:`hypedetect.persistence`); each module pairs a
``train_*`` function (reading the shared corpora) with pure functions of a
parsed document that return article features and the evidence they count.
"""

from hypedetect.detectors.article import DETECTOR_FEATURES, Detectors, analyse, train_detectors
from hypedetect.detectors.claims import claim_evidence, claim_features, train_claims
from hypedetect.detectors.headline import Title, headline_evidence, headline_features, pick_title, train_headline
from hypedetect.detectors.linear import DetectorEvidence, LinearNgramDetector
from hypedetect.detectors.loaded import loaded_evidence, loaded_features, train_loaded
from hypedetect.detectors.vague import find_vague_attributions, vague_attribution_spans

__all__ = [
    "DETECTOR_FEATURES",
    "DetectorEvidence",
    "Detectors",
    "LinearNgramDetector",
    "Title",
    "analyse",
    "claim_evidence",
    "claim_features",
    "find_vague_attributions",
    "headline_evidence",
    "headline_features",
    "loaded_evidence",
    "loaded_features",
    "pick_title",
    "train_claims",
    "train_detectors",
    "train_headline",
    "train_loaded",
    "vague_attribution_spans",
]
