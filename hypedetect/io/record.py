"""What reading produces: the :class:`Record` of one article, where it came from, and duplicate-id marking."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from hypedetect.io import limits

DUPLICATE_ID_WARNING = "duplicate id"


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
class ColumnNames:
    """Names of the columns or JSON fields a table is read from; only the text is required."""

    text_column: str = "text"
    id_column: str = "id"
    source_column: str = "source"
    title_column: str = "title"
    url_column: str = "url"
    date_column: str = "date"
    label_column: str = "label"


# --------------------------------------------------------------------------- decoding


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an article or row comes from: a file, a position in it, and the source it defaults to.

    Parameters
    ----------
    path : str
        The file, or ``"<stdin>"``.
    line : int or None
        1-based line where a JSONL or CSV row starts.
    row : int or None
        1-based row of a Parquet file; at most one of ``line`` and ``row`` is set.
    source : str or None
        Source for the article when its row or page names none.

    Examples
    --------
    >>> origin = Origin("feed.jsonl", source="Wire").at_line(3)
    >>> record = origin.error("invalid JSON")
    >>> record.id, record.source, record.line, record.error
    ('feed.jsonl:3', 'Wire', 3, 'line 3: invalid JSON')
    >>> Origin("a.txt").error("file is empty", record_id="a.txt").error
    'file is empty'
    """

    path: str
    line: int | None = None
    row: int | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        if self.line is not None and self.row is not None:
            raise ValueError("an origin has a line or a row, not both")

    def at_line(self, line: int) -> Origin:
        """The same file and source, at ``line``."""
        return replace(self, line=line, row=None)

    def at_row(self, row: int) -> Origin:
        """The same file and source, at Parquet ``row``."""
        return replace(self, line=None, row=row)

    @property
    def position(self) -> int | None:
        """The line or row number, as :attr:`Record.line` holds it."""
        return self.line if self.line is not None else self.row

    @property
    def default_id(self) -> str:
        """The id of an article that names none: ``"<path>:<position>"``, or the path."""
        return self.path if self.position is None else f"{self.path}:{self.position}"

    def error(self, reason: str, *, warning: str | None = None, record_id: str | None = None) -> Record:
        """The record of an article or row from here that could not be read, and why.

        Parameters
        ----------
        reason : str
            One-line reason; prefixed with ``"line N: "`` or ``"row N: "`` when
            the origin has a position.
        warning : str, optional
            Something recovered from before the error was found.
        record_id : str, optional
            The article's id, when known; :attr:`default_id` otherwise.

        Returns
        -------
        Record
            With empty text and ``error`` set.
        """
        if self.line is not None:
            reason = f"line {self.line}: {reason}"
        elif self.row is not None:
            reason = f"row {self.row}: {reason}"
        return Record(
            id=record_id or self.default_id,
            text="",
            source=self.source,
            path=self.path,
            line=self.position,
            error=reason,
            warning=warning,
        )


def join_warnings(*warnings: str | None) -> str | None:
    """Join the warnings that are set with ``"; "``, or None when none is.

    Examples
    --------
    >>> join_warnings("duplicate id", None, "not valid UTF-8; decoded as cp1252")
    'duplicate id; not valid UTF-8; decoded as cp1252'
    >>> join_warnings(None) is None
    True
    """
    return "; ".join(warning for warning in warnings if warning) or None


def _id_key(record_id: str) -> int:
    """An 8-byte hash of an id: what duplicate tracking keeps, whatever the id's length."""
    digest = hashlib.blake2b(record_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def mark_duplicate_ids(records: Iterable[Record]) -> Iterator[Record]:
    """Warn on an id seen before; up to ``MAX_TRACKED_IDS`` distinct ids are remembered, as hashes."""
    seen: set[int] = set()
    for record in records:
        key = _id_key(record.id)
        if key in seen:
            yield replace(record, warning=join_warnings(record.warning, DUPLICATE_ID_WARNING))
        elif len(seen) < limits.MAX_TRACKED_IDS:
            seen.add(key)
            yield record
        else:
            if len(seen) == limits.MAX_TRACKED_IDS:
                seen.add(-1)  # a hash is never negative: marks that the warning was given once
                untracked = f"over {limits.MAX_TRACKED_IDS} ids: later duplicate ids are not flagged"
                record = replace(record, warning=join_warnings(record.warning, untracked))
            yield record
