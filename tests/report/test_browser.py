"""End to end: the report of the shared examples, opened in headless Chromium.

The report is built from ``$HYPEDETECT_EXAMPLES/*.txt``, the demo promotional
rewrite and one hostile article, scored by the shipped model with the real
evidence and ranking (the whole pipeline, as ``hypedetect report`` runs it). Chromium is
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

from hypedetect.persistence import load_card, load_model
from hypedetect.report import build_report

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

LEGEND_STATE = (
    "Object.fromEntries(Array.from(document.querySelectorAll('button.legend-item[data-cat]'))"
    ".map(b => [b.dataset.cat, b.getAttribute('aria-pressed')]))"
)
# From computed styles: every property a highlight can paint, what an unpainted mark has, and for each mark
# whether it is painted by a category the legend has switched off.
MEASURE_PAINT = """() => {
  const props = ["backgroundColor", "backgroundImage", "boxShadow", "textDecorationLine", "borderBottomStyle"];
  const blank = {backgroundColor: "rgba(0, 0, 0, 0)", backgroundImage: "none", boxShadow: "none",
                 textDecorationLine: "none", borderBottomStyle: "none"};
  const paint = (element) => {
    const style = getComputedStyle(element);
    return Object.fromEntries(props.map((prop) => [prop, style[prop]]));
  };
  const off = new Set(), swatch = {};
  for (const button of document.querySelectorAll("button.legend-item[data-cat]")) {
    if (button.getAttribute("aria-pressed") === "false") off.add(button.dataset.cat);
    swatch[button.dataset.cat] = paint(button.querySelector(".swatch"));
  }
  const result = {marks: 0, all_hidden: 0, all_hidden_painted: 0, partly_hidden: 0,
                  painted_by_hidden_only: 0, visible_not_painted: 0, examples: []};
  for (const mark of document.querySelectorAll("mark[data-cats]")) {
    result.marks++;
    const cats = mark.dataset.cats.split(" ");
    const visible = cats.filter((cat) => !off.has(cat));
    const painted = paint(mark);
    if (visible.length === 0) {
      result.all_hidden++;
      if (props.some((prop) => painted[prop] !== blank[prop])) result.all_hidden_painted++;
      continue;
    }
    if (visible.length < cats.length) result.partly_hidden++;
    for (const prop of props) {
      const fromVisible = visible.some((cat) => swatch[cat] && swatch[cat][prop] !== blank[prop]);
      if (painted[prop] !== blank[prop] && !fromVisible) {
        result.painted_by_hidden_only++;
        if (result.examples.length < 5) result.examples.push([mark.dataset.cats, prop, painted[prop]]);
      }
      if (fromVisible && painted[prop] === blank[prop]) result.visible_not_painted++;
    }
  }
  return result;
}"""



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


def _articles(examples: Path) -> pd.DataFrame:
    """The shared examples, a demo rewrite and one hostile article (script in text, title, source, id, URL)."""
    files = sorted(examples.glob("*.txt")) + [REPO / "corpora" / "demo" / "promotional_rewrite.txt"]
    rows = [
        {"id": path.name, "source": f"{path.parent.name}/{path.stem}", "title": None,
         "url": f"https://example.org/{path.stem}", "text": path.read_text("utf-8")}
        for path in files
    ]
    rows.append({"id": HOSTILE_ID, "source": "<script>window.__pwned=6</script>",
                 "title": '<img src=x onerror="window.__pwned=7">', "url": HOSTILE_URL, "text": HOSTILE_TEXT})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Render the report, open it in Chromium, and record what happened."""
    _require_browser()
    examples = require_examples()
    from playwright.sync_api import sync_playwright

    # The real pipeline: the shipped model, the extractors' evidence, the pooled ranking.
    html = build_report(_articles(examples), load_model(), card=load_card(), title="hypedetect: shared examples")
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
            record["legend_at_load"] = page.evaluate(LEGEND_STATE)
            record["cited"] = page.evaluate(
                "Array.from(document.querySelectorAll('li[data-cites]'))"
                ".flatMap(li => li.dataset.cites.split(' ').filter(Boolean))"
            )
            record["paint_at_load"] = page.evaluate(MEASURE_PAINT)
            # The page's own script runs (its hash is in the CSP): a legend entry switches highlighting off.
            shown = [cat for cat, pressed in record["legend_at_load"].items()
                     if pressed == "true" and page.locator(f'mark[data-cats="{cat}"]').count()]
            record["switched_off"] = shown[0] if shown else None
            button = page.locator(f'button.legend-item[data-cat="{record["switched_off"]}"]')
            button.click()
            record["legend_pressed"] = button.get_attribute("aria-pressed")
            record["only_that_category"] = page.locator(f'mark[data-cats="{record["switched_off"]}"]').count()
            record["paint_one_off"] = page.evaluate(MEASURE_PAINT)
            for cat, pressed in page.evaluate(LEGEND_STATE).items():
                if pressed == "false":  # switch every category on: every mark is painted again
                    page.locator(f'button.legend-item[data-cat="{cat}"]').click()
            record["paint_all_on"] = page.evaluate(MEASURE_PAINT)
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
    assert loaded["switched_off"] is not None  # a category shown at load, with marks of its own
    assert loaded["legend_pressed"] == "false"
    # Switching it off unpainted at least the marks that are that category alone.
    assert loaded["only_that_category"] > 0
    assert (loaded["paint_one_off"]["all_hidden"]
            >= loaded["paint_at_load"]["all_hidden"] + loaded["only_that_category"])


@pytest.mark.parametrize("state", ["paint_at_load", "paint_one_off"])
def test_hidden_categories_are_never_painted(loaded, state):
    paint = loaded[state]
    assert paint["all_hidden"] > 0 and paint["partly_hidden"] > 0  # both cases occur on this page
    assert paint["all_hidden_painted"] == 0  # no visible highlight at all
    assert paint["painted_by_hidden_only"] == 0, paint["examples"]  # a partly hidden mark shows only the others
    assert paint["visible_not_painted"] == 0  # ... and does show those


def test_every_mark_is_painted_once_every_category_is_switched_on(loaded):
    paint = loaded["paint_all_on"]
    assert paint["all_hidden"] == 0 and paint["partly_hidden"] == 0
    assert paint["visible_not_painted"] == 0 and paint["marks"] == loaded["paint_at_load"]["marks"]


def test_readability_marks_start_off_and_the_evidence_behind_verdicts_on(loaded):
    legend = loaded["legend_at_load"]
    assert legend["long_word"] == "false" and legend["long_sentence"] == "false"
    cited = set(loaded["cited"]) & set(legend)  # a verdict may cite a rate of zero: no marks, no legend entry
    assert cited
    assert {cat for cat, pressed in legend.items() if pressed == "true"} <= cited | {"shared_passage"}
    assert all(legend[cat] == "true" for cat in cited if cat not in {"long_word", "long_sentence"})


def test_long_articles_scroll_inside_their_panel(loaded):
    assert loaded["text_panels_scroll"] is True
