"""The one matching engine: whether a learner's item says what a published item says.

Items are compared by their content words (stop words left out, common suffixes cut). An
item matches when it has every content word of one of the published item's accepted
wordings, or when its own content words are at least half of one wording and all in it.
Near misses in spelling are "close". The schema and self-state comparisons and the workshop
report all judge with it.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Literal

_STOPWORDS = frozenset({
    "a", "an", "the", "to", "of", "and", "or", "for", "be", "being", "is", "are", "was",
    "were", "by", "with", "her", "his", "their", "she", "he", "they", "i", "me", "my", "you",
    "your", "it", "its", "that", "this", "as", "at", "in", "on", "from", "into", "about",
    "feel", "feels", "feeling", "herself", "himself", "themselves", "someone", "others",
    "other", "self",
})
_SUFFIXES = ("iness", "ness", "ing", "edly", "ed", "ful", "ity", "ly", "es", "s", "e")
CLOSE_RATIO = 0.75


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=65_536)
def content_words(text: str) -> frozenset[str]:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return frozenset(_stem(w) for w in words if w not in _STOPWORDS)


def judge(learner_text: str, accepted: list[str]) -> Literal["match", "close"] | None:
    """How well one learner item says one published item (given all its accepted wordings)."""
    # A class writes the same few words many times: the workshop report judges each pair once.
    return _judge(learner_text, tuple(accepted))


@lru_cache(maxsize=65_536)
def _judge(learner_text: str, accepted: tuple[str, ...]) -> Literal["match", "close"] | None:
    learner = content_words(learner_text)
    if not learner:
        return None
    best: Literal["match", "close"] | None = None
    for phrase in accepted:
        key = content_words(phrase)
        if not key:
            continue
        if key <= learner or (learner <= key and len(learner) * 2 >= len(key)):
            return "match"
        if best is None and (
                _similar(" ".join(sorted(learner)), " ".join(sorted(key)), CLOSE_RATIO)
                or any(_similar(a, b, 0.85)
                       for a in learner for b in key if len(a) >= 4 and len(b) >= 4)):
            best = "close"  # a later wording may still match exactly
    return best


def _similar(a: str, b: str, threshold: float) -> bool:
    # The cheap upper bounds first: most pairs fail them, and ratio() is slow.
    matcher = difflib.SequenceMatcher(None, a, b)
    return (matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold
            and matcher.ratio() >= threshold)


def pair_up(published: list[list[str]], learner: list[str]) -> list[tuple[str, int] | None]:
    """For each published item (given as its accepted wordings), the learner item that says it
    (status, index), each learner item used once. Matches are paired before near misses, so a
    near miss never takes an item another published item matches exactly."""
    pairs: list[tuple[str, int] | None] = [None] * len(published)
    used: set[int] = set()
    for wanted in ("match", "close"):
        for slot, accepted in enumerate(published):
            if pairs[slot] is not None:
                continue
            for index, text in enumerate(learner):
                if index not in used and judge(text, accepted) == wanted:
                    pairs[slot] = (wanted, index)
                    used.add(index)
                    break
    return pairs
