"""Checks that need the whole case: unique ids, cross-references, scores inside ranges.

They return Problems (never raise) so the loader can report them with line numbers next
to the shape errors.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from .errors import Problem
from .model import Case
from .rubric import broken_prerequisites


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _duplicate_ids(items: Sequence, path: tuple, what: str) -> list[Problem]:
    problems, seen = [], {}
    for index, item in enumerate(items):
        if item.id in seen:
            problems.append(Problem(
                (*path, index, "id"), f"{what} id not used before in this list",
                f"'{item.id}', already the id of item {seen[item.id]}"))
        seen.setdefault(item.id, index)
    return problems


def _transition_problems(case: Case) -> list[Problem]:
    formulation = case.formulation
    state_ids = [state.id for state in formulation.self_states]
    known = ", ".join(f"'{i}'" for i in state_ids) if state_ids else "none: the list is empty"
    problems = []
    for index, transition in enumerate(formulation.transitions):
        for end in ("from_state", "to_state"):
            state = getattr(transition, end)
            if state not in state_ids:
                problems.append(Problem(
                    ("formulation", "transitions", index, end),
                    f"the id of a self-state in formulation.self_states ({known})",
                    f"'{state}'", did_you_mean(state, state_ids)))
    return problems


def _measure_problems(case: Case) -> list[Problem]:
    problems = []
    for m_index, measure in enumerate(case.assessment.measures):
        path = ("assessment", "measures", m_index)
        low, high = measure.range
        if low >= high:
            problems.append(Problem((*path, "range"), "[lowest, highest] with lowest < highest",
                                    f"[{low:g}, {high:g}]"))
            continue
        seen = set()
        for s_index, score in enumerate(measure.scores):
            if not low <= score.value <= high:
                problems.append(Problem(
                    (*path, "scores", s_index, "value"),
                    f"a {measure.abbreviation} score from {low:g} to {high:g} "
                    "(the measure's range)",
                    f"the number {score.value:g}"))
            if score.time_point in seen:
                problems.append(Problem(
                    (*path, "scores", s_index, "time_point"),
                    "one score per time point", f"a second score at '{score.time_point}'"))
            seen.add(score.time_point)
    return problems


def _criteria_problems(case: Case) -> list[Problem]:
    diagnosis = case.assessment.diagnosis
    if diagnosis is None:
        return []
    problems, seen = [], set()
    for index, criterion in enumerate(diagnosis.criteria):
        if criterion.number in seen:
            problems.append(Problem(
                ("assessment", "diagnosis", "criteria", index, "number"),
                "each criterion number once", f"criterion {criterion.number} again"))
        seen.add(criterion.number)
    return problems


def _step_problems(case: Case) -> list[Problem]:
    """A step's alternative stages must be other stages, each once: accepting the case file's
    own stage "as an alternative" would hide a mistake in the file."""
    problems = []
    for e_index, episode in enumerate(case.episodes):
        for s_index, step in enumerate(episode.steps):
            seen = set()
            for a_index, stage in enumerate(step.also_accept):
                path = ("episodes", e_index, "steps", s_index, "also_accept", a_index)
                if stage == step.stage:
                    problems.append(Problem(path, "a stage other than the step's own "
                                            f"('{step.stage}')", f"'{stage}'"))
                elif stage in seen:
                    problems.append(Problem(path, "each alternative stage once",
                                            f"'{stage}' again"))
                seen.add(stage)
    return problems


def _rubric_problems(case: Case) -> list[Problem]:
    """A key must respect the rubric's cross-scale prerequisites, or learners who follow the
    rubric would be marked against an impossible answer."""
    problems = []
    for index, vignette in enumerate(case.vignettes):
        if vignette.reference is None:
            continue
        ratings = {scale: rated.rating for scale, rated in vignette.reference}
        for rule, rating, other in broken_prerequisites(ratings)[:1]:
            message = rule.message(rating, other, case.pronouns)
            problems.append(Problem(
                ("vignettes", index, "reference", rule.scale, "rating"),
                f"a rating the teaching rubric allows: {message}",
                f"the number {rating}"))
    return problems


def case_problems(case: Case) -> list[Problem]:
    problems = [
        *_duplicate_ids(case.formulation.schemas, ("formulation", "schemas"), "a schema"),
        *_duplicate_ids(case.formulation.self_states, ("formulation", "self_states"),
                        "a self-state"),
        *_duplicate_ids(case.episodes, ("episodes",), "an episode"),
        *_duplicate_ids(case.vignettes, ("vignettes",), "a vignette"),
        *_duplicate_ids(case.assessment.measures, ("assessment", "measures"), "a measure"),
        *_duplicate_ids(case.treatment.course, ("treatment", "course"), "a treatment step"),
    ]
    problems += _transition_problems(case)
    problems += _measure_problems(case)
    problems += _criteria_problems(case)
    problems += _step_problems(case)
    problems += _rubric_problems(case)
    return problems
