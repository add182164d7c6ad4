"""Peak memory of ``hypedetect score`` as the corpus grows: streaming keeps it flat.

Builds corpora of N articles (the PTC SemEval-2020 texts repeated, each copy made
unique so no cache can help) as JSONL, CSV and Parquet, scores each with the
default model in a fresh process (``hypedetect score FILE --format csv -o OUT``)
and reads that process's peak resident set size from the kernel (``wait4``).

The baseline beside it: the same command from an older checkout (``--baseline
REV``, default the last commit before streaming), which read every article
before scoring. Ratios are what to compare; absolute sizes depend on the
Python build.

Two more shapes of input, each against the same baseline:

- ``--big-articles 90 --big-kb 220``: N articles of about that many kilobytes each
  (PTC texts joined), scored with ``--chunk-size 1``, so the memory held per
  article, not per partition, decides the peak;
- ``--one-article-mb 50``: one article of that size (a ``.txt`` file); the peak
  is reported beside the text size and beside the same command on a one-line
  article (the start-up floor).

Usage::

    python benchmarks/bench_memory.py --sizes 1000 10000 100000 --formats jsonl csv parquet
    python benchmarks/bench_memory.py --sizes --big-articles 90 --big-kb 220 --one-article-mb 50 \
        --baseline-tree /path/to/an/older/checkout
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BEFORE_STREAMING = "bf96027"


def load_ptc(corpora: Path) -> list[str]:
    with gzip.open(corpora / "ptc_semeval2020" / "articles_with_spans.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


def articles(texts: list[str], n: int):
    """N unique articles: the texts in turn, each copy ending with its own number."""
    for i in range(n):
        yield {"id": f"a{i}", "source": f"outlet{i % 20}", "text": f"{texts[i % len(texts)]}\n\nCopy {i}."}


def write_corpus(texts: list[str], n: int, fmt: str, folder: Path) -> Path:
    path = folder / f"corpus_{n}.{fmt}"
    if path.exists():
        return path
    if fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as out:
            for row in articles(texts, n):
                out.write(json.dumps(row) + "\n")
    elif fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=["id", "source", "text"])
            writer.writeheader()
            writer.writerows(articles(texts, n))
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = articles(texts, n)
        with pq.ParquetWriter(path, pa.schema([("id", pa.string()), ("source", pa.string()),
                                               ("text", pa.string())])) as writer:
            while batch := [row for _, row in zip(range(5000), rows, strict=False)]:
                writer.write_table(pa.Table.from_pylist(batch))
    return path


def peak_rss(command: list[str], env: dict) -> tuple[float, float, int]:
    """Run ``command``; return its peak RSS in MiB, its wall time in seconds and its exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    return usage.ru_maxrss / 1024, seconds, os.waitstatus_to_exitcode(status)


def baseline_checkout(revision: str, folder: Path) -> Path:
    """A worktree of ``revision`` (the code before streaming), made once."""
    tree = folder / f"hypedetect-{revision}"
    if not tree.exists():
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), revision], check=True,
                       capture_output=True)
    return tree


def big_articles(texts: list[str], n: int, kilobytes: int, folder: Path) -> Path:
    """Write N unique articles of about ``kilobytes`` KB each (PTC texts joined) as JSONL."""
    path = folder / f"big_{n}x{kilobytes}kb.jsonl"
    if not path.exists():
        pool = iter(texts * 1000)
        with open(path, "w", encoding="utf-8") as out:
            for i in range(n):
                parts, size = [], 0
                while size < kilobytes * 1000:
                    part = next(pool)
                    parts.append(part)
                    size += len(part.encode("utf-8")) + 2
                out.write(json.dumps({"id": f"big{i}", "source": f"outlet{i % 5}",
                                      "text": "\n\n".join(parts) + f"\n\nCopy {i}."}) + "\n")
    return path


def one_article(texts: list[str], megabytes: int, folder: Path) -> Path:
    """Write one article of about ``megabytes`` MB (PTC texts joined, each copy numbered) as a .txt file."""
    path = folder / f"one_{megabytes}mb.txt"
    if not path.exists():
        with open(path, "w", encoding="utf-8") as out:
            size, i = 0, 0
            while size < megabytes * 1_000_000:
                part = f"{texts[i % len(texts)]}\n\nCopy {i}.\n\n"
                out.write(part)
                size += len(part.encode("utf-8"))
                i += 1
    return path


def single_article_runs(args, trees: list[tuple[str, Path]], texts: list[str]) -> None:
    """Peak RSS for the big-article and one-article inputs, for every tree."""
    tiny = args.workdir / "tiny.txt"
    tiny.write_text("The council voted on Tuesday, officials said.\n", encoding="utf-8")
    inputs = []
    if args.big_articles:
        inputs.append((f"{args.big_articles} x {args.big_kb} KB, --chunk-size 1",
                       big_articles(texts, args.big_articles, args.big_kb, args.workdir), ["--chunk-size", "1"]))
    if args.one_article_mb:
        inputs.append((f"one {args.one_article_mb} MB article", one_article(texts, args.one_article_mb, args.workdir),
                       []))
        inputs.append(("one-line article (start-up floor)", tiny, []))
    print(f"\n{'code':<18} {'input':<36} {'MB of text':>10} {'peak RSS MiB':>13} {'x text':>7} {'seconds':>8}")
    for label, tree in trees:
        env = {**os.environ, "PYTHONPATH": str(tree)}
        for name, path, options in inputs:
            out = args.workdir / "scores_single.csv"
            command = [sys.executable, "-m", "hypedetect", "--quiet", "score", str(path), "--format", "csv", "-o",
                       str(out), *options]
            rss, seconds, code = peak_rss(command, env)
            megabytes = path.stat().st_size / 1e6
            note = "" if code == 0 else f"  exit {code}"
            print(f"{label:<18} {name:<36} {megabytes:>10.1f} {rss:>13.0f} {rss * 1.048576 / megabytes:>7.1f} "
                  f"{seconds:>8.1f}{note}", flush=True)
            out.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get("HYPEDETECT_CORPORA", "../shared/corpora")))
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--formats", nargs="+", default=["jsonl"], choices=["jsonl", "csv", "parquet"])
    parser.add_argument("--baseline", default=BEFORE_STREAMING, help="Git revision to compare with ('' for none).")
    parser.add_argument("--baseline-sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "hypedetect-bench-memory")
    parser.add_argument("--baseline-tree", type=Path, help="An existing checkout to use as the baseline instead of "
                        "a worktree of --baseline.")
    parser.add_argument("--big-articles", type=int, default=0, help="N articles of --big-kb each, --chunk-size 1.")
    parser.add_argument("--big-kb", type=int, default=220)
    parser.add_argument("--one-article-mb", type=int, default=0, help="One article of this many MB.")
    args = parser.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    texts = load_ptc(args.corpora)
    runs = [("streaming", REPO, fmt, n) for fmt in args.formats for n in args.sizes]
    tree = None
    if args.baseline_tree:
        tree = args.baseline_tree
    elif args.baseline:
        tree = baseline_checkout(args.baseline, args.workdir)
    if tree is not None and args.baseline_sizes:
        before = f"before ({args.baseline_tree or args.baseline})"
        runs += [(before, tree, fmt, n) for fmt in args.formats for n in args.baseline_sizes
                 if fmt != "parquet"]  # the older code read no Parquet
    print(f"{'code':<18} {'format':<8} {'articles':>9} {'peak RSS MiB':>13} {'seconds':>8} {'articles/s':>10}")
    for label, code_tree, fmt, n in runs:
        corpus = write_corpus(texts, n, fmt, args.workdir)
        out = args.workdir / f"scores_{n}_{fmt}.csv"
        env = {**os.environ, "PYTHONPATH": str(code_tree)}
        command = [sys.executable, "-m", "hypedetect", "--quiet", "score", str(corpus), "--format", "csv", "-o",
                   str(out)]
        rss, seconds, code = peak_rss(command, env)
        rows = sum(1 for _ in open(out, encoding="utf-8")) - 1 if out.exists() else 0
        note = "" if code == 0 and rows == n else f"  exit {code}, {rows} rows"
        print(f"{label:<18} {fmt:<8} {n:>9} {rss:>13.0f} {seconds:>8.1f} {n / seconds:>10.1f}{note}", flush=True)
        out.unlink(missing_ok=True)
    if args.big_articles or args.one_article_mb:
        trees = [("this code", REPO)] + ([("baseline", tree)] if tree is not None else [])
        single_article_runs(args, trees, texts)


if __name__ == "__main__":
    main()
