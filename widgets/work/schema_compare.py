"""Compare a learner's schema with the published one, element by element.

Wording is not the test: an item matches when it says what a published item says, in the
key's words, in one of the case file's accepted wordings (`also_accept`), or with the same
content words after simple normalisation. Near misses are "close"; published items nobody
named are "missing"; the learner's other items are "not in the published formulation", which
is a prompt for discussion, not a mark of error. Each verdict carries the case's evidence.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from ..case.model import Case, InterpersonalSchema
from ..case.vocabulary import MOTIVE_LABELS
from .schema import ELEMENTS, SchemaWork, published_items

Status = Literal["match", "close", "missing", "extra"]
STATUS_LABELS = {
    "match": "✓ matches",
    "close": "≈ close",
    "missing": "✗ missing",
    "extra": "+ not in the published formulation",
}

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


@dataclass(frozen=True)
class Verdict:
    element: str  # label of the schema element, e.g. "Negative self-image"
    status: Status
    published: str | None
    learner: str | None
    ref: str | None
    evidence: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Comparison:
    verdicts: tuple[Verdict, ...]
    motive_matches: bool
    learner_motive: str | None
    published_motive: str

    def count(self, status: Status) -> int:
        return sum(v.status == status for v in self.verdicts)

    def summary(self) -> str:
        published = sum(v.status != "extra" for v in self.verdicts)
        return (f"{self.count('match')} of {published} published items matched, "
                f"{self.count('close')} close, {self.count('missing')} missing; "
                f"{self.count('extra')} of your items are not in the published formulation. "
                f"Motive system: {'same' if self.motive_matches else 'different'}.")


def episode_evidence(case: Case, stages) -> tuple[str, ...]:
    return tuple(text for stage, text in case.step_evidence if stage in stages)


def compare_schema(learner: SchemaWork, key: InterpersonalSchema, case: Case) -> Comparison:
    verdicts: list[Verdict] = []
    wish_status = judge(learner.wish, [key.wish.text, *key.wish.also_accept])
    verdicts.append(Verdict("Wish", wish_status or "missing", key.wish.text,
                            learner.wish or None, key.wish.ref,
                            episode_evidence(case, ("wish",))))
    for element in ELEMENTS:
        learner_items = learner.items(element.field)
        evidence = episode_evidence(case, element.stages)
        items = published_items(key, element.field)
        pairs = pair_up([[item.text, *item.also_accept] for item in items], learner_items)
        for item, pair in zip(items, pairs, strict=True):
            verdicts.append(Verdict(element.label, pair[0] if pair else "missing", item.text,
                                    learner_items[pair[1]] if pair else None, item.ref,
                                    evidence))
        used = {pair[1] for pair in pairs if pair}
        verdicts += [Verdict(element.label, "extra", None, text, None, ())
                     for index, text in enumerate(learner_items) if index not in used]
    return Comparison(
        verdicts=tuple(verdicts),
        motive_matches=learner.motive == key.wish.motive,
        learner_motive=MOTIVE_LABELS[learner.motive] if learner.motive else None,
        published_motive=MOTIVE_LABELS[key.wish.motive],
    )
