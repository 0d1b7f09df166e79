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
    monkeypatch.setattr(cli, "SCHEMA_PATH", stale)
    assert cli.main(["schema", "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert cli.main(["schema"]) == 0
    assert stale.read_text(encoding="utf-8") == cli.case_json_schema()


def test_usage_errors_exit_2():
    result = run("validate")
    assert result.returncode == 2 and "usage: workbook validate" in result.stderr
