"""Tests for hypedetect.ranking."""

import numpy as np
import pandas as pd
import pytest

from hypedetect.ranking import rank_sources


def test_sources_are_ranked_newsy_first_with_intervals():
    frame = pd.DataFrame({
        "source": ["wire"] * 5 + ["blog"] * 5,
        "promotional_probability": [0.1, 0.2, 0.1, 0.15, 0.05, 0.8, 0.9, 0.7, 0.95, 0.85],
        "promotional_score": [-1.0] * 5 + [2.0] * 5,
    })
    ranking = rank_sources(frame)
    assert ranking["source"].tolist() == ["wire", "blog"]
    assert ranking["rank"].tolist() == [1, 2]
    for row in ranking.itertuples():
        assert row.ci_low <= row.mean_probability <= row.ci_high
    assert ranking.loc[0, "ci_high"] < ranking.loc[1, "ci_low"]
    assert ranking["promotional_score"].tolist() == [-1.0, 2.0]
    assert ranking["warning"].isna().all()


def test_bootstrap_is_reproducible_and_seeded():
    frame = pd.DataFrame({"source": ["a"] * 6, "promotional_probability": np.linspace(0, 1, 6)})
    first = rank_sources(frame, seed=3)
    assert first.equals(rank_sources(frame, seed=3))


def test_small_and_unknown_sources_are_kept_and_flagged():
    frame = pd.DataFrame({"source": ["a", None], "promotional_probability": [0.2, 0.4]})
    ranking = rank_sources(frame)
    assert set(ranking["source"]) == {"a", "(unknown)"}
    assert ranking["warning"].str.contains("too few to rank").all()


def test_missing_columns_raise():
    with pytest.raises(KeyError, match="promotional_probability"):
        rank_sources(pd.DataFrame({"source": ["a"]}))
