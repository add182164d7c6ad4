"""Sentence-level hedge detection on the Szeged WikiWeasel corpus: the Hedging extractor vs a 25-word regex.

The corpus (Szarvas et al. 2012, Wikipedia part; see its CARD.md) marks each
sentence certain or uncertain by semantic-uncertainty cues of four types:
epistemic/probable ("may", "probably"), doxastic ("believed", "considered"),
condition ("if", "unless") and investigation ("whether"). A sentence is
predicted uncertain when the extractor finds a ``hedge`` span (epistemic,
doxastic and investigation cues), a ``conditional`` span (condition cues) or a
``weasel`` span (unnamed attributions, which all carry a doxastic verb:
"it is believed", "many consider"). Boosters assert certainty and do not count.

Titles are dropped. Documents are split by a stable hash of ``doc_id``: CRC-32
modulo 10 below 7 is the development part (lexicons were tuned on it only), the
rest is held out. Run::

    python benchmarks/hedge_eval.py [path/to/szeged_wikiweasel_sentences.jsonl.gz]
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from hypedetect.document import parse
from hypedetect.extractors.hedging import Hedging

REPO = Path(__file__).resolve().parents[1]
CORPUS_FILE = Path("wikiweasel_hedging") / "szeged_wikiweasel_sentences.jsonl.gz"

#: The baseline: 25 modal and doxastic hedge words, matched as whole words, case-insensitively.
BASELINE_WORDS = (
    "may", "might", "could", "would", "should", "possibly", "probably", "perhaps", "likely", "unlikely",
    "believe", "believed", "think", "thought", "suggest", "suggested", "appear", "appears", "seem", "seems",
    "considered", "regarded", "allegedly", "reportedly", "whether",
)
BASELINE_RE = re.compile(r"\b(?:" + "|".join(BASELINE_WORDS) + r")\b", re.IGNORECASE)

#: Evidence categories that make a sentence "uncertain".
UNCERTAIN_CATEGORIES = frozenset({"hedge", "conditional"})

#: Share of documents (by CRC-32 of doc_id, in tenths) in the development part.
DEVELOPMENT_TENTHS = 7


class Scores(NamedTuple):
    """Sentence-level precision, recall and F1 of the "uncertain" class."""

    precision: float
    recall: float
    f1: float
    n_sentences: int
    n_uncertain: int


def default_corpus_path() -> Path:
    """Return the corpus file under ``$HYPEDETECT_CORPORA`` (default ``../shared/corpora``)."""
    root = Path(os.environ.get("HYPEDETECT_CORPORA", REPO.parent / "shared" / "corpora"))
    return root / CORPUS_FILE


def is_held_out(doc_id: str) -> bool:
    """Return whether a document belongs to the held-out part (a fixed 70/30 split by hash)."""
    return zlib.crc32(doc_id.encode("utf-8")) % 10 >= DEVELOPMENT_TENTHS


def load_body_sentences(path: Path) -> list[dict]:
    """Read the JSONL corpus and drop article titles."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return [row for row in rows if row["part"] != "Title"]


def baseline_predicts(text: str) -> bool:
    """Predict uncertain when any of the 25 baseline words occurs."""
    return BASELINE_RE.search(text) is not None


def extractor_predictor(hedging: Hedging | None = None) -> Callable[[str], bool]:
    """Return a predictor: uncertain when the extractor finds a hedge, conditional or weasel span."""
    hedging = hedging if hedging is not None else Hedging().fit([""])

    def predicts(text: str) -> bool:
        return any(item.category in UNCERTAIN_CATEGORIES for item in hedging.evidence(parse(text)))

    return predicts


def score(predictions: Iterable[bool], labels: Iterable[bool]) -> Scores:
    """Return precision, recall and F1 of the positive (uncertain) class."""
    tp = fp = fn = n = positives = 0
    for predicted, uncertain in zip(predictions, labels, strict=True):
        n += 1
        positives += uncertain
        tp += predicted and uncertain
        fp += predicted and not uncertain
        fn += uncertain and not predicted
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, n, positives)


def evaluate(rows: Sequence[dict]) -> dict[tuple[str, str], Scores]:
    """Score the extractor and the baseline on the development and held-out parts.

    Returns
    -------
    dict
        ``(part, system) -> Scores`` with parts ``development``/``held_out`` and
        systems ``hedging``/``baseline``.

    """
    systems = {"hedging": extractor_predictor(), "baseline": baseline_predicts}
    results = {}
    for part, held in (("development", False), ("held_out", True)):
        selected = [row for row in rows if is_held_out(row["doc_id"]) is held]
        labels = [row["label"] == "uncertain" for row in selected]
        for name, predicts in systems.items():
            results[part, name] = score([predicts(row["text"]) for row in selected], labels)
    return results


def format_table(results: dict[tuple[str, str], Scores]) -> str:
    """Format the results as a fixed-width table."""
    lines = [f"{'part':<12} {'system':<9} {'sentences':>9} {'uncertain':>9} {'P':>6} {'R':>6} {'F1':>6}"]
    for (part, system), s in results.items():
        lines.append(
            f"{part:<12} {system:<9} {s.n_sentences:>9} {s.n_uncertain:>9} "
            f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    """Print the evaluation table; return the exit code."""
    path = Path(argv[0]) if argv else default_corpus_path()
    if not path.is_file():
        print(f"{path}: corpus not found; pass its path or set HYPEDETECT_CORPORA", file=sys.stderr)
        return 1
    started = time.perf_counter()
    results = evaluate(load_body_sentences(path))
    print(format_table(results))
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
