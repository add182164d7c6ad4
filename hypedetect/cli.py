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
from hypedetect.document import language_warning, parse
from hypedetect.errors import HypedetectError, format_error
from hypedetect.features import DIMENSIONS, explain, extract_features
from hypedetect.io import Record, iter_inputs
from hypedetect.model import length_warning, score_texts
from hypedetect.persistence import atomic_write_text, load_card, load_model, save_model
from hypedetect.ranking import rank_sources
from hypedetect.report import build_report

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
DEMO_REPORT = Path(__file__).resolve().parents[1] / "reports" / "demo.html"


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


def _load(model_path: str | None, no_model: bool):
    return None if no_model else load_model(model_path)


CHUNK = 64


def _status(record: Record, language: str | None) -> str:
    """``ok``, ``error: ...`` or the warnings of a record (reading, language), joined by "; "."""
    if record.error:
        return f"error: {record.error}"
    return "; ".join(w for w in (record.warning, language) if w) or "ok"


def _text_warning(doc, with_model: bool) -> str | None:
    """The language warning, and with a model the short-text warning, of one parsed text."""
    warnings = [language_warning(doc), length_warning(doc.n_words) if with_model else None]
    return "; ".join(w for w in warnings if w) or None


def _in_chunks(texts: list[str], score, with_model: bool) -> tuple[pd.DataFrame, list[str | None]]:
    """Score in chunks, with a progress bar on stderr when it is a terminal (and --quiet is not set).

    Returns the scores and each text's language warning, read while its parse is still cached.
    """
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)] or [[]]
    show = len(chunks) > 1 and sys.stderr.isatty() and not click.get_current_context().find_root().params.get("quiet")
    with click.progressbar(length=len(texts), label="scoring", file=sys.stderr, hidden=not show) as bar:
        parts, languages = [], []
        for chunk in chunks:
            parts.append(score(chunk))
            languages.extend(_text_warning(parse(text), with_model) for text in chunk)
            bar.update(len(chunk))
    return pd.concat(parts, ignore_index=True), languages


def _score_frame(records: list[Record], lexicons: tuple[str, ...], all_features: bool, model=None) -> pd.DataFrame:
    """One row per record, in input order; failed records keep their row with the error in ``status``."""
    ok_rows = [i for i, r in enumerate(records) if not r.error]
    texts = [records[i].text for i in ok_rows]
    if model is not None:
        scored, languages = _in_chunks(texts, lambda chunk: score_texts(model, chunk), True)
    else:
        scored, languages = _in_chunks(texts, lambda chunk: extract_features(chunk, lexicons=lexicons or None), False)
    language = dict(zip(ok_rows, languages, strict=True))
    meta = pd.DataFrame(
        {
            "id": [r.id for r in records],
            "source": [r.source for r in records],
            "title": [r.title for r in records],
            "status": [_status(r, language.get(i)) for i, r in enumerate(records)],
        }
    )
    head = [c for c in ("promotional_probability", *(f"{d}_score" for d in DIMENSIONS)) if c in scored]
    features = [c for c in scored.columns if "__" in c]
    columns = head + (features if all_features else [c for c in SUMMARY_FEATURES if c in scored])
    values = pd.DataFrame(index=range(len(records)), columns=columns, dtype=float)
    if ok_rows:
        values.loc[ok_rows, columns] = scored[columns].to_numpy()
    return pd.concat([meta, values], axis=1)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with ``'`` (OWASP CSV injection)."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda v: f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v)
    return safe


def _write(frame: pd.DataFrame, fmt: str, output: str | None) -> None:
    if fmt == "table":
        shown = frame.copy()
        text_columns = [c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c])]
        shown[text_columns] = shown[text_columns].astype(object).where(shown[text_columns].notna(), "-")
        shown.columns = [c.split("__", 1)[-1] for c in shown.columns]
        text = shown.to_string(index=False, float_format=lambda v: f"{v:.2f}", na_rep="-") + "\n"
    elif fmt == "csv":
        text = _neutralise_formulas(frame).to_csv(index=False)
    elif fmt == "json":
        text = frame.to_json(orient="records", indent=2, force_ascii=False) + "\n"
    else:
        text = frame.to_json(orient="records", lines=True, force_ascii=False).rstrip("\n") + "\n"
    if output:
        try:
            atomic_write_text(Path(output), text)
        except OSError as error:
            raise click.ClickException(f"{output}: cannot write output ({error.strerror})") from None
    else:
        click.echo(text, nl=False)


def column_options(command):
    """--text-column, --id-column, --source-column: where CSV/JSONL inputs keep each field."""
    for name, default in (("source", "source"), ("id", "id"), ("text", "text")):
        command = click.option(f"--{name}-column", default=default, show_default=True,
                               help=f"Column (CSV) or field (JSONL) holding the {name}.")(command)
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
    type=click.Path(dir_okay=False),
    help="Extra lexicon file (one entry a line); repeatable. Extends the shipped lists.",
)


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
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--all-features", is_flag=True, help="Output every feature column, not just the summary.")
@column_options
@lexicon_option
@model_options
def score(paths, fmt, output, all_features, text_column, id_column, source_column, lexicons, model_path, no_model):
    """Score articles in PATHS (files, folders, globs, '-' for stdin).

    One row per article: promotional probability, the four dimension scores
    (log-odds each dimension adds; positive = towards promotional) and a
    summary of the features (all of them with --all-features).

    \b
    Example:
      hypedetect score corpora/demo --all-features --format jsonl
    """
    if lexicons and not no_model:
        raise click.UsageError("--lexicon changes the features a trained model expects; use it with --no-model")
    model = _load(model_path, no_model)
    failures = _Failures()
    records = list(_records(paths, failures, _columns(text_column, id_column, source_column)))
    if not records:
        raise SystemExit(1)
    _write(_score_frame(records, lexicons, all_features, model), fmt, output)
    if failures.count:
        raise SystemExit(1)


_DIMENSION_COLORS = {"promotional": "red", "hedging": "yellow", "sourcing": "green"}


def _marked(text: str, spans, *, color: bool) -> str:
    """The text with word-level evidence marked: colours on a terminal, ``[[span|category]]`` otherwise.

    Sentence-long spans (claims, long sentences) and readability spans are listed below, not marked.
    """
    marks = sorted((s for s in spans if s.dimension in _DIMENSION_COLORS and s.end - s.start <= 80),
                   key=lambda s: (s.start, -s.end))
    out, position = [], 0
    for span in marks:
        if span.start < position:
            continue  # overlapping spans: the first, longest one is marked
        out.append(text[position : span.start])
        piece = text[span.start : span.end]
        if color:
            out.append(click.style(piece, fg=_DIMENSION_COLORS[span.dimension], bold=True))
        else:
            out.append(f"[[{piece}|{span.category}]]")
        position = span.end
    out.append(text[position:])
    return "".join(out)


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
        click.echo(_marked(record.text, spans, color=sys.stdout.isatty()))
        click.echo("")
        for span in spans:
            click.echo(f"{span.start:>6}-{span.end:<6} {span.dimension:<12} {span.category:<24} {span.text[:60]!r}")
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
    if not Path(demo_dir).is_dir():
        raise click.ClickException(f"{demo_dir}: demo folder not found (run from a source checkout)")
    failures = _Failures()
    records = list(_records([demo_dir], failures, {}))
    model = load_model()
    frame = _score_frame(records, (), all_features=False, model=model)
    _write(frame[["id", "source", "promotional_probability", *(f"{d}_score" for d in DIMENSIONS)]], "table", None)
    _write_report([r for r in records if not r.error], model, load_card(), "hypedetect demo report", report_path)
    click.echo(f"\n{len(records)} articles scored on {len(DIMENSIONS)} dimensions: {', '.join(DIMENSIONS)}.")
    click.echo(f"Report: {report_path}")
    if failures.count:
        raise SystemExit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--by", default="source", show_default=True, help="Column to rank by (source from metadata, "
              "a CSV/JSONL column, or the folder layout root/<source>/article.txt).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@column_options
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="A .skops model (default: shipped).")
def rank(paths, by, fmt, output, text_column, id_column, source_column, model_path):
    """Rank sources from most newsy to most promotional, with 95% bootstrap intervals.

    \b
    Example:
      hypedetect rank outlets/ --by source
    """
    model = load_model(model_path)
    failures = _Failures()
    records = list(_records(paths, failures, _columns(text_column, id_column, source_column)))
    frame = _score_frame([r for r in records if not r.error], (), False, model)
    if by not in frame:
        raise click.UsageError(f"--by {by!r}: no such column (try 'source')")
    if frame.empty:
        raise SystemExit(1)
    _write(rank_sources(frame, by=by), fmt, output)
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
    from hypedetect import training

    name = Path(output).stem
    if data:
        failures = _Failures()
        records = [r for r in _records(data, failures, {}) if not r.error]
        labels = [r.label for r in records]
        if not records or any(label in (None, "") for label in labels):
            raise click.ClickException("training data needs a 'label' (0 newsy / 1 promotional) on every row")
        frame = pd.DataFrame({"text": [r.text for r in records], "label": pd.to_numeric(labels),
                              "source": [r.source or r.id for r in records]})
        model, card = training.train_on_file(frame, name=name)
    else:
        model, card = training.train_default(corpora_path, examples=Path(examples) if examples else None, name=name)
    path = save_model(model, output)
    training.write_card(card, path)
    click.echo(f"wrote {path} and its model card ({card['n_articles']} articles)")


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
    model = load_model(model_path)
    failures = _Failures()
    records = [r for r in _records(paths, failures, _columns(text_column, id_column, source_column)) if not r.error]
    if not records:
        raise SystemExit(1)
    _write_report(records, model, load_card(model_path), title, output)
    click.echo(f"wrote {output} ({len(records)} articles)", err=True)
    if failures.count:
        raise SystemExit(1)


def _write_report(records: list[Record], model, card: dict, title: str, output: str | Path) -> None:
    articles = pd.DataFrame({
        "id": [r.id for r in records], "source": [r.source for r in records], "title": [r.title for r in records],
        "url": [r.url for r in records], "text": [r.text for r in records],
        "status": [r.warning or "ok" for r in records],
    })
    page = build_report(articles, model, card=card, title=title)
    try:
        atomic_write_text(Path(output), page)
    except OSError as error:
        raise click.ClickException(f"{output}: cannot write report ({error.strerror})") from None


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
