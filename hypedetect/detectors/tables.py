"""Per-word scoring tables of a linear n-gram detector, rebuilt from its fitted arrays (never saved).

Every word the detector knows (its unigrams, the words of its bigrams, the
words with precomputed character terms, the marked words) gets one row, and
each row holds the word's whole contribution: unigram weight and squared idf,
character-block weight and squared norm, marked share. Bigrams are encoded as
sorted integer keys ``first_row * n_rows + second_row``. Scoring a document
is then one dictionary look-up per distinct word, array indexing over its
tokens, and one :func:`numpy.searchsorted` for all its bigrams. Only the
character n-grams of words outside the table are computed per document.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

__all__ = ["CHAR_NGRAM_RANGE", "GramCodes", "ScoringTables", "TokenTerms", "char_grams", "pair_mask", "sentence_sums",
           "split_terms"]

#: Character n-gram lengths (of a word padded with one space on each side).
CHAR_NGRAM_RANGE = (2, 5)

#: Unseen words whose character terms a table keeps (then it starts afresh): bounds its memory.
MAX_UNSEEN_WORDS = 50_000


def char_grams(word: str) -> list[str]:
    """Return the character n-grams of ``word`` padded with one space on each side.

    Examples
    --------
    >>> char_grams("ab")[:3]
    [' a', 'ab', 'b ']
    """
    padded = f" {word} "
    low, high = CHAR_NGRAM_RANGE
    return [padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)]


class TokenTerms(NamedTuple):
    """Per-token terms of a text's word and character blocks (one column per token)."""

    word_num: np.ndarray
    word_sq: np.ndarray
    bigram_num: np.ndarray
    bigram_sq: np.ndarray
    char_num: np.ndarray
    char_sq: np.ndarray
    marked: np.ndarray
    #: All of them as columns of one (n_tokens, 3 * n_outputs + 4) array: unigram weights, character
    #: weights, unigram squared weight, character squared norm, marked share, bigram weights, bigram squared weight.
    matrix: np.ndarray


def split_terms(matrix: np.ndarray, n_outputs: int) -> TokenTerms:
    """Return the :class:`TokenTerms` whose ``matrix`` is ``matrix`` (columns as documented there)."""
    out = n_outputs
    return TokenTerms(matrix[:, :out].T, matrix[:, 2 * out], matrix[:, 2 * out + 3:3 * out + 3].T,
                      matrix[:, 3 * out + 3], matrix[:, out:2 * out].T, matrix[:, 2 * out + 1],
                      matrix[:, 2 * out + 2], matrix)


def sentence_sums(matrix: np.ndarray, ranges: np.ndarray) -> np.ndarray:
    """Return the column sums of ``matrix`` over each ``(first, end)`` row of ``ranges`` (0 for an empty one)."""
    # A zero row lets a range end at the last token; every range sums its own rows only.
    padded = np.concatenate([matrix, np.zeros((1, matrix.shape[1]))])
    sums = np.add.reduceat(padded, ranges.ravel(), axis=0)[::2]
    sums[ranges[:, 1] - ranges[:, 0] <= 0] = 0.0
    return sums


def pair_mask(n_tokens: int, bounds: Sequence[tuple[int, int]]) -> np.ndarray:
    """Return, for each token but the last, whether it and the next token lie in one range of ``bounds``.

    Examples
    --------
    >>> pair_mask(5, [(0, 2), (2, 5)]).tolist()
    [True, False, True, True]
    """
    if n_tokens < 2 or not bounds:
        return np.zeros(max(n_tokens - 1, 0), dtype=bool)
    ranges = np.asarray(bounds, dtype=np.intp).reshape(-1, 2)
    ranges = ranges[ranges[:, 1] - ranges[:, 0] >= 2]
    delta = np.bincount(ranges[:, 0], minlength=n_tokens + 1) - np.bincount(ranges[:, 1] - 1, minlength=n_tokens + 1)
    return np.cumsum(delta)[: n_tokens - 1] > 0


class GramCodes:
    """Integer keys of a character n-gram vocabulary (``bits`` per character), to find its n-grams in words.

    Parameters
    ----------
    vocabulary : sequence of str
        The character n-grams; column ``j`` is ``vocabulary[j]``.
    """

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.gram = {gram: i for i, gram in enumerate(vocabulary)}
        self.alphabet = np.array(sorted({ord(c) for gram in vocabulary for c in gram}), dtype=np.uint32)
        self.bits = max(int(self.alphabet.size).bit_length(), 1)
        if self.bits * CHAR_NGRAM_RANGE[1] > 62:
            self.gram_keys = None  # too many distinct characters: look grams up by string
            return
        code = {chr(c): i + 1 for i, c in enumerate(self.alphabet.tolist())}
        keys = np.array([sum(code[c] << (self.bits * k) for k, c in enumerate(gram)) for gram in vocabulary],
                        dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self.gram_keys, self.gram_columns = keys[order], order.astype(np.int64)

    def hits(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return (word row, gram column) of every occurrence of a vocabulary n-gram in the padded ``words``."""
        if self.gram_keys is None or not self.gram_keys.size:
            grams = [char_grams(word) for word in words]
            columns = np.fromiter(map(self.gram.get, itertools.chain.from_iterable(grams), itertools.repeat(-1)),
                                  dtype=np.int64)
            rows = np.repeat(np.arange(len(words), dtype=np.int64), [len(g) for g in grams])
            return rows[columns >= 0], columns[columns >= 0]
        points = np.frombuffer("".join(f" {word} " for word in words).encode("utf-32-le"), dtype=np.uint32)
        where = np.minimum(np.searchsorted(self.alphabet, points), self.alphabet.size - 1)
        codes = np.where(self.alphabet[where] == points, where + 1, 0).astype(np.int64)
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2
        word_of = np.repeat(np.arange(len(words), dtype=np.int64), lengths)
        room = np.cumsum(lengths)[word_of] - np.arange(points.size)  # characters left in the position's word
        # Row n - 1 of ``keys``: the key of the n-gram starting at each position (0 where one would
        # hold a character outside the alphabet or run past its word).
        low, high = CHAR_NGRAM_RANGE
        keys = np.zeros((high, points.size), dtype=np.int64)
        keys[0] = codes
        for n in range(2, min(high, points.size) + 1):
            shorter, added = keys[n - 2, : points.size - n + 1], codes[n - 1:]
            keys[n - 1, : points.size - n + 1] = (shorter | (added << (self.bits * (n - 1)))) * (
                (shorter != 0) & (added != 0))
        keys = keys[low - 1:]
        keys *= room[None, :] >= np.arange(low, high + 1)[:, None]
        at = np.flatnonzero(keys.ravel())
        wanted = keys.ravel()[at]
        found = np.minimum(np.searchsorted(self.gram_keys, wanted), self.gram_keys.size - 1)
        hit = self.gram_keys[found] == wanted
        return word_of[at[hit] % points.size], self.gram_columns[found[hit]]

    def counts(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (word row, gram column, occurrences) of each distinct vocabulary n-gram of each word.

        Sorted by word row, then column.
        """
        rows, cols = self.hits(words)
        n_grams = max(len(self.gram), 1)
        keys, counts = np.unique(rows * n_grams + cols, return_counts=True)
        return keys // n_grams, keys % n_grams, counts.astype(float)


class WordRows:
    """A bounded, thread-safe store of one computed row per word (the terms of words outside a table).

    Keyed on words, never on texts: a word's row depends only on the word. When a batch would take the
    store past :data:`MAX_UNSEEN_WORDS`, it is emptied first, so it never grows without bound.

    Parameters
    ----------
    width : int
        The length of every row.
    """

    def __init__(self, width: int) -> None:
        self._index: dict[str, int] = {}
        self._rows = np.zeros((0, width))
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._index)

    def rows(self, words: Sequence[str], compute: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """Return the rows of distinct ``words``, shape (len(words), width), computing the missing ones.

        ``compute(fresh)`` returns the rows of the words not stored yet, in their order.
        """
        with self._lock:
            rows = np.fromiter(map(self._index.get, words, itertools.repeat(-1)), dtype=np.intp, count=len(words))
            new = np.flatnonzero(rows < 0)
            if new.size:
                if len(self._index) + new.size > MAX_UNSEEN_WORDS:
                    self._index = {}
                    rows[:] = -1
                    new = np.arange(len(words))
                fresh = [words[j] for j in new.tolist()]
                base = len(self._index)
                if base + len(fresh) > len(self._rows):
                    grown = np.zeros((max(2 * (base + len(fresh)), 1024), self._rows.shape[1]))
                    grown[:base] = self._rows[:base]
                    self._rows = grown
                self._rows[base:base + len(fresh)] = compute(fresh)
                self._index.update(zip(fresh, range(base, base + len(fresh)), strict=True))
                rows[new] = np.arange(base, base + len(fresh))
            return self._rows[rows]


class ScoringTables:
    """Lookup arrays of one detector (see the module docstring).

    Parameters
    ----------
    detector : LinearNgramDetector
        Any object with the detector's fitted attributes.
    """

    def __init__(self, detector) -> None:
        vocabulary = detector.word_vocabulary
        n_out = detector.word_weights.shape[0]
        is_bigram = np.fromiter((" " in term for term in vocabulary), dtype=bool, count=len(vocabulary))
        unigram_columns = np.flatnonzero(~is_bigram)
        bigram_columns = np.flatnonzero(is_bigram)
        unigrams = [vocabulary[i] for i in unigram_columns.tolist()]
        pairs = [vocabulary[i].split(" ") for i in bigram_columns.tolist()]
        words = list(dict.fromkeys(itertools.chain(unigrams, detector.char_words, detector.marked_words,
                                                   itertools.chain.from_iterable(pairs))))
        self.index = dict(zip(words, range(len(words)), strict=True))
        self.grams = GramCodes(detector.char_vocabulary)
        self.char_weights = np.asarray(detector.char_weights)
        self.char_gram_sq = np.asarray(detector.char_sq)
        n = len(words)
        rows = self._rows(unigrams)
        self.uni_w = np.zeros((n_out, n))
        self.uni_w[:, rows] = detector.word_weights[:, unigram_columns]
        self.uni_sq = np.zeros(n)
        self.uni_sq[rows] = detector.word_sq[unigram_columns]
        self.char_w = np.zeros((n_out, n))
        self.char_sq = np.zeros(n)
        rows = self._rows(detector.char_words)
        self.char_w[:, rows] = detector.char_word_weights
        self.char_sq[rows] = detector.char_word_sq
        missing = np.ones(n, dtype=bool)
        missing[rows] = False
        rows = np.flatnonzero(missing)
        self.char_w[:, rows], self.char_sq[rows] = self.char_terms([words[i] for i in rows.tolist()])
        self.marked = np.zeros(n)
        self.marked[self._rows(detector.marked_words)] = detector.marked_scores
        firsts = self._rows([a for a, _ in pairs]).astype(np.int64)
        seconds = self._rows([b for _, b in pairs]).astype(np.int64)
        keys = firsts * n + seconds
        order = np.argsort(keys, kind="stable")
        self.bigram_keys = keys[order]
        self.bigram_w = np.asarray(detector.word_weights[:, bigram_columns[order]], dtype=float)
        self.bigram_sq = np.asarray(detector.word_sq[bigram_columns[order]], dtype=float)
        # Words outside the table: their row in the store below (cleared when full).
        self.rows_matrix = np.column_stack([self.uni_w.T, self.char_w.T, self.uni_sq, self.char_sq, self.marked,
                                            np.zeros((n, n_out + 1))])
        self.bigram_rows = np.column_stack([self.bigram_w.T, self.bigram_sq])
        self._unseen = WordRows(n_out + 1)

    def _rows(self, words: Sequence[str]) -> np.ndarray:
        return np.fromiter(map(self.index.__getitem__, words), dtype=np.intp, count=len(words))

    def char_terms(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return the character-block weights (n_outputs, n) and squared norms (n,) of ``words``.

        A character n-gram occurring ``k`` times in a word counts ``k`` times its
        weight and ``k**2`` times its squared idf (the training features' arithmetic).
        """
        n_out = self.char_weights.shape[0]
        weights, sq = np.zeros((n_out, len(words))), np.zeros(len(words))
        if not words:
            return weights, sq
        rows_, cols_, counts = self.grams.counts(words)
        if not rows_.size:
            return weights, sq
        for output in range(n_out):
            weights[output] = np.bincount(rows_, weights=counts * self.char_weights[output, cols_],
                                          minlength=len(words))
        sq = np.bincount(rows_, weights=counts**2 * self.char_gram_sq[cols_], minlength=len(words))
        return weights, sq

    def _unseen_terms(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`char_terms` of distinct words outside the table, through a bounded per-word store."""
        rows = self._unseen.rows(words, self._char_rows)
        return rows[:, :-1].T, rows[:, -1]

    def _char_rows(self, words: Sequence[str]) -> np.ndarray:
        """:meth:`char_terms` of ``words`` as one row per word: the weights per output, then the squared norm."""
        weights, sq = self.char_terms(words)
        return np.column_stack([weights.T, sq])

    def terms(self, vocabulary: Sequence[str], word_ids: np.ndarray,
              bounds: Sequence[tuple[int, int]]) -> TokenTerms:
        """Return the per-token terms of a text.

        Parameters
        ----------
        vocabulary : sequence of str
            The text's distinct words (each once).
        word_ids : ndarray of int
            Each token's index in ``vocabulary``.
        bounds : sequence of (int, int)
            Token ranges of the sentences: a bigram counts only inside one.
        """
        rows = np.fromiter(map(self.index.get, vocabulary, itertools.repeat(-1)), dtype=np.intp,
                           count=len(vocabulary))
        unseen = np.flatnonzero(rows < 0)
        per_word = self.rows_matrix[np.where(rows >= 0, rows, 0)]
        out = self.uni_w.shape[0]
        if unseen.size:
            per_word[unseen] = 0.0
            weights, sq = self._unseen_terms([vocabulary[j] for j in unseen.tolist()])
            per_word[unseen, out:2 * out] = weights.T
            per_word[unseen, 2 * out + 1] = sq
        matrix = per_word[word_ids]
        n = len(word_ids)
        if n >= 2 and self.bigram_keys.size:
            token_rows = rows[word_ids].astype(np.int64)
            first, second = token_rows[:-1], token_rows[1:]
            keys = first * len(self.index) + second
            where = np.minimum(np.searchsorted(self.bigram_keys, keys), self.bigram_keys.size - 1)
            hit = np.flatnonzero(pair_mask(n, bounds) & (first >= 0) & (second >= 0)
                                 & (self.bigram_keys[where] == keys))
            matrix[hit, 2 * out + 3:] = self.bigram_rows[where[hit]]
        return split_terms(matrix, out)
