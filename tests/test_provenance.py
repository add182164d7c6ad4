"""The provenance face: text distortion, signals, feature math, persistence, and a corpus floor."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline

from hypedetect import parse
from hypedetect.persistence import TRUSTED_TYPES, load_model, save_model
from hypedetect.provenance import ReleaseClassifier, distort, function_words, represent
from hypedetect.provenance.distortion import char_ngrams, token_ngrams
from hypedetect.provenance.model import _normalise_rows
from hypedetect.provenance.signals import SIGNAL_NAMES, boilerplate_lexicons, signals

from ._shared import require_corpora


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme Corp. today announced record sales of $5 million.", "^ ^ . * * * * of $ # * ."),
        ("We said it would work, and our team was right!", "we said it would * , and our * was * !"),
        ('"The plan is bold," Smith told Reuters on Friday.\n\nShares rose 3%.',
         '" the * is * , " ^ * ^ on ^ . ^ * # % .'),
        # layout says how a corpus was stored, not who wrote it: line breaks are plain separators
        ("Line one\n\n\nLine two", "^ one ^ two"),
        ("", ""),
    ],
)
def test_distortion_masks_content_words(text, expected):
    assert distort(parse(text)).text == expected


def test_distorted_tokens_point_back_into_the_text():
    text = "Senator Smith issued a statement."
    distorted = distort(parse(text))
    assert [text[s:e] for s, e in zip(distorted.starts, distorted.ends, strict=True)] == \
        ["Senator", "Smith", "issued", "a", "statement", "."]


def test_topic_words_vanish_but_style_stays():
    release = distort(parse("Acme today announced its new rocket engine.")).text
    congress = distort(parse("Smith today introduced his new farm bill."))
    assert release == "^ * * its * * * ."
    assert congress.text == "^ * * his * * * ."


def test_function_word_list_is_a_closed_list_with_provenance():
    words = function_words()
    assert {"we", "our", "us", "the", "said"} <= words
    assert not {"announced", "reuters", "bbc", "company", "million"} & words
    assert 100 <= len(words) <= 150


def test_ngrams():
    assert token_ngrams(["we", "*", "."], sizes=(1, 2, 3)) == ["w:we", "w:*", "w:.", "w:we *", "w:* .", "w:we * ."]
    assert char_ngrams("ab*", sizes=(2, 3)) == ["c:ab", "c:b*", "c:ab*"]
    assert char_ngrams("a", sizes=(3,)) == []


def test_rows_are_log_counts_of_unit_length():
    counts = sp.csr_matrix(np.array([[np.e - 1, 0.0, np.e - 1], [0.0, 0.0, 0.0]]))
    rows = _normalise_rows(counts).toarray()
    np.testing.assert_allclose(rows[0], [1 / np.sqrt(2), 0.0, 1 / np.sqrt(2)])
    np.testing.assert_array_equal(rows[1], [0.0, 0.0, 0.0])


def test_signals_count_what_they_show():
    text = ('Acme is a leading provider of bolts. "We grew fast this year," said Jane Roe. '
            "I think so. For more information, visit our website.")
    found = {s.name: s for s in signals(parse(text))}
    assert list(SIGNAL_NAMES) == list(found)
    # matches of one category never overlap: "is a leading" wins over "a leading provider"
    assert [text[a:b] for a, b in found["self_description_per_1k"].spans] == ["is a leading"]
    assert found["forward_looking_per_1k"].value == 0.0
    assert [text[a:b] for a, b in found["first_person_singular_outside_quotes_per_1k"].spans] == ["I"]
    n_words = parse(text).n_words
    assert found["first_person_singular_outside_quotes_per_1k"].value == pytest.approx(1000 / n_words)
    assert found["attributed_quote_share"].value == 1.0
    assert all(lexicon.provenance.startswith(lexicon.name) for lexicon in boilerplate_lexicons())


_RELEASES = [
    "We are proud to announce our new app. For more information, visit our website. Acme is a leading provider.",
    "Our team is pleased to launch the service today. To learn more, contact us. We are headquartered in Ohio.",
    "We today announced a partnership that our customers will love. Learn more at our site.",
]
_STORIES = [
    'Profit fell 5% in the quarter, the company said on Tuesday. "It was a hard year," said Jane Roe, an analyst.',
    'Officials said the plan would cost $2 million, according to a report. "We will see," a spokesman told reporters.',
    "The firm's shares dropped after it said sales slowed, analysts said. The company did not comment.",
]


def _tiny_model() -> tuple[ReleaseClassifier, list[str], list[int]]:
    texts = [f"{text} Item {i}." for i in range(4) for text in _RELEASES + _STORIES]
    labels = [1, 1, 1, 0, 0, 0] * 4
    model = ReleaseClassifier(min_df=2, calibration_folds=2, dense_weight=0.3).fit(texts, labels)
    return model, texts, labels


def test_fit_is_deterministic_and_separates_tiny_data():
    model, texts, labels = _tiny_model()
    again, _, _ = _tiny_model()
    p = model.release_probability(texts)
    np.testing.assert_array_equal(p, again.release_probability(texts))
    assert roc_auc_score(labels, p) == 1.0
    assert model.vocabulary_.dtype.kind == "U" and list(model.vocabulary_) == sorted(model.vocabulary_)
    top = model.top_ngrams(3)
    assert len(top["release"]) == 3 and top["release"][0][1] > 0 > top["reported"][0][1]


def test_representation_scores_match_text_scores():
    model, texts, _ = _tiny_model()
    np.testing.assert_allclose(model.proba_of_representation(represent(texts)), model.release_probability(texts))


def test_bare_string_is_rejected():
    model, _, _ = _tiny_model()
    with pytest.raises(TypeError, match="string object received"):
        model.release_probability("one text")


def test_save_and_load_round_trip(tmp_path):
    assert "hypedetect.provenance.model.ReleaseClassifier" in TRUSTED_TYPES
    model, texts, _ = _tiny_model()
    path = save_model(Pipeline([("release", model)]), tmp_path / "release.skops")
    loaded = load_model(path)[-1]
    np.testing.assert_array_equal(loaded.release_probability(texts), model.release_probability(texts))
    np.testing.assert_array_equal(loaded.vocabulary_, model.vocabulary_)


def test_corpus_slice_floor():
    """Trained on a slice of every training corpus, scored on held-out sources: a sane floor."""
    root = require_corpora()
    from sklearn.model_selection import GroupShuffleSplit

    from hypedetect import corpora

    frame = corpora.load_corpora(root=root, limit=120)
    frame["group"] = frame["corpus"] + ":" + frame["source"].astype(str)
    train, test = next(GroupShuffleSplit(n_splits=1, test_size=0.3, random_state=0)
                       .split(frame, groups=frame["group"]))
    y = frame["label"].astype(int).to_numpy()
    model = ReleaseClassifier(min_df=5).fit(frame["text"].iloc[train].tolist(), y[train], frame["group"].iloc[train])
    p = model.release_probability(frame["text"].iloc[test].tolist())
    assert roc_auc_score(y[test], p) >= 0.85


def test_explanation_terms_sum_to_the_log_odds_and_point_at_the_text():
    from hypedetect.provenance.evidence import explain_release

    model, texts, _ = _tiny_model()
    text = texts[0]
    explanation = explain_release(model, text, top=None)
    log_odds = explanation.base_log_odds + sum(term.contribution for term in explanation.evidence)
    assert 1 / (1 + np.exp(-log_odds)) == pytest.approx(explanation.release_probability)
    by_feature = {term.feature: term for term in explanation.evidence}
    we_are = by_feature.get("w:we are")
    assert we_are is not None and [text[a:b] for a, b in we_are.spans] == ["We are"]
    first_person = by_feature["promotional__first_person_plural_per_1k"]
    assert [text[a:b] for a, b in first_person.spans] == ["We", "our", "our"]


def test_no_content_word_can_enter_the_vocabulary():
    """Outlet names, wires, dates and URLs cannot be n-grams: only function words, shapes and punctuation."""
    model, _, _ = _tiny_model()
    alphabet = function_words() | {"*", "^", "#"}
    for gram in model.vocabulary_:
        kind, body = gram[:2], gram[2:]
        if kind == "w:":
            assert all(token in alphabet or not token.isalnum() for token in body.split(" ")), gram
        else:
            assert all(word in alphabet for word in body.split(" ")[1:-1] if word.isalpha()), gram
