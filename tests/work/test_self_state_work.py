"""The self-state map as work: the comparison with the published states and shifts, and
what a map may hold."""


import pytest

from widgets.work.self_states import (
    SelfStateWork,
    StateEntry,
    TransitionEntry,
    compare_self_states,
    from_published,
)


def test_the_published_map_matches_itself_completely(angie):
    result = compare_self_states(from_published(angie), angie)
    assert result.count("match") == len(angie.formulation.self_states)
    assert result.count("match", "transitions") == len(angie.formulation.transitions)
    assert result.count("missing") == result.count("extra") == 0


def test_a_partial_map_is_judged_state_by_state(angie):
    work = SelfStateWork(
        states=[StateEntry(name="Furious", emotion="anger"),
                StateEntry(name="Worthless", self_image="unworthy"),
                StateEntry(name="Proud artist")],
        transitions=[TransitionEntry(from_state=0, to_state=1, trigger="he is distant")])
    result = compare_self_states(work, angie)
    by_published = {v.published: v for v in result.states if v.published}
    assert by_published["Strong but mistreated"].status == "match"
    assert by_published["Unworthy"].learner == "Worthless"
    assert by_published["Compulsive self-soothing"].status == "missing"
    assert [v.learner for v in result.states if v.status == "extra"] == ["Proud artist"]
    found = [v.published for v in result.transitions if v.status == "match"]
    assert found == ["Strong but mistreated → Unworthy"]
    assert "1 of 4 published shifts" in result.summary()


def test_not_described_is_never_a_match(angie):
    work = SelfStateWork(states=[StateEntry(name="Not described in the paper"),
                                 StateEntry(name="x")])
    result = compare_self_states(work, angie)
    soothing = next(v for v in result.states if v.published == "Compulsive self-soothing")
    assert soothing.status == "missing"


def test_transitions_must_point_at_states():
    with pytest.raises(ValueError, match="transition 1 points to state 3"):
        SelfStateWork(states=[StateEntry(name="a"), StateEntry(name="b")],
                      transitions=[TransitionEntry(from_state=0, to_state=2)])
