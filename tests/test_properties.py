"""Property tests over arbitrary Unicode: shapes, finiteness, offsets, determinism, explain vs features."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hypedetect.document import _parse_cached, parse
from hypedetect.features import build_extractors, explain, extract_features

EXTRACTORS = build_extractors()
N_FEATURES = sum(len(e.feature_names()) for e in EXTRACTORS)

# Mix of plain words, news punctuation and hostile characters: emoji, RTL, combining marks, controls,
# quotes, bullets, very long tokens.
PIECES = st.sampled_from([
    "The", "council", "said", "groundbreaking", "may", "“", "”", '"', "'", "’", "!", "?", ".", "...", "\n", "\n\n",
    "- ", "Tags:", "Viral Phrases:", "U.S.", "Mr.", "3.5", "$4 million", "🙂", "שלום", "مرحبا", "e\u0301",
    "\u200b", "\x00", "\x1b", "\t", "İ", "ß", "x" * 300, "according to", "sources said", "we", "you",
])
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(PIECES, max_size=80).map(" ".join),
    st.lists(PIECES, max_size=80).map("".join),
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
        assert text[item.start : item.end] == item.text


@SETTINGS
@given(TEXTS)
def test_results_are_deterministic(text):
    first = extract_features([text]).to_numpy()
    _parse_cached.cache_clear()
    second = extract_features([text]).to_numpy()
    np.testing.assert_array_equal(first, second)


@SETTINGS
@given(TEXTS)
def test_explain_and_the_feature_values_agree(text):
    doc = parse(text)
    spans = explain(doc)
    for extractor in EXTRACTORS:
        own = [s for s in spans if s.dimension == extractor.dimension]
        assert dict(extractor.score(doc)) == dict(extractor.features(doc, own))
