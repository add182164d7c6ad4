"""The ``hypedetect`` command line: a thin layer that reads, calls the library, formats.

Exit codes: 0 everything scored, 1 some inputs failed or none were found (each
reported on one line naming the file and the reason), 2 usage error (and
training labels that cannot make a model), 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hypedetect import __version__
from hypedetect.errors import HypedetectError, format_error, terminal_safe
from hypedetect.formats import FORMATS
from hypedetect.safefile import Replacement

if TYPE_CHECKING:
    import pandas as pd

    from hypedetect.io import Record
    from hypedetect.output import Checkpoint

# The library is imported inside the commands that use it: pandas, scikit-learn and trafilatura take
# seconds to load, and `hypedetect --version` or `--help` needs none of them.

DEMO_DIR = Path(__file__).resolve().parents[1] / "corpora" / "demo"
DEMO_REPORT = Path(__file__).resolve().parents[1] / "reports" / "demo.html"


class _Failures:
    """Counts inputs that failed, so the command can exit with 1."""

    def __init__(self, count: int = 0) -> None:
        self.count = count

    def report(self, message: str) -> None:
        self.count += 1
        click.echo(f"hypedetect: {message}", err=True)


def _reported(records: Iterator[Record], failures: _Failures) -> Iterator[Record]:
    """Pass records through, reporting each failed one (and an input that cannot be read at all) on stderr."""
    try:
        for record in records:
            if record.error:
                failures.report(format_error(record.path, record.error))
            yield record
    except HypedetectError as error:
        failures.report(str(error))


def _read(paths: Iterable[str], options: dict) -> Iterator[Record]:
    """The records of ``paths``, lazily: a path that does not exist is raised when the stream is read."""
    from hypedetect.io import iter_inputs

    yield from iter_inputs(list(paths), **options)


def _records(paths: Iterable[str], failures: _Failures, options: dict) -> Iterator[Record]:
    return _reported(_read(paths, options), failures)


def _load(model_path: str | None, no_model: bool):
    from hypedetect.persistence import load_model

    return None if no_model else load_model(model_path)


def _write(frame: pd.DataFrame, fmt: str, output: str | None) -> None:
    """Write a small, complete frame (a ranking, the demo table) in one go."""
    from hypedetect.output import open_rows

    writer = open_rows(output, fmt, list(frame.columns))
    writer.write(frame)
    writer.finish()


class _Progress:
    """``scored N articles`` on stderr, updated per partition, only on a terminal and without --quiet."""

    def __init__(self) -> None:
        quiet = click.get_current_context().find_root().params.get("quiet")
        self.shown = sys.stderr.isatty() and not quiet
        self.count = 0

    def update(self, rows: int) -> None:
        self.count += rows
        if self.shown:
            click.echo(f"\rscored {self.count} articles", err=True, nl=False)

    def done(self) -> None:
        if self.shown and self.count:
            click.echo("", err=True)


def _skip_written(records: Iterator[Record], checkpoint: Checkpoint, output: str) -> Iterator[Record]:
    """Drop the records a resumed run already wrote, checking each partition is the same input as before."""
    from hypedetect.scoring import partition_fingerprint, records_frame

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


def _identity(model_path: str | None, no_model: bool, lexicons: Iterable[str]) -> str:
    """What scores a run's rows: the model file's and lexicon files' hashes (a resume must match)."""
    from hypedetect.persistence import model_identity
    from hypedetect.safefile import file_digest

    model = "no model" if no_model else model_identity(model_path)
    return ";".join([model, *(file_digest(path) for path in lexicons)])


def _scored(paths, columns: dict, failures: _Failures, engine_options: dict, *, chunk_size: int,
            skip: Checkpoint | None = None, output: str | None = None,
            **scoring) -> Iterator[tuple[pd.DataFrame, str]]:
    """Read and score partition by partition, yielding each partition's output rows (and input fingerprint).

    ``skip`` is the checkpoint of a run being resumed: its rows are read again
    (to check they are the same input) but not scored.
    """
    from hypedetect.engine import make_engine
    from hypedetect.scoring import partitions, score_partition

    records = _read(paths, columns)
    if skip is not None:
        records = _skip_written(records, skip, output or "-")
    progress = _Progress()
    try:
        with make_engine(**engine_options) as engine:
            fingerprints: deque[str] = deque()
            parts = _fingerprinted(partitions(_reported(records, failures), chunk_size), fingerprints)
            for frame in engine.map(score_partition, parts, **scoring):
                progress.update(len(frame))
                yield frame, fingerprints.popleft()
    finally:
        progress.done()


def _fingerprinted(parts: Iterator[pd.DataFrame], fingerprints: deque[str]) -> Iterator[pd.DataFrame]:
    """Pass partitions through, queueing each one's fingerprint (engines yield results in input order)."""
    from hypedetect.scoring import partition_fingerprint

    for part in parts:
        fingerprints.append(partition_fingerprint(part))
        yield part


def _nothing_found(paths: Iterable[str]) -> HypedetectError:
    """The one line for inputs that hold no article at all (an empty folder, only a README)."""
    return HypedetectError(", ".join(paths), "no articles found (looked for .txt, .md, .html, .jsonl, .csv, .tsv "
                           "and .parquet files; README, LICENSE, CARD and hidden files are skipped)")


def column_options(command):
    """--text-column, --id-column, --source-column: where CSV/JSONL inputs keep each field."""
    for name, default in (("source", "source"), ("id", "id"), ("text", "text")):
        command = click.option(f"--{name}-column", default=default, show_default=True,
                               help=f"Column (CSV, Parquet) or field (JSONL) holding the {name}.")(command)
    return command


def _columns(text_column: str, id_column: str, source_column: str) -> dict:
    return {"text_column": text_column, "id_column": id_column, "source_column": source_column}


def model_options(command):
    """The --model / --no-model pair shared by the scoring commands."""
    command = click.option("--no-model", is_flag=True, help="Features only: no probability, no dimension scores.")(
        command)
    return click.option("--model", "model_path", type=click.Path(dir_okay=False),
                        help="A .skops model from 'hypedetect train' (default: the shipped model).")(command)


lexicon_option = click.option(
    "--lexicon",
    "lexicons",
    multiple=True,
    metavar="[DIMENSION:]FILE",
    help="Extra lexicon file (one entry a line); repeatable. FILE adds one promotional column, "
         "DIMENSION:FILE (e.g. hedging:doubt.txt) one column of that dimension; a file named like a shipped "
         "list (boosters.txt) extends that list.",
)


def engine_options(command):
    """--engine, --scheduler, --workers, --chunk-size: where and in what pieces the scoring runs."""
    options = [
        click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="local: this process. dask: a dask.distributed cluster (pip install 'hypedetect[dask]')."),
        click.option("--scheduler", metavar="ADDRESS",
                     help="With --engine dask: a running scheduler, e.g. tcp://10.0.0.5:8786 (default: a local "
                          "cluster)."),
        click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
                     help="With --engine dask and no --scheduler: worker processes of the local cluster."),
        click.option("--chunk-size", type=click.IntRange(min=1), default=256, show_default=True,
                     help="Articles per partition: scored, written and checkpointed together."),
        click.option("--scheduler-timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
                     metavar="SECONDS", help="With --scheduler: seconds to wait for the connection, and again for "
                     "the scheduler's handshake."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _engine(engine: str, scheduler: str | None, workers: int, timeout: float = 30.0) -> dict:
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if scheduler:
        from hypedetect.engine import validate_scheduler_address

        try:
            scheduler = validate_scheduler_address(scheduler)
        except ValueError as error:
            raise click.BadParameter(f"{terminal_safe(scheduler)!r}: {error}", param_hint="--scheduler") from None
    return {"name": engine, "scheduler": scheduler, "workers": workers, "timeout": timeout}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hypedetect")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def cli(quiet: bool) -> None:
    """Tell newsy journalism from promotion.

    \b
    Example:
      hypedetect score articles/ --format csv -o scores.csv
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format (csv, json and jsonl are written as they are scored).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--resume", is_flag=True, help="Continue an interrupted run from what it wrote to -o FILE.")
@click.option("--all-features", is_flag=True, help="Output every feature column, not just the summary.")
@column_options
@lexicon_option
@model_options
@engine_options
def score(paths, fmt, output, resume, all_features, text_column, id_column, source_column, lexicons, model_path,
          no_model, engine, scheduler, workers, chunk_size, scheduler_timeout):
    """Score articles in PATHS (files, folders, globs, '-' for stdin).

    One row per article: promotional probability, the four dimension scores
    (log-odds each dimension adds; positive = towards promotional) and a
    summary of the features (all of them with --all-features). Rows are
    written as they are scored: a run of any size keeps a constant memory,
    and an interrupted run continues with --resume.

    \b
    Examples:
      hypedetect score corpora/demo --all-features --format jsonl
      hypedetect score archive.parquet --format csv -o scores.csv --resume
      hypedetect score archive.jsonl -o scores.csv --format csv --engine dask --workers 2
    """
    from hypedetect.features import read_lexicons
    from hypedetect.output import open_rows, read_checkpoint
    from hypedetect.scoring import output_columns

    if lexicons and not no_model:
        raise click.UsageError("--lexicon changes the features a trained model expects; use it with --no-model")
    if resume and (not output or fmt == "table"):
        raise click.UsageError("--resume needs -o FILE and --format csv, json or jsonl")
    engine_options = _engine(engine, scheduler, workers, scheduler_timeout)
    model = _load(model_path, no_model)
    user_lexicons = read_lexicons(lexicons) or None
    columns = output_columns(model, lexicons=user_lexicons, all_features=all_features)
    identity = _identity(model_path, no_model, lexicons)
    if resume and output and Path(output).exists() and read_checkpoint(output, fmt, columns, identity) is None:
        click.echo(format_error(f"hypedetect: {output}", "already complete; nothing to resume"), err=True)
        return
    writer = open_rows(output, fmt, columns, resume=resume, identity=identity)
    failures = _Failures(writer.checkpoint.failures)
    frames = _scored(paths, _columns(text_column, id_column, source_column), failures, engine_options,
                     chunk_size=chunk_size, skip=writer.checkpoint if resume else None, output=output,
                     model=model, lexicons=user_lexicons, all_features=all_features)
    try:
        for frame, fingerprint in frames:
            writer.write(frame, failures=failures.count, fingerprint=fingerprint)
    except BaseException:
        writer.abort()
        raise
    if not writer.rows:
        writer.discard()
        if failures.count:
            raise SystemExit(1)
        raise _nothing_found(paths)
    writer.finish()
    if failures.count:
        raise SystemExit(1)


def _marked(text: str, spans, *, color: bool) -> str:
    """The text with word-level evidence marked: colours on a terminal, ``[[span|category]]`` otherwise.

    Sentence-long spans (claims, long sentences) and readability spans are listed below, not marked.
    """
    from hypedetect.features import DECLARATIONS

    colours = {d.name: d.terminal_colour for d in DECLARATIONS if d.terminal_colour}
    marks = sorted((s for s in spans if s.dimension in colours and s.end - s.start <= 80),
                   key=lambda s: (s.start, -s.end))
    out, position = [], 0
    for span in marks:
        if span.start < position:
            continue  # overlapping spans: the first, longest one is marked
        out.append(_shown(text[position : span.start]))
        piece = _shown(text[span.start : span.end])
        if color:
            out.append(click.style(piece, fg=colours[span.dimension], bold=True))
        else:
            out.append(f"[[{piece}|{span.category}]]")
        position = span.end
    out.append(_shown(text[position:]))
    return "".join(out)


def _shown(text: str) -> str:
    """Article text as a terminal may show it: its own escape codes escaped, lines and tabs kept."""
    return terminal_safe(text, keep="\n\t")


@cli.command(name="explain")
@click.argument("path")
@lexicon_option
def explain_command(path, lexicons):
    """Show the evidence every extractor counted in one article.

    \b
    Example:
      hypedetect explain corpora/demo/promotional_rewrite.txt
    """
    from hypedetect.features import feature_set, read_lexicons

    failures = _Failures()
    features = feature_set(lexicons=read_lexicons(lexicons) or None)
    records = [r for r in _records([path], failures, {}) if not r.error]
    for record in records:
        spans = features.explain(record.text)
        click.echo(f"# {terminal_safe(record.id)}: {len(spans)} spans")
        click.echo(_marked(record.text, spans, color=sys.stdout.isatty()))
        click.echo("")
        for span in spans:
            click.echo(f"{span.start:>6}-{span.end:<6} {span.dimension:<12} {span.category:<24} "
                       f"{terminal_safe(repr(span.text[:60]))}")
    if failures.count or not records:
        raise SystemExit(1)


@cli.command()
@click.option("--path", "demo_dir", type=click.Path(file_okay=False), default=str(DEMO_DIR), show_default=True,
              help="Folder of demo articles.")
@click.option("-o", "--output", "report_path", type=click.Path(dir_okay=False), default=str(DEMO_REPORT),
              show_default=True, help="Where to write the demo report.")
def demo(demo_dir, report_path):
    """Score the demo articles shipped in corpora/demo, print the table and write reports/demo.html.

    \b
    Example:
      hypedetect demo
    """
    from hypedetect.features import DIMENSIONS
    from hypedetect.persistence import load_card, load_model
    from hypedetect.scoring import records_frame, score_partition

    if not Path(demo_dir).is_dir():
        raise click.ClickException(f"{demo_dir}: demo folder not found (run from a source checkout)")
    failures = _Failures()
    records = list(_records([demo_dir], failures, {}))
    model = load_model()
    frame = score_partition(records_frame(records), model)
    _write(frame[["id", "source", "promotional_probability", *(f"{d}_score" for d in DIMENSIONS)]], "table", None)
    _write_report([r for r in records if not r.error], model, load_card(), "hypedetect demo report", report_path)
    click.echo(f"\n{len(records)} articles scored on {len(DIMENSIONS)} dimensions: {', '.join(DIMENSIONS)}.")
    click.echo(f"Report: {terminal_safe(report_path)}")
    if failures.count:
        raise SystemExit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--by", default="source", show_default=True, help="Column to rank by (source from metadata, "
              "a CSV/JSONL column, or the folder layout root/<source>/article.txt).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@column_options
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="A .skops model (default: shipped).")
@engine_options
def rank(paths, by, fmt, output, text_column, id_column, source_column, model_path, engine, scheduler, workers,
         chunk_size, scheduler_timeout):
    """Rank sources from most newsy to most promotional, partially pooled, with 95% intervals.

    Articles are scored partition by partition; only each article's source and
    scores are kept for the ranking.

    \b
    Example:
      hypedetect rank outlets/ --by source
    """
    import pandas as pd

    from hypedetect.persistence import load_model
    from hypedetect.ranking import rank_sources
    from hypedetect.scoring import META_COLUMNS, output_columns

    engine_options = _engine(engine, scheduler, workers, scheduler_timeout)
    model = load_model(model_path)
    columns = output_columns(model)
    if by not in columns[: len(META_COLUMNS)]:
        raise click.UsageError(f"--by {by!r}: no such column (try 'source')")
    kept = [by, *(c for c in columns if c.endswith(("_probability", "_score")))]
    failures = _Failures()
    frames = _scored(paths, _columns(text_column, id_column, source_column), failures, engine_options,
                     chunk_size=chunk_size, model=model)
    scored = pd.concat([frame[kept] for frame, _ in frames] or [pd.DataFrame(columns=kept)], ignore_index=True)
    found = len(scored)
    scored = scored[scored["promotional_probability"].notna()]
    if scored.empty:
        if found or failures.count:
            raise SystemExit(1)
        raise _nothing_found(paths)
    _write(rank_sources(scored, by=by), fmt, output)
    if failures.count:
        raise SystemExit(1)


@cli.command()
@click.argument("data", nargs=-1)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Model file to write, e.g. models/mine.skops (a .card.json and .md are written beside it).")
@click.option("--corpora", "corpora_path", type=click.Path(file_okay=False),
              help="Shared corpora folder (default $HYPEDETECT_CORPORA or ../shared/corpora).")
@click.option("--examples", type=click.Path(file_okay=False), help="Folder of example articles to score in the card.")
def train(data, output, corpora_path, examples):
    """Train a model: on the shared corpora by default, or on CSV/JSONL files with text and label.

    \b
    Example:
      hypedetect train -o models/default.skops
      hypedetect train labelled.csv -o models/mine.skops
    """
    import pandas as pd

    from hypedetect import training
    from hypedetect.persistence import save_model

    name = Path(output).stem
    target = Replacement(output, streams=False)  # locked now: a second run on the same -o is refused at once
    try:
        if data:
            failures = _Failures()
            records = [r for r in _records(data, failures, {}) if not r.error]
            labels = training.validate_labels([(r.path, r.line, r.label) for r in records], where=", ".join(data))
            frame = pd.DataFrame({"text": [r.text for r in records], "label": labels,
                                  "source": [r.source or r.id for r in records]})
            model, card = training.train_on_file(frame, name=name)
        else:
            model, card = training.train_default(corpora_path, examples=Path(examples) if examples else None,
                                                 name=name)
        path = save_model(model, target)
    finally:
        target.discard()
    training.write_card(card, path)
    click.echo(f"wrote {terminal_safe(path)} and its model card ({card['n_articles']} articles)")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@click.option("--title", default="hypedetect report", show_default=True, help="Page title.")
@column_options
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="A .skops model (default: shipped).")
def report(paths, output, title, text_column, id_column, source_column, model_path):
    """Write a self-contained HTML report comparing the articles side by side.

    \b
    Example:
      hypedetect report ../shared/examples corpora/demo -o report.html
    """
    from hypedetect.persistence import load_card, load_model

    model = load_model(model_path)
    target = Replacement(output)  # locked now: a second run on the same -o is refused at once
    try:
        failures = _Failures()
        read = list(_records(paths, failures, _columns(text_column, id_column, source_column)))
        records = [r for r in read if not r.error]
        if not records:
            if read:
                raise SystemExit(1)
            raise _nothing_found(paths)
        _write_report(records, model, load_card(model_path), title, target)
    finally:
        target.discard()
    click.echo(f"wrote {terminal_safe(output)} ({len(records)} articles)", err=True)
    if failures.count:
        raise SystemExit(1)


def _write_report(records: list[Record], model, card: dict, title: str, output: str | Path | Replacement) -> None:
    import pandas as pd

    articles = pd.DataFrame({
        "id": [r.id for r in records], "source": [r.source for r in records], "title": [r.title for r in records],
        "url": [r.url for r in records], "text": [r.text for r in records],
        "status": [r.warning or "ok" for r in records],
    })
    from hypedetect.report import build_report  # imported here: plotting libraries are slow to load

    page = build_report(articles, model, card=card, title=title)
    target = output if isinstance(output, Replacement) else Replacement(output)
    with target:
        target.write(page.encode("utf-8"))
        target.commit()


def main() -> None:
    """Run the CLI; any unexpected error becomes one line, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.UsageError as error:
        error.message = terminal_safe(error.message)  # it may quote what was typed, escape codes included
        error.show()
        sys.exit(2)
    except click.ClickException as error:
        error.message = terminal_safe(error.message)
        error.show()
        sys.exit(1)
    except HypedetectError as error:
        click.echo(f"hypedetect: {error}", err=True)
        sys.exit(error.exit_code)
    except click.Abort as error:
        # click turns Ctrl-C into Abort; 130 is the shell's code for a run stopped by SIGINT.
        interrupted = isinstance(error.__context__, KeyboardInterrupt)
        click.echo("hypedetect: interrupted" if interrupted else "hypedetect: aborted", err=True)
        sys.exit(130 if interrupted else 1)
    except KeyboardInterrupt:
        click.echo("hypedetect: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # the last line of defence: one line, no traceback
        if os.environ.get("HYPEDETECT_DEBUG"):
            raise
        message = terminal_safe(" ".join(f"{type(error).__name__}: {error}".split()))
        click.echo(f"hypedetect: internal error: {message} (set HYPEDETECT_DEBUG=1 for details)", err=True)
        sys.exit(1)
