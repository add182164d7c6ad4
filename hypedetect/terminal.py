"""What the command line shows on a terminal: the score table fitted to its width, evidence marked in the text.

Formatting only, for :mod:`hypedetect.cli`; the library never imports it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from hypedetect.errors import terminal_safe

if TYPE_CHECKING:
    import pandas as pd

    from hypedetect.io import Record

#: The columns the default ``score`` table always shows, when they exist (scores and features follow as they fit).
TABLE_COLUMNS = ("id", "title", "source", "status", "promotional_probability", "release_probability",
                 "tone_probability", "loaded_language_rate")


def _cell(value: object) -> str:
    """One table cell: two decimals, ``-`` for missing, escape codes escaped, on one line."""
    if isinstance(value, float):
        text = "-" if value != value else f"{value:.2f}"
    else:
        text = "-" if value is None else terminal_safe(" ".join(str(value).split()))
    return text


def _short_name(column: str) -> str:
    """A column's table header: ``probability``, a dimension's name for its score, a feature without its prefix."""
    if column == "promotional_probability":
        return "probability"
    if column in ("release_probability", "tone_probability"):
        return column.removesuffix("_probability")
    if column == "loaded_language_rate":
        return "loaded_rate"
    if column.endswith("_score"):
        return column.removesuffix("_score")
    return column.split("__", 1)[-1]


#: The widest a text column is shown in the fitted table before its cells are cut.
TEXT_ROOM = {"id": 30, "title": 40, "source": 20, "status": 24}

#: The narrowest a text column is cut to.
MIN_TEXT_WIDTH = 6


def _natural_width(name: str, cells: list[str]) -> int:
    return max([len(name), *map(len, cells)])


def fitted_table(frame: pd.DataFrame, width: int) -> str:
    """Render rows as a table at most ``width`` characters wide: text left-aligned and cut, numbers right-aligned.

    The summary columns (id, source, title, status, the probability and its two faces,
    the loaded-language rate) always show; dimension scores, then feature columns,
    follow while they fit; then the text columns
    (title first) are cut to the room left, each cut cell ending in an ellipsis.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"id": ["a"], "title": ["A very long headline"], "promotional_probability": [0.5]})
    >>> print(fitted_table(rows, 24), end="")
    id  title    probability
    a   A very…         0.50
    """
    import pandas as pd

    cells = {c: [_cell(v) for v in frame[c].tolist()] for c in frame.columns}
    widths = {c: _natural_width(_short_name(c), cells[c]) for c in frame.columns}
    for column, room in TEXT_ROOM.items():
        if column in widths:
            widths[column] = min(widths[column], max(room, len(_short_name(column))))
    shown = [c for c in frame.columns if c in TABLE_COLUMNS]
    used = sum(widths[c] + 2 for c in shown)
    # Dimension scores take the room the text columns give up when cut; features only room left over.
    squeezed = used - sum(max(widths[c] - MIN_TEXT_WIDTH, 0) for c in shown if c in TEXT_ROOM)
    for column in (c for c in frame.columns if c.endswith("_score") and c not in shown):
        if squeezed + widths[column] + 2 <= width:
            shown.append(column)
            used += widths[column] + 2
            squeezed += widths[column] + 2
    for column in frame.columns:
        if column not in shown and used + widths[column] + 2 <= width:
            shown.append(column)
            used += widths[column] + 2
    columns = [c for c in frame.columns if c in shown]
    for column in ("title", "id", "source", "status"):
        excess = sum(widths[c] for c in columns) + 2 * (len(columns) - 1) - width
        if excess > 0 and column in columns:
            widths[column] = max(widths[column] - excess, MIN_TEXT_WIDTH)
    numeric = {c: pd.api.types.is_numeric_dtype(frame[c]) for c in columns}

    def line(values: dict[str, str]) -> str:
        return "  ".join(values[c].rjust(widths[c]) if numeric[c] else values[c].ljust(widths[c])
                         for c in columns).rstrip()

    rows = [line({c: _short_name(c)[: widths[c]] for c in columns})]
    for position in range(len(frame)):
        rows.append(line({c: _cut(cells[c][position], widths[c]) for c in columns}))
    return "\n".join(rows) + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _marked(text: str, spans, *, color: bool) -> str:
    """The text with word-level evidence marked: colours on a terminal, ``[[span|category]]`` otherwise.

    Sentence-long spans (claims, long sentences) and readability spans are listed below, not marked.
    """
    from hypedetect.features import DECLARATIONS

    colours = {d.name: d.terminal_colour for d in DECLARATIONS if d.terminal_colour}
    marks = sorted((s for s in spans if s.dimension in colours and s.end - s.start <= 80),
                   key=lambda s: (s.start, -s.end))
    out, position = [], 0
    for span in marks:
        if span.start < position:
            continue  # overlapping spans: the first, longest one is marked
        out.append(_shown(text[position : span.start]))
        piece = _shown(text[span.start : span.end])
        if color:
            out.append(click.style(piece, fg=colours[span.dimension], bold=True))
        else:
            out.append(f"[[{piece}|{span.category}]]")
        position = span.end
    out.append(_shown(text[position:]))
    return "".join(out)


def _shown(text: str) -> str:
    """Article text as a terminal may show it: its own escape codes escaped, lines and tabs kept."""
    return terminal_safe(text, keep="\n\t")


def _span_record(record_id: str, span) -> dict:
    """One evidence span as a JSON object."""
    return {"id": record_id, "kind": "span", "start": span.start, "end": span.end, "dimension": span.dimension,
            "category": span.category, "text": span.text}


def _flagged_blocks(text: str) -> list[dict]:
    """The blocks the parser flags (page furniture, boilerplate): what the report boxes, with their reason."""
    from hypedetect.document import parse

    return [{"start": block.start, "end": block.end, "reason": block.kind} for block in parse(text).blocks]


def explained_lines(record: Record, spans, fmt: str, *, color: bool, blocks: bool = True) -> list[str]:
    """The lines explaining one article: JSON objects, or the marked text and a span list."""
    blocks = _flagged_blocks(record.text) if blocks else []
    if fmt in ("json", "jsonl"):
        rows = [json.dumps(_span_record(record.id, s), ensure_ascii=False) for s in spans]
        return rows + [json.dumps({"id": record.id, "kind": "flagged_block", **b,
                                   "text": record.text[b["start"] : b["end"]]}, ensure_ascii=False) for b in blocks]
    lines = [f"# {terminal_safe(record.id)}: {len(spans)} spans",
             _marked(record.text, spans, color=color), ""]
    lines += [f"{s.start:>6}-{s.end:<6} {s.dimension:<12} {s.category:<24} {terminal_safe(repr(s.text[:60]))}"
              for s in spans]
    lines += [f"{b['start']:>6}-{b['end']:<6} {'flagged':<12} {b['reason']:<24} "
              f"{terminal_safe(repr(record.text[b['start']:b['end']][:60]))}" for b in blocks]
    return lines
