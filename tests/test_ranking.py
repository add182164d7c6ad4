"""Tests for hypedetect.ranking."""

import numpy as np
import pandas as pd
import pytest

from hypedetect.ranking import pooled_means, rank_sources


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


def test_ranking_is_deterministic():
    frame = pd.DataFrame({"source": list("aabbc"), "promotional_probability": np.linspace(0, 1, 5)})
    assert rank_sources(frame).equals(rank_sources(frame))


def test_unsourced_articles_are_each_their_own_row_labelled_by_id():
    frame = pd.DataFrame({
        "id": ["x.txt", "y.txt", "z.txt"],
        "source": ["a", None, "  "],
        "promotional_probability": [0.2, 0.4, 0.6],
    })
    ranking = rank_sources(frame)
    assert set(ranking["source"]) == {"a", "y.txt (no source)", "z.txt (no source)"}
    assert ranking["n_articles"].tolist() == [1, 1, 1]
    assert ranking["warning"].str.contains("too few to rank").all()


# ---------------------------------------------------------------- partial pooling


def _big_sources_and_a_lucky_small_one() -> pd.DataFrame:
    """Six outlets of 40 articles whose true means differ a little, and one of two articles."""
    rng = np.random.default_rng(0)
    sources, values = [], []
    for number, true_mean in enumerate([0.30, 0.34, 0.38, 0.42, 0.46, 0.50]):
        sources += [f"outlet{number}"] * 40
        values += list(rng.normal(true_mean, 0.25, 40).clip(0, 1))
    return pd.DataFrame({
        "source": sources + ["tiny"] * 2,
        "promotional_probability": values + [0.05, 0.10],
    })


def test_a_source_with_two_articles_cannot_top_the_table_on_noise():
    frame = _big_sources_and_a_lucky_small_one()
    ranking = rank_sources(frame).set_index("source")
    # Its raw mean is the lowest of all, so a table of means would rank it most newsy ...
    assert ranking["mean_probability"].idxmin() == "tiny"
    # ... but it is pulled towards the grand mean, far more than the well-measured outlets,
    assert ranking.loc["tiny", "pooled_probability"] > ranking.loc["tiny", "mean_probability"] + 0.1
    assert ranking.loc["tiny", "shrinkage"] > 2 * ranking.loc["outlet0", "shrinkage"]
    # ... so it does not top the table, and its interval is the widest.
    assert ranking.loc["tiny", "rank"] > 1
    widths = ranking["ci_high"] - ranking["ci_low"]
    assert widths.idxmax() == "tiny"
    for row in ranking.itertuples():
        assert 0.0 <= row.ci_low <= row.pooled_probability <= row.ci_high <= 1.0


def test_sources_that_do_not_differ_are_pooled_completely():
    frame = pd.DataFrame({"source": list("ababab"), "promotional_probability": [0.1, 0.9, 0.9, 0.1, 0.5, 0.5]})
    ranking = rank_sources(frame)
    assert np.allclose(ranking["pooled_probability"], 0.5)
    assert np.allclose(ranking["shrinkage"], 1.0)


def test_pooled_means_matches_the_normal_normal_formula():
    groups = [np.array([0.1, 0.3]), np.array([0.5, 0.7, 0.6]), np.array([0.9])]
    result = pooled_means(groups)
    sigma2 = (0.02 + 0.02) / 3  # pooled within-group variance, 3 degrees of freedom
    means = np.array([0.2, 0.6, 0.9])
    counts = np.array([2, 3, 1])
    precision = counts / sigma2
    centre = np.sum(precision * means) / precision.sum()
    q = np.sum(precision * (means - centre) ** 2)
    tau2 = max(0.0, (q - 2) / (precision.sum() - np.sum(precision**2) / precision.sum()))
    assert tau2 > 0
    weight = tau2 / (tau2 + sigma2 / counts)
    grand = np.sum(means / (tau2 + sigma2 / counts)) / np.sum(1 / (tau2 + sigma2 / counts))
    assert np.allclose(result.weight, weight)
    assert np.allclose(result.pooled, weight * means + (1 - weight) * grand)
    assert np.allclose(result.ci_high - result.pooled, 1.959963984540054 * np.sqrt(weight * sigma2 / counts))


def test_pooled_means_rejects_empty_groups():
    with pytest.raises(ValueError, match="at least one value"):
        pooled_means([np.array([0.1]), np.array([])])


def test_faces_are_summarised_beside_the_ranked_probability():
    frame = _big_sources_and_a_lucky_small_one()
    frame["release_probability"] = frame["promotional_probability"] / 2
    frame["loaded_language_rate"] = 10 * frame["promotional_probability"]
    ranking = rank_sources(frame).set_index("source")
    for face in ("release_probability", "loaded_language_rate"):
        for suffix in ("mean", "pooled", "ci_low", "ci_high"):
            assert f"{face}_{suffix}" in ranking
    assert ranking.loc["outlet5", "loaded_language_rate_mean"] > ranking.loc["outlet0", "loaded_language_rate_mean"]
    assert (ranking["release_probability_ci_high"] <= 1.0).all()


def test_missing_columns_raise():
    with pytest.raises(KeyError, match="promotional_probability"):
        rank_sources(pd.DataFrame({"source": ["a"]}))
