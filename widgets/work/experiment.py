"""A behavioural experiment planned from a schema: MIT's plan, do and reflect cycle.

In MIT's change-promoting work (§1 and §6 of the Angie paper, after Kolb's experiential
learning) the patient plans a new behaviour in session, performs it between sessions and
reflects on it at the next one. The experiment tests a schema-driven prediction against what
actually happens, and gives room to a wish the schema kept out of reach. Here a learner plans
one for the case's patient, starting from their own schema: the wish it tests, the step, what
the schema predicts, what would count against that prediction, and how to reflect on it.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..case.model import Case
from ..case.pronouns import Pronouns, render
from ..case.prose import join
from ..case.text import safe_before, xml_safe
from .schema import SchemaWork

MAX_EXPERIMENT_TEXT = 5_000
PARTS = ("wish", "step", "prediction", "disconfirmation", "reflection")


class ExperimentWork(BaseModel):
    model_config = ConfigDict(extra="forbid")

    wish: str = Field(default="", max_length=MAX_EXPERIMENT_TEXT)
    step: str = Field(default="", max_length=MAX_EXPERIMENT_TEXT)
    prediction: str = Field(default="", max_length=MAX_EXPERIMENT_TEXT)
    disconfirmation: str = Field(default="", max_length=MAX_EXPERIMENT_TEXT)
    reflection: str = Field(default="", max_length=MAX_EXPERIMENT_TEXT)

    # Before the checks: a lone surrogate becomes U+FFFD (see text.xml_safe).
    _safe = field_validator(*PARTS, mode="before")(safe_before)

    def is_empty(self) -> bool:
        return not any(getattr(self, part).strip() for part in PARTS)


# What each part is for, in MIT's terms: the plan's checklist says it when a part is missing.
# Templates for any case, rendered with the person's pronouns (case.pronouns).
PURPOSE = {
    "wish": "the wish the step lets {them} pursue, which the schema kept out of reach",
    "step": "a concrete step, in a real situation, that {they} {agrees|agree} to take between "
            "sessions",
    "prediction": "what the schema predicts will happen, so that there is something to test",
    "disconfirmation": "what {they} could observe that would go against the prediction",
    "reflection": "how the next session will look back on it, whatever happened",
}
LABELS = {"wish": "The wish it tests", "step": "The step (plan)",
          "prediction": "The schema's prediction",
          "disconfirmation": "What would count against it",
          "reflection": "Reflecting afterwards"}


def draft_experiment(schema: SchemaWork, pronouns: Pronouns | None = None) -> ExperimentWork:
    """A first plan from the schema's own words: its wish, and the prediction its expected
    response and self-image make. The step, the disconfirmation and the reflection are the
    learner's to write: nothing in a schema says them."""
    other = join(schema.expected_response_of_other, "or")
    self_image = join(schema.negative_self_image)
    prediction = ""
    if other or self_image:
        prediction = render("If {they} {takes|take} this step, the schema predicts ",
                            pronouns) + "; ".join(filter(None, [
            other and f"the other's response: {other}",
            self_image and render("how {they} will see {themselves}: ", pronouns) + self_image,
        ])) + "."
    return ExperimentWork(wish=schema.wish[:MAX_EXPERIMENT_TEXT],
                          prediction=prediction[:MAX_EXPERIMENT_TEXT])


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def plan_review(work: ExperimentWork,
                pronouns: Pronouns | None = None) -> list[tuple[str, bool, str]]:
    """For each part: its label, whether it is there, and what to look at. Case-independent
    and keyless: it reads only the plan's shape, never whether its content is right."""
    review = []
    for part in PARTS:
        text = getattr(work, part).strip()
        note = "" if text else f"Missing: {render(PURPOSE[part], pronouns)}."
        if part == "disconfirmation" and text and _words(text) == _words(work.prediction):
            note = render("It repeats the prediction. Say what {they} could see or hear that "
                          "would go against it.", pronouns)
        review.append((LABELS[part], not note, note))
    return review


def experiment_text(case: Case, work: ExperimentWork) -> str:
    """The plan as a plain text document (Markdown), for export."""
    parts = [f"# A behavioural experiment planned for {xml_safe(case.person.pseudonym)}",
             "Written in a teaching exercise; not a clinical document."]
    for part in PARTS:
        parts += [f"## {LABELS[part]}", xml_safe(getattr(work, part).strip()) or
                  "(not written yet)"]
    return "\n\n".join(parts) + "\n"
