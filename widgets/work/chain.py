"""Chain analysis of an episode as plain data: the learner puts the episode's steps in order
and tags each with a stage of the cycle; the check compares both with the case file.

Steps are referred to by their position in the case file's episode, so the learner's order
is a permutation of those positions. The starting order is shuffled the same way on every
run (by a hash of the text), so a class sees the same puzzle and tests are stable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..case.model import Episode
from ..case.pronouns import Pronouns
from ..case.prose import join
from ..case.vocabulary import STAGE_LABELS, Stage, stage_explanation

MAX_STEPS = 200


class ChainStep(BaseModel):
    model_config = ConfigDict(extra="forbid")

    step: int = Field(ge=0, description="Position of the step in the case file's episode.")
    stage: Stage | None = Field(default=None, description="The learner's tag, if any.")


class ChainWork(BaseModel):
    model_config = ConfigDict(extra="forbid")

    episode_id: str = Field(min_length=1, max_length=200)
    steps: list[ChainStep] = Field(max_length=MAX_STEPS,
                                   description="The steps in the learner's order.")

    @field_validator("steps")
    @classmethod
    def _each_step_once(cls, steps: list[ChainStep]) -> list[ChainStep]:
        positions = [s.step for s in steps]
        if sorted(positions) != list(range(len(positions))):
            raise ValueError("the steps must be the episode's steps 0..n-1, each once")
        return steps

    def fits(self, episode: Episode) -> str | None:
        """Why this work cannot belong to this episode (None when it can)."""
        if self.episode_id != episode.id:
            return f"it is about episode '{self.episode_id}', not '{episode.id}'"
        if len(self.steps) != len(episode.steps):
            return (f"it has {len(self.steps)} steps and the episode in the case file now has "
                    f"{len(episode.steps)}")
        return None

    def is_attempted(self) -> bool:
        """Every step tagged: the exercise is to decide each one."""
        return bool(self.steps) and all(s.stage is not None for s in self.steps)

    def move(self, position: int, offset: int) -> ChainWork:
        """A copy with the step at `position` moved by `offset` places (kept within the chain)."""
        target = min(max(position + offset, 0), len(self.steps) - 1)
        steps = list(self.steps)
        steps.insert(target, steps.pop(position))
        return self.model_copy(update={"steps": steps})

    def tag(self, position: int, stage: Stage | None) -> ChainWork:
        steps = list(self.steps)
        steps[position] = steps[position].model_copy(update={"stage": stage})
        return self.model_copy(update={"steps": steps})


def starting_order(episode: Episode) -> ChainWork:
    """The episode's steps shuffled by a hash of their text, never in the published order."""
    def key(index: int) -> str:
        text = f"{episode.id}\n{index}\n{episode.steps[index].text}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    order = sorted(range(len(episode.steps)), key=key)
    if order == sorted(order):
        order = order[1:] + order[:1]
    return ChainWork(episode_id=episode.id, steps=[ChainStep(step=i) for i in order])


def published_chain(episode: Episode) -> ChainWork:
    return ChainWork(episode_id=episode.id,
                     steps=[ChainStep(step=i, stage=s.stage) for i, s in enumerate(episode.steps)])


StageVerdict = Literal["right", "defensible", "wrong"]
# A defensible stage is ticked: its explanation starts "Defensible:" and names the case
# file's stage, so the mark is never the only signal.
STAGE_MARKS: dict[StageVerdict, str] = {"right": "✓", "defensible": "✓", "wrong": "✗"}


@dataclass(frozen=True)
class StepCheck:
    position: int  # where the learner put it (from 0)
    published_position: int
    text: str
    learner_stage: Stage | None
    published_stage: Stage
    # Other stages the case file accepts for this step, and its reason for the step.
    also_accept: tuple[Stage, ...] = ()
    why: str | None = None

    @property
    def stage_verdict(self) -> StageVerdict:
        if self.learner_stage == self.published_stage:
            return "right"
        if self.learner_stage is not None and self.learner_stage in self.also_accept:
            return "defensible"
        return "wrong"

    @property
    def stage_ok(self) -> bool:
        """Tagged with the case file's stage or with one it accepts as defensible."""
        return self.stage_verdict != "wrong"

    @property
    def place_ok(self) -> bool:
        return self.position == self.published_position

    def reason(self, pronouns: Pronouns | None = None) -> str:
        """Why the step belongs where the case file puts it: the case file's own reason for
        this step when it gives one, else what the stage is."""
        return self.why or stage_explanation(self.published_stage, pronouns)

    def explanation(self, pronouns: Pronouns | None = None) -> str:
        right = STAGE_LABELS[self.published_stage]
        verdict = self.stage_verdict
        if verdict == "right":
            return f"Yes: {right}. {self.reason(pronouns)}"
        chosen = STAGE_LABELS[self.learner_stage] if self.learner_stage else "no stage"
        if verdict == "defensible":
            return (f"Defensible: {chosen}. The case file prefers {right}. {self.reason(pronouns)}")
        others = [STAGE_LABELS[stage] for stage in self.also_accept]
        also = f" (it also accepts {join(others, 'or')})" if others else ""
        return f"The case file has {right}{also}, not {chosen}. {self.reason(pronouns)}"


@dataclass(frozen=True)
class ChainCheck:
    steps: tuple[StepCheck, ...]
    pairs_in_order: int
    pairs: int

    @property
    def stages_right(self) -> int:
        """Steps tagged with the case file's stage or a defensible alternative."""
        return sum(s.stage_ok for s in self.steps)

    @property
    def stages_defensible(self) -> int:
        return sum(s.stage_verdict == "defensible" for s in self.steps)

    @property
    def places_right(self) -> int:
        return sum(s.place_ok for s in self.steps)

    def summary(self) -> str:
        n = len(self.steps)
        defensible = self.stages_defensible
        return (f"Stages: {self.stages_right} of {n} tagged as in the case file"
                + (f" ({defensible} with a defensible alternative)" if defensible else "")
                + f". Order: {self.places_right} of {n} steps in their place in the case file; "
                f"{self.pairs_in_order} of {self.pairs} pairs of steps in the order of the "
                "case file.")


def check_chain(work: ChainWork, episode: Episode) -> ChainCheck:
    problem = work.fits(episode)
    if problem:
        raise ValueError(f"This chain cannot be checked against '{episode.title}': {problem}")
    steps = tuple(
        StepCheck(position=position, published_position=entry.step,
                  text=episode.steps[entry.step].text, learner_stage=entry.stage,
                  published_stage=episode.steps[entry.step].stage,
                  also_accept=tuple(episode.steps[entry.step].also_accept),
                  why=episode.steps[entry.step].why)
        for position, entry in enumerate(work.steps))
    order = [entry.step for entry in work.steps]
    pairs = list(combinations(range(len(order)), 2))
    in_order = sum(order[a] < order[b] for a, b in pairs)
    return ChainCheck(steps=steps, pairs_in_order=in_order, pairs=len(pairs))
