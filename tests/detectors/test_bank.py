"""Tests for hypedetect.detectors.bank: several detectors scored in one shared pass."""

import numpy as np
import pytest

from hypedetect.detectors.bank import DetectorBank
from hypedetect.document import parse

from ._make import binary_detector, claims_detector

TEXTS = [
    "The mayor called the plan shameful. Great news, officials said: smoking causes cancer.",
    "It may be associated with sheep. Shameful!\n\n- a list item\n\nUnseen zebras graze.",
    "",
    "```\ncode only\n```",
]


def _detectors():
    loaded = binary_detector(name="loaded", marked_words=("shameful", "zebras"), marked_scores=np.array([0.8, 0.3]),
                             marked_weights=np.array([1.0]), char_vocabulary=(" sh", "ful ", "ra"),
                             char_weights=np.array([[0.5, 0.25, -0.5]]), char_sq=np.array([1.0, 1.0, 2.0]))
    return [loaded, claims_detector()]


@pytest.mark.parametrize("text", TEXTS)
def test_the_bank_scores_each_detector_as_it_scores_alone(text):
    doc = parse(text)
    detectors = _detectors()
    bank = DetectorBank(detectors)
    for detector, shared in zip(detectors, bank.score_document(doc), strict=True):
        alone = detector.score_document(doc)
        assert shared.scored.indices == alone.indices
        np.testing.assert_allclose(shared.scored.probabilities, alone.probabilities, rtol=0, atol=1e-12)
        np.testing.assert_allclose(shared.scored.terms.matrix, alone.terms.matrix, rtol=0, atol=1e-12)
        assert shared.matches == detector.lexicon_matches(doc)


def test_the_bank_sees_every_detectors_bigrams_and_unseen_words():
    doc = parse("Great news: shameful zebras said so, ultra.")
    loaded, claims = _detectors()
    shared = DetectorBank([claims, loaded]).score_document(doc)[1].scored.terms
    great = doc.words.index("great")
    assert shared.bigram_num[0, great] == pytest.approx(1.5)  # "great news", a bigram of the second detector
    zebras, ultra = doc.words.index("zebras"), doc.words.index("ultra")
    assert shared.marked[zebras] == pytest.approx(0.3)  # a marked word of the second detector
    assert shared.char_num[0, zebras] == pytest.approx(-0.5)  # " zebras " holds "ra" once
    assert shared.char_num[0, ultra] == pytest.approx(-0.5)  # a word no table holds: its n-grams computed
    assert shared.char_sq[ultra] == pytest.approx(2.0)
