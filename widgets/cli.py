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

from .case_loader import load_case
from .case_model import Case
from .errors import CaseFileError

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "cases" / "case.schema.json"


def case_json_schema() -> str:
    return json.dumps(Case.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


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


def cmd_schema(args: argparse.Namespace) -> int:
    text = case_json_schema()
    if args.check:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != text:
            print(f"{SCHEMA_PATH.name} is out of date with the case model: "
                  "run `workbook schema` and commit the result.", file=sys.stderr)
            return 1
        print(f"{SCHEMA_PATH.name} is up to date.")
        return 0
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbook", description="Tools for the BPD case-formulation workbook.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check case files and report every problem")
    validate.add_argument("cases", nargs="+", metavar="CASE", help="a case file (YAML)")
    validate.set_defaults(run=cmd_validate)

    schema = commands.add_parser("schema", help="write cases/case.schema.json from the model")
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
