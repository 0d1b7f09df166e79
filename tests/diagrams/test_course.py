"""The course of therapy, drawn by MIT's strands."""

import xml.etree.ElementTree as ET

from conftest import ANGIE, MINIMAL

from widgets import load_case
from widgets.diagrams.course import course_figure


def test_course_figure_groups_steps_by_strand_with_the_way_back():
    angie = load_case(ANGIE)
    figure = course_figure(angie)
    assert len(figure.description) == len(angie.treatment.course)
    assert figure.description[0].startswith("Shared formulation and regulation — Intake")
    assert 'label="back to regulation\\nwhen needed"' in figure.dot
    assert ET.fromstring(figure.svg()).tag.endswith("svg")
    assert "back to regulation" not in course_figure(load_case(MINIMAL)).dot  # no steps
