"""The model card: what the default model was trained on, how it was measured, and the numbers.

:func:`model_card` collects the card as a dict (stored as ``models/default.card.json``),
:func:`markdown_card` renders it (``models/default.card.md``), :func:`write_card` writes both
beside a model file, atomically.
"""

from __future__ import annotations

import datetime
import json
import platform
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from hypedetect.features import as_feature_set
from hypedetect.model import FACE_COLUMNS
from hypedetect.persistence import atomic_write_text

__all__ = ["FACES_TEXT", "TARGETS", "markdown_card", "model_card", "write_card"]


def _round(value: float) -> float:
    return float(round(float(value), 4))


def model_card(model: Pipeline, frame: pd.DataFrame, metrics: dict, *, name: str,
               per_corpus: int | None = None) -> dict:
    """Return the model card as a dict: data, counts, features, coefficients, metrics, versions, date."""
    import nltk
    import scipy
    import sklearn
    import skops

    from hypedetect import __version__

    classifier = model[-1]
    names = list(model[:-1].get_feature_names_out())
    coefficients = pd.Series(classifier.coef_ * classifier.calibration_[0], index=names)
    ranked = coefficients.reindex(coefficients.abs().sort_values(ascending=False).index)
    counts = frame.groupby(["corpus", "label"]).size()
    return {
        "name": name,
        "date": datetime.date.today().isoformat(),
        "target": "1 = promotional (written by the party it promotes), 0 = newsy (reporting by a news outlet)",
        "training_data": {
            corpus: {"promotional": int(counts.get((corpus, 1), 0)), "newsy": int(counts.get((corpus, 0), 0)),
                     "sources": int(frame.loc[frame["corpus"] == corpus, "source"].nunique())}
            for corpus in sorted(frame["corpus"].unique())
        },
        "n_articles": int(len(frame)),
        "per_corpus_cap": per_corpus,
        "features": names,
        "dimensions": as_feature_set(model[0]).dimensions(),
        "coefficients_log_odds_per_sd": {k: _round(v) for k, v in ranked.items()},
        "metrics": metrics,
        "versions": {
            "hypedetect": __version__, "python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__, "nltk": nltk.__version__,
            "skops": skops.__version__,
        },
    }


#: Targets of the validation, shown beside the measured numbers in the card.
TARGETS = {
    ("grouped_cv", "roc_auc"): ">= 0.96",
    ("transfer_fakehealth", "roc_auc"): ">= 0.93",
    ("sensational_within_releases", "auc_tone_probability"): ">= 0.65",
    ("ptc_loaded_language", "spearman_probability_vs_density"): ">= 0.40",
}


def markdown_card(card: dict) -> str:
    """Render the model card dict as Markdown: data, headline metrics with targets, features, versions."""
    metrics = card["metrics"]
    lines = [f"# Model card: {card['name']}", "", f"Trained {card['date']} on {card['n_articles']} articles.",
             f"Target: {card['target']}.", "",
             "Intended use: ranking news texts and sources from newsy to promotional, with the evidence shown. "
             "Not for single sentences (the model saw articles of 50+ words) or non-English text.", "",
             "## Training data", "", "| corpus | promotional | newsy | sources |", "|---|---|---|---|"]
    lines += [f"| {c} | {v['promotional']} | {v['newsy']} | {v['sources']} |" for c, v in card["training_data"].items()]
    headline = [(group, key, metrics.get(group, {}).get(key)) for group, key in
                [("grouped_cv", "roc_auc"), ("grouped_cv", "f1"), ("grouped_cv", "brier"),
                 ("transfer_fakehealth", "roc_auc"), ("sensational_within_releases", "auc_tone_probability"),
                 ("ptc_loaded_language", "spearman_probability_vs_density"), ("ptc_loaded_language", "sentence_f1")]]
    lines += ["", "## Headline metrics (all splits grouped by source)", "", "| metric | value | target |",
              "|---|---|---|"]
    lines += [f"| {group}.{key} | {value} | {TARGETS.get((group, key), '')} |"
              for group, key, value in headline if value is not None]
    if "examples" in metrics:
        lines += ["", "Example articles: " + ", ".join(f"{k}: {v}" for k, v in metrics["examples"].items()) + "."]
    lines += _faces_section(metrics)
    lines += ["", "## All metrics", "", "```json", _json(metrics), "```", "", "## Features", "",
              ", ".join(f"`{name}`" for name in card["features"]), "", "## Largest coefficients", "",
              "Log-odds per standard deviation of the (log-scaled) feature, calibrated.", "",
              "| feature | coefficient |", "|---|---|"]
    lines += [f"| `{k}` | {v:+.3f} |" for k, v in list(card["coefficients_log_odds_per_sd"].items())[:15]]
    lines += ["", "## Versions", "", ", ".join(f"{k} {v}" for k, v in card["versions"].items()), ""]
    return "\n".join(lines)


#: How the card explains the model's two faces (the numbers come from the metrics).
FACES_TEXT = (
    "`release_probability` (provenance face): a sign-constrained logistic regression on every modelled "
    "feature, trained on the article labels above, Platt-calibrated on source-grouped folds. "
    "`tone_probability` (tone face): a logistic regression with every weight >= 0 on the promotional, loaded "
    "and headline features only, trained on article-level verdicts on wording: FakeHealth's \"sensational "
    "language\" criterion for {fakehealth} press releases and SemEval-2019's hyperpartisan labels for "
    "{hyper} news articles. `promotional_probability = sigmoid({a} * release log-odds + {b} * tone log-odds "
    "{c:+})`, a monotone stacker fitted on out-of-fold face log-odds of the training articles plus the "
    "{positives} hyperpartisan news articles (label 1): promotional when written by the promoter or when "
    "news-format text is one-sided or hype-laden. Readability enters as two features (mean sentence length, "
    "long-word share); the formulas are shown but not modelled."
)


def _faces_section(metrics: dict) -> list[str]:
    combination, tone = metrics.get("combination"), metrics.get("tone_face")
    if combination and "skipped" in combination:
        return ["", "## Two faces", "", f"No tone face: {combination['skipped']}. `promotional_probability` is "
                "the provenance face's `release_probability`."]
    if not combination or not tone:
        return []
    lines = ["", "## Two faces", "", FACES_TEXT.format(
        fakehealth=tone["fakehealth_release_vs_story"]["n"], hyper=tone["hyperpartisan_semeval19"]["n"],
        a=combination["release_weight"], b=combination["tone_weight"], c=combination["intercept"],
        positives=combination["hyperpartisan_positives"]), "",
        "| measure | model | word TF-IDF + LR baseline |", "|---|---|---|"]
    for label, group in (("grouped 5-fold CV ROC-AUC of release_probability", "grouped_cv"),
                         ("FakeHealth transfer ROC-AUC (trained without it)", "transfer_fakehealth")):
        values = metrics.get(group, {})
        lines.append(f"| {label} | {values.get('roc_auc')} | {values.get('baseline_word_tfidf', {}).get('roc_auc')} |")
    lines += [f"| tone face out-of-fold ROC-AUC, {name} (grouped by source) | {tone[corpus].get('roc_auc')} | |"
              for corpus, name in (("fakehealth_release_vs_story", "sensational releases"),
                                   ("hyperpartisan_semeval19", "hyperpartisan news"))]
    lines.append(f"| promotional_probability on the stacker's articles: Brier / ROC-AUC | "
                 f"{combination['brier']} / {combination['roc_auc']} | |")
    ptc = metrics.get("ptc_loaded_language", {})
    lines += [f"| PTC held-out articles, Spearman of {face} with loaded-language density | "
              f"{ptc.get(f'spearman_{face}_vs_density')} | |"
              for face in ("tone_probability", "loaded_language_rate") if f"spearman_{face}_vs_density" in ptc]
    if "example_faces" in metrics:
        lines += ["", "| example | " + " | ".join(FACE_COLUMNS) + " |", "|---|" + "---|" * len(FACE_COLUMNS)]
        lines += [f"| {name} | " + " | ".join(str(faces.get(face, "")) for face in FACE_COLUMNS) + " |"
                  for name, faces in metrics["example_faces"].items()]
    weights = tone.get("weights_log_odds_per_sd", {})
    lines += ["", "Tone face weights (log-odds per SD): "
              + ", ".join(f"`{k}` {v:+.3f}" for k, v in sorted(weights.items(), key=lambda kv: -kv[1])) + "."]
    return lines


def _json(value: object) -> str:
    return json.dumps(value, indent=2)


def write_card(card: dict, model_path: Path) -> tuple[Path, Path]:
    """Write ``<model>.card.json`` and ``<model>.card.md`` beside the model file."""
    model_path = Path(model_path)
    json_path = model_path.with_suffix(".card.json")
    markdown_path = model_path.with_suffix(".card.md")
    atomic_write_text(json_path, json.dumps(card, indent=2) + "\n")
    atomic_write_text(markdown_path, markdown_card(card))
    return json_path, markdown_path
