"""Tests of hypedetect.scoring: partitions in, one output row per record out, in order."""

import numpy as np
import pandas as pd
import pytest

from hypedetect.io import Record
from hypedetect.model import score_texts
from hypedetect.persistence import load_model
from hypedetect.scoring import (
    META_COLUMNS,
    SUMMARY_FEATURES,
    output_columns,
    partitions,
    records_frame,
    score_partition,
)

from ._shared import REPO

DEMO_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpora" / "demo").glob("*.txt"))]


@pytest.fixture(scope="module")
def model():
    return load_model()


def _records(texts, **extra):
    return [Record(id=f"r{i}", text=t, path="x.jsonl", line=i + 1, **extra) for i, t in enumerate(texts)]


def test_partitions_keep_every_record_in_order():
    records = _records([f"Text {i}." for i in range(7)])
    parts = list(partitions(iter(records), 3))
    assert [len(p) for p in parts] == [3, 3, 1]
    assert pd.concat(parts)["id"].tolist() == [r.id for r in records]


def test_partitions_reject_a_size_below_one():
    with pytest.raises(ValueError, match="at least 1"):
        list(partitions([], 0))


def test_score_partition_matches_score_texts(model):
    scored = score_partition(records_frame(_records(DEMO_TEXTS)), model, all_features=True)
    expected = score_texts(model, DEMO_TEXTS)
    columns = [c for c in scored.columns if c not in META_COLUMNS]
    np.testing.assert_array_equal(scored[columns].to_numpy(), expected[columns].to_numpy())


def test_failed_record_keeps_its_row_with_the_reason(model):
    records = _records(DEMO_TEXTS[:1])
    records.insert(0, Record(id="bad", text="", path="x.jsonl", line=9, error="line 9: not valid JSON"))
    scored = score_partition(records_frame(records), model)
    assert scored["id"].tolist() == ["bad", "r0"]
    assert scored.loc[0, "status"] == "error: line 9: not valid JSON"
    assert np.isnan(scored.loc[0, "promotional_probability"])
    assert scored.loc[1, "status"] == "ok" and 0 <= scored.loc[1, "promotional_probability"] <= 1


def test_warnings_reach_status(model):
    records = [Record(id="dup", text=DEMO_TEXTS[0], path="x", warning="duplicate id"),
               Record(id="short", text="Officials said rates held.", path="x"),
               Record(id="de", text="Der Rat hat am Dienstag die neue Buslinie beschlossen und die Stadt "
                                    "will sie im Sommer eröffnen, sagte die Sprecherin der Verwaltung. " * 3, path="x")]
    status = score_partition(records_frame(records), model)["status"].tolist()
    assert status[0] == "duplicate id"
    assert status[1].startswith("short text (4 words)")
    assert "does not look like English" in status[2]


def test_all_errors_partition_still_has_every_column(model):
    records = [Record(id="a", text="", path="a", error="empty file")]
    scored = score_partition(records_frame(records), model)
    assert list(scored.columns) == output_columns(model)
    assert scored["status"].tolist() == ["error: empty file"]


def test_output_columns_without_model_are_the_summary_features():
    columns = output_columns()
    assert columns[: len(META_COLUMNS)] == list(META_COLUMNS)
    assert columns[len(META_COLUMNS) :] == list(SUMMARY_FEATURES)


def test_missing_values_in_a_users_frame_count_as_no_error(model):
    partition = records_frame(_records(DEMO_TEXTS[:1]))
    partition.loc[0, "error"] = np.nan  # what a pandas/Dask frame holds for a missing string
    partition.loc[0, "warning"] = np.nan
    assert score_partition(partition, model)["status"].tolist() == ["ok"]
