"""Compare a learner's schema with the published one, element by element.

Wording is not the test: an item matches when it says what a published item says, in the
key's words, in one of the case file's accepted wordings (`also_accept`), or with the same
content words after simple normalisation. Near misses are "close"; published items nobody
named are "missing"; the learner's other items are "not in the published formulation", which
is a prompt for discussion, not a mark of error. Each verdict carries the case's evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..case.model import Case, InterpersonalSchema
from ..case.vocabulary import MOTIVE_LABELS
from .matching import judge, pair_up
from .schema import ELEMENTS, SchemaWork, published_items

# The elements that name the healthy pole; the others name the problem pole.
HEALTHY_FIELDS = frozenset({"alternative_self_image", "hoped_response_of_other"})

Status = Literal["match", "close", "reversed", "missing", "extra"]
STATUS_LABELS = {
    "match": "✓ matches",
    "close": "≈ close",
    "reversed": "⇄ the other pole",
    "missing": "✗ missing",
    "extra": "+ not in the published formulation",
}


@dataclass(frozen=True)
class Verdict:
    element: str  # label of the schema element, e.g. "Negative self-image"
    status: Status
    published: str | None
    learner: str | None
    ref: str | None
    evidence: tuple[str, ...] = field(default=())
    note: str = ""  # why the verdict, when it is not plain (a reversed pole)


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
        reversed_ = (f", {self.count('reversed')} the other pole" if self.count('reversed')
                     else "")
        return (f"{self.count('match')} of {published} published items matched, "
                f"{self.count('close')} close{reversed_}, {self.count('missing')} missing; "
                f"{self.count('extra')} of your items are not in the published formulation. "
                f"Motive system: {'same' if self.motive_matches else 'different'}.")


def episode_evidence(case: Case, stages) -> tuple[str, ...]:
    return tuple(text for stage, text in case.step_evidence if stage in stages)


def reversed_note(label: str, published: str, healthy_element: bool) -> str:
    """Why an answer is the other pole, in words a learner understands."""
    pole = "problem" if healthy_element else "healthy"
    return (f"This is the {pole} pole, the opposite of what is asked: the published "
            f"{label[0].lower() + label[1:]} is “{published}”.")


def compare_schema(learner: SchemaWork, key: InterpersonalSchema, case: Case) -> Comparison:
    verdicts: list[Verdict] = []
    wish_status = judge(learner.wish, [key.wish.text, *key.wish.also_accept],
                        key.wish.opposites, key.wish.near)
    verdicts.append(Verdict(
        "Wish", wish_status or "missing", key.wish.text, learner.wish or None, key.wish.ref,
        episode_evidence(case, ("wish",)),
        (f"This says the opposite of the wish: the published wish is “{key.wish.text}”."
         if wish_status == "reversed" else "")))
    for element in ELEMENTS:
        learner_items = learner.items(element.field)
        evidence = episode_evidence(case, element.stages)
        items = published_items(key, element.field)
        pairs = pair_up([[item.text, *item.also_accept] for item in items], learner_items,
                        [list(item.opposites) for item in items],
                        [list(item.near) for item in items])
        healthy = element.field in HEALTHY_FIELDS
        for item, pair in zip(items, pairs, strict=True):
            status = pair[0] if pair else "missing"
            note = (reversed_note(element.label, item.text, healthy) if status == "reversed"
                    else "")
            verdicts.append(Verdict(element.label, status, item.text,
                                    learner_items[pair[1]] if pair else None, item.ref,
                                    evidence, note))
        used = {pair[1] for pair in pairs if pair}
        verdicts += [Verdict(element.label, "extra", None, text, None, ())
                     for index, text in enumerate(learner_items) if index not in used]
    return Comparison(
        verdicts=tuple(verdicts),
        motive_matches=learner.motive == key.wish.motive,
        learner_motive=MOTIVE_LABELS[learner.motive] if learner.motive else None,
        published_motive=MOTIVE_LABELS[key.wish.motive],
    )
