"""Tests for hypedetect.extractors.sourcing: quotes, attributions, figures, unattributed claims."""

import gzip
import json
import math
import statistics
from pathlib import Path

import pytest

from hypedetect.document import parse
from hypedetect.extractors.base import per_1k
from hypedetect.extractors.sourcing import MIN_QUOTE_WORDS, Sourcing, claim_sentences, source_key
from hypedetect.lexicons import Lexicon

from .._shared import require_corpora as _require_corpora
from .._shared import require_examples as _require_examples

REPO = Path(__file__).resolve().parents[2]
ATTRIBUTIONS = ("named_attribution", "anonymous_attribution", "vague_attribution")


@pytest.fixture(scope="module")
def sourcing():
    """Return an extractor fitted with the shipped lexicons only."""
    return Sourcing().fit(["warm-up"])


def _spans(extractor, text, categories):
    return [(item.category, item.text) for item in extractor.evidence(parse(text)) if item.category in categories]


# --------------------------------------------------------------------------- attributions

@pytest.mark.parametrize(
    ("text", "category", "span"),
    [
        ("“We are pleased,” said Jane Doe, chief executive.", "named_attribution", "said Jane Doe"),
        ("Sam Altman said the deal was done.", "named_attribution", "Sam Altman said"),
        ("“It is a step,” OpenAI CEO Sam Altman said in a statement.", "named_attribution",
         "OpenAI CEO Sam Altman said"),
        ("OpenAI on Friday said it would hire more staff.", "named_attribution", "OpenAI on Friday said"),
        ("Foxconn has separately announced a venture.", "named_attribution", "Foxconn has separately announced"),
        ("Jane Doe, a senior official, said the plan was dead.", "named_attribution",
         "Jane Doe, a senior official, said"),
        ("The deal is near, said Jane Doe.", "named_attribution", "said Jane Doe"),
        ("Sam Altman, who said the deal was done, left early.", "named_attribution", "Sam Altman, who said"),
        ("According to Reuters, the deal is off.", "named_attribution", "According to Reuters"),
        ("Acme Corp. (NASDAQ: ACME) announced a new plant.", "named_attribution",
         "Acme Corp. (NASDAQ: ACME) announced"),
        ("The agreement has no purchase commitments, the companies said.", "named_attribution", "companies said"),
        ("According to the company, sales rose.", "named_attribution", "According to the company"),
        ("The claims were denied by the company.", "named_attribution", "denied by the company"),
        ("Sources said the deal was near.", "anonymous_attribution", "Sources said"),
        ("A person familiar with the matter said the talks had stalled.", "anonymous_attribution",
         "familiar with the matter said"),
        ("Officials, who spoke on condition of anonymity, said the plan was dead.", "anonymous_attribution",
         "Officials, who spoke on condition of anonymity, said"),
        ("An unnamed official told Reuters the plan was dead.", "anonymous_attribution", "unnamed official told"),
        ("According to people familiar with the matter, the deal is off.", "anonymous_attribution",
         "According to people familiar with"),
        ("Industry analysts are calling it a game changer.", "vague_attribution", "analysts are calling it"),
        ("Experts say the market will boom.", "vague_attribution", "Experts say"),
        ("Critics argue the plan is a bubble.", "vague_attribution", "Critics argue"),
        ("Observers believe the rally will last.", "vague_attribution", "Observers believe"),
        ("Some say the boom is over.", "vague_attribution", "Some say"),
        ("Many in the industry believe the deal is historic.", "vague_attribution", "Many in the industry believe"),
        ("The deal is said to be worth a lot.", "vague_attribution", "is said"),
        ("It is widely believed that the market will grow.", "vague_attribution", "is widely believed"),
        ("The startup reportedly plans to raise more money.", "vague_attribution", "reportedly"),
    ],
)
def test_attribution_is_typed_by_its_speaker(sourcing, text, category, span):
    """A reporting word is typed named, anonymous or vague by the speaker next to it."""
    assert _spans(sourcing, text, ATTRIBUTIONS) == [(category, span)]


@pytest.mark.parametrize(
    "text",
    [
        "A company called Foxconn builds servers in the United States.",
        "Insurance claims rose sharply in May.",
        "The move was announced shortly after the election.",
        "The company has been added to the index.",
        "That said, the outlook is bright.",
        "We announced a new product today.",
        "As ever, the player will have the final say.",
        "Think Long-Term Instead of Short-Term",
        "Consumer spending is why the data is closely observed.",
        "“Experts say this is huge and sources said so,” read the banner.",
        "OPENAI SAYS IT WILL HIRE",
        "",
    ],
)
def test_no_attribution_without_a_speaker(sourcing, text):
    """Reporting words used otherwise, in quotes, in capitals or with the writer as speaker attribute nothing."""
    assert _spans(sourcing, text, ATTRIBUTIONS) == []


def test_pronouns_point_back_and_they_inherits_the_previous_kind(sourcing):
    """"He" is named; "they" takes the kind of the attribution before it."""
    text = "Sources said the deal was near. They added that it could close soon. He said it was done."
    kinds = [category for category, _ in _spans(sourcing, text, ATTRIBUTIONS)]
    assert kinds == ["anonymous_attribution", "anonymous_attribution", "named_attribution"]


def test_two_reporting_words_for_one_speaker_count_once(sourcing):
    """A frame and a verb sharing a sentence, or a verb and its participle, are one attribution."""
    text = "In a statement, the company said it was pleased, adding that talks continue."
    assert _spans(sourcing, text, ATTRIBUTIONS) == [("named_attribution", "company said")]


# --------------------------------------------------------------------------- quotes

def test_multi_paragraph_quote_counts_once(sourcing):
    """A quote re-opened at the next paragraph is one quotation."""
    text = (
        "“This is the first paragraph of a long statement about the plan,\n\n"
        "“and this is the second paragraph of the very same statement,” she said."
    )
    doc = parse(text)
    quotes = [item for item in sourcing.evidence(doc) if item.category == "quote"]
    assert len(quotes) == 1
    assert quotes[0].text.startswith("“This is the first") and quotes[0].text.endswith("statement,”")
    assert sourcing.score(doc)["quotes_per_1k"] == pytest.approx(per_1k(1, doc.n_words))


def test_slogans_in_a_viral_phrases_block_are_not_quotes(sourcing):
    """Quoted slogans and figures inside a flagged block count as neither quotes nor figures."""
    text = (
        "Acme and Foxconn announced a partnership on Friday.\n"
        "Viral Phrases:\n"
        "- “Revolutionizing AI hardware manufacturing”\n"
        "- “The future of AI is being built in America”\n"
        "- “The $100 billion question: can they do it?”\n"
    )
    doc = parse(text)
    assert doc.quotes == ()  # document.py drops quotation marks inside flagged blocks
    assert [block.kind for block in doc.blocks] == ["viral_phrases"]
    features = sourcing.score(doc)
    assert features["quotes_per_1k"] == 0.0
    assert features["quoted_share"] == 0.0
    assert features["figures_per_1k"] == 0.0  # "$100 billion" sits in the block


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        ("The launch was a “game changer” for the firm.", []),
        ("“Absolutely,” he said.", ["“Absolutely,”"]),
        ("She called the plan “a bold and risky bet on chips” in May.", ["“a bold and risky bet on chips”"]),
    ],
)
def test_short_quotes_count_only_when_attributed(sourcing, text, quotes):
    """Scare quotes are left out; a short quote with a speaker counts."""
    assert MIN_QUOTE_WORDS == 4
    assert [span for _, span in _spans(sourcing, text, {"quote"})] == quotes


# --------------------------------------------------------------------------- figures and claims

@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("The company reported revenue of $4.2 billion, up 12% from 2023.", ["$4.2 billion", "12%", "2023"]),
        ("Sales rose 30 per cent to 1,000 units by 3:30 on Monday.", ["30 per cent", "1,000", "3:30"]),
        ("Costs hit €3.5m and US$5 million, or 5bn yen.", ["€3.5m", "$5 million", "5bn"]),
        ("GPT-4 and COVID-19 are names, and A380 is a plane.", []),
        ("Prices held steady.", []),
    ],
)
def test_figures_are_counted_once_per_expression(sourcing, text, figures):
    """A figure is one numeric expression with its currency and unit."""
    assert [span for _, span in _spans(sourcing, text, {"figure"})] == figures


def test_company_report_sentence_has_figures_and_a_named_source(sourcing):
    """Figures given by a named company are counted and the sentence is attributed."""
    doc = parse("The company reported revenue of $4.2 billion, up 12% from 2023.")
    features = sourcing.score(doc)
    assert features["figures_per_1k"] == pytest.approx(per_1k(3, doc.n_words))
    assert features["named_attribution_share"] == 1.0
    assert features["unattributed_claim_share"] == 0.0


@pytest.mark.parametrize(
    ("text", "claims", "unattributed"),
    [
        ("Sales rose 12% last year. Jane Doe said sales rose.", 2, ["Sales rose 12% last year."]),
        ("Big News\n\nWill it last? Yes. Sales rose sharply again.", 1, ["Sales rose sharply again."]),
        ("“We will win the whole market this year.” Jane Doe said so.", 2, []),
        ("", 0, []),
    ],
)
def test_unattributed_claims(sourcing, text, claims, unattributed):
    """Declarative sentences without an attribution or a quotation are unattributed claims."""
    doc = parse(text)
    assert len(claim_sentences(doc)) == claims
    assert [span for _, span in _spans(sourcing, text, {"unattributed_claim"})] == unattributed
    expected_share = len(unattributed) / claims if claims else 0.0
    assert sourcing.score(doc)["unattributed_claim_share"] == pytest.approx(expected_share)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("OpenAI CEO Sam Altman said", "altman"),
        ("Altman previously said", "altman"),
        ("said Jane Doe", "doe"),
        ("According to Nvidia Corp.", "nvidia"),
        ("Mr. Smith said", "smith"),
        ("OpenAI's chief executive said", "openai"),
        ("The company said", None),
        ("He said", None),
        ("the Company declared", None),
    ],
)
def test_source_key(text, key):
    """The key of a named source is its surname or organisation name, normalised."""
    assert source_key(text) == key


def test_distinct_sources_merge_first_and_second_mentions(sourcing):
    """"Sam Altman" and "Altman" are one source; "he" adds none."""
    text = "Sam Altman said the deal was done. Altman added that it was big. OpenAI said so too. He agreed."
    assert sourcing.score(parse(text))["distinct_sources"] == 2.0


# --------------------------------------------------------------------------- features

def test_feature_names_and_their_order(sourcing):
    """The documented features, in order, prefixed with the dimension in the output."""
    assert sourcing.feature_names() == [
        "quotes_per_1k",
        "quoted_share",
        "attributions_per_1k",
        "named_attribution_share",
        "anonymous_attribution_share",
        "vague_attribution_share",
        "distinct_sources",
        "figures_per_1k",
        "unattributed_claim_share",
    ]
    assert list(sourcing.get_feature_names_out())[0] == "sourcing__quotes_per_1k"


REPRODUCIBLE_TEXTS = [
    "“We are pleased,” said Jane Doe, chief executive. Sources said the deal was near.",
    "Industry analysts are calling it a game changer. Revenue rose 12% to $4.2 billion in 2023.",
    "Experts say it will boom. Sam Altman said it would not. “No way,” he said. The deal is said to be huge.",
    "A groundbreaking partnership. It will revolutionize everything. Truly remarkable.",
    "",
]


@pytest.mark.parametrize("text", REPRODUCIBLE_TEXTS)
def test_features_are_reproducible_from_evidence(tmp_path, text):
    """Every feature value is recomputed from the evidence spans and document counts."""
    lexicon = tmp_path / "hype_terms.txt"
    lexicon.write_text("# test lexicon\ngame changer\ngroundbreaking\n", encoding="utf-8")
    extractor = Sourcing(lexicons=[str(lexicon)]).fit(["warm-up"])
    doc = parse(text)
    evidence = extractor.evidence(doc)
    features = extractor.features(doc, evidence)
    count: dict[str, int] = {}
    for item in evidence:
        count[item.category] = count.get(item.category, 0) + 1
    n_attributions = sum(count.get(category, 0) for category in ATTRIBUTIONS)
    quoted = sum(doc.words_between(e.start, e.end) for e in evidence if e.category == "quote")
    claims = len(claim_sentences(doc))
    keys = {source_key(e.text) for e in evidence if e.category == "named_attribution"} - {None}
    expected = {
        "quotes_per_1k": per_1k(count.get("quote", 0), doc.n_words),
        "quoted_share": quoted / doc.n_words if doc.n_words else 0.0,
        "attributions_per_1k": per_1k(n_attributions, doc.n_words),
        "named_attribution_share": count.get("named_attribution", 0) / n_attributions if n_attributions else 0.0,
        "anonymous_attribution_share": count.get("anonymous_attribution", 0) / n_attributions if n_attributions else 0,
        "vague_attribution_share": count.get("vague_attribution", 0) / n_attributions if n_attributions else 0.0,
        "distinct_sources": float(len(keys)),
        "figures_per_1k": per_1k(count.get("figure", 0), doc.n_words),
        "unattributed_claim_share": count.get("unattributed_claim", 0) / claims if claims else 0.0,
        "user_hype_terms_per_1k": per_1k(count.get("user_hype_terms", 0), doc.n_words),
    }
    assert features == pytest.approx(expected)
    assert all(e.text == doc.text[e.start : e.end] and e.dimension == "sourcing" for e in evidence)


@pytest.mark.parametrize("text", ["", "   \n\n ", "🚀🔥💯", "!!! ??? ... —", "“”", "$", "12"])
def test_every_value_is_finite(sourcing, text):
    """Empty, emoji-only and punctuation-only texts give finite values and shares in 0..1."""
    values = sourcing.score(parse(text))
    assert all(math.isfinite(value) for value in values.values())
    assert 0.0 <= values["quoted_share"] <= 1.0 and 0.0 <= values["unattributed_claim_share"] <= 1.0


def test_user_lexicon_adds_a_feature(tmp_path):
    """A user lexicon file becomes a category and a per-1k feature."""
    path = tmp_path / "hype_terms.txt"
    path.write_text("# test lexicon\ngame changer\n", encoding="utf-8")
    extractor = Sourcing(lexicons=[str(path)]).fit(["warm-up"])
    assert "sourcing__user_hype_terms_per_1k" in extractor.get_feature_names_out()
    doc = parse("Analysts call it a game changer, a real game changer.")
    assert extractor.score(doc)["user_hype_terms_per_1k"] == pytest.approx(per_1k(2, doc.n_words))
    assert [e.text for e in extractor.evidence(doc) if e.category == "user_hype_terms"] == ["game changer"] * 2


def test_user_lexicon_named_like_a_shipped_one_extends_it():
    """A user lexicon named like a shipped one extends it and adds no feature."""
    text = "Jane Doe opined that the deal was done."
    assert _spans(Sourcing().fit(["warm-up"]), text, ATTRIBUTIONS) == []
    extended = Sourcing(lexicons=[Lexicon("reporting_verbs", ("opined",))]).fit(["warm-up"])
    assert _spans(extended, text, ATTRIBUTIONS) == [("named_attribution", "Jane Doe opined")]
    assert extended.feature_names() == Sourcing().fit(["warm-up"]).feature_names()


# --------------------------------------------------------------------------- real text

def test_news_report_is_better_sourced_than_its_promotional_rewrite(sourcing):
    """The wire-based report (000) quotes and attributes; its promotional rewrite (002) hardly does."""
    examples = _require_examples()
    news = sourcing.score(parse(next(examples.glob("000_*.txt")).read_text(encoding="utf-8")))
    promo_doc = parse(next(examples.glob("002_*.txt")).read_text(encoding="utf-8"))
    promo = sourcing.score(promo_doc)
    assert any(block.kind == "viral_phrases" for block in promo_doc.blocks)
    assert news["quotes_per_1k"] > 0.0 and promo["quotes_per_1k"] == 0.0
    assert news["attributions_per_1k"] > 3 * promo["attributions_per_1k"]
    assert news["figures_per_1k"] > promo["figures_per_1k"]
    assert news["unattributed_claim_share"] < promo["unattributed_claim_share"]
    assert news["distinct_sources"] >= 2


def _corpus_texts(path: Path, limit: int) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line, _ in zip(lines, range(limit), strict=False)]


def test_news_attributes_more_than_press_releases(sourcing):
    """BBC reports name their sources more often than wire press releases (first 200 of each, medians)."""
    corpora = _require_corpora()
    news = _corpus_texts(corpora / "bbc_news_2225" / "bbc_news_2225.jsonl.gz", 200)
    releases = _corpus_texts(corpora / "press_release_archive_cc0" / "press_releases_sample.jsonl.gz", 200)
    news_rows = [sourcing.score(parse(text)) for text in news]
    release_rows = [sourcing.score(parse(text)) for text in releases]

    def median(rows, name):
        return statistics.median(row[name] for row in rows)

    assert median(news_rows, "attributions_per_1k") > 2 * median(release_rows, "attributions_per_1k")
    assert median(news_rows, "unattributed_claim_share") < median(release_rows, "unattributed_claim_share")
    assert median(news_rows, "distinct_sources") > median(release_rows, "distinct_sources")
