"""The learner's own schema for a case, as the schema builder saved it, for the exercises that
build on it (the contract drafter, the experiment planner)."""

from __future__ import annotations

import os

from ..case.model import InterpersonalSchema
from ..work.exercise_ids import legacy_id, neutral_id
from ..work.responses import SchemaResponse
from ..work.schema import SchemaWork
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
