"""Charts render to self-contained SVG and leave matplotlib as they found it."""

import re

import numpy as np
import pandas as pd
import pytest

from hypedetect.report import plots

HOSTILE = '<script>alert(1)</script> $x^2$ & "quotes"'


def _assert_self_contained(svg: str) -> None:
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<metadata" not in svg
    assert "<script" not in svg.lower()
    for reference in re.findall(r'(?:href|src)="([^"]*)"', svg):
        assert reference.startswith("#"), reference
    for reference in re.findall(r"url\(([^)]*)\)", svg):
        assert reference.startswith("#"), reference


def _rc_parameters():
    import matplotlib as mpl  # imported here, so that collecting the tests loads no plotting library

    return mpl.rcParams


def _rc_snapshot() -> dict:
    return {key: repr(value) for key, value in _rc_parameters().items()}


def test_to_svg_strips_the_prologue_closes_pyplot_figures_and_restores_rc():
    plt = pytest.importorskip("matplotlib.pyplot")
    before = _rc_snapshot()
    fig = plt.figure()
    fig.subplots().plot([0, 1], [1, 0])
    svg = plots.to_svg(fig, id_prefix="chart7-")
    _assert_self_contained(svg)
    assert fig.number not in plt.get_fignums()
    assert _rc_snapshot() == before
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids and all(name.startswith("chart7-") for name in ids)
    for reference in re.findall(r'href="#([^"]+)"', svg) + re.findall(r"url\(#([^)]+)\)", svg):
        assert reference in ids


def test_to_svg_rejects_an_unsafe_prefix():
    with plots.report_figure(width=2, height=2) as fig, pytest.raises(ValueError, match="id_prefix"):
        plots.to_svg(fig, id_prefix='x" onload="alert(1)')


def test_report_figure_restores_rc_even_on_error():
    before = _rc_snapshot()
    with pytest.raises(RuntimeError), plots.report_figure(width=2, height=2):
        assert _rc_parameters()["svg.fonttype"] == "none"
        raise RuntimeError("boom")
    assert _rc_snapshot() == before


def test_contributions_chart_shows_the_top_eight_each_way():
    contributions = {f"promotional__up_{i}_per_1k": float(i + 1) for i in range(12)}
    contributions |= {f"sourcing__down_{i}_per_1k": -float(i + 1) for i in range(12)}
    contributions["hedging__zero"] = 0.0
    before = _rc_snapshot()
    svg = plots.contributions_chart(contributions, id_prefix="c1-")
    assert _rc_snapshot() == before
    _assert_self_contained(svg)
    shown = set(re.findall(r"(up|down) (\d+) per 1,000 words", svg))
    assert shown == {("up", str(i)) for i in range(4, 12)} | {("down", str(i)) for i in range(4, 12)}
    assert "zero" not in svg


def test_contributions_chart_escapes_names_and_survives_dollar_signs():
    svg = plots.contributions_chart({f"promotional__{HOSTILE}": 1.0, "sourcing__quotes_per_1k": -0.5})
    _assert_self_contained(svg)
    assert "&lt;script&gt;" in svg


def test_contributions_chart_is_empty_without_contributions():
    assert plots.contributions_chart({}) == ""
    assert plots.contributions_chart({"a": 0.0, "b": np.nan}) == ""


def test_dimension_scores_chart_handles_nan_and_hostile_labels():
    scores = pd.DataFrame(
        {
            "label": ["#1 Wire", f"#2 {HOSTILE}"],
            "promotional_score": [0.1, 0.9],
            "hedging_score": [np.nan, np.nan],
            "sourcing_score": [0.8, np.nan],
            "readability_score": [11.0, 9.5],
        }
    )
    svg = plots.dimension_scores_chart(scores, id_prefix="d1-")
    _assert_self_contained(svg)
    for dimension in ("promotional", "hedging", "sourcing", "readability"):
        assert dimension in svg
    assert "provenance" not in svg  # a dimension the scores do not have gets no panel
    assert "&lt;script&gt;" in svg


def test_ranking_chart():
    ranking = pd.DataFrame(
        {
            "source": ["Wire", "Hype Daily", None],
            "mean_probability": [0.2, 0.8, np.nan],
            "ci_low": [0.1, 0.6, np.nan],
            "ci_high": [0.3, 0.95, np.nan],
            "warning": [None, "only 1 article: too few to rank", None],
        }
    )
    svg = plots.ranking_chart(ranking)
    _assert_self_contained(svg)
    assert "Hype Daily" in svg and "too few articles" in svg
    assert plots.ranking_chart(ranking.assign(mean_probability=np.nan)) == ""


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("promotional__puffery_per_1k", "puffery per 1,000 words"),
        ("sourcing__named_attribution_per_1k", "named attribution per 1,000 words"),
        ("promotional__promotional_block_share", "promotional block share"),
        ("readability__flesch_kincaid_grade", "Flesch-Kincaid grade"),
        ("plain", "plain"),
    ],
)
def test_feature_label(name, label):
    assert plots.feature_label(name) == label
