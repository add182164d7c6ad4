"""The HTML report, from invented articles: escaping, CSP, highlights, blocks, stories, verdicts."""

import base64
import hashlib
import math
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from hypedetect.extractors.base import Evidence
from hypedetect.report import render_report

METHODS = {
    "dimensions": {"promotional": "how much the text sells", "hedging": "how much it softens its claims"},
    "model_card": {"test accuracy": 0.912345, "n_train": 1200},
    "lexicons": [{"name": "puffery", "provenance": "hand-collected, 2025"}],
}
FEATURES = ["promotional__puffery_per_1k", "sourcing__quotes_per_1k", "readability__flesch_kincaid_grade"]
# Tooltips: the category in words and its declared meaning (escaped as an attribute).
PUFFERY = "puffery: praise with nothing to check (“world-class”, “game-changing”)"
HEDGE = "hedge: softens a claim (“may”, “suggests”)"
INTENSIFIERS = "intensifiers: intensifiers (“truly”, “incredibly”)"
LONG_SENTENCE = "long sentence: a long sentence"


def _articles(*rows: dict) -> pd.DataFrame:
    """Build an ``articles`` frame; every column of the contract gets a default."""
    defaults = {
        "source": "Wire",
        "title": None,
        "url": None,
        "promotional_probability": 0.5,
        "promotional_score": 0.5,
        "hedging_score": 0.5,
        "sourcing_score": 0.5,
        "readability_score": 10.0,
        "status": "ok",
        **dict.fromkeys(FEATURES, 1.0),
    }
    return pd.DataFrame([{**defaults, **row} for row in rows])


def _render(articles, evidence=None, contributions=None, ranking=None, methods=METHODS, **kwargs) -> str:
    return render_report(articles, evidence or {}, contributions, ranking, methods, **kwargs)


def _span(text: str, phrase: str, category: str, dimension: str = "promotional", nth: int = 0) -> Evidence:
    start = [m.start() for m in re.finditer(re.escape(phrase), text)][nth]
    return Evidence(dimension, category, start, start + len(phrase), phrase)


def _script(page: str) -> str:
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    assert len(scripts) == 1
    return scripts[0]


class _Tags(HTMLParser):
    """Collect every element and attribute the browser would build from the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


# --------------------------------------------------------------------------- security

HOSTILE_TEXT = (
    "<script>window.__pwned=1</script>\n"
    '<img src=x onerror="window.__pwned=2">\n'
    '<a href="javascript:window.__pwned=3">x</a>\n'
    "This groundbreaking article may try things."
)
HOSTILE_ID = "\"><script>alert('id')</script><img src=x onerror=alert(4)>"


@pytest.fixture(scope="module")
def hostile_page() -> str:
    articles = _articles(
        {
            "id": HOSTILE_ID,
            "source": "<img src=x onerror=alert('source')>",
            "title": "<script>alert('title')</script>",
            "url": "javascript:alert('url')",
            "text": HOSTILE_TEXT,
            "status": "<b onmouseover=alert(5)>warning</b>",
        },
        {"id": "ok", "source": "Wire", "title": "A calm title", "url": "https://example.org/a?b=1&c=2",
         "text": "A calm article that may be dull. " * 5},
    )
    evidence = {HOSTILE_ID: [_span(HOSTILE_TEXT, "groundbreaking", "<b onclick=alert(6)>cat</b>")]}
    contributions = pd.DataFrame({"<script>alert(7)</script>": [1.0, -1.0]}, index=[HOSTILE_ID, "ok"])
    ranking = pd.DataFrame(
        {"source": ["<script>alert(8)</script>"], "n_articles": [1], "mean_probability": [0.5], "ci_low": [0.1],
         "ci_high": [0.9], "warning": ["<i onclick=alert(9)>only 1 article</i>"],
         **{f"{d}_score": [0.1] for d in ("promotional", "hedging", "sourcing", "readability")}}
    )
    methods = {
        "dimensions": {"<script>x</script>": "<img src=x onerror=alert(10)>"},
        "model_card": {"<b>auc</b>": "<script>y</script>"},
        "lexicons": [{"name": "<u>lex</u>", "provenance": "javascript:alert(11)"}],
    }
    return _render(articles, evidence, contributions, ranking, methods, title="<script>alert('page')</script>")


def test_only_the_pages_own_script_and_no_event_handlers(hostile_page):
    assert hostile_page.lower().count("<script") == 1
    assert hostile_page.index("<script>") > hostile_page.index("</main>")
    parsed = _parse(hostile_page)
    assert parsed.tags.count("script") == 1
    assert not {"img", "iframe", "object", "embed", "form", "base", "link"} & set(parsed.tags)
    assert [name for _, name, _ in parsed.attributes if name.startswith("on")] == []


def test_onerror_only_appears_escaped(hostile_page):
    for match in re.finditer("onerror=", hostile_page):
        before = hostile_page[max(0, match.start() - 40) : match.start()]
        assert "&lt;img" in before, before


def test_links_are_http_only_and_escaped(hostile_page):
    hrefs = [value for tag, name, value in _parse(hostile_page).attributes if name == "href"]
    assert all(href.startswith(("#", "https://", "http://")) for href in hrefs), hrefs
    assert "https://example.org/a?b=1&c=2" in hrefs  # the parser unescapes what the page escaped
    assert 'href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow"' in hostile_page
    assert "javascript:alert(&#x27;url&#x27;)" in hostile_page  # shown, as text
    assert 'href="javascript' not in hostile_page.lower()


def test_hostile_strings_are_shown_as_text(hostile_page):
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in hostile_page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in hostile_page
    assert "<title>&lt;script&gt;alert(&#x27;page&#x27;)&lt;/script&gt;</title>" in hostile_page
    assert "&lt;b onmouseover=alert(5)&gt;warning&lt;/b&gt;" in hostile_page


def test_csp_allows_only_the_pages_script_by_hash(hostile_page):
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', hostile_page).group(1)
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "data:"
    assert directives["style-src"] == "'unsafe-inline'"
    digest = base64.b64encode(hashlib.sha256(_script(hostile_page).encode("utf-8")).digest()).decode()
    assert directives["script-src"] == f"'sha256-{digest}'"
    # The CSP comes before anything it must govern.
    assert hostile_page.index("Content-Security-Policy") < hostile_page.index("<style>")


def test_no_external_resources(hostile_page):
    for tag, name, value in _parse(hostile_page).attributes:
        if name in {"src", "srcset", "data", "action", "poster"}:
            pytest.fail(f"<{tag} {name}={value!r}>")
    assert "@import" not in hostile_page and "url(http" not in hostile_page


# --------------------------------------------------------------------------- highlights

def test_highlights_sit_at_their_offsets():
    text = "The groundbreaking deal may close soon."
    evidence = {
        "a": [Evidence("promotional", "puffery", 4, 18, "groundbreaking"), Evidence("hedging", "hedge", 24, 27, "may")]
    }
    page = _render(_articles({"id": "a", "text": text}), evidence)
    assert (
        f'The <mark class="cat-puffery" data-cats="puffery" title="{PUFFERY}">groundbreaking</mark>'
        f' deal <mark class="cat-hedge" data-cats="hedge" title="{HEDGE}">may</mark> close soon.'
    ) in page


def test_overlapping_spans_become_segments_listing_every_category():
    text = "We have a truly world-class team here."
    evidence = {
        "a": [
            _span(text, "truly world-class", "intensifiers"),
            _span(text, "world-class", "puffery"),
            Evidence("readability", "long_sentence", 0, len(text), text),
        ]
    }
    page = _render(_articles({"id": "a", "text": text}), evidence)
    body = page[page.index('<div class="article-text">') :]
    assert body.startswith(
        '<div class="article-text"><mark class="cat-long_sentence" data-cats="long_sentence" '
        f'title="{LONG_SENTENCE}">We have a </mark>'
    )
    assert (
        '<mark class="cat-intensifiers cat-long_sentence" data-cats="intensifiers long_sentence" '
        f'title="{INTENSIFIERS}; {LONG_SENTENCE}">truly </mark>'
    ) in body
    assert (
        '<mark class="cat-puffery cat-intensifiers cat-long_sentence" data-cats="puffery intensifiers long_sentence" '
        f'title="{PUFFERY}; {INTENSIFIERS}; {LONG_SENTENCE}">world-class</mark>'
    ) in body
    assert '> team here.</mark></div>' in body


def test_malformed_evidence_is_clipped_or_skipped():
    text = "Short text."
    evidence = {"a": [Evidence("promotional", "puffery", 6, 999, "text."), Evidence("hedging", "hedge", 5, 5, ""),
                      Evidence("hedging", "hedge", 8, 3, "x"), ("broken",)]}
    page = _render(_articles({"id": "a", "text": text}), evidence)
    assert f'<mark class="cat-puffery" data-cats="puffery" title="{PUFFERY}">text.</mark>' in page
    assert "cat-hedge" not in page


def test_legend_has_every_category_used():
    text = "Truly the best deal, sources said, and it may rise 40% if you buy now!"
    evidence = {
        "a": [
            _span(text, "Truly", "intensifiers"),
            _span(text, "the best", "superlatives"),
            _span(text, "sources said", "anonymous_attribution", "sourcing"),
            _span(text, "may", "hedge", "hedging"),
            _span(text, "40%", "figure", "sourcing"),
            _span(text, "you", "second_person"),
            _span(text, "buy now", "user_buzzwords"),
            Evidence("readability", "long_sentence", 0, len(text), text),
        ]
    }
    page = _render(_articles({"id": "a", "text": text}), evidence)
    legend = page[page.index('<div class="legend"') : page.index("</div></div>", page.index('<div class="legend"'))]
    in_legend = set(re.findall(r'data-cat="([^"]+)"', legend))
    used = {span.category for span in evidence["a"]}
    assert in_legend == used
    for category in used:
        assert f"mark.cat-{category}" in page  # each has a colour
    assert f'title="{INTENSIFIERS}"' in legend  # hover: the category in words and what it means
    assert 'title="user buzzwords: counted by the promotional extractor"' in legend


def test_flagged_blocks_are_boxed_with_their_kind():
    text = (
        "The deal was signed on Monday, the companies said.\n\n"
        "Tags:\nOpenAI, Foxconn, AI hardware, partnership\n\n"
        "Viral Phrases:\n- \"The future is here\"\n- \"A match made in heaven\"\n\n"
        "Leave a Reply\nWant to join the discussion?\n"
    )
    evidence = {"a": [_span(text, "The future is here", "puffery")]}
    page = _render(_articles({"id": "a", "text": text}), evidence)
    for label in ("tags", "viral phrases", "comment prompt"):
        assert f'<span class="flagged-label">flagged block: {label}</span>' in page
    box = page[page.index('flagged-label">flagged block: viral phrases') :]
    box = box[: box.index("</div>")]
    assert f'title="{PUFFERY}">The future is here</mark>' in box  # highlights inside a box
    assert "The deal was signed" not in box


def test_block_evidence_is_boxed_too():
    text = "First line of the story.\nSource link\n"
    start = text.index("Source link")
    evidence = {"a": [Evidence("promotional", "block:source_link", start, start + 11, "Source link"),
                      Evidence("promotional", "promotional_block", 0, 5, "First")]}
    page = _render(_articles({"id": "a", "text": text}), evidence)
    assert "flagged block: page furniture (source link)" in page
    assert "flagged block: promotional block" in page
    assert "cat-promotional_block" not in page and "cat-block" not in page


# --------------------------------------------------------------------------- missing values and sizes

def test_one_article_no_evidence_no_model_no_ranking():
    articles = _articles({"id": "only", "text": "Just one article.", "promotional_probability": np.nan})
    page = _render(articles, {}, None, None, {})
    assert "No model was given" in page
    assert "One article only" in page
    assert "promotional probability</dt>" not in page
    assert "No source ranking was given" in page
    assert "No evidence was highlighted" in page
    assert "No model card was given" in page


def test_nan_probabilities_hide_probability_parts_and_use_the_score():
    text = "The council met on Tuesday to discuss the Elm Street library budget for next year."
    articles = _articles(
        {"id": "a", "source": "Gazette", "text": text, "promotional_probability": np.nan, "promotional_score": 0.9,
         "promotional__puffery_per_1k": 12.0},
        {"id": "b", "source": "Herald", "text": text + " Officials said.", "promotional_probability": np.nan,
         "promotional_score": 0.1, "promotional__puffery_per_1k": 0.0},
    )
    contributions = pd.DataFrame({FEATURES[0]: [1.0, -1.0]}, index=["a", "b"])
    ranking = pd.DataFrame(
        {"source": ["Gazette", "Herald"], "n_articles": [1, 1], "mean_probability": [np.nan, np.nan],
         "ci_low": [np.nan, np.nan], "ci_high": [np.nan, np.nan], "promotional_score": [0.9, 0.1],
         "hedging_score": [0.2, 0.3], "sourcing_score": [np.nan, 0.5], "readability_score": [9.0, 10.0],
         "warning": [None, None]}
    )
    page = _render(articles, {}, contributions, ranking)
    assert "No model was given" in page
    assert "promotional probability</dt>" not in page
    assert "Why this probability" not in page
    assert "not ranked by probability" in page
    assert "mean promotional probability" not in page
    assert "Most promotional:</strong> #1 Gazette" in page
    assert (
        "(promotional score 0.90, no model), because of its higher puffery (12.0 per 1,000 words; story average 6.0)."
    ) in page
    assert (
        "(promotional score 0.10, no model), because of its lower puffery (0.0 per 1,000 words; story average 6.0)."
    ) in page
    assert not re.search(r"\bnan\b", page, flags=re.IGNORECASE)


def test_verdicts_name_the_top_contributions_in_words():
    base = "Harbor Valley Power will test grid batteries at two substations in Millbrook this summer. "
    articles = _articles(
        {"id": "wire", "source": "Wire", "title": "Utility to test batteries", "text": base,
         "promotional_probability": 0.1, "sourcing__quotes_per_1k": 8.0},
        {"id": "hype", "source": "Hype Daily", "title": "Battery Revolution!", "text": base + "Amazing!",
         "promotional_probability": 0.9, "promotional__puffery_per_1k": 12.0},
    )
    contributions = pd.DataFrame(
        {FEATURES[0]: [-0.2, 2.0], FEATURES[1]: [-1.5, 0.1], FEATURES[2]: [0.3, 0.5], "hedging__hedges_per_1k": [0, 0]},
        index=["wire", "hype"],
    )
    page = _render(articles, {}, contributions)
    assert (
        "<strong>Most promotional:</strong> #2 Hype Daily — “Battery Revolution!” (promotional probability 90%), "
        "because of its puffery (12.0 per 1,000 words) and its quotes (1.0 per 1,000 words)."
    ) in page
    assert (
        "<strong>Most newsy:</strong> #1 Wire — “Utility to test batteries” (promotional probability 10%), "
        "because of its quotes (8.0 per 1,000 words) and its puffery (1.0 per 1,000 words)."
    ) in page
    assert page.count("Why this probability") == 2


def test_many_articles_keep_the_page_usable():
    topics = ["bridge", "bakery", "library", "election", "harbor", "stadium"]
    rows = [
        {"id": f"a{i}", "source": f"Outlet {i % 7}",
         "text": f"Story about the {topics[i % 6].title()} in Town{i % 6} said officials. " * 20,
         "promotional_probability": (i % 10) / 10}
        for i in range(33)
    ]
    page = _render(_articles(*rows))
    assert page.count('<article class="panel"') == 33
    stories = re.findall(r'<details class="story" id="story-\d+"( open)?>', page)
    assert len(stories) == 6
    assert stories[0] == " open" and stories[1:] == [""] * 5  # only the first story starts open
    assert "pairs of articles share passages</summary>" in page  # long lists of near-copies fold away


def test_very_long_text_is_rendered_whole_in_a_scrolling_panel():
    text = "word " * 40_000 + "THE END"
    page = _render(_articles({"id": "long", "text": text}))
    assert "THE END</div></article>" in page
    assert ".article-text {" in page and "overflow-y: auto" in page


# --------------------------------------------------------------------------- stories

BRIDGE = (
    "Riverton will close the Mill Street bridge for six weeks from Monday while engineers replace its deck, "
    "the city's transport department said. Drivers will be sent over the Canal Road crossing."
)
BRIDGE_2 = (
    "The Mill Street bridge in Riverton shuts on Monday for repairs to its deck. Transport officials "
    "expect the work to take six weeks and advise drivers to use Canal Road."
)
BAKERY = (
    "Crumb & Co, the Portland bakery chain, launches a sourdough subscription on Friday. Customers can "
    "collect a loaf each week from any of its nine shops, the company said."
)
BAKERY_2 = (
    "Portland's Crumb & Co is betting on sourdough: its new weekly subscription, available from Friday, "
    "lets customers pick up a loaf at any of the chain's nine bakeries."
)


def _story_sections(page: str) -> list[str]:
    return re.findall(r'<details class="story".*?</article></div></details>', page, flags=re.DOTALL)


def test_mixed_folder_is_grouped_into_stories_and_by_source():
    articles = _articles(
        {"id": "bridge-b", "source": "Zeta News", "text": BRIDGE},
        {"id": "bakery-a", "source": "Alpha Post", "text": BAKERY},
        {"id": "bridge-a", "source": "Alpha Post", "text": BRIDGE_2},
        {"id": "bakery-b", "source": "Beta Times", "text": BAKERY_2},
        {"id": "bridge-c", "source": "Zeta News", "text": BRIDGE + " More later."},
    )
    page = _render(articles)
    sections = _story_sections(page)
    assert len(sections) == 2
    ids = [re.findall(r'<div class="meta">id: ([^<]+)</div>', section) for section in sections]
    assert ids == [["bridge-a", "bridge-b", "bridge-c"], ["bakery-a", "bakery-b"]]  # by source within a story
    assert "3 articles, 2 sources" in sections[0] and "2 articles, 2 sources" in sections[1]


def test_shared_passages_from_a_press_release_are_shown():
    release = (
        "Harbor Valley Power today announced a pilot of grid batteries at two substations. "
        "The batteries will store up to 40 megawatt-hours, enough to supply about 6,000 homes for four hours. "
        "The project will cost $38 million, of which $12 million comes from a federal grant."
    )
    story = (
        "MILLBROOK - Harbor Valley wants to test batteries at two substations this summer. "
        "The batteries will store up to 40 megawatt-hours, enough to supply about 6,000 homes for four hours. "
        "Advocates were cautious. "
        "The project will cost $38 million, of which $12 million comes from a federal grant."
    )
    articles = _articles(
        {"id": "hv-press-release", "source": "Harbor Valley Power", "text": release},
        {"id": "wire-1", "source": "Millbrook Wire", "text": story},
    )
    page = _render(articles)
    assert "#2 Millbrook Wire copied from the press release #1 Harbor Valley Power: 2 passages, 32 words" in page
    assert '<span class="release-badge">press release</span>' in page
    marks = re.findall(r'<mark class="cat-shared_passage"[^>]*>([^<]*)</mark>', page)
    copied = "The batteries will store up to 40 megawatt-hours, enough to supply about 6,000 homes for four hours"
    assert marks.count(copied) == 2
    assert 'data-cat="shared_passage"' in page  # in the legend


def test_is_release_column_and_dates_set_the_direction():
    first = "Officials said the new Riverton bridge will open to traffic in the spring of next year, ahead of plan."
    second = "Riverton news: officials said the new Riverton bridge will open to traffic in the spring of next year."
    articles = _articles(
        {"id": "x", "text": first, "source": "Alpha", "date": "2025-05-02"},
        {"id": "y", "text": second, "source": "Beta", "date": "2025-05-01"},
    )
    assert "#1 Alpha copied from the earlier article #2 Beta" in _render(articles)
    assert "copied from the press release #1 Alpha" in _render(articles.assign(is_release=[True, False]))
    assert "#1 Alpha and #2 Beta share 1 passage" in _render(articles.drop(columns="date"))


def test_a_statement_both_outlets_quote_is_listed_apart_and_not_painted_as_copying():
    statement = "“We will keep every branch open and no one will lose their job this year,”"
    articles = _articles(
        {"id": "a", "source": "Alpha", "text": f"The bank's chief spoke on Tuesday in Leeds. {statement} she said."},
        {"id": "b", "source": "Beta", "text": f"Unions asked about closures in Leeds. {statement} said Maria Lopez."},
    )
    page = _render(articles)
    assert "Quoted by both (one source quoted, not copying)" in page
    assert "#1 Alpha and #2 Beta quote the same source: 1 passage" in page
    assert "Shared passages (churnalism)" not in page
    assert 'class="cat-shared_passage"' not in page


def test_dated_articles_months_apart_are_separate_stories():
    articles = _articles(
        {"id": "march", "source": "Alpha", "text": BRIDGE, "date": "2025-03-01"},
        {"id": "march-2", "source": "Beta", "text": BRIDGE_2, "date": "2025-03-02"},
        {"id": "june", "source": "Gamma", "text": BRIDGE + " More later.", "date": "2025-06-20"},
    )
    assert len(_story_sections(_render(articles.drop(columns="date")))) == 1
    sections = _story_sections(_render(articles))
    assert [re.findall(r'<div class="meta">id: ([^<]+)</div>', section) for section in sections] == [
        ["march", "march-2"],
        ["june"],
    ]


# --------------------------------------------------------------------------- ranking and methods

def test_ranking_table_chart_and_methods():
    articles = _articles({"id": "a", "source": "Wire", "text": "A plain article about the council."})
    ranking = pd.DataFrame(
        {"source": ["Wire", "Hype"], "n_articles": [12, 1], "mean_probability": [0.12, 0.83], "ci_low": [0.05, 0.4],
         "ci_high": [0.2, 0.99], "promotional_score": [0.1, 0.9], "hedging_score": [0.3, 0.1],
         "sourcing_score": [0.8, 0.1], "readability_score": [11.2, 8.4],
         "warning": [None, "only 1 article: too few to rank"]}
    )
    page = _render(articles, ranking=ranking)
    ranking_section = page[page.index('<section id="ranking">') : page.index('<section id="stories">')]
    assert "<svg" in ranking_section
    assert '<td class="num">12%</td><td class="num">5% – 20%</td>' in ranking_section
    assert "only 1 article: too few to rank" in ranking_section
    methods_section = page[page.index('<section id="methods">') :]
    assert "how much the text sells" in methods_section
    assert '<th scope="row">test accuracy</th><td class="num">0.912</td>' in methods_section
    assert "hand-collected, 2025" in methods_section
    assert f"above {0.2}" in methods_section


def test_inputs_are_not_modified_and_output_is_deterministic():
    articles = _articles({"id": "a", "text": "One. Two."}, {"id": "b", "text": "Three. Four."})
    before = articles.copy()
    assert _render(articles) == _render(articles)
    pd.testing.assert_frame_equal(articles, before)


def test_rejects_non_frames():
    with pytest.raises(TypeError, match="DataFrame"):
        render_report([{"id": "a", "text": "x"}], {}, None, None, {})
    with pytest.raises(ValueError, match="'text'"):
        render_report(pd.DataFrame({"id": ["a"]}), {}, None, None, {})


def test_score_formatting_handles_missing_columns():
    page = render_report(pd.DataFrame({"id": ["a"], "text": ["x y z"]}), {}, None, None, {})
    assert math.isfinite(len(page)) and "x y z" in page
    # no model and no scores: the score cells are left out (not shown as dashes) and the page says why
    assert "hedging score</dt>" not in page and "No model was used: this report shows the evidence" in page
    with_one = render_report(pd.DataFrame({"id": ["a"], "text": ["x y z"], "promotional_score": [0.4]}),
                             {}, None, None, {})
    assert "promotional score</dt><dd>0.40</dd>" in with_one and "hedging score</dt><dd>—</dd>" in with_one


# --------------------------------------------------------------------------- what starts highlighted, verdict words

HYPE = "We built a world-class and game-changing grid. Officials said the 40 batteries may help, Ana Ruiz said."
PLAIN = "Officials said the 40 batteries may help the grid next year, Ana Ruiz said at a briefing on Monday."


def _verdict_story(contributions: dict) -> str:
    articles = _articles(
        {"id": "hype", "source": "Hype Daily", "text": HYPE, "promotional_probability": 0.9,
         "promotional__puffery_per_1k": 12.0, "sourcing__named_attribution_share": 1.0,
         "promotional__promotional_block_share": 0.25, "promotional__positivity": 110.0,
         "hedging__hedge_booster_ratio": 0.5},
        {"id": "plain", "source": "Wire", "text": PLAIN, "promotional_probability": 0.1,
         "promotional__puffery_per_1k": 0.0, "sourcing__named_attribution_share": 1.0},
    )
    evidence = {
        "hype": [_span(HYPE, "world-class", "puffery"), _span(HYPE, "game-changing", "puffery"),
                 _span(HYPE, "may", "hedge", "hedging"), _span(HYPE, "40", "figure", "sourcing"),
                 _span(HYPE, "Ana Ruiz said", "named_attribution", "sourcing"),
                 _span(HYPE, "world-class", "long_word", "readability"),
                 Evidence("readability", "long_sentence", 0, 46, HYPE[:46])],
        "plain": [_span(PLAIN, "may", "hedge", "hedging"),
                  _span(PLAIN, "Ana Ruiz said", "named_attribution", "sourcing")],
    }
    return _render(articles, evidence, pd.DataFrame(contributions, index=["hype", "plain"]))


def test_verdicts_cite_evidence_with_units_never_formulas_or_ratios():
    page = _verdict_story({
        "readability__flesch_kincaid_grade": [5.0, -5.0], "hedging__hedge_booster_ratio": [4.0, -4.0],
        "promotional__positivity": [3.0, -3.0], "promotional__puffery_per_1k": [2.0, -2.0],
        "sourcing__named_attribution_share": [1.0, -1.0], "promotional__promotional_block_share": [0.5, 0.0],
    })
    verdicts = " ".join(re.findall(r'<li class="verdict-[a-z]+"[^>]*>(.*?)</li>', page))
    assert (
        "because of its puffery (12.0 per 1,000 words: “world-class”, “game-changing”), "
        "its named attributions (100% of its attributions: “Ana Ruiz said”) and "
        "its words inside flagged promotional blocks (25% of its words)."
    ) in verdicts
    assert "because of no puffery (" not in verdicts and "because of no puffery" in verdicts  # zero, in words
    for formula in ("Flesch", "ratio", "positivity", "share", "grade"):
        assert formula not in verdicts


def test_quiet_defaults_show_the_evidence_behind_the_verdicts():
    page = _verdict_story({"promotional__puffery_per_1k": [2.0, -2.0], "sourcing__figures_per_1k": [0.0, 0.0]})
    root = re.search(r'<html lang="en" class="([^"]*)">', page).group(1).split()
    assert set(root) == {"hide-hedge", "hide-figure", "hide-named_attribution", "hide-long_word", "hide-long_sentence"}
    legend = dict(re.findall(r'data-cat="([^"]+)" aria-pressed="(true|false)"', page))
    assert legend["puffery"] == "true" and legend["long_sentence"] == "false"
    assert 'data-cites="puffery"' in page
    # Each category paints only while the root does not hide it, so a mark of several shows only the visible ones.
    assert "html:not(.hide-puffery) mark.cat-puffery, .legend-item.cat-puffery .swatch {" in page
    assert ".muted" not in page and 'class="muted' not in page


def test_without_verdicts_only_quiet_and_readability_marks_start_off():
    text = "A world-class plan may work, officials said."
    evidence = {"a": [_span(text, "world-class", "puffery"), _span(text, "world-class", "long_word", "readability"),
                      _span(text, "may", "hedge", "hedging")]}
    page = _render(_articles({"id": "a", "text": text}), evidence)
    assert re.search(r'<html lang="en" class="([^"]*)">', page).group(1) == "hide-long_word"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("```html\n<div class=\"x\">y</div>\n```\nMayor resigns after budget vote\n\nThe mayor quit.",
         "Mayor resigns after budget vote"),
        ("Printed from: https://example.org/story\n\nMayor resigns after budget vote\n\nThe mayor quit.",
         "Mayor resigns after budget vote"),
        ("Share this:\n\n# Mayor resigns after budget vote\n\nThe mayor quit.", "Mayor resigns after budget vote"),
        ("   \n\n", "(untitled)"),
    ],
)
def test_titles_skip_page_furniture_and_code_fences(text, title):
    page = _render(_articles({"id": "a", "text": text}))
    assert f"<h4>{title}</h4>" in page
    assert f"Story 1: {title} " in page


def test_a_metadata_title_wins_and_a_long_first_line_is_cut():
    assert "<h4>Given title</h4>" in _render(_articles({"id": "a", "title": "Given title", "text": "Other line\n\nx"}))
    long_line = "Word " * 40 + "\n\nBody."
    assert f"<h4>{('Word ' * 40)[:89]}…</h4>" in _render(_articles({"id": "a", "text": long_line}))


def test_unsourced_articles_are_each_their_own_ranked_row():
    from hypedetect.ranking import rank_sources

    articles = _articles(
        {"id": "a.txt", "source": None, "text": BRIDGE, "promotional_probability": 0.2},
        {"id": "b.txt", "source": None, "text": BAKERY, "promotional_probability": 0.8},
        {"id": "c.txt", "source": "Wire", "text": BRIDGE_2, "promotional_probability": 0.1},
    )
    page = _render(articles, ranking=rank_sources(articles))
    ranking_section = page[page.index('<section id="ranking">') : page.index('<section id="stories">')]
    names = re.findall(r'<td class="name">([^<]*)</td>', ranking_section)
    assert sorted(names) == ["Wire", "a.txt (no source)", "b.txt (no source)"]


def test_unsourced_articles_of_one_story_count_as_separate_sources():
    articles = _articles(
        {"id": "march.txt", "source": None, "text": BRIDGE},
        {"id": "june.txt", "source": None, "text": BRIDGE + " More later."},
    )
    page = _render(articles)
    assert "2 articles, 2 sources" in page
    assert "1 source" not in page
    assert '<span class="source">march.txt (no source)</span>' in page
