"""Tests for hypedetect.persistence: skops only, allow-listed types only."""

import pickle

import numpy as np
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from hypedetect.errors import ModelError
from hypedetect.model import build_pipeline
from hypedetect.persistence import load_model, save_model

TEXTS = ["We proudly announce our groundbreaking product!", "Officials said the vote passed 7-2."] * 6
LABELS = np.array([1, 0] * 6)


def test_round_trip_gives_identical_predictions(tmp_path):
    model = build_pipeline().fit(TEXTS, LABELS)
    path = save_model(model, tmp_path / "m.skops")
    loaded = load_model(path)
    np.testing.assert_allclose(loaded.predict_proba(TEXTS), model.predict_proba(TEXTS))
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, temporary file gone


def test_default_model_loads_and_scores():
    model = load_model()
    p = model.predict_proba(["Our revolutionary, world-class product will change your life! Buy now!",
                             "The council approved the budget on Tuesday, officials said."])[:, 1]
    assert p[0] > 0.5 > p[1]


def test_pickle_files_are_refused(tmp_path):
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(ModelError, match="pickle"):
        load_model(path)


def test_untrusted_types_are_refused_by_name(tmp_path):
    path = tmp_path / "other.skops"
    sio.dump(Pipeline([("clf", LogisticRegression())]), path)
    with pytest.raises(ModelError, match="LogisticRegression"):
        load_model(path)


@pytest.mark.parametrize("content", [b"", b"not a zip file at all"])
def test_garbage_is_refused_with_the_file_name(tmp_path, content):
    path = tmp_path / "broken.skops"
    path.write_bytes(content)
    with pytest.raises(ModelError, match="broken.skops"):
        load_model(path)


def test_missing_file(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load_model(tmp_path / "nope.skops")


def test_top_level_api_exposes_model_and_ranking():
    import hypedetect

    model = hypedetect.load_model()
    scored = hypedetect.score_texts(model, ["We proudly announce our world-class product!"])
    ranking = hypedetect.rank_sources(scored.assign(source="brand"))
    assert ranking.loc[0, "source"] == "brand" and ranking.loc[0, "n_articles"] == 1
