"""Tests for hypedetect.extractors.hedging: hedges, boosters, weasel words, conditionals."""

import importlib.util
import math
import time
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone

from hypedetect.document import parse
from hypedetect.extractors.base import per_1k
from hypedetect.extractors.hedging import NEUTRAL_HEDGE_BOOSTER_RATIO, Hedging
from hypedetect.lexicons import Lexicon

from .._shared import require_corpora as _require_corpora
from .._shared import require_examples as _require_examples

REPO = Path(__file__).resolve().parents[2]

#: Measured with `python benchmarks/hedge_eval.py` (held-out documents, 4,676 sentences, 748 uncertain):
#: Hedging P 0.819 / R 0.916 / F1 0.865; 25-word baseline P 0.734 / R 0.750 / F1 0.742.
HELD_OUT_F1_FLOOR = 0.80
BASELINE_HELD_OUT_F1 = 0.742


@pytest.fixture(scope="module")
def hedging():
    """Return an extractor fitted with the shipped lexicons only."""
    return Hedging().fit(["warm-up"])


def _spans(extractor, text, category):
    return [item.text for item in extractor.evidence(parse(text)) if item.category == category]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It is unclear whether the deal will close.", ["It is unclear", "whether"]),
        ("Prices may rise next year.", ["may"]),
        ("The drug might possibly help some patients.", ["might", "possibly"]),
        ("The painting is believed to be a forgery.", ["believed"]),
        ("He is widely regarded as the best player.", ["regarded"]),
        ("The suspect allegedly fled the scene.", ["allegedly"]),
        ("The results suggest that the effect appears to be small.", ["suggest", "appears to"]),
        ("It remains to be seen how investors react.", ["remains to be seen"]),
        ("The ruins are thought to date from Roman times.", ["thought to"]),
        ("The cause is not known.", ["not known"]),
        ("May it last.", ["May"]),
        ("PRICES MAY FALL", ["MAY"]),
    ],
)
def test_hedges_are_found(hedging, text, expected):
    """Epistemic modals, verbs, adverbs and phrases are hedge spans, in text order."""
    assert _spans(hedging, text, "hedge") == expected


@pytest.mark.parametrize(
    "text",
    [
        "The company said revenue rose 5%.",
        "On May 20, 1983, Witherspoon fought Larry Holmes.",
        "The store opened in May.",
        "Theresa May visited Brussels.",
        "MAY 2024: results",
        "May I ask a question? Could you send the file?",
        "He could not swim, so he stayed home.",
        "A think tank published the report.",
        "It belongs to a school of thought from Vienna.",
        "He acted as if nothing had happened.",
        "There is no doubt about the figures.",
        "The band would later tour Japan.",
        "She appeared in three films.",
    ],
)
def test_no_hedge_in_plain_or_misleading_text(hedging, text):
    """Dates, names, requests, ability, compounds and narrative modals are not hedges."""
    assert _spans(hedging, text, "hedge") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The results clearly demonstrate the benefit.", ["clearly", "demonstrate"]),
        ("This is undoubtedly the best phone ever made.", ["undoubtedly"]),
        ("There is no doubt the plan works.", ["There is no doubt"]),
        ("It is obvious that prices will fall.", ["It is obvious that"]),
        ("Of course, the deal is guaranteed.", ["Of course", "guaranteed"]),
    ],
)
def test_boosters_are_found(hedging, text, expected):
    """Certainty markers are booster spans."""
    assert _spans(hedging, text, "booster") == expected


@pytest.mark.parametrize(
    ("text", "hedges", "boosters"),
    [
        ("It is almost certainly true.", ["almost certainly"], []),
        ("There is no doubt it works.", [], ["There is no doubt"]),
        ("Without a doubt, sales doubled.", [], ["Without a doubt"]),
    ],
)
def test_the_longer_phrase_decides_between_hedge_and_booster(hedging, text, hedges, boosters):
    """"almost certainly" hedges; "no doubt" boosts and hides its "doubt"."""
    assert _spans(hedging, text, "hedge") == hedges
    assert _spans(hedging, text, "booster") == boosters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Some experts believe the plan will fail.", ["Some experts"]),
        ("Many believe the tower is haunted.", ["Many believe"]),
        ("It is widely thought to be a fake.", ["widely thought"]),
        ("Critics say the law goes too far.", ["Critics say"]),
        ("It has been suggested that the map is a forgery.", ["It has been suggested"]),
        ("Research has shown that coffee is healthy.", ["Research has shown"]),
        ("It is arguably the finest bridge in Europe.", ["arguably"]),
    ],
)
def test_weasel_words_are_found(hedging, text, expected):
    """Vague crowds and impersonal attributions are weasel spans."""
    assert _spans(hedging, text, "weasel") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("If it rains, the match is off.", ["If"]),
        ("The loan is void unless it is signed.", ["unless"]),
        ("Staff may stay provided that they register.", ["provided that"]),
        ("He will sign only if the price falls.", ["only if"]),
        ("The company reported higher profit.", []),
    ],
)
def test_conditionals_are_found(hedging, text, expected):
    """Conditional subordinators are conditional spans."""
    assert _spans(hedging, text, "conditional") == expected


def test_feature_names_and_their_order(hedging):
    """The six shipped features come in a fixed order, prefixed in the output."""
    assert hedging.feature_names() == [
        "hedges_per_1k",
        "boosters_per_1k",
        "hedge_booster_ratio",
        "weasel_per_1k",
        "conditional_sentence_share",
        "speculative_sentence_share",
    ]
    assert list(hedging.get_feature_names_out())[0] == "hedging__hedges_per_1k"


@pytest.mark.parametrize(
    ("text", "ratio"),
    [
        ("The council met on Tuesday.", NEUTRAL_HEDGE_BOOSTER_RATIO),
        ("Prices may rise.", 1.0),
        ("Prices will certainly rise.", 0.0),
        ("Prices may rise; they will certainly not fall.", 0.5),
    ],
)
def test_hedge_booster_ratio(hedging, text, ratio):
    """The ratio is hedges / (hedges + boosters), neutral when both are absent."""
    assert hedging.score(parse(text))["hedge_booster_ratio"] == ratio


def test_sentence_shares_count_sentences_not_spans(hedging):
    """Two hedges in one sentence count that sentence once."""
    text = "Prices may rise, perhaps sharply. The council met. If it rains, we stay. It might."
    values = hedging.score(parse(text))
    assert values["speculative_sentence_share"] == pytest.approx(2 / 4)
    assert values["conditional_sentence_share"] == pytest.approx(1 / 4)


def test_user_lexicon_adds_a_feature(tmp_path):
    """A user file becomes category user_<name> with its own rate."""
    path = tmp_path / "jargon.txt"
    path.write_text("# test list, hypedetect authors 2026\nsynergy\nmove the needle\n", encoding="utf-8")
    extractor = Hedging(lexicons=[str(path)]).fit(["warm-up"])
    assert extractor.feature_names()[-1] == "user_jargon_per_1k"
    assert "hedging__user_jargon_per_1k" in extractor.get_feature_names_out()
    doc = parse("Synergy will move the needle, and synergy wins.")
    assert _spans(extractor, doc.text, "user_jargon") == ["Synergy", "move the needle", "synergy"]
    assert extractor.score(doc)["user_jargon_per_1k"] == per_1k(3, doc.n_words)


def test_user_lexicon_named_like_a_shipped_one_extends_it():
    """A user lexicon called hedges adds entries instead of a feature."""
    extra = Lexicon("hedges", ("kind of",))
    extractor = Hedging(lexicons=[extra]).fit(["warm-up"])
    assert _spans(extractor, "It is kind of broken.", "hedge") == ["kind of"]
    assert not [name for name in extractor.feature_names() if name.startswith("user_")]


FEATURE_TEXTS = [
    "",
    "!!!",
    "🚀🚀🚀 🔥",
    "It is unclear whether the deal will close. Critics say it could fail; it is almost certainly delayed.",
    "Some experts believe prices may rise if demand holds. Undoubtedly, this proves the plan works.",
    "Viral Phrases:\n- may the best win\n- if you dare\n- no doubt the best\n\nThe firm said it may sell.",
]


@pytest.mark.parametrize("text", FEATURE_TEXTS)
def test_features_are_reproducible_from_evidence(hedging, text):
    """Every rate and share is recomputed from the evidence and document counts."""
    doc = parse(text)
    evidence = hedging.evidence(doc)
    values = hedging.features(doc, evidence)
    count = {c: sum(e.category == c for e in evidence) for c in ("hedge", "booster", "weasel")}
    assert values["hedges_per_1k"] == per_1k(count["hedge"], doc.n_words)
    assert values["boosters_per_1k"] == per_1k(count["booster"], doc.n_words)
    assert values["weasel_per_1k"] == per_1k(count["weasel"], doc.n_words)
    body = [i for i, sentence in enumerate(doc.sentences) if sentence.kind != "block"]

    def share(category):
        hit = {doc.sentence_at(e.start) for e in evidence if e.category == category} & set(body)
        return len(hit) / len(body) if body else 0.0

    assert values["speculative_sentence_share"] == share("hedge")
    assert values["conditional_sentence_share"] == share("conditional")
    for item in evidence:
        assert doc.text[item.start : item.end] == item.text
        assert item.dimension == "hedging"


@pytest.mark.parametrize("text", FEATURE_TEXTS)
def test_every_value_is_finite(hedging, text):
    """Empty, punctuation-only and emoji texts give finite values in range."""
    values = hedging.score(parse(text))
    assert set(values) == set(hedging.feature_names())
    assert all(math.isfinite(value) for value in values.values())
    assert all(0.0 <= values[name] <= 1.0 for name in values if "share" in name or "ratio" in name)


def test_transform_matches_score_and_survives_clone(hedging):
    """The sklearn transform equals score() row by row, after clone and refit."""
    matrix = clone(hedging).fit(FEATURE_TEXTS).transform(FEATURE_TEXTS)
    assert matrix.shape == (len(FEATURE_TEXTS), len(hedging.feature_names()))
    assert np.isfinite(matrix).all()
    expected = [hedging.score(parse(text))["hedges_per_1k"] for text in FEATURE_TEXTS]
    np.testing.assert_allclose(matrix[:, 0], expected)


def test_promotional_rewrite_boosts_more_than_the_news_report(hedging):
    """The promotional rewrite of the shared story boosts more than the news version."""
    examples = _require_examples()
    news = parse(next(examples.glob("000_*.txt")).read_text(encoding="utf-8"))
    promo = parse(next(examples.glob("002_*.txt")).read_text(encoding="utf-8"))
    news_values, promo_values = hedging.score(news), hedging.score(promo)
    assert promo_values["boosters_per_1k"] > news_values["boosters_per_1k"]
    assert promo_values["hedge_booster_ratio"] < news_values["hedge_booster_ratio"]


def _load_hedge_eval():
    spec = importlib.util.spec_from_file_location("hedge_eval", REPO / "benchmarks" / "hedge_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_baseline_regex_has_the_25_words():
    """The benchmark baseline is the 25-word modal/doxastic regex."""
    hedge_eval = _load_hedge_eval()
    assert len(set(hedge_eval.BASELINE_WORDS)) == 25
    assert hedge_eval.baseline_predicts("It may rain.") and not hedge_eval.baseline_predicts("It rained.")


@pytest.mark.parametrize(
    ("predictions", "labels", "expected"),
    [
        ([True, True, False, False], [True, False, True, False], (0.5, 0.5, 0.5)),
        ([False, False], [True, False], (0.0, 0.0, 0.0)),
        ([True, True], [True, True], (1.0, 1.0, 1.0)),
    ],
)
def test_score_table(predictions, labels, expected):
    """Precision, recall and F1 of the uncertain class, with zero guards."""
    scores = _load_hedge_eval().score(predictions, labels)
    assert (scores.precision, scores.recall, scores.f1) == pytest.approx(expected)


def test_wikiweasel_held_out_f1_beats_the_baseline():
    """Held-out WikiWeasel F1 reaches the floor and beats the regex baseline (see the module constants)."""
    corpora = _require_corpora()
    hedge_eval = _load_hedge_eval()
    path = corpora / hedge_eval.CORPUS_FILE
    assert path.is_file(), f"{path} missing from the shared corpora"
    started = time.perf_counter()
    results = hedge_eval.evaluate(hedge_eval.load_body_sentences(path))
    elapsed = time.perf_counter() - started
    ours, baseline = results["held_out", "hedging"], results["held_out", "baseline"]
    assert ours.n_sentences == baseline.n_sentences == 4676
    assert baseline.f1 == pytest.approx(BASELINE_HELD_OUT_F1, abs=0.005)
    assert ours.f1 >= HELD_OUT_F1_FLOOR
    assert ours.f1 > baseline.f1 + 0.05
    assert ours.precision > baseline.precision and ours.recall > baseline.recall
    assert elapsed < 30.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the noun: after a determiner or possessive, or before no verb
        ("China's manufacturing might is growing.", []),
        ("The country's military might.", []),
        ("They admired the might of Rome and fought with all its might.", []),
        ("Its economic might, analysts say, is waning.", []),
        # the modal: after a subject, before a verb, or ending a clause after a pronoun
        ("The plant might close next year.", ["might"]),
        ("Officials said it might.", ["might"]),
        ("Prices might, however, rise.", ["might"]),
        ("Manufacturing might slow down in the spring.", ["might"]),
    ],
)
def test_might_as_a_noun_is_not_a_hedge(hedging, text, expected):
    """ "Might" hedges as a modal, not as the noun for power ("manufacturing might")."""
    assert _spans(hedging, text, "hedge") == expected
