"""Provenance face (``release_probability``) beside two bag-of-n-gram baselines, all trained in this run.

Every figure is measured for three models trained on the same articles and the same splits:

- ``provenance``: :class:`hypedetect.provenance.ReleaseClassifier` (distorted-text n-grams + interpretable
  features, Platt-calibrated on source-grouped folds);
- ``word_tfidf``: TF-IDF word 1-2-grams (sublinear tf, min_df 2) + logistic regression;
- ``char_tfidf``: TF-IDF character 2-5-grams (sublinear tf, hashed to 2^20 columns) + logistic regression.

The baselines' n-grams are counted once over all texts; in every fold the kept columns (document frequency
in the training part), the IDF and the regression come from the training part only, which is what refitting
a ``TfidfVectorizer`` on it would give. Splits: source-grouped 5-fold CV (``corpus:source``), leave one
corpus out, and FakeHealth transfer (= the FakeHealth fold of leave-one-corpus-out). Also, for information:
releases placed above their own story (FakeHealth pairs matched by title/lead similarity), PTC article
Spearman with loaded-language density (held-out articles), BASIL outlet means, the two shared examples,
and the combined ``promotional_probability`` (noisy-OR, see :mod:`hypedetect.provenance.combine`).

Run::

    python benchmarks/bench_promotional.py            # reads $HYPEDETECT_CORPORA (default ../shared/corpora)

Prints a Markdown table and writes the numbers to ``/tmp/prov_bench.json`` (``--json`` to change).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.stats import spearmanr
from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import normalize

from hypedetect import corpora, extract_features
from hypedetect.provenance import ReleaseClassifier, represent
from hypedetect.provenance.model import Representation
from hypedetect.training import held_out_article, training_frame

MODELS = ("provenance", "word_tfidf", "char_tfidf")
EXAMPLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "examples"


class Baseline:
    """TF-IDF + logistic regression refitted per fold on a count matrix computed once."""

    def __init__(self, counts: sp.csr_matrix, *, min_df: int) -> None:
        self.counts = counts
        self.min_df = min_df

    def fit(self, rows: np.ndarray, y: np.ndarray) -> Baseline:
        part = self.counts[rows]
        df = np.asarray((part > 0).sum(axis=0)).ravel()
        self.columns_ = np.flatnonzero(df >= self.min_df)
        self.idf_ = np.log((1 + len(rows)) / (1 + df[self.columns_])) + 1.0
        self.regression_ = LogisticRegression(C=10.0, solver="liblinear", max_iter=2000).fit(self._tfidf(part), y)
        return self

    def _tfidf(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        kept = counts[:, self.columns_].astype(np.float64)
        kept.data = np.log1p(kept.data)
        return normalize(sp.csr_matrix(kept @ sp.diags(self.idf_)))

    def score(self, counts: sp.csr_matrix) -> np.ndarray:
        return self.regression_.predict_proba(self._tfidf(counts))[:, 1]


def _provenance_scores(rep: Representation, train: np.ndarray, test_rep: Representation, y: np.ndarray,
                       groups: np.ndarray) -> np.ndarray:
    model = ReleaseClassifier().fit_representation(rep.rows(train), y[train], groups[train])
    return model.proba_of_representation(test_rep)


def _all_scores(train: np.ndarray, test: np.ndarray, ctx: dict) -> dict[str, np.ndarray]:
    y, groups = ctx["y"], ctx["groups"]
    return {
        "provenance": _provenance_scores(ctx["rep"], train, ctx["rep"].rows(test), y, groups),
        "word_tfidf": ctx["word"].fit(train, y[train]).score(ctx["word"].counts[test]),
        "char_tfidf": ctx["char"].fit(train, y[train]).score(ctx["char"].counts[test]),
    }


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _r(value: float) -> float:
    return float(round(float(value), 4))


def grouped_cv(ctx: dict) -> dict:
    y, groups = ctx["y"], ctx["groups"]
    scores = {m: np.empty(len(y)) for m in MODELS}
    for fold, (train, test) in enumerate(GroupKFold(5).split(y, y, groups)):
        _log(f"grouped CV fold {fold}")
        for name, values in _all_scores(train, test, ctx).items():
            scores[name][test] = values
    ctx["oof"] = scores
    return {m: {"roc_auc": _r(roc_auc_score(y, s)), "accuracy": _r(np.mean((s >= 0.5) == y)),
                "brier": _r(brier_score_loss(y, s))} for m, s in scores.items()}


def leave_one_corpus_out(ctx: dict) -> dict:
    frame, y = ctx["frame"], ctx["y"]
    out = {}
    for corpus in sorted(frame["corpus"].unique()):
        held = (frame["corpus"] == corpus).to_numpy()
        _log(f"leave out {corpus}")
        scores = _all_scores(np.flatnonzero(~held), np.flatnonzero(held), ctx)
        out[corpus] = {}
        for name, s in scores.items():
            entry = {"n": int(held.sum()), "accuracy": _r(np.mean((s >= 0.5) == y[held]))}
            if len(set(y[held])) == 2:
                entry["roc_auc"] = _r(roc_auc_score(y[held], s))
            out[corpus][name] = entry
    return out


def _pairs(frame: pd.DataFrame, scores: dict[str, np.ndarray], *, min_similarity: float = 0.35) -> dict:
    """Fraction of FakeHealth (release, most similar story) pairs in which the release scores higher."""
    fake = frame[frame["corpus"] == "fakehealth_release_vs_story"]
    leads = (fake["title"].fillna("") + " " + fake["text"].str.slice(0, 1500)).tolist()
    vectors = normalize(CountVectorizer(stop_words="english", min_df=2, binary=True).fit_transform(leads)
                        .astype(float))
    labels = fake["label"].to_numpy()
    releases, stories = np.flatnonzero(labels == 1), np.flatnonzero(labels == 0)
    similarity = (vectors[releases] @ vectors[stories].T).toarray()
    best = similarity.argmax(axis=1)
    keep = similarity[np.arange(len(releases)), best] >= min_similarity
    pairs = [(releases[i], stories[best[i]]) for i in np.flatnonzero(keep)]
    out = {"pairs": len(pairs), "min_cosine": min_similarity}
    for name, s in scores.items():
        out[name] = _r(np.mean([s[r] > s[t] for r, t in pairs])) if pairs else None
    return out


def _ptc_density(articles: pd.DataFrame) -> list[float]:
    return [1000.0 * sum(s["technique"] in ("Loaded_Language", "Exaggeration,Minimisation") for s in spans)
            / max(len(text.split()), 1) for text, spans in zip(articles["text"], articles["spans"], strict=True)]


def _tone(shipped, features: pd.DataFrame) -> np.ndarray:
    from hypedetect.model import dimension_scores

    transformed = shipped[1:-1].transform(features)
    contribution = pd.DataFrame(shipped[-1].contributions(transformed), columns=transformed.columns)
    return dimension_scores(contribution)["promotional_score"].to_numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=None, help="shared corpora folder (default $HYPEDETECT_CORPORA)")
    parser.add_argument("--json", default="/tmp/prov_bench.json", type=Path)
    parser.add_argument("--model-out", default="/tmp/prov_model.skops", type=Path)
    args = parser.parse_args()

    from sklearn.calibration import calibration_curve

    from hypedetect.persistence import load_model, save_model
    from hypedetect.provenance.combine import PromotionalCombiner

    timings: dict[str, float] = {}
    frame = training_frame(args.corpora)
    texts = frame["text"].tolist()
    y, groups = frame["label"].to_numpy(), frame["group"].to_numpy()
    t = time.perf_counter()
    features = extract_features(texts)
    timings["extract_features_s"] = time.perf_counter() - t
    t = time.perf_counter()
    rep = represent(texts, features=features)
    timings["represent_s"] = time.perf_counter() - t
    t = time.perf_counter()
    word_vectorizer = CountVectorizer(ngram_range=(1, 2), dtype=np.float32)
    word_counts = word_vectorizer.fit_transform(texts).tocsr()
    char_vectorizer = HashingVectorizer(analyzer="char", ngram_range=(2, 5), n_features=2**20, alternate_sign=False,
                                        norm=None, dtype=np.float32)
    char_counts = char_vectorizer.transform(texts).tocsr()
    timings["baseline_counts_s"] = time.perf_counter() - t
    _log("counted")
    ctx = {"frame": frame, "y": y, "groups": groups, "rep": rep,
           "word": Baseline(word_counts, min_df=2), "char": Baseline(char_counts, min_df=2)}

    results: dict = {"n_articles": len(frame)}
    t = time.perf_counter()
    results["grouped_cv"] = grouped_cv(ctx)
    timings["grouped_cv_s"] = time.perf_counter() - t
    results["leave_one_corpus_out"] = leave_one_corpus_out(ctx)
    results["transfer_fakehealth"] = results["leave_one_corpus_out"]["fakehealth_release_vs_story"]
    held = (frame["corpus"] == "fakehealth_release_vs_story").to_numpy()
    transfer = _all_scores(np.flatnonzero(~held), np.flatnonzero(held), ctx)
    results["fakehealth_pairs_transfer"] = _pairs(frame[held].reset_index(drop=True), transfer)
    results["fakehealth_pairs_grouped_cv"] = _pairs(frame[held].reset_index(drop=True),
                                                    {m: s[held] for m, s in ctx["oof"].items()})

    _log("final fit")
    t = time.perf_counter()
    model = ReleaseClassifier().fit_representation(rep, y, groups)
    timings["fit_on_representation_s"] = time.perf_counter() - t
    timings["fit_total_s"] = timings["extract_features_s"] + timings["represent_s"] + timings["fit_on_representation_s"]
    save_model_path = args.model_out
    from sklearn.pipeline import Pipeline

    save_model(Pipeline([("release", model)]), save_model_path)
    t = time.perf_counter()
    loaded = load_model(save_model_path)[-1]
    timings["load_s"] = time.perf_counter() - t
    sample = texts[:300]
    t = time.perf_counter()
    loaded.release_probability(sample)
    timings["predict_ms_per_article"] = 1000 * (time.perf_counter() - t) / len(sample)
    results["model"] = {"bytes_on_disk": save_model_path.stat().st_size, "n_ngrams": len(model.vocabulary_),
                        "top_ngrams": model.top_ngrams(25)}
    word_all = ctx["word"].fit(np.arange(len(y)), y)
    char_all = ctx["char"].fit(np.arange(len(y)), y)
    word_columns, word_idf, word_regression = word_all.columns_, word_all.idf_, word_all.regression_
    char_columns, char_idf, char_regression = char_all.columns_, char_all.idf_, char_all.regression_

    def score_all(new_texts: list[str], new_features: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
        word_all.columns_, word_all.idf_, word_all.regression_ = word_columns, word_idf, word_regression
        char_all.columns_, char_all.idf_, char_all.regression_ = char_columns, char_idf, char_regression
        return {"provenance": model.release_probability(new_texts, features=new_features),
                "word_tfidf": word_all.score(word_vectorizer.transform(new_texts).tocsr()),
                "char_tfidf": char_all.score(char_vectorizer.transform(new_texts).tocsr())}

    shipped = load_model()
    tone = _tone(shipped, features)
    combined_oof = np.empty(len(y))
    for train, test in GroupKFold(5).split(y, y, groups):
        fitted = PromotionalCombiner().fit(ctx["oof"]["provenance"][train], tone[train], y[train])
        combined_oof[test] = fitted.promotional_probability(ctx["oof"]["provenance"][test], tone[test])
    combiner = PromotionalCombiner().fit(ctx["oof"]["provenance"], tone, y)
    fraction, mean_predicted = calibration_curve(y, combined_oof, n_bins=10, strategy="quantile")
    release_fraction, release_mean = calibration_curve(y, ctx["oof"]["provenance"], n_bins=10, strategy="quantile")
    results["promotional_probability"] = {
        "combiner_coef": [_r(c) for c in combiner.coef_], "combiner_intercept": _r(combiner.intercept_),
        "grouped_cv_roc_auc": _r(roc_auc_score(y, combined_oof)),
        "grouped_cv_brier": _r(brier_score_loss(y, combined_oof)),
        "reliability": [[_r(p), _r(f)] for p, f in zip(mean_predicted, fraction, strict=True)],
        "release_probability_reliability": [[_r(p), _r(f)]
                                            for p, f in zip(release_mean, release_fraction, strict=True)],
    }

    examples = sorted(EXAMPLES.glob("00*.txt"))
    if examples:
        example_texts = [p.read_text(encoding="utf-8") for p in examples]
        example_features = extract_features(example_texts)
        scores = score_all(example_texts, example_features)
        example_tone = _tone(shipped, example_features)
        combined = combiner.promotional_probability(scores["provenance"], example_tone)
        results["examples"] = {p.name[:3]: {**{m: _r(scores[m][i]) for m in MODELS}, "tone": _r(example_tone[i]),
                                            "promotional_probability": _r(combined[i]),
                                            "shipped": _r(shipped.predict_proba([example_texts[i]])[0, 1])}
                               for i, p in enumerate(examples)}

    articles = corpora.load_ptc(args.corpora)
    articles = articles[articles["article_id"].map(held_out_article).to_numpy()]
    ptc_texts = articles["text"].tolist()
    ptc_features = extract_features(ptc_texts)
    density = _ptc_density(articles)
    ptc_scores = score_all(ptc_texts, ptc_features)
    ptc_combined = combiner.promotional_probability(ptc_scores["provenance"], _tone(shipped, ptc_features))
    results["ptc_spearman_vs_loaded_density"] = {
        "n": len(ptc_texts), **{m: _r(spearmanr(s, density).statistic) for m, s in ptc_scores.items()},
        "promotional_probability": _r(spearmanr(ptc_combined, density).statistic)}

    basil = corpora.load_basil(args.corpora)
    basil_scores = score_all(basil["text"].tolist())
    results["basil_mean_release_probability"] = {
        m: {k: _r(v) for k, v in pd.Series(s).groupby(basil["source"].to_numpy()).mean().items()}
        for m, s in basil_scores.items()}
    results["timings"] = {k: _r(v) for k, v in timings.items()}
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))


def markdown(results: dict) -> str:
    """Render the headline numbers as a Markdown table (model columns side by side)."""
    lines = ["| measure | provenance | word TF-IDF + LR | char TF-IDF + LR |", "|---|---|---|---|"]

    def row(label: str, values: dict, key: str) -> None:
        lines.append(f"| {label} | " + " | ".join(str(values[m].get(key, "")) for m in MODELS) + " |")

    row("grouped 5-fold CV ROC-AUC", results["grouped_cv"], "roc_auc")
    row("grouped 5-fold CV accuracy", results["grouped_cv"], "accuracy")
    row("grouped 5-fold CV Brier", results["grouped_cv"], "brier")
    for corpus, values in results["leave_one_corpus_out"].items():
        row(f"leave-one-corpus-out accuracy: {corpus}", values, "accuracy")
    row("FakeHealth transfer ROC-AUC", results["transfer_fakehealth"], "roc_auc")
    for key in ("fakehealth_pairs_transfer", "fakehealth_pairs_grouped_cv"):
        pairs = results[key]
        lines.append(f"| release above its matched story ({key}, {pairs['pairs']} pairs) | "
                     + " | ".join(str(pairs[m]) for m in MODELS) + " |")
    ptc = results["ptc_spearman_vs_loaded_density"]
    lines.append(f"| PTC Spearman vs loaded-language density (n={ptc['n']}) | "
                 + " | ".join(str(ptc[m]) for m in MODELS) + " |")
    for name, values in results.get("examples", {}).items():
        lines.append(f"| example {name} release probability | " + " | ".join(str(values[m]) for m in MODELS) + " |")
    combined = results["promotional_probability"]
    lines += ["", f"promotional_probability (stacker, coef {combined['combiner_coef']}): grouped-CV ROC-AUC "
              f"{combined['grouped_cv_roc_auc']}, Brier {combined['grouped_cv_brier']}; "
              f"PTC Spearman {ptc['promotional_probability']}; "
              + "; ".join(f"example {k}: {v['promotional_probability']} (tone {v['tone']})"
                          for k, v in results.get("examples", {}).items()),
              "", f"model: {results['model']['bytes_on_disk']} bytes, {results['model']['n_ngrams']} n-grams; "
              f"timings: {results['timings']}"]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
