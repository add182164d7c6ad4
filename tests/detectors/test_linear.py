"""Tests for hypedetect.detectors.linear: the score arithmetic, evidence offsets, persistence."""

import math

import numpy as np
import pytest
from sklearn.pipeline import Pipeline

from hypedetect.detectors.linear import LinearNgramDetector, char_grams, tokenize
from hypedetect.document import parse
from hypedetect.errors import ModelError
from hypedetect.persistence import load_model, save_model
from tests.detectors._make import binary_detector


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def test_score_is_the_documented_sum_of_block_terms():
    # "a shameful act": word block: shameful 2.0 over norm sqrt(1) -> 2.0.
    # char block: "shameful" has " sh" and "ful " once each -> (0.5 + 0.25) / sqrt(1 + 1).
    expected = _sigmoid(2.0 + 0.75 / math.sqrt(2.0) - 1.0)
    assert binary_detector().predict_proba(["A shameful act"])[0] == pytest.approx(expected)


def test_bigram_and_unigram_share_the_word_norm():
    # "said great news": said -1 and the bigram "great news" 1.5, two known word features -> norm sqrt(2).
    expected = _sigmoid((-1.0 + 1.5) / math.sqrt(2.0) - 1.0)
    assert binary_detector().predict_proba(["said great news"])[0] == pytest.approx(expected)


def test_lexicon_rate_is_hits_over_root_of_tokens():
    # "may" is a hedge: one hit in four tokens -> rate 0.5, weight -0.4.
    expected = _sigmoid(-0.4 * 0.5 - 1.0)
    assert binary_detector().predict_proba(["it may be so"])[0] == pytest.approx(expected)


def test_marked_and_length_terms():
    detector = binary_detector(marked_words=("bizarre",), marked_scores=np.array([0.8]),
                               marked_weights=np.array([1.0]), length_weights=np.array([0.5]))
    expected = _sigmoid(0.8 / math.sqrt(2.0) + 0.5 * math.log(3.0) - 1.0)
    assert detector.predict_proba(["bizarre syntax"])[0] == pytest.approx(expected)


def test_calibration_is_applied_to_the_decision_score():
    detector = binary_detector(calibration=np.array([2.0, 0.5]))
    assert detector.predict_proba(["nothing here"])[0] == pytest.approx(_sigmoid(2.0 * -1.0 + 0.5))


def test_empty_sentence_scores_the_intercept_alone():
    assert binary_detector().predict_proba(["", "!!"]).tolist() == pytest.approx([_sigmoid(-1.0)] * 2)


def test_bare_string_is_rejected():
    with pytest.raises(ValueError, match="string object received"):
        binary_detector().predict_proba("A shameful act")


def test_document_scores_match_sentence_strings():
    text = "A shameful act.\n\nOfficials said great news. It may rain."
    doc = parse(text)
    indices, from_doc = binary_detector().predict_proba_document(doc)
    sentences = [text[doc.sentences[i].start:doc.sentences[i].end] for i in indices]
    assert len(sentences) == 3
    np.testing.assert_allclose(from_doc, binary_detector().predict_proba(sentences))


def test_unscored_block_lines_never_leak_into_a_scored_sentence():
    # The furniture block after the first sentence is not scored, and its "shameful"s must not count.
    text = "A calm act.\n\nShare this:\nFacebook\nshameful shameful shameful\n\nOfficials said great news."
    doc = parse(text)
    indices, from_doc = binary_detector().predict_proba_document(doc)
    assert [doc.sentences[i].kind for i in indices] == ["sentence"]
    sentences = [text[doc.sentences[i].start:doc.sentences[i].end] for i in indices]
    np.testing.assert_allclose(from_doc, binary_detector().predict_proba(sentences))


def test_unseen_word_char_terms_equal_precomputed_ones():
    precomputed = binary_detector(char_words=("shameful",), char_word_weights=np.array([[0.75]]),
                                  char_word_sq=np.array([2.0]))
    assert precomputed.predict_proba(["so shameful"])[0] == pytest.approx(binary_detector().predict_proba(
        ["so shameful"])[0])


@pytest.mark.parametrize("sentence, offset", [("They said it was a shameful, great news day.", 0),
                                              ("Shameful!", 17)])
def test_evidence_offsets_slice_the_text(sentence, offset):
    text = " " * offset + sentence
    evidence = binary_detector().evidence(sentence, offset=offset)
    assert evidence
    for item in evidence:
        assert text[item.start:item.end] == item.text
        assert item.weight > 0
    assert evidence[0].text.lower() == "shameful"


def test_evidence_never_overlaps_and_keeps_top():
    evidence = binary_detector().evidence("shameful great news shameful", top=2)
    assert [e.text for e in evidence] == ["shameful", "shameful"]
    spans = [(e.start, e.end) for e in binary_detector().evidence("shameful great news shameful", top=5)]
    assert all(a[1] <= b[0] for a, b in zip(sorted(spans), sorted(spans)[1:], strict=False))


def test_char_grams_pad_the_word():
    assert char_grams("ab") == [" a", "ab", "b ", " ab", "ab ", " ab "]


def test_tokenize_matches_document_words():
    text = "U.S. officials don't say “shameful”."
    assert tokenize(text)[0] == parse(text).words


def test_save_load_round_trip_through_persistence(tmp_path):
    detector = binary_detector(marked_words=("bizarre",), marked_scores=np.array([0.8]),
                               marked_weights=np.array([1.0]))
    detector.predict_proba(["warm the lookup tables first"])
    path = save_model(Pipeline([("toy", detector)]), tmp_path / "toy.skops")
    loaded = load_model(path).steps[0][1]
    assert isinstance(loaded, LinearNgramDetector)
    sentences = ["A shameful, bizarre act", "Officials said so."]
    np.testing.assert_allclose(loaded.predict_proba(sentences), detector.predict_proba(sentences))
    assert loaded.evidence(sentences[0]) == detector.evidence(sentences[0])


def test_detector_type_is_refused_when_not_allow_listed(tmp_path, monkeypatch):
    from hypedetect import persistence

    path = save_model(Pipeline([("toy", binary_detector())]), tmp_path / "toy.skops")
    trusted = tuple(t for t in persistence.TRUSTED_TYPES if not t.endswith("LinearNgramDetector"))
    monkeypatch.setattr(persistence, "TRUSTED_TYPES", trusted)
    with pytest.raises(ModelError, match="LinearNgramDetector"):
        load_model(path)


def test_document_context_enters_the_calibration():
    detector = binary_detector(calibration=np.array([1.0, 0.0, 0.5, -2.0]))
    sentences = ["A shameful act", "nothing here"]
    scores = detector.decision_function_tokens(*_tokens_and_bounds(sentences))[:, 0]
    alone = detector.predict_proba(sentences)
    together = detector.predict_proba(sentences, document=True)
    assert alone.tolist() == pytest.approx([_sigmoid(s + 0.5 * -2.0) for s in scores])
    assert together.tolist() == pytest.approx([_sigmoid(scores[0] + 0.5 * scores[1]),
                                               _sigmoid(scores[1] + 0.5 * scores[0])])


def _tokens_and_bounds(sentences):
    words, bounds = [], []
    for sentence in sentences:
        tokens = tokenize(sentence)[0]
        bounds.append((len(words), len(words) + len(tokens)))
        words.extend(tokens)
    return words, bounds


def test_document_evidence_equals_sentence_by_sentence_evidence():
    detector = binary_detector(marked_words=("bizarre",), marked_scores=np.array([0.8]),
                               marked_weights=np.array([1.0]))
    text = "A shameful, bizarre act.\n\nOfficials said great news. Shameful shameful spin!"
    doc = parse(text)
    indices = list(range(len(doc.sentences)))
    one_by_one = [item for i in indices for item in detector.evidence(
        text[doc.sentences[i].start:doc.sentences[i].end], offset=doc.sentences[i].start)]
    assert detector.document_evidence(doc, indices) == one_by_one
    assert len(one_by_one) >= 3


@pytest.mark.parametrize("sentence, offset", [("They said it was a shameful, great news day.", 5), ("", 0)])
def test_explain_sentence_equals_probability_and_evidence_apart(sentence, offset):
    detector = binary_detector()
    probability, evidence = detector.explain_sentence(sentence, offset=offset)
    assert probability == pytest.approx(detector.predict_proba([sentence])[0])
    assert evidence == detector.evidence(sentence, offset=offset)
