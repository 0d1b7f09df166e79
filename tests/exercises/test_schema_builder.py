"""The schema builder, driven headless: every field, the model, the DOT, the SVG (parsed as
XML), the narrative, the comparison, autosave/restore, damaged files, exports."""

import json
import xml.etree.ElementTree as ET

import pytest
from conftest import REN

from widgets import load_case
from widgets.exercises.schema_builder import CHOOSE, SchemaBuilder
from widgets.work.learner import LEARNER_FILE
from widgets.work.responses import SchemaResponse
from widgets.work.schema import ELEMENTS
from widgets.work.suggestions import suggestions

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def builder(angie, tmp_path):
    return SchemaBuilder(angie, work_dir=tmp_path)


def fill(builder, **values):
    for field, text in values.items():
        if field == "wish":
            builder.wish.value = text
        elif field == "motive":
            builder.motive.value = text
        else:
            builder.fields[field].value = text


ATTEMPT = {
    "wish": "to be loved and comforted",
    "motive": "attachment",
    "negative_self_image": "not lovable\nworthless",
    "expected_response_of_other": "distant",
    "reactions_of_self": "sad\nashamed\nangry",
    "coping_interpersonal": "angry calls\nclinging",
    "coping_intrapsychic": "binge eating\nalcohol",
    "alternative_self_image": "worthy of love",
    "hoped_response_of_other": "warm",
}


def svg_texts(builder):
    svg = builder.diagram.value
    start, end = svg.index("<svg"), svg.index("</svg>") + len("</svg>")
    root = ET.fromstring(svg[start:end])
    return root, " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_every_field_reaches_the_model_the_dot_and_the_svg(builder):
    fill(builder, **ATTEMPT)
    work = builder.work
    assert work.wish == "to be loved and comforted" and work.motive == "attachment"
    assert work.negative_self_image == ["not lovable", "worthless"]
    assert work.reactions_of_self == ["sad", "ashamed", "angry"]
    dot = builder.figure().dot
    for text in ("to be loved and comforted", "not lovable", "warm", "(Attachment)"):
        assert text in dot
    _, drawn = svg_texts(builder)
    for text in ("not lovable", "worthless", "distant", "angry calls", "worthy of love", "warm"):
        assert f"• {text}" in drawn
    assert "Text description" in builder.diagram.value


def test_the_narrative_follows_the_schema(builder):
    fill(builder, **ATTEMPT)
    narrative = builder.narrative.value
    assert "a picture of yourself as not lovable and worthless" in narrative
    assert "you expect the other person to be distant" in narrative
    assert "When that does not work, you try to manage the pain on your own" in narrative


def test_compare_is_only_available_after_an_attempt(builder):
    assert builder.check_button.disabled
    builder.check_button.click()
    assert builder.comparison.value == ""
    assert "Try the exercise first" in builder.status.value
    with pytest.raises(RuntimeError):
        builder.compare()
    fill(builder, wish="to be loved", negative_self_image="unlovable")
    assert builder.check_button.disabled  # no expected response yet
    fill(builder, expected_response_of_other="neglecting")
    assert not builder.check_button.disabled


def test_comparison_accepts_wordings_and_lists_what_is_missing(builder):
    fill(builder, **ATTEMPT)
    result = builder.compare()
    status = {(v.element, v.published): v.status for v in result.verdicts if v.published}
    assert status[("Wish", "To be comforted and loved")] == "match"
    assert status[("Negative self-image", "Unlovable")] == "match"      # "not lovable"
    assert status[("Negative self-image", "Unworthy")] == "match"       # "worthless"
    assert status[("Expected response of the other", "Neglecting")] == "match"  # "distant"
    assert status[("Reactions of self", "Sadness")] == "match"          # "sad"
    assert status[("Reactions of self", "Confusion")] == "missing"
    assert status[("Coping: intrapsychic", "Self-harm")] == "missing"
    extras = [v.learner for v in result.verdicts if v.status == "extra"]
    assert extras == ["angry"]
    assert result.motive_matches
    neglect = next(v for v in result.verdicts if v.published == "Neglecting")
    assert neglect.ref == "§6"
    assert any(e.startswith("The phone call:") and "(§7)" in e for e in neglect.evidence)


def test_show_comparison_renders_table_and_the_published_schema(builder):
    fill(builder, **ATTEMPT)
    builder.check_button.click()
    page = builder.comparison.value
    assert "<caption>Element by element</caption>" in page
    assert "✗ missing" in page and "✓ matches" in page
    assert "the published schema" in page and "<svg" in page


def test_a_perfect_answer_matches_everything(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    key = angie.formulation.schemas[0]
    fill(builder, wish=key.wish.text, motive=key.wish.motive,
         negative_self_image="\n".join(i.text for i in key.negative_self_image),
         expected_response_of_other="\n".join(i.text for i in key.expected_response_of_other),
         reactions_of_self="\n".join(i.text for i in key.reactions_of_self),
         coping_interpersonal="\n".join(i.text for i in key.coping.interpersonal),
         coping_intrapsychic="\n".join(i.text for i in key.coping.intrapsychic),
         alternative_self_image="\n".join(i.text for i in key.alternative_self_image),
         hoped_response_of_other="\n".join(i.text for i in key.hoped_response_of_other))
    result = builder.compare()
    assert {v.status for v in result.verdicts} == {"match"}


def test_work_autosaves_atomically_and_restores(angie, tmp_path):
    first = SchemaBuilder(angie, work_dir=tmp_path)
    fill(first, **ATTEMPT)
    first.pseudonym.value = "Blue Heron"
    saved = json.loads(first.save_path.read_text(encoding="utf-8"))
    assert saved["format"] == "bpd-workbook-response" and saved["version"] == 1
    assert saved["case_id"] == "angie" and saved["pseudonym"] == "Blue Heron"
    # No temp files left: only the save and the work folder's learner id.
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.save_path.name, LEARNER_FILE]
    second = SchemaBuilder(angie, work_dir=tmp_path)
    assert second.work == first.work
    assert second.fields["reactions_of_self"].value == "sad\nashamed\nangry"
    assert second.pseudonym.value == "Blue Heron"
    assert "Restored your work" in second.status.value


def test_restoring_does_not_write(angie, tmp_path):
    first = SchemaBuilder(angie, work_dir=tmp_path)
    fill(first, **ATTEMPT)
    before = first.save_path.stat().st_mtime_ns
    SchemaBuilder(angie, work_dir=tmp_path)
    assert first.save_path.stat().st_mtime_ns == before


@pytest.mark.parametrize("content", [b"{not json", b'{"format": "bpd-workbook-response"}',
                                     b"\xff\xfe", b""])
def test_a_damaged_save_is_kept_aside_with_a_message(angie, tmp_path, content):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.save_path.write_bytes(content)
    again = SchemaBuilder(angie, work_dir=tmp_path)
    assert "could not be used" in again.status.value
    assert "nothing else was lost" in again.status.value
    kept = list(tmp_path.glob("*.damaged-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert again.work.is_empty()
    fill(again, wish="to be loved")  # a fresh save goes to the usual place
    assert again.save_path.exists() and kept[0].read_bytes() == content


def test_a_save_from_another_exercise_is_not_loaded(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    fill(builder, wish="to be loved")
    other = SchemaBuilder(angie, work_dir=tmp_path, exercise="theatre-party")
    other.save_path.write_bytes(builder.save_path.read_bytes())
    reloaded = SchemaBuilder(angie, work_dir=tmp_path, exercise="theatre-party")
    assert "belongs to case 'angie', exercise 'schema'" in (
        reloaded.status.value.replace("&#x27;", "'"))


def test_exports_in_every_format(builder):
    fill(builder, **ATTEMPT)
    paths = {fmt: builder.export(fmt) for fmt in ("svg", "png", "dot", "json")}
    assert ET.parse(paths["svg"]).getroot().tag == f"{SVG}svg"
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert paths["dot"].read_text(encoding="utf-8") == builder.figure().dot
    document = SchemaResponse.model_validate_json(paths["json"].read_bytes())
    assert document.work == builder.work and document.exercise == builder.exercise
    assert [message for message, _path in builder.export_log] == [
        "Exported SVG", "Exported PNG", "Exported DOT", "Exported JSON"]  # all four listed
    assert "Exported JSON" in builder.exports_html


def test_suggestions_are_the_general_vocabulary_without_the_cases_answers(builder):
    options = builder.suggestions["expected_response_of_other"].options
    assert options[0] == CHOOSE and list(options[1:]) == suggestions(builder.case,
                                                                     "expected_response_of_other")
    assert "Rejecting" in options and "Neglecting" not in options  # Angie's key says neglecting
    assert "He does not care about me" not in options  # no episode text either
    builder.suggestions["reactions_of_self"].value = "Guilt"
    builder.add_suggestion("reactions_of_self")
    builder.suggestions["reactions_of_self"].value = "Guilt"
    builder.add_suggestion("reactions_of_self")  # not added twice
    assert builder.work.reactions_of_self == ["Guilt"]
    assert builder.suggestions["reactions_of_self"].value == CHOOSE


def test_the_widget_works_with_another_case_and_schema(tmp_path):
    ren = load_case(REN)
    builder = SchemaBuilder(ren, schema_id="excluded", work_dir=tmp_path)
    fill(builder, wish="to belong", motive="group-inclusion", negative_self_image="odd one out",
         expected_response_of_other="excluding")
    result = builder.compare()
    assert [v.status for v in result.verdicts if v.element != "Coping: interpersonal"][:4] == [
        "match", "match", "match", "missing"]
    assert result.motive_matches
    assert "Ren: your schema" in builder.figure().dot
    with pytest.raises(ValueError, match="has no schema 'nope'; it has: belittled, excluded"):
        SchemaBuilder(ren, schema_id="nope", work_dir=tmp_path)


def test_too_long_text_is_refused_without_losing_work(builder):
    fill(builder, wish="to be loved")
    builder.fields["reactions_of_self"].value = "x" * 10_001
    assert "Not saved" in builder.status.value
    assert builder.work.wish == "to be loved"


def test_every_element_has_a_control(builder):
    assert set(builder.fields) == {e.field for e in ELEMENTS}
