"""The command line as a researcher expects it: every input kept, formats inferred, options where they are typed.

In-process through click's CliRunner or :func:`hypedetect.cli.main`; one real process for ``-o -`` of the report,
where what reaches the process's standard output is the point.
"""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO

import pandas as pd
import pytest
from click.testing import CliRunner

from hypedetect.cli import cli

from ._runs import ARTICLE, assert_one_clean_line, run_main
from ._shared import REPO

DEMO = REPO / "corpora" / "demo"
PROMOTIONAL = DEMO / "promotional_rewrite.txt"


@pytest.fixture
def runner():
    return CliRunner()


def _jsonl_lines(count: int) -> str:
    return "".join(json.dumps({"id": f"a{i}", "text": f"{ARTICLE} Item {i}."}) + "\n" for i in range(count))


def _article(tmp_path, name="good.txt"):
    path = tmp_path / name
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_a_missing_path_is_one_line_and_an_error_row_and_the_others_are_scored(tmp_path, capsys, monkeypatch):
    good = _article(tmp_path)
    run = run_main(["score", good, tmp_path / "nosuch.txt", "--no-model", "--format", "jsonl"], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "nosuch.txt: no such file or directory")
    rows = [json.loads(line) for line in run.out.splitlines()]
    assert [row["status"] for row in rows] == ["ok", "error: no such file or directory"]


@pytest.mark.parametrize("input_format", ["jsonl", "JSONL"])
def test_input_format_reads_stdin_as_jsonl(runner, input_format):
    result = runner.invoke(cli, ["score", "-", "--input-format", input_format, "--no-model", "--format", "jsonl"],
                           input=_jsonl_lines(3))
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a0", "a1", "a2"]


def test_jsonl_on_stdin_read_as_text_is_scored_with_a_warning(runner):
    result = runner.invoke(cli, ["score", "-", "--no-model", "--format", "jsonl"], input=_jsonl_lines(3))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr.splitlines() == ["hypedetect: warning: <stdin>: looks like JSONL but was read as one text "
                                          "article; use --input-format jsonl to read one article a line"]


@pytest.mark.parametrize(
    ("input_format", "content", "rows"),
    [
        ("text", f"<p>{ARTICLE}</p>", 1),
        ("html", f"<html><body><p>{ARTICLE}</p></body></html>", 1),
        ("jsonl", _jsonl_lines(2), 2),
        ("csv", f'id,text\na,"{ARTICLE}"\nb,"{ARTICLE} Again."\n', 2),
        ("tsv", f"id\ttext\na\t{ARTICLE}\nb\t{ARTICLE} Again.\nc\t{ARTICLE} Third.\n", 3),
    ],
)
def test_input_format_overrides_the_file_name(runner, tmp_path, input_format, content, rows):
    path = tmp_path / "input.dat"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(cli, ["score", str(path), "--input-format", input_format, "--no-model", "--format", "csv"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(StringIO(result.stdout))
    assert len(frame) == rows and set(frame["status"]) == {"ok"}


def test_input_format_parquet_reads_a_parquet_file_under_another_name(runner, tmp_path):
    pytest.importorskip("pyarrow", reason="Parquet needs pyarrow")
    path = tmp_path / "rows.bin"
    pd.DataFrame({"id": ["a", "b"], "text": [ARTICLE, ARTICLE + " Again."]}).to_parquet(path)
    result = runner.invoke(cli, ["score", str(path), "--input-format", "parquet", "--no-model", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "b"]


def test_the_input_format_is_detected_from_the_file_name(runner, tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(_jsonl_lines(2), encoding="utf-8")
    result = runner.invoke(cli, ["score", str(path), "--no-model", "--format", "jsonl"])
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a0", "a1"]


@pytest.mark.parametrize(("name", "first"), [("scores.csv", "id,"), ("SCORES.CSV", "id,"), ("s.jsonl", '{"id"'),
                                              ("s.json", "[")])
def test_the_output_format_follows_the_extension_of_o(runner, tmp_path, name, first):
    out = tmp_path / name
    result = runner.invoke(cli, ["score", str(_article(tmp_path)), "--no-model", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(first)


def test_choices_are_case_insensitive(runner, tmp_path):
    result = runner.invoke(cli, ["score", str(_article(tmp_path)), "--no-model", "--format", "CSV",
                                 "--engine", "LOCAL"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("id,source,title,status,")


def test_rank_by_any_column_of_the_input_names_the_header_after_it(runner, tmp_path):
    path = tmp_path / "outlets.csv"
    rows = [f'a{i},{"Ledger" if i % 2 else "Gazette"},"{ARTICLE} Item {i}."' for i in range(6)]
    path.write_text("id,outlet,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["rank", str(path), "--by", "outlet", "--format", "csv"])
    assert result.exit_code == 0, result.output
    ranking = pd.read_csv(StringIO(result.stdout))
    assert ranking.columns[0] == "outlet"
    assert sorted(ranking["outlet"]) == ["Gazette", "Ledger"]
    by_title = runner.invoke(cli, ["rank", str(path), "--by", "title", "--format", "csv"])
    assert by_title.exit_code == 0 and by_title.stdout.startswith("title,")


@pytest.mark.parametrize("command", [["score", "--no-model", "--format", "csv"], ["rank", "--format", "csv"],
                                     ["explain", "--format", "jsonl"]])
def test_dash_output_writes_to_stdout(runner, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    name, *options = command
    result = runner.invoke(cli, [name, str(PROMOTIONAL), *options, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert not (tmp_path / "-").exists()


def test_report_dash_output_writes_the_page_to_stdout(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "hypedetect", "report", str(PROMOTIONAL), "-o", "-"],
                          capture_output=True, text=True, check=False, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.lstrip().lower().startswith("<!doctype html")
    assert not (tmp_path / "-").exists()
    assert proc.stderr.splitlines() == ["wrote <stdout> (1 articles)"]


@pytest.mark.parametrize("command", ["score", "rank", "explain", "report"])
def test_quiet_is_accepted_after_the_subcommand(runner, tmp_path, command):
    extra = ["-o", str(tmp_path / "r.html")] if command == "report" else []
    result = runner.invoke(cli, [command, str(PROMOTIONAL), "-q", *extra])
    assert result.exit_code == 0, result.output


def test_the_default_table_fits_the_terminal_with_titles_left_aligned(runner, monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    result = runner.invoke(cli, ["score", str(DEMO)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 4 and all(len(line) <= 90 for line in lines)
    header = lines[0].split()
    assert header[:4] == ["id", "source", "title", "status"] and "probability" in header
    council = next(line for line in lines if line.startswith("counc"))
    assert council[lines[0].index("title"):].startswith("Millb")  # left-aligned under its header, cut
    wide = runner.invoke(cli, ["score", str(DEMO)], env={"COLUMNS": "250"})
    assert max(map(len, wide.stdout.splitlines())) > 90  # more room, more feature columns


def test_explain_json_filters_by_dimension_and_category(runner):
    result = runner.invoke(cli, ["explain", str(PROMOTIONAL), "--format", "json", "--dimension", "hedging"])
    assert result.exit_code == 0, result.output
    spans = json.loads(result.stdout)
    assert spans and {span["dimension"] for span in spans} == {"hedging"}
    booster = runner.invoke(cli, ["explain", str(PROMOTIONAL), "--format", "jsonl", "--category", "puffery"])
    rows = [json.loads(line) for line in booster.stdout.splitlines()]
    assert rows and {row["category"] for row in rows} == {"puffery"}
    for row in rows:
        assert PROMOTIONAL.read_text(encoding="utf-8")[row["start"] : row["end"]] == row["text"]


def test_explain_lists_the_flagged_blocks(runner):
    result = runner.invoke(cli, ["explain", str(PROMOTIONAL), "--format", "jsonl", "--category", "flagged_block"])
    blocks = [json.loads(line) for line in result.stdout.splitlines()]
    assert {block["reason"] for block in blocks} >= {"tags", "viral_phrases"}
    assert all(block["kind"] == "flagged_block" for block in blocks)
    text = runner.invoke(cli, ["explain", str(PROMOTIONAL)]).stdout
    assert " flagged " in text and "viral_phrases" in text


def test_explain_explains_one_article_unless_all(runner, tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(_jsonl_lines(3), encoding="utf-8")
    one = runner.invoke(cli, ["explain", str(path), "--format", "jsonl"])
    every = runner.invoke(cli, ["explain", str(path), "--format", "jsonl", "--all"])
    assert {json.loads(line)["id"] for line in one.stdout.splitlines()} == {"a0"}
    assert {json.loads(line)["id"] for line in every.stdout.splitlines()} == {"a0", "a1", "a2"}


def test_explain_an_unknown_dimension_is_a_usage_error(runner):
    result = runner.invoke(cli, ["explain", str(PROMOTIONAL), "--dimension", "hype"])
    assert result.exit_code == 2 and "'hype' is not one of" in result.output


@pytest.mark.parametrize(("rows", "reason"), [
    ([{"text": ARTICLE, "label": "maybe"}], "line 1: label 'maybe' is not one of 0/1, true/false"),
    ([{"text": ARTICLE}], "line 1: label missing is not one of"),
])
def test_train_label_problems_are_one_line_naming_the_file_exit_2(tmp_path, capsys, monkeypatch, rows, reason):
    data = tmp_path / "labelled.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    run = run_main(["train", data, "-o", tmp_path / "m.skops"], capsys, monkeypatch)
    assert run.exit_code == 2
    assert_one_clean_line(run, "labelled.jsonl", reason)
    assert not (tmp_path / "m.skops").exists()


@pytest.mark.parametrize("command", [["report"], ["score", "--no-model"], ["rank"], ["explain"]])
def test_an_output_in_a_missing_folder_is_one_clean_error_and_no_folder(tmp_path, capsys, monkeypatch, command):
    name, *options = command
    target = tmp_path / "nonexistent_dir" / "x.html"
    run = run_main([name, PROMOTIONAL, *options, "-o", target], capsys, monkeypatch)
    assert run.exit_code == 1
    assert_one_clean_line(run, "x.html: cannot write output (no such folder:")
    assert not target.parent.exists()


def test_demo_dash_output_writes_only_the_page_to_stdout(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["demo", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().lower().startswith("<!doctype html")
    assert not (tmp_path / "-").exists()


GREEN = "Our eco-friendly, carbon neutral range may ship soon, officials said. Critics said the claim is vague."


def _green_inputs(tmp_path):
    text = tmp_path / "green.txt"
    text.write_text(GREEN, encoding="utf-8")
    lexicon = tmp_path / "greenwash.txt"
    lexicon.write_text("# test lexicon\ncarbon neutral\neco-friendly\n", encoding="utf-8")
    return text, lexicon


@pytest.mark.parametrize(("prefix", "dimension"), [("", "promotional"), ("hedging:", "hedging")])
def test_report_without_a_model_shows_a_user_lexicon_and_no_probability(runner, tmp_path, prefix, dimension):
    text, lexicon = _green_inputs(tmp_path)
    out = tmp_path / "r.html"
    result = runner.invoke(cli, ["report", str(text), str(PROMOTIONAL), "--no-model", "--lexicon",
                                 f"{prefix}{lexicon}", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert 'class="legend-item cat-user_greenwash" data-cat="user_greenwash"' in page
    assert 'data-cats="user_greenwash long_word"' in page and "eco-friendly</mark>" in page
    assert f"{dimension}: user greenwash per 1,000 words" in page
    assert "No model was used: this report shows the evidence" in page
    assert '<div class="probability">' not in page
    assert "promotional probability (pooled)" not in page and "Why this probability" not in page


def test_report_lexicon_needs_no_model_as_score_does(runner, tmp_path):
    text, lexicon = _green_inputs(tmp_path)
    result = runner.invoke(cli, ["report", str(text), "--lexicon", str(lexicon), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert "--no-model" in result.output
    assert not (tmp_path / "r.html").exists()


def test_report_with_a_model_has_the_probability_parts(runner, tmp_path):
    out = tmp_path / "r.html"
    result = runner.invoke(cli, ["report", str(PROMOTIONAL), str(DEMO / "wire_report.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<div class="probability">' in page and "No model was used" not in page


def test_explain_shows_the_models_learned_dimensions_unless_told_not_to(runner):
    result = runner.invoke(cli, ["explain", str(PROMOTIONAL), "--format", "json", "--dimension", "loaded"])
    assert result.exit_code == 0, result.output
    spans = json.loads(result.stdout)
    text = PROMOTIONAL.read_text(encoding="utf-8")
    assert spans and {span["dimension"] for span in spans} == {"loaded"}
    assert all(text[span["start"]:span["end"]] == span["text"] for span in spans)
    bare = runner.invoke(cli, ["explain", str(PROMOTIONAL), "--no-model", "--dimension", "loaded"])
    assert bare.exit_code == 2 and "'loaded' is not one of promotional, hedging, sourcing, readability" in bare.output
