"""Runs over files: read every input, score it partition by partition, write the rows, resume an interrupted run.

This is what ``hypedetect score`` and ``hypedetect rank`` do, as functions a
Python user can call:

>>> from hypedetect.runs import score_files                       # doctest: +SKIP
>>> summary = score_files(["articles/"], output="scores.csv")      # doctest: +SKIP
>>> summary.rows, summary.failures                                 # doctest: +SKIP
(120, 0)

A run streams: records are read lazily, cut into partitions of ``chunk_size``
rows, scored by an engine (:mod:`hypedetect.engine`) and written as they come
(:mod:`hypedetect.output`), so memory stays constant. Writing to a file goes
through a partial file and a checkpoint; ``resume=True`` continues an
interrupted run after checking that the model, lexicons and input rows are
those of the rows already written.

Every input that cannot be read (a missing path, a bad file or row) keeps an
output row whose ``status`` says why, is counted in
:attr:`RunSummary.failures` and is passed, as one line, to ``on_failure``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pandas as pd

from hypedetect import scoring
from hypedetect.engine import make_engine
from hypedetect.errors import HypedetectError, InputError, format_error
from hypedetect.features import SHIPPED_DIMENSIONS, read_lexicons
from hypedetect.io import Record, iter_inputs
from hypedetect.output import Checkpoint, open_rows, read_checkpoint
from hypedetect.persistence import load_model, model_identity
from hypedetect.ranking import rank_sources
from hypedetect.safefile import file_digest
from hypedetect.scoring import META_COLUMNS, output_columns, partition_fingerprint, partitions, records_frame

__all__ = [
    "DEFAULT_MODEL",
    "INPUT_FORMATS",
    "iter_scored",
    "RunSummary",
    "nothing_found",
    "rank_files",
    "read_records",
    "read_training_frame",
    "run_identity",
    "score_files",
    "score_stream",
    "skip_written",
]

#: ``model=DEFAULT_MODEL`` scores with the shipped model; a path scores with that file; ``None`` writes features only.
DEFAULT_MODEL = "default"

#: What ``input_format=`` may name, and the file extension each is read as.
INPUT_FORMATS = {"text": ".txt", "html": ".html", "jsonl": ".jsonl", "csv": ".csv", "tsv": ".tsv",
                 "parquet": ".parquet"}

#: How standard input is named in records and messages.
STDIN = "<stdin>"

#: The columns a record carries that ``rank_files(by=...)`` may group on directly.
_RECORD_COLUMNS = META_COLUMNS[:3]

#: Where each field is read from in CSV/JSONL/Parquet inputs (see :func:`hypedetect.io.iter_inputs`).
ColumnOptions = dict[str, str]

Reporter = Callable[[str], None]


@dataclass(frozen=True)
class RunSummary:
    """What a run did.

    Attributes
    ----------
    rows : int
        Output rows written, one per input record (those of a resumed run's first part included).
    failures : int
        Inputs that could not be read or scored (each also has a row, except a whole input that could not be read).
    output : str or None
        The file written; ``None`` for standard output.
    complete : bool
        False when ``resume=True`` found the output already complete, so nothing was done.
    ranking : pandas.DataFrame or None
        The ranking, for :func:`rank_files`.
    """

    rows: int
    failures: int
    output: str | None
    complete: bool = True
    ranking: pd.DataFrame | None = None


def _ignore(message: str) -> None:
    """The default reporter: failures are counted in the summary only."""


class _Failures:
    """Counts failed inputs and passes each one's line to the caller's reporter."""

    def __init__(self, report: Reporter, count: int = 0) -> None:
        self._report = report
        self.count = count

    def __call__(self, message: str) -> None:
        self.count += 1
        self._report(message)


def _missing_record(error: InputError) -> Record:
    """The error row of a path that does not exist (or a pattern that matches nothing)."""
    where = str(error.where)
    return Record(id=where, text="", path=where, error=error.reason)


def _path_groups(paths: Sequence[str], columns: ColumnOptions,
                 input_format: str | None) -> Iterator[Iterator[Record]]:
    """The inputs' record streams in order: runs of existing paths read together, a missing path as its error row.

    When no path exists at all, the first one's error is raised: there is nothing to score.
    """
    missing = {}
    for path in paths:
        try:
            iter_inputs([path], **columns)  # checks the path exists now; reading stays lazy
        except InputError as error:
            missing[path] = error
    if missing and len(missing) == len(paths):
        raise next(iter(missing.values()))
    group: list[str] = []
    for path in paths:
        if path in missing:
            error = missing[path]
            if group:
                yield iter_inputs(group, **columns)
                group = []
            yield iter([_missing_record(error)])
            continue
        if input_format is None:
            group.append(path)
            continue
        if group:
            yield iter_inputs(group, **columns)
            group = []
        yield _read_as(path, input_format, columns)
    if group:
        yield iter_inputs(group, **columns)


def _read_as(path: str, input_format: str, columns: ColumnOptions) -> Iterator[Record]:
    """Read one input in ``input_format`` whatever its name says, through a link (or, for stdin, a copy) so named."""
    with tempfile.TemporaryDirectory(prefix="hypedetect-") as folder:
        if path == "-":
            shown = STDIN
            named = Path(folder) / f"stdin{INPUT_FORMATS[input_format]}"
            with named.open("wb") as copy:
                shutil.copyfileobj(sys.stdin.buffer, copy)
        elif os.path.isdir(path):
            yield from iter_inputs([path], **columns)
            return
        else:
            shown = path
            named = Path(folder) / f"{Path(path).stem}{INPUT_FORMATS[input_format]}"
            named.symlink_to(Path(path).resolve())
        for record in iter_inputs([str(named)], **columns):
            yield dataclasses.replace(record, path=shown, id=record.id.replace(str(named), shown))


def _looks_like_jsonl(record: Record) -> bool:
    """Whether text read from stdin as one article is, by its first line, a JSON object (a JSONL stream)."""
    first = record.text.lstrip().split("\n", 1)[0].strip()
    if not (first.startswith("{") and first.endswith("}")):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def read_records(paths: Iterable[str | os.PathLike[str]], *, columns: ColumnOptions | None = None,
                 input_format: str | None = None, on_failure: Reporter = _ignore,
                 on_warning: Reporter = _ignore) -> Iterator[Record]:
    """Read every record of ``paths`` lazily, a missing path as an error record, reporting each failure.

    Parameters
    ----------
    paths : iterable of str or path-like
        Files, folders, glob patterns or ``-`` (stdin), as for :func:`hypedetect.io.iter_inputs`.
    columns : dict, optional
        ``text_column``, ``id_column``, ``source_column`` and the like.
    input_format : str, optional
        A key of :data:`INPUT_FORMATS`: read every file (and stdin) in that format. ``None``: by each file's
        name, stdin as one text article.
    on_failure : callable, optional
        Called with one line for each input that cannot be read.
    on_warning : callable, optional
        Called with one line when stdin read as one text article looks like JSONL.

    Yields
    ------
    Record
        Every record; a path that does not exist is one record with ``error`` set, and the others are still read.
    """
    if isinstance(paths, str | bytes | os.PathLike):
        raise TypeError("read_records expects an iterable of paths, not a single path")
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}: use one of {', '.join(INPUT_FORMATS)}")
    names = [os.fspath(path) for path in paths]
    for group in _path_groups(names, columns or {}, input_format):
        try:
            for record in group:
                if record.error:
                    on_failure(format_error(record.path, record.error))
                elif input_format is None and record.path == STDIN and _looks_like_jsonl(record):
                    on_warning(format_error(STDIN, "looks like JSONL but was read as one text article; "
                                            "use --input-format jsonl to read one article a line"))
                yield record
        except HypedetectError as error:
            on_failure(str(error))


def skip_written(records: Iterator[Record], checkpoint: Checkpoint, output: str) -> Iterator[Record]:
    """Drop the records a resumed run already wrote, checking each partition is the same input as before.

    Raises
    ------
    HypedetectError
        If the input is shorter than what was written, or a written partition's rows changed.
    """
    first = 1
    for rows, fingerprint in checkpoint.partitions:
        read = list(islice(records, rows))
        if len(read) < rows:
            raise HypedetectError(output, f"the input ends at row {first + len(read) - 1}, but the interrupted run "
                                  f"wrote {checkpoint.rows} rows; resume with the same inputs, or delete the "
                                  "partial file to start again")
        if fingerprint and partition_fingerprint(records_frame(read)) != fingerprint:
            raise HypedetectError(output, f"input rows {first}-{first + rows - 1} changed since the interrupted run "
                                  "scored them; resume with the same inputs, or delete the partial file to start "
                                  "again")
        first += rows
    return records


def _lexicon_file(option: str) -> str:
    """The file of a ``[DIMENSION:]FILE`` lexicon option."""
    prefix, _, rest = option.partition(":")
    if rest and prefix in SHIPPED_DIMENSIONS and not os.path.exists(option):
        return rest
    return option


def _lexicon_identity(option: str) -> str:
    """A lexicon option's file hash, after the dimension it was given to (if any)."""
    path = _lexicon_file(option)
    dimension = option[: len(option) - len(path) - 1] if path != option else ""
    return f"{dimension}:{file_digest(path)}" if dimension else file_digest(path)


def run_identity(model: str | os.PathLike[str] | None = DEFAULT_MODEL, lexicons: Iterable[str] = ()) -> str:
    """What scores a run's rows: the model file's and lexicon files' hashes (a resume must match it).

    Examples
    --------
    >>> run_identity(None)
    'no model'
    """
    if model is None:
        name = "no model"
    else:
        name = model_identity(None if model == DEFAULT_MODEL else model)
    return ";".join([name, *map(_lexicon_identity, lexicons)])


def _fingerprinted(parts: Iterator[pd.DataFrame], fingerprints: deque[str]) -> Iterator[pd.DataFrame]:
    """Pass partitions through, queueing each one's fingerprint (engines yield results in input order)."""
    for part in parts:
        fingerprints.append(partition_fingerprint(part))
        yield part


def score_stream(records: Iterator[Record], *, model=None, chunk_size: int = 256, engine: str = "local",
                 engine_options: dict | None = None, on_progress: Callable[[int], None] | None = None,
                 **scoring_options) -> Iterator[tuple[pd.DataFrame, str]]:
    """Score records partition by partition, yielding each partition's output rows and input fingerprint.

    Parameters
    ----------
    records : iterator of Record
    model : Pipeline or None
        A loaded model; ``None`` for features only.
    chunk_size : int
        Records per partition.
    engine : {"local", "dask"}
    engine_options : dict, optional
        ``scheduler``, ``workers``, ``timeout`` for :func:`hypedetect.engine.make_engine`.
    on_progress : callable, optional
        Called with the number of rows of each partition scored.
    **scoring_options
        ``lexicons``, ``all_features``, as for :func:`hypedetect.scoring.score_partition`.
    """
    with make_engine(engine, **(engine_options or {})) as runner:
        fingerprints: deque[str] = deque()
        parts = _fingerprinted(partitions(records, chunk_size), fingerprints)
        # Looked up at call time, so that the function the engine maps is the module's current one.
        for frame in runner.map(scoring.score_partition, parts, model=model, **scoring_options):
            if on_progress is not None:
                on_progress(len(frame))
            yield frame, fingerprints.popleft()


def nothing_found(paths: Iterable[str]) -> HypedetectError:
    """The one line for inputs that hold no article at all (an empty folder, only a README)."""
    return HypedetectError(", ".join(map(str, paths)), "no articles found (looked for .txt, .md, .html, .jsonl, "
                           ".csv, .tsv and .parquet files; README, LICENSE, CARD and hidden files are skipped)")


def _loaded(model) -> object:
    """The model a ``model=`` argument names: the shipped one, a file's, or None (features only)."""
    if model is None:
        return None
    return load_model(None if model == DEFAULT_MODEL else model)


def score_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    model: str | os.PathLike[str] | None = DEFAULT_MODEL,
    engine: str = "local",
    engine_options: dict | None = None,
    chunk_size: int = 256,
    output: str | os.PathLike[str] | None = None,
    fmt: str = "csv",
    resume: bool = False,
    columns: ColumnOptions | None = None,
    input_format: str | None = None,
    lexicons: Sequence[str] | None = None,
    all_features: bool = False,
    on_failure: Reporter = _ignore,
    on_warning: Reporter = _ignore,
    on_progress: Callable[[int], None] | None = None,
) -> RunSummary:
    """Score every article of ``paths`` and write one row each, streaming; resumable when written to a file.

    Parameters
    ----------
    paths : iterable of str or path-like
        Files, folders, glob patterns or ``-`` (stdin).
    model : str, path-like or None
        :data:`DEFAULT_MODEL` (the shipped model), a ``.skops`` file, or ``None`` for features only.
    engine : {"local", "dask"}
    engine_options : dict, optional
        ``scheduler``, ``workers``, ``timeout`` for the Dask engine.
    chunk_size : int
        Articles per partition: scored, written and checkpointed together.
    output : path, optional
        File to write (through a partial file and a checkpoint); ``None`` writes to standard output.
    fmt : {"csv", "json", "jsonl", "table"}
    resume : bool
        Continue an interrupted run on ``output``.
    columns : dict, optional
        ``text_column``, ``id_column``, ``source_column`` of CSV/JSONL/Parquet inputs.
    input_format : str, optional
        Read every input as this key of :data:`INPUT_FORMATS`; ``None``: by each file's name.
    lexicons : sequence of str, optional
        User lexicon files (``[DIMENSION:]FILE``), features only (``model=None``).
    all_features : bool
        Every feature column, not just the summary.
    on_failure : callable, optional
        Called with one line for each input that fails.
    on_warning : callable, optional
        Called with one line for a warning about the run (stdin that looks like JSONL read as text).
    on_progress : callable, optional
        Called with the rows of each partition scored.

    Returns
    -------
    RunSummary

    Raises
    ------
    HypedetectError
        If the inputs hold no article, the output cannot be written, or a resume does not match its checkpoint.
    ValueError
        If lexicons are given with a model, or ``resume`` without a file and a streamed format.
    """
    if lexicons and model is not None:
        raise ValueError("lexicons change the features a trained model expects; use them with model=None")
    if resume and (output is None or fmt == "table"):
        raise ValueError("resume needs an output file and the format csv, json or jsonl")
    paths = [os.fspath(path) for path in paths]
    loaded = _loaded(model)
    user_lexicons = (read_lexicons(lexicons) or None) if lexicons else None
    out_columns = output_columns(loaded, lexicons=user_lexicons, all_features=all_features)
    identity = run_identity(model, lexicons or ())
    target = None if output is None else os.fspath(output)
    if resume and Path(target).exists() and read_checkpoint(target, fmt, out_columns, identity) is None:
        return RunSummary(rows=0, failures=0, output=target, complete=False)
    writer = open_rows(target, fmt, out_columns, resume=resume, identity=identity)
    failures = _Failures(on_failure, writer.checkpoint.failures)
    records = read_records(paths, columns=columns, input_format=input_format, on_failure=failures,
                           on_warning=on_warning)
    if resume:
        records = skip_written(records, writer.checkpoint, target)
    frames = score_stream(records, model=loaded, chunk_size=chunk_size, engine=engine,
                          engine_options=engine_options, on_progress=on_progress, lexicons=user_lexicons,
                          all_features=all_features)
    try:
        for frame, fingerprint in frames:
            writer.write(frame, failures=failures.count, fingerprint=fingerprint)
    except BaseException:
        writer.abort()
        raise
    if not writer.rows:
        writer.discard()
        if not failures.count:
            raise nothing_found(paths)
        return RunSummary(rows=0, failures=failures.count, output=target)
    writer.finish()
    return RunSummary(rows=writer.rows, failures=failures.count, output=target)


def iter_scored(
    paths: Iterable[str | os.PathLike[str]],
    *,
    model: str | os.PathLike[str] | None = DEFAULT_MODEL,
    engine: str = "local",
    engine_options: dict | None = None,
    chunk_size: int = 256,
    columns: ColumnOptions | None = None,
    input_format: str | None = None,
    lexicons: Sequence[str] | None = None,
    all_features: bool = False,
    on_failure: Reporter = _ignore,
    on_warning: Reporter = _ignore,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[pd.DataFrame]:
    """Score every article of ``paths`` and yield the output rows partition by partition, writing nothing.

    The parameters are those of :func:`score_files`; the frames have the columns of
    :func:`hypedetect.scoring.output_columns`.

    Raises
    ------
    HypedetectError
        If the inputs hold no article (when the stream ends).
    """
    if lexicons and model is not None:
        raise ValueError("lexicons change the features a trained model expects; use them with model=None")
    paths = [os.fspath(path) for path in paths]
    loaded = _loaded(model)
    user_lexicons = (read_lexicons(lexicons) or None) if lexicons else None
    failures = _Failures(on_failure)
    records = read_records(paths, columns=columns, input_format=input_format, on_failure=failures,
                           on_warning=on_warning)
    rows = 0
    for frame, _ in score_stream(records, model=loaded, chunk_size=chunk_size, engine=engine,
                                 engine_options=engine_options, on_progress=on_progress,
                                 lexicons=user_lexicons, all_features=all_features):
        rows += len(frame)
        yield frame
    if not rows and not failures.count:
        raise nothing_found(paths)


def rank_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    by: str = "source",
    model: str | os.PathLike[str] = DEFAULT_MODEL,
    engine: str = "local",
    engine_options: dict | None = None,
    chunk_size: int = 256,
    output: str | os.PathLike[str] | None = None,
    fmt: str = "csv",
    write: bool = True,
    columns: ColumnOptions | None = None,
    input_format: str | None = None,
    on_failure: Reporter = _ignore,
    on_warning: Reporter = _ignore,
    on_progress: Callable[[int], None] | None = None,
) -> RunSummary:
    """Score every article of ``paths`` and rank their sources, keeping only each article's group and scores.

    Parameters
    ----------
    by : str
        ``source``, ``id``, ``title``, or any other column (CSV, Parquet) or field (JSONL) of the inputs;
        the ranking's first column is named after it.
    write : bool
        Write the ranking to ``output`` (standard output when None) in ``fmt``; False only returns it.

    The other parameters are those of :func:`score_files`.

    Returns
    -------
    RunSummary
        With ``ranking`` set; ``rows`` counts the articles scored.

    Raises
    ------
    HypedetectError
        If the inputs hold no article.
    """
    paths = [os.fspath(path) for path in paths]
    read_columns = dict(columns or {})
    group = by
    if by not in _RECORD_COLUMNS:
        read_columns["source_column"] = by  # another column is read into the record's source, then renamed
        group = "source"
    loaded = _loaded(model)
    scores = [c for c in output_columns(loaded) if c.endswith(("_probability", "_score"))]
    kept = list(dict.fromkeys(["id", group, *scores]))
    failures = _Failures(on_failure)
    records = read_records(paths, columns=read_columns, input_format=input_format, on_failure=failures,
                           on_warning=on_warning)
    frames = score_stream(records, model=loaded, chunk_size=chunk_size, engine=engine,
                          engine_options=engine_options, on_progress=on_progress)
    scored = pd.concat([frame[kept] for frame, _ in frames] or [pd.DataFrame(columns=kept)], ignore_index=True)
    found = len(scored)
    scored = scored[scored["promotional_probability"].notna()]
    if scored.empty:
        if found or failures.count:
            return RunSummary(rows=0, failures=failures.count, output=None)
        raise nothing_found(paths)
    if group != by and scored[group].isna().all():
        raise InputError(", ".join(paths), f"no article has a {by!r} column or field to rank by")
    ranking = rank_sources(scored, by=group).rename(columns={"source": by})
    target = None if output is None else os.fspath(output)
    if write:
        writer = open_rows(target, fmt, list(ranking.columns))
        writer.write(ranking)
        writer.finish()
    return RunSummary(rows=len(scored), failures=failures.count, output=target, ranking=ranking)


def read_training_frame(paths: Iterable[str | os.PathLike[str]], *, columns: ColumnOptions | None = None,
                        on_failure: Reporter = _ignore) -> pd.DataFrame:
    """Read labelled articles (CSV/JSONL/Parquet with ``text`` and ``label``) into a training frame.

    Parameters
    ----------
    paths : iterable of str or path-like
    columns : dict, optional
        ``text_column``, ``label_column`` and the like.
    on_failure : callable, optional
        Called with one line for each row that cannot be read (it is left out of training).

    Returns
    -------
    pandas.DataFrame
        ``text``, ``label`` (0/1) and ``source`` (the id when a row names none), as
        :func:`hypedetect.training.train_on_file` takes.

    Raises
    ------
    TrainingDataError
        On the first label that is missing or not an accepted spelling, naming its file and line,
        or when a class has too few articles.
    """
    from hypedetect.training import validate_labels  # scikit-learn is needed only to train

    names = [os.fspath(path) for path in paths]
    records = [r for r in read_records(names, columns=columns, on_failure=on_failure) if not r.error]
    labels = validate_labels([(r.path, r.line, r.label) for r in records], where=", ".join(names))
    return pd.DataFrame({"text": [r.text for r in records], "label": labels,
                         "source": [r.source or r.id for r in records]})
