"""Training the default model and validating it the way a reviewer would.

Features are extracted once per article; every cross-validation refits only the
cheap tail of the pipeline (log rates, scaling, classifier) on them. All splits
are grouped by source (``corpus:source``): a wire, outlet, member of Congress or
campaign is never in both the training and the test part.
"""

from __future__ import annotations

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
from hypedetect.baseline import word_tfidf_scores
from hypedetect.card import model_card
from hypedetect.detectors.claims import train_claims
from hypedetect.detectors.headline import train_headline
from hypedetect.detectors.loaded import train_loaded
from hypedetect.document import parse
from hypedetect.errors import TrainingDataError
from hypedetect.extractors.base import Extractor
from hypedetect.extractors.learned import ClaimStrength, Headline, LoadedLanguage
from hypedetect.extractors.provenance import Provenance
from hypedetect.features import FeatureSet, as_feature_set, default_extractors
from hypedetect.language import language_warning
from hypedetect.model import FACE_COLUMNS, build_pipeline, score_texts
from hypedetect.provenance.style import StyleCounts, count_styles, fit_style, out_of_fold_style
from hypedetect.tone import fit_tone, tone_frame, tone_metrics, tone_out_of_fold, tone_unusable

__all__ = [
    "HYPE_CATEGORIES",
    "LABEL_SPELLINGS",
    "MIN_PER_CLASS",
    "evaluate",
    "fit_model",
    "grouped_scores",
    "held_out_article",
    "left_out_scores",
    "model_card",
    "train_default",
    "train_on_file",
    "training_features",
    "training_frame",
    "validate_labels",
]

#: Promotional evidence categories that flag a sentence as hyped (PTC comparison).
HYPE_CATEGORIES = frozenset(
    {"puffery", "superlatives", "hype_adjectives", "intensifiers", "boosters", "sensational", "clickbait",
     "speculative_future", "exclamation"}
)

#: The provenance dimension's style score, stacked out of fold.
STYLE_FEATURE = "provenance__style_log_odds"

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


def fit_model(frame: pd.DataFrame, *, features: pd.DataFrame | None = None, C: float = 1.0,  # noqa: N803
              extractors: Sequence[Extractor] | None = None) -> Pipeline:
    """Fit the promotional model's provenance face on ``frame`` (``text``, ``label``, ``group``).

    ``features`` (from the same texts and ``extractors``) saves re-extracting them.
    """
    model = build_pipeline(C=C, extractors=extractors)
    union = model.steps[0][1].fit(frame["text"])
    if features is None:
        features = union.transform(frame["text"])
    tail = _tail(model).fit(features, frame["label"].to_numpy(), classifier__groups=frame["group"].to_numpy())
    return Pipeline([("features", union), *tail.steps]).set_output(transform="pandas")


def grouped_scores(model: Pipeline, features: pd.DataFrame, y: np.ndarray, groups: np.ndarray,
                    folds: int = 5) -> np.ndarray:
    """Out-of-fold provenance probabilities, the model's tail refitted on source-grouped folds."""
    tail = _tail(model)
    scores = np.empty(len(y))
    for train, test in GroupKFold(folds).split(features, y, groups):
        fitted = clone(tail).fit(features.iloc[train], y[train], classifier__groups=groups[train])
        scores[test] = fitted.predict_proba(features.iloc[test])[:, 1]
    return scores


def left_out_scores(model: Pipeline, frame: pd.DataFrame, features: pd.DataFrame,
                    style: StyleCounts | None = None) -> dict[str, np.ndarray]:
    """Return, for each corpus, the provenance probabilities of its articles from a model trained without it.

    Parameters
    ----------
    model : Pipeline
        Its tail is refitted once per corpus.
    frame, features : DataFrame
        The training frame and its features.
    style : StyleCounts, optional
        ``frame``'s style counts: the left-out corpus then gets style scores from a style model
        trained without it, so no part of what scores it has seen that corpus.

    Returns
    -------
    dict
        Corpus name -> probabilities, in the order of its rows in ``frame``.
    """
    y, groups = frame["label"].to_numpy(), frame["group"].to_numpy()
    out = {}
    for corpus in sorted(frame["corpus"].unique()):
        held = (frame["corpus"] == corpus).to_numpy()
        tail = _tail(model).fit(features[~held], y[~held], classifier__groups=groups[~held])
        unseen = features[held].copy()
        if style is not None and STYLE_FEATURE in unseen:
            split = [(np.flatnonzero(~held), np.flatnonzero(held))]
            unseen[STYLE_FEATURE] = out_of_fold_style(style, y, split)[held]
        out[corpus] = tail.predict_proba(unseen)[:, 1]
    return out


def training_features(frame: pd.DataFrame, root=None, *, style: bool = False
                      ) -> tuple[list[Extractor], pd.DataFrame, StyleCounts | None]:
    """Train the learned extractors and return them, ``frame``'s feature frame and its style counts.

    With ``style``, the provenance dimension gets a style model trained on ``frame``, and the
    frame's ``provenance__style_log_odds`` column holds out-of-fold scores (source-grouped 5 folds,
    the folds of :func:`evaluate`), so the provenance face stacked on it learns from style scores of
    articles the style model did not see. Without it (the default model), the provenance dimension
    has its signals only and no style counts are returned.
    """
    if not style:
        extractors = [*learned_extractors(root), Provenance()]
        return extractors, extract(frame, extractors), None
    y, groups = frame["label"].to_numpy(), frame["group"].to_numpy()
    counted = count_styles([parse(text) for text in frame["text"]])
    weights = fit_style(counted, np.arange(len(frame)), y)
    provenance = Provenance(vocabulary=weights.vocabulary, weights=weights.weights, intercept=weights.intercept)
    extractors = [*learned_extractors(root), provenance]
    features = extract(frame, extractors)
    features[STYLE_FEATURE] = out_of_fold_style(counted, y, GroupKFold(5).split(features, y, groups))
    return extractors, features, counted


def held_out_article(article_id: object) -> bool:
    """Return True for the ~30% of articles (CRC-32 of the id mod 10 >= 7) held out from any tuning."""
    return zlib.crc32(str(article_id).encode("utf-8")) % 10 >= 7


def _round(value: float) -> float:
    return float(round(float(value), 4))


def _summary(y: np.ndarray, scores: np.ndarray) -> dict:
    return {"roc_auc": _round(roc_auc_score(y, scores)), "f1": _round(f1_score(y, scores >= 0.5)),
            "accuracy": _round(np.mean((scores >= 0.5) == y)), "brier": _round(brier_score_loss(y, scores))}


def evaluate(model: Pipeline, frame: pd.DataFrame, features: pd.DataFrame, *, root=None,
             examples: Path | None = None, tone: tuple[pd.DataFrame, pd.DataFrame] | None = None,
             style: StyleCounts | None = None, release_scores: np.ndarray | None = None) -> dict:
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
    tone : (DataFrame, DataFrame), optional
        The tone face's articles (:func:`hypedetect.tone.tone_frame`) and their features.
    style : StyleCounts, optional
        The style n-gram counts of ``frame``: with them, each left-out corpus gets style scores
        from a style model trained without it.
    release_scores : ndarray, optional
        :func:`grouped_scores` of ``model`` on ``frame``, when already computed.

    Returns
    -------
    dict
    """
    y = frame["label"].to_numpy()
    groups = frame["group"].to_numpy()
    metrics: dict = {}

    scores = grouped_scores(model, features, y, groups) if release_scores is None else release_scores
    fraction, mean_predicted = calibration_curve(y, scores, n_bins=10, strategy="quantile")
    texts = frame["text"].tolist()
    baseline = word_tfidf_scores(texts, y, GroupKFold(5).split(features, y, groups))
    metrics["grouped_cv"] = {
        "folds": 5, "grouped_by": "corpus:source", "roc_auc": _round(roc_auc_score(y, scores)),
        "f1": _round(f1_score(y, scores >= 0.5)), "brier": _round(brier_score_loss(y, scores)),
        "calibration_curve": [[_round(p), _round(f)] for p, f in zip(mean_predicted, fraction, strict=True)],
        "baseline_word_tfidf": _summary(y, baseline),
    }

    metrics["leave_one_corpus_out"] = {}
    for corpus, p in left_out_scores(model, frame, features, style).items():
        held = (frame["corpus"] == corpus).to_numpy()
        entry = {"n": int(held.sum()), "accuracy": _round(np.mean((p >= 0.5) == y[held])),
                 "mean_probability": _round(p.mean())}
        if len(set(y[held])) == 2:
            entry["roc_auc"] = _round(roc_auc_score(y[held], p))
        metrics["leave_one_corpus_out"][corpus] = entry
    metrics["transfer_fakehealth"] = dict(metrics["leave_one_corpus_out"].get("fakehealth_release_vs_story", {}))
    held = (frame["corpus"] == "fakehealth_release_vs_story").to_numpy()
    if held.any() and len(set(y[held])) == 2:
        split = [(np.flatnonzero(~held), np.flatnonzero(held))]
        metrics["transfer_fakehealth"]["baseline_word_tfidf"] = _summary(
            y[held], word_tfidf_scores(texts, y, split)[held])

    if tone is not None:
        metrics["tone_face"] = tone_metrics(model, *tone)
        within = metrics["tone_face"]["fakehealth_release_vs_story"]
        if "roc_auc" in within:
            metrics["sensational_within_releases"] = {"n": within["n"], "sensational": within["positive"],
                                                      "auc_tone_probability": within["roc_auc"]}
    metrics["basil_ranking"] = basil_ranking(model, root)
    metrics["ptc_loaded_language"] = _ptc(model, root)
    if examples is not None and Path(examples).is_dir():
        paths = sorted(Path(examples).glob("00*.txt"))
        scored = score_texts(model, [path.read_text(encoding="utf-8") for path in paths])
        metrics["examples"] = {path.name[:3]: _round(p) for path, p in
                               zip(paths, scored["promotional_probability"], strict=True)}
        metrics["example_faces"] = {
            path.name[:3]: {face: _round(row[face]) for face in FACE_COLUMNS if face in scored}
            for path, (_, row) in zip(paths, scored.iterrows(), strict=True)
        }
    return metrics


def basil_ranking(model: Pipeline, root=None) -> dict:
    """Rank BASIL's three outlets and compare with their density of lexical-bias spans.

    Returns per outlet the ranking row (mean and partially pooled probability, 95% interval)
    and the lexical-bias spans per 100 sentences, plus whether both orderings agree.
    """
    from hypedetect.ranking import FACES, rank_sources

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
                     "lexical_bias_spans_per_100_sentences": _round(density[row.source]),
                     **{face: _face_summary(row, face) for face in FACES if hasattr(row, f"{face}_pooled")}}
        for row in ranking.itertuples()
    }
    by_density = list(density.sort_values().index)
    return {"outlets": outlets, "order_by_probability": list(ranking["source"]), "order_by_lexical_bias": by_density,
            "orders_agree": list(ranking["source"]) == by_density}


def _face_summary(row, face: str) -> dict:
    return {"pooled": _round(getattr(row, f"{face}_pooled")),
            "ci95": [_round(getattr(row, f"{face}_ci_low")), _round(getattr(row, f"{face}_ci_high"))]}


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
        **{f"spearman_{face}_vs_density": _round(spearmanr(scored[face], density).statistic)
           for face in ("tone_probability", "loaded_language_rate") if face in scored},
        "spearman_promotional_score_vs_density": _round(spearmanr(scored["promotional_score"], density).statistic),
    }


def extract(frame: pd.DataFrame, extractors: Sequence[Extractor] | None = None) -> pd.DataFrame:
    """Return the feature frame of ``frame['text']`` (the feature set's output, named columns)."""
    features = FeatureSet(extractors=extractors).set_output(transform="pandas").fit(frame["text"])
    return features.transform(frame["text"])


def learned_extractors(root=None, *, seed: int = SEED) -> list[Extractor]:
    """Return the shipped extractors plus the three learned ones, their detectors trained on ``root``.

    The loaded-wording detector never sees the PTC articles :func:`held_out_article` keeps back,
    so the card's PTC figures are measured on articles no part of the model was trained on.
    """
    loaded = train_loaded(root, seed=seed, held_out=held_out_article)
    return [*default_extractors(), LoadedLanguage(detector=loaded),
            Headline(detector=train_headline(root, seed=seed)), ClaimStrength(detector=train_claims(root, seed=seed))]


def train_default(root=None, *, examples: Path | None = None, name: str = "default",
                  style: bool = False) -> tuple[Pipeline, dict]:
    """Train and validate the default model from the shared corpora; return the model and its card.

    The detectors are trained first (their own corpora), then the provenance face on the
    article labels, then the tone face on the tone verdicts (:mod:`hypedetect.tone`). ``style``
    adds the distorted-text style score to the provenance dimension (see :func:`training_features`).
    """
    frame = training_frame(root)
    extractors, features, counted = training_features(frame, root, style=style)
    model = fit_model(frame, features=features, extractors=extractors)
    release_scores = grouped_scores(model, features, frame["label"].to_numpy(), frame["group"].to_numpy())
    tone = tone_frame(root)
    unusable = tone_unusable(tone)
    if unusable is None:
        tone_features = extract(tone, extractors)
        fit_tone(model, tone, tone_features)
        tone_oof = tone_out_of_fold(model, tone, tone_features)
        combination = fit_combination(model, frame, features, tone, tone_features, tone_oof, release_scores)
    metrics = evaluate(model, frame, features, root=root, examples=examples, style=counted,
                       tone=None if unusable else (tone, tone_features), release_scores=release_scores)
    # Without a tone face, promotional_probability is the provenance face's (the card says why).
    metrics["combination"] = {"skipped": unusable} if unusable else combination
    return model, model_card(model, frame, metrics, name=name, per_corpus=PER_CORPUS)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def fit_combination(model: Pipeline, frame: pd.DataFrame, features: pd.DataFrame, tone: pd.DataFrame,
                    tone_features: pd.DataFrame, tone_oof: np.ndarray, release_scores: np.ndarray) -> dict:
    """Fit how the two faces combine (in place) and return its weights and calibration.

    The stacker's articles: every training article (label: written by the promoter or not)
    and every hyperpartisan news article of the tone corpora (label 1: news-format text
    judged one-sided). Each input comes from a face that did not see the article: the
    provenance face's log-odds from source-grouped folds (the hyperpartisan articles are not
    in its training set; ``release_scores`` is :func:`grouped_scores` of ``model`` on ``frame``),
    the tone face's from :func:`hypedetect.tone.tone_out_of_fold` for its own articles.
    """
    y = frame["label"].to_numpy()
    release = _logit(release_scores)
    _, tone_train = model[-1].face_log_odds(model[1:-1].transform(features))
    own = dict(zip(tone["id"].astype(str), tone_oof, strict=True))
    tone_train = np.array([own.get(str(i), t) for i, t in zip(frame["id"], tone_train, strict=True)])
    hyper = ((tone["corpus"] == "hyperpartisan_semeval19") & (tone["tone"] == 1)).to_numpy()
    hyper_release, _ = model[-1].face_log_odds(model[1:-1].transform(tone_features[hyper]))
    inputs_release = np.concatenate([release, hyper_release])
    inputs_tone = np.concatenate([tone_train, tone_oof[hyper]])
    labels = np.concatenate([y, np.ones(int(hyper.sum()), dtype=int)])
    model[-1].fit_combination(inputs_release, inputs_tone, labels)
    a, b, c = model[-1].combination_
    p = 1.0 / (1.0 + np.exp(-(a * inputs_release + b * inputs_tone + c)))
    fraction, mean_predicted = calibration_curve(labels, p, n_bins=10, strategy="quantile")
    return {"release_weight": _round(a), "tone_weight": _round(b), "intercept": _round(c),
            "n": int(len(labels)), "hyperpartisan_positives": int(hyper.sum()),
            "brier": _round(brier_score_loss(labels, p)), "roc_auc": _round(roc_auc_score(labels, p)),
            "calibration_curve": [[_round(m), _round(f)] for m, f in zip(mean_predicted, fraction, strict=True)]}


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
        scores = grouped_scores(model, features, y, groups)
        metrics["grouped_cv"] = {"folds": 5, "grouped_by": "source", "roc_auc": _round(roc_auc_score(y, scores)),
                                 "f1": _round(f1_score(y, scores >= 0.5)),
                                 "brier": _round(brier_score_loss(y, scores))}
    return model, model_card(model, frame, metrics, name=name)
