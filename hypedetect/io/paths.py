"""Reading what a run is given: files, folders (walked), glob patterns, ``-`` for stdin, and named pipes.

Each file is read by its extension: a text or HTML file is one article, read
whole up to :data:`~hypedetect.io.MAX_BYTES`; a table is streamed by
:mod:`hypedetect.io.tables`. An input that cannot be reopened (stdin, a FIFO) is
read once.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from hypedetect.errors import InputError
from hypedetect.io import limits
from hypedetect.io.decoding import decode_bytes, normalize_text
from hypedetect.io.html import looks_like_html, read_html
from hypedetect.io.limits import os_error_reason, too_large_reason
from hypedetect.io.record import ColumnNames, Origin, Record, join_warnings, mark_duplicate_ids
from hypedetect.io.tables import TABLE_SUFFIXES, table_records

_STDIN_PATH = "<stdin>"
_TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_SUPPORTED_SUFFIXES = ".txt, .md, .html, .jsonl, .csv, .tsv or .parquet"


def iter_records(
    path: str | os.PathLike[str],
    *,
    text_column: str = "text",
    id_column: str = "id",
    source_column: str = "source",
    title_column: str = "title",
    url_column: str = "url",
    date_column: str = "date",
    label_column: str = "label",
    root: str | os.PathLike[str] | None = None,
    default_source: str | None = None,
) -> Iterator[Record]:
    """Read the articles in one file, choosing the reader by its extension.

    ``.txt``, ``.text``, ``.md`` or no extension: one article (HTML if it starts
    with ``<html`` or ``<!doctype html``); ``.html``, ``.htm``: one article;
    ``.jsonl``, ``.ndjson``: one article per line; ``.csv``, ``.tsv``,
    ``.parquet``, ``.pq``: one article per row. JSONL, CSV and Parquet files are
    streamed, so they may be larger than :data:`~hypedetect.io.MAX_BYTES`. A row that cannot be
    read, or a file that cannot be read at all, comes out as a :class:`Record`
    with ``error`` set.

    Parameters
    ----------
    path : str or path-like
        The file.
    text_column, id_column, source_column, title_column, url_column, date_column, label_column : str
        Names of the CSV or Parquet columns or JSON fields to read. Only the
        text is required.
    root : str or path-like, optional
        Directory the file was found in; the id of a one-article file is its path
        relative to ``root`` (or ``path`` itself when None).
    default_source : str, optional
        Source for articles whose row or page names none.

    Yields
    ------
    Record
        In file order; a repeated id gets the warning ``"duplicate id"``. A CSV
        or Parquet file without ``text_column`` is one error record whose
        message lists the columns it has.
    """
    columns = ColumnNames(
        text_column=text_column,
        id_column=id_column,
        source_column=source_column,
        title_column=title_column,
        url_column=url_column,
        date_column=date_column,
        label_column=label_column,
    )
    return mark_duplicate_ids(_file_records(os.fspath(path), columns, root, default_source))


def _file_records(path: str, columns: ColumnNames, root: str | os.PathLike[str] | None,
                  default_source: str | None) -> Iterator[Record]:
    origin = Origin(path, source=default_source)
    suffix = Path(path).suffix.lower()
    if suffix in TABLE_SUFFIXES:
        yield from table_records(origin, columns)
    else:
        article_id = Path(os.path.relpath(path, root)).as_posix() if root is not None else path
        yield _article_record(origin, article_id, suffix)


def _article_record(origin: Origin, article_id: str, suffix: str) -> Record:
    """Read a file that holds one article, as text or HTML."""
    if suffix not in _TEXT_SUFFIXES | _HTML_SUFFIXES:
        reason = f"unsupported file type {suffix!r}; expected {_SUPPORTED_SUFFIXES}"
        return origin.error(reason, record_id=article_id)
    try:
        data = _read_article_bytes(origin.path)
    except OSError as error:
        return origin.error(os_error_reason(error), record_id=article_id)
    except InputError as error:
        return origin.error(error.reason, record_id=article_id)
    return _article_from_bytes(data, origin, article_id, html=suffix in _HTML_SUFFIXES)


def _read_article_bytes(path: str) -> bytes:
    with limits.open_binary(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > limits.MAX_BYTES:
            raise InputError(path, too_large_reason(size))
        data = stream.read(limits.MAX_BYTES + 1)
    if len(data) > limits.MAX_BYTES:
        raise InputError(path, too_large_reason(None))
    return data


def _article_from_bytes(data: bytes, origin: Origin, article_id: str, *, html: bool) -> Record:
    try:
        text, warning = decode_bytes(data, origin.path)
        if not (html or looks_like_html(text)):
            return Record(
                id=article_id,
                text=normalize_text(text),
                source=origin.source,
                path=origin.path,
                warning=warning,
            )
        page = read_html(text, origin.path)
    except InputError as error:
        return origin.error(error.reason, record_id=article_id)
    return Record(
        id=article_id,
        text=normalize_text(page["text"]),
        source=page["source"] or origin.source,
        title=page["title"],
        url=page["url"],
        date=page["date"],
        path=origin.path,
        warning=join_warnings(warning, page["warning"]),
    )


def iter_inputs(paths: Iterable[str | os.PathLike[str]], **column_options: str) -> Iterator[Record]:
    """Read every article named by files, directories, glob patterns or ``-`` (stdin).

    Directories are walked recursively in name order, skipping hidden entries, the
    folder's own documentation (README, LICENSE, CARD files) and
    following symbolic links (each real directory once, so links cannot loop).
    An article in ``<directory>/<source>/...`` gets ``<source>`` as its source
    unless the row or page names one. Every path is checked before anything is
    read, so a typo fails fast.

    Parameters
    ----------
    paths : iterable of str or path-like
        Inputs in the order to read them; ``-`` reads one text or HTML article
        from standard input.
    **column_options : str
        ``text_column``, ``id_column``, ``source_column``, ``title_column``,
        ``url_column``, ``date_column`` or ``label_column``, as in
        :func:`iter_records`.

    Returns
    -------
    iterator of Record
        Every article of every input; an id seen before in the run gets the
        warning ``"duplicate id"``.

    Raises
    ------
    InputError
        If a path does not exist or a pattern matches nothing (at once).
    TypeError
        If ``paths`` is a single string or path rather than an iterable of them.
    """
    if isinstance(paths, str | bytes | os.PathLike):
        raise TypeError("iter_inputs expects an iterable of paths, not a single path")
    columns = ColumnNames(**column_options)
    expanded = [match for path in paths for match in _expand_path(os.fspath(path))]
    return mark_duplicate_ids(record for path in expanded for record in _records_under(path, columns))


def _expand_path(path: str) -> list[str]:
    """Return ``[path]`` for stdin or an existing path, or the sorted matches of a pattern."""
    if path == "-" or os.path.exists(path):
        return [path]
    if any(char in path for char in "*?["):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            raise InputError(path, "no files match this pattern")
        return matches
    raise InputError(path, "no such file or directory")


def _records_under(path: str, columns: ColumnNames) -> Iterator[Record]:
    if path == "-":
        yield _stdin_record()
    elif os.path.isdir(path):
        yield from _directory_records(path, columns)
    else:
        yield from _file_records(path, columns, None, None)


def _stdin_record() -> Record:
    origin = Origin(_STDIN_PATH)
    try:
        data = sys.stdin.buffer.read(limits.MAX_BYTES + 1)
    except OSError as error:
        return origin.error(os_error_reason(error))
    if len(data) > limits.MAX_BYTES:
        return origin.error(too_large_reason(None, "input"))
    return _article_from_bytes(data, origin, _STDIN_PATH, html=False)


def _directory_records(root: str, columns: ColumnNames) -> Iterator[Record]:
    for path, error in _walk_files(root, visited=set()):
        relative = Path(os.path.relpath(path, root))
        source = relative.parts[0] if len(relative.parts) > 1 else None
        if error is None:
            yield from _file_records(path, columns, root, source)
        else:
            yield Origin(path, source=source).error(error, record_id=relative.as_posix())


def _walk_files(directory: str, visited: set[str]) -> Iterator[tuple[str, str | None]]:
    """Yield ``(file, None)`` under ``directory`` depth first by name, or ``(dir, reason)``."""
    real_path = os.path.realpath(directory)
    if real_path in visited:
        return
    visited.add(real_path)
    try:
        with os.scandir(directory) as entries:
            children = sorted(
                (entry for entry in entries if not _is_hidden_or_folder_doc(entry.name)),
                key=lambda entry: entry.name,
            )
    except OSError as error:
        yield directory, os_error_reason(error)
        return
    for entry in children:
        if _is_directory(entry):
            yield from _walk_files(entry.path, visited)
        else:
            yield entry.path, None


_FOLDER_DOCS = ("readme", "license", "licence", "card", "changelog")


def _is_hidden_or_folder_doc(name: str) -> bool:
    """Hidden entries and a folder's own documentation (README.md, CARD.md) are not articles."""
    return name.startswith(".") or name.lower().split(".", 1)[0] in _FOLDER_DOCS


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
