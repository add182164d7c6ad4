"""The learned detectors against baselines trained on the same data in the same run.

Every figure of the detectors' "Must show" list, each beside its baseline:

- PTC (sentences split by article, 5 grouped folds): sentence F1 for
  Loaded_Language or Exaggeration, and the article Spearman correlation of
  ``loaded_language_rate`` (on the parsed article) with the density of those
  spans (spans per sentence), against a word TF-IDF + logistic-regression
  sentence model (mean probability per article).
- BABE SG2 (split by topic, 5 grouped folds): sentence F1 (biased) against a
  word (1-2) + character (``char_wb`` 2-5) TF-IDF + LR model; neutrality: the
  ROC-AUC of the out-of-fold sentence scores for right- versus left-leaning
  outlets, beside the same AUC of the gold labels.
- BASIL: per-outlet mean ``loaded_language_rate`` (detector trained on all of
  PTC and BABE) beside BASIL's lexical-bias density, and the article Spearman
  of the rate with that density, against the baseline trained on the same data.
- Clickbait (Chakraborty et al. 2016; 5 stratified folds): accuracy against
  word TF-IDF + LR.
- Claim strength (Yu et al. 2019): macro-F1 within corpus (EurekAlert press
  releases grouped by release, PubMed conclusions stratified; 5 folds) and
  across (train on press releases, test on PubMed), against word (1-2) TF-IDF + LR.
- Vague quantifiers: how often the category fires, and how the sentences it
  fires in are labelled, on WikiWeasel (speculation cues only) and BABE, beside
  the existing ``weasel`` lexicon measured the same way.
- The examples 000 and 002: loaded, headline and claim features with their top evidence.
- Cost: per-article time of the shipped path, ``FeatureSet.transform`` of the 4
  default extractors alone vs with the three learned extractors (loaded,
  headline, claims) added, and vs with the provenance signals added (PTC
  articles parsed beforehand, the detectors freshly copied for every repeat so
  that no word's terms are stored from an earlier one; the best of 5
  interleaved repeats, one process), training time, size on disk and
  load time of the saved detectors.

Usage::

    python benchmarks/bench_detectors.py [--corpora DIR] [--examples DIR] [--json /tmp/bench_detectors.json]
    python benchmarks/bench_detectors.py --only ptc --json /tmp/ptc.json   # one section
    python benchmarks/bench_detectors.py --only babe full --merge /tmp/ptc.json   # the rest, one table
    python benchmarks/bench_detectors.py --only cost   # train the detectors, time them only
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline

from hypedetect import document
from hypedetect.corpora import corpora_dir
from hypedetect.detectors import sources
from hypedetect.detectors.article import Detectors, analyse
from hypedetect.detectors.claims import fit_claims
from hypedetect.detectors.headline import fit_headline
from hypedetect.detectors.linear import tokenize
from hypedetect.detectors.loaded import fit_loaded, loaded_features
from hypedetect.detectors.vague import find_vague_attributions
from hypedetect.extractors.learned import ClaimStrength, Headline, LoadedLanguage
from hypedetect.extractors.provenance import Provenance
from hypedetect.features import FeatureSet, default_extractors
from hypedetect.lexicons import PhraseMatcher, load_lexicon
from hypedetect.persistence import load_model, save_model

FOLDS = 5
SEED = 0


def word_baseline() -> Pipeline:
    """Word TF-IDF + logistic regression."""
    return make_pipeline(TfidfVectorizer(min_df=2, sublinear_tf=True),
                         LogisticRegression(class_weight="balanced", max_iter=2000))


def word_char_baseline() -> Pipeline:
    """Word (1-2) + character (char_wb 2-5) TF-IDF + logistic regression."""
    union = FeatureUnion([
        ("word", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
    ])
    return make_pipeline(union, LogisticRegression(class_weight="balanced", max_iter=2000))


def claims_baseline() -> Pipeline:
    """Word (1-2) TF-IDF + multinomial logistic regression."""
    return make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                         LogisticRegression(max_iter=2000, C=10.0))


def _texts(rows):
    return [r.text for r in rows]


def _labels(rows):
    return np.array([r.label for r in rows])


# ----------------------------------------------------------------------------------- PTC

def bench_ptc(root: Path) -> dict:
    rows = sources.read_ptc_sentences(root)
    articles = {a["article_id"]: a for a in sources.read_ptc_articles(root)}
    y, groups = _labels(rows), np.array([r.group for r in rows])
    det_pred, det_prob, base_prob = np.zeros(len(rows), bool), np.zeros(len(rows)), np.zeros(len(rows))
    article_rate: dict[str, float] = {}
    for train, test in GroupKFold(n_splits=FOLDS).split(rows, y, groups):
        train_rows = [rows[i] for i in train]
        detector = fit_loaded(train_rows)
        for article_id in sorted({rows[i].group for i in test}):
            lines = np.flatnonzero(groups == article_id)
            det_prob[lines] = detector.predict_proba([rows[i].text for i in lines], document=True)
        det_pred[test] = det_prob[test] >= detector.threshold
        baseline = word_baseline().fit(_texts(train_rows), y[train])
        base_prob[test] = baseline.predict_proba([rows[i].text for i in test])[:, 1]
        for article_id in sorted({rows[i].group for i in test}):
            doc = document.parse(articles[article_id]["text"])
            article_rate[article_id] = loaded_features(detector, doc)["loaded_language_rate"]
    density, base_rate, det_rate = [], [], []
    for article_id in sorted(article_rate):
        spans = [s for s in articles[article_id]["spans"] if s["technique"] in sources.PTC_LOADED_TECHNIQUES]
        mask = groups == article_id
        density.append(len(spans) / mask.sum())
        base_rate.append(100 * base_prob[mask].mean())
        det_rate.append(article_rate[article_id])
    return {
        "sentences": len(rows), "articles": len(article_rate), "positive_sentences": int(y.sum()),
        "detector_f1": f1_score(y, det_pred), "baseline_f1": f1_score(y, base_prob >= 0.5),
        "detector_spearman": spearmanr(det_rate, density).statistic,
        "baseline_spearman": spearmanr(base_rate, density).statistic,
        "detector_sentence_spearman_from_lines": spearmanr(
            [100 * det_prob[groups == a].mean() for a in sorted(article_rate)], density).statistic,
    }


# ----------------------------------------------------------------------------------- BABE

def _lean_auc(scores: np.ndarray, lean: np.ndarray) -> float:
    mask = np.isin(lean, ["left", "right"])
    return roc_auc_score(lean[mask] == "right", scores[mask])


def bench_babe(root: Path) -> dict:
    rows = sources.read_babe(root)
    y, groups = _labels(rows), np.array([r.group for r in rows])
    lean = np.array([r.extra["type"] for r in rows])
    det_prob, det_pred, base_prob = np.zeros(len(rows)), np.zeros(len(rows), bool), np.zeros(len(rows))
    for train, test in GroupKFold(n_splits=FOLDS).split(rows, y, groups):
        train_rows = [rows[i] for i in train]
        detector = fit_loaded(train_rows)
        det_prob[test] = detector.predict_proba([rows[i].text for i in test])
        det_pred[test] = det_prob[test] >= detector.threshold
        base_prob[test] = word_char_baseline().fit(_texts(train_rows), y[train]).predict_proba(
            [rows[i].text for i in test])[:, 1]
    gold_auc = _lean_auc(y.astype(float), lean)
    return {
        "sentences": len(rows), "topics": len(set(groups)), "biased": int(y.sum()),
        "detector_f1": f1_score(y, det_pred), "baseline_f1": f1_score(y, base_prob >= 0.5),
        "lean_auc_gold": gold_auc, "lean_auc_detector": _lean_auc(det_prob, lean),
        "lean_auc_baseline": _lean_auc(base_prob, lean),
        "lean_sentences": int(np.isin(lean, ["left", "right"]).sum()),
    }


# ----------------------------------------------------------------------------------- BASIL

def bench_basil(root: Path, detector, baseline) -> dict:
    with gzip.open(corpora_dir(root) / "basil" / "basil_v2_articles.jsonl.gz", "rt", encoding="utf-8") as stream:
        articles = [json.loads(line) for line in stream if line.strip()]
    per_outlet: dict[str, dict[str, list[float]]] = {}
    rate, base, density = [], [], []
    for article in articles:
        sentences = [s["text"] for s in article["sentences"]]
        doc = document.parse("\n\n".join(sentences))
        lexical = sum(1 for s in article["spans"] if s["bias"] == "lex")
        value = loaded_features(detector, doc)["loaded_language_rate"]
        base_value = 100 * float(baseline.predict_proba(sentences)[:, 1].mean()) if sentences else 0.0
        lex_density = 100 * lexical / max(len(sentences), 1)
        outlet = per_outlet.setdefault(article["source"], {"rate": [], "baseline": [], "lex": []})
        outlet["rate"].append(value)
        outlet["baseline"].append(base_value)
        outlet["lex"].append(lex_density)
        rate.append(value)
        base.append(base_value)
        density.append(lex_density)
    return {
        "articles": len(articles),
        "per_outlet": {name: {k: float(np.mean(v)) for k, v in values.items()} | {"n": len(values["rate"])}
                       for name, values in sorted(per_outlet.items())},
        "detector_spearman": spearmanr(rate, density).statistic,
        "baseline_spearman": spearmanr(base, density).statistic,
    }


# ----------------------------------------------------------------------------------- clickbait, claims

def bench_clickbait(root: Path) -> dict:
    rows = sources.read_clickbait(root)
    y = _labels(rows)
    det, base = np.zeros(len(rows), int), np.zeros(len(rows), int)
    for train, test in StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(rows, y):
        detector = fit_headline([rows[i] for i in train])
        det[test] = detector.predict_proba([rows[i].text for i in test]) >= detector.threshold
        base[test] = word_baseline().fit([rows[i].text for i in train], y[train]).predict(
            [rows[i].text for i in test])
    return {"headlines": len(rows), "detector_accuracy": accuracy_score(y, det),
            "baseline_accuracy": accuracy_score(y, base)}


def _claims_cv(rows, grouped: bool) -> tuple[float, float]:
    y, groups = _labels(rows), np.array([r.group for r in rows])
    folds = (GroupKFold(n_splits=FOLDS).split(rows, y, groups) if grouped
             else StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(rows, y))
    det, base = np.zeros(len(rows), int), np.zeros(len(rows), int)
    for train, test in folds:
        detector = fit_claims([rows[i] for i in train])
        det[test] = np.asarray(detector.classes)[detector.predict_proba([rows[i].text for i in test]).argmax(1)]
        base[test] = claims_baseline().fit([rows[i].text for i in train], y[train]).predict(
            [rows[i].text for i in test])
    return f1_score(y, det, average="macro"), f1_score(y, base, average="macro")


def bench_claims(root: Path) -> dict:
    eureka = sources.read_claim_strength(root, part="eureka")
    pubmed = sources.read_claim_strength(root, part="pubmed")
    out = {}
    out["eureka_detector_macro_f1"], out["eureka_baseline_macro_f1"] = _claims_cv(eureka, grouped=True)
    out["pubmed_detector_macro_f1"], out["pubmed_baseline_macro_f1"] = _claims_cv(pubmed, grouped=False)
    detector = fit_claims(eureka)
    y = _labels(pubmed)
    predicted = np.asarray(detector.classes)[detector.predict_proba(_texts(pubmed)).argmax(1)]
    out["cross_detector_macro_f1"] = f1_score(y, predicted, average="macro")
    out["cross_baseline_macro_f1"] = f1_score(
        y, claims_baseline().fit(_texts(eureka), _labels(eureka)).predict(_texts(pubmed)), average="macro")
    out["eureka_sentences"], out["eureka_releases"], out["pubmed_sentences"] = (
        len(eureka), len({r.group for r in eureka}), len(pubmed))
    return out


# ----------------------------------------------------------------------------------- vague quantifiers

def _vague_rate(sentences: list[str], category: str) -> np.ndarray:
    if category == "vague_quantifiers":
        return np.array([bool(find_vague_attributions(tokenize(s)[0])) for s in sentences])
    matcher = PhraseMatcher([load_lexicon(category)])
    return np.array([bool(matcher.find(list(tokenize(s)[0]))) for s in sentences])


def bench_vague(root: Path) -> dict:
    with gzip.open(corpora_dir(root) / "wikiweasel_hedging" / "szeged_wikiweasel_sentences.jsonl.gz", "rt",
                   encoding="utf-8") as stream:
        wiki = [json.loads(line) for line in stream if line.strip()]
    wiki = [s for s in wiki if s["part"] == "Text"]
    wiki_uncertain = np.array([s["label"] == "uncertain" for s in wiki])
    doxastic = np.array([any("doxastic" in c["type"] for c in s["cues"]) for s in wiki])
    babe = sources.read_babe(root)
    babe_y = _labels(babe).astype(bool)
    out = {"wiki_sentences": len(wiki), "wiki_uncertain_base_rate": float(wiki_uncertain.mean()),
           "wiki_doxastic_base_rate": float(doxastic.mean()), "babe_biased_base_rate": float(babe_y.mean())}
    for category in ("vague_quantifiers", "weasel"):
        fired = _vague_rate([s["text"] for s in wiki], category)
        fired_babe = _vague_rate(_texts(babe), category)
        out[category] = {
            "wiki_fired_per_1k": 1000 * float(fired.mean()),
            "wiki_uncertain_share_when_fired": float(wiki_uncertain[fired].mean()) if fired.any() else 0.0,
            "wiki_doxastic_share_when_fired": float(doxastic[fired].mean()) if fired.any() else 0.0,
            "babe_fired_per_1k": 1000 * float(fired_babe.mean()),
            "babe_biased_share_when_fired": float(babe_y[fired_babe].mean()) if fired_babe.any() else 0.0,
        }
    return out


# ----------------------------------------------------------------------------------- examples, cost

def bench_examples(examples: Path, detectors: Detectors) -> dict:
    out = {}
    for path in sorted(examples.glob("0*.txt")):
        doc = document.parse(path.read_text(encoding="utf-8"))
        features, evidence = analyse(detectors, doc)
        ranked = sorted(evidence, key=lambda e: -e.weight)
        out[path.name[:3]] = {
            "features": features,
            "top_loaded": [(e.text, e.category, e.weight) for e in ranked if e.detector == "loaded"][:8],
            "headline": [(e.text, e.weight) for e in ranked if e.detector == "headline"],
            "claims": [(e.text[:120], e.category, e.weight) for e in ranked if e.detector == "claims"][:4],
        }
    return out


def _shipped(detectors: Detectors, *, learned: bool, provenance: bool, shared: bool = True) -> FeatureSet:
    """A fitted feature set as the shipped model builds it: the default extractors, optionally the
    learned ones and the provenance signals. Its detectors are as a newly loaded model's: lookup
    tables built afresh (a once-per-load cost, left out of the per-article time, as is the feature
    set's merged table of the detectors' shared pass), no unseen word's terms stored. ``shared=False``
    leaves the shared pass out: each learned extractor scores the document with its own detector."""
    extractors = default_extractors()
    if learned:
        extractors += [LoadedLanguage(detector=detectors.loaded), Headline(detector=detectors.headline),
                       ClaimStrength(detector=detectors.claims)]
    if provenance:
        extractors.append(Provenance())
    features = FeatureSet(extractors=extractors).fit([])
    for extractor in features.extractors_:
        if getattr(extractor, "detector", None) is not None:
            extractor.detector._tables = None  # the derived tables, rebuilt on first use
            extractor.detector.predict_proba([""])
    features.analyse("")  # builds the lexicon matcher and the detectors' shared pass (share_detector_passes)
    if not shared:
        for extractor in features.extractors_:
            extractor.__dict__.pop("_bank", None)
    return features


#: The timed feature sets: (name, with the learned extractors, with the provenance signals, shared pass).
COST_CONFIGURATIONS = (("default", False, False, True), ("learned", True, False, True),
                       ("separate", True, False, False), ("provenance", False, True, True))


def bench_cost(root: Path, detectors: Detectors, repeats: int = 5) -> dict:
    """Time ``FeatureSet.transform`` of the shipped path on the PTC articles: the 4 default extractors
    alone, with the three learned extractors added (sharing one pass per document, and each detector
    with its own pass), and with the provenance signals added.

    Every configuration transforms the same articles, parsed beforehand (untimed, a fresh parse per
    run so no document caches carry over); the configurations alternate within each repeat and the
    best of ``repeats`` counts.
    """
    texts = [a["text"] for a in sources.read_ptc_articles(root)]
    for _, learned, provenance, shared in COST_CONFIGURATIONS:  # warm-up: imports, lexicons, lookup tables
        _shipped(detectors, learned=learned, provenance=provenance, shared=shared).transform(texts[:5])
    times: dict[str, list[float]] = {name: [] for name, *_ in COST_CONFIGURATIONS}
    for repeat in range(repeats):
        order = COST_CONFIGURATIONS if repeat % 2 == 0 else COST_CONFIGURATIONS[::-1]
        for name, learned, provenance, shared in order:
            features = _shipped(detectors, learned=learned, provenance=provenance, shared=shared)
            docs = [document.parse(text) for text in texts]
            gc.collect()
            start = time.perf_counter()
            features.transform(docs)
            times[name].append(time.perf_counter() - start)
    best = {name: min(values) for name, values in times.items()}
    return {"articles": len(texts), "repeats": repeats, "default_s": best["default"],
            "learned_s": best["learned"], "separate_s": best["separate"], "provenance_s": best["provenance"],
            "articles_per_s_default": len(texts) / best["default"],
            "overhead": best["learned"] / best["default"] - 1.0,
            "separate_overhead": best["separate"] / best["default"] - 1.0,
            "provenance_overhead": best["provenance"] / best["default"] - 1.0}


def bench_storage(detectors: Detectors) -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, detector in detectors._asdict().items():
            path = save_model(Pipeline([(name, detector)]), Path(folder) / f"{name}.skops")
            start = time.perf_counter()
            loaded = load_model(path)
            seconds = time.perf_counter() - start
            out[name] = {"bytes": path.stat().st_size, "load_s": seconds,
                         "vocabulary": [len(detector.word_vocabulary), len(detector.char_vocabulary),
                                        len(detector.char_words)],
                         "round_trip_equal": bool(np.allclose(
                             loaded.steps[0][1].predict_proba(["A shocking, disgraceful betrayal."]),
                             detector.predict_proba(["A shocking, disgraceful betrayal."])))}
    return out


# ----------------------------------------------------------------------------------- report

def _row(name, detector, baseline, target="") -> str:
    def fmt(value) -> str:
        return f"{value:.3f}" if isinstance(value, float | np.floating) else str(value)

    return f"| {name} | {fmt(detector)} | {fmt(baseline)} | {target} |"


def report(results: dict) -> str:
    ptc, babe, cb, cl, basil = (results[k] for k in ("ptc", "babe", "clickbait", "claims", "basil"))
    lines = ["| figure | detector | baseline | target |", "|---|---|---|---|",
             _row("PTC sentence F1 (Loaded_Language or Exaggeration), split by article", ptc["detector_f1"],
                  ptc["baseline_f1"], ">= 0.45"),
             _row("PTC article Spearman(loaded_language_rate, span density)", ptc["detector_spearman"],
                  ptc["baseline_spearman"], ">= 0.55"),
             _row("BABE sentence F1 (biased), split by topic", babe["detector_f1"], babe["baseline_f1"], ">= 0.75"),
             _row(f"BABE lean AUC right vs left (gold: {babe['lean_auc_gold']:.3f})", babe["lean_auc_detector"],
                  babe["lean_auc_baseline"], "within 0.05 of gold"),
             _row("BASIL article Spearman(loaded_language_rate, lexical-bias density)", basil["detector_spearman"],
                  basil["baseline_spearman"], "reported"),
             _row("Clickbait accuracy (5-fold)", cb["detector_accuracy"], cb["baseline_accuracy"], ">= 0.95"),
             _row("Claim strength macro-F1, EurekAlert (5 folds grouped by release)", cl["eureka_detector_macro_f1"],
                  cl["eureka_baseline_macro_f1"], ">= 0.75"),
             _row("Claim strength macro-F1, PubMed (5 folds)", cl["pubmed_detector_macro_f1"],
                  cl["pubmed_baseline_macro_f1"], ">= 0.75"),
             _row("Claim strength macro-F1, train press releases -> test PubMed", cl["cross_detector_macro_f1"],
                  cl["cross_baseline_macro_f1"], "reported")]
    lines += ["", "| BASIL outlet | articles | loaded_language_rate | baseline rate | lexical-bias spans / 100 sent. |",
              "|---|---|---|---|---|"]
    for outlet, v in basil["per_outlet"].items():
        lines.append(f"| {outlet} | {v['n']} | {v['rate']:.2f} | {v['baseline']:.2f} | {v['lex']:.2f} |")
    if "cost" in results:
        cost = results["cost"]
        lines += ["", f"Per-article time on {cost['articles']} PTC articles (FeatureSet.transform, best of "
                      f"{cost['repeats']}): the 4 default extractors {cost['default_s']:.2f} s "
                      f"({cost['articles_per_s_default']:.0f} articles/s); with the learned extractors "
                      f"{cost['learned_s']:.2f} s: +{100 * cost['overhead']:.0f}% (each detector its own pass: "
                      f"{cost['separate_s']:.2f} s, +{100 * cost['separate_overhead']:.0f}%); "
                      "with the provenance signals "
                      f"{cost['provenance_s']:.2f} s: +{100 * cost['provenance_overhead']:.0f}%."]
    return "\n".join(lines)


def _train_all(root: Path) -> tuple[Detectors, dict, list]:
    start = time.perf_counter()
    ptc_babe = ([s._replace(group=f"ptc:{s.group}") for s in sources.read_ptc_sentences(root)]
                + [s._replace(group=f"babe:{s.group}") for s in sources.read_babe(root)])
    loaded = fit_loaded(ptc_babe)
    t_loaded = time.perf_counter() - start
    headline = fit_headline(sources.read_clickbait(root))
    t_headline = time.perf_counter() - start - t_loaded
    claims = fit_claims(sources.read_claim_strength(root, part="eureka")
                        + sources.read_claim_strength(root, part="pubmed"))
    t_claims = time.perf_counter() - start - t_loaded - t_headline
    seconds = {"loaded": t_loaded, "headline": t_headline, "claims": t_claims}
    return Detectors(loaded, headline, claims), seconds, ptc_babe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default=None)
    parser.add_argument("--examples", default=str(Path(__file__).resolve().parents[2] / "shared" / "examples"))
    parser.add_argument("--json", default=str(Path(tempfile.gettempdir()) / "bench_detectors.json"))
    parser.add_argument("--only", nargs="*", default=None,
                        help="run only these sections (ptc babe clickbait claims vague full cost); "
                             "cost trains the three detectors and times them alone")
    parser.add_argument("--merge", default=None, help="start from the results JSON of an earlier run")
    args = parser.parse_args(argv)
    root = corpora_dir(args.corpora)
    wanted = set(args.only or ["ptc", "babe", "clickbait", "claims", "vague", "full"])
    results: dict = json.loads(Path(args.merge).read_text(encoding="utf-8")) if args.merge else {}
    for name, run in (("ptc", lambda: bench_ptc(root)), ("babe", lambda: bench_babe(root)),
                      ("clickbait", lambda: bench_clickbait(root)), ("claims", lambda: bench_claims(root)),
                      ("vague", lambda: bench_vague(root))):
        if name in wanted:
            start = time.perf_counter()
            results[name] = run()
            print(f"{name}: {time.perf_counter() - start:.0f} s {json.dumps(results[name], default=float)}",
                  file=sys.stderr, flush=True)
    if "full" in wanted or "cost" in wanted:
        detectors, results["training_s"], ptc_babe = _train_all(root)
        if "full" in wanted:
            baseline = word_baseline().fit(_texts(ptc_babe), _labels(ptc_babe))
            results["basil"] = bench_basil(root, detectors.loaded, baseline)
            results["examples"] = bench_examples(Path(args.examples), detectors)
            results["storage"] = bench_storage(detectors)
        results["cost"] = bench_cost(root, detectors)
        print(f"cost: {json.dumps(results['cost'])}", file=sys.stderr, flush=True)
    Path(args.json).write_text(json.dumps(results, indent=1, default=float), encoding="utf-8")
    if {"ptc", "babe", "clickbait", "claims", "basil"} <= set(results):
        print(report(results))
    print(json.dumps({k: results[k] for k in ("training_s", "storage", "cost", "examples", "vague")
                      if k in results}, indent=1, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
