"""The shipped faces (``release_probability``, ``tone_probability``, ``promotional_probability``) beside baselines.

Every provenance figure is measured for four models trained on the same articles and the same splits:

- ``shipped``: the default model's provenance face, exactly as ``hypedetect train`` builds it (every modelled
  feature including the learned dimensions and the out-of-fold style score of the provenance dimension; its
  tail refitted per split, and for leave-one-corpus-out the style model refitted without the left-out corpus);
- ``provenance``: :class:`hypedetect.provenance.ReleaseClassifier` (distorted-text n-grams + interpretable
  features in one regression, Platt-calibrated on source-grouped folds);
- ``word_tfidf``: TF-IDF word 1-2-grams (sublinear tf, min_df 2) + logistic regression;
- ``char_tfidf``: TF-IDF character 2-5-grams (sublinear tf, hashed to 2^20 columns) + logistic regression.

The baselines' n-grams are counted once over all texts; in every fold the kept columns (document frequency
in the training part), the IDF and the regression come from the training part only, which is what refitting
a ``TfidfVectorizer`` on it would give. Splits: source-grouped 5-fold CV (``corpus:source``), leave one
corpus out, and FakeHealth transfer (= the FakeHealth fold of leave-one-corpus-out). Also, for information:
releases placed above their own story (FakeHealth pairs matched by title/lead similarity), PTC article
Spearman with loaded-language density (held-out articles), BASIL outlet means, the two shared examples;
and the shipped model's tone face and combined ``promotional_probability`` on PTC, BASIL and the examples.

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
from hypedetect.model import build_pipeline, score_texts
from hypedetect.provenance import ReleaseClassifier, represent
from hypedetect.provenance.model import Representation
from hypedetect.ranking import rank_sources
from hypedetect.training import grouped_scores, held_out_article, left_out_scores, training_features, training_frame

MODELS = ("shipped", "provenance", "word_tfidf", "char_tfidf")
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
    scores["shipped"] = grouped_scores(ctx["template"], ctx["features"], y, groups)
    ctx["oof"] = scores
    return {m: {"roc_auc": _r(roc_auc_score(y, s)), "accuracy": _r(np.mean((s >= 0.5) == y)),
                "brier": _r(brier_score_loss(y, s))} for m, s in scores.items()}


def leave_one_corpus_out(ctx: dict) -> dict:
    frame, y = ctx["frame"], ctx["y"]
    out = {}
    shipped = left_out_scores(ctx["template"], frame, ctx["features"], ctx["style"])
    ctx["shipped_left_out"] = shipped
    for corpus in sorted(frame["corpus"].unique()):
        held = (frame["corpus"] == corpus).to_numpy()
        _log(f"leave out {corpus}")
        scores = {"shipped": shipped[corpus], **_all_scores(np.flatnonzero(~held), np.flatnonzero(held), ctx)}
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


def ablations(ctx: dict, extractors: list, root) -> dict:
    """The shipped provenance face without its provenance dimension, and with the distorted-text style score."""
    from hypedetect.document import parse
    from hypedetect.extractors.provenance import Provenance
    from hypedetect.provenance.style import count_styles, fit_style, out_of_fold_style
    from hypedetect.training import STYLE_FEATURE

    frame, features, y, groups = ctx["frame"], ctx["features"], ctx["y"], ctx["groups"]
    counted = count_styles([parse(text) for text in frame["text"]])
    weights = fit_style(counted, np.arange(len(y)), y)
    styled = features.copy()
    styled[STYLE_FEATURE] = out_of_fold_style(counted, y, GroupKFold(5).split(y, y, groups))
    style_extractors = [*extractors[:-1], Provenance(vocabulary=weights.vocabulary, weights=weights.weights,
                                                     intercept=weights.intercept)]
    bare = features[[c for c in features.columns if not c.startswith("provenance__")]]
    variants = {"with_style": (build_pipeline(extractors=style_extractors), styled, counted),
                "without_provenance": (build_pipeline(extractors=extractors[:-1]), bare, None)}
    out = {}
    for name, (template, variant_features, style) in variants.items():
        _log(f"ablation {name}")
        oof = grouped_scores(template, variant_features, y, groups)
        left_out = left_out_scores(template, frame, variant_features, style)
        out[name] = {"grouped_cv_roc_auc": _r(roc_auc_score(y, oof)),
                     "leave_one_corpus_out_accuracy": {
                         corpus: _r(np.mean((p >= 0.5) == y[(frame["corpus"] == corpus).to_numpy()]))
                         for corpus, p in left_out.items()}}
        held = (frame["corpus"] == "fakehealth_release_vs_story").to_numpy()
        out[name]["transfer_fakehealth_roc_auc"] = _r(roc_auc_score(y[held], left_out["fakehealth_release_vs_story"]))
    return out


def _tone_figures(frame: pd.DataFrame, features: pd.DataFrame, extractors, root) -> dict:
    """Tone face out of fold vs the two baselines, on the tone verdicts, source-grouped folds."""
    from hypedetect.tone import tone_frame, tone_out_of_fold
    from hypedetect.training import extract, fit_model

    model = fit_model(frame, features=features, extractors=extractors)
    tone = tone_frame(root)
    tone_features = extract(tone, extractors)
    texts, y, groups = tone["text"].tolist(), tone["tone"].to_numpy(), tone["group"].to_numpy()
    scores = {"shipped": tone_out_of_fold(model, tone, tone_features)}
    word = Baseline(CountVectorizer(ngram_range=(1, 2), dtype=np.float32).fit_transform(texts).tocsr(), min_df=2)
    char = Baseline(HashingVectorizer(analyzer="char", ngram_range=(2, 5), n_features=2**20, alternate_sign=False,
                                      norm=None, dtype=np.float32).transform(texts).tocsr(), min_df=2)
    for name, baseline in (("word_tfidf", word), ("char_tfidf", char)):
        scores[name] = np.empty(len(y))
        for train, test in GroupKFold(5).split(y, y, groups):
            scores[name][test] = baseline.fit(train, y[train]).score(baseline.counts[test])
    out = {}
    for corpus in sorted(tone["corpus"].unique()):
        part = (tone["corpus"] == corpus).to_numpy()
        out[corpus] = {"n": int(part.sum()), "positive": int(y[part].sum()),
                       **{name: _r(roc_auc_score(y[part], values[part])) for name, values in scores.items()}}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=None, help="shared corpora folder (default $HYPEDETECT_CORPORA)")
    parser.add_argument("--json", default="/tmp/prov_bench.json", type=Path)
    args = parser.parse_args()

    from hypedetect.persistence import load_model

    timings: dict[str, float] = {}
    frame = training_frame(args.corpora)
    texts = frame["text"].tolist()
    y, groups = frame["label"].to_numpy(), frame["group"].to_numpy()
    t = time.perf_counter()
    extractors, features, style = training_features(frame, args.corpora)
    timings["training_features_s"] = time.perf_counter() - t
    plain = features[[c for c in extract_features(texts[:1]).columns]]
    rep = represent(texts, features=plain)
    word_vectorizer = CountVectorizer(ngram_range=(1, 2), dtype=np.float32)
    word_counts = word_vectorizer.fit_transform(texts).tocsr()
    char_vectorizer = HashingVectorizer(analyzer="char", ngram_range=(2, 5), n_features=2**20, alternate_sign=False,
                                        norm=None, dtype=np.float32)
    char_counts = char_vectorizer.transform(texts).tocsr()
    _log("counted")
    ctx = {"frame": frame, "y": y, "groups": groups, "rep": rep, "features": features, "style": style,
           "template": build_pipeline(extractors=extractors),
           "word": Baseline(word_counts, min_df=2), "char": Baseline(char_counts, min_df=2)}

    results: dict = {"n_articles": len(frame)}
    results["grouped_cv"] = grouped_cv(ctx)
    results["leave_one_corpus_out"] = leave_one_corpus_out(ctx)
    results["transfer_fakehealth"] = results["leave_one_corpus_out"]["fakehealth_release_vs_story"]
    held = (frame["corpus"] == "fakehealth_release_vs_story").to_numpy()
    transfer = {"shipped": ctx["shipped_left_out"]["fakehealth_release_vs_story"],
                **_all_scores(np.flatnonzero(~held), np.flatnonzero(held), ctx)}
    results["fakehealth_pairs_transfer"] = _pairs(frame[held].reset_index(drop=True), transfer)
    results["fakehealth_pairs_grouped_cv"] = _pairs(frame[held].reset_index(drop=True),
                                                    {m: s[held] for m, s in ctx["oof"].items()})
    results["ablations"] = ablations(ctx, extractors, args.corpora)
    _log("tone face")
    results["tone_face_out_of_fold_roc_auc"] = _tone_figures(frame, features, extractors, args.corpora)

    _log("final fits")
    model = ReleaseClassifier().fit_representation(rep, y, groups)
    results["provenance_top_ngrams"] = model.top_ngrams(25)
    word_all = ctx["word"].fit(np.arange(len(y)), y)
    word_state = (word_all.columns_, word_all.idf_, word_all.regression_)
    char_all = ctx["char"].fit(np.arange(len(y)), y)
    char_state = (char_all.columns_, char_all.idf_, char_all.regression_)
    shipped = load_model()

    def score_all(new_texts: list[str]) -> tuple[dict[str, np.ndarray], pd.DataFrame]:
        word_all.columns_, word_all.idf_, word_all.regression_ = word_state
        char_all.columns_, char_all.idf_, char_all.regression_ = char_state
        faces = score_texts(shipped, new_texts)
        return ({"shipped": faces["release_probability"].to_numpy(),
                 "provenance": model.release_probability(new_texts),
                 "word_tfidf": word_all.score(word_vectorizer.transform(new_texts).tocsr()),
                 "char_tfidf": char_all.score(char_vectorizer.transform(new_texts).tocsr())}, faces)

    faces_shown = ("promotional_probability", "release_probability", "tone_probability", "loaded_language_rate")
    examples = sorted(EXAMPLES.glob("00*.txt"))
    if examples:
        scores, faces = score_all([p.read_text(encoding="utf-8") for p in examples])
        results["examples"] = {p.name[:3]: {**{m: _r(scores[m][i]) for m in MODELS},
                                            **{f: _r(faces[f].iloc[i]) for f in faces_shown}}
                               for i, p in enumerate(examples)}

    articles = corpora.load_ptc(args.corpora)
    articles = articles[articles["article_id"].map(held_out_article).to_numpy()]
    density = _ptc_density(articles)
    scores, faces = score_all(articles["text"].tolist())
    results["ptc_spearman_vs_loaded_density"] = {
        "n": len(articles), **{m: _r(spearmanr(s, density).statistic) for m, s in scores.items()},
        **{f: _r(spearmanr(faces[f], density).statistic) for f in faces_shown}}

    basil = corpora.load_basil(args.corpora)
    scores, faces = score_all(basil["text"].tolist())
    results["basil_mean_release_probability"] = {
        m: {k: _r(v) for k, v in pd.Series(s).groupby(basil["source"].to_numpy()).mean().items()}
        for m, s in scores.items()}
    faces["source"] = basil["source"].to_numpy()
    ranking = rank_sources(faces)
    density = basil.groupby("source").apply(
        lambda g: 100.0 * g["n_lexical_spans"].sum() / max(int(g["n_sentences"].sum()), 1), include_groups=False)
    results["basil_ranking"] = {
        row["source"]: {"n": int(row["n_articles"]), "lexical_bias_spans_per_100_sentences": _r(density[row["source"]]),
                        **{f"{face}_{stat}": _r(row[f"{face}_{stat}"]) for face in ("release_probability",
                                                                                      "loaded_language_rate")
                           for stat in ("pooled", "ci_low", "ci_high") if f"{face}_{stat}" in row},
                        "promotional_pooled": _r(row["pooled_probability"]),
                        "promotional_ci": [_r(row["ci_low"]), _r(row["ci_high"])]}
        for _, row in ranking.iterrows()}
    results["timings"] = {k: _r(v) for k, v in timings.items()}
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))


def markdown(results: dict) -> str:
    """Render the headline numbers as a Markdown table (model columns side by side)."""
    lines = ["| measure | shipped | ReleaseClassifier | word TF-IDF + LR | char TF-IDF + LR |", "|---|---|---|---|---|"]

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
    lines.append(f"| PTC Spearman of the shipped faces (n={ptc['n']}) | "
                 + ", ".join(f"{f} {ptc[f]}" for f in ("promotional_probability", "tone_probability",
                                                       "loaded_language_rate")) + " | | |")
    for corpus, values in results["tone_face_out_of_fold_roc_auc"].items():
        lines.append(f"| tone ROC-AUC, {corpus} ({values['n']} articles, {values['positive']} positive) | "
                     f"{values['shipped']} | | {values['word_tfidf']} | {values['char_tfidf']} |")
    lines += ["", "| ablation of the shipped provenance face | grouped CV ROC-AUC | FakeHealth transfer ROC-AUC | "
              "leave-one-corpus-out accuracy |", "|---|---|---|---|"]
    for name, values in results["ablations"].items():
        loco = ", ".join(f"{c} {a}" for c, a in values["leave_one_corpus_out_accuracy"].items())
        lines.append(f"| {name} | {values['grouped_cv_roc_auc']} | {values['transfer_fakehealth_roc_auc']} | {loco} |")
    lines += ["", "| BASIL outlet | promotional (pooled, 95% CI) | release (pooled) | loaded_language_rate (pooled) "
              "| lexical-bias spans per 100 sentences |", "|---|---|---|---|---|"]
    for outlet, row in results["basil_ranking"].items():
        lines.append(f"| {outlet} | {row['promotional_pooled']} {row['promotional_ci']} | "
                     f"{row.get('release_probability_pooled')} | {row.get('loaded_language_rate_pooled')} | "
                     f"{row['lexical_bias_spans_per_100_sentences']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
