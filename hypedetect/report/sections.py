"""The page's sections: article panels, stories, the summary, the source ranking, the methods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from hypedetect.report.articles import (
    SHARED_MIN_WORDS,
    Article,
    Span,
    Story,
    contributions_of,
    copied_spans,
    probability,
    score,
)
from hypedetect.report.categories import CATEGORIES, DIMENSIONS, LegendStyle
from hypedetect.report.highlight import capped, highlight
from hypedetect.report.markup import as_float, escape, is_missing, link, number, percent, slug, source_name, text_or
from hypedetect.report.plots import contributions_chart, dimension_scores_chart, feature_label, ranking_chart
from hypedetect.report.verdicts import Verdict
from hypedetect.stories import QUOTED_RELATION, STORY_THRESHOLD, Overlap

__all__ = ["methods_html", "ranking_html", "story_html", "summary_html"]


#: The faces of promotion shown per article and per source, and their headers.
FACE_HEADERS = {"release_probability": "written by the promoter", "tone_probability": "tone",
                "loaded_language_rate": "loaded sentences per 100"}


def _numbers(article: Article, has_model: bool) -> str:
    attributions = sum(1 for span in article.spans if span.category.endswith("_attribution"))
    cells = []
    if has_model:
        cells.append(("probability", "promotional probability", percent(probability(article))))
        cells += [(face, FACE_HEADERS[face], (number if face == "loaded_language_rate" else percent)(
            as_float(article.row.get(face)))) for face in FACE_HEADERS if face in article.row]
    if has_model or _has_scores([article]):  # without a model and scores, no row of dashes
        cells += [(dim, f"{dim} score", number(score(article, dim))) for dim in DIMENSIONS
                  if f"{dim}_score" in article.row or not has_model]
    cells += [
        ("words", "words", f"{article.n_words:,}"),
        ("quotes", "quotes", str(article.n_quotes)),
        ("attributions", "attributions", str(attributions)),
    ]
    return '<dl class="numbers">' + "".join(
        f'<div class="{name}"><dt>{label}</dt><dd>{value}</dd></div>' for name, label, value in cells
    ) + "</dl>"


def _feature_values(article: Article, columns: Sequence[str]) -> str:
    """The article's values of ``columns`` (each a rate, share or grade of the phrases marked in its text)."""
    if not columns:
        return ""
    rows = "".join(
        f'<tr><th scope="row">{escape(column.partition("__")[0])}: {escape(feature_label(column))}</th>'
        f'<td class="num">{number(article.row.get(column))}</td></tr>'
        for column in columns
    )
    return (
        '<details class="feature-values"><summary>Feature values</summary>'
        f'<table><tbody>{rows}</tbody></table></details>'
    )


def _panel(article: Article, contributions: pd.DataFrame | None, has_model: bool, overlap_spans: list[Span],
           entries: Mapping[str, LegendStyle], feature_columns: Sequence[str] = ()) -> str:
    status = article.row.get("status")
    status_html = ""
    if not is_missing(status) and str(status).strip() and str(status).strip().lower() != "ok":
        status_html = f'<p class="warning">⚠ {escape(status)}</p>'
    release = '<span class="release-badge">press release</span>' if article.is_release else ""
    why = ""
    values = contributions_of(contributions, article.id) if has_model else None
    if values is not None and not values.empty:
        chart = contributions_chart(values, top=8, id_prefix=f"contrib{article.number}-")
        if chart:
            why = (
                '<details class="why"><summary>Why this probability: the features that pushed it up or down'
                '</summary><p class="caption">Orange bars push the promotional probability up, blue bars push it '
                "down (toward newsy), largest first.</p>"
                f'<div class="chart">{chart}</div></details>'
            )
    spans, capped_note = capped([*article.spans, *overlap_spans])
    text = highlight(article.text, spans, article.regions, entries)
    return (
        f'<article class="panel" id="article-{article.number}">'
        f'<header><span class="badge">#{article.number}</span>'
        f'<span class="source">{source_name(article.source)}</span>{release}'
        f'<h4>{escape(article.title)}</h4>'
        f'<div class="meta">{link(article.row.get("url"))}</div>'
        f'<div class="meta">id: {escape(article.id)}</div>{status_html}</header>'
        f"{_numbers(article, has_model)}{why}{_feature_values(article, feature_columns)}{capped_note}"
        f'<div class="article-text">{text}</div>'
        "</article>"
    )


def _passages(overlaps: list[Overlap], by_id: Mapping[str, Article]) -> str:
    copied = [overlap for overlap in overlaps if overlap.relation != QUOTED_RELATION]
    quoted = [overlap for overlap in overlaps if overlap.relation == QUOTED_RELATION]
    return _passage_list(copied, by_id, "Shared passages (churnalism)") + _passage_list(
        quoted, by_id, "Quoted by both (one source quoted, not copying)"
    )


def _passage_list(overlaps: list[Overlap], by_id: Mapping[str, Article], title: str) -> str:
    if not overlaps:
        return ""
    pairs: dict[tuple[str, str, str], list[Overlap]] = {}
    for overlap in overlaps:
        pairs.setdefault((overlap.first, overlap.second, overlap.relation), []).append(overlap)
    items = []
    for (first, second, relation), found in pairs.items():
        a, b = by_id[first], by_id[second]
        n_words = sum(overlap.n_words for overlap in found)
        count = f"{len(found)} passage{'s' if len(found) > 1 else ''}, {n_words} words"
        if relation == "shared":
            head = f"{escape(a.label)} and {escape(b.label)} share {count}"
        elif relation == QUOTED_RELATION:
            head = f"{escape(a.label)} and {escape(b.label)} {escape(relation)}: {count}"
        else:
            head = f"{escape(b.label)} {escape(relation)} {escape(a.label)}: {count}"
        quotes = "".join(
            f"<blockquote>{escape(overlap.text[:400])}{'…' if len(overlap.text) > 400 else ''}</blockquote>"
            for overlap in found
        )
        items.append(f"<li><details><summary>{head}</summary>{quotes}</details></li>")
    listing = f"<ul>{''.join(items)}</ul>"
    if len(items) > 6:  # many near-copies: keep the story readable
        listing = f"<details><summary>{len(items)} pairs of articles share passages</summary>{listing}</details>"
    return f'<div class="passages"><h4>{escape(title)}</h4>{listing}</div>'


def _verdict_list(verdicts: Sequence[Verdict]) -> str:
    items = "".join(
        f'<li class="verdict-{verdict.kind}" data-cites="{" ".join(slug(c) for c in verdict.categories)}">'
        f"{verdict.sentence}</li>"
        for verdict in verdicts
    )
    return f'<ul class="verdicts">{items}</ul>'


def _story_heading(story: Story) -> str:
    sources = {article.source for article in story.articles}
    lead = min(story.articles, key=lambda article: (not article.is_release, article.number))
    return (
        f"Story {story.number}: {escape(lead.title)} "
        f'<span class="story-meta">{len(story.articles)} article{"s" if len(story.articles) > 1 else ""}, '
        f'{len(sources)} source{"s" if len(sources) > 1 else ""}</span>'
    )


def story_html(story: Story, verdicts: Sequence[Verdict], contributions: pd.DataFrame | None,
               has_model: bool, open_: bool, entries: Mapping[str, LegendStyle] = CATEGORIES,
               feature_columns: Sequence[str] = ()) -> str:
    """One story: its heading, verdicts, shared passages, score chart and article panels side by side
    (with each article's values of ``feature_columns``)."""
    chart = ""
    if len(story.articles) > 1 and _has_scores(story.articles):
        scores = pd.DataFrame(
            {
                "label": [article.label for article in story.articles],
                **{f"{dim}_score": [score(article, dim) for article in story.articles] for dim in DIMENSIONS},
            }
        )
        chart = (
            '<h4>Dimension scores</h4><div class="chart">'
            f"{dimension_scores_chart(scores, id_prefix=f'dims{story.number}-')}</div>"
        )
    by_id = {article.id: article for article in story.articles}
    panels = "".join(
        _panel(article, contributions, has_model, copied_spans(story.overlaps, article.id), entries, feature_columns)
        for article in story.articles
    )
    return (
        f'<details class="story" id="story-{story.number}"{" open" if open_ else ""}>'
        f"<summary>{_story_heading(story)}</summary>"
        f"{_verdict_list(verdicts)}{_passages(story.overlaps, by_id)}{chart}"
        f'<div class="panels">{panels}</div>'
        "</details>"
    )


# --------------------------------------------------------------------------- page sections

def _has_scores(articles: Sequence[Article]) -> bool:
    """Whether any of ``articles`` has a dimension score (none has without a model)."""
    return any(not np.isnan(score(article, dim)) for article in articles for dim in DIMENSIONS)


def summary_html(stories: Sequence[Story], verdicts: Mapping[int, Sequence[Verdict]], n_articles: int,
                 has_model: bool) -> str:
    """The "at a glance" section: every story with its verdicts (``verdicts``: story number -> verdicts)."""
    notes = []
    if not has_model and not any(_has_scores(story.articles) for story in stories):
        notes.append(
            '<p class="note">No model was used: this report shows the evidence, its categories, each '
            "article's feature values and the stories, but no promotional probabilities, dimension scores, "
            "verdicts or source ranking.</p>"
        )
    elif not has_model:
        notes.append(
            '<p class="note">No model was given, so there are no promotional probabilities: '
            "articles are compared by their promotional score instead, and the probability "
            "parts of this report are hidden.</p>"
        )
    items = "".join(
        f'<li><a href="#story-{story.number}">{_story_heading(story)}</a>{_verdict_list(verdicts[story.number])}</li>'
        for story in stories
    )
    return (
        f"{''.join(notes)}<p>{n_articles} article{'s' if n_articles != 1 else ''} in "
        f"{len(stories)} stor{'ies' if len(stories) != 1 else 'y'}.</p><ol class=\"stories-list\">{items}</ol>"
    )


def ranking_html(ranking: pd.DataFrame | None, has_model: bool) -> str:
    """The sources section: the ranking chart and table (mean scores only without a model)."""
    if ranking is None or len(ranking) == 0:
        return '<p class="note">No source ranking was given.</p>'
    ranked_on = "pooled_probability" if "pooled_probability" in ranking else "mean_probability"
    probabilities = pd.to_numeric(ranking.get(ranked_on, pd.Series(dtype=float)), errors="coerce")
    show_probability = has_model and bool(probabilities.notna().any())
    header = ["source", "articles"]
    if show_probability:
        header += ["promotional probability (pooled)", "95% interval", "mean of its articles"]
    faces = [face for face in FACE_HEADERS if f"{face}_pooled" in ranking] if show_probability else []
    for face in faces:
        header += [f"{FACE_HEADERS[face]} (pooled)", "95% interval"]
    header += [f"{dim} score" for dim in DIMENSIONS if f"{dim}_score" in ranking] + ["note"]
    rows = []
    for _, row in ranking.iterrows():
        cells = [f"<td class=\"name\">{source_name(text_or(row.get('source'), '(no source)'))}</td>",
                 f'<td class="num">{number(row.get("n_articles"), ".0f")}</td>']
        if show_probability:
            cells += [
                f'<td class="num">{percent(row.get(ranked_on))}</td>',
                f'<td class="num">{percent(row.get("ci_low"))} – {percent(row.get("ci_high"))}</td>',
                f'<td class="num">{percent(row.get("mean_probability"))}</td>',
            ]
        for face in faces:
            shown_as = number if face == "loaded_language_rate" else percent
            cells += [f'<td class="num">{shown_as(row.get(f"{face}_pooled"))}</td>',
                      f'<td class="num">{shown_as(row.get(f"{face}_ci_low"))} – '
                      f'{shown_as(row.get(f"{face}_ci_high"))}</td>']
        cells += [f'<td class="num">{number(row.get(f"{dim}_score"))}</td>' for dim in DIMENSIONS
                  if f"{dim}_score" in ranking]
        warning = row.get("warning")
        shown = not is_missing(warning) and warning
        cells.append(f'<td class="warning">{escape(warning)}</td>' if shown else "<td></td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = "".join(
        f'<th scope="col" class="{"num" if i else ""}">{escape(name)}</th>' for i, name in enumerate(header)
    )
    table = (
        f'<div class="table-scroll"><table><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
    )
    if not show_probability:
        note = "No model, so sources are not ranked by probability; their mean scores follow."
        return f'<p class="note">{note}</p>{table}'
    chart = ranking_chart(ranking, id_prefix="ranking-")
    return (
        "<p>Each source's promotional probability, with a 95% interval: the wider the interval, the less "
        "the ranking can be trusted. The estimate is <em>partially pooled</em> (empirical-Bayes shrinkage): "
        "a source's own mean is weighted by how many articles stand behind it and pulled towards the mean "
        "of all sources by the rest, so a source with two lucky articles cannot top the table on noise. "
        "The mean of its articles is shown beside it. The two faces of promotion are pooled the same way: "
        "<em>written by the promoter</em> (how release-like its articles are) and <em>tone</em> (how "
        "sensational or one-sided their wording reads, with the loaded sentences per 100 the tone rests on). "
        "Articles without a source are each their own row. "
        "Sources flagged in the note column have too few articles to rank.</p>"
        f'<div class="chart">{chart}</div>{table}'
    )


def _metric(value: object) -> str:
    if isinstance(value, float | np.floating):
        return number(value, ".3g")
    return escape(value)


def methods_html(methods: Mapping[str, object]) -> str:
    """The methods section: meanings, model card, word lists, how the page groups and compares."""
    parts = []
    dimensions = methods.get("dimensions") or {}
    if isinstance(dimensions, Mapping) and dimensions:
        items = "".join(f"<dt>{escape(name)}</dt><dd>{escape(meaning)}</dd>" for name, meaning in dimensions.items())
        parts.append(f"<h3>What the scores mean</h3><dl>{items}</dl>")
    card = methods.get("model_card") or {}
    if isinstance(card, Mapping) and card:
        rows = "".join(f'<tr><th scope="row">{escape(name)}</th><td class="num">{_metric(value)}</td></tr>'
                       for name, value in card.items())
        parts.append(f"<h3>Model card</h3><table><tbody>{rows}</tbody></table>")
    elif methods.get("no_model"):
        parts.append("<h3>Model card</h3><p>No model was used for this page, so there is no model card.</p>")
    else:
        parts.append("<h3>Model card</h3><p>No model card was given.</p>")
    lexicons = methods.get("lexicons") or []
    if lexicons:
        rows = []
        for lexicon in lexicons:
            if isinstance(lexicon, Mapping):
                name, provenance = lexicon.get("name"), lexicon.get("provenance")
            else:
                name, provenance = getattr(lexicon, "name", lexicon), getattr(lexicon, "provenance", "")
            rows.append(f"<tr><td>{escape(name)}</td><td>{escape(provenance)}</td></tr>")
        parts.append(
            "<h3>Word lists</h3><table><thead><tr><th>lexicon</th><th>provenance</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    parts.append(
        "<h3>How this page groups and compares</h3><ul>"
        "<li>Stories: articles are grouped by TF-IDF cosine similarity (the mean of content-word and "
        "capitalised-name similarity), with average-linkage clustering; groups join while their mean "
        f"similarity is above {STORY_THRESHOLD}. Within a story, an outlet's articles sit side by side.</li>"
        f"<li>Shared passages: runs of at least {SHARED_MIN_WORDS} identical words (ignoring case and "
        "punctuation) between two articles of one story. An article whose id or source names a press "
        "release (or marked <code>is_release</code>) is taken as the origin; otherwise the earlier "
        "<code>date</code> is; otherwise the passage is just shared.</li>"
        "<li>Highlights: every span an extractor counted, at its offsets in the text; where spans overlap, "
        "each piece of text lists every category covering it. Flagged blocks (viral-phrase lists, tags, "
        "comment and share prompts, page furniture) are boxed, not removed.</li>"
        "<li>Verdicts: the most and least promotional article of a story by promotional probability "
        "(or promotional score without a model), with the features that contributed most to that "
        "probability, or without contributions the promotional-language rates furthest from the story's "
        "average.</li></ul>"
    )
    return "".join(parts)


