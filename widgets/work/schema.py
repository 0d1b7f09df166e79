"""A learner's interpersonal schema (MIT's adapted CCRT) as plain data.

The published schema in a case file converts to the same shape, so one diagram builder,
one narrative and one comparison serve both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..case.model import InterpersonalSchema
from ..case.pronouns import Pronouns, render
from ..case.text import tidy_before, tidy_items_before
from ..case.vocabulary import MotiveSystem, Stage

MAX_ITEM_CHARS = 10_000
MAX_ITEMS = 50


@dataclass(frozen=True)
class Element:
    field: str
    label: str
    path: str  # "dominant" (pathogenic) or "alternative" (healthy)
    prompt: str  # a template: `{they}`, `{does|do}`… (case.pronouns); see `prompt_for`
    stages: tuple[Stage, ...]  # cycle stages whose episode steps are evidence for it


ELEMENTS = (
    Element("negative_self_image", "Negative self-image", "dominant",
            "How {does|do} {they} see {themselves} when the wish seems bound to fail?",
            (Stage.SELF_IMAGE,)),
    Element("expected_response_of_other", "Expected response of the other", "dominant",
            "How {does|do} {they} expect others to respond to {their} wish?",
            (Stage.PREDICTED_RESPONSE,)),
    Element("reactions_of_self", "Reactions of self", "dominant",
            "What {does|do} {they} feel and think when that response seems to come?",
            (Stage.EMOTION, Stage.BLOCKED_METACOGNITION, Stage.BLACK_HOLE)),
    Element("coping_interpersonal", "Coping: interpersonal", "dominant",
            "What {does|do} {they} do towards others to handle it?", (Stage.COPING_INTERPERSONAL,)),
    Element("coping_intrapsychic", "Coping: intrapsychic", "dominant",
            "What {does|do} {they} do within {themselves}, or to {themselves}, when that "
            "fails?",
            (Stage.COPING_INTRAPSYCHIC, Stage.DISSOCIATION)),
    Element("alternative_self_image", "Alternative self-image", "alternative",
            "What healthier picture of {themselves} is there, even if faint?", (Stage.REFLECTION,)),
    Element("hoped_response_of_other", "Hoped-for response of the other", "alternative",
            "What response from others does that healthier part hope for?", (Stage.REFLECTION,)),
)
ELEMENT_BY_FIELD = {element.field: element for element in ELEMENTS}
WISH_PROMPT = "What {does|do} {they} want from others?"


def prompt_for(template: str, pronouns: Pronouns | None = None) -> str:
    """A prompt (an element's, or WISH_PROMPT) for a person with these pronouns."""
    return render(template, pronouns)


# One item of an element (a line of its textarea), checked after tidying.
Item = Annotated[str, Field(max_length=MAX_ITEM_CHARS)]


class SchemaWork(BaseModel):
    """Free text throughout: the learner's words are kept as written (whitespace tidied)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    wish: str = Field(default="", max_length=MAX_ITEM_CHARS)
    motive: MotiveSystem | None = None
    negative_self_image: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    expected_response_of_other: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    reactions_of_self: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    coping_interpersonal: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    coping_intrapsychic: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    alternative_self_image: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    hoped_response_of_other: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)

    # Tidied before the checks: XML-unsafe characters (a lone surrogate too) become U+FFFD,
    # and blank lines are dropped before the items are counted.
    _tidy_wish = field_validator("wish", mode="before")(tidy_before)
    _tidy_items = field_validator(*(e.field for e in ELEMENTS), mode="before")(tidy_items_before)

    def items(self, field: str) -> list[str]:
        return list(getattr(self, field))

    def is_attempted(self) -> bool:
        """Enough for a fair comparison: a wish, a self-image and an expected response."""
        return bool((self.wish or self.motive) and self.negative_self_image
                    and self.expected_response_of_other)

    def is_empty(self) -> bool:
        return not (self.wish or self.motive or any(self.items(e.field) for e in ELEMENTS))


def from_published(schema: InterpersonalSchema) -> SchemaWork:
    return SchemaWork(
        wish=schema.wish.text,
        motive=schema.wish.motive,
        negative_self_image=[i.text for i in schema.negative_self_image],
        expected_response_of_other=[i.text for i in schema.expected_response_of_other],
        reactions_of_self=[i.text for i in schema.reactions_of_self],
        coping_interpersonal=[i.text for i in schema.coping.interpersonal],
        coping_intrapsychic=[i.text for i in schema.coping.intrapsychic],
        alternative_self_image=[i.text for i in schema.alternative_self_image],
        hoped_response_of_other=[i.text for i in schema.hoped_response_of_other],
    )


def has_healthy_path(schema: InterpersonalSchema) -> bool:
    """Whether a published schema has an alternative (healthy) path: a formulation may give
    none, which is not the same as one not filled in yet."""
    return bool(schema.alternative_self_image or schema.hoped_response_of_other)


def published_items(schema: InterpersonalSchema, field: str):
    """The key's items for an element (KeyedItem: text, ref, also_accept)."""
    if field == "coping_interpersonal":
        return list(schema.coping.interpersonal)
    if field == "coping_intrapsychic":
        return list(schema.coping.intrapsychic)
    return list(getattr(schema, field))
