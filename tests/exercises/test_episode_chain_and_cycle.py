"""EpisodeChainBuilder and CycleExplorer driven headless, with Angie, a second case and
a case without episodes."""

import html

import pytest
from conftest import MINIMAL, REN
from drawing import svg_text

from widgets import load_case
from widgets.case.model import UnknownIdError
from widgets.case.vocabulary import Stage
from widgets.exercises.chain_builder import EpisodeChainBuilder
from widgets.exercises.cycle_explorer import CycleExplorer
from widgets.work.chain import starting_order
from widgets.work.responses import ChainResponse, read_response


def test_unknown_or_missing_episodes_have_clear_messages(angie):
    with pytest.raises(UnknownIdError, match="no episode 'nope'; it has: phone-call"):
        angie.episode("nope")
    with pytest.raises(UnknownIdError, match="has no episodes"):
        EpisodeChainBuilder(load_case(MINIMAL))


@pytest.fixture
def chain(angie, tmp_path):
    return EpisodeChainBuilder(angie, "phone-call", work_dir=tmp_path)


def tag_all_as_published(builder):
    for row, entry in zip(builder.rows, builder.work.steps, strict=True):
        row.stage.value = builder.episode.steps[entry.step].stage


def test_check_waits_until_every_step_is_tagged(chain):
    assert chain.check_button.disabled
    chain.check_button.click()
    assert chain.comparison.value == "" and "tag every step" in chain.status.value
    tag_all_as_published(chain)
    assert not chain.check_button.disabled
    chain.check_button.click()
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
    builder.check_button.click()
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


def test_check_marks_a_defensible_stage_and_explains_each_step_from_the_case_file(chain):
    tag_all_as_published(chain)
    episode = chain.episode
    position = next(i for i, s in enumerate(episode.steps) if "dissociated" in s.text)
    row = next(r for r, e in zip(chain.rows, chain.work.steps, strict=True)
               if e.step == position)
    row.stage.value = Stage.DISSOCIATION
    chain.check_button.click()
    shown = chain.comparison.value
    assert "(1 with a defensible alternative)" in shown
    assert "✓ Defensible: Dissociation. The case file prefers Maladaptive mastery, " \
           "personal." in shown
    assert html.escape(episode.steps[0].why) in shown and "✗" not in shown
