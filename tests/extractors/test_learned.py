"""Tests for hypedetect.extractors.learned: detector-backed dimensions in the feature set and the model."""

import numpy as np
import pytest

from hypedetect.extractors.learned import ClaimStrength, Headline, LoadedLanguage
from hypedetect.features import FeatureSet, default_extractors
from hypedetect.model import build_pipeline, score_texts

from ..detectors._make import binary_detector, claims_detector

TEXT = ("Shameful scenes in the city\n\nThe mayor called the plan shameful. Officials said the budget passed. "
        "Smoking causes cancer, the report said.")


def _learned():
    return [LoadedLanguage(detector=binary_detector(name="loaded")),
            Headline(detector=binary_detector(name="headline")), ClaimStrength(detector=claims_detector())]


def test_a_learned_dimension_cannot_be_fitted_without_its_detector():
    with pytest.raises(ValueError, match="loaded dimension needs a fitted detector"):
        LoadedLanguage().fit([])


def test_learned_features_join_the_frame_and_each_is_backed_by_evidence():
    features = FeatureSet(extractors=[*default_extractors(), *_learned()]).fit([])
    names = list(features.get_feature_names_out())
    assert names[-6:] == ["loaded__loaded_language_rate", "loaded__loaded_sentence_share",
                          "loaded__loaded_words_per_1k", "headline__headline_clickbait_probability",
                          "claims__strong_causal_claim_share", "claims__unhedged_strong_claim_share"]
    row = dict(zip(names, features.transform([TEXT])[0], strict=True))
    evidence = features.explain(TEXT)
    loaded = [e for e in evidence if e.dimension == "loaded"]
    assert any(e.text == "shameful" for e in loaded) and {e.category for e in loaded} <= {"loaded_wording",
                                                                                         "biased_word"}
    assert row["loaded__loaded_words_per_1k"] > 0
    claims = [e for e in evidence if e.dimension == "claims"]
    assert [e.category for e in claims] == ["direct_causal_unhedged"] and "causes" in claims[0].text
    assert row["claims__strong_causal_claim_share"] == pytest.approx(1 / 4)  # the title counts as a sentence
    headline = [e for e in evidence if e.dimension == "headline"]
    assert headline and all(e.end <= len("Shameful scenes in the city") for e in headline)
    assert 0.5 < row["headline__headline_clickbait_probability"] < 1.0


def test_every_learned_category_is_declared():
    for extractor in _learned():
        declared = {category.name for category in extractor.categories()}
        found = {e.category for e in extractor.fit([]).evidence(TEXT)}
        assert found <= declared, extractor.dimension


def test_score_texts_carries_the_loaded_language_rate_face_column():
    texts = [TEXT, "The council met on Tuesday. Officials said the vote was delayed to May."] * 6
    labels = np.array([1, 0] * 6)
    model = build_pipeline(extractors=[*default_extractors(), *_learned()]).fit(
        texts, labels, classifier__groups=np.arange(12) % 6)
    scored = score_texts(model, texts[:2])
    assert list(scored.columns[:4]) == ["promotional_probability", "release_probability", "tone_probability",
                                        "loaded_language_rate"]
    np.testing.assert_allclose(scored["loaded_language_rate"], scored["loaded__loaded_language_rate"])
    assert {"loaded_score", "headline_score", "claims_score"} <= set(scored.columns)


@pytest.mark.parametrize("text", [TEXT, "```\ncode\n```", "Officials said the budget passed on Tuesday."])
def test_score_gives_the_features_the_evidence_path_gives(text):
    # ``score`` (what ``transform`` calls) may skip building evidence; its values must not change.
    for extractor in _learned():
        extractor = extractor.fit([])
        analysis = extractor.analyse(text)
        assert extractor.score(analysis) == extractor.features(analysis, extractor.evidence(analysis))


def test_a_feature_sets_loaded_and_claims_extractors_share_one_pass_and_give_the_same_frame():
    texts = [TEXT, "It may be associated with cancer. Officials said so.", ""]
    shared = FeatureSet(extractors=[*default_extractors(), *_learned()]).fit([])
    frame = shared.transform(texts)
    loaded, headline, claims = shared.extractors_[-3:]
    assert loaded._bank[0] is claims._bank[0] and "_bank" not in headline.__dict__
    assert "_bank" not in loaded.__getstate__()
    alone = [extractor.fit([]) for extractor in _learned()]
    rows = [[extractor.score(text)[name] for extractor in alone for name in extractor.feature_names()]
            for text in texts]
    np.testing.assert_allclose(frame[:, -6:], np.asarray(rows), rtol=0, atol=1e-12)
