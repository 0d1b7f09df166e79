"""Feedback on an open answer from the case file's checklist: each point made or not, read
clause by clause with the matching engine; never a grade."""

import pytest
from conftest import REN

from widgets import load_case
from widgets.case.model import ChecklistPoint
from widgets.work.checklist import check_open_answer, sentences

POINTS = [
    ChecklistPoint(label="Names the trigger", accept=["trigger", "partner is distant"],
                   adds="It names what sets off a shift.", ref="§6"),
    ChecklistPoint(label="Finds the wish", accept=["wish to be loved", "want to be loved"],
                   adds="It names the wish the states share."),
    ChecklistPoint(label="Links anger and pain", accept=["under the anger", "anger hides"],
                   adds="It shows the pain under the anger."),
]


def statuses(answer: str, points=POINTS) -> list[str]:
    return [p.status for p in check_open_answer(answer, points).points]


def test_each_point_is_made_by_a_clause_that_says_a_whole_wording():
    answer = ("The shifts start when her partner is distant. Under it all she wants to be "
              "loved.\nHer anger hides the sadness.")
    result = check_open_answer(answer, POINTS)
    assert [p.status for p in result.points] == ["made", "made", "made"]
    assert result.made == 3 and result.points[0].said_in == (
        "The shifts start when her partner is distant.")
    assert result.points[1].note() == "Your answer makes this point: “Under it all she wants " \
        "to be loved.”"
    assert result.summary().startswith("Your answer makes 3 of the 3 points")


def test_half_a_wording_does_not_make_a_point():
    # "angry" is half of "under the anger": a sentence must say the whole wording.
    assert statuses("She is angry. The partner matters.") == ["open", "open", "open"]


def test_the_other_pole_never_makes_a_point_and_is_quoted():
    result = check_open_answer("She does not want to be loved.", POINTS)
    wish = result.points[1]
    assert (wish.status, wish.made, wish.mark) == ("reversed", False, "○")
    assert wish.note() == ("“She does not want to be loved.” seems to say the opposite of "
                           "this point. It names the wish the states share.")


def test_a_negation_stays_in_its_clause():
    # The first clause's "unlovable" does not reverse the wish said after "but".
    assert statuses("She feels unlovable, but she wants to be loved")[1] == "made"
    assert sentences("One; two, three but four.\nfive") == ["One;", "two,", "three", "four.",
                                                             "five"]


def test_a_slip_of_spelling_is_named_as_near_not_made():
    point = check_open_answer("The triger is obvious.", POINTS).points[0]
    assert point.status == "near" and point.note().startswith("“The triger is obvious.” may "
                                                               "be on the way")


def test_an_open_point_says_what_it_would_add_and_nothing_grades_the_learner():
    result = check_open_answer("", POINTS)
    assert not result.answered and result.made == 0
    assert [p.note() for p in result.points] == [p.adds for p in POINTS]
    assert result.summary().startswith("No answer written yet")
    assert check_open_answer("x", []).summary().startswith("The case file has no checklist")
    for answer in ("", "She is angry.", "her partner is distant"):
        text = check_open_answer(answer, POINTS).summary().lower()
        assert not any(word in text for word in ("grade", "score", "wrong", "fail", "you are"))


@pytest.mark.parametrize("answer, made", [
    ("I would help her see that the angry state and the unworthy state are connected, that "
     "they start when her partner is distant, and that under the anger is the wish to be "
     "loved. In the phone call she goes from one to the other; she also has a healthy side "
     "that knows she deserves love.", 6),
    ("She should stop being so dramatic.", 0),
    ("The states are not connected.", 0),
])
def test_angies_checklist_reads_realistic_answers(angie, answer, made):
    result = check_open_answer(answer, angie.formulation.integration_checklist)
    assert len(result.points) == 6 and result.made == made


def test_a_second_case_has_its_own_checklist():
    ren = load_case(REN)
    result = check_open_answer("His rage turns into humiliation; underneath, he feels "
                               "inferior.", ren.formulation.integration_checklist)
    assert [p.status for p in result.points] == ["made", "made"]


def test_a_clause_that_says_an_opposite_wording_is_quoted_never_credited():
    point = ChecklistPoint(label="Links the states", accept=["states are connected"],
                           opposites=["states are separate"], adds="It links the states.")
    result = check_open_answer("I think the states are separate. Anyway.", [point])
    assert result.points[0].status == "reversed" and result.made == 0
    assert result.points[0].said_in == "I think the states are separate."
