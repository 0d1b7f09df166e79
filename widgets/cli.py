"""The `workbook` command (also `python -m widgets`).

Exit status: 0 success, 1 invalid input (with a readable message), 2 wrong usage or an
unexpected internal error. A student or trainer never sees a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .case.errors import CaseFileError
from .case.loader import load_case
from .case.model import Case, UnknownIdError
from .diagrams import registry
from .diagrams.render import RenderError, render
from .work.responses import (
    RESPONSE_MODELS,
    RESPONSE_VERSION,
    ResponseFileError,
    SchemaResponse,
    read_response,
)

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
            print(error, file=sys.stderr)
            status = 1
        else:
            print(f"valid: {path}: {summary(case)}")
    return status


class InputError(Exception):
    """Invalid input named on the command line; the message is for the user."""


def _load_response(path: str, case: Case, model=SchemaResponse):
    try:
        document = read_response(path, model)
    except ResponseFileError as error:
        raise InputError(str(error)) from None
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
        case = load_case(args.case)
        dot = diagram_dot(case, args.diagram, args.schema, args.response)
        data = dot.encode("utf-8") if args.format == "dot" else render(dot, args.format)
    except (CaseFileError, InputError, RenderError) as error:
        print(error, file=sys.stderr)
        return 1
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
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
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    return status


def cmd_workshop_report(args: argparse.Namespace) -> int:
    # Imported here: the statistics and charts are slow to import and only this needs them.
    from .case.loader import load_key
    from .workshop.page import workshop_page

    try:
        case = load_case(args.case)
        if args.key:
            case = load_key(args.key, case)
        report, page = workshop_page(args.responses, case)
    except (CaseFileError, FileNotFoundError) as error:
        print(error, file=sys.stderr)
        return 1
    Path(args.out).write_text(page, encoding="utf-8")
    print(f"wrote {args.out}: {report.files_used} of {report.files_seen} files used, "
          f"{len(report.skipped)} set aside", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False)
                                   + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
        print(f"workbook: internal error: {type(error).__name__}: {error}\n"
              "Please report this with the command you ran.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
