"""Chapter 1's building blocks: the case timeline and the pandas tables, for any case."""

import xml.etree.ElementTree as ET

import pytest
from conftest import ANGIE, MINIMAL, REN

from widgets import load_case
from widgets.tables import criteria_table, measures_table, person_table, show, timeline_table
from widgets.timeline import PHASES, case_timeline, headline, timeline_dot, timeline_figure


@pytest.fixture(scope="module")
def angie():
    return load_case(ANGIE)


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


def test_criteria_are_marked_by_words_not_only_colour(angie, tmp_path):
    table = criteria_table(angie)
    # The paper lists the eight criteria met and is silent on the ninth: not listed, not unmet.
    assert set(table["Judged"]) == {"✓ met", "not listed in the source"}
    assert table.loc[table["No."] == 5, "Judged"].item() == "not listed in the source"
    judged_unmet = tmp_path / "unmet.yaml"
    judged_unmet.write_text(ANGIE.read_text(encoding="utf-8").replace("met: null", "met: false"),
                            encoding="utf-8")
    table = criteria_table(load_case(judged_unmet))
    assert table.loc[table["No."] == 5, "Judged"].item() == "✗ not met"


def test_measures_table_has_a_column_per_reported_time_point():
    table = measures_table(load_case(REN))
    assert list(table.columns) == ["Measure", "Range", "Higher scores mean", "Instrument",
                                   "Intake", "Mid-therapy", "End of therapy", "Source"]
    wellbeing = table[table["Measure"].str.contains("WBI")].iloc[0]
    assert wellbeing["Mid-therapy"] == "—" and wellbeing["Higher scores mean"] == "better"


def test_person_table_has_no_identifying_fields(angie):
    table = person_table(angie)
    assert table.iloc[1, 1] == "mid-30s"
    assert len(table) == 3 + len(angie.person.facts)


def test_shown_tables_are_stable_captioned_and_unnumbered(angie):
    html_one = show(timeline_table(angie), "Timeline in detail")._repr_html_()
    html_two = show(timeline_table(angie), "Timeline in detail")._repr_html_()
    assert html_one == html_two
    assert "<caption>Timeline in detail</caption>" in html_one
    assert 'class="row_heading' not in html_one


def test_shown_tables_escape_case_text_headers_and_caption():
    """A Styler inserts cell text as raw HTML unless told otherwise; case files are shared."""
    import pandas as pd

    hostile = '<img src=x onerror=alert(1)><script>alert(2)</script> AT&amp;T'
    table = pd.DataFrame([(hostile, 3)], columns=["<b>Column</b>", "Number"])
    page = show(table, "Caption <i>x</i>").to_html()
    assert "<img" not in page and "<script" not in page and "<b>" not in page
    assert "<i>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in page
    assert "AT&amp;amp;T" in page  # the entity the case file typed shows as typed
    assert ">3<" in page  # numbers still shown as numbers
