"""Inputs with hard limits wherever they enter: Parquet cells, CSV rows, pipes, model files, duplicate ids.

Each case runs the real ``hypedetect score`` (in this process, or as
``python -m hypedetect`` where a hang is what is being ruled out) and checks
every input row has its output row and every failure is one clean line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hypedetect import io as hio
from hypedetect import persistence
from hypedetect.persistence import load_model, save_model

from ._runs import ARTICLE, assert_one_clean_line, run_main

SCORE = ["--no-model", "--format", "jsonl"]


def _rows(run) -> list[dict]:
    return [json.loads(line) for line in run.out.splitlines()]


# --------------------------------------------------------------------------- Parquet


def test_a_parquet_cell_over_the_limit_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    path = tmp_path / "huge.parquet"
    huge = "word " * (hio.MAX_BYTES // 5 + 1024)  # just over 64 MB; compresses to a few kilobytes
    pq.write_table(pa.table({"id": ["big"], "text": [huge]}), path, compression="zstd")
    del huge
    assert path.stat().st_size < 1024 * 1024

    def never(*args, **kwargs):
        raise AssertionError("the oversized row group was read")

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", never)
    run = run_main(["score", path, *SCORE], capsys, monkeypatch)
    assert run.exit_code == 1
    [row] = _rows(run)
    assert row["status"] == "error: row 1: row is 64.1 MB, over the 64 MB limit"
    assert_one_clean_line(run, "huge.parquet: row 1: row is 64.1 MB, over the 64 MB limit")


def test_a_parquet_cell_over_the_limit_among_others_is_one_error_row(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(hio, "MAX_BYTES", 2000)
    path = tmp_path / "rows.parquet"
    texts = ["The council met.", "x" * 3000, "The vote passed."]
    pq.write_table(pa.table({"id": ["p1", "p2", "p3"], "text": texts}), path)
    run = run_main(["score", path, *SCORE], capsys, monkeypatch)
    assert run.exit_code == 1
    assert [row["status"] for row in _rows(run)] == ["ok", "error: row 2: 'text' is 0.1 MB, over the 0.1 MB limit",
                                                     "ok"]
    assert_one_clean_line(run, "rows.parquet: row 2: 'text' is")


def test_parquet_duplicate_column_names_are_refused(tmp_path, capsys, monkeypatch):
    path = tmp_path / "dup.parquet"
    table = pa.Table.from_arrays([pa.array(["a"]), pa.array(["First."]), pa.array(["Second."])],
                                 names=["id", "text", "text"])
    pq.write_table(table, path)
    run = run_main(["score", path, *SCORE], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "dup.parquet: duplicate column names: 'text'; rename them")


# --------------------------------------------------------------------------- CSV and TSV


def test_an_unclosed_quote_is_one_error_row_and_reading_goes_on(tmp_path, capsys, monkeypatch):
    path = tmp_path / "rows.csv"
    lines = ["id,text", 'r0,"This quote is never closed'] + [f"r{i},Row {i} of the file." for i in range(1, 1000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_main(["score", path, *SCORE], capsys, monkeypatch)
    rows = _rows(run)
    assert run.exit_code == 1
    assert len(rows) == 1000
    assert rows[0]["status"] == "error: line 2: malformed CSV (a quote opened in this row is never closed)"
    assert [row["id"] for row in rows[1:]] == [f"r{i}" for i in range(1, 1000)]
    assert all(row["status"] == "ok" for row in rows[1:])
    assert_one_clean_line(run, "rows.csv: line 2: malformed CSV")


def test_a_quote_closed_in_the_wrong_place_costs_only_its_row(tmp_path, capsys, monkeypatch):
    path = tmp_path / "rows.csv"
    path.write_text('id,text\nr1,"Opened here\nr2,Plain row.\nr3,"Closed" too early\nr4,Last row.\n',
                    encoding="utf-8")
    run = run_main(["score", path, *SCORE], capsys, monkeypatch)
    rows = _rows(run)
    assert [row["id"] for row in rows] == [f"{path}:2", "r2", f"{path}:4", "r4"]
    assert [row["status"] for row in rows] == [
        "error: line 2: malformed CSV (',' expected after '\"')", "ok",
        "error: line 4: malformed CSV (',' expected after '\"')", "ok"]


def test_a_tsv_leading_quote_does_not_merge_the_next_row(tmp_path, capsys, monkeypatch):
    path = tmp_path / "rows.tsv"
    path.write_text('id\ttext\nt1\tFirst row.\nt2\t"He said it was fine\nt3\tThird row.\n', encoding="utf-8")
    run = run_main(["score", path, *SCORE], capsys, monkeypatch)
    statuses = [row["status"] for row in _rows(run)]
    assert statuses == ["ok", "error: line 3: malformed CSV (a quote opened in this row is never closed)", "ok"]
    assert [row["id"] for row in _rows(run)][2] == "t3"


def test_a_tsv_quoted_field_is_read_as_in_csv(tmp_path, capsys, monkeypatch):
    path = tmp_path / "rows.tsv"
    path.write_text('id\ttext\nq1\t"Two lines,\nwith a tab\tinside"\nq2\tPlain.\n', encoding="utf-8")
    run = run_main(["score", path, *SCORE], capsys, monkeypatch)
    assert run.exit_code == 0, run.err
    assert [row["id"] for row in _rows(run)] == ["q1", "q2"]


def test_a_csv_line_over_the_limit_is_one_error_row(tmp_path, capsys, monkeypatch):
    path = tmp_path / "rows.csv"
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("id,text\nr1,First row.\nr2,")
        stream.write("x" * (hio.MAX_BYTES + 10))
        stream.write("\nr3,Third row.\n")
    run = run_main(["score", path, *SCORE], capsys, monkeypatch)
    statuses = [row["status"] for row in _rows(run)]
    assert statuses == ["ok", "error: line 3: line 3 is over the 64 MB limit", "ok"]
    assert_one_clean_line(run, "rows.csv: line 3: line 3 is over the 64 MB limit")


def test_duplicate_csv_column_names_are_refused(tmp_path, capsys, monkeypatch):
    path = tmp_path / "dup.csv"
    path.write_text("id,text,text\na,First text.,Second text.\n", encoding="utf-8")
    run = run_main(["score", path, *SCORE], capsys, monkeypatch)
    assert run.exit_code == 1
    assert [row["status"] for row in _rows(run)] == ["error: duplicate column names: 'text'; rename them"]
    assert_one_clean_line(run, "dup.csv: duplicate column names: 'text'")


# --------------------------------------------------------------------------- pipes


@pytest.mark.parametrize(("name", "content"), [
    ("rows.jsonl", "".join(json.dumps({"id": f"j{i}", "text": f"{ARTICLE} {i}"}) + "\n" for i in range(50))),
    ("rows.csv", "id,text\n" + "".join(f'c{i},"{ARTICLE} {i}"\n' for i in range(50))),
])
def test_a_named_pipe_is_read_once(tmp_path, name, content):
    fifo = tmp_path / name
    os.mkfifo(fifo)

    def feed() -> None:
        try:
            with open(fifo, "w", encoding="utf-8") as stream:
                stream.write(content)
        except OSError:
            pass  # the reader went away; the test fails on its output

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    proc = subprocess.run([sys.executable, "-m", "hypedetect", "score", fifo, *SCORE], capture_output=True,
                          text=True, check=False, timeout=120)
    writer.join(5)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 50 and all(row["status"] == "ok" for row in rows)


def test_a_parquet_pipe_is_one_error_without_waiting(tmp_path, capsys, monkeypatch):
    fifo = tmp_path / "rows.parquet"
    os.mkfifo(fifo)
    run = run_main(["score", fifo, *SCORE], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "rows.parquet: Parquet is read from regular files only")


# --------------------------------------------------------------------------- model files


def _small_model(path: Path) -> Path:
    return save_model(load_model(), path)


def _replace_member(source: Path, target: Path, name: str, write) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename == name:
                with new.open(zipfile.ZipInfo(name), "w", force_zip64=True) as member:
                    write(member)
            else:
                new.writestr(info, old.read(info.filename))


def _first_array(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return next(name for name in archive.namelist() if name.endswith(".npy"))


def test_a_zip_bomb_model_is_refused_before_it_inflates(tmp_path, capsys, monkeypatch):
    good = _small_model(tmp_path / "good.skops")
    bomb = tmp_path / "bomb.skops"
    member = _first_array(good)

    def zeros(stream) -> None:
        block = bytes(1024 * 1024)
        for _ in range(250):
            stream.write(block)

    with zipfile.ZipFile(good) as old, zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename == member:
                with new.open(member, "w", force_zip64=True) as stream:
                    zeros(stream)
            else:
                new.writestr(info.filename, old.read(info.filename))
    assert bomb.stat().st_size < 250 * 1024 * 1024 / 20  # a small file that inflates to 250 MB

    def never(*args, **kwargs):
        raise AssertionError("skops was asked to load the bomb")

    monkeypatch.setattr("skops.io.load", never)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    run = run_main(["score", article, "--model", bomb, "--format", "jsonl"], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, f"bomb.skops: refused: {member} would inflate to 262144000 bytes, over the "
                               f"{persistence.MAX_MEMBER_BYTES} byte limit")


def test_an_array_declaring_more_data_than_its_member_holds_is_refused(tmp_path, capsys, monkeypatch):
    good = _small_model(tmp_path / "good.skops")
    liar = tmp_path / "liar.skops"
    member = _first_array(good)
    header = np.lib.format.header_data_from_array_1_0(np.zeros(1))
    header["shape"] = (10**9,)

    def lying_array(stream) -> None:
        np.lib.format.write_array_header_1_0(stream, header)
        stream.write(bytes(8))

    _replace_member(good, liar, member, lying_array)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    run = run_main(["score", article, "--model", liar, "--format", "jsonl"], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, f"liar.skops: refused: {member} declares 8000000000 bytes of data")


def test_a_model_with_nan_coefficients_is_refused_at_load(tmp_path, capsys, monkeypatch):
    model = load_model()
    coefficients = np.array(model[-1].release_.coef_, dtype=float)
    coefficients.flat[0] = np.nan
    model[-1].release_.coef_ = coefficients
    path = save_model(model, tmp_path / "nan.skops")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    run = run_main(["score", article, "--model", path, "--format", "jsonl"], capsys, monkeypatch)
    assert run.exit_code == 1
    assert run.out == ""
    assert_one_clean_line(run, "nan.skops: refused: classifier.release_.coef_ holds NaN or infinite numbers")


def test_a_model_with_a_broken_detector_inside_is_refused_at_load(tmp_path, capsys, monkeypatch):
    model = load_model()
    position, extractor = next((i, e) for i, e in enumerate(model["features"].extractors_) if hasattr(e, "detector"))
    extractor.detector.intercept = np.full_like(np.asarray(extractor.detector.intercept, dtype=float), np.inf)
    path = save_model(model, tmp_path / "inf.skops")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    run = run_main(["score", article, "--model", path, "--format", "jsonl"], capsys, monkeypatch)
    assert run.exit_code == 1
    assert run.out == ""
    assert_one_clean_line(
        run, f"inf.skops: refused: features.extractors_[{position}].detector.intercept holds NaN or infinite numbers")


# --------------------------------------------------------------------------- duplicate ids


def test_duplicate_ids_are_tracked_up_to_the_documented_cap(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(hio, "MAX_TRACKED_IDS", 2)
    path = tmp_path / "rows.jsonl"
    ids = ["a", "b", "a", "c", "b", "c"]
    path.write_text("".join(json.dumps({"id": i, "text": f"Row {n}."}) + "\n" for n, i in enumerate(ids)),
                    encoding="utf-8")
    run = run_main(["score", path, *SCORE], capsys, monkeypatch)
    assert run.exit_code == 0, run.err
    assert [row["status"] for row in _rows(run)] == [
        "ok", "ok", "duplicate id", "over 2 ids: later duplicate ids are not flagged", "duplicate id", "ok"]


def test_long_duplicate_ids_are_still_flagged(tmp_path, capsys, monkeypatch):
    path = tmp_path / "rows.jsonl"
    long_id = "x" * 10_000
    path.write_text("".join(json.dumps({"id": i, "text": "Row."}) + "\n" for i in [long_id, long_id + "y", long_id]),
                    encoding="utf-8")
    run = run_main(["score", path, *SCORE], capsys, monkeypatch)
    assert [row["status"] for row in _rows(run)] == ["ok", "ok", "duplicate id"]
