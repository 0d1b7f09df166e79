"""`workbook validate` and `workbook schema`: exit codes and messages, never a traceback."""

import json
import os
import stat
import subprocess
import sys

import pytest
from conftest import ANGIE, BROKEN, MINIMAL, ROOT

from widgets import cli


def run(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "widgets", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def test_validate_angie_exits_0():
    result = run("validate", "cases/angie.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("valid: cases/angie.yaml: angie (")
    assert result.stderr == ""


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_validate_broken_case_exits_1_with_the_message(path):
    result = run("validate", str(path.relative_to(ROOT)))
    assert result.returncode == 1
    assert result.stderr == path.with_suffix(".expected").read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_validate_reports_every_file_and_fails_if_any_is_invalid(capsys):
    broken = BROKEN[0].relative_to(ROOT)
    status = cli.main(["validate", str(ANGIE), str(broken), str(MINIMAL)])
    out, err = capsys.readouterr()
    assert status == 1
    assert out.count("valid: ") == 2
    assert err.startswith(f"Invalid case file {broken}:")


def test_unexpected_errors_become_a_message_not_a_traceback(monkeypatch, capsys):
    def explode(path):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "load_case", explode)
    assert cli.main(["validate", str(ANGIE)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("workbook: internal error: RuntimeError: disk on fire")
    assert "Traceback" not in err


def test_schema_check_passes_on_the_committed_schema():
    result = run("schema", "--check")
    assert result.returncode == 0 and "up to date" in result.stdout


def test_schema_check_fails_when_out_of_date(monkeypatch, tmp_path, capsys):
    stale = tmp_path / "case.schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    responses = tmp_path / "response.schema.json"
    monkeypatch.setattr(cli, "SCHEMA_PATH", stale)
    monkeypatch.setattr(cli, "RESPONSE_SCHEMA_PATH", responses)
    assert cli.main(["schema", "--check"]) == 1
    err = capsys.readouterr().err
    assert "case.schema.json is out of date" in err and "response.schema.json is out of" in err
    assert cli.main(["schema"]) == 0
    assert stale.read_text(encoding="utf-8") == cli.case_json_schema()
    assert responses.read_text(encoding="utf-8") == cli.response_json_schema()


def test_usage_errors_exit_2():
    result = run("validate")
    assert result.returncode == 2 and "usage: workbook validate" in result.stderr


def test_render_published_schema_as_dot_svg_and_png(tmp_path):
    dot = run("render", "cases/angie.yaml", "--diagram", "schema", "--format", "dot")
    assert dot.returncode == 0 and dot.stdout.startswith("digraph schema {")
    assert "Angie: the published schema" in dot.stdout and "Unlovable" in dot.stdout
    svg = run("render", "cases/angie.yaml", "--format", "svg")
    assert svg.returncode == 0 and "<svg" in svg.stdout and "Unlovable" in svg.stdout
    png = tmp_path / "schema.png"
    result = run("render", "cases/angie.yaml", "--format", "png", "--out", str(png))
    assert result.returncode == 0 and png.read_bytes()[:4] == b"\x89PNG"


def test_render_a_learners_exported_schema(tmp_path):
    from widgets import load_case
    from widgets.exercises.schema_builder import SchemaBuilder

    builder = SchemaBuilder(load_case(ANGIE), work_dir=tmp_path)
    builder.pseudonym.value = "Blue Heron"
    builder.wish.value = "to be held <in mind>"
    exported = builder.export("json")
    result = run("render", "cases/angie.yaml", "--response", str(exported), "--format", "dot")
    assert result.returncode == 0, result.stderr
    assert "schema by Blue Heron" in result.stdout and "to be held <in mind>" in result.stdout


@pytest.mark.parametrize("content, message", [
    ('{"x": 1}', 'Invalid response file {path}: not a workbook response (expected "format": '
                 '"bpd-workbook-response", found null)'),
    ("not json",
     "Invalid response file {path}: not JSON (Expecting value: line 1 column 1 (char 0))"),
    ("[1, 2]", "Invalid response file {path}: expected a JSON object, found a JSON list"),
    ('{"format": "bpd-workbook-response", "version": 9}',
     "Invalid response file {path}: response version 9; this workbook reads version 1"),
    ('{"format": "bpd-workbook-response", "version": 1, "kind": "ratings"}',
     'Invalid response file {path}: a "ratings" response, expected "schema"'),
    ('{"format": "bpd-workbook-response", "version": 1, "kind": "schema", "case_id": "angie",'
     ' "exercise": "e", "saved_at": "t", "work": {"wish": 5}}',
     "Invalid response file {path}: at work.wish: Input should be a valid string"),
])
def test_render_refuses_a_malformed_response(tmp_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = run("render", "cases/angie.yaml", "--response", str(bad))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(message.format(path=bad))


def test_render_refuses_a_response_for_another_case(tmp_path):
    from widgets import load_case
    from widgets.exercises.schema_builder import SchemaBuilder

    exported = SchemaBuilder(load_case(ANGIE), work_dir=tmp_path).export("json")
    result = run("render", "tests/cases/fictional-ren.yaml", "--response", str(exported))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"Response file {exported} is for case 'angie', not 'ren'")


def test_render_unknown_schema_and_invalid_case():
    result = run("render", "tests/cases/fictional-ren.yaml", "--schema", "nope")
    assert result.returncode == 1
    assert result.stderr.strip() == ("Case 'ren' (tests/cases/fictional-ren.yaml) has no schema "
                                     "'nope'; it has: belittled, excluded")
    broken = run("render", "tests/broken_cases/unknown-motive.yaml")
    assert broken.returncode == 1 and broken.stderr.startswith("Invalid case file")


def test_render_timeline():
    result = run("render", "cases/angie.yaml", "--diagram", "timeline", "--format", "dot")
    assert result.returncode == 0 and result.stdout.startswith("digraph timeline {")


@pytest.mark.parametrize("diagram, start, contains", [
    ("self-states", "digraph self_states {", "STRONG BUT MISTREATED"),
    ("split-views", "digraph split_views {", "MOTHER"),
    ("cycle", "digraph cycle {", "MIT: Differentiation"),
    ("episode:theatre-party", "digraph cycle {", "▶ STEPS 1, 4"),
])
def test_render_the_domain_diagrams(capsysbinary, diagram, start, contains):
    assert cli.main(["render", str(ANGIE), "--diagram", diagram, "--format", "dot"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out.startswith(start) and contains in out


def test_render_a_diagram_as_png(tmp_path):
    out = tmp_path / "cycle.png"
    assert cli.main(["render", str(ANGIE), "--diagram", "episode:phone-call", "--format",
                     "png", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_render_learners_self_states_and_chain(tmp_path, capsysbinary):
    from widgets import load_case
    from widgets.exercises.chain_builder import EpisodeChainBuilder
    from widgets.exercises.self_state_mapper import SelfStateMapper

    mapper = SelfStateMapper(load_case(ANGIE), work_dir=tmp_path)
    mapper.pseudonym.value = "Heron"
    mapper.state_rows.children[0].fields["name"].value = "Furious <b>"
    chain = EpisodeChainBuilder(load_case(ANGIE), "theatre-party", work_dir=tmp_path)
    chain.rows[0].stage.value = "event"
    states, steps = mapper.export("json"), chain.export("json")
    assert cli.main(["render", str(ANGIE), "--diagram", "self-states", "--response",
                     str(states), "--format", "dot"]) == 0
    assert "self-states by Heron" in capsysbinary.readouterr().out.decode()
    assert cli.main(["render", str(ANGIE), "--diagram", "episode:theatre-party",
                     "--response", str(steps), "--format", "dot"]) == 0
    assert "1. INTERPERSONAL EVENT" in capsysbinary.readouterr().out.decode()
    assert cli.main(["render", str(ANGIE), "--diagram", "episode:phone-call", "--response",
                     str(steps)]) == 1
    assert ("does not fit this episode: it is about episode 'theatre-party', not 'phone-call'"
            in capsysbinary.readouterr().err.decode())
    assert cli.main(["render", str(ANGIE), "--diagram", "self-states", "--response",
                     str(steps)]) == 1
    assert 'a "chain" response, expected "self-states"' in capsysbinary.readouterr().err.decode()


@pytest.mark.parametrize("args, message", [
    (["--diagram", "episode:nope"],
     f"Case 'angie' ({ANGIE}) has no episode 'nope'; it has: phone-call, grandmother-memory, "
     "theatre-party"),
    (["--diagram", "cycle", "--response", "x.json"],
     "--response draws a learner's schema, self-states or episode chain; the cycle diagram "
     "has no learner version"),
])
def test_render_refuses_unknown_episodes_and_misused_responses(capsys, args, message):
    assert cli.main(["render", str(ANGIE), *args]) == 1
    assert capsys.readouterr().err.strip() == message


def test_render_names_the_diagrams_when_one_is_unknown():
    result = run("render", "cases/angie.yaml", "--diagram", "storm")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert ("unknown diagram 'storm'; choose one of: schema, timeline, self-states, "
            "split-views, cycle, episode:ID") in result.stderr


# --- outputs never replace an input ------------------------------------------------------------
@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A trainer's folder: a case, a key, a response, a class folder with one student's file,
    and links to the case. Commands run from inside it."""
    import shutil

    from widgets.exercises.schema_builder import SchemaBuilder

    shutil.copy(ANGIE, tmp_path / "case.yaml")
    (tmp_path / "key.yaml").write_text("format: 1\n", encoding="utf-8")
    exported = SchemaBuilder(cli.load_case(ANGIE), work_dir=tmp_path / "work").export("json")
    shutil.copy(exported, tmp_path / "response.json")
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "student.json").write_text('{"student": 1}\n', encoding="utf-8")
    (tmp_path / "link.svg").symlink_to("case.yaml")
    (tmp_path / "hard.svg").hardlink_to(tmp_path / "case.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _snapshot(folder):
    return {path.relative_to(folder): (path.read_bytes() if path.is_file() else None)
            for path in sorted(folder.rglob("*")) if "work" not in path.parts}


REPLACE = "writing there would replace it. Choose another file; nothing was written."


@pytest.mark.parametrize("args, message", [
    (["render", "case.yaml", "--out", "case.yaml"],
     f"--out case.yaml is the case file case.yaml: {REPLACE}"),
    (["render", "case.yaml", "--out", "./case.yaml"],
     f"--out ./case.yaml is the case file case.yaml: {REPLACE}"),
    (["render", "./case.yaml", "--out", "link.svg"],
     f"--out link.svg is the case file ./case.yaml: {REPLACE}"),
    (["render", "case.yaml", "--out", "hard.svg"],
     f"--out hard.svg is the case file case.yaml: {REPLACE}"),
    (["render", "case.yaml", "--response", "response.json", "--out", "response.json"],
     f"--out response.json is the response file response.json: {REPLACE}"),
    (["workshop", "report", "class", "--case", "case.yaml", "--out", "case.yaml"],
     f"--out case.yaml is the case file case.yaml: {REPLACE}"),
    (["workshop", "report", "class", "--case", "case.yaml", "--json", "case.yaml"],
     f"--json case.yaml is the case file case.yaml: {REPLACE}"),
    (["workshop", "report", "class", "--case", "case.yaml", "--key", "key.yaml",
      "--json", "./key.yaml"], f"--json ./key.yaml is the key file key.yaml: {REPLACE}"),
    (["workshop", "report", "class", "--case", "case.yaml", "--json", "class/student.json"],
     "--json class/student.json is inside the folder of responses class: it would replace a "
     "student's file or be read as one. Choose a file outside that folder; nothing was "
     "written."),
    (["workshop", "report", "class", "--case", "case.yaml", "--out", "class"],
     "--out class is inside the folder of responses class: it would replace a student's file "
     "or be read as one. Choose a file outside that folder; nothing was written."),
    (["workshop", "report", "class", "--case", "case.yaml", "--out", "r.html", "--json",
      "./r.html"], "--out and --json name the same file (./r.html): the second would replace "
                   "the first. Give each its own file; nothing was written."),
], ids=["render-onto-case", "via-dot-slash", "via-symlink", "via-hard-link",
        "render-onto-response", "report-onto-case", "json-onto-case", "json-onto-key",
        "json-onto-a-students-file", "out-onto-the-class-folder", "out-and-json-the-same"])
def test_an_output_that_would_replace_an_input_is_refused(workspace, capsys, args, message):
    before = _snapshot(workspace)
    assert cli.main(args) == 1
    assert capsys.readouterr().err == message + "\n"
    assert _snapshot(workspace) == before


# --- outputs that cannot be written are the user's error, not ours ----------------------------
@pytest.mark.parametrize("out, reason", [
    ("missing/x.svg", "the folder {cwd}/missing does not exist"),
    ("class", "it is a folder; give the name of a file"),
    ("case.yaml/x.svg", "{cwd}/case.yaml is not a folder"),
    ("/dev/full", "it is a device, not a regular file"),
    ("n" * 300 + ".svg", "the file name is too long (304 bytes; at most 255)"),
], ids=["missing-folder", "a-folder", "under-a-file", "dev-full", "name-too-long"])
@pytest.mark.parametrize("command", [
    ["render", "case.yaml", "--format", "dot", "--out"],
    ["workshop", "report", "empty", "--case", "case.yaml", "--out"],
    ["workshop", "report", "empty", "--case", "case.yaml", "--json"],
], ids=["render", "report-out", "report-json"])
def test_an_unwritable_output_is_a_plain_message(workspace, capsys, monkeypatch, command, out,
                                                 reason):
    def never(path, data):  # were it reached, /dev/full itself would be replaced
        raise AssertionError(f"wrote {path}")

    monkeypatch.setattr(cli, "atomic_write_bytes", never)
    (workspace / "empty").mkdir()
    before = _snapshot(workspace)
    assert cli.main([*command, out]) == 1
    flag = command[-1]
    assert capsys.readouterr().err == (f"Cannot write {flag} {out}: "
                                       f"{reason.format(cwd=workspace)}. Nothing was written.\n")
    assert _snapshot(workspace) == before


def test_a_write_that_fails_midway_leaves_the_old_file_whole(workspace, capsys, monkeypatch):
    import errno

    from widgets.work import store as work_store

    (workspace / "schema.dot").write_text("the previous drawing\n", encoding="utf-8")

    def disk_full(handle):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(work_store.os, "fsync", disk_full)
    assert cli.main(["render", "case.yaml", "--format", "dot", "--out", "schema.dot"]) == 1
    assert capsys.readouterr().err == ("Cannot write --out schema.dot: No space left on device. "
                                       "Nothing was written there.\n")
    assert (workspace / "schema.dot").read_text(encoding="utf-8") == "the previous drawing\n"
    assert sorted(p.name for p in workspace.glob(".*")) == []


def test_permission_denied_on_the_output_is_a_plain_message(workspace, capsys, monkeypatch):
    def denied(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(cli, "atomic_write_bytes", denied)
    assert cli.main(["render", "case.yaml", "--out", "x.svg"]) == 1
    assert capsys.readouterr().err == ("Cannot write --out x.svg: Permission denied. "
                                       "Nothing was written there.\n")


def test_an_output_through_a_link_is_written_where_the_link_points(workspace):
    (workspace / "drawings").mkdir()
    (workspace / "latest.dot").symlink_to("drawings/schema.dot")
    old = os.umask(0o022)
    try:
        assert cli.main(["render", "case.yaml", "--format", "dot", "--out", "latest.dot"]) == 0
    finally:
        os.umask(old)
    assert (workspace / "latest.dot").is_symlink()
    written = workspace / "drawings" / "schema.dot"
    assert written.read_text(encoding="utf-8").startswith("digraph schema {")
    assert stat.S_IMODE(written.stat().st_mode) == 0o644  # not the temporary file's 0o600


def test_the_report_writes_both_files(workspace, capsys):
    (workspace / "empty").mkdir()
    assert cli.main(["workshop", "report", "empty", "--case", "case.yaml", "--out",
                     "r.html", "--json", "r.json"]) == 0
    assert capsys.readouterr().err == ("wrote r.html: 0 of 0 files used, 0 set aside\n"
                                       "wrote r.json\n")
    assert (workspace / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert json.loads((workspace / "r.json").read_text(encoding="utf-8"))["files_seen"] == 0


# --- inputs that are not regular files: never a hang --------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["validate", "/dev/zero", "{fifo}"], "found:    a device"),
    (["validate", "{fifo}"], "found:    a named pipe (FIFO)"),
    (["render", "{case}", "--response", "{fifo}"],
     "Invalid response file {fifo}: expected a JSON response file (a regular file, not a pipe "
     "or a device), found a named pipe (FIFO)"),
    (["render", "{case}", "--out", "{fifo}"],
     "Cannot write --out {fifo}: it is a named pipe (FIFO), not a regular file."),
    (["workshop", "report", "{folder}", "--case", "{case}", "--key", "{fifo}", "--out",
      "{folder}/../r.html"], "Invalid key file {fifo}: 1 problem"),
], ids=["dev-zero", "fifo-case", "fifo-response", "fifo-out", "fifo-key"])
def test_pipes_and_devices_are_refused_without_waiting(tmp_path, args, message):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "class").mkdir()
    names = {"fifo": fifo, "case": ANGIE, "folder": tmp_path / "class"}
    result = run(*(arg.format(**names) for arg in args), timeout=20)
    assert result.returncode == 1
    assert message.format(**names) in result.stderr
    assert "internal error" not in result.stderr


def test_an_unreadable_case_file_is_a_plain_message(capsys, monkeypatch):
    from widgets.case import bounded_read

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(bounded_read.os, "open", denied)
    assert cli.main(["validate", str(MINIMAL)]) == 1
    assert capsys.readouterr().err.endswith("    expected: a YAML case file you have permission "
                                            "to read\n    found:    permission denied\n")


# --- response files that would crash a JSON reader --------------------------------------------
TOO_DEEP = ("not JSON a response can be: nested too deeply (more than 200 levels; a response "
            "has a few)")


@pytest.mark.parametrize("content, reason", [
    ("[" * 200_000 + "]" * 200_000, TOO_DEEP),
    ('{"a":' * 100_000 + "1" + "}" * 100_000, TOO_DEEP),
    ('{"format": ' + "9" * 5000 + "}",
     "not JSON a response can be: a number too long to read (more than 4,300 digits)"),
], ids=["nested-lists", "nested-objects", "5000-digit-int"])
def test_a_hostile_response_file_is_a_plain_message(tmp_path, capsys, content, reason):
    bad = tmp_path / "bomb.json"
    bad.write_text(content, encoding="utf-8")
    assert cli.main(["render", str(ANGIE), "--response", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert err == f"Invalid response file {bad}: {reason}\n"


# --- nothing typed by someone else steers the terminal ----------------------------------------
@pytest.mark.parametrize("args, shown", [
    (["render", str(ANGIE), "--diagram", "episode:\x1b[31mred"],
     "has no episode '\\x1b[31mred'"),
    (["validate", "\x1b[2J.yaml"], "Invalid case file \\x1b[2J.yaml"),
    (["validate", "\u202eevil.yaml"], "Invalid case file \\u202eevil.yaml"),
    (["render", str(ANGIE), "--out", "\x1b]0;title\x07/x.svg"], "\\x1b]0;title\\x07/x.svg"),
], ids=["episode-id", "file-name", "bidi-override", "output-name"])
def test_quoted_text_is_escaped_in_messages(capsys, args, shown):
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert shown in err
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err


def test_argument_errors_are_escaped_too():
    result = run("validate", "--\x1b[2J", "x.yaml")
    assert result.returncode == 2
    assert "unrecognized arguments: --\\x1b[2J" in result.stderr and "\x1b" not in result.stderr


def test_internal_errors_are_escaped_too(monkeypatch, capsys):
    def explode(path):
        raise RuntimeError("\x1b[2J")

    monkeypatch.setattr(cli, "load_case", explode)
    assert cli.main(["validate", str(ANGIE)]) == 2
    assert capsys.readouterr().err.startswith("workbook: internal error: RuntimeError: \\x1b[2J")
