"""The issue's bad-input table, end to end: each case runs the real ``hypedetect score``.

A case is a few input files and what the command must do with them: its exit
code, one status per output row (an input article or row is never dropped), and
stderr lines that each name the input and the reason, with the line or row of a
row error. :func:`test_bad_input` runs :func:`hypedetect.cli.main`, the console
script that turns every exception into one line, in this process, so that
imports and dictionaries load once for the whole table;
:func:`test_table_in_one_subprocess` runs the same inputs through
``python -m hypedetect`` to show that no traceback or warning reaches stderr.
Reading each kind of input is tested in detail in ``test_io.py``.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hypedetect import io as hio
from hypedetect.cli import main

ARTICLE = (
    "The city council approved the budget on Tuesday after a four-hour debate, officials said. "
    "Critics said the plan was rushed, and two members voted against it. The mayor said the "
    "new spending on roads and schools would start in the spring, and that the city would "
    "publish the full figures next week."
)
GERMAN = "Der Stadtrat hat am Dienstag den Haushalt beschlossen, sagten Beamte der Stadt. " * 5
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
CP1252_WARNING = r"not valid UTF-8; decoded as cp1252$"
NOT_ENGLISH = r"does not look like English prose \(\d+% English function words\)"


def _parquet(columns: dict) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        pq.write_table(pa.table(columns), path)

    return write


def _short_lines(path: Path) -> None:
    path.write_text("".join(f"The vote {number} passed.\n" for number in range(100_000)), encoding="utf-8")


@dataclass(frozen=True)
class Case:
    """One row of the table.

    ``files`` maps a path under the case's folder to its bytes, or to a function
    that writes it there; ``inputs`` are the paths given to the command (all
    files by default); ``statuses`` holds one regular expression per output row,
    matched against its ``status``; ``stderr`` one per stderr line, searched in
    it; ``refuse`` names files whose opening raises PermissionError; ``links``
    maps a symbolic link to its target; ``output`` is the ``-o`` path, if any.
    """

    files: dict[str, bytes | str | Callable[[Path], None]]
    exit_code: int
    statuses: tuple[str, ...]
    stderr: tuple[str, ...] = ()
    inputs: tuple[str, ...] | None = None
    options: tuple[str, ...] = ("--no-model",)
    refuse: tuple[str, ...] = ()
    links: dict[str, str] = field(default_factory=dict)
    output: str | None = None


CASES = {
    "empty-file": Case({"empty.txt": b""}, 1, (r"error: file is empty$",), (r"empty\.txt: file is empty$",)),
    "whitespace-only": Case(
        {"blank.txt": b" \n\t\r\n  \n"},
        1,
        (r"error: file contains only whitespace$",),
        (r"blank\.txt: file contains only whitespace$",),
    ),
    "one-word": Case(
        {"word.txt": "Breaking"},
        0,
        (r"short text \(1 word\): the model was trained on articles of 50\+ words",),
        options=(),
    ),
    "binary-png": Case(
        {"image.txt": PNG}, 1, (r"error: looks like a PNG image, not text$",), (r"image\.txt: looks like a PNG",)
    ),
    "binary-png-named-png": Case(
        {"image.png": PNG},
        1,
        (r"error: unsupported file type '\.png'; expected .*\.parquet$",),
        (r"image\.png: unsupported file type '\.png'",),
    ),
    "binary-pdf": Case(
        {"scan.txt": PDF}, 1, (r"error: looks like a PDF file, not text$",), (r"scan\.txt: looks like a PDF file",)
    ),
    "binary-gzip": Case(
        {"archive.txt": gzip.compress(ARTICLE.encode())},
        1,
        (r"error: looks like a gzip file, not text$",),
        (r"archive\.txt: looks like a gzip file",),
    ),
    "invalid-utf-8": Case({"broken.txt": ARTICLE.encode() + b" Caf\xc3( \xff\xfe end."}, 0, (CP1252_WARNING,)),
    "latin-1": Case({"latin1.txt": (ARTICLE + " Café, naïve, Zürich.").encode("latin-1")}, 0, (CP1252_WARNING,)),
    "utf-16-with-bom": Case({"wide.txt": ARTICLE.encode("utf-16")}, 0, (r"ok$",)),
    "utf-16-without-bom": Case({"wide.txt": ARTICLE.encode("utf-16-le")}, 0, (r"ok$",)),
    "nul-bytes": Case(
        {"nul.txt": ARTICLE.encode() + b"\x00" + ARTICLE.encode()},
        1,
        (r"error: binary data \(NUL bytes\)$",),
        (r"nul\.txt: binary data \(NUL bytes\)$",),
    ),
    "100000-short-lines": Case({"lines.txt": _short_lines}, 0, (r"ok$",)),
    "deeply-nested-html": Case(
        {"deep.html": "<html><body>" + "<div>" * 5000 + f"<p>{ARTICLE}</p>" + "</div>" * 5000 + "</body></html>"},
        0,
        (r"no main article text found; used all visible text$",),
    ),
    "unclosed-html": Case(
        {"sloppy.html": f"<html><head><title>Budget<body><div><p>{ARTICLE}<p>More <b>bold <i>text<div><span>"},
        0,
        (r"no main article text found; used all visible text$",),
    ),
    "html-only-scripts-and-styles": Case(
        {
            "scripts.html": "<html><head><script>var a = 1;</script><style>p { color: red }</style></head>"
            "<body><script>track()</script><noscript></noscript><style>.x{}</style></body></html>"
        },
        1,
        (r"error: no article text found in HTML$",),
        (r"scripts\.html: no article text found in HTML$",),
    ),
    "html-without-article-text": Case(
        {
            "home.html": '<!DOCTYPE html><html><head><title>Home</title></head><body><img src="logo.png">'
            '<form><input type="search"></form><!-- nothing to read --></body></html>'
        },
        1,
        (r"error: no article text found in HTML$",),
        (r"home\.html: no article text found in HTML$",),
    ),
    "non-english": Case({"de.txt": GERMAN}, 0, (NOT_ENGLISH,)),
    "non-english-with-model": Case({"de.txt": GERMAN}, 0, (NOT_ENGLISH,), options=()),
    "csv-missing-text-column": Case(
        {"rows.csv": "id,body\na,The council met.\n"},
        1,
        (r"error: no 'text' column; columns found: 'id', 'body'$",),
        (r"rows\.csv: no 'text' column; columns found: 'id', 'body'$",),
    ),
    "csv-header-only": Case(
        {"rows.csv": "id,text\n"}, 1, (r"error: no rows after the header$",), (r"rows\.csv: no rows after the header$",)
    ),
    "csv-quoted-newline": Case(
        {"rows.csv": f'id,text\nq1,"{ARTICLE}\n\nSecond paragraph, with a comma."\nq2,The vote passed.\n'},
        0,
        (r"ok$", r"ok$"),
    ),
    "csv-ragged-row": Case(
        {"rows.csv": "id,text\nr1,First row.\nr2,Second row.,extra\nr3,Third row.\n"},
        1,
        (r"ok$", r"error: line 3: row has 3 fields, header has 2$", r"ok$"),
        (r"rows\.csv: line 3: row has 3 fields, header has 2$",),
    ),
    "jsonl-malformed-middle-line": Case(
        {"rows.jsonl": '{"id": "j1", "text": "First."}\n{"id": "j2", "text": "Bro\n{"id": "j3", "text": "Third."}\n'},
        1,
        (r"ok$", r"error: line 2: invalid JSON \(Invalid control character at column 26\)$", r"ok$"),
        (r"rows\.jsonl: line 2: invalid JSON \(Invalid control character at column 26\)$",),
    ),
    "duplicate-ids": Case(
        {"rows.jsonl": '{"id": "d1", "text": "One."}\n{"id": "d1", "text": "Two."}\n'},
        0,
        (r"ok$", r"duplicate id$"),
    ),
    "directory-with-unreadable-file": Case(
        {"folder/a.txt": ARTICLE, "folder/locked.txt": ARTICLE, "folder/rows.csv": "id,text\nu1,Locked.\n",
         "folder/z.txt": ARTICLE},
        1,
        (r"ok$", r"error: permission denied$", r"error: permission denied$", r"ok$"),
        (r"locked\.txt: permission denied$", r"rows\.csv: permission denied$"),
        inputs=("folder",),
        refuse=("locked.txt", "rows.csv"),
    ),
    "symlink-loop": Case(
        {"folder/story.txt": ARTICLE},
        1,
        (r"error: too many levels of symbolic links$", r"ok$"),
        (r"self\.txt: too many levels of symbolic links$",),
        inputs=("folder",),
        links={"folder/back": ".", "folder/self.txt": "self.txt"},
    ),
    "output-cannot-be-written": Case(
        {"story.txt": ARTICLE, "blocker": b""},
        1,
        (),
        (r"blocker/scores\.jsonl: cannot write output \(.*blocker is a file, not a folder\)$",),
        inputs=("story.txt",),
        output="blocker/scores.jsonl",
    ),
    "parquet-corrupt": Case(
        {"rows.parquet": b"PAR1" + b"\x00" * 64 + b"PAR1"},
        1,
        (r"error: corrupt Parquet file \(",),
        (r"rows\.parquet: corrupt Parquet file \(",),
    ),
    "parquet-not-parquet": Case(
        {"rows.parquet": "id,text\na,hello\n"},
        1,
        (r"error: not a Parquet file \(no PAR1 signature\)$",),
        (r"rows\.parquet: not a Parquet file",),
    ),
    "parquet-null-text-row": Case(
        {"rows.parquet": _parquet({"id": ["p1", "p2", "p3"], "text": ["First.", None, "Third."]})},
        1,
        (r"ok$", r"error: row 2: 'text' is null$", r"ok$"),
        (r"rows\.parquet: row 2: 'text' is null$",),
    ),
}


def _build(case: Case, folder: Path) -> list[str]:
    """Write the case's files under ``folder``; return the command's input paths."""
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
    for name, target in case.links.items():
        (folder / name).symlink_to(target)
    return [str(folder / name) for name in (case.inputs or case.files)]


def _arguments(case: Case, folder: Path, inputs: list[str]) -> list[str]:
    output = ["-o", str(folder / case.output)] if case.output else []
    return ["score", *inputs, *case.options, "--format", "jsonl", *output]


@dataclass
class Run:
    exit_code: int
    rows: list[dict]
    stderr_lines: list[str]
    stderr: str


def _run_in_process(arguments: list[str], capsys, monkeypatch) -> Run:
    monkeypatch.setattr(sys, "argv", ["hypedetect", *arguments])
    monkeypatch.delenv("HYPEDETECT_DEBUG", raising=False)
    try:
        main()
        exit_code = 0
    except SystemExit as done:
        exit_code = done.code if isinstance(done.code, int) else int(done.code is not None)
    out, err = capsys.readouterr()
    return Run(exit_code, [json.loads(line) for line in out.splitlines()], err.splitlines(), err)


def _check(run: Run, case: Case, inputs: list[str]) -> None:
    assert run.exit_code == case.exit_code, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert len(run.rows) == len(case.statuses), run.rows
    for row, pattern in zip(run.rows, case.statuses, strict=True):
        assert re.match(pattern, row["status"]), row["status"]
        scores = [value for key, value in row.items() if key not in ("id", "source", "title", "status")]
        if row["status"].startswith("error:"):
            assert all(value is None for value in scores), row
        else:
            assert scores and all(isinstance(value, float) and math.isfinite(value) for value in scores), row
    _check_stderr(run, case, inputs)


def _check_stderr(run: Run, case: Case, inputs: list[str]) -> None:
    """Each stderr line is one message naming an input (or the output) and the reason."""
    assert len(run.stderr_lines) == len(case.stderr), run.stderr
    names = {Path(path).name for path in inputs} | {Path(name).name for name in (*case.files, *case.links)}
    for line, pattern in zip(run.stderr_lines, case.stderr, strict=True):
        assert line.startswith(("hypedetect: ", "Error: ")), line
        assert re.search(pattern, line), line
        assert any(name in line for name in names), line
    row_errors = [re.match(r"error: ((?:line|row) \d+):", row["status"]) for row in run.rows]
    for position in (match.group(1) for match in row_errors if match):
        assert any(f": {position}: " in line for line in run.stderr_lines), (position, run.stderr)


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name, tmp_path, capsys, monkeypatch):
    case = CASES[name]
    inputs = _build(case, tmp_path)
    if case.refuse:
        # Runs as root too, where chmod 000 does not stop a read: io.py opens every file through open().
        def open_refusing(file, *args, **kwargs):
            if Path(file).name in case.refuse:
                raise PermissionError(13, "Permission denied", str(file))
            return open(file, *args, **kwargs)

        monkeypatch.setattr(hio, "open", open_refusing, raising=False)
    started = time.perf_counter()
    run = _run_in_process(_arguments(case, tmp_path, inputs), capsys, monkeypatch)
    assert time.perf_counter() - started < 60
    _check(run, case, inputs)


def test_unreadable_file_in_directory_with_chmod(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running with permission to read any file (root); see the in-process case")
        run = _run_in_process(["score", str(folder), "--no-model", "--format", "jsonl"], capsys, monkeypatch)
    finally:
        locked.chmod(0o644)
    case = Case({}, 1, (r"ok$", r"error: permission denied$"), (r"locked\.txt: permission denied$",))
    _check(run, case, [str(folder)])


def test_table_in_one_subprocess(tmp_path):
    """Every --no-model case of the table in one real run: statuses in order, one line per failure."""
    cases = {
        name: case
        for name, case in CASES.items()
        if case.options == ("--no-model",) and not (case.refuse or case.output)
    }
    inputs: list[str] = []
    for name, case in cases.items():
        inputs += _build(case, tmp_path / name)
    proc = subprocess.run(
        [sys.executable, "-m", "hypedetect", "score", *inputs, "--no-model", "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=False,
        env={key: value for key, value in os.environ.items() if key != "HYPEDETECT_DEBUG"},
    )
    statuses = [pattern for case in cases.values() for pattern in case.statuses]
    expected_stderr = [pattern for case in cases.values() for pattern in case.stderr]
    run = Run(proc.returncode, [json.loads(line) for line in proc.stdout.splitlines()], proc.stderr.splitlines(),
              proc.stderr)
    everything = Case({}, 1, tuple(statuses), tuple(expected_stderr))
    _check(run, everything, inputs)


def test_non_english_text_is_scored_not_refused(tmp_path, capsys, monkeypatch):
    case = CASES["non-english-with-model"]
    run = _run_in_process(_arguments(case, tmp_path, _build(case, tmp_path)), capsys, monkeypatch)
    [row] = run.rows
    assert 0.0 <= row["promotional_probability"] <= 1.0
    assert "the English lexicons and model may not apply" in row["status"]


@pytest.fixture(scope="module")
def fifty_mb_article(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("large") / "long.txt"
    sentence = ARTICLE.encode() + b"\n"
    path.write_bytes(sentence * (50 * 1024 * 1024 // len(sentence)))
    return path


@pytest.mark.skipif(
    os.environ.get("CI") != "true" and not os.environ.get("HYPEDETECT_SLOW_TESTS"),
    reason="scores a 50 MB article (about 70 s and 3.6 GB); runs under CI=true or HYPEDETECT_SLOW_TESTS=1",
)
def test_50_mb_article_is_scored(fifty_mb_article):
    assert 49 * 1024 * 1024 < fifty_mb_article.stat().st_size < hio.MAX_BYTES
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "hypedetect", "score", str(fifty_mb_article), "--no-model", "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    [row] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert row["status"] == "ok"
    assert row["readability__flesch_kincaid_grade"] > 0
    assert elapsed < 300
