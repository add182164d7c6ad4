"""Property tests over arbitrary Unicode: shapes, finiteness, offsets, determinism, explain vs features."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hypedetect.document import parse
from hypedetect.features import build_extractors, explain, extract_features

EXTRACTORS = build_extractors()
N_FEATURES = sum(len(e.feature_names()) for e in EXTRACTORS)

# Mix of plain words, news punctuation and hostile characters: emoji (with skin tones, ZWJ sequences,
# flags, variation selectors), RTL text and direction controls, combining marks (stacked too), controls and
# the other line breaks (\r, \v, \f, NEL, U+2028/9), very long tokens of ASCII, accented letters, digits
# and punctuation, and scripts written without spaces.
PIECES = st.sampled_from([
    "The", "council", "said", "groundbreaking", "may", "“", "”", '"', "'", "’", "!", "?", ".", "...", "\n", "\n\n",
    "- ", "Tags:", "Viral Phrases:", "U.S.", "Mr.", "3.5", "$4 million", "🙂", "שלום", "مرحبا", "e\u0301",
    "\u200b", "\x00", "\x1b", "\t", "İ", "ß", "x" * 300, "according to", "sources said", "we", "you",
    "👍🏽", "👩\u200d👩\u200d👧", "🇺🇳", "❤\ufe0f", "\u200f", "\u202e", "\u2067", "a\u0300\u0301\u0302\u0303\u0304",
    "\u0651\u064e", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\ufeff", "é" * 300, "9" * 300,
    "!" * 300, "https://example.com/" + "a" * 280, "東京都は火曜日に予算を承認した。", "नमस्ते", "Ｆｕｌｌｗｉｄｔｈ",
    "\ufffd",
])
UNUSUAL = st.characters(categories=["Mn", "Me", "Cc", "Cf", "Zl", "Zp", "So", "Sk", "Lo"])
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(PIECES, max_size=80).map(" ".join),
    st.lists(PIECES, max_size=80).map("".join),
    st.lists(st.one_of(PIECES, st.text(UNUSUAL, min_size=1, max_size=20)), max_size=60).map(" ".join),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXTS)
def test_every_extractor_returns_finite_numbers_of_the_right_shape(text):
    frame = extract_features([text])
    assert frame.shape == (1, N_FEATURES)
    assert np.isfinite(frame.to_numpy()).all()


@SETTINGS
@given(TEXTS)
def test_offsets_always_index_the_original_text(text):
    doc = parse(text)
    for span in (*doc.paragraphs, *doc.sentences, *doc.quotes, *doc.blocks):
        assert 0 <= span.start <= span.end <= len(text)
    for start, end in zip(doc.word_starts, doc.word_ends, strict=True):
        assert 0 <= start < end <= len(text)
    for item in explain(doc):
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start : item.end] == item.text


@SETTINGS
@given(TEXTS)
def test_results_are_deterministic(text):
    first = extract_features([text]).to_numpy()
    first_spans = explain(text)
    second = extract_features([text]).to_numpy()
    np.testing.assert_array_equal(first, second)
    assert explain(text) == first_spans


@SETTINGS
@given(st.lists(TEXTS, min_size=2, max_size=4))
def test_a_text_scores_the_same_alone_and_in_a_batch(texts):
    batch = extract_features(texts)
    alone = pd.concat([extract_features([text]) for text in texts], ignore_index=True)
    pd.testing.assert_frame_equal(batch, alone)


@SETTINGS
@given(TEXTS)
def test_each_extractor_transform_gives_its_columns_of_the_frame(text):
    """The scikit-learn path (each extractor's transform) and extract_features agree, column by column."""
    frame = extract_features([text])
    for extractor in EXTRACTORS:
        values = extractor.transform([text])
        names = list(extractor.get_feature_names_out())
        assert values.shape == (1, len(names))
        assert np.isfinite(values).all()
        np.testing.assert_array_equal(values, frame[names].to_numpy())


@SETTINGS
@given(TEXTS)
def test_explain_and_the_feature_values_agree(text):
    doc = parse(text)
    spans = explain(doc)
    for extractor in EXTRACTORS:
        own = [s for s in spans if s.dimension == extractor.dimension]
        assert dict(extractor.score(doc)) == dict(extractor.features(doc, own))
