"""Several detectors scored over one document in one shared pass.

:class:`DetectorBank` merges the per-word tables of its detectors
(:class:`~hypedetect.detectors.tables.ScoringTables`) into one: a row per word
any of them knows, holding every detector's terms side by side, and one sorted
bigram table keyed on those rows. Scoring a document then looks each distinct
word up once for all detectors, computes the character n-grams of the words
none of them knows once (each detector's terms from the same n-gram counts),
gathers the token terms as one (tokens x all detectors' columns) array,
sums the sentences of every detector with one :func:`numpy.add.reduceat` and
matches all their lexicons in one pass.
Each detector's scores, probabilities and token terms equal those of its own
:meth:`~hypedetect.detectors.linear.LinearNgramDetector.score_document`
(to rounding: a character n-gram known to several detectors is summed in the
merged order). The bank is derived from the detectors at first use and never saved.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from hypedetect.detectors.linear import LinearNgramDetector, ScoredDocument
from hypedetect.detectors.tables import GramCodes, WordRows, pair_mask, sentence_sums, split_terms
from hypedetect.document import Document
from hypedetect.lexicons import PhraseMatcher, load_lexicon

__all__ = ["BankScores", "DetectorBank"]

#: The sentence kinds a detector scores in a document (as ``LinearNgramDetector.score_document``).
SCORED_KINDS = frozenset({"sentence", "heading"})


class BankScores(NamedTuple):
    """One detector's share of a bank's pass: its scored document and its lexicon matches."""

    scored: ScoredDocument
    matches: list


class DetectorBank:
    """The merged scoring tables of several fitted detectors (see the module docstring).

    Parameters
    ----------
    detectors : sequence of LinearNgramDetector
    """

    def __init__(self, detectors: Sequence[LinearNgramDetector]) -> None:
        self.detectors = tuple(detectors)
        tables = [detector._lookup().scoring for detector in self.detectors]
        self.outputs = [table.uni_w.shape[0] for table in tables]
        widths = [table.rows_matrix.shape[1] for table in tables]
        self.offsets = np.concatenate([[0], np.cumsum(widths)]).tolist()
        words = list(dict.fromkeys(itertools.chain.from_iterable(table.index for table in tables)))
        self.index = dict(zip(words, range(len(words)), strict=True))
        n = len(words)
        self.rows_matrix = np.zeros((n, self.offsets[-1]))
        keys, bigram_rows, self.bigram_columns = [], [], []
        for table, offset, out in zip(tables, self.offsets, self.outputs, strict=False):
            own = np.fromiter(map(table.index.get, words, itertools.repeat(-1)), dtype=np.intp, count=n)
            known = np.flatnonzero(own >= 0)
            self.rows_matrix[known, offset:offset + table.rows_matrix.shape[1]] = table.rows_matrix[own[known]]
            missing = np.flatnonzero(own < 0)
            weights, sq = table.char_terms([words[i] for i in missing.tolist()])
            self.rows_matrix[missing, offset + out:offset + 2 * out] = weights.T
            self.rows_matrix[missing, offset + 2 * out + 1] = sq
            # The table's bigram keys (first_row * n_rows + second_row) re-keyed on the merged rows.
            merged = np.fromiter(map(self.index.__getitem__, table.index), dtype=np.int64, count=len(table.index))
            size = max(len(table.index), 1)
            keys.append(merged[table.bigram_keys // size] * n + merged[table.bigram_keys % size])
            bigram_rows.append(table.bigram_rows)
            self.bigram_columns.extend(range(offset + 2 * out + 3, offset + 3 * out + 4))
        all_keys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        self.bigram_keys = np.unique(all_keys)
        self.bigram_rows = np.zeros((self.bigram_keys.size, len(self.bigram_columns)))
        column = 0
        for table_keys, rows in zip(keys, bigram_rows, strict=True):
            self.bigram_rows[np.searchsorted(self.bigram_keys, table_keys), column:column + rows.shape[1]] = rows
            column += rows.shape[1]
        self.bigram_columns = np.asarray(self.bigram_columns, dtype=np.intp)
        self._char_tables(tables)
        # One matcher over every detector's lexicons: a category's matches do not depend on the others'.
        names = list(dict.fromkeys(name for detector in self.detectors for name in detector.lexicon_names))
        self.matcher = PhraseMatcher([load_lexicon(name) for name in names])
        self._unseen = WordRows(self.offsets[-1])

    def _char_tables(self, tables) -> None:
        """Every detector's character n-gram weights over the merged n-gram vocabulary."""
        vocabulary = list(dict.fromkeys(itertools.chain.from_iterable(table.grams.gram for table in tables)))
        self.grams = GramCodes(vocabulary)
        self.char_weights, self.char_gram_sq = [], []
        for table in tables:
            columns = np.fromiter(map(self.grams.gram.__getitem__, table.grams.gram), dtype=np.intp,
                                  count=len(table.grams.gram))
            weights = np.zeros((table.char_weights.shape[0], len(vocabulary)))
            weights[:, columns] = table.char_weights
            sq = np.zeros(len(vocabulary))
            sq[columns] = table.char_gram_sq
            self.char_weights.append(weights)
            self.char_gram_sq.append(sq)

    def _unseen_rows_of(self, words: Sequence[str]) -> np.ndarray:
        """The merged rows of distinct words no detector knows (their character terms), through a bounded store."""
        return self._unseen.rows(words, self._char_rows)

    def _char_rows(self, fresh: Sequence[str]) -> np.ndarray:
        """The merged rows of ``fresh`` words: every detector's character terms and squared norm, zeros elsewhere."""
        block = np.zeros((len(fresh), self.offsets[-1]))
        rows_, cols_, counts = self.grams.counts(fresh)
        for weights, sq, offset, out in zip(self.char_weights, self.char_gram_sq, self.offsets, self.outputs,
                                            strict=False):
            for output in range(out):
                block[:, offset + out + output] = np.bincount(rows_, weights=counts * weights[output, cols_],
                                                              minlength=len(fresh))
            block[:, offset + 2 * out + 1] = np.bincount(rows_, weights=counts**2 * sq[cols_], minlength=len(fresh))
        return block

    def terms(self, vocabulary: Sequence[str], word_ids: np.ndarray, bounds: Sequence[tuple[int, int]]) -> np.ndarray:
        """Return every detector's per-token terms side by side, shape (n_tokens, all detectors' columns).

        Parameters
        ----------
        vocabulary, word_ids, bounds
            As :meth:`~hypedetect.detectors.tables.ScoringTables.terms`.
        """
        rows = np.fromiter(map(self.index.get, vocabulary, itertools.repeat(-1)), dtype=np.intp,
                           count=len(vocabulary))
        unseen = np.flatnonzero(rows < 0)
        per_word = self.rows_matrix[np.where(rows >= 0, rows, 0)]
        if unseen.size:
            per_word[unseen] = self._unseen_rows_of([vocabulary[j] for j in unseen.tolist()])
        matrix = per_word[word_ids]
        n = len(word_ids)
        if n >= 2 and self.bigram_keys.size:
            token_rows = rows[word_ids].astype(np.int64)
            first, second = token_rows[:-1], token_rows[1:]
            keys = first * len(self.index) + second
            where = np.minimum(np.searchsorted(self.bigram_keys, keys), self.bigram_keys.size - 1)
            hit = np.flatnonzero(pair_mask(n, bounds) & (first >= 0) & (second >= 0)
                                 & (self.bigram_keys[where] == keys))
            matrix[np.ix_(hit, self.bigram_columns)] = self.bigram_rows[where[hit]]
        return matrix

    def score_document(self, doc: Document) -> list[BankScores]:
        """Return each detector's ``score_document(doc)`` (and lexicon matches), in the bank's order.

        Parameters
        ----------
        doc : Document

        Returns
        -------
        list of BankScores
        """
        indices = [i for i, s in enumerate(doc.sentences) if s.kind in SCORED_KINDS]
        bounds = [doc.sentence_tokens[i] for i in indices]
        matrix = self.terms(doc.vocabulary, doc.word_ids, bounds)
        sums = sentence_sums(matrix, np.asarray(bounds, dtype=np.intp).reshape(-1, 2)) if bounds else None
        every = self.matcher.find(doc.words, vocabulary=doc.vocabulary, word_ids=doc.word_ids)
        found = []
        for detector, start, end, out in zip(self.detectors, self.offsets[:-1], self.offsets[1:], self.outputs,
                                             strict=True):
            terms = split_terms(matrix[:, start:end], out)
            own = frozenset(detector.lexicon_names)
            matches = [match for match in every if match.category in own]
            scores = (detector._decision(doc.words, bounds, matches, terms, sums[:, start:end]) if bounds
                      else np.zeros((0, out)))
            found.append(BankScores(ScoredDocument(indices, detector._probabilities(scores, True), terms), matches))
        return found
