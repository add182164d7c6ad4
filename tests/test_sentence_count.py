"""Sentence counts on tricky news text: the parser against the truth and against textstat.

Readability formulas divide by the number of sentences, so a miscount moves
every grade. Each case gives the count a careful reader would give; a
headline, a heading and each list item is one unit.
"""

import importlib

import nltk
import pytest
import textstat

from hypedetect.document import parse

CASES = [
    ("U.S. officials said Mr. Smith met Gov. Jones at 3 p.m.", 1),
    ("Storm hits coast\n\nWinds reached 120 km/h, officials said.", 2),
    ("BREAKING NEWS\nMarkets fall\nStocks dropped sharply on Monday.", 3),
    ("The U.S. The U.K.", 2),
    ("Sales rose 3.5 percent. Costs fell 1.2 percent.", 2),
    ("He earned $3.2 million in 2019. That was a record.", 2),
    ("He paused... Then he left.", 2),
    ("Wait... it worked.", 1),
    ("“We are not done yet...,” he said. The crowd cheered.", 2),
    ("“Is it over?” she asked. Nobody knew.", 2),
    ("“Why now?” asked Sen. Warren. Nobody answered.", 2),
    ("He said, “It is over.” She agreed.", 2),
    ("J. K. Rowling wrote. Fans read.", 2),
    ("A. B. Smith and C. D. Jones met.", 1),
    ("Profit rose at Acme Inc. The shares jumped.", 2),
    ("Acme Inc. said profit rose.", 1),
    ("Shares of Apple Inc. rose. Google Inc. fell.", 2),
    ("Dr. Jane Smith, Ph.D., led the study. It took years.", 2),
    ("They met at 10 a.m. Tuesday in Paris.", 1),
    ("Big tech firms, e.g. Apple, spent more.", 1),
    ("Did it work? Yes! It did.", 3),
    ("Yahoo! said it would cut jobs.", 1),
    ("Key points:\n- Sales rose\n- Costs fell\n- Jobs were cut", 4),
    ("1. First item\n2. Second item\n3. Third item", 3),
    (
        "The company said its first quarter profit rose sharply\n"
        "on higher sales of its main products in the United\n"
        "States and Europe, and it expects the trend to continue\n"
        "through the rest of the year. It gave no figures.\n",
        2,
    ),
    ("It is what it is. No.", 2),
    ("I live in the U.S. Do you?", 2),
]


def _text_and_count(case):
    return tuple(case.values) if hasattr(case, "values") else case


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parser_counts_sentences(text, expected):
    assert len(parse(text).sentences) == expected


def test_parser_beats_textstat_sentence_count(monkeypatch):
    # textstat.sentence_count needs no syllable dictionary: prove it never reaches for one.
    def refuse(*args, **kwargs):
        raise AssertionError("must not download or load cmudict")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(importlib.import_module("textstat.backend.counts._count_syllables"), "get_cmudict", refuse)
    cases = [_text_and_count(case) for case in CASES]
    parser_right = sum(len(parse(text).sentences) == expected for text, expected in cases)
    textstat_right = sum(textstat.sentence_count(text) == expected for text, expected in cases)
    assert len(cases) >= 15
    assert parser_right > textstat_right
