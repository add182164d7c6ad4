"""Writing an output file without ever destroying what it replaces.

:class:`Replacement` writes ``<target>.partial`` next to the target and renames
it over the target only when the caller commits. The partial file is created
exclusively and never through a symbolic link, and it carries an advisory lock
(``flock``) for as long as the writer lives, so a second run writing the same
output is refused at once instead of mixing its rows into the first run's.

Only a regular file (or a name that does not exist yet) is ever replaced. A
character device or a named pipe (``/dev/null``, ``/dev/stdout``, a FIFO) is
written through, without a partial file or a rename; a directory, block device
or socket is refused with a one-line error.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

from hypedetect.errors import HypedetectError

__all__ = ["Replacement", "atomic_write_text", "file_digest", "replace_small_file", "sibling", "write_error_reason"]

# POSIX NAME_MAX on every common file system; a longer sibling name is shortened to a hash.
_NAME_MAX = 255
_DIGEST_CHARS = 16


def sibling(path: Path, suffix: str) -> Path:
    """Return ``<path><suffix>``, or a short hashed name in the same folder when that name is too long.

    Examples
    --------
    >>> sibling(Path("out/scores.csv"), ".partial").name
    'scores.csv.partial'
    >>> len(sibling(Path("x" * 250), ".partial.json").name) < 64
    True
    """
    path = Path(path)
    name = path.name + suffix
    if len(os.fsencode(name)) <= _NAME_MAX:
        return path.with_name(name)
    digest = hashlib.sha256(os.fsencode(path.name)).hexdigest()[:_DIGEST_CHARS]
    return path.with_name(f".hypedetect-{digest}{suffix}")


def file_digest(path: str | os.PathLike[str]) -> str:
    """Return the SHA-256 of a file's bytes, read in blocks (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def write_error_reason(path: Path, error: OSError) -> str:
    """Why ``path`` cannot be written, in plain words (a file where a folder should be, no space left, ...)."""
    blocking = next((parent for parent in Path(path).parents if os.path.lexists(parent)), None)
    if blocking is not None and not blocking.is_dir():
        return f"{blocking} is a file, not a folder"
    return (error.strerror or str(error)).lower()


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _target_kind(path: Path, *, streams: bool) -> str:
    """``"file"`` (missing or regular: replaced) or ``"stream"`` (device or pipe: written through)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "file"
    except OSError as error:
        raise HypedetectError(path, f"cannot write output ({write_error_reason(path, error)})") from None
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        if streams:
            return "stream"
        raise HypedetectError(path, "is a device or pipe, not a regular file; give a file name")
    kind = next(name for test, name in _KINDS if test(mode))
    raise HypedetectError(path, f"is {kind}, not a regular file; only regular files are replaced")


def _open_locked_partial(partial: Path, target: Path) -> int:
    """Open ``partial`` for writing: created exclusively, never through a link, locked; return its descriptor."""
    flags = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        descriptor = os.open(partial, flags | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        try:
            descriptor = os.open(partial, flags)  # left by a run that ended; checked and locked below
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise HypedetectError(partial, "is a symbolic link; refusing to write through it "
                                      "(delete it)") from None
            raise
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise HypedetectError(partial, "is not a regular file; delete it")
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise HypedetectError(target, "another hypedetect run is writing this output now "
                                  f"(it holds {partial.name}); wait for it, or choose another -o") from None
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


class Replacement:
    """An output being written: ``handle`` is where its bytes go until :meth:`commit`.

    Parameters
    ----------
    target : path
        The file to (re)place.
    keep : int or None
        Resume: keep the first ``keep`` bytes of an existing partial file and
        continue after them. ``None`` starts from nothing.
    streams : bool
        Write a character device or named pipe through (``True``) or refuse it.

    Raises
    ------
    HypedetectError
        If the target is not a regular file (and not a stream allowed by
        ``streams``), the partial file is a link or is locked by another run,
        or the file cannot be created.
    """

    def __init__(self, target: str | os.PathLike[str], *, keep: int | None = None, streams: bool = True) -> None:
        self.target = Path(target)
        self.partial = sibling(self.target, ".partial")
        self.stream = _target_kind(self.target, streams=streams) == "stream"
        if self.stream and keep is not None:
            raise HypedetectError(self.target, "a device or pipe cannot be resumed; write to a regular file")
        try:
            if self.stream:
                self.handle: BinaryIO = open(self.target, "wb")  # noqa: SIM115 - closed in commit()/discard()
                return
            self.target.parent.mkdir(parents=True, exist_ok=True)
            descriptor = _open_locked_partial(self.partial, self.target)
        except OSError as error:
            raise HypedetectError(self.target, f"cannot write output ({write_error_reason(self.target, error)})"
                                  ) from None
        self.handle = os.fdopen(descriptor, "r+b")
        self.handle.truncate(keep or 0)
        self.handle.seek(keep or 0)

    def write(self, data: bytes) -> None:
        """Write ``data``; a failure (disk full, ...) becomes one line naming the output."""
        try:
            self.handle.write(data)
            self.handle.flush()
        except OSError as error:
            raise HypedetectError(self.target, f"cannot write output ({write_error_reason(self.target, error)})"
                                  ) from None

    def commit(self, *, durable: bool = True) -> None:
        """Make the written bytes the target: flush, sync (when ``durable``), rename over it, unlock."""
        try:
            self.handle.flush()
            if self.stream:
                self.handle.close()
                return
            if durable:
                os.fsync(self.handle.fileno())
            _target_kind(self.target, streams=False)  # still a file we may replace
            os.replace(self.partial, self.target)
        except OSError as error:
            self.discard()
            raise HypedetectError(self.target, f"cannot write output ({write_error_reason(self.target, error)})"
                                  ) from None
        finally:
            self._close()

    def release(self) -> None:
        """Stop writing but keep the partial file (to resume later); unlock it."""
        self._close()

    def discard(self) -> None:
        """Stop writing and remove the partial file (the target is untouched)."""
        if not self.stream and not self.handle.closed:
            Path(self.partial).unlink(missing_ok=True)  # removed while still locked
        self._close()

    def _close(self) -> None:
        # Closing flushes what a failed write left buffered; that failure was already reported.
        with contextlib.suppress(OSError):
            self.handle.close()

    def __enter__(self) -> Replacement:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self.handle.closed:
            self.discard()


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` through a locked partial file and a rename: never a half-written file."""
    with Replacement(path) as output:
        output.write(text.encode("utf-8"))
        output.commit()
    return Path(path)


def replace_small_file(path: Path, text: str) -> None:
    """Replace ``path`` (a checkpoint) with ``text`` through a temporary file; a link is replaced, not followed."""
    _target_kind(path, streams=False)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".hypedetect-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
