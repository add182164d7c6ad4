"""Tests for hypedetect.analysis: results shared by the extractors of one article."""

from hypedetect.analysis import analyse


def test_shared_computes_a_result_once_per_analysis_and_key():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    first, second = analyse("One sentence."), analyse("One sentence.")
    key = object()
    assert first.shared(key, compute) == 1
    assert first.shared(key, compute) == 1
    assert second.shared(key, compute) == 2
    assert first.shared(object(), compute) == 3
