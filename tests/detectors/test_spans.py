"""Tests for hypedetect.detectors.spans: the strongest spans that do not overlap."""

from hypedetect.detectors.spans import pick_spans

TEXT = "one two three four"
STARTS, ENDS = [0, 4, 8, 14], [3, 7, 13, 18]


def test_spans_never_overlap_and_stop_at_top():
    candidates = [(3.0, 1, 3), (2.0, 2, 3), (1.0, 0, 1), (0.5, 3, 4)]
    picked = pick_spans("d", TEXT, candidates, STARTS, ENDS, 2)
    assert [(e.text, e.weight) for e in picked] == [("two three", 3.0), ("one", 1.0)]


def test_ties_go_to_the_earlier_span_and_non_positive_weights_are_never_evidence():
    picked = pick_spans("d", TEXT, [(1.0, 2, 3), (1.0, 0, 1), (0.0, 1, 2), (-1.0, 3, 4)], STARTS, ENDS, 5)
    assert [e.text for e in picked] == ["one", "three"]


def test_offset_shifts_the_text_slice():
    picked = pick_spans("d", "two", [(1.0, 0, 1)], [10], [13], 1, offset=10)
    assert (picked[0].start, picked[0].end, picked[0].text) == (10, 13, "two")


def test_function_words_are_never_evidence_on_their_own():
    from hypedetect.detectors.spans import content_mask

    assert content_mask(["The", "regime", "is", "brutal"]).tolist() == [False, True, False, True]
