"""The versioned JSON documents a learner's work is saved and exported as.

Trainers collect these files; `format`, `version` and `case_id` let a report refuse files
from another tool, another version or another case with a clear reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ._version import __version__
from .schema_work import SchemaWork

RESPONSE_FORMAT = "bpd-workbook-response"
RESPONSE_VERSION = 1


class SchemaResponse(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Workbook response: interpersonal schema")

    format: Literal["bpd-workbook-response"] = RESPONSE_FORMAT
    version: Literal[1] = RESPONSE_VERSION
    kind: Literal["schema"] = "schema"
    case_id: str
    exercise: str
    pseudonym: str = Field(default="", max_length=80,
                           description="A name the student chose; never their real name.")
    saved_at: str = Field(description="When the work was saved (UTC, ISO 8601).")
    workbook_version: str = __version__
    work: SchemaWork


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
