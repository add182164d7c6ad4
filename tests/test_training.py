"""Tests for hypedetect.training: user-data training, the card, and the default model's reproducibility."""

import json
import os

import numpy as np
import pandas as pd
import pytest

from hypedetect.training import held_out_article, markdown_card, train_default, train_on_file, write_card

from ._shared import REPO, require_corpora, require_examples

PROMO = "We are thrilled to announce our groundbreaking, world-class platform! Sign up today."
NEWS = "The council voted 7-2 on Tuesday to approve the budget, officials said."

#: How far a retrained model's numbers may drift from the committed card (same data, same seed).
TOLERANCE = 0.01


def test_train_on_user_frame_writes_model_card(tmp_path):
    frame = pd.DataFrame({"text": [PROMO, NEWS] * 6, "label": [1, 0] * 6, "source": [f"s{i}" for i in range(12)]})
    model, card = train_on_file(frame, name="mine")
    assert model.predict_proba([PROMO, NEWS])[:, 1].tolist() == sorted(
        model.predict_proba([PROMO, NEWS])[:, 1].tolist(), reverse=True)
    assert card["n_articles"] == 12 and "grouped_cv" in card["metrics"]
    json_path, markdown_path = write_card(card, tmp_path / "mine.skops")
    assert json.loads(json_path.read_text())["name"] == "mine"
    assert "# Model card: mine" in markdown_path.read_text()
    assert "| corpus | promotional | newsy | sources |" in markdown_card(card)


def test_held_out_split_is_stable_and_about_30_percent():
    flags = [held_out_article(i) for i in range(1000)]
    assert flags == [held_out_article(i) for i in range(1000)]
    assert 0.25 < np.mean(flags) < 0.35


@pytest.mark.skipif(os.environ.get("CI") != "true" and not os.environ.get("HYPEDETECT_RETRAIN"),
                    reason="retraining the default model takes minutes: runs under CI=true or HYPEDETECT_RETRAIN=1")
def test_retrained_default_model_matches_its_card():
    root = require_corpora()
    examples = require_examples()
    card = json.loads((REPO / "models" / "default.card.json").read_text(encoding="utf-8"))
    _, fresh = train_default(root, examples=examples, name="default")
    expected, got = card["metrics"], fresh["metrics"]
    assert fresh["n_articles"] == card["n_articles"]
    for key in ("roc_auc", "f1", "brier"):
        assert got["grouped_cv"][key] == pytest.approx(expected["grouped_cv"][key], abs=TOLERANCE)
    for key in ("auc_promotional_score", "auc_probability"):
        assert got["sensational_within_releases"][key] == pytest.approx(
            expected["sensational_within_releases"][key], abs=TOLERANCE)
    assert got["ptc_loaded_language"]["spearman_probability_vs_density"] == pytest.approx(
        expected["ptc_loaded_language"]["spearman_probability_vs_density"], abs=TOLERANCE)
    assert got["examples"]["000"] < 0.5 < 0.8 < got["examples"]["002"]
