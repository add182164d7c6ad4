"""``score --resume`` checks what it resumes: the checkpoint's fields, the partial file, the model and the input.

An interrupted run is made for real: the command is stopped (as by Ctrl-C)
while scoring its third partition, which leaves a partial file and a
checkpoint of two partitions. Each test then damages one thing and resumes.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from hypedetect import scoring
from hypedetect.persistence import load_model, save_model

from ._runs import ARTICLE, assert_one_clean_line, run_main

ROWS = 10
CHUNK = 2


def _corpus(path: Path, first_text: str = ARTICLE) -> Path:
    texts = [first_text, *(f"{ARTICLE} Item {i}." for i in range(1, ROWS))]
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": text}) + "\n" for i, text in enumerate(texts)),
                    encoding="utf-8")
    return path


def _interrupted(tmp_path: Path, capsys, monkeypatch, options: list[str]) -> tuple[Path, Path, list[str]]:
    """Run ``score`` until Ctrl-C stops it in its third partition; return the input, output and arguments."""
    corpus, out = _corpus(tmp_path / "in.jsonl"), tmp_path / "out.jsonl"
    arguments = ["score", corpus, "--format", "jsonl", "--chunk-size", str(CHUNK), *options, "-o", out]
    calls = []
    real = scoring.score_partition

    def stopped_in_third(partition, *args, **kwargs):
        calls.append(len(partition))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(partition, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(scoring, "score_partition", stopped_in_third)
        run = run_main(arguments, capsys, monkeypatch)
    assert run.exit_code == 130, run.err
    assert json.loads((tmp_path / "out.jsonl.partial.json").read_text(encoding="utf-8"))["rows"] == 2 * CHUNK
    return corpus, out, arguments


def _edit_checkpoint(tmp_path: Path, **fields) -> None:
    marker = tmp_path / "out.jsonl.partial.json"
    saved = json.loads(marker.read_text(encoding="utf-8"))
    marker.write_text(json.dumps({**saved, **fields}), encoding="utf-8")


def _resume(arguments, capsys, monkeypatch):
    return run_main([*arguments, "--resume"], capsys, monkeypatch)


def test_an_intact_checkpoint_resumes_to_the_same_file_as_one_run(tmp_path, capsys, monkeypatch):
    _, out, arguments = _interrupted(tmp_path, capsys, monkeypatch, ["--no-model"])
    run = _resume(arguments, capsys, monkeypatch)
    assert run.exit_code == 0, run.err
    resumed = out.read_bytes()
    out.unlink()
    assert run_main(arguments, capsys, monkeypatch).exit_code == 0
    assert resumed == out.read_bytes()


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"bytes": 0}, "its first 0 bytes are not those the checkpoint recorded"),
        ({"bytes": 10}, "its first 10 bytes are not those the checkpoint recorded"),
        ({"rows": 2}, "damaged checkpoint: its partitions hold 4 rows, not 2"),
        ({"rows": 6, "partitions": [[2, ""], [2, ""], [2, ""]]}, "the checkpoint says 6 rows"),
        ({"rows": "4"}, "damaged checkpoint: 'rows' is str"),
        ({"bytes": None}, "damaged checkpoint: 'bytes' is NoneType"),
        ({"columns": 5}, "damaged checkpoint: 'columns' is int"),
        ({"failures": 99}, "damaged checkpoint: 'rows', 'bytes' or 'failures' is out of range"),
        ({"rows": True}, "damaged checkpoint: 'rows' is bool"),
    ],
)
def test_a_checkpoint_that_does_not_match_is_refused(tmp_path, capsys, monkeypatch, fields, reason):
    _, out, arguments = _interrupted(tmp_path, capsys, monkeypatch, ["--no-model"])
    _edit_checkpoint(tmp_path, **fields)
    partial = (tmp_path / "out.jsonl.partial").read_bytes()
    run = _resume(arguments, capsys, monkeypatch)
    assert run.exit_code == 1
    line = assert_one_clean_line(run, reason)
    assert "out.jsonl.partial" in line
    assert (tmp_path / "out.jsonl.partial").read_bytes() == partial  # nothing cut or added
    assert not out.exists()


def test_an_edited_partial_file_is_refused(tmp_path, capsys, monkeypatch):
    _, _, arguments = _interrupted(tmp_path, capsys, monkeypatch, ["--no-model"])
    partial = tmp_path / "out.jsonl.partial"
    partial.write_bytes(partial.read_bytes().replace(b'"a1"', b'"zz"'))
    run = _resume(arguments, capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "out.jsonl.partial: does not match its checkpoint")


def test_resuming_with_another_model_is_refused(tmp_path, capsys, monkeypatch):
    other = load_model()
    other[-1].release_.coef_ = np.asarray(other[-1].release_.coef_) * 1.5  # same features and columns, other scores
    other_path = save_model(other, tmp_path / "other.skops")
    _, out, arguments = _interrupted(tmp_path, capsys, monkeypatch, [])
    run = _resume([*arguments, "--model", other_path], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "out.jsonl.partial: written with another model or lexicons")
    assert not out.exists()


def test_an_input_row_edited_before_the_checkpoint_is_refused(tmp_path, capsys, monkeypatch):
    corpus, out, arguments = _interrupted(tmp_path, capsys, monkeypatch, ["--no-model"])
    _corpus(corpus, first_text=ARTICLE.replace("Tuesday", "Wednesday"))  # row 1 changed, ids unchanged
    run = _resume(arguments, capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "out.jsonl: input rows 1-2 changed since the interrupted run scored them")
    assert not out.exists()


def test_an_input_shorter_than_the_checkpoint_is_refused(tmp_path, capsys, monkeypatch):
    corpus, _, arguments = _interrupted(tmp_path, capsys, monkeypatch, ["--no-model"])
    corpus.write_text(corpus.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    run = _resume(arguments, capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "the input ends at row 1, but the interrupted run wrote 4 rows")
