"""The provenance face: was a text written by the party it promotes, or reported by someone else?

The style n-grams (:mod:`~hypedetect.provenance.style`) and signals
(:mod:`~hypedetect.provenance.signals`) are features of the shipped model's
``provenance`` dimension; :class:`ReleaseClassifier` is the stand-alone classifier
the benchmark measures. The classifier and its explanations are imported on first
use: they read the feature set, which itself reads this package's style model.
"""

from __future__ import annotations

from hypedetect.provenance.distortion import distort, function_words

__all__ = [
    "ReleaseClassifier",
    "ReleaseEvidence",
    "ReleaseExplanation",
    "Representation",
    "distort",
    "explain_release",
    "function_words",
    "represent",
]

_MODEL = frozenset({"ReleaseClassifier", "Representation", "represent"})
_EVIDENCE = frozenset({"ReleaseEvidence", "ReleaseExplanation", "explain_release"})


def __getattr__(name: str):
    if name in _MODEL:
        from hypedetect.provenance import model

        return getattr(model, name)
    if name in _EVIDENCE:
        from hypedetect.provenance import evidence

        return getattr(evidence, name)
    raise AttributeError(f"module 'hypedetect.provenance' has no attribute {name!r}")
