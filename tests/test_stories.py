"""Story grouping and shared passages, on invented texts."""

import re

import pytest

from hypedetect.document import parse
from hypedetect.stories import (
    Overlap,
    cluster_stories,
    looks_like_press_release,
    shared_passages,
    story_similarity,
)

from ._shared import require_corpora

BRIDGE = [
    "Riverton will close the Mill Street bridge for six weeks from Monday while engineers replace its deck, "
    "the city's transport department said. Drivers will be sent over the Canal Road crossing.",
    "The Mill Street bridge in Riverton shuts on Monday for repairs to its deck. Transport officials "
    "expect the work to take six weeks and advise drivers to use Canal Road.",
    "Commuters in Riverton face six weeks of detours: the Mill Street bridge closes for deck repairs, "
    "with traffic diverted to Canal Road, according to the city.",
]
BAKERY = [
    "Crumb & Co, the Portland bakery chain, launches a sourdough subscription on Friday. Customers can "
    "collect a loaf each week from any of its nine shops, the company said.",
    "Portland's Crumb & Co is betting on sourdough: its new weekly subscription, available from Friday, "
    "lets customers pick up a loaf at any of the chain's nine bakeries.",
]

RELEASE = (
    "Harbor Valley Power today announced a pilot of grid batteries at two substations. "
    "The batteries will store up to 40 megawatt-hours, enough to supply about 6,000 homes for four hours. "
    "The project will cost $38 million, of which $12 million comes from a federal grant. "
    "Harbor Valley Power is proud to lead the region's clean energy future."
)
COPY = (
    "MILLBROOK, March 4 - The local utility wants to test batteries this summer. "
    "The batteries will store up to 40 megawatt-hours, enough to supply about 6,000 homes for four hours. "
    "Consumer advocates were cautious about the cost. "
    "The project will cost $38 million, of which $12 million comes from a federal grant. "
    "Regulators will rule in June."
)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_two_stories_mixed_are_told_apart():
    texts = [BRIDGE[0], BAKERY[0], BRIDGE[1], BAKERY[1], BRIDGE[2]]
    assert cluster_stories(texts) == [0, 1, 0, 1, 0]


def test_one_story_stays_together_and_labels_follow_first_appearance():
    assert cluster_stories(BAKERY + BRIDGE) == [0, 0, 1, 1, 1]


def test_similarity_is_higher_within_a_story():
    similarity = story_similarity([BRIDGE[0], BRIDGE[1], BAKERY[0]])
    assert similarity[0, 1] > 0.2 > similarity[0, 2]
    assert similarity.shape == (3, 3)
    assert (similarity.diagonal() == 1.0).all()


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ([], []),
        (["Only one article."], [0]),
        (["", ""], [0, 1]),  # nothing to compare: each its own story
        (["the and of", "a an the"], [0, 1]),  # stop words only: empty vocabulary
    ],
)
def test_edge_cases(texts, expected):
    assert cluster_stories(texts) == expected


def test_threshold_zero_joins_everything_and_one_splits_everything():
    texts = [BRIDGE[0], BAKERY[0], BRIDGE[1]]
    assert cluster_stories(texts, threshold=0.0) == [0, 0, 0]
    assert cluster_stories(texts, threshold=1.0) == [0, 1, 2]


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="string object received"):
        cluster_stories("one article")
    with pytest.raises(ValueError, match="threshold"):
        cluster_stories(BRIDGE, threshold=1.5)
    with pytest.raises(ValueError, match="string object received"):
        shared_passages("text", ["a"])
    with pytest.raises(ValueError, match="2 texts but 1 ids"):
        shared_passages([RELEASE, COPY], ["a"])


def test_copied_sentences_are_found_and_credited_to_the_press_release():
    overlaps = shared_passages([COPY, RELEASE], ["millbrook-wire", "harbor-valley-press-release"])
    assert len(overlaps) == 2
    for overlap in overlaps:
        assert isinstance(overlap, Overlap)
        assert overlap.first == "harbor-valley-press-release"
        assert overlap.second == "millbrook-wire"
        assert overlap.relation == "copied from the press release"
        assert overlap.text == RELEASE[overlap.first_start : overlap.first_end]
        assert _words(COPY[overlap.second_start : overlap.second_end]) == _words(overlap.text)
        assert overlap.n_words == parse(overlap.text).n_words
    assert overlaps[0].text.startswith("The batteries will store up to 40 megawatt-hours")
    assert overlaps[1].text.startswith("The project will cost $38 million")
    # A shared sentence ends where the next one diverges.
    assert "proud" not in overlaps[1].text and "Consumer" not in overlaps[0].text


def test_passages_ignore_case_and_punctuation():
    first = "Officials said the new bridge will open to traffic in the spring of next year."
    second = "OFFICIALS SAID: the new bridge -- will open to traffic in the spring of next year!"
    (overlap,) = shared_passages([first, second], ["a", "b"])
    assert overlap.relation == "shared"
    assert overlap.n_words == 15


def test_min_words_is_the_shortest_passage_reported():
    first = "Yesterday we cut the red ribbon on the pier. Nothing else happened."
    second = "They cut the red ribbon on the pier, reports say."
    assert shared_passages([first, second], ["a", "b"], min_words=8) == []
    (overlap,) = shared_passages([first, second], ["a", "b"], min_words=5)
    assert (overlap.n_words, overlap.text) == (7, "cut the red ribbon on the pier")


def test_a_sentence_repeated_in_one_article_is_matched_once():
    sentence = "Foxconn has separately announced a venture to explore robotics and AI data centers. "
    first = sentence + sentence + "Other words follow here."
    second = "Intro words. " + sentence
    overlaps = shared_passages([first, second], ["a", "b"])
    assert len(overlaps) == 1
    assert overlaps[0].n_words == parse(sentence).n_words


def test_direction_by_date_then_shared():
    early, late = COPY, RELEASE.replace("Harbor Valley Power is proud", "The utility is keen")
    overlaps = shared_passages([late, early], ["late", "early"], dates=["2025-03-05", "2025-03-04"])
    assert {(o.first, o.second, o.relation) for o in overlaps} == {("early", "late", "copied from the earlier article")}
    overlaps = shared_passages([late, early], ["late", "early"], dates=[None, "2025-03-04"])
    assert {o.relation for o in overlaps} == {"shared"}
    overlaps = shared_passages([late, early], ["late", "early"], is_release=[True, False])
    assert {(o.first, o.relation) for o in overlaps} == {("late", "copied from the press release")}


@pytest.mark.parametrize(
    ("article_id", "source", "expected"),
    [
        ("press_01.txt", None, True),
        ("harbor-valley-release.txt", None, True),
        ("a1", "Harbor Valley Power press release", True),
        ("a1", "PR Newswire", True),
        ("a1", "Business Wire", True),
        ("a1", "Associated Press", False),
        ("a1", "Detroit Free Press", False),
        ("express-news.txt", "Reuters", False),
        ("a1", None, False),
    ],
)
def test_looks_like_press_release(article_id, source, expected):
    assert looks_like_press_release(article_id, source) is expected


# ---------------------------------------------------------------- dates keep events apart


def test_articles_months_apart_are_different_stories_even_with_the_same_words():
    texts = BRIDGE[:2] + BRIDGE[2:]
    assert cluster_stories(texts) == [0, 0, 0]
    assert cluster_stories(texts, dates=["2024-03-01", "2024-03-02", "2024-06-10"]) == [0, 0, 1]


def test_articles_within_the_window_stay_one_story_and_undated_ones_are_judged_on_words():
    dates = ["2024-03-01", "2024-03-06", None]
    assert cluster_stories(BRIDGE, dates=dates) == [0, 0, 0]
    labels = cluster_stories(BRIDGE, dates=dates, max_days=2)
    assert labels[0] != labels[1]
    assert labels[2] in labels[:2]


def test_unreadable_dates_count_as_missing():
    assert cluster_stories(BRIDGE, dates=["not a date", "", None]) == [0, 0, 0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"dates": ["2024-01-01"]}, "3 texts but 1 dates"), ({"max_days": -1}, "max_days must not be negative")],
)
def test_cluster_stories_rejects_bad_dates_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        cluster_stories(BRIDGE, **kwargs)


# ---------------------------------------------------------------- quoting is not copying

STATEMENT = "“We will keep every branch open and no one will lose their job this year,”"


def test_two_outlets_quoting_one_statement_are_not_churnalism():
    first = f"The bank's chief executive spoke on Tuesday. {STATEMENT} she told reporters in Leeds."
    second = f"Asked about closures, the chief executive was firm. {STATEMENT} said Maria Lopez, 54."
    (overlap,) = shared_passages([first, second], ["paper_a", "paper_b"], min_words=8)
    assert overlap.relation == "quote the same source"
    assert overlap.text.lower().startswith("we will keep every branch open")


def test_copied_prose_around_a_quote_is_still_copying():
    prose = "The bank will keep all 40 branches open this year and has no plan to cut jobs in Leeds or York"
    first = f"{prose}, its annual report says. {STATEMENT} the chief executive said."
    second = f"{prose}. Unions welcomed the news."
    overlaps = shared_passages([first, second], ["press_release.txt", "paper_b"], min_words=8)
    assert [overlap.relation for overlap in overlaps] == ["copied from the press release"]


# ---------------------------------------------------------------- measured on BASIL


def test_basil_events_are_kept_apart_when_dates_are_given():
    import gzip
    import json

    from sklearn.metrics import adjusted_rand_score

    path = require_corpora() / "basil" / "basil_v2_articles.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = sorted((json.loads(line) for line in handle), key=lambda row: (row["triplet_uuid"], row["source"]))
    texts = ["\n\n".join(sentence["text"] for sentence in row["sentences"]) for row in rows]
    truth = [row["triplet_uuid"] for row in rows]
    words_only = adjusted_rand_score(truth, cluster_stories(texts))
    with_dates = adjusted_rand_score(truth, cluster_stories(texts, dates=[row["date"] for row in rows]))
    # Measured: 0.812 on words alone, 0.964 with dates (100 events, 300 articles).
    assert with_dates > words_only + 0.1
    assert with_dates > 0.9
