"""Chapter 1's timeline: the case's events in phase order and drawn, for any case."""

import xml.etree.ElementTree as ET

import pytest
from conftest import MINIMAL, REN

from widgets import load_case
from widgets.diagrams.timeline import PHASES, case_timeline, headline, timeline_dot, timeline_figure


def test_timeline_runs_from_history_to_follow_up_in_phase_order(angie):
    events = case_timeline(angie)
    phase_numbers = [PHASES.index(e.phase) for e in events]
    assert phase_numbers == sorted(phase_numbers)
    assert events[0].title == angie.history[0].title
    assert events[-1].text == angie.follow_up[-1].text
    assert set(PHASES) == {e.phase for e in events}


def test_timeline_summarises_assessment_and_scores_from_the_case(angie):
    events = case_timeline(angie)
    met = sum(c.met is True for c in angie.assessment.diagnosis.criteria)
    total = len(angie.assessment.diagnosis.criteria)
    assessment = next(e for e in events if e.when == "Assessment")
    assert assessment.title == f"{met} of {total} DSM-5 criteria met"
    by_phase = {(e.phase, e.title) for e in events}
    assert ("Intake", "Measures: GSI 2.1; DERS 118") in by_phase
    assert ("End of therapy", "Measures: GSI 0.222; DERS 57") in by_phase


def test_timeline_of_another_case_places_mid_therapy_scores_in_therapy():
    events = case_timeline(load_case(REN))
    mid = [e for e in events if e.when == "Mid-therapy"]
    assert [(e.phase, e.title) for e in mid] == [("Therapy", "Measures: DERS 104")]


def test_timeline_of_a_minimal_case_is_empty_but_draws():
    case = load_case(MINIMAL)
    assert case_timeline(case) == []
    figure = timeline_figure(case)
    assert figure.alt.startswith("A vertical timeline of 0 events")
    assert "digraph timeline" in figure.dot


def test_timeline_dot_is_deterministic_and_names_every_event(angie):
    events = case_timeline(angie)
    first, second = timeline_dot(events, "t"), timeline_dot(events, "t")
    assert first == second
    for event in events:
        assert event.ref in first


def test_figure_description_lists_every_event(angie):
    figure = timeline_figure(angie)
    assert len(figure.description) == len(case_timeline(angie))
    assert repr(figure).splitlines()[0] == f"Figure: {figure.caption}"


@pytest.mark.needs_dot
def test_hostile_history_text_renders_as_literal_text(tmp_path):
    hostile = '<b>bold</b> "quoted" & {braces} \\ trailing \\'
    text = MINIMAL.read_text(encoding="utf-8") + (
        "history:\n  - when: '<script>alert(1)</script>'\n"
        f"    title: '{hostile}'\n    text: x\n    ref: §1\n")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    svg = timeline_figure(load_case(path)).svg()
    root = ET.fromstring(svg)  # well-formed XML
    drawn = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "<script>alert(1)</script>:" in drawn
    assert "<b>bold</b>" in drawn and '"quoted"' in drawn and "trailing \\" in drawn
    assert root.find(".//{http://www.w3.org/2000/svg}script") is None


def test_headline_cuts_at_a_word_boundary():
    assert headline("short") == "short"
    cut = headline("word " * 30, limit=20)
    assert len(cut) <= 20 and cut.endswith(" …") and "wor " not in cut
