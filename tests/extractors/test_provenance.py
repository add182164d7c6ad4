"""Tests for hypedetect.extractors.provenance: the style score and signals as a dimension, with evidence."""

import numpy as np
import pytest

from hypedetect.document import parse
from hypedetect.extractors.provenance import Provenance
from hypedetect.features import FeatureSet, default_extractors
from hypedetect.provenance.style import count_styles, fit_style, style_log_odds

RELEASES = [f"We are pleased to announce that our team will launch {name} today. For more information, visit us."
            for name in ("Acme", "Zeta", "Orbit", "Nimbus", "Vertex", "Quanta")]
NEWS = [f"The council voted on Tuesday, officials said. {name} was not available for comment, a spokesman said."
        for name in ("Smith", "Jones", "Brown", "Khan", "Garcia", "Lee")]


@pytest.fixture(scope="module")
def fitted():
    docs = [parse(text) for text in RELEASES + NEWS]
    counted = count_styles(docs)
    y = np.array([1] * 6 + [0] * 6)
    weights = fit_style(counted, np.arange(12), y, min_df=2)
    extractor = Provenance(vocabulary=weights.vocabulary, weights=weights.weights, intercept=weights.intercept)
    return extractor.fit([]), weights, counted


def test_without_a_style_model_the_dimension_has_its_signals_only():
    names = list(Provenance().fit([]).get_feature_names_out())
    assert "provenance__style_log_odds" not in names and "provenance__attributed_quote_share" in names
    evidence = Provenance().fit([]).evidence('"We will win this," she said. I think so.')
    assert {e.category for e in evidence} == {"attributed_quote", "first_person_singular"}
    with pytest.raises(ValueError, match="needs both its vocabulary and its weights"):
        Provenance(vocabulary=np.array(["w:we"])).fit([])


def test_one_articles_style_score_equals_the_batch_score(fitted):
    extractor, weights, counted = fitted
    batch = style_log_odds(weights, counted)
    single = [extractor.score(text)["style_log_odds"] for text in RELEASES + NEWS]
    np.testing.assert_allclose(single, batch, rtol=1e-6)
    assert min(single[:6]) > 0 > max(single[6:])


def test_style_evidence_is_phrases_of_the_text_and_topic_words_are_masked(fitted):
    extractor, _, _ = fitted
    text = "We are pleased to announce that our lab will launch Helios today."
    evidence = extractor.evidence(text)
    style = [e for e in evidence if e.category == "release_style"]
    assert style and all(text[e.start:e.end] == e.text for e in style)
    # A release about a new product scores the same whatever the product is called.
    other = text.replace("Helios", "Borealis")
    assert extractor.score(text)["style_log_odds"] == pytest.approx(extractor.score(other)["style_log_odds"])


def test_provenance_columns_join_the_feature_frame(fitted):
    extractor, _, _ = fitted
    features = FeatureSet(extractors=[*default_extractors(), extractor]).fit([])
    names = list(features.get_feature_names_out())
    assert names[-6:] == ["provenance__style_log_odds", "provenance__first_person_singular_outside_quotes_per_1k",
                          "provenance__self_description_per_1k", "provenance__forward_looking_per_1k",
                          "provenance__statement_formula_per_1k", "provenance__attributed_quote_share"]
    row = dict(zip(names, features.transform([NEWS[0]])[0], strict=True))
    assert row["provenance__attributed_quote_share"] == 0.0  # no quotation of 3+ words
