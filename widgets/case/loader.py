"""The one way to read a case file: `load_case(path)` returns a Case or raises CaseFileError.

YAML is read with ruamel.yaml's round-trip loader because it remembers the line of every key
and item; pydantic checks the shape; case.checks checks the whole. Every problem is reported
with the file, the line, the key path, what was expected and what was found. A file is read
within bounds (its size here, its YAML in bounded_yaml), so a hostile one is refused in about a
second rather than exhausting time, memory or the stack.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .bounded_read import UnreadableFile, read_bounded
from .bounded_yaml import YamlRefused, load_yaml
from .checks import case_problems, did_you_mean
from .errors import CaseFileError, Problem
from .model import FORMAT_VERSION, Case, MasaReference

MAX_FILE_BYTES = 2_000_000
_FOUND_LIMIT = 60


def load_case(path: str | Path) -> Case:
    """Read and validate a case file."""
    shown = str(path)
    text = _read_text(Path(path), shown)
    tree = _parse_yaml(text, shown)
    case = validate_case_data(tree, shown)
    case._file = shown
    return case


def validate_case_data(tree: Any, shown: str = "<case data>") -> Case:
    """Validate already-parsed data (a ruamel tree keeps line numbers; plain dicts work too)."""
    if not isinstance(tree, Mapping):
        found = "an empty file" if tree is None else describe(tree)
        raise CaseFileError(shown, [Problem(
            (), "a mapping of case keys (format, id, title, source, …)", found, line=1)])
    problems = [_locate(tree, p) for p in _node_problems(tree, ())]
    if problems:
        raise CaseFileError(shown, problems)
    if tree.get("format") != FORMAT_VERSION:
        raise CaseFileError(shown, [_locate(tree, _format_problem(tree))])
    try:
        case = Case.model_validate(to_plain(tree))
    except ValidationError as error:
        problems = _merge_typos([_from_pydantic(e) for e in error.errors()])
        raise CaseFileError(shown, [_locate(tree, p) for p in problems]) from None
    problems = [_locate(tree, p) for p in case_problems(case)]
    if problems:
        raise CaseFileError(shown, problems)
    return case


# --- reading -------------------------------------------------------------------------------

def _read_text(path: Path, shown: str, what: str = "case file") -> str:
    try:
        data = read_bounded(path, MAX_FILE_BYTES, f"YAML {what}")
    except UnreadableFile as error:
        raise CaseFileError(shown, [Problem((), error.expected, error.found)], what) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CaseFileError(shown, [Problem(
            (), "text encoded as UTF-8 (save the file as UTF-8)",
            f"the byte 0x{data[error.start]:02x}, which is not UTF-8", line=line)],
            what) from None
    unprintable = _NOT_YAML_TEXT.search(text)
    if unprintable:
        line = text.count("\n", 0, unprintable.start()) + 1
        raise CaseFileError(shown, [Problem(
            key_path_near(text, line), "text without control characters (YAML allows tabs "
            "and line breaks only)", f"the character {_code_point(unprintable[0])}",
            line=line, near=True)], what)
    return text


# The characters YAML allows in a stream (YAML 1.2, section 5.1); ruamel refuses the others
# too, but without a line number.
_NOT_YAML_TEXT = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0D: "carriage return",
                  0x1B: "ESC, which starts terminal escape sequences", 0x7F: "DEL"}


def _code_point(character: str) -> str:
    code = ord(character)
    name = _CONTROL_NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def _parse_yaml(text: str, shown: str, what: str = "case file") -> Any:
    try:
        return load_yaml(text)
    except YamlRefused as refused:
        raise CaseFileError(shown, refused.problems, what) from None
    except MarkedYAMLError as error:
        raise CaseFileError(shown, [_syntax_problem(error, text)], what) from None
    except YAMLError as error:  # unmarked errors are rare; still no traceback
        raise CaseFileError(shown, [Problem((), "valid YAML", str(error).strip())],
                            what) from None


_EXPECTED_BUT = re.compile(r"expected (?P<expected>.+?),\s*but (?:found|got) (?P<found>.+)", re.S)


def _syntax_problem(error: MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    problem = " ".join((error.problem or "").split())
    near = key_path_near(text, line) if line else ()
    if "duplicate key" in problem:
        key = re.search(r'duplicate key "(?P<key>[^"]*)"', problem)
        name = key.group("key") if key else "?"
        return Problem((*near[:-1], name), "each key at most once in a mapping",
                       f"'{name}' a second time", line=line, near=True)
    if "'\\t'" in problem or "tab" in problem:
        return Problem(near, "spaces for indentation (YAML does not allow tabs)",
                       "a tab character", line=line, near=True)
    if "mapping values are not allowed" in problem:
        return Problem(near, "a 'key: value' line at a consistent indent",
                       "a ':' that YAML cannot place", line=line, near=True,
                       hint="check the indentation, or put text that contains ': ' in quotes")
    match = _EXPECTED_BUT.search(problem)
    if match:
        return Problem(near, f"valid YAML: {match['expected'].strip()}",
                       match["found"].strip(), line=line, near=True)
    context = " ".join((error.context or "").split())
    return Problem(near, f"valid YAML{' ' + context if context else ''}",
                   problem or "a syntax error", line=line, near=True)


_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[A-Za-z_][\w-]*)\s*:")


def key_path_near(text: str, line: int) -> tuple[str, ...]:
    """The keys enclosing `line`, judged by indentation: a YAML file that does not parse
    has no tree, but a trainer still needs to know where to look."""
    stack: list[tuple[int, str]] = []
    for raw in text.splitlines()[:line]:
        match = _KEY_LINE.match(raw)
        if not match:
            continue
        indent = len(match["indent"].expandtabs(1)) + (2 if raw.lstrip().startswith("-") else 0)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match["key"]))
    return tuple(key for _, key in stack)


# --- from the YAML tree to plain data -----------------------------------------------------

def _node_problems(node: Any, path: tuple) -> list[Problem]:
    """Control characters and lone surrogates anywhere in the tree, unknown keys included: a
    case needs none of them, and they would reach terminals and diagrams. (Tags, and values
    YAML cannot convert, are refused while the YAML is read.)"""
    if isinstance(node, str):
        return _text_problems(node, path)
    if isinstance(node, Mapping):
        return [p for k, v in node.items()
                for p in (*_text_problems(k, (*path, k)), *_node_problems(v, (*path, k)))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _node_problems(v, (*path, i))]
    return []


# Control characters other than tab and line feed (a double-quoted "\e[31m" is one), and the
# halves of characters that a "\ud83d" escape leaves behind.
_UNSAFE_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _text_problems(text: Any, path: tuple) -> list[Problem]:
    match = _UNSAFE_IN_TEXT.search(text) if isinstance(text, str) else None
    if match is None:
        return []
    character = match[0]
    if "\ud800" <= character <= "\udfff":
        return [Problem(path, "whole characters (an escape such as '\\ud83d' is only half of "
                        "one)", f"the lone surrogate U+{ord(character):04X} in {describe(text)}")]
    return [Problem(path, "text without control characters (tabs and line breaks are fine)",
                    f"the character {_code_point(character)} in {describe(text)}")]


def to_plain(node: Any) -> Any:
    """ruamel's round-trip types (ScalarFloat, CommentedMap, …) as plain Python values."""
    if isinstance(node, Mapping):
        return {to_plain(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, bool):
        return bool(node)
    for plain in (int, float, str):
        if isinstance(node, plain):
            return plain(node)
    return node


def _locate(tree: Any, problem: Problem) -> Problem:
    """Fill in the line of the deepest part of the key path present in the file."""
    node, line = tree, 1
    for part in problem.key_path:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line = node.lc.item(part)[0] + 1
        else:
            break
        node = node[part]
    if problem.line is not None:
        return problem
    return dataclasses.replace(problem, line=line if isinstance(tree, CommentedMap) else None)


# --- from pydantic errors to Problems -------------------------------------------------------

def describe(value: Any) -> str:
    """A value as a trainer would recognise it in the YAML file."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan (not a number)"
        return f"the number {value:g}" if math.isfinite(value) else f"{value:g}".replace(
            "inf", ".inf (infinity)")
    if isinstance(value, int):
        if value.bit_length() > 64:  # str() of a very long number is slow, then refused
            return f"a whole number of about {value.bit_length() * 0.30103:,.0f} digits"
        return f"the number {value}"
    if isinstance(value, str):
        if not value.strip():
            return "empty text"
        shown = value if len(value) <= _FOUND_LIMIT else value[:_FOUND_LIMIT] + "…"
        return repr(shown)
    if isinstance(value, dt.date | dt.datetime):
        return f"a date ({value.isoformat()}); put it in quotes to make it text"
    if isinstance(value, Mapping):
        keys = ", ".join(str(k) for k in list(value)[:5])
        return f"a mapping (keys: {keys}{', …' if len(value) > 5 else ''})"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    return type(value).__name__


_EXPECTED_BY_TYPE = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number (not .inf or .nan)",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "tuple_type": "a list",
    "model_type": "a mapping ('key: value' lines)",
    "model_attributes_type": "a mapping ('key: value' lines)",
    "dict_type": "a mapping ('key: value' lines)",
}


def _from_pydantic(error: dict) -> Problem:
    loc = tuple(part for part in error["loc"] if isinstance(part, int | str))
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return Problem(loc, f"the required key '{loc[-1]}'", f"no '{loc[-1]}' key")
    if kind == "extra_forbidden":
        allowed = allowed_keys(Case, loc[:-1])
        hint = did_you_mean(loc[-1], allowed) or "allowed here: " + ", ".join(allowed)
        return Problem(loc, "one of the keys allowed here", f"the unknown key '{loc[-1]}'", hint)
    if kind in ("enum", "literal_error"):
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = did_you_mean(value, choices) if isinstance(value, str) else None
        return Problem(loc, f"one of {ctx.get('expected')}", describe(value), hint)
    if kind == "rating_range":  # point at the rating itself, not the {rating, rationale} pair
        rating = value.get("rating") if isinstance(value, Mapping) else value
        return Problem((*loc, "rating"), error["msg"], describe(rating))
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        noun = "item" if bound == 1 else "items"
        return Problem(loc, f"{'at least' if kind == 'too_short' else 'at most'} {bound} {noun}",
                       describe(value))
    if kind == "string_too_short":
        return Problem(loc, "non-empty text", describe(value))
    if kind == "string_too_long":
        return Problem(loc, f"text of at most {ctx.get('max_length'):,} characters",
                       f"text of {len(value):,} characters")
    if kind in ("greater_than_equal", "less_than_equal"):
        bounds = {"greater_than_equal": f"at least {ctx.get('ge')}",
                  "less_than_equal": f"at most {ctx.get('le')}"}
        return Problem(loc, f"a whole number {bounds[kind]}", describe(value))
    expected = _EXPECTED_BY_TYPE.get(kind, error["msg"])
    return Problem(loc, expected, describe(value))


def _merge_typos(problems: list[Problem]) -> list[Problem]:
    """A misspelt required key shows up twice (unknown 'wihs', missing 'wish'): report it once,
    as the unknown key with its suggestion."""
    suggested = {
        (p.key_path[:-1], p.hint.split("'")[1])
        for p in problems
        if p.found.startswith("the unknown key") and p.hint and p.hint.startswith("did you mean")
    }
    return [p for p in problems
            if not (p.found.startswith("no '") and (p.key_path[:-1], p.key_path[-1]) in suggested)]


def allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a mapping at `loc` may have, found by walking the model's annotations."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return []
        current = _innermost_model(fields[part].annotation)
    return list(getattr(current, "model_fields", {}))


def _innermost_model(annotation: Any) -> Any:
    """Unwrap list[X], X | None and Annotated[X, …] down to a model class (or give up)."""
    while True:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin is None or not args:
            return None
        if origin in (typing.Union, types.UnionType, list, typing.Annotated):
            annotation = args[0]
        else:
            return None


def _format_problem(tree: Mapping) -> Problem:
    if "format" not in tree:
        return Problem(("format",), f"the required key 'format' (this workbook reads format "
                       f"{FORMAT_VERSION})", "no 'format' key")
    return Problem(("format",), f"format {FORMAT_VERSION}, the only case-file version this "
                   "workbook reads", describe(tree.get("format")))


# --- trainers' key files -------------------------------------------------------------------

class KeyFile(BaseModel):
    """Reference answers a trainer keeps out of the students' copy of a case."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal[1] = Field(description="Key-file format version.")
    case_id: str = Field(min_length=1, description="The id of the case the key belongs to.")
    vignettes: dict[str, MasaReference] = Field(
        min_length=1, description="Reference ratings by vignette id.")


def load_key(path: str | Path, case: Case) -> Case:
    """The case with the key's reference ratings put in: the result is checked like any case
    file (ids, the rubric's prerequisites), and problems name the key file's lines."""
    shown = str(path)
    tree = _parse_yaml(_read_text(Path(path), shown, "key file"), shown, "key file")
    if not isinstance(tree, Mapping):
        found = "an empty file" if tree is None else describe(tree)
        raise CaseFileError(shown, [Problem((), "a mapping with format, case_id, vignettes",
                                            found, line=1)], what="key file")
    try:
        key = KeyFile.model_validate(to_plain(tree))
    except ValidationError as error:
        problems = _merge_typos([_from_pydantic(e) for e in error.errors()])
        raise CaseFileError(shown, [_locate(tree, p) for p in problems],
                            what="key file") from None
    problems = []
    if key.case_id != case.id:
        problems.append(Problem(("case_id",), f"the id of the case, '{case.id}'",
                                repr(key.case_id)))
    known = {v.id for v in case.vignettes}
    problems += [Problem(("vignettes", vid), "the id of a vignette of the case "
                         f"({', '.join(sorted(known))})", repr(vid))
                 for vid in key.vignettes if vid not in known]
    if problems:
        raise CaseFileError(shown, [_locate(tree, p) for p in problems], what="key file")
    data = case.model_dump(mode="json", exclude_none=True)
    for vignette in data.get("vignettes", []):
        if vignette["id"] in key.vignettes:
            vignette["reference"] = key.vignettes[vignette["id"]].model_dump(mode="json")
    try:
        keyed = validate_case_data(data, shown)
    except CaseFileError as error:
        raise CaseFileError(shown, error.problems, what="key file (with its case)") from None
    keyed._file = case.file
    return keyed
