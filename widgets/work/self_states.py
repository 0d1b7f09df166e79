"""A learner's map of self-states and the shifts between them, as plain data, and its
comparison with the case's published self-states.

Transitions point at states by their position in the list, not by name, so renaming a state
keeps its arrows. The published states convert to the same shape, so one diagram builder
serves the learner's map and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..case.model import Case, SelfState
from ..case.pronouns import Pronouns, render
from ..case.text import safe_before, tidy_before
from .matching import Judgement, judge, pair_by
from .schema_compare import STATUS_LABELS, Status

MAX_TEXT_CHARS = 10_000
MAX_STATES = 12
MAX_TRANSITIONS = 40
# (field, caption, prompt): prompts are templates for the person's pronouns (case.pronouns).
STATE_FIELDS = (
    ("name", "Name", "A short name for the state, e.g. “Strong but mistreated”"),
    ("self_image", "Self-image", "How {does|do} {they} see {themselves} in this state?"),
    ("emotion", "Dominant emotion", "What {does|do} {they} feel most?"),
    ("behaviour", "Typical behaviour", "What {does|do} {they} typically do?"),
)


INTEGRATION_PROMPT = ("What would a therapist help {them} notice about these states, so that "
                      "{they} can see them as parts of one person?")


def state_prompt(template: str, pronouns: Pronouns | None = None) -> str:
    return render(template, pronouns)


class StateEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="", max_length=MAX_TEXT_CHARS)
    self_image: str = Field(default="", max_length=MAX_TEXT_CHARS)
    emotion: str = Field(default="", max_length=MAX_TEXT_CHARS)
    behaviour: str = Field(default="", max_length=MAX_TEXT_CHARS)
    healthy: bool = False

    # Tidied before the length check; a lone surrogate becomes U+FFFD (see text.xml_safe).
    _tidy_text = field_validator("name", "self_image", "emotion", "behaviour",
                                 mode="before")(tidy_before)

    def is_empty(self) -> bool:
        return not (self.name or self.self_image or self.emotion or self.behaviour)

    def title(self, number: int) -> str:
        return self.name or f"State {number} (unnamed)"


class TransitionEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    from_state: int = Field(ge=0, description="Position of the state it leaves (from 0).")
    to_state: int = Field(ge=0, description="Position of the state it enters (from 0).")
    trigger: str = Field(default="", max_length=MAX_TEXT_CHARS)

    _tidy_trigger = field_validator("trigger", mode="before")(tidy_before)


class SelfStateWork(BaseModel):
    model_config = ConfigDict(extra="forbid")

    states: list[StateEntry] = Field(default_factory=list, max_length=MAX_STATES)
    transitions: list[TransitionEntry] = Field(default_factory=list,
                                               max_length=MAX_TRANSITIONS)
    integration: str = Field(default="", max_length=MAX_TEXT_CHARS, description=(
        "The learner's answer to the integration exercise."))

    # Paragraphs: made XML-safe, line breaks kept.
    _safe_integration = field_validator("integration", mode="before")(safe_before)

    @model_validator(mode="after")
    def _transitions_between_states(self) -> SelfStateWork:
        for number, transition in enumerate(self.transitions, 1):
            for end in (transition.from_state, transition.to_state):
                if end >= len(self.states):
                    raise ValueError(f"transition {number} points to state {end + 1}, but "
                                     f"there are {len(self.states)} states")
        return self

    def named_states(self) -> list[int]:
        return [index for index, state in enumerate(self.states) if state.name]

    def is_attempted(self) -> bool:
        """Enough for a fair comparison: two named states and a shift between them."""
        named = set(self.named_states())
        return len(named) >= 2 and any(
            t.from_state in named and t.to_state in named and t.from_state != t.to_state
            for t in self.transitions)

    def is_empty(self) -> bool:
        return (all(state.is_empty() for state in self.states) and not self.transitions
                and not self.integration)


def from_published(case: Case) -> SelfStateWork:
    states = case.formulation.self_states
    position = {state.id: index for index, state in enumerate(states)}
    return SelfStateWork(
        states=[StateEntry(name=s.name, self_image=s.self_image, emotion=s.emotion,
                           behaviour=s.behaviour, healthy=s.healthy) for s in states],
        transitions=[TransitionEntry(from_state=position[t.from_state],
                                     to_state=position[t.to_state], trigger=t.trigger)
                     for t in case.formulation.transitions])


# --- comparison -------------------------------------------------------------------------------
@dataclass(frozen=True)
class StateVerdict:
    published: str | None
    learner: str | None
    status: Status
    ref: str | None
    detail: str = ""


@dataclass(frozen=True)
class SelfStateComparison:
    states: tuple[StateVerdict, ...]
    transitions: tuple[StateVerdict, ...]
    notes: tuple[str, ...] = field(default=())

    def count(self, status: Status, of: str = "states") -> int:
        return sum(v.status == status for v in getattr(self, of))

    def summary(self) -> str:
        published_states = sum(v.status != "extra" for v in self.states)
        published_shifts = sum(v.status != "extra" for v in self.transitions)
        return (f"States: {self.count('match')} of {published_states} published states "
                f"matched, {self.count('close')} close, "
                + (f"{self.count('reversed')} the other pole, " if self.count("reversed") else "")
                + f"{self.count('missing')} missing, "
                f"{self.count('extra')} of yours not in the published map. "
                f"Shifts: {self.count('match', 'transitions')} of {published_shifts} "
                f"published shifts found.")


def _fields(state: SelfState | StateEntry) -> list[str]:
    # "Not described in the paper" must never count as a match.
    return [text for text in (state.name, state.self_image, state.emotion, state.behaviour)
            if text and "not described" not in text.lower()]


def _published_wordings(state: SelfState) -> list[str]:
    """Each description of a published state, and each part of a list in one ("Binge eating,
    drinking"; "gratitude (in sessions); curiosity and enthusiasm"), as a wording of it."""
    wordings = _fields(state)
    for text in list(wordings):
        parts = re.split(r"[,;()]|\band\b|\bor\b", text)
        wordings += [part.strip() for part in parts if part.strip() and part.strip() != text]
    return wordings


def judge_state(mine: StateEntry, state: SelfState) -> Judgement | None:
    """How well a learner's state says a published one, from its name, self-image, emotion and
    behaviour (each judged against all the published state's descriptions) and the healthy
    flag. A state of the other pole (a healthy state for a problem state, or the same words
    with the opposite polarity) is "reversed", never a match."""
    accepted = _published_wordings(state)
    verdicts = [judge(text, accepted) for text in _fields(mine)]
    matches, reversals = verdicts.count("match"), verdicts.count("reversed")
    if not (matches or reversals or "close" in verdicts):
        return None
    # A state ticked healthy is a claim about its pole; an unticked state that says the
    # healthy self in its words is that state, with a note about the tick.
    if (mine.healthy and not state.healthy) or reversals > matches:
        return "reversed"
    return "match" if matches else "close"


def _pole_note(mine: StateEntry, state: SelfState) -> str:
    if mine.healthy and not state.healthy:
        return " Yours is marked healthy; the published state is a problem state."
    return " Yours describes it with the opposite polarity."


def compare_self_states(learner: SelfStateWork, case: Case) -> SelfStateComparison:
    published = case.formulation.self_states
    matched: dict[str, int] = {}  # published state id -> learner state index
    # An empty row never matches: its text is blank.
    pairs = pair_by(len(published), len(learner.states),
                    lambda slot, index: judge_state(learner.states[index], published[slot]))
    used = {pair[1] for pair in pairs if pair}
    verdicts: list[StateVerdict] = []
    for state, pair in zip(published, pairs, strict=True):
        detail = (f"Self-image: {state.self_image}. Emotion: {state.emotion}. "
                  f"Behaviour: {state.behaviour}.")
        if pair is None:
            verdicts.append(StateVerdict(state.name, None, "missing", state.ref, detail))
            continue
        status, index = pair
        mine = learner.states[index]
        if status == "reversed":
            detail = "This is the other pole." + _pole_note(mine, state) + " " + detail
        else:
            matched[state.id] = index
            if state.healthy and not mine.healthy:
                detail += " The published map counts it as a healthy state."
        verdicts.append(StateVerdict(state.name, mine.title(index + 1), status, state.ref,
                                     detail))
    verdicts += [StateVerdict(None, mine.title(index + 1), "extra", None)
                 for index, mine in enumerate(learner.states)
                 if index not in used and not mine.is_empty()]

    names = {state.id: state.name for state in published}
    learner_shifts = {(t.from_state, t.to_state): t for t in learner.transitions}
    shifts: list[StateVerdict] = []
    found: set[tuple[int, int]] = set()
    for transition in case.formulation.transitions:
        label = f"{names[transition.from_state]} → {names[transition.to_state]}"
        ends = (matched.get(transition.from_state), matched.get(transition.to_state))
        mine = learner_shifts.get(ends) if None not in ends else None
        if mine is None:
            shifts.append(StateVerdict(label, None, "missing", transition.ref,
                                       f"Trigger: {transition.trigger}."))
            continue
        found.add(ends)
        shifts.append(StateVerdict(label, mine.trigger or "(no trigger given)", "match",
                                   transition.ref, f"Trigger: {transition.trigger}."))
    for (start, end), mine in learner_shifts.items():
        if (start, end) not in found:
            label = (f"{learner.states[start].title(start + 1)} → "
                     f"{learner.states[end].title(end + 1)}")
            shifts.append(StateVerdict(None, label, "extra", None, mine.trigger))

    notes = () if published else (
        f"The case file of {case.person.pseudonym} has no published self-states to compare "
        "with: discuss your map with your trainer.",)
    return SelfStateComparison(tuple(verdicts), tuple(shifts), notes)


__all__ = ["INTEGRATION_PROMPT", "STATE_FIELDS", "STATUS_LABELS", "SelfStateComparison",
           "SelfStateWork", "StateEntry", "TransitionEntry", "compare_self_states",
           "from_published", "state_prompt"]
