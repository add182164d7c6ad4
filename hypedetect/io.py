"""Reading articles from text, HTML, JSONL, CSV and Parquet files, directories, globs and stdin.

Everything that can go wrong with one article or one row becomes a :class:`Record`
whose ``error`` says why, so no input is ever dropped silently; a CSV or Parquet
file without the text column is one such record, and the next input is still
read. Only a path that does not exist (or a pattern that matches nothing), which
makes the whole run meaningless, raises :class:`~hypedetect.errors.InputError`.
"""

from __future__ import annotations

import codecs
import csv
import functools
import glob
import hashlib
import io
import json
import math
import os
import re
import stat
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import astuple, dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import TextIO

from hypedetect.errors import InputError

__all__ = [
    "MAX_BYTES",
    "MAX_TRACKED_IDS",
    "Record",
    "decode_bytes",
    "iter_inputs",
    "iter_records",
    "read_html",
]

MAX_BYTES = 64 * 1024 * 1024
"""Largest text or HTML article (and largest JSONL line, CSV field or Parquet cell) read, in bytes."""

MAX_TRACKED_IDS = 1_000_000
"""Distinct ids a run remembers (as 8-byte hashes, about 70 MB) to flag duplicates; later ids are not checked."""

_STDIN_PATH = "<stdin>"
_CP1252_WARNING = "not valid UTF-8; decoded as cp1252"
_DUPLICATE_ID_WARNING = "duplicate id"
_VISIBLE_TEXT_WARNING = "no main article text found; used all visible text"

_MIB = 1024 * 1024
_SNIFF_BYTES = 4096
_TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_DELIMITERS = {".csv": ",", ".tsv": "\t"}
_PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
_SUPPORTED_SUFFIXES = ".txt, .md, .html, .jsonl, .csv, .tsv or .parquet"
# Rows per Parquet batch: with only the needed columns read, memory stays flat
# whatever the file size, yet each batch is large enough to convert quickly.
_PARQUET_BATCH_ROWS = 1024
_PARQUET_MAGIC = b"PAR1"

# Signatures from each format's specification (PNG, PDF 1.7, RFC 1952, PKWARE
# APPNOTE, JFIF, GIF89a): files people mistake for articles most often.
_MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF file"),
    (b"\x1f\x8b", "a gzip file"),
    (b"PK\x03\x04", "a zip file"),
    (b"PK\x05\x06", "a zip file"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
)

# Decoding with errors="surrogateescape" maps each byte that is not UTF-8 to
# U+DC80..U+DCFF; _ESCAPED_BYTE_TO_CP1252 turns those back into the cp1252
# character, or the Latin-1 one for the five bytes cp1252 leaves undefined. Doing
# it per byte keeps the valid UTF-8 of a file that mixes both encodings intact.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
# JSON can spell a lone surrogate ("\\ud800"), which no UTF-8 output can encode.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _cp1252_or_latin1(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_ESCAPED_BYTE_TO_CP1252 = {0xDC00 + byte: _cp1252_or_latin1(byte) for byte in range(0x80, 0x100)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """One input article, or the reason it could not be read.

    Parameters
    ----------
    id : str
        Name of the article: its id column or field, its path relative to the
        directory that was given, or ``"<path>:<line>"``.
    text : str
        Article text with ``\\n`` line endings; ``""`` when ``error`` is set.
    source : str or None
        Outlet the article comes from.
    title, url, date : str or None
        Headline, address and publication date when the input has them.
    label : object or None
        Gold label from a ``label`` column or field, unchanged.
    path : str
        File the article came from, or ``"<stdin>"``.
    line : int or None
        1-based line where the row starts in a JSONL or CSV file, or the
        1-based row number in a Parquet file.
    error : str or None
        One-line reason this article could not be read.
    warning : str or None
        One-line note about something recovered from, such as ``"duplicate id"``.

    Examples
    --------
    >>> Record(id="a", text="Shares rose.", path="a.txt").source is None
    True
    """

    id: str
    text: str
    source: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    label: object | None = None
    path: str
    line: int | None = None
    error: str | None = None
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class _ColumnNames:
    text_column: str = "text"
    id_column: str = "id"
    source_column: str = "source"
    title_column: str = "title"
    url_column: str = "url"
    date_column: str = "date"
    label_column: str = "label"


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, where: str) -> tuple[str, str | None]:
    """Decode the bytes of a text file, guessing its encoding.

    Tries, in order: a UTF-8 or UTF-16 byte-order mark, UTF-16 without a mark
    (recognised by NUL bytes in every other position), UTF-8, and finally cp1252
    for the bytes that are not UTF-8 (Latin-1 for the five cp1252 leaves undefined).

    Parameters
    ----------
    data : bytes
        The whole file.
    where : str
        File name used in error messages.

    Returns
    -------
    text : str
        The decoded text, without a byte-order mark.
    warning : str or None
        ``"not valid UTF-8; decoded as cp1252"`` when the fallback was used.

    Raises
    ------
    InputError
        If the data is empty, only whitespace, or binary (an image, PDF or archive
        is named).

    Examples
    --------
    >>> decode_bytes("café".encode("utf-8"), "a.txt")
    ('café', None)
    >>> decode_bytes("café".encode("cp1252"), "a.txt")
    ('café', 'not valid UTF-8; decoded as cp1252')
    """
    encoding = _detect_encoding(data, where)
    if encoding.startswith("utf-16"):
        text, warning = _decode_utf16(data, encoding, where), None
    else:
        if b"\x00" in data:
            raise InputError(where, "binary data (NUL bytes)")
        text, warning = _repair_escaped_bytes(data.decode(encoding, errors="surrogateescape"))
    _check_not_blank(text, where)
    return text, warning


def _detect_encoding(head: bytes, where: str) -> str:
    """Return the codec name for data starting with ``head``, or raise if it is binary."""
    if not head:
        raise InputError(where, "file is empty")
    for magic, name in _MAGIC_NUMBERS:
        if head.startswith(magic):
            raise InputError(where, f"looks like {name}, not text")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    byte_order = _utf16_byte_order(head[:_SNIFF_BYTES])
    if byte_order is not None:
        return byte_order
    if b"\x00" in head:
        raise InputError(where, "binary data (NUL bytes)")
    return "utf-8-sig"


def _utf16_byte_order(sample: bytes) -> str | None:
    """Guess UTF-16 without a byte-order mark from where its NUL bytes fall.

    Text in the Latin range encodes as a character byte followed (LE) or preceded
    (BE) by NUL, so NULs pile up in one parity and almost never in the other.
    """
    pairs = len(sample) // 2
    if pairs == 0:
        return None
    even_nuls = sample[0 : 2 * pairs : 2].count(0)
    odd_nuls = sample[1 : 2 * pairs : 2].count(0)
    if odd_nuls >= 0.3 * pairs and even_nuls <= 0.02 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.3 * pairs and odd_nuls <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str, where: str) -> str:
    """Decode UTF-16 found by its byte-order mark, or by :func:`_utf16_byte_order` guessing."""
    reason = "not valid UTF-16" if encoding == "utf-16" else "binary data (NUL bytes)"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(where, reason) from None
    if not _looks_like_text(text):
        raise InputError(where, reason)
    return text


def _looks_like_text(text: str) -> bool:
    """Whether control characters are rare, as in text and unlike binary read as UTF-16."""
    sample = text[:_SNIFF_BYTES]
    controls = sum(1 for char in sample if char < " " and char not in "\t\n\r\f")
    return controls <= 0.01 * len(sample)


def _repair_escaped_bytes(text: str) -> tuple[str, str | None]:
    """Turn bytes escaped by ``surrogateescape`` into cp1252 characters."""
    if _ESCAPED_BYTE.search(text) is None:
        return text, None
    return text.translate(_ESCAPED_BYTE_TO_CP1252), _CP1252_WARNING


def _check_not_blank(text: str, where: str) -> None:
    if not text:
        raise InputError(where, "file is empty")
    if text.isspace():
        raise InputError(where, "file contains only whitespace")


def _normalize_text(text: str) -> str:
    """Use ``\\n`` line endings and replace lone surrogates, which no file can encode."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _LONE_SURROGATE.sub("\ufffd", text)


def _megabytes(size: int) -> str:
    return f"{math.ceil(size * 10 / _MIB) / 10:g}"


def _too_large_reason(size: int | None, what: str = "file") -> str:
    limit = f"over the {_megabytes(MAX_BYTES)} MB limit"
    return f"{what} is {_megabytes(size)} MB, {limit}" if size is not None else f"{what} is {limit}"


def _os_error_reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


# --------------------------------------------------------------------------- HTML


def read_html(data: str, where: str) -> dict[str, str | None]:
    """Extract the article text and its metadata from an HTML page.

    The main text comes from ``trafilatura.extract`` (never from the network),
    one paragraph a line, without the headline. ``<meta>`` tags (``og:title``,
    ``og:site_name``, ``og:url``, ``article:published_time``) and the canonical
    link win over what ``trafilatura.extract_metadata`` infers. When trafilatura
    finds no main text (for example, text nested deeper than lxml parses), all
    visible text outside scripts and styles is used, with a warning.

    Parameters
    ----------
    data : str
        The decoded page.
    where : str
        File name used in error messages.

    Returns
    -------
    dict
        Keys ``text``, ``title``, ``source``, ``url``, ``date`` and ``warning``;
        every value but ``text`` may be None.

    Raises
    ------
    InputError
        If the page has no article text at all.

    Examples
    --------
    >>> page = read_html(
    ...     '<html><head><meta property="og:site_name" content="The Daily"></head>'
    ...     "<body><p>The council approved the budget.</p></body></html>",
    ...     "page.html",
    ... )
    >>> page["text"], page["source"]
    ('The council approved the budget.', 'The Daily')
    """
    head = _scan_html(data[: _body_start(data)])
    metadata = _trafilatura_metadata(data)
    candidates = [head.meta.get("og:title"), metadata.get("title"), head.title]
    # An unclosed <title> swallows the page; what follows it is markup, not a headline.
    titles = [title for title in candidates if title and not _TAG_START.search(title)]
    title = next(iter(titles), None)
    text, warning = _trafilatura_text(data), None
    if not text:
        text, warning = _scan_html(data).visible_text(), _VISIBLE_TEXT_WARNING
    text = _drop_leading_title(text, titles)
    if not text:
        raise InputError(where, "no article text found in HTML")
    return {
        "text": text,
        "title": title,
        "source": head.meta.get("og:site_name") or metadata.get("sitename"),
        "url": head.meta.get("og:url") or head.canonical_url or metadata.get("url"),
        "date": head.meta.get("article:published_time") or metadata.get("date"),
        "warning": warning,
    }


_BODY_TAG = re.compile(r"<body[\s>/]", re.IGNORECASE)
_TAG_START = re.compile(r"</?[a-zA-Z]")
_META_KEYS = frozenset({"og:title", "og:site_name", "og:url", "article:published_time"})
_SKIPPED_TAGS = frozenset({"head", "script", "style", "noscript", "template", "title"})
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption footer h1 h2 h3 h4 h5 h6"
    " header hr li main nav ol p pre section table td th tr ul".split()
)


def _body_start(markup: str) -> int:
    match = _BODY_TAG.search(markup)
    return match.start() if match else len(markup)


class _PageScanner(HTMLParser):
    """Collect meta tags, the canonical link, the title and the visible text of a page.

    Python's own parser keeps no tree, so no depth of nesting or missing end tag
    can defeat it.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical_url: str | None = None
        self.title: str | None = None
        self._title_parts: list[str] | None = None
        self._open_skipped: Counter[str] = Counter()
        self._text_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            content = attributes.get("content", "").strip()
            if key in _META_KEYS and content:
                self.meta.setdefault(key, content)
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower().split():
            self.canonical_url = self.canonical_url or attributes.get("href", "").strip() or None
        elif tag == "title" and self.title is None:
            self._title_parts = []
        elif tag == "body":
            # A missing </head> or </title> ends where the body starts, as it would
            # in the markup the author meant.
            self._open_skipped["head"] = 0
            self._close_title()
        if tag in _SKIPPED_TAGS:
            self._open_skipped[tag] += 1
        if tag in _BLOCK_TAGS:
            self._text_parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._close_title()
        if tag in _SKIPPED_TAGS and self._open_skipped[tag] > 0:
            self._open_skipped[tag] -= 1
        if tag in _BLOCK_TAGS:
            self._text_parts.append("\n")

    def _close_title(self) -> None:
        if self._title_parts is not None:
            self.title = " ".join("".join(self._title_parts).split()) or None
            self._title_parts = None
        self._open_skipped["title"] = 0

    def handle_data(self, data: str) -> None:
        if self._title_parts is not None:
            self._title_parts.append(data)
        if not any(self._open_skipped.values()):
            self._text_parts.append(data)

    def close(self) -> None:
        super().close()
        self._close_title()  # a <title> still open at the end of the markup ends there

    def visible_text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self._text_parts).split("\n"))
        return "\n".join(line for line in lines if line)


def _scan_html(markup: str) -> _PageScanner:
    scanner = _PageScanner()
    try:
        scanner.feed(markup)
        scanner.close()
    except AssertionError:
        # html.parser asserts on some malformed "<![...]>" sections
        # (https://github.com/python/cpython/issues/77057); keep what was read.
        pass
    return scanner


def _trafilatura_text(markup: str) -> str | None:
    import trafilatura  # imported here: it takes a second to load, and only HTML needs it

    try:
        return trafilatura.extract(markup, include_comments=False, output_format="txt")
    except Exception:
        # trafilatura and lxml can fail on hostile markup; the caller falls back
        # to the visible text, so one bad page cannot stop a run.
        return None


def _trafilatura_metadata(markup: str) -> dict[str, str | None]:
    import trafilatura

    try:
        document = trafilatura.extract_metadata(markup)
    except Exception:
        # Same reason as in _trafilatura_text: metadata is optional.
        return {}
    if document is None:
        return {}
    return {name: getattr(document, name, None) for name in ("title", "sitename", "url", "date")}


def _drop_leading_title(text: str, titles: list[str]) -> str:
    """Remove the headline when trafilatura kept it as the first line of the text."""
    first_line, _, rest = text.strip().partition("\n")
    known_titles = {" ".join(title.split()).casefold() for title in titles}
    if " ".join(first_line.split()).casefold() in known_titles:
        return rest.strip()
    return text.strip()


def _looks_like_html(text: str) -> bool:
    return text.lstrip()[:64].lower().startswith(("<!doctype html", "<html"))


# --------------------------------------------------------------------------- one file


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
    streamed, so they may be larger than :data:`MAX_BYTES`. A row that cannot be
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
    columns = _ColumnNames(
        text_column=text_column,
        id_column=id_column,
        source_column=source_column,
        title_column=title_column,
        url_column=url_column,
        date_column=date_column,
        label_column=label_column,
    )
    return _mark_duplicate_ids(_file_records(os.fspath(path), columns, root, default_source))


def _file_records(
    path: str,
    columns: _ColumnNames,
    root: str | os.PathLike[str] | None,
    default_source: str | None,
) -> Iterator[Record]:
    suffix = Path(path).suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        read_rows = functools.partial(_jsonl_rows, path=path, columns=columns, default_source=default_source)
        yield from _streamed_records(path, default_source, read_rows)
    elif suffix in _DELIMITERS:
        # The csv module's field limit is global; only ever raise it, so that long
        # articles fit and no other caller sees a lower limit than before.
        csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
        read_rows = functools.partial(
            _csv_rows,
            path=path,
            delimiter=_DELIMITERS[suffix],
            columns=columns,
            default_source=default_source,
        )
        yield from _streamed_records(path, default_source, read_rows)
    elif suffix in _PARQUET_SUFFIXES:
        yield from _parquet_records(path, columns, default_source)
    else:
        article_id = Path(os.path.relpath(path, root)).as_posix() if root is not None else path
        yield _article_record(path, article_id, default_source, suffix)


def _article_record(path: str, article_id: str, default_source: str | None, suffix: str) -> Record:
    """Read a file that holds one article, as text or HTML."""
    if suffix not in _TEXT_SUFFIXES | _HTML_SUFFIXES:
        reason = f"unsupported file type {suffix!r}; expected {_SUPPORTED_SUFFIXES}"
        return _error_record(path, None, reason, default_source, record_id=article_id)
    try:
        data = _read_article_bytes(path)
    except OSError as error:
        return _error_record(path, None, _os_error_reason(error), default_source, record_id=article_id)
    except InputError as error:
        return _error_record(path, None, error.reason, default_source, record_id=article_id)
    return _article_from_bytes(data, path, article_id, default_source, html=suffix in _HTML_SUFFIXES)


def _read_article_bytes(path: str) -> bytes:
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > MAX_BYTES:
            raise InputError(path, _too_large_reason(size))
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(path, _too_large_reason(None))
    return data


def _article_from_bytes(data: bytes, path: str, article_id: str, default_source: str | None, *, html: bool) -> Record:
    try:
        text, warning = decode_bytes(data, path)
        if not (html or _looks_like_html(text)):
            return Record(
                id=article_id,
                text=_normalize_text(text),
                source=default_source,
                path=path,
                warning=warning,
            )
        page = read_html(text, path)
    except InputError as error:
        return _error_record(path, None, error.reason, default_source, record_id=article_id)
    return Record(
        id=article_id,
        text=_normalize_text(page["text"]),
        source=page["source"] or default_source,
        title=page["title"],
        url=page["url"],
        date=page["date"],
        path=path,
        warning=_join_warnings(warning, page["warning"]),
    )


# --------------------------------------------------------------------------- JSONL and CSV


def _streamed_records(
    path: str, default_source: str | None, read_rows: Callable[[TextIO], Iterator[Record]]
) -> Iterator[Record]:
    """Open a JSONL or CSV file and yield its rows, turning file-level failures into records."""
    try:
        stream = _open_text_stream(path)
    except InputError as error:
        yield _error_record(path, None, error.reason, default_source)
        return
    except OSError as error:
        yield _error_record(path, None, _os_error_reason(error), default_source)
        return
    last_line = 0
    with stream:
        try:
            for record in read_rows(stream):
                last_line = record.line or last_line
                yield record
        except (OSError, UnicodeDecodeError) as error:
            cause = f"not valid {error.encoding}" if isinstance(error, UnicodeDecodeError) else _os_error_reason(error)
            reason = f"{cause}; stopped reading after line {last_line}"
            yield _error_record(path, None, reason, default_source)


class _Prefixed(io.RawIOBase):
    """A binary stream whose first bytes were already read (to guess the encoding): they come first again."""

    def __init__(self, head: bytes, rest) -> None:
        super().__init__()
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count], self._head = self._head[:count], self._head[count:]
            return count
        return self._rest.readinto(buffer)

    def close(self) -> None:
        self._rest.close()
        super().close()


def _open_text_stream(path: str) -> TextIO:
    """Open a JSONL or CSV file as text, in the encoding its first bytes suggest.

    The file is opened once: a named pipe cannot be read twice. Bytes that are
    not UTF-8 are kept as surrogate escapes, so that each row can be repaired
    (and warned about) on its own.
    """
    binary = open(path, "rb")  # noqa: SIM115 - returned inside the text stream, which closes it
    try:
        head = binary.read(_SNIFF_BYTES)
        encoding = _detect_encoding(head, path)
    except BaseException:
        binary.close()
        raise
    errors = "strict" if encoding.startswith("utf-16") else "surrogateescape"
    return io.TextIOWrapper(io.BufferedReader(_Prefixed(head, binary)), encoding=encoding, errors=errors,
                            newline="")


def _lines(stream: TextIO) -> Iterator[str | None]:
    """Yield each line of ``stream``, or None for a line over :data:`MAX_BYTES` (skipped)."""
    while line := stream.readline(MAX_BYTES + 1):
        if len(line) > MAX_BYTES and not line.endswith(("\n", "\r")):
            while (rest := stream.readline(_MIB)) and not rest.endswith(("\n", "\r")):
                pass
            yield None
        else:
            yield line


def _jsonl_rows(stream: TextIO, path: str, columns: _ColumnNames, default_source: str | None) -> Iterator[Record]:
    saw_content = False
    for line_number, line in enumerate(_lines(stream), start=1):
        if line is not None and not line.strip():
            continue
        saw_content = True
        yield _jsonl_record(line, path, line_number, columns, default_source)
    if not saw_content:
        yield _error_record(path, None, "file contains only whitespace", default_source)


def _jsonl_record(
    line: str | None,
    path: str,
    line_number: int,
    columns: _ColumnNames,
    default_source: str | None,
) -> Record:
    if line is None:
        return _error_record(path, line_number, _too_large_reason(None, "line"), default_source)
    line, warning = _repair_escaped_bytes(line)
    try:
        fields = json.loads(line)
    except json.JSONDecodeError as error:
        # json ends one message with "at" ("Invalid control character at"); say it once.
        reason = f"invalid JSON ({error.msg.removesuffix(' at')} at column {error.colno})"
        return _error_record(path, line_number, reason, default_source, warning=warning)
    except RecursionError:
        reason = "invalid JSON (nested too deeply)"
        return _error_record(path, line_number, reason, default_source, warning=warning)
    if not isinstance(fields, dict):
        reason = f"expected a JSON object, got {type(fields).__name__}"
        return _error_record(path, line_number, reason, default_source, warning=warning)
    return _row_record(fields, path, line_number, columns, default_source, warning)


class _LineTooLongError(Exception):
    """A physical line over :data:`MAX_BYTES` (its rest is skipped)."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


class _Lines:
    """The physical lines of a CSV file, numbered; the lines of a malformed row can be read again.

    ``taken`` holds the lines handed to the csv reader for the row being read,
    so that after a malformed row (an unclosed quote that swallowed what
    follows) reading resumes at the line after the one where the row started.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._again: deque[tuple[int, str]] = deque()
        self._count = 0
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._again:
            number, line = self._again.popleft()
        else:
            line = self._stream.readline(MAX_BYTES + 1)
            if not line:
                raise StopIteration
            self._count += 1
            number = self._count
            if len(line) > MAX_BYTES and not line.endswith(("\n", "\r")):
                while (rest := self._stream.readline(_MIB)) and not rest.endswith(("\n", "\r")):
                    pass
                raise _LineTooLongError(number)
        self.taken.append((number, line))
        return line

    def row_start(self) -> int:
        return self.taken[0][0] if self.taken else self._count + 1

    def read_again_after_start(self, *, skip: int | None = None) -> None:
        """Queue the lines taken after the row's first line (except line ``skip``) to be read again."""
        lines = [(number, line) for number, line in self.taken[1:] if number != skip]
        self._again.extendleft(reversed(lines))
        self.taken = []


def _csv_problem(error: csv.Error) -> str:
    message = str(error)
    if "unexpected end of data" in message:
        return "malformed CSV (a quote opened in this row is never closed)"
    if "field larger than field limit" in message:
        return f"malformed CSV (a field is over the {_megabytes(MAX_BYTES)} MB limit)"
    return f"malformed CSV ({message})"


def _csv_rows(
    stream: TextIO,
    path: str,
    delimiter: str,
    columns: _ColumnNames,
    default_source: str | None,
) -> Iterator[Record]:
    """The rows of a CSV or TSV file; a malformed row is an error record and reading goes on at the next line."""
    lines = _Lines(stream)

    def reader():
        return csv.reader(lines, delimiter=delimiter, strict=True)

    rows = reader()
    try:
        header = next((row for row in rows if row), None)
    except (csv.Error, _LineTooLongError) as error:
        reason = "line is too long" if isinstance(error, _LineTooLongError) else str(error)
        yield _error_record(path, lines.row_start(), f"malformed CSV header ({reason})", default_source)
        return
    if header is None:
        yield _error_record(path, None, "file contains only whitespace", default_source)
        return
    header = [_repair_escaped_bytes(name)[0].strip() for name in header]
    if columns.text_column not in header:
        found = ", ".join(repr(name) for name in header)
        yield _error_record(path, None, f"no {columns.text_column!r} column; columns found: {found}", default_source)
        return
    repeated = [name for name, count in Counter(header).items() if count > 1]
    if repeated:
        names = ", ".join(repr(name) for name in repeated)
        yield _error_record(path, None, f"duplicate column names: {names}; rename them", default_source)
        return
    saw_row = False
    while True:
        lines.taken = []
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            saw_row = True
            yield _error_record(path, lines.row_start(), _csv_problem(error), default_source)
            lines.read_again_after_start()
            rows = reader()
        except _LineTooLongError as error:
            saw_row = True
            start = lines.row_start() if lines.taken else error.number
            yield _error_record(path, start, f"line {error.number} is over the {_megabytes(MAX_BYTES)} MB limit",
                                default_source)
            lines.read_again_after_start(skip=error.number)
            rows = reader()
        else:
            if row:
                saw_row = True
                yield _csv_record(row, header, path, lines.row_start(), columns, default_source)
    if not saw_row:
        yield _error_record(path, None, "no rows after the header", default_source)


def _csv_record(
    row: list[str],
    header: list[str],
    path: str,
    line_number: int,
    columns: _ColumnNames,
    default_source: str | None,
) -> Record:
    if len(row) != len(header):
        reason = f"row has {len(row)} fields, header has {len(header)}"
        return _error_record(path, line_number, reason, default_source)
    if any("\x00" in cell for cell in row):
        return _error_record(path, line_number, "binary data (NUL bytes)", default_source)
    repaired = [_repair_escaped_bytes(cell) for cell in row]
    warning = _CP1252_WARNING if any(cell_warning for _, cell_warning in repaired) else None
    fields = dict(zip(header, (cell for cell, _ in repaired), strict=True))
    return _row_record(fields, path, line_number, columns, default_source, warning)


def _row_record(
    fields: dict[str, object],
    path: str,
    line_number: int,
    columns: _ColumnNames,
    default_source: str | None,
    warning: str | None,
    *,
    unit: str = "line",
) -> Record:
    """Build the record of one JSONL, CSV or Parquet row from its fields (``unit`` names its position)."""
    record_id = _optional_str(fields.get(columns.id_column)) or f"{path}:{line_number}"
    text = fields.get(columns.text_column)
    if not isinstance(text, str) or not text.strip():
        if columns.text_column not in fields:
            reason = f"no {columns.text_column!r} field"
        elif text is None:
            reason = f"{columns.text_column!r} is null"
        elif isinstance(text, str):
            reason = f"{columns.text_column!r} is empty"
        else:
            reason = f"{columns.text_column!r} is {type(text).__name__}, not text"
        return _error_record(
            path, line_number, reason, default_source, warning=warning, record_id=record_id, unit=unit
        )
    label = fields.get(columns.label_column)
    return Record(
        id=record_id,
        text=_normalize_text(text),
        source=_optional_str(fields.get(columns.source_column)) or default_source,
        title=_optional_str(fields.get(columns.title_column)),
        url=_optional_str(fields.get(columns.url_column)),
        date=_optional_str(fields.get(columns.date_column)),
        label=_optional_str(label) if isinstance(label, str) else label,
        path=path,
        line=line_number,
        warning=warning,
    )


def _error_record(
    path: str,
    line_number: int | None,
    reason: str,
    default_source: str | None,
    *,
    warning: str | None = None,
    record_id: str | None = None,
    unit: str = "line",
) -> Record:
    """Build the record of an article or row that could not be read; ``unit`` is ``"line"`` or ``"row"``."""
    fallback_id = path if line_number is None else f"{path}:{line_number}"
    return Record(
        id=record_id or fallback_id,
        text="",
        source=default_source,
        path=path,
        line=line_number,
        error=reason if line_number is None else f"{unit} {line_number}: {reason}",
        warning=warning,
    )


def _optional_str(value: object) -> str | None:
    """Return ``value`` as stripped text, or None when it is missing or blank."""
    if value is None:
        return None
    text = value.strip() if isinstance(value, str) else str(value)
    return _LONE_SURROGATE.sub("\ufffd", text) or None


def _join_warnings(*warnings: str | None) -> str | None:
    return "; ".join(warning for warning in warnings if warning) or None


def _id_key(record_id: str) -> int:
    """An 8-byte hash of an id: what duplicate tracking keeps, whatever the id's length."""
    digest = hashlib.blake2b(record_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _mark_duplicate_ids(records: Iterable[Record]) -> Iterator[Record]:
    """Warn on an id seen before; up to :data:`MAX_TRACKED_IDS` distinct ids are remembered, as hashes."""
    seen: set[int] = set()
    for record in records:
        key = _id_key(record.id)
        if key in seen:
            yield replace(record, warning=_join_warnings(record.warning, _DUPLICATE_ID_WARNING))
        elif len(seen) < MAX_TRACKED_IDS:
            seen.add(key)
            yield record
        else:
            if len(seen) == MAX_TRACKED_IDS:
                seen.add(-1)  # a hash is never negative: marks that the warning was given once
                untracked = f"over {MAX_TRACKED_IDS} ids: later duplicate ids are not flagged"
                record = replace(record, warning=_join_warnings(record.warning, untracked))
            yield record


# --------------------------------------------------------------------------- Parquet


def _parquet_records(path: str, columns: _ColumnNames, default_source: str | None) -> Iterator[Record]:
    """Stream the rows of a Parquet file, a batch of the needed columns at a time.

    Row groups are read one after another, so damage inside one costs only the
    rows of that group that were not read yet: they come out as one error
    record naming their range, and the next group is read as usual.
    """
    # Imported here: pyarrow is large, and only Parquet inputs need it.
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            yield _error_record(path, None, "Parquet is read from regular files only, not a pipe or device",
                                default_source)
            return
        stream = open(path, "rb")
    except OSError as error:
        yield _error_record(path, None, _os_error_reason(error), default_source)
        return
    with stream:
        head = stream.read(len(_PARQUET_MAGIC))
        if not head:
            yield _error_record(path, None, "file is empty", default_source)
            return
        if head != _PARQUET_MAGIC:
            yield _error_record(path, None, "not a Parquet file (no PAR1 signature)", default_source)
            return
        stream.seek(0)
        # A damaged footer can also hold names or metadata that are not UTF-8.
        damage = (pa.ArrowException, OSError, UnicodeDecodeError)
        try:
            parquet = pq.ParquetFile(stream)
            names = parquet.schema_arrow.names
        except damage as error:
            yield _error_record(path, None, f"corrupt Parquet file ({_one_line(error)})", default_source)
            return
        if columns.text_column not in names:
            found = ", ".join(repr(name) for name in names)
            yield _error_record(path, None, f"no {columns.text_column!r} column; columns found: {found}",
                                default_source)
            return
        wanted = [name for name in dict.fromkeys(astuple(columns)) if name in names]
        repeated = [name for name in wanted if names.count(name) > 1]
        if repeated:
            found = ", ".join(repr(name) for name in repeated)
            yield _error_record(path, None, f"duplicate column names: {found}; rename them", default_source)
            return
        rows_before, produced = 0, False
        for group in range(parquet.num_row_groups):
            group_rows = parquet.metadata.row_group(group).num_rows
            row_number = rows_before
            group_bytes = _uncompressed_bytes(parquet.metadata.row_group(group), wanted)
            if group_rows == 1 and group_bytes > MAX_BYTES:
                # One row holding more than the limit: refused from the file's metadata, before it is inflated.
                produced, rows_before = True, rows_before + 1
                yield _error_record(path, rows_before, _too_large_reason(group_bytes, "row"), default_source,
                                    unit="row")
                continue
            try:
                batches = parquet.iter_batches(batch_size=_batch_rows(group_rows, group_bytes), row_groups=[group],
                                               columns=wanted)
                for batch in batches:
                    for fields in _parquet_rows(batch):
                        row_number += 1
                        produced = True
                        if isinstance(fields, str):
                            yield _error_record(path, row_number, fields, default_source, unit="row")
                        else:
                            yield _row_record(fields, path, row_number, columns, default_source, None, unit="row")
            except damage as error:
                problem = _one_line(error)
            else:
                read = row_number - rows_before
                problem = None if read >= group_rows else f"the row group holds {group_rows} rows, {read} were read"
            if problem is not None:
                produced = True
                yield _lost_rows_record(path, row_number, rows_before + group_rows, problem, default_source)
            rows_before = max(row_number, rows_before + group_rows)
        if not produced:
            yield _error_record(path, None, "file has no rows", default_source)


def _lost_rows_record(path: str, last_read: int, last_row: int, problem: str, default_source: str | None) -> Record:
    """The one record standing for the rows of a damaged row group after ``last_read``."""
    lost = f"rows {last_read + 1}-{last_row}" if last_read < last_row else f"after row {last_read}"
    return _error_record(
        path, None, f"{lost}: corrupt Parquet data ({problem})", default_source, record_id=f"{path}:{lost}"
    )


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _uncompressed_bytes(row_group, names: list[str]) -> int:
    """What the ``names`` columns of a row group inflate to, from the file's metadata."""
    chunks = (row_group.column(index) for index in range(row_group.num_columns))
    return sum(chunk.total_uncompressed_size for chunk in chunks if chunk.path_in_schema in names)


def _batch_rows(group_rows: int, group_bytes: int) -> int:
    """Rows per batch such that a batch of average rows stays near :data:`MAX_BYTES`."""
    if group_bytes <= MAX_BYTES:
        return _PARQUET_BATCH_ROWS
    return max(1, min(_PARQUET_BATCH_ROWS, group_rows * MAX_BYTES // group_bytes))


def _oversized_rows(batch) -> list[str | None]:
    """For each row of a batch, why it is over :data:`MAX_BYTES` (a text or binary cell too long), or None."""
    import pyarrow as pa
    import pyarrow.compute as pc

    reasons: list[str | None] = [None] * batch.num_rows
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        kind = column.type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_binary(kind)
                or pa.types.is_large_binary(kind)):
            continue
        lengths = pc.binary_length(column).to_pylist()
        for index, length in enumerate(lengths):
            if length is not None and length > MAX_BYTES and reasons[index] is None:
                reasons[index] = _too_large_reason(length, repr(name))
    return reasons


def _from_one_row(batch) -> dict[str, object] | str:
    """The one row of a batch as a dict, or why it cannot be converted."""
    try:
        [fields] = batch.to_pylist()
    except UnicodeDecodeError:
        return "not valid UTF-8"
    return fields


def _parquet_rows(batch) -> Iterator[dict[str, object] | str]:
    """Yield each row of a record batch as a dict, or the reason it cannot be converted.

    Parquet does not promise valid UTF-8 in string columns; a batch that holds
    any is converted row by row so that only the bad rows are lost. A cell over
    :data:`MAX_BYTES` makes its row an error before it becomes a Python string.
    """
    oversized = _oversized_rows(batch)
    if any(oversized):
        for index, reason in enumerate(oversized):
            yield reason if reason is not None else _from_one_row(batch.slice(index, 1))
        return
    try:
        rows = batch.to_pylist()
    except UnicodeDecodeError:
        for index in range(batch.num_rows):
            try:
                [fields] = batch.slice(index, 1).to_pylist()
            except UnicodeDecodeError:
                yield "not valid UTF-8"
            else:
                yield fields
    else:
        yield from rows


# --------------------------------------------------------------------------- many inputs


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
    columns = _ColumnNames(**column_options)
    expanded = [match for path in paths for match in _expand_path(os.fspath(path))]
    return _mark_duplicate_ids(record for path in expanded for record in _records_under(path, columns))


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


def _records_under(path: str, columns: _ColumnNames) -> Iterator[Record]:
    if path == "-":
        yield _stdin_record()
    elif os.path.isdir(path):
        yield from _directory_records(path, columns)
    else:
        yield from _file_records(path, columns, None, None)


def _stdin_record() -> Record:
    try:
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    except OSError as error:
        return _error_record(_STDIN_PATH, None, _os_error_reason(error), None)
    if len(data) > MAX_BYTES:
        return _error_record(_STDIN_PATH, None, _too_large_reason(None, "input"), None)
    return _article_from_bytes(data, _STDIN_PATH, _STDIN_PATH, None, html=False)


def _directory_records(root: str, columns: _ColumnNames) -> Iterator[Record]:
    for path, error in _walk_files(root, visited=set()):
        relative = Path(os.path.relpath(path, root))
        source = relative.parts[0] if len(relative.parts) > 1 else None
        if error is None:
            yield from _file_records(path, columns, root, source)
        else:
            yield _error_record(path, None, error, source, record_id=relative.as_posix())


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
        yield directory, _os_error_reason(error)
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
