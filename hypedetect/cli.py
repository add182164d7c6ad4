"""The ``hypedetect`` command line: a thin layer that reads, calls the library, formats.

Exit codes: 0 everything scored, 1 some inputs failed or none were found (each
reported on one line naming the file and the reason), 2 usage error (and
training labels that cannot make a model), 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hypedetect import __version__
from hypedetect.errors import HypedetectError, format_error, terminal_safe
from hypedetect.formats import FORMATS
from hypedetect.safefile import Replacement
from hypedetect.terminal import explained_lines, fitted_table

if TYPE_CHECKING:
    import pandas as pd

    from hypedetect.io import Record

# The library is imported inside the commands that use it: pandas, scikit-learn and trafilatura take
# seconds to load, and `hypedetect --version` or `--help` needs none of them.

DEMO_DIR = Path(__file__).resolve().parents[1] / "corpora" / "demo"
DEMO_REPORT = Path(__file__).resolve().parents[1] / "reports" / "demo.html"

#: Output formats by the extension of ``-o FILE`` (``--format`` not given).
FORMAT_OF_SUFFIX = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}

#: The ``--category`` of explain's flagged blocks (page furniture, tag lists, share prompts).
FLAGGED_BLOCK = "flagged_block"

#: What ``--input-format`` may name (the readers of :mod:`hypedetect.io`).
INPUT_FORMATS = ("text", "html", "jsonl", "csv", "tsv", "parquet")


class _Failures:
    """Counts inputs that failed, so the command can exit with 1."""

    def __init__(self, count: int = 0) -> None:
        self.count = count

    def report(self, message: str) -> None:
        self.count += 1
        click.echo(f"hypedetect: {message}", err=True)


def _warn(message: str) -> None:
    click.echo(f"hypedetect: warning: {message}", err=True)


def _records(paths: Iterable[str], failures: _Failures, options: dict) -> Iterator[Record]:
    from hypedetect.runs import read_records

    return read_records(list(paths), columns=options, on_failure=failures.report)


def _to_stdout(output: str | None) -> str | None:
    """``-o -`` means standard output, as no ``-o`` does."""
    return None if output in (None, "-") else output


def _output_format(fmt: str | None, output: str | None, default: str = "table") -> str:
    """``--format`` when given, else the one ``-o FILE``'s extension names, else ``default``."""
    if fmt:
        return fmt.lower()
    if output and output != "-":
        return FORMAT_OF_SUFFIX.get(Path(output).suffix.lower(), default)
    return default


def _check_folder(output: str | None) -> None:
    """A clean error for ``-o`` in a folder that does not exist (none is created)."""
    if output is None:
        return
    folder = Path(output).parent
    if not folder.exists() and not folder.is_symlink():
        raise HypedetectError(output, f"cannot write output (no such folder: {folder}; none is created)")


def _write(frame: pd.DataFrame, fmt: str, output: str | None) -> None:
    """Write a small, complete frame (the demo table) in one go."""
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
        """End the progress line (once)."""
        if self.shown and self.count:
            click.echo("", err=True)
        self.shown = False


def _model_argument(model_path: str | None, no_model: bool = False):
    """The ``model=`` of :mod:`hypedetect.runs`: a file, the shipped model, or None for features only."""
    from hypedetect.runs import DEFAULT_MODEL

    return None if no_model else (model_path or DEFAULT_MODEL)


def column_options(command):
    """--text-column, --id-column, --source-column, --input-format: how inputs are read."""
    command = click.option("--input-format", type=click.Choice(INPUT_FORMATS, case_sensitive=False),
                           help="Read every input (and stdin) in this format (default: by each file's extension; "
                                "stdin as one text article).")(command)
    for name, default in (("source", "source"), ("id", "id"), ("text", "text")):
        command = click.option(f"--{name}-column", default=default, show_default=True,
                               help=f"Column (CSV, Parquet) or field (JSONL) holding the {name}.")(command)
    return command


def _columns(text_column: str, id_column: str, source_column: str) -> dict:
    return {"text_column": text_column, "id_column": id_column, "source_column": source_column}


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_root().params["quiet"] = True


def quiet_option(command):
    """-q after the subcommand, as before it."""
    return click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet,
                        help="No progress bar.")(command)


def output_options(command, *, streamed: bool = True):
    """--format (case-insensitive; default from -o's extension) and -o FILE ('-': stdout)."""
    command = click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
                           help="Write to FILE ('-': stdout); .csv, .json, .jsonl choose the format.")(command)
    streamed_note = " (csv, json and jsonl are written as they are scored)" if streamed else ""
    return click.option("--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False),
                        help=f"Output format (default: by -o's extension, else table){streamed_note}.")(command)


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
        click.option("--engine", type=click.Choice(["local", "dask"], case_sensitive=False), default="local",
                     show_default=True,
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
    """The ``engine=`` and ``engine_options=`` of :mod:`hypedetect.runs`."""
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if scheduler:
        from hypedetect.engine import validate_scheduler_address

        try:
            scheduler = validate_scheduler_address(scheduler)
        except ValueError as error:
            raise click.BadParameter(f"{terminal_safe(scheduler)!r}: {error}", param_hint="--scheduler") from None
    return {"engine": engine, "engine_options": {"scheduler": scheduler, "workers": workers, "timeout": timeout}}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hypedetect")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar (also accepted after the command).")
def cli(quiet: bool) -> None:
    """Tell newsy journalism from promotion.

    \b
    Example:
      hypedetect score articles/ -o scores.csv
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@output_options
@click.option("--resume", is_flag=True, help="Continue an interrupted run from what it wrote to -o FILE.")
@click.option("--all-features", is_flag=True, help="Output every feature column, not just the summary.")
@column_options
@lexicon_option
@model_options
@engine_options
@quiet_option
def score(paths, fmt, output, resume, all_features, text_column, id_column, source_column, input_format, lexicons,
          model_path, no_model, engine, scheduler, workers, chunk_size, scheduler_timeout):
    """Score articles in PATHS (files, folders, globs, '-' for stdin).

    One row per article: promotional probability, the four dimension scores
    (log-odds each dimension adds; positive = towards promotional) and a
    summary of the features (all of them with --all-features). Rows are
    written as they are scored: a run of any size keeps a constant memory,
    and an interrupted run continues with --resume. The table on a terminal
    is fitted to its width; a path that does not exist is an error row.

    \b
    Examples:
      hypedetect score corpora/demo --all-features --format jsonl
      hypedetect score archive.parquet -o scores.csv --resume
      cat corpus.jsonl | hypedetect score - --input-format jsonl
      hypedetect score archive.jsonl -o scores.csv --engine dask --workers 2
    """
    from hypedetect import runs

    fmt = _output_format(fmt, output)
    output = _to_stdout(output)
    if lexicons and not no_model:
        raise click.UsageError("--lexicon changes the features a trained model expects; use it with --no-model")
    if resume and (not output or fmt == "table"):
        raise click.UsageError("--resume needs -o FILE and --format csv, json or jsonl")
    _check_folder(output)
    options = {**_engine(engine, scheduler, workers, scheduler_timeout), "chunk_size": chunk_size,
               "model": _model_argument(model_path, no_model), "lexicons": list(lexicons) or None,
               "all_features": all_features, "columns": _columns(text_column, id_column, source_column),
               "input_format": input_format.lower() if input_format else None, "on_warning": _warn}
    failures = _Failures()
    progress = _Progress()
    try:
        if fmt == "table" and output is None and not all_features:
            import pandas as pd

            frames = list(runs.iter_scored(paths, on_failure=failures.report, on_progress=progress.update,
                                           **options))
            progress.done()
            if frames:
                click.echo(fitted_table(pd.concat(frames, ignore_index=True), shutil.get_terminal_size().columns),
                           nl=False)
        else:
            summary = runs.score_files(paths, output=output, fmt=fmt, resume=resume, on_failure=failures.report,
                                       on_progress=progress.update, **options)
            if not summary.complete:
                click.echo(format_error(f"hypedetect: {output}", "already complete; nothing to resume"), err=True)
                return
            failures.count = summary.failures
    finally:
        progress.done()
    if failures.count:
        raise SystemExit(1)


@cli.command(name="explain")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(("text", "json", "jsonl"), case_sensitive=False), default="text",
              show_default=True, help="text: the article marked and a span list; json/jsonl: one object per span.")
@click.option("--dimension", "dimensions", multiple=True, metavar="NAME",
              help="Only spans of this dimension (promotional, hedging, sourcing, readability; with the model "
                   "also loaded, headline, claims, provenance); repeatable.")
@click.option("--category", "categories", multiple=True, metavar="NAME",
              help=f"Only spans of this category (e.g. booster, hedge; {FLAGGED_BLOCK}: the flagged blocks); "
                   "repeatable. Flagged blocks are listed when no filter is given.")
@click.option("--all", "every", is_flag=True, help="Explain every article of the inputs, not only the first.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help="Write to FILE ('-': stdout).")
@column_options
@lexicon_option
@model_options
@quiet_option
def explain_command(paths, fmt, dimensions, categories, every, output, text_column, id_column, source_column,
                    input_format, lexicons, model_path, no_model):
    """Show the evidence every extractor counted in one article (every article with --all).

    \b
    Examples:
      hypedetect explain corpora/demo/promotional_rewrite.txt
      hypedetect explain corpus.jsonl --all --format jsonl --dimension hedging
    """
    from hypedetect.features import DIMENSIONS, SHIPPED_DIMENSIONS, as_feature_set, feature_set, read_lexicons
    from hypedetect.persistence import load_model
    from hypedetect.runs import read_records

    bare = no_model or bool(lexicons)  # user lexicons extend a bare feature set: a model's features are fixed
    known = SHIPPED_DIMENSIONS if bare else DIMENSIONS
    unknown = sorted(set(d.lower() for d in dimensions) - set(known))
    if unknown:
        raise click.BadParameter(f"{unknown[0]!r} is not one of {', '.join(known)}", param_hint="--dimension")
    fmt, output = fmt.lower(), _to_stdout(output)
    _check_folder(output)
    failures = _Failures()
    features = (feature_set(lexicons=read_lexicons(lexicons) or None) if bare
                else as_feature_set(load_model(model_path)[0]))
    records = read_records(list(paths), columns=_columns(text_column, id_column, source_column),
                           input_format=input_format.lower() if input_format else None, on_failure=failures.report,
                           on_warning=_warn)
    with_blocks = not (dimensions or categories) or FLAGGED_BLOCK in categories
    lines, explained = [], 0
    for record in records:
        if record.error:
            continue
        spans = [s for s in features.explain(record.text)
                 if (not dimensions or s.dimension in {d.lower() for d in dimensions})
                 and (not categories or s.category in set(categories))]
        lines.extend(explained_lines(record, spans, fmt, color=sys.stdout.isatty(), blocks=with_blocks))
        explained += 1
        if not every:
            break
    text = "\n".join(lines) + "\n" if lines else ""
    if fmt == "json":
        text = json.dumps([json.loads(line) for line in lines], ensure_ascii=False, indent=1) + "\n"
    _emit(text, output)
    if failures.count or not explained:
        raise SystemExit(1)


def _emit(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` (replacing it only once complete) or to stdout."""
    if output is None:
        click.echo(text, nl=False)
        return
    target = Replacement(output)
    with target:
        target.write(text.encode("utf-8"))
        target.commit()


@cli.command()
@click.option("--path", "demo_dir", type=click.Path(file_okay=False), default=str(DEMO_DIR), show_default=True,
              help="Folder of demo articles.")
@click.option("-o", "--output", "report_path", type=click.Path(dir_okay=False, allow_dash=True),
              default=str(DEMO_REPORT), show_default=True, help="Where to write the demo report ('-': stdout).")
@quiet_option
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
    to_stdout = _to_stdout(report_path) is None
    wanted = ["id", "source", "promotional_probability", "release_probability", "tone_probability",
              "loaded_language_rate", *(f"{d}_score" for d in DIMENSIONS)]
    table = frame[[column for column in wanted if column in frame]]
    if not to_stdout:  # with the page on stdout, the table would corrupt it
        _write(table, "table", None)
    _write_report([r for r in records if not r.error], model, load_card(), "hypedetect demo report",
                  _to_stdout(report_path))
    if not to_stdout:
        click.echo(f"\n{len(records)} articles scored on {len(DIMENSIONS)} dimensions: {', '.join(DIMENSIONS)}.")
        click.echo(f"Report: {terminal_safe(report_path)}")
    if failures.count:
        raise SystemExit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--by", default="source", show_default=True, help="Column to rank by: source (from metadata or the "
              "folder layout root/<source>/article.txt), id, title, or any column (CSV, Parquet) or field (JSONL) "
              "of the inputs, e.g. outlet.")
@output_options
@column_options
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="A .skops model (default: shipped).")
@engine_options
@quiet_option
def rank(paths, by, fmt, output, text_column, id_column, source_column, input_format, model_path, engine, scheduler,
         workers, chunk_size, scheduler_timeout):
    """Rank sources from most newsy to most promotional, partially pooled, with 95% intervals.

    Articles are scored partition by partition; only each article's group and
    scores are kept for the ranking.

    \b
    Examples:
      hypedetect rank outlets/ --by source
      hypedetect rank articles.csv --by outlet -o ranking.csv
    """
    from hypedetect.runs import rank_files

    fmt = _output_format(fmt, output)
    output = _to_stdout(output)
    _check_folder(output)
    failures = _Failures()
    progress = _Progress()
    try:
        summary = rank_files(paths, by=by, model=_model_argument(model_path), output=output, fmt=fmt,
                             columns=_columns(text_column, id_column, source_column),
                             input_format=input_format.lower() if input_format else None,
                             on_failure=failures.report, on_warning=_warn, on_progress=progress.update,
                             chunk_size=chunk_size, **_engine(engine, scheduler, workers, scheduler_timeout))
    finally:
        progress.done()
    if summary.failures or summary.ranking is None:
        raise SystemExit(1)


@cli.command()
@click.argument("data", nargs=-1)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Model file to write, e.g. models/mine.skops (a .card.json and .md are written beside it).")
@click.option("--corpora", "corpora_path", type=click.Path(file_okay=False),
              help="Shared corpora folder (default $HYPEDETECT_CORPORA or ../shared/corpora).")
@click.option("--examples", type=click.Path(file_okay=False), help="Folder of example articles to score in the card.")
@quiet_option
def train(data, output, corpora_path, examples):
    """Train a model: on the shared corpora by default, or on CSV/JSONL files with text and label.

    \b
    Example:
      hypedetect train -o models/default.skops
      hypedetect train labelled.csv -o models/mine.skops
    """
    from hypedetect import training
    from hypedetect.card import write_card
    from hypedetect.persistence import save_model
    from hypedetect.runs import read_training_frame

    if output == "-":
        raise click.BadParameter("a model is a file; give its path", param_hint="-o")
    _check_folder(output)
    name = Path(output).stem
    target = Replacement(output, streams=False)  # locked now: a second run on the same -o is refused at once
    try:
        if data:
            frame = read_training_frame(list(data), on_failure=_Failures().report)
            model, card = training.train_on_file(frame, name=name)
        else:
            model, card = training.train_default(corpora_path, examples=Path(examples) if examples else None,
                                                 name=name)
        path = save_model(model, target)
    finally:
        target.discard()
    write_card(card, path)
    click.echo(f"wrote {terminal_safe(path)} and its model card ({card['n_articles']} articles)")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="HTML file to write ('-': stdout).")
@click.option("--title", default="hypedetect report", show_default=True, help="Page title.")
@column_options
@lexicon_option
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="A .skops model (default: shipped).")
@click.option("--no-model", is_flag=True, help="No model: the evidence, categories, feature values and stories, "
              "without probabilities, scores or verdicts.")
@quiet_option
def report(paths, output, title, text_column, id_column, source_column, input_format, lexicons, model_path,
           no_model):
    """Write a self-contained HTML report comparing the articles side by side.

    \b
    Examples:
      hypedetect report ../shared/examples corpora/demo -o report.html
      hypedetect report articles/ -o - > report.html
      hypedetect report articles/ --no-model --lexicon hedging:doubt.txt -o report.html
    """
    from hypedetect.features import read_lexicons
    from hypedetect.persistence import load_card, load_model
    from hypedetect.runs import read_records

    if lexicons and not no_model:
        raise click.UsageError("--lexicon changes the features a trained model expects; use it with --no-model")
    output = _to_stdout(output)
    _check_folder(output)
    user_lexicons = read_lexicons(lexicons) or None  # a bad lexicon fails before any article is read
    model = None if no_model else load_model(model_path)
    target = Replacement(output) if output else None  # locked now: a second run on the same -o is refused at once
    try:
        failures = _Failures()
        read = list(read_records(list(paths), columns=_columns(text_column, id_column, source_column),
                                 input_format=input_format.lower() if input_format else None,
                                 on_failure=failures.report, on_warning=_warn))
        records = [r for r in read if not r.error]
        if not records:
            if read:
                raise SystemExit(1)
            from hypedetect.runs import nothing_found

            raise nothing_found(paths)
        _write_report(records, model, {} if no_model else load_card(model_path), title, target,
                      lexicons=user_lexicons)
    finally:
        if target is not None:
            target.discard()
    click.echo(f"wrote {terminal_safe(output or '<stdout>')} ({len(records)} articles)", err=True)
    if failures.count:
        raise SystemExit(1)


def _write_report(records: list[Record], model, card: dict, title: str,
                  output: str | Path | Replacement | None, lexicons=None) -> None:
    import pandas as pd

    articles = pd.DataFrame({
        "id": [r.id for r in records], "source": [r.source for r in records], "title": [r.title for r in records],
        "url": [r.url for r in records], "text": [r.text for r in records],
        "status": [r.warning or "ok" for r in records],
    })
    from hypedetect.report import build_report  # imported here: plotting libraries are slow to load

    page = build_report(articles, model, card=card, title=title, lexicons=lexicons)
    if output is None:
        sys.stdout.buffer.write(page.encode("utf-8"))
        sys.stdout.flush()
        return
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
