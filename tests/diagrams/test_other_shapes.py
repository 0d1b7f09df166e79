"""Diagrams for a case shaped unlike Angie's (tests/cases/fictional-theo.yaml): each test is a
shape that was once drawn wrong."""

import pytest
from conftest import THEO

from widgets import load_case
from widgets.case.vocabulary import TIME_POINT_LABELS, TimePoint
from widgets.diagrams.change_chart import change_figure
from widgets.diagrams.cycle import case_cycle_figure
from widgets.diagrams.network import network_figure
from widgets.diagrams.registry import DIAGRAMS, Options
from widgets.diagrams.schema import EMPTY, NO_HEALTHY_PATH, NONE_PUBLISHED, published_schema_figure
from widgets.diagrams.timeline import case_timeline


@pytest.fixture(scope="module")
def theo():
    return load_case(THEO)


def test_mid_therapy_scores_sit_inside_therapy_after_its_first_step(theo):
    events = case_timeline(theo)
    titles = [e.title for e in events]
    mid = titles.index("Measures: FWI 19; FSF 48")
    assert events[mid].phase == "Therapy"
    assert titles.index(theo.treatment.course[0].title) < mid
    assert mid < titles.index("Measures: FWI 31; FSF 71")
    assert events[titles.index("Measures: FWI 31; FSF 71")].phase == "Follow-up"


def test_a_schema_without_a_healthy_path_is_drawn_as_having_none(theo):
    figure = published_schema_figure(theo, "overruled")
    assert NO_HEALTHY_PATH in figure.dot
    assert "ALTERNATIVE SELF-IMAGE" not in figure.dot
    # Its empty intrapsychic coping is the formulation's, not a box waiting to be filled in.
    assert EMPTY not in figure.dot and NONE_PUBLISHED in figure.dot
    assert any("none" in line and NO_HEALTHY_PATH in line for line in figure.description)
    dot = DIAGRAMS["schema"].draw(theo, Options(schema_id="overruled"))
    assert NO_HEALTHY_PATH in dot and EMPTY not in dot


def test_a_cases_two_schemas_have_two_titles(theo):
    first, second = (published_schema_figure(theo, s.id) for s in theo.formulation.schemas)
    assert first.caption != second.caption
    assert first.dot != second.dot
    drawn = [DIAGRAMS["schema"].draw(theo, Options(schema_id=s.id))
             for s in theo.formulation.schemas]
    assert all(s.title in dot for s, dot in zip(theo.formulation.schemas, drawn, strict=True))


def test_a_two_step_episode_shows_both_steps_reflection_apart(theo):
    figure = case_cycle_figure(theo, "the-text")
    assert "▶ STEP 1" in figure.dot and "▶ STEP 2" in figure.dot
    assert "Outside the cycle, step 2: reflection." in figure.description
    assert "reflection" in figure.alt


def test_a_follow_up_score_is_labelled_follow_up_and_every_measure_described(theo):
    figure = change_figure(theo)
    assert len(figure.description) == len(theo.assessment.measures)
    drawn, left_out = figure.description
    assert drawn.startswith(f"FWI: 11 (Intake) to 31 ({TIME_POINT_LABELS[TimePoint.FOLLOW_UP]})")
    assert TIME_POINT_LABELS[TimePoint.END] not in drawn
    assert "no norms are known" in drawn  # a fictional measure has none, and no verdict
    # FSF was first taken mid-therapy: not drawn, and the description says why.
    assert left_out.startswith("FSF: not drawn") and "no intake score" in left_out


def test_the_networks_after_panel_says_when_from_the_case(theo):
    figure = network_figure(theo)
    assert "the 6-month follow-up" in figure.caption
    assert "12-month" not in figure.caption + figure.alt
