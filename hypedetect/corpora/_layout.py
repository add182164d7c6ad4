"""The one layout every cleaned text ends in: paragraphs split by a blank line, single spaces.

Shared by the cleaning steps, which split a text into paragraphs, drop or edit
some and join the rest again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")
SPACES_RE = re.compile(r"  +")
_TERMINAL = ".!?:;\"')]”’»…"
_WRAPPED_NEWLINE_RE = re.compile(r"\n(?<=[^\s" + re.escape(_TERMINAL) + r"]\n)(?=[a-z])")


def paragraphs(text: str) -> list[str]:
    """The non-blank paragraphs of ``text``.

    Examples
    --------
    >>> paragraphs("One.\\n\\n  \\n\\nTwo.")
    ['One.', 'Two.']
    """
    return [part for part in PARAGRAPH_BREAK_RE.split(text) if part and not part.isspace()]


def join_paragraphs(parts: Sequence[str]) -> str:
    """Paragraphs joined by one blank line."""
    return "\n\n".join(parts)


def collapse_layout(text: str) -> str:
    """Single spaces, wrapped lines joined, one blank line between paragraphs (no odd spaces expected).

    A newline inside a sentence (the line does not end one and the next starts
    in lower case) becomes a space; any other newline a paragraph break.

    Examples
    --------
    >>> collapse_layout("The plan was\\nwelcomed.\\nIt  starts. ")
    'The plan was welcomed.\\n\\nIt starts.'
    """
    if "  " in text:
        text = SPACES_RE.sub(" ", text)
    text = text.replace(" \n", "\n").replace("\n ", "\n").strip()
    text = _WRAPPED_NEWLINE_RE.sub(" ", text)
    return "\n\n".join(filter(None, text.split("\n")))
