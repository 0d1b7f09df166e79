"""The diagrams the command line draws, in one table: by name, what draws each from a case as
DOT text, and the kind of response file its learner version is drawn from, if it has one.
`workbook render --diagram NAME` reads this table, so a diagram added here is one the
command can draw.

The builders are imported when a diagram is drawn: validating a case needs no graphviz.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..case.model import Case


class WorkDoesNotFit(ValueError):
    """A learner's work that cannot be drawn on what was asked for (a chain of another
    episode); the message says why."""


@dataclass(frozen=True)
class Options:
    """What the command line adds to a case: which schema or episode, and a learner's work.

    `learner` is None for the published version. Otherwise it loads the learner's work, and
    who did it, when the diagram asks: after the case's own ids are checked, so a mistyped
    episode is reported before a response file is read."""

    schema_id: str | None = None
    episode_id: str | None = None
    learner: Callable[[], tuple[object, str]] | None = None


@dataclass(frozen=True)
class Diagram:
    draw: Callable[[Case, Options], str]  # -> DOT text
    response_kind: str | None = None  # the response file a learner's version is drawn from

    @property
    def has_learner_version(self) -> bool:
        return self.response_kind is not None


def _schema(case: Case, options: Options) -> str:
    from ..work.schema import from_published, has_healthy_path
    from .schema import NONE_PUBLISHED, schema_dot

    name = case.person.pseudonym
    if options.learner:
        work, by = options.learner()
        return schema_dot(work, f"{name}: schema by {by}")
    key = case.schema(options.schema_id)
    # Each schema by its own title: a case with two schemas draws two different diagrams.
    return schema_dot(from_published(key), f"{name}: the published schema, {key.title}",
                      healthy_path=has_healthy_path(key), empty=NONE_PUBLISHED)


def _timeline(case: Case, options: Options) -> str:
    from .timeline import timeline_figure

    return timeline_figure(case).dot


def _self_states(case: Case, options: Options) -> str:
    from ..work.self_states import from_published
    from .self_states import self_states_dot

    name = case.person.pseudonym
    if options.learner:
        work, by = options.learner()
        return self_states_dot(work, f"{name}: self-states by {by}")
    return self_states_dot(from_published(case), f"{name}: the published self-states")


def _split_views(case: Case, options: Options) -> str:
    from .self_states import split_views_dot

    return split_views_dot(case)


def _cycle(case: Case, options: Options) -> str:
    from .cycle import case_cycle_figure

    return case_cycle_figure(case, interventions=True).dot


def _episode(case: Case, options: Options) -> str:
    from .chain import chain_dot
    from .cycle import case_cycle_figure

    episode = case.episode(options.episode_id)
    if options.learner:
        work, by = options.learner()
        problem = work.fits(episode)
        if problem:
            raise WorkDoesNotFit(f"does not fit this episode: {problem}")
        return chain_dot(work, episode, f"{episode.title}: chain by {by}")
    return case_cycle_figure(case, episode.id).dot


# In the order the command's help lists them. "episode:ID" stands for "episode:" and the id
# of one of the case's episodes.
DIAGRAMS: dict[str, Diagram] = {
    "schema": Diagram(_schema, response_kind="schema"),
    "timeline": Diagram(_timeline),
    "self-states": Diagram(_self_states, response_kind="self-states"),
    "split-views": Diagram(_split_views),
    "cycle": Diagram(_cycle),
    "episode:ID": Diagram(_episode, response_kind="chain"),
}
EPISODE = "episode:"


def find_diagram(text: str) -> tuple[Diagram, str | None] | None:
    """The diagram `text` names, with the episode id it carries ("episode:phone-call"); None
    for a name the table does not have."""
    if text.startswith(EPISODE) and len(text) > len(EPISODE):
        return DIAGRAMS["episode:ID"], text.removeprefix(EPISODE)
    if text in DIAGRAMS:
        return DIAGRAMS[text], None
    return None
