"""Scoring a stream of records, one partition at a time.

A *partition* is a small pandas DataFrame of input records (one row each, the
fields of :class:`~hypedetect.io.Record`). :func:`score_partition` turns one
into output rows, in order, one per record: failed records keep their row with
the reason in ``status``. It is a pure function of the partition and the model,
so the local engine and the Dask engine (:mod:`hypedetect.engine`) run exactly
the same code, and a corpus of any size is scored in constant memory by
feeding it partitions from :func:`partitions`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

import numpy as np
import pandas as pd

from hypedetect.document import Document, parse
from hypedetect.features import SUMMARY_FEATURES, LexiconOption, as_feature_set, extract_features, feature_set
from hypedetect.io import Record
from hypedetect.language import language_warning
from hypedetect.model import face_columns, length_warning, score_texts

__all__ = [
    "META_COLUMNS",
    "PARTITION_COLUMNS",
    "SUMMARY_FEATURES",
    "output_columns",
    "partition_fingerprint",
    "partitions",
    "records_frame",
    "score_partition",
]

#: The fields of a record a partition carries to the scorer.
PARTITION_COLUMNS = ("id", "source", "title", "text", "error", "warning")

#: The columns every output row starts with.
META_COLUMNS = ("id", "source", "title", "status")

def records_frame(records: Sequence[Record]) -> pd.DataFrame:
    """Return the partition holding ``records``: one row each, the columns of :data:`PARTITION_COLUMNS`.

    Examples
    --------
    >>> records_frame([Record(id="a", text="Shares rose.", path="a.txt")])["id"].tolist()
    ['a']
    """
    return pd.DataFrame(
        {column: [getattr(record, column) for record in records] for column in PARTITION_COLUMNS},
        columns=list(PARTITION_COLUMNS),
        dtype=object,
    )


def partitions(records: Iterable[Record], size: int) -> Iterator[pd.DataFrame]:
    """Cut a stream of records into partitions of at most ``size`` rows, lazily.

    Examples
    --------
    >>> rows = (Record(id=str(i), text="x", path="p") for i in range(5))
    >>> [len(p) for p in partitions(rows, 2)]
    [2, 2, 1]
    """
    if size < 1:
        raise ValueError(f"partition size must be at least 1, got {size}")
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield records_frame(chunk)


def partition_fingerprint(partition: pd.DataFrame) -> str:
    """Return a short hash of everything a partition feeds the scorer, to tell a changed input on resume.

    Examples
    --------
    >>> one = records_frame([Record(id="a", text="Shares rose.", path="a.txt")])
    >>> two = records_frame([Record(id="a", text="Shares fell.", path="a.txt")])
    >>> partition_fingerprint(one) == partition_fingerprint(two)
    False
    """
    digest = hashlib.sha256()
    for row in partition[list(PARTITION_COLUMNS)].itertuples(index=False):
        for value in row:
            field = "" if value is None or value != value else str(value)
            digest.update(f"{len(field)}:".encode())
            digest.update(field.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def output_columns(model=None, *, lexicons: LexiconOption = None, all_features: bool = False) -> list[str]:
    """Return the columns :func:`score_partition` writes, in order, without scoring anything.

    Parameters
    ----------
    model : Pipeline or None
        The model; ``None`` for features only.
    lexicons : iterable of str or Lexicon, optional
        User lexicons (features only: each adds one ``user_`` column, shown by default).
    all_features : bool
        Every feature column instead of the summary ones (:data:`SUMMARY_FEATURES` and every user lexicon's).

    Examples
    --------
    >>> output_columns()[:5]
    ['id', 'source', 'title', 'status', 'promotional__puffery_per_1k']
    """
    if model is not None:
        features = as_feature_set(model[0])
        head = face_columns(features.dimensions())
    else:
        features = feature_set(lexicons=lexicons)
        head = []
    shown = features.get_feature_names_out().tolist() if all_features else features.summary_features()
    return [*META_COLUMNS, *head, *shown]


def _text_warning(doc: Document, with_model: bool) -> str | None:
    """The language warning, and with a model the short-text warning, of one parsed text."""
    warnings = [language_warning(doc), length_warning(doc.n_words) if with_model else None]
    return "; ".join(w for w in warnings if w) or None


def _parsed(texts: Sequence[str], warnings: list[str | None], with_model: bool) -> Iterator[Document]:
    """Parse each text as the scorer reaches it, noting its warning on the way (one parse per text)."""
    for text in texts:
        doc = parse(text)
        warnings.append(_text_warning(doc, with_model))
        yield doc


def _strings(column: pd.Series) -> list[str | None]:
    """The column's values with missing ones (None or NaN) as None."""
    return [value if isinstance(value, str) and value else None for value in column]


def _status(error: str | None, *warnings: str | None) -> str:
    """``error: ...``, the warnings joined by "; ", or ``ok``."""
    if error:
        return f"error: {error}"
    return "; ".join(w for w in warnings if w) or "ok"


def score_partition(
    partition: pd.DataFrame, model=None, *, lexicons: LexiconOption = None, all_features: bool = False
) -> pd.DataFrame:
    """Score one partition: one output row per input row, in order.

    Parameters
    ----------
    partition : pandas.DataFrame
        Records as made by :func:`records_frame`.
    model : Pipeline or None
        A fitted promotional model; ``None`` writes features only.
    lexicons : iterable of str or Lexicon, optional
        User lexicons, for features only.
    all_features : bool
        Every feature column instead of :data:`SUMMARY_FEATURES`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`output_columns`. A record that could not be read
        keeps its row: ``status`` says ``error: <reason>`` and its scores are
        empty. Warnings (reading, duplicate id, language, short text) are in
        ``status`` too.

    Examples
    --------
    >>> part = records_frame([Record(id="a", text="Officials said rates held.", path="a.txt"),
    ...                       Record(id="b", text="", path="b.txt", error="empty file")])
    >>> score_partition(part)[["id", "status"]].values.tolist()
    [['a', 'ok'], ['b', 'error: empty file']]
    """
    columns = output_columns(model, lexicons=lexicons, all_features=all_features)
    ok = partition["error"].isna().to_numpy()
    texts = partition.loc[ok, "text"].tolist()
    with_model = model is not None
    warnings: list[str | None] = []
    if with_model:
        scored = score_texts(model, _parsed(texts, warnings, with_model))
    else:
        scored = extract_features(_parsed(texts, warnings, with_model), lexicons=lexicons)
    text_warnings = iter(warnings)
    status = [
        _status(error, warning) if not readable else _status(None, warning, next(text_warnings))
        for readable, error, warning in zip(ok, partition["error"], _strings(partition["warning"]), strict=True)
    ]
    score_columns = columns[len(META_COLUMNS) :]
    values = np.full((len(partition), len(score_columns)), np.nan)
    values[ok] = scored[score_columns].to_numpy(dtype=float)
    out = pd.DataFrame(values, columns=score_columns)
    for position, column in enumerate(META_COLUMNS[:3]):
        out.insert(position, column, partition[column].to_numpy(dtype=object))
    out.insert(3, "status", status)
    return out
