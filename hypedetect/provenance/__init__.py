"""The provenance face: was a text written by the party it promotes, or reported by someone else?"""

from hypedetect.provenance.distortion import distort, function_words
from hypedetect.provenance.evidence import ReleaseEvidence, ReleaseExplanation, explain_release
from hypedetect.provenance.model import ReleaseClassifier, Representation, represent

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
