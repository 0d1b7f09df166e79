"""The cycle and chain builders: every stage once, an episode lit up in words and lines,
where MIT intervenes, hostile step text drawn as text."""
from conftest import REN
from drawing import svg_text

from widgets import load_case
from widgets.case.vocabulary import CYCLE_STAGES, STAGE_LABELS, Stage
from widgets.diagrams.chain import chain_dot
from widgets.diagrams.cycle import LOOP_ROWS, cycle_dot, cycle_figure, steps_by_stage
from widgets.diagrams.render import render_svg
from widgets.work.chain import published_chain


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


def test_interventions_are_drawn_and_described(angie):
    figure = cycle_figure("t", "c", interventions=angie.interventions())
    assert "MIT: Differentiation" in figure.dot
    assert any("Where MIT works: Differentiation" in line and "(§7)" in line
               for line in figure.description)


def test_a_case_without_its_own_interventions_gets_mits_in_general_citing_nothing():
    ren = load_case(REN)
    assert not ren.treatment.interventions
    figure = cycle_figure("t", "c", interventions=ren.interventions())
    where = [line for line in figure.description if "Where MIT works" in line]
    assert where and not any("§" in line for line in where)
    assert any("his own part" in line or "their own part" in line for line in where)


def test_hostile_step_text_is_drawn_as_text(angie):
    from widgets.case.model import Episode, Step
    hostile = '<script>alert("x")</script> \\ "q" 🙂 ' + "long " * 300
    episode = Episode(id="e", title=hostile, time_point="intake", summary="s", ref="§1",
                      steps=[Step(stage="event", text=hostile), Step(stage="wish", text="w")])
    text = svg_text(render_svg(chain_dot(published_chain(episode), episode, hostile)))
    assert '<script>alert("x")</script>' in text
