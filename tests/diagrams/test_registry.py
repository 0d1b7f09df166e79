"""The table of diagrams the command line draws: each draws for a case, the learner versions
are those with a response kind, and names resolve as they are typed."""

import pytest

from widgets.case.model import UnknownIdError
from widgets.diagrams.registry import DIAGRAMS, Options, WorkDoesNotFit, find_diagram
from widgets.work.chain import published_chain
from widgets.work.responses import RESPONSE_MODELS


def test_every_diagram_draws_its_published_version(angie):
    for name, diagram in DIAGRAMS.items():
        assert diagram.draw(angie, Options(episode_id="phone-call")).startswith("digraph "), name


def test_learner_versions_are_drawn_from_response_kinds_the_workbook_writes():
    kinds = {name: d.response_kind for name, d in DIAGRAMS.items() if d.has_learner_version}
    assert kinds == {"schema": "schema", "self-states": "self-states", "episode:ID": "chain"}
    assert set(kinds.values()) <= set(RESPONSE_MODELS)


def test_a_learner_version_draws_the_learners_work_and_says_whose(angie):
    work = published_chain(angie.episode("theatre-party"))
    drawn = DIAGRAMS["episode:ID"].draw(angie, Options(episode_id="theatre-party",
                                                       learner=lambda: (work, "Heron")))
    assert "chain by Heron" in drawn
    with pytest.raises(WorkDoesNotFit, match="does not fit this episode: it is about episode "
                                             "'theatre-party', not 'phone-call'"):
        DIAGRAMS["episode:ID"].draw(angie, Options(episode_id="phone-call",
                                                   learner=lambda: (work, "Heron")))


def test_the_case_is_checked_before_the_learners_work_is_read(angie):
    def unread():
        raise AssertionError("the response was read before the episode was checked")

    with pytest.raises(UnknownIdError, match="no episode 'nope'"):
        DIAGRAMS["episode:ID"].draw(angie, Options(episode_id="nope", learner=unread))


@pytest.mark.parametrize("text, name, episode_id", [
    ("schema", "schema", None),
    ("split-views", "split-views", None),
    ("episode:phone-call", "episode:ID", "phone-call"),
    ("episode:ID", "episode:ID", "ID"),  # as before: an episode called "ID"
])
def test_names_resolve_as_typed(text, name, episode_id):
    assert find_diagram(text) == (DIAGRAMS[name], episode_id)


@pytest.mark.parametrize("text", ["storm", "episode:", "Schema", ""])
def test_unknown_names_resolve_to_nothing(text):
    assert find_diagram(text) is None
