"""ContractDrafter: turn a schema into a draft shared formulation and therapeutic contract.

It starts from the learner's own saved schema for the case (the SchemaBuilder's), or from
the published schema if there is none, and says which. Everything stays editable; the work is
saved like the other exercises and exports as Markdown or the versioned JSON response.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as ipw

from ..case.model import Case
from ..work.checklist import check_open_answer
from ..work.contract import MAX_GOALS, ContractWork, contract_answer, contract_text, draft_contract
from ..work.exercise_ids import legacy_id, neutral_id
from ..work.responses import ContractResponse
from ..work.schema import SchemaWork
from .checklist_view import checklist_html
from .saved_schema import DraftedFromSchema

# Goal boxes when the case lists no contract goals (one per kind of goal the drafter knows).
GOALS = 3


class ContractDrafter(DraftedFromSchema):
    ORIGIN = ("Your saved draft. Start again to rebuild it from the schema.",
              "Drafted from the schema you formulated with the schema builder. Edit it freely.",
              "Drafted from the published schema: you have not saved a schema of your own "
              "with the schema builder yet. Edit it freely.")
    response_model = ContractResponse
    what_is_saved = "contract"
    field_names = {"formulation": "the shared formulation", "commitments": "the commitments"}

    def __init__(self, case: Case, schema_id: str | None = None,
                 work_dir: Path | str | None = None):
        self.key = case.schema(schema_id)
        super().__init__(case, neutral_id("contract", case, self.key), work_dir,
                         former_name=legacy_id("contract", self.key))
        wide = ipw.Layout(width="98%")
        style = {"description_width": "12em"}
        self.origin = ipw.HTML()
        self.pseudonym_field(style)
        self.formulation = ipw.Textarea(description="Shared formulation", style=style,
                                        layout=ipw.Layout(width="98%", height="12em"))
        count = min(len(case.treatment.contract_goals), MAX_GOALS) or GOALS
        self.goals = [ipw.Textarea(description=f"Goal {n}", style=style, layout=wide, rows=2)
                      for n in range(1, count + 1)]
        self.commitments = ipw.Textarea(
            description="Commitments", style=style, layout=wide, rows=3,
            placeholder="What patient and therapist each agree to (sessions, contact between "
                        "sessions, what to do in a crisis).")
        self.restart = ipw.Button(description="Start again from the schema")
        self.restart.on_click(lambda _b: self.start_from_schema())  # guarded inside
        exports = self.export_buttons(("md", "json"), "your contract",
                                      names={"md": "text (Markdown)"})
        self.on_edit([self.pseudonym, self.formulation, *self.goals, self.commitments])
        self.check_panel("Check", "Check your contract against what a good contract contains",
                         self.work_is_attempted, "write at least one goal", self.show_check)
        self.view = ipw.VBox([self.origin, self.pseudonym, self.formulation, *self.goals,
                              self.commitments,
                              ipw.HBox([self.restart, self.check_button, *exports],
                                       layout=ipw.Layout(flex_flow="row wrap")),
                              self.status, self.exports, self.comparison])
        self.work = ContractWork()
        if self.restore():
            self.describe_origin(restored=True)
        else:
            self.start_from_schema(save=False)
        self.refresh()

    def draft_from(self, schema: SchemaWork) -> ContractWork:
        return draft_contract(schema, self.case.treatment.contract_goals)

    def set_work(self, work: ContractWork) -> None:
        with self.quietly():
            self.formulation.value = work.formulation
            for area, goal in zip(self.goals, work.goals + [""] * len(self.goals), strict=False):
                area.value = goal
            self.commitments.value = work.commitments
        self.work = work

    def read_controls(self) -> ContractWork:
        """The contract as the controls have it (raises if a text is too long)."""
        return ContractWork(formulation=self.formulation.value,
                            goals=[g.value for g in self.goals],
                            commitments=self.commitments.value)

    def refresh(self) -> None:
        self.enable_check()

    def work_is_attempted(self) -> bool:
        return any(goal.strip() for goal in self.work.goals)

    def show_check(self) -> None:
        self.comparison.value = checklist_html(
            "Your contract", check_open_answer(contract_answer(self.work),
                                               self.case.treatment.contract_checklist))

    def export(self, fmt: str) -> Path | None:
        if fmt == "md":
            return self.write_export(fmt, lambda: contract_text(self.case, self.read_controls()))
        return self.export_work(fmt)
