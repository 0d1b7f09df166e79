"""The matching engine against answers written as learners write them, labelled by hand with
the verdict a trainer would give (tests/work/feedback_corpus.yaml)."""

import pytest
from corpus_verdicts import LABELS, agreement, judged_corpus, reversed_judged_match


@pytest.fixture(scope="module")
def judged():
    return judged_corpus()


def test_the_corpus_is_large_and_covers_every_element_and_both_cases(judged):
    assert len(judged) >= 300
    places = {j.where for j in judged}
    for case in ("angie", "ren"):
        for field in ("wish", "negative_self_image", "expected_response_of_other",
                      "reactions_of_self", "coping_interpersonal", "coping_intrapsychic",
                      "alternative_self_image", "hoped_response_of_other", "self-state"):
            assert f"{case} {field}" in places
        # Every point of the case's integration checklist is read in open answers.
        assert sum(where.startswith(f"{case} integration: ") for where in places) >= 2
    assert {j.label for j in judged} == set(LABELS)


def test_no_reversed_answer_is_judged_a_match(judged):
    assert reversed_judged_match(judged) == []


def test_the_engine_agrees_with_the_trainers_labels(judged):
    disagreements = [(j.where, j.answer, j.label, j.verdict) for j in judged
                     if j.label != j.verdict]
    assert agreement(judged) >= 0.90, disagreements
