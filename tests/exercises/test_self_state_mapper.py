"""SelfStateMapper driven headless: edits, renames, adding and removing rows,
autosave/restore, damaged saves, exports, with Angie and a second case."""

import html
import json

import pytest
from conftest import MINIMAL, REN
from drawing import svg_text

from widgets import load_case
from widgets.exercises.self_state_mapper import SelfStateMapper
from widgets.work.responses import SelfStatesResponse, read_response
from widgets.work.self_states import (
    StateEntry,
)

HOSTILE = '<script>alert("x")</script> back\\slash\\ "quotes" & ünïcødé 🙂 \x08'




@pytest.fixture
def mapper(angie, tmp_path):
    return SelfStateMapper(angie, work_dir=tmp_path)


def name_state(mapper, index, **values):
    for field, text in values.items():
        mapper.state_rows.children[index].fields[field].value = text


def test_starts_blank_and_compare_waits_for_an_attempt(mapper):
    assert len(mapper.state_rows.children) == 3
    assert mapper.check_button.disabled
    mapper.check_button.click()
    assert mapper.comparison.value == "" and "Try the exercise first" in mapper.status.value
    name_state(mapper, 0, name="Angry")
    name_state(mapper, 1, name="Ashamed")
    assert mapper.check_button.disabled  # two states but no shift yet
    mapper.add_transition()
    assert not mapper.check_button.disabled
    mapper.check_button.click()
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
    mapper.check_button.click()
    assert "2 of 2 published states matched" in mapper.comparison.value
    assert "1 of 1 published shifts" in mapper.comparison.value
    assert json.loads(mapper.export("json").read_text("utf-8"))["case_id"] == ren.id


def test_compare_gives_the_integration_answer_a_checklist_not_a_grade(mapper, angie):
    name_state(mapper, 0, name="Angry")
    name_state(mapper, 1, name="Ashamed")
    mapper.add_transition()
    mapper.integration.value = ("The angry and the ashamed states are connected: both start "
                                "when her partner is distant. <b>She</b> does not deserve love.")
    mapper.check_button.click()
    shown = mapper.comparison.value
    points = angie.formulation.integration_checklist
    assert "<h4>Your integration answer</h4>" in shown
    assert f"Your answer makes 2 of the {len(points)} points" in shown
    assert shown.count("<li>✓ ") == 2 and shown.count("<li>○ ") == len(points) - 2
    first, second = points[0], points[1]
    assert f"✓ <strong>{html.escape(first.label)}</strong>" in shown
    assert f"✓ <strong>{html.escape(second.label)}</strong>" in shown
    assert html.escape(points[2].adds) in shown  # an open point says what it would add
    # The learner's words are quoted escaped; the other pole is named, not credited.
    assert "<b>She</b>" not in shown and "&lt;b&gt;She&lt;/b&gt; does not deserve love." in shown
    assert "seems to say the opposite" in shown


def test_a_case_without_a_checklist_shows_no_integration_section(tmp_path):
    mapper = SelfStateMapper(load_case(MINIMAL), work_dir=tmp_path)
    name_state(mapper, 0, name="Angry")
    name_state(mapper, 1, name="Ashamed")
    mapper.add_transition()
    mapper.check_button.click()
    assert "Compared with" in mapper.comparison.value
    assert "integration answer" not in mapper.comparison.value
    mapper.integration.value = "They belong together."
    mapper.check_button.click()
    assert "no checklist for this answer" in mapper.comparison.value
