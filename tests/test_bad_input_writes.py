"""Outputs that never destroy what they replace: devices, pipes, planted links, two runs, long names, a full disk.

Each test runs the real command (:func:`hypedetect.cli.main` in this process,
or ``python -m hypedetect`` where a second process or a resource limit is the
point) and checks what happened to the files and what the user was told.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ._runs import ARTICLE, assert_one_clean_line, run_main

SCORE = ["--no-model", "--format", "jsonl"]


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _device(path: Path, kind: int, major: int, minor: int) -> Path:
    """A device node in the test folder (a copy of /dev/null or /dev/full), or skip without the right to make one."""
    try:
        os.mknod(path, kind | 0o666, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    return path


def test_a_character_device_is_written_through_not_replaced(tmp_path, article, capsys, monkeypatch):
    null = _device(tmp_path / "null", stat.S_IFCHR, 1, 3)
    run = run_main(["score", article, *SCORE, "-o", null], capsys, monkeypatch)
    assert run.exit_code == 0, run.err
    assert stat.S_ISCHR(os.lstat(null).st_mode)  # still the device, not a regular file renamed over it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "story.txt"]


def test_a_fifo_output_is_written_through(tmp_path, article, capsys, monkeypatch):
    fifo = tmp_path / "rows.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = run_main(["score", article, *SCORE, "-o", fifo], capsys, monkeypatch)
    reader.join(30)
    assert run.exit_code == 0, run.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    [row] = [json.loads(line) for line in received[0].decode().splitlines()]
    assert row["status"] == "ok"


def test_a_block_device_is_refused(tmp_path, article, capsys, monkeypatch):
    disk = _device(tmp_path / "disk", stat.S_IFBLK, 7, 250)
    run = run_main(["score", article, *SCORE, "-o", disk], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "disk: is a block device, not a regular file")
    assert stat.S_ISBLK(os.lstat(disk).st_mode)


def test_a_directory_output_is_a_usage_error(tmp_path, article, capsys, monkeypatch):
    run = run_main(["score", article, *SCORE, "-o", tmp_path], capsys, monkeypatch)
    assert run.exit_code == 2
    assert "is a directory" in run.err


@pytest.mark.parametrize("command", ["score", "report"])
def test_a_link_planted_at_the_partial_file_is_not_followed(tmp_path, article, capsys, monkeypatch, command):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    out = tmp_path / "out.file"
    (tmp_path / "out.file.partial").symlink_to(victim)
    arguments = ["score", article, *SCORE] if command == "score" else ["report", article]
    run = run_main([*arguments, "-o", out], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "out.file.partial: is a symbolic link; refusing to write through it")
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not out.exists()


def test_report_writes_through_a_device(tmp_path, article, capsys, monkeypatch):
    null = _device(tmp_path / "null", stat.S_IFCHR, 1, 3)
    run = run_main(["report", article, "-o", null], capsys, monkeypatch)
    assert run.exit_code == 0, run.err
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def _labelled(path: Path, rows: int = 12) -> Path:
    lines = ["id,text,label"]
    lines += [f'n{i},"{ARTICLE} Item {i}.",0' for i in range(rows // 2)]
    lines += [f'p{i},"Our revolutionary, world-class product is the best ever! Buy now, item {i}!",1'
              for i in range(rows // 2)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_train_refuses_a_device_as_its_model_file(tmp_path, capsys, monkeypatch):
    null = _device(tmp_path / "null", stat.S_IFCHR, 1, 3)
    run = run_main(["train", _labelled(tmp_path / "rows.csv"), "-o", null], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "null: is a device or pipe, not a regular file")
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def _big_input(path: Path, rows: int) -> Path:
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": f"{ARTICLE} Item {i}."}) + "\n" for i in range(rows)),
                    encoding="utf-8")
    return path


def test_a_second_run_on_the_same_output_is_refused_at_once(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out.jsonl"
    first = subprocess.Popen(
        [sys.executable, "-m", "hypedetect", "score", _big_input(tmp_path / "a.jsonl", 3000), *SCORE,
         "--chunk-size", "1", "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    checkpoint = tmp_path / "out.jsonl.partial.json"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and first.poll() is None and not checkpoint.exists():
        time.sleep(0.02)
    try:
        assert first.poll() is None, "the first run ended before the second could start"
        other = tmp_path / "b.txt"
        other.write_text("Another article about the port, officials said on Monday.", encoding="utf-8")
        started = time.monotonic()
        run = run_main(["score", other, *SCORE, "-o", out], capsys, monkeypatch)
        assert time.monotonic() - started < 30
        assert run.exit_code == 1
        assert_one_clean_line(run, "out.jsonl: another hypedetect run is writing this output now")
        assert checkpoint.exists()  # the refused run left the first run's files alone
    finally:
        _, first_err = first.communicate(timeout=600)
    assert first.returncode == 0, first_err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == [f"a{i}" for i in range(3000)]
    assert not checkpoint.exists() and not (tmp_path / "out.jsonl.partial").exists()


@pytest.mark.parametrize("command", ["report", "train"])
def test_report_and_train_refuse_an_output_another_run_holds(tmp_path, article, capsys, monkeypatch, command):
    out = tmp_path / ("page.html" if command == "report" else "mine.skops")
    out.write_bytes(b"the previous good output")
    from hypedetect.safefile import Replacement

    arguments = ["report", article] if command == "report" else ["train", _labelled(tmp_path / "rows.csv")]
    with Replacement(out):  # what a run writing this output holds while it works
        run = run_main([*arguments, "-o", out], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, f"{out.name}: another hypedetect run is writing this output now")
    assert out.read_bytes() == b"the previous good output"


@pytest.mark.parametrize("length", [242, 250, 255])
def test_a_long_output_name_leaves_no_stray_file(tmp_path, article, capsys, monkeypatch, length):
    out = tmp_path / ("s" * (length - len(".jsonl")) + ".jsonl")
    run = run_main(["score", article, *SCORE, "-o", out], capsys, monkeypatch)
    assert run.exit_code == 0, run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, article.name])
    [row] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["status"] == "ok"


def test_a_full_disk_is_one_line_naming_the_output(tmp_path, article, capsys, monkeypatch):
    full = _device(tmp_path / "full", stat.S_IFCHR, 1, 7)  # a copy of /dev/full: every write fails with ENOSPC
    run = run_main(["score", article, *SCORE, "-o", full], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "full: cannot write output (no space left on device)")


def _limit_file_size(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG

    return apply


def test_a_write_that_fails_midway_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("the previous good output\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "hypedetect", "score", _big_input(tmp_path / "a.jsonl", 200), *SCORE, "-o", out],
        capture_output=True, text=True, check=False, preexec_fn=_limit_file_size(20_000))
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    assert lines[0].startswith(f"hypedetect: {out}: cannot write output (file too large)")
    assert out.read_text(encoding="utf-8") == "the previous good output\n"
