"""Tests for hypedetect.model: sign constraints, calibration, contributions, scoring."""

import numpy as np
import pandas as pd
import pytest

from hypedetect.model import LogRates, SignedLogisticRegression, build_pipeline, contributions, score_texts
from hypedetect.persistence import load_model

PROMO = [
    "We are thrilled to announce our groundbreaking, world-class platform! Sign up today.",
    "Our award-winning team is proud to unveil a revolutionary product that will transform your life.",
    "Acme today announced its best-in-class solution, a game changer for customers everywhere!",
]
NEWS = [
    "The council voted 7-2 on Tuesday to approve the budget, officials said, according to minutes.",
    "Revenue fell 3% to $4.2 million, the company said in a filing. Analysts said demand was weak.",
    "Police said two people were injured. “It was chaos,” said Jane Doe, a witness, who was not hurt.",
]
TEXTS = (PROMO + NEWS) * 4
LABELS = np.array(([1] * 3 + [0] * 3) * 4)
GROUPS = np.arange(len(TEXTS)) % 8


@pytest.fixture(scope="module")
def model():
    return build_pipeline().fit(TEXTS, LABELS, classifier__groups=GROUPS)


def test_log_rates_only_touches_the_columns_it_is_given():
    frame = pd.DataFrame({"a__x_per_1k": [0.0, 9.0], "b__distinct_sources": [3.0, 0.0], "c__share": [0.5, 0.9]})
    log_rates = LogRates(columns=("a__x_per_1k", "b__distinct_sources"))
    out = log_rates.set_output(transform="pandas").fit(frame).transform(frame)
    assert out["a__x_per_1k"].tolist() == pytest.approx([0.0, np.log(10.0)])
    assert out["b__distinct_sources"].tolist() == pytest.approx([np.log(4.0), 0.0])
    assert out["c__share"].tolist() == [0.5, 0.9]
    with pytest.raises(ValueError, match="not in the input: z"):
        LogRates(columns=("z",)).fit(frame)


def test_logged_columns_come_from_the_declared_kinds(model):
    logged = set(model["log_rates"].columns)
    kinds = model["features"].features()
    assert logged == {name for name, feature in kinds.items() if feature.kind in ("rate", "count") and feature.modelled}
    assert "sourcing__distinct_sources" in logged and "promotional__positivity" not in logged
    assert "readability__flesch_kincaid_grade" not in logged


def test_shipped_model_logs_exactly_its_declared_rates():
    shipped = load_model()
    assert shipped["log_rates"].rate_mask_.tolist() == [
        name in set(shipped["features"].logged_features()) for name in shipped["columns"].columns
    ]


def test_the_model_reads_two_readability_features_and_no_formula(model):
    read = [name for name in model["columns"].columns if name.startswith("readability__")]
    assert read == ["readability__mean_sentence_length", "readability__long_word_share"]
    assert "readability__gunning_fog" in model["features"].get_feature_names_out()  # still shown
    assert not any(name.startswith("contribution__readability__gunning") for name in
                   score_texts(model, NEWS[:1], with_contributions=True).columns)


def test_nonnegative_coefficients_hold_even_against_the_data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2))
    y = (x[:, 0] < 0).astype(int)  # the "promotional" column predicts the *other* class
    frame = pd.DataFrame(x, columns=["promotional__x_per_1k", "sourcing__y"])
    free = SignedLogisticRegression(nonnegative=()).fit(frame, y)
    signed = SignedLogisticRegression().fit(frame, y)
    assert free.coef_[0] < -1
    assert signed.coef_[0] >= 0
    assert signed.nonnegative_mask_.tolist() == [True, False]


def test_calibrated_probabilities_match_base_rate_on_noise():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(rng.normal(size=(400, 3)), columns=["a", "b", "c"])
    y = (rng.random(400) < 0.25).astype(int)
    p = SignedLogisticRegression().fit(frame, y).predict_proba(frame)[:, 1]
    assert abs(p.mean() - y.mean()) < 0.05


def test_model_separates_promotional_from_news(model):
    p = model.predict_proba(PROMO + NEWS)[:, 1]
    assert p[:3].min() > p[3:].max()


def test_contributions_sum_to_the_log_odds(model):
    frame = contributions(model, PROMO + NEWS)
    log_odds = frame.sum(axis=1).to_numpy() + model[-1].base_log_odds_
    p = model.predict_proba(PROMO + NEWS)[:, 1]
    np.testing.assert_allclose(1 / (1 + np.exp(-log_odds)), p, rtol=1e-9)


def test_score_texts_has_probability_dimensions_and_features(model):
    scored = score_texts(model, PROMO[:1] + NEWS[:1], with_contributions=True)
    assert list(scored.columns[:7]) == [
        "promotional_probability", "release_probability", "tone_probability",
        "promotional_score", "hedging_score", "sourcing_score", "readability_score"
    ]
    # Without a tone face the combined probability is the provenance face's.
    np.testing.assert_allclose(scored["promotional_probability"], scored["release_probability"])
    assert "promotional__puffery_per_1k" in scored and "contribution__promotional__puffery_per_1k" in scored
    dims = scored[["promotional_score", "hedging_score", "sourcing_score", "readability_score"]].sum(axis=1)
    contribution_total = scored.filter(like="contribution__").sum(axis=1)
    np.testing.assert_allclose(dims, contribution_total)
    assert scored.loc[0, "promotional_probability"] > scored.loc[1, "promotional_probability"]


def test_score_texts_of_nothing_is_an_empty_frame(model):
    assert score_texts(model, []).empty
