"""The ``hypedetect`` command line: a thin layer that reads, calls the library, formats.

Exit codes: 0 everything scored, 1 some inputs failed (each reported on one
line naming the file and the reason), 2 usage error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click
import pandas as pd

from hypedetect import __version__
from hypedetect.errors import HypedetectError, format_error
from hypedetect.features import DIMENSIONS, explain, extract_features
from hypedetect.io import Record, iter_inputs

#: The columns a plain ``score`` shows: a few readable signals per dimension.
SUMMARY_FEATURES = (
    "promotional__puffery_per_1k",
    "promotional__superlatives_per_1k",
    "promotional__promotional_block_share",
    "hedging__hedges_per_1k",
    "hedging__boosters_per_1k",
    "sourcing__attributions_per_1k",
    "sourcing__quotes_per_1k",
    "readability__flesch_kincaid_grade",
)

DEMO_DIR = Path(__file__).resolve().parents[1] / "corpora" / "demo"


class _Failures:
    """Counts inputs that failed, so the command can exit with 1."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, message: str) -> None:
        self.count += 1
        click.echo(f"hypedetect: {message}", err=True)


def _records(paths: Iterable[str], failures: _Failures, options: dict) -> Iterator[Record]:
    try:
        for record in iter_inputs(list(paths), **options):
            if record.error:
                failures.report(format_error(record.path, record.error))
            yield record
    except HypedetectError as error:
        failures.report(str(error))


def _score_frame(records: list[Record], lexicons: tuple[str, ...], all_features: bool) -> pd.DataFrame:
    ok = [r for r in records if not r.error]
    features = extract_features([r.text for r in ok], lexicons=lexicons or None)
    meta = pd.DataFrame(
        {
            "id": [r.id for r in records],
            "source": [r.source for r in records],
            "title": [r.title for r in records],
            "status": ["error: " + r.error if r.error else (r.warning or "ok") for r in records],
        }
    )
    columns = list(features.columns) if all_features else [c for c in SUMMARY_FEATURES if c in features]
    values = pd.DataFrame(index=range(len(records)), columns=columns, dtype=float)
    ok_rows = [i for i, r in enumerate(records) if not r.error]
    if ok_rows:
        values.loc[ok_rows, columns] = features[columns].to_numpy()
    return pd.concat([meta, values], axis=1)


def _write(frame: pd.DataFrame, fmt: str, output: str | None) -> None:
    if fmt == "table":
        shown = frame.copy()
        text_columns = shown.columns[shown.dtypes == object]
        shown[text_columns] = shown[text_columns].astype(object).where(shown[text_columns].notna(), "-")
        shown.columns = [c.split("__", 1)[-1] for c in shown.columns]
        text = shown.to_string(index=False, float_format=lambda v: f"{v:.2f}", na_rep="-") + "\n"
    elif fmt == "csv":
        text = frame.to_csv(index=False)
    elif fmt == "json":
        text = frame.to_json(orient="records", indent=2, force_ascii=False) + "\n"
    else:
        text = frame.to_json(orient="records", lines=True, force_ascii=False).rstrip("\n") + "\n"
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise click.ClickException(f"{output}: cannot write output ({error.strerror})") from None
    else:
        click.echo(text, nl=False)


lexicon_option = click.option(
    "--lexicon",
    "lexicons",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Extra lexicon file (one entry a line); repeatable. Extends the shipped lists.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hypedetect")
def cli() -> None:
    """Tell newsy journalism from promotion.

    \b
    Example:
      hypedetect score articles/ --format csv -o scores.csv
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--all-features", is_flag=True, help="Output every feature column, not just the summary.")
@click.option("--text-column", default="text", show_default=True, help="Text column of CSV/JSONL inputs.")
@lexicon_option
def score(paths, fmt, output, all_features, text_column, lexicons):
    """Score articles in PATHS (files, folders, globs, '-' for stdin).

    \b
    Example:
      hypedetect score corpora/demo --all-features --format jsonl
    """
    failures = _Failures()
    records = list(_records(paths, failures, {"text_column": text_column}))
    if not records:
        raise SystemExit(1)
    _write(_score_frame(records, lexicons, all_features), fmt, output)
    if failures.count:
        raise SystemExit(1)


@cli.command(name="explain")
@click.argument("path")
@lexicon_option
def explain_command(path, lexicons):
    """Show the evidence every extractor counted in one article.

    \b
    Example:
      hypedetect explain corpora/demo/promotional_rewrite.txt
    """
    failures = _Failures()
    records = [r for r in _records([path], failures, {}) if not r.error]
    for record in records:
        spans = explain(record.text, lexicons=lexicons or None)
        click.echo(f"# {record.id}: {len(spans)} spans")
        for span in spans:
            click.echo(f"{span.start:>6}-{span.end:<6} {span.dimension:<12} {span.category:<24} {span.text[:60]!r}")
    if failures.count or not records:
        raise SystemExit(1)


@cli.command()
@click.option("--path", "demo_dir", type=click.Path(file_okay=False), default=str(DEMO_DIR), show_default=True,
              help="Folder of demo articles.")
def demo(demo_dir):
    """Score the demo articles shipped in corpora/demo and print the table.

    \b
    Example:
      hypedetect demo
    """
    if not Path(demo_dir).is_dir():
        raise click.ClickException(f"{demo_dir}: demo folder not found (run from a source checkout)")
    failures = _Failures()
    records = list(_records([demo_dir], failures, {}))
    frame = _score_frame(records, (), all_features=False)
    _write(frame.drop(columns=["title", "status"]), "table", None)
    click.echo(f"\n{len(records)} articles scored on {len(DIMENSIONS)} dimensions: {', '.join(DIMENSIONS)}.")
    if failures.count:
        raise SystemExit(1)


def main() -> None:
    """Run the CLI; any unexpected error becomes one line, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.UsageError as error:
        error.show()
        sys.exit(2)
    except click.ClickException as error:
        error.show()
        sys.exit(1)
    except HypedetectError as error:
        click.echo(f"hypedetect: {error}", err=True)
        sys.exit(1)
    except click.Abort:
        click.echo("hypedetect: aborted", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("hypedetect: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence: one line, no traceback
        if os.environ.get("HYPEDETECT_DEBUG"):
            raise
        click.echo(f"hypedetect: internal error: {type(error).__name__}: {error} (set HYPEDETECT_DEBUG=1 for details)",
                   err=True)
        sys.exit(1)
