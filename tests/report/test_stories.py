"""Story grouping and shared passages, on invented texts."""

import re

import pytest

from hypedetect.document import parse
from hypedetect.report.stories import (
    Overlap,
    cluster_stories,
    looks_like_press_release,
    shared_passages,
    story_similarity,
)

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
