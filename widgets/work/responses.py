"""The versioned JSON documents a learner's work is saved and exported as.

Trainers collect these files; `format`, `version` and `case_id` let a report refuse files
from another tool, another version or another case with a clear reason.

A response file is never trusted: it is read only if it is a regular file (a named pipe or a
device would block or never end), at most MAX_RESPONSE_BYTES of it, and parsed by a JSON
parser with a nesting limit, so no file can raise anything but ResponseFileError.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import from_json

from .._version import __version__
from ..case.bounded_read import NotRegularFile, TooLarge, read_regular
from .chain import ChainWork
from .contract import ContractWork
from .experiment import ExperimentWork
from .ratings import RatingsWork
from .schema import SchemaWork
from .self_states import SelfStateWork

RESPONSE_FORMAT = "bpd-workbook-response"
RESPONSE_VERSION = 1
# A uuid4 as text (see widgets/work/learner.py), or nothing in files saved before there was one.
LEARNER_ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class Response(BaseModel):
    """What every response file carries besides the work itself."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["bpd-workbook-response"] = RESPONSE_FORMAT
    version: Literal[1] = RESPONSE_VERSION
    case_id: str
    exercise: str
    pseudonym: str = Field(default="", max_length=80,
                           description="A name the student chose; never their real name.")
    learner_id: str = Field(
        default="", pattern=f"^$|{LEARNER_ID_PATTERN}",
        description="A random id made once per work folder (uuid4), so that students who "
                    "chose the same pseudonym stay apart; absent from older files.")
    saved_at: str = Field(description="When the work was saved (UTC, ISO 8601).")
    workbook_version: str = __version__


class SchemaResponse(Response):
    model_config = ConfigDict(title="Workbook response: interpersonal schema")

    kind: Literal["schema"] = "schema"
    work: SchemaWork


class RatingsResponse(Response):
    model_config = ConfigDict(title="Workbook response: metacognition ratings")

    kind: Literal["ratings"] = "ratings"
    work: RatingsWork


class ContractResponse(Response):
    model_config = ConfigDict(title="Workbook response: shared formulation and contract")

    kind: Literal["contract"] = "contract"
    work: ContractWork


class SelfStatesResponse(Response):
    model_config = ConfigDict(title="Workbook response: self-states and shifts")

    kind: Literal["self-states"] = "self-states"
    work: SelfStateWork


class ChainResponse(Response):
    model_config = ConfigDict(title="Workbook response: episode chain analysis")

    kind: Literal["chain"] = "chain"
    work: ChainWork


class ExperimentResponse(Response):
    model_config = ConfigDict(title="Workbook response: behavioural experiment")

    kind: Literal["experiment"] = "experiment"
    work: ExperimentWork


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def saved_time(text: str) -> dt.datetime | None:
    """`saved_at` as a moment in UTC, or None when it is not an ISO 8601 date and time with
    a time zone (as now_utc() writes it): a time without a zone could be any of 26 hours."""
    try:
        moment = dt.datetime.fromisoformat(text)
        return moment.astimezone(dt.UTC) if moment.tzinfo is not None else None
    except (ValueError, OverflowError):  # OverflowError: a zone that leaves years 1 to 9999
        return None


MAX_RESPONSE_BYTES = 5_000_000


class ResponseFileError(ValueError):
    """A response file that cannot be used; the message names the file and the reason."""


class UnreadableFile(Exception):
    """A file that was not read; the message is the reason alone (callers name the file)."""


LINK_NOT_FOLLOWED = "a link; links are not followed"


def read_regular_file(name, *, dir_fd: int | None = None, follow_links: bool = True,
                      limit: int = MAX_RESPONSE_BYTES) -> bytes:
    """The bytes of the regular file `name` (relative to `dir_fd` if given), at most `limit`
    (see bounded_read.read_regular: opened without blocking, checked after opening, links
    not followed when `follow_links` is False). Raises UnreadableFile with the reason."""
    try:
        data, _status = read_regular(name, limit, dir_fd=dir_fd, follow_links=follow_links)
    except NotRegularFile as error:
        raise UnreadableFile(str(error)) from None
    except TooLarge as error:
        size = f"{error.size:,} bytes" if error.size is not None else f"more than {limit:,} bytes"
        raise UnreadableFile(f"too large ({size}; a response file has at most {limit:,})") \
            from None
    except OSError as error:
        if not follow_links and error.errno == errno.ELOOP:
            raise UnreadableFile(LINK_NOT_FOLLOWED) from None
        raise UnreadableFile(f"cannot read it ({error.strerror or error})") from None
    if not data:
        raise UnreadableFile("empty file (0 bytes)")
    return data


RESPONSE_MODELS = {model.model_fields["kind"].default: model for model in (
    SchemaResponse, RatingsResponse, ContractResponse, SelfStatesResponse, ChainResponse,
    ExperimentResponse)}


def read_response(path, model=SchemaResponse):
    """Read one exported response file, checking what it is before what it says. With
    `model=None`, any kind of response is accepted."""
    try:
        data = read_regular_file(path)
    except UnreadableFile as reason:
        raise ResponseFileError(f"Invalid response file {path}: {reason}") from None
    return parse_response(data, str(path), model)


def parse_response(raw: bytes, shown: str, model=None):
    """A response from the bytes of a file named `shown` (see read_response). Raises
    ResponseFileError, and nothing else, whatever the bytes are."""
    def fail(reason: str) -> ResponseFileError:
        return ResponseFileError(f"Invalid response file {shown}: {reason}")

    data = _json_value(raw, fail)
    if not isinstance(data, dict):
        raise fail(f"expected a JSON object, found a JSON {type(data).__name__}")
    if data.get("format") != RESPONSE_FORMAT:
        raise fail(f"not a workbook response (expected \"format\": \"{RESPONSE_FORMAT}\", "
                   f"found {_brief(data.get('format'))})")
    if data.get("version") != RESPONSE_VERSION:
        raise fail(f"response version {_brief(data.get('version'))}; this workbook reads "
                   f"version {RESPONSE_VERSION}")
    if model is None:
        kind = data.get("kind")
        model = RESPONSE_MODELS.get(kind) if isinstance(kind, str) else None
        if model is None:
            raise fail(f"unknown kind {_brief(data.get('kind'))}; expected one of "
                       f"{', '.join(RESPONSE_MODELS)}")
    expected_kind = model.model_fields["kind"].default
    if data.get("kind") != expected_kind:
        raise fail(f"a {_brief(data.get('kind'))} response, expected \"{expected_kind}\"")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise fail(f"at {_shorten(where)}: {first['msg']}") from None
    except (ValueError, TypeError, RecursionError) as error:  # a validator's own trouble
        raise fail(f"not a response this workbook can read ({_shorten(str(error))})") from None


# The JSON parser of pydantic-core refuses what Python's json module would let through and
# then break on: nesting deeper than 200 levels (Python's parser recurses and would raise
# RecursionError), numbers of more than 4,300 digits (Python's int() refuses them), lone
# surrogate escapes (text that cannot be written out as UTF-8), and NaN or Infinity.
_JSON_TROUBLE = {
    "recursion limit exceeded": "nested too deeply (more than 200 levels; a response has a "
                                "few)",
    "number out of range": "a number too long to read (more than 4,300 digits)",
}


def _json_value(raw: bytes, fail):
    try:
        text = raw.decode(json.detect_encoding(raw))
    except UnicodeDecodeError as error:
        raise fail(f"not JSON ({error})") from None
    try:
        return from_json(text, allow_inf_nan=False)
    except ValueError as error:
        raise fail(_why_not_json(text, str(error))) from None


def _why_not_json(text: str, message: str) -> str:
    for clue, reason in _JSON_TROUBLE.items():
        if clue in message:
            return f"not JSON a response can be: {reason}"
    # Python's own message, which says "Expecting value" where pydantic-core says "expected
    # value", as the rest of the workbook does.
    try:
        json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        return f"not JSON ({_shorten(str(error))})"
    # Python reads it, so it is JSON with an escape of half a character (a lone surrogate).
    where = message[message.rfind(" at line "):] if " at line " in message else ""
    return ("not JSON a response can be: text that is not valid Unicode (an escape of half a "
            f"character, such as \\ud800){where}")


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _brief(value) -> str:
    """A value found in a file, as JSON, short enough for a message."""
    return _shorten(json.dumps(value))
