"""Work is never lost silently, and diagrams show exactly what was typed.

Widgets are driven headless by setting control values, as the browser does; every test
checks the status line, the save file and that no exception escapes. Covers: entities and
other text Graphviz would decode; the render layer's errors; the one guarded update path
(lone surrogates, too-long texts, blank lines, failures while drawing or saving); two
widgets on one save file; and save files that are damaged, special or links.
"""

import errno
import json
import os
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

import pytest
from conftest import ANGIE

from widgets import load_case
from widgets.case.loader import validate_case_data
from widgets.diagrams import render
from widgets.diagrams.chain import chain_figure
from widgets.diagrams.course import course_figure
from widgets.diagrams.cycle import case_cycle_figure
from widgets.diagrams.figure import Figure
from widgets.diagrams.network import network_figure
from widgets.diagrams.render import RenderError, render_svg
from widgets.diagrams.schema import published_schema_figure
from widgets.diagrams.self_states import published_self_states_figure, split_views_figure
from widgets.diagrams.timeline import timeline_figure
from widgets.exercises.chain_builder import EpisodeChainBuilder
from widgets.exercises.contract_drafter import ContractDrafter
from widgets.exercises.cycle_explorer import CycleExplorer
from widgets.exercises.metacognition_rater import MetacognitionRater
from widgets.exercises.schema_builder import SchemaBuilder
from widgets.exercises.self_state_mapper import SelfStateMapper
from widgets.work.chain import published_chain
from widgets.work.learner import LEARNER_FILE
from widgets.work.responses import SchemaResponse
from widgets.work.store import MAX_SAVE_BYTES, WorkStore, remove_orphan_temp_files
from widgets.workshop.consensus import consensus_figure
from widgets.workshop.report import ConsensusNode, SchemaSummary

SVG = "{http://www.w3.org/2000/svg}"
# Text Graphviz would decode if it were not escaped: markup, a named entity, an emoji, a
# surrogate, a code point beyond Unicode, a control character, an RTL override.
ENTITIES = ["&lt;b&gt;", "AT&amp;T", "&#128512;", "&#xd800;", "&#x110000;", "&#1;",
            "&#x202e;"]
DECODED = ["<b>", "AT&T", "\U0001f600", "\ud800", "\u202e", "\x01"]


@pytest.fixture(scope="module")
def angie():
    return load_case(ANGIE)


def svg_text_nodes(svg: bytes | str) -> list[str]:
    """The text nodes of a whole SVG document or of the SVG inside a widget's HTML."""
    if isinstance(svg, str):
        svg = svg[svg.index("<svg"): svg.index("</svg>") + len("</svg>")].encode("utf-8")
    svg.decode("utf-8")  # strict: valid UTF-8
    root = ET.fromstring(svg)  # well-formed XML
    return [node.text or "" for node in root.iter(f"{SVG}text")]


def saved(widget) -> dict:
    return json.loads(widget.save_path.read_text(encoding="utf-8"))


def status(widget) -> str:
    return widget.status_text


# --- 1. diagram text is literal --------------------------------------------------------------
def case_with(angie, text: str):
    data = angie.model_dump(mode="json", exclude_none=True)
    data["person"]["pseudonym"] = text
    data["formulation"]["schemas"][0]["wish"]["text"] = text
    data["formulation"]["self_states"][0]["name"] = text
    data["formulation"]["split_views"][0]["other"] = text
    data["episodes"][0]["title"] = text
    data["episodes"][0]["steps"][0]["text"] = text
    data["social_network"]["before"][0]["who"] = text
    data["treatment"]["course"][0]["title"] = text
    data["history"][0]["title"] = text
    return validate_case_data(data)


def every_diagram(case):
    episode = case.episodes[0]
    summary = SchemaSummary(exercise="schema-x", schema_id="x", students=2, items=[],
                            motive_matches=0, nodes=[ConsensusNode(
                                "wish", case.person.pseudonym, False, 2)], edges=[])
    return {
        "schema": published_schema_figure(case),
        "self-states": published_self_states_figure(case),
        "split views": split_views_figure(case),
        "chain": chain_figure(published_chain(episode), episode, episode.title, "c"),
        "cycle": case_cycle_figure(case, episode.id),
        "network": network_figure(case),
        "timeline": timeline_figure(case),
        "course": course_figure(case),
        "consensus": consensus_figure(summary, case.person.pseudonym),
    }


@pytest.mark.needs_dot
@pytest.mark.parametrize("typed", ENTITIES)
def test_every_diagram_draws_entities_as_typed(angie, typed):
    for name, figure in every_diagram(case_with(angie, typed)).items():
        nodes = svg_text_nodes(render.render(figure.dot, "svg"))
        drawn = "\n".join(nodes)
        assert typed in drawn, name
        for decoded in DECODED:
            assert decoded not in drawn, (name, decoded)
        if name in ("schema", "network", "consensus"):  # one label line is the text alone
            assert any(node == typed or node.startswith(f"{typed} (") for node in nodes), name


@pytest.mark.needs_dot
def test_a_typed_entity_is_drawn_and_saved_as_typed(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.wish.value = "a smile &#128512;"
    assert status(builder).startswith("Saved to ")
    assert saved(builder)["work"]["wish"] == "a smile &#128512;"
    assert "a smile &#128512;" in svg_text_nodes(builder.diagram.value)
    builder.fields["negative_self_image"].value = "unlovable"  # later edits save too
    assert saved(builder)["work"]["negative_self_image"] == ["unlovable"]
    export = builder.export("svg")
    assert "• unlovable" in svg_text_nodes(export.read_bytes())


@pytest.mark.needs_dot
def test_a_case_with_an_entity_opens_in_the_chain_builder(angie, tmp_path):
    chain = EpisodeChainBuilder(case_with(angie, "&#128512;"), work_dir=tmp_path)
    assert "&#128512;" in svg_text_nodes(chain.chain.value)
    assert "&#128512;: your chain" in svg_text_nodes(chain.chain.value)


# --- 2. the render layer only ever raises RenderError ----------------------------------------
@pytest.fixture
def fake_dot(monkeypatch):
    """Make `dot` answer with the given bytes."""
    render._render_cached.cache_clear()

    def answer(stdout: bytes):
        def run(*args, **kwargs):
            return render.subprocess.CompletedProcess(args[0], 0, stdout, b"")
        monkeypatch.setattr(render.subprocess, "run", run)
    yield answer
    render._render_cached.cache_clear()


@pytest.mark.parametrize("svg", [b"<svg xmlns='http://www.w3.org/2000/svg'>\xed\xa0\x80</svg>",
                                 b"<svg xmlns='http://www.w3.org/2000/svg'>\x01</svg>",
                                 b"<svg><text>unclosed</svg>"])
def test_svg_that_is_not_utf8_or_not_xml_is_a_render_error(fake_dot, svg):
    fake_dot(svg)
    with pytest.raises(RenderError, match="not valid"):
        render_svg("digraph { a }")
    page = Figure(dot="digraph { a }", alt="a", caption="c")._repr_html_()
    assert ('<p class="workbook-error">Graphviz drew this diagram as an SVG file that is not '
            in page)
    assert "<figcaption>c</figcaption>" in page


def test_dot_that_cannot_be_run_is_a_render_error(monkeypatch):
    render._render_cached.cache_clear()

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(render.subprocess, "run", refuse)
    with pytest.raises(RenderError, match="Graphviz could not be run: .*Permission denied"):
        render_svg("digraph { b }")
    render._render_cached.cache_clear()


@pytest.mark.needs_dot
def test_well_formed_svg_passes_the_check():
    render._render_cached.cache_clear()
    assert svg_text_nodes(render_svg('digraph { a [label="x &amp; y"] }')) == ["x & y"]


# --- 3. the one guarded update path -----------------------------------------------------------
def test_a_lone_surrogate_in_the_pseudonym_is_saved_as_a_replacement_mark(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.pseudonym.value = "Kim\ud83d"
    assert status(builder).startswith("Saved to ")
    assert saved(builder)["pseudonym"] == "Kim\ufffd"
    builder.wish.value = "x"
    assert saved(builder)["work"]["wish"] == "x"


@pytest.mark.parametrize("make", [SchemaBuilder, SelfStateMapper, MetacognitionRater,
                                  EpisodeChainBuilder])
def test_every_widget_saves_despite_a_half_emoji_pseudonym(angie, tmp_path, make):
    widget = make(angie, work_dir=tmp_path)
    widget.pseudonym.value = "Kim\ud83d"
    assert status(widget).startswith("Saved to ")
    assert saved(widget)["pseudonym"] == "Kim\ufffd"


def test_a_too_long_pseudonym_is_refused_with_its_length(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.wish.value = "kept"
    builder.pseudonym.value = "p" * 81
    assert status(builder) == ("Not saved: Your pseudonym is 81 characters; the limit is 80. "
                               "Shorten it and go on. Your last save is kept.")
    assert saved(builder)["work"]["wish"] == "kept" and saved(builder)["pseudonym"] == ""


def test_lone_surrogates_in_schema_fields_are_replaced_not_refused(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.wish.value = "close\ud83d"
    builder.fields["negative_self_image"].value = "alone\ude00\nbad"
    assert status(builder).startswith("Saved to ")
    assert saved(builder)["work"]["wish"] == "close\ufffd"
    assert saved(builder)["work"]["negative_self_image"] == ["alone\ufffd", "bad"]


def test_a_too_long_item_names_its_field_length_and_limit(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.wish.value = "to be loved"
    builder.fields["reactions_of_self"].value = "sad\n" + "x" * 10_001
    assert status(builder) == ("Not saved: Reactions of self, item 2 is 10,001 characters; the "
                               "limit is 10,000. Shorten it and go on. Your last save is kept.")
    assert saved(builder)["work"]["reactions_of_self"] == []
    assert saved(builder)["work"]["wish"] == "to be loved"


def test_blank_lines_do_not_count_against_the_item_limit(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.fields["coping_interpersonal"].value = "\n" * 60 + "clinging\n\n  \n"
    assert status(builder).startswith("Saved to ")
    assert saved(builder)["work"]["coping_interpersonal"] == ["clinging"]
    builder.fields["coping_interpersonal"].value = "\n".join(f"item {n}" for n in range(51))
    assert status(builder).startswith("Not saved: Coping: interpersonal has 51 items; the "
                                      "limit is 50.")


def test_self_state_text_surrogates_and_lengths(angie, tmp_path):
    mapper = SelfStateMapper(angie, work_dir=tmp_path)
    row = mapper.state_rows.children[0]
    row.fields["name"].value = "Strong\ud83d"
    mapper.integration.value = "one\ud83d\n\ntwo"
    assert status(mapper).startswith("Saved to ")
    assert saved(mapper)["work"]["states"][0]["name"] == "Strong\ufffd"
    assert saved(mapper)["work"]["integration"] == "one\ufffd\n\ntwo"
    row.fields["emotion"].value = "e" * 10_001
    assert status(mapper).startswith("Not saved: State 1, emotion is 10,001 characters; the "
                                      "limit is 10,000.")
    mapper.add_state()  # refused too, and the typed text stays in its field
    assert len(mapper.state_rows.children) == 3
    assert mapper.state_rows.children[0].fields["emotion"].value == "e" * 10_001
    assert saved(mapper)["work"]["states"][0]["emotion"] == ""


def test_a_rater_justification_with_a_surrogate_is_saved(angie, tmp_path):
    rater = MetacognitionRater(angie, work_dir=tmp_path)
    rater.justification.value = "because\ud83d"
    assert status(rater).startswith("Saved to ")
    vignette = angie.vignettes[0].id
    assert saved(rater)["work"]["vignettes"][vignette]["justification"] == "because\ufffd"
    rater.justification.value = "j" * 5_001
    assert status(rater).startswith("Not saved: Why these ratings is 5,001 characters; the "
                                    "limit is 5,000.")


def test_contract_too_long_then_an_edit_elsewhere(angie, tmp_path):
    drafter = ContractDrafter(angie, work_dir=tmp_path)
    drafter.goals[0].value = "first goal"
    drafter.formulation.value = "y" * 10_001
    assert status(drafter) == (
        "Not saved: The shared formulation is 10,001 characters; the limit is 10,000. "
        "Shorten it and go on. Your last save is kept.")
    drafter.goals[0].value = "a new goal"
    assert status(drafter).startswith("Not saved: The shared formulation is 10,001")
    assert saved(drafter)["work"]["goals"][0] == "first goal"  # the last good save
    drafter.formulation.value = "short"
    assert status(drafter).startswith("Saved to ")
    assert saved(drafter)["work"]["goals"][0] == "a new goal"
    assert saved(drafter)["work"]["formulation"] == "short"


def test_contract_goals_have_a_limit_and_take_surrogates(angie, tmp_path):
    drafter = ContractDrafter(angie, work_dir=tmp_path)
    drafter.goals[1].value = "g" * 10_001
    assert status(drafter).startswith("Not saved: Goal 2 is 10,001 characters; the limit is "
                                      "10,000.")
    drafter.goals[1].value = "stay\ud83d"
    drafter.commitments.value = "weekly\udc00"
    assert status(drafter).startswith("Saved to ")
    assert saved(drafter)["work"]["goals"][1] == "stay\ufffd"
    assert saved(drafter)["work"]["commitments"] == "weekly\ufffd"
    assert drafter.export("md").read_text(encoding="utf-8").count("\ufffd") == 2


def test_a_huge_schema_still_drafts_a_contract(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.wish.value = "w" * 9_000
    builder.fields["negative_self_image"].value = "n" * 9_000
    builder.fields["expected_response_of_other"].value = "e" * 9_000
    drafter = ContractDrafter(angie, work_dir=tmp_path)
    assert len(drafter.formulation.value) == 10_000 and drafter.formulation.value.endswith("…")
    assert "Drafted from the schema you formulated" in drafter.origin.value
    drafter.restart.click()
    assert status(drafter).startswith("Saved to ")


def test_a_failure_while_drawing_still_saves_and_says_so(angie, tmp_path, monkeypatch):
    builder = SchemaBuilder(angie, work_dir=tmp_path)

    def broken():
        raise ValueError("drawing failed")

    monkeypatch.setattr(builder, "refresh", broken)
    builder.wish.value = "to be held"
    assert saved(builder)["work"]["wish"] == "to be held"
    assert status(builder).startswith("Saved to ")
    assert "The view could not be updated (something unexpected went wrong (ValueError: " \
           "drawing failed)" in status(builder)


def test_an_unexpected_failure_while_saving_keeps_the_last_save(angie, tmp_path, monkeypatch):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.wish.value = "first"

    def broken(*args):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(builder.store, "save", broken)
    builder.wish.value = "second"
    assert status(builder).startswith("Not saved: something unexpected went wrong "
                                      "(RecursionError: maximum recursion depth exceeded).")
    assert "Saved to" not in status(builder)
    assert saved(builder)["work"]["wish"] == "first"


def test_a_failed_save_never_says_saved(angie, tmp_path, monkeypatch):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.wish.value = "first"
    read_only(monkeypatch, tmp_path)
    builder.wish.value = "second"
    message = status(builder)
    assert message.startswith(f"Not saved: {tmp_path} cannot be written to (Read-only file "
                              "system). Your last save is kept, but this change is only on "
                              "this page: copy what you typed somewhere safe")
    assert "WORKBOOK_WORK_DIR" in message and "export" not in message.lower()
    assert saved(builder)["work"]["wish"] == "first"


def test_the_cycle_explorer_and_buttons_go_through_the_guard(angie, tmp_path, monkeypatch):
    explorer = CycleExplorer(angie, work_dir=tmp_path)

    def broken(*args, **kwargs):
        raise KeyError("stage")

    monkeypatch.setattr("widgets.exercises.cycle_explorer.case_cycle_figure", broken)
    explorer.interventions.value = True  # no exception escapes
    assert "The view could not be updated" in status(explorer)
    chain = EpisodeChainBuilder(angie, work_dir=tmp_path)
    monkeypatch.setattr("widgets.exercises.chain_builder.check_chain", broken)
    chain.set_work(published_chain(chain.episode))  # every step tagged: Check is available
    chain.check_button.click()
    assert "The view could not be updated" in status(chain)


# --- 4. two widgets on one save file ----------------------------------------------------------
def every_wish_and_item(folder) -> list[tuple[str, list[str]]]:
    found = []
    for path in sorted(folder.glob("angie--*.json")):  # not learner.json
        work = json.loads(path.read_text(encoding="utf-8"))["work"]
        found.append((work["wish"], work["expected_response_of_other"]))
    return found


def test_two_schema_builders_on_one_folder_lose_nothing(angie, tmp_path):
    tab_a = SchemaBuilder(angie, work_dir=tmp_path)
    tab_b = SchemaBuilder(angie, work_dir=tmp_path)
    tab_a.wish.value = "A's wish"
    tab_a.fields["negative_self_image"].value = "A's self-image"
    assert tab_a.status.value.count("role='status'") == 1  # no conflict yet
    tab_b.fields["expected_response_of_other"].value = "B's other"
    kept = [p for p in tmp_path.glob("*.conflict-*.json")]
    assert len(kept) == 1
    assert json.loads(kept[0].read_text(encoding="utf-8"))["work"]["wish"] == "A's wish"
    assert saved(tab_b)["work"]["expected_response_of_other"] == ["B's other"]
    note = tab_b.status.value
    assert f"its last version is kept as {kept[0].name}" in note
    assert f"this page&#x27;s work is in {tab_b.save_path.name}" in note
    tab_a.wish.value = "A's wish again"  # and back: B's version is kept in turn
    assert len(list(tmp_path.glob("*.conflict-*.json"))) == 2
    assert sorted(every_wish_and_item(tmp_path)) == sorted([
        ("A's wish", []), ("", ["B's other"]), ("A's wish again", [])])
    tab_a.wish.value = "A alone now"  # no other writer since: no new copy
    assert len(list(tmp_path.glob("*.conflict-*.json"))) == 2
    assert "also being saved from another tab" in tab_a.status.value  # the note stays


def test_two_raters_on_different_vignettes_keep_both_ratings(angie, tmp_path):
    first, second = (MetacognitionRater(angie, work_dir=tmp_path) for _ in range(2))
    first.justification.value = "on the first vignette"
    second.show_vignette(angie.vignettes[1].id)
    second.justification.value = "on the second vignette"
    texts = [json.loads(p.read_text(encoding="utf-8"))["work"]["vignettes"]
             for p in tmp_path.glob("angie--*.json")]  # not learner.json
    justifications = {v["justification"] for vignettes in texts for v in vignettes.values()}
    assert {"on the first vignette", "on the second vignette"} <= justifications


def test_a_file_another_writer_created_after_opening_is_kept(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    other = SchemaBuilder(angie, work_dir=tmp_path)
    other.wish.value = "written elsewhere"
    builder.wish.value = "written here"
    kept = list(tmp_path.glob("*.conflict-*.json"))
    assert [json.loads(k.read_text(encoding="utf-8"))["work"]["wish"] for k in kept] == [
        "written elsewhere"]
    assert saved(builder)["work"]["wish"] == "written here"


def test_one_widget_saving_many_times_makes_no_copies(angie, tmp_path):
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    for text in ("a", "ab", "abc"):
        builder.wish.value = text
    restored = SchemaBuilder(angie, work_dir=tmp_path)
    restored.wish.value = "abcd"
    assert sorted(p.name for p in tmp_path.iterdir()) == [builder.save_path.name,
                                                          LEARNER_FILE]


# --- 5. save files that are damaged, special or links -----------------------------------------
def read_only(monkeypatch, folder):
    """Writes and renames in `folder` fail as on a read-only file system (the tests may run
    as root, for whom a chmod changes nothing)."""
    real_replace, real_mkstemp = os.replace, tempfile.mkstemp

    def inside(path) -> bool:
        return os.path.abspath(os.path.dirname(os.fspath(path))) == os.path.abspath(folder)

    def replace(source, target, *args, **kwargs):
        if inside(source) or inside(target):
            raise OSError(errno.EROFS, "Read-only file system", os.fspath(target))
        return real_replace(source, target, *args, **kwargs)

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and os.path.abspath(dir) == os.path.abspath(folder):
            raise OSError(errno.EROFS, "Read-only file system", os.fspath(dir))
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def test_a_damaged_save_in_a_read_only_folder_is_left_alone(angie, tmp_path, monkeypatch):
    path = SchemaBuilder(angie, work_dir=tmp_path).save_path
    path.write_bytes(b"{damaged")
    read_only(monkeypatch, tmp_path)
    builder = SchemaBuilder(angie, work_dir=tmp_path)  # no exception
    message = status(builder)
    assert message.startswith(f"Your saved work in {path.name} could not be used (not valid "
                              "JSON). It could not be moved aside either (Read-only file "
                              "system), so it stays as it is. You are starting afresh, but "
                              f"your work cannot be saved in {tmp_path}: copy what you typed")
    assert "WORKBOOK_WORK_DIR" in message and "export" not in message.lower()
    monkeypatch.undo()  # even where writing works again, the damaged file is not replaced
    builder.wish.value = "new"
    assert status(builder).startswith(f"Not saved: {path.name} holds a save that could not be "
                                      "used and could not be moved aside")
    assert path.read_bytes() == b"{damaged"


def test_a_fifo_in_place_of_the_save_is_kept_aside_without_waiting(angie, tmp_path):
    path = SchemaBuilder(angie, work_dir=tmp_path).save_path
    os.mkfifo(path)
    made = []
    opening = threading.Thread(target=lambda: made.append(SchemaBuilder(angie,
                                                                        work_dir=tmp_path)))
    opening.start()
    opening.join(timeout=60)  # a guard against a hang, not a measure of speed
    assert not opening.is_alive(), "reading a FIFO blocked"
    builder = made[0]
    assert "(it is a named pipe (FIFO), not a file)" in status(builder)
    assert len(list(tmp_path.glob("*.damaged-*.json"))) == 1
    builder.wish.value = "saved as a file"
    assert path.is_file() and saved(builder)["work"]["wish"] == "saved as a file"


def test_a_folder_in_place_of_the_save_is_kept_aside(angie, tmp_path):
    path = SchemaBuilder(angie, work_dir=tmp_path).save_path
    path.mkdir()
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    assert "(it is a folder, not a file)" in status(builder)
    assert [p.is_dir() for p in tmp_path.glob("*.damaged-*.json")] == [True]


def test_a_save_over_the_size_cap_is_kept_aside_unread(angie, tmp_path):
    path = SchemaBuilder(angie, work_dir=tmp_path).save_path
    with path.open("wb") as stream:
        stream.truncate(MAX_SAVE_BYTES + 1)  # sparse: cheap to make
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    assert (f"(it is {MAX_SAVE_BYTES + 1:,} bytes; a save file has at most "
            f"{MAX_SAVE_BYTES:,})") in status(builder)
    assert len(list(tmp_path.glob("*.damaged-*.json"))) == 1


def test_a_linked_save_is_written_through_and_the_link_kept(angie, tmp_path):
    elsewhere = tmp_path / "synced"
    elsewhere.mkdir()
    work = tmp_path / "work"
    first = SchemaBuilder(angie, work_dir=elsewhere)
    first.wish.value = "from the synced folder"
    work.mkdir()
    link = work / first.save_path.name
    link.symlink_to(first.save_path)
    builder = SchemaBuilder(angie, work_dir=work)
    assert builder.wish.value == "from the synced folder"
    builder.wish.value = "updated through the link"
    assert link.is_symlink()
    assert json.loads(first.save_path.read_text(encoding="utf-8"))["work"]["wish"] == (
        "updated through the link")
    assert not list(work.glob(".*.tmp")) and not list(elsewhere.glob(".*.tmp"))


def test_a_link_to_nowhere_is_kept_aside(angie, tmp_path):
    path = SchemaBuilder(angie, work_dir=tmp_path).save_path
    path.symlink_to(tmp_path / "missing.json")
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    assert "(it is a link to a file that does not exist)" in status(builder)
    builder.wish.value = "fresh"
    assert path.is_file() and not path.is_symlink()


def test_a_link_to_a_device_is_refused_without_reading(angie, tmp_path):
    path = SchemaBuilder(angie, work_dir=tmp_path).save_path
    path.symlink_to("/dev/zero")
    builder = SchemaBuilder(angie, work_dir=tmp_path)
    assert "(it is a device, not a file)" in status(builder)
    assert os.path.exists("/dev/zero")  # only the link was moved


def test_orphan_temporary_files_are_removed_when_a_store_opens(angie, tmp_path):
    old, fresh = tmp_path / ".x.json.abc123.tmp", tmp_path / ".x.json.def456.tmp"
    other = tmp_path / ".notes.txt.tmp"
    for path in (old, fresh, other):
        path.write_text("partial")
    an_hour_ago = time.time() - 3700
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(other, (an_hour_ago, an_hour_ago))
    store = WorkStore(tmp_path)
    assert store.removed_temp_files == 1
    assert not old.exists() and fresh.exists() and other.exists()
    assert remove_orphan_temp_files(tmp_path / "no-such-folder") == 0


def test_reading_another_exercise_never_moves_or_blocks(angie, tmp_path):
    store = WorkStore(tmp_path)
    fifo = tmp_path / "schema.json"
    os.mkfifo(fifo)
    assert store.peek(fifo, SchemaResponse) is None
    assert fifo.exists()


def test_exports_are_readable_by_the_trainer_who_collects_them(angie, tmp_path):
    """A temporary file is owner-only (0600); the renamed export gets the usual permissions,
    and a file that already exists keeps its own."""
    import stat

    builder = SchemaBuilder(angie, work_dir=tmp_path)
    builder.wish.value = "to be loved"
    exported = builder.export("json")
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(exported.stat().st_mode) == 0o666 & ~umask
    exported.chmod(0o640)
    builder.export("json")
    assert stat.S_IMODE(exported.stat().st_mode) == 0o640
