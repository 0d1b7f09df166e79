"""Who a work folder belongs to: a random learner id, made once per work folder and kept in
`learner.json` there, with the pseudonym the learner last chose.

Every response file carries the id, so a class report can count students by it: two
students who chose one pseudonym stay apart, and one student's exercises stay together even
if the pseudonym was only set in some of them. The id is random (uuid4) and says nothing
about the learner; the pseudonym kept with it starts each exercise whose own save has none.

The file is created without ever replacing one that exists (two kernels opening the same
folder at once agree on one id: the second reads the first's), and rewritten atomically
keeping the id it holds. A damaged file is kept aside, as the store does with save files,
and a new id made; a folder that cannot be written to gets an id for this session only (the
exercises already say that their work cannot be saved there).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..case.text import xml_safe
from .responses import LEARNER_ID_PATTERN, now_utc
from .store import atomic_write_text, read_save_file

LEARNER_FILE = "learner.json"
_SESSION_IDS: dict[Path, str] = {}  # folders that could not be written to: one id per session


class LearnerFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    format: Literal["bpd-workbook-learner"] = "bpd-workbook-learner"
    version: Literal[1] = 1
    learner_id: str = Field(pattern=LEARNER_ID_PATTERN, min_length=1)
    created_at: str
    pseudonym: str = Field(default="", max_length=80)


@dataclass(frozen=True)
class Learner:
    learner_id: str
    pseudonym: str = ""
    note: str = ""  # what the learner should know (a damaged file kept aside), else ""


def learner_path(folder: Path | str) -> Path:
    return Path(folder) / LEARNER_FILE


def learner_for(folder: Path | str) -> Learner:
    """The work folder's learner, created on first use. Never raises."""
    path = learner_path(folder)
    found, note = _read(path)
    if found is not None:
        return Learner(found.learner_id, found.pseudonym)
    created = LearnerFile(learner_id=str(uuid.uuid4()), created_at=now_utc())
    try:
        _create(path, created)
    except FileExistsError:  # another kernel made it meanwhile: use that one
        found, _ = _read(path)
        if found is not None:
            return Learner(found.learner_id, found.pseudonym, note)
    except OSError:
        session = _SESSION_IDS.setdefault(path.parent.resolve(), created.learner_id)
        return Learner(session, "", note)
    return Learner(created.learner_id, "", note)


def remember_pseudonym(folder: Path | str, pseudonym: str) -> bool:
    """Keep `pseudonym` as the one new exercises start with; returns whether it was kept."""
    path = learner_path(folder)
    learner = learner_for(folder)
    found, _ = _read(path)
    if found is None or found.learner_id != learner.learner_id:
        return False
    pseudonym = xml_safe(pseudonym).strip()[:80]
    if found.pseudonym == pseudonym:
        return True
    try:
        atomic_write_text(path, found.model_copy(update={"pseudonym": pseudonym})
                          .model_dump_json(indent=2) + "\n")
    except OSError:
        return False
    return True


def _read(path: Path) -> tuple[LearnerFile | None, str]:
    """The file's content, or None and a note when it was damaged (and kept aside)."""
    try:
        raw, _info = read_save_file(path, limit=10_000)
        return LearnerFile.model_validate_json(raw), ""
    except FileNotFoundError:
        return None, ""
    except Exception:  # noqa: BLE001 - anything unreadable: keep it aside, start a new id
        kept = path.with_name(f"learner.damaged-{now_utc().replace(':', '')}.json")
        try:
            os.replace(path, kept)
        except OSError:
            return None, ""
        return None, (f"{path.name} in your work folder could not be read; it was kept as "
                      f"{kept.name} and a new learner id was made. Tell your trainer if you "
                      "have exported work before.")


def _create(path: Path, content: LearnerFile) -> None:
    """Write `path` only if there is no file there yet (FileExistsError otherwise)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".learner.json.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content.model_dump_json(indent=2) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0o022)  # the usual mode for a new file, not mkstemp's 0600
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        try:
            os.link(temp, path)  # fails if the file exists: never replaces another's id
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            if os.path.lexists(path):
                raise FileExistsError(path) from None
            os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)
