"""From a schema to a draft contract; the course of therapy; the ContractDrafter widget."""

import xml.etree.ElementTree as ET

from conftest import ANGIE, MINIMAL, REN

from widgets import load_case
from widgets.contract import ContractWork, contract_text, course_figure, draft_contract
from widgets.contract_drafter import ContractDrafter
from widgets.narrative import schema_narrative
from widgets.responses import ContractResponse, read_response
from widgets.schema_builder import SchemaBuilder
from widgets.schema_work import SchemaWork, from_published


def test_draft_follows_the_three_goals_of_the_case():
    angie = load_case(ANGIE)
    draft = draft_contract(from_published(angie.formulation.schemas[0]))
    assert draft.goals == [
        "Learning to get through sadness, shame, confusion and rumination about possible "
        "rejection without turning to drinking alcohol, binge eating or self-harm.",
        "Understanding where the idea that you are unlovable and unworthy comes from.",
        "Helping the part of you that feels loveable to go after what you want."]
    assert draft.formulation.startswith("It seems to me that a wish matters a great deal")


def test_dissociation_is_never_something_one_turns_to():
    # Dissociation happens rather than being chosen (Figure 1): no goal asks her to stop it,
    # and the narrative does not list it among what she tries.
    work = SchemaWork(coping_intrapsychic=["Dissociating"], coping_interpersonal=["clinging"])
    assert draft_contract(work).goals[0].endswith("without turning to clinging.")
    published = from_published(load_case(ANGIE).formulation.schemas[0])
    narrative = " ".join(schema_narrative(published))
    assert "on your own: drinking alcohol, binge eating and self-harm." in narrative
    assert "the mind also shuts the pain out by itself: dissociation." in narrative


def test_draft_from_an_empty_schema_still_reads():
    assert draft_contract(SchemaWork()).goals[1] == (
        "Understanding where the idea that you are not enough comes from.")


def test_contract_text_is_plain_and_labelled():
    text = contract_text(load_case(ANGIE), ContractWork(
        formulation="F <b>", goals=["one", "", "three\x00"], commitments=""))
    assert text.startswith("# Draft therapeutic contract: Angie\n\nWritten in a teaching "
                           "exercise; not a clinical document.")
    assert "1. one\n3. three\ufffd" in text and "What we each commit to" not in text


def test_course_figure_groups_steps_by_strand_with_the_way_back():
    angie = load_case(ANGIE)
    figure = course_figure(angie)
    assert len(figure.description) == len(angie.treatment.course)
    assert figure.description[0].startswith("Shared formulation and regulation — Intake")
    assert 'label="back to regulation\\nwhen needed"' in figure.dot
    assert ET.fromstring(figure.svg()).tag.endswith("svg")
    assert "back to regulation" not in course_figure(load_case(MINIMAL)).dot  # no steps


def test_drafter_starts_from_the_published_schema_then_the_learners(tmp_path):
    angie = load_case(ANGIE)
    drafter = ContractDrafter(angie, work_dir=tmp_path)
    assert "Drafted from the published schema" in drafter.origin.value
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.wish.value = "to be held"
    builder.fields["negative_self_image"].value = "a burden"
    builder.fields["expected_response_of_other"].value = "tired of me"
    drafter.start_from_schema()
    assert "Drafted from the schema you formulated" in drafter.origin.value
    assert drafter.goals[1].value == (
        "Understanding where the idea that you are a burden comes from.")


def test_drafter_saves_restores_and_exports(tmp_path):
    angie = load_case(ANGIE)
    drafter = ContractDrafter(angie, work_dir=tmp_path)
    drafter.goals[2].value = "Join a drama course."
    drafter.commitments.value = "Weekly sessions."
    again = ContractDrafter(angie, work_dir=tmp_path)
    assert again.goals[2].value == "Join a drama course."
    assert "Your saved draft" in again.origin.value and "Restored your contract" in (
        again.status.value)
    assert "## What we each commit to\n\nWeekly sessions." in again.export("md").read_text(
        encoding="utf-8")
    document = read_response(again.export("json"), ContractResponse)
    assert document.kind == "contract" and document.work.goals[2] == "Join a drama course."


def test_a_damaged_schema_save_is_left_for_chapter_2_to_report(tmp_path):
    angie = load_case(ANGIE)
    damaged = SchemaBuilder(angie, work_dir=tmp_path).save_path
    damaged.write_bytes(b"{broken")
    drafter = ContractDrafter(angie, work_dir=tmp_path)
    assert "Drafted from the published schema" in drafter.origin.value
    assert damaged.read_bytes() == b"{broken"  # untouched here
    assert "could not be used" in SchemaBuilder(angie, work_dir=tmp_path).status.value


def test_drafter_works_for_another_case_and_schema(tmp_path):
    drafter = ContractDrafter(load_case(REN), schema_id="excluded", work_dir=tmp_path)
    assert drafter.goals[1].value == (
        "Understanding where the idea that you are odd one out comes from.")
