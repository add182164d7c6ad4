"""Tests for hypedetect.lexicons: user lexicon files are data, read within limits and matched as words."""

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from hypedetect.cli import main
from hypedetect.document import parse
from hypedetect.errors import LexiconError
from hypedetect.lexicons import MAX_ENTRY_CHARS, MAX_LEXICON_BYTES, Lexicon, PhraseMatcher, read_lexicon_file

NO_ENTRIES = "lexicon has no entries (one word or phrase a line; '#' starts a comment)"
ARTICLE = "We launch the colour a.b foo bar axb color today, officials said."

BAD_LEXICONS = {
    "over-size": (
        b"# big\n" + b"word\n" * (MAX_LEXICON_BYTES // 5),
        rf"lexicon is {6 + 5 * (MAX_LEXICON_BYTES // 5)} bytes, over the {MAX_LEXICON_BYTES} byte limit",
    ),
    "over-long-line": (
        b"# long\nfine\n" + b"x" * (MAX_ENTRY_CHARS + 1) + b"\n",
        f"line 3 is longer than {MAX_ENTRY_CHARS} characters",
    ),
    "not-utf-8": ("# cp1252\nnaïve\n".encode("cp1252"), "lexicon is not UTF-8 (invalid continuation byte at byte 11)"),
    "binary-png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "lexicon is binary data (NUL bytes), not text"),
    "binary-gzip": (gzip.compress(b"synergy\n"), "lexicon is binary data (NUL bytes), not text"),
    "binary-without-nul": (b"\x1f\x8b\x08\x08synergy", "lexicon is not UTF-8 (invalid start byte at byte 1)"),
    "nul-bytes": (b"synergy\x00\nleverage\n", "lexicon is binary data (NUL bytes), not text"),
    "empty": (b"", NO_ENTRIES),
    "only-comments": (b"# provenance\n\n# more\n", NO_ENTRIES),
}


def _write(path, data):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", list(BAD_LEXICONS))
def test_bad_lexicon_file_is_one_line_naming_it(kind, tmp_path):
    data, reason = BAD_LEXICONS[kind]
    path = _write(tmp_path / "bad.txt", data)
    with pytest.raises(LexiconError) as excinfo:
        read_lexicon_file(path)
    assert str(excinfo.value) == f"{path}: {reason}"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp: tmp / "missing.txt", "no such file or directory"),
        (lambda tmp: tmp, "is a directory"),
    ],
)
def test_unreadable_lexicon_path(tmp_path, make, reason):
    path = make(tmp_path)
    with pytest.raises(LexiconError) as excinfo:
        read_lexicon_file(path)
    assert str(excinfo.value) == f"{path}: {reason}"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_file_stops_at_the_size_limit():
    with pytest.raises(LexiconError, match=rf"^/dev/zero: lexicon is over the {MAX_LEXICON_BYTES} byte limit$"):
        read_lexicon_file("/dev/zero")


def test_lexicon_file_entries_and_provenance(tmp_path):
    path = _write(
        tmp_path / "green_claims.txt",
        "\ufeff# Green claims, test list 2026\r\n# second header line\r\n\r\nCarbon  Neutral\r\nplanet’s best\r\n"
        "carbon neutral\r\n# a later comment\r\neco-*\r\n".encode(),
    )
    lexicon = read_lexicon_file(path)
    assert lexicon == Lexicon(
        "green_claims", ("carbon neutral", "planet's best", "eco-*"), "Green claims, test list 2026 second header line"
    )


def test_entry_of_exactly_the_limit_is_kept(tmp_path):
    entry = "x" * MAX_ENTRY_CHARS
    assert read_lexicon_file(_write(tmp_path / "edge.txt", entry.encode())).entries == (entry,)


def _matched(entries, text=ARTICLE):
    doc = parse(text)
    matcher = PhraseMatcher([Lexicon("user", tuple(entries))])
    return [" ".join(doc.words[match.first : match.end]) for match in matcher.find(doc.words)]


@pytest.mark.parametrize(
    ("entry", "matches"),
    [
        pytest.param(".*", [], id="dot-star-matches-nothing"),
        pytest.param("^$", [], id="anchors-match-nothing"),
        pytest.param("colou?r", [], id="optional-letter-is-not-optional"),
        pytest.param("a.b", ["a.b"], id="dot-is-a-dot"),
        pytest.param("a\\.b", [], id="backslash-is-not-an-escape"),
        pytest.param("foo|bar", ["foo bar"], id="bar-is-not-alternation"),
        pytest.param("(launch)", ["launch"], id="parentheses-are-not-a-group"),
        pytest.param("[ab]x[bc]", [], id="brackets-are-not-a-class"),
        pytest.param("col+or", [], id="plus-is-not-repetition"),
    ],
)
def test_regex_metacharacters_are_matched_as_words(entry, matches):
    assert _matched([entry]) == matches


def test_dot_does_not_match_any_character():
    assert _matched(["a.b"], "The axb and a-b codes.") == []


def test_user_lexicon_is_read_as_data_not_code(tmp_path):
    path = _write(tmp_path / "odd.txt", b"# test\n__import__('os').system('touch pwned')\n{{7*7}}\n${HOME}\n")
    lexicon = read_lexicon_file(path)
    assert lexicon.entries == ("__import__('os').system('touch pwned')", "{{7*7}}", "${home}")
    assert _matched(lexicon.entries, "We import the os system and touch nothing.") == []
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


# --------------------------------------------------------------------------- through the CLI


def _score_with_lexicon(lexicon, article, capsys, monkeypatch, *extra):
    monkeypatch.setattr(
        sys, "argv", ["hypedetect", "score", "--no-model", "--lexicon", str(lexicon), str(article), *extra]
    )
    try:
        main()
        code = 0
    except SystemExit as done:
        code = done.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("kind", list(BAD_LEXICONS))
def test_cli_bad_lexicon_is_one_line_exit_1(kind, tmp_path, capsys, monkeypatch):
    data, reason = BAD_LEXICONS[kind]
    lexicon = _write(tmp_path / "bad.txt", data)
    article = _write(tmp_path / "x.txt", ARTICLE.encode())
    code, out, err = _score_with_lexicon(lexicon, article, capsys, monkeypatch)
    assert code == 1
    assert out == ""
    assert err.splitlines() == [f"hypedetect: {lexicon}: {reason}"]


def test_cli_lexicon_with_metacharacters_counts_words(tmp_path, capsys, monkeypatch):
    lexicon = _write(tmp_path / "meta.txt", b"# test\n.*\ncolou?r\na.b\n(launch)\n")
    article = _write(tmp_path / "x.txt", ARTICLE.encode())
    code, out, err = _score_with_lexicon(lexicon, article, capsys, monkeypatch, "--all-features", "--format", "json")
    assert (code, err) == (0, "")
    [row] = json.loads(out)
    words = len(parse(ARTICLE).words)
    assert row["promotional__user_meta_per_1k"] == pytest.approx(2 * 1000 / words)


def test_cli_bad_lexicon_in_a_real_process(tmp_path):
    lexicon = _write(tmp_path / "bad.txt", "naïve\n".encode("cp1252"))
    article = _write(tmp_path / "x.txt", ARTICLE.encode())
    proc = subprocess.run(
        [sys.executable, "-m", "hypedetect", "score", "--no-model", "--lexicon", str(lexicon), str(article)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    reason = "lexicon is not UTF-8 (invalid continuation byte at byte 2)"
    assert proc.stderr.splitlines() == [f"hypedetect: {lexicon}: {reason}"]
