"""The self-state map and the split views drawn: every state and shift, a case without
self-states, hostile text drawn as text."""


from conftest import MINIMAL
from drawing import svg_text

from widgets import load_case
from widgets.diagrams.render import render_svg
from widgets.diagrams.self_states import (
    published_self_states_figure,
    self_states_dot,
    split_views_dot,
    split_views_figure,
)
from widgets.work.self_states import (
    SelfStateWork,
    StateEntry,
    TransitionEntry,
    compare_self_states,
    from_published,
)

HOSTILE = '<script>alert("x")</script> back\\slash\\ "quotes" & ünïcødé 🙂 \x08'




def test_the_published_map_carries_every_state_and_shift(angie):
    work = from_published(angie)
    assert [s.name for s in work.states] == [s.name for s in angie.formulation.self_states]
    assert len(work.transitions) == len(angie.formulation.transitions)
    assert [s.healthy for s in work.states] == [False, False, False, True]
    dot = published_self_states_figure(angie).dot
    for state in angie.formulation.self_states:
        assert state.name.upper().split()[0] in dot
    assert "cluster_healthy" in dot and "rounded,dashed" in dot  # not colour alone
    assert dot.count("->") == len(angie.formulation.transitions)
    text = svg_text(render_svg(dot))
    assert "She realises the partner is" in text


def test_a_case_without_self_states_says_so():
    minimal = load_case(MINIMAL)
    work = SelfStateWork(states=[StateEntry(name="a"), StateEntry(name="b")],
                         transitions=[TransitionEntry(from_state=0, to_state=1)])
    result = compare_self_states(work, minimal)
    assert "has no published self-states" in result.notes[0]
    assert "no split views" in split_views_dot(minimal)


def test_split_views_show_both_views_and_the_missing_bridge(angie):
    figure = split_views_figure(angie)
    text = svg_text(figure.svg())
    assert "MOTHER" in text and "THERAPIST" in text and "not held together" in text
    assert figure.description == [
        "Mother: at times caring, at other times sadistic, with Angie as the innocent victim "
        "(§6).",
        "Therapist: at times understanding, interested in her, at other times rejecting, not "
        "interested in her (§6, §7)."]


def test_hostile_text_is_drawn_as_text():
    work = SelfStateWork(states=[StateEntry(name=HOSTILE, emotion=HOSTILE * 50),
                                 StateEntry(name="b")],
                         transitions=[TransitionEntry(from_state=0, to_state=1,
                                                      trigger=HOSTILE)])
    text = svg_text(render_svg(self_states_dot(work, HOSTILE)))
    assert '<script>alert("x")</script>' in text.replace("\n", " ")
    assert "\x08" not in text and "\ufffd" in text  # a control character cannot reach SVG
