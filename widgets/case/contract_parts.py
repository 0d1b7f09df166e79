"""The parts of a therapeutic contract as MIT describes them, for the worked example.

The case paper's account of MIT (§1) names the parts: goals, tasks, rules and reciprocal
commitments, after Linehan (1993), and a separate agreement on contact between sessions for
extreme distress. What each part means is written here in the workbook's own words. The
illustrations are fictional and case-independent on purpose: a case file supplies only what its
source reports (the goals and the frame), and the example must never pass an invented term off
as part of a published contract.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContractPart:
    id: str
    label: str
    meaning: str  # what MIT means by it, in the workbook's words, with the § of the case paper
    illustration: str  # a fictional wording, for teaching only
    from_case: str | None  # which list of the case's treatment supplies it, if any
    # A part whose case content, if any, sits in another part's list (crisis contact is part
    # of the frame a case file records): that part's id.
    see_part: str | None = None


CONTRACT_PARTS: tuple[ContractPart, ...] = (
    ContractPart(
        "goals", "Goals",
        "What the two of them are working towards, drawn from the shared formulation of the "
        "schema and worded so that the patient recognises them as their own (Salvatore et al. "
        "2020, §1).",
        "", "contract_goals"),
    ContractPart(
        "tasks", "Tasks",
        "What the work asks of the patient and of the therapist. MIT stresses that taking part "
        "in the tasks is what makes the therapy work (Salvatore et al. 2020, §1).",
        "Bring a specific, recent episode to each session, told in detail: who was there, what "
        "happened, what you felt and thought. Try between sessions the ways of calming down "
        "practised in the room, and tell me next time what happened.",
        None),
    ContractPart(
        "rules", "Rules and frame",
        "The practical frame: how often and how long the sessions are, what happens when one is "
        "missed or moved, who else is part of the treatment (Salvatore et al. 2020, §1).",
        "We meet weekly at a fixed time. If either of us has to move a session we say so as "
        "early as we can and offer another time. Anything that happens between sessions, "
        "including a crisis call, is something we talk about at the next one.",
        "frame"),
    ContractPart(
        "commitments", "Reciprocal commitments",
        "What each commits to the other. The commitments run both ways: the patient is not the "
        "only one who promises something (Salvatore et al. 2020, §1).",
        "I will tell you how I understand what happens to you, check it with you, and say so "
        "when I have got it wrong. You will tell me, in the session, when something I said or "
        "did hurt or angered you, even if it feels pointless or risky.",
        None),
    ContractPart(
        "contact", "Between-session contact",
        "A separate, explicit agreement on when the patient may get in touch between sessions, "
        "what the contact is for and what happens if nobody answers. MIT negotiates it for "
        "states of extreme distress (Salvatore et al. 2020, §1).",
        "You can phone when distress feels unbearable, before acting on an urge to harm "
        "yourself. A call is for getting through the next hour together, not for solving "
        "everything. If I do not answer, you call the crisis line or the emergency number we "
        "wrote down together, and we talk about it at the next session.",
        None, see_part="rules"),
)
