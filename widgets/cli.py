"""The `workbook` command (also `python -m widgets`).

Exit status: 0 success, 1 invalid input (with a readable message), 2 wrong usage or an
unexpected internal error. A student or trainer never sees a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .case.bounded_read import UnreadableFile, describe_kind, read_bounded
from .case.errors import CaseFileError
from .case.loader import load_case
from .case.model import Case, UnknownIdError
from .case.prose import join
from .diagrams import registry
from .diagrams.render import RenderError, render
from .work.responses import (
    MAX_RESPONSE_BYTES,
    RESPONSE_MODELS,
    RESPONSE_VERSION,
    ResponseFileError,
    SchemaResponse,
    parse_response,
)
from .work.store import atomic_write_bytes

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "cases" / "case.schema.json"
RESPONSE_SCHEMA_PATH = SCHEMA_PATH.with_name("response.schema.json")


def case_json_schema() -> str:
    return json.dumps(Case.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def response_json_schema() -> str:
    """One schema for every kind of response file, told apart by `kind`."""
    from typing import Annotated, Union

    from pydantic import Field, TypeAdapter

    any_response = Annotated[Union[tuple(RESPONSE_MODELS.values())],  # noqa: UP007
                             Field(discriminator="kind")]
    schema = TypeAdapter(any_response).json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": f"Workbook response file, version {RESPONSE_VERSION}", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


# --- messages ----------------------------------------------------------------------------------
# A message may quote a file name, an id or a text typed by someone else. Control characters
# (escape sequences among them), lone surrogates, line separators and bidirectional controls
# are shown as escapes, so nothing quoted can steer the terminal or disguise the message.
_UNSAFE_FOR_TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff]")


def terminal_safe(text: str) -> str:
    return _UNSAFE_FOR_TERMINAL.sub(_escape, text)


def _escape(match: re.Match) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def say(message: object, stream=None) -> None:
    """Print a message for the user (to standard error unless told), quoted text escaped."""
    print(terminal_safe(str(message)), file=stream or sys.stderr)


def summary(case: Case) -> str:
    counts = {
        "schema": len(case.formulation.schemas),
        "self-state": len(case.formulation.self_states),
        "episode": len(case.episodes),
        "vignette": len(case.vignettes),
        "measure": len(case.assessment.measures),
    }
    parts = [f"{n} {name}{'s' if n != 1 else ''}" for name, n in counts.items()]
    return f"{case.id} ({case.title}): " + ", ".join(parts)


def cmd_validate(args: argparse.Namespace) -> int:
    status = 0
    for path in args.cases:
        try:
            case = load_case(path)
        except CaseFileError as error:
            say(error)
            status = 1
        else:
            say(f"valid: {path}: {summary(case)}", sys.stdout)
    return status


class InputError(Exception):
    """Invalid input named on the command line; the message is for the user."""


def read_response_file(path: str, model=SchemaResponse):
    """A learner's exported response: only a regular file, at most MAX_RESPONSE_BYTES, and
    whatever its JSON holds (nesting, numbers of thousands of digits) an InputError."""
    def fail(reason: str) -> InputError:
        return InputError(f"Invalid response file {path}: {reason}")

    try:
        raw = read_bounded(path, MAX_RESPONSE_BYTES, "JSON response file")
    except UnreadableFile as error:
        raise fail(str(error)) from None
    try:
        return parse_response(raw, path, model)
    except ResponseFileError as error:
        raise InputError(str(error)) from None
    except RecursionError:
        raise fail("not JSON the workbook can read (nested too deeply)") from None
    except ValueError as error:  # int() refuses numbers of more than 4,300 digits
        reason = ("a number with more digits than the workbook reads" if "digits" in str(error)
                  else str(error))
        raise fail(f"not JSON the workbook can read ({reason})") from None


def _load_response(path: str, case: Case, model=SchemaResponse):
    document = read_response_file(path, model)
    if document.case_id != case.id:
        raise InputError(f"Response file {path} is for case '{document.case_id}', "
                         f"not '{case.id}'")
    return document


DIAGRAMS = tuple(registry.DIAGRAMS)


def diagram_name(text: str) -> str:
    if registry.find_diagram(text):
        return text
    raise argparse.ArgumentTypeError(
        f"unknown diagram {text!r}; choose one of: {', '.join(DIAGRAMS)}")


def _by(document) -> str:
    return document.pseudonym or "a learner"


def diagram_dot(case: Case, diagram: str, schema_id: str | None,
                response: str | None) -> str:
    chosen, episode_id = registry.find_diagram(diagram)
    if response and not chosen.has_learner_version:
        raise InputError(f"--response draws a learner's schema, self-states or episode "
                         f"chain; the {diagram} diagram has no learner version")

    def learner() -> tuple[object, str]:
        document = _load_response(response, case, RESPONSE_MODELS[chosen.response_kind])
        return document.work, _by(document)

    options = registry.Options(schema_id=schema_id, episode_id=episode_id,
                               learner=learner if response else None)
    try:
        return chosen.draw(case, options)
    except UnknownIdError as error:  # no such schema or episode in the case
        raise InputError(str(error)) from None
    except registry.WorkDoesNotFit as error:
        raise InputError(f"Response file {response} {error}") from None


def cmd_render(args: argparse.Namespace) -> int:
    try:
        outputs = plan_outputs({"--out": args.out},
                               {"case file": args.case, "response file": args.response})
        case = load_case(args.case)
        dot = diagram_dot(case, args.diagram, args.schema, args.response)
        data = dot.encode("utf-8") if args.format == "dot" else render(dot, args.format)
        for output in outputs:
            write_output(output, data)
            say(f"wrote {output.given}")
    except (CaseFileError, InputError, RenderError) as error:
        say(error)
        return 1
    if not outputs:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


# --- feedback on one learner's exported work ------------------------------------------------

FEEDBACK_KINDS = ("schema", "self-states", "chain", "contract")


def _schema_key(case: Case, document, schema_id: str | None):
    """The published schema a schema response is compared with: --schema, else the one its
    exercise names ("schema-ID"), else the case's first, as the exercise does."""
    if schema_id:
        try:
            return case.schema(schema_id)
        except UnknownIdError as error:
            raise InputError(str(error)) from None
    named = document.exercise.removeprefix("schema-")
    return next((s for s in case.formulation.schemas if s.id == named), case.schema())


def feedback(case: Case, document, schema_id: str | None = None) -> dict:
    """The verdicts the exercise's Compare gives for `document`, as plain data."""
    from .work.checklist import check_open_answer
    from .work.contract import contract_answer
    from .work.schema_compare import STATUS_LABELS, compare_schema
    from .work.self_states import compare_self_states

    def row(verdict, **fields) -> dict:
        return {"status": verdict.status, "verdict": STATUS_LABELS[verdict.status],
                "published": verdict.published, "yours": verdict.learner,
                "ref": verdict.ref, **fields}

    base = {"case": case.id, "kind": document.kind, "exercise": document.exercise,
            "pseudonym": document.pseudonym}
    if document.kind == "schema":
        key = _schema_key(case, document, schema_id)
        result = compare_schema(document.work, key, case)
        return {**base, "schema": key.id, "summary": result.summary(),
                "motive": {"yours": result.learner_motive,
                           "published": result.published_motive,
                           "same": result.motive_matches},
                "items": [row(v, element=v.element, note=v.note) for v in result.verdicts]}
    if document.kind == "chain":
        return {**base, **_chain_feedback(case, document.work)}
    if document.kind == "contract":
        checked = check_open_answer(contract_answer(document.work),
                                    case.treatment.contract_checklist)
        return {**base, "summary": checked.summary(), "points": _points(checked)}
    result = compare_self_states(document.work, case)
    integration = check_open_answer(document.work.integration,
                                    case.formulation.integration_checklist)
    return {**base, "summary": result.summary(), "notes": list(result.notes),
            "states": [row(v, detail=v.detail) for v in result.states],
            "shifts": [row(v, detail=v.detail) for v in result.transitions],
            "integration": {"summary": integration.summary(),
                            "points": _points(integration)}}


def _points(checked) -> list[dict]:
    return [{"point": p.label, "status": p.status, "mark": p.mark, "note": p.note(),
             "ref": p.ref} for p in checked.points]


def _chain_feedback(case: Case, work) -> dict:
    from .case.vocabulary import STAGE_LABELS
    from .work.chain import STAGE_MARKS, check_chain

    try:
        episode = case.episode(work.episode_id)
    except UnknownIdError as error:
        raise InputError(str(error)) from None
    problem = work.fits(episode)
    if problem:
        raise InputError(f"This chain cannot be checked against '{episode.title}': {problem}")
    result = check_chain(work, episode)
    return {"episode": episode.id, "summary": result.summary(),
            "steps": [{"place": s.position + 1, "published_place": s.published_position + 1,
                       "text": s.text, "status": s.stage_verdict,
                       "mark": STAGE_MARKS[s.stage_verdict],
                       "yours": STAGE_LABELS[s.learner_stage] if s.learner_stage else None,
                       "published": STAGE_LABELS[s.published_stage],
                       "explanation": s.explanation()} for s in result.steps]}


def feedback_text(report: dict) -> str:
    lines = [f"Feedback for {report['pseudonym'] or 'a learner'}: case {report['case']}, "
             f"exercise {report['exercise']}", report["summary"]]
    if report["kind"] == "schema":
        motive = report["motive"]
        lines.append(f"Motive system: yours {motive['yours'] or 'not chosen'}; published "
                     f"{motive['published']} ({'same' if motive['same'] else 'different'}).")
        for item in report["items"]:
            lines.append(f"- {item['element']}: {item['verdict']}. Published: "
                         f"{item['published'] or '-'}; yours: {item['yours'] or '-'}."
                         + (f" {item['note']}" if item["note"] else ""))
        return "\n".join(lines)
    if report["kind"] == "chain":
        lines += [f"{s['place']}. {s['text']} {s['mark']} {s['explanation']}"
                  for s in report["steps"]]
        return "\n".join(lines)
    if report["kind"] == "contract":
        lines += [f"{p['mark']} {p['point']}: {p['note']}" for p in report["points"]]
        return "\n".join(lines)
    lines += report["notes"]
    for title, rows in (("States", report["states"]), ("Shifts", report["shifts"])):
        lines.append(f"{title}:")
        lines += [f"- {r['verdict']}. Published: {r['published'] or '-'}; yours: "
                  f"{r['yours'] or '-'}." + (f" {r['detail']}" if r["detail"] else "")
                  for r in rows]
    integration = report["integration"]
    lines += ["Integration answer:", integration["summary"]]
    lines += [f"{p['mark']} {p['point']}: {p['note']}" for p in integration["points"]]
    return "\n".join(lines)


def cmd_feedback(args: argparse.Namespace) -> int:
    try:
        case = load_case(args.case)
        document = read_response_file(args.response, model=None)
        if document.case_id != case.id:
            raise InputError(f"Response file {args.response} is for case "
                             f"'{document.case_id}', not '{case.id}'")
        if document.kind not in FEEDBACK_KINDS:
            raise InputError(f"Response file {args.response} holds {document.kind} work; "
                             f"feedback covers {join(list(FEEDBACK_KINDS))} files")
        report = feedback(case, document, args.schema)
    except (CaseFileError, InputError) as error:
        say(error)
        return 1
    if args.json:
        say(json.dumps(report, indent=2, ensure_ascii=False), sys.stdout)
    else:
        say(feedback_text(report), sys.stdout)
    return 0


# --- writing: never over an input, never half a file ------------------------------------------

@dataclass(frozen=True)
class Output:
    """A file the command will write: the option that named it, the path as given, and the
    file the bytes go to (links followed, so a link to a report stays a link)."""

    flag: str
    given: str
    target: Path


def plan_outputs(outputs: dict[str, str | None], inputs: dict[str, str | None],
                 folders: dict[str, str] | None = None) -> list[Output]:
    """Check every output before anything is read or written: it must not be an input (as
    given, through a link or a hard link), lie inside an input folder, or repeat another
    output, and it must be a file that can be written."""
    planned: list[Output] = []
    for flag, given in outputs.items():
        if not given:
            continue
        for name, source in inputs.items():
            if source and _same_file(given, source):
                raise InputError(f"{flag} {given} is the {name} {source}: writing there would "
                                 "replace it. Choose another file; nothing was written.")
        for name, folder in (folders or {}).items():
            if _inside(given, folder):
                raise InputError(f"{flag} {given} is inside the {name} {folder}: it would "
                                 "replace a student's file or be read as one. Choose a file "
                                 "outside that folder; nothing was written.")
        for earlier in planned:
            if _same_file(given, earlier.given):
                raise InputError(f"{earlier.flag} and {flag} name the same file ({given}): "
                                 "the second would replace the first. Give each its own file; "
                                 "nothing was written.")
        planned.append(Output(flag, given, _writable_target(flag, given)))
    return planned


def _same_file(a: str, b: str) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one of them does not exist (yet)
        return False


def _inside(path: str, folder: str) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def _writable_target(flag: str, given: str) -> Path:
    def refuse(reason: str) -> InputError:
        return InputError(f"Cannot write {flag} {given}: {reason}. Nothing was written.")

    target = Path(os.path.realpath(given))
    try:
        name_max = os.pathconf(target.parent, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no such folder, or no pathconf (Windows)
        name_max = 255
    if len(os.fsencode(target.name)) > name_max:
        raise refuse(f"the file name is too long ({len(os.fsencode(target.name)):,} bytes; "
                     f"at most {name_max})")
    try:
        if not stat.S_ISDIR(os.stat(target.parent).st_mode):
            raise refuse(f"{target.parent} is not a folder")
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise refuse(f"the folder {target.parent} does not exist") from None
        return target
    except OSError as error:
        raise refuse(error.strerror or str(error)) from None
    if stat.S_ISDIR(mode):
        raise refuse("it is a folder; give the name of a file")
    if not stat.S_ISREG(mode):
        # Writing would wait on a pipe forever, fill /dev/full, or replace a device node.
        raise refuse(f"it is {describe_kind(mode)}, not a regular file")
    return target


def write_output(output: Output, data: bytes) -> None:
    """Write all of `data` or nothing: a new file is renamed into place."""
    try:
        atomic_write_bytes(output.target, data)
    except OSError as error:
        raise InputError(f"Cannot write {output.flag} {output.given}: "
                         f"{error.strerror or error}. Nothing was written there.") from None


def cmd_practice(args: argparse.Namespace) -> int:
    # Imported here: generating runs notebooks, which only this command needs.
    from .practice.generate import PracticeRefused, write_practice

    try:
        case = load_case(args.case)
        written = write_practice(case, args.case, args.out, force=args.force)
    except (CaseFileError, PracticeRefused) as error:
        say(error)
        return 1
    say(f"wrote {len(written.notebooks)} notebooks to {written.folder} "
        f"({written.seconds:.0f} s): open {written.notebooks[0]} first", sys.stdout)
    for item in written.plan.not_offered:
        say(f"not generated: {item.exercise}: {item.reason}", sys.stdout)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    status = 0
    for path, text in ((SCHEMA_PATH, case_json_schema()),
                       (RESPONSE_SCHEMA_PATH, response_json_schema())):
        if args.check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                print(f"{path.name} is out of date with the model: run `workbook schema` and "
                      "commit the result.", file=sys.stderr)
                status = 1
            else:
                print(f"{path.name} is up to date.")
        else:
            atomic_write_bytes(path, text.encode("utf-8"))
            print(f"wrote {path}")
    return status


def cmd_workshop_report(args: argparse.Namespace) -> int:
    # Imported here: the statistics and charts are slow to import and only this needs them.
    from .case.loader import load_key
    from .workshop.page import workshop_page

    try:
        outputs = plan_outputs({"--out": args.out, "--json": args.json},
                               {"case file": args.case, "key file": args.key},
                               {"folder of responses": args.responses})
        case = load_case(args.case)
        if args.key:
            case = load_key(args.key, case)
        report, page = _workshop_page(workshop_page, args.responses, case)
        figures = json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
        # File names that are not UTF-8 reach the page as lone surrogates: shown, not fatal.
        contents = {"--out": page, "--json": figures}
        for output in outputs:
            write_output(output, contents[output.flag].encode("utf-8", "backslashreplace"))
            if output.flag == "--out":
                say(f"wrote {output.given}: {report.files_used} of {report.files_seen} files "
                    f"used, {len(report.skipped)} set aside")
            else:
                say(f"wrote {output.given}")
    except (CaseFileError, InputError) as error:
        say(error)
        return 1
    return 0


def _workshop_page(make_page, folder: str, case: Case):
    """The report, with a folder that cannot be read turned into a message."""
    try:
        return make_page(folder, case)
    except FileNotFoundError as error:
        raise InputError(str(error)) from None
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        raise InputError(f"Cannot read the folder of responses {folder}{where}: "
                         f"{error.strerror or error}") from None
    except RecursionError:
        raise InputError(f"Cannot read the folder of responses {folder}: its folders are "
                         "nested too deeply") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        # argparse quotes the arguments as typed; they may hold escape sequences.
        super().error(terminal_safe(message))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="workbook", description="Tools for the BPD case-formulation workbook.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check case files and report every problem")
    validate.add_argument("cases", nargs="+", metavar="CASE", help="a case file (YAML)")
    validate.set_defaults(run=cmd_validate)

    draw = commands.add_parser("render", help="draw a diagram of a case (or a learner's work)")
    draw.add_argument("case", metavar="CASE", help="a case file (YAML)")
    draw.add_argument("--diagram", type=diagram_name, default="schema",
                      metavar="|".join(DIAGRAMS),
                      help="which diagram (episode:ID lights up an episode on the cycle)")
    draw.add_argument("--format", choices=["svg", "dot", "png"], default="svg")
    draw.add_argument("--schema", metavar="ID", help="which schema of the case (default: first)")
    draw.add_argument("--response", metavar="FILE",
                      help="draw a learner's exported schema, self-states or episode chain "
                           "(JSON) instead of the published one")
    draw.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    draw.set_defaults(run=cmd_render)

    workshop = commands.add_parser("workshop", help="tools for trainers")
    workshop_commands = workshop.add_subparsers(dest="workshop_command", required=True,
                                                metavar="COMMAND")
    report = workshop_commands.add_parser(
        "report", help="summarise a class's exported work: agreement, consensus, outliers")
    report.add_argument("responses", metavar="RESPONSES_DIR",
                        help="a folder of students' exported JSON files")
    report.add_argument("--case", required=True, metavar="CASE", help="the case file (YAML)")
    report.add_argument("--key", metavar="KEY",
                        help="a trainer's key file with reference ratings kept from students")
    report.add_argument("--out", default="workshop-report.html", metavar="FILE",
                        help="where to write the HTML report (default: %(default)s)")
    report.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    report.set_defaults(run=cmd_workshop_report)

    advice = commands.add_parser(
        "feedback", help=("the Compare or Check feedback for one learner's exported schema, "
                          "self-states, chain or contract"))
    advice.add_argument("case", metavar="CASE", help="a case file (YAML)")
    advice.add_argument("--response", required=True, metavar="FILE",
                        help="the learner's exported JSON (schema or self-states)")
    advice.add_argument("--schema", metavar="ID",
                        help="which schema of the case (default: the one the file names, "
                             "else the first)")
    advice.add_argument("--json", action="store_true", help="print the verdicts as JSON")
    advice.set_defaults(run=cmd_feedback)

    practice = commands.add_parser(
        "practice", help="write a case's practice notebooks, one per exercise it supports, "
                         "executed, with an index")
    practice.add_argument("case", metavar="CASE", help="a case file (YAML)")
    practice.add_argument("--out", required=True, metavar="DIR",
                          help="a new or empty folder for the notebooks")
    practice.add_argument("--force", action="store_true",
                          help="write over the practice notebooks in a folder that is not "
                               "empty (other files are left alone)")
    practice.set_defaults(run=cmd_practice)

    schema = commands.add_parser(
        "schema", help="write cases/case.schema.json and cases/response.schema.json")
    schema.add_argument("--check", action="store_true",
                        help="only check that the committed schema is up to date")
    schema.set_defaults(run=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the contract: a message, never a traceback
        say(f"workbook: internal error: {type(error).__name__}: {error}\n"
            "Please report this with the command you ran.")
        return 2


if __name__ == "__main__":
    sys.exit(main())
