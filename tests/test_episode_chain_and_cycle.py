"""Chain analysis and the cycle: the pure work model and check (against counts computed
here from the case file), the cycle and chain builders, EpisodeChainBuilder and
CycleExplorer driven headless, with Angie, a second case and hostile text."""

import xml.etree.ElementTree as ET
from itertools import combinations

import pytest
from conftest import ANGIE, MINIMAL, REN

from widgets import load_case
from widgets.case_model import UnknownIdError
from widgets.cycle_diagram import LOOP_ROWS, chain_dot, cycle_dot, cycle_figure, steps_by_stage
from widgets.cycle_explorer import CycleExplorer
from widgets.episode_chain import ChainStep, ChainWork, check_chain, published_chain, starting_order
from widgets.episode_chain_builder import EpisodeChainBuilder
from widgets.render import render_svg
from widgets.responses import ChainResponse, read_response
from widgets.vocabulary import CYCLE_STAGES, STAGE_LABELS, Stage

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def angie():
    return load_case(ANGIE)


def svg_text(svg: str) -> str:
    root = ET.fromstring(svg[svg.index("<svg"): svg.index("</svg>") + len("</svg>")])
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


# --- the work model and the check ---------------------------------------------------------------
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


def test_unknown_or_missing_episodes_have_clear_messages(angie):
    with pytest.raises(UnknownIdError, match="no episode 'nope'; it has: phone-call"):
        angie.episode("nope")
    with pytest.raises(UnknownIdError, match="has no episodes"):
        EpisodeChainBuilder(load_case(MINIMAL))


# --- the cycle ----------------------------------------------------------------------------------
def test_the_cycle_has_every_stage_of_the_vocabulary_once():
    placed = [s for left, right in LOOP_ROWS for s in (*left, *right)]
    assert sorted(placed) == sorted(CYCLE_STAGES)
    text = svg_text(render_svg(cycle_dot("t")))
    for stage in CYCLE_STAGES:
        assert STAGE_LABELS[stage].split()[0] in text


def test_an_episode_lights_up_its_stages_in_words_and_lines(angie):
    work = published_chain(angie.episode("theatre-party"))
    marks = steps_by_stage(work)
    assert marks[Stage.EVENT] == [1, 4] and marks[Stage.REFLECTION] == [9, 10]
    dot = cycle_dot("t", marks)
    assert "▶ STEPS 1, 4" in dot and 'peripheries=2' in dot and "dashed" in dot
    figure = cycle_figure("t", "c", marks)
    description = "\n".join(figure.description)
    assert "[steps 1, 4] Interpersonal event leads to Wish activated." in description
    assert "Outside the cycle, steps 9, 10: reflection." in description
    not_reached = next(line for line in figure.description if "does not reach" in line)
    assert "Painful self-image" in not_reached and "Momentary relief" in not_reached
    assert "Interpersonal event" not in not_reached
    assert "double, thick border" in figure.alt


def test_interventions_are_drawn_and_described():
    figure = cycle_figure("t", "c", interventions=True)
    assert "MIT: Differentiation" in figure.dot
    assert any("Where MIT works: Differentiation" in line for line in figure.description)


def test_hostile_step_text_is_drawn_as_text(angie):
    from widgets.case_model import Episode, Step
    hostile = '<script>alert("x")</script> \\ "q" 🙂 ' + "long " * 300
    episode = Episode(id="e", title=hostile, time_point="intake", summary="s", ref="§1",
                      steps=[Step(stage="event", text=hostile), Step(stage="wish", text="w")])
    text = svg_text(render_svg(chain_dot(published_chain(episode), episode, hostile)))
    assert '<script>alert("x")</script>' in text


# --- the chain widget ---------------------------------------------------------------------------
@pytest.fixture
def chain(angie, tmp_path):
    return EpisodeChainBuilder(angie, "phone-call", work_dir=tmp_path)


def tag_all_as_published(builder):
    for row, entry in zip(builder.rows, builder.work.steps, strict=True):
        row.stage.value = builder.episode.steps[entry.step].stage


def test_check_waits_until_every_step_is_tagged(chain):
    assert chain.check_button.disabled
    chain.show_check()
    assert chain.comparison.value == "" and "tag every step" in chain.status.value
    tag_all_as_published(chain)
    assert not chain.check_button.disabled
    chain.show_check()
    assert "Stages: 10 of 10 tagged as in the case file" in chain.comparison.value


def test_moving_a_step_moves_its_text_and_its_tag(chain):
    first_text = chain.rows[0].text.value
    chain.rows[0].stage.value = Stage.EVENT
    chain.move(0, +1)
    assert chain.rows[1].text.value.endswith(first_text.split("</strong> ")[1])
    assert chain.rows[1].stage.value == Stage.EVENT and chain.rows[0].stage.value is None
    assert chain.work.steps[1].stage == Stage.EVENT


def test_the_live_diagrams_follow_the_tags(chain):
    chain.rows[0].stage.value = Stage.BLACK_HOLE
    text = svg_text(chain.on_cycle.value)
    assert "▶ STEP 1" in text
    assert "1. “BLACK HOLE”" in svg_text(chain.chain.value)


def test_work_is_saved_restored_and_refused_when_the_episode_changed(angie, tmp_path):
    first = EpisodeChainBuilder(angie, "phone-call", work_dir=tmp_path)
    first.pseudonym.value = "Heron"
    first.move(3, -2)
    first.rows[0].stage.value = Stage.WISH
    second = EpisodeChainBuilder(angie, "phone-call", work_dir=tmp_path)
    assert second.work == first.work and second.pseudonym.value == "Heron"
    # A save whose step count no longer fits the case's episode is kept aside, not misread.
    data = first.response().model_dump()
    data["work"]["steps"] = data["work"]["steps"][:1]
    data["work"]["steps"][0]["step"] = 0
    first.save_path.write_text(ChainResponse.model_validate(data).model_dump_json(), "utf-8")
    third = EpisodeChainBuilder(angie, "phone-call", work_dir=tmp_path)
    assert "episode in the case file now has 10" in third.status.value
    assert third.work == starting_order(angie.episode("phone-call"))


def test_exports(chain):
    tag_all_as_published(chain)
    document = read_response(chain.export("json"), ChainResponse)
    assert document.kind == "chain" and document.work == chain.work
    assert chain.export("png").read_bytes().startswith(b"\x89PNG")
    assert "digraph chain" in chain.export("dot").read_text("utf-8")


def test_the_chain_widget_works_with_a_second_case(tmp_path):
    ren = load_case(REN)
    builder = EpisodeChainBuilder(ren, work_dir=tmp_path)
    tag_all_as_published(builder)
    for _ in range(3):
        builder.move(0, +1)
    builder.show_check()
    places = sum(entry.step == place for place, entry in enumerate(builder.work.steps))
    assert "Stages: 6 of 6" in builder.comparison.value
    assert f"Order: {places} of 6 steps in their place in the case file" in (
        builder.comparison.value)


def test_the_explorer_lights_up_the_chosen_episode(angie, tmp_path):
    explorer = CycleExplorer(angie, work_dir=tmp_path)
    assert "▶" not in explorer.diagram.value and explorer.steps.value == ""
    explorer.select("phone-call")
    assert "▶ STEP 10" in svg_text(explorer.diagram.value)
    assert "The phone call, step by step" in explorer.steps.value
    explorer.interventions.value = True
    assert "MIT: Monitoring questions" in svg_text(explorer.diagram.value)
    assert explorer.export("svg").read_text("utf-8").lstrip().startswith("<?xml")
