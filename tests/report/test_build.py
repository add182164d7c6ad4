"""Tests for hypedetect.report.build: the page from read articles, with or without a model."""

import pandas as pd
import pytest

from hypedetect.lexicons import Lexicon
from hypedetect.persistence import load_model
from hypedetect.report import build_report

ARTICLES = pd.DataFrame({
    "id": ["green", "plain"],
    "source": ["Gazette", "Ledger"],
    "text": ["Our eco-friendly range may ship soon, officials said. The firm said it is carbon neutral.",
             "The council approved the budget on Tuesday, officials said, after a long debate."],
})
GREEN = Lexicon("greenwash", ("eco-friendly", "carbon neutral"))


def test_without_a_model_the_page_has_evidence_and_feature_values_but_no_probability():
    page = build_report(ARTICLES, None, lexicons=[("hedging", GREEN)])
    assert "No model was used: this report shows the evidence" in page
    assert 'data-cat="user_greenwash"' in page and "eco-friendly</mark>" in page
    assert page.count('<details class="feature-values">') == 2
    assert "hedging: user greenwash per 1,000 words" in page
    assert "promotional probability</dt>" not in page and "Why this probability" not in page
    assert "No model was used for this page, so there is no model card." in page
    assert "No model card was given" not in page



def test_without_a_model_a_story_of_two_articles_has_no_verdict_and_says_why():
    same_story = pd.concat([ARTICLES.iloc[:1], ARTICLES.iloc[:1].assign(id="copy", source="Ledger")])
    page = build_report(same_story, None)
    assert "No model was used, so no verdict: compare the evidence and feature values." in page
    assert "Most promotional" not in page and "Dimension scores</h4>" not in page


def test_with_a_model_the_page_has_probabilities_and_no_feature_table():
    page = build_report(ARTICLES, load_model())
    assert "promotional probability</dt>" in page and "No model was used" not in page
    assert '<details class="feature-values">' not in page


def test_lexicons_need_no_model():
    with pytest.raises(ValueError, match="model=None"):
        build_report(ARTICLES, load_model(), lexicons=[GREEN])
