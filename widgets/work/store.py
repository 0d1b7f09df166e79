"""Saving a learner's work: atomic writes, and nothing ever overwritten that was not ours.

- A save writes a temporary file in the same folder and renames it over the old one, so an
  interrupted save leaves the previous version intact. Temporary files left behind by a
  killed kernel are removed when a store next opens the folder (once they are an hour old:
  no live save takes that long).
- A file that cannot be read back is renamed to `<name>.damaged-<time>.json` and reported;
  the learner starts afresh and the damaged file is there for a trainer to recover by hand.
  Only regular files are read (never a FIFO or a device, which would block or never end),
  opened without blocking, and at most MAX_SAVE_BYTES of them. If the damaged file cannot
  be moved aside (a read-only folder), it is left as it is and the store refuses to write
  over it.
- Two writers on one file (two browser tabs, two kernels): the store remembers the file as
  it last read or wrote it. If the file on disk has changed since, the other writer's
  version is kept as `<name>.conflict-<time>.json` before this one is saved, and the caller
  is told. The newest edit stays in the usual place, where the next session restores it
  from; the other version is one rename away. (Between the check and the rename there is
  a window of a few milliseconds; closing it would need file locks, which network folders
  do not all honour.)
- A save file that is a symbolic link is written through: the link stays and its target is
  updated (a learner who links the file into a synced folder expects that). A link that
  leads nowhere is kept aside like a damaged file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..case.bounded_read import NotRegularFile, TooLarge, describe_kind, read_regular
from .responses import MAX_RESPONSE_BYTES

DEFAULT_WORK_DIR_ENV = "WORKBOOK_WORK_DIR"
MAX_SAVE_BYTES = MAX_RESPONSE_BYTES  # a save file is a response file
ORPHAN_TEMP_AGE_SECONDS = 3600
Model = TypeVar("Model", bound=BaseModel)
Stamp = tuple[int, int, int, int]  # device, inode, size, modification time (ns)


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


def atomic_write_bytes(path: Path, data: bytes) -> os.stat_result:
    """Write `data` to `path` in one step; returns the written file's status (taken before
    the rename, so it is ours even if another writer replaces the file right after). The
    file keeps the permissions it had, or gets the usual ones for a new file: not the
    temporary file's owner-only 0600, which would hide an export from the trainer who
    collects it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _usual_mode(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):  # not on Windows, where the question does not arise
            os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
            written = os.fstat(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return written


def _usual_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:  # a new file: what open() would give it under the current umask
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_text(path: Path, text: str) -> os.stat_result:
    return atomic_write_bytes(path, text.encode("utf-8"))


class UnusableFile(ValueError):
    """A save path that holds something other than a readable save file."""


class SaveRefused(Exception):
    """The store will not write this save; the message says why and what to do."""


@dataclass(frozen=True)
class Saved:
    path: Path  # where the work now is
    kept_aside: Path | None = None  # another writer's version, kept under this name


def read_save_file(path: Path, limit: int = MAX_SAVE_BYTES) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most `limit` bytes, and its status. Opened without
    blocking and checked before reading, so a FIFO, a device or a folder in its place is
    refused (UnusableFile) at once instead of hanging or reading for ever."""
    try:
        return read_regular(path, limit)
    except NotRegularFile as error:
        raise UnusableFile(f"it is {describe_kind(error.mode)}, not a file") from None
    except TooLarge as error:
        size = f"{error.size:,} bytes" if error.size is not None else f"more than {limit:,} bytes"
        raise UnusableFile(f"it is {size}; a save file has at most {limit:,}") from None


def _stamp(info: os.stat_result) -> Stamp:
    # The inode changes with every atomic save, so this tells writes apart even where the
    # clock is coarse (FAT keeps modification times to 2 s).
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


_ORPHAN_TEMP = re.compile(r"^\..+\.json\..+\.tmp$")


def remove_orphan_temp_files(folder: Path, older_than: float = ORPHAN_TEMP_AGE_SECONDS) -> int:
    """Remove `.NAME.json.*.tmp` files that an interrupted save left behind; returns how
    many. Quietly does nothing where it cannot (no folder yet, a read-only folder)."""
    removed = 0
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not _ORPHAN_TEMP.match(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(
                    follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


_NOT_SEEN = object()  # a path this store has neither read nor written


class WorkStore:
    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self._seen: dict[Path, Stamp | None] = {}  # None: there was no file
        self._refused: dict[Path, str] = {}  # paths whose damaged file could not be moved
        self.removed_temp_files = remove_orphan_temp_files(self.folder)

    def path_for(self, case_id: str, exercise: str) -> Path:
        return self.folder / f"{safe_name(case_id)}--{safe_name(exercise)}.json"

    # --- reading -------------------------------------------------------------------------------
    def load(self, path: Path, model: type[Model], check=None) -> tuple[Model | None, str | None]:
        """(document, None) when readable; (None, None) when there is none yet; (None, message)
        when the file was damaged and has been moved aside (or, if it could not be moved,
        left in place: then this store will not write over it). `check(document)` may
        return a reason to refuse a readable file (e.g. it belongs to another case)."""
        self._refused.pop(path, None)
        try:
            raw, info = read_save_file(path)
        except FileNotFoundError:
            if not os.path.lexists(path):
                self._seen[path] = None
                return None, None
            reason = "it is a link to a file that does not exist"
        except (UnusableFile, OSError) as error:
            reason = _short_reason(error)
        else:
            try:
                document = model.model_validate_json(raw)
            except Exception as error:  # noqa: BLE001 - any unreadable content is "damaged"
                reason = _short_reason(error)
            else:
                reason = check(document) if check else None
                if reason is None:
                    self._seen[path] = _stamp(info)
                    return document, None
        return None, self._set_aside(path, reason)

    def peek(self, path: Path, model: type[Model]) -> Model | None:
        """The document at `path` if it is a readable one; never moves or reports anything
        (for reading another exercise's save, which that exercise reports on)."""
        try:
            return model.model_validate_json(read_save_file(path)[0])
        except Exception:  # noqa: BLE001 - anything unreadable is simply not there
            return None

    def _set_aside(self, path: Path, reason: str) -> str:
        unusable = f"Your saved work in {path.name} could not be used ({reason})."
        try:
            kept = self._keep_aside(path)
        except OSError as error:
            self._refused[path] = (
                f"{path.name} holds a save that could not be used and could not be moved "
                "aside, so the workbook will not write over it. Move or rename that file, "
                f"or work in another folder ({where_else()}).")
            return (f"{unusable} It could not be moved aside either "
                    f"({error.strerror or error}), so it stays as it is. You are starting "
                    f"afresh, but your work cannot be saved in {self.folder}: "
                    f"{where_else()}.")
        self._seen[path] = None
        return (f"{unusable} It has been kept as {kept.name} and you are starting afresh; "
                "nothing else was lost.")

    def _keep_aside(self, path: Path, label: str = "damaged") -> Path:
        target = _free_name(path, label)
        os.replace(path, target)
        return target

    # --- writing -------------------------------------------------------------------------------
    def save(self, path: Path, document: BaseModel) -> Saved:
        """Write `document` to `path` (through a link, if it is one). If the file changed on
        disk since this store last read or wrote it, that version is kept aside first.
        Raises SaveRefused or OSError (nothing written) when it cannot save."""
        if path in self._refused:
            raise SaveRefused(self._refused[path])
        data = (document.model_dump_json(indent=2) + "\n").encode("utf-8")
        target = _write_target(path)
        kept = self._keep_other_version(path, target)
        self._seen[path] = _stamp(atomic_write_bytes(target, data))
        return Saved(target, kept)

    def _keep_other_version(self, path: Path, target: Path) -> Path | None:
        try:
            info = os.stat(target)
        except FileNotFoundError:
            return None  # nothing there to lose
        if self._seen.get(path, _NOT_SEEN) == _stamp(info) or not stat.S_ISREG(info.st_mode):
            return None
        kept = _free_name(target, "conflict")
        try:
            os.link(target, kept)  # the other version under a second name, in one step
        except OSError:
            shutil.copy2(target, kept)  # file systems without hard links
        return kept


def _write_target(path: Path) -> Path:
    if not path.is_symlink():
        return path
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:  # a loop is a RuntimeError before Python 3.13
        raise SaveRefused(f"{path.name} is a link that leads nowhere ({error}); move it "
                          "aside or remove it.") from None
    if not target.is_file():
        raise SaveRefused(f"{path.name} is a link to {target}, which is not a file.")
    return target


def _free_name(path: Path, label: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    counter = 1
    while os.path.lexists(target):
        counter += 1
        target = path.with_name(f"{path.stem}.{label}-{stamp}-{counter}{path.suffix}")
    return target


def where_else() -> str:
    """Where work can go when the work folder cannot be written to (exports go to the same
    folder, so exporting is no way out)."""
    example = Path.home() / "workbook-work"
    return (f"copy what you typed somewhere safe, then run `%env {DEFAULT_WORK_DIR_ENV}="
            f"{example}` (or any folder you can write to) in a cell and run this cell again")


def _short_reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        kind = "not valid JSON" if first["type"] == "json_invalid" else first["msg"].lower()
        return f"{kind} at {where}" if first["type"] != "json_invalid" else kind
    if isinstance(error, json.JSONDecodeError | UnicodeDecodeError):
        return "not valid JSON"
    if isinstance(error, OSError) and error.strerror:
        return f"cannot read it: {error.strerror.lower()}"
    return (str(error).splitlines() or [type(error).__name__])[0][:120]
