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
import itertools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np

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

# Roles a word can play in the entries of a PhraseMatcher (bit flags).
_SINGLE_WORD = 1  # an entry of its own
_FIRST_WORD = 2  # the first word of a multi-word entry
_SECOND_WORD = 4  # the second word of a multi-word entry


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


class Match(NamedTuple):
    """A lexicon hit: ``(category, first_token, end_token)``, end exclusive."""

    category: str
    first: int
    end: int


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

    Entries are matched as words, never compiled as patterns: ``c.*`` is the
    word ``c``, and a line with no word in it (``.*``) matches nothing.

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
        If the file is missing, larger than :data:`MAX_LEXICON_BYTES`, binary,
        not UTF-8, has a line over :data:`MAX_ENTRY_CHARS` characters, or has
        no entries.
    """
    path = Path(path)
    limit = f"over the {MAX_LEXICON_BYTES} byte limit"
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_LEXICON_BYTES:
                raise LexiconError(path, f"lexicon is {size} bytes, {limit}")
            # At most one byte past the limit: a device or a growing file cannot make this read forever.
            data = stream.read(MAX_LEXICON_BYTES + 1)
    except OSError as error:
        raise LexiconError(path, (error.strerror or "cannot be read").lower()) from None
    if len(data) > MAX_LEXICON_BYTES:
        raise LexiconError(path, f"lexicon is {limit}")
    if b"\x00" in data:
        raise LexiconError(path, "lexicon is binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LexiconError(path, f"lexicon is not UTF-8 ({error.reason} at byte {error.start})") from None
    entries, provenance = _parse_lines(text, str(path))
    if not entries:
        raise LexiconError(path, "lexicon has no entries (one word or phrase a line; '#' starts a comment)")
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

    Entries are indexed by their first token (two tokens for multi-word
    entries), and every word's roles in the entries are known in advance, so
    only the distinct words of a text are looked up; tokens are then found by
    array indexing, and just the few hits are looked at one by one. At each
    token the longest entry wins; matches of one category never overlap, while
    different categories may cover the same words (a word can be both a
    booster and an intensifier only if both lists say so).

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
        self._loose = loose
        roles = dict.fromkeys(self._single, _SINGLE_WORD)
        for key in multi:
            first, second = key.split(" ")
            roles[first] = roles.get(first, 0) | _FIRST_WORD
            roles[second] = roles.get(second, 0) | _SECOND_WORD
        self._roles = roles

    def find(
        self,
        words: Sequence[str],
        *,
        vocabulary: Sequence[str] | None = None,
        word_ids: np.ndarray | None = None,
    ) -> list[Match]:
        """Return the matches in ``words`` (lower-cased tokens), in token order.

        Parameters
        ----------
        words : sequence of str
            Lower-cased word tokens.
        vocabulary, word_ids : optional
            The distinct words and each token's index among them, when the
            caller has them already (see :attr:`hypedetect.document.Document.word_ids`).

        Returns
        -------
        list of Match
        """
        if vocabulary is None or word_ids is None:
            vocabulary = tuple(dict.fromkeys(words))
            index = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
            word_ids = np.fromiter(map(index.__getitem__, words), dtype=np.intp, count=len(words))
        n = len(words)
        # One role lookup per distinct word, spread over the tokens.
        word_roles = np.fromiter(map(self._roles.get, vocabulary, itertools.repeat(0)), dtype=np.uint8,
                                 count=len(vocabulary))
        roles = word_roles[word_ids]
        single = self._single
        found = [
            (i, i + 1, name) for i in np.flatnonzero(roles & _SINGLE_WORD).tolist() for name in single[words[i]]
        ]
        pair_starts = np.flatnonzero(((roles[:-1] & _FIRST_WORD) != 0) & ((roles[1:] & _SECOND_WORD) != 0))
        multi_get = self._multi.get
        for i in pair_starts.tolist():
            for rest, name in multi_get(f"{words[i]} {words[i + 1]}", ()):
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
