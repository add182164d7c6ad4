"""seaborn charts for the report, rendered to self-contained inline SVG.

Every chart is drawn on a :class:`matplotlib.figure.Figure` with an Agg
canvas (never through pyplot's global figure manager) inside
:func:`report_figure`, which applies seaborn's ``whitegrid`` style, restores
``rcParams`` afterwards and releases the figure. :func:`to_svg` serialises a
figure and removes what would make an inline SVG reach outside the page or
clash with another chart on the same page.

The bar charts draw with :meth:`~matplotlib.axes.Axes.barh` in seaborn's style
rather than :func:`seaborn.barplot`, and set their margins instead of using
constrained layout: there is one contributions chart per article, and
seaborn's categorical machinery plus layout measuring made each three times
slower. The ranking chart, drawn once, is a :func:`seaborn.pointplot`.
"""

from __future__ import annotations

import io
import re
import sys
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib and seaborn are imported by the functions that draw: they take a second to load, and
# neither `import hypedetect.report` nor collecting the tests should wait for them.

from hypedetect.features import DECLARATIONS

__all__ = [
    "contributions_chart",
    "dimension_scores_chart",
    "feature_label",
    "ranking_chart",
    "report_figure",
    "to_svg",
]

DIMENSIONS = tuple(declaration.name for declaration in DECLARATIONS)

#: One colour per dimension, shared with the highlight legend (colour-blind safe, Okabe-Ito), as declared.
DIMENSION_COLOURS = {declaration.name: declaration.colour for declaration in DECLARATIONS}
PUSH_PROMOTIONAL, PUSH_NEWSY = "#D55E00", "#0072B2"

# Text stays text (no glyph outlines, no font files) and ids are stable
# between runs, so the same input renders the same page.
_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "hypedetect",
    "font.family": "sans-serif",
    "font.size": 9.0,
    "axes.titlesize": 10.0,
    "text.usetex": False,
}


@contextmanager
def report_figure(*, width: float, height: float, layout: str | None = "constrained") -> Iterator[Figure]:
    """Yield a new Agg figure in the report style; restore rcParams and close it on exit.

    Parameters
    ----------
    width, height : float
        Figure size in inches.
    layout : str or None, default="constrained"
        matplotlib's layout engine; None when the chart sets its own margins.

    Yields
    ------
    matplotlib.figure.Figure
        Not registered with pyplot, so it never becomes the "current" figure
        of the caller's session.
    """
    import matplotlib as mpl
    import seaborn as sns
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with mpl.rc_context(_RC), sns.axes_style("whitegrid"), warnings.catch_warnings():
        _ignore_missing_glyphs()
        fig = Figure(figsize=(width, height), layout=layout)
        FigureCanvasAgg(fig)
        try:
            yield fig
        finally:
            _close(fig)


def _ignore_missing_glyphs() -> None:
    """Silence missing-glyph warnings inside a ``catch_warnings`` block.

    A name in a script the font lacks (CJK, say) is drawn as boxes; the page
    beside the chart shows it in full.
    """
    warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)


def _close(fig: Figure) -> None:
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:  # only a figure made through pyplot is registered there
        pyplot.close(fig)


_PROLOGUE_RE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA_RE = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_ID_RE = re.compile(r'\bid="([^"]+)"')
_EXTERNAL_HREF_RE = re.compile(r'\s(?:xlink:)?href="(?!#)[^"]*"')
_EXTERNAL_URL_RE = re.compile(r"url\((?!#)[^)]*\)")


def to_svg(fig: Figure, *, id_prefix: str = "") -> str:
    """Return ``fig`` as an inline ``<svg>`` element and close the figure.

    The XML prologue, DOCTYPE and metadata are dropped; any ``href`` or
    ``url()`` that does not point inside the SVG itself is removed, so the
    chart cannot load anything. Element ids get ``id_prefix`` so that several
    charts can share one HTML page without their clip paths colliding.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to render; it is closed afterwards, even on error.
    id_prefix : str, default=""
        Prepended to every id defined in the SVG (letters, digits, ``-``, ``_``).

    Returns
    -------
    str
        Markup starting with ``<svg``.
    """
    import matplotlib as mpl

    if not re.fullmatch(r"[A-Za-z0-9_-]*", id_prefix):
        raise ValueError(f"id_prefix may hold only letters, digits, '-' and '_', got {id_prefix!r}.")
    buffer = io.StringIO()
    try:
        with mpl.rc_context(_RC), warnings.catch_warnings():
            _ignore_missing_glyphs()
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        _close(fig)
    svg = _METADATA_RE.sub("", _PROLOGUE_RE.sub("", buffer.getvalue(), count=1))
    svg = _EXTERNAL_URL_RE.sub("none", _EXTERNAL_HREF_RE.sub("", svg))
    if id_prefix:
        for name in sorted(set(_ID_RE.findall(svg)), key=len, reverse=True):
            svg = svg.replace(f'id="{name}"', f'id="{id_prefix}{name}"')
            svg = svg.replace(f'href="#{name}"', f'href="#{id_prefix}{name}"')
            svg = svg.replace(f"url(#{name})", f"url(#{id_prefix}{name})")
    return svg.strip()


_UNITS = (("_per_1k", " per 1,000 words"), ("_share", " share"), ("_grade", " grade"))
_WORDS = {"flesch": "Flesch", "kincaid": "Kincaid", "smog": "SMOG", "vader": "VADER", "cta": "call-to-action"}


def feature_label(name: str) -> str:
    """Return a feature name in words: ``promotional__puffery_per_1k`` -> ``puffery per 1,000 words``.

    Parameters
    ----------
    name : str
        A ``{dimension}__{feature}`` column name (the prefix is optional).

    Returns
    -------
    str

    Examples
    --------
    >>> feature_label("readability__flesch_kincaid_grade")
    'Flesch-Kincaid grade'
    >>> feature_label("sourcing__quotes_per_1k")
    'quotes per 1,000 words'
    """
    base = name.split("__", 1)[-1]
    unit = ""
    for suffix, words in _UNITS:
        if base.endswith(suffix):
            base, unit = base[: -len(suffix)], words
            break
    parts = base.split("_")
    if parts[:2] == ["flesch", "kincaid"]:
        parts = ["Flesch-Kincaid", *parts[2:]]
    return " ".join(_WORDS.get(part, part) for part in parts) + unit


def _chart_text(value: object) -> str:
    """Make an input string safe for matplotlib: no mathtext, one short line."""
    text = " ".join(str(value).split())
    if len(text) > 48:
        text = text[:47] + "…"
    return text.replace("$", r"\$")


def _left_margin(fig: Figure, labels: list[str]) -> float:
    """Return the left margin (figure fraction) that fits the y tick ``labels``.

    Measured with the Agg renderer, which is cheap, rather than by constrained
    layout, which draws the figure to find out. The 15% slack covers a browser
    that shows the SVG's text in a wider sans-serif font.
    """
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    renderer = fig.canvas.get_renderer()
    font = FontProperties(size=mpl.rcParams["ytick.labelsize"])
    widest = max((renderer.get_text_width_height_descent(label, font, ismath=False)[0] for label in labels), default=0)
    inches = 1.15 * widest / fig.dpi + 0.2
    return min(inches / fig.get_figwidth(), 0.6)


def dimension_scores_chart(scores: pd.DataFrame, *, id_prefix: str = "") -> str:
    """Chart the four dimension scores of each article, side by side.

    One panel per dimension (each with its own scale), one bar per article,
    articles in the same order, top to bottom, in every panel.

    Parameters
    ----------
    scores : pandas.DataFrame
        A ``label`` column (what to call each article) and the columns
        ``{dimension}_score`` for the four dimensions; NaN scores are left blank.
    id_prefix : str, default=""
        See :func:`to_svg`.

    Returns
    -------
    str
        An inline ``<svg>``.
    """
    import seaborn as sns
    from matplotlib.ticker import MaxNLocator

    labels = [_chart_text(label) for label in scores["label"]]
    positions = np.arange(len(labels))
    dimensions = [d for d in DIMENSIONS if f"{d}_score" in scores] or list(DIMENSIONS)
    width = max(8.0, 2.0 + 1.5 * len(dimensions))
    with report_figure(width=width, height=0.75 + 0.24 * len(labels), layout=None) as fig:
        # One log-odds scale for every panel, so a long bar means the same push in each dimension.
        axes = np.atleast_1d(fig.subplots(1, len(dimensions), sharey=True, sharex=True))
        fig.subplots_adjust(left=_left_margin(fig, labels), right=0.98, top=1 - 0.3 / fig.get_figheight(),
                            bottom=0.45 / fig.get_figheight(), wspace=0.12)
        for ax, dimension in zip(axes, dimensions, strict=True):
            column = f"{dimension}_score"
            values = pd.to_numeric(scores[column], errors="coerce") if column in scores else np.nan
            values = np.broadcast_to(np.asarray(values, dtype=float), positions.shape)
            ax.barh(positions, values, color=DIMENSION_COLOURS[dimension], height=0.7)
            ax.set_title(dimension)
            ax.set_xlabel("score")
            ax.xaxis.set_major_locator(MaxNLocator(3))
            ax.grid(axis="y", visible=False)
            sns.despine(ax=ax, left=True)
        axes[0].set_yticks(positions, labels)
        axes[0].set_ylim(len(labels) - 0.5, -0.5)
        return to_svg(fig, id_prefix=id_prefix)


def contributions_chart(contributions: Mapping[str, float] | pd.Series, *, top: int = 8, id_prefix: str = "") -> str:
    """Chart what pushed one article's promotional probability up or down.

    Bars pushing toward promotional are orange (``PUSH_PROMOTIONAL``), bars
    pushing toward newsy blue (``PUSH_NEWSY``); the page says so in words.

    Parameters
    ----------
    contributions : mapping or pandas.Series
        Feature name -> contribution to the promotional log-odds.
    top : int, default=8
        How many features to show on each side (pushing toward promotional,
        pushing toward newsy), largest first.
    id_prefix : str, default=""
        See :func:`to_svg`.

    Returns
    -------
    str
        An inline ``<svg>``, or ``""`` when no feature contributes.
    """
    import seaborn as sns

    values = pd.to_numeric(pd.Series(contributions, dtype=object), errors="coerce").dropna()
    values = values[values != 0]
    up = values[values > 0].sort_values(ascending=False).head(top)
    down = values[values < 0].sort_values().head(top)
    shown = pd.concat([up, down.iloc[::-1]])
    if shown.empty:
        return ""
    labels = [_chart_text(feature_label(str(name))) for name in shown.index]
    amounts = shown.to_numpy(dtype=float)
    positions = np.arange(len(labels))
    width, height = 4.6, 0.8 + 0.19 * len(labels)
    with report_figure(width=width, height=height, layout=None) as fig:
        ax = fig.subplots()
        fig.subplots_adjust(left=_left_margin(fig, labels), right=0.97, top=1 - 0.12 / height, bottom=0.5 / height)
        ax.barh(positions, amounts, color=np.where(amounts > 0, PUSH_PROMOTIONAL, PUSH_NEWSY), height=0.7)
        ax.axvline(0.0, color="#333333", linewidth=0.8)
        ax.set_yticks(positions, labels)
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("contribution to log-odds")
        sns.despine(ax=ax, left=True)
        return to_svg(fig, id_prefix=id_prefix)


def ranking_chart(ranking: pd.DataFrame, *, id_prefix: str = "") -> str:
    """Chart each source's (partially pooled) promotional probability with its 95% interval.

    Parameters
    ----------
    ranking : pandas.DataFrame
        Columns ``source``, ``pooled_probability`` (or ``mean_probability``), ``ci_low``, ``ci_high`` and
        optionally ``warning`` (sources with a warning are drawn in grey).
    id_prefix : str, default=""
        See :func:`to_svg`.

    Returns
    -------
    str
        An inline ``<svg>``, or ``""`` when no source has a probability.
    """
    import seaborn as sns

    frame = ranking.copy()
    ranked_on = "pooled_probability" if "pooled_probability" in frame else "mean_probability"
    frame["probability"] = pd.to_numeric(frame[ranked_on], errors="coerce")
    frame = frame[frame["probability"].notna()]
    if frame.empty:
        return ""
    labels = [
        _chart_text(source if isinstance(source, str) and source else "(no source)") for source in frame["source"]
    ]
    # Two sources with the same shortened name must stay two rows.
    labels = [label if labels.index(label) == i else f"{label} ({i + 1})" for i, label in enumerate(labels)]
    warnings = frame["warning"] if "warning" in frame else pd.Series([None] * len(frame), index=frame.index)
    frame = frame.assign(
        label=labels,
        ranked=["too few articles" if isinstance(w, str) and w else "ranked" for w in warnings],
    )
    positions = np.arange(len(frame))
    width, height = 6.4, 1.1 + 0.3 * len(frame)
    with report_figure(width=width, height=height, layout=None) as fig:
        ax = fig.subplots()
        fig.subplots_adjust(left=_left_margin(fig, labels), right=0.97, top=1 - 0.35 / height, bottom=0.55 / height)
        low, high = (
            pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float) if column in frame
            else np.full(len(frame), np.nan)
            for column in ("ci_low", "ci_high")
        )
        ax.hlines(positions, low, high, color="#555555", linewidth=1.6)
        sns.pointplot(
            data=frame, x="probability", y="label", hue="ranked", order=labels,
            palette={"ranked": PUSH_PROMOTIONAL, "too few articles": "#999999"},
            linestyle="none", errorbar=None, markers="o", ax=ax, legend=frame["ranked"].nunique() > 1,
        )
        ax.set_xlim(0.0, 1.0)
        ax.set_xlabel("promotional probability, partially pooled (95% interval)")
        ax.set_ylabel("")
        if ax.get_legend() is not None:
            sns.move_legend(ax, "lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, title=None, frameon=False, fontsize=8)
        return to_svg(fig, id_prefix=id_prefix)
