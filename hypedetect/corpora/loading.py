"""Reading a corpus by its manifest: filter, clean and label every row, then build one frame.

Everything is streamed with the standard library; pandas only builds the final frame.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from hypedetect.corpora._layout import join_paragraphs
from hypedetect.corpora.cleaning import clean_text, clean_title
from hypedetect.corpora.locations import corpora_dir, list_manifests, require_dir, require_file
from hypedetect.corpora.manifest import DERIVED_COLUMNS, CorpusFile, Manifest, load_manifest

#: Columns every corpus frame starts with, in this order.
COLUMNS = ("id", "text", "label", "source", "corpus", "title")

_EXTRA_DTYPES = {"sensational": "Int8", "hyperpartisan": "boolean"}


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a ``.jsonl`` or ``.jsonl.gz`` corpus file, blank lines skipped."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(require_file(path), "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def join_sentences(sentences: Sequence[Mapping[str, Any]]) -> str:
    """BASIL-style ``[{para, text}, ...]`` -> paragraphs joined by blank lines."""
    paragraphs: list[list[str]] = []
    previous = object()
    for sentence in sentences:
        if sentence.get("para") != previous:
            paragraphs.append([])
            previous = sentence.get("para")
        paragraphs[-1].append(sentence["text"].strip())
    return join_paragraphs([" ".join(part) for part in paragraphs])


def _text_of(value: Any) -> str:
    if isinstance(value, list):
        return join_sentences(value)
    return value or ""


_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu"}
_DOMAIN_RE = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.I)


def _canonical_source(value: Any, aliases: Mapping[str, str]) -> str:
    """Alias, then reduce a domain to its registered part (``online.wsj.com`` -> ``wsj.com``)."""
    source = aliases.get(str(value), str(value)).strip()
    if not _DOMAIN_RE.match(source):
        return source
    labels = source.lower().removeprefix("www.").split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def _matches(record: Mapping[str, Any], conditions: Mapping[str, Any]) -> bool:
    return all(record.get(name) == value for name, value in conditions.items())


def _rows(manifest: Manifest, spec: CorpusFile, root: Path, limit: int | None, clean: bool) -> Iterator[dict]:
    path = root / manifest.folder / spec.path
    stem = spec.path.split(".", 1)[0]
    kept = 0
    for line_no, record in enumerate(read_jsonl(path), start=1):
        if limit is not None and kept >= limit:
            return
        if spec.drop_if and _matches(record, spec.drop_if):
            continue
        if spec.keep_if and not _matches(record, spec.keep_if):
            continue
        text = _text_of(record.get(spec.text_field))
        words = record.get(spec.words_field) if spec.words_field else None
        if (words if words is not None else len(text.split())) < spec.min_words:
            continue
        title = (record.get(spec.title_field) or "") if spec.title_field else ""
        if clean:
            text = clean_text(text, manifest.clean, title=title, wire_tag_spans=record.get("wire_tag_spans") or ())
            title = clean_title(title, manifest.clean)
        if not text.strip():
            continue
        ids = [str(record.get(name, "")) for name in spec.id_field]
        row = {
            "id": ":".join(ids) if ids else f"{stem}:{line_no}",
            "text": text,
            "label": spec.label_of(record),
            "title": title,
            "corpus": manifest.name,
        }
        row["source"] = _canonical_source(row["id"] if spec.source_field == "id" else record.get(spec.source_field),
                                          manifest.source_aliases)
        for column, name in spec.extras.items():
            row[column] = record.get(name)
        for column in spec.derive:
            row[column] = DERIVED_COLUMNS[column](record)
        kept += 1
        yield row


def _frame(rows: list[dict], extra_columns: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*COLUMNS, *extra_columns])
    frame["label"] = frame["label"].astype("Int8")
    for column in ("id", "text", "source", "corpus", "title"):
        frame[column] = frame[column].astype(str)
    for column in extra_columns:
        if column in _EXTRA_DTYPES:
            frame[column] = frame[column].astype(_EXTRA_DTYPES[column])
    return frame


def load_corpus(
    name: str,
    *,
    root: str | os.PathLike[str] | None = None,
    limit: int | None = None,
    clean: bool = True,
) -> pd.DataFrame:
    """Load one article-level corpus as a frame.

    Parameters
    ----------
    name : str
        A manifest name (see :func:`list_manifests`).
    root : path-like, optional
        Folder holding the shared corpora; see :func:`corpora_dir`.
    limit : int, optional
        Keep at most this many rows from each file of the corpus (quick looks, tests).
    clean : bool, default True
        Apply the manifest's cleaning steps (and :data:`ALWAYS_STEPS`);
        ``False`` returns the stored text untouched.

    Returns
    -------
    pandas.DataFrame
        ``id, text, label, source, corpus, title`` and the manifest's extra
        columns. ``label`` is ``Int8``: 1 promotional, 0 newsy, ``<NA>`` neither.
        ``(corpus, id)`` is unique. Rows are filtered by the manifest
        (``drop_if``, ``keep_if``, ``min_words``), rows whose cleaned text is
        empty are dropped, and exact duplicate texts keep their first row.

    Raises
    ------
    CorpusNotFoundError
        The corpora folder or a corpus file is missing.
    """
    manifest = load_manifest(name)
    base = require_dir(corpora_dir(root))
    rows: list[dict] = []
    for spec in manifest.files:
        rows.extend(_rows(manifest, spec, base, limit, clean))
    extra_columns = list(dict.fromkeys(col for spec in manifest.files for col in (*spec.extras, *spec.derive)))
    frame = _frame(rows, extra_columns)
    return frame.drop_duplicates(subset="text", keep="first").reset_index(drop=True)


def load_corpora(
    names: Sequence[str] | None = None,
    *,
    root: str | os.PathLike[str] | None = None,
    limit: int | None = None,
    clean: bool = True,
) -> pd.DataFrame:
    """Load and concatenate the training corpora (rows with a label only).

    Parameters
    ----------
    names : sequence of str, optional
        Corpora to load; default every manifest with ``training = true``
        (all article-level corpora except BASIL).
    root, limit, clean
        As in :func:`load_corpus`.

    Returns
    -------
    pandas.DataFrame
        The :func:`load_corpus` frames stacked, rows without a label (the
        hyperpartisan SemEval articles) dropped, index reset. Extra columns of
        one corpus are ``<NA>`` for the others.
    """
    if names is None:
        names = [name for name in list_manifests() if load_manifest(name).training]
    frames = [load_corpus(name, root=root, limit=limit, clean=clean) for name in names]
    frame = pd.concat(frames, ignore_index=True)
    return frame[frame["label"].notna()].reset_index(drop=True)


