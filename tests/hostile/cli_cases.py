"""The `workbook` command with hostile input: case files carrying the corpus in free-text
fields, learner response files, outputs aimed at inputs, outputs that cannot be written,
and inputs that never end. Exit 0 or 1 is right; exit 2 ("internal error") or a hang is a
crash; an input file changed by a run is data lost; SVG that is not XML, or a terminal
control sequence echoed back, is unsafe output."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from widgets.cli import main

from .checks import Tally, literal_in, parse_svg, svg_text
from .persistence import Hang, time_limit

ROOT = Path(__file__).resolve().parents[2]
ANGIE = ROOT / "cases" / "angie.yaml"
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Free-text fields of a case file, and the diagram that draws each (None: validate only).
CASE_FIELDS: dict[str, tuple[tuple, str | None]] = {
    "title": (("title",), None),
    "person.pseudonym": (("person", "pseudonym"), "schema"),
    "schema wish": (("formulation", "schemas", 0, "wish", "text"), "schema"),
    "schema self-image": (("formulation", "schemas", 0, "negative_self_image", 0, "text"),
                          "schema"),
    "self-state name": (("formulation", "self_states", 0, "name"), "self-states"),
    "shift trigger": (("formulation", "transitions", 0, "trigger"), "self-states"),
    "split view other": (("formulation", "split_views", 0, "other"), "split-views"),
    "episode title": (("episodes", 0, "title"), "episode:phone-call"),
    "episode step": (("episodes", 0, "steps", 0, "text"), None),
    "history title": (("history", 0, "title"), "timeline"),
    "measure name": (("assessment", "measures", 0, "name"), None),
    "vignette text": (("vignettes", 0, "text"), None),
}


@dataclass
class Run:
    code: int | str  # the exit status, or "hang"
    out: str = ""
    err: str = ""
    files: dict[str, bytes] = field(default_factory=dict)


def run_cli(argv: list[str], seconds: int = 30) -> Run:
    """`workbook ARGV` in this process, as a terminal would see it, with a time limit."""
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="backslashreplace")
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace")
    try:
        with (contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr),
              time_limit(seconds)):
            code = main(argv)
    except Hang:
        code = "hang"
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 2
    for stream in (stdout, stderr):
        with contextlib.suppress(ValueError):
            stream.flush()
    return Run(code, out.getvalue().decode("utf-8", "replace"),
               err.getvalue().decode("utf-8", "replace"))


def check_run(tally: Tally, where: str, value: object, run: Run,
              protected: dict[Path, bytes] | None = None) -> None:
    """Exit status, echoed control characters, and input files left as they were."""
    if run.code == "hang":
        tally.fail("crashes", where, value, "hang: no answer within the time limit")
    elif run.code not in (0, 1):
        tally.fail("crashes", where, value, f"exit {run.code}: {last_line(run.err)}")
    echoed = TERMINAL_CONTROL.search(run.out + run.err)
    if echoed:
        tally.fail("unsafe", where, value,
                   f"terminal control character {echoed.group()!r} echoed back")
    for path, before in (protected or {}).items():
        after = path.read_bytes() if path.is_file() else None
        if after != before:
            tally.fail("lost", where, value, f"{path.name} was overwritten")


def last_line(text: str) -> str:
    """The line that says what went wrong."""
    lines = [line for line in text.splitlines() if line.strip()]
    telling = [line for line in lines if "internal error" in line] or lines[-1:]
    return telling[0][:200] if telling else "(nothing said)"


# --- hostile case files ------------------------------------------------------------------------
PLACEHOLDER = "HOSTILE-VALUE-GOES-HERE"


def case_template(path: tuple, source: Path = ANGIE) -> str:
    """angie.yaml with a placeholder where the value goes, dumped once per field."""
    yaml = YAML()
    yaml.width = 4096
    tree = yaml.load(source.read_text(encoding="utf-8"))
    *parents, last = path
    node = tree
    for step in parents:
        node = node[step]
    node[last] = PLACEHOLDER
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    return buffer.getvalue()


def write_case(target: Path, template: str, value: str) -> None:
    """The value as a YAML double-quoted scalar (JSON's escapes are YAML's); characters that
    UTF-8 cannot hold are written as they are, making a file the loader must refuse."""
    text = template.replace(PLACEHOLDER, json.dumps(value, ensure_ascii=False), 1)
    target.write_bytes(text.encode("utf-8", "surrogatepass"))


def sweep_case_files(folder: Path, values, fields=None) -> Tally:
    """One case file per field and value: `render` for a field a diagram draws (it validates
    first), `validate` for the others (it echoes the title)."""
    tally = Tally()
    folder.mkdir(parents=True, exist_ok=True)
    for name in fields or CASE_FIELDS:
        path, diagram = CASE_FIELDS[name]
        template = case_template(path)
        for value in values:
            tally.inputs += 1
            case_file, svg = folder / "case.yaml", folder / "out.svg"
            svg.unlink(missing_ok=True)
            write_case(case_file, template, value)
            if diagram is None:
                check_run(tally, f"validate ({name})", value, run_cli(["validate",
                                                                        str(case_file)]))
                continue
            where = f"render --diagram {diagram} ({name})"
            run = run_cli(["render", str(case_file), "--diagram", diagram, "--out", str(svg)])
            check_run(tally, where, value, run)
            if run.code == 0 and svg.exists():
                check_svg(tally, where, value, svg.read_bytes(), value)
    return tally


def check_svg(tally: Tally, where: str, value: object, data: bytes, shown: str | None) -> None:
    root, problem = parse_svg(data)
    if problem:
        tally.fail("unsafe", where, value, problem)
    elif shown:
        missing = literal_in(svg_text(root), shown)
        if missing:
            tally.fail("nonliteral", where, value, missing)


def response_json(wish: str, case_id: str = "angie", **fields) -> str:
    """A learner's exported schema, written by hand so any text fits (json escapes it)."""
    document = {"format": "bpd-workbook-response", "version": 1, "case_id": case_id,
                "exercise": "schema", "pseudonym": "Kim",
                "saved_at": "2026-11-23T10:00:00+00:00", "kind": "schema",
                "work": {"wish": wish, "negative_self_image": ["unlovable"],
                         "expected_response_of_other": ["distant"]}, **fields}
    return json.dumps(document)


def sweep_responses(folder: Path, values) -> Tally:
    """render --response: a learner's wish drawn by the command."""
    tally = Tally()
    folder.mkdir(parents=True, exist_ok=True)
    for value in values:
        tally.inputs += 1
        response, svg = folder / "response.json", folder / "out.svg"
        svg.unlink(missing_ok=True)
        response.write_text(response_json(value), encoding="utf-8")
        where = "render --response (wish)"
        run = run_cli(["render", str(ANGIE), "--response", str(response), "--out", str(svg)])
        check_run(tally, where, value, run)
        if run.code == 0 and svg.exists():
            check_svg(tally, where, value, svg.read_bytes(), " ".join(value.split()))
    return tally


# --- arguments -----------------------------------------------------------------------------------
def _class_folder(folder: Path) -> tuple[Path, Path, Path]:
    """(a case file, a folder with one student's file, that file), copies to aim at."""
    case = folder / "case.yaml"
    case.write_bytes(ANGIE.read_bytes())
    responses = folder / "class"
    responses.mkdir(exist_ok=True)
    student = responses / "student.json"
    student.write_text(response_json("to be loved"), encoding="utf-8")
    return case, responses, student


def argument_cases(folder: Path) -> list[tuple[str, list[str], list[Path]]]:
    """(what, argv, files that must be left as they were)."""
    case, responses, student = _class_folder(folder)
    report = ["workshop", "report", str(responses), "--case", str(case)]
    fifo = folder / "fifo.yaml"
    if not fifo.exists():
        os.mkfifo(fifo)
    (folder / "a-folder").mkdir(exist_ok=True)
    bomb = folder / "bomb.json"
    bomb.write_text("[" * 200_000)
    digits = folder / "digits.json"
    digits.write_text(response_json("x")[:-1] + ', "extra": ' + "9" * 5000 + "}")
    missing = str(folder / "missing" / "x")
    return [
        ("render --out onto the case file", ["render", str(case), "--out", str(case)], [case]),
        ("render --out onto the case file, spelt ./", [
            "render", str(case), "--out", str(case.parent / "." / case.name)], [case]),
        ("report --out onto the case file", [*report, "--out", str(case)], [case]),
        ("report --json onto the case file", [*report, "--out", str(folder / "r.html"),
                                               "--json", str(case)], [case]),
        ("report --json onto a student's file", [*report, "--out", str(folder / "r.html"),
                                                  "--json", str(student)], [student]),
        ("report --out and --json the same file", [
            *report, "--out", str(folder / "same"), "--json", str(folder / "same")], []),
        ("render --out into a missing folder", ["render", str(case), "--out", missing + ".svg"],
         [case]),
        ("render --out onto a folder", ["render", str(case), "--out", str(folder / "a-folder")],
         [case]),
        ("render --out /dev/full", ["render", str(case), "--out", "/dev/full"], [case]),
        ("render --out a name too long", [
            "render", str(case), "--out", str(folder / ("x" * 300 + ".svg"))], [case]),
        ("report --out into a missing folder", [*report, "--out", missing + ".html"], [case]),
        ("report --out onto a folder", [*report, "--out", str(folder / "a-folder")], [case]),
        ("report --out /dev/full", [*report, "--out", "/dev/full"], [case]),
        ("report --json into a missing folder", [
            *report, "--out", str(folder / "r2.html"), "--json", missing + ".json"], [case]),
        ("validate a FIFO", ["validate", str(fifo)], []),
        ("render --response a FIFO", ["render", str(case), "--response", str(fifo)], [case]),
        ("render --response a JSON bomb", ["render", str(case), "--response", str(bomb)], [case]),
        ("render --response a 5,000-digit number", [
            "render", str(case), "--response", str(digits)], [case]),
        ("render --diagram episode:<ANSI escape>", [
            "render", str(case), "--diagram", "episode:\x1b[31mred"], [case]),
        ("render --diagram episode:<DOT syntax>", [
            "render", str(case), "--diagram", 'episode:"]; a -> b [', "--format", "dot"], [case]),
        ("render --diagram episode:../../etc/passwd", [
            "render", str(case), "--diagram", "episode:../../etc/passwd"], [case]),
    ]


def sweep_arguments(folder: Path) -> Tally:
    tally = Tally()
    folder.mkdir(parents=True, exist_ok=True)
    for what, argv, protected in argument_cases(folder):
        tally.inputs += 1
        _class_folder(folder)  # as it was: a command before may have overwritten it
        before = {path: path.read_bytes() for path in protected}
        run = run_cli(argv, seconds=10)
        check_run(tally, what, argv[-1], run, before)
        if what == "report --out and --json the same file" and run.code == 0:
            text = (folder / "same").read_text("utf-8", "replace")
            if "<html" not in text.lower():
                tally.fail("lost", what, argv[-1], "the HTML report was replaced by the JSON")
    tally.add(_in_a_child(what="validate /dev/zero", argv=["validate", "/dev/zero"]))
    return tally


def _in_a_child(what: str, argv: list[str], seconds: int = 30,
                memory: int = 2 << 30) -> Tally:
    """Inputs that could eat all memory run in their own process, with a memory limit."""
    tally = Tally(inputs=1)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    try:
        done = subprocess.run([sys.executable, "-m", "widgets", *argv], capture_output=True,
                              timeout=seconds, preexec_fn=limit, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        tally.fail("crashes", what, argv[-1], f"hang: no answer within {seconds} s")
        return tally
    run = Run(done.returncode, done.stdout.decode("utf-8", "replace"),
              done.stderr.decode("utf-8", "replace"))
    check_run(tally, what, argv[-1], run)
    return tally


def sweep_cli(folder: Path, values, response_values=None) -> Tally:
    tally = Tally()
    for part in (lambda: sweep_case_files(folder / "cases", values),
                 lambda: sweep_responses(folder / "responses", response_values or values),
                 lambda: sweep_arguments(folder / "arguments")):
        tally.add(_guarded(part))
    return tally


def _guarded(part: Callable[[], Tally]) -> Tally:
    """A fault in the suite itself is reported as one, not as a crash of the run."""
    try:
        return part()
    except Exception as error:
        tally = Tally()
        tally.fail("crashes", "the hostile suite itself", "", f"{type(error).__name__}: "
                   f"{error} (a fault in tests/hostile, not in the workbook)")
        return tally

