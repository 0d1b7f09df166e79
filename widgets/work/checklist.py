"""Feedback on an open answer: which points of the case file's checklist it makes.

An open answer (the integration paragraph of the self-state exercise, say) has no one right
wording, so it is never marked right or wrong. It is read clause by clause with the matching
engine for each point a good answer contains, and each point is shown as made (✓) or not yet
made (○), with a sentence on what making it would add. A clause that says a point with the
other polarity ("she does not deserve love" for a point about the healthy self) does not make
it, and one that comes near it (a slip of spelling) does not either: both are quoted so the
learner can look at them again. The result describes the answer, never the learner.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..case.model import ChecklistPoint
from .matching import judge

MARKS = {True: "✓", False: "○"}
QUOTE_CHARS = 120
# Sentences and clauses (after punctuation, a line break or "but"): a negation, or a word of
# the other pole ("she feels unlovable, but wants to be loved"), stays in the clause that says
# it instead of reversing the whole answer.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;:,])\s+|\n+|\s+but\s+", re.IGNORECASE)


PointStatus = Literal["made", "near", "reversed", "open"]


@dataclass(frozen=True)
class PointCheck:
    label: str
    status: PointStatus
    adds: str
    ref: str | None = None
    said_in: str | None = None  # the learner's clause the status is about

    @property
    def made(self) -> bool:
        return self.status == "made"

    @property
    def mark(self) -> str:
        return MARKS[self.made]

    def note(self) -> str:
        quoted = f"“{_quote(self.said_in or '')}”"
        if self.status == "made":
            return f"Your answer makes this point: {quoted}"
        if self.status == "reversed":
            return f"{quoted} seems to say the opposite of this point. {self.adds}"
        if self.status == "near":
            return f"{quoted} may be on the way to this point. {self.adds}"
        return self.adds


@dataclass(frozen=True)
class ChecklistResult:
    points: tuple[PointCheck, ...]
    answered: bool

    @property
    def made(self) -> int:
        return sum(point.made for point in self.points)

    def summary(self) -> str:
        n = len(self.points)
        if not n:
            return ("The case file has no checklist for this answer: discuss it with your "
                    "trainer.")
        if not self.answered:
            return (f"No answer written yet. A good answer makes the {n} points below; "
                    "each says what it would add.")
        return (f"Your answer makes {self.made} of the {n} points a good answer contains. "
                "Each open point (○) says what it would add.")


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def sentences(answer: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_BREAK.split(answer) if part.strip()]


def check_point(parts: Sequence[str], point: ChecklistPoint) -> PointCheck:
    """Made when a clause says a whole accepted wording with its polarity; else the first
    clause that says it with the other polarity, or comes near it (a slip of spelling, a
    word of the same family), is named so the learner can look again."""
    found: dict[str, str] = {}
    for sentence in parts:
        verdict = judge(sentence, point.accept, point.opposites, whole=True)
        if verdict == "match":
            return PointCheck(point.label, "made", point.adds, point.ref, sentence)
        if verdict is not None:
            found.setdefault(verdict, sentence)
    for verdict, status in (("reversed", "reversed"), ("close", "near")):
        if verdict in found:
            return PointCheck(point.label, status, point.adds, point.ref, found[verdict])
    return PointCheck(point.label, "open", point.adds, point.ref)


def check_open_answer(answer: str, checklist: Sequence[ChecklistPoint]) -> ChecklistResult:
    parts = sentences(answer)
    return ChecklistResult(tuple(check_point(parts, point) for point in checklist),
                           answered=bool(parts))
