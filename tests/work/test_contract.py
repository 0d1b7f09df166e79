"""From a schema to a draft contract, and the contract as text."""


from conftest import ANGIE

from widgets import load_case
from widgets.work.contract import ContractWork, contract_text, draft_contract
from widgets.work.narrative import schema_narrative
from widgets.work.schema import SchemaWork, from_published


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
