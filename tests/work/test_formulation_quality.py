"""The formulation-quality rubric: case-independent criteria and what is left to revisit."""

import pytest

from widgets.work.formulation_quality import CRITERIA, UnknownCriterion, to_revisit


def test_the_rubric_has_the_six_criteria_in_order():
    assert [c.id for c in CRITERIA] == ["grounded", "parsimonious", "linked", "healthy",
                                        "language", "testable"]
    assert all(c.question.endswith("?") for c in CRITERIA)


def test_unticked_and_unmentioned_criteria_are_left_to_revisit_in_order():
    left = to_revisit({"grounded": True, "testable": False, "healthy": True})
    assert [c.id for c in left] == ["parsimonious", "linked", "language", "testable"]
    assert to_revisit({c.id: True for c in CRITERIA}) == []


def test_a_misspelt_criterion_is_refused_not_read_as_met():
    with pytest.raises(UnknownCriterion, match="Unknown criteria 'grounding'; the rubric's "
                                               "criteria are grounded, parsimonious"):
        to_revisit({"grounding": True})
