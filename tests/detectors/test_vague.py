"""Tests for hypedetect.detectors.vague: vague quantifiers heading a subject, passive attributions."""

import pytest

from hypedetect.detectors.linear import tokenize
from hypedetect.detectors.vague import find_vague_attributions, vague_attribution_spans
from hypedetect.document import parse
from hypedetect.lexicons import load_lexicon


@pytest.mark.parametrize("sentence, expected", [
    ("Many experts believe the plan will fail.", [("vague_quantifier", "many")]),
    ("Several studies have found a link.", [("vague_quantifier", "several")]),
    ("Numerous critics say it is unsafe.", [("vague_quantifier", "numerous")]),
    ("He said that some analysts argued otherwise.", [("vague_quantifier", "some")]),
    ("A number of scientists think so.", [("vague_quantifier", "a number of")]),
    ("The drug is known to cause headaches.", [("passive_attribution", "is known to")]),
    ("She is widely believed to be the author.", [("passive_attribution", "is widely believed to")]),
    # not heading a subject, or no verb of opinion or saying after it
    ("He ate many apples yesterday.", []),
    ("We sold some of the shares at a loss.", []),
    ("Several hundred protesters marched downtown on Sunday.", []),
])
def test_cases(sentence, expected):
    words = tokenize(sentence)[0]
    found = [(m.kind, " ".join(words[m.first:m.end])) for m in find_vague_attributions(words)]
    assert found == expected


def test_spans_slice_the_document():
    doc = parse("Officials met. Many analysts say, however, that several firms are known to cheat.")
    spans = vague_attribution_spans(doc)
    assert [(doc.text[s:e], kind) for s, e, kind in spans] == [
        ("Many", "vague_quantifier"), ("several", "vague_quantifier"), ("are known to", "passive_attribution")]


def test_lexicon_is_headed_by_its_provenance():
    lexicon = load_lexicon("vague_quantifiers")
    assert "Words to watch" in lexicon.provenance and "CoNLL-2010" in lexicon.provenance
    assert {"some", "many", "numerous", "several", "is known to"} <= set(lexicon.entries)
