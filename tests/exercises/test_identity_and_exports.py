"""Identity in the exercises: one learner id per work folder in every response, a pseudonym
field on every exercise that exports, export names, and the list of the session's exports
with links that download them."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ANGIE

from widgets import load_case
from widgets.exercises.base import download_href
from widgets.exercises.chain_builder import EpisodeChainBuilder
from widgets.exercises.contract_drafter import ContractDrafter
from widgets.exercises.cycle_explorer import CycleExplorer
from widgets.exercises.metacognition_rater import MetacognitionRater
from widgets.exercises.schema_builder import SchemaBuilder
from widgets.exercises.self_state_mapper import SelfStateMapper
from widgets.work.learner import LEARNER_FILE
from widgets.work.responses import SchemaResponse
from widgets.work.schema import SchemaWork

EXPORTING = [SchemaBuilder, SelfStateMapper, MetacognitionRater, ContractDrafter,
             CycleExplorer,
             lambda case, work_dir: EpisodeChainBuilder(case, case.episodes[0].id,
                                                        work_dir=work_dir)]


@pytest.fixture(scope="module")
def angie():
    return load_case(ANGIE)


@pytest.mark.parametrize("make", EXPORTING)
def test_every_exporting_exercise_has_a_pseudonym_and_names_exports_by_it(angie, tmp_path,
                                                                           make):
    widget = make(angie, work_dir=tmp_path)
    assert widget.pseudonym in _all_children(widget.view)
    widget.pseudonym.value = "River"
    assert widget.export_path("json").name == f"River--angie--{widget.exercise}.json"
    assert widget.export_path("json").parent == tmp_path / "exports"


def _all_children(node):
    yield node
    for child in getattr(node, "children", ()) or ():
        yield from _all_children(child)


def test_one_learner_id_in_every_response_of_a_folder(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    drafter = ContractDrafter(angie, work_dir=tmp_path)
    rater = MetacognitionRater(angie, work_dir=tmp_path)
    learner = json.loads((tmp_path / LEARNER_FILE).read_text(encoding="utf-8"))["learner_id"]
    assert builder.learner_id == drafter.learner_id == rater.learner_id == learner
    builder.wish.value = "to be loved"
    drafter.goals[0].value = "a goal"
    for widget in (builder, drafter):
        saved = json.loads(widget.save_path.read_text(encoding="utf-8"))
        assert saved["learner_id"] == learner
        exported = json.loads(widget.export("json").read_text(encoding="utf-8"))
        assert exported["learner_id"] == learner
    other = SchemaBuilder(angie, work_dir=tmp_path / "another-student")
    assert other.learner_id != learner


def test_a_file_saved_before_learner_ids_still_restores(angie, tmp_path):
    old = SchemaResponse(case_id="angie", exercise="schema", pseudonym="Old",
                         saved_at="2026-01-01T10:00:00+00:00",
                         work=SchemaWork(wish="an old wish")).model_dump(mode="json")
    del old["learner_id"]
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.save_path.write_text(json.dumps(old), encoding="utf-8")
    restored = SchemaBuilder(angie, work_dir=tmp_path)
    assert restored.wish.value == "an old wish" and restored.pseudonym.value == "Old"
    restored.wish.value = "a new wish"  # saved again, now with the id
    assert json.loads(restored.save_path.read_text(encoding="utf-8"))["learner_id"] == (
        restored.learner_id)


def test_a_pseudonym_typed_once_starts_the_other_exercises(angie, tmp_path):
    SchemaBuilder(angie, work_dir=tmp_path).pseudonym.value = "Blue Heron"
    assert ContractDrafter(angie, work_dir=tmp_path).pseudonym.value == "Blue Heron"
    assert CycleExplorer(angie, work_dir=tmp_path).pseudonym.value == "Blue Heron"
    # An exercise's own saved pseudonym wins over the folder's.
    rater = MetacognitionRater(angie, work_dir=tmp_path)
    rater.pseudonym.value = "Heron"
    rater.justification.value = "saved with its own pseudonym"
    SchemaBuilder(angie, work_dir=tmp_path).pseudonym.value = "Blue Heron"
    assert MetacognitionRater(angie, work_dir=tmp_path).pseudonym.value == "Heron"


def _links(html: str) -> list[tuple[str, str, str]]:
    root = ET.fromstring(html)
    return [(a.get("href"), a.get("download"), a.text) for a in root.iter("a")]


def test_every_export_of_the_session_is_listed_with_a_link(angie, tmp_path, monkeypatch):
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    monkeypatch.chdir(chapters)  # the notebook's folder, as in JupyterLab
    builder = SchemaBuilder(angie, work_dir=tmp_path / "work")
    builder.pseudonym.value = "<b>Sam</b> & co"
    builder.wish.value = "to be loved"
    json_file, dot_file = builder.export("json"), builder.export("dot")
    html = builder.exports_html
    assert "<b>Sam" not in html  # the pseudonym is escaped wherever it shows
    links = _links(html)
    assert [text for _href, _download, text in links] == [json_file.name, dot_file.name]
    for (href, download, _text), path in zip(links, (json_file, dot_file), strict=True):
        assert download == path.name
        assert href.startswith("../work/exports/") and " " not in href and "<" not in href
        assert (chapters / Path(re.sub("%([0-9A-F]{2})", lambda m: chr(int(m[1], 16)), href))
                ).resolve() == path.resolve()
    output = builder.exports.outputs[0]["data"]["text/html"]
    assert output == html and "workbook-exports" in builder.exports._dom_classes
    builder.export("json")  # again: moved to the end, not listed twice
    assert [t for _h, _d, t in _links(builder.exports_html)] == [dot_file.name, json_file.name]


def test_exports_without_a_pseudonym_say_how_to_set_one(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.wish.value = "to be loved"
    path = builder.export("json")
    assert path.name == "anonymous--angie--schema.json"
    assert "Set your pseudonym" in builder.exports_html
    builder.pseudonym.value = "Kit"
    shown = builder.exports.outputs[0]["data"]["text/html"]
    assert "Set your pseudonym" not in shown  # gone as soon as there is one
    builder.export("json")
    assert [p.name for _m, p in builder.export_log] == [path.name, "Kit--angie--schema.json"]


def test_a_failed_export_is_listed_too(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.wish.value = "x" * 100_000  # longer than the model allows
    assert builder.export("json") is None
    assert [path for _message, path in builder.export_log] == [None]
    assert "Export failed" in builder.exports_html


def test_the_link_is_relative_to_the_notebook(tmp_path):
    target = tmp_path / "work" / "exports" / "Zoë 😀--angie--schema.json"
    href = download_href(target, start=tmp_path / "chapters")
    assert href == "../work/exports/Zo%C3%AB%20%F0%9F%98%80--angie--schema.json"
