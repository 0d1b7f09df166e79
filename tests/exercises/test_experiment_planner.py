"""The ExperimentPlanner widget: drafted from the published or the learner's schema, a
checklist that follows the plan, saved, restored and exported."""

from conftest import ANGIE, REN

from widgets import load_case
from widgets.exercises.experiment_planner import ExperimentPlanner
from widgets.exercises.schema_builder import SchemaBuilder
from widgets.work.responses import ExperimentResponse, read_response


def test_planner_starts_from_the_published_schema_then_the_learners(tmp_path):
    angie = load_case(ANGIE)
    planner = ExperimentPlanner(angie, work_dir=tmp_path)
    assert "come from the published schema" in planner.origin.value
    assert planner.areas["wish"].value == angie.schema().wish.text
    assert not planner.save_path.exists()  # an untouched draft is not saved
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.wish.value = "to be held"
    builder.fields["negative_self_image"].value = "a burden"
    builder.fields["expected_response_of_other"].value = "tired of me"
    planner.restart.click()
    assert "come from the schema you formulated" in planner.origin.value
    assert planner.areas["wish"].value == "to be held"
    assert "tired of me" in planner.areas["prediction"].value
    assert planner.status.value.startswith("<p role='status'>Saved")


def test_the_checklist_follows_the_plan_in_words_not_colour(tmp_path):
    planner = ExperimentPlanner(load_case(ANGIE), work_dir=tmp_path)
    assert planner.review.value.count("○ to do") == 3
    planner.areas["step"].value = "Asks a member of the group to rehearse a scene with her."
    planner.areas["disconfirmation"].value = planner.areas["prediction"].value
    assert planner.review.value.count("○ to do") == 2
    assert "It repeats the prediction" in planner.review.value


def test_planner_saves_restores_and_exports(tmp_path):
    angie = load_case(ANGIE)
    planner = ExperimentPlanner(angie, work_dir=tmp_path)
    planner.pseudonym.value = "Quill"
    planner.areas["reflection"].value = "What did she expect, and what happened?"
    again = ExperimentPlanner(angie, work_dir=tmp_path)
    assert again.areas["reflection"].value == "What did she expect, and what happened?"
    assert "Your saved plan" in again.origin.value and "Restored your plan" in again.status.value
    assert "## Reflecting afterwards\n\nWhat did she expect" in again.export("md").read_text(
        encoding="utf-8")
    document = read_response(again.export("json"), ExperimentResponse)
    assert document.kind == "experiment" and document.exercise == "experiment"
    assert document.pseudonym == "Quill" and document.work.wish == angie.schema().wish.text


def test_too_long_a_text_is_not_saved_and_says_so(tmp_path):
    planner = ExperimentPlanner(load_case(ANGIE), work_dir=tmp_path)
    planner.areas["step"].value = "ok"
    planner.areas["step"].value = "x" * 6000
    assert "Not saved" in planner.status.value and "Your last save is kept" in (
        planner.status.value)
    saved = read_response(planner.save_path, ExperimentResponse)
    assert saved.work.step == "ok"


def test_planner_works_for_another_case_and_schema(tmp_path):
    ren = load_case(REN)
    planner = ExperimentPlanner(ren, schema_id="excluded", work_dir=tmp_path)
    assert planner.exercise == "experiment-2"
    assert planner.areas["wish"].value == ren.schema("excluded").wish.text
