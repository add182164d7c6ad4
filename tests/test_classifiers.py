"""Tests for hypedetect.classifiers: the two faces and how they combine."""

import numpy as np
import pandas as pd
import pytest

from hypedetect.classifiers import TwoFaceClassifier

RNG = np.random.default_rng(0)
N = 400
COLUMNS = ["promotional__hype_per_1k", "loaded__loaded_sentence_share", "sourcing__quotes_per_1k"]


def _data():
    x = pd.DataFrame(RNG.normal(size=(N, 3)), columns=COLUMNS)
    release = (x["sourcing__quotes_per_1k"] + 0.3 * RNG.normal(size=N) < 0).astype(int).to_numpy()
    tone = (x["promotional__hype_per_1k"] + x["loaded__loaded_sentence_share"] + 0.3 * RNG.normal(size=N) > 0)
    return x, release, tone.astype(int).to_numpy()


@pytest.fixture(scope="module")
def fitted():
    x, release, tone = _data()
    classifier = TwoFaceClassifier().fit(x, release, groups=np.arange(N) % 10)
    return classifier, x, release, tone


def test_before_the_tone_face_is_fitted_the_model_is_its_provenance_face(fitted):
    classifier, x, _, _ = fitted
    faces = classifier.face_probabilities(x)
    np.testing.assert_allclose(faces["promotional_probability"], faces["release_probability"])
    assert (faces["tone_probability"] == 0).all()


def test_the_tone_face_reads_only_its_dimensions_and_never_weighs_against_hype(fitted):
    classifier, x, release, tone = fitted
    classifier.fit_tone(x, tone, groups=np.arange(N) % 10)
    assert classifier.tone_columns_.tolist() == ["promotional__hype_per_1k", "loaded__loaded_sentence_share"]
    assert (classifier.tone_.coef_ >= 0).all()
    p = classifier.face_probabilities(x)["tone_probability"]
    assert p[tone == 1].mean() > p[tone == 0].mean() + 0.3


def test_the_combination_is_monotone_and_its_contributions_sum_to_its_log_odds(fitted):
    classifier, x, release, tone = fitted
    classifier.fit_tone(x, tone, groups=np.arange(N) % 10)
    r, t = classifier.face_log_odds(x)
    classifier.fit_combination(r, t, np.maximum(release, tone))
    a, b, _ = classifier.combination_
    assert a > 0 and b > 0
    faces = classifier.face_probabilities(x)
    log_odds = classifier.contributions(x).sum(axis=1) + classifier.base_log_odds_
    np.testing.assert_allclose(1 / (1 + np.exp(-log_odds)), faces["promotional_probability"], rtol=1e-9)
    hyped = x.copy()
    hyped["promotional__hype_per_1k"] += 2.0
    assert (classifier.face_probabilities(hyped)["promotional_probability"]
            >= faces["promotional_probability"] - 1e-12).all()


def test_a_combination_cannot_weigh_a_face_negatively():
    classifier = TwoFaceClassifier()
    r = RNG.normal(size=200)
    classifier.fit_combination(r, -r, (r > 0).astype(int))  # the tone input predicts the other class
    assert classifier.combination_[1] == pytest.approx(0.0, abs=1e-8)
