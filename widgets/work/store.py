"""Saving a learner's work: atomic writes, and damaged files kept aside, never overwritten.

A save writes a temporary file in the same folder and renames it over the old one, so an
interrupted save leaves the previous version intact. A file that cannot be read back is
renamed to `<name>.damaged-<time>.json` and reported; the learner starts afresh and the
damaged file is there for a trainer to recover by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

DEFAULT_WORK_DIR_ENV = "WORKBOOK_WORK_DIR"
Model = TypeVar("Model", bound=BaseModel)


def default_work_dir() -> Path:
    """`$WORKBOOK_WORK_DIR`, else `work/` at the top of the workbook (chapters run in
    chapters/, so that is one level up), else `work/` here."""
    configured = os.environ.get(DEFAULT_WORK_DIR_ENV)
    if configured:
        return Path(configured)
    here = Path.cwd()
    top = here.parent if here.name == "chapters" else here
    return top / "work"


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "work"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


class WorkStore:
    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    def path_for(self, case_id: str, exercise: str) -> Path:
        return self.folder / f"{safe_name(case_id)}--{safe_name(exercise)}.json"

    def save(self, path: Path, document: BaseModel) -> None:
        atomic_write_text(path, document.model_dump_json(indent=2) + "\n")

    def load(self, path: Path, model: type[Model], check=None) -> tuple[Model | None, str | None]:
        """(document, None) when readable; (None, None) when there is none yet; (None, message)
        when the file was damaged and has been moved aside. `check(document)` may return a
        reason to refuse a readable file (e.g. it belongs to another case)."""
        if not path.exists():
            return None, None
        try:
            document = model.model_validate_json(path.read_bytes())
        except (ValidationError, ValueError, OSError) as error:
            reason = _short_reason(error)
        else:
            reason = check(document) if check else None
            if reason is None:
                return document, None
        kept = self._keep_aside(path)
        return None, (f"Your saved work in {path.name} could not be used ({reason}). It has been "
                      f"kept as {kept.name} and you are starting afresh; nothing else was lost.")

    def _keep_aside(self, path: Path) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
        counter = 1
        while target.exists():
            counter += 1
            target = path.with_name(f"{path.stem}.damaged-{stamp}-{counter}{path.suffix}")
        os.replace(path, target)
        return target


def _short_reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        kind = "not valid JSON" if first["type"] == "json_invalid" else first["msg"].lower()
        return f"{kind} at {where}" if first["type"] != "json_invalid" else kind
    if isinstance(error, json.JSONDecodeError | UnicodeDecodeError):
        return "not valid JSON"
    return str(error).splitlines()[0][:120]
