"""The corpus manifest: one small TOML file per corpus, read into :class:`Manifest` and checked.

The keys are described in ``corpora/README.md``; :func:`load_manifest` rejects
a manifest that breaks that schema with one line naming the file and the key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypedetect.corpora.cleaning import unknown_steps
from hypedetect.corpora.locations import list_manifests, manifest_dir
from hypedetect.errors import InputError

#: Label names used in manifests and the integers they become.
LABELS = {"promotional": 1, "newsy": 0}

_FORMATS = ("jsonl", "jsonl.gz")


def _hnr_sensational(record: Mapping[str, Any]) -> int | None:
    """1 / 0 / None from the HNR criterion on "unjustifiable, sensational language"."""
    for criterion in record.get("hnr_criteria") or ():
        if "sensational language" in criterion.get("question", ""):
            return {"Not Satisfactory": 1, "Satisfactory": 0}.get(criterion.get("answer"))
    return None


#: Computed columns a manifest may ``derive``, by name.
DERIVED_COLUMNS: dict[str, Callable[[Mapping[str, Any]], Any]] = {"sensational": _hnr_sensational}


@dataclass(frozen=True)
class CorpusFile:
    """How to read one data file of a corpus (manifest keys, per-file overrides applied).

    ``label`` is ``"promotional"``, ``"newsy"`` or ``{"field": ..., "values":
    {value: label name}}``; a row whose value is not mapped gets label ``<NA>``.
    ``id_field`` names one field or several (joined with ":"); when empty the
    id is ``<file stem>:<line number>``. ``drop_if`` / ``keep_if`` map a field
    to a value. ``extras`` maps an output column to a record field;
    ``derive`` names computed columns (``sensational``).
    """

    path: str
    format: str
    text_field: str
    source_field: str
    label: str | Mapping[str, Any]
    title_field: str | None = None
    id_field: tuple[str, ...] = ()
    words_field: str | None = None
    min_words: int = 0
    drop_if: Mapping[str, Any] = field(default_factory=dict)
    keep_if: Mapping[str, Any] = field(default_factory=dict)
    extras: Mapping[str, str] = field(default_factory=dict)
    derive: tuple[str, ...] = ()

    def label_of(self, record: Mapping[str, Any]) -> int | None:
        """Return 1, 0 or None (neither promotional nor newsy) for a record."""
        if isinstance(self.label, str):
            return LABELS[self.label]
        name = self.label["values"].get(_key(record.get(self.label["field"])))
        return None if name is None else LABELS[name]


@dataclass(frozen=True)
class Manifest:
    """One corpus manifest: provenance, files and cleaning steps."""

    name: str
    folder: str
    files: tuple[CorpusFile, ...]
    licence: str
    citation: str
    clean: tuple[str, ...]
    training: bool = True
    source_aliases: Mapping[str, str] = field(default_factory=dict)
    description: str = ""


_REQUIRED_KEYS = ("name", "files", "format", "text_field", "label", "source_field", "licence", "citation",
                  "min_words", "clean")
_FILE_KEYS = ("format", "text_field", "title_field", "id_field", "source_field", "words_field", "label",
              "min_words", "drop_if", "keep_if", "extras", "derive")
_TOP_KEYS = set(_REQUIRED_KEYS) | set(_FILE_KEYS) | {"folder", "training", "source_aliases", "description"}


def _key(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _check_label(where: Path, label: Any) -> None:
    if isinstance(label, str):
        if label not in LABELS:
            raise InputError(where, f"label {label!r} is not one of {sorted(LABELS)}")
        return
    if not isinstance(label, dict) or set(label) != {"field", "values"} or not isinstance(label["values"], dict):
        raise InputError(where, "label must be a label name or a table with 'field' and 'values'")
    bad = sorted(set(label["values"].values()) - set(LABELS))
    if bad:
        raise InputError(where, f"label values {bad} are not in {sorted(LABELS)}")


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _corpus_file(where: Path, spec: Mapping[str, Any]) -> CorpusFile:
    if spec["format"] not in _FORMATS:
        raise InputError(where, f"format {spec['format']!r} is not one of {list(_FORMATS)}")
    _check_label(where, spec["label"])
    unknown = sorted(set(spec.get("derive", ())) - set(DERIVED_COLUMNS))
    if unknown:
        raise InputError(where, f"unknown derived column(s) {unknown}; known: {sorted(DERIVED_COLUMNS)}")
    return CorpusFile(
        path=spec["path"],
        format=spec["format"],
        text_field=spec["text_field"],
        source_field=spec["source_field"],
        label=spec["label"],
        title_field=spec.get("title_field"),
        id_field=_as_tuple(spec.get("id_field")),
        words_field=spec.get("words_field"),
        min_words=int(spec["min_words"]),
        drop_if=dict(spec.get("drop_if", {})),
        keep_if=dict(spec.get("keep_if", {})),
        extras=dict(spec.get("extras", {})),
        derive=_as_tuple(spec.get("derive")),
    )


def load_manifest(name: str, directory: str | os.PathLike[str] | None = None) -> Manifest:
    """Read and check ``<name>.toml``.

    Parameters
    ----------
    name : str
        Corpus name, e.g. ``"reuters21578"``.
    directory : path-like, optional
        Manifest folder; defaults to :func:`manifest_dir`.

    Returns
    -------
    Manifest

    Raises
    ------
    InputError
        The manifest is missing, not TOML, or breaks the schema described in
        ``corpora/README.md``.
    """
    path = manifest_dir(directory) / f"{name}.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, f"no manifest for corpus {name!r}; known: {list_manifests(directory)}") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(path, f"not valid TOML ({error})") from None
    missing = [key for key in _REQUIRED_KEYS if key not in raw]
    if missing:
        raise InputError(path, f"missing key(s) {missing}")
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise InputError(path, f"unknown key(s) {unknown}")
    if raw["name"] != name:
        raise InputError(path, f"name {raw['name']!r} does not match the file name")
    bad_steps = unknown_steps(raw["clean"])
    if bad_steps:
        raise InputError(path, f"unknown cleaning step(s) {bad_steps}")
    defaults = {key: raw[key] for key in _FILE_KEYS if key in raw}
    files = []
    for entry in raw["files"]:
        spec = {**defaults, **({"path": entry} if isinstance(entry, str) else entry)}
        unknown = sorted(set(spec) - set(_FILE_KEYS) - {"path"})
        if unknown:
            raise InputError(path, f"unknown file key(s) {unknown}")
        files.append(_corpus_file(path, spec))
    if not files:
        raise InputError(path, "'files' is empty")
    return Manifest(
        name=name,
        folder=raw.get("folder", name),
        files=tuple(files),
        licence=raw["licence"],
        citation=raw["citation"],
        clean=tuple(raw["clean"]),
        training=bool(raw.get("training", True)),
        source_aliases=dict(raw.get("source_aliases", {})),
        description=raw.get("description", ""),
    )
