"""Property-based tests: arbitrary text in every field never crashes anything, and never
becomes markup in the diagram, the narrative or the comparison."""

import xml.etree.ElementTree as ET

import pytest
from conftest import ANGIE
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from widgets import load_case
from widgets.diagrams.render import render_svg
from widgets.diagrams.schema import schema_dot
from widgets.diagrams.style import MAX_LABEL_CHARS
from widgets.work.narrative import schema_narrative
from widgets.work.schema import ELEMENTS, SchemaWork, published_items
from widgets.work.schema_compare import compare_schema

SVG = "{http://www.w3.org/2000/svg}"
CASE = load_case(ANGIE)
HOSTILE = ['"quoted"', "back\\slash\\", "<script>alert(1)</script>", "<b>bold</b>",
           "a & b", "{braces} [brackets]", "line\nbreak", "ünïcødé ✓ 🙂 中文 עברית",
           "<img src=/etc/passwd>", '" ] ; node [label="pwned', "\\n\\l\\G"]
text = st.text(max_size=300)
items = st.lists(text, max_size=4)


def assert_safe_svg(svg: str, typed: tuple[str, ...] = ()) -> str:
    root = ET.fromstring(svg)
    assert root.find(f".//{SVG}script") is None
    assert root.find(f".//{SVG}foreignObject") is None
    assert root.find(f".//{SVG}a") is None and root.find(f".//{SVG}image") is None
    for node in root.iter():
        for name, value in node.attrib.items():
            assert "javascript:" not in value.lower(), (name, value)
            for text in typed:  # learner text only ever appears as text, never in attributes
                assert text not in value, (name, value)
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


@pytest.mark.needs_dot
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wish=text, lists=st.fixed_dictionaries({e.field: items for e in ELEMENTS}))
@example(wish=HOSTILE[0], lists={e.field: HOSTILE for e in ELEMENTS})
@example(wish="x" * 10_000, lists={e.field: ["y" * 10_000] for e in ELEMENTS})
def test_any_text_renders_as_literal_text_in_well_formed_svg(wish, lists):
    work = SchemaWork(wish=wish, **lists)
    drawn = assert_safe_svg(render_svg(schema_dot(work, "t")))
    drawn = " ".join(drawn.split())
    for item in (i for e in ELEMENTS for i in work.items(e.field)):
        if len(item) < 30 and item.isprintable():  # short enough to sit on one line
            assert f"• {item}" in drawn, item


@pytest.mark.needs_dot
def test_hostile_text_is_drawn_exactly():
    work = SchemaWork(wish="<script>alert(1)</script>", negative_self_image=HOSTILE)
    drawn = assert_safe_svg(render_svg(schema_dot(work, 'title "with" <tags> \\')),
                            typed=("alert(1)", "pwned", "passwd", "<b>"))
    for item in ['"quoted"', "back\\slash\\", "<b>bold</b>", "a & b", "{braces} [brackets]",
                 "<img src=/etc/passwd>", '" ] ; node [label="pwned', "\\n\\l\\G"]:
        assert item in drawn, item
    assert "<script>alert(1)</script>" in drawn


@pytest.mark.needs_dot
def test_ten_thousand_characters_wrap_and_are_shortened_in_the_drawing():
    long_text = "word " * 2000
    work = SchemaWork(wish="w", negative_self_image=[long_text])
    root = ET.fromstring(render_svg(schema_dot(work, "t")))
    lines = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert max(len(line) for line in lines) <= 45  # wrapped
    assert sum(len(line) for line in lines if line.startswith(("• word", "word"))) <= (
        MAX_LABEL_CHARS + 50)
    assert work.negative_self_image == [long_text.strip()]  # the model keeps it whole


@settings(max_examples=150, deadline=None)
@given(wish=text, lists=st.fixed_dictionaries({e.field: items for e in ELEMENTS}))
def test_narrative_and_comparison_never_crash(wish, lists):
    work = SchemaWork(wish=wish, **lists)
    assert all(isinstance(p, str) for p in schema_narrative(work))
    if work.is_attempted():
        key = CASE.formulation.schemas[0]
        result = compare_schema(work, key, CASE)
        published = 1 + sum(len(published_items(key, e.field)) for e in ELEMENTS)
        assert result.count("match") + result.count("close") + result.count("missing") == published
        learner = sum(len(work.items(e.field)) for e in ELEMENTS)
        assert result.count("extra") <= learner


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(values=st.lists(text, min_size=3, max_size=3))
def test_widget_escapes_whatever_is_typed(tmp_path, values):
    from widgets.exercises.schema_builder import SchemaBuilder
    builder = SchemaBuilder(CASE, work_dir=tmp_path)
    builder.wish.value = values[0] + "<script>x</script>"
    builder.fields["negative_self_image"].value = values[1] + "\n<b>b</b>"
    builder.fields["expected_response_of_other"].value = values[2] + "\n<i>i</i>"
    builder.check_button.click()
    for widget in (builder.narrative, builder.comparison, builder.status):
        assert "<script>" not in widget.value and "<b>b</b>" not in widget.value
    outside_svg = builder.diagram.value.split("<svg")[0] + builder.diagram.value.split("</svg>")[-1]
    assert "<script>" not in outside_svg and "<b>b</b>" not in outside_svg


@given(wish=text, lists=st.fixed_dictionaries({e.field: items for e in ELEMENTS}))
@settings(max_examples=50, deadline=None)
def test_schema_dot_is_deterministic(wish, lists):
    work = SchemaWork(wish=wish, **lists)
    assert schema_dot(work, "t") == schema_dot(SchemaWork(wish=wish, **lists), "t")
