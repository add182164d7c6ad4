"""Tests for hypedetect.detectors.tables: per-word tables give the arithmetic of the n-gram definition."""

from collections import Counter

import numpy as np
import pytest

from hypedetect.detectors import tables
from hypedetect.detectors.tables import ScoringTables, char_grams, pair_mask
from tests.detectors._make import binary_detector


def _naive_char_terms(detector, word):
    counts = Counter(g for g in char_grams(word) if g in detector.char_vocabulary)
    columns = {g: i for i, g in enumerate(detector.char_vocabulary)}
    weight = sum(k * detector.char_weights[0, columns[g]] for g, k in counts.items())
    return weight, sum(k * k * detector.char_sq[columns[g]] for g, k in counts.items())


@pytest.mark.parametrize("word", ["shameful", "shush", "ful", "café", "x", "shfulful"])
def test_char_terms_count_repeated_grams_as_the_definition_does(word):
    detector = binary_detector(char_vocabulary=(" sh", "ful ", "ul", "fu"),
                               char_weights=np.array([[0.5, 0.25, 1.0, -2.0]]), char_sq=np.array([1.0, 2.0, 3.0, 4.0]))
    weights, sq = ScoringTables(detector).char_terms([word])
    expected_weight, expected_sq = _naive_char_terms(detector, word)
    assert weights[0, 0] == pytest.approx(expected_weight)
    assert sq[0] == pytest.approx(expected_sq)


def test_pair_mask_keeps_bigrams_inside_ranges():
    assert pair_mask(6, [(0, 3), (4, 6)]).tolist() == [True, True, False, False, True]
    assert pair_mask(1, [(0, 1)]).tolist() == []


def test_table_terms_match_for_known_and_unseen_words_and_bigrams():
    scoring = ScoringTables(binary_detector())
    vocabulary = ("great", "news", "shameful", "unheard")
    terms = scoring.terms(vocabulary, np.array([0, 1, 2, 3, 0, 1]), [(0, 2), (2, 6)])
    # "great news" is a bigram in the first sentence and in the second; its term sits on "great".
    assert terms.bigram_num[0].tolist() == [1.5, 0.0, 0.0, 0.0, 1.5, 0.0]
    assert terms.word_num[0].tolist() == [0.0, 0.0, 2.0, 0.0, 0.0, 0.0]
    assert terms.char_num[0, 2] == pytest.approx(0.75)  # " sh" + "ful "


def test_unseen_store_is_bounded_and_never_changes_a_result(monkeypatch):
    monkeypatch.setattr(tables, "MAX_UNSEEN_WORDS", 3)
    scoring = ScoringTables(binary_detector())
    first = scoring.terms(("shamefully", "shush"), np.array([0, 1]), [(0, 2)]).char_num.copy()
    scoring.terms(("fulsome", "ash", "brush"), np.array([0, 1, 2]), [(0, 3)])
    assert len(scoring._unseen) <= 3
    again = scoring.terms(("shamefully", "shush"), np.array([0, 1]), [(0, 2)]).char_num
    np.testing.assert_array_equal(first, again)
    assert first[0, 0] == pytest.approx(0.5)  # " sh" only: "ful" is not word-final
