"""Tests that drive the command line in-process (click's CliRunner, or ``main`` itself) and a few real processes.

A real process is started only where the process is the point: one smoke test per command through
``python -m hypedetect``, the missing-file error through the entry point, and the SIGKILL test.
"""

import json
import subprocess
import sys
from typing import NamedTuple

import pandas as pd
import pytest
from click.testing import CliRunner

from hypedetect.cli import cli, main
from hypedetect.io import Record
from hypedetect.output import open_rows
from hypedetect.scoring import partition_fingerprint, records_frame

from ._shared import REPO

DEMO = REPO / "corpora" / "demo"


@pytest.fixture
def runner():
    return CliRunner()


class Exited(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_main(monkeypatch, capsys):
    """Run ``hypedetect ARGS`` through :func:`hypedetect.cli.main` in this process, as the entry point would."""

    def run(*args: str) -> Exited:
        monkeypatch.setattr(sys, "argv", ["hypedetect", *map(str, args)])
        capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsys.readouterr()
        return Exited(code, out, err)

    return run


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_starts_as_a_real_process(command):
    proc = subprocess.run([sys.executable, "-m", "hypedetect", command, "--help"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert f"Usage: python -m hypedetect {command}" in proc.stdout


def test_every_command_has_help_with_an_example(runner):
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"{name} --help shows no example"
        assert command.help


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert "hypedetect" in result.output


def test_score_demo_folder_as_jsonl(runner):
    result = runner.invoke(cli, ["score", str(DEMO), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == len(list(DEMO.iterdir()))
    assert all(row["status"] in ("ok",) or row["status"].startswith("decoded") for row in rows)
    assert "hedging__hedges_per_1k" in rows[0]


def test_score_all_features_csv_to_file(runner, tmp_path):
    out = tmp_path / "scores.csv"
    result = runner.invoke(cli, ["score", str(DEMO / "wire_report.txt"), "--all-features", "--format", "csv",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "readability__mtld" in header and "promotional__positivity" in header


def test_score_reports_a_bad_file_and_still_scores_the_rest(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The council voted on Tuesday, officials said.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["score", str(good), str(empty), "--format", "jsonl"])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "empty" in result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 2
    assert rows[1]["status"].startswith("error")


def test_missing_path_is_one_line_exit_1(tmp_path):
    missing = tmp_path / "nope.txt"
    proc = subprocess.run([sys.executable, "-m", "hypedetect", "score", str(missing)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "nope.txt" in lines[0]


def test_usage_error_exits_2(run_main):
    proc = run_main("score", "--format", "xml", "x")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_explain_lists_spans(runner):
    result = runner.invoke(cli, ["explain", str(DEMO / "promotional_rewrite.txt")])
    assert result.exit_code == 0, result.output
    assert "promotional" in result.output and "puffery" in result.output


def test_demo_prints_a_table(runner, tmp_path):
    result = runner.invoke(cli, ["demo", "-o", str(tmp_path / "demo.html")])
    assert result.exit_code == 0, result.output
    assert "promotional_rewrite" in result.output and "wire_report" in result.output


def test_score_with_the_default_model_gives_probability_and_dimensions(runner):
    result = runner.invoke(cli, ["score", str(DEMO), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.output)}
    assert rows["promotional_rewrite.txt"]["promotional_probability"] > 0.8
    assert rows["wire_report.txt"]["promotional_probability"] < 0.5
    assert {"promotional_score", "hedging_score", "sourcing_score", "readability_score"} <= set(rows["wire_report.txt"])


def test_score_no_model_has_features_only(runner):
    result = runner.invoke(cli, ["score", str(DEMO / "wire_report.txt"), "--no-model", "--format", "json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)[0]
    assert "promotional_probability" not in row and "hedging__hedges_per_1k" in row


def test_user_lexicon_needs_no_model(runner, tmp_path):
    lexicon = tmp_path / "extra.txt"
    lexicon.write_text("synergy\n", encoding="utf-8")
    result = runner.invoke(cli, ["score", str(DEMO), "--lexicon", str(lexicon)])
    assert result.exit_code == 2
    assert "--no-model" in result.output


GREEN = "Our eco-friendly, carbon neutral range may ship soon, officials said."


def _greenwash(tmp_path):
    path = tmp_path / "greenwash.txt"
    path.write_text("# test lexicon\ncarbon neutral\neco-friendly\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("prefix", "dimension"), [("", "promotional"), ("hedging:", "hedging"),
                                                   ("sourcing:", "sourcing")])
def test_user_lexicon_is_one_column_of_one_dimension_in_the_default_output(runner, tmp_path, prefix, dimension):
    text = tmp_path / "green.txt"
    text.write_text(GREEN, encoding="utf-8")
    option = f"{prefix}{_greenwash(tmp_path)}"
    result = runner.invoke(cli, ["score", str(text), "--no-model", "--format", "json", "--lexicon", option])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)[0]
    assert [key for key in row if "user_" in key] == [f"{dimension}__user_greenwash_per_1k"]
    assert row[f"{dimension}__user_greenwash_per_1k"] == pytest.approx(1000 * 2 / 10)
    explained = runner.invoke(cli, ["explain", str(text), "--lexicon", option])
    assert explained.exit_code == 0, explained.output
    assert "[[eco-friendly|user_greenwash]]" in explained.output
    lines = [line for line in explained.output.splitlines() if "user_greenwash" in line and "'" in line]
    assert len(lines) == 2 and all(f" {dimension} " in line for line in lines)


def test_user_lexicon_with_an_unknown_dimension_is_one_clean_error(tmp_path, monkeypatch, capsys):
    text = tmp_path / "green.txt"
    text.write_text(GREEN, encoding="utf-8")
    lexicon = f"hedgin:{_greenwash(tmp_path)}"
    monkeypatch.setattr(sys, "argv", ["hypedetect", "score", str(text), "--no-model", "--lexicon", lexicon])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [f"hypedetect: {_greenwash(tmp_path)}: unknown dimension 'hedgin' (one of: "
                                "promotional, hedging, sourcing, readability)"]


def test_chunk_size_is_not_capped(runner, tmp_path):
    result = runner.invoke(cli, ["score", str(DEMO), "--no-model", "--format", "jsonl", "--chunk-size", "100000"])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == len(list(DEMO.iterdir()))


def test_rank_by_source_folder_layout(runner, tmp_path):
    for source, text in [("wire", "The council voted 7-2 on Tuesday, officials said."),
                         ("promo", "We are thrilled to announce our groundbreaking product! Buy now!")]:
        (tmp_path / source).mkdir()
        for i in range(3):
            (tmp_path / source / f"{i}.txt").write_text(f"{text} Item {i}.", encoding="utf-8")
    result = runner.invoke(cli, ["rank", str(tmp_path), "--by", "source", "--format", "json"])
    assert result.exit_code == 0, result.output
    ranking = json.loads(result.output)
    assert [row["source"] for row in ranking] == ["wire", "promo"]
    assert all(row["ci_low"] <= row["mean_probability"] <= row["ci_high"] for row in ranking)


def test_train_on_a_user_csv_writes_model_and_card(runner, tmp_path):
    rows = ["text,label,source"]
    for i in range(8):
        rows.append(f"\"We proudly announce our world-class product number {i}!\",1,brand{i}")
        rows.append(f"\"Officials said the vote on item {i} passed on Tuesday.\",0,paper{i}")
    data = tmp_path / "labelled.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "mine.skops"
    result = runner.invoke(cli, ["train", str(data), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and out.with_suffix(".card.json").is_file() and out.with_suffix(".card.md").is_file()
    scored = runner.invoke(cli, ["score", str(DEMO / "wire_report.txt"), "--model", str(out), "--format", "json"])
    assert scored.exit_code == 0, scored.output


def test_untrusted_model_is_one_line_exit_1(tmp_path, run_main):
    bad = tmp_path / "evil.pkl"
    bad.write_bytes(b"\x80\x04K\x01.")
    proc = run_main("score", DEMO, "--model", bad)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "evil.pkl" in proc.stderr and "pickle" in proc.stderr


def test_report_command_writes_escaped_self_contained_html(runner, tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("Big news <script>alert(1)</script> today, officials said.", encoding="utf-8")
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["report", str(DEMO), str(hostile), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page


def test_demo_writes_the_report(runner, tmp_path):
    out = tmp_path / "demo.html"
    result = runner.invoke(cli, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "promotional_rewrite" in out.read_text(encoding="utf-8")


def test_explain_marks_the_text_when_not_a_terminal(runner):
    result = runner.invoke(cli, ["explain", str(DEMO / "promotional_rewrite.txt")])
    assert result.exit_code == 0, result.output
    assert "[[groundbreaking|puffery]]" in result.output


def test_quiet_flag_is_accepted_and_stdin_is_read(runner):
    result = runner.invoke(cli, ["--quiet", "score", "-", "--format", "jsonl"],
                           input="The council voted on Tuesday, officials said.")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["id"] == "<stdin>"


def test_csv_column_options_and_ranking_by_a_column(runner, tmp_path):
    data = tmp_path / "articles.csv"
    data.write_text(
        "body,outlet,key\n"
        '"The council voted 7-2 on Tuesday, officials said.",paper,a1\n'
        '"We are thrilled to announce our groundbreaking product! Buy now!",brand,b1\n',
        encoding="utf-8",
    )
    options = ["--text-column", "body", "--source-column", "outlet", "--id-column", "key"]
    result = runner.invoke(cli, ["score", str(data), *options, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["id"], r["source"]) for r in rows] == [("a1", "paper"), ("b1", "brand")]
    ranked = runner.invoke(cli, ["rank", str(data), *options, "--format", "json"])
    assert [r["source"] for r in json.loads(ranked.output)] == ["paper", "brand"]


def test_csv_output_neutralises_formula_injection(runner, tmp_path):
    data = tmp_path / "in.csv"
    data.write_text('id,source,text\n"=HYPERLINK(""http://x"")",@evil,"The council met on Tuesday, officials said."\n',
                    encoding="utf-8")
    out = tmp_path / "scores.csv"
    result = runner.invoke(cli, ["score", str(data), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    import csv

    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert row["id"] == "'=HYPERLINK(\"http://x\")"
    assert row["source"] == "'@evil"


def test_unwritable_output_is_one_line_exit_1(tmp_path, run_main):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    target = blocker / "x.csv"  # its parent is a file: cannot be created
    proc = run_main("score", DEMO / "wire_report.txt", "-o", target, "--format", "csv")
    assert proc.returncode == 1
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "x.csv" in lines[0] and "Traceback" not in proc.stderr


def test_non_english_text_is_scored_and_flagged(runner, tmp_path):
    german = tmp_path / "de.txt"
    german.write_text("Der Stadtrat hat am Dienstag den Haushalt beschlossen, sagten Beamte der Stadt. " * 5,
                      encoding="utf-8")
    result = runner.invoke(cli, ["score", str(german), str(DEMO / "wire_report.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert "does not look like English" in rows[0]["status"]
    assert rows[1]["status"] == "ok"


def test_short_text_is_scored_with_a_caution(runner):
    result = runner.invoke(cli, ["score", "-", "--format", "json"], input="Officials said the vote passed.")
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)[0]
    assert row["status"].startswith("short text (5 words)")
    assert 0.0 <= row["promotional_probability"] <= 1.0


# --------------------------------------------------------------------------- streaming and --resume

def _jsonl_corpus(path, n):
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({"id": f"a{i}", "text": texts[i % len(texts)] + f" Item {i}."}) + "\n")
    return path


def test_interrupted_run_resumes_to_the_same_output(runner, tmp_path, monkeypatch):
    corpus = _jsonl_corpus(tmp_path / "in.jsonl", 23)
    whole, resumed = tmp_path / "whole.csv", tmp_path / "resumed.csv"
    args = ["score", str(corpus), "--format", "csv", "--chunk-size", "4", "--no-model"]
    assert runner.invoke(cli, [*args, "-o", str(whole)]).exit_code == 0

    import hypedetect.scoring as scoring_module

    calls = []
    real = scoring_module.score_partition

    def dies_on_the_third_partition(partition, **options):
        calls.append(len(partition))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(partition, **options)

    monkeypatch.setattr(scoring_module, "score_partition", dies_on_the_third_partition)
    runner.invoke(cli, [*args, "-o", str(resumed)])
    assert not resumed.exists()
    partial = tmp_path / "resumed.csv.partial"
    assert len(partial.read_text(encoding="utf-8").splitlines()) == 1 + 8  # header + two partitions kept

    monkeypatch.setattr(scoring_module, "score_partition", real)
    result = runner.invoke(cli, [*args, "-o", str(resumed), "--resume"])
    assert result.exit_code == 0, result.output
    assert resumed.read_bytes() == whole.read_bytes()
    assert not partial.exists()


@pytest.mark.slow
def test_killed_process_loses_nothing_and_resumes(tmp_path):
    import signal
    import time

    corpus = _jsonl_corpus(tmp_path / "in.jsonl", 800)
    out, whole = tmp_path / "out.jsonl", tmp_path / "whole.jsonl"
    args = [sys.executable, "-m", "hypedetect", "score", str(corpus), "--format", "jsonl", "--chunk-size", "10",
            "--no-model"]
    proc = subprocess.Popen([*args, "-o", str(out)], stderr=subprocess.DEVNULL)
    checkpoint = tmp_path / "out.jsonl.partial.json"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if checkpoint.exists() and json.loads(checkpoint.read_text(encoding="utf-8") or "{}").get("rows", 0) >= 30:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    saved = json.loads(checkpoint.read_text(encoding="utf-8"))
    kept = (tmp_path / "out.jsonl.partial").read_bytes()[: saved["bytes"]].decode("utf-8").splitlines()
    assert len(kept) == saved["rows"] >= 30
    assert [json.loads(line)["id"] for line in kept] == [f"a{i}" for i in range(saved["rows"])]

    resumed = subprocess.run([*args, "-o", str(out), "--resume"], capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert subprocess.run([*args, "-o", str(whole)], check=False).returncode == 0
    assert out.read_bytes() == whole.read_bytes()


def test_resume_with_other_input_is_refused(tmp_path, run_main):
    out = tmp_path / "out.jsonl"
    columns = ["id", "source", "title", "status", "promotional__puffery_per_1k", "promotional__superlatives_per_1k",
               "promotional__promotional_block_share", "hedging__hedges_per_1k", "hedging__boosters_per_1k",
               "sourcing__attributions_per_1k", "sourcing__quotes_per_1k", "readability__flesch_kincaid_grade"]
    other_input = records_frame([Record(id="zz", text="Another article.", path="other.jsonl")])
    writer = open_rows(out, "jsonl", columns, identity="no model")  # a run interrupted after one row of another input
    writer.write(pd.DataFrame([{**dict.fromkeys(columns), "id": "zz", "status": "ok"}]),
                 fingerprint=partition_fingerprint(other_input))
    writer.abort()
    corpus = _jsonl_corpus(tmp_path / "in.jsonl", 3)
    proc = run_main("score", corpus, "--format", "jsonl", "--no-model", "-o", out, "--resume")
    assert proc.returncode == 1
    assert "out.jsonl: input rows 1-1 changed since the interrupted run scored them" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_resume_of_a_complete_output_does_nothing(runner, tmp_path):
    corpus = _jsonl_corpus(tmp_path / "in.jsonl", 3)
    out = tmp_path / "out.csv"
    args = ["score", str(corpus), "--format", "csv", "--no-model", "-o", str(out)]
    assert runner.invoke(cli, args).exit_code == 0
    before = out.read_bytes()
    result = runner.invoke(cli, [*args, "--resume"])
    assert result.exit_code == 0 and "already complete" in result.output
    assert out.read_bytes() == before


@pytest.mark.parametrize("extra", [[], ["-o", "x.txt", "--format", "table"]])
def test_resume_needs_a_streamable_output_file(runner, extra):
    result = runner.invoke(cli, ["score", str(DEMO), "--resume", *extra])
    assert result.exit_code == 2 and "--resume needs -o FILE" in result.output


def test_nothing_readable_leaves_no_output_file(runner, tmp_path):
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["score", str(tmp_path / "missing.txt"), "-o", str(out), "--format", "csv"])
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []
