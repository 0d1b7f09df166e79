"""The workshop report on a class folder that fights back: links of every kind, a named pipe,
a socket, an unreadable folder and file, names that are not UTF-8, JSON bombs, numbers too
long to read, folders nested 1,200 deep, times that are not times, control characters and
character references in the exercise names. The report must be written all the same, as
valid UTF-8, with every entry either used or listed with its reason, and nothing outside
the folder counted."""

import json
import os
import re
import socket

import pytest
from conftest import ANGIE
from workshop_class import make_class

from widgets import cli, load_case
from widgets.exercises.contract_drafter import ContractDrafter
from widgets.work.responses import (
    ResponseFileError,
    UnreadableFile,
    now_utc,
    parse_response,
    read_regular_file,
    read_response,
    saved_time,
)
from widgets.workshop import collect as workshop_collect
from widgets.workshop.collect import MAX_DEPTH, collect
from widgets.workshop.page import printable

LINK = "a link; links are not followed"
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def angie():
    return load_case(ANGIE)


def response(angie, pseudonym: str, **changes) -> dict:
    """A valid ratings response, changed as asked."""
    vignette = angie.vignettes[0].id
    return {"format": "bpd-workbook-response", "version": 1, "case_id": angie.id,
            "exercise": "metacognition-ratings", "pseudonym": pseudonym, "kind": "ratings",
            "saved_at": "2026-11-23T11:00:00+00:00",
            "work": {"vignettes": {vignette: {"ratings": {"mastery": 3}}}}, **changes}


def schema_response(angie, exercise: str, pseudonym: str) -> dict:
    return {"format": "bpd-workbook-response", "version": 1, "case_id": angie.id,
            "exercise": exercise, "pseudonym": pseudonym, "kind": "schema",
            "saved_at": "2026-11-23T11:00:00+00:00",
            "work": {"wish": angie.schema().wish.text}}


def write(path, content) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(content) if isinstance(content, dict) else content
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


@pytest.fixture
def hostile_class(tmp_path, angie, monkeypatch):
    """A small valid class (three students, ratings and schemas) plus one of every hostile
    entry; returns the folder and {shown name: the start of the reason it is set aside}."""
    folder = tmp_path / "class"
    make_class(folder, angie, students=3, broken=False, kinds=("ratings", "schema"))
    outside = tmp_path / "outside"
    write(outside / "valid.json", response(angie, "OUTSIDE-THE-FOLDER"))
    expected = {}

    def link(name: str, target) -> None:
        os.symlink(target, folder / name)
        expected[name] = LINK

    link("loop.json", "loop.json")
    link("dangling.json", "nowhere.json")
    link("outside.json", outside / "valid.json")
    link("inside-copy.json", "ratings-001.json")
    link("linked-folder", outside)
    link("zero.json", "/dev/zero")
    os.mkfifo(folder / "pipe.json")
    expected["pipe.json"] = "a named pipe (FIFO), not a regular file"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock.json"))
    expected["sock.json"] = "a socket, not a regular file"

    # Unreadable: the folder and file are closed to everyone but root, so for root the
    # refusal is simulated where the collector opens them.
    write(folder / "locked" / "hidden.json", response(angie, "HIDDEN"))
    write(folder / "locked-file.json", response(angie, "LOCKED"))
    (folder / "locked").chmod(0)
    (folder / "locked-file.json").chmod(0)
    if os.geteuid() == 0:
        real_open = os.open

        def refusing_open(path, flags, *args, **kwargs):
            if path in ("locked", "locked-file.json"):
                raise PermissionError(13, "Permission denied", path)
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)
    expected["locked/"] = "a folder that cannot be read (Permission denied)"
    expected["locked-file.json"] = "cannot read it (Permission denied)"

    # Names that are not UTF-8: a valid response (used) and a folder holding a bomb.
    write(folder / os.fsdecode(b"bad-\xff.json"), response(angie, "Not UTF-8"))
    write(folder / os.fsdecode(b"odd-\xfe") / "bomb.json", b"[" * 200_000)
    expected["odd-\\xfe/bomb.json"] = "not JSON a response can be: nested too deeply"

    write(folder / "bomb-object.json", '{"a":' * 100_000)
    expected["bomb-object.json"] = "not JSON a response can be: nested too deeply"
    write(folder / "long-number.json",
          json.dumps(response(angie, "Long"))[:-1] + ', "extra": 1' + "0" * 5000 + "}")
    expected["long-number.json"] = "not JSON a response can be: a number too long to read"
    write(folder / "nan.json", json.dumps(response(angie, "NaN")).replace('"mastery": 3',
                                                                         '"mastery": NaN'))
    expected["nan.json"] = "not JSON (NaN is not a JSON number"
    write(folder / "surrogate.json", json.dumps(response(angie, "\ud800")))
    expected["surrogate.json"] = "not JSON a response can be: text that is not valid Unicode"

    deepest = nest(folder, 1200)
    write(deepest / "deepest.json", response(angie, "DEEP"))
    expected["n/" * (MAX_DEPTH + 1)] = f"a folder nested more than {MAX_DEPTH} folders deep"

    # The same student as ratings-001.json, later by its text, with no real time.
    write(folder / "zz-garbage-time.json",
          response(angie, "Student 001", saved_at="garbage-time"))
    expected["zz-garbage-time.json"] = "saved_at 'garbage-time' is not a date and time"

    # Exercise names that Graphviz would turn into a control character, into bytes that are
    # not UTF-8, and a raw control character.
    for number, exercise in enumerate(["schema-&#1;", "schema-&#xd800;", "schema-\x01"]):
        write(folder / f"exercise-{number}.json",
              schema_response(angie, exercise, f"Exercise {number}"))
    yield folder, expected
    (folder / "locked").chmod(0o755)
    (deepest / "deepest.json").unlink()
    unnest(folder, 1200)  # shutil.rmtree would recurse once per level


def nest(folder, depth: int):
    """`depth` folders, one in the other, made one by one (Path.mkdir recurses)."""
    path = str(folder)
    for _ in range(depth):
        path = os.path.join(path, "n")
        os.mkdir(path)
    return folder / path


def unnest(folder, depth: int) -> None:
    for level in range(depth, 0, -1):
        os.rmdir(os.path.join(folder, *["n"] * level))


def test_the_report_is_written_whatever_the_folder_holds(hostile_class, tmp_path, capsys):
    folder, expected = hostile_class
    html_path, json_path = tmp_path / "report.html", tmp_path / "report.json"
    status = cli.main(["workshop", "report", str(folder), "--case", str(ANGIE),
                       "--out", str(html_path), "--json", str(json_path)])
    assert status == 0, capsys.readouterr().err
    page = html_path.read_bytes().decode("utf-8")  # strictly: valid UTF-8
    report = json.loads(json_path.read_bytes().decode("utf-8"))

    reasons = {s["file"]: s["reason"] for s in report["skipped"]}
    for name, reason in expected.items():
        assert reasons.get(name, "").startswith(reason), (name, reasons.get(name))
    assert set(reasons) == set(expected)  # nothing else set aside, nothing dropped unlisted
    assert report["files_seen"] == report["files_used"] + len(report["skipped"])

    # Three students of the class, the one with a non-UTF-8 file name, three exercise names.
    assert report["students"] == 7
    assert report["by_kind"] == {"ratings": 4, "schema": 6}
    for student in ("OUTSIDE-THE-FOLDER", "HIDDEN", "LOCKED", "DEEP"):
        assert student not in page and student not in json.dumps(report)
    agreement = {a["student"]: a for a in report["ratings"]["agreement"]}
    assert agreement["Not UTF-8"]["file"] == "bad-\\xff.json"
    assert agreement["Student 001"]["file"] == "ratings-001.json"
    assert "bad-\\xff.json" in page and "odd-\\xfe/bomb.json" in page

    assert not RAW_CONTROL.search(page)
    assert "&#1;" not in page.replace("&amp;#1;", "")
    assert "schema-\\x01" in page
    # Diagram labels escape "&", so Graphviz draws the entity as typed instead of decoding it
    # into text that is not UTF-8: the consensus diagram is drawn with the title as written.
    assert "could not be drawn" not in page
    assert "schema-&amp;#xd800;" in page
    assert page.count("<svg") >= 5  # the two charts, the consensus and the other diagrams


def test_more_files_than_the_cap_are_listed_not_read(tmp_path, angie, monkeypatch):
    for number in range(5):
        write(tmp_path / f"r{number}.json", response(angie, f"S{number}"))
    monkeypatch.setattr(workshop_collect, "MAX_FILES", 3)
    collection = collect(tmp_path, angie)
    assert [c.file for c in collection.used] == ["r0.json", "r1.json", "r2.json"]
    assert [(s.file, s.reason) for s in collection.skipped] == [
        (f"r{n}.json", "more than 3 files in the folder; not read") for n in (3, 4)]


def test_the_latest_save_is_the_latest_moment_not_the_largest_text(tmp_path, angie):
    # 12:00 at UTC+2 is 10:00 UTC: earlier than 10:30 UTC, though larger as text.
    write(tmp_path / "a.json", response(angie, "Same", saved_at="2026-11-23T12:00:00+02:00"))
    write(tmp_path / "b.json", {**response(angie, "Same", saved_at="2026-11-23T10:30:00Z"),
                                "workbook_version": "other"})
    write(tmp_path / "c.json", response(angie, "Same", saved_at="2026-11-23T23:00:00"))
    collection = collect(tmp_path, angie)
    assert [c.file for c in collection.used] == ["b.json"]
    reasons = {s.file: s.reason for s in collection.skipped}
    assert reasons["a.json"].startswith("superseded by b.json")
    assert reasons["c.json"].startswith("saved_at '2026-11-23T23:00:00' is not a date and "
                                        "time with a time zone")


def test_a_widgets_own_export_is_used(tmp_path, angie):
    drafter = ContractDrafter(angie, work_dir=tmp_path / "work")
    drafter.goals[0].value = "Keep going to sessions."
    exported = drafter.export("json")
    assert saved_time(now_utc()) is not None
    collection = collect(exported.parent, angie)
    assert [c.document.kind for c in collection.used] == ["contract"], collection.skipped


@pytest.mark.parametrize("raw, reason", [
    (b"[" * 200_000, "not JSON a response can be: nested too deeply"),
    (b'{"a":' * 100_000, "not JSON a response can be: nested too deeply"),
    (b'{"a": ' + b"9" * 100_000 + b"}", "not JSON a response can be: a number too long"),
    (b'{"a": [Infinity]}', "not JSON (Infinity is not a JSON number"),
    (b'{"a": "\\udc00"}', "not JSON a response can be: text that is not valid Unicode"),
    (b'{"a": "\\ud800"}', "not JSON a response can be: text that is not valid Unicode"),
    (b"\xff\xfe\x00", "not JSON ("),
    (b'{"format": "bpd-workbook-response", "version": 1, "kind": ["schema"]}',
     'unknown kind ["schema"]'),
    (b'{"format": "' + b"x" * 10_000 + b'"}', "not a workbook response"),
])
def test_parsing_raises_nothing_but_response_file_error(raw, reason):
    with pytest.raises(ResponseFileError) as caught:
        parse_response(raw, "f.json")
    message = str(caught.value).removeprefix("Invalid response file f.json: ")
    assert message.startswith(reason) and len(message) < 300


def test_a_named_pipe_given_as_a_response_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    with pytest.raises(ResponseFileError, match="a named pipe"):
        read_response(tmp_path / "pipe.json")


def test_what_is_opened_is_checked_not_what_was_listed(tmp_path):
    """An entry listed as a file and replaced by a link or a pipe before it is opened."""
    write(tmp_path / "real.json", "{}")
    os.symlink("real.json", tmp_path / "link.json")
    os.mkfifo(tmp_path / "pipe.json")
    folder = os.open(tmp_path, os.O_RDONLY)
    try:
        with pytest.raises(UnreadableFile, match="^a link; links are not followed$"):
            read_regular_file("link.json", dir_fd=folder, follow_links=False)
        with pytest.raises(UnreadableFile, match=r"^a named pipe \(FIFO\), not a regular"):
            read_regular_file("pipe.json", dir_fd=folder, follow_links=False)
        assert read_regular_file("link.json", dir_fd=folder) == b"{}"  # a path a user gave
    finally:
        os.close(folder)


def test_a_part_that_fails_says_so_in_its_place(tmp_path, angie, monkeypatch):
    from widgets.diagrams.render import RenderError
    from widgets.workshop import page as workshop_html
    from widgets.workshop import report as workshop_report

    make_class(tmp_path, angie, students=2, broken=False, kinds=("ratings", "schema"))

    def broken(*_args):
        raise ZeroDivisionError("division by zero")

    def undrawable(*_args):
        raise RenderError("Graphviz took longer than 10 s to draw this diagram.")

    monkeypatch.setattr(workshop_report, "ratings_summary", broken)
    monkeypatch.setattr(workshop_html, "consensus_figure", undrawable)
    report, page = workshop_html.workshop_page(tmp_path, angie)
    assert report.problems == [{"part": "ratings", "reason": "ZeroDivisionError: division by "
                                                             "zero"}]
    assert "Part of the report could not be computed (metacognition ratings)" in page
    assert ("The metacognition ratings could not be summarised (ZeroDivisionError: division "
            "by zero); the rest of the report is complete.") in page
    assert ("The class consensus diagram could not be drawn (Graphviz took longer than 10 s "
            "to draw this diagram.)") in page
    assert report.schemas[0].students == 2 and "<h2>Files set aside</h2>" in page


def test_the_page_never_carries_a_control_character_or_a_reference_to_one():
    page = printable("<p>a\x01b \x9b c\ud800 &#1; &#x0000001B &#65; &#x27; &#45;&gt; "
                     "&#99999999999;</p>")
    assert page == ("<p>a\\x01b \\x9b c\\ud800 &#xFFFD; &#xFFFD; &#65; &#x27; &#45;&gt; "
                    "&#xFFFD;</p>")
