"""Tests for hypedetect.io: encodings, HTML, JSONL, CSV, directories, globs and stdin."""

import codecs
import dataclasses
import gzip
import io
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hypedetect import io as hio
from hypedetect.errors import InputError
from hypedetect.io import MAX_BYTES, Record, decode_bytes, iter_inputs, iter_records, read_html

from ._shared import require_examples

CP1252_WARNING = "not valid UTF-8; decoded as cp1252"

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Council approves budget | The Daily Ledger</title>
<meta property="og:site_name" content="The Daily Ledger">
<meta property="og:title" content="Council approves budget">
<link rel="canonical" href="https://ledger.example/council-budget">
<meta property="article:published_time" content="2024-03-01T10:00:00Z">
<script>var tracking = "not article text";</script>
</head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Council approves budget</h1>
<p>The city council approved the budget on Tuesday after a four-hour debate.</p>
<p>Critics said the plan was rushed, and two members voted against it.</p>
</article></body></html>"""


def _zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", "hello")
    return buffer.getvalue()


def _write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def _records(path, **options):
    return list(iter_records(path, **options))


# --------------------------------------------------------------------------- decode_bytes


@pytest.mark.parametrize(
    ("data", "expected_text", "expected_warning"),
    [
        pytest.param("Café “news”".encode(), "Café “news”", None, id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + "Café".encode(), "Café", None, id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + "Café ünd".encode("utf-16-le"), "Café ünd", None, id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + "Café ünd".encode("utf-16-be"), "Café ünd", None, id="utf-16-be-bom"),
        pytest.param("Plain news text.\n".encode("utf-16-le"), "Plain news text.\n", None, id="utf-16-le-no-bom"),
        pytest.param("Plain news text.\n".encode("utf-16-be"), "Plain news text.\n", None, id="utf-16-be-no-bom"),
        pytest.param("“Smart” café – €5".encode("cp1252"), "“Smart” café – €5", CP1252_WARNING, id="cp1252"),
        pytest.param(b"abc \xc3( def", "abc Ã( def", CP1252_WARNING, id="invalid-utf-8"),
        pytest.param(b"odd \x81 byte", "odd \x81 byte", CP1252_WARNING, id="undefined-in-cp1252-is-latin-1"),
        pytest.param(
            "café ".encode() + "naïve".encode("cp1252"), "café naïve", CP1252_WARNING, id="mixed-keeps-valid-utf-8"
        ),
    ],
)
def test_decode_bytes_detects_encoding(data, expected_text, expected_warning):
    assert decode_bytes(data, "a.txt") == (expected_text, expected_warning)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "file is empty", id="empty"),
        pytest.param(codecs.BOM_UTF8, "file is empty", id="bom-only"),
        pytest.param(b" \n\t\r\n ", "file contains only whitespace", id="whitespace"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a PNG image, not text", id="png"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "looks like a PDF file, not text", id="pdf"),
        pytest.param(gzip.compress(b"some text"), "looks like a gzip file, not text", id="gzip"),
        pytest.param(_zip_bytes(), "looks like a zip file, not text", id="zip"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", "looks like a JPEG image, not text", id="jpeg"),
        pytest.param(b"GIF89a\x01\x00\x01\x00", "looks like a GIF image, not text", id="gif"),
        pytest.param(b"text\x00with\x00\x00\x00random NULs", "binary data (NUL bytes)", id="nul-bytes"),
        pytest.param(bytes([1, 0, 2, 0, 3, 0]) * 100, "binary data (NUL bytes)", id="utf-16-shaped-binary"),
        pytest.param(codecs.BOM_UTF16_LE + b"a\x00b", "not valid UTF-16", id="truncated-utf-16"),
    ],
)
def test_decode_bytes_rejects_what_is_not_text(data, reason):
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data, "a.txt")
    assert excinfo.value.reason == reason
    assert str(excinfo.value) == f"a.txt: {reason}"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decode_bytes_raises_only_input_error(data):
    try:
        text, warning = decode_bytes(data, "a.bin")
    except InputError:
        return
    assert text.strip()
    assert warning in (None, CP1252_WARNING)


# --------------------------------------------------------------------------- read_html


def test_read_html_separates_text_title_and_metadata():
    page = read_html(ARTICLE_PAGE, "page.html")
    assert page["text"].split("\n") == [
        "The city council approved the budget on Tuesday after a four-hour debate.",
        "Critics said the plan was rushed, and two members voted against it.",
    ]
    assert page["title"] == "Council approves budget"
    assert page["source"] == "The Daily Ledger"
    assert page["url"] == "https://ledger.example/council-budget"
    assert page["date"] == "2024-03-01T10:00:00Z"
    assert page["warning"] is None


def test_read_html_without_meta_tags_uses_the_title_element():
    page = read_html(
        "<html><head><title>Storm hits coast</title></head>"
        "<body><p>Winds reached 120 km/h on the coast, officials said.</p></body></html>",
        "page.html",
    )
    assert page["title"] == "Storm hits coast"
    assert page["text"] == "Winds reached 120 km/h on the coast, officials said."


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param(
            "<html><head><script>var a = 1;</script><style>p { color: red }</style></head>"
            "<body><script>track()</script><noscript></noscript></body></html>",
            id="only-scripts-and-styles",
        ),
        pytest.param("<html><head><title>Nothing</title></head><body></body></html>", id="empty-body"),
        pytest.param("<html><body>   \n  </body></html>", id="whitespace-body"),
    ],
)
def test_read_html_without_article_text_raises(markup):
    with pytest.raises(InputError, match=r"^page\.html: no article text found in HTML$"):
        read_html(markup, "page.html")


def test_read_html_survives_5000_nested_divs():
    sentence = "The deepest paragraph still reaches the reader."
    markup = "<html><body>" + "<div>" * 5000 + f"<p>{sentence}</p>" + "</div>" * 5000 + "</body></html>"
    page = read_html(markup, "deep.html")
    assert sentence in page["text"]
    assert page["warning"] == "no main article text found; used all visible text"


def test_read_html_survives_unclosed_tags():
    markup = (
        "<html><head><title>Unclosed</title><body><div><p>First paragraph of a sloppy page"
        "<p>Second paragraph <b>bold <i>italic<div><span>and the end"
    )
    page = read_html(markup, "sloppy.html")
    assert "First paragraph of a sloppy page" in page["text"]
    assert "and the end" in page["text"]


def test_read_html_survives_markup_that_trips_html_parser():
    page = read_html("<html><body><p>Kept before the bad section.</p><![foo bar]></body></html>", "odd.html")
    assert page["text"] == "Kept before the bad section."


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/!-[]=\"' abcdhtmlpivsrypte\n&#;")), max_size=200))
def test_read_html_raises_only_input_error(markup):
    try:
        page = read_html(markup, "fuzz.html")
    except InputError:
        return
    assert page["text"].strip()


# --------------------------------------------------------------------------- Record


def test_record_is_frozen_and_slotted():
    record = Record(id="a", text="Shares rose.", path="a.txt")
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.text = "changed"
    assert not hasattr(record, "__dict__")
    assert (record.source, record.line, record.error, record.warning) == (None, None, None, None)


# --------------------------------------------------------------------------- one-article files


@pytest.mark.parametrize("name", ["story.txt", "story.text", "story.md", "story"])
def test_text_file_is_one_record_with_unix_newlines(tmp_path, name):
    path = _write(tmp_path / name, "Headline\r\nFirst line.\rSecond line.\n")
    [record] = _records(path)
    assert record.text == "Headline\nFirst line.\nSecond line.\n"
    assert (record.id, record.path, record.line, record.error) == (str(path), str(path), None, None)


def test_text_file_id_is_relative_to_root(tmp_path):
    path = _write(tmp_path / "wire" / "story.txt", "Shares rose.")
    [record] = _records(path, root=tmp_path, default_source="wire")
    assert (record.id, record.source) == ("wire/story.txt", "wire")


def test_html_file_reads_text_and_metadata(tmp_path):
    [record] = _records(_write(tmp_path / "page.html", ARTICLE_PAGE))
    assert record.error is None
    assert record.title == "Council approves budget"
    assert record.source == "The Daily Ledger"
    assert record.text.startswith("The city council approved")


def test_txt_file_that_is_html_is_read_as_html(tmp_path):
    [record] = _records(_write(tmp_path / "saved.txt", "\n  " + ARTICLE_PAGE))
    assert record.title == "Council approves budget"
    assert "<p>" not in record.text


def test_cp1252_text_file_reads_with_warning(tmp_path):
    [record] = _records(_write(tmp_path / "old.txt", "Caf\xe9 opens".encode("cp1252")))
    assert (record.text, record.warning, record.error) == ("Café opens", CP1252_WARNING, None)


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"\n \n", "file contains only whitespace"),
        ("scan.txt", b"%PDF-1.4 ...", "looks like a PDF file, not text"),
        ("scripts.html", b"<html><body><script>x()</script></body></html>", "no article text found in HTML"),
        ("paper.pdf", b"%PDF-1.4", "unsupported file type '.pdf'; expected .txt, .md, .html, .jsonl, .csv or .tsv"),
    ],
)
def test_unreadable_article_becomes_error_record(tmp_path, name, content, error):
    path = _write(tmp_path / name, content)
    [record] = _records(path)
    assert (record.id, record.text, record.error) == (str(path), "", error)


def test_50_mb_article_reads_quickly(tmp_path):
    path = tmp_path / "long.txt"
    path.write_bytes(b"The shares rose again. " * (50 * 1024 * 1024 // 23))
    assert 49 * 1024 * 1024 < path.stat().st_size < MAX_BYTES
    started = time.perf_counter()
    [record] = _records(path)
    assert record.error is None
    assert len(record.text) == path.stat().st_size
    assert time.perf_counter() - started < 10


def test_article_over_the_limit_becomes_error_record(tmp_path, monkeypatch):
    monkeypatch.setattr(hio, "MAX_BYTES", 1024 * 1024)
    path = _write(tmp_path / "huge.txt", b"x" * (3 * 1024 * 1024 // 2))
    [record] = _records(path)
    assert record.error == "file is 1.5 MB, over the 1 MB limit"


# --------------------------------------------------------------------------- JSONL


def test_jsonl_malformed_middle_line_keeps_every_row(tmp_path):
    path = _write(
        tmp_path / "rows.jsonl",
        '{"id": "a", "text": "First."}\n'
        "\n"
        '{"id": "b", "text": "Broken",\n'
        '{"text": "Fourth, without id."}\n'
        '{"id": "e", "title": "No text"}\n'
        "[1, 2]\n"
        '{"id": 7, "text": 42}\n',
    )
    records = _records(path)
    assert [record.line for record in records] == [1, 3, 4, 5, 6, 7]
    assert [record.id for record in records] == ["a", f"{path}:3", f"{path}:4", "e", f"{path}:6", "7"]
    assert records[0].text == "First."
    assert records[1].error.startswith("line 3: invalid JSON (")
    assert records[2].error is None
    assert records[3].error == "line 5: no 'text' field"
    assert records[4].error == "line 6: expected a JSON object, got list"
    assert records[5].error == "line 7: 'text' is int, not text"
    assert all(record.text == "" for record in records if record.error)


def test_jsonl_reads_optional_fields_and_renamed_text_field(tmp_path):
    path = _write(
        tmp_path / "rows.ndjson",
        '{"id": 12, "body": "Rates held.", "source": "Wire", "title": "Rates", "url": "https://x.example/r",'
        ' "date": "2024-01-02", "label": 1}\n',
    )
    [record] = _records(path, text_column="body")
    assert record == Record(
        id="12",
        text="Rates held.",
        source="Wire",
        title="Rates",
        url="https://x.example/r",
        date="2024-01-02",
        label=1,
        path=str(path),
        line=1,
    )


def test_jsonl_warns_only_on_the_cp1252_line(tmp_path):
    path = _write(tmp_path / "mixed.jsonl", '{"text": "café"}\n'.encode() + '{"text": "café"}\n'.encode("cp1252"))
    records = _records(path)
    assert [record.text for record in records] == ["café", "café"]
    assert [record.warning for record in records] == [None, CP1252_WARNING]


def test_jsonl_in_utf16_reads(tmp_path):
    path = _write(tmp_path / "wide.jsonl", codecs.BOM_UTF16_LE + '{"text": "Zürich"}\n'.encode("utf-16-le"))
    assert [record.text for record in _records(path)] == ["Zürich"]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("[" * 100_000, "line 1: invalid JSON (nested too deeply)"),
        ('{"text": "   "}', "line 1: 'text' is empty"),
    ],
)
def test_jsonl_bad_row_becomes_error_record(tmp_path, line, error):
    [record] = _records(_write(tmp_path / "rows.jsonl", line + "\n"))
    assert record.error == error


def test_jsonl_of_only_blank_lines_is_an_error_record(tmp_path):
    [record] = _records(_write(tmp_path / "blank.jsonl", "\n\n  \n"))
    assert (record.line, record.error) == (None, "file contains only whitespace")


def test_jsonl_line_over_the_limit_is_skipped_and_reading_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(hio, "MAX_BYTES", 100)
    path = _write(tmp_path / "rows.jsonl", '{"text": "' + "x" * 300 + '"}\n{"text": "short"}\n')
    first, second = _records(path)
    assert first.error == "line 1: line is over the 0.1 MB limit"
    assert (second.line, second.text) == (2, "short")


# --------------------------------------------------------------------------- CSV and TSV


def test_csv_quoted_newline_stays_in_one_row(tmp_path):
    path = _write(
        tmp_path / "rows.csv",
        'id,text,label\r\na,"Line one\r\nline two, with a comma",1\r\nb,Plain row,\r\n',
    )
    records = _records(path)
    assert [(r.id, r.text, r.label, r.line) for r in records] == [
        ("a", "Line one\nline two, with a comma", "1", 2),
        ("b", "Plain row", None, 4),
    ]


def test_csv_ragged_row_becomes_error_record_with_its_line(tmp_path):
    path = _write(tmp_path / "rows.csv", "id,text\na,First\nb,Second,extra\n\nc,Third\n")
    records = _records(path)
    assert [record.id for record in records] == ["a", f"{path}:3", "c"]
    assert records[1].error == "line 3: row has 3 fields, header has 2"
    assert (records[2].line, records[2].text) == (5, "Third")


def test_csv_missing_text_column_raises_naming_file_and_columns(tmp_path):
    path = _write(tmp_path / "rows.csv", "id,body,source\na,Text,Wire\n")
    with pytest.raises(InputError) as excinfo:
        _records(path)
    assert str(excinfo.value) == f"{path}: no 'text' column; columns found: 'id', 'body', 'source'"


def test_csv_with_bom_and_renamed_columns(tmp_path):
    path = _write(tmp_path / "rows.csv", codecs.BOM_UTF8 + b"key,body,outlet\nk1,Rates held.,Wire\n")
    [record] = _records(path, text_column="body", id_column="key", source_column="outlet")
    assert (record.id, record.text, record.source) == ("k1", "Rates held.", "Wire")


def test_tsv_reads_tab_separated_rows(tmp_path):
    path = _write(tmp_path / "rows.tsv", "id\ttext\ttitle\na\tOne, two\tHeadline\n")
    [record] = _records(path)
    assert (record.text, record.title) == ("One, two", "Headline")


def test_csv_field_longer_than_the_csv_module_default_reads(tmp_path):
    long_text = "word " * 60_000
    path = _write(tmp_path / "rows.csv", f'id,text\na,"{long_text}"\nb,after\n')
    records = _records(path)
    assert [record.text for record in records] == [long_text, "after"]


def test_csv_unterminated_quote_becomes_error_record(tmp_path):
    path = _write(tmp_path / "rows.csv", 'id,text\na,fine\nb,"never closed\nc,lost\n')
    records = _records(path)
    assert records[0].text == "fine"
    assert records[1].error.startswith("line 3: malformed CSV (")


def test_csv_cp1252_row_warns(tmp_path):
    path = _write(tmp_path / "rows.csv", "id,text\na,café\n".encode() + "b,café\n".encode("cp1252"))
    records = _records(path)
    assert [(r.text, r.warning) for r in records] == [("café", None), ("café", CP1252_WARNING)]


def test_binary_csv_becomes_error_record(tmp_path):
    [record] = _records(_write(tmp_path / "rows.csv", gzip.compress(b"id,text\na,b\n")))
    assert record.error == "looks like a gzip file, not text"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=200), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".tsv"]))
def test_any_bytes_in_any_file_type_raise_only_input_error(data, suffix):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            records = _records(path)
        except InputError as error:
            assert "column" in error.reason
            return
    assert records
    assert all(record.error or record.text for record in records)


# --------------------------------------------------------------------------- duplicates


def test_duplicate_ids_keep_both_and_warn_on_the_second(tmp_path):
    path = _write(tmp_path / "rows.jsonl", '{"id": "a", "text": "One."}\n{"id": "a", "text": "Two."}\n')
    first, second = _records(path)
    assert (first.text, first.warning) == ("One.", None)
    assert (second.text, second.warning) == ("Two.", "duplicate id")


def test_duplicate_ids_across_files_in_one_run(tmp_path):
    _write(tmp_path / "one.csv", "id,text\nx,From CSV\n")
    _write(tmp_path / "two.jsonl", '{"id": "x", "text": "From JSONL"}\n')
    records = list(iter_inputs([tmp_path]))
    assert [(r.text, r.warning) for r in records] == [("From CSV", None), ("From JSONL", "duplicate id")]


# --------------------------------------------------------------------------- iter_inputs


def test_directory_walk_is_sorted_skips_hidden_and_infers_source(tmp_path):
    _write(tmp_path / "reuters" / "b.txt", "Second Reuters story.")
    _write(tmp_path / "reuters" / "a.txt", "First Reuters story.")
    _write(tmp_path / "prwire" / "launch.html", "<html><body><p>A launch.</p></body></html>")
    _write(tmp_path / "prwire" / "named.html", ARTICLE_PAGE)
    _write(tmp_path / "prwire" / ".DS_Store", b"\x00\x00\x00\x01Bud1")
    _write(tmp_path / ".cache" / "old.txt", "Hidden.")
    _write(tmp_path / "loose.txt", "No outlet folder.")
    records = list(iter_inputs([tmp_path]))
    assert [(r.id, r.source) for r in records] == [
        ("loose.txt", None),
        ("prwire/launch.html", "prwire"),
        ("prwire/named.html", "The Daily Ledger"),
        ("reuters/a.txt", "reuters"),
        ("reuters/b.txt", "reuters"),
    ]
    assert all(record.error is None for record in records)


def test_glob_pattern_reads_matching_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "corpus" / "b.txt", "B.")
    _write(tmp_path / "corpus" / "a.txt", "A.")
    _write(tmp_path / "corpus" / "c.md", "C.")
    records = list(iter_inputs(["corpus/*.txt"]))
    assert [(r.id, r.text) for r in records] == [("corpus/a.txt", "A."), ("corpus/b.txt", "B.")]


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing.txt", "no such file or directory"), ("nothing/*.txt", "no files match this pattern")],
)
def test_missing_path_raises_before_anything_is_read(tmp_path, name, reason):
    readable = _write(tmp_path / "ok.txt", "Fine.")
    missing = tmp_path / name
    with pytest.raises(InputError) as excinfo:
        iter_inputs([readable, missing])
    assert str(excinfo.value) == f"{missing}: {reason}"


def test_single_string_is_rejected():
    with pytest.raises(TypeError, match="iterable of paths"):
        iter_inputs("corpus")


@pytest.mark.parametrize(
    ("data", "text", "title"),
    [
        (b"Piped article text.\n", "Piped article text.\n", None),
        (ARTICLE_PAGE.encode("utf-16"), None, "Council approves budget"),
    ],
)
def test_stdin_is_read_as_one_article(monkeypatch, data, text, title):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [record] = iter_inputs(["-"])
    assert (record.id, record.path, record.error, record.title) == ("<stdin>", "<stdin>", None, title)
    if text is not None:
        assert record.text == text


def test_symlink_loop_does_not_hang(tmp_path):
    _write(tmp_path / "wire" / "story.txt", "A story.")
    (tmp_path / "wire" / "back").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "wire" / "self.txt").symlink_to(tmp_path / "wire" / "self.txt")
    records = list(iter_inputs([tmp_path]))
    assert [(r.id, r.error) for r in records] == [
        ("wire/self.txt", "too many levels of symbolic links"),
        ("wire/story.txt", None),
    ]


def test_broken_symlink_in_directory_becomes_error_record(tmp_path):
    _write(tmp_path / "a.txt", "Kept.")
    (tmp_path / "b.txt").symlink_to(tmp_path / "gone.txt")
    _write(tmp_path / "c.txt", "Also kept.")
    records = list(iter_inputs([tmp_path]))
    assert [(r.id, r.error) for r in records] == [
        ("a.txt", None),
        ("b.txt", "no such file or directory"),
        ("c.txt", None),
    ]


def test_unreadable_file_in_directory_becomes_error_record(tmp_path):
    _write(tmp_path / "a.txt", "Kept.")
    locked = _write(tmp_path / "b.txt", "Secret.")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running with permission to read any file (root)")
        records = list(iter_inputs([tmp_path]))
    finally:
        locked.chmod(0o644)
    assert [(r.id, r.error) for r in records] == [("a.txt", None), ("b.txt", "permission denied")]


def test_permission_error_mid_walk_becomes_error_record_even_as_root(tmp_path, monkeypatch):
    _write(tmp_path / "a.txt", "Kept.")
    _write(tmp_path / "b.txt", "Locked.")
    _write(tmp_path / "c.csv", "id,text\nc,Locked rows.\n")
    _write(tmp_path / "d.txt", "Also kept.")

    def open_refusing_locked(file, *args, **kwargs):
        if Path(file).name in ("b.txt", "c.csv"):
            raise PermissionError(13, "Permission denied", str(file))
        return open(file, *args, **kwargs)

    monkeypatch.setattr(hio, "open", open_refusing_locked, raising=False)
    records = list(iter_inputs([tmp_path]))
    assert [(r.id, r.error) for r in records] == [
        ("a.txt", None),
        ("b.txt", "permission denied"),
        (str(tmp_path / "c.csv"), "permission denied"),
        ("d.txt", None),
    ]


def test_shared_example_articles_read_cleanly():
    examples = require_examples()
    records = list(iter_inputs([examples / "*.txt"]))
    assert len(records) >= 2
    assert all(record.error is None and len(record.text) > 500 for record in records)
