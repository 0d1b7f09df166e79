"""A learner's metacognition ratings of a case's vignettes, as plain data (no plotting here,
so the response format loads quickly in the command-line tools)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..case.rubric import RatingError, check_rating
from ..case.text import safe_before
from ..case.vocabulary import MASA_SCALES

MAX_JUSTIFICATION = 5000


class VignetteRating(BaseModel):
    """Ratings of one vignette. `submitted_at` is set once, when the learner submits."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    ratings: dict[str, int] = Field(default_factory=dict, json_schema_extra={
        # what the validator below checks, stated for editors and other tools
        "additionalProperties": False,
        "properties": {scale.id: {"type": "integer", "minimum": scale.minimum,
                                  "maximum": scale.maximum} for scale in MASA_SCALES}})
    justification: str = Field(default="", max_length=MAX_JUSTIFICATION)
    submitted_at: str | None = None

    @field_validator("ratings")
    @classmethod
    def _valid_ratings(cls, value: dict[str, int]) -> dict[str, int]:
        try:
            return {scale: check_rating(scale, rating) for scale, rating in value.items()}
        except RatingError as error:
            raise ValueError(str(error)) from None

    # Before the length check, which would refuse a lone surrogate outright.
    _safe_text = field_validator("justification", mode="before")(safe_before)

    def complete(self) -> bool:
        return all(scale.id in self.ratings for scale in MASA_SCALES)


class RatingsWork(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vignettes: dict[str, VignetteRating] = Field(default_factory=dict)

    def rating(self, vignette_id: str) -> VignetteRating:
        return self.vignettes.get(vignette_id) or VignetteRating()
