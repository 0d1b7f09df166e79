"""Chain analysis: the pure work model and check, against counts computed here from the
case file."""

from itertools import combinations

import pytest

from widgets.case.vocabulary import STAGE_LABELS, Stage
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
