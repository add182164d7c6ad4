"""The size limits every reader checks, and the one place where input files are opened.

The readers look these names up when they run, not when they are imported, and
:mod:`hypedetect.io` forwards ``hypedetect.io.MAX_BYTES = ...`` (and the same for
:data:`MAX_TRACKED_IDS` and ``open``) here, so setting a limit on the package
changes it for every format at once.
"""

from __future__ import annotations

import math
from typing import BinaryIO

MAX_BYTES = 64 * 1024 * 1024
"""Largest text or HTML article (and largest JSONL line, CSV field or Parquet cell) read, in bytes."""

MAX_TRACKED_IDS = 1_000_000
"""Distinct ids a run remembers (as 8-byte hashes, about 70 MB) to flag duplicates; later ids are not checked."""

MIB = 1024 * 1024


def open_binary(path: str) -> BinaryIO:
    """Open an input file for reading bytes: every reader opens files through here.

    Examples
    --------
    >>> with open_binary(__file__) as stream:
    ...     len(stream.read(3))
    3
    """
    return open(path, "rb")


def megabytes(size: int) -> str:
    """A size in bytes as megabytes, rounded up to one decimal.

    Examples
    --------
    >>> megabytes(64 * 1024 * 1024), megabytes(1)
    ('64', '0.1')
    """
    return f"{math.ceil(size * 10 / MIB) / 10:g}"


def too_large_reason(size: int | None, what: str = "file") -> str:
    """Why an input of ``size`` bytes (None: not known) is refused.

    Examples
    --------
    >>> too_large_reason(100 * 1024 * 1024)
    'file is 100 MB, over the 64 MB limit'
    >>> too_large_reason(None, "line")
    'line is over the 64 MB limit'
    """
    limit = f"over the {megabytes(MAX_BYTES)} MB limit"
    return f"{what} is {megabytes(size)} MB, {limit}" if size is not None else f"{what} is {limit}"


def os_error_reason(error: OSError) -> str:
    """The operating system's reason, in lower case, as error records state it.

    Examples
    --------
    >>> os_error_reason(PermissionError(13, "Permission denied"))
    'permission denied'
    """
    return (error.strerror or str(error)).lower()
