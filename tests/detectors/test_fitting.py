"""Tests for hypedetect.detectors.fitting on tiny hand-made sentences (no corpora)."""

import numpy as np

from hypedetect.detectors.fitting import fit_linear_detector, marked_word_scores, out_of_fold_marked_rates
from hypedetect.detectors.linear import tokenize

LOADED = ["a shameful disgraceful betrayal", "this outrageous shameful scheme", "a disgraceful outrageous lie",
          "shameful lies and outrageous spin", "a disgraceful and shameful vote", "outrageous betrayal again"]
PLAIN = ["the council met on monday", "officials said the vote passed", "the report was published today",
         "the council said it met", "the vote was on monday", "officials published the report"]
TOKENS = [tokenize(s)[0] for s in LOADED + PLAIN]
LABELS = [1] * len(LOADED) + [0] * len(PLAIN)
GROUPS = [i % 3 for i in range(len(TOKENS))]


def _fit(**kwargs):
    return fit_linear_detector(TOKENS, LABELS, name="toy", groups=GROUPS, lexicon_names=("hedges",),
                               min_df=1, c=10.0, **kwargs)


def test_fit_separates_the_training_classes():
    detector = _fit()
    probabilities = detector.predict_proba(LOADED + PLAIN)
    assert probabilities[: len(LOADED)].min() > probabilities[len(LOADED):].max()


def test_fit_generalises_through_character_ngrams():
    detector = _fit()
    # "shamefully" is unseen; its character n-grams are shared with "shameful".
    assert detector.predict_proba(["shamefully done"])[0] > detector.predict_proba(["monday done"])[0]


def test_fit_is_deterministic():
    first, second = _fit(), _fit()
    np.testing.assert_array_equal(first.word_weights, second.word_weights)
    assert first.threshold == second.threshold
    np.testing.assert_array_equal(first.calibration, second.calibration)


def test_vocabulary_limits_are_kept():
    detector = _fit(max_word_features=5, max_char_features=7)
    assert len(detector.word_vocabulary) == 5
    assert len(detector.char_vocabulary) == 7


def test_multiclass_fit_returns_one_row_per_class():
    labels = [i % 3 for i in range(len(TOKENS))]
    detector = fit_linear_detector(TOKENS, labels, name="toy", min_df=1)
    assert detector.word_weights.shape[0] == 3
    assert detector.predict_proba(["the vote"]).shape == (1, 3)
    assert np.isclose(detector.predict_proba(["the vote"]).sum(), 1.0)


def test_marked_word_scores_are_shrunk_shares():
    tokens = [["a", "bizarre", "plan"], ["bizarre", "news"], ["plain", "news"]]
    assert marked_word_scores(tokens, [["bizarre"], ["bizarre"], []]) == {"bizarre": 0.5}
    assert marked_word_scores(tokens, [["bizarre"], [], []]) == {}


def test_out_of_fold_rates_never_use_a_sentences_own_marks():
    tokens = [["bizarre"], ["bizarre"], ["bizarre"], ["bizarre"]]
    marks = [["bizarre"], ["bizarre"], [], []]
    # Groups 0 and 1 hold the marks; each is scored from the other folds only.
    rates = out_of_fold_marked_rates(tokens, marks, [0, 0, 1, 1], folds=2)
    assert rates[0] == rates[1] == 0.0
    assert rates[2] == rates[3] > 0.0
