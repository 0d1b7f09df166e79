"""Typed model of a case file (format 1).

The model checks the shape of every item; checks that need the whole case (unique ids,
transitions naming known self-states, scores inside a measure's range) live in
`case.checks`, and `case.loader.load_case` runs both. Every factual item carries `ref`, a
§ reference into the case's source, so a reader can trace it.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    StrictBool,
    StrictInt,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .pronouns import Pronouns, PronounSet, pronouns_for, render
from .vocabulary import (
    INTERVENTIONS,
    SCALE_BY_ID,
    ContentTopic,
    ContractAim,
    Domain,
    Intervention,
    Level,
    MotiveSystem,
    Stage,
    Subfunction,
    TieKind,
    TimePoint,
    TreatmentStrand,
)

FORMAT_VERSION = 1
MAX_TEXT = 5000

_REF_PART = r"(§\d+([–-]\d+)?|Figure \d+)"
REF_PATTERN = rf"^{_REF_PART}(, {_REF_PART})*$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
# "mid-30s", "early 20s", "late 50s", "30-39": vague on purpose (de-identification).
AGE_BAND_PATTERN = r"^((early|mid|late)-? ?\d0s|\d0[–-]\d9)$"


def _require_text(kind: str, expected: str):
    """Fail a non-text value with the field's own explanation (e.g. an exact age given as a
    number gets the de-identification message, not just "expected text")."""

    def check(value: object) -> object:
        if not isinstance(value, str):
            raise PydanticCustomError(kind, expected)
        return value

    return BeforeValidator(check)


def _matcher(pattern: str, kind: str, expected: str):
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise PydanticCustomError(kind, expected)
        return value

    return AfterValidator(check)


Text = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1,
                                                   max_length=MAX_TEXT)]
Ref = Annotated[
    str, Strict(),
    _matcher(REF_PATTERN, "reference",
             "a § reference to the source, such as '§3', '§2–3' or '§7, §10'"),
    Field(json_schema_extra={"pattern": REF_PATTERN}),
]
Slug = Annotated[
    str, Strict(),
    _matcher(SLUG_PATTERN, "slug",
             "an id of lowercase letters, digits and single hyphens, such as 'phone-call'"),
    Field(json_schema_extra={"pattern": SLUG_PATTERN}),
]
Doi = Annotated[
    str, Strict(),
    _matcher(DOI_PATTERN, "doi", "a DOI such as '10.1177/1534650120960234' (no URL prefix)"),
    Field(json_schema_extra={"pattern": DOI_PATTERN}),
]
_AGE_BAND_EXPECTED = ("an age band such as 'mid-30s' or '30-39', never an exact age "
                      "(de-identification)")
AgeBand = Annotated[
    str, Strict(),
    _matcher(AGE_BAND_PATTERN, "age_band", _AGE_BAND_EXPECTED),
    _require_text("age_band", _AGE_BAND_EXPECTED),
    Field(json_schema_extra={"pattern": AGE_BAND_PATTERN}),
]
# Finite only: an infinite range or a NaN score makes every later comparison and chart wrong.
Number = Annotated[float, Strict(), AllowInfNan(False)]


class UnknownIdError(ValueError):
    """An id (of a schema, an episode…) the case does not have; the message, one sentence,
    names the id, the case and its file, and lists the ids it has, or says it has none.

    A chapter written for one case and pointed at another stops here: in a notebook the
    message alone is shown (IPython asks `_render_traceback_`), since a traceback through the
    workbook's code would only hide the one thing to fix, the case file or the id."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


class UnknownSchemaError(UnknownIdError):
    """A schema id the case does not have."""


class Item(BaseModel):
    """Base of every part of a case file: unknown keys are errors, values are read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Item):
    text: Text
    ref: Ref


class KeyedItem(Sourced):
    """An element of the published formulation that a learner's answer is compared with."""

    also_accept: list[Text] = Field(
        default_factory=list,
        description="Other wordings that count as a match when a learner's answer is compared.")
    opposites: list[Text] = Field(
        default_factory=list,
        description=("Wordings of the other pole (\"caring\" for a neglecting other): an answer "
                     "that says one is judged reversed, never a match."))
    near: list[Text] = Field(
        default_factory=list,
        description=("Wordings that are on the way but not it (\"guilt\" for shame): judged "
                     "close, a prompt to look again."))


class Event(Item):
    when: Text
    title: Text | None = Field(default=None, description="A short headline for timelines.")
    text: Text
    ref: Ref


class Source(Item):
    citation: Text
    doi: Doi | None = None
    fictional: StrictBool = Field(
        default=False, description="True when the whole case is invented for teaching or tests.")


class Person(Item):
    pseudonym: Text
    age_band: AgeBand
    gender: Text | None = None
    pronouns: PronounSet | None = Field(default=None, description=(
        "How the workbook's own text speaks of the person (prompts, rubric levels, "
        "explanations); left out, it says 'they'."))
    facts: list[Sourced] = Field(default_factory=list)


class Criterion(Item):
    number: Annotated[StrictInt, Field(ge=1, le=9)]
    name: Text
    met: StrictBool | None = Field(default=None, description=(
        "True or false as the source judged it; null or left out when the source does not say "
        "(a criterion it leaves out of its list is not thereby judged unmet)."))
    evidence: Text | None = None
    ref: Ref


class Diagnosis(Item):
    system: Text
    instrument: Text
    criteria: list[Criterion]
    notes: list[Sourced] = Field(default_factory=list)


class Score(Item):
    time_point: TimePoint
    value: Number
    ref: Ref


class Measure(Item):
    id: Slug
    name: Text
    abbreviation: Text
    instrument_reference: Text
    range: tuple[Number, Number] = Field(description="Lowest and highest possible score.")
    higher_is: Literal["worse", "better"]
    scores: list[Score] = Field(min_length=1)
    notes: list[Sourced] = Field(default_factory=list)


class Assessment(Item):
    assessors: list[Sourced] = Field(default_factory=list)
    diagnosis: Diagnosis | None = None
    measures: list[Measure] = Field(default_factory=list)
    notes: list[Sourced] = Field(default_factory=list)


class Wish(Item):
    text: Text
    motive: MotiveSystem
    ref: Ref
    also_accept: list[Text] = Field(default_factory=list)
    opposites: list[Text] = Field(
        default_factory=list,
        description="Wordings of the opposite wish: an answer that says one is judged reversed.")
    near: list[Text] = Field(
        default_factory=list,
        description="Wordings that are on the way to the wish but not it: judged close.")


class Coping(Item):
    interpersonal: list[KeyedItem] = Field(default_factory=list)
    intrapsychic: list[KeyedItem] = Field(default_factory=list)


class InterpersonalSchema(Item):
    """MIT's adapted core conflictual relationship theme (CCRT)."""

    id: Slug
    title: Text
    wish: Wish
    negative_self_image: list[KeyedItem] = Field(min_length=1)
    expected_response_of_other: list[KeyedItem] = Field(min_length=1)
    reactions_of_self: list[KeyedItem] = Field(min_length=1)
    coping: Coping
    alternative_self_image: list[KeyedItem] = Field(default_factory=list)
    hoped_response_of_other: list[KeyedItem] = Field(default_factory=list)


class SelfState(Item):
    id: Slug
    name: Text
    self_image: Text
    emotion: Text
    behaviour: Text
    ref: Ref
    healthy: bool = Field(default=False, description=(
        "True for a healthy self-state (drawn apart from the problem states)."))


class Transition(Item):
    from_state: Slug
    to_state: Slug
    trigger: Text
    ref: Ref


class SplitView(Item):
    other: Text
    positive_view: Text
    negative_view: Text
    ref: Ref


class MetacognitionFinding(Item):
    subfunction: Subfunction
    level: Level
    evidence: Text
    ref: Ref


class DomainSummary(Item):
    domain: Domain
    summary: Text
    ref: Ref


class ChecklistPoint(Item):
    """One thing a good open answer contains (an integration answer, say). A learner's answer
    is read for it with the matching engine and the point shown as made or not yet made: a
    checklist for the answer, never a grade of the learner."""

    label: Text = Field(description="The point in a few words, e.g. 'Names what sets off "
                                    "the shifts'.")
    accept: list[Text] = Field(min_length=1, description=(
        "Wordings that show an answer makes the point; any one of them is enough. Keep them "
        "specific: a single common word would credit answers that do not make the point."))
    opposites: list[Text] = Field(default_factory=list, description=(
        "Wordings that say the opposite of the point (\"the states are separate\"): a clause "
        "that says one never makes the point and is quoted back to the learner."))
    adds: Text = Field(description=(
        "What an answer that makes this point adds, in one sentence: shown beside a point "
        "the answer does not make yet."))
    ref: Ref | None = None


class Formulation(Item):
    domains: list[DomainSummary] = Field(default_factory=list)
    schemas: list[InterpersonalSchema] = Field(min_length=1)
    self_states: list[SelfState] = Field(default_factory=list)
    transitions: list[Transition] = Field(default_factory=list)
    split_views: list[SplitView] = Field(default_factory=list)
    metacognition: list[MetacognitionFinding] = Field(default_factory=list)
    shared_formulation: Sourced | None = Field(
        default=None,
        description="The formulation as the therapist offered it to the patient, paraphrased.")
    integration_checklist: list[ChecklistPoint] = Field(default_factory=list, description=(
        "What a good answer to the integration exercise (seeing the self-states as parts of "
        "one person) contains: the feedback shown after Compare."))


class Step(Item):
    stage: Stage
    text: Text
    ref: Ref | None = None
    also_accept: list[Stage] = Field(default_factory=list, description=(
        "Other stages a learner may defensibly tag this step with: accepted when a chain is "
        "checked, with a note that `stage` is the case file's choice. Say why in `why`."))
    why: Text | None = Field(default=None, description=(
        "Why this step belongs to its stage in this episode (and, if it has `also_accept`, "
        "why those stages are defensible too): the explanation a learner reads after Check."))


class Episode(Item):
    id: Slug
    title: Text
    time_point: TimePoint
    summary: Text
    ref: Ref
    steps: list[Step] = Field(min_length=2)


class Rated(Item):
    rating: StrictInt
    rationale: Text


class MasaReference(Item):
    """Reference ratings on the simplified MAS-A teaching rubric; field names are scale ids."""

    self_reflectivity: Rated
    understanding_others: Rated
    decentration: Rated
    mastery: Rated

    @field_validator("*")
    @classmethod
    def _within_scale(cls, value: Rated, info) -> Rated:
        scale = SCALE_BY_ID[info.field_name]
        if not scale.minimum <= value.rating <= scale.maximum:
            raise PydanticCustomError(
                "rating_range",
                "a whole-number rating from {low} to {high} on the {label} scale",
                {"low": scale.minimum, "high": scale.maximum, "label": scale.label})
        return value


class Vignette(Item):
    id: Slug
    title: Text
    time_point: TimePoint
    fictional: StrictBool = Field(description="Invented for teaching: shown with that label.")
    based_on: Ref = Field(description="The facts of the source the vignette is built from.")
    text: Text
    reference: MasaReference | None = Field(default=None, description=(
        "Reference ratings. Leave out of the students' copy of a case and keep them in a "
        "trainer's key file (`workbook workshop report --key`)."))


class TreatmentStep(Item):
    id: Slug
    strand: TreatmentStrand
    when: Text
    title: Text
    text: Text
    ref: Ref


class ContractGoal(Sourced):
    aim: ContractAim | None = Field(default=None, description=(
        "The kind of goal, when it is one the contract drafter can word from a learner's own "
        "schema; left out, the drafter offers the goal as written here."))


class CaseIntervention(Item):
    """Where the therapy of this case worked on the cycle of interacting domains."""

    stage: Stage
    text: Text
    ref: Ref

    @field_validator("stage")
    @classmethod
    def _on_the_cycle(cls, value: Stage) -> Stage:
        if value is Stage.REFLECTION:
            raise PydanticCustomError(
                "cycle_stage", "a stage of the cycle (reflection is outside it)")
        return value


class Treatment(Item):
    frame: list[Sourced] = Field(default_factory=list)
    team: list[Sourced] = Field(default_factory=list)
    medication: list[Sourced] = Field(
        default_factory=list, description="Descriptive only: never guidance.")
    contract_goals: list[ContractGoal] = Field(default_factory=list)
    interventions: list[CaseIntervention] = Field(default_factory=list, description=(
        "Where the therapy worked on the cycle of interacting domains, with the § that says "
        "so; left out, the cycle shows MIT's procedures in general, citing nothing."))
    contract_checklist: list[ChecklistPoint] = Field(default_factory=list, description=(
        "What a good draft contract contains (goals, commitments, contact between sessions): "
        "the feedback the contract exercise's Check shows."))
    course: list[TreatmentStep] = Field(default_factory=list)


class Tie(Item):
    who: Text
    kind: TieKind
    closeness: Literal["close", "middle", "outer"]
    quality: Text
    fictional: StrictBool = False
    ref: Ref


class SocialNetwork(Item):
    before: list[Tie] = Field(default_factory=list)
    after: list[Tie] = Field(default_factory=list)
    before_when: Text = Field(default="At intake", description=(
        "When the network before therapy was recorded, as a heading ('At intake')."))
    after_when: Text = Field(default="After therapy", description=(
        "When the network after therapy was recorded, as a heading ('At the 6-month "
        "follow-up')."))


class Case(Item):
    """A teaching case: facts with § references, the published formulation, and exercises."""

    model_config = ConfigDict(title="Workbook case file", extra="forbid", frozen=True)

    format: Literal[1]
    id: Slug
    title: Text
    source: Source
    content_notes: list[ContentTopic] = Field(default_factory=list)
    person: Person
    presenting_problems: list[Sourced] = Field(min_length=1)
    history: list[Event] = Field(default_factory=list)
    assessment: Assessment = Field(default_factory=Assessment)
    formulation: Formulation
    episodes: list[Episode] = Field(default_factory=list)
    vignettes: list[Vignette] = Field(default_factory=list)
    treatment: Treatment = Field(default_factory=Treatment)
    outcomes: list[Sourced] = Field(default_factory=list)
    follow_up: list[Event] = Field(default_factory=list)
    social_network: SocialNetwork = Field(default_factory=SocialNetwork)
    limitations: list[Sourced] = Field(default_factory=list)

    # The file the case was read from (set by load_case): named in messages about the case.
    _file: str | None = PrivateAttr(default=None)

    @property
    def file(self) -> str | None:
        return self._file

    def _unknown(self, kind: str, wanted: str, known: list[str], plural: str,
                 where: str) -> str:
        """One sentence: which id is missing, in which case and file, and what it has."""
        case = f"Case '{self.id}'" + (f" ({self._file})" if self._file else "")
        if not known:
            return f"{case} has no {plural}; add some under `{where}` in its case file"
        return f"{case} has no {kind} '{wanted}'; it has: {', '.join(known)}"

    @property
    def pronouns(self) -> Pronouns:
        """The person's pronouns, for rendering the workbook's generic text."""
        return pronouns_for(self.person.pronouns)

    def interventions(self) -> tuple[Intervention, ...]:
        """Where MIT intervenes on the cycle: the case's own list, or MIT's in general."""
        if self.treatment.interventions:
            return tuple(Intervention(i.stage, i.text, i.ref)
                         for i in self.treatment.interventions)
        return tuple(Intervention(i.stage, render(i.procedure, self.pronouns))
                     for i in INTERVENTIONS)

    def schema(self, schema_id: str | None = None) -> InterpersonalSchema:
        """A schema of the published formulation by id; the first (dominant) one by default."""
        if schema_id is None:
            return self.formulation.schemas[0]
        for schema in self.formulation.schemas:
            if schema.id == schema_id:
                return schema
        raise UnknownSchemaError(self._unknown(
            "schema", schema_id, [s.id for s in self.formulation.schemas], "schemas",
            "formulation.schemas:"))

    def measure(self, measure_id: str) -> Measure:
        for measure in self.assessment.measures:
            if measure.id == measure_id:
                return measure
        raise UnknownIdError(self._unknown(
            "measure", measure_id, [m.id for m in self.assessment.measures], "measures",
            "assessment.measures:"))

    def course_step(self, step_id: str) -> TreatmentStep:
        for step in self.treatment.course:
            if step.id == step_id:
                return step
        raise UnknownIdError(self._unknown(
            "step of the treatment course", step_id, [s.id for s in self.treatment.course],
            "treatment course", "treatment.course:"))

    @cached_property
    def step_evidence(self) -> tuple[tuple[Stage, str], ...]:
        """Every episode step as (stage, "Episode: text (ref)"), in file order: the evidence
        comparisons cite, worked out once per case rather than once per learner."""
        return tuple((step.stage, f"{episode.title}: {step.text} ({step.ref or episode.ref})")
                     for episode in self.episodes for step in episode.steps)

    def episode(self, episode_id: str | None = None) -> Episode:
        """An episode by id; the first one by default."""
        for episode in self.episodes:
            if episode_id is None or episode.id == episode_id:
                return episode
        raise UnknownIdError(self._unknown("episode", episode_id or "",
                                           [e.id for e in self.episodes], "episodes",
                                           "episodes:"))
