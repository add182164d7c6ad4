"""Saving and loading models with skops (never pickle), behind an explicit allow-list.

A model file can come from anyone. :func:`load_model` first asks skops which
types the file would build; if any is outside :data:`TRUSTED_TYPES` (the
scikit-learn, NumPy and hypedetect types a hypedetect model is made of), the
file is refused before anything in it is constructed. Pickle and joblib files
are refused outright.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from importlib import resources
from pathlib import Path

import numpy as np
from sklearn.pipeline import FeatureUnion, Pipeline

from hypedetect.errors import ModelError
from hypedetect.features import DEFAULT_EXTRACTORS, LEARNED_EXTRACTORS
from hypedetect.safefile import Replacement, atomic_write_text, file_digest

__all__ = [
    "DEFAULT_MODEL",
    "TRUSTED_TYPES",
    "atomic_write_text",
    "load_card",
    "load_model",
    "model_identity",
    "save_model",
]

#: The default model shipped with the package (``models/default.skops`` in a checkout).
DEFAULT_MODEL = "default.skops"

#: Every type a hypedetect model may contain. Anything else is refused.
TRUSTED_TYPES = (
    *(f"{cls.__module__}.{cls.__qualname__}" for cls in (*DEFAULT_EXTRACTORS, *LEARNED_EXTRACTORS)),
    "hypedetect.features.FeatureSet",
    "hypedetect.model.Columns",
    "hypedetect.model.LogRates",
    "hypedetect.classifiers.SignedLogisticRegression",
    "hypedetect.classifiers.TwoFaceClassifier",
    "hypedetect.detectors.linear.LinearNgramDetector",
    "hypedetect.provenance.model.ReleaseClassifier",
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
#: Limits on what a model file may inflate to, checked from the zip directory and
#: each array's declared shape before anything is decompressed (the shipped model:
#: 3.6 MB in all, its largest array under 1 KB).
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_MODEL_BYTES = 128 * 1024 * 1024


def save_model(model: Pipeline, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` to ``path`` with skops, atomically (locked partial file, then rename).

    Parameters
    ----------
    model : Pipeline
    path : str, path-like or Replacement
        Target file; should end in ``.skops``. A :class:`~hypedetect.safefile.Replacement`
        the caller opened (and so locked) early is written and committed.

    Returns
    -------
    pathlib.Path
    """
    import skops.io as sio

    _drop_pandas_caches(model)
    if isinstance(path, Replacement):
        sio.dump(model, path.handle)
        path.commit()
        return path.target
    with Replacement(path, streams=False) as output:
        sio.dump(model, output.handle)
        output.commit()
    return output.target


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


def _check_sizes(path: Path) -> None:
    """Refuse a model whose members would inflate past the limits, from sizes declared before inflating.

    The zip directory gives each member's uncompressed size (reading more than
    that fails its check); each ``.npy`` array's header gives its shape and
    dtype, read from its first bytes only.
    """
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        for member in members:
            if member.file_size > MAX_MEMBER_BYTES:
                raise ModelError(path, f"refused: {member.filename} would inflate to {member.file_size} bytes, "
                                 f"over the {MAX_MEMBER_BYTES} byte limit")
        total = sum(member.file_size for member in members)
        if total > MAX_MODEL_BYTES:
            raise ModelError(path, f"refused: it would inflate to {total} bytes, over the {MAX_MODEL_BYTES} byte limit")
        for member in members:
            if member.filename.endswith(".npy"):
                _check_array_header(path, archive, member)


def _check_array_header(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """The array's declared shape and dtype must fit its member's declared size."""
    with archive.open(member) as stream:
        try:
            version = np.lib.format.read_magic(stream)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else (
                np.lib.format.read_array_header_2_0)
            shape, _, dtype = read_header(stream)
        except ValueError as error:
            raise ModelError(path, f"refused: {member.filename} is not a valid array ({error})") from None
    if dtype.hasobject:
        raise ModelError(path, f"refused: {member.filename} holds Python objects")
    declared = math.prod(shape) * dtype.itemsize
    if declared > member.file_size:
        raise ModelError(path, f"refused: {member.filename} declares {declared} bytes of data in a "
                         f"{member.file_size} byte member")


def _parts(name: str, value: object) -> list[tuple[str, object]]:
    """The estimators and detectors inside one attribute value (a step, a face, a list of extractors)."""
    if isinstance(value, list | tuple):
        return [(f"{name}[{i}]", item) for i, item in enumerate(value) if hasattr(item, "__dict__")]
    module = type(value).__module__
    return [(name, value)] if module.startswith(("hypedetect.", "sklearn.")) and hasattr(value, "__dict__") else []


def _non_finite_parameter(model: Pipeline) -> str | None:
    """The name of the first fitted number (``step.attribute``, nested ones dotted) that is NaN or infinite."""
    pending = [(name, step) for name, step in model.steps]
    while pending:
        name, estimator = pending.pop(0)
        pending += [(f"{name}.{part}", step) for part, step in getattr(estimator, "steps", [])]
        pending += [(f"{name}.{part}", step) for part, step in getattr(estimator, "transformer_list", [])]
        for attribute, value in vars(estimator).items():
            numeric = isinstance(value, np.ndarray | float) and np.asarray(value).dtype.kind == "f"
            if numeric and not np.isfinite(value).all():
                return f"{name}.{attribute}"
            if attribute not in ("steps", "transformer_list"):
                pending += _parts(f"{name}.{attribute}", value)
    return None


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
        holds any type outside :data:`TRUSTED_TYPES` (named in the message),
        would inflate past :data:`MAX_MEMBER_BYTES` / :data:`MAX_MODEL_BYTES`,
        or holds NaN or infinite fitted numbers.
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
    except Exception as error:  # a corrupt file must become one clean line
        raise ModelError(path, f"cannot read model ({type(error).__name__}: {error})") from None
    if untrusted:
        raise ModelError(path, f"refused: the file contains types hypedetect does not trust: {', '.join(untrusted)}")
    _check_sizes(path)
    try:
        model = sio.load(path, trusted=list(TRUSTED_TYPES))
    except Exception as error:
        raise ModelError(path, f"cannot load model ({type(error).__name__}: {error})") from None
    if not isinstance(model, Pipeline):
        raise ModelError(path, f"expected a scikit-learn Pipeline, found {type(model).__name__}")
    broken = _non_finite_parameter(model)
    if broken is not None:
        raise ModelError(path, f"refused: {broken} holds NaN or infinite numbers; retrain the model")
    return model


def model_identity(path: str | os.PathLike[str] | None = None) -> str:
    """Return the SHA-256 of a model file's bytes (the shipped default when ``path`` is None): what scored a run."""
    return file_digest(Path(path) if path is not None else _default_model_path())


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
