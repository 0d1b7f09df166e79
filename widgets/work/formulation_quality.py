"""A rubric for the quality of a formulation, for self-assessment of the open tasks.

Case-independent: it judges how a formulation is built, not whether it matches a key. The
criteria are the workbook's own teaching synthesis of good practice in case formulation (the
case paper's recommendations, §12, ask for a fine-grained formulation revised throughout therapy,
built with the patient from specific episodes, §1); they are not a validated instrument.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    question: str  # what a learner asks of their own text
    met_when: str  # what a text that meets it does
    common_miss: str  # the usual way of missing it


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "grounded", "Grounded in episodes",
        "Can every claim be traced to a specific episode or fact of the case?",
        "Each element names, or could name, the episode it comes from.",
        "General statements (\"fears abandonment\") with no episode behind them."),
    Criterion(
        "parsimonious", "Parsimonious",
        "Does one pattern explain several episodes, rather than a new idea for each?",
        "A single schema, or a few states, account for most of what happens.",
        "A list of traits and symptoms, each explained separately."),
    Criterion(
        "linked", "Links the domains",
        "Does it show how the self, the schema, metacognition and regulation drive each other?",
        "It says how one domain sets off or sustains another, in a sequence.",
        "Four separate paragraphs, one per domain, with no arrows between them."),
    Criterion(
        "healthy", "Includes the healthy self",
        "Does it name the wishes, strengths and healthier self-images, not only the problems?",
        "A healthy self-image or suppressed wish is part of the formulation and of the goals.",
        "A formulation made only of deficits, which leaves the patient nothing to build on."),
    Criterion(
        "language", "In the patient's language",
        "Would the patient recognise it and be able to correct it?",
        "It uses the patient's own words where there are some, and plain words otherwise.",
        "Technical terms the patient would not use (\"decentering deficit\")."),
    Criterion(
        "testable", "Testable",
        "Does it predict something that could turn out otherwise in the next episode?",
        "It says what should happen in a given situation, so an experiment could check it.",
        "A statement that fits whatever happens."),
)

CRITERION_BY_ID = {criterion.id: criterion for criterion in CRITERIA}


class UnknownCriterion(ValueError):
    """A self-assessment names a criterion the rubric does not have."""


def to_revisit(met: dict[str, bool]) -> list[Criterion]:
    """The criteria a learner has not ticked, in the rubric's order, to revisit a text against.

    An id the rubric does not know is refused with the list of known ones, rather than ignored:
    a misspelt criterion would otherwise read as met."""
    unknown = sorted(set(met) - set(CRITERION_BY_ID))
    if unknown:
        raise UnknownCriterion(
            f"Unknown criteria {', '.join(map(repr, unknown))}; the rubric's criteria are "
            f"{', '.join(CRITERION_BY_ID)}.")
    return [criterion for criterion in CRITERIA if not met.get(criterion.id, False)]
