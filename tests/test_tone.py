"""Tests for hypedetect.tone: the tone face's labelled articles (needs the shared corpora)."""

import pytest

from hypedetect.tone import TONE_CORPORA, tone_frame

from ._shared import require_corpora


@pytest.fixture(scope="module")
def frame():
    return tone_frame(require_corpora())


def test_every_tone_article_has_a_verdict_and_a_source(frame):
    assert set(frame["corpus"]) == set(TONE_CORPORA)
    assert set(frame["tone"]) == {0, 1}
    assert frame["group"].str.startswith(tuple(f"{c}:" for c in TONE_CORPORA)).all()
    assert frame["id"].is_unique


def test_tone_verdicts_match_the_corpus_cards(frame):
    # FakeHealth: HNR rated 591 releases' wording, 222 of them sensational; SemEval-2019 by-article set:
    # 645 articles, 238 hyperpartisan (fewer here after the 50-word floor and the English check).
    fakehealth = frame[frame["corpus"] == "fakehealth_release_vs_story"]
    hyper = frame[frame["corpus"] == "hyperpartisan_semeval19"]
    assert 550 <= len(fakehealth) <= 591 and 200 <= fakehealth["tone"].sum() <= 222
    assert 550 <= len(hyper) <= 645 and 180 <= hyper["tone"].sum() <= 238
