"""Writing scored rows as they come: table, CSV, JSON or JSONL, to a file or standard output.

A file is written to ``<output>.partial`` chunk by chunk (created exclusively,
locked against a second run, see :mod:`hypedetect.safefile`), each chunk
flushed and followed by a checkpoint (``<output>.partial.json``: rows written,
bytes, their digest, what scored them, each partition's input fingerprint).
When the run ends the partial file is renamed over ``<output>``, so a crash
never leaves a half-written file in place of a good one, and a killed run
loses nothing it wrote: :func:`open_rows` with ``resume=True`` checks the
checkpoint against the partial file, cuts the partial file back to it and
continues from there.

CSV cells that a spreadsheet would run as a formula are neutralised (OWASP
"CSV injection"): text cells starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return get a leading ``'``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import pandas as pd

from hypedetect.errors import HypedetectError, terminal_safe
from hypedetect.formats import FORMATS
from hypedetect.safefile import Replacement, replace_small_file, sibling, write_error_reason

__all__ = ["FORMATS", "Checkpoint", "RowWriter", "format_table", "neutralise_formulas", "open_rows", "read_checkpoint"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with ``'``.

    Examples
    --------
    >>> neutralise_formulas(pd.DataFrame({"id": ["=1+1", "ok"]}))["id"].tolist()
    ["'=1+1", 'ok']
    """
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda v: f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v)
    return safe


def format_table(frame: pd.DataFrame) -> str:
    """Render rows as an aligned plain-text table: short column names, two decimals, ``-`` for missing.

    Control characters in text cells (terminal escape codes) are shown escaped.
    """
    shown = frame.copy()
    text_columns = [c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c])]
    shown[text_columns] = shown[text_columns].astype(object).where(shown[text_columns].notna(), "-")
    for column in text_columns:
        shown[column] = shown[column].map(terminal_safe)
    shown.columns = [c.split("__", 1)[-1] for c in shown.columns]
    return shown.to_string(index=False, float_format=lambda v: f"{v:.2f}", na_rep="-") + "\n"


def _header(fmt: str, columns: Sequence[str]) -> str:
    if fmt == "csv":
        return pd.DataFrame(columns=list(columns)).to_csv(index=False)
    return "[\n" if fmt == "json" else ""


def _rows_text(frame: pd.DataFrame, fmt: str, *, first: bool) -> str:
    """The rows of ``frame`` in a streamable format (no header); ``first`` when no row precedes them."""
    if frame.empty:
        return ""
    if fmt == "csv":
        return neutralise_formulas(frame).to_csv(index=False, header=False)
    lines = frame.to_json(orient="records", lines=True, force_ascii=False).rstrip("\n")
    if fmt == "json":
        return ("" if first else ",\n") + lines.replace("\n", ",\n")
    return lines + "\n"


def _footer(fmt: str) -> str:
    return "\n]\n" if fmt == "json" else ""


@dataclass
class Checkpoint:
    """How far a streamed output got: enough to resume it, and to check that resuming is safe.

    Attributes
    ----------
    format : str
    columns : list of str
    rows : int
        Input rows written (one output row each).
    bytes : int
        Size of the partial file after the last complete chunk.
    last_id : str or None
        Id of the last row written.
    failures : int
        Inputs that failed so far (the exit code counts them).
    identity : str
        What scored the rows (a hash of the model file and options); a resume must match it.
    partitions : list of [int, str]
        Rows and input fingerprint of each partition written, so that a resume can
        tell an input that changed since.
    digest : str
        SHA-256 of the partial file's first ``bytes`` bytes.
    """

    format: str
    columns: list[str]
    rows: int = 0
    bytes: int = 0
    last_id: str | None = None
    failures: int = 0
    identity: str = ""
    partitions: list[list] = field(default_factory=list)
    digest: str = hashlib.sha256().hexdigest()


class RowWriter:
    """Rows to standard output, as they come (a table is printed at the end: it needs every row's width)."""

    def __init__(self, fmt: str, columns: Sequence[str], *, stream=None, resumed: Checkpoint | None = None) -> None:
        self.format = fmt
        self.checkpoint = resumed if resumed is not None else Checkpoint(fmt, list(columns))
        self._stream = stream if stream is not None else sys.stdout
        self._table: list[pd.DataFrame] = []
        self._started = resumed is not None and resumed.bytes > 0

    def _start(self) -> None:
        """Write the header, once, when the first rows (or the end) come."""
        if not self._started:
            self._started = True
            self._emit(_header(self.format, self.checkpoint.columns))

    @property
    def rows(self) -> int:
        """Rows written so far (including those of a resumed run)."""
        return self.checkpoint.rows

    def write(self, frame: pd.DataFrame, *, failures: int = 0, fingerprint: str | None = None) -> None:
        """Write one chunk of rows; ``failures`` is the running count of failed inputs.

        ``fingerprint`` identifies the input partition the rows were scored from
        (see :func:`hypedetect.scoring.partition_fingerprint`); it is kept in the
        checkpoint so that a resume can tell whether the input changed (``""``:
        not checked).
        """
        self._start()
        if self.format == "table":
            self._table.append(frame)
        else:
            self._emit(_rows_text(frame, self.format, first=self.checkpoint.rows == 0))
        self.checkpoint.rows += len(frame)
        if len(frame) and "id" in frame:
            self.checkpoint.last_id = str(frame["id"].iloc[-1])
        self.checkpoint.failures = failures
        if len(frame):
            self.checkpoint.partitions.append([len(frame), fingerprint or ""])
        self._saved()

    def finish(self) -> None:
        """Write what closes the output (a table, the end of a JSON array)."""
        self._start()
        if self.format == "table":
            frames = self._table or [pd.DataFrame(columns=self.checkpoint.columns)]
            self._emit(format_table(pd.concat(frames, ignore_index=True)))
        self._emit(_footer(self.format))

    def abort(self) -> None:
        """Stop after an error, keeping what was written (a file's partial part, to resume)."""

    def discard(self) -> None:
        """Stop without output: nothing was scored."""

    def _emit(self, text: str) -> None:
        if text:
            self._stream.write(text)
            self._stream.flush()

    def _saved(self) -> None:
        """Hook: called after each chunk is written."""


class _FileRowWriter(RowWriter):
    """Rows to ``<path>.partial`` (locked), checkpointed per chunk, renamed to ``path`` when finished.

    A character device or pipe given as ``path`` is written through instead,
    with no partial file and no checkpoint.
    """

    def __init__(self, path: Path, fmt: str, columns: Sequence[str], resumed: Checkpoint | None,
                 identity: str) -> None:
        self.path = path
        self.marker = _checkpoint_path(path)
        self._output = Replacement(path, keep=resumed.bytes if resumed is not None else None)
        self.partial = self._output.partial
        self._digest = _digest_of(self.partial, resumed.bytes) if resumed is not None else hashlib.sha256()
        super().__init__(fmt, columns, resumed=resumed)
        self.checkpoint.identity = identity
        try:
            self._saved()
        except BaseException:
            self._output.discard()
            raise

    def _emit(self, text: str) -> None:
        if self.format == "table" or not text:
            return
        data = text.encode("utf-8")
        self._output.write(data)
        self._digest.update(data)

    def _saved(self) -> None:
        if self._output.stream:
            return
        self.checkpoint.bytes = self._output.handle.tell()
        self.checkpoint.digest = self._digest.hexdigest()
        try:
            replace_small_file(self.marker, json.dumps(asdict(self.checkpoint)))
        except OSError as error:
            raise HypedetectError(self.marker, f"cannot write checkpoint ({write_error_reason(self.marker, error)})"
                                  ) from None

    def finish(self) -> None:
        self._start()
        if self.format == "table":
            frames = self._table or [pd.DataFrame(columns=self.checkpoint.columns)]
            self._output.write(format_table(pd.concat(frames, ignore_index=True)).encode("utf-8"))
        else:
            self._output.write(_footer(self.format).encode("utf-8"))
        self._output.commit()
        self.marker.unlink(missing_ok=True)

    def abort(self) -> None:
        if self.format == "table" or self.checkpoint.rows == 0 or self._output.stream:
            self.discard()  # nothing worth resuming
        else:
            self._output.release()

    def discard(self) -> None:
        self._output.discard()
        if not self._output.stream:
            self.marker.unlink(missing_ok=True)


def _digest_of(path: Path, size: int):
    """A SHA-256 hash object fed the first ``size`` bytes of ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while size > 0 and (block := stream.read(min(size, 1024 * 1024))):
            digest.update(block)
            size -= len(block)
    return digest


def _checkpoint_path(path: Path) -> Path:
    return sibling(path, ".partial.json")


_FIELD_TYPES = {"format": str, "columns": list, "rows": int, "bytes": int, "last_id": (str, type(None)),
                "failures": int, "identity": str, "partitions": list, "digest": str}


def _field_problem(saved: object) -> str | None:
    """What is wrong with the fields of a checkpoint read from JSON (names, types, ranges), if anything."""
    if not isinstance(saved, dict) or set(saved) != {f.name for f in fields(Checkpoint)}:
        return "its fields are not those of this version's checkpoints"
    for name, kind in _FIELD_TYPES.items():
        value = saved[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            return f"{name!r} is {type(value).__name__}"
    if saved["rows"] < 0 or saved["bytes"] < 0 or not 0 <= saved["failures"] <= saved["rows"]:
        return "'rows', 'bytes' or 'failures' is out of range"
    if not all(isinstance(name, str) for name in saved["columns"]):
        return "'columns' holds something other than names"
    parts = saved["partitions"]
    if not all(isinstance(part, list) and len(part) == 2 and type(part[0]) is int and part[0] > 0
               and isinstance(part[1], str) for part in parts):
        return "'partitions' is not a list of [rows, fingerprint]"
    if sum(part[0] for part in parts) != saved["rows"]:
        return f"its partitions hold {sum(part[0] for part in parts)} rows, not {saved['rows']}"
    return None


def _row_ends(path: Path, size: int, fmt: str) -> tuple[int, str, bool]:
    """Count the row-ending newlines in the first ``size`` bytes (outside CSV quotes); also the digest and last byte."""
    digest, newlines, quoted, last = hashlib.sha256(), 0, False, b""
    with open(path, "rb") as stream:
        while size > 0 and (block := stream.read(min(size, 1024 * 1024))):
            size -= len(block)
            digest.update(block)
            last = block[-1:]
            if fmt != "csv":
                newlines += block.count(b"\n")
                continue
            for position, piece in enumerate(block.split(b'"')):
                if position:
                    quoted = not quoted
                if not quoted:
                    newlines += piece.count(b"\n")
    return newlines, digest.hexdigest(), last == b"\n"


def _expected_row_ends(fmt: str, rows: int, size: int) -> int:
    """The newlines the first ``size`` bytes hold after ``rows`` rows (header and separators included)."""
    if fmt == "csv":
        return rows + 1 if size else 0
    return rows


def _check_against_partial(saved: Checkpoint, partial: Path) -> str | None:
    """Why the partial file is not what the checkpoint says, if it is not."""
    size = partial.stat().st_size
    if size < saved.bytes:
        return f"the partial file is {size} bytes, shorter than its checkpoint's {saved.bytes}"
    newlines, digest, ends_in_newline = _row_ends(partial, saved.bytes, saved.format)
    if digest != saved.digest:
        return f"its first {saved.bytes} bytes are not those the checkpoint recorded"
    if newlines != _expected_row_ends(saved.format, saved.rows, saved.bytes):
        return f"the checkpoint says {saved.rows} rows but the partial file's first {saved.bytes} bytes hold others"
    if saved.format in ("csv", "jsonl") and saved.bytes and not ends_in_newline:
        return f"byte {saved.bytes} is not the end of a row"
    return None


def read_checkpoint(path: str | os.PathLike[str], fmt: str, columns: Sequence[str],
                    identity: str | None = None) -> Checkpoint | None:
    """Return the checkpoint of an interrupted run writing ``path``, or ``None`` if there is none.

    The checkpoint is checked before it is trusted: its fields' types and
    ranges, then the partial file's size, digest and row count against it.

    Parameters
    ----------
    path : path
    fmt : str
    columns : sequence of str
    identity : str, optional
        What scores the resumed rows (see :class:`Checkpoint`); refused when it
        is not what scored the rows already written.

    Raises
    ------
    HypedetectError
        If the checkpoint is damaged or does not match the partial file, or the
        partial output was written in another format, with other columns or by
        another model.
    """
    path = Path(path)
    marker, partial = _checkpoint_path(path), sibling(path, ".partial")
    if not marker.is_file() or not partial.is_file():
        return None
    try:
        raw = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise HypedetectError(marker, f"unreadable checkpoint ({error}); delete it to start again") from None
    problem = _field_problem(raw)
    if problem is not None:
        raise HypedetectError(marker, f"damaged checkpoint: {problem}; delete it and {partial.name} to start again")
    saved = Checkpoint(**raw)
    if saved.format != fmt or list(saved.columns) != list(columns):
        raise HypedetectError(partial, f"written as {saved.format} with other columns; "
                              "resume with the same --format and options, or delete it to start again")
    if identity is not None and saved.identity != identity:
        raise HypedetectError(partial, "written with another model or lexicons; resume with the same --model, "
                              "--no-model and --lexicon options, or delete it to start again")
    problem = _check_against_partial(saved, partial)
    if problem is not None:
        raise HypedetectError(partial, f"does not match its checkpoint ({problem}); delete it and "
                              f"{marker.name} to start again")
    return saved


def open_rows(
    output: str | os.PathLike[str] | None, fmt: str, columns: Sequence[str], *, resume: bool = False,
    identity: str = "",
) -> RowWriter:
    """Return a writer for rows: to ``output`` (through a partial file) or to standard output.

    Parameters
    ----------
    output : path or None
        File to write; ``None`` writes to standard output.
    fmt : {"table", "csv", "json", "jsonl"}
    columns : sequence of str
        The columns every chunk has (the CSV header, the resume check).
    resume : bool
        Continue an interrupted run on ``output`` from its last checkpoint.
    identity : str
        What scores the rows (see :class:`Checkpoint`), recorded, and checked on resume.

    Raises
    ------
    HypedetectError
        If the output cannot be opened (not a regular file, or another run is
        writing it) or the run cannot be resumed.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if output is None:
        if resume:
            raise HypedetectError("--resume", "needs an output file (-o)")
        return RowWriter(fmt, columns)
    path = Path(output)
    if resume and fmt == "table":
        raise HypedetectError(path, "a table is written at the end and cannot be resumed; use csv, json or jsonl")
    resumed = read_checkpoint(path, fmt, columns, identity) if resume else None
    try:
        return _FileRowWriter(path, fmt, columns, resumed, identity)
    except OSError as error:
        raise HypedetectError(path, f"cannot write output ({write_error_reason(path, error)})") from None

