"""hypedetect: tell newsy journalism from promotion.

The data flow runs one way: text -> :func:`parse` (a :class:`Document`) ->
:func:`analyse` (one :class:`Analysis` per article) -> the four extractors
(:class:`FeatureSet`) -> :func:`extract_features` (a feature frame) -> model ->
source ranking -> CLI and HTML report. :func:`score_partition` scores a corpus
of any size one partition at a time, locally or on Dask (:mod:`hypedetect.engine`).
"""

from hypedetect.analysis import Analysis, analyse
from hypedetect.document import Block, Document, Span, parse
from hypedetect.extractors.base import Evidence
from hypedetect.extractors.hedging import Hedging
from hypedetect.extractors.promotional import PromotionalLanguage
from hypedetect.extractors.readability import Readability
from hypedetect.extractors.sourcing import Sourcing
from hypedetect.features import DIMENSIONS, FeatureSet, explain, extract_features, feature_union
from hypedetect.model import build_pipeline, score_texts
from hypedetect.persistence import load_model, save_model
from hypedetect.pipeline import partitions, score_partition
from hypedetect.ranking import rank_sources

__version__ = "0.1.0"

__all__ = [
    "DIMENSIONS",
    "Analysis",
    "Block",
    "Document",
    "Evidence",
    "FeatureSet",
    "Hedging",
    "PromotionalLanguage",
    "Readability",
    "Sourcing",
    "Span",
    "analyse",
    "build_pipeline",
    "explain",
    "extract_features",
    "feature_union",
    "load_model",
    "parse",
    "partitions",
    "rank_sources",
    "save_model",
    "score_partition",
    "score_texts",
]
