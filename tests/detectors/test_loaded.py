"""Tests for hypedetect.detectors.loaded: article features recomputed from the evidence."""

import numpy as np
import pytest

from hypedetect.detectors.loaded import LOADED_FEATURES, document_loaded_evidence, loaded_evidence, loaded_features
from hypedetect.document import parse
from tests.detectors._make import binary_detector

TEXT = "A shameful betrayal of voters.\n\nOfficials said the vote passed. Critics called it bizarre."


def _detector():
    return binary_detector(marked_words=("bizarre",), marked_scores=np.array([0.9]),
                           marked_weights=np.array([0.0]))


def test_rate_is_hundred_times_mean_sentence_probability():
    doc = parse(TEXT)
    _, probabilities = _detector().predict_proba_document(doc)
    features = loaded_features(_detector(), doc)
    assert list(features) == list(LOADED_FEATURES)
    assert features["loaded_language_rate"] == pytest.approx(100 * probabilities.mean())
    assert features["loaded_sentence_share"] == pytest.approx(np.mean(probabilities >= 0.5))


def test_evidence_slices_the_text_and_feeds_loaded_words():
    doc = parse(TEXT)
    evidence = loaded_evidence(_detector(), doc)
    assert [(e.text, e.category) for e in evidence] == [("shameful", "ngram"), ("bizarre", "marked_word")]
    for item in evidence:
        assert doc.text[item.start:item.end] == item.text
    words = sum(doc.words_between(e.start, e.end) for e in evidence)
    assert loaded_features(_detector(), doc)["loaded_words_per_1k"] == pytest.approx(1000 * words / doc.n_words)


def test_unflagged_sentences_give_no_ngram_evidence():
    doc = parse("Officials said the vote passed.")
    assert loaded_evidence(_detector(), doc) == []


def test_empty_document_scores_zero():
    assert loaded_features(_detector(), parse("")) == dict.fromkeys(LOADED_FEATURES, 0.0)


def test_evidence_from_shared_terms_equals_evidence_computed_alone():
    detector = binary_detector(marked_words=("bizarre",), marked_scores=np.array([0.8]),
                               marked_weights=np.array([1.0]))
    doc = parse("A shameful, bizarre act.\n\nOfficials said great news. Bizarre!\n\nShare this:\nFacebook")
    scored = detector.score_document(doc)
    assert (scored.indices, scored.probabilities.tolist()) == (
        detector.predict_proba_document(doc)[0], detector.predict_proba_document(doc)[1].tolist())
    shared = document_loaded_evidence(detector, doc, scored.indices, scored.probabilities, terms=scored.terms)
    assert shared == loaded_evidence(detector, doc)
    assert {e.category for e in shared} == {"ngram", "marked_word"}
