"""Promotional language: puffery, hype, superlatives, calls to action, clickbait, speculation, positivity.

Every feature is a count of evidence spans per 1,000 words, except
``promotional_block_share`` (the share of words inside flagged SEO/tag/share
blocks, 0..1) and ``positivity`` (VADER valence points of positive words per
1,000 words). Each value can be recomputed from :meth:`PromotionalLanguage.evidence`.

Where a count happens, and where it does not:

- Lexicon hits (``self.matches``) count everywhere in the article, quotations
  included, except inside page-furniture blocks (comment prompts, source
  links, "related" lists, code debris): those are the page, not the writer.
- ``second_person`` words and rhetorical questions do not count inside direct
  quotations: there they address the speaker's listener, not the reader.
- Evaluative words (puffery, superlatives, hype adjectives, intensifiers,
  positive words) capitalised inside an ordinary sentence are taken as part of
  a name ("Great Britain", "Best Buy", "United Nations") and not counted.
- A few ambiguous words are checked against their neighbours (``_CONTEXT_RULES``,
  for lexicon and positive words alike): attributive "leading"/"novel" need a
  following content word ("a leading provider" but not "leading to", "her
  novel."), "critical of" is criticism, "outstanding common stock" is finance,
  "extraordinary gain" is accounting, "at best" is a limitation.
- A call to action counts only in imperative position: at the start of a
  sentence, line or clause, or after "please", "just", "simply", "and", "or",
  "then" ("Visit our site" but not "during his visit").
- Periphrastic superlatives are "most"/"least" followed by an adjective: a word
  from the puffery or hype lists, a common adjective, or a word with an
  adjective suffix ("most valuable", "most innovative"; not "most people").
- Exclamations and rhetorical questions are sentences ending in "!" or "?"
  (not headings, not page furniture); a question mark inside a quotation is
  the speaker's.
- ``positivity`` sums the VADER lexicon valence (Hutto & Gilbert 2014) of every
  word with a positive valence, skipping words within three tokens after a
  VADER negator ("not good") and words whose usual news sense is not
  evaluative ("interest" rates, "share" prices, "like" as a preposition, "trade
  agreement"). "US" in capitals is the country, not first-person "us".
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import ClassVar, NamedTuple

from vaderSentiment.vaderSentiment import NEGATE

from hypedetect.analysis import Analysis
from hypedetect.document import PROMOTIONAL_BLOCK_KINDS, Block, Document, Span
from hypedetect.extractors.base import (
    RATE,
    SCORE,
    SHARE,
    Category,
    Dimension,
    Evidence,
    Feature,
    LexiconExtractor,
    per_1k,
)
from hypedetect.lexicons import Lexicon, load_lexicon

__all__ = ["DIMENSION", "LEXICON_CATEGORIES", "PromotionalLanguage", "positive_valence"]

#: Shipped lexicons, in feature order; each gives ``<name>_per_1k``.
LEXICON_CATEGORIES = (
    "puffery",
    "superlatives",
    "hype_adjectives",
    "boosters",
    "intensifiers",
    "calls_to_action",
    "clickbait",
    "speculative_future",
    "second_person",
    "sensational",
    "announcement",
    "first_person_plural",
)

DIMENSION = Dimension(
    name="promotional",
    meaning="Promotional language per 1,000 words: puffery and hype adjectives, superlatives, boosters and "
    "intensifiers, sensational wording, speculative-future framing, calls to action, clickbait, exclamations, "
    "second-person address, the organisation's own voice ('we', 'today announced'), positivity, and the share "
    "of text in flagged promotional blocks (viral-phrase lists, tag lines).",
    colour="#D55E00",
    fill="#ffd1c1",
    terminal_colour="red",
    lexicons=LEXICON_CATEGORIES,
    categories=(
        Category("puffery", "praise with nothing to check (“world-class”, “game-changing”)", "#ffb3a7",
                 lexicon="puffery"),
        Category("superlatives", "claims to be the most or the best", "#ffc48a", lexicon="superlatives"),
        Category("hype_adjectives", "hype adjectives (“revolutionary”, “groundbreaking”)", "#ff9e9e",
                 lexicon="hype_adjectives"),
        Category("boosters", "words that inflate size or certainty", "#ffd6a5", lexicon="boosters"),
        Category("intensifiers", "intensifiers (“truly”, “incredibly”)", "#fbd3e9", lexicon="intensifiers"),
        Category("calls_to_action", "tells the reader to act (“sign up today”)", "#ff8fab", lexicon="calls_to_action"),
        Category("clickbait", "clickbait phrasing", "#f4a261", lexicon="clickbait"),
        Category("speculative_future", "speculation about a grand future (“poised to”)", "#ffe066",
                 lexicon="speculative_future"),
        Category("second_person", "addresses the reader as “you”", "#f9c6c9", lexicon="second_person"),
        Category("exclamation", "exclamation", "#ff7b7b"),
        Category("rhetorical_question", "a question the text answers itself", "#f6bd60"),
        Category("positive_word", "positive sentiment word", "#fde2e4", quiet=True),
        Category("sensational", "sensational or loaded wording (“shocking”, “slammed”)", "#ffadad",
                 lexicon="sensational"),
        Category("announcement", "an organisation announcing its own news (“today announced”)", "#ffd1c1",
                 lexicon="announcement"),
        Category("first_person_plural", "the organisation's own voice (“we”, “our”)", "#f7cad0",
                 lexicon="first_person_plural"),
        Category("promotional_block", "a flagged promotional block (viral phrases, tags, share prompt)", "#ffd1c1",
                 style="block"),
    ),
    features=(
        Feature("puffery_per_1k", RATE, "puffery spans per 1,000 words", summary=1),
        Feature("superlatives_per_1k", RATE, "superlatives (listed or periphrastic) per 1,000 words", summary=2),
        Feature("hype_adjectives_per_1k", RATE, "hype adjectives per 1,000 words"),
        Feature("boosters_per_1k", RATE, "boosters per 1,000 words"),
        Feature("intensifiers_per_1k", RATE, "intensifiers per 1,000 words"),
        Feature("calls_to_action_per_1k", RATE, "calls to action in imperative position per 1,000 words"),
        Feature("clickbait_per_1k", RATE, "clickbait phrases per 1,000 words"),
        Feature("exclamations_per_1k", RATE, "sentences ending in '!' per 1,000 words"),
        Feature("rhetorical_questions_per_1k", RATE, "questions outside quotations per 1,000 words"),
        Feature("second_person_per_1k", RATE, "second-person words outside quotations per 1,000 words"),
        Feature("speculative_future_per_1k", RATE, "speculative-future phrases per 1,000 words"),
        Feature("sensational_per_1k", RATE, "sensational and loaded words per 1,000 words"),
        Feature("announcement_per_1k", RATE, "self-announcement phrases per 1,000 words"),
        Feature("first_person_plural_per_1k", RATE, "'we'/'our' outside quotations per 1,000 words"),
        Feature("promotional_block_share", SHARE, "share of words inside flagged promotional blocks", summary=3),
        # Valence points per 1,000 words: a weighted sum, not a count, so the model does not log it.
        Feature("positivity", SCORE, "VADER valence points of positive words per 1,000 words"),
    ),
)

_NAME = DIMENSION.name

#: Evidence categories found by rules rather than lexicons, and their features.
_RULE_FEATURES = {
    "exclamation": "exclamations_per_1k",
    "rhetorical_question": "rhetorical_questions_per_1k",
}

# Person markers count only in the writer's own voice, not inside quotations.
_OWN_VOICE = frozenset({"second_person", "first_person_plural"})
# Entries that are another word when written in capitals in an ordinary sentence: "US" is the country.
_OTHER_WORD_IN_CAPITALS = frozenset({"us"})

# Categories of evaluative words, where a capitalised word mid-sentence is part of a name.
_EVALUATIVE = frozenset({"puffery", "superlatives", "hype_adjectives", "intensifiers", "sensational"})

# Closed-class English words (articles, pronouns, prepositions, conjunctions,
# auxiliaries, modals, particles), after the function-word classes of Quirk et
# al. (1985) ch. 2. A word followed by one of these is not an attributive adjective.
_FUNCTION_WORDS = frozenset(
    """
    a an the this that these those some any each every no all both either neither few many much more most
    several such what which whose whom who whoever whatever whichever
    i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves one ones someone something anyone
    anything everyone everything nobody nothing somebody anybody everybody
    about above across after against along amid among around as at before behind below beneath beside
    besides between beyond by despite down during except for from in inside into like near of off on onto
    out outside over past per since than through throughout till to toward towards under underneath
    unlike until up upon via with within without
    and or but nor so yet because although though while whereas if unless whether when whenever where
    wherever how why then than also too not never
    is am are was were be been being have has had having do does did doing done will would shall should
    can could may might must ought need
    there here now just only even still again ever yet already
    said says say told tells added adds
    """.split()
)

# Finance nouns near which "outstanding" means "unpaid / not yet issued" ("#" stands for any number:
# "all its outstanding 8-1/4 pct debentures", "15 billion dlrs outstanding").
_FINANCE_NOUNS = frozenset(
    """
    debt debts loan loans balance balances amount amounts share shares stock stocks bond bonds note notes
    warrant warrants option options obligation obligations payment payments claim claims bill bills fine
    fines invoice invoices liability liabilities mortgage mortgages credit credits principal arrears
    issue issues question questions matter matters case cases order orders ticket tickets contract contracts
    debenture debentures paper securities equity units dollars dlrs total #
    """.split()
)
# Accounting and procedure nouns after which "extraordinary" is a technical term.
_FORMAL_NOUNS = frozenset(
    """
    gain gains loss losses item items charge charges credit credits income expense expenses provision
    meeting general session sessions rendition measures powers
    """.split()
)


class _ContextRule(NamedTuple):
    """Neighbours that veto a lexicon word, and whether it needs a following word.

    ``not_before`` is checked against the next ``reach`` words of the same
    clause, ``not_after`` against the word just before.
    """

    not_before: frozenset[str] = frozenset()
    not_after: frozenset[str] = frozenset()
    needs_next: bool = False
    reach: int = 1


# Small context rules for ambiguous single words, keyed by the word.
_CONTEXT_RULES: dict[str, _ContextRule] = {
    # Attributive only: "a leading provider", not "leading to", "leading the", "leading cause of death".
    "leading": _ContextRule(_FUNCTION_WORDS | {"cause", "causes", "indicator", "indicators"}, needs_next=True),
    # The adjective, not the book ("her novel", "the novel was"); "novel coronavirus" is the virus's name.
    "novel": _ContextRule(_FUNCTION_WORDS | {"coronavirus"}, needs_next=True),
    # Criticism ("critical of") and the medical state ("in critical condition", "critical care").
    "critical": _ContextRule(frozenset({"of", "condition", "care"})),
    # Finance ("outstanding common stock", "shares outstanding") and accounting ("extraordinary gain").
    "outstanding": _ContextRule(_FINANCE_NOUNS, _FINANCE_NOUNS, reach=3),
    "extraordinary": _ContextRule(_FORMAL_NOUNS),
    # Idioms of limitation.
    "best": _ContextRule(not_after=frozenset({"at"})),
    "worst": _ContextRule(not_after=frozenset({"at"})),
}

# Periphrastic superlatives: "most"/"least" + adjective.
_DEGREE_WORDS = frozenset({"most", "least"})
_ADJECTIVE_SUFFIX_RE = re.compile(r"(?:able|ible|ful|ive|ous|ic|al|ant|ent|less|ary|ory|ing|ed|ish|ile|ior|ar)$")
# Common adjectives without a telling suffix.
_PLAIN_ADJECTIVES = frozenset(
    """
    common difficult complex severe intense secure mature diverse crucial vital robust bold strong weak
    wise smart keen rich poor young old fair safe free clean green cheap fast slow quick hard easy
    beautiful
    """.split()
)
# Adjective-looking words after "most" that are not periphrastic superlatives here.
_NOT_SUPERLATIVE = frozenset({"recent", "likely", "part", "everything", "evening", "morning", "seed", "speed"})

# VADER lexicon words whose usual news sense is not evaluative: prepositions and
# hedges ("like", "well", "pretty", "kind of"), finance ("interest", "share",
# "credit", "fund", "asset"), institutions ("party", "intelligence", "justice",
# "security", "legal", "united"), medicine ("heart", "immune", "care", "treat")
# and plain nouns ("energy", "number"); nouns that name events of negotiation and contest, not a
# judgement ("a trade agreement", "climate commitments", "faces challenges", "white supremacy").
_VADER_NEUTRAL_IN_NEWS = frozenset(
    """
    like likes well kind pretty please yes ok okay sure interest interests interested share shares
    credit credits fund funds funding asset assets party parties intelligence justice security legal
    united heart hearts immune care treat energy number
    agreement agreements commitment commitments challenge challenges supremacy
    """.split()
)
_NEGATORS = frozenset(NEGATE)

# Punctuation that opens a clause (so an imperative may follow), and the words after which one may.
_CLAUSE_BREAK = frozenset(".!?,;:()[]—–-•·|*\"“”«»")
_IMPERATIVE_AFTER = frozenset({"please", "just", "simply", "and", "or", "then"})
# Punctuation after which a capitalised word starts a sentence or quotation, not a name.
_SENTENCE_BREAK = frozenset(".!?:;()[]—–-•*\"“‘'«")
_CLOSERS = "\"'”’»)] \t\r\n"


@functools.cache
def _positive_valences() -> dict[str, float]:
    """Read ``vader_lexicon.txt`` from the installed vaderSentiment package once."""
    source = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    valences = {}
    for line in source.splitlines():
        token, _, rest = line.partition("\t")
        if not token or not token[0].isalpha() or token in _VADER_NEUTRAL_IN_NEWS:
            continue
        value = float(rest.partition("\t")[0])
        if value > 0:
            valences[token] = value
    return valences


def positive_valence(word: str) -> float:
    """Return the VADER valence of ``word`` if it counts as a positive word, else 0.0.

    Parameters
    ----------
    word : str
        A word as it appears in the text (case and curly apostrophes are folded).

    Returns
    -------
    float
        The mean valence (0..4) from VADER's ``vader_lexicon.txt``; 0.0 for
        negative, neutral or unlisted words and for words neutral in news.

    Examples
    --------
    >>> positive_valence("Great")
    3.1
    >>> positive_valence("interest"), positive_valence("terrible")
    (0.0, 0.0)

    """
    return _positive_valences().get(word.lower().replace("’", "'"), 0.0)


@functools.cache
def _candidate_words() -> frozenset[str]:
    """Words the per-word pass looks at: positive words and "most"/"least"."""
    return frozenset(_positive_valences()) | _DEGREE_WORDS


@functools.cache
def _lexicon_adjectives() -> frozenset[str]:
    """Single-word entries of the puffery and hype lists: known adjectives after "most"."""
    lexicons: list[Lexicon] = [load_lexicon("puffery"), load_lexicon("hype_adjectives")]
    return frozenset(e for lex in lexicons for e in lex.entries if " " not in e and not e.endswith("*"))


class _Layout:
    """Where blocks and quotations lie in one document, for position look-ups."""

    __slots__ = ("blocks", "block_starts", "quotes", "quote_starts", "skipped")

    def __init__(self, doc: Document) -> None:
        self.blocks: list[Block] = sorted(doc.blocks)
        self.block_starts = [b.start for b in self.blocks]
        self.quotes: list[Span] = sorted(doc.quotes)
        self.quote_starts = [q.start for q in self.quotes]
        # Token indices inside page furniture: nothing is counted there.
        self.skipped: set[int] = set()
        for block in self.blocks:
            if not _counted_block(block.kind):
                first = bisect.bisect_left(doc.word_starts, block.start)
                self.skipped.update(range(first, bisect.bisect_left(doc.word_starts, block.end)))

    def block_at(self, offset: int) -> Block | None:
        b = bisect.bisect_right(self.block_starts, offset) - 1
        return self.blocks[b] if b >= 0 and offset < self.blocks[b].end else None

    def in_quote(self, offset: int) -> bool:
        q = bisect.bisect_right(self.quote_starts, offset) - 1
        return q >= 0 and offset < self.quotes[q].end


def _counted_block(kind: str) -> bool:
    """Promotional blocks and plain bullet lists are the writer's text; other blocks are page furniture."""
    return kind in PROMOTIONAL_BLOCK_KINDS or kind == "list"


def _gap(doc: Document, before: int, after: int) -> str:
    """Return the text between token ``before`` and token ``after``."""
    return doc.text[doc.word_ends[before] : doc.word_starts[after]]


def _neighbour(doc: Document, i: int, step: int) -> str:
    """Return the adjacent word (``step`` = +1 or -1) if only white space (one line break at most) separates them.

    Numbers are returned as ``"#"``; "" means no adjacent word in the same clause.
    """
    j = i + step
    if not 0 <= j < doc.n_words:
        return ""
    gap = _gap(doc, min(i, j), max(i, j))
    if gap.strip() or gap.count("\n") > 1:
        return ""
    word = doc.words[j]
    return "#" if word[0].isdigit() else word


def _starts_sentence(doc: Document, i: int) -> bool:
    """Tell whether token ``i`` is the first word of its sentence (or heading, or block line)."""
    sentence_start = doc.sentences[doc.sentence_at(doc.word_starts[i])].start if doc.sentences else 0
    return i == 0 or doc.word_ends[i - 1] <= sentence_start


def _vetoed(doc: Document, i: int) -> bool:
    """Apply the context rule of the word at ``i``, if it has one."""
    rule = _CONTEXT_RULES.get(doc.words[i])
    if rule is None:
        return False
    following = _neighbour(doc, i, +1)
    if rule.needs_next and not following:
        return True
    if _neighbour(doc, i, -1) in rule.not_after:
        return True
    for step in range(rule.reach):
        if not following:
            return False
        if following in rule.not_before:
            return True
        following = _neighbour(doc, i + step + 1, +1)
    return False


def _in_imperative_position(doc: Document, i: int) -> bool:
    """Tell whether token ``i`` may open an imperative: sentence or clause start, or after "please"."""
    if _starts_sentence(doc, i) or doc.words[i - 1] in _IMPERATIVE_AFTER:
        return True
    return any(c in _CLAUSE_BREAK for c in _gap(doc, i - 1, i))


def _is_name_part(doc: Document, i: int) -> bool:
    """Tell whether token ``i`` is a capitalised word inside an ordinary sentence ("Great Britain", "Best Buy")."""
    start = doc.word_starts[i]
    if not doc.text[start].isupper() or doc.text[start : doc.word_ends[i]].isupper():
        return False
    if not doc.sentences or doc.sentences[doc.sentence_at(start)].kind != "sentence" or _starts_sentence(doc, i):
        return False
    if _is_title_case(doc, doc.sentences[doc.sentence_at(start)]):
        return False  # "Utility Unveils Game-Changing Plan!": capitals mark a headline, not names
    return not any(c in _SENTENCE_BREAK for c in _gap(doc, i - 1, i))


def _is_capitalised_word(doc: Document, i: int) -> bool:
    """Tell whether token ``i`` is written in capitals ("US") in a sentence that is not all capitals."""
    if not doc.text[doc.word_starts[i] : doc.word_ends[i]].isupper():
        return False
    sentence = doc.sentences[doc.sentence_at(doc.word_starts[i])] if doc.sentences else None
    return sentence is None or not doc.text[sentence.start : sentence.end].isupper()


def _is_title_case(doc: Document, sentence: Span) -> bool:
    """Tell whether most longer words of a sentence are capitalised, as in a headline."""
    first = bisect.bisect_left(doc.word_starts, sentence.start)
    end = bisect.bisect_left(doc.word_starts, sentence.end)
    longer = [doc.word_starts[j] for j in range(first, end) if doc.word_ends[j] - doc.word_starts[j] >= 4]
    return len(longer) >= 3 and sum(doc.text[j].isupper() for j in longer) >= 0.7 * len(longer)


def _is_periphrastic_superlative(doc: Document, i: int) -> bool:
    """Tell whether token ``i`` is "most"/"least" followed by an adjective."""
    following = _neighbour(doc, i, +1)
    if not following or following in _FUNCTION_WORDS or following in _NOT_SUPERLATIVE:
        return False
    if _neighbour(doc, i, -1) == "at":
        return False
    return bool(
        following in _PLAIN_ADJECTIVES
        or following in _lexicon_adjectives()
        or (len(following) > 4 and not following.endswith("ment") and _ADJECTIVE_SUFFIX_RE.search(following))
    )


class PromotionalLanguage(LexiconExtractor):
    """Rates of promotional language per 1,000 words, with the spans behind them.

    Features: ``puffery_per_1k``, ``superlatives_per_1k``, ``hype_adjectives_per_1k``,
    ``boosters_per_1k``, ``intensifiers_per_1k``, ``calls_to_action_per_1k``,
    ``clickbait_per_1k``, ``speculative_future_per_1k``, ``exclamations_per_1k``,
    ``rhetorical_questions_per_1k``, ``second_person_per_1k``, ``sensational_per_1k``
    (sensational and loaded wording), ``announcement_per_1k`` (an organisation
    announcing its own news: "today announced", "is pleased to"),
    ``first_person_plural_per_1k`` ("we"/"our" outside quotes: the organisation's
    own voice), ``promotional_block_share`` (0..1), ``positivity`` (VADER valence points of
    positive words per 1,000 words), and ``user_<name>_per_1k`` for each user
    lexicon. See the module docstring for what is and is not counted.

    Parameters
    ----------
    lexicons : iterable of str, path or Lexicon, optional
        Extra lexicon files. A file named like a shipped category (e.g.
        ``puffery.txt``) extends it; any other becomes ``user_<name>``.

    Examples
    --------
    >>> from hypedetect.document import parse
    >>> extractor = PromotionalLanguage().fit(["x"])
    >>> doc = parse("Our groundbreaking app is poised to change your life! Sign up now.")
    >>> [(e.category, e.text) for e in extractor.evidence(doc) if e.category not in ("positive_word", "exclamation")]
    [('first_person_plural', 'Our'), ('puffery', 'groundbreaking'), ('speculative_future', 'poised to'),
     ('clickbait', 'change your life'), ('second_person', 'your'), ('calls_to_action', 'Sign up now')]
    >>> round(extractor.score(doc)["puffery_per_1k"], 1)  # 1 of 12 words
    83.3

    """

    declaration: ClassVar[Dimension] = DIMENSION

    def __init__(self, *, lexicons=None) -> None:
        self.lexicons = lexicons

    def evidence(self, analysis: Analysis | Document) -> list[Evidence]:
        """Return every span counted in the article, in text order.

        Parameters
        ----------
        analysis : Analysis or Document
            The analysed article.

        Returns
        -------
        list of Evidence
            Categories: the lexicon names, ``user_<name>``, ``exclamation``,
            ``rhetorical_question``, ``promotional_block`` and ``positive_word``.

        """
        analysis = self.analyse(analysis)
        doc = analysis.doc
        layout = _Layout(doc)
        found = [*self._lexicon_evidence(analysis, layout), *self._word_evidence(doc, layout)]
        found += self._sentence_evidence(doc, layout)
        found += [
            Evidence(self.dimension, "promotional_block", b.start, b.end, doc.text[b.start : b.end])
            for b in layout.blocks
            if b.kind in PROMOTIONAL_BLOCK_KINDS
        ]
        found.sort(key=lambda e: (e.start, e.end, e.category))
        return found

    def _lexicon_evidence(self, analysis: Analysis, layout: _Layout) -> list[Evidence]:
        doc = analysis.doc
        found = []
        for match in self.matches(analysis):
            category, first, end = match
            if first in layout.skipped:
                continue
            if category in _EVALUATIVE and (_is_name_part(doc, first) or (end - first == 1 and _vetoed(doc, first))):
                continue
            if category == "calls_to_action" and not _in_imperative_position(doc, first):
                continue
            if end - first == 1 and doc.words[first] in _OTHER_WORD_IN_CAPITALS and _is_capitalised_word(doc, first):
                continue
            start, stop = self.span_of(doc, match)
            if category in _OWN_VOICE and layout.in_quote(start):
                continue
            found.append(Evidence(_NAME, category, start, stop, doc.text[start:stop]))
        return found

    def _word_evidence(self, doc: Document, layout: _Layout) -> list[Evidence]:
        """One pass over the words: positive words and periphrastic superlatives."""
        found = []
        valences = _positive_valences()
        words, starts, ends, text = doc.words, doc.word_starts, doc.word_ends, doc.text
        for i in doc.positions_of(_candidate_words()):
            if i in layout.skipped or _is_name_part(doc, i):
                continue
            if words[i] in valences:
                if not _vetoed(doc, i) and not _NEGATORS.intersection(words[max(i - 3, 0) : i]):
                    found.append(Evidence(_NAME, "positive_word", starts[i], ends[i], text[starts[i] : ends[i]]))
            elif _is_periphrastic_superlative(doc, i):
                found.append(Evidence(_NAME, "superlatives", starts[i], ends[i + 1], text[starts[i] : ends[i + 1]]))
        return found

    def _sentence_evidence(self, doc: Document, layout: _Layout) -> list[Evidence]:
        """Exclamations and rhetorical questions, one pass over the sentences."""
        found = []
        for sentence in doc.sentences:
            if sentence.kind == "heading":
                continue
            if sentence.kind == "block":
                block = layout.block_at(sentence.start)
                if block is not None and not _counted_block(block.kind):
                    continue
            body = doc.text[sentence.start : sentence.end].rstrip(_CLOSERS)
            if body.endswith("!"):
                category = "exclamation"
            elif body.endswith("?") and not layout.in_quote(sentence.start + len(body) - 1):
                category = "rhetorical_question"
            else:
                continue
            start, end = sentence.start, sentence.end
            found.append(Evidence(_NAME, category, start, end, doc.text[start:end]))
        return found

    def features(self, analysis: Analysis | Document, evidence: Sequence[Evidence]) -> Mapping[str, float]:
        """Return the feature values of the article, computed from ``evidence``.

        Parameters
        ----------
        analysis : Analysis or Document
            The analysed article.
        evidence : sequence of Evidence
            As returned by :meth:`evidence`.

        Returns
        -------
        dict of str to float
            Keyed by :meth:`feature_names`.

        """
        doc = analysis.doc if isinstance(analysis, Analysis) else analysis
        n_words = doc.n_words
        counts = Counter(e.category for e in evidence)
        values = {f"{category}_per_1k": per_1k(counts[category], n_words) for category in LEXICON_CATEGORIES}
        values.update({name: per_1k(counts[category], n_words) for category, name in _RULE_FEATURES.items()})
        values.update({f"{name}_per_1k": per_1k(counts[name], n_words) for name in self.user_categories()})
        block_words = sum(doc.words_between(e.start, e.end) for e in evidence if e.category == "promotional_block")
        values["promotional_block_share"] = min(block_words / n_words, 1.0) if n_words else 0.0
        valence = sum(positive_valence(e.text) for e in evidence if e.category == "positive_word")
        values["positivity"] = per_1k(valence, n_words)
        return {name: values[name] for name in self.feature_names()}
