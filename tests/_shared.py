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


def require_examples() -> Path:
    """Return ../shared/examples (or $HYPEDETECT_EXAMPLES), skipping or failing when absent."""
    default = REPO.parent / "shared" / "examples"
    return _require(Path(os.environ.get("HYPEDETECT_EXAMPLES", default)), "shared examples", "HYPEDETECT_EXAMPLES")


def require_corpora() -> Path:
    """Return ../shared/corpora (or $HYPEDETECT_CORPORA), skipping or failing when absent."""
    default = REPO.parent / "shared" / "corpora"
    return _require(Path(os.environ.get("HYPEDETECT_CORPORA", default)), "shared corpora", "HYPEDETECT_CORPORA")
