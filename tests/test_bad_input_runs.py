"""Runs that stop cleanly: Dask schedulers that never answer, untrusted cluster results, empty inputs,
training labels, Ctrl-C, terminal escape codes, and report pages that stay loadable.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hypedetect.errors import HypedetectError
from hypedetect.report import highlight, markup

from ._runs import ARTICLE, assert_one_clean_line, run_main

SCORE = ["--no-model", "--format", "jsonl"]


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- Dask schedulers


@pytest.fixture
def mute_scheduler():
    """A TCP server that accepts connections and never says anything."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(5)
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture
def full_backlog():
    """A listening socket whose accept queue is full: a new connection is never completed."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        try:
            filler.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(filler)
    time.sleep(0.2)
    yield f"tcp://127.0.0.1:{port}"
    for filler in fillers:
        filler.close()
    server.close()


def _dask_score(article, address: str) -> list[str]:
    return ["score", article, *SCORE, "--engine", "dask", "--scheduler", address, "--scheduler-timeout", "1.5"]


def test_a_scheduler_that_never_answers_times_out(article, mute_scheduler, capsys, monkeypatch):
    pytest.importorskip("distributed")
    started = time.monotonic()
    run = run_main(_dask_score(article, mute_scheduler), capsys, monkeypatch)
    assert time.monotonic() - started < 20
    assert run.exit_code == 1
    assert_one_clean_line(run, f"{mute_scheduler}: no answer from the Dask scheduler within 1.5 s")


def test_a_scheduler_that_never_accepts_times_out(article, full_backlog, capsys, monkeypatch):
    pytest.importorskip("distributed")
    started = time.monotonic()
    run = run_main(_dask_score(article, full_backlog), capsys, monkeypatch)
    assert time.monotonic() - started < 20
    assert run.exit_code == 1
    assert_one_clean_line(run, f"{full_backlog}: no answer from the Dask scheduler within 1.5 s")


@pytest.mark.parametrize("address", ["tcp://host:notaport", "tcp://:8786", "tcp://10.0.0.5:99999", "udp://h:1",
                                     "tcp://a b:8786"])
def test_a_malformed_scheduler_address_is_a_usage_error(article, capsys, monkeypatch, address):
    run = run_main(["score", article, *SCORE, "--engine", "dask", "--scheduler", address], capsys, monkeypatch)
    assert run.exit_code == 2, run.err
    assert "Error: Invalid value for --scheduler: " in run.err
    assert "internal error" not in run.err and "Traceback" not in run.err


# --------------------------------------------------------------------------- untrusted cluster results


@pytest.fixture(scope="module")
def engine():
    distributed = pytest.importorskip("distributed")
    from hypedetect.engine import DaskEngine

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            DaskEngine(scheduler=cluster.scheduler_address, timeout=10) as entered:
        yield entered


def _crafted(marker: str):
    """A result that would create ``marker`` when unpickled."""
    class Crafted:
        def __reduce__(self):
            return (Path.touch, (Path(marker),))

    return Crafted()


def _partition():
    from hypedetect.io import Record
    from hypedetect.scoring import records_frame

    return records_frame([Record(id="a", text=ARTICLE, path="a.txt")])


def test_a_crafted_object_from_the_cluster_is_never_unpickled(engine, tmp_path, capfd):
    marker = tmp_path / "code-ran"
    future = engine.client.submit(_crafted, str(marker), pure=False)
    with pytest.raises(HypedetectError, match="refused a result from the cluster"):
        engine._result(future, _partition())
    assert not marker.exists()
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize(("payload", "reason"), [
    (b'{"columns": ["id", "status"], "data": [["b", "ok"]]}', "the ids are not those of the partition sent"),
    (b'{"columns": ["id", "status"], "data": [["a", "ok"], ["a", "ok"]]}', "2 rows for a partition of 1"),
    (b'{"columns": ["id", "score"], "data": [["a", "high"]]}', "a score is not a number"),
    (b'{"columns": ["id"], "data": [[{"__class__": "x"}]]}', "a value is not plain text or a number"),
    (b"[1, 2]", "not a table of rows"),
    (b"\x80\x04K\x01.", "not valid JSON"),
])
def test_results_from_the_cluster_are_checked_as_plain_rows(engine, payload, reason):
    future = engine.client.submit(lambda data: data, payload, pure=False)
    with pytest.raises(HypedetectError, match=re.escape(reason)):
        engine._result(future, _partition())


# --------------------------------------------------------------------------- empty input


@pytest.mark.parametrize("command", ["score", "rank", "report"])
@pytest.mark.parametrize("contents", [{}, {"README.md": "# About these files\n"}, {".hidden.txt": ARTICLE}])
def test_an_input_without_articles_says_so(tmp_path, capsys, monkeypatch, command, contents):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in contents.items():
        (folder / name).write_text(text, encoding="utf-8")
    options = {"score": SCORE, "rank": [], "report": ["-o", tmp_path / "r.html"]}[command]
    run = run_main([command, folder, *options], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, f"{folder}: no articles found")
    assert run.out == ""
    assert not (tmp_path / "r.html").exists()


# --------------------------------------------------------------------------- training labels


def _training_file(path: Path, labels: list[str]) -> Path:
    rows = [f'r{i},"{ARTICLE} Item {i}.",{label}' for i, label in enumerate(labels)]
    path.write_text("id,text,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


BALANCED = ["0", "1"] * 5


@pytest.mark.parametrize(("labels", "reason"), [
    (["nan", *BALANCED], "line 2: label 'nan' is not one of 0/1, true/false, promotional/news"),
    ([*BALANCED, "inf"], "line 12: label 'inf' is not one of"),
    (["0.5", *BALANCED], "line 2: label '0.5' is not one of"),
    (["-1", *BALANCED], "line 2: label '-1' is not one of"),
    ([*BALANCED, "2"], "line 12: label '2' is not one of"),
    (["yes", *BALANCED], "line 2: label 'yes' is not one of"),
    (["", *BALANCED], "line 2: label missing is not one of"),
    (["1"] * 10, "training needs at least 5 articles of each class; found 10 promotional and 0 newsy"),
    (["0", "1", "1"], "training needs at least 5 articles of each class; found 2 promotional and 1 newsy"),
])
def test_unusable_training_labels_are_one_line_naming_the_file(tmp_path, capsys, monkeypatch, labels, reason):
    data = _training_file(tmp_path / "labelled.csv", labels)
    out = tmp_path / "mine.skops"
    run = run_main(["train", data, "-o", out], capsys, monkeypatch)
    assert run.exit_code == 2, run.err
    assert_one_clean_line(run, "labelled.csv", reason)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["labelled.csv"]


def test_labels_from_json_numbers_are_checked_too(tmp_path, capsys, monkeypatch):
    data = tmp_path / "labelled.jsonl"
    labels = [0, 1] * 5 + [float("nan")]
    data.write_text("".join(json.dumps({"text": f"{ARTICLE} {i}", "label": label}) + "\n"
                            for i, label in enumerate(labels)), encoding="utf-8")
    run = run_main(["train", data, "-o", tmp_path / "mine.skops"], capsys, monkeypatch)
    assert run.exit_code == 2, run.err
    assert_one_clean_line(run, "labelled.jsonl: line 11: label nan is not one of")


def test_the_documented_label_spellings_train_a_model(tmp_path, capsys, monkeypatch):
    spellings = ["news", "Promotional", "false", "TRUE", "0", "1", "newsy", "promotional", "0.0", "1.0"]
    data = _training_file(tmp_path / "labelled.csv", spellings)
    run = run_main(["train", data, "-o", tmp_path / "mine.skops"], capsys, monkeypatch)
    assert run.exit_code == 0, run.err
    assert (tmp_path / "mine.skops").is_file() and (tmp_path / "mine.card.json").is_file()
    assert json.loads((tmp_path / "mine.card.json").read_text(encoding="utf-8"))["n_articles"] == 10


# --------------------------------------------------------------------------- Ctrl-C


def _corpus(path: Path, rows: int) -> Path:
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": f"{ARTICLE} {i}"}) + "\n" for i in range(rows)),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("engine_options", [[], ["--engine", "dask", "--workers", "1"]], ids=["local", "dask"])
def test_ctrl_c_exits_130_quietly(tmp_path, engine_options):
    if engine_options:
        pytest.importorskip("distributed")
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "hypedetect", "score", _corpus(tmp_path / "in.jsonl", 5000), *SCORE,
         "--chunk-size", "4", *engine_options, "-o", out],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    checkpoint = tmp_path / "out.jsonl.partial.json"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        if checkpoint.exists() and json.loads(checkpoint.read_text(encoding="utf-8") or "{}").get("rows", 0) >= 8:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole foreground group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err.strip() == "hypedetect: interrupted", err
    assert json.loads(checkpoint.read_text(encoding="utf-8"))["rows"] >= 8  # resumable


# --------------------------------------------------------------------------- terminal escape codes


def test_escape_codes_in_file_names_are_escaped_in_messages(tmp_path, capsys, monkeypatch):
    bad = tmp_path / "evil\x1b]0;owned\x07\x1b[2J.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    run = run_main(["score", bad, *SCORE], capsys, monkeypatch)
    assert run.exit_code == 1
    line = assert_one_clean_line(run, "evil\\x1b]0;owned\\x07\\x1b[2J.png: unsupported file type")
    assert "\x1b" not in run.err and "\x07" not in run.err
    assert line


def test_a_newline_in_a_file_name_does_not_split_the_message(tmp_path, capsys, monkeypatch):
    bad = tmp_path / "two\nlines.txt"
    bad.write_bytes(b"")
    run = run_main(["score", bad, *SCORE], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "two\\nlines.txt: file is empty")


def test_escape_codes_in_ids_titles_and_text_do_not_reach_the_terminal(tmp_path, capsys, monkeypatch):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"id": "id\x1b[31m", "title": "t\x1b]8;;http://x\x07", "source": "s\x9b2J",
                                "text": f"{ARTICLE} \x1b[2J Then\u202eevil."}) + "\n", encoding="utf-8")
    table = run_main(["score", path, "--no-model"], capsys, monkeypatch)
    assert table.exit_code == 0, table.err
    assert "id\\x1b[31m" in table.out
    assert not re.search("[\x1b\x07\x9b\u202e]", table.out + table.err)
    text = tmp_path / "story.txt"
    text.write_text(f"{ARTICLE}\nThe \x1b[2Jrevolutionary plan\x07 is the best ever!\n", encoding="utf-8")
    explained = run_main(["explain", text], capsys, monkeypatch)
    assert explained.exit_code == 0, explained.err
    assert "\\x1b[2J" in explained.out and "\n" in explained.out
    assert not re.search("[\x1b\x07]", explained.out)


# --------------------------------------------------------------------------- report pages


def test_a_report_caps_marks_per_article_with_a_note(tmp_path, capsys, monkeypatch):
    article = tmp_path / "long.txt"
    article.write_text(f"{ARTICLE}\n" + "Our revolutionary, world-class, best-ever product! " * 1500,
                       encoding="utf-8")
    out = tmp_path / "r.html"
    run = run_main(["report", article, "-o", out], capsys, monkeypatch)
    assert run.exit_code == 0, run.err
    page = out.read_text(encoding="utf-8")
    # Overlapping phrases are split into segments, so the marks are bounded by twice the phrases kept.
    assert 0 < page.count("<mark ") < 2 * highlight.MAX_MARKS_PER_ARTICLE
    [total] = re.findall(rf"Showing the first {highlight.MAX_MARKS_PER_ARTICLE} of (\d+) marked phrases", page)
    assert int(total) > 3 * highlight.MAX_MARKS_PER_ARTICLE


def test_a_long_source_name_is_cut_and_wrapped(tmp_path, capsys, monkeypatch):
    rows = tmp_path / "rows.jsonl"
    name = "Very Long Outlet Name " * 230  # about 5,000 characters
    rows.write_text(json.dumps({"id": "a", "source": name, "text": ARTICLE}) + "\n", encoding="utf-8")
    out = tmp_path / "r.html"
    run = run_main(["report", rows, "-o", out], capsys, monkeypatch)
    assert run.exit_code == 0, run.err
    page = out.read_text(encoding="utf-8")
    shown = re.findall(r'<span class="source"><span title="[^"]*">([^<]*)</span>', page)
    assert shown and len(shown[0]) == markup.MAX_NAME_CHARS
    assert ".panel .source { font-weight: 700; overflow-wrap: anywhere; }" in page


def test_cjk_source_names_give_no_glyph_warnings(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({"id": f"a{i}", "source": source, "text": f"{ARTICLE} {i}"}) + "\n"
                            for i, source in enumerate(["東京新聞", "朝日新聞", "東京新聞", "朝日新聞"])),
                    encoding="utf-8")
    proc = subprocess.run([sys.executable, "-W", "default", "-m", "hypedetect", "report", rows, "-o",
                           tmp_path / "r.html"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Glyph" not in proc.stderr and "Warning" not in proc.stderr, proc.stderr
    assert "東京新聞" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_escape_codes_in_click_messages_are_escaped(tmp_path, capsys, monkeypatch):
    run = run_main(["demo", "--path", tmp_path / "no\x1b[2Jsuch"], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "no\\x1b[2Jsuch: demo folder not found")
    assert "\x1b" not in run.err
