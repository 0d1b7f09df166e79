"""`workbook validate` and `workbook schema`: exit codes and messages, never a traceback."""

import subprocess
import sys

import pytest
from conftest import ANGIE, BROKEN, MINIMAL, ROOT

from widgets import cli


def run(*args):
    return subprocess.run([sys.executable, "-m", "widgets", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


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
    assert result.stderr.strip() == "Case 'ren' has no schema 'nope'; it has: belittled, excluded"
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
     "Case 'angie' has no episode 'nope'; it has: phone-call, grandmother-memory, theatre-party"),
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
