"""The self-state map: pure builder and comparison, split views, and SelfStateMapper driven
headless (edits, renames, adding and removing rows, autosave/restore, damaged saves,
exports), with Angie, a second case, a case without self-states, and hostile text."""

import json
import xml.etree.ElementTree as ET

import pytest
from conftest import ANGIE, MINIMAL, REN

from widgets import load_case
from widgets.render import render_svg
from widgets.responses import SelfStatesResponse, read_response
from widgets.self_state_diagram import (
    published_self_states_figure,
    self_states_dot,
    split_views_dot,
    split_views_figure,
)
from widgets.self_state_mapper import SelfStateMapper
from widgets.self_state_work import (
    SelfStateWork,
    StateEntry,
    TransitionEntry,
    compare_self_states,
    from_published,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> back\\slash\\ "quotes" & ünïcødé 🙂 \x08'


@pytest.fixture(scope="module")
def angie():
    return load_case(ANGIE)


def svg_text(svg: str) -> str:
    svg = svg[svg.index("<svg"): svg.index("</svg>") + len("</svg>")]
    root = ET.fromstring(svg)
    assert not list(root.iter(f"{SVG}script"))
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


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


def test_a_case_without_self_states_says_so():
    minimal = load_case(MINIMAL)
    work = SelfStateWork(states=[StateEntry(name="a"), StateEntry(name="b")],
                         transitions=[TransitionEntry(from_state=0, to_state=1)])
    result = compare_self_states(work, minimal)
    assert "has no published self-states" in result.notes[0]
    assert "no split views" in split_views_dot(minimal)


def test_transitions_must_point_at_states():
    with pytest.raises(ValueError, match="transition 1 points to state 3"):
        SelfStateWork(states=[StateEntry(name="a"), StateEntry(name="b")],
                      transitions=[TransitionEntry(from_state=0, to_state=2)])


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


# --- the widget ---------------------------------------------------------------------------------
@pytest.fixture
def mapper(angie, tmp_path):
    return SelfStateMapper(angie, work_dir=tmp_path)


def name_state(mapper, index, **values):
    for field, text in values.items():
        mapper.state_rows.children[index].fields[field].value = text


def test_starts_blank_and_compare_waits_for_an_attempt(mapper):
    assert len(mapper.state_rows.children) == 3
    assert mapper.compare_button.disabled
    mapper.show_comparison()
    assert mapper.comparison.value == "" and "Try the exercise first" in mapper.status.value
    name_state(mapper, 0, name="Angry")
    name_state(mapper, 1, name="Ashamed")
    assert mapper.compare_button.disabled  # two states but no shift yet
    mapper.add_transition()
    assert not mapper.compare_button.disabled
    mapper.show_comparison()
    assert "Compared with the published self-states" in mapper.comparison.value
    assert "the published self-states" in mapper.comparison.value  # the key's figure


def test_every_field_reaches_the_model_and_the_diagram(mapper):
    name_state(mapper, 0, name="Strong", self_image="wronged", emotion="anger",
               behaviour="attacks")
    mapper.state_rows.children[0].healthy.value = True
    work = mapper.work
    assert work.states[0] == StateEntry(name="Strong", self_image="wronged", emotion="anger",
                                        behaviour="attacks", healthy=True)
    text = svg_text(mapper.diagram.value)
    assert "HEALTHY STATE: STRONG" in text and "Behaviour: attacks" in text


def test_renaming_a_state_relabels_the_shift_pickers_and_keeps_the_choice(mapper):
    name_state(mapper, 0, name="A")
    name_state(mapper, 1, name="B")
    mapper.add_transition()
    row = mapper.transition_rows.children[0]
    row.start.value, row.end.value = 1, 0
    name_state(mapper, 1, name="B renamed")
    assert (row.start.value, row.end.value) == (1, 0)
    assert row.start.label == "B renamed"
    assert mapper.work.transitions[0].from_state == 1


def test_removing_a_state_removes_its_shifts_and_renumbers_the_rest(mapper):
    for index, name in enumerate("ABC"):
        name_state(mapper, index, name=name)
    mapper.add_transition()  # A -> B
    mapper.add_transition()
    row = mapper.transition_rows.children[1]
    row.start.value, row.end.value = 2, 1  # C -> B
    mapper.remove_state(0)
    assert [s.name for s in mapper.work.states] == ["B", "C"]
    assert [(t.from_state, t.to_state) for t in mapper.work.transitions] == [(1, 0)]
    assert len(mapper.transition_rows.children) == 1


def test_limits_are_enforced_with_a_message(mapper):
    for _ in range(20):
        mapper.add_state()
    assert len(mapper.work.states) == 12 and mapper.add_state_button.disabled
    assert "at most 12 states" in mapper.status.value


def test_work_is_saved_and_restored(angie, tmp_path):
    first = SelfStateMapper(angie, work_dir=tmp_path)
    first.pseudonym.value = "Blue heron"
    name_state(first, 0, name=HOSTILE)
    name_state(first, 1, name="B")
    first.add_transition()
    first.integration.value = "Both are parts of her."
    second = SelfStateMapper(angie, work_dir=tmp_path)
    assert second.work == first.work
    assert second.pseudonym.value == "Blue heron"
    assert second.state_rows.children[0].fields["name"].value == first.work.states[0].name
    assert "Restored your map of self-states" in second.status.value


def test_a_damaged_save_is_kept_aside(angie, tmp_path):
    first = SelfStateMapper(angie, work_dir=tmp_path)
    first.save_path.write_text('{"format": "bpd-workbook-response", "states": [', "utf-8")
    second = SelfStateMapper(angie, work_dir=tmp_path)
    assert "could not be used" in second.status.value
    assert len(list(tmp_path.glob("*.damaged-*"))) == 1
    assert second.work.states == [StateEntry()] * 3


def test_exports_are_valid_responses_and_drawings(mapper):
    name_state(mapper, 0, name="A")
    name_state(mapper, 1, name="B")
    mapper.add_transition()
    document = read_response(mapper.export("json"), SelfStatesResponse)
    assert document.kind == "self-states" and document.work == mapper.work
    assert mapper.export("svg").read_text("utf-8").lstrip().startswith("<?xml")
    assert mapper.export("png").read_bytes().startswith(b"\x89PNG")
    assert "digraph" in mapper.export("dot").read_text("utf-8")


def test_works_with_a_second_case(tmp_path):
    ren = load_case(REN)
    mapper = SelfStateMapper(ren, work_dir=tmp_path)
    name_state(mapper, 0, name="Furious", emotion="rage")
    name_state(mapper, 1, name="Deflated", self_image="inferior")
    mapper.add_transition()
    mapper.show_comparison()
    assert "2 of 2 published states matched" in mapper.comparison.value
    assert "1 of 1 published shifts" in mapper.comparison.value
    assert json.loads(mapper.export("json").read_text("utf-8"))["case_id"] == ren.id
