"""Tests that drive the command line through click's CliRunner and a real subprocess."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from hypedetect.cli import cli

from ._shared import REPO

DEMO = REPO / "corpora" / "demo"


@pytest.fixture
def runner():
    return CliRunner()


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


def test_usage_error_exits_2():
    proc = subprocess.run([sys.executable, "-m", "hypedetect", "score", "--format", "xml", "x"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_explain_lists_spans(runner):
    result = runner.invoke(cli, ["explain", str(DEMO / "promotional_rewrite.txt")])
    assert result.exit_code == 0, result.output
    assert "promotional" in result.output and "puffery" in result.output


def test_demo_prints_a_table(runner):
    result = runner.invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert "promotional_rewrite" in result.output and "wire_report" in result.output
