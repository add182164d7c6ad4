"""Tests of hypedetect.terminal: the score table fitted to a width, the explained lines."""

import json

import pandas as pd
import pytest

from hypedetect.io import Record
from hypedetect.terminal import explained_lines, fitted_table

ROWS = pd.DataFrame({
    "id": ["short", "a-rather-long-article-identifier.txt"],
    "source": ["Ledger", None],
    "title": ["Council delays the vote on bus lanes until after the spring budget", "x"],
    "status": ["ok", "ok"],
    "promotional_probability": [0.25, 0.975],
    "hedging_score": [-1.0, 2.5],
    "promotional__puffery_per_1k": [1.0, 52.0],
    "promotional__superlatives_per_1k": [0.0, 4.0],
})


@pytest.mark.parametrize("width", [60, 80, 120])
def test_every_line_fits_the_width_and_the_summary_columns_stay(width):
    lines = fitted_table(ROWS, width).splitlines()
    assert all(len(line) <= width for line in lines), lines
    assert lines[0].split()[:6] == ["id", "source", "title", "status", "probability", "hedging"]


def test_feature_columns_come_only_with_room():
    assert "puffery_per_1k" not in fitted_table(ROWS, 80)
    assert "superlatives_per_1k" in fitted_table(ROWS, 200)


def test_text_is_left_aligned_and_cut_numbers_right_aligned():
    header, first, second = fitted_table(ROWS, 80).splitlines()
    at = header.index("title")
    assert first[at:].startswith("Council") and "…" in first
    assert second[at] == "x"
    probability_end = header.index("probability") + len("probability")
    assert first[:probability_end].endswith("0.25") and second[:probability_end].endswith("0.97")
    assert second.split()[1] == "-"  # a missing source


def test_explained_lines_as_jsonl_give_spans_and_flagged_blocks():
    text = "Officials said it may rain.\n\nTags:\nweather, rain, forecast"
    record = Record(id="a", text=text, path="a.txt")

    class Span:
        start, end, dimension, category, text = 19, 22, "hedging", "hedge", "may"

    rows = [json.loads(line) for line in explained_lines(record, [Span()], "jsonl", color=False)]
    assert rows[0] == {"id": "a", "kind": "span", "start": 19, "end": 22, "dimension": "hedging",
                       "category": "hedge", "text": "may"}
    blocks = [row for row in rows if row["kind"] == "flagged_block"]
    assert [b["reason"] for b in blocks] == ["tags"]
    assert all(text[b["start"] : b["end"]] == b["text"] for b in blocks)
    assert not [r for r in explained_lines(record, [Span()], "jsonl", color=False, blocks=False)
                if "flagged_block" in r]
