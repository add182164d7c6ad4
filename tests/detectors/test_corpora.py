"""The detectors trained on small slices of the shared corpora clear sane floors (skipped without the corpora)."""

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, f1_score

from hypedetect.detectors import sources
from hypedetect.detectors.claims import fit_claims
from hypedetect.detectors.headline import fit_headline
from hypedetect.detectors.loaded import fit_loaded
from tests._shared import require_corpora


def _split_by_group(rows, test_groups):
    train = [r for r in rows if r.group not in test_groups]
    test = [r for r in rows if r.group in test_groups]
    return train, test


def test_clickbait_slice_floor():
    rows = sources.read_clickbait(require_corpora())
    rng = np.random.default_rng(0)
    picked = [rows[i] for i in rng.choice(len(rows), 4000, replace=False)]
    detector = fit_headline(picked[:3000])
    test = picked[3000:]
    predicted = detector.predict_proba([r.text for r in test]) >= detector.threshold
    assert accuracy_score([r.label for r in test], predicted) >= 0.85


def test_babe_slice_split_by_topic_floor():
    rows = sources.read_babe(require_corpora())
    topics = sorted({r.group for r in rows})
    train, test = _split_by_group(rows, set(topics[:4]))
    detector = fit_loaded(train, max_word_features=5000, max_char_features=8000)
    predicted = detector.predict_proba([r.text for r in test]) >= detector.threshold
    assert f1_score([r.label for r in test], predicted) >= 0.6


def test_claim_strength_slice_split_by_release_floor():
    rows = sources.read_claim_strength(require_corpora(), part="eureka")
    releases = sorted({r.group for r in rows})
    train, test = _split_by_group(rows, set(releases[::5]))
    detector = fit_claims(train)
    predicted = np.asarray(detector.classes)[detector.predict_proba([r.text for r in test]).argmax(axis=1)]
    assert f1_score([r.label for r in test], predicted, average="macro") >= 0.5


def test_readers_keep_every_labelled_row():
    root = require_corpora()
    assert len(sources.read_babe(root)) == 3673  # SG2 minus its one "No agreement" row
    assert len(sources.read_clickbait(root)) == 32000
    assert len(sources.read_claim_strength(root, part="pubmed")) == 3061
    ptc = sources.read_ptc_sentences(root)
    assert {r.label for r in ptc} == {0, 1}


def test_a_missing_detector_corpus_is_a_clean_corpus_error(tmp_path):
    from hypedetect.corpora.locations import CorpusNotFoundError
    from hypedetect.detectors.sources import read_babe
    from hypedetect.errors import HypedetectError

    with pytest.raises(CorpusNotFoundError, match="babe: corpus folder not found") as caught:
        read_babe(tmp_path)
    assert isinstance(caught.value, HypedetectError)  # the CLI prints it as one line, not "internal error"
