"""Reading an HTML page: its main text through trafilatura, and its title, outlet, address and date.

trafilatura takes about a second to load, so it is imported only when a page is read.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from hypedetect.errors import InputError

_VISIBLE_TEXT_WARNING = "no main article text found; used all visible text"


def read_html(data: str, where: str) -> dict[str, str | None]:
    """Extract the article text and its metadata from an HTML page.

    The main text comes from ``trafilatura.extract`` (never from the network),
    one paragraph a line, without the headline. ``<meta>`` tags (``og:title``,
    ``og:site_name``, ``og:url``, ``article:published_time``) and the canonical
    link win over what ``trafilatura.extract_metadata`` infers. When trafilatura
    finds no main text (for example, text nested deeper than lxml parses), all
    visible text outside scripts and styles is used, with a warning.

    Parameters
    ----------
    data : str
        The decoded page.
    where : str
        File name used in error messages.

    Returns
    -------
    dict
        Keys ``text``, ``title``, ``source``, ``url``, ``date`` and ``warning``;
        every value but ``text`` may be None.

    Raises
    ------
    InputError
        If the page has no article text at all.

    Examples
    --------
    >>> page = read_html(
    ...     '<html><head><meta property="og:site_name" content="The Daily"></head>'
    ...     "<body><p>The council approved the budget.</p></body></html>",
    ...     "page.html",
    ... )
    >>> page["text"], page["source"]
    ('The council approved the budget.', 'The Daily')
    """
    head = _scan_html(data[: _body_start(data)])
    metadata = _trafilatura_metadata(data)
    candidates = [head.meta.get("og:title"), metadata.get("title"), head.title]
    # An unclosed <title> swallows the page; what follows it is markup, not a headline.
    titles = [title for title in candidates if title and not _TAG_START.search(title)]
    title = next(iter(titles), None)
    text, warning = _trafilatura_text(data), None
    if not text:
        text, warning = _scan_html(data).visible_text(), _VISIBLE_TEXT_WARNING
    text = _drop_leading_title(text, titles)
    if not text:
        raise InputError(where, "no article text found in HTML")
    return {
        "text": text,
        "title": title,
        "source": head.meta.get("og:site_name") or metadata.get("sitename"),
        "url": head.meta.get("og:url") or head.canonical_url or metadata.get("url"),
        "date": head.meta.get("article:published_time") or metadata.get("date"),
        "warning": warning,
    }


_BODY_TAG = re.compile(r"<body[\s>/]", re.IGNORECASE)
_TAG_START = re.compile(r"</?[a-zA-Z]")
_META_KEYS = frozenset({"og:title", "og:site_name", "og:url", "article:published_time"})
_SKIPPED_TAGS = frozenset({"head", "script", "style", "noscript", "template", "title"})
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption footer h1 h2 h3 h4 h5 h6"
    " header hr li main nav ol p pre section table td th tr ul".split()
)


def _body_start(markup: str) -> int:
    match = _BODY_TAG.search(markup)
    return match.start() if match else len(markup)


class _PageScanner(HTMLParser):
    """Collect meta tags, the canonical link, the title and the visible text of a page.

    Python's own parser keeps no tree, so no depth of nesting or missing end tag
    can defeat it.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical_url: str | None = None
        self.title: str | None = None
        self._title_parts: list[str] | None = None
        self._open_skipped: Counter[str] = Counter()
        self._text_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            content = attributes.get("content", "").strip()
            if key in _META_KEYS and content:
                self.meta.setdefault(key, content)
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower().split():
            self.canonical_url = self.canonical_url or attributes.get("href", "").strip() or None
        elif tag == "title" and self.title is None:
            self._title_parts = []
        elif tag == "body":
            # A missing </head> or </title> ends where the body starts, as it would
            # in the markup the author meant.
            self._open_skipped["head"] = 0
            self._close_title()
        if tag in _SKIPPED_TAGS:
            self._open_skipped[tag] += 1
        if tag in _BLOCK_TAGS:
            self._text_parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._close_title()
        if tag in _SKIPPED_TAGS and self._open_skipped[tag] > 0:
            self._open_skipped[tag] -= 1
        if tag in _BLOCK_TAGS:
            self._text_parts.append("\n")

    def _close_title(self) -> None:
        if self._title_parts is not None:
            self.title = " ".join("".join(self._title_parts).split()) or None
            self._title_parts = None
        self._open_skipped["title"] = 0

    def handle_data(self, data: str) -> None:
        if self._title_parts is not None:
            self._title_parts.append(data)
        if not any(self._open_skipped.values()):
            self._text_parts.append(data)

    def close(self) -> None:
        super().close()
        self._close_title()  # a <title> still open at the end of the markup ends there

    def visible_text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self._text_parts).split("\n"))
        return "\n".join(line for line in lines if line)


def _scan_html(markup: str) -> _PageScanner:
    scanner = _PageScanner()
    try:
        scanner.feed(markup)
        scanner.close()
    except AssertionError:
        # html.parser asserts on some malformed "<![...]>" sections
        # (https://github.com/python/cpython/issues/77057); keep what was read.
        pass
    return scanner


def _trafilatura_text(markup: str) -> str | None:
    import trafilatura  # imported here: it takes a second to load, and only HTML needs it

    try:
        return trafilatura.extract(markup, include_comments=False, output_format="txt")
    except Exception:
        # trafilatura and lxml can fail on hostile markup; the caller falls back
        # to the visible text, so one bad page cannot stop a run.
        return None


def _trafilatura_metadata(markup: str) -> dict[str, str | None]:
    import trafilatura

    try:
        document = trafilatura.extract_metadata(markup)
    except Exception:
        # Same reason as in _trafilatura_text: metadata is optional.
        return {}
    if document is None:
        return {}
    return {name: getattr(document, name, None) for name in ("title", "sitename", "url", "date")}


def _drop_leading_title(text: str, titles: list[str]) -> str:
    """Remove the headline when trafilatura kept it as the first line of the text."""
    first_line, _, rest = text.strip().partition("\n")
    known_titles = {" ".join(title.split()).casefold() for title in titles}
    if " ".join(first_line.split()).casefold() in known_titles:
        return rest.strip()
    return text.strip()


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML page (it starts with ``<html`` or ``<!doctype html``)."""
    return text.lstrip()[:64].lower().startswith(("<!doctype html", "<html"))
