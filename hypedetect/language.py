"""Whether a text looks like English prose: the share of common English function words.

The lexicons and the model are English; a text in another language is still
scored, with a warning (:func:`language_warning`) in its status.
"""

from __future__ import annotations

from hypedetect.document import Document

__all__ = ["ENGLISH_FUNCTION_WORDS", "MIN_ENGLISH_SHARE", "english_share", "language_warning"]
#: The most frequent English function words (closed-class words at the top of the Brown corpus
#: frequency list, Francis & Kučera 1982). In running English prose they make up 40-50% of tokens.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a in that is was he for it with as his on be at by i this had not are but from or have an "
    "they which one you were her all she there would their we him been has when who will more no if out so "
    "said what up its about into than them can only other new some could time these two may then do first any "
    "my now such like our over man me even most made after also did many before must through back years where "
    "much your way well down should because each just those people how too little state good very make world "
    "still own see men work long get here between both life being under never day same another know while last "
    "might us great old year off come since against go came right used take three".split()
)

#: Below this share of English function words (in texts of 30+ words) a text is flagged as not English.
MIN_ENGLISH_SHARE = 0.15


def english_share(doc: Document) -> float:
    """Return the share of word tokens that are common English function words (1.0 for short texts).

    Examples
    --------
    >>> from hypedetect.document import parse
    >>> round(english_share(parse("The cat sat on the mat and it was happy with the day.")), 2)
    1.0
    >>> english_share(parse("Der Stadtrat hat am Dienstag den Haushalt beschlossen, sagten Beamte. " * 4)) < 0.15
    True
    """
    if doc.n_words < 30:
        return 1.0
    return sum(1 for word in doc.words if word in ENGLISH_FUNCTION_WORDS) / doc.n_words


def language_warning(doc: Document) -> str | None:
    """Return a warning when ``doc`` does not look like English, else None."""
    share = english_share(doc)
    if share >= MIN_ENGLISH_SHARE:
        return None
    return (f"does not look like English prose ({share:.0%} English function words); "
            "the English lexicons and model may not apply")
