"""Tests for hypedetect.detectors.claims: strong-claim shares counted from claim evidence."""

import pytest

from hypedetect.detectors.claims import CLAIM_FEATURES, claim_evidence, claim_features
from hypedetect.document import parse
from tests.detectors._make import claims_detector

TEXT = ("Coffee causes cancer. Coffee is associated with sleep loss. "
        "Coffee may cause weight gain. The study ran for ten years. Coffee perhaps causes stress.")


def test_strong_claims_are_evidence_with_their_hedge_status():
    doc = parse(TEXT)
    evidence = claim_evidence(claims_detector(), doc)
    assert [(e.text, e.category) for e in evidence] == [
        ("Coffee causes cancer.", "direct_causal_unhedged"),
        ("Coffee may cause weight gain.", "conditional_causal"),
        ("Coffee perhaps causes stress.", "direct_causal"),
    ]
    for item in evidence:
        assert doc.text[item.start:item.end] == item.text


def test_shares_are_counted_from_the_evidence():
    features = claim_features(claims_detector(), parse(TEXT))
    assert list(features) == list(CLAIM_FEATURES)
    assert features["strong_causal_claim_share"] == pytest.approx(2 / 5)
    assert features["unhedged_strong_claim_share"] == pytest.approx(1 / 5)


def test_no_sentences_no_claims():
    assert claim_features(claims_detector(), parse("")) == dict.fromkeys(CLAIM_FEATURES, 0.0)
