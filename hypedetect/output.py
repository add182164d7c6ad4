"""Writing scored rows as they come: table, CSV, JSON or JSONL, to a file or standard output.

A file is written to ``<output>.partial`` chunk by chunk, each chunk flushed
and followed by a checkpoint (``<output>.partial.json``: rows written, bytes,
last id). When the run ends the partial file is renamed over ``<output>``, so
a crash never leaves a half-written file in place of a good one, and a killed
run loses nothing it wrote: :func:`open_rows` with ``resume=True`` cuts the
partial file back to its last checkpoint and continues from there.

CSV cells that a spreadsheet would run as a formula are neutralised (OWASP
"CSV injection"): text cells starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return get a leading ``'``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from hypedetect.errors import HypedetectError
from hypedetect.formats import FORMATS
from hypedetect.persistence import atomic_write_text

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
    """Render rows as an aligned plain-text table: short column names, two decimals, ``-`` for missing."""
    shown = frame.copy()
    text_columns = [c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c])]
    shown[text_columns] = shown[text_columns].astype(object).where(shown[text_columns].notna(), "-")
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
    """How far a streamed output got: enough to resume it.

    Attributes
    ----------
    format : str
    columns : list of str
    rows : int
        Input rows written (one output row each).
    bytes : int
        Size of the partial file after the last complete chunk.
    last_id : str or None
        Id of the last row written, to check the input is the same on resume.
    failures : int
        Inputs that failed so far (the exit code counts them).
    """

    format: str
    columns: list[str]
    rows: int = 0
    bytes: int = 0
    last_id: str | None = None
    failures: int = 0


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

    def write(self, frame: pd.DataFrame, *, failures: int = 0) -> None:
        """Write one chunk of rows; ``failures`` is the running count of failed inputs."""
        self._start()
        if self.format == "table":
            self._table.append(frame)
        else:
            self._emit(_rows_text(frame, self.format, first=self.checkpoint.rows == 0))
        self.checkpoint.rows += len(frame)
        if len(frame) and "id" in frame:
            self.checkpoint.last_id = str(frame["id"].iloc[-1])
        self.checkpoint.failures = failures
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
    """Rows to ``<path>.partial``, checkpointed per chunk, renamed to ``path`` when finished."""

    def __init__(self, path: Path, fmt: str, columns: Sequence[str], resumed: Checkpoint | None) -> None:
        self.path = path
        self.partial = _partial_path(path)
        self.marker = _checkpoint_path(path)
        handle: BinaryIO
        if resumed is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.partial, "wb")  # closed in finish()/abort()
        else:
            handle = open(self.partial, "r+b")
            handle.truncate(resumed.bytes)
            handle.seek(resumed.bytes)
        self._handle = handle
        super().__init__(fmt, columns, resumed=resumed)
        self._saved()

    def _emit(self, text: str) -> None:
        if self.format == "table" or not text:
            return
        self._handle.write(text.encode("utf-8"))
        self._handle.flush()

    def _saved(self) -> None:
        self.checkpoint.bytes = self._handle.tell()
        atomic_write_text(self.marker, json.dumps(asdict(self.checkpoint)))

    def finish(self) -> None:
        self._start()
        if self.format == "table":
            frames = self._table or [pd.DataFrame(columns=self.checkpoint.columns)]
            self._handle.write(format_table(pd.concat(frames, ignore_index=True)).encode("utf-8"))
        else:
            self._handle.write(_footer(self.format).encode("utf-8"))
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(self.partial, self.path)
        self.marker.unlink(missing_ok=True)

    def abort(self) -> None:
        self._handle.close()
        if self.format == "table" or self.checkpoint.rows == 0:
            self.discard()  # nothing worth resuming

    def discard(self) -> None:
        self._handle.close()
        self.partial.unlink(missing_ok=True)
        self.marker.unlink(missing_ok=True)


def _partial_path(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def _checkpoint_path(path: Path) -> Path:
    return path.with_name(path.name + ".partial.json")


def read_checkpoint(path: str | os.PathLike[str], fmt: str, columns: Sequence[str]) -> Checkpoint | None:
    """Return the checkpoint of an interrupted run writing ``path``, or ``None`` if there is none.

    Raises
    ------
    HypedetectError
        If the partial output was written in another format or with other
        columns, or is shorter than its checkpoint says.
    """
    path = Path(path)
    marker, partial = _checkpoint_path(path), _partial_path(path)
    if not marker.is_file() or not partial.is_file():
        return None
    try:
        saved = Checkpoint(**json.loads(marker.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as error:
        raise HypedetectError(marker, f"unreadable checkpoint ({error}); delete it to start again") from None
    if saved.format != fmt or list(saved.columns) != list(columns):
        raise HypedetectError(partial, f"written as {saved.format} with other columns; "
                              "resume with the same --format and options, or delete it to start again")
    if partial.stat().st_size < saved.bytes:
        raise HypedetectError(partial, "shorter than its checkpoint; delete it to start again")
    return saved


def open_rows(
    output: str | os.PathLike[str] | None, fmt: str, columns: Sequence[str], *, resume: bool = False
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

    Raises
    ------
    HypedetectError
        If the output cannot be opened or the run cannot be resumed.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if output is None:
        if resume:
            raise HypedetectError("--resume", "needs an output file (-o)")
        return RowWriter(fmt, columns)
    path = Path(output)
    resumed = read_checkpoint(path, fmt, columns) if resume else None
    if resume and fmt == "table":
        raise HypedetectError(path, "a table is written at the end and cannot be resumed; use csv, json or jsonl")
    try:
        return _FileRowWriter(path, fmt, columns, resumed)
    except OSError as error:
        raise HypedetectError(path, f"cannot write output ({_write_error_reason(path, error)})") from None


def _write_error_reason(path: Path, error: OSError) -> str:
    """Why ``path`` cannot be written, in plain words (a file where a folder should be, permissions, ...)."""
    blocking = next((parent for parent in path.parents if parent.exists()), None)
    if blocking is not None and not blocking.is_dir():
        return f"{blocking} is a file, not a folder"
    return (error.strerror or str(error)).lower()
