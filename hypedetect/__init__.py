"""hypedetect: tell newsy journalism from promotion.

The data flow runs one way: text -> :func:`parse` (a :class:`Document`) ->
:func:`analyse` (one :class:`Analysis` per article) -> the four extractors
(:class:`FeatureSet`) -> :func:`extract_features` (a feature frame) -> model ->
source ranking -> CLI and HTML report. :func:`score_partition` scores a corpus
of any size one partition at a time, locally or on Dask (:mod:`hypedetect.engine`);
:func:`score_files` and :func:`rank_files` run that over files, resumably, as ``hypedetect score`` does.

The names below are imported from their modules when first used, so that
``import hypedetect`` (and ``hypedetect --version``) loads none of pandas,
scikit-learn, NLTK or the plotting libraries.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: Every public name, by the module that defines it.
_EXPORTS = {
    "hypedetect.analysis": ("Analysis", "analyse"),
    "hypedetect.document": ("Block", "Document", "Span", "parse"),
    "hypedetect.extractors.base": ("Evidence",),
    "hypedetect.extractors.hedging": ("Hedging",),
    "hypedetect.extractors.promotional": ("PromotionalLanguage",),
    "hypedetect.extractors.readability": ("Readability",),
    "hypedetect.extractors.sourcing": ("Sourcing",),
    "hypedetect.features": ("DIMENSIONS", "FeatureSet", "explain", "extract_features", "feature_union"),
    "hypedetect.model": ("build_pipeline", "score_texts"),
    "hypedetect.persistence": ("load_model", "save_model"),
    "hypedetect.scoring": ("partitions", "score_partition"),
    "hypedetect.ranking": ("rank_sources",),
    "hypedetect.runs": ("RunSummary", "rank_files", "score_files"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)

def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'hypedetect' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
