"""Collect a workshop's exported response files: keep what can be used, list the rest with
the reason. Nothing here trusts a file: size is checked before reading, kind, version and
case before content, and every student's text stays data.

Rules, in order: not a .json file; empty (0 bytes); larger than a response can be; not a
readable workbook response (read_response's reason); for another case; no work in it; the
same bytes as a file already taken; and, for one pseudonym and exercise, only the most
recently saved file counts (the others are listed as superseded).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..case.model import Case
from ..work.responses import MAX_RESPONSE_BYTES, Response, ResponseFileError, parse_response

MAX_FILES = 20_000


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str


@dataclass(frozen=True)
class Collected:
    file: str
    document: Response

    @property
    def student(self) -> str:
        return self.document.pseudonym or f"(no pseudonym: {Path(self.file).name})"


@dataclass(frozen=True)
class Collection:
    used: tuple[Collected, ...]
    skipped: tuple[Skipped, ...]
    files_seen: int

    def of_kind(self, kind: str) -> list[Collected]:
        return [c for c in self.used if c.document.kind == kind]


def has_work(document: Response) -> bool:
    work = document.work
    match document.kind:
        case "schema" | "self-states":
            return not work.is_empty()
        case "ratings":
            return any(v.ratings for v in work.vignettes.values())
        case "chain":
            return any(step.stage is not None for step in work.steps)
        case _:
            return any(bool(value) for value in work.model_dump().values())


def collect(folder: str | Path, case: Case) -> Collection:
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of response files")
    files = sorted(_files(folder, ""))
    skipped: list[Skipped] = []
    if len(files) > MAX_FILES:
        skipped += [Skipped(shown, f"more than {MAX_FILES:,} files in the folder; not read")
                    for shown, _path, _size in files[MAX_FILES:]]
        files = files[:MAX_FILES]
    seen_bytes: dict[str, str] = {}
    candidates: list[Collected] = []
    for shown, path, size in files:
        reason = _screen(shown, size)
        if reason is None:
            try:
                with open(path, "rb") as stream:
                    data = stream.read()
                document = parse_response(data, shown)
            except ResponseFileError as error:
                reason = str(error).removeprefix(f"Invalid response file {shown}: ")
            except OSError as error:
                reason = f"cannot read it ({error.strerror or error})"
        if reason is None and document.case_id != case.id:
            reason = f"for case '{document.case_id}', not '{case.id}'"
        if reason is None and not has_work(document):
            reason = "no work in it (an empty exercise)"
        if reason is None:
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen_bytes:
                reason = f"an exact copy of {seen_bytes[digest]}"
            else:
                seen_bytes[digest] = shown
        if reason:
            skipped.append(Skipped(shown, reason))
        else:
            candidates.append(Collected(shown, document))
    latest: dict[tuple[str, str, str], Collected] = {}
    for item in candidates:
        slot = (item.student, item.document.kind, item.document.exercise)
        kept = latest.get(slot)
        if kept is None or (item.document.saved_at, item.file) > (kept.document.saved_at,
                                                                     kept.file):
            if kept is not None:
                skipped.append(Skipped(kept.file, f"superseded by {item.file} (same pseudonym "
                                                  "and exercise, saved later)"))
            latest[slot] = item
        else:
            skipped.append(Skipped(item.file, f"superseded by {kept.file} (same pseudonym and "
                                              "exercise, saved later)"))
    used = tuple(sorted(latest.values(), key=lambda c: (c.student.casefold(), c.file)))
    return Collection(used=used, skipped=tuple(sorted(skipped, key=lambda s: s.file)),
                      files_seen=len(files))


def _files(folder: str | Path, prefix: str):
    """(name shown, path, size) of every file under `folder`; os.scandir answers the type
    and size of each entry without a further system call per file."""
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            yield from _files(entry.path, f"{prefix}{entry.name}/")
        elif entry.is_file():
            yield f"{prefix}{entry.name}", entry.path, entry.stat().st_size


def _screen(shown: str, size: int) -> str | None:
    if not shown.lower().endswith(".json"):
        return "not a .json file"
    if size == 0:
        return "empty file (0 bytes)"
    if size > MAX_RESPONSE_BYTES:
        return f"too large ({size:,} bytes; a response file has at most {MAX_RESPONSE_BYTES:,})"
    return None
