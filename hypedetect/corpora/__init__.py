"""Labelled corpora: one manifest per corpus -> one frame of labelled texts.

The shared corpora (see ``corpora/README.md``) are licensed research data that
live outside the repository. Each article-level corpus is described by a small
TOML manifest shipped in ``hypedetect/data/manifests/``: which files to read, which field holds
the text, the title and the source, what the label is, which rows to drop and
which cleaning steps remove the giveaways that would let a classifier tell the
corpora apart instead of the genres (wire tags, datelines, contact blocks,
"REUTER" sign-offs, 1987 abbreviations, line wrapping).

:func:`load_corpus` reads one corpus into a frame with the columns
``id, text, label, source, corpus, title`` (``label``: 1 = promotional,
0 = newsy, ``<NA>`` = neither) plus the extra columns its manifest names:

- ``section``: BBC News section (business, sport, ...); Kickstarter category.
- ``hyperpartisan``: the SemEval-2019 article label (True / False).
- ``sensational``: FakeHealth releases: 1 when HealthNewsReview criterion 10
  ("unjustifiable, sensational language") is Not Satisfactory, 0 when
  Satisfactory, ``<NA>`` otherwise and for the stories.
- ``event``: BASIL triplet id, the same event covered by fox, nyt and hpo.

:func:`load_corpora` concatenates the training corpora. The evaluation sets
(hedging sentences, propaganda spans, BASIL triplets, release hype) have their
own loaders.

The modules: :mod:`~hypedetect.corpora.locations` (where the corpora and
manifests are), :mod:`~hypedetect.corpora.manifest` (the schema),
:mod:`~hypedetect.corpora.cleaning` (the steps by name and :func:`clean_text`;
the steps themselves in ``normalise``, ``wire``, ``contacts``, ``furniture``
and ``reuters``), :mod:`~hypedetect.corpora.loading` (corpus frames) and
:mod:`~hypedetect.corpora.evaluation` (evaluation sets).

Examples
--------
>>> strip_reuter_signoff("Output rose 5 pct, it said.  REUTER")
'Output rose 5 pct, it said.'
>>> expand_reuters_abbreviations("Profit 5 mln dlrs vs 3 mln dlrs")
'Profit 5 million dollars vs 3 million dollars'
"""


from hypedetect.corpora.cleaning import (
    ALWAYS_STEPS,
    CLEANING_STEPS,
    GENERIC_STEPS,
    CleaningRecord,
    clean_text,
)
from hypedetect.corpora.contacts import strip_contact_blocks
from hypedetect.corpora.evaluation import (
    load_basil,
    load_fakehealth_hype,
    load_ptc,
    load_ptc_sentences,
    load_wikiweasel,
)
from hypedetect.corpora.furniture import (
    strip_about_section,
    strip_distribution_notes,
    strip_kickstarter_header,
    strip_leading_title,
    strip_legal_disclaimers,
    strip_page_furniture,
)
from hypedetect.corpora.loading import COLUMNS, load_corpora, load_corpus
from hypedetect.corpora.locations import ENV_VAR, CorpusNotFoundError, corpora_dir, list_manifests, manifest_dir
from hypedetect.corpora.manifest import LABELS, CorpusFile, Manifest, load_manifest
from hypedetect.corpora.normalise import (
    fix_mojibake,
    mask_spans,
    normalise_punctuation,
    normalise_whitespace,
    strip_markdown,
    strip_urls,
    unescape_html,
)
from hypedetect.corpora.reuters import (
    expand_reuters_abbreviations,
    sentence_case_headline,
    sentence_case_headlines,
    strip_reuter_signoff,
    strip_ticker_brackets,
)
from hypedetect.corpora.wire import strip_dateline, strip_wire_tags

__all__ = [
    "ALWAYS_STEPS",
    "CLEANING_STEPS",
    "COLUMNS",
    "CleaningRecord",
    "ENV_VAR",
    "GENERIC_STEPS",
    "LABELS",
    "CorpusFile",
    "CorpusNotFoundError",
    "Manifest",
    "clean_text",
    "corpora_dir",
    "expand_reuters_abbreviations",
    "fix_mojibake",
    "list_manifests",
    "load_basil",
    "load_corpora",
    "load_corpus",
    "load_fakehealth_hype",
    "load_manifest",
    "load_ptc",
    "load_ptc_sentences",
    "load_wikiweasel",
    "manifest_dir",
    "mask_spans",
    "normalise_punctuation",
    "normalise_whitespace",
    "sentence_case_headline",
    "sentence_case_headlines",
    "strip_about_section",
    "strip_contact_blocks",
    "strip_dateline",
    "strip_distribution_notes",
    "strip_kickstarter_header",
    "strip_leading_title",
    "strip_legal_disclaimers",
    "strip_markdown",
    "strip_page_furniture",
    "strip_reuter_signoff",
    "strip_ticker_brackets",
    "strip_urls",
    "strip_wire_tags",
    "unescape_html",
]

