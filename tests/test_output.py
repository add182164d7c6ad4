"""Tests of hypedetect.output: rows written as they come, checkpointed, renamed when complete."""

import io
import json

import pandas as pd
import pytest

from hypedetect.errors import HypedetectError
from hypedetect.output import RowWriter, format_table, neutralise_formulas, open_rows, read_checkpoint

COLUMNS = ["id", "status", "score"]


def _chunk(start, n):
    return pd.DataFrame({"id": [f"a{i}" for i in range(start, start + n)], "status": "ok",
                         "score": [i / 10 for i in range(start, start + n)]})


def _parse(path, fmt):
    text = path.read_text(encoding="utf-8")
    if fmt == "csv":
        return pd.read_csv(io.StringIO(text))
    if fmt == "json":
        return pd.DataFrame(json.loads(text))
    return pd.DataFrame([json.loads(line) for line in text.splitlines()])


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_chunks_make_the_same_file_as_one_write(tmp_path, fmt):
    chunked, whole = tmp_path / f"chunked.{fmt}", tmp_path / f"whole.{fmt}"
    writer = open_rows(chunked, fmt, COLUMNS)
    for start in (0, 3, 6):
        writer.write(_chunk(start, 3))
    writer.finish()
    writer = open_rows(whole, fmt, COLUMNS)
    writer.write(_chunk(0, 9))
    writer.finish()
    assert chunked.read_bytes() == whole.read_bytes()
    assert _parse(chunked, fmt)["id"].tolist() == [f"a{i}" for i in range(9)]


def test_rows_reach_the_partial_file_before_the_run_ends(tmp_path):
    out = tmp_path / "scores.jsonl"
    writer = open_rows(out, "jsonl", COLUMNS)
    writer.write(_chunk(0, 2))
    assert not out.exists()  # the final name appears only when complete
    partial = tmp_path / "scores.jsonl.partial"
    assert len(partial.read_text(encoding="utf-8").splitlines()) == 2
    saved = json.loads((tmp_path / "scores.jsonl.partial.json").read_text(encoding="utf-8"))
    assert saved["rows"] == 2 and saved["last_id"] == "a1" and saved["bytes"] == partial.stat().st_size
    writer.finish()
    assert out.exists() and not partial.exists() and not (tmp_path / "scores.jsonl.partial.json").exists()


def test_a_good_file_stays_until_the_new_one_is_complete(tmp_path):
    out = tmp_path / "scores.csv"
    out.write_text("the previous good output\n", encoding="utf-8")
    writer = open_rows(out, "csv", COLUMNS)
    writer.write(_chunk(0, 2))
    writer.abort()  # a crash half way
    assert out.read_text(encoding="utf-8") == "the previous good output\n"


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_resume_cuts_a_half_written_chunk_and_continues(tmp_path, fmt):
    out = tmp_path / f"scores.{fmt}"
    writer = open_rows(out, fmt, COLUMNS)
    writer.write(_chunk(0, 3))
    writer.abort()
    with open(tmp_path / f"scores.{fmt}.partial", "ab") as killed_mid_write:
        killed_mid_write.write(b'{"id": "a3", "sta')  # what a kill during a write leaves
    saved = read_checkpoint(out, fmt, COLUMNS)
    assert (saved.rows, saved.last_id) == (3, "a2")
    writer = open_rows(out, fmt, COLUMNS, resume=True)
    assert writer.rows == 3
    writer.write(_chunk(3, 3))
    writer.finish()
    whole = tmp_path / f"whole.{fmt}"
    one_go = open_rows(whole, fmt, COLUMNS)
    one_go.write(_chunk(0, 6))
    one_go.finish()
    assert out.read_bytes() == whole.read_bytes()


def test_resume_before_the_first_chunk_writes_the_header_once(tmp_path):
    out = tmp_path / "scores.csv"
    open_rows(out, "csv", COLUMNS).abort()
    writer = open_rows(out, "csv", COLUMNS, resume=True)
    writer.write(_chunk(0, 1))
    writer.finish()
    assert out.read_text(encoding="utf-8").splitlines() == ["id,status,score", "a0,ok,0.0"]


def test_resume_refuses_other_columns_or_format(tmp_path):
    out = tmp_path / "scores.csv"
    writer = open_rows(out, "csv", COLUMNS)
    writer.write(_chunk(0, 1))
    writer.abort()
    with pytest.raises(HypedetectError, match="scores.csv.partial: written as csv with other columns"):
        open_rows(out, "csv", [*COLUMNS, "extra"], resume=True)
    with pytest.raises(HypedetectError, match="other columns"):
        open_rows(out, "jsonl", COLUMNS, resume=True)


def test_a_corrupt_checkpoint_is_one_clear_error(tmp_path):
    out = tmp_path / "scores.csv"
    (tmp_path / "scores.csv.partial").write_text("id,status,score\n", encoding="utf-8")
    (tmp_path / "scores.csv.partial.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(HypedetectError, match=r"scores.csv.partial.json: unreadable checkpoint"):
        open_rows(out, "csv", COLUMNS, resume=True)


def test_unwritable_output_names_the_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(HypedetectError, match="x.csv: cannot write output"):
        open_rows(blocker / "x.csv", "csv", COLUMNS)


def test_discard_leaves_nothing(tmp_path):
    writer = open_rows(tmp_path / "scores.csv", "csv", COLUMNS)
    writer.discard()
    assert list(tmp_path.iterdir()) == []


def test_stdout_json_is_one_valid_array():
    stream = io.StringIO()
    writer = RowWriter("json", COLUMNS, stream=stream)
    writer.write(_chunk(0, 2))
    writer.write(_chunk(2, 1))
    writer.finish()
    assert [row["id"] for row in json.loads(stream.getvalue())] == ["a0", "a1", "a2"]


def test_table_is_written_at_the_end_with_short_names():
    frame = pd.DataFrame({"id": ["a", None], "promotional__puffery_per_1k": [1.234, float("nan")]})
    lines = format_table(frame).splitlines()
    assert lines[0].split() == ["id", "puffery_per_1k"]
    assert lines[1].split() == ["a", "1.23"] and lines[2].split() == ["-", "-"]


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise_formulas(pd.DataFrame({"title": [cell]}))["title"].tolist() == [f"'{cell}"]
