"""Reading tables: JSONL, CSV, TSV and Parquet files, streamed one row at a time.

A row that cannot be read is an error record naming its line (or row), and
reading goes on with the next one; a file that cannot be read at all is one
error record. pyarrow is imported only when a Parquet file is read.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import astuple
from pathlib import Path
from typing import TextIO

from hypedetect.errors import InputError
from hypedetect.io import limits
from hypedetect.io.decoding import (
    CP1252_WARNING,
    LONE_SURROGATE,
    SNIFF_BYTES,
    detect_encoding,
    normalize_text,
    repair_escaped_bytes,
)
from hypedetect.io.limits import MIB, megabytes, os_error_reason, too_large_reason
from hypedetect.io.record import ColumnNames, Origin, Record

_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_DELIMITERS = {".csv": ",", ".tsv": "\t"}
_PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
TABLE_SUFFIXES = _JSONL_SUFFIXES | _DELIMITERS.keys() | _PARQUET_SUFFIXES
"""Extensions of the files read as one article per line or row."""
# Rows per Parquet batch: with only the needed columns read, memory stays flat
# whatever the file size, yet each batch is large enough to convert quickly.
_PARQUET_BATCH_ROWS = 1024
_PARQUET_MAGIC = b"PAR1"


def table_records(origin: Origin, columns: ColumnNames) -> Iterator[Record]:
    """Read the rows of the JSONL, CSV, TSV or Parquet file ``origin.path``, by its extension.

    Parameters
    ----------
    origin : Origin
        The file (its extension is one of :data:`TABLE_SUFFIXES`) and the source
        of rows that name none.
    columns : ColumnNames
        The columns or fields to read.

    Yields
    ------
    Record
        One per row, in file order, or the error records of rows and files that
        could not be read.
    """
    suffix = Path(origin.path).suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        yield from _streamed_records(origin, lambda stream: _jsonl_rows(stream, origin, columns))
    elif suffix in _DELIMITERS:
        # The csv module's field limit is global; only ever raise it, so that long
        # articles fit and no other caller sees a lower limit than before.
        csv.field_size_limit(max(csv.field_size_limit(), limits.MAX_BYTES))
        delimiter = _DELIMITERS[suffix]
        yield from _streamed_records(origin, lambda stream: _csv_rows(stream, origin, delimiter, columns))
    elif suffix in _PARQUET_SUFFIXES:
        yield from _parquet_records(origin, columns)
    else:
        raise ValueError(f"not a table: {origin.path!r}")


def _streamed_records(origin: Origin, read_rows: Callable[[TextIO], Iterator[Record]]) -> Iterator[Record]:
    """Open a JSONL or CSV file and yield its rows, turning file-level failures into records."""
    try:
        stream = _open_text_stream(origin.path)
    except InputError as error:
        yield origin.error(error.reason)
        return
    except OSError as error:
        yield origin.error(os_error_reason(error))
        return
    last_line = 0
    with stream:
        try:
            for record in read_rows(stream):
                last_line = record.line or last_line
                yield record
        except (OSError, UnicodeDecodeError) as error:
            cause = f"not valid {error.encoding}" if isinstance(error, UnicodeDecodeError) else os_error_reason(error)
            yield origin.error(f"{cause}; stopped reading after line {last_line}")


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
    binary = limits.open_binary(path)
    try:
        head = binary.read(SNIFF_BYTES)
        encoding = detect_encoding(head, path)
    except BaseException:
        binary.close()
        raise
    errors = "strict" if encoding.startswith("utf-16") else "surrogateescape"
    return io.TextIOWrapper(io.BufferedReader(_Prefixed(head, binary)), encoding=encoding, errors=errors,
                            newline="")


def _lines(stream: TextIO) -> Iterator[str | None]:
    """Yield each line of ``stream``, or None for a line over :data:`~hypedetect.io.MAX_BYTES` (skipped)."""
    while line := stream.readline(limits.MAX_BYTES + 1):
        if len(line) > limits.MAX_BYTES and not line.endswith(("\n", "\r")):
            while (rest := stream.readline(MIB)) and not rest.endswith(("\n", "\r")):
                pass
            yield None
        else:
            yield line


def _jsonl_rows(stream: TextIO, origin: Origin, columns: ColumnNames) -> Iterator[Record]:
    saw_content = False
    for line_number, line in enumerate(_lines(stream), start=1):
        if line is not None and not line.strip():
            continue
        saw_content = True
        yield _jsonl_record(line, origin.at_line(line_number), columns)
    if not saw_content:
        yield origin.error("file contains only whitespace")


def _jsonl_record(line: str | None, origin: Origin, columns: ColumnNames) -> Record:
    if line is None:
        return origin.error(too_large_reason(None, "line"))
    line, warning = repair_escaped_bytes(line)
    try:
        fields = json.loads(line)
    except json.JSONDecodeError as error:
        # json ends one message with "at" ("Invalid control character at"); say it once.
        reason = f"invalid JSON ({error.msg.removesuffix(' at')} at column {error.colno})"
        return origin.error(reason, warning=warning)
    except RecursionError:
        reason = "invalid JSON (nested too deeply)"
        return origin.error(reason, warning=warning)
    if not isinstance(fields, dict):
        reason = f"expected a JSON object, got {type(fields).__name__}"
        return origin.error(reason, warning=warning)
    return _row_record(fields, origin, columns, warning)


class _LineTooLongError(Exception):
    """A physical line over :data:`~hypedetect.io.MAX_BYTES` (its rest is skipped)."""

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
            line = self._stream.readline(limits.MAX_BYTES + 1)
            if not line:
                raise StopIteration
            self._count += 1
            number = self._count
            if len(line) > limits.MAX_BYTES and not line.endswith(("\n", "\r")):
                while (rest := self._stream.readline(MIB)) and not rest.endswith(("\n", "\r")):
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
        return f"malformed CSV (a field is over the {megabytes(limits.MAX_BYTES)} MB limit)"
    return f"malformed CSV ({message})"


def _csv_rows(stream: TextIO, origin: Origin, delimiter: str, columns: ColumnNames) -> Iterator[Record]:
    """The rows of a CSV or TSV file; a malformed row is an error record and reading goes on at the next line."""
    lines = _Lines(stream)

    def reader():
        return csv.reader(lines, delimiter=delimiter, strict=True)

    rows = reader()
    try:
        header = next((row for row in rows if row), None)
    except (csv.Error, _LineTooLongError) as error:
        reason = "line is too long" if isinstance(error, _LineTooLongError) else str(error)
        yield origin.at_line(lines.row_start()).error(f"malformed CSV header ({reason})")
        return
    if header is None:
        yield origin.error("file contains only whitespace")
        return
    header = [repair_escaped_bytes(name)[0].strip() for name in header]
    if columns.text_column not in header:
        found = ", ".join(repr(name) for name in header)
        yield origin.error(f"no {columns.text_column!r} column; columns found: {found}")
        return
    repeated = [name for name, count in Counter(header).items() if count > 1]
    if repeated:
        names = ", ".join(repr(name) for name in repeated)
        yield origin.error(f"duplicate column names: {names}; rename them")
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
            yield origin.at_line(lines.row_start()).error(_csv_problem(error))
            lines.read_again_after_start()
            rows = reader()
        except _LineTooLongError as error:
            saw_row = True
            start = lines.row_start() if lines.taken else error.number
            reason = f"line {error.number} is over the {megabytes(limits.MAX_BYTES)} MB limit"
            yield origin.at_line(start).error(reason)
            lines.read_again_after_start(skip=error.number)
            rows = reader()
        else:
            if row:
                saw_row = True
                yield _csv_record(row, header, origin.at_line(lines.row_start()), columns)
    if not saw_row:
        yield origin.error("no rows after the header")


def _csv_record(row: list[str], header: list[str], origin: Origin, columns: ColumnNames) -> Record:
    if len(row) != len(header):
        return origin.error(f"row has {len(row)} fields, header has {len(header)}")
    if any("\x00" in cell for cell in row):
        return origin.error("binary data (NUL bytes)")
    repaired = [repair_escaped_bytes(cell) for cell in row]
    warning = CP1252_WARNING if any(cell_warning for _, cell_warning in repaired) else None
    fields = dict(zip(header, (cell for cell, _ in repaired), strict=True))
    return _row_record(fields, origin, columns, warning)


def _row_record(fields: dict[str, object], origin: Origin, columns: ColumnNames, warning: str | None) -> Record:
    """Build the record of one JSONL, CSV or Parquet row (at ``origin``'s line or row) from its fields."""
    record_id = _optional_str(fields.get(columns.id_column)) or origin.default_id
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
        return origin.error(reason, warning=warning, record_id=record_id)
    label = fields.get(columns.label_column)
    return Record(
        id=record_id,
        text=normalize_text(text),
        source=_optional_str(fields.get(columns.source_column)) or origin.source,
        title=_optional_str(fields.get(columns.title_column)),
        url=_optional_str(fields.get(columns.url_column)),
        date=_optional_str(fields.get(columns.date_column)),
        label=_optional_str(label) if isinstance(label, str) else label,
        path=origin.path,
        line=origin.position,
        warning=warning,
    )


def _optional_str(value: object) -> str | None:
    """Return ``value`` as stripped text, or None when it is missing or blank."""
    if value is None:
        return None
    text = value.strip() if isinstance(value, str) else str(value)
    return LONE_SURROGATE.sub("\ufffd", text) or None


# --------------------------------------------------------------------------- Parquet


def _parquet_records(origin: Origin, columns: ColumnNames) -> Iterator[Record]:
    """Stream the rows of a Parquet file, a batch of the needed columns at a time.

    Row groups are read one after another, so damage inside one costs only the
    rows of that group that were not read yet: they come out as one error
    record naming their range, and the next group is read as usual.
    """
    # Imported here: pyarrow is large, and only Parquet inputs need it.
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        if not stat.S_ISREG(os.stat(origin.path).st_mode):
            yield origin.error("Parquet is read from regular files only, not a pipe or device")
            return
        stream = limits.open_binary(origin.path)
    except OSError as error:
        yield origin.error(os_error_reason(error))
        return
    with stream:
        head = stream.read(len(_PARQUET_MAGIC))
        if not head:
            yield origin.error("file is empty")
            return
        if head != _PARQUET_MAGIC:
            yield origin.error("not a Parquet file (no PAR1 signature)")
            return
        stream.seek(0)
        # A damaged footer can also hold names or metadata that are not UTF-8.
        damage = (pa.ArrowException, OSError, UnicodeDecodeError)
        try:
            parquet = pq.ParquetFile(stream)
            names = parquet.schema_arrow.names
        except damage as error:
            yield origin.error(f"corrupt Parquet file ({_one_line(error)})")
            return
        if columns.text_column not in names:
            found = ", ".join(repr(name) for name in names)
            yield origin.error(f"no {columns.text_column!r} column; columns found: {found}")
            return
        wanted = [name for name in dict.fromkeys(astuple(columns)) if name in names]
        repeated = [name for name in wanted if names.count(name) > 1]
        if repeated:
            found = ", ".join(repr(name) for name in repeated)
            yield origin.error(f"duplicate column names: {found}; rename them")
            return
        rows_before, produced = 0, False
        for group in range(parquet.num_row_groups):
            try:
                group_rows = parquet.metadata.row_group(group).num_rows
                group_bytes = _uncompressed_bytes(parquet.metadata.row_group(group), wanted)
            except damage as error:  # the row group's own metadata is damaged: its rows cannot be counted
                produced = True
                yield origin.at_row(rows_before + 1).error(f"corrupt Parquet row group {group + 1} "
                                                            f"({_one_line(error)})")
                continue
            row_number = rows_before
            if group_rows == 1 and group_bytes > limits.MAX_BYTES:
                # One row holding more than the limit: refused from the file's metadata, before it is inflated.
                produced, rows_before = True, rows_before + 1
                yield origin.at_row(rows_before).error(too_large_reason(group_bytes, "row"))
                continue
            try:
                batches = parquet.iter_batches(batch_size=_batch_rows(group_rows, group_bytes), row_groups=[group],
                                               columns=wanted)
                for batch in batches:
                    for fields in _parquet_rows(batch):
                        row_number += 1
                        produced = True
                        if isinstance(fields, str):
                            yield origin.at_row(row_number).error(fields)
                        else:
                            yield _row_record(fields, origin.at_row(row_number), columns, None)
            except damage as error:
                problem = _one_line(error)
            else:
                read = row_number - rows_before
                problem = None if read >= group_rows else f"the row group holds {group_rows} rows, {read} were read"
            if problem is not None:
                produced = True
                yield _lost_rows_record(origin, row_number, rows_before + group_rows, problem)
            rows_before = max(row_number, rows_before + group_rows)
        if not produced:
            yield origin.error("file has no rows")


def _lost_rows_record(origin: Origin, last_read: int, last_row: int, problem: str) -> Record:
    """The one record standing for the rows of a damaged row group after ``last_read``."""
    lost = f"rows {last_read + 1}-{last_row}" if last_read < last_row else f"after row {last_read}"
    return origin.error(f"{lost}: corrupt Parquet data ({problem})", record_id=f"{origin.path}:{lost}")


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _uncompressed_bytes(row_group, names: list[str]) -> int:
    """What the ``names`` columns of a row group inflate to, from the file's metadata."""
    chunks = (row_group.column(index) for index in range(row_group.num_columns))
    return sum(chunk.total_uncompressed_size for chunk in chunks if chunk.path_in_schema in names)


def _batch_rows(group_rows: int, group_bytes: int) -> int:
    """Rows per batch such that a batch of average rows stays near :data:`~hypedetect.io.MAX_BYTES`."""
    if group_bytes <= limits.MAX_BYTES:
        return _PARQUET_BATCH_ROWS
    return max(1, min(_PARQUET_BATCH_ROWS, group_rows * limits.MAX_BYTES // group_bytes))


def _oversized_rows(batch) -> list[str | None]:
    """For each row of a batch, why it is over the size limit (a text or binary cell too long), or None."""
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
            if length is not None and length > limits.MAX_BYTES and reasons[index] is None:
                reasons[index] = too_large_reason(length, repr(name))
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
    :data:`~hypedetect.io.MAX_BYTES` makes its row an error before it becomes a Python string.
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


