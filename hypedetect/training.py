"""Training the default model and validating it the way a reviewer would.

Features are extracted once per article; every cross-validation refits only the
cheap tail of the pipeline (log rates, scaling, classifier) on them. All splits
are grouped by source (``corpus:source``): a wire, outlet, member of Congress or
campaign is never in both the training and the test part.
"""

from __future__ import annotations

import datetime
import json
import platform
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.base import clone
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, f1_score, roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline

from hypedetect import corpora
from hypedetect.document import parse
from hypedetect.errors import TrainingDataError
from hypedetect.features import DIMENSIONS, FeatureSet, as_feature_set
from hypedetect.language import language_warning
from hypedetect.model import build_pipeline, score_texts
from hypedetect.persistence import atomic_write_text

__all__ = [
    "HYPE_CATEGORIES",
    "LABEL_SPELLINGS",
    "MIN_PER_CLASS",
    "evaluate",
    "fit_model",
    "held_out_article",
    "model_card",
    "training_frame",
    "validate_labels",
]

#: Promotional evidence categories that flag a sentence as hyped (PTC comparison).
HYPE_CATEGORIES = frozenset(
    {"puffery", "superlatives", "hype_adjectives", "intensifiers", "boosters", "sensational", "clickbait",
     "speculative_future", "exclamation"}
)

#: Articles per corpus in the default training set (the largest corpora are sampled down).
PER_CORPUS = 2500
SEED = 0


def training_frame(root=None, *, per_corpus: int = PER_CORPUS, seed: int = SEED) -> pd.DataFrame:
    """Load the labelled training corpora, at most ``per_corpus`` articles each.

    Parameters
    ----------
    root : path-like, optional
        The shared corpora folder (see :func:`hypedetect.corpora.corpora_dir`).
    per_corpus : int
        Cap per corpus, sampled with ``seed`` so the large corpora (press releases,
        Congress, Reuters) do not outweigh the rest.
    seed : int

    Returns
    -------
    pandas.DataFrame
        ``id, text, label, source, corpus, group`` (``group`` = ``corpus:source``); rows
        that do not look like English prose are left out.
    """
    frame = corpora.load_corpora(root=root)
    # Non-English rows (Spanish, German, Italian pitches among the Kickstarter stories) would teach the
    # model that a language is promotional; they are left out, and counted in the model card.
    english = frame["text"].map(lambda text: language_warning(parse(text)) is None)
    frame = frame[english]
    parts = [part.sample(min(len(part), per_corpus), random_state=seed) for _, part in frame.groupby("corpus")]
    frame = pd.concat(parts).sort_values(["corpus", "id"]).reset_index(drop=True)
    frame["label"] = frame["label"].astype(int)
    frame["group"] = frame["corpus"] + ":" + frame["source"].astype(str)
    return frame


def _tail(model: Pipeline) -> Pipeline:
    return Pipeline([(name, clone(step)) for name, step in model.steps[1:]]).set_output(transform="pandas")


def fit_model(frame: pd.DataFrame, *, features: pd.DataFrame | None = None, C: float = 1.0) -> Pipeline:  # noqa: N803
    """Fit the promotional model on ``frame`` (``text``, ``label``, ``group``).

    ``features`` (from the same texts) saves re-extracting them.
    """
    model = build_pipeline(C=C)
    union = model.steps[0][1].fit(frame["text"])
    if features is None:
        features = union.transform(frame["text"])
    tail = _tail(model).fit(features, frame["label"].to_numpy(), classifier__groups=frame["group"].to_numpy())
    return Pipeline([("features", union), *tail.steps]).set_output(transform="pandas")


def _grouped_scores(features: pd.DataFrame, y: np.ndarray, groups: np.ndarray, folds: int = 5) -> np.ndarray:
    tail = _tail(build_pipeline())
    scores = np.empty(len(y))
    for train, test in GroupKFold(folds).split(features, y, groups):
        fitted = clone(tail).fit(features.iloc[train], y[train], classifier__groups=groups[train])
        scores[test] = fitted.predict_proba(features.iloc[test])[:, 1]
    return scores


def held_out_article(article_id: object) -> bool:
    """Return True for the ~30% of articles (CRC-32 of the id mod 10 >= 7) held out from any tuning."""
    return zlib.crc32(str(article_id).encode("utf-8")) % 10 >= 7


def _round(value: float) -> float:
    return float(round(float(value), 4))


def evaluate(model: Pipeline, frame: pd.DataFrame, features: pd.DataFrame, *, root=None,
             examples: Path | None = None) -> dict:
    """Run every validation of the model card and return the numbers as a dict.

    Parameters
    ----------
    model : Pipeline
        The model fitted on all of ``frame``.
    frame, features : DataFrame
        The training frame and its extracted features.
    root : path-like, optional
        Shared corpora folder.
    examples : path, optional
        Folder with the shared example articles ``000_*.txt`` and ``002_*.txt``.

    Returns
    -------
    dict
    """
    y = frame["label"].to_numpy()
    groups = frame["group"].to_numpy()
    metrics: dict = {}

    scores = _grouped_scores(features, y, groups)
    fraction, mean_predicted = calibration_curve(y, scores, n_bins=10, strategy="quantile")
    metrics["grouped_cv"] = {
        "folds": 5, "grouped_by": "corpus:source", "roc_auc": _round(roc_auc_score(y, scores)),
        "f1": _round(f1_score(y, scores >= 0.5)), "brier": _round(brier_score_loss(y, scores)),
        "calibration_curve": [[_round(p), _round(f)] for p, f in zip(mean_predicted, fraction, strict=True)],
    }

    metrics["leave_one_corpus_out"] = {}
    for corpus in sorted(frame["corpus"].unique()):
        held = (frame["corpus"] == corpus).to_numpy()
        tail = _tail(build_pipeline()).fit(features[~held], y[~held], classifier__groups=groups[~held])
        p = tail.predict_proba(features[held])[:, 1]
        entry = {"n": int(held.sum()), "accuracy": _round(np.mean((p >= 0.5) == y[held])),
                 "mean_probability": _round(p.mean())}
        if len(set(y[held])) == 2:
            entry["roc_auc"] = _round(roc_auc_score(y[held], p))
        metrics["leave_one_corpus_out"][corpus] = entry
    metrics["transfer_fakehealth"] = metrics["leave_one_corpus_out"].get("fakehealth_release_vs_story", {})

    metrics["sensational_within_releases"] = _sensational(model, root)
    metrics["basil_ranking"] = basil_ranking(model, root)
    metrics["ptc_loaded_language"] = _ptc(model, root)
    if examples is not None and Path(examples).is_dir():
        metrics["examples"] = {
            path.name[:3]: _round(model.predict_proba([path.read_text(encoding="utf-8")])[0, 1])
            for path in sorted(Path(examples).glob("00*.txt"))
        }
    return metrics


def basil_ranking(model: Pipeline, root=None) -> dict:
    """Rank BASIL's three outlets and compare with their density of lexical-bias spans.

    Returns per outlet the ranking row (mean and partially pooled probability, 95% interval)
    and the lexical-bias spans per 100 sentences, plus whether both orderings agree.
    """
    from hypedetect.ranking import rank_sources

    articles = corpora.load_basil(root)
    scored = score_texts(model, articles["text"].tolist())
    scored["source"] = articles["source"].to_numpy()
    ranking = rank_sources(scored)
    density = articles.groupby("source").apply(
        lambda g: 100.0 * g["n_lexical_spans"].sum() / max(int(g["n_sentences"].sum()), 1), include_groups=False)
    outlets = {
        row.source: {"n": int(row.n_articles), "mean_probability": _round(row.mean_probability),
                     "pooled_probability": _round(row.pooled_probability),
                     "ci95": [_round(row.ci_low), _round(row.ci_high)], "rank": int(row.rank),
                     "lexical_bias_spans_per_100_sentences": _round(density[row.source])}
        for row in ranking.itertuples()
    }
    by_density = list(density.sort_values().index)
    return {"outlets": outlets, "order_by_probability": list(ranking["source"]), "order_by_lexical_bias": by_density,
            "orders_agree": list(ranking["source"]) == by_density}


def _sensational(model: Pipeline, root) -> dict:
    releases = corpora.load_fakehealth_hype(root)
    releases = releases[releases["sensational"].notna()]
    scored = score_texts(model, releases["text"].tolist())
    labels = releases["sensational"].astype(int).to_numpy()
    return {
        "n": int(len(labels)), "sensational": int(labels.sum()),
        "auc_promotional_score": _round(roc_auc_score(labels, scored["promotional_score"])),
        "auc_probability": _round(roc_auc_score(labels, scored["promotional_probability"])),
    }


def _ptc(model: Pipeline, root) -> dict:
    articles = corpora.load_ptc(root)
    sentences = corpora.load_ptc_sentences(root)
    held = articles["article_id"].map(held_out_article).to_numpy()
    articles = articles[held]
    scored = score_texts(model, articles["text"].tolist())
    density = [
        1000.0 * sum(s["technique"] in ("Loaded_Language", "Exaggeration,Minimisation") for s in spans)
        / max(len(text.split()), 1)
        for text, spans in zip(articles["text"], articles["spans"], strict=True)
    ]
    promotional = next(e for e in as_feature_set(model[0]).extractors_ if e.dimension == "promotional")
    flagged, gold = [], []
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    for article_id, rows in sentences[sentences["article_id"].isin(texts)].groupby("article_id"):
        doc = parse(texts[article_id])
        hits = [e for e in promotional.evidence(doc) if e.category in HYPE_CATEGORIES]
        for start, end, loaded, exaggerated in rows[["start", "end", "has_loaded_language",
                                                     "has_exaggeration_minimisation"]].itertuples(index=False):
            flagged.append(any(e.start < end and e.end > start for e in hits))
            gold.append(bool(loaded) or bool(exaggerated))
    flagged_array, gold_array = np.array(flagged), np.array(gold)
    true_positive = int(np.sum(flagged_array & gold_array))
    precision = true_positive / max(int(flagged_array.sum()), 1)
    recall = true_positive / max(int(gold_array.sum()), 1)
    return {
        "articles_held_out": int(held.sum()), "sentences": int(len(gold)),
        "sentence_precision": _round(precision), "sentence_recall": _round(recall),
        "sentence_f1": _round(2 * precision * recall / (precision + recall) if precision + recall else 0.0),
        "spearman_probability_vs_density": _round(spearmanr(scored["promotional_probability"], density).statistic),
        "spearman_promotional_score_vs_density": _round(spearmanr(scored["promotional_score"], density).statistic),
    }


def model_card(model: Pipeline, frame: pd.DataFrame, metrics: dict, *, name: str) -> dict:
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
        "per_corpus_cap": PER_CORPUS,
        "features": names,
        "dimensions": list(DIMENSIONS),
        "coefficients_log_odds_per_sd": {k: _round(v) for k, v in ranked.items()},
        "metrics": metrics,
        "versions": {
            "hypedetect": __version__, "python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__, "nltk": nltk.__version__,
            "skops": skops.__version__,
        },
    }


def extract(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the feature frame of ``frame['text']`` (the feature set's output, named columns)."""
    return FeatureSet().set_output(transform="pandas").fit(frame["text"]).transform(frame["text"])


def train_default(root=None, *, examples: Path | None = None, name: str = "default") -> tuple[Pipeline, dict]:
    """Train and validate the default model from the shared corpora; return the model and its card."""
    frame = training_frame(root)
    features = extract(frame)
    model = fit_model(frame, features=features)
    metrics = evaluate(model, frame, features, root=root, examples=examples)
    return model, model_card(model, frame, metrics, name=name)


#: Label spellings accepted in a training file (any case, around spaces), and the class each means
#: (1 promotional, 0 newsy). Numbers equal to 0 or 1 (``0.0``, ``1.0``) count as 0 and 1.
LABEL_SPELLINGS = {"1": 1, "true": 1, "promotional": 1, "0": 0, "false": 0, "news": 0, "newsy": 0}

#: The fewest articles of each class a model is trained on: fewer cannot make a usable model.
MIN_PER_CLASS = 5


def _label_value(value: object) -> int | None:
    """The class a label means, or None when it is not an accepted spelling."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        spelled = LABEL_SPELLINGS.get(value.strip().lower())
        if spelled is not None:
            return spelled
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, int | float | np.integer | np.floating) and value in (0, 1):
        return int(value)
    return None


def validate_labels(labelled: Sequence[tuple[str, int | None, object]], *, where: str) -> np.ndarray:
    """Return the 0/1 labels of training rows, or raise on the first one that is not an accepted spelling.

    Parameters
    ----------
    labelled : sequence of (str, int or None, object)
        Each row's file, line (or row) and label as read.
    where : str
        The training files, named when the classes are too few.

    Returns
    -------
    numpy.ndarray of int

    Raises
    ------
    TrainingDataError
        If a label is missing or is not in :data:`LABEL_SPELLINGS` (NaN, 0.5,
        -1, 2, "yes"), or a class has fewer than :data:`MIN_PER_CLASS` rows.

    Examples
    --------
    >>> rows = [("a.csv", n, label) for n, label in enumerate(["promotional", "0", 1, False, "TRUE", "news"] * 2)]
    >>> validate_labels(rows, where="a.csv").tolist()[:6]
    [1, 0, 1, 0, 1, 0]
    """
    labels = []
    for path, line, value in labelled:
        label = _label_value(value)
        if label is None:
            shown = "missing" if value is None or value == "" else repr(value)
            position = f"line {line}: " if line else ""
            raise TrainingDataError(path, f"{position}label {shown} is not one of 0/1, true/false, promotional/news")
        labels.append(label)
    promotional = sum(labels)
    newsy = len(labels) - promotional
    if min(promotional, newsy) < MIN_PER_CLASS:
        raise TrainingDataError(where, f"training needs at least {MIN_PER_CLASS} articles of each class; found "
                                f"{promotional} promotional and {newsy} newsy")
    return np.asarray(labels, dtype=int)


def train_on_file(frame: pd.DataFrame, *, name: str) -> tuple[Pipeline, dict]:
    """Train on a user frame with ``text`` and ``label`` (``source`` optional); grouped CV only."""
    frame = frame.copy()
    frame["label"] = frame["label"].astype(int)
    source = frame["source"] if "source" in frame else pd.Series(range(len(frame)), index=frame.index)
    frame["corpus"] = "user"
    frame["source"] = source.astype(str)
    frame["group"] = "user:" + frame["source"]
    features = extract(frame)
    model = fit_model(frame, features=features)
    y, groups = frame["label"].to_numpy(), frame["group"].to_numpy()
    metrics = {}
    if len(set(groups)) >= 5 and len(set(y)) == 2:
        scores = _grouped_scores(features, y, groups)
        metrics["grouped_cv"] = {"folds": 5, "grouped_by": "source", "roc_auc": _round(roc_auc_score(y, scores)),
                                 "f1": _round(f1_score(y, scores >= 0.5)),
                                 "brier": _round(brier_score_loss(y, scores))}
    return model, model_card(model, frame, metrics, name=name)


#: Targets of the validation, shown beside the measured numbers in the card.
TARGETS = {
    ("grouped_cv", "roc_auc"): ">= 0.95",
    ("sensational_within_releases", "auc_promotional_score"): ">= 0.65",
    ("ptc_loaded_language", "spearman_probability_vs_density"): ">= 0.45",
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
                 ("transfer_fakehealth", "roc_auc"), ("sensational_within_releases", "auc_promotional_score"),
                 ("ptc_loaded_language", "spearman_probability_vs_density"), ("ptc_loaded_language", "sentence_f1")]]
    lines += ["", "## Headline metrics (all splits grouped by source)", "", "| metric | value | target |",
              "|---|---|---|"]
    lines += [f"| {group}.{key} | {value} | {TARGETS.get((group, key), '')} |"
              for group, key, value in headline if value is not None]
    if "examples" in metrics:
        lines += ["", "Example articles: " + ", ".join(f"{k}: {v}" for k, v in metrics["examples"].items()) + "."]
    lines += ["", "## All metrics", "", "```json", _json(metrics), "```", "", "## Features", "",
              ", ".join(f"`{name}`" for name in card["features"]), "", "## Largest coefficients", "",
              "Log-odds per standard deviation of the (log-scaled) feature, calibrated.", "",
              "| feature | coefficient |", "|---|---|"]
    lines += [f"| `{k}` | {v:+.3f} |" for k, v in list(card["coefficients_log_odds_per_sd"].items())[:15]]
    lines += ["", "## Versions", "", ", ".join(f"{k} {v}" for k, v in card["versions"].items()), ""]
    return "\n".join(lines)


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
