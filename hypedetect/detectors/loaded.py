"""The ``loaded`` detector: loaded or biased wording, sentence by sentence.

A :class:`~hypedetect.detectors.linear.LinearNgramDetector` trained on the
sentences of the Propaganda Techniques Corpus (positive: the sentence overlaps
a ``Loaded_Language`` or ``Exaggeration,Minimisation`` span; Da San Martino et
al. 2019) and of BABE (positive: the experts' majority label is ``Biased``;
Spinde et al. 2021), with the shipped tone lexicons' rates and the words BABE's
annotators marked as biased (learned from the training sentences only) as
features. Its calibrated probabilities give the article features; its evidence
is the highest-weight n-grams of each flagged sentence and the marked words.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import numpy as np

from hypedetect.detectors.fitting import fit_linear_detector, marked_word_scores, out_of_fold_marked_rates
from hypedetect.detectors.linear import DetectorEvidence, LinearNgramDetector, TokenTerms, tokenize
from hypedetect.detectors.sources import LabelledSentence, read_babe, read_ptc_sentences
from hypedetect.document import Document

__all__ = [
    "LOADED_FEATURES",
    "LOADED_LEXICONS",
    "document_loaded_evidence",
    "fit_loaded",
    "loaded_evidence",
    "loaded_features",
    "train_loaded",
]

#: Shipped lexicons whose per-sentence rates are features of the detector.
LOADED_LEXICONS = ("hype_adjectives", "intensifiers", "superlatives", "sensational", "puffery", "boosters", "hedges")

#: The article features :func:`loaded_features` returns, in order.
LOADED_FEATURES = ("loaded_language_rate", "loaded_sentence_share", "loaded_words_per_1k")

#: A word counts as marked evidence when annotators marked it in at least this share of its occurrences.
MARKED_EVIDENCE_SHARE = 0.5

#: Regularisation of the logistic regression: 0.5 scored above 1.0 on BABE's topic folds (the benchmark's
#: own folds, so not a nested selection; 0.25 scored the same as 0.5).
LOADED_C = 0.5


def fit_loaded(sentences: Sequence[LabelledSentence], *, c: float = LOADED_C, max_word_features: int = 20000,
               max_char_features: int = 30000, seed: int = 0) -> LinearNgramDetector:
    """Fit the loaded-wording detector on labelled sentences.

    Parameters
    ----------
    sentences : sequence of LabelledSentence
        ``extra["biased_words"]``, where present, feeds the marked-word feature;
        ``extra["document"]``, where present, names the article a sentence is
        from (its document context); other sentences stand alone.
    c : float
        Inverse regularisation strength.
    max_word_features, max_char_features : int
        Vocabulary sizes (see :func:`~hypedetect.detectors.fitting.fit_linear_detector`).
    seed : int

    Returns
    -------
    LinearNgramDetector
    """
    tokens = [tokenize(s.text)[0] for s in sentences]
    marked = [[w.lower().replace("’", "'") for w in s.extra.get("biased_words", ())] for s in sentences]
    groups = [s.group for s in sentences]
    return fit_linear_detector(
        tokens,
        [s.label for s in sentences],
        name="loaded",
        groups=groups,
        context_groups=[s.extra.get("document", f"sentence:{i}") for i, s in enumerate(sentences)],
        lexicon_names=LOADED_LEXICONS,
        marked_words=marked_word_scores(tokens, marked),
        training_marked_rates=out_of_fold_marked_rates(tokens, marked, groups),
        c=c,
        max_word_features=max_word_features,
        max_char_features=max_char_features,
        seed=seed,
    )


def train_loaded(root: str | os.PathLike[str] | None = None, *, seed: int = 0,
                 held_out: Callable[[str], bool] | None = None) -> LinearNgramDetector:
    """Train the shipped loaded-wording detector on PTC and BABE (read from ``root``).

    Parameters
    ----------
    root : path-like, optional
        The corpora folder; ``$HYPEDETECT_CORPORA`` or ``../shared/corpora`` by default.
    seed : int
    held_out : callable, optional
        PTC article ids for which it returns True are left out (kept back for evaluation).

    Returns
    -------
    LinearNgramDetector
    """
    sentences = [s._replace(group=f"ptc:{s.group}") for s in read_ptc_sentences(root)
                 if held_out is None or not held_out(s.group)]
    sentences += [s._replace(group=f"babe:{s.group}") for s in read_babe(root)]
    return fit_loaded(sentences, seed=seed)


def _scored(detector: LinearNgramDetector, doc: Document) -> tuple[list[int], np.ndarray]:
    return detector.predict_proba_document(doc)


def loaded_evidence(detector: LinearNgramDetector, doc: Document, *, top: int = 3,
                    scored: tuple[list[int], np.ndarray] | None = None) -> list[DetectorEvidence]:
    """Return the evidence of loaded wording in ``doc``.

    Parameters
    ----------
    detector : LinearNgramDetector
        A fitted ``loaded`` detector.
    doc : Document
    top : int
        Highest-weight n-grams kept per flagged sentence.
    scored : tuple, optional
        ``detector.predict_proba_document(doc)`` when the caller has it.

    Returns
    -------
    list of DetectorEvidence
        Category ``ngram`` (in sentences whose probability reaches the
        detector's threshold) and ``marked_word`` (anywhere in a scored
        sentence), in text order; offsets index into ``doc.text``.
    """
    indices, probabilities = scored if scored is not None else _scored(detector, doc)
    return document_loaded_evidence(detector, doc, indices, probabilities, top=top)


def document_loaded_evidence(detector: LinearNgramDetector, doc: Document, indices: Sequence[int],
                             probabilities: np.ndarray, *, terms: TokenTerms | None = None,
                             top: int = 3) -> list[DetectorEvidence]:
    """Return :func:`loaded_evidence` from scored sentences (and their per-token terms, when the caller has them).

    Parameters
    ----------
    detector : LinearNgramDetector
    doc : Document
    indices, probabilities
        ``detector.predict_proba_document(doc)``.
    terms : TokenTerms, optional
        ``detector.score_document(doc).terms`` (computed when absent).
    top : int

    Returns
    -------
    list of DetectorEvidence
    """
    if not len(indices):
        return []
    if terms is None:
        terms = detector.document_terms(doc, indices)
    flagged = [i for i, p in zip(indices, probabilities.tolist(), strict=True) if p >= detector.threshold]
    found = {(item.start, item.end): item for item in detector.document_evidence(doc, flagged, top=top, terms=terms)}
    scored = np.zeros(doc.n_words + 1, dtype=np.intp)
    for first, end in (doc.sentence_tokens[i] for i in indices):
        scored[first] += 1
        scored[end] -= 1
    shares = terms.marked
    for position in np.flatnonzero((np.cumsum(scored[:-1]) > 0) & (shares >= MARKED_EVIDENCE_SHARE)).tolist():
        word_start, word_end = doc.word_starts[position], doc.word_ends[position]
        if not _covered(found, word_start, word_end):
            found[(word_start, word_end)] = DetectorEvidence(
                detector.name, "marked_word", word_start, word_end, doc.text[word_start:word_end],
                round(float(shares[position]), 4))
    return [found[key] for key in sorted(found)]


def _covered(found: dict[tuple[int, int], DetectorEvidence], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in found)


def loaded_features(detector: LinearNgramDetector, doc: Document, *,
                    evidence: Sequence[DetectorEvidence] | None = None,
                    scored: tuple[list[int], np.ndarray] | None = None) -> dict[str, float]:
    """Return the article's loaded-wording features.

    Parameters
    ----------
    detector : LinearNgramDetector
    doc : Document
    evidence : sequence of DetectorEvidence, optional
        :func:`loaded_evidence` of the same document (computed when absent).
    scored : tuple, optional
        ``detector.predict_proba_document(doc)`` when the caller has it.

    Returns
    -------
    dict
        ``loaded_language_rate``: expected loaded sentences per 100 sentences
        (100 times the mean calibrated probability); ``loaded_sentence_share``:
        share of sentences at or above the threshold; ``loaded_words_per_1k``:
        words inside the evidence spans per 1,000 words.
    """
    scored = scored if scored is not None else _scored(detector, doc)
    _, probabilities = scored
    if evidence is None:
        evidence = loaded_evidence(detector, doc, scored=scored)
    n = len(probabilities)
    loaded_words = sum(doc.words_between(item.start, item.end) for item in evidence)
    return {
        "loaded_language_rate": 100.0 * float(probabilities.mean()) if n else 0.0,
        "loaded_sentence_share": float(np.mean(probabilities >= detector.threshold)) if n else 0.0,
        "loaded_words_per_1k": 1000.0 * loaded_words / doc.n_words if doc.n_words else 0.0,
    }
