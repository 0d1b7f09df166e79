"""The behavioural experiment: drafted from any schema, reviewed by its shape, exported."""

import pytest
from pydantic import ValidationError

from widgets.case.pronouns import PRONOUNS, PronounSet
from widgets.work.experiment import (
    MAX_EXPERIMENT_TEXT,
    PARTS,
    ExperimentWork,
    draft_experiment,
    experiment_text,
    plan_review,
)
from widgets.work.schema import SchemaWork


def test_the_draft_takes_the_wish_and_the_prediction_from_the_schema():
    schema = SchemaWork(wish="to be held", negative_self_image=["a burden", "too much"],
                        expected_response_of_other=["Tired of me", "cold"])
    plan = draft_experiment(schema, PRONOUNS[PronounSet.SHE])
    assert plan.wish == "to be held"
    assert plan.prediction == ("If she takes this step, the schema predicts the other's "
                               "response: tired of me or cold; how she will see herself: a "
                               "burden and too much.")
    # What no schema says is left to the learner.
    assert plan.step == plan.disconfirmation == plan.reflection == ""


def test_a_schema_with_only_a_self_image_still_drafts_a_sentence():
    plan = draft_experiment(SchemaWork(negative_self_image=["invisible"]),
                            PRONOUNS[PronounSet.HE])
    assert plan.prediction == ("If he takes this step, the schema predicts how he will see "
                               "himself: invisible.")
    # A case that names no pronouns is spoken of as "they", with the verb agreeing.
    assert draft_experiment(SchemaWork(negative_self_image=["invisible"])).prediction == (
        "If they take this step, the schema predicts how they will see themselves: invisible.")
    assert draft_experiment(SchemaWork()).prediction == ""


def test_the_review_names_each_missing_part_and_a_disconfirmation_that_repeats():
    plan = ExperimentWork(wish="w", step="s", prediction="She will be ignored.",
                          disconfirmation="she will be IGNORED", reflection="")
    review = {label: (done, note) for label, done, note in plan_review(plan)}
    assert [done for done, _ in review.values()] == [True, True, True, False, False]
    assert review["What would count against it"][1].startswith("It repeats the prediction")
    assert review["Reflecting afterwards"][1].startswith("Missing: how the next session")
    he = {label: note for label, _done, note in plan_review(plan, PRONOUNS[PronounSet.HE])}
    assert "Say what he could see or hear" in he["What would count against it"]
    complete = plan.model_copy(update={"disconfirmation": "Someone answers warmly.",
                                       "reflection": "What did she notice?"})
    assert all(done for _, done, _ in plan_review(complete))


def test_too_long_a_part_is_refused_and_a_lone_surrogate_kept_as_a_mark():
    with pytest.raises(ValidationError):
        ExperimentWork(step="x" * (MAX_EXPERIMENT_TEXT + 1))
    assert ExperimentWork(step="half \ud83d").step == "half \ufffd"


def test_the_export_has_every_part_in_order_and_says_it_is_not_clinical(angie):
    plan = ExperimentWork(step="Ask a friend to rehearse.")
    text = experiment_text(angie, plan)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == len(PARTS)
    assert "not a clinical document" in text and "Ask a friend to rehearse." in text
    assert text.count("(not written yet)") == len(PARTS) - 1
