"""Saving and loading models with skops (never pickle), behind an explicit allow-list.

A model file can come from anyone. :func:`load_model` first asks skops which
types the file would build; if any is outside :data:`TRUSTED_TYPES` (the
scikit-learn, NumPy and hypedetect types a hypedetect model is made of), the
file is refused before anything in it is constructed. Pickle and joblib files
are refused outright.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

import numpy as np
from sklearn.pipeline import FeatureUnion, Pipeline

from hypedetect.errors import ModelError
from hypedetect.features import DEFAULT_EXTRACTORS

__all__ = ["DEFAULT_MODEL", "TRUSTED_TYPES", "atomic_write_text", "load_card", "load_model", "save_model"]

#: The default model shipped with the package (``models/default.skops`` in a checkout).
DEFAULT_MODEL = "default.skops"

#: Every type a hypedetect model may contain. Anything else is refused.
TRUSTED_TYPES = (
    *(f"{cls.__module__}.{cls.__qualname__}" for cls in DEFAULT_EXTRACTORS),
    "hypedetect.features.FeatureSet",
    "hypedetect.model.LogRates",
    "hypedetect.model.SignedLogisticRegression",
    "sklearn.pipeline.Pipeline",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.preprocessing._data.StandardScaler",
    "sklearn.utils._set_output._SetOutputMixin",
    "builtins.bool",
    "builtins.float",
    "builtins.int",
    "builtins.str",
    "builtins.tuple",
    "builtins.list",
    "builtins.dict",
    "builtins.NoneType",
    "numpy.ndarray",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.bool_",
)

_PICKLE_MAGIC = (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05")

# The shipped model's schema is about 4 MB; a far larger one is a zip bomb, not a model.
_MAX_SCHEMA_BYTES = 64 * 1024 * 1024


def save_model(model: Pipeline, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` to ``path`` with skops, atomically (temporary file, then rename).

    Parameters
    ----------
    model : Pipeline
    path : str or path-like
        Target file; should end in ``.skops``.

    Returns
    -------
    pathlib.Path
    """
    import skops.io as sio

    _drop_pandas_caches(model)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        sio.dump(model, temporary)
        os.chmod(temporary, 0o644)  # mkstemp creates 0600; a model file is meant to be shared
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def atomic_write_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file and a rename: never a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _drop_pandas_caches(model: Pipeline) -> None:
    """Turn the column caches a pandas-output FeatureUnion keeps into plain arrays.

    ``FeatureUnion`` stores each part's output columns as a ``pandas.Index`` (a
    fallback it uses only for parts without ``get_feature_names_out``; ours all
    have it). skops cannot serialise an Index, and the model needs no pandas
    object, so the same names are kept as NumPy arrays.
    """
    for _, step in model.steps:
        cached = getattr(step, "_transformers_feature_names_out", None)
        if isinstance(step, FeatureUnion) and cached is not None:
            step._transformers_feature_names_out = [np.asarray(names, dtype=object) for names in cached]


def _types_in(path: Path) -> set[str]:
    """Return every ``module.Class`` named anywhere in a skops file's schema, without building anything.

    skops itself trusts all of scikit-learn by default; hypedetect trusts less:
    only the types its own models are made of.
    """
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo("schema.json").file_size
        if size > _MAX_SCHEMA_BYTES:
            raise ValueError(f"schema.json is {size} bytes, over the {_MAX_SCHEMA_BYTES} byte limit")
        schema = json.loads(archive.read("schema.json"))
    found: set[str] = set()
    pending = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if "__module__" in node and "__class__" in node:
                found.add(f"{node['__module__']}.{node['__class__']}")
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return found


def _default_model_path() -> Path:
    return Path(str(resources.files("hypedetect.data").joinpath(DEFAULT_MODEL)))


def load_model(path: str | os.PathLike[str] | None = None) -> Pipeline:
    """Load a fitted hypedetect model; the shipped default when ``path`` is None.

    Parameters
    ----------
    path : str or path-like, optional
        A ``.skops`` file written by :func:`save_model` or ``hypedetect train``.

    Returns
    -------
    Pipeline
        ``predict_proba(texts)[:, 1]`` is the promotional probability.

    Raises
    ------
    ModelError
        If the file is missing, is a pickle/joblib file, is not a skops file, or
        holds any type outside :data:`TRUSTED_TYPES` (named in the message).
    """
    import skops.io as sio

    path = Path(path) if path is not None else _default_model_path()
    if not path.is_file():
        raise ModelError(path, "model file not found")
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head[:2] in _PICKLE_MAGIC:
        raise ModelError(path, "pickle/joblib files are never loaded (they can run code); use a .skops model")
    if not zipfile.is_zipfile(path):
        raise ModelError(path, "not a skops model file")
    try:
        untrusted = sorted(_types_in(path) - set(TRUSTED_TYPES))
    except Exception as error:  # noqa: BLE001 - a corrupt file must become one clean line
        raise ModelError(path, f"cannot read model ({type(error).__name__}: {error})") from None
    if untrusted:
        raise ModelError(path, f"refused: the file contains types hypedetect does not trust: {', '.join(untrusted)}")
    try:
        model = sio.load(path, trusted=list(TRUSTED_TYPES))
    except Exception as error:  # noqa: BLE001
        raise ModelError(path, f"cannot load model ({type(error).__name__}: {error})") from None
    if not isinstance(model, Pipeline):
        raise ModelError(path, f"expected a scikit-learn Pipeline, found {type(model).__name__}")
    return model


def load_card(path: str | os.PathLike[str] | None = None) -> dict:
    """Return the model card (``<model>.card.json``) of a model file, or ``{}`` when there is none.

    Parameters
    ----------
    path : str or path-like, optional
        The model file; the shipped default when None.
    """
    model_path = Path(path) if path is not None else _default_model_path()
    card_path = model_path.with_suffix(".card.json")
    try:
        return json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
