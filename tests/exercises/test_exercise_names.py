"""Save and export names that give no answer away, and work saved under the former names
(which named the published schema) still restored."""

import json

from conftest import ANGIE, REN

from widgets import load_case
from widgets.exercises.contract_drafter import ContractDrafter
from widgets.exercises.schema_builder import SchemaBuilder
from widgets.work.exercise_ids import schema_for_exercise


def test_schema_and_contract_are_named_by_position_not_by_the_published_schema(tmp_path):
    angie, ren = load_case(ANGIE), load_case(REN)
    assert SchemaBuilder(angie, work_dir=tmp_path).save_path.name == "angie--schema.json"
    assert ContractDrafter(angie, work_dir=tmp_path).save_path.name == "angie--contract.json"
    second = SchemaBuilder(ren, schema_id="excluded", work_dir=tmp_path)
    assert second.save_path.name == f"{ren.id}--schema-2.json"
    assert ContractDrafter(ren, schema_id="excluded", work_dir=tmp_path).exercise == "contract-2"
    assert SchemaBuilder(ren, work_dir=tmp_path).exercise == "schema"


def test_a_schema_saved_under_the_former_name_is_restored_and_saved_under_the_new(tmp_path):
    angie = load_case(ANGIE)
    former = SchemaBuilder(angie, exercise="schema-unlovable-neglecting", work_dir=tmp_path)
    former.wish.value = "to be held"
    old_bytes = former.save_path.read_bytes()
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    assert builder.wish.value == "to be held"
    assert "Restored your work" in builder.status.value
    assert "angie--schema-unlovable-neglecting.json" in builder.status.value
    builder.fields["negative_self_image"].value = "a burden"
    saved = json.loads(builder.save_path.read_text(encoding="utf-8"))
    assert saved["exercise"] == "schema" and saved["work"]["wish"] == "to be held"
    assert former.save_path.read_bytes() == old_bytes  # the old file is left as it was
    again = SchemaBuilder(angie, work_dir=tmp_path)  # the new file now wins
    assert again.work.negative_self_image == ["a burden"]
    assert "angie--schema.json" in again.status.value


def test_a_newer_save_under_the_new_name_wins_over_the_former(tmp_path):
    angie = load_case(ANGIE)
    SchemaBuilder(angie, exercise="schema-unlovable-neglecting",
                  work_dir=tmp_path).wish.value = "old"
    SchemaBuilder(angie, work_dir=tmp_path)  # restores "old" but writes nothing
    newer = SchemaBuilder(angie, work_dir=tmp_path)
    newer.wish.value = "new"
    assert SchemaBuilder(angie, work_dir=tmp_path).wish.value == "new"


def test_the_drafter_finds_the_schema_under_either_name(tmp_path):
    angie = load_case(ANGIE)
    former = SchemaBuilder(angie, exercise="schema-unlovable-neglecting", work_dir=tmp_path)
    former.wish.value = "to be held"
    former.fields["negative_self_image"].value = "a burden"
    former.fields["expected_response_of_other"].value = "tired of me"
    assert "Drafted from the schema you formulated" in ContractDrafter(
        angie, work_dir=tmp_path).origin.value
    fresh = tmp_path / "fresh"
    builder = SchemaBuilder(angie, work_dir=fresh)
    builder.wish.value = "to be held"
    builder.fields["negative_self_image"].value = "a burden"
    builder.fields["expected_response_of_other"].value = "tired of me"
    assert "Drafted from the schema you formulated" in ContractDrafter(
        angie, work_dir=fresh).origin.value


def test_a_contract_saved_under_the_former_name_is_restored(tmp_path):
    angie = load_case(ANGIE)
    drafter = ContractDrafter(angie, work_dir=tmp_path)
    drafter.commitments.value = "Weekly sessions."
    drafter.save_path.rename(tmp_path / "angie--contract-unlovable-neglecting.json")
    document = json.loads((tmp_path / "angie--contract-unlovable-neglecting.json").read_text())
    document["exercise"] = "contract-unlovable-neglecting"
    (tmp_path / "angie--contract-unlovable-neglecting.json").write_text(json.dumps(document))
    again = ContractDrafter(angie, work_dir=tmp_path)
    assert again.commitments.value == "Weekly sessions."
    assert "Restored your contract" in again.status.value


def test_a_save_under_another_former_name_is_not_taken(tmp_path):
    angie = load_case(ANGIE)
    other = SchemaBuilder(angie, exercise="theatre-party", work_dir=tmp_path)
    other.wish.value = "company"
    (tmp_path / "angie--schema-unlovable-neglecting.json").write_bytes(
        other.save_path.read_bytes())
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    assert builder.wish.value == "" and "exercise 'theatre-party'" in (
        builder.status.value.replace("&#x27;", "'"))


def test_the_workshop_finds_the_schema_from_any_name():
    ren = load_case(REN)
    assert schema_for_exercise(ren, "schema").id == "belittled"
    assert schema_for_exercise(ren, "schema-2").id == "excluded"
    assert schema_for_exercise(ren, "schema-excluded").id == "excluded"  # former name
    assert schema_for_exercise(ren, "theatre-party").id == "belittled"
