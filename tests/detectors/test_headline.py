"""Tests for hypedetect.detectors.headline: the title picker and the headline feature."""

import pytest

from hypedetect.detectors.headline import Title, explain_headline, headline_evidence, headline_features, pick_title
from hypedetect.document import parse
from tests.detectors._make import binary_detector


@pytest.mark.parametrize("text, expected", [
    ("Council approves budget\n\nThe council met on Monday.", "Council approves budget"),
    ("# Council approves budget\n\nThe council met.", "Council approves budget"),
    ("**Council approves budget**\n\nThe council met.", "Council approves budget"),
    ("Share this:\nCouncil approves budget\n\nThe council met.", "Council approves budget"),
    ("Printed from: example.com\n\nCouncil approves budget\n\nThe council met.", "Council approves budget"),
    ("```\nvar x = 1;\n```\nCouncil approves budget\n\nThe council met.", "Council approves budget"),
    ("\n\n   \nCouncil approves budget", "Council approves budget"),
])
def test_first_line_title_skips_furniture_and_code(text, expected):
    title = pick_title(parse(text))
    assert title.text == expected
    assert title.source == "first_line"
    assert text[title.start:title.start + len(title.text)] == title.text


@pytest.mark.parametrize("first_lines", [
    "“```html\n<div class=\"ad\">Buy</div>\n```\n",            # a fence opened after a curly quote
    "“\n```\nThe widget loads here\n```\n",                       # a lone quote, then a fence
    "```js\nlet x = 1\n```”\n",                                    # a fence closed before a quote
    "Printed from example.com\n\n",                               # one-line furniture with the page's address
    "Printed from https://example.com/news/a?id=1\n",
    "“Printed from www.example.com”\n",
    "**Printed from**\n\n",                                        # the label in Markdown bold
])
def test_first_line_title_skips_quoted_fences_and_one_line_furniture(first_lines):
    text = first_lines + "Council approves budget\n\nThe council met on Monday."
    title = pick_title(parse(text))
    assert title.text == "Council approves budget"
    assert text[title.start:title.start + len(title.text)] == title.text


@pytest.mark.parametrize("headline", [
    "Printed from the archive, the memo shows a rift",   # the label's words, but prose after them
    "Share prices fall at example.com",                  # not a furniture label
    "“Council approves budget”",                         # a quoted headline is kept, quotes and all
])
def test_headlines_like_furniture_or_quotes_are_kept(headline):
    assert pick_title(parse(f"{headline}\n\nThe council met on Monday.")).text == headline


def test_metadata_title_wins():
    title = pick_title(parse("Share this:\n\nBody text here."), "  Ten  tricks doctors hate ")
    assert title == Title("Ten tricks doctors hate", None, "metadata")


@pytest.mark.parametrize("metadata", [None, "", "  ", "!!!"])
def test_empty_metadata_title_falls_back_to_first_line(metadata):
    assert pick_title(parse("Council approves budget\n\nBody."), metadata).source == "first_line"


@pytest.mark.parametrize("text", ["", "```\ncode only\n```", "Share this:", "x" * 400 + " long paragraph"])
def test_no_title(text):
    assert pick_title(parse(text)) is None


def test_headline_probability_and_evidence_offsets():
    detector = binary_detector()
    text = "Shameful news from the council\n\nThe council met."
    title = pick_title(parse(text))
    features = headline_features(detector, title)
    assert features["headline_clickbait_probability"] == pytest.approx(detector.predict_proba([title.text])[0])
    evidence = headline_evidence(detector, title)
    assert [text[e.start:e.end] for e in evidence] == [e.text for e in evidence] == ["Shameful"]


def test_missing_title_scores_zero_with_no_evidence():
    assert headline_features(binary_detector(), None) == {"headline_clickbait_probability": 0.0}
    assert headline_evidence(binary_detector(), None) == []


@pytest.mark.parametrize("text", ["Shameful spin: great news for you\n\nBody text.", "\n\n", "Calm report\n\nText."])
def test_explain_headline_equals_features_and_evidence_apart(text):
    detector = binary_detector()
    title = pick_title(parse(text))
    assert explain_headline(detector, title) == (headline_features(detector, title), headline_evidence(detector, title))
