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
from typing import Literal

from .case_model import Case, InterpersonalSchema
from .schema_work import ELEMENTS, SchemaWork, published_items
from .vocabulary import MOTIVE_LABELS

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
    "other",
})
_SUFFIXES = ("iness", "ness", "ing", "edly", "ed", "ful", "ity", "ly", "es", "s", "e")
CLOSE_RATIO = 0.75


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return frozenset(_stem(w) for w in words if w not in _STOPWORDS)


def judge(learner_text: str, accepted: list[str]) -> Literal["match", "close"] | None:
    """How well one learner item says one published item (given all its accepted wordings)."""
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
        ratio = difflib.SequenceMatcher(None, " ".join(sorted(learner)),
                                        " ".join(sorted(key))).ratio()
        if ratio >= CLOSE_RATIO or any(
                difflib.SequenceMatcher(None, a, b).ratio() >= 0.85
                for a in learner for b in key if len(a) >= 4 and len(b) >= 4):
            best = "close"
    return best


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
    return tuple(f"{episode.title}: {step.text} ({step.ref or episode.ref})"
                 for episode in case.episodes for step in episode.steps if step.stage in stages)


def compare_schema(learner: SchemaWork, key: InterpersonalSchema, case: Case) -> Comparison:
    verdicts: list[Verdict] = []
    wish_status = judge(learner.wish, [key.wish.text, *key.wish.also_accept])
    verdicts.append(Verdict("Wish", wish_status or "missing", key.wish.text,
                            learner.wish or None, key.wish.ref,
                            episode_evidence(case, ("wish",))))
    for element in ELEMENTS:
        learner_items = learner.items(element.field)
        used: set[int] = set()
        evidence = episode_evidence(case, element.stages)
        for item in published_items(key, element.field):
            accepted = [item.text, *item.also_accept]
            judged = [(judge(text, accepted), index, text)
                      for index, text in enumerate(learner_items)]
            best = next((j for j in judged if j[0] == "match"), None) or next(
                (j for j in judged if j[0] == "close"), None)
            if best:
                used.add(best[1])
            verdicts.append(Verdict(element.label, best[0] if best else "missing", item.text,
                                    best[2] if best else None, item.ref, evidence))
        verdicts += [Verdict(element.label, "extra", None, text, None, ())
                     for index, text in enumerate(learner_items) if index not in used]
    return Comparison(
        verdicts=tuple(verdicts),
        motive_matches=learner.motive == key.wish.motive,
        learner_motive=MOTIVE_LABELS[learner.motive] if learner.motive else None,
        published_motive=MOTIVE_LABELS[key.wish.motive],
    )
