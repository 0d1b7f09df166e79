"""ExperimentPlanner: plan a behavioural experiment for the case's patient from a schema.

MIT's change-promoting work asks the patient to plan a new behaviour, carry it out between
sessions and reflect on it (§1, §6 of the Angie paper). The planner starts from the learner's
own saved schema (the schema builder's), or from the published one if there is none, and says
which: its wish and the prediction its expected response and self-image make. The learner
writes the step, what would count against the prediction and the reflection. A checklist says
which parts are still missing; there is no key, because a plan is judged by its shape. Saved
like the other exercises; exported as Markdown or the versioned JSON response.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as ipw

from ..case.model import Case
from ..case.pronouns import render
from ..work.exercise_ids import neutral_id
from ..work.experiment import (
    LABELS,
    PARTS,
    ExperimentWork,
    draft_experiment,
    experiment_text,
    plan_review,
)
from ..work.responses import ExperimentResponse
from ..work.schema import SchemaWork
from .saved_schema import DraftedFromSchema

# Templates rendered with the person's pronouns.
PLACEHOLDERS = {
    "wish": "What {they} {wants|want} that the schema kept out of reach.",
    "step": "What {they} will do, where, when and with whom, before the next session.",
    "prediction": "What the schema says will happen if {they} {does|do} it.",
    "disconfirmation": "What {they} could see or hear that would go against the prediction.",
    "reflection": "What to ask at the next session, whether it went as predicted or not.",
}


class ExperimentPlanner(DraftedFromSchema):
    ORIGIN = ("Your saved plan. Start again to rebuild the wish and the prediction from the "
              "schema.",
              "The wish and the prediction come from the schema you formulated with the "
              "schema builder. Edit them freely and write the rest.",
              "The wish and the prediction come from the published schema: you have not "
              "saved a schema of your own with the schema builder yet. Edit them freely and "
              "write the rest.")
    response_model = ExperimentResponse
    what_is_saved = "plan"
    field_names = {part: LABELS[part].lower() for part in PARTS}

    def __init__(self, case: Case, schema_id: str | None = None,
                 work_dir: Path | str | None = None):
        self.key = case.schema(schema_id)
        super().__init__(case, neutral_id("experiment", case, self.key), work_dir,
                         former_name=None)
        style = {"description_width": "16em"}  # "What would count against it" whole
        self.origin = ipw.HTML()
        self.pseudonym_field(style)
        self.areas = {part: ipw.Textarea(description=LABELS[part], style=style,
                                         placeholder=render(PLACEHOLDERS[part], case.pronouns),
                                         rows=3,
                                         layout=ipw.Layout(width="98%"))
                      for part in PARTS}
        self.review = ipw.HTML()
        self.restart = ipw.Button(description="Start again from the schema",
                                  layout=ipw.Layout(width="auto"))
        self.restart.on_click(lambda _b: self.start_from_schema())  # guarded inside
        exports = self.export_buttons(("md", "json"), "your plan",
                                      names={"md": "text (Markdown)"})
        self.on_edit([self.pseudonym, *self.areas.values()])
        self.view = ipw.VBox([self.origin, self.pseudonym, *self.areas.values(), self.review,
                              ipw.HBox([self.restart, *exports],
                                       layout=ipw.Layout(flex_flow="row wrap")),
                              self.status, self.exports])
        self.work = ExperimentWork()
        self.from_learner = False
        if self.restore():
            self.describe_origin(restored=True)
            self.show(self.refresh)
        else:
            self.start_from_schema(save=False)

    def draft_from(self, schema: SchemaWork) -> ExperimentWork:
        return draft_experiment(schema, self.case.pronouns)

    def set_work(self, work: ExperimentWork) -> None:
        with self.quietly():
            for part in PARTS:
                self.areas[part].value = getattr(work, part)
        self.work = work

    def read_controls(self) -> ExperimentWork:
        """The plan as the controls have it (raises if a text is too long)."""
        return ExperimentWork(**{part: self.areas[part].value for part in PARTS})

    def refresh(self) -> None:
        """The checklist: each part, with a word as well as a mark (never colour alone)."""
        rows = "".join(
            f"<li>{'✓ done' if done else '○ to do'}: {html.escape(label)}"
            + (f" ({html.escape(note)})" if note else "") + "</li>"
            for label, done, note in plan_review(self.work, self.case.pronouns))
        self.review.value = f"<p><strong>Your plan so far</strong></p><ul>{rows}</ul>"

    def export(self, fmt: str) -> Path | None:
        if fmt == "md":
            return self.write_export(fmt, lambda: experiment_text(self.case, self.read_controls()))
        return self.export_work(fmt)
