"""End to end: the report of the shared examples, opened in headless Chromium.

The report is built from ``$HYPEDETECT_EXAMPLES/*.txt``, the demo promotional
rewrite and one hostile article, with synthetic (seeded) numbers and evidence
so that this test does not depend on the extractors or the model. Chromium is
Debian's (``.ci/install-browser``), driven by Playwright through
``executable_path``, so no browser download is needed. The test skips when
Chromium or Playwright is missing, and fails instead when ``CI=true``.
Set ``HYPEDETECT_SAVE_SCREENSHOT`` to keep ``reports/screenshot.png``.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hypedetect.document import parse
from hypedetect.extractors.base import Evidence
from hypedetect.report import render_report

from .._shared import REPO, require_examples

CHROMIUM = Path(os.environ.get("HYPEDETECT_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE_TEXT = (
    "Breaking: a hostile article\n\n"
    "<script>window.__pwned=1</script>\n"
    '<img src=x onerror="window.__pwned=2">\n'
    '<a href="javascript:window.__pwned=3">x</a>\n\n'
    "This text tries to run code. None of it may run."
)
HOSTILE_ID = '<img src=x onerror="window.__pwned=5">'
HOSTILE_URL = "javascript:window.__pwned=4"

# Synthetic evidence: a few phrases per category, enough to exercise the highlighting.
PHRASES = {
    ("promotional", "puffery"): r"groundbreaking|game-changing|world-class|cutting-edge|unparalleled|visionary",
    ("promotional", "hype_adjectives"): r"revolutioni[sz]e\w*|revolutionary|transformative|bold",
    ("promotional", "superlatives"): r"most \w+|best-in-class|leading",
    ("promotional", "exclamation"): r"!",
    ("hedging", "hedge"): r"\b(?:may|might|could|potentially)\b",
    ("sourcing", "figure"): r"\$?\d[\d,.]*%?",
    ("sourcing", "named_attribution"): r"the companies said|said \w+ \w+",
    ("promotional", "positive_word"): r"\b(?:powerful|exciting|brighter)\b",
}


def _require_browser() -> None:
    reason = None
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM}; run .ci/install-browser (or set HYPEDETECT_CHROMIUM)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed (pip install playwright; no browser download needed)"
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must not skip)")
    pytest.skip(reason)


def _evidence(text: str) -> list[Evidence]:
    doc = parse(text)
    found = [
        Evidence(dimension, category, m.start(), m.end(), m.group())
        for (dimension, category), pattern in PHRASES.items()
        for m in re.finditer(pattern, text, flags=re.IGNORECASE)
    ]
    found += [Evidence("sourcing", "quote", q.start, q.end, text[q.start : q.end]) for q in doc.quotes]
    found += [
        Evidence("readability", "long_sentence", s.start, s.end, text[s.start : s.end])
        for s in doc.sentences
        if doc.words_between(s.start, s.end) > 30
    ]
    found += [
        Evidence("promotional", "promotional_block", b.start, b.end, text[b.start : b.end])
        for b in doc.blocks
        if b.kind in {"viral_phrases", "tags"}
    ]
    return found


def _inputs(examples: Path):
    files = sorted(examples.glob("*.txt")) + [REPO / "corpora" / "demo" / "promotional_rewrite.txt"]
    rng = np.random.default_rng(20251122)
    rows = []
    for path in files:
        text = path.read_text("utf-8")
        rows.append({"id": path.name, "source": f"{path.parent.name}/{path.stem}", "title": None,
                     "url": f"https://example.org/{path.stem}", "text": text})
    rows.append({"id": HOSTILE_ID, "source": "<script>window.__pwned=6</script>",
                 "title": '<img src=x onerror="window.__pwned=7">', "url": HOSTILE_URL, "text": HOSTILE_TEXT})
    articles = pd.DataFrame(rows)
    n = len(articles)
    articles["promotional_probability"] = rng.uniform(0.05, 0.95, n)
    for dimension in ("promotional", "hedging", "sourcing", "readability"):
        articles[f"{dimension}_score"] = rng.uniform(0, 1, n)
    articles["status"] = "ok"
    features = ["promotional__puffery_per_1k", "promotional__exclamation_per_1k", "hedging__hedges_per_1k",
                "sourcing__quotes_per_1k", "sourcing__named_attribution_per_1k", "readability__flesch_kincaid_grade"]
    for feature in features:
        articles[feature] = rng.uniform(0, 20, n)
    contributions = pd.DataFrame(rng.normal(0, 1, (n, len(features))), index=articles["id"], columns=features)
    evidence = {row.id: _evidence(row.text) for row in articles.itertuples()}
    ranking = pd.DataFrame(
        {
            "source": articles["source"],
            "n_articles": 1,
            "mean_probability": articles["promotional_probability"],
            "ci_low": (articles["promotional_probability"] - 0.2).clip(0, 1),
            "ci_high": (articles["promotional_probability"] + 0.2).clip(0, 1),
            **{f"{d}_score": articles[f"{d}_score"] for d in ("promotional", "hedging", "sourcing", "readability")},
            "warning": "only 1 article: too few to rank",
        }
    )
    methods = {
        "dimensions": {"promotional": "selling language", "hedging": "softened claims",
                       "sourcing": "who says so", "readability": "how hard it is to read"},
        "model_card": {"note": "synthetic numbers for the browser test"},
        "lexicons": [{"name": "synthetic", "provenance": "tests/report/test_browser.py"}],
    }
    return articles, evidence, contributions, ranking, methods


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Render the report, open it in Chromium, and record what happened."""
    _require_browser()
    examples = require_examples()
    from playwright.sync_api import sync_playwright

    html = render_report(*_inputs(examples), title="hypedetect: shared examples")
    page_path = tmp_path_factory.mktemp("report") / "report.html"
    page_path.write_text(html, "utf-8")
    record = {"console": [], "page_errors": [], "requests": [], "dialogs": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("console", lambda message: record["console"].append((message.type, message.text)))
            page.on("pageerror", lambda error: record["page_errors"].append(str(error)))
            page.on("request", lambda request: record["requests"].append(request.url))
            page.on("dialog", lambda dialog: (record["dialogs"].append(dialog.message), dialog.dismiss()))
            # Anything but the page itself is recorded above, then refused, so the test never reaches the network.
            page.route(re.compile(r"^(?!file://).*"), lambda route: route.abort())
            page.goto(page_path.as_uri(), wait_until="load")
            record["screenshot"] = page.screenshot(full_page=True)
            record["before_clicks"] = page.evaluate("typeof window.__pwned")
            record["javascript_links"] = page.locator('a[href^="javascript:" i]').count()
            record["images"] = page.locator("img").count()
            record["scripts"] = page.locator("script").count()
            # Click everything the hostile article shows: its text, its URL, its title.
            hostile = page.locator("article.panel").filter(has_text="window.__pwned=3")
            record["hostile_panels"] = hostile.count()
            hostile.get_by_text("javascript:window.__pwned=3").first.click()
            hostile.get_by_text(HOSTILE_URL).first.click()
            hostile.locator("h4").first.click()
            for link in hostile.locator("a").all():
                link.click()
            record["after_clicks"] = page.evaluate("typeof window.__pwned")
            # The page's own script runs (its hash is in the CSP): a legend entry switches highlighting off.
            button = page.locator('button.legend-item[data-cat="puffery"]')
            button.click()
            record["legend_pressed"] = button.get_attribute("aria-pressed")
            record["puffery_only"] = page.locator('mark[data-cats="puffery"]').count()
            record["puffery_only_muted"] = page.locator('mark[data-cats="puffery"].muted').count()
            record["puffery_and_more_muted"] = page.locator('mark.cat-puffery:not([data-cats="puffery"]).muted').count()
            record["text_panels_scroll"] = page.evaluate(
                "Array.from(document.querySelectorAll('.article-text'))"
                ".some(e => e.scrollHeight > e.clientHeight && getComputedStyle(e).overflowY === 'auto')"
            )
            record["url"] = page.url
        finally:
            browser.close()
    record["page_uri"] = page_path.as_uri()
    if os.environ.get("HYPEDETECT_SAVE_SCREENSHOT"):
        target = REPO / "reports" / "screenshot.png"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(record["screenshot"])
    return record


def test_page_loads_without_console_errors(loaded):
    assert loaded["page_errors"] == []
    assert [text for kind, text in loaded["console"] if kind in {"error", "warning"}] == []


def test_page_makes_no_network_request(loaded):
    assert loaded["requests"] == [loaded["page_uri"]]


def test_screenshot_is_not_blank(loaded):
    image_module = pytest.importorskip("PIL.Image")
    image = image_module.open(io.BytesIO(loaded["screenshot"])).convert("L")
    pixels = np.asarray(image, dtype=float)
    assert pixels.shape[0] > 1000  # the whole page, not one empty screen
    assert pixels.std() > 10.0
    assert len(np.unique(pixels)) > 50


def test_hostile_article_runs_nothing(loaded):
    assert loaded["hostile_panels"] == 1
    assert loaded["before_clicks"] == "undefined"
    assert loaded["after_clicks"] == "undefined"
    assert loaded["dialogs"] == []
    assert loaded["javascript_links"] == 0
    assert loaded["images"] == 0
    assert loaded["scripts"] == 1
    assert loaded["url"] == loaded["page_uri"]  # no click navigated away


def test_the_pages_own_script_runs(loaded):
    assert loaded["legend_pressed"] == "false"
    assert loaded["puffery_only"] > 0
    assert loaded["puffery_only_muted"] == loaded["puffery_only"]
    assert loaded["puffery_and_more_muted"] == 0  # still highlighted by its other categories


def test_long_articles_scroll_inside_their_panel(loaded):
    assert loaded["text_panels_scroll"] is True
