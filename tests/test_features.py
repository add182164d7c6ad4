"""Tests for hypedetect.features: the feature frame, explain(), parse-once."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hypedetect.document import _parse_cached
from hypedetect.features import DIMENSIONS, explain, extract_features, feature_union

from ._shared import REPO, require_examples

DEMO = REPO / "corpora" / "demo"


def _demo_texts():
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))}


def test_frame_has_one_row_per_text_and_all_dimensions():
    texts = pd.Series(list(_demo_texts().values()), index=["x", "y"])
    frame = extract_features(texts)
    assert list(frame.index) == ["x", "y"]
    prefixes = {column.split("__")[0] for column in frame.columns}
    assert prefixes == set(DIMENSIONS)
    assert np.isfinite(frame.to_numpy()).all()


def test_frame_matches_feature_union_output():
    texts = list(_demo_texts().values())
    union = feature_union().fit(texts)
    frame = extract_features(texts)
    assert list(frame.columns) == list(union.get_feature_names_out())
    np.testing.assert_allclose(frame.to_numpy(), union.transform(texts))


def test_each_article_is_parsed_once_for_all_extractors():
    text = "A fresh text about a council vote that no other test uses. It may pass."
    _parse_cached.cache_clear()
    feature_union().fit_transform([text])
    info = _parse_cached.cache_info()
    assert info.misses == 1
    assert info.hits >= 3


def test_promotional_demo_outscores_the_wire_report():
    texts = _demo_texts()
    frame = extract_features(pd.Series(texts))
    promo_columns = [c for c in frame.columns if c.startswith("promotional__") and c.endswith("_per_1k")]
    totals = frame[promo_columns].sum(axis=1)
    assert totals["promotional_rewrite"] > 3 * totals["wire_report"]
    assert frame.loc["wire_report", "sourcing__attributions_per_1k"] > frame.loc[
        "promotional_rewrite", "sourcing__attributions_per_1k"
    ]


def test_explain_spans_index_the_original_text():
    text = _demo_texts()["promotional_rewrite"]
    spans = explain(text)
    assert spans, "the promotional demo must produce evidence"
    assert {span.dimension for span in spans} >= {"promotional", "hedging", "sourcing"}
    for span in spans:
        assert text[span.start : span.end] == span.text
    assert spans == sorted(spans, key=lambda s: (s.start, s.end, s.dimension, s.category))


@pytest.mark.parametrize("text", ["", "   ", "!!!", "🙂 🙃", "a"])
def test_degenerate_texts_give_finite_rows(text):
    frame = extract_features([text])
    assert np.isfinite(frame.to_numpy()).all()


def test_user_lexicon_adds_a_column_everywhere(tmp_path):
    lexicon = tmp_path / "greenwash.txt"
    lexicon.write_text("# test lexicon\ncarbon neutral\neco-friendly\n", encoding="utf-8")
    frame = extract_features(["Our eco-friendly, carbon neutral range."], lexicons=[str(lexicon)])
    user_columns = [c for c in frame.columns if "user_greenwash" in c]
    assert user_columns
    assert frame[user_columns].to_numpy().max() > 0


def test_examples_002_far_more_promotional_than_000():
    folder = require_examples()
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in Path(folder).glob("00*.txt")}
    frame = extract_features(pd.Series(texts))
    promo_columns = [c for c in frame.columns if c.startswith("promotional__") and c.endswith("_per_1k")]
    totals = frame[promo_columns].sum(axis=1)
    assert totals["002"] > 3 * totals["000"]
    assert frame.loc["002", "promotional__promotional_block_share"] > 0.05
    assert frame.loc["000", "promotional__promotional_block_share"] == 0
