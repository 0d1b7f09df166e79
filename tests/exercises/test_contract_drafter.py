"""The ContractDrafter widget: drafted from the published or the learner's schema, saved,
restored and exported."""


import html

from conftest import ANGIE, REN

from widgets import load_case
from widgets.exercises.contract_drafter import ContractDrafter
from widgets.exercises.schema_builder import SchemaBuilder
from widgets.work.responses import ContractResponse, read_response


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
    ren = load_case(REN)
    drafter = ContractDrafter(ren, schema_id="excluded", work_dir=tmp_path)
    # Ren's file lists one goal, of no kind the drafter words afresh: offered as written.
    assert [goal.value for goal in drafter.goals] == [g.text for g in ren.treatment.contract_goals]
    assert "odd one out" in drafter.formulation.value


def test_check_shows_which_points_of_a_good_contract_the_draft_makes(tmp_path):
    angie = load_case(ANGIE)
    drafter = ContractDrafter(angie, work_dir=tmp_path)
    points = angie.treatment.contract_checklist
    assert not drafter.check_button.disabled  # the draft has goals to check
    drafter.check_button.click()
    drafted = drafter.comparison.value
    # The draft's three goals make the three goal points; the commitments are still to write.
    assert f"Your answer makes 3 of the {len(points)} points" in drafted
    assert drafted.count("<li>✓ ") == 3
    commitments = next(p for p in points if p.label.startswith("Commitments"))
    assert f"○ <strong>{commitments.label}</strong>: {html.escape(commitments.adds)}" in drafted
    drafter.commitments.value = ("<i>We both agree</i> to weekly sessions. Between sessions "
                                 "she can phone the team in a crisis.")
    drafter.check_button.click()
    assert f"Your answer makes 5 of the {len(points)} points" in drafter.comparison.value
    assert "“&lt;i&gt;We both agree&lt;/i&gt; to weekly sessions.”" in (
        drafter.comparison.value)
    for goal in drafter.goals:
        goal.value = ""
    assert drafter.check_button.disabled
    drafter.check_button.click()
    assert "write at least one goal" in drafter.status.value


def test_a_case_without_a_contract_checklist_says_so(tmp_path):
    drafter = ContractDrafter(load_case(REN), work_dir=tmp_path)
    drafter.check_button.click()
    assert "no checklist for this answer" in drafter.comparison.value
