"""The learner's own schema for a case, as the schema builder saved it, for the exercises that
build on it (the contract drafter, the experiment planner), and the base those exercises
share: a draft from that schema (the published one until the learner has saved one), which
the learner can rebuild at any time."""

from __future__ import annotations

import html
import os

from ..case.model import InterpersonalSchema
from ..work.exercise_ids import legacy_id, neutral_id
from ..work.responses import SchemaResponse
from ..work.schema import SchemaWork, from_published
from .base import ExerciseWidget


def saved_learner_schema(widget: ExerciseWidget, key: InterpersonalSchema) -> SchemaWork | None:
    """The schema `widget`'s learner formulated for `key`, if the schema builder saved an
    attempt; None otherwise."""
    # Where the schema builder saves; under its former name if it has saved nothing since.
    for name in (neutral_id("schema", widget.case, key), legacy_id("schema", key)):
        path = widget.store.path_for(widget.case.id, name)
        if not os.path.lexists(path):
            continue
        # Only read: a damaged file is the schema builder's to report and keep aside.
        document = widget.store.peek(path, SchemaResponse)
        if document and document.case_id == widget.case.id and document.work.is_attempted():
            return document.work
        return None
    return None


class DraftedFromSchema(ExerciseWidget):
    """An exercise whose work starts as a draft from a schema. A subclass sets `key` (the
    case's schema) and `origin` (an HTML line) before drafting, and gives `draft_from` and the
    three texts of `ORIGIN`: for restored work, a draft from the learner's schema, and a draft
    from the published one."""

    key: InterpersonalSchema
    ORIGIN: tuple[str, str, str]
    from_learner = False

    def draft_from(self, schema: SchemaWork):
        raise NotImplementedError

    def learner_schema(self) -> SchemaWork | None:
        return saved_learner_schema(self, self.key)

    def start_from_schema(self, save: bool = True) -> None:
        """Draft afresh from the schema. When the page opens (`save=False`) the draft is only
        shown: a draft nobody has touched is not written to the work folder."""
        if save:
            self.update(self._draft, redraw=self._show_draft)
        else:
            self.show(self._use_draft)

    def _draft(self):
        mine = self.learner_schema()
        self.from_learner = mine is not None
        return self.draft_from(mine or from_published(self.key))

    def _use_draft(self) -> None:
        self.work = self._draft()
        self._show_draft()

    def _show_draft(self) -> None:
        self.set_work(self.work)
        self.describe_origin(restored=False)
        self.refresh()

    def describe_origin(self, restored: bool) -> None:
        restored_text, learners, published = self.ORIGIN
        text = restored_text if restored else learners if self.from_learner else published
        self.origin.value = f"<p><em>{html.escape(text)}</em></p>"
