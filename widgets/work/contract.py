"""From a schema to a shared formulation and a therapeutic contract, and the course of MIT.

MIT turns the shared formulation into a contract with goals the patient agrees to. A case file
lists its contract's goals (`treatment.contract_goals`); a goal of a kind the workbook knows
(`aim`: regulate pain without harm, understand where the core self-image comes from, help the
healthier part pursue its goals) is worded afresh from the learner's own schema, any other is
offered as the case file gives it. `draft_contract` writes such a draft, for the learner to
edit (widgets.diagrams.course draws a case's treatment course by strand).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..case.model import Case, ContractGoal
from ..case.prose import join
from ..case.text import safe_before, safe_items_before, xml_safe
from ..case.vocabulary import ContractAim
from .narrative import is_dissociation, schema_narrative
from .schema import SchemaWork

MAX_CONTRACT_TEXT = 10_000
MAX_GOALS = 10
Goal = Annotated[str, Field(max_length=MAX_CONTRACT_TEXT)]


class ContractWork(BaseModel):
    model_config = ConfigDict(extra="forbid")

    formulation: str = Field(default="", max_length=MAX_CONTRACT_TEXT)
    goals: list[Goal] = Field(default_factory=list, max_length=MAX_GOALS)
    commitments: str = Field(default="", max_length=MAX_CONTRACT_TEXT)

    # Before the checks: a lone surrogate becomes U+FFFD (see text.xml_safe) instead of
    # being refused, or of failing later when the work is written as JSON.
    _safe_texts = field_validator("formulation", "commitments", mode="before")(safe_before)
    _safe_goals = field_validator("goals", mode="before")(safe_items_before)


def _fit(text: str, limit: int = MAX_CONTRACT_TEXT) -> str:
    """A drafted text cut to what the contract can hold (a schema with many long items makes
    a long draft); the learner edits the draft anyway, and the schema itself is untouched."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def aimed_goal(aim: ContractAim, work: SchemaWork) -> str:
    """A goal of one of MIT's kinds, in the words of the learner's schema."""
    if aim is ContractAim.REGULATE_PAIN:
        # Dissociation is not something one "turns to" (see narrative.is_dissociation).
        coping = ([item for item in work.coping_intrapsychic if not is_dissociation(item)]
                  or work.coping_interpersonal)
        reactions = work.reactions_of_self
        return ("Learning to get through " + (join(reactions) if reactions else "painful moments")
                + (f" without turning to {join(coping, 'or')}" if coping
                   else " in ways that do not harm you") + ".")
    if aim is ContractAim.UNDERSTAND_SELF_IMAGE:
        return ("Understanding where the idea that you are "
                + (join(work.negative_self_image) if work.negative_self_image else "not enough")
                + " comes from.")
    return ("Helping the part of you that feels "
            + (join(work.alternative_self_image) if work.alternative_self_image else "worth it")
            + " to go after what you want.")


def draft_contract(work: SchemaWork, goals: Sequence[ContractGoal] = ()) -> ContractWork:
    """A first draft: the formulation from the schema's own words, and one goal for each of the
    case's contract goals (worded from the schema where the goal's kind allows); a case that
    lists none gets one goal of each kind MIT's contracts set out."""
    drafted = ([aimed_goal(goal.aim, work) if goal.aim else goal.text
                for goal in goals[:MAX_GOALS]] if goals else
               [aimed_goal(aim, work) for aim in ContractAim])
    return ContractWork(formulation=_fit("\n\n".join(schema_narrative(work))),
                        goals=[_fit(goal) for goal in drafted], commitments="")


def contract_answer(contract: ContractWork) -> str:
    """The whole contract as one open answer, for the case file's checklist: a point may be
    made in the formulation, a goal or the commitments."""
    return "\n".join([contract.formulation, *contract.goals, contract.commitments])


def contract_text(case: Case, contract: ContractWork) -> str:
    """The contract as a plain text document (Markdown), for export."""
    goals = "\n".join(f"{number}. {xml_safe(goal)}" for number, goal in
                      enumerate(contract.goals, 1) if goal.strip())
    parts = [f"# Draft therapeutic contract: {case.person.pseudonym}",
             "Written in a teaching exercise; not a clinical document.",
             "## Our shared formulation", xml_safe(contract.formulation) or "(not written yet)",
             "## Our goals", goals or "(none yet)"]
    if contract.commitments.strip():
        parts += ["## What we each commit to", xml_safe(contract.commitments)]
    return "\n\n".join(parts) + "\n"
