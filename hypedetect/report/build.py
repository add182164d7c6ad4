"""From read articles to a finished report: scoring, evidence, ranking, methods."""

from __future__ import annotations

import pandas as pd
from sklearn.pipeline import Pipeline

from hypedetect.features import DIMENSION_MEANINGS, LexiconOption, as_feature_set, feature_set
from hypedetect.lexicons import load_lexicon, shipped_lexicon_names
from hypedetect.model import score_texts
from hypedetect.ranking import rank_sources
from hypedetect.report.render import render_report

__all__ = ["build_report", "methods_section"]

_CARD_METRICS = (
    ("grouped_cv", "roc_auc", "source-grouped cross-validation ROC-AUC"),
    ("grouped_cv", "f1", "source-grouped cross-validation F1"),
    ("grouped_cv", "brier", "source-grouped cross-validation Brier score"),
    ("transfer_fakehealth", "roc_auc", "transfer to unseen health releases vs stories, ROC-AUC"),
    ("sensational_within_releases", "auc_promotional_score", "sensational language within releases, AUC"),
    ("ptc_loaded_language", "spearman_probability_vs_density", "Spearman with PTC loaded-language density"),
)


def methods_section(card: dict) -> dict:
    """Return the ``methods`` mapping the report renders: meanings, card numbers, lexicon provenance."""
    metrics = card.get("metrics", {})
    numbers = {label: metrics[group][key] for group, key, label in _CARD_METRICS
               if key in metrics.get(group, {})}
    if card:
        numbers["trained on"] = f"{card.get('n_articles')} articles, {card.get('date')}"
    lexicons = [{"name": name, "provenance": load_lexicon(name).provenance} for name in shipped_lexicon_names()]
    return {"dimensions": dict(DIMENSION_MEANINGS), "model_card": numbers, "lexicons": lexicons}


def _features_only(articles: pd.DataFrame, lexicons: LexiconOption) -> tuple:
    """Without a model: the feature set (shipped lexicons and ``lexicons``) and the frame of its values."""
    features = feature_set(lexicons=lexicons)
    names = list(features.get_feature_names_out())
    values = pd.DataFrame(features.transform(articles["text"].tolist()), columns=names)
    return features, pd.concat([articles, values], axis=1)


def build_report(articles: pd.DataFrame, model: Pipeline | None, *, card: dict | None = None,
                 title: str = "hypedetect report", lexicons: LexiconOption = None) -> str:
    """Score ``articles`` (``id``, ``text``; ``source``, ``title``, ``url``, ``status`` optional) and render the page.

    Parameters
    ----------
    articles : pandas.DataFrame
        One row per readable article; ids must be unique.
    model : Pipeline or None
        A fitted promotional model; ``None`` makes a report without one: the
        evidence, its categories, each article's feature values and the
        stories, but no probabilities, dimension scores, verdicts or source
        ranking (the page says so).
    card : dict, optional
        The model card, for the methods section.
    title : str
    lexicons : iterable, optional
        User lexicons (as for :func:`hypedetect.features.feature_set`); only
        without a model, whose features are fixed when it is trained.

    Returns
    -------
    str
        The self-contained HTML page.

    Raises
    ------
    ValueError
        If ``lexicons`` are given with a model.
    """
    if lexicons and model is not None:
        raise ValueError("lexicons change the features a trained model expects; use them with model=None")
    articles = articles.reset_index(drop=True)
    for column in ("source", "title", "url"):
        if column not in articles:
            articles[column] = None
    if "status" not in articles:
        articles["status"] = "ok"
    if model is None:
        features, frame = _features_only(articles, lexicons)
        contributions = ranking = None
        shown = features.summary_features()
    else:
        scored = score_texts(model, articles["text"].tolist(), with_contributions=True)
        contribution_columns = [c for c in scored.columns if c.startswith("contribution__")]
        contributions = scored[contribution_columns].rename(columns=lambda c: c.removeprefix("contribution__"))
        contributions.index = articles["id"]
        frame = pd.concat([articles, scored.drop(columns=contribution_columns)], axis=1)
        features = as_feature_set(model[0])
        ranking = rank_sources(frame)
        shown = ()
    evidence = {row.id: features.explain(row.text) for row in articles.itertuples()}
    methods = methods_section(card or {})
    methods["no_model"] = model is None
    methods["dimensions"] = {declaration.name: declaration.meaning for declaration in features.declarations()}
    return render_report(frame, evidence, contributions, ranking, methods, title=title,
                         categories=features.categories(), feature_columns=shown)
