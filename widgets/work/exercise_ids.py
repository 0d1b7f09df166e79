"""Save and export names for the exercises that work on one of a case's schemas.

A name must not give the answer away: it shows in the save file's name, in the status line
from the first keystroke and in every export. So the schema and contract exercises are named by
the schema's position in the case, never by its published id (which names the schema's
self-image and expected response): `schema` and `contract` for the first (dominant) schema,
`schema-2`, `contract-2`, … for the others. Adding a schema after the first keeps every name.
Files saved under the old names (`schema-{published id}`) are still read, so no work is lost.
"""

from __future__ import annotations

from ..case.model import Case, InterpersonalSchema


def _position(case: Case, schema: InterpersonalSchema) -> int:
    return next(n for n, s in enumerate(case.formulation.schemas, 1) if s.id == schema.id)


def neutral_id(kind: str, case: Case, schema: InterpersonalSchema) -> str:
    """`kind` ("schema", "contract") for the first schema, `kind-N` for the Nth."""
    position = _position(case, schema)
    return kind if position == 1 else f"{kind}-{position}"


def legacy_id(kind: str, schema: InterpersonalSchema) -> str:
    """The name files were saved under before: it embeds the published schema id."""
    return f"{kind}-{schema.id}"


def schema_for_exercise(case: Case, exercise: str) -> InterpersonalSchema:
    """The schema a schema exercise's name refers to (neutral or old name); the first schema
    for any other name (e.g. an exercise on another episode, such as `theatre-party`)."""
    for schema in case.formulation.schemas:
        if exercise in (neutral_id("schema", case, schema), legacy_id("schema", schema)):
            return schema
    return case.schema()
