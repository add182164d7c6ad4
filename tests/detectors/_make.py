"""Hand-made detectors with known weights, so the tests can check the arithmetic."""

import numpy as np

from hypedetect.detectors.linear import LinearNgramDetector


def binary_detector(**overrides) -> LinearNgramDetector:
    """A binary detector: "shameful" and "great news" push up, "said" pushes down."""
    params = dict(
        name="toy",
        classes=[0, 1],
        word_vocabulary=("shameful", "said", "great news"),
        word_weights=np.array([[2.0, -1.0, 1.5]]),
        word_sq=np.array([1.0, 1.0, 1.0]),
        char_vocabulary=(" sh", "ful "),
        char_weights=np.array([[0.5, 0.25]]),
        char_sq=np.array([1.0, 1.0]),
        char_words=(),
        char_word_weights=np.zeros((1, 0)),
        char_word_sq=np.zeros(0),
        lexicon_names=("hedges",),
        lexicon_weights=np.array([[-0.4]]),
        intercept=np.array([-1.0]),
        calibration=np.array([1.0, 0.0]),
        threshold=0.5,
    )
    params.update(overrides)
    return LinearNgramDetector(**params)


def claims_detector() -> LinearNgramDetector:
    """A four-class detector: "causes" is direct causal (3), "associated" correlational (1)."""
    weights = np.zeros((4, 3))
    weights[3, 0] = 4.0
    weights[1, 1] = 4.0
    weights[2, 2] = 4.0
    return LinearNgramDetector(
        name="claims", classes=[0, 1, 2, 3],
        word_vocabulary=("causes", "associated", "may"), word_weights=weights, word_sq=np.ones(3),
        char_vocabulary=(), char_weights=np.zeros((4, 0)), char_sq=np.zeros(0),
        char_words=(), char_word_weights=np.zeros((4, 0)), char_word_sq=np.zeros(0),
        lexicon_names=("hedges", "boosters", "conditionals"), lexicon_weights=np.zeros((4, 3)),
        intercept=np.array([1.0, 0.0, 0.0, 0.0]), calibration=np.array([1.0, 0.0]),
    )
