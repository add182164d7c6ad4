"""Locating the shared data beside the repo: skip when absent, fail under CI."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _require(path: Path, what: str, variable: str) -> Path:
    if path.is_dir():
        return path
    reason = f"{what} not found at {path}; set {variable}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: data tests must not skip)")
    pytest.skip(reason)


def examples_dir() -> Path:
    """$HYPEDETECT_EXAMPLES, else ``examples/`` beside $HYPEDETECT_CORPORA, else ../shared/examples."""
    if os.environ.get("HYPEDETECT_EXAMPLES"):
        return Path(os.environ["HYPEDETECT_EXAMPLES"])
    if os.environ.get("HYPEDETECT_CORPORA"):
        return Path(os.environ["HYPEDETECT_CORPORA"]).parent / "examples"
    return REPO.parent / "shared" / "examples"


def require_examples() -> Path:
    """Return the shared examples (see :func:`examples_dir`), skipping or failing when absent."""
    return _require(examples_dir(), "shared examples", "HYPEDETECT_EXAMPLES")


def require_corpora() -> Path:
    """Return ../shared/corpora (or $HYPEDETECT_CORPORA), skipping or failing when absent."""
    default = REPO.parent / "shared" / "corpora"
    return _require(Path(os.environ.get("HYPEDETECT_CORPORA", default)), "shared corpora", "HYPEDETECT_CORPORA")
