"""Tests of hypedetect.runs: scoring and ranking runs started from Python, resumable, every input kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hypedetect import runs, scoring
from hypedetect.errors import HypedetectError, TrainingDataError

from ._runs import ARTICLE


def _jsonl(path: Path, rows: int, **extra) -> Path:
    lines = [json.dumps({"id": f"a{i}", "text": f"{ARTICLE} Item {i}.", **extra}) for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_score_files_writes_one_row_per_article_and_says_so(tmp_path):
    corpus, out = _jsonl(tmp_path / "in.jsonl", 5), tmp_path / "out.csv"
    summary = runs.score_files([corpus], model=None, output=out, fmt="csv", chunk_size=2)
    assert (summary.rows, summary.failures, summary.output, summary.complete) == (5, 0, str(out), True)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 5


def test_a_missing_path_is_an_error_row_and_the_other_inputs_are_scored(tmp_path):
    corpus, out = _jsonl(tmp_path / "in.jsonl", 2), tmp_path / "out.jsonl"
    lines = []
    summary = runs.score_files([tmp_path / "nosuch.txt", corpus], model=None, output=out, fmt="jsonl",
                               on_failure=lines.append)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (summary.rows, summary.failures) == (3, 1)
    assert rows[0]["id"].endswith("nosuch.txt") and rows[0]["status"] == "error: no such file or directory"
    assert [row["status"] for row in rows[1:]] == ["ok", "ok"]
    assert lines == [f"{tmp_path / 'nosuch.txt'}: no such file or directory"]


def test_only_missing_paths_are_one_error_and_no_output(tmp_path):
    out = tmp_path / "out.csv"
    with pytest.raises(HypedetectError, match="no such file or directory"):
        runs.score_files([tmp_path / "nosuch.txt"], model=None, output=out)
    assert not out.exists()


def test_an_interrupted_run_resumes_through_the_library_to_the_same_file(tmp_path, monkeypatch):
    corpus = _jsonl(tmp_path / "in.jsonl", 9)
    whole, resumed = tmp_path / "whole.jsonl", tmp_path / "resumed.jsonl"
    options = {"model": None, "fmt": "jsonl", "chunk_size": 2}
    assert runs.score_files([corpus], output=whole, **options).rows == 9
    real, calls = scoring.score_partition, []

    def stopped_in_third(partition, *args, **kwargs):
        calls.append(len(partition))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(partition, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(scoring, "score_partition", stopped_in_third)
        with pytest.raises(KeyboardInterrupt):
            runs.score_files([corpus], output=resumed, **options)
    assert not resumed.exists()
    assert json.loads((tmp_path / "resumed.jsonl.partial.json").read_text(encoding="utf-8"))["rows"] == 4
    summary = runs.score_files([corpus], output=resumed, resume=True, **options)
    assert (summary.rows, summary.complete) == (9, True)
    assert resumed.read_bytes() == whole.read_bytes()
    again = runs.score_files([corpus], output=resumed, resume=True, **options)
    assert again.complete is False and resumed.read_bytes() == whole.read_bytes()


def test_a_resume_with_changed_input_is_refused_by_the_library(tmp_path, monkeypatch):
    corpus, out = _jsonl(tmp_path / "in.jsonl", 6), tmp_path / "out.jsonl"
    real = scoring.score_partition
    calls = []

    def stopped_in_second(partition, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(partition, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(scoring, "score_partition", stopped_in_second)
        with pytest.raises(KeyboardInterrupt):
            runs.score_files([corpus], model=None, output=out, fmt="jsonl", chunk_size=3)
    corpus.write_text(corpus.read_text(encoding="utf-8").replace("Tuesday", "Monday", 1), encoding="utf-8")
    with pytest.raises(HypedetectError, match="input rows 1-3 changed"):
        runs.score_files([corpus], model=None, output=out, fmt="jsonl", chunk_size=3, resume=True)


def test_resume_needs_a_file_and_a_streamed_format():
    with pytest.raises(ValueError, match="resume needs an output file"):
        runs.score_files(["x.txt"], model=None, resume=True)


def test_iter_scored_yields_the_output_frames(tmp_path):
    frames = list(runs.iter_scored([_jsonl(tmp_path / "in.jsonl", 3)], model=None, chunk_size=2))
    assert [len(frame) for frame in frames] == [2, 1]
    assert list(frames[0].columns) == scoring.output_columns()


def test_rank_files_groups_by_any_input_column_named_after_it(tmp_path):
    path = tmp_path / "in.csv"
    rows = [f'a{i},{"Ledger" if i % 2 else "Gazette"},"{ARTICLE} Item {i}."' for i in range(6)]
    path.write_text("id,outlet,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    summary = runs.rank_files([path], by="outlet", write=False)
    assert summary.rows == 6
    assert summary.ranking.columns[0] == "outlet"
    assert sorted(summary.ranking["outlet"]) == ["Gazette", "Ledger"]


def test_rank_files_by_a_column_no_input_has_is_one_error(tmp_path):
    with pytest.raises(HypedetectError, match="no article has a 'outlet' column"):
        runs.rank_files([_jsonl(tmp_path / "in.jsonl", 2)], by="outlet", write=False)


def test_input_format_reads_a_file_whatever_its_name(tmp_path):
    named_txt = tmp_path / "rows.txt"
    _jsonl(named_txt, 3)
    records = list(runs.read_records([named_txt], input_format="jsonl"))
    assert [r.id for r in records] == ["a0", "a1", "a2"]
    assert {r.path for r in records} == {str(named_txt)}
    assert len(list(runs.read_records([named_txt]))) == 1


def test_read_training_frame_names_the_file_of_a_bad_label(tmp_path):
    path = _jsonl(tmp_path / "train.jsonl", 2, label="maybe")
    with pytest.raises(TrainingDataError, match=r"train\.jsonl: line 1: label 'maybe' is not one of"):
        runs.read_training_frame([path])


def test_read_training_frame_keeps_text_label_and_source(tmp_path):
    path = tmp_path / "train.jsonl"
    rows = [{"id": f"a{i}", "text": f"{ARTICLE} {i}", "label": ["news", "promotional"][i % 2], "source": "s"}
            for i in range(10)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    frame = runs.read_training_frame([path])
    assert list(frame.columns) == ["text", "label", "source"]
    assert frame["label"].tolist() == [0, 1] * 5 and set(frame["source"]) == {"s"}


def test_the_run_identity_follows_the_lexicon_file_and_its_dimension(tmp_path):
    lexicon = tmp_path / "doubt.txt"
    lexicon.write_text("# test\nperhaps\n", encoding="utf-8")
    plain, hedging = runs.run_identity(None, [str(lexicon)]), runs.run_identity(None, [f"hedging:{lexicon}"])
    assert plain != hedging and hedging.startswith("no model;hedging:")
    lexicon.write_text("# test\nmaybe\n", encoding="utf-8")
    assert runs.run_identity(None, [str(lexicon)]) != plain
