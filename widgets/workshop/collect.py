"""Collect a workshop's exported response files: keep what can be used, list the rest with
the reason. Nothing here trusts the folder or a file in it: size is checked before reading,
kind, version and case before content, and every student's text stays data. Nothing found
in the folder makes collecting fail: every entry is either used or listed, with a plain
reason, among the files set aside.

Links are never followed, whether they point to a file or a folder, inside the folder or
out of it: they are listed as "a link; links are not followed". A class folder is made of
uploads, and a link in it could otherwise bring in any file the trainer can read, count a
response kept elsewhere, or loop. (The folder the trainer names is opened even if it is a
link: that one is their choice.) Each subfolder is opened through its parent's open
descriptor with O_NOFOLLOW, and each file with O_NOFOLLOW and O_NONBLOCK and checked once
open (see read_regular_file), so an entry swapped for a link, a named pipe or a device while
the report runs is refused as well. Folders nested more than MAX_DEPTH deep and files beyond
MAX_FILES are listed, not read. A name that is not valid UTF-8 is shown with its odd bytes
written as \\xNN, so the report itself stays valid UTF-8.

Rules, in order: a link, named pipe, socket or device; a folder that cannot be opened or is
too deep; more files than MAX_FILES; not a .json file; unreadable, empty (0 bytes) or larger
than a response can be; not a readable workbook response (parse_response's reason); for
another case; `saved_at` not a date and time with a time zone; no work in it; the same bytes
as a file already taken; and, for one student and exercise, only the most recently saved
file counts (the others are listed as superseded).

Students are told apart by the learner id each response carries (made once per work folder),
never by pseudonym alone: two students who chose one pseudonym stay two, and are listed as a
clash so the trainer can tell them apart. A file saved before there were learner ids is
counted by its pseudonym, joined to the one learner id that uses that pseudonym if there is
exactly one; a file with neither is counted as work, but not as a student.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..case.bounded_read import NotRegularFile
from ..case.model import Case
from ..work.responses import (
    LINK_NOT_FOLLOWED,
    Response,
    ResponseFileError,
    UnreadableFile,
    parse_response,
    read_regular_file,
    saved_time,
)

MAX_FILES = 20_000
MAX_DEPTH = 32  # folders below the one named; a learning platform's export nests a few
MAX_REASON_CHARS = 300


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str


@dataclass(frozen=True)
class Collected:
    file: str
    document: Response
    saved: dt.datetime = field(compare=False)  # saved_at, in UTC
    # Who made it: "id:LEARNER-ID", "pseudonym:NAME" (older files) or "file:FILE" (neither).
    identity: str = field(default="", compare=False)
    shown_as: str = field(default="", compare=False)  # the student's name in the report

    @property
    def student(self) -> str:
        """The student as the report names them (a clashing pseudonym with its learner id)."""
        return self.shown_as or self.document.pseudonym or (
            f"(no pseudonym: {self.file.rsplit('/', 1)[-1]})")

    @property
    def identified(self) -> bool:
        return not self.identity.startswith("file:")


@dataclass(frozen=True)
class Clash:
    """One pseudonym chosen by several students (told apart by their learner ids)."""
    pseudonym: str
    students: tuple[str, ...]  # as the report names them
    files: tuple[str, ...]


@dataclass(frozen=True)
class Collection:
    used: tuple[Collected, ...]
    skipped: tuple[Skipped, ...]
    files_seen: int  # every entry found: used or set aside
    clashes: tuple[Clash, ...] = ()

    @property
    def students(self) -> int:
        """Students counted: one per learner id (or pseudonym, in older files)."""
        return len({c.identity for c in self.used if c.identified})

    @property
    def unidentified(self) -> list[Collected]:
        """Files used with neither a learner id nor a pseudonym."""
        return [c for c in self.used if not c.identified]

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


def shown_name(name: str) -> str:
    """A file name as text that can be written anywhere: the bytes of a name that is not
    valid UTF-8 (which Python keeps as lone surrogates) are written as \\xNN."""
    try:
        raw = os.fsencode(name)
    except UnicodeEncodeError:  # a surrogate that did not come from the file system
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def collect(folder: str | Path, case: Case) -> Collection:
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of response files")
    skipped: list[Skipped] = []
    candidates: list[Collected] = []
    seen_bytes: dict[str, str] = {}
    files = 0
    for found in _walk(folder):
        if isinstance(found, Skipped):
            skipped.append(found)
            continue
        files += 1
        if files > MAX_FILES:
            skipped.append(Skipped(found.shown, f"more than {MAX_FILES:,} files in the folder; "
                                                "not read"))
            continue
        taken = _take(found, case, seen_bytes)
        (candidates if isinstance(taken, Collected) else skipped).append(taken)
    used, superseded = _latest(_identified(candidates))
    skipped += superseded
    used, clashes = _named(used)
    return Collection(used=used, skipped=tuple(sorted(skipped, key=lambda s: s.file)),
                      files_seen=len(used) + len(skipped), clashes=clashes)


def _pseudonym_key(pseudonym: str) -> str:
    return " ".join(pseudonym.split()).casefold()  # "Sam" and "sam " read as one name


def _identified(candidates: list[Collected]) -> list[Collected]:
    """Each file with whom it belongs to: its learner id; else the one learner id that uses
    its pseudonym; else its pseudonym; else the file alone."""
    ids_by_name: dict[str, set[str]] = {}
    for item in candidates:
        if item.document.learner_id and item.document.pseudonym:
            ids_by_name.setdefault(_pseudonym_key(item.document.pseudonym), set()).add(
                item.document.learner_id)
    identified = []
    for item in candidates:
        document = item.document
        name = _pseudonym_key(document.pseudonym)
        if document.learner_id:
            identity = f"id:{document.learner_id}"
        elif name and len(ids_by_name.get(name, ())) == 1:
            identity = f"id:{next(iter(ids_by_name[name]))}"
        elif name:
            identity = f"pseudonym:{name}"
        else:
            identity = f"file:{item.file}"
        identified.append(replace(item, identity=identity))
    return identified


def _named(used: tuple[Collected, ...]) -> tuple[tuple[Collected, ...], tuple[Clash, ...]]:
    """Each student's name in the report, and the pseudonyms several students chose: those
    students are named with the start of their learner id, so no two look alike."""
    by_name: dict[str, set[str]] = {}
    for item in used:
        if item.identified and item.document.pseudonym:
            by_name.setdefault(_pseudonym_key(item.document.pseudonym), set()).add(
                item.identity)
    clashing = {name for name, identities in by_name.items() if len(identities) > 1}
    named = []
    for item in used:
        document = item.document
        shown = document.pseudonym
        if not item.identified:
            shown = f"(no pseudonym: {item.file.rsplit('/', 1)[-1]})"
        elif item.identity.startswith("id:") and (
                not shown or _pseudonym_key(shown) in clashing):
            tag = f"learner {item.identity[3:11]}"
            shown = f"{shown} ({tag})" if shown else f"(no pseudonym, {tag})"
        named.append(replace(item, shown_as=shown))
    clashes = []
    for name in sorted(clashing):
        members = [c for c in named if c.identified and _pseudonym_key(c.document.pseudonym)
                   == name]
        clashes.append(Clash(pseudonym=members[0].document.pseudonym,
                             students=tuple(sorted({c.student for c in members})),
                             files=tuple(sorted(c.file for c in members))))
    ordered = tuple(sorted(named, key=lambda c: (c.student.casefold(), c.file)))
    return ordered, tuple(clashes)


def _take(found: _File, case: Case, seen_bytes: dict[str, str]) -> Collected | Skipped:
    shown = found.shown
    if not shown.lower().endswith(".json"):
        return Skipped(shown, "not a .json file")
    try:
        data = read_regular_file(found.name, dir_fd=found.dir_fd, follow_links=False)
        document = parse_response(data, shown)
        reason = _refusal(document, case)
    except UnreadableFile as why:
        reason = str(why)
    except ResponseFileError as error:
        reason = str(error).removeprefix(f"Invalid response file {shown}: ")
    except Exception as error:  # a bug on one odd file must not cost the class its report
        reason = f"could not be read ({type(error).__name__}: {error})"
    if reason is None:
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen_bytes:
            reason = f"an exact copy of {seen_bytes[digest]}"
        else:
            seen_bytes[digest] = shown
    if reason is not None:
        return Skipped(shown, _shorten(reason))
    return Collected(shown, document, saved_time(document.saved_at))


def _refusal(document: Response, case: Case) -> str | None:
    if document.case_id != case.id:
        return f"for case '{document.case_id}', not '{case.id}'"
    if saved_time(document.saved_at) is None:
        return (f"saved_at '{document.saved_at}' is not a date and time with a time zone "
                "(expected ISO 8601, such as 2026-11-23T10:00:00+00:00)")
    if not has_work(document):
        return "no work in it (an empty exercise)"
    return None


def _latest(candidates: list[Collected]) -> tuple[tuple[Collected, ...], list[Skipped]]:
    """For each student and exercise, the file saved last (times compared as moments, not
    as text); the others, as superseded."""
    latest: dict[tuple[str, str, str], Collected] = {}
    superseded: list[Skipped] = []
    for item in candidates:
        slot = (item.identity, item.document.kind, item.document.exercise)
        kept = latest.get(slot)
        if kept is None or (item.saved, item.file) > (kept.saved, kept.file):
            if kept is not None:
                superseded.append(Skipped(kept.file, f"superseded by {item.file} (same "
                                                     "student and exercise, saved later)"))
            latest[slot] = item
        else:
            superseded.append(Skipped(item.file, f"superseded by {kept.file} (same student "
                                                 "and exercise, saved later)"))
    return tuple(latest.values()), superseded


def _shorten(reason: str) -> str:
    if len(reason) <= MAX_REASON_CHARS:
        return reason
    return reason[: MAX_REASON_CHARS - 1] + "…"


# --- walking the folder -------------------------------------------------------------------------


@dataclass(frozen=True)
class _File:
    shown: str  # the path below the folder, as shown in the report
    name: str  # the name in its folder
    dir_fd: int  # its folder, open while the file is handled


@dataclass
class _OpenFolder:
    fd: int
    prefix: str  # shown path of the folder, ending in "/" (empty for the top)
    depth: int
    entries: list[os.DirEntry]  # still to visit, the next one last


_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC


def _walk(folder: Path) -> Iterator[_File | Skipped]:
    """Every entry under `folder`, depth first and in name order: a _File for each regular
    file (its folder stays open until the next entry is asked for), a Skipped for each other
    entry. Iterative, so nesting depth costs no stack; at most MAX_DEPTH + 1 folders are
    open at a time."""
    stack: list[_OpenFolder] = []
    try:
        top = _open_folder(str(folder), None, "", 0, follow=True)
        if isinstance(top, Skipped):
            yield Skipped("./", top.reason)
            return
        stack.append(top)
        while stack:
            here = stack[-1]
            if not here.entries:
                os.close(stack.pop().fd)
                continue
            entry = here.entries.pop()
            shown = here.prefix + shown_name(entry.name)
            what = _what_is(entry)
            if what == "file":
                yield _File(shown, entry.name, here.fd)
            elif what != "folder":
                yield Skipped(shown, what)
            elif here.depth >= MAX_DEPTH:
                yield Skipped(f"{shown}/", f"a folder nested more than {MAX_DEPTH} folders "
                                           "deep; not read")
            else:
                below = _open_folder(entry.name, here.fd, f"{shown}/", here.depth + 1)
                if isinstance(below, Skipped):
                    yield below
                else:
                    stack.append(below)
    finally:
        for open_folder in stack:
            os.close(open_folder.fd)


def _what_is(entry: os.DirEntry) -> str:
    """"file", "folder", or why the entry is not read. Links are not followed."""
    try:
        if entry.is_symlink():
            return LINK_NOT_FOLLOWED
        if entry.is_dir(follow_symlinks=False):
            return "folder"
        if entry.is_file(follow_symlinks=False):
            return "file"
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as error:
        return f"cannot read it ({error.strerror or error})"
    return str(NotRegularFile(mode))


def _open_folder(name: str, dir_fd: int | None, prefix: str, depth: int,
                 follow: bool = False) -> _OpenFolder | Skipped:
    """The folder `name` (in `dir_fd`) opened and listed, or why it could not be."""
    try:
        fd = os.open(name, _FOLDER_FLAGS | (0 if follow else os.O_NOFOLLOW), dir_fd=dir_fd)
    except OSError as error:
        return Skipped(prefix, _folder_trouble(error))
    try:
        with os.scandir(fd) as listing:
            entries = sorted(listing, key=lambda entry: entry.name, reverse=True)
    except OSError as error:
        os.close(fd)
        return Skipped(prefix, _folder_trouble(error))
    return _OpenFolder(fd, prefix, depth, entries)


def _folder_trouble(error: OSError) -> str:
    if error.errno in (errno.ENOTDIR, errno.ELOOP):  # replaced meanwhile, by a link perhaps
        return "no longer a folder (it changed while being read; links are not followed)"
    return f"a folder that cannot be read ({error.strerror or error})"
