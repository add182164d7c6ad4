"""A compact linear n-gram text classifier whose every score splits into per-word parts.

:class:`LinearNgramDetector` scores a sentence with a linear model over two
blocks of features: word unigrams and bigrams, character n-grams of each word
(padded with a space on both sides, as scikit-learn's ``char_wb`` analyzer
does), plus a few dense terms (lexicon rates, a learned marked-word rate, the
sentence length). Each n-gram block is TF-IDF weighted and divided by
the square root of the sum of its squared weights *over token occurrences*,
so a sentence's score is a sum of per-token terms divided by per-block norms.
That choice (instead of the exact L2 norm of merged counts) keeps scoring to
array sums over a document's distinct words, and makes every score explainable
word by word: the evidence is the tokens and bigrams with the largest terms.

Everything fitted is a NumPy array, a tuple of strings or a float, so the
detector saves and loads through :mod:`hypedetect.persistence`. Fitting lives
in :func:`hypedetect.detectors.fitting.fit_linear_detector` (scikit-learn's
``LogisticRegression`` on the same features over frequency-pruned vocabularies,
then Platt calibration on grouped out-of-fold scores).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from hypedetect.detectors.spans import DetectorEvidence, content_mask, pick_spans
from hypedetect.detectors.tables import CHAR_NGRAM_RANGE, ScoringTables, TokenTerms, char_grams, sentence_sums
from hypedetect.document import Document, _tokenize
from hypedetect.lexicons import PhraseMatcher, load_lexicon

__all__ = ["CHAR_NGRAM_RANGE", "DetectorEvidence", "LinearNgramDetector", "ScoredDocument", "TokenTerms", "char_grams",
           "document_context", "tokenize"]

def tokenize(text: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """Return the lower-cased word tokens of ``text`` and their start and end offsets.

    The same tokens as :attr:`hypedetect.document.Document.words`.

    Examples
    --------
    >>> tokenize("Don't panic, U.S. readers")[0]
    ("don't", 'panic', 'u.s', 'readers')
    """
    return _tokenize(text)


def document_context(scores: np.ndarray, prior: float, document: bool) -> np.ndarray:
    """Return each sentence's context: the mean score of the other sentences of its document.

    Parameters
    ----------
    scores : ndarray of shape (n,)
        Decision scores of one document's sentences (or of unrelated sentences).
    prior : float
        The context of a sentence that stands alone.
    document : bool
        Whether the sentences belong to one document.

    Examples
    --------
    >>> document_context(np.array([1.0, 2.0, 3.0]), 0.5, True).tolist()
    [2.5, 2.0, 1.5]
    >>> document_context(np.array([1.0, 2.0]), 0.5, False).tolist()
    [0.5, 0.5]
    """
    n = len(scores)
    if not document or n < 2:
        return np.full(n, prior)
    return (scores.sum() - scores) / (n - 1)


#: The string-tuple attributes saved as one newline-joined string each (tokens never hold a newline).
_VOCABULARIES = ("word_vocabulary", "char_vocabulary", "char_words", "marked_words")


class ScoredDocument(NamedTuple):
    """A document's scored sentences, their probabilities and the per-token terms behind them."""

    indices: list[int]
    probabilities: np.ndarray
    terms: TokenTerms


class _Tables:
    """Lookup dicts rebuilt from a detector's arrays (never saved)."""

    def __init__(self, detector: LinearNgramDetector) -> None:
        self.scoring = ScoringTables(detector)
        self.lexicon_column = {name: k for k, name in enumerate(detector.lexicon_names)}
        self.matcher = PhraseMatcher([load_lexicon(name) for name in detector.lexicon_names])
        self.marked = dict(zip(detector.marked_words, detector.marked_scores.tolist(), strict=True))


class LinearNgramDetector:
    """A fitted linear sentence classifier over word, character and lexicon features.

    Built by :func:`fit_linear_detector`; the constructor only stores arrays.

    Parameters
    ----------
    name : str
        The detector's name (used in evidence).
    classes : sequence of int
        Class labels; two classes give a binary detector whose probability is
        that of ``classes[1]``.
    word_vocabulary : sequence of str
        Unigrams and bigrams (``"w1 w2"``).
    word_weights : ndarray of shape (n_outputs, n_words)
        Coefficient times idf for each word n-gram (one output row for a
        binary detector, one per class otherwise).
    word_sq : ndarray of shape (n_words,)
        Squared idf of each word n-gram (for the block norm).
    char_vocabulary, char_weights, char_sq
        The same for character n-grams.
    char_words : sequence of str
        Words whose character-block terms are precomputed.
    char_word_weights : ndarray of shape (n_outputs, n_char_words)
    char_word_sq : ndarray of shape (n_char_words,)
    lexicon_names : sequence of str
        Shipped lexicons whose per-sentence rates are features.
    lexicon_weights : ndarray of shape (n_outputs, n_lexicons)
    marked_words : sequence of str
        Words annotators marked (e.g. BABE's biased words), learned from training data.
    marked_scores : ndarray of shape (n_marked,)
        How often each was marked when it occurred (smoothed share).
    marked_weights : ndarray of shape (n_outputs,)
        Coefficient of the per-sentence marked-word rate.
    length_weights : ndarray of shape (n_outputs,)
        Coefficient of ``log(1 + n_tokens)`` (longer sentences hold more spans).
    intercept : ndarray of shape (n_outputs,)
    calibration : ndarray of shape (2,) or (4,)
        Platt slope and intercept applied to a binary decision score, and
        optionally a context slope and prior: within one document, the mean
        decision score of the *other* sentences (the prior when there are
        none) enters the calibration too, since loaded sentences cluster in
        articles.
    threshold : float
        Calibrated probability at or above which a sentence is flagged.
    """

    def __init__(
        self,
        *,
        name: str,
        classes: Sequence[int],
        word_vocabulary: Sequence[str],
        word_weights: np.ndarray,
        word_sq: np.ndarray,
        char_vocabulary: Sequence[str],
        char_weights: np.ndarray,
        char_sq: np.ndarray,
        char_words: Sequence[str],
        char_word_weights: np.ndarray,
        char_word_sq: np.ndarray,
        lexicon_names: Sequence[str],
        lexicon_weights: np.ndarray,
        marked_words: Sequence[str] = (),
        marked_scores: np.ndarray | None = None,
        marked_weights: np.ndarray | None = None,
        length_weights: np.ndarray | None = None,
        intercept: np.ndarray,
        calibration: np.ndarray,
        threshold: float = 0.5,
    ) -> None:
        self.name = name
        self.classes = tuple(int(c) for c in classes)
        self.word_vocabulary = tuple(word_vocabulary)
        self.word_weights = word_weights
        self.word_sq = word_sq
        self.char_vocabulary = tuple(char_vocabulary)
        self.char_weights = char_weights
        self.char_sq = char_sq
        self.char_words = tuple(char_words)
        self.char_word_weights = char_word_weights
        self.char_word_sq = char_word_sq
        self.lexicon_names = tuple(lexicon_names)
        self.lexicon_weights = lexicon_weights
        self.marked_words = tuple(marked_words)
        self.marked_scores = np.zeros(0) if marked_scores is None else marked_scores
        self.marked_weights = np.zeros(word_weights.shape[0]) if marked_weights is None else marked_weights
        self.length_weights = np.zeros(word_weights.shape[0]) if length_weights is None else length_weights
        self.intercept = intercept
        self.calibration = calibration
        self.threshold = float(threshold)
        self._tables: _Tables | None = None

    def __getstate__(self) -> dict:
        # One newline-joined string per vocabulary: skops writes each element of a tuple as a
        # node of its own, which makes a 50,000-entry vocabulary tens of megabytes.
        state = dict(self.__dict__)
        state.pop("_tables", None)
        for key in _VOCABULARIES:
            state[key] = "\n".join(state[key])
        return state

    def __setstate__(self, state: dict) -> None:
        for key in _VOCABULARIES:
            if isinstance(state.get(key), str):
                state[key] = tuple(state[key].split("\n")) if state[key] else ()
        self.__dict__.update(state)
        self._tables = None

    @property
    def binary(self) -> bool:
        """True for a two-class detector."""
        return len(self.classes) == 2

    def _lookup(self) -> _Tables:
        if self._tables is None:
            self._tables = _Tables(self)
        return self._tables

    # ------------------------------------------------------------------ per-token terms

    def _token_terms(self, words: Sequence[str], bounds: Sequence[tuple[int, int]], vocabulary=None,
                     word_ids=None) -> TokenTerms:
        """Per-token numerators and squared weights of the word and character blocks."""
        if vocabulary is None or word_ids is None:
            vocabulary = tuple(dict.fromkeys(words))
            index = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
            word_ids = np.fromiter(map(index.__getitem__, words), dtype=np.intp, count=len(words))
        return self._lookup().scoring.terms(vocabulary, word_ids, bounds)

    def _lexicon_rates(self, words: Sequence[str], bounds: Sequence[tuple[int, int]], matches=None) -> np.ndarray:
        """Per-sentence lexicon hits divided by the square root of the sentence's token count."""
        tables = self._lookup()
        if matches is None:
            matches = tables.matcher.find(words)
        rates = np.zeros((len(bounds), len(self.lexicon_names)))
        if not matches or not bounds:
            return rates
        ranges = np.asarray(bounds, dtype=np.intp).reshape(-1, 2)
        firsts = np.fromiter((m.first for m in matches), dtype=np.intp, count=len(matches))
        columns = np.fromiter(map(tables.lexicon_column.__getitem__, (m.category for m in matches)), dtype=np.intp,
                              count=len(matches))
        rows = np.searchsorted(ranges[:, 0], firsts, side="right") - 1
        inside = (rows >= 0) & (firsts < ranges[np.maximum(rows, 0), 1])
        np.add.at(rates, (rows[inside], columns[inside]), 1.0)
        lengths = np.maximum(ranges[:, 1] - ranges[:, 0], 1).astype(float)
        return rates / np.sqrt(lengths)[:, None]

    def decision_function_tokens(self, words: Sequence[str], bounds: Sequence[tuple[int, int]],
                                 matches=None, *, vocabulary=None, word_ids=None) -> np.ndarray:
        """Return raw decision scores, shape (n_sentences, n_outputs), of token ranges.

        Parameters
        ----------
        words : sequence of str
            Lower-cased tokens of a text (e.g. ``Document.words``).
        bounds : sequence of (int, int)
            ``(first, end)`` token range of each sentence.
        matches : list of Match, optional
            Lexicon matches over ``words`` when the caller has them.
        vocabulary, word_ids : optional
            The distinct words and each token's index among them (as
            :attr:`~hypedetect.document.Document.word_ids`), when the caller has them.
        """
        n_out = self.word_weights.shape[0]
        if not bounds:
            return np.zeros((0, n_out))
        return self._decision(words, bounds, matches, self._token_terms(words, bounds, vocabulary, word_ids))

    def _decision(self, words: Sequence[str], bounds: Sequence[tuple[int, int]], matches,
                  terms: TokenTerms | None, sums: np.ndarray | None = None) -> np.ndarray:
        """Decision scores from the per-token terms, or from their per-sentence ``sums`` when given."""
        n_out = self.word_weights.shape[0]
        ranges = np.asarray(bounds, dtype=np.intp).reshape(-1, 2)
        lengths = ranges[:, 1] - ranges[:, 0]
        # One sum per column over each sentence's own tokens: the tokens of unscored sentences
        # (flagged blocks) after it stay out.
        if sums is None:
            sums = sentence_sums(terms.matrix, ranges)
        word, char, bigram = sums[:, :n_out], sums[:, n_out:2 * n_out], sums[:, 2 * n_out + 3:3 * n_out + 3]
        word_sq, char_sq, marked, bigram_sq = (sums[:, k:k + 1] for k in (2 * n_out, 2 * n_out + 1, 2 * n_out + 2,
                                                                          3 * n_out + 3))
        w_norm = np.sqrt(word_sq + bigram_sq)
        c_norm = np.sqrt(char_sq)
        w_part = (word + bigram) / np.where(w_norm > 0, w_norm, 1.0)
        c_part = char / np.where(c_norm > 0, c_norm, 1.0)
        lex = self._lexicon_rates(words, bounds, matches) @ self.lexicon_weights.T
        marked_rate = marked / np.sqrt(np.maximum(lengths, 1))[:, None]
        length = np.log1p(lengths)[:, None] * self.length_weights
        return w_part + c_part + lex + marked_rate * self.marked_weights + length + self.intercept

    def _probabilities(self, scores: np.ndarray, document: bool = False) -> np.ndarray:
        if self.binary:
            slope, offset, context_slope, prior = (*self.calibration, 0.0, 0.0)[:4]
            score = scores[:, 0]
            return 1.0 / (1.0 + np.exp(-(slope * score + offset + context_slope * document_context(
                score, prior, document))))
        shifted = scores - scores.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict_proba_tokens(self, words: Sequence[str], bounds: Sequence[tuple[int, int]],
                             matches=None, *, document: bool = False, vocabulary=None, word_ids=None) -> np.ndarray:
        """Calibrated probabilities of token ranges: shape (n,) if binary, else (n, n_classes).

        ``document=True`` treats the ranges as the sentences of one document (see :meth:`predict_proba`);
        ``vocabulary`` and ``word_ids`` are as in :meth:`decision_function_tokens`.
        """
        scores = self.decision_function_tokens(words, bounds, matches, vocabulary=vocabulary, word_ids=word_ids)
        return self._probabilities(scores, document)

    def predict_proba(self, sentences: Sequence[str], *, document: bool = False) -> np.ndarray:
        """Return calibrated probabilities for sentence strings.

        Parameters
        ----------
        sentences : sequence of str
        document : bool
            The sentences are one document's: each is calibrated with the mean
            score of the others (when the detector was fitted with a context).
            By default each sentence stands alone.

        Returns
        -------
        ndarray
            Shape ``(n,)`` (probability of ``classes[1]``) for a binary
            detector, ``(n, n_classes)`` otherwise.
        """
        if isinstance(sentences, str | bytes):
            raise ValueError("Iterable over raw text documents expected, string object received.")
        words: list[str] = []
        bounds = []
        for sentence in sentences:
            tokens = tokenize(sentence)[0]
            bounds.append((len(words), len(words) + len(tokens)))
            words.extend(tokens)
        return self.predict_proba_tokens(words, bounds, document=document)

    def lexicon_matches(self, doc: Document) -> list:
        """Return the matches of the detector's lexicons over ``doc`` (token indices)."""
        return self._lookup().matcher.find(doc.words, vocabulary=doc.vocabulary, word_ids=doc.word_ids)

    def predict_proba_document(self, doc: Document, *, kinds: frozenset[str] = frozenset({"sentence", "heading"}),
                               matches: list | None = None) -> tuple[list[int], np.ndarray]:
        """Score the sentences of a parsed document.

        Parameters
        ----------
        doc : Document
        kinds : frozenset of str
            Sentence kinds to score (flagged blocks are left out by default).
        matches : list of Match, optional
            :meth:`lexicon_matches` of ``doc`` when the caller has them.

        Returns
        -------
        indices : list of int
            Indices into ``doc.sentences`` of the scored sentences.
        probabilities : ndarray
            As :meth:`predict_proba`, one row per scored sentence.
        """
        scored = self.score_document(doc, kinds=kinds, matches=matches)
        return scored.indices, scored.probabilities

    def score_document(self, doc: Document, *, kinds: frozenset[str] = frozenset({"sentence", "heading"}),
                       matches: list | None = None) -> ScoredDocument:
        """Return :meth:`predict_proba_document` with the per-token terms it computed (for the evidence).

        Parameters
        ----------
        doc : Document
        kinds, matches
            As :meth:`predict_proba_document`.

        Returns
        -------
        ScoredDocument
        """
        indices = [i for i, s in enumerate(doc.sentences) if s.kind in kinds]
        bounds = [doc.sentence_tokens[i] for i in indices]
        if matches is None:
            matches = self.lexicon_matches(doc)
        terms = self.document_terms(doc, indices)
        scores = self._decision(doc.words, bounds, matches, terms) if bounds else np.zeros((0, len(self.intercept)))
        return ScoredDocument(indices, self._probabilities(scores, True), terms)

    def document_terms(self, doc: Document, indices: Sequence[int]) -> TokenTerms:
        """Return the per-token terms of every token of ``doc``, bigrams counted inside the sentences ``indices``."""
        return self._token_terms(doc.words, [doc.sentence_tokens[i] for i in indices], doc.vocabulary, doc.word_ids)

    # ------------------------------------------------------------------ evidence

    def token_contributions(self, words: Sequence[str], output: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """Return each token's unigram+character term and each bigram's term to one output's score.

        Parameters
        ----------
        words : sequence of str
            The tokens of one sentence.
        output : int
            Output row (0 for a binary detector; the class index otherwise).

        Returns
        -------
        token_terms : ndarray of shape (n_tokens,)
        bigram_terms : ndarray of shape (n_tokens,)
            The term of the bigram starting at each token (0 at the last).
        """
        if not words:
            return np.zeros(0), np.zeros(0)
        return self._contributions(self._token_terms(words, [(0, len(words))]), output)

    def _contributions(self, terms: TokenTerms, output: int) -> tuple[np.ndarray, np.ndarray]:
        word_num, word_sq, bigram_num, bigram_sq, char_num, char_sq, marked, _ = terms
        if not len(word_sq):
            return np.zeros(0), np.zeros(0)
        w_norm = np.sqrt(word_sq.sum() + bigram_sq.sum()) or 1.0
        c_norm = np.sqrt(char_sq.sum()) or 1.0
        marked_terms = marked * self.marked_weights[output] / np.sqrt(len(word_sq))
        return word_num[output] / w_norm + char_num[output] / c_norm + marked_terms, bigram_num[output] / w_norm

    def marked_scores_of(self, words: Sequence[str]) -> np.ndarray:
        """Return the marked share of each word in ``words`` (0 for a word never marked in training)."""
        marked = self._lookup().marked
        return np.fromiter(map(marked.get, words, itertools.repeat(0.0)), dtype=float, count=len(words))

    def marked_evidence(self, sentence: str, *, min_score: float = 0.5, offset: int = 0) -> list[DetectorEvidence]:
        """Return the words of ``sentence`` that training annotators marked at least ``min_score`` of the time.

        Parameters
        ----------
        sentence : str
        min_score : float
            Smoothed share of a word's training occurrences that were marked.
        offset : int
            Added to every offset.

        Returns
        -------
        list of DetectorEvidence
            Category ``marked_word``, in text order.
        """
        marked = self._lookup().marked
        words, starts, ends = tokenize(sentence)
        return [
            DetectorEvidence(self.name, "marked_word", start + offset, end + offset, sentence[start:end],
                             round(marked[word], 4))
            for word, start, end in zip(words, starts, ends, strict=True)
            if marked.get(word, 0.0) >= min_score
        ]

    def evidence(self, sentence: str, *, top: int = 3, output: int | None = None,
                 offset: int = 0) -> list[DetectorEvidence]:
        """Return the highest positive-weight words and bigrams of ``sentence``, with offsets.

        Parameters
        ----------
        sentence : str
        top : int
            At most this many spans, strongest first; spans never overlap.
        output : int, optional
            Output row to explain; the positive class of a binary detector, the
            most probable class of a multi-class one by default.
        offset : int
            Added to every offset (the sentence's start in a larger text).

        Returns
        -------
        list of DetectorEvidence
            ``text == sentence[start - offset:end - offset]``.
        """
        words, starts, ends = tokenize(sentence)
        return self.evidence_tokens(sentence, words, [x + offset for x in starts], [x + offset for x in ends],
                                    top=top, output=output, offset=offset)

    def evidence_tokens(self, text: str, words: Sequence[str], starts: Sequence[int], ends: Sequence[int], *,
                        top: int = 3, output: int | None = None, offset: int = 0) -> list[DetectorEvidence]:
        """Return :meth:`evidence` for one sentence already tokenized (e.g. a slice of ``Document.words``).

        Parameters
        ----------
        text : str
            The text ``starts``/``ends`` index into after subtracting ``offset``.
        words, starts, ends : sequence
            The sentence's tokens and their offsets.
        top, output
            As :meth:`evidence`.
        offset : int
            Where ``text`` begins in the coordinates of ``starts``.
        """
        if output is None:
            if self.binary:
                output = 0
            else:
                output = int(np.argmax(self.predict_proba_tokens(words, [(0, len(words))])[0]))
        token_terms, bigram_terms = self.token_contributions(words, output)
        return self._choose(text, words, token_terms, bigram_terms, starts, ends, top, offset)

    def explain_sentence(self, sentence: str, *, top: int = 3, offset: int = 0
                         ) -> tuple[float, list[DetectorEvidence]]:
        """Return a binary detector's :meth:`predict_proba` of one sentence and its :meth:`evidence` at once.

        Parameters
        ----------
        sentence : str
        top, offset
            As :meth:`evidence`.

        Returns
        -------
        probability : float
        evidence : list of DetectorEvidence
        """
        words, starts, ends = tokenize(sentence)
        bounds = [(0, len(words))]
        terms = self._token_terms(words, bounds)
        probability = float(self._probabilities(self._decision(words, bounds, None, terms))[0])
        token_terms, bigram_terms = self._contributions(terms, 0)
        return probability, self._choose(sentence, words, token_terms, bigram_terms, [x + offset for x in starts],
                                         [x + offset for x in ends], top, offset)

    def document_evidence(self, doc: Document, indices: Sequence[int], *, top: int = 3,
                          output: int = 0, terms: TokenTerms | None = None) -> list[DetectorEvidence]:
        """Return :meth:`evidence_tokens` of several sentences of ``doc``, the token terms computed once.

        Parameters
        ----------
        doc : Document
        indices : sequence of int
            Indices into ``doc.sentences``.
        top : int
            At most this many spans per sentence.
        output : int
            Output row to explain.
        terms : TokenTerms, optional
            The document's per-token terms (:meth:`document_terms` of these
            sentences or more, e.g. those of :meth:`score_document`).

        Returns
        -------
        list of DetectorEvidence
            Offsets index into ``doc.text``.
        """
        bounds = [doc.sentence_tokens[i] for i in indices]
        if not bounds:
            return []
        if terms is None:
            terms = self.document_terms(doc, indices)
        ranges = np.asarray(bounds, dtype=np.intp).reshape(-1, 2)
        ranges = ranges[ranges[:, 1] > ranges[:, 0]]
        if not ranges.size:
            return []
        lengths = ranges[:, 1] - ranges[:, 0]
        out = len(self.intercept)
        matrix = terms.matrix
        sums = np.add.reduceat(np.concatenate([matrix, np.zeros((1, matrix.shape[1]))]), ranges.ravel(), axis=0)[::2]
        w_norm = np.sqrt(sums[:, 2 * out] + sums[:, 3 * out + 3])
        w_norm[w_norm == 0] = 1.0
        c_norm = np.sqrt(sums[:, 2 * out + 1])
        c_norm[c_norm == 0] = 1.0
        # Every token of the sentences, and the sentence (row of ``ranges``) it belongs to.
        sentence = np.repeat(np.arange(len(ranges)), lengths)
        position = np.arange(len(sentence)) - np.repeat(np.cumsum(lengths) - lengths, lengths) + ranges[sentence, 0]
        token_terms = (terms.word_num[output, position] / w_norm[sentence]
                       + terms.char_num[output, position] / c_norm[sentence]
                       + terms.marked[position] * self.marked_weights[output] / np.sqrt(lengths)[sentence])
        bigram_terms = terms.bigram_num[output, position] / w_norm[sentence]
        # Positive candidates, strongest first within each sentence; a chosen span (one or two tokens)
        # overlaps at most four others, so the first 5 * top of a sentence decide its choice.
        content = content_mask(doc.words)
        following = np.minimum(position + 1, len(content) - 1)
        tokens = np.flatnonzero((token_terms > 0) & content[position])
        bigrams = np.flatnonzero((bigram_terms > 0) & (content[position] | content[following]))
        weights = np.concatenate([token_terms[tokens], bigram_terms[bigrams]])
        firsts = position[np.concatenate([tokens, bigrams])]
        sizes = np.repeat([1, 2], [len(tokens), len(bigrams)])
        rows = sentence[np.concatenate([tokens, bigrams])]
        order = np.lexsort((sizes, firsts, -weights, rows))
        rank = np.arange(len(order)) - np.searchsorted(rows[order], rows[order])
        candidates: list[list] = [[] for _ in range(len(ranges))]
        for k in order[rank < 5 * top].tolist():
            candidates[rows[k]].append((float(weights[k]), int(firsts[k]), int(firsts[k] + sizes[k])))
        found: list[DetectorEvidence] = []
        for items in candidates:
            found += pick_spans(self.name, doc.text, items, doc.word_starts, doc.word_ends, top, 0)
        return found

    def _choose(self, text, words, token_terms, bigram_terms, starts, ends, top, offset) -> list[DetectorEvidence]:
        content = content_mask(words)
        candidates = [(float(t), i, i + 1) for i, t in enumerate(token_terms) if t > 0 and content[i]]
        candidates += [(float(t), i, i + 2) for i, t in enumerate(bigram_terms)
                       if t > 0 and (content[i] or content[min(i + 1, len(content) - 1)])]
        return pick_spans(self.name, text, candidates, starts, ends, top, offset)
