"""The versioned JSON documents a learner's work is saved and exported as.

Trainers collect these files; `format`, `version` and `case_id` let a report refuse files
from another tool, another version or another case with a clear reason.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .._version import __version__
from .chain import ChainWork
from .contract import ContractWork
from .ratings import RatingsWork
from .schema import SchemaWork
from .self_states import SelfStateWork

RESPONSE_FORMAT = "bpd-workbook-response"
RESPONSE_VERSION = 1


class Response(BaseModel):
    """What every response file carries besides the work itself."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["bpd-workbook-response"] = RESPONSE_FORMAT
    version: Literal[1] = RESPONSE_VERSION
    case_id: str
    exercise: str
    pseudonym: str = Field(default="", max_length=80,
                           description="A name the student chose; never their real name.")
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


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


MAX_RESPONSE_BYTES = 5_000_000


class ResponseFileError(ValueError):
    """A response file that cannot be used; the message names the file and the reason."""


RESPONSE_MODELS = {model.model_fields["kind"].default: model for model in (
    SchemaResponse, RatingsResponse, ContractResponse, SelfStatesResponse, ChainResponse)}


def read_response(path, model=SchemaResponse):
    """Read one exported response file, checking what it is before what it says. With
    `model=None`, any kind of response is accepted."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_RESPONSE_BYTES:
            raise ResponseFileError(f"Invalid response file {path}: {size:,} bytes; a response "
                                    f"file has at most {MAX_RESPONSE_BYTES:,}")
        data = Path(path).read_bytes()
    except OSError as error:
        raise ResponseFileError(f"Invalid response file {path}: cannot read it "
                                f"({error.strerror or error})") from None
    return parse_response(data, str(path), model)


def parse_response(raw: bytes, shown: str, model=None):
    """A response from the bytes of a file named `shown` (see read_response)."""
    def fail(reason: str) -> ResponseFileError:
        return ResponseFileError(f"Invalid response file {shown}: {reason}")

    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise fail(f"not JSON ({error})") from None
    if not isinstance(data, dict):
        raise fail(f"expected a JSON object, found a JSON {type(data).__name__}")
    if data.get("format") != RESPONSE_FORMAT:
        raise fail(f"not a workbook response (expected \"format\": \"{RESPONSE_FORMAT}\", "
                   f"found {json.dumps(data.get('format'))})")
    if data.get("version") != RESPONSE_VERSION:
        raise fail(f"response version {json.dumps(data.get('version'))}; this workbook reads "
                   f"version {RESPONSE_VERSION}")
    if model is None:
        model = RESPONSE_MODELS.get(data.get("kind"))
        if model is None:
            raise fail(f"unknown kind {json.dumps(data.get('kind'))}; expected one of "
                       f"{', '.join(RESPONSE_MODELS)}")
    expected_kind = model.model_fields["kind"].default
    if data.get("kind") != expected_kind:
        raise fail(f"a {json.dumps(data.get('kind'))} response, expected \"{expected_kind}\"")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise fail(f"at {where}: {first['msg']}") from None
