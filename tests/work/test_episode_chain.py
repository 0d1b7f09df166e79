"""Chain analysis: the pure work model and check, against counts computed here from the
case file."""

from itertools import combinations

import pytest
from conftest import REN

from widgets import load_case
from widgets.case.vocabulary import STAGE_LABELS, Stage, stage_explanation
from widgets.work.chain import ChainStep, ChainWork, check_chain, published_chain, starting_order


@pytest.mark.parametrize("episode_id", ["phone-call", "grandmother-memory", "theatre-party"])
def test_the_starting_order_is_a_stable_shuffle(angie, episode_id):
    episode = angie.episode(episode_id)
    first, again = starting_order(episode), starting_order(episode)
    order = [s.step for s in first.steps]
    assert first == again
    assert sorted(order) == list(range(len(episode.steps))) and order != sorted(order)
    assert all(s.stage is None for s in first.steps)


def test_the_check_counts_against_an_independent_computation(angie):
    episode = angie.episode("theatre-party")
    work = starting_order(episode)
    for position in (0, 2, 5):
        work = work.tag(position, episode.steps[work.steps[position].step].stage)
    work = work.tag(1, Stage.BLACK_HOLE)
    result = check_chain(work, episode)
    order = [s.step for s in work.steps]
    expected_stages = sum(e.stage == episode.steps[e.step].stage for e in work.steps)
    expected_places = sum(step == place for place, step in enumerate(order))
    expected_pairs = sum(order[a] < order[b] for a, b in combinations(range(len(order)), 2))
    assert result.stages_right == expected_stages >= 3
    assert result.places_right == expected_places
    assert (result.pairs_in_order, result.pairs) == (expected_pairs, 45)
    wrong = result.steps[1]
    assert not wrong.stage_ok
    assert wrong.explanation().startswith(
        f"The case file has {STAGE_LABELS[wrong.published_stage]}, not "
        f"{STAGE_LABELS[Stage.BLACK_HOLE]}.")


def test_the_published_chain_is_all_right(angie):
    episode = angie.episode("phone-call")
    result = check_chain(published_chain(episode), episode)
    n = len(episode.steps)
    assert (result.stages_right, result.places_right, result.pairs_in_order) == (
        n, n, n * (n - 1) // 2)


def test_moving_steps_stays_inside_the_chain(angie):
    work = published_chain(angie.episode("phone-call"))
    assert [s.step for s in work.move(0, -1).steps] == list(range(10))
    assert [s.step for s in work.move(0, +1).steps][:3] == [1, 0, 2]
    assert [s.step for s in work.move(9, +5).steps] == list(range(10))


def test_a_chain_must_be_the_episodes_steps_each_once(angie):
    with pytest.raises(ValueError, match="each once"):
        ChainWork(episode_id="x", steps=[ChainStep(step=0), ChainStep(step=0)])
    work = published_chain(angie.episode("phone-call"))
    assert "not 'theatre-party'" in work.fits(angie.episode("theatre-party"))
    with pytest.raises(ValueError, match="cannot be checked"):
        check_chain(work, angie.episode("theatre-party"))


# --- defensible alternatives and the case file's reasons -------------------------------------
def tagged(episode, stages: dict[int, Stage]):
    """The published chain, with the steps at the given case-file positions re-tagged."""
    work = published_chain(episode)
    for position, stage in stages.items():
        work = work.tag(position, stage)
    return work


def test_a_stage_the_case_file_also_accepts_is_defensible_and_names_the_preferred_one(angie):
    episode = angie.episode("phone-call")
    alternatives = [(i, step) for i, step in enumerate(episode.steps) if step.also_accept]
    assert alternatives, "the test needs a step with an alternative stage"
    for position, step in alternatives:
        for stage in step.also_accept:
            checked = check_chain(tagged(episode, {position: stage}), episode)
            mine = checked.steps[position]
            assert (mine.stage_verdict, mine.stage_ok) == ("defensible", True)
            assert mine.explanation() == (
                f"Defensible: {STAGE_LABELS[stage]}. The case file prefers "
                f"{STAGE_LABELS[step.stage]}. {step.why}")
            assert checked.stages_right == len(episode.steps)
            assert checked.stages_defensible == 1
            assert "(1 with a defensible alternative)" in checked.summary()


def test_the_step_that_says_she_dissociated_accepts_dissociation(angie):
    episode = angie.episode("phone-call")
    position = next(i for i, s in enumerate(episode.steps) if "dissociated" in s.text)
    step = episode.steps[position]
    assert step.stage is Stage.COPING_INTRAPSYCHIC
    mine = check_chain(tagged(episode, {position: Stage.DISSOCIATION}), episode).steps[position]
    assert mine.stage_verdict == "defensible"
    assert "dissociation" in step.why.lower() and "defensible" in step.why
    # Other stages are still wrong, and the message names what the case file accepts.
    wrong = check_chain(tagged(episode, {position: Stage.EMOTION}), episode).steps[position]
    assert not wrong.stage_ok
    assert wrong.explanation().startswith(
        f"The case file has {STAGE_LABELS[Stage.COPING_INTRAPSYCHIC]} (it also accepts "
        "dissociation), not Dysregulated emotion.")


def test_every_step_of_the_case_explains_itself_from_the_case_file(angie):
    for episode in angie.episodes:
        checked = check_chain(published_chain(episode), episode)
        for step, mine in zip(episode.steps, checked.steps, strict=True):
            assert step.why, (episode.id, step.text)
            assert mine.explanation() == f"Yes: {STAGE_LABELS[step.stage]}. {step.why}"


def test_without_a_why_the_explanation_is_the_stages_own(angie):
    episode = angie.episode("theatre-party")
    bare = episode.model_copy(update={"steps": [
        s.model_copy(update={"why": None, "also_accept": []}) for s in episode.steps]})
    checked = check_chain(tagged(bare, {0: Stage.WISH}), bare)
    assert checked.steps[0].explanation() == (
        f"The case file has {STAGE_LABELS[Stage.EVENT]}, not {STAGE_LABELS[Stage.WISH]}. "
        f"{stage_explanation(Stage.EVENT)}")
    assert checked.steps[1].explanation().endswith(stage_explanation(Stage.WISH))


def test_asking_for_company_is_not_accepted_as_maladaptive_coping(angie):
    # An ordinary request is not pathologised: the case file accepts no alternative for it
    # and says why.
    episode = angie.episode("theatre-party")
    position = next(i for i, s in enumerate(episode.steps) if s.text.startswith("She asks"))
    mine = check_chain(tagged(episode, {position: Stage.COPING_INTERPERSONAL}),
                       episode).steps[position]
    assert not mine.stage_ok and "adaptive" in mine.explanation()


def test_a_second_case_has_alternatives_too():
    episode = load_case(REN).episode("staff-meeting")
    position = next(i for i, s in enumerate(episode.steps) if s.also_accept)
    stage = episode.steps[position].also_accept[0]
    mine = check_chain(tagged(episode, {position: stage}), episode).steps[position]
    assert mine.stage_verdict == "defensible" and episode.steps[position].why in (
        mine.explanation())
