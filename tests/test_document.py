"""Tests for hypedetect.document: sentences, tokens, quotes, blocks, offsets."""

from pathlib import Path

import pytest

from hypedetect.document import PROMOTIONAL_BLOCK_KINDS, parse, punkt_parameters, punkt_tokenizer

from ._shared import require_examples


def _sentences(text):
    doc = parse(text)
    return [text[s.start : s.end] for s in doc.sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "U.S. officials said Mr. Smith met Gov. Jones at 3 p.m.",
            ["U.S. officials said Mr. Smith met Gov. Jones at 3 p.m."],
        ),
        (
            "Deal struck on batteries\nThe utility said on Tuesday it would buy them.",
            ["Deal struck on batteries", "The utility said on Tuesday it would buy them."],
        ),
        ("It rose 3.5 percent. Shares fell.", ["It rose 3.5 percent.", "Shares fell."]),
        ("He met J. K. Rowling. She smiled.", ["He met J. K. Rowling.", "She smiled."]),
        ("“Is it over?” she asked. Nobody knew.", ["“Is it over?” she asked.", "Nobody knew."]),
        ("Profit rose at Acme Inc. The shares jumped.", ["Profit rose at Acme Inc.", "The shares jumped."]),
        ("Acme Inc. said profit rose.", ["Acme Inc. said profit rose."]),
        ("Wait... it worked.", ["Wait... it worked."]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert _sentences(text) == expected


def test_heading_line_is_its_own_sentence_with_kind_heading():
    doc = parse("Storm hits coast\n\nWinds reached 120 km/h, officials said.")
    assert [s.kind for s in doc.sentences] == ["heading", "sentence"]


def test_hard_wrapped_text_is_unwrapped_into_sentences():
    text = (
        "The company said its first quarter profit rose sharply\n"
        "on higher sales of its main products in the United\n"
        "States and Europe, and it expects the trend to continue\n"
        "through the rest of the year. It gave no figures.\n"
    )
    assert len(parse(text).sentences) == 2


def test_words_carry_offsets_into_the_original_text():
    text = "OpenAI’s well-known CEO said 1,000 U.S. jobs."
    doc = parse(text)
    assert doc.words == ("openai's", "well-known", "ceo", "said", "1,000", "u.s", "jobs")
    for word, start, end in zip(doc.words, doc.word_starts, doc.word_ends, strict=True):
        assert text[start:end].lower().replace("’", "'") == word


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('He said "we will win" today.', ['"we will win"']),
        ("He said “we will win” and ‘they know it’.", ["“we will win”", "‘they know it’"]),
        ("The players' union didn't agree.", []),
        (
            '"Never closed. "Second one". Critics say so. "Third".',
            ['"Never closed.', '"Second one"', '"Third"'],
        ),
    ],
)
def test_quotes(text, quoted):
    doc = parse(text)
    assert [text[q.start : q.end] for q in doc.quotes] == quoted


def test_multi_paragraph_quote_is_one_span():
    text = "“The first part goes on,\n\n“and the second part ends here,” she said.\n\nNext paragraph."
    doc = parse(text)
    assert len(doc.quotes) == 1
    assert text[doc.quotes[0].start : doc.quotes[0].end].endswith("ends here,”")


def test_unclosed_quote_ends_with_its_paragraph():
    text = "He said “this never closes\n\nA new paragraph without quotes."
    doc = parse(text)
    assert [text[q.start : q.end] for q in doc.quotes] == ["“this never closes"]


def test_viral_phrase_list_is_one_promotional_block():
    text = (
        "A plain story ends here.\n"
        "Tags:\nalpha, beta, gamma, delta\n"
        "Viral Phrases:\n- “First slogan”\n- “Second slogan”\n- “Third slogan”\n"
        "Leave a Reply\nWant to join the discussion? Feel free to contribute!\n"
    )
    doc = parse(text)
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["tags", "viral_phrases", "comment_prompt"]
    viral = doc.blocks[1]
    assert text[viral.start : viral.end].startswith("Viral Phrases:")
    assert text[viral.start : viral.end].endswith("“Third slogan”")
    assert {"tags", "viral_phrases"} <= PROMOTIONAL_BLOCK_KINDS
    assert doc.quotes == ()  # slogans in a block are not quoted sources


def test_prose_is_not_flagged_as_block():
    doc = parse("The council met. It voted on the budget. Tags were not discussed.")
    assert doc.blocks == ()


def test_unmarked_bullet_run_is_a_list_block():
    doc = parse("Key points:\n- one thing\n- another thing\n- a third thing\n\nThe end of the story.")
    assert [b.kind for b in doc.blocks] == ["list"]


def test_empty_and_whitespace_texts_parse():
    for text in ("", "   \n\t", "!!!", "🙂🙂"):
        doc = parse(text)
        assert doc.n_words == 0


def test_parse_rejects_non_strings():
    with pytest.raises(TypeError, match="expects a str"):
        parse(b"bytes")


def test_shipped_punkt_parameters_work_with_nltk_reference():
    params = punkt_parameters()
    assert {"mr", "u.s", "p.m", "gov", "inc"} <= params.abbrev_types
    text = "Mr. Smith arrived at 3 p.m. on Friday. He left."
    assert punkt_tokenizer().tokenize(text) == _sentences(text)


def test_viral_phrases_block_in_example_002():
    folder = require_examples()
    path = next(Path(folder).glob("002_*.txt"))
    text = path.read_text(encoding="utf-8")
    doc = parse(text)
    viral = [b for b in doc.blocks if b.kind == "viral_phrases"]
    assert len(viral) == 1
    block_text = text[viral[0].start : viral[0].end]
    assert block_text.startswith("Viral Phrases:")
    assert block_text.count("\n- ") == 20
