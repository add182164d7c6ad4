"""Reading articles from text, HTML, JSONL, CSV and Parquet files, directories, globs and stdin.

Everything that can go wrong with one article or one row becomes a :class:`Record`
whose ``error`` says why, so no input is ever dropped silently; a CSV or Parquet
file without the text column is one such record, and the next input is still
read. Only a path that does not exist (or a pattern that matches nothing), which
makes the whole run meaningless, raises :class:`~hypedetect.errors.InputError`.

The package is split by what it reads: :mod:`~hypedetect.io.decoding` (bytes to
text), :mod:`~hypedetect.io.html` (pages), :mod:`~hypedetect.io.tables` (JSONL,
CSV, TSV, Parquet), :mod:`~hypedetect.io.paths` (files, folders, globs, stdin),
with :mod:`~hypedetect.io.record` for what they produce and
:mod:`~hypedetect.io.limits` for the limits they share. trafilatura and pyarrow
are imported only when an HTML page or a Parquet file is read.

Setting :data:`MAX_BYTES` or :data:`MAX_TRACKED_IDS` here (``hypedetect.io.MAX_BYTES
= ...``) sets the limit every reader checks; so does replacing ``open``, the
function every input file is opened with.
"""

from __future__ import annotations

import builtins
import os  # noqa: F401 - kept as hypedetect.io.os, where callers have reached os from
import sys
import types

from hypedetect.io import limits
from hypedetect.io.decoding import decode_bytes
from hypedetect.io.html import read_html
from hypedetect.io.paths import iter_inputs, iter_records
from hypedetect.io.record import Record

__all__ = [
    "MAX_BYTES",
    "MAX_TRACKED_IDS",
    "Record",
    "decode_bytes",
    "iter_inputs",
    "iter_records",
    "read_html",
]


def _shared_with_limits(name: str, doc: str) -> property:
    """An attribute of the package that reads and writes the one of :mod:`hypedetect.io.limits`."""

    def get(_package: types.ModuleType) -> object:
        return getattr(limits, name)

    def set_(_package: types.ModuleType, value: object) -> None:
        setattr(limits, name, value)

    return property(get, set_, doc=doc)


def _get_open(_package: types.ModuleType) -> object:
    return vars(limits).get("open", builtins.open)


def _set_open(_package: types.ModuleType, opener: object) -> None:
    limits.open = opener


def _reset_open(_package: types.ModuleType) -> None:
    vars(limits).pop("open", None)


class _Package(types.ModuleType):
    """This package, whose limits and ``open`` live in :mod:`hypedetect.io.limits`, where the readers look."""

    MAX_BYTES = _shared_with_limits("MAX_BYTES", "Largest article, JSONL line, CSV field or Parquet cell, in bytes.")
    MAX_TRACKED_IDS = _shared_with_limits("MAX_TRACKED_IDS", "Distinct ids a run remembers to flag duplicates.")
    open = property(_get_open, _set_open, _reset_open, doc="The function every input file is opened with.")

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), "MAX_BYTES", "MAX_TRACKED_IDS"})


sys.modules[__name__].__class__ = _Package
