"""Reading the shared corpora the detectors are trained on (never shipped, never committed).

Each reader takes the corpora folder (see :func:`hypedetect.corpora.corpora_dir`)
and returns plain records; the CARD.md of each corpus describes its files.
"""

from __future__ import annotations

import ast
import csv
import gzip
import json
import os
from pathlib import Path
from typing import NamedTuple

from hypedetect.corpora import corpora_dir
from hypedetect.corpora.locations import CorpusNotFoundError

__all__ = [
    "LabelledSentence",
    "read_babe",
    "read_claim_strength",
    "read_clickbait",
    "read_ptc_articles",
    "read_ptc_sentences",
]

#: PTC techniques that count as loaded wording.
PTC_LOADED_TECHNIQUES = ("Loaded_Language", "Exaggeration,Minimisation")


class LabelledSentence(NamedTuple):
    """One training sentence: its text, label, group (article/topic/document) and extras."""

    text: str
    label: int
    group: str
    extra: dict


def _folder(root: str | os.PathLike[str] | None, name: str) -> Path:
    folder = corpora_dir(root) / name
    if not folder.is_dir():
        raise CorpusNotFoundError(folder, "corpus folder not found; check HYPEDETECT_CORPORA and the corpus CARD.md")
    return folder


def read_ptc_sentences(root: str | os.PathLike[str] | None = None) -> list[LabelledSentence]:
    """Return PTC's sentence view: label 1 if the line overlaps Loaded_Language or Exaggeration.

    ``group`` is the article id; ``extra`` holds ``line_no`` and ``document`` (the article id again).
    """
    path = _folder(root, "ptc_semeval2020") / "sentences.tsv"
    with open(path, encoding="utf-8", newline="") as stream:
        rows = csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            LabelledSentence(row["text"], int(row["has_loaded_language"] == "1"
                                              or row["has_exaggeration_minimisation"] == "1"),
                             row["article_id"], {"line_no": int(row["line_no"]), "document": row["article_id"]})
            for row in rows
            if row["text"].strip()
        ]


def read_ptc_articles(root: str | os.PathLike[str] | None = None) -> list[dict]:
    """Return PTC articles: ``{article_id, text, spans}`` with character-offset spans."""
    path = _folder(root, "ptc_semeval2020") / "articles_with_spans.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def read_babe(root: str | os.PathLike[str] | None = None) -> list[LabelledSentence]:
    """Return BABE SG2 sentences labelled Biased (1) or Non-biased (0).

    ``group`` is the topic; ``extra`` holds ``outlet``, ``type`` (left/center/right
    or empty) and ``biased_words``. The one "No agreement" row has no label and is
    left out (counted by the benchmark).
    """
    path = _folder(root, "babe") / "final_labels_SG2.csv"
    out = []
    with open(path, encoding="utf-8-sig", newline="") as stream:
        for row in csv.DictReader(stream, delimiter=";"):
            if row["label_bias"] not in ("Biased", "Non-biased"):
                continue
            words = ast.literal_eval(row["biased_words"]) if row["biased_words"].strip() else []
            out.append(LabelledSentence(row["text"], int(row["label_bias"] == "Biased"), row["topic"],
                                        {"outlet": row["outlet"], "type": row["type"], "biased_words": words}))
    return out


def read_clickbait(root: str | os.PathLike[str] | None = None) -> list[LabelledSentence]:
    """Return the Chakraborty et al. headlines: 1 clickbait, 0 news (``group`` is the label's publisher side)."""
    path = _folder(root, "clickbait_chakraborty") / "headlines.tsv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as stream:
        rows = csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [LabelledSentence(row["headline"], int(row["is_clickbait"]), "", {}) for row in rows]


def read_claim_strength(root: str | os.PathLike[str] | None = None, *, part: str = "eureka") -> list[LabelledSentence]:
    """Return Yu et al.'s claim-strength sentences (0-3) of ``part`` ``eureka`` or ``pubmed``.

    ``group`` is the press release a EurekAlert sentence comes from (its ``sentId``
    without the sentence suffix); PubMed sentences carry no id, so each is its own group.
    """
    path = _folder(root, "claim_strength") / f"yu_annotated_{part}.csv"
    with open(path, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    out = []
    for number, row in enumerate(rows):
        sent_id = row.get("sentId") or ""
        group = sent_id.rsplit("-", 2)[0] if sent_id else f"{part}-{number}"
        out.append(LabelledSentence(row["sentence"], int(row["label"]), group, {}))
    return out
