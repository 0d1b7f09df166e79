"""`workbook feedback`: the verdicts a widget's Compare gives, for the file its own Export JSON
button wrote, as text and as JSON; wrong files are a plain message."""

import html
import json

import ipywidgets as ipw
import pytest
from conftest import ANGIE, REN

from widgets import cli, load_case
from widgets.exercises.schema_builder import SchemaBuilder
from widgets.exercises.self_state_mapper import SelfStateMapper
from widgets.work.schema_compare import STATUS_LABELS
from widgets.work.self_states import compare_self_states


def _buttons(widget):
    if isinstance(widget, ipw.Button):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from _buttons(child)


def click_export_json(exercise, folder):
    button = next(b for b in _buttons(exercise.view) if b.description == "Export JSON")
    button.click()
    exported = list((folder / "exports").glob("*.json"))
    assert len(exported) == 1, exercise.exports_html
    return exported[0]


def feedback_json(capsys, *args):
    assert cli.main(["feedback", str(ANGIE), *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_reversed_schema_gets_the_verdicts_the_widget_shows(angie, tmp_path, capsys):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.pseudonym.value = "Student A"
    builder.wish.value = "not to be loved"
    builder.motive.value = "attachment"
    builder.fields["negative_self_image"].value = "lovable\nworthless"
    builder.fields["expected_response_of_other"].value = "does care"
    builder.fields["reactions_of_self"].value = "sad"
    exported = click_export_json(builder, tmp_path)

    report = feedback_json(capsys, "--response", str(exported))
    shown = builder.compare()
    assert [(i["element"], i["published"], i["yours"], i["status"]) for i in report["items"]] \
        == [(v.element, v.published, v.learner, v.status) for v in shown.verdicts]
    statuses = {i["published"]: i["status"] for i in report["items"] if i["published"]}
    assert statuses["To be comforted and loved"] == "reversed"
    assert statuses["Unlovable"] == "reversed" and statuses["Unworthy"] == "match"
    assert statuses["Neglecting"] == "reversed" and statuses["Sadness"] == "match"
    assert report["summary"] == shown.summary()

    assert cli.main(["feedback", str(ANGIE), "--response", str(exported)]) == 0
    text = capsys.readouterr().out
    assert STATUS_LABELS["reversed"] in text and "healthy pole" in text
    assert "Feedback for Student A" in text


def test_self_states_get_the_verdicts_the_widget_shows(angie, tmp_path, capsys):
    mapper = SelfStateMapper(angie, work_dir=tmp_path)
    rows = mapper.state_rows.children
    rows[0].fields["name"].value = "Unworthy"
    rows[0].healthy.value = True  # the wrong pole
    rows[1].fields["name"].value = "Numb"
    rows[1].fields["behaviour"].value = "binge eats, drinks"
    exported = click_export_json(mapper, tmp_path)

    report = feedback_json(capsys, "--response", str(exported))
    shown = compare_self_states(mapper.work, angie)
    assert [(r["published"], r["yours"], r["status"]) for r in report["states"]] \
        == [(v.published, v.learner, v.status) for v in shown.states]
    statuses = {r["published"]: r["status"] for r in report["states"]}
    assert statuses["Unworthy"] == "reversed"
    assert statuses["Compulsive self-soothing"] == "match"


def test_the_integration_answer_gets_the_checklist_the_widget_shows(angie, tmp_path, capsys):
    mapper = SelfStateMapper(angie, work_dir=tmp_path)
    rows = mapper.state_rows.children
    rows[0].fields["name"].value = "Angry"
    rows[1].fields["name"].value = "Ashamed"
    mapper.add_transition()
    mapper.integration.value = "Both start when her partner is distant."
    exported = click_export_json(mapper, tmp_path)
    mapper.check_button.click()

    integration = feedback_json(capsys, "--response", str(exported))["integration"]
    made = [p["point"] for p in integration["points"] if p["status"] == "made"]
    assert made == ["Names what sets off the shifts"]
    assert integration["summary"] in mapper.comparison.value
    assert all(html.escape(p["note"]) in mapper.comparison.value
               for p in integration["points"])
    assert cli.main(["feedback", str(ANGIE), "--response", str(exported)]) == 0
    text = capsys.readouterr().out
    assert "Integration answer:" in text and "✓ Names what sets off the shifts: " in text


@pytest.mark.parametrize(("content", "message"), [
    (b"{", "not JSON"),
    (b'{"kind": "ratings"}', "Invalid response file"),
])
def test_a_file_that_is_not_a_response_is_a_plain_message(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert cli.main(["feedback", str(ANGIE), "--response", str(path)]) == 1
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error


def test_a_response_of_another_kind_or_case_is_refused(angie, tmp_path, capsys):
    from widgets.exercises.metacognition_rater import MetacognitionRater
    ratings = click_export_json(MetacognitionRater(angie, work_dir=tmp_path / "r"),
                                tmp_path / "r")
    assert cli.main(["feedback", str(ANGIE), "--response", str(ratings)]) == 1
    assert "feedback covers schema, self-states, chain and contract" in (
        capsys.readouterr().err)
    builder = SchemaBuilder(load_case(REN), work_dir=tmp_path / "s")
    builder.wish.value = "to be esteemed"
    schema = click_export_json(builder, tmp_path / "s")
    assert cli.main(["feedback", str(ANGIE), "--response", str(schema)]) == 1
    assert "is for case 'ren', not 'angie'" in capsys.readouterr().err


def test_a_chain_gets_the_check_the_widget_shows(angie, tmp_path, capsys):
    from widgets.exercises.chain_builder import EpisodeChainBuilder
    from widgets.work.chain import check_chain

    chain = EpisodeChainBuilder(angie, "phone-call", work_dir=tmp_path)
    for row, entry in zip(chain.rows, chain.work.steps, strict=True):
        step = chain.episode.steps[entry.step]
        row.stage.value = step.also_accept[0] if step.also_accept else step.stage
    exported = click_export_json(chain, tmp_path)
    chain.check_button.click()

    report = feedback_json(capsys, "--response", str(exported))
    shown = check_chain(chain.work, chain.episode)
    assert report["summary"] == shown.summary() and report["summary"] in chain.comparison.value
    assert [(s["status"], s["explanation"]) for s in report["steps"]] == [
        (s.stage_verdict, s.explanation()) for s in shown.steps]
    assert {s["status"] for s in report["steps"]} == {"right", "defensible"}
    assert cli.main(["feedback", str(ANGIE), "--response", str(exported)]) == 0
    assert "✓ Defensible: " in capsys.readouterr().out


def test_a_contract_gets_the_checklist_the_widget_shows(angie, tmp_path, capsys):
    from widgets.exercises.contract_drafter import ContractDrafter

    drafter = ContractDrafter(angie, work_dir=tmp_path)
    drafter.commitments.value = "We both agree to meet weekly."
    exported = click_export_json(drafter, tmp_path)
    drafter.check_button.click()
    report = feedback_json(capsys, "--response", str(exported))
    assert report["summary"] in drafter.comparison.value
    assert [p["status"] for p in report["points"]] == ["made"] * 4 + ["open"]
    assert cli.main(["feedback", str(ANGIE), "--response", str(exported)]) == 0
    assert "○ Contact between sessions and in a crisis: " in capsys.readouterr().out
