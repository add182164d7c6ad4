"""Tests for hypedetect.io.record: the Origin that makes error records, and duplicate-id marking."""

import pytest

from hypedetect.io import limits
from hypedetect.io.record import Origin, Record, join_warnings, mark_duplicate_ids


@pytest.mark.parametrize(
    ("origin", "record_id", "line", "error"),
    [
        (Origin("a.txt"), "a.txt", None, "file is empty"),
        (Origin("feed.jsonl", line=3), "feed.jsonl:3", 3, "line 3: file is empty"),
        (Origin("rows.parquet", row=7), "rows.parquet:7", 7, "row 7: file is empty"),
        (Origin("feed.csv").at_line(2), "feed.csv:2", 2, "line 2: file is empty"),
        (Origin("rows.pq").at_row(1), "rows.pq:1", 1, "row 1: file is empty"),
    ],
)
def test_error_names_the_position_in_id_line_and_reason(origin, record_id, line, error):
    record = origin.error("file is empty")
    assert (record.id, record.line, record.error, record.text) == (record_id, line, error, "")
    assert record.path == origin.path


def test_error_keeps_the_default_source_warning_and_given_id():
    origin = Origin("news/wire/a.txt", source="wire")
    record = origin.error("permission denied", warning="duplicate id", record_id="wire/a.txt")
    assert record == Record(
        id="wire/a.txt", text="", source="wire", path="news/wire/a.txt", error="permission denied",
        warning="duplicate id",
    )


def test_a_blank_record_id_falls_back_to_the_default_id():
    assert Origin("feed.csv", line=4).error("bad", record_id="").id == "feed.csv:4"


def test_moving_to_a_line_or_row_keeps_file_and_source_and_replaces_the_position():
    origin = Origin("t.csv", source="Daily").at_line(5)
    moved = origin.at_row(9)
    assert (moved.path, moved.source, moved.line, moved.row, moved.position) == ("t.csv", "Daily", None, 9, 9)
    assert origin.at_line(6).position == 6
    assert origin.position == 5  # unchanged: origins are values


def test_an_origin_has_a_line_or_a_row_not_both():
    with pytest.raises(ValueError, match="line or a row"):
        Origin("t.csv", line=1, row=1)


def test_join_warnings_skips_the_unset_ones():
    assert join_warnings(None, "a", "", "b") == "a; b"
    assert join_warnings(None, "") is None


def _records(*ids):
    return [Record(id=record_id, text="Text.", path="p.txt") for record_id in ids]


def test_a_repeated_id_is_warned_about_and_kept():
    marked = list(mark_duplicate_ids(_records("a", "b", "a", "a")))
    assert [(record.id, record.warning) for record in marked] == [
        ("a", None), ("b", None), ("a", "duplicate id"), ("a", "duplicate id"),
    ]


def test_tracking_stops_at_the_limit_with_one_warning(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TRACKED_IDS", 2)
    marked = list(mark_duplicate_ids(_records("a", "b", "c", "d", "a")))
    assert [record.warning for record in marked] == [
        None, None, "over 2 ids: later duplicate ids are not flagged", None, "duplicate id",
    ]
