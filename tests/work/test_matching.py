"""The matching engine: polarity before words. Cases from the clinical review's T1 table and
the student review's §3."""

import pytest

from widgets.work.matching import content_words, judge, pair_up
from widgets.work.schema import SchemaWork
from widgets.work.schema_compare import STATUS_LABELS, compare_schema
from widgets.work.self_states import SelfStateWork, StateEntry, compare_self_states


def _item(case, field, text):
    schema = case.schema()
    items = {"coping_interpersonal": schema.coping.interpersonal,
             "coping_intrapsychic": schema.coping.intrapsychic}.get(field) or getattr(schema, field)
    item = next(i for i in items if i.text == text)
    return [item.text, *item.also_accept], item.opposites


@pytest.mark.parametrize(("field", "published", "answer", "verdict"), [
    ("negative_self_image", "Unlovable", "lovable", "reversed"),
    ("negative_self_image", "Unlovable", "loveable", "reversed"),
    ("negative_self_image", "Unlovable", "not unlovable", "reversed"),
    ("negative_self_image", "Unlovable", "not lovable", "match"),
    ("negative_self_image", "Unlovable", "she isn't lovable", "match"),
    ("negative_self_image", "Unworthy", "Worthless", "match"),
    ("expected_response_of_other", "Neglecting", "not neglecting", "reversed"),
    ("expected_response_of_other", "Neglecting", "does care", "reversed"),
    ("expected_response_of_other", "Neglecting", "caring", "reversed"),
    ("expected_response_of_other", "Neglecting", "doesn't care", "match"),
    ("expected_response_of_other", "Neglecting", "not caring", "match"),
    ("alternative_self_image", "Loveable", "not lovable", "reversed"),
    ("alternative_self_image", "Loveable", "not worthy", "reversed"),
    ("alternative_self_image", "Loveable", "not worthy of love", "reversed"),
    ("alternative_self_image", "Loveable", "Loved", "match"),
    ("coping_intrapsychic", "Dissociation", "dissociated", "match"),
])
def test_the_reviews_answers(angie, field, published, answer, verdict):
    accepted, opposites = _item(angie, field, published)
    assert judge(answer, accepted, opposites) == verdict


def test_a_reversed_wish_is_never_a_match(angie):
    wish = angie.schema().wish
    assert judge("not to be loved", [wish.text, *wish.also_accept], wish.opposites) == "reversed"
    assert judge("to be loved", [wish.text, *wish.also_accept], wish.opposites) == "match"


def test_negation_reaches_to_the_end_of_its_clause_only():
    assert judge("not angry but sad", ["sad"]) == "match"
    assert judge("not angry but sad", ["angry"]) == "reversed"


def test_negated_words_are_other_answers_in_the_class_tally():
    assert content_words("caring") != content_words("not caring")
    assert content_words("Loved") == content_words("loving")


def test_the_stronger_verdict_takes_the_learner_item_first():
    pairs = pair_up([["Sad"], ["Unlovable"]], ["lovable", "sad"])
    assert pairs == [("match", 1), ("reversed", 0)]


def test_a_reversed_schema_item_is_labelled_and_explained(angie):
    work = SchemaWork(wish="to be loved", negative_self_image=["lovable"])
    verdict = next(v for v in compare_schema(work, angie.schema(), angie).verdicts
                   if v.published == "Unlovable")
    assert verdict.status == "reversed"
    assert "healthy pole" in verdict.note and "Unlovable" in verdict.note
    assert STATUS_LABELS["reversed"] != STATUS_LABELS["match"]


def _state(name, healthy=False, **fields):
    return StateEntry(name=name, healthy=healthy, **fields)


def test_a_healthy_learner_state_never_matches_a_problem_state(angie):
    work = SelfStateWork(states=[_state("Unworthy", healthy=True, emotion="shame")])
    verdicts = {v.published: v for v in compare_self_states(work, angie).states}
    assert verdicts["Unworthy"].status == "reversed"
    assert "marked healthy" in verdicts["Unworthy"].detail


def test_loved_and_ticked_healthy_is_the_loveable_state(angie):
    work = SelfStateWork(states=[_state("Loved", healthy=True)])
    verdicts = {v.published: v.status for v in compare_self_states(work, angie).states}
    assert verdicts["Loveable (the healthy self)"] == "match"


def test_behaviour_counts_in_a_state(angie):
    work = SelfStateWork(states=[_state("Numb", behaviour="Binge eats, drinks")])
    verdicts = {v.published: v.status for v in compare_self_states(work, angie).states}
    assert verdicts["Compulsive self-soothing"] == "match"


def test_a_state_named_not_loveable_is_not_the_healthy_self(angie):
    work = SelfStateWork(states=[_state("Not loveable")])
    verdicts = {v.published: v.status for v in compare_self_states(work, angie).states}
    assert verdicts["Loveable (the healthy self)"] != "match"


def test_half_a_wording_is_no_match_when_the_other_half_carries_its_polarity():
    # The case file need not list opposites for the engine to see the other pole.
    assert judge("lovable", ["undeserving of love"]) != "match"
    assert judge("not unlovable", ["undeserving of love"]) != "match"
    assert judge("love", ["to be comforted and loved"]) == "match"


@pytest.mark.parametrize(("answer", "wording", "verdict"), [
    ("sadnes", "Sadness", "match"),
    ("selfharm", "Self-harm", "match"),
    ("unlovabel", "Unlovable", "match"),
    ("lovabel", "Unlovable", "reversed"),
    ("Self soothing", "self-loathing", None),
])
def test_slips_of_spelling_are_forgiven_but_not_other_words(answer, wording, verdict):
    assert judge(answer, [wording]) == verdict


def test_stopping_a_behaviour_and_needing_nobody_are_negations():
    assert judge("stops drinking", ["Drinking alcohol", "drinking"]) == "reversed"
    assert judge("needs nobody", ["to need someone"]) == "reversed"
