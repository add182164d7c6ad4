"""Speed-up of the Dask engine with 1 and 2 worker processes, against the local engine, in one run.

All three score the same N unique articles (the PTC SemEval-2020 texts repeated,
each copy ending with its own number) through the same stream: records read
here, cut into partitions, ``score_partition`` with the default model mapped
over them, every output row gathered in order. Cluster start-up is timed
apart from scoring (a long run pays it once).

Usage::

    python benchmarks/bench_dask.py --articles 4000 --workers 1 2

On a cluster of several machines, pass its scheduler instead of starting one
here (``--scheduler tcp://host:8786``); nothing else changes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import time
from pathlib import Path

from hypedetect.engine import DaskEngine, LocalEngine
from hypedetect.io import Record
from hypedetect.persistence import load_model
from hypedetect.scoring import partitions, score_partition


def load_ptc(corpora: Path) -> list[str]:
    with gzip.open(corpora / "ptc_semeval2020" / "articles_with_spans.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


def records(texts: list[str], n: int, run: int):
    """N unique records; ``run`` changes every text so no worker's cache can carry over between runs."""
    for i in range(n):
        yield Record(id=f"a{i}", text=f"{texts[i % len(texts)]}\n\nCopy {i} of run {run}.", path="bench")


def warm_up() -> None:
    """Load what the first article needs (dictionaries, lexicons), as a long run would have."""
    from hypedetect.features import extract_features

    extract_features(["Officials said the council voted on Tuesday, according to the minutes."])


def timed_scoring(engine, texts: list[str], n: int, run: int, chunk_size: int, model) -> float:
    start = time.perf_counter()
    rows = sum(len(frame) for frame in engine.map(score_partition, partitions(records(texts, n, run), chunk_size),
                                                    model=model))
    assert rows == n
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get("HYPEDETECT_CORPORA", "../shared/corpora")))
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--chunk-size", type=int, default=64)
    parser.add_argument("--scheduler", help="A running scheduler to use instead of local clusters.")
    args = parser.parse_args()

    texts = load_ptc(args.corpora)
    model = load_model()
    n = args.articles
    results = {}
    warm_up()
    with LocalEngine() as engine:
        results["local engine (this process)"] = timed_scoring(engine, texts, n, 0, args.chunk_size, model)
    for run, workers in enumerate(args.workers, start=1):
        start = time.perf_counter()
        with DaskEngine(scheduler=args.scheduler, workers=workers) as engine:
            engine.client.run(warm_up)
            started = time.perf_counter() - start
            label = f"dask, {engine.workers} worker{'s' if engine.workers != 1 else ''}"
            results[label] = timed_scoring(engine, texts, n, run, args.chunk_size, model)
            print(f"{label}: cluster start-up and warm-up {started:.1f} s", flush=True)

    one = next((s for label, s in results.items() if label.startswith("dask, 1 worker")), None)
    print(f"\narticles: {n} (PTC texts repeated, unique), partitions of {args.chunk_size}")
    print(f"{'engine':<30} {'seconds':>8} {'articles/s':>10} {'vs dask 1 worker':>17}")
    for label, seconds in results.items():
        ratio = f"{one / seconds:.2f}x" if one else "-"
        print(f"{label:<30} {seconds:>8.1f} {n / seconds:>10.1f} {ratio:>17}")


if __name__ == "__main__":
    main()
