"""Fitting :class:`~hypedetect.detectors.linear.LinearNgramDetector` with scikit-learn.

The features are built exactly as the detector scores them (see its module
docstring), a logistic regression is fitted, the vocabularies are pruned to
the n-grams with the largest coefficients, the model is refitted on the pruned
features, and a binary detector is Platt-calibrated on grouped out-of-fold
scores, its flagging threshold the one that maximises out-of-fold F1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from scipy import sparse

from hypedetect.detectors.linear import LinearNgramDetector, char_grams, document_context
from hypedetect.lexicons import PhraseMatcher, load_lexicon

__all__ = ["fit_linear_detector", "marked_word_scores", "out_of_fold_marked_rates"]



def _idf(df: np.ndarray, n: int) -> np.ndarray:
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


def _word_keys(tokens: Sequence[str]) -> list[str]:
    return list(tokens) + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def _word_matrix(token_lists, vocabulary: dict[str, int], idf: np.ndarray) -> sparse.csr_matrix:
    rows, cols = [], []
    for r, tokens in enumerate(token_lists):
        for key in _word_keys(tokens):
            c = vocabulary.get(key)
            if c is not None:
                rows.append(r)
                cols.append(c)
    values = idf[cols] if cols else np.zeros(0)
    x = sparse.csr_matrix((values, (rows, cols)), shape=(len(token_lists), len(vocabulary)))
    sq = np.bincount(np.asarray(rows, dtype=np.intp), weights=values**2, minlength=len(token_lists))
    norm = np.sqrt(sq)
    return sparse.diags(1.0 / np.where(norm > 0, norm, 1.0)) @ x


def _char_word_matrix(words: Sequence[str], vocabulary: dict[str, int], idf: np.ndarray) -> sparse.csr_matrix:
    rows, cols = [], []
    for r, word in enumerate(words):
        for gram in char_grams(word):
            c = vocabulary.get(gram)
            if c is not None:
                rows.append(r)
                cols.append(c)
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(words), len(vocabulary)))
    x.sum_duplicates()
    return x @ sparse.diags(idf)


def _sentence_word_counts(token_lists, word_index: dict[str, int]) -> sparse.csr_matrix:
    rows, cols = [], []
    for r, tokens in enumerate(token_lists):
        for token in tokens:
            rows.append(r)
            cols.append(word_index[token])
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(token_lists), len(word_index)))
    x.sum_duplicates()
    return x


def _lexicon_matrix(token_lists, matcher: PhraseMatcher, names: Sequence[str]) -> np.ndarray:
    column = {name: k for k, name in enumerate(names)}
    rates = np.zeros((len(token_lists), len(names)))
    for r, tokens in enumerate(token_lists):
        for match in matcher.find(tokens) if tokens else ():
            rates[r, column[match.category]] += 1.0
    lengths = np.array([max(len(t), 1) for t in token_lists], dtype=float)
    return rates / np.sqrt(lengths)[:, None]


def _marked_rates(token_lists, marked: dict[str, float]) -> np.ndarray:
    return np.array([sum(marked.get(t, 0.0) for t in tokens) / np.sqrt(max(len(tokens), 1))
                     for tokens in token_lists])


class _Blocks(NamedTuple):
    word: sparse.csr_matrix
    char: sparse.csr_matrix
    dense: np.ndarray


def _design(token_lists, word_vocab: list[str], word_idf, gram_vocab: list[str], gram_idf,
            lexicon: np.ndarray, marked: np.ndarray) -> tuple[_Blocks, list[str], sparse.csr_matrix]:
    word_index = {w: i for i, w in enumerate(word_vocab)}
    xw = _word_matrix(token_lists, word_index, word_idf)
    words = sorted({t for tokens in token_lists for t in tokens})
    gram_table = _char_word_matrix(words, {g: i for i, g in enumerate(gram_vocab)}, gram_idf)
    counts = _sentence_word_counts(token_lists, {w: i for i, w in enumerate(words)})
    raw = counts @ gram_table
    sq = counts @ np.asarray(gram_table.multiply(gram_table).sum(axis=1)).ravel()
    norm = np.sqrt(sq)
    xc = sparse.diags(1.0 / np.where(norm > 0, norm, 1.0)) @ raw
    length = np.log1p([len(t) for t in token_lists])
    return _Blocks(xw.tocsr(), xc.tocsr(), np.column_stack([lexicon, marked, length])), words, gram_table


def _stack(blocks: _Blocks) -> sparse.csr_matrix:
    return sparse.hstack([blocks.word, blocks.char, sparse.csr_matrix(blocks.dense)]).tocsr()


def _document_frequency(keys_per_row) -> dict[str, int]:
    df: dict[str, int] = {}
    for keys in keys_per_row:
        for key in set(keys):
            df[key] = df.get(key, 0) + 1
    return df


def _most_frequent(df: dict[str, int], min_df: int, limit: int) -> list[str]:
    kept = sorted((k for k, v in df.items() if v >= min_df), key=lambda k: (-df[k], k))[:limit]
    return sorted(kept)


def _context(scores: np.ndarray, groups: Sequence, prior: float) -> np.ndarray:
    context = np.full(len(scores), prior)
    members: dict = {}
    for i, group in enumerate(groups):
        members.setdefault(group, []).append(i)
    for rows in members.values():
        rows = np.asarray(rows)
        context[rows] = document_context(scores[rows], prior, True)
    return context


def _best_threshold(probabilities: np.ndarray, labels: np.ndarray) -> float:
    best, best_f1 = 0.5, -1.0
    for threshold in np.linspace(0.1, 0.9, 81):
        flagged = probabilities >= threshold
        tp = float(np.sum(flagged & labels))
        f1 = 2 * tp / (flagged.sum() + labels.sum()) if flagged.sum() + labels.sum() else 0.0
        if f1 > best_f1:
            best, best_f1 = float(threshold), f1
    return best


def fit_linear_detector(
    token_lists: Sequence[Sequence[str]],
    labels: Sequence[int],
    *,
    name: str,
    groups: Sequence | None = None,
    context_groups: Sequence | None = None,
    lexicon_names: Sequence[str] = (),
    marked_words: dict[str, float] | None = None,
    training_marked_rates: Sequence[float] | None = None,
    c: float = 1.0,
    class_weight: str | None = "balanced",
    min_df: int = 2,
    max_word_features: int = 20000,
    max_char_features: int = 30000,
    max_char_words: int = 20000,
    calibration_folds: int = 3,
    seed: int = 0,
) -> LinearNgramDetector:
    """Fit a :class:`LinearNgramDetector` on tokenized sentences (deterministic).

    Parameters
    ----------
    token_lists : sequence of sequence of str
        Lower-cased tokens of each training sentence (see :func:`tokenize`).
    labels : sequence of int
        Class of each sentence.
    name : str
        The detector's name.
    groups : sequence, optional
        Article/document of each sentence: calibration folds never split one.
    context_groups : sequence, optional
        Document of each sentence for the document-context term of the
        calibration (see :func:`~hypedetect.detectors.linear.document_context`);
        a sentence alone in its document gets the prior. None: no context term.
    lexicon_names : sequence of str
        Shipped lexicons whose rates become features.
    marked_words : dict, optional
        Word -> marked share (see :func:`marked_word_scores`), a feature of its own.
    training_marked_rates : sequence of float, optional
        The marked-word feature of each training sentence, when it must not
        come from ``marked_words`` itself (out-of-fold rates avoid a feature
        that has seen the sentence's own marks).
    c : float
        Inverse L2 regularisation strength of the logistic regression.
    class_weight : {"balanced", None}
    min_df : int
        Minimum number of training sentences an n-gram must occur in.
    max_word_features, max_char_features : int
        Vocabulary sizes: the n-grams found in the most training sentences are kept.
    max_char_words : int
        Most frequent training words whose character terms are precomputed.
    calibration_folds : int
        Grouped folds for the out-of-fold scores Platt scaling is fitted on.
    seed : int

    Returns
    -------
    LinearNgramDetector
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    token_lists = [tuple(t) for t in token_lists]
    y = np.asarray(labels)
    classes = np.unique(y)
    marked = dict(marked_words or {})
    matcher = PhraseMatcher([load_lexicon(n) for n in lexicon_names])
    lexicon = _lexicon_matrix(token_lists, matcher, lexicon_names)
    if training_marked_rates is None:
        marked_rate = _marked_rates(token_lists, marked)[:, None]
    else:
        marked_rate = np.asarray(training_marked_rates, dtype=float)[:, None]
    n = len(token_lists)

    word_df = _document_frequency(_word_keys(t) for t in token_lists)
    word_vocab = _most_frequent(word_df, min_df, max_word_features)
    word_idf = _idf(np.array([word_df[k] for k in word_vocab], dtype=float), n)
    gram_df = _document_frequency([g for t in tokens for g in char_grams(t)] for tokens in token_lists)
    gram_vocab = _most_frequent(gram_df, min_df, max_char_features)
    gram_idf = _idf(np.array([gram_df[k] for k in gram_vocab], dtype=float), n)

    def model() -> LogisticRegression:
        return LogisticRegression(C=c, class_weight=class_weight, max_iter=1000, tol=1e-3, random_state=seed)

    blocks, words, gram_table = _design(token_lists, word_vocab, word_idf, gram_vocab, gram_idf, lexicon, marked_rate)
    x = _stack(blocks)
    final = model().fit(x, y)
    coef = final.coef_
    n_word, n_gram = len(word_vocab), len(gram_vocab)
    word_coef, gram_coef, dense_coef = coef[:, :n_word], coef[:, n_word:n_word + n_gram], coef[:, n_word + n_gram:]

    calibration = np.array([1.0, 0.0])
    threshold = 0.5
    if len(classes) == 2 and calibration_folds > 1:
        if groups is not None and len(set(groups)) >= calibration_folds:
            folds = GroupKFold(n_splits=calibration_folds).split(x, y, groups)
        else:
            folds = StratifiedKFold(n_splits=calibration_folds, shuffle=True, random_state=seed).split(x, y)
        scores = np.zeros(n)
        for train, test in folds:
            scores[test] = model().fit(x[train], y[train]).decision_function(x[test])
        inputs = scores[:, None]
        if context_groups is not None:
            prior = float(scores.mean())
            inputs = np.column_stack([scores, _context(scores, context_groups, prior)])
        platt = LogisticRegression(C=1e4, max_iter=1000).fit(inputs, y == classes[1])
        calibration = np.array([platt.coef_[0, 0], platt.intercept_[0]])
        if context_groups is not None:
            calibration = np.array([*calibration, platt.coef_[0, 1], prior])
        oof = platt.predict_proba(inputs)[:, 1]
        threshold = _best_threshold(oof, y == classes[1])

    # Precompute the character terms of the most frequent training words.
    frequency = _document_frequency(tokens for tokens in token_lists)
    frequent = sorted(words, key=lambda w: (-frequency.get(w, 0), w))[:max_char_words]
    index = {w: i for i, w in enumerate(words)}
    rows = np.array([index[w] for w in frequent], dtype=np.intp)
    table = gram_table[rows]
    char_word_weights = np.asarray((table @ gram_coef.T).T)
    char_word_sq = np.asarray(table.multiply(table).sum(axis=1)).ravel()
    return LinearNgramDetector(
        name=name,
        classes=classes.tolist(),
        word_vocabulary=word_vocab,
        # float32 halves the file; the scores move by about 1e-6.
        word_weights=(word_coef * word_idf).astype(np.float32),
        word_sq=(word_idf**2).astype(np.float32),
        char_vocabulary=gram_vocab,
        char_weights=(gram_coef * gram_idf).astype(np.float32),
        char_sq=(gram_idf**2).astype(np.float32),
        char_words=frequent,
        char_word_weights=char_word_weights.astype(np.float32),
        char_word_sq=char_word_sq.astype(np.float32),
        lexicon_names=lexicon_names,
        lexicon_weights=dense_coef[:, : len(lexicon_names)],
        marked_words=tuple(marked),
        marked_scores=np.array(list(marked.values()), dtype=float),
        marked_weights=dense_coef[:, len(lexicon_names)],
        length_weights=dense_coef[:, len(lexicon_names) + 1],
        intercept=final.intercept_.astype(float),
        calibration=calibration,
        threshold=threshold,
    )


def out_of_fold_marked_rates(token_lists: Sequence[Sequence[str]], marked_lists: Sequence[Sequence[str]],
                             groups: Sequence, *, folds: int = 5) -> np.ndarray:
    """Return each sentence's marked-word rate from scores learned on the other groups' folds.

    Parameters
    ----------
    token_lists, marked_lists : sequence of sequence of str
        As :func:`marked_word_scores`.
    groups : sequence
        Group of each sentence (a fold never splits one).
    folds : int

    Returns
    -------
    ndarray of shape (n_sentences,)
    """
    from sklearn.model_selection import GroupKFold

    rates = np.zeros(len(token_lists))
    n_folds = min(folds, len(set(groups)))
    if n_folds < 2:
        return _marked_rates(token_lists, marked_word_scores(token_lists, marked_lists))
    for train, test in GroupKFold(n_splits=n_folds).split(token_lists, groups=groups):
        scores = marked_word_scores([token_lists[i] for i in train], [marked_lists[i] for i in train])
        rates[test] = _marked_rates([token_lists[i] for i in test], scores)
    return rates


def marked_word_scores(token_lists: Sequence[Sequence[str]], marked_lists: Sequence[Sequence[str]], *,
                       min_marked: int = 2, prior: float = 2.0) -> dict[str, float]:
    """Return word -> smoothed share of its sentences in which annotators marked it.

    Parameters
    ----------
    token_lists : sequence of sequence of str
        Tokens of each training sentence.
    marked_lists : sequence of sequence of str
        The words marked in each sentence (lower-cased tokens).
    min_marked : int
        Keep words marked in at least this many sentences.
    prior : float
        Pseudo-count of unmarked occurrences (shrinks rare words towards 0).

    Returns
    -------
    dict of str to float

    Examples
    --------
    >>> marked_word_scores([["a", "bizarre", "plan"], ["bizarre", "news"]], [["bizarre"], ["bizarre"]])
    {'bizarre': 0.5}
    """
    seen = _document_frequency(token_lists)
    marked = _document_frequency(marked_lists)
    return {w: round(k / (seen.get(w, k) + prior), 4) for w, k in sorted(marked.items()) if k >= min_marked}
