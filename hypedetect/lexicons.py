"""Lexicons: package-data word lists, user overlays, and one-pass phrase matching.

A lexicon file is plain UTF-8, one entry a line. Lines starting with ``#`` are
comments; the first comment lines state the list's published provenance.
An entry is a word or a phrase (matched on whole word tokens, case-insensitive);
a trailing ``*`` on the last word matches any word with that prefix
(``revolutioni*``). The file name (without ``.txt``) is the category.

User lexicons extend the shipped ones: a user file named like a shipped
category adds entries to it; any other name becomes a new category that the
extractor reports as ``user_<name>``.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from hypedetect.errors import LexiconError

__all__ = [
    "Lexicon",
    "Match",
    "PhraseMatcher",
    "load_lexicon",
    "read_lexicon_file",
    "shipped_lexicon_names",
]

#: Limits for user-supplied lexicon files: they are data, never code.
MAX_LEXICON_BYTES = 2 * 1024 * 1024
MAX_ENTRY_CHARS = 200

# The same word pattern as hypedetect.document, plus a trailing "*" for prefixes.
_TOKEN_RE = re.compile(r"\w+(?:[-'’.]\w+|(?<=\d)[,:]\d+)*\*?")


@dataclass(frozen=True)
class Lexicon:
    """A named list of entries with its provenance.

    Attributes
    ----------
    name : str
        The category, e.g. ``"hedges"``.
    entries : tuple of str
        Lower-cased entries; a trailing ``*`` marks a prefix.
    provenance : str
        The header comment lines, joined.
    """

    name: str
    entries: tuple[str, ...]
    provenance: str = ""


class Match(tuple):
    """A lexicon hit: ``(category, first_token, end_token)``, end exclusive."""

    __slots__ = ()

    def __new__(cls, category: str, first: int, end: int) -> Match:
        return tuple.__new__(cls, (category, first, end))

    @property
    def category(self) -> str:
        return self[0]

    @property
    def first(self) -> int:
        return self[1]

    @property
    def end(self) -> int:
        return self[2]


def _parse_lines(text: str, where: str) -> tuple[tuple[str, ...], str]:
    entries, header = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if not entries:
                header.append(line.lstrip("# "))
            continue
        if len(line) > MAX_ENTRY_CHARS:
            raise LexiconError(where, f"line {number} is longer than {MAX_ENTRY_CHARS} characters")
        entries.append(" ".join(line.lower().replace("’", "'").split()))
    return tuple(dict.fromkeys(entries)), " ".join(header)


def read_lexicon_file(path: str | os.PathLike[str]) -> Lexicon:
    """Read a user lexicon file as data (UTF-8, size- and line-limited).

    Parameters
    ----------
    path : str or os.PathLike
        A ``.txt`` file, one entry a line.

    Returns
    -------
    Lexicon
        Named after the file stem.

    Raises
    ------
    LexiconError
        If the file is missing, too large, not UTF-8 or has over-long lines.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_LEXICON_BYTES:
            raise LexiconError(path, f"lexicon is {size} bytes, over the {MAX_LEXICON_BYTES} byte limit")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LexiconError(path, f"lexicon is not UTF-8 ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise LexiconError(path, error.strerror or "cannot be read") from None
    entries, provenance = _parse_lines(text, str(path))
    return Lexicon(path.stem, entries, provenance)


@functools.cache
def load_lexicon(name: str) -> Lexicon:
    """Load a shipped lexicon by category name (cached).

    Parameters
    ----------
    name : str
        The file stem under ``hypedetect/data/lexicons``, e.g. ``"hedges"``.

    Returns
    -------
    Lexicon

    Examples
    --------
    >>> "may" in load_lexicon("hedges").entries
    True
    """
    resource = resources.files("hypedetect.data.lexicons").joinpath(f"{name}.txt")
    if not resource.is_file():
        raise LexiconError(name, "no shipped lexicon of that name")
    entries, provenance = _parse_lines(resource.read_text("utf-8"), name)
    return Lexicon(name, entries, provenance)


def shipped_lexicon_names() -> list[str]:
    """Return the names of every shipped lexicon, sorted."""
    folder = resources.files("hypedetect.data.lexicons")
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt"))


class PhraseMatcher:
    """Find every entry of several lexicons in one pass over a token list.

    Entries are indexed by their first token, so matching costs one dictionary
    lookup per token whatever the number of entries. At each token the longest
    entry wins; matches of one category never overlap, while different
    categories may cover the same words (a word can be both a booster and an
    intensifier only if both lists say so).

    Parameters
    ----------
    lexicons : sequence of Lexicon
    """

    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        self.categories = tuple(lex.name for lex in lexicons)
        single: dict[str, list[str]] = {}
        multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        loose: dict[str, list[tuple[str, tuple[str, ...], str]]] = {}
        for lex in lexicons:
            for entry in lex.entries:
                tokens = tuple(t.lower().replace("’", "'") for t in _TOKEN_RE.findall(entry))
                if not tokens:
                    continue
                if tokens[0].endswith("*") or (len(tokens) > 1 and tokens[1].endswith("*")):
                    # Rare: a prefix in the first two words; indexed by 3 letters.
                    loose.setdefault(tokens[0][:3], []).append((tokens[0].rstrip("*"), tokens[1:], lex.name))
                elif len(tokens) == 1:
                    single.setdefault(tokens[0], []).append(lex.name)
                else:
                    multi.setdefault(f"{tokens[0]} {tokens[1]}", []).append((tokens[2:], lex.name))
        self._single = {word: tuple(dict.fromkeys(names)) for word, names in single.items()}
        self._multi = multi
        self._multi_firsts = frozenset(key.split(" ", 1)[0] for key in multi)
        self._loose = loose

    def find(self, words: Sequence[str]) -> list[Match]:
        """Return the matches in ``words`` (lower-cased tokens), in token order."""
        n = len(words)
        # Each pass is one comprehension over the tokens; only the few hits are
        # then looked at one by one. Multi-word entries are keyed by their first
        # two words, so common first words ("in", "it") cost one lookup each.
        single_get, multi_get, firsts = self._single.get, self._multi.get, self._multi_firsts
        found = [(i, i + 1, name) for i, word in enumerate(words) if (names := single_get(word)) for name in names]
        pairs = [
            (i, candidates)
            for i, (word, following) in enumerate(zip(words, words[1:], strict=False))
            if word in firsts and (candidates := multi_get(f"{word} {following}"))
        ]
        for i, candidates in pairs:
            for rest, name in candidates:
                end = i + 2 + len(rest)
                if end <= n and (not rest or _tail_matches(words, i + 2, rest)):
                    found.append((i, end, name))
        if self._loose:
            loose_get = self._loose.get
            for i, candidates in [(i, c) for i, word in enumerate(words) if (c := loose_get(word[:3]))]:
                for stem, rest, name in candidates:
                    end = i + 1 + len(rest)
                    if words[i].startswith(stem) and end <= n and _tail_matches(words, i + 1, rest):
                        found.append((i, end, name))
        # Longest entry first at each token; one category's matches never overlap.
        found.sort(key=lambda hit: (hit[0], -hit[1]))
        matches: list[Match] = []
        covered: dict[str, int] = {}
        for i, end, name in found:
            if covered.get(name, 0) <= i:
                matches.append(Match(name, i, end))
                covered[name] = end
        return matches


def _tail_matches(words: Sequence[str], at: int, rest: tuple[str, ...]) -> bool:
    for offset, token in enumerate(rest):
        word = words[at + offset]
        if token.endswith("*"):
            if not word.startswith(token[:-1]):
                return False
        elif word != token:
            return False
    return True


def merge_lexicons(shipped: Iterable[Lexicon], user: Iterable[Lexicon]) -> tuple[Lexicon, ...]:
    """Extend shipped lexicons with user ones of the same name; keep the rest as ``user_<name>``.

    Parameters
    ----------
    shipped, user : iterable of Lexicon

    Returns
    -------
    tuple of Lexicon
    """
    merged = {lex.name: lex for lex in shipped}
    for lex in user:
        if lex.name in merged:
            base = merged[lex.name]
            entries = tuple(dict.fromkeys(base.entries + lex.entries))
            merged[lex.name] = Lexicon(base.name, entries, base.provenance)
        else:
            name = f"user_{lex.name}"
            merged[name] = Lexicon(name, lex.entries, lex.provenance)
    return tuple(merged.values())
