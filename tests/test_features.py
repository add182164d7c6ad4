"""Tests for hypedetect.features: the feature frame, explain(), one analysis per text, added dimensions,
user lexicons routed to one dimension."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hypedetect.analysis
import hypedetect.extractors.base
import hypedetect.features
from hypedetect.analysis import Analysis
from hypedetect.errors import LexiconError
from hypedetect.extractors.base import RATE, Category, Dimension, Evidence, Extractor, Feature, per_1k
from hypedetect.features import (
    DEFAULT_EXTRACTORS,
    FeatureSet,
    default_extractors,
    explain,
    extract_features,
    feature_set,
    feature_union,
    route_lexicons,
)
from hypedetect.lexicons import Lexicon
from hypedetect.model import build_pipeline, score_texts
from hypedetect.report.build import build_report

from ._shared import REPO, require_examples

DEMO = REPO / "corpora" / "demo"


def _demo_texts():
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))}


def test_frame_has_one_row_per_text_and_all_dimensions():
    texts = pd.Series(list(_demo_texts().values()), index=["x", "y"])
    frame = extract_features(texts)
    assert list(frame.index) == ["x", "y"]
    prefixes = {column.split("__")[0] for column in frame.columns}
    assert prefixes == {cls.declaration.name for cls in DEFAULT_EXTRACTORS}
    assert np.isfinite(frame.to_numpy()).all()


def test_frame_matches_feature_union_output():
    texts = list(_demo_texts().values())
    union = feature_union().fit(texts)
    frame = extract_features(texts)
    assert list(frame.columns) == list(union.get_feature_names_out())
    np.testing.assert_allclose(frame.to_numpy(), union.transform(texts))


def test_each_text_is_parsed_and_analysed_once_for_all_extractors(monkeypatch):
    parses, analyses = [], []
    real_parse, real_analyse = hypedetect.analysis.parse, hypedetect.features.analyse
    counting_parse = lambda text: parses.append(text) or real_parse(text)  # noqa: E731
    monkeypatch.setattr(hypedetect.analysis, "parse", counting_parse)
    monkeypatch.setattr(hypedetect.extractors.base, "parse", counting_parse)
    monkeypatch.setattr(hypedetect.features, "analyse",
                        lambda text, matcher: analyses.append(real_analyse(text, matcher)) or analyses[-1])
    seen = []
    features = feature_set()
    for extractor in features.extractors_:
        score = extractor.score
        monkeypatch.setattr(extractor, "score", lambda analysis, score=score: seen.append(analysis) or score(analysis))
    texts = ["A council vote. It may pass.", "Buy now! Our groundbreaking app."]
    features.transform(texts)
    assert parses == texts and len(analyses) == 2
    assert seen == [analyses[0]] * 4 + [analyses[1]] * 4


def test_feature_set_matches_feature_union_and_standalone_extractors():
    texts = list(_demo_texts().values())
    features = FeatureSet().fit(texts)
    union = feature_union().fit(texts)
    assert list(features.get_feature_names_out()) == list(union.get_feature_names_out())
    np.testing.assert_array_equal(features.transform(texts), union.transform(texts))
    standalone = np.hstack([extractor.fit([]).transform(texts) for extractor in default_extractors()])
    np.testing.assert_array_equal(features.transform(texts), standalone)


def test_promotional_demo_outscores_the_wire_report():
    texts = _demo_texts()
    frame = extract_features(pd.Series(texts))
    promo_columns = [c for c in frame.columns if c.startswith("promotional__") and c.endswith("_per_1k")]
    totals = frame[promo_columns].sum(axis=1)
    assert totals["promotional_rewrite"] > 3 * totals["wire_report"]
    assert frame.loc["wire_report", "sourcing__attributions_per_1k"] > frame.loc[
        "promotional_rewrite", "sourcing__attributions_per_1k"
    ]


def test_explain_spans_index_the_original_text():
    text = _demo_texts()["promotional_rewrite"]
    spans = explain(text)
    assert spans, "the promotional demo must produce evidence"
    assert {span.dimension for span in spans} >= {"promotional", "hedging", "sourcing"}
    for span in spans:
        assert text[span.start : span.end] == span.text
    assert spans == sorted(spans, key=lambda s: (s.start, s.end, s.dimension, s.category))


@pytest.mark.parametrize("text", ["", "   ", "!!!", "🙂 🙃", "a"])
def test_degenerate_texts_give_finite_rows(text):
    frame = extract_features([text])
    assert np.isfinite(frame.to_numpy()).all()


GREEN_TEXT = "Our eco-friendly, carbon neutral range may ship soon."


def _greenwash(tmp_path) -> str:
    path = tmp_path / "greenwash.txt"
    path.write_text("# test lexicon\ncarbon neutral\neco-friendly\n", encoding="utf-8")
    return str(path)


def test_user_lexicon_gives_one_promotional_column(tmp_path):
    frame = extract_features([GREEN_TEXT], lexicons=[_greenwash(tmp_path)])
    user_columns = [c for c in frame.columns if "user_greenwash" in c]
    assert user_columns == ["promotional__user_greenwash_per_1k"]
    assert frame.loc[0, "promotional__user_greenwash_per_1k"] == pytest.approx(1000 * 2 / 8)
    spans = [(s.dimension, s.category, s.text) for s in explain(GREEN_TEXT, lexicons=[_greenwash(tmp_path)])]
    assert ("promotional", "user_greenwash", "eco-friendly") in spans
    assert ("promotional", "user_greenwash", "carbon neutral") in spans
    assert not any(category == "user_greenwash" and dim != "promotional" for dim, category, _ in spans)
    assert "promotional__user_greenwash_per_1k" in feature_set(lexicons=[_greenwash(tmp_path)]).summary_features()


@pytest.mark.parametrize("how", ["prefix", "pair", "lexicon"])
def test_user_lexicon_for_another_dimension(tmp_path, how):
    path = _greenwash(tmp_path)
    item = {"prefix": f"hedging:{path}", "pair": ("hedging", path),
            "lexicon": ("hedging", Lexicon("greenwash", ("carbon neutral", "eco-friendly")))}[how]
    frame = extract_features([GREEN_TEXT], lexicons=[item])
    assert [c for c in frame.columns if "user_" in c] == ["hedging__user_greenwash_per_1k"]
    assert frame.loc[0, "hedging__user_greenwash_per_1k"] > 0
    # The shipped hedging features are unchanged by the extra list.
    plain = extract_features([GREEN_TEXT])
    assert frame.loc[0, "hedging__hedges_per_1k"] == plain.loc[0, "hedging__hedges_per_1k"]
    assert {s.dimension for s in explain(GREEN_TEXT, lexicons=[item]) if s.category == "user_greenwash"} == {"hedging"}


def test_a_file_named_like_a_shipped_list_extends_it_in_every_dimension_using_it(tmp_path):
    path = tmp_path / "boosters.txt"
    path.write_text("# test lexicon\nmegafantastic\n", encoding="utf-8")
    text = "The megafantastic plan will pass."
    frame = extract_features([text], lexicons=[str(path)])
    assert list(frame.columns) == list(extract_features([text]).columns)
    assert frame.loc[0, "promotional__boosters_per_1k"] > 0 and frame.loc[0, "hedging__boosters_per_1k"] > 0
    assert route_lexicons([str(path)], [d.declaration for d in default_extractors()]) == {
        "promotional": [str(path)], "hedging": [str(path)]
    }


@pytest.mark.parametrize(("item", "reason"), [
    ("hedgin:{path}", "unknown dimension 'hedgin'"),
    ("readability:{path}", "the readability dimension takes no lexicons"),
    ("sourcing:{shipped}", "'hedges' is a shipped list that the sourcing dimension does not use"),
])
def test_user_lexicon_routing_errors(tmp_path, item, reason):
    shipped = tmp_path / "hedges.txt"
    shipped.write_text("perchance\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=reason):
        extract_features(["x"], lexicons=[item.format(path=_greenwash(tmp_path), shipped=shipped)])


def test_two_user_lexicons_of_one_name_are_refused(tmp_path):
    path = _greenwash(tmp_path)
    with pytest.raises(LexiconError, match="a second user lexicon named 'greenwash'"):
        feature_set(lexicons=[path, f"hedging:{path}"])


# --------------------------------------------------------------------------- a dimension added from outside

JARGON = Lexicon("jargon", ("synergy", "leverage", "paradigm shift"))
JARGON_DIMENSION = Dimension(
    name="jargon",
    meaning="Corporate jargon per 1,000 words.",
    colour="#117733",
    fill="#cce8d4",
    terminal_colour="blue",
    lexicons=("jargon",),
    categories=(Category("jargon", "management jargon with nothing to check", "#88ccaa", lexicon="jargon"),),
    features=(Feature("jargon_per_1k", RATE, "jargon phrases per 1,000 words", summary=1),),
)


class Jargon(Extractor):
    """A toy dimension: one lexicon category, counted per 1,000 words."""

    declaration = JARGON_DIMENSION

    def __init__(self) -> None:
        pass

    def lexicons_used(self):
        return ((JARGON.name, JARGON.entries),)

    def evidence(self, analysis):
        analysis = self.analyse(analysis)
        doc = analysis.doc
        found = []
        for match in analysis.matches_of({"jargon"}):
            start, end = doc.word_starts[match.first], doc.word_ends[match.end - 1]
            found.append(Evidence("jargon", "jargon", start, end, doc.text[start:end]))
        return found

    def features(self, analysis, evidence):
        doc = analysis.doc if isinstance(analysis, Analysis) else analysis
        return {"jargon_per_1k": per_1k(len(evidence), doc.n_words)}


JARGON_TEXTS = [
    "We leverage synergy for a paradigm shift. Our groundbreaking platform is amazing!",
    "Officials said on Tuesday the council approved the budget, according to minutes.",
    "Leverage our synergy today! Sign up now for the best deal.",
    "The minister told reporters the vote would be held next week, a spokesman said.",
]


def test_a_toy_dimension_reaches_frame_explain_model_and_report():
    extractors = [*default_extractors(), Jargon()]
    frame = extract_features(JARGON_TEXTS, extractors=extractors)
    assert frame.columns[-1] == "jargon__jargon_per_1k"
    assert frame.loc[0, "jargon__jargon_per_1k"] == pytest.approx(1000 * 3 / 12)
    assert frame.loc[1, "jargon__jargon_per_1k"] == 0
    spans = explain(JARGON_TEXTS[0], extractors=extractors)
    assert [s.text for s in spans if s.dimension == "jargon"] == ["leverage", "synergy", "paradigm shift"]

    model = build_pipeline(extractors=extractors).fit(JARGON_TEXTS * 3, [1, 0, 1, 0] * 3)
    assert "jargon__jargon_per_1k" in model["log_rates"].feature_names_in_
    assert "jargon__jargon_per_1k" in model["log_rates"].columns  # a rate: logged like every other rate
    scored = score_texts(model, JARGON_TEXTS)
    assert "jargon_score" in scored and scored["jargon_score"].abs().sum() > 0

    articles = pd.DataFrame({"id": ["a", "b", "c", "d"], "text": JARGON_TEXTS, "source": ["p", "n", "p", "n"]})
    page = build_report(articles, model)
    assert "management jargon with nothing to check" in page
    assert "#88ccaa" in page


def test_examples_002_far_more_promotional_than_000():
    folder = require_examples()
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in Path(folder).glob("00*.txt")}
    frame = extract_features(pd.Series(texts))
    promo_columns = [c for c in frame.columns if c.startswith("promotional__") and c.endswith("_per_1k")]
    totals = frame[promo_columns].sum(axis=1)
    assert totals["002"] > 3 * totals["000"]
    assert frame.loc["002", "promotional__promotional_block_share"] > 0.05
    assert frame.loc["000", "promotional__promotional_block_share"] == 0
