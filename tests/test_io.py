"""Tests for hypedetect.io: encodings, HTML, JSONL, CSV, Parquet, directories, globs and stdin."""

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

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, example, given, settings
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


def _assert_every_row_kept(path):
    """Whatever the bytes, reading yields records, each with text or the reason it has none."""
    records = _records(path)
    assert records
    assert all(record.error or record.text for record in records)


def _write_parquet(path, columns, **options):
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path, **options)
    return path


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


def test_read_html_unclosed_title_ends_where_the_body_starts():
    page = read_html(
        "<html><head><title>Storm hits coast<body><p>Winds reached 120 km/h on the coast, officials said.",
        "sloppy.html",
    )
    assert page["text"] == "Winds reached 120 km/h on the coast, officials said."
    assert page["title"] == "Storm hits coast"


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
        (
            "paper.pdf",
            b"%PDF-1.4",
            "unsupported file type '.pdf'; expected .txt, .md, .html, .jsonl, .csv, .tsv or .parquet",
        ),
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


@pytest.mark.parametrize("content", ["id,text\n", "id,text\n\n\n"])
def test_csv_with_only_a_header_is_an_error_record(tmp_path, content):
    path = _write(tmp_path / "rows.csv", content)
    [record] = _records(path)
    assert (record.id, record.line, record.error) == (str(path), None, "no rows after the header")


def test_csv_missing_text_column_is_one_error_record_naming_the_columns(tmp_path):
    path = _write(tmp_path / "rows.csv", "id,body,source\na,Text,Wire\n")
    [record] = _records(path)
    assert (record.id, record.error) == (str(path), "no 'text' column; columns found: 'id', 'body', 'source'")


def test_a_file_without_the_text_column_does_not_stop_the_next_input(tmp_path):
    bad = _write(tmp_path / "a.csv", "id,body\na,Text\n")
    good = _write(tmp_path / "b.csv", "id,text\nb,Fine.\n")
    records = list(iter_inputs([bad, good]))
    assert [(r.id, r.error is None) for r in records] == [(str(bad), False), ("b", True)]


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
@given(data=st.binary(max_size=200), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".tsv", ".parquet"]))
def test_any_bytes_in_any_file_type_raise_only_input_error(data, suffix):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"fuzz{suffix}"
        path.write_bytes(data)
        _assert_every_row_kept(path)


# --------------------------------------------------------------------------- Parquet


def test_parquet_rows_read_like_csv_rows(tmp_path):
    path = _write_parquet(
        tmp_path / "rows.parquet",
        {
            "id": ["a", None, "c"],
            "text": ["Rates held.\r\nMarkets calm.", "Second row.", "Third row."],
            "source": ["Wire", None, "  "],
            "title": ["Rates", None, None],
            "url": ["https://x.example/r", None, None],
            "date": ["2024-01-02", None, None],
            "label": [1, 0, None],
            "unused": [1.5, 2.5, 3.5],
        },
    )
    records = _records(path, default_source="folder")
    assert records[0] == Record(
        id="a",
        text="Rates held.\nMarkets calm.",
        source="Wire",
        title="Rates",
        url="https://x.example/r",
        date="2024-01-02",
        label=1,
        path=str(path),
        line=1,
    )
    assert [(r.id, r.source, r.label, r.line) for r in records[1:]] == [
        (f"{path}:2", "folder", 0, 2),
        ("c", "folder", None, 3),
    ]


@pytest.mark.parametrize("suffix", [".parquet", ".pq"])
def test_parquet_bad_rows_become_error_records_naming_the_row(tmp_path, suffix):
    path = _write_parquet(
        tmp_path / f"rows{suffix}",
        {"id": ["a", "b", None, "d", "a"], "text": ["First.", None, "   ", "Fourth.", "Fifth."]},
    )
    records = _records(path)
    assert [(r.id, r.line, r.error, r.warning) for r in records] == [
        ("a", 1, None, None),
        ("b", 2, "row 2: 'text' is null", None),
        (f"{path}:3", 3, "row 3: 'text' is empty", None),
        ("d", 4, None, None),
        ("a", 5, None, "duplicate id"),
    ]
    assert all(record.text == "" for record in records if record.error)


@pytest.mark.parametrize(
    ("values", "error"),
    [
        pytest.param(pa.array([7], pa.int64()), "row 1: 'text' is int, not text", id="int"),
        pytest.param(pa.array([b"raw"], pa.binary()), "row 1: 'text' is bytes, not text", id="bytes"),
        pytest.param(pa.array([["a", "b"]], pa.list_(pa.string())), "row 1: 'text' is list, not text", id="list"),
    ],
)
def test_parquet_text_column_that_is_not_text(tmp_path, values, error):
    [record] = _records(_write_parquet(tmp_path / "rows.parquet", {"text": values}))
    assert record.error == error


def test_parquet_invalid_utf8_loses_only_its_row(tmp_path):
    # Parquet writers validate UTF-8 but readers cannot rely on it: build such a column by hand.
    cells = [b"Good one.", b"bad \xff byte", b"Fine again."]
    offsets = pa.array([sum(len(cell) for cell in cells[:end]) for end in range(4)], pa.int32()).buffers()[1]
    text = pa.Array.from_buffers(pa.string(), len(cells), [None, offsets, pa.py_buffer(b"".join(cells))])
    records = _records(_write_parquet(tmp_path / "rows.parquet", {"text": text}))
    assert [(r.text, r.error) for r in records] == [
        ("Good one.", None),
        ("", "row 2: not valid UTF-8"),
        ("Fine again.", None),
    ]


def test_parquet_renamed_columns(tmp_path):
    path = _write_parquet(tmp_path / "rows.parquet", {"key": ["k1"], "body": ["Rates held."], "outlet": ["Wire"]})
    [record] = _records(path, text_column="body", id_column="key", source_column="outlet")
    assert (record.id, record.text, record.source) == ("k1", "Rates held.", "Wire")


def test_parquet_missing_text_column_is_one_error_record_naming_the_columns(tmp_path):
    path = _write_parquet(tmp_path / "rows.parquet", {"id": ["a"], "body": ["Text"]})
    [record] = _records(path)
    assert record.error == "no 'text' column; columns found: 'id', 'body'"


def test_parquet_reads_only_the_columns_it_needs(tmp_path, monkeypatch):
    path = _write_parquet(
        tmp_path / "rows.parquet", {"text": ["A."], "title": ["T"], "embedding": [[0.1] * 8], "notes": ["n"]}
    )
    asked = []
    iter_batches = pq.ParquetFile.iter_batches

    def spy(self, *args, **kwargs):
        asked.append(kwargs["columns"])
        return iter_batches(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    [record] = _records(path)
    assert (record.text, record.title) == ("A.", "T")
    assert asked == [["text", "title"]]


def test_parquet_is_streamed_in_flat_memory(tmp_path):
    # 40 row groups of ~0.5 MB of text each, plus a wide column that is never read.
    article = "The council met on Tuesday and voted on the budget, officials said. " * 16
    path = tmp_path / "big.parquet"
    with pq.ParquetWriter(path, pa.schema([("text", pa.string()), ("blob", pa.string())])) as writer:
        for group in range(40):
            texts = [f"{group}-{row} {article}" for row in range(500)]
            writer.write_table(pa.table({"text": texts, "blob": [article * 4] * 500}))
    before = pa.total_allocated_bytes()  # other tests may hold Arrow memory in this process
    peak, count = 0, 0
    for _record in iter_records(path):
        count += 1
        peak = max(peak, pa.total_allocated_bytes() - before)
    assert count == 40 * 500
    assert peak < 4 * 1024 * 1024  # one row group's text column, not the 21 MB of text


@pytest.mark.parametrize(
    ("content", "error"),
    [
        pytest.param(b"", "file is empty", id="empty"),
        pytest.param(b"id,text\na,hello\n", "not a Parquet file (no PAR1 signature)", id="csv-named-parquet"),
        pytest.param(gzip.compress(b"x"), "not a Parquet file (no PAR1 signature)", id="gzip"),
        pytest.param(b"PAR1", "corrupt Parquet file (", id="signature-only"),
        pytest.param(b"PAR1" + b"\x00" * 64 + b"PAR1", "corrupt Parquet file (", id="zeroed-footer"),
    ],
)
def test_parquet_that_cannot_be_opened_is_one_error_record(tmp_path, content, error):
    path = _write(tmp_path / "rows.parquet", content)
    [record] = _records(path)
    assert (record.id, record.line, record.text) == (str(path), None, "")
    assert record.error.startswith(error)
    assert "\n" not in record.error


def test_truncated_parquet_is_one_error_record(tmp_path):
    path = _write_parquet(tmp_path / "rows.parquet", {"text": ["One.", "Two."]})
    path.write_bytes(path.read_bytes()[:-10])
    [record] = _records(path)
    assert record.error.startswith("corrupt Parquet file (")


def test_parquet_damaged_row_group_loses_only_that_group(tmp_path):
    path = _write_parquet(
        tmp_path / "rows.parquet",
        {"text": [f"Row number {i} of the file." for i in range(6)]},
        row_group_size=2,
        compression="snappy",
        use_dictionary=False,
    )
    data = bytearray(path.read_bytes())
    second_group = pq.ParquetFile(path).metadata.row_group(1).column(0)
    start = second_group.data_page_offset
    data[start + 20 : start + second_group.total_compressed_size] = b"\xff" * (
        second_group.total_compressed_size - 20
    )
    path.write_bytes(bytes(data))
    records = _records(path)
    assert [r.text for r in records if not r.error] == [f"Row number {i} of the file." for i in (0, 1, 4, 5)]
    [damaged] = [r for r in records if r.error]
    assert damaged.id == f"{path}:rows 3-4"
    assert damaged.error.startswith("rows 3-4: corrupt Parquet data (")


def test_parquet_row_group_that_yields_fewer_rows_than_it_holds(tmp_path, monkeypatch):
    path = _write_parquet(tmp_path / "rows.parquet", {"text": ["One.", "Two.", "Three.", "Four."]}, row_group_size=2)
    iter_batches = pq.ParquetFile.iter_batches

    def first_group_reads_nothing(self, *args, **kwargs):
        return iter([]) if kwargs["row_groups"] == [0] else iter_batches(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", first_group_reads_nothing)
    records = _records(path)
    assert [(r.id, r.line, r.error) for r in records] == [
        (f"{path}:rows 1-2", None, "rows 1-2: corrupt Parquet data (the row group holds 2 rows, 0 were read)"),
        (f"{path}:3", 3, None),
        (f"{path}:4", 4, None),
    ]


def test_parquet_without_rows_is_an_error_record(tmp_path):
    path = tmp_path / "empty.parquet"
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), path)
    [record] = _records(path)
    assert (record.id, record.error) == (str(path), "file has no rows")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1, max_size=8))
@example(edits=[(27_664_734_283_019_981, 128)])  # once found: a row group's metadata not UTF-8
def test_damaged_parquet_bytes_give_only_records(edits):
    with tempfile.TemporaryDirectory() as directory:
        path = _write_parquet(
            Path(directory) / "rows.parquet", {"id": ["a", "b", "c"], "text": ["One.", "Two.", "Three."]}
        )
        data = bytearray(path.read_bytes())
        for position, value in edits:
            data[position % len(data)] = value
        path.write_bytes(bytes(data))
        _assert_every_row_kept(path)


def test_directory_walk_reads_parquet_files(tmp_path):
    _write_parquet(tmp_path / "wire" / "batch.parquet", {"id": ["p1", "p2"], "text": ["One.", "Two."]})
    _write_parquet(tmp_path / "wire" / "more.pq", {"id": ["p3"], "text": ["Three."]})
    _write(tmp_path / "wire" / "story.txt", "Four.")
    records = list(iter_inputs([tmp_path]))
    assert [(r.id, r.source, r.text) for r in records] == [
        ("p1", "wire", "One."),
        ("p2", "wire", "Two."),
        ("p3", "wire", "Three."),
        ("wire/story.txt", "wire", "Four."),
    ]


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
    _write_parquet(tmp_path / "c.parquet", {"text": ["Locked rows."]})
    _write(tmp_path / "d.txt", "Also kept.")

    def open_refusing_locked(file, *args, **kwargs):
        if Path(file).name in ("b.txt", "c.csv", "c.parquet"):
            raise PermissionError(13, "Permission denied", str(file))
        return open(file, *args, **kwargs)

    monkeypatch.setattr(hio, "open", open_refusing_locked, raising=False)
    records = list(iter_inputs([tmp_path]))
    assert [(r.id, r.error) for r in records] == [
        ("a.txt", None),
        ("b.txt", "permission denied"),
        (str(tmp_path / "c.csv"), "permission denied"),
        (str(tmp_path / "c.parquet"), "permission denied"),
        ("d.txt", None),
    ]


def test_unreadable_subdirectory_becomes_error_record_and_the_walk_goes_on(tmp_path, monkeypatch):
    _write(tmp_path / "a" / "one.txt", "Kept.")
    _write(tmp_path / "b" / "two.txt", "Locked.")
    _write(tmp_path / "c" / "three.txt", "Also kept.")
    scandir = os.scandir

    def scandir_refusing_b(path):
        if Path(path).name == "b":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(hio.os, "scandir", scandir_refusing_b)
    records = list(iter_inputs([tmp_path]))
    assert [(r.id, r.source, r.error) for r in records] == [
        ("a/one.txt", "a", None),
        ("b", None, "permission denied"),
        ("c/three.txt", "c", None),
    ]


def test_shared_example_articles_read_cleanly():
    examples = require_examples()
    records = list(iter_inputs([examples / "*.txt"]))
    assert len(records) >= 2
    assert all(record.error is None and len(record.text) > 500 for record in records)
