"""Who said it: resolving reporting verbs into typed speakers (named, anonymous, vague).

The attribution rules of :mod:`hypedetect.extractors.sourcing` (see its module
docstring): closed-class word lists, the speaker before or after a reporting
verb, raising passives ("is said to") and frames ("in a statement").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple

from hypedetect.document import Document
from hypedetect.lexicons import Match

#: Words looked at on each side of a reporting expression, within its sentence.
WINDOW = 8

_REPORTING = "reporting_verbs"
_ANONYMOUS = "anonymous_attribution"
_VAGUE = "vague_attribution"
_NAMED = "named_attribution"
_ATTRIBUTIONS = (_NAMED, _ANONYMOUS, _VAGUE)

# Closed-class English words (determiners, pronouns, prepositions, conjunctions, auxiliaries), after the word
# classes of Quirk, R., Greenbaum, S., Leech, G. & Svartvik, J. (1985) "A Comprehensive Grammar of the English
# Language": a capitalised one opens a sentence, it does not name a speaker.
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "his", "her", "their", "our", "your", "my"})
_PRONOUNS = frozenset({"he", "she", "it", "they"})
_RELATIVES = frozenset({"who", "which"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "it's"})
_AUXILIARIES = frozenset({
    "has", "have", "had", "is", "are", "was", "were", "be", "been", "being", "will", "would", "could", "can", "may",
    "might", "should", "must", "shall", "do", "does", "did", "not", "never", "didn't", "doesn't", "don't", "hasn't",
    "haven't", "hadn't", "wasn't", "isn't", "aren't", "weren't", "won't", "wouldn't", "can't", "couldn't",
})
_FUNCTION_WORDS = _DEFINITE | _AUXILIARIES | frozenset({
    "a", "an", "i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "them", "who", "whom", "which", "what",
    "whose", "where", "when", "while", "why", "how", "there", "here", "and", "or", "but", "nor", "so", "yet", "if",
    "as", "than", "because", "since", "although", "though", "unless", "after", "before", "until", "of", "in", "on",
    "at", "by", "for", "from", "to", "with", "without", "into", "onto", "about", "above", "below", "over", "under",
    "between", "among", "through", "during", "against", "across", "per", "via", "according", "all", "both", "each",
    "every", "any", "no", "none", "such", "also", "then", "however", "meanwhile", "still", "yes", "it's", "that's",
    "there's", "here's", "what's", "who's", "he's", "she's", "let's",
})
# Adverbs and time phrases that sit between a speaker and the verb ("has separately announced", "on Friday said").
_SKIPPABLE = _AUXILIARIES | frozenset({
    "also", "previously", "earlier", "later", "recently", "repeatedly", "publicly", "privately", "separately",
    "further", "then", "once", "already", "again", "often", "still", "just", "first", "initially", "subsequently",
    "additionally", "jointly", "openly", "explicitly", "flatly", "widely", "long", "generally", "commonly",
    "increasingly", "frequently", "consistently", "reportedly", "on", "today", "yesterday", "tonight", "overnight",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "this", "last", "week",
    "weekend", "month", "morning", "afternoon", "evening", "night",
})
# Company-form suffixes dropped when normalising a speaker name ("Nvidia Corp." and "Nvidia" are one source).
_CORPORATE_SUFFIXES = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "ag", "sa",
    "nv", "gmbh", "group", "holdings",
})
# Reporting expressions whose speaker follows them ("according to Reuters", "citing sources").
_SPEAKER_AFTER = frozenset({"according", "citing", "as"})
# Finite forms: only they invert ("said Jane Doe", "adds Doe"; a bare "Think" opening a line is an imperative).
# "told" and "tells" take the hearer after them ("told BBC News"), never the speaker.
_FINITE_IRREGULAR = frozenset({"said", "told", "wrote", "thought", "forecast"})
_HEARER_AFTER = frozenset({"told", "tells"})
# Verbs that raise a claim in the passive with no speaker ("is said to", "is expected to"): the raising-to-subject
# reporting verbs of Postal, P. (1974) "On Raising", MIT Press, and Quirk et al. (1985) section 16.52.
_RAISING = frozenset({
    "said", "reported", "believed", "thought", "expected", "alleged", "claimed", "estimated", "projected",
    "predicted", "rumored", "rumoured", "confirmed", "forecast",
})
# Frames ("in a statement") attach to a reporting verb; alone they need one of their own.
_FRAME_HEAD = "in"
# A speaker after an inverted verb ends its clause or takes a prepositional phrase ("said Jane Doe of Acme").
_AFTER_SPEAKER = frozenset({"of", "at", "in", "for", "from", "on", "who", "whose", "to"})

_HARD_STOP = frozenset(";:()[]{}\"“”«»")
_PARENTHETICAL = frozenset(",—–")
_PAREN_RE = re.compile(r"\([^()]*\)")
_NAME_GAP_RE = re.compile(r"\.?[^\S\r\n]+")

class _Speaker(NamedTuple):
    """A typed speaker: the attribution category and the token range to show with the verb."""

    category: str
    first: int
    end: int


def _normalise(word: str) -> str:
    word = word.lower().replace("’", "'")
    return word[:-2] if word.endswith("'s") else word.rstrip("'")


def _is_name_word(word: str) -> bool:
    if len(word) > 1 and word.isupper():
        return True  # an acronym, even one spelled like a function word ("US", "IT")
    return word[:1].isupper() and word.lower().replace("’", "'") not in _FUNCTION_WORDS


def _is_finite(verb: str) -> bool:
    return verb in _FINITE_IRREGULAR or verb.endswith(("s", "ed"))


def _is_comma(gap: str) -> bool:
    """Return True when the text between two words separates clauses or appositives (comma, dash)."""
    return not _PARENTHETICAL.isdisjoint(gap) or " - " in gap


class _SpeakerFinder:
    """Resolve reporting hits of one document into typed attributions (see the module docstring)."""

    def __init__(
        self, doc: Document, in_quote: bytearray, anonymous: dict[int, Match], vague: dict[int, Match]
    ) -> None:
        self.doc = doc
        self.words = doc.words
        self.in_quote = in_quote
        self.anonymous = anonymous
        self.vague = vague
        self.previous_category = ""

    # -- token geometry
    def _gap(self, left: int) -> str:
        """Return the text between token ``left`` and token ``left + 1``."""
        return self.doc.text[self.doc.word_ends[left] : self.doc.word_starts[left + 1]]

    def _stops(self, left: int) -> bool:
        return self.in_quote[left] != self.in_quote[left + 1] or not _HARD_STOP.isdisjoint(self._gap(left))

    def _comma(self, left: int) -> bool:
        return _is_comma(self._gap(left))

    def _shouted(self, match: Match) -> bool:
        """Return True for a hit in capitals ("CEO SAYS"): capitals then mark no name."""
        word = self.doc.text[self.doc.word_starts[match.first] : self.doc.word_ends[match.first]]
        return len(word) > 1 and word.isupper()

    def _is_name(self, index: int) -> bool:
        return _is_name_word(self.doc.text[self.doc.word_starts[index] : self.doc.word_ends[index]])

    def _joined(self, left: int) -> bool:
        gap_start, gap_end = self.doc.word_ends[left], self.doc.word_starts[left + 1]
        return _NAME_GAP_RE.fullmatch(self.doc.text, gap_start, gap_end) is not None

    def _segments_before(self, first: int, lo: int, limit: int) -> tuple[list[list[int]], bool]:
        """Return up to ``limit`` comma-separated runs of tokens before ``first``, nearest first, in text order.

        A parenthesis is stepped over ("Atlas Lithium Corp. (NASDAQ: ATLX)
        announced"). When a comma ends the last run gathered, an empty run
        follows it. The flag is True when the farthest run was cut by
        :data:`WINDOW` rather than ended by a comma, a stop or the start of
        the sentence.
        """
        text, starts, ends, in_quote = self.doc.text, self.doc.word_starts, self.doc.word_ends, self.in_quote
        segments: list[list[int]] = [[]]
        right, index = first, first - 1
        while index >= lo:
            gap = text[ends[index] : starts[right]]
            if ")" in gap and "(" not in gap:
                opening = text.rfind("(", starts[lo], ends[index])
                index = bisect.bisect_left(starts, opening) - 1 if opening >= 0 else lo - 1
                if index < lo:
                    break
                gap = _PAREN_RE.sub(" ", text[ends[index] : starts[right]])
            if in_quote[index] or in_quote[right] or not _HARD_STOP.isdisjoint(gap):
                break
            if _is_comma(gap):
                segments.append([])
                if len(segments) > limit:
                    return segments, False
            if len(segments[-1]) == WINDOW:
                return segments, True
            segments[-1].insert(0, index)
            right, index = index, index - 1
        return segments, False

    def _segment_after(self, end: int, hi: int, *, across_comma: bool = False) -> list[int]:
        """Return the tokens from ``end`` up to the next comma or stop, at most :data:`WINDOW`."""
        tokens: list[int] = []
        index = end
        while index < hi and len(tokens) < WINDOW and not self.in_quote[index]:
            if self._stops(index - 1) or (self._comma(index - 1) and not (across_comma and index == end)):
                break
            tokens.append(index)
            index += 1
        return tokens

    # -- typing a speaker phrase
    def _mark_in(self, marks: dict[int, Match], tokens: Sequence[int]) -> Match | None:
        return next((marks[index] for index in tokens if index in marks), None)

    def _type(
        self, head: int, segment: list[int], appositive: list[int], *, before: bool, finite: bool
    ) -> _Speaker | None:
        words = self.words
        marker = self._mark_in(self.anonymous, segment)
        if marker is not None:
            return _Speaker(_ANONYMOUS, marker.first, marker.end)
        marker = self.vague.get(head)
        if marker is not None:
            return _Speaker(_VAGUE, marker.first, marker.end)
        if self._is_name(head):
            first = end = head
            if before:
                while first - 1 in segment and self._is_name(first - 1) and self._joined(first - 1):
                    first -= 1
            else:
                while end + 1 in segment and self._is_name(end + 1) and self._joined(end):
                    end += 1
            return _Speaker(_NAMED, first, end + 1)
        marker = self._mark_in(self.vague, segment)
        if marker is not None:
            return _Speaker(_VAGUE, marker.first, marker.end)
        if words[head] == "they":
            return _Speaker(self.previous_category or _VAGUE, head, head + 1)
        if words[head] in _PRONOUNS:
            return _Speaker(_NAMED, head, head + 1)
        marker = self._mark_in(self.anonymous, appositive)
        if marker is not None:
            return _Speaker(_ANONYMOUS, marker.first, marker.end)
        if not finite and not words[head].endswith("s"):
            return None  # "the final say": a base form after a singular noun is a noun itself
        position = segment.index(head)
        for index in reversed(segment[max(position - 4, 0) : position]):
            if words[index] in _DEFINITE or (words[index].endswith("'s") and words[index] not in _FUNCTION_WORDS):
                return _Speaker(_NAMED, head, head + 1)
            if words[index] in _FUNCTION_WORDS:
                break  # "the data is closely observed": not one noun phrase
        return None

    def _after(self, end: int, hi: int, *, strict: bool) -> _Speaker | None:
        """Type the speaker after a reporting expression ("said Jane Doe", "according to sources").

        ``strict`` is for a verb after a comma, which may also close an
        appositive ("Jane Doe, chief executive, said OpenAI would..."): the
        speaker must then be a name closing its clause, or an anonymous source.
        """
        words = self.words
        segment = self._segment_after(end, hi)
        if segment and words[segment[0]] == "by":
            segment = segment[1:]
        head = next((i for i in segment if words[i] not in _DEFINITE and words[i] not in _SKIPPABLE), None)
        if head is not None and words[head] in ("a", "an"):
            head = next((i for i in segment if i > head), None)
        if head is None or (words[head] in _FUNCTION_WORDS and words[head] not in _PRONOUNS):
            return None
        if strict:
            run_end = head
            while run_end + 1 in segment and self._is_name(run_end + 1) and self._joined(run_end):
                run_end += 1
            closes = run_end == segment[-1] or words[run_end + 1] in _AFTER_SPEAKER
            if not ((self._is_name(head) and closes) or head in self.anonymous):
                return None
        appositive = self._segment_after(segment[-1] + 1, hi, across_comma=True)
        return self._type(head, segment, appositive, before=False, finite=True)

    def _before(self, match: Match, lo: int, hi: int) -> tuple[_Speaker | None, int]:
        """Type the speaker of a reporting verb: before it, past an appositive, or after it (inversion).

        Returns the speaker and the index of a be-form found between subject
        and verb (``-1`` when the verb is not passive).
        """
        words = self.words
        segments, cut = self._segments_before(match.first, lo, 1)
        finite = _is_finite(words[match.first])
        nearest = segments[0]
        be_form = -1
        while nearest and words[nearest[-1]] in _SKIPPABLE:
            if words[nearest[-1]] in _BE and be_form < 0:
                be_form = nearest[-1]
            nearest = nearest[:-1]
        if be_form >= 0 and not words[match.first].endswith("ing"):  # "are calling it" is progressive
            return None, be_form
        if nearest:
            head = nearest[-1]
            if words[head] in _RELATIVES and len(nearest) == 1 and len(segments) > 1:
                # "Altman, who said": the speaker is the antecedent before the comma.
                antecedent = self._segments_before(match.first, lo, 2)[0][1]
                if not antecedent:
                    return None, -1
                return self._type(antecedent[-1], antecedent, nearest, before=True, finite=finite), -1
            if words[head].endswith("'s") or (words[head] in _FUNCTION_WORDS and words[head] not in _PRONOUNS):
                return None, -1
            return self._type(head, nearest, [], before=True, finite=finite), -1
        invertible = finite and words[match.first] not in _HEARER_AFTER
        if len(segments) == 1:
            # The verb opens its clause: "“We are pleased,” said Jane Doe".
            return (self._after(match.end, hi, strict=False) if invertible else None), -1
        inverted = self._after(match.end, hi, strict=True) if invertible else None
        if inverted is not None:
            return inverted, -1
        segments, cut = self._segments_before(match.first, lo, 3)
        if len(segments) < 3 or not segments[2] or cut:
            return None, -1
        # "Jane Doe, a senior official, said"; "officials, who spoke on condition of anonymity, said".
        return self._type(segments[2][-1], segments[2], segments[1], before=True, finite=finite), -1

    # -- resolving every hit
    def attributions(self, reporting: list[Match]) -> list[tuple[str, int, int]]:
        """Return ``(category, start, end)`` for each attribution, in text order."""
        doc, words = self.doc, self.words
        starts, ends = doc.word_starts, doc.word_ends
        sentence_of = [doc.sentence_at(starts[match.first]) for match in reporting]
        verb_sentences = {
            index for match, index in zip(reporting, sentence_of, strict=True) if words[match.first] != _FRAME_HEAD
        }
        found: list[tuple[str, int, int]] = []
        for match, sentence_index in zip(reporting, sentence_of, strict=True):
            sentence = doc.sentences[sentence_index]
            if sentence.kind == "block" or self.in_quote[match.first] or self._shouted(match):
                continue
            if words[match.first] == _FRAME_HEAD and sentence_index in verb_sentences:
                continue
            lo = bisect.bisect_left(starts, sentence.start)
            hi = bisect.bisect_left(starts, sentence.end)
            speaker = self._resolve(match, lo, hi)
            if speaker is None:
                continue
            start = min(starts[match.first], starts[speaker.first])
            end = max(ends[match.end - 1], ends[speaker.end - 1])
            if found and found[-1][2] > start:
                continue  # the same attribution reached from a second reporting word
            found.append((speaker.category, start, end))
            self.previous_category = speaker.category
        return found

    def _resolve(self, match: Match, lo: int, hi: int) -> _Speaker | None:
        words = self.words
        if words[match.end - 1].endswith("edly"):
            # "reportedly", "allegedly": an evidential adverb reports with no speaker.
            return _Speaker(_VAGUE, match.first, match.end)
        if words[match.first] in _SPEAKER_AFTER:
            return self._after(match.end, hi, strict=False)
        speaker, be_form = self._before(match, lo, hi)
        if be_form < 0:
            return speaker
        following = words[match.end] if match.end < hi else ""
        if following == "by":
            return self._after(match.end, hi, strict=False)
        impersonal = words[be_form] == "it's" or (be_form > lo and words[be_form - 1] == "it")
        if (following == "to" and words[match.first] in _RAISING) or following == "that" or impersonal:
            # "is said to", "is expected to", "it is believed that": a claim raised with no speaker.
            return _Speaker(_VAGUE, be_form, match.end)
        return None
