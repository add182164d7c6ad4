"""Where the shared corpora and the corpus manifests are.

The corpora are licensed research data outside the repository; the manifests
describing them are package data (``hypedetect/data/manifests``), so that an
installed wheel can train on the corpora too.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypedetect.errors import InputError

#: Environment variable that points at the folder holding the shared corpora.
ENV_VAR = "HYPEDETECT_CORPORA"

#: The manifests shipped with the package, one ``<corpus>.toml`` each.
SHIPPED_MANIFESTS = Path(__file__).resolve().parents[1] / "data" / "manifests"


class CorpusNotFoundError(InputError, FileNotFoundError):
    """A shared corpus folder or file is missing (also a ``FileNotFoundError``)."""


def corpora_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds the shared corpora.

    Parameters
    ----------
    path : path-like, optional
        Explicit folder; wins over everything else.

    Returns
    -------
    pathlib.Path
        ``path``, else ``$HYPEDETECT_CORPORA``, else ``../shared/corpora``
        relative to the current working directory; made absolute. The folder
        need not exist (loaders raise :class:`CorpusNotFoundError`).

    Examples
    --------
    >>> corpora_dir("/data/corpora").as_posix()
    '/data/corpora'
    """
    if path is None:
        path = os.environ.get(ENV_VAR) or Path("..") / "shared" / "corpora"
    return Path(path).expanduser().resolve()


def manifest_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder of corpus manifests (:data:`SHIPPED_MANIFESTS` unless another is given).

    Parameters
    ----------
    path : path-like, optional
        Another folder of ``<corpus>.toml`` manifests.

    Returns
    -------
    pathlib.Path
    """
    if path is not None:
        return Path(path)
    return SHIPPED_MANIFESTS


def list_manifests(directory: str | os.PathLike[str] | None = None) -> list[str]:
    """Return the names of all corpus manifests, sorted.

    Parameters
    ----------
    directory : path-like, optional
        Manifest folder; defaults to :func:`manifest_dir`.

    Returns
    -------
    list of str
    """
    return sorted(path.stem for path in manifest_dir(directory).glob("*.toml"))


def require_dir(root: Path) -> Path:
    """Return ``root``, or raise :class:`CorpusNotFoundError` when the corpora folder is missing."""
    if not root.is_dir():
        raise CorpusNotFoundError(root, f"shared corpora not found; set {ENV_VAR} to the folder that holds them")
    return root


def require_file(path: Path) -> Path:
    """Return ``path`` (``<corpora>/<corpus>/<file>``), or raise :class:`CorpusNotFoundError` naming what is missing."""
    if not path.is_file():
        require_dir(path.parent.parent)
        raise CorpusNotFoundError(path, f"corpus file not found; check {ENV_VAR} and the corpus CARD.md")
    return path


