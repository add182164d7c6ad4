"""Loaders of the evaluation sets: hedging sentences, propaganda spans, BASIL triplets, release hype.

These sets test one dimension each against human annotation; they are not
training corpora and have no manifest.
"""

from __future__ import annotations

import csv
import os

import pandas as pd

from hypedetect.corpora.loading import join_sentences, load_corpus, read_jsonl
from hypedetect.corpora.locations import corpora_dir, require_dir, require_file


def load_wikiweasel(root: str | os.PathLike[str] | None = None, body_only: bool = True) -> pd.DataFrame:
    """Load the Szeged WikiWeasel hedging sentences.

    Parameters
    ----------
    root : path-like, optional
        Folder holding the shared corpora.
    body_only : bool, default True
        Drop the article-title "sentences" (the card's advice).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sent_id, part, text, label, cues``; ``label`` is 1 for
        uncertain, 0 for certain; ``cues`` is a list of ``{type, start, end,
        text}`` with offsets into ``text``. Split by ``doc_id``.
    """
    path = require_dir(corpora_dir(root)) / "wikiweasel_hedging" / "szeged_wikiweasel_sentences.jsonl.gz"
    rows = [
        {
            "doc_id": record["doc_id"],
            "sent_id": record["sent_id"],
            "part": record["part"],
            "text": record["text"],
            "label": int(record["label"] == "uncertain"),
            "cues": record["cues"],
        }
        for record in read_jsonl(path)
        if not body_only or record["part"] != "Title"
    ]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "part", "text", "label", "cues"])


def load_ptc(root: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load the PTC (SemEval-2020 Task 11) articles with their technique spans.

    Returns
    -------
    pandas.DataFrame
        ``article_id, text, spans``; ``spans`` is a list of ``{technique, start,
        end}`` (end exclusive) indexing ``text`` directly. Split by article.
    """
    path = require_dir(corpora_dir(root)) / "ptc_semeval2020" / "articles_with_spans.jsonl.gz"
    rows = [{"article_id": r["article_id"], "text": r["text"], "spans": r["spans"]} for r in read_jsonl(path)]
    return pd.DataFrame(rows, columns=["article_id", "text", "spans"])


def load_ptc_sentences(root: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load the PTC sentence view (``sentences.tsv``).

    Returns
    -------
    pandas.DataFrame
        ``article_id, line_no, start, end, text, techniques`` (list of names),
        ``has_loaded_language, has_exaggeration_minimisation,
        has_any_technique`` (0/1). ``line_no`` 0 is the article title;
        ``start``/``end`` index the article text of :func:`load_ptc`.
    """
    path = require_file(require_dir(corpora_dir(root)) / "ptc_semeval2020" / "sentences.tsv")
    flags = ("has_loaded_language", "has_exaggeration_minimisation", "has_any_technique")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            {
                "article_id": record["article_id"],
                "line_no": int(record["line_no"]),
                "start": int(record["start"]),
                "end": int(record["end"]),
                "text": record["text"],
                "techniques": [name for name in record["techniques"].split("|") if name],
                **{flag: int(record[flag]) for flag in flags},
            }
            for record in csv.DictReader(handle, delimiter="\t")
        ]
    columns = ["article_id", "line_no", "start", "end", "text", "techniques", *flags]
    return pd.DataFrame(rows, columns=columns)


def load_basil(root: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load the BASIL triplets: 100 events, each told by Fox News, NYT and HuffPost.

    Returns
    -------
    pandas.DataFrame
        ``id`` (``<event>:<source>``; four articles have no uuid), ``uuid``,
        ``event`` (triplet uuid), ``source`` (fox, nyt, hpo), ``date``,
        ``title``, ``text`` (sentences joined, paragraphs split by a blank
        line; not cleaned), ``n_lexical_spans``, ``n_informational_spans``,
        ``n_sentences``, ``relative_stance``.
    """
    path = require_dir(corpora_dir(root)) / "basil" / "basil_v2_articles.jsonl.gz"
    rows = []
    for record in read_jsonl(path):
        biases = [span.get("bias") for span in record["spans"]]
        rows.append(
            {
                "id": f"{record['triplet_uuid']}:{record['source']}",
                "uuid": record["uuid"],
                "event": record["triplet_uuid"],
                "source": record["source"],
                "date": record["date"],
                "title": record["title"],
                "text": join_sentences(record["sentences"]),
                "n_lexical_spans": biases.count("lex"),
                "n_informational_spans": biases.count("inf"),
                "n_sentences": len(record["sentences"]),
                "relative_stance": record["article_annotations"].get("relative_stance"),
            }
        )
    return pd.DataFrame(rows)


def load_fakehealth_hype(root: str | os.PathLike[str] | None = None, *, clean: bool = True) -> pd.DataFrame:
    """Load the FakeHealth press releases that carry the HNR "sensational language" verdict.

    Parameters
    ----------
    root : path-like, optional
        Folder holding the shared corpora.
    clean : bool, default True
        Clean as in :func:`load_corpus` (boilerplate off, wording kept).

    Returns
    -------
    pandas.DataFrame
        The release rows of ``load_corpus("fakehealth_release_vs_story")``
        whose ``sensational`` is 1 (Not Satisfactory) or 0 (Satisfactory).
    """
    frame = load_corpus("fakehealth_release_vs_story", root=root, clean=clean)
    releases = frame[(frame["label"] == 1) & frame["sensational"].notna()]
    return releases.reset_index(drop=True)
