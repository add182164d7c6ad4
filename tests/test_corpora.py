"""Tests for hypedetect.corpora: cleaning steps, manifests, corpus and evaluation loaders.

Every string in the unit tests is invented for the test; no corpus text is copied here.
The integration tests read the shared corpora (see ``tests/_shared.py``).
"""

import functools
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from hypedetect import corpora
from hypedetect.corpora import (
    ALWAYS_STEPS,
    CLEANING_STEPS,
    COLUMNS,
    ENV_VAR,
    GENERIC_STEPS,
    LABELS,
    CorpusNotFoundError,
    clean_text,
    corpora_dir,
    expand_reuters_abbreviations,
    fix_mojibake,
    list_manifests,
    load_basil,
    load_corpora,
    load_corpus,
    load_fakehealth_hype,
    load_manifest,
    load_ptc,
    load_ptc_sentences,
    load_wikiweasel,
    manifest_dir,
    mask_spans,
    normalise_punctuation,
    normalise_whitespace,
    sentence_case_headline,
    sentence_case_headlines,
    strip_about_section,
    strip_contact_blocks,
    strip_dateline,
    strip_distribution_notes,
    strip_kickstarter_header,
    strip_leading_title,
    strip_legal_disclaimers,
    strip_markdown,
    strip_page_furniture,
    strip_reuter_signoff,
    strip_ticker_brackets,
    strip_urls,
    strip_wire_tags,
    unescape_html,
)
from hypedetect.errors import InputError

from . import _shared as _corpora_helpers
from ._shared import require_corpora

# A sentence long enough (30+ words) for the end-mark rule of strip_contact_blocks.
LONG_LEAD = (
    "Harbor Valley Tools opened its second workshop in Millbrook on Monday, adding twelve jobs and a "
    "training bench for apprentices, and the company said it expects to hire another six people before "
    "the end of the summer season."
)


# =========================================================================== cleaning steps


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("one line", "one line"),
        ("The plan was\nwelcomed by all.", "The plan was welcomed by all."),  # hard-wrapped sentence
        ("First point.\nSecond point.", "First point.\n\nSecond point."),  # one paragraph a line
        ("First.\n\n\n\nSecond.", "First.\n\nSecond."),
        ("  padded   words \t here  ", "padded words here"),
        ("a\u00a0b\u202fc", "a b c"),
        ("zero\u200bwidth", "zerowidth"),
        ("Windows\r\nline ends.\r\nAgain.", "Windows line ends.\n\nAgain."),
        ("Heading\nBody starts here.", "Heading\n\nBody starts here."),  # next line capitalised: a new paragraph
    ],
)
def test_normalise_whitespace(raw, expected):
    assert normalise_whitespace(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u201cYes,\u201d she said", '"Yes," she said'),
        ("it\u2019s", "it's"),
        ("the mill\u2014which closed\u2014reopened", "the mill - which closed - reopened"),
        ("the mill \u2013 reopened", "the mill - reopened"),
        ("pages 10\u201312", "pages 10-12"),
        ("wait -- there is more", "wait - there is more"),
        ("and so\u2026", "and so..."),
        ("plain ASCII stays", "plain ASCII stays"),
    ],
)
def test_normalise_punctuation(raw, expected):
    assert normalise_punctuation(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a fee of \u00c2\u00a35", "a fee of \u00a35"),
        ("the town\u00e2\u20ac\u2122s mayor", "the town\u2019s mayor"),
        ("caf\u00c3\u00a9 opens", "caf\u00e9 opens"),
        ("a real caf\u00e9 and \u00a35", "a real caf\u00e9 and \u00a35"),  # correct text is left alone
    ],
)
def test_fix_mojibake(raw, expected):
    assert fix_mojibake(raw) == expected


def test_unescape_html():
    assert unescape_html("Bread &amp; Butter &quot;Co&quot; &#8211; Q&amp;A") == 'Bread & Butter "Co" \u2013 Q&A'


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("![](https://img.example/a.png)Text", "Text"),
        ("See ![logo](https://img.example/a.png) here", "See  here"),
        ("[](https://video.example/v)Clip", "Clip"),
        ("Read [the plan](https://plan.example) now", "Read the plan now"),
        ("A **bold** and __strong__ claim", "A bold and strong claim"),
        ("An *odd* claim", "An odd claim"),
        ("## Heading here\nBody", "Heading here\nBody"),
        ("Text\n* * *\nMore", "Text\n\nMore"),
        ("* a bullet stays", "* a bullet stays"),
        ("2 * 3 * 4 = 24", "2 * 3 * 4 = 24"),
    ],
)
def test_strip_markdown(raw, expected):
    assert strip_markdown(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Visit https://shop.example/x?y=1 today.", "Visit the website today."),
        ("Details at www.shop.example.", "Details at the website."),
        ("(http://a.example)", "(the website)"),
        ("no link here", "no link here"),
    ],
)
def test_strip_urls(raw, expected):
    assert strip_urls(raw) == expected


def test_mask_spans_replaces_each_span_with_a_separator():
    text = "OAKDALE /Wire One/ -- Acme said, /Wire Two/ ok"
    spans = [[8, 18], [33, 43]]
    assert mask_spans(text, spans) == "OAKDALE  -  -- Acme said,  -  ok"
    assert mask_spans(text, []) == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ELMTON, OH, May 5, 2025 /24-7PressRelease/ -- Acme grew.", "ELMTON, OH, May 5, 2025 - Acme grew."),
        ("Acme grew --News Direct-- today.", "Acme grew - today."),
        ("Elmton, Ohio (Newsworthy.ai) Tuesday - Acme grew.", "Elmton, Ohio - Tuesday - Acme grew."),
        ("ELMTON, Ohio - (BUSINESS WIRE) - Acme grew.", "ELMTON, Ohio - Acme grew."),
        ("NEW YORK, March 3 (Reuters) - Ore fell.", "NEW YORK, March 3 - Ore fell."),
        ("LONDON (AP) - Ore fell.", "LONDON - Ore fell."),
        ("(Reuters) - Ore fell.", "Ore fell."),
        ("ELMTON, OH / Acme Tools Ltd / May 5 - Acme grew.", "ELMTON, OH - May 5 - Acme grew."),
        ("ELMTON (Acme Gazette) - Acme grew.", "ELMTON (Acme Gazette) - Acme grew."),  # not a known wire
    ],
)
def test_strip_wire_tags(raw, expected):
    assert strip_wire_tags(raw) == expected


def test_strip_wire_tags_only_searches_the_head():
    text = "Acme grew. " * 80 + "(Reuters) - late mention"
    assert strip_wire_tags(text) == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("WASHINGTON, D.C. - The bill passed.", "The bill passed."),
        ("ELMTON, Wis. - The mill reopened.", "The mill reopened."),
        ("NEW YORK, March 3 - Ore prices fell.", "Ore prices fell."),
        ("Nov. 8, 2011 - A trial began.", "A trial began."),
        ("LONDON - Ore prices fell.", "Ore prices fell."),
        ("Elmton, Ohio - Tuesday Oct 1, 2024 @ 6:00 PM Pacific - Acme grew.", "Acme grew."),
        ("Elmton, OH: October 1, 2025 - Acme grew.", "Acme grew."),
        ("ELMTON, OH (May 5, 2025) - - Acme grew.", "Acme grew."),
        ("10.19.17 Acme grew.", "Acme grew."),
        (
            "Acme Launches Tool\n\nElmton, Ohio - May 5, 2025 -\n\nElmton, OH - Acme grew.",
            "Acme Launches Tool\n\nAcme grew.",
        ),
        ("Acme grew.\n\n- May 5, 2025 - ELMTON - Acme grew more.", "Acme grew.\n\nAcme grew more."),
        ("Acme grew.\n\n- a bullet - stays", "Acme grew.\n\n- a bullet - stays"),
        # a run-in headline in title case goes with its dateline; one with lower-case words stays
        ("Acme Opens New Plant WASHINGTON, D.C. - The firm grew.", "The firm grew."),
        ("Acme opens a plant in Elmton WASHINGTON, D.C. - It grew.", "Acme opens a plant in Elmton It grew."),
        ("Acme opens a plant in Elmton Washington, DC - It grew.", "Acme opens a plant in Elmton It grew."),
        ("Acme opens a plant in Elmton (WASHINGTON) It grew.", "Acme opens a plant in Elmton It grew."),
        # not datelines
        ("Acme - the firm - said so.", "Acme - the firm - said so."),
        ("The Grain Board, Acme - which sets prices - met.", "The Grain Board, Acme - which sets prices - met."),
        ("Acme Tools 360 Review: a great year", "Acme Tools 360 Review: a great year"),
        ("The GRAIN - a board - met.", "The GRAIN - a board - met."),
        ("About 40 people - mostly students - came.", "About 40 people - mostly students - came."),
    ],
)
def test_strip_dateline(raw, expected):
    assert strip_dateline(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Acme grew.\n\nAbout Acme\n\nAcme makes tools.\n\nMedia line", "Acme grew."),
        ("Acme grew.\n\nAbout Acme Tools Inc.\n\nAcme makes tools.", "Acme grew."),
        ("Acme grew.\n\nAbout Acme: Acme makes tools.", "Acme grew."),
        ("Acme grew.\n\nAbout AcmeAcme makes tools.", "Acme grew."),
        ("About Acme, a story.\n\nMore.", "About Acme, a story.\n\nMore."),  # the lead paragraph stays
        ("Acme grew.\n\nAbout 40 people came.", "Acme grew.\n\nAbout 40 people came."),
        ("Acme grew.\n\nAbout half came.", "Acme grew.\n\nAbout half came."),
    ],
)
def test_strip_about_section(raw, expected):
    assert strip_about_section(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"{LONG_LEAD} ### Acme is a firm.", LONG_LEAD),
        (f"{LONG_LEAD}\n\n# # #\n\nAcme is a firm.", LONG_LEAD),
        (f"{LONG_LEAD}\n\n-30-\n\nAcme is a firm.", LONG_LEAD),
        ("Short text ### kept", "Short text ### kept"),  # too little before the mark to be an end mark
        ("Acme grew.\n\nMedia Contact:\n\nJo Doe\n\njo@acme.example\n\n555-123-4567", "Acme grew."),
        ("Acme grew.\n\nContact: Jo Doe, 555-123-4567", "Acme grew."),
        ("Acme grew.\n\nJo Doe, jo@acme.example", "Acme grew."),
        ("Acme grew.\n\nCall (555) 123-4567 or +1 555-123-4567.", "Acme grew."),
        ("Acme grew.\n\nIR: +49 231 5849-12297ir@acme.example", "Acme grew."),
        ("Acme grew.\n\nJo Doe (555) 123-4567FOR RELEASE", "Acme grew."),
    ],
)
def test_strip_contact_blocks(raw, expected):
    assert strip_contact_blocks(raw) == expected


def test_strip_contact_blocks_masks_contacts_in_running_text():
    text = f"{LONG_LEAD} Write to jo@acme.example or call 555.123.4567 or 1-800-555-0100 for the report."
    cleaned = strip_contact_blocks(text)
    expected = "Write to the email address or call the phone number or the phone number for the report."
    assert cleaned == f"{LONG_LEAD} {expected}"


def test_strip_contact_blocks_cuts_a_leading_contact_line():
    text = "Contact: Jo Doe (555) 123-4567 " + LONG_LEAD
    assert strip_contact_blocks(text) == LONG_LEAD


def test_strip_contact_blocks_leaves_numbers_that_are_not_phones():
    text = "Output was 1,200 tonnes in 1986/87 and 3.5 mln in 1985, up 12-15 pct."
    assert strip_contact_blocks(text) == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("FOR IMMEDIATE RELEASE\n\nAcme grew.", "Acme grew."),
        ("For Immediate Release: Acme grew.", "Acme grew."),
        ("Acme grew.\n\nView source version on acmewire.example: the website", "Acme grew."),
        ("Acme grew.\n\nThe post Acme Grows appeared first on Acme Wire.", "Acme grew."),
        ("Acme grew.\n\nDistributed by: Acme Wire", "Acme grew."),
        ("Acme grew.\n\nAdd Acme Wire as your preferred news source on the web", "Acme grew."),
        ("Acme grew.\n\nThis article has been amplified by Acme Wire.", "Acme grew."),
        ("Acme grew.\n\nThe source of the data is the census.", "Acme grew.\n\nThe source of the data is the census."),
    ],
)
def test_strip_distribution_notes(raw, expected):
    assert strip_distribution_notes(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Acme grew.\n\nForward-Looking Statements\n\nResults may differ.", "Acme grew."),
        ("Acme grew.\n\nThis press release contains forward-looking statements.", "Acme grew."),
        ("Acme grew.\n\nSafe Harbor Statement: results may differ.", "Acme grew."),
        ("Acme grew. The issuer is solely responsible for the content of this announcement.", "Acme grew."),
        ("Disclaimer: the lead paragraph stays.", "Disclaimer: the lead paragraph stays."),
    ],
)
def test_strip_legal_disclaimers(raw, expected):
    assert strip_legal_disclaimers(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jo Doe\n\nThe council met.", "The council met."),
        ("By Jo Doe and Al Roe\n\nThe council met.", "The council met."),
        ("Millbrook Ledger Reporter\n\nThe council met.", "The council met."),
        ("Advertisement\n\nThe council met.\n\nSponsored", "The council met."),
        ("The council met.\n\nA view of the hall. Jo Doe/Getty Images", "The council met."),
        ("The council met.\n\n12 Comments", "The council met."),
        ("A long caption about the hall on the day the council met in full. (AP Photo/Jo Doe)\n\nIt met.", "It met."),
        ("Vote share: f t The council met.", "Vote The council met."),
        ("By the river, the council met.", "By the river, the council met."),
        ("Photo finish at the derby.", "Photo finish at the derby."),
    ],
)
def test_strip_page_furniture(raw, expected):
    assert strip_page_furniture(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("StoryWe build boats.", "We build boats."),
        ("Story We build boats.", "We build boats."),
        ("Storytelling is old.", "Storytelling is old."),
        ("Our Story begins.", "Our Story begins."),
    ],
)
def test_strip_kickstarter_header(raw, expected):
    assert strip_kickstarter_header(raw) == expected


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Acme wins prize\n\nAcme won.", "Acme Wins Prize", "Acme won."),
        ("Acme wins prize Acme won.", "Acme wins prize", "Acme won."),
        ("Acme won a prize.", "Acme Wins Prize", "Acme won a prize."),
        ("Acme won.", "", "Acme won."),
    ],
)
def test_strip_leading_title(text, title, expected):
    assert strip_leading_title(text, title) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sales rose 5 pct.  REUTER", "Sales rose 5 pct."),
        ("Sales rose.\n\nTrade was thin.\n\nReuter", "Sales rose.\n\nTrade was thin."),
        ("Sales rose. REUTERS", "Sales rose."),
        ("A Reuters survey found growth.", "A Reuters survey found growth."),
        ("Sales rose, Reuters was told.", "Sales rose, Reuters was told."),
    ],
)
def test_strip_reuter_signoff(raw, expected):
    assert strip_reuter_signoff(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Acme Corp <ACME> said", "Acme Corp said"),
        ("Acme Corp <ACME.N>, which", "Acme Corp, which"),
        ("bought <Widget Works Inc> for cash", "bought Widget Works Inc for cash"),
        ("no brackets", "no brackets"),
    ],
)
def test_strip_ticker_brackets(raw, expected):
    assert strip_ticker_brackets(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5 mln dlrs", "5 million dollars"),
        ("2 bln dlr loss", "2 billion dollar loss"),
        ("up 3 pct", "up 3 percent"),
        ("Shr 40 cts vs 10 cts", "Share 40 cents vs 10 cents"),
        ("Qtly div 15 cts", "Quarterly dividend 15 cents"),
        ("Revs 9 mln, oper net up, 12 mths, 1st qtr", "Revenues 9 million, operating net up, 12 months, 1st quarter"),
        ("a one-billion-dlr offer", "a one-billion-dollar offer"),
        ("PROFIT UP 5 PCT", "PROFIT UP 5 PERCENT"),
        ("we expect products to act", "we expect products to act"),  # "ct" inside words is left alone
    ],
)
def test_expand_reuters_abbreviations(raw, expected):
    assert expand_reuters_abbreviations(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ACME SEES HIGHER PROFIT", "Acme sees higher profit"),
        ("ACME TO KEEP up OUTPUT IN U.S.", "Acme to keep up output in U.S."),
        ("ACME 4TH QTR NET", "Acme 4TH qtr net"),
        ("Acme Sees Higher Profit", "Acme Sees Higher Profit"),
        ("NATO", "Nato"),
        ("A B", "A B"),  # too few letters to be a headline
    ],
)
def test_sentence_case_headline(raw, expected):
    assert sentence_case_headline(raw) == expected


def test_sentence_case_headlines_only_touches_all_capital_paragraphs():
    assert sentence_case_headlines("ACME TO BUY WIDGET\n\nAcme said so.") == "Acme to buy widget\n\nAcme said so."


def test_every_cleaning_step_has_a_docstring_that_says_why():
    for name, step in CLEANING_STEPS.items():
        assert step.__doc__ and len(step.__doc__.split()) > 15, name


def test_clean_text_applies_steps_in_one_order_whatever_the_manifest_order():
    raw = "ELMTON, Ohio (Reuters) -- Output rose 3 pct.\nIt was  \u201cgood\u201d.  REUTER"
    steps = ["strip_wire_tags", "strip_dateline", "strip_reuter_signoff", "expand_reuters_abbreviations"]
    expected = 'Output rose 3 percent.\n\nIt was "good".'
    assert clean_text(raw, steps) == expected
    assert clean_text(raw, list(reversed(steps))) == expected


def test_clean_text_always_normalises_layout_and_typography():
    assert clean_text("It\u2019s  \u00c2\u00a35 &amp; more.\nNext.") == "It's \u00a35 & more.\n\nNext."


def test_clean_text_masks_the_card_spans_before_anything_else():
    raw = "OAKDALE, OH /Acme Wire/ -- Acme grew."
    assert clean_text(raw, ["mask_wire_tag_spans", "strip_dateline"], wire_tag_spans=[[12, 23]]) == "Acme grew."


def test_clean_text_rejects_unknown_steps():
    with pytest.raises(InputError, match="unknown cleaning step"):
        clean_text("text", ["strip_everything"])


# =========================================================================== locations and errors


def test_corpora_dir_prefers_the_argument_then_the_environment_then_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from_env"))
    assert corpora_dir(tmp_path / "given") == (tmp_path / "given").resolve()
    assert corpora_dir() == (tmp_path / "from_env").resolve()
    monkeypatch.delenv(ENV_VAR)
    work = tmp_path / "work" / "main"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    assert corpora_dir() == (tmp_path / "work" / "shared" / "corpora").resolve()


def test_manifest_dir_is_the_package_data_folder_unless_overridden(tmp_path):
    assert manifest_dir() == Path(corpora.__file__).resolve().parents[1] / "data" / "manifests"
    assert manifest_dir(tmp_path) == tmp_path


def test_a_missing_corpora_folder_is_one_clear_file_not_found_error(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(CorpusNotFoundError) as caught:
        load_corpus("bbc_news_2225", root=missing)
    error = caught.value
    assert isinstance(error, FileNotFoundError)
    assert isinstance(error, InputError)
    message = str(error)
    assert "\n" not in message
    assert str(missing) in message
    assert ENV_VAR in message


@pytest.mark.parametrize("loader", [load_wikiweasel, load_ptc, load_ptc_sentences, load_basil, load_fakehealth_hype])
def test_evaluation_loaders_raise_the_same_error(loader, tmp_path):
    with pytest.raises(CorpusNotFoundError, match=ENV_VAR):
        loader(tmp_path / "nowhere")


def test_a_missing_corpus_file_names_the_file(tmp_path):
    with pytest.raises(CorpusNotFoundError) as caught:
        load_corpus("reuters21578", root=tmp_path)
    assert "reuters21578_with_body.jsonl.gz" in str(caught.value)


# =========================================================================== the require_corpora helper


def test_require_corpora_returns_an_existing_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert require_corpora() == tmp_path


def test_require_corpora_skips_when_the_folder_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"shared corpora not found at .*missing; set HYPEDETECT_CORPORA"):
        _corpora_helpers.require_corpora()


def test_examples_are_found_beside_the_corpora_unless_given(monkeypatch, tmp_path):
    monkeypatch.delenv("HYPEDETECT_EXAMPLES", raising=False)
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "shared" / "corpora"))
    assert _corpora_helpers.examples_dir() == tmp_path / "shared" / "examples"
    monkeypatch.setenv("HYPEDETECT_EXAMPLES", str(tmp_path / "mine"))
    assert _corpora_helpers.examples_dir() == tmp_path / "mine"


def test_require_corpora_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"shared corpora not found at .*missing; set HYPEDETECT_CORPORA"):
        _corpora_helpers.require_corpora()


# =========================================================================== manifests

EXPECTED_MANIFESTS = {
    "basil",
    "bbc_news_2225",
    "congress_press_releases",
    "fakehealth_release_vs_story",
    "hyperpartisan_semeval19",
    "kickstarter_pitches",
    "press_release_archive_cc0",
    "reuters21578",
}
REQUIRED_KEYS = {"name", "files", "format", "text_field", "label", "source_field", "licence", "citation",
                 "min_words", "clean"}


def test_there_is_one_manifest_per_article_level_corpus():
    assert set(list_manifests()) == EXPECTED_MANIFESTS


def _file_specs(raw):
    """Top-level keys overridden by each ``[[files]]`` table."""
    return [{**raw, **({"path": entry} if isinstance(entry, str) else entry)} for entry in raw["files"]]


def _label_names(label):
    return {label} if isinstance(label, str) else set(label["values"].values())


@pytest.mark.parametrize("name", sorted(EXPECTED_MANIFESTS))
def test_manifest_schema(name):
    path = manifest_dir() / f"{name}.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    specs = _file_specs(raw)
    assert raw["name"] == name
    assert REQUIRED_KEYS - {"format", "text_field", "label", "source_field", "min_words"} <= set(raw)
    for spec in specs:
        assert REQUIRED_KEYS <= set(spec), spec["path"]
        assert spec["format"] in {"jsonl", "jsonl.gz"}
        assert spec["path"].endswith(spec["format"])
        assert _label_names(spec["label"]) <= set(LABELS)
        assert isinstance(spec["min_words"], int) and spec["min_words"] >= 0
    assert isinstance(raw["licence"], str) and raw["licence"].strip()
    assert isinstance(raw["citation"], str) and raw["citation"].strip()
    assert set(raw["clean"]) <= set(CLEANING_STEPS)
    assert set(GENERIC_STEPS) <= set(raw["clean"]), "every corpus loses the same kinds of furniture"
    assert not set(ALWAYS_STEPS) & set(raw["clean"]), "always-on steps need not be listed"
    manifest = load_manifest(name)
    assert manifest.name == name and len(manifest.files) == len(specs)


def test_only_basil_stays_out_of_training():
    assert {name for name in list_manifests() if not load_manifest(name).training} == {"basil"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('name = "toy"\n', "missing key"),
        ("name = \n", "not valid TOML"),
        ('name = "other"\n', "does not match"),
        ('label = "advert"\n', "not one of"),
        ('clean = ["strip_everything"]\n', "unknown cleaning step"),
        ('format = "xml"\n', "format"),
        ('colour = "red"\n', "unknown key"),
        ('label = { field = "kind", values = { ad = "advert" } }\n', "label values"),
    ],
)
def test_bad_manifests_are_rejected_with_the_file_named(tmp_path, content, reason):
    base = {
        "name": '"toy"',
        "files": '["toy.jsonl"]',
        "format": '"jsonl"',
        "text_field": '"text"',
        "label": '"newsy"',
        "source_field": '"outlet"',
        "licence": '"invented"',
        "citation": '"invented"',
        "min_words": "0",
        "clean": "[]",
    }
    key = content.split("=")[0].strip()
    if reason == "missing key":
        lines = [f"{k} = {v}" for k, v in base.items() if k != "citation"]
    else:
        lines = [f"{k} = {v}" for k, v in base.items() if k != key] + [content.strip()]
    (tmp_path / "toy.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=reason) as caught:
        load_manifest("toy", directory=tmp_path)
    assert "toy.toml" in str(caught.value)


def test_an_unknown_manifest_lists_the_known_ones(tmp_path):
    with pytest.raises(InputError, match="no manifest"):
        load_manifest("nothing", directory=tmp_path)


def test_a_manifest_reads_a_made_up_corpus(tmp_path):
    folder = tmp_path / "data" / "toy"
    folder.mkdir(parents=True)
    (folder / "toy.jsonl").write_text(
        '{"key": "a1", "body": "MILLBROOK, Ohio - The council met on Monday and agreed to the budget.", '
        '"outlet": "www.Ledger.example", "kind": "report"}\n'
        '{"key": "a2", "body": "Too short.", "outlet": "ledger.example", "kind": "report"}\n'
        '{"key": "a3", "body": "Acme is thrilled to unveil its best tool yet. Visit https://acme.example now.", '
        '"outlet": "acme.example", "kind": "advert"}\n'
        '{"key": "a4", "body": "An opinion about the council and its budget for the year.", '
        '"outlet": "blog.example", "kind": "opinion"}\n',
        encoding="utf-8",
    )
    (tmp_path / "manifests").mkdir()
    (tmp_path / "manifests" / "toy.toml").write_text(
        'name = "toy"\nfiles = ["toy.jsonl"]\nformat = "jsonl"\ntext_field = "body"\nid_field = "key"\n'
        'source_field = "outlet"\nmin_words = 5\nlicence = "invented"\ncitation = "invented"\n'
        'clean = ["strip_urls", "strip_dateline"]\n'
        'label = { field = "kind", values = { report = "newsy", advert = "promotional" } }\n',
        encoding="utf-8",
    )
    manifest = load_manifest("toy", directory=tmp_path / "manifests")
    spec = manifest.files[0]
    assert [spec.label_of({"kind": kind}) for kind in ("report", "advert", "opinion")] == [0, 1, None]
    assert manifest.folder == "toy"


# =========================================================================== integration: the shared corpora


@pytest.fixture(scope="module")
def root():
    return require_corpora()


@functools.cache
def _load(name: str, clean: bool, root: Path) -> pd.DataFrame:
    return load_corpus(name, root=root, clean=clean)


# Rows before cleaning follow the card arithmetic; cleaning can only merge a few
# more exact duplicates (for instance two releases that differed only in their
# wire tag), never drop text otherwise.
CORPUS_COUNTS = [
    ("press_release_archive_cc0", 6849 - 7),  # 7 non-English; all have >= 80 words
    ("congress_press_releases", 6280 - 3),  # 3 releases under 50 words
    ("kickstarter_pitches", 293 - 18 + 1542),  # 18 campaigns under 50 words
    ("bbc_news_2225", 2225 - 133),  # the card's flagged exact duplicates
    ("reuters21578", 5237),  # of 19,043: 5,349 with >= 150 words (the card's advice), 112 exact duplicates
    ("fakehealth_release_vs_story", (599 - 6) + (1638 - 103)),  # under 50 words: 6 releases, 103 stories
    ("hyperpartisan_semeval19", 645 - 20 - 2),  # 20 under 50 words, 2 exact duplicates
    ("basil", 300),
]


@pytest.mark.parametrize(("name", "expected"), CORPUS_COUNTS)
@pytest.mark.integration
def test_corpus_row_counts_follow_the_cards(root, name, expected):
    assert len(_load(name, False, root)) == expected
    cleaned = _load(name, True, root)
    assert 0.99 * expected <= len(cleaned) <= expected


@pytest.mark.parametrize(
    ("name", "labels"),
    [
        ("press_release_archive_cc0", {1}),
        ("congress_press_releases", {1}),
        ("kickstarter_pitches", {1}),
        ("bbc_news_2225", {0}),
        ("reuters21578", {0}),
        ("fakehealth_release_vs_story", {0, 1}),
        ("hyperpartisan_semeval19", {0, None}),
        ("basil", {0}),
    ],
)
@pytest.mark.integration
def test_corpus_frames_have_the_columns_labels_and_sources(root, name, labels):
    frame = _load(name, True, root)
    assert list(frame.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert str(frame["label"].dtype) == "Int8"
    assert {None if pd.isna(value) else int(value) for value in frame["label"]} == labels
    assert (frame["corpus"] == name).all()
    assert frame["id"].is_unique
    assert frame["source"].notna().all() and (frame["source"].str.strip() != "").all()
    assert (frame["text"].str.split().str.len() >= 10).all()


@pytest.mark.integration
def test_fakehealth_keeps_the_release_story_split_and_the_hype_label(root):
    frame = _load("fakehealth_release_vs_story", True, root)
    releases, stories = frame[frame["label"] == 1], frame[frame["label"] == 0]
    assert (len(releases), len(stories)) == (593, 1535)
    # The card: 224 Not Satisfactory / 373 Satisfactory of 597 reviewed, before the 50-word filter.
    assert releases["sensational"].value_counts().to_dict() == {0: 369, 1: 222}
    assert releases["sensational"].isna().sum() == 2
    assert stories["sensational"].isna().all()
    assert releases["source"].str.contains("eurekalert.org").any()


@pytest.mark.integration
def test_hyperpartisan_articles_are_loadable_but_unlabelled(root):
    frame = _load("hyperpartisan_semeval19", True, root)
    assert frame["label"].isna().eq(frame["hyperpartisan"]).all()
    assert (int(frame["label"].notna().sum()), int(frame["hyperpartisan"].sum())) == (394, 229)


@pytest.mark.integration
def test_sources_are_the_grouping_the_cards_ask_for(root):
    assert set(_load("bbc_news_2225", True, root)["source"]) == {"bbc.co.uk"}
    assert set(_load("reuters21578", True, root)["source"]) == {"reuters.com"}
    assert _load("press_release_archive_cc0", True, root)["source"].nunique() == 18  # wires
    assert _load("congress_press_releases", True, root)["source"].nunique() == 157  # members
    assert set(_load("basil", True, root)["source"]) == {"fox", "nyt", "hpo"}
    stories = _load("fakehealth_release_vs_story", True, root)
    assert "reuters.com" in set(stories["source"])  # the same group as Reuters-21578
    assert not stories["source"].str.startswith("www.").any()


@pytest.mark.integration
def test_basil_keeps_the_event_of_each_triplet(root):
    frame = _load("basil", True, root)
    assert frame["event"].nunique() == 100
    assert frame.groupby("event")["source"].apply(frozenset).eq(frozenset({"fox", "nyt", "hpo"})).all()


# Tags and furniture that name a wire or a publisher (see the corpus cards), and the
# corpora each check applies to (None: all). Censored words ("f**k") and "***"
# separators are ordinary text, so only paired bold, links and headings count as Markdown.
GIVEAWAYS = {
    "wire tag": (
        re.compile(
            r"/24-7PressRelease/|News Direct--|\(Newsworthy\.ai\)|\(BUSINESS WIRE\)|\(GLOBE NEWSWIRE\)"
            r"|\(NEWMEDIAWIRE\)|\(Reuters\) -|\(AP\) -",
            re.I,
        ),
        None,
    ),
    "Reuter sign-off": (re.compile(r"\bREUTERS?\W*$|\bReuter\W*$"), None),
    "1987 abbreviation": (re.compile(r"\b(?:dlrs?|mln|bln)\b"), None),
    # Reuters Health stories in FakeHealth also write "pct" (a known, small leak).
    "Reuters abbreviation": (re.compile(r"\b(?:pct|cts|shr)\b", re.I), {"reuters21578"}),
    "Reuters ticker": (re.compile(r"<[A-Z.]{1,8}>"), {"reuters21578"}),
    "release end mark": (re.compile(r"###|# # #"), None),
    "URL": (re.compile(r"https?://\S|www\.\w", re.I), None),
    "email": (re.compile(r"@(?<=[\w.+-]@)[\w-]+\.\w"), None),
    "Markdown": (re.compile(r"\]\(|^#{1,6} |\*\*[A-Za-z][^*\n]{0,80}[a-z.]\*\*", re.M), None),
    "mojibake": (re.compile("\u00c2\u00a3|\u00e2\u20ac"), None),
    "typographic quote or dash": (re.compile("[\u2018\u2019\u201c\u201d\u2013\u2014]"), None),
    "layout": (re.compile(r"\r|\t|  |\n\n\n| \n|\n |\n(?<!\n\n)(?!\n)"), None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_MANIFESTS))
@pytest.mark.parametrize("giveaway", sorted(GIVEAWAYS))
@pytest.mark.integration
def test_cleaned_texts_carry_no_giveaways(root, name, giveaway):
    pattern, applies_to = GIVEAWAYS[giveaway]
    if applies_to is not None and name not in applies_to:
        return
    texts = _load(name, True, root)["text"]
    hits = [text[:80] for text in texts if pattern.search(text)]
    assert not hits, f"{len(hits)} texts in {name} still have a {giveaway}"


DATELINED = ["press_release_archive_cc0", "congress_press_releases", "fakehealth_release_vs_story"]


@pytest.mark.parametrize("name", DATELINED)
@pytest.mark.integration
def test_datelines_are_gone_from_the_first_paragraph(root, name):
    dateline = re.compile(r"^[A-Z]{3,}(?: [A-Z]{2,})*(?:, [A-Z][A-Za-z.]+\.?)* - ")
    texts = _load(name, True, root)["text"]
    hits = [text[:60] for text in texts if dateline.match(text)]
    assert len(hits) <= 0.005 * len(texts), hits[:5]


@pytest.mark.integration
def test_reuters_titles_are_sentence_case_without_abbreviations(root):
    titles = _load("reuters21578", True, root)["title"]
    assert not titles.str.fullmatch(r"[^a-z]*[A-Z]{3,}[^a-z]*").any()
    assert not titles.str.contains(r"\b(?:mln|dlrs|pct)\b|<", case=False).any()


@pytest.mark.integration
def test_raw_loading_keeps_the_stored_text(root):
    raw = _load("reuters21578", False, root)
    assert raw["text"].str.contains(r"\bmln\b").any()


@pytest.mark.integration
def test_limit_reads_a_few_rows_of_each_file(root):
    frame = load_corpus("fakehealth_release_vs_story", root=root, limit=3)
    assert frame["label"].value_counts().to_dict() == {1: 3, 0: 3}


@pytest.mark.integration
def test_load_corpora_stacks_the_training_corpora(root):
    frame = load_corpora(root=root, limit=40)
    training = EXPECTED_MANIFESTS - {"basil"}
    assert set(frame["corpus"]) == training
    assert frame["label"].notna().all()
    assert not frame["hyperpartisan"].fillna(False).any()  # the hyperpartisan articles are left out
    expected = sum(
        int(load_corpus(name, root=root, limit=40)["label"].notna().sum()) for name in sorted(training)
    )
    assert len(frame) == expected
    assert {"section", "sensational", "hyperpartisan"} <= set(frame.columns)
    assert set(frame["label"]) == {0, 1}


@pytest.mark.integration
def test_load_corpora_takes_a_list_of_names(root):
    frame = load_corpora(["basil", "bbc_news_2225"], root=root, limit=2)
    assert frame["corpus"].value_counts().to_dict() == {"basil": 2, "bbc_news_2225": 2}


# =========================================================================== integration: evaluation sets


@pytest.mark.integration
def test_load_wikiweasel(root):
    body = load_wikiweasel(root)
    assert (len(body), int(body["label"].sum())) == (16218, 2603)  # card: body sentences only
    assert list(body.columns) == ["doc_id", "sent_id", "part", "text", "label", "cues"]
    every = load_wikiweasel(root, body_only=False)
    assert (len(every), int(every["label"].sum())) == (20748, 2606)
    for text, cues in zip(body["text"], body["cues"], strict=True):
        for cue in cues:
            assert text[cue["start"] : cue["end"]] == cue["text"]


@pytest.mark.integration
def test_load_ptc(root):
    articles = load_ptc(root)
    assert len(articles) == 234
    assert sum(len(spans) for spans in articles["spans"]) == 3884
    for text, spans in zip(articles["text"], articles["spans"], strict=True):
        assert all(0 <= span["start"] < span["end"] <= len(text) for span in spans)


@pytest.mark.integration
def test_load_ptc_sentences_index_the_articles(root):
    sentences = load_ptc_sentences(root)
    assert len(sentences) == 10321
    assert sentences["article_id"].nunique() == 234
    assert int(sentences["has_loaded_language"].sum()) == 1209
    assert int(sentences["has_exaggeration_minimisation"].sum()) == 295
    articles = load_ptc(root)
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    for row in sentences.itertuples():
        assert texts[row.article_id][row.start : row.end].replace("\n", " ") == row.text


@pytest.mark.integration
def test_load_basil(root):
    frame = load_basil(root)
    assert len(frame) == 300 and frame["event"].nunique() == 100
    assert int(frame["n_lexical_spans"].sum()) == 480  # card: 480 lexical spans
    assert frame.groupby("source")["n_lexical_spans"].sum().to_dict() == {"fox": 151, "hpo": 161, "nyt": 168}
    assert int(frame["n_sentences"].sum()) == 7984
    assert (frame["text"].str.len() > 0).all()


@pytest.mark.integration
def test_load_fakehealth_hype(root):
    frame = load_fakehealth_hype(root)
    assert len(frame) == 591
    assert (frame["label"] == 1).all()
    assert frame["sensational"].value_counts().to_dict() == {0: 369, 1: 222}
