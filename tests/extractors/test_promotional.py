"""Tests for hypedetect.extractors.promotional: what is counted, what is not, and the numbers behind it."""

import csv
import gzip
import json
import math
import re
import statistics
from itertools import islice

import pytest

from hypedetect.document import PROMOTIONAL_BLOCK_KINDS, parse
from hypedetect.extractors.base import per_1k
from hypedetect.extractors.promotional import LEXICON_CATEGORIES, PromotionalLanguage, positive_valence
from hypedetect.lexicons import load_lexicon

from .._shared import require_corpora as _require_corpora
from .._shared import require_examples

#: Rates that measure promotional style (summed for the example and corpus comparisons).
PROMOTIONAL_RATES = [
    "puffery_per_1k",
    "superlatives_per_1k",
    "hype_adjectives_per_1k",
    "intensifiers_per_1k",
    "calls_to_action_per_1k",
    "clickbait_per_1k",
    "exclamations_per_1k",
    "rhetorical_questions_per_1k",
    "second_person_per_1k",
    "speculative_future_per_1k",
]
RULE_FEATURES = {"exclamation": "exclamations_per_1k", "rhetorical_question": "rhetorical_questions_per_1k"}


@pytest.fixture(scope="module")
def extractor():
    """Return a fitted extractor with the shipped lexicons."""
    return PromotionalLanguage().fit(["x"])


def _found(extractor, text, category):
    return [e.text for e in extractor.evidence(parse(text)) if e.category == category]


def _recompute(extractor, doc, evidence):
    """Recompute every feature from the evidence list and document counts alone."""
    n_words = doc.n_words
    values = {}
    for name in extractor.feature_names():
        if name == "promotional_block_share":
            words = sum(doc.words_between(e.start, e.end) for e in evidence if e.category == "promotional_block")
            values[name] = words / n_words if n_words else 0.0
        elif name == "positivity":
            valence = sum(positive_valence(e.text) for e in evidence if e.category == "positive_word")
            values[name] = per_1k(valence, n_words)
        else:
            category = {v: k for k, v in RULE_FEATURES.items()}.get(name, name.removesuffix("_per_1k"))
            values[name] = per_1k(sum(e.category == category for e in evidence), n_words)
    return values


# --------------------------------------------------------------------------- what each category counts

@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("The legendary, world-class chef runs an iconic restaurant.", "puffery",
         ["legendary", "world-class", "iconic"]),
        ("Acme is a leading provider of cutting-edge, state-of-the-art tools.", "puffery",
         ["leading", "cutting-edge", "state-of-the-art"]),
        ("The firm is the premier provider of unparalleled service.", "puffery", ["premier provider", "unparalleled"]),
        ("Their groundbreaking app will revolutionize banking.", "puffery", ["groundbreaking", "revolutionize"]),
        ("It was an outstanding achievement.", "puffery", ["outstanding"]),
        ("Acme, a leading\nprovider of tools, said so.", "puffery", ["leading"]),
        ("Foxconn is the world's largest electronics maker.", "superlatives", ["largest"]),
        ("It is the most valuable and least expensive option.", "superlatives", ["most valuable", "least expensive"]),
        ("The best and brightest came.", "superlatives", ["best", "brightest"]),
        ("A novel, robust and transformative method.", "hype_adjectives", ["robust", "transformative"]),
        ("A novel approach to an unprecedented, critical problem.", "hype_adjectives",
         ["novel", "unprecedented", "critical"]),
        ("The results are remarkable and promising.", "hype_adjectives", ["remarkable", "promising"]),
        ("This clearly shows that it will certainly work.", "boosters", ["clearly", "shows that", "will certainly"]),
        ("It is very fast and extremely cheap, incredibly so.", "intensifiers", ["very", "extremely", "incredibly"]),
        ("Sign up today. Click here to learn more.", "calls_to_action", ["Sign up today", "Click here"]),
        ("For details, visit our website or contact us today.", "calls_to_action",
         ["For details", "visit our", "contact us today"]),
        ("Don't miss out! Subscribe now.", "calls_to_action", ["Don't miss out", "Subscribe now"]),
        ("You won't believe what happened next.", "clickbait", ["You won't believe", "what happened next"]),
        ("Here's why it matters: 7 things you need to know.", "clickbait", ["Here's why", "things you need to know"]),
        ("The firm is poised to reshape the industry and usher in a new era.", "speculative_future",
         ["poised to", "usher in", "new era"]),
        ("It has the potential to transform care. Only time will tell.", "speculative_future",
         ["has the potential to", "Only time will tell"]),
        ("Ready to upgrade your kitchen? You deserve it, and you'll love yours.", "second_person",
         ["your", "You", "you'll", "yours"]),
        ("We did it! Profits rose.", "exclamation", ["We did it!"]),
        ("It rose. Amazing, isn't it?! No.", "exclamation", ["Amazing, isn't it?!"]),
        ("Why does this matter? Because costs fell.", "rhetorical_question", ["Why does this matter?"]),
        ("A good and great result.", "positive_word", ["good", "great"]),
    ],
)
def test_category_counts_these_spans(extractor, text, category, expected):
    """Each category finds exactly these spans in an invented sentence."""
    assert _found(extractor, text, category) == expected


# --------------------------------------------------------------------------- precision: what is not counted

@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("The delay is leading to higher costs.", "puffery"),
        ("She is leading the talks with the union.", "puffery"),
        ("Heart disease is the leading cause of death.", "puffery"),
        ("Chinese Premier Li Qiang met Premier League officials.", "puffery"),
        ("The company repaid its outstanding debt and shares outstanding fell.", "puffery"),
        ("It will redeem all its outstanding 8-1/4 pct debentures.", "puffery"),
        ("It owns 9 pct of the outstanding common stock.", "puffery"),
        ("It owns 9 pct of the outstanding common stock.", "positive_word"),
        ("Net includes an extraordinary gain of 2 mln dlrs.", "hype_adjectives"),
        ("Interest rates fell in the forest west of town, an honest test.", "superlatives"),
        ("At best, the plan delays costs; at worst, it fails.", "superlatives"),
        ("Most people agree and most of them voted.", "superlatives"),
        ("Shares of Best Buy rose.", "superlatives"),
        ("Her novel was published in May.", "hype_adjectives"),
        ("Critics were critical of the plan.", "hype_adjectives"),
        ("The patient is in critical condition.", "hype_adjectives"),
        ("During his visit to Paris, he met officials.", "calls_to_action"),
        ("Countries that sign up to the treaty must report emissions.", "calls_to_action"),
        ("Scientists hope to learn more about the virus.", "calls_to_action"),
        ("“You will love it,” she said.", "second_person"),
        ("He asked: “Why now?”", "rhetorical_question"),
        ("Why The Deal Matters", "rhetorical_question"),
        ("Yahoo! said profits rose.", "exclamation"),
        ("The results were not good.", "positive_word"),
        ("Interest rates and share prices rose in the United States.", "positive_word"),
        ("The meeting is on May 5.", "speculative_future"),
        ("The council is expected to vote on May 5.", "speculative_future"),
    ],
)
def test_category_does_not_count_these(extractor, text, category):
    """Context rules keep these look-alikes out of the category."""
    assert _found(extractor, text, category) == []


def test_a_date_with_may_scores_zero_everywhere(extractor):
    """A date is not promotional in any way."""
    values = extractor.score(parse("The meeting is on May 5."))
    assert all(value == 0.0 for value in values.values())


def test_second_person_counts_outside_the_quote_only(extractor):
    """A quoted 'you' addresses the speaker's listener; the writer's 'your' counts."""
    assert _found(extractor, "“You will love it,” she told your reporter.", "second_person") == ["your"]


# --------------------------------------------------------------------------- features come from evidence

RECOMPUTE_TEXTS = [
    "",
    "Our groundbreaking, world-class app will revolutionize your life! Sign up now. Why wait?",
    "Officials said the plan may cost $4 million, according to a filing. It was the largest in years.",
    "“Is it the best deal ever?” he asked. “You bet!”\n\nTags: AI, chips, deals, tech\n\nShare this",
    "Title\n\nViral Phrases:\n- “The future of AI”\n- “A new era”\n- “Game changer!”\n\nLeave a Reply",
]


@pytest.mark.parametrize("text", RECOMPUTE_TEXTS)
def test_every_feature_is_reproducible_from_evidence(extractor, text):
    """Every value equals its recomputation from the evidence and the word count."""
    doc = parse(text)
    evidence = extractor.evidence(doc)
    values = extractor.features(doc, evidence)
    assert list(values) == extractor.feature_names()
    assert values == pytest.approx(_recompute(extractor, doc, evidence))


@pytest.mark.parametrize("text", RECOMPUTE_TEXTS[1:])
def test_evidence_spans_point_into_the_text(extractor, text):
    """Evidence carries the dimension, its exact text, and comes in text order."""
    evidence = extractor.evidence(parse(text))
    assert evidence
    for item in evidence:
        assert item.dimension == "promotional"
        assert item.text == text[item.start : item.end]
    assert [(e.start, e.end) for e in evidence] == sorted((e.start, e.end) for e in evidence)


@pytest.mark.parametrize("text", ["", "   \n\n", "!!! ??? ...", "🚀🔥💯 🎉🎉", "— • — • —", "!"])
def test_features_are_finite_and_zero_on_empty_and_symbol_text(extractor, text):
    """Empty, emoji and punctuation-only texts give finite zeros."""
    values = extractor.score(parse(text))
    assert all(math.isfinite(value) for value in values.values())
    assert values["promotional_block_share"] == 0.0
    assert sum(values[name] for name in PROMOTIONAL_RATES) == 0.0


def test_nothing_counts_inside_page_furniture(extractor):
    """A comment prompt is the page, not the writer: none of it counts."""
    text = "Prices rose.\n\nLeave a Reply\nWant to join the discussion? Feel free to contribute! You rock"
    categories = {e.category for e in extractor.evidence(parse(text))}
    assert categories.isdisjoint({"exclamation", "rhetorical_question", "second_person", "calls_to_action"})


def test_promotional_blocks_are_evidence_and_their_share_is_a_fraction(extractor):
    """A tag list is promotional-block evidence and a share of the words."""
    text = "Deal agreed.\n\nTags: OpenAI, Foxconn, AI hardware, chips\n\nThe firms met on Friday and said little."
    doc = parse(text)
    blocks = [e for e in extractor.evidence(doc) if e.category == "promotional_block"]
    assert [b.text.split(":")[0] for b in blocks] == ["Tags"]
    share = extractor.features(doc, extractor.evidence(doc))["promotional_block_share"]
    assert 0.0 < share < 1.0


# --------------------------------------------------------------------------- user lexicons, names

def test_user_lexicon_adds_a_feature(tmp_path):
    """A user lexicon with a new name becomes user_<name>_per_1k."""
    path = tmp_path / "buzzwords.txt"
    path.write_text("# buzzwords: test list\nsynergize\nmove the needle\n", encoding="utf-8")
    fitted = PromotionalLanguage(lexicons=[str(path)]).fit(["x"])
    assert fitted.feature_names()[-1] == "user_buzzwords_per_1k"
    assert "promotional__user_buzzwords_per_1k" in fitted.get_feature_names_out()
    doc = parse("We synergize to move the needle.")
    values = fitted.score(doc)
    assert values["user_buzzwords_per_1k"] == pytest.approx(per_1k(2, doc.n_words))
    assert values == pytest.approx(_recompute(fitted, doc, fitted.evidence(doc)))


def test_user_lexicon_named_like_a_shipped_one_extends_it(tmp_path):
    """A user file named like a shipped category extends it, adding no feature."""
    path = tmp_path / "puffery.txt"
    path.write_text("# puffery additions\nsplendiferous\n", encoding="utf-8")
    fitted = PromotionalLanguage(lexicons=[str(path)]).fit(["x"])
    assert fitted.feature_names() == PromotionalLanguage().fit(["x"]).feature_names()
    assert fitted.score(parse("A splendiferous view."))["puffery_per_1k"] > 0


def test_feature_names_in_documented_order(extractor):
    """The feature names are stable and in the documented order."""
    assert extractor.feature_names() == [
        "puffery_per_1k",
        "superlatives_per_1k",
        "hype_adjectives_per_1k",
        "boosters_per_1k",
        "intensifiers_per_1k",
        "calls_to_action_per_1k",
        "clickbait_per_1k",
        "exclamations_per_1k",
        "rhetorical_questions_per_1k",
        "second_person_per_1k",
        "speculative_future_per_1k",
        "sensational_per_1k",
        "announcement_per_1k",
        "first_person_plural_per_1k",
        "promotional_block_share",
        "positivity",
    ]


# --------------------------------------------------------------------------- the lexicon files

@pytest.mark.parametrize("name", [n for n in LEXICON_CATEGORIES if n != "boosters"])
def test_shipped_lexicon_states_its_provenance(name):
    """Each shipped lexicon cites a dated published source in its header."""
    lexicon = load_lexicon(name)
    assert re.search(r"\b(19|20)\d\d\b", lexicon.provenance), "provenance must cite a dated source"
    assert len(lexicon.entries) >= 8


def test_word_lists_of_the_rates_do_not_overlap():
    """No word is listed in two of the single-word rate lexicons, so none is counted twice."""
    names = ["puffery", "superlatives", "hype_adjectives", "intensifiers", "boosters"]
    entries = {name: set(load_lexicon(name).entries) for name in names}
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert not entries[first] & entries[second], (first, second, entries[first] & entries[second])


@pytest.mark.parametrize("word", ["interest", "forest", "honest", "west", "test", "request", "protest", "latest"])
def test_superlative_lexicon_has_no_false_est_words(word):
    """Nouns, verbs and temporal words ending in -est are not superlatives."""
    assert word not in load_lexicon("superlatives").entries


# --------------------------------------------------------------------------- the two example articles

def _example(prefix):
    folder = require_examples()
    matches = sorted(folder.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.fail(f"no {prefix}_*.txt in {folder}")
    return matches[0].read_text(encoding="utf-8")


def test_viral_phrases_list_is_one_flagged_block(extractor):
    """The 002 example's 'Viral Phrases' list is one block, all twenty bullets inside."""
    text = _example("002")
    doc = parse(text)
    viral = [b for b in doc.blocks if b.kind == "viral_phrases"]
    assert len(viral) == 1
    block = viral[0]
    evidence = [e for e in extractor.evidence(doc) if e.category == "promotional_block" and e.start == block.start]
    assert len(evidence) == 1
    assert (evidence[0].start, evidence[0].end) == (block.start, block.end)
    assert evidence[0].text.startswith("Viral Phrases")
    after_marker = text[text.index("Viral Phrases") :]
    bullets = [line.strip() for line in after_marker.splitlines() if line.lstrip().startswith("- ")]
    assert len(bullets) == 20
    assert all(line in evidence[0].text for line in bullets)
    assert "viral_phrases" in PROMOTIONAL_BLOCK_KINDS


def test_promotional_rewrite_far_exceeds_the_news_report(extractor):
    """The promotional rewrite (002) far exceeds the business report (000)."""
    news = extractor.score(parse(_example("000")))
    promo = extractor.score(parse(_example("002")))
    news_total = sum(news[name] for name in PROMOTIONAL_RATES)
    promo_total = sum(promo[name] for name in PROMOTIONAL_RATES)
    assert promo_total >= 3 * news_total
    for name in [
        "puffery_per_1k",
        "hype_adjectives_per_1k",
        "speculative_future_per_1k",
        "rhetorical_questions_per_1k",
    ]:
        assert promo[name] > news[name], name
    assert promo["promotional_block_share"] > 0.1 > news["promotional_block_share"]


# --------------------------------------------------------------------------- the shared corpora

def _jsonl(path, field, n, keep=lambda row: True):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = (json.loads(line) for line in handle)
        return [row[field] for row in islice((r for r in rows if keep(r) and r.get(field)), n)]


def _mean_promotional_rate(extractor, texts):
    return statistics.mean(sum(extractor.score(parse(t))[n] for n in PROMOTIONAL_RATES) for t in texts)


def test_press_releases_score_well_above_bbc_news(extractor):
    """Wire press releases score over twice BBC News on the summed promotional rate."""
    corpora = _require_corpora()
    releases = _jsonl(corpora / "press_release_archive_cc0" / "press_releases_sample.jsonl.gz", "text", 200)
    news = _jsonl(
        corpora / "bbc_news_2225" / "bbc_news_2225.jsonl.gz", "text", 200, lambda row: not row["dup_of_earlier"]
    )
    assert _mean_promotional_rate(extractor, releases) > 2 * _mean_promotional_rate(extractor, news)


def test_clickbait_phrases_fire_on_clickbait_headlines_not_news(extractor):
    """Clickbait phrases fire on clickbait publishers' headlines, almost never on news."""
    corpora = _require_corpora()
    with gzip.open(corpora / "clickbait_chakraborty" / "headlines.tsv.gz", "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))

    def share_with_clickbait(label):
        headlines = [row["headline"] for row in rows if row["label"] == label][:2000]
        return statistics.mean(bool(_found(extractor, h, "clickbait")) for h in headlines)

    clickbait, news = share_with_clickbait("clickbait"), share_with_clickbait("news")
    assert clickbait > 0.05
    assert news < 0.01


@pytest.mark.parametrize(
    ("text", "category", "count"),
    [
        ("Researchers hailed the drug as a breakthrough and a miracle.", "sensational", 2),
        ("Critics slammed the devastating decision.", "sensational", 2),
        ("The committee approved the budget.", "sensational", 0),
        ("Acme today announced a new plant. Acme is pleased to announce record sales.", "announcement", 2),
        ("The company announced a new plant on Tuesday.", "announcement", 0),
        ("We build our products for you.", "first_person_plural", 2),
        ("“We will appeal,” the mayor said.", "first_person_plural", 0),
    ],
)
def test_genre_and_sensational_categories(text, category, count):
    """Sensational wording, announcement formulas and the organisational "we" are counted (not "we" in quotes)."""
    extractor = PromotionalLanguage().fit([])
    found = [e for e in extractor.evidence(parse(text)) if e.category == category]
    assert len(found) == count


def test_title_case_headline_words_are_not_taken_for_names():
    """In a title-case headline every word is capitalised; hype there still counts."""
    extractor = PromotionalLanguage().fit([])
    found = extractor.evidence(parse("Utility Unveils Groundbreaking Battery Plan!"))
    assert "puffery" in {e.category for e in found}
    names = extractor.evidence(parse("He shops at Best Buy on Fridays."))
    assert "superlatives" not in {e.category for e in names}


def _categories(extractor, text, category):
    return [item.text for item in extractor.evidence(parse(text)) if item.category == category]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The US imposed tariffs, and the US Senate agreed.", []),  # the country, in capitals
        ("Join us as the US grows.", ["us"]),                        # the pronoun beside the country
        ("Us and them.", ["Us"]),                                    # a capital opening a sentence is the pronoun
        ("HELP US BUILD THE FUTURE", ["US"]),                        # an all-capitals line: the pronoun
    ],
)
def test_us_in_capitals_is_the_country_not_first_person(extractor, text, expected):
    assert _categories(extractor, text, "first_person_plural") == expected


@pytest.mark.parametrize("word", ["agreement", "agreements", "commitment", "commitments", "challenge", "challenges",
                                  "supremacy"])
def test_nouns_of_negotiation_and_contest_are_not_positive_words(extractor, word):
    """Declared neutral in news (``_VADER_NEUTRAL_IN_NEWS``), though VADER gives them a positive valence."""
    assert positive_valence(word) == 0.0
    text = f"The {word} was discussed at length, and the outcome was a great success."
    assert _categories(extractor, text, "positive_word") == ["great", "success"]
