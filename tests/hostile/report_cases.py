"""`workbook workshop report` on folders that hold hostile entries: each must give exit 0 and
a report in which every entry is either used or listed as set aside, no link is followed
out of the folder, and no learner text is active or breaks the page."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from .checks import Tally, active_markup, parse_svg, svgs_in
from .cli_cases import ANGIE, check_run, response_json, run_cli

OUTSIDE = "OUTSIDE-THE-FOLDER"
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _student(pseudonym: str, wish: str = "to be loved and comforted", **fields) -> str:
    return response_json(wish, pseudonym=pseudonym, **fields)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


# Each maker puts one hostile entry into a folder and says how many files it holds.
def _symlink_loop(folder: Path) -> int:
    (folder / "loop.json").symlink_to("loop.json")
    return 1


def _link_outside(folder: Path) -> int:
    outside = folder.parent / f"{folder.name}-outside.json"
    _write(outside, _student(OUTSIDE))
    (folder / "outside.json").symlink_to(outside)
    return 1


def _dangling_link(folder: Path) -> int:
    (folder / "dangling.json").symlink_to(folder / "nowhere.json")
    return 1


def _link_to_folder(folder: Path) -> int:
    (folder / "folder.json").symlink_to(folder.parent)
    return 1


def _fifo(folder: Path) -> int:
    os.mkfifo(folder / "fifo.json")
    return 1


def _bytes(name: str, data: bytes) -> Callable[[Path], int]:
    def make(folder: Path) -> int:
        (folder / name).write_bytes(data)
        return 1
    return make


def _non_utf8_name(folder: Path) -> int:
    """Not a response either, so that the report must list it by its name."""
    with open(os.path.join(os.fsencode(folder), b"bad-\xff.json"), "wb") as stream:
        stream.write(b"not JSON")
    return 1


def _nested(folder: Path, depth: int = 1200) -> int:
    deep = str(folder)
    for _ in range(depth):  # one level at a time: os.makedirs recurses once per level
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    _write(Path(deep, "deep.json"), _student("deep-down"))
    return 1


def _unreadable_subfolder(folder: Path) -> int:
    hidden = folder / "hidden"
    hidden.mkdir()
    _write(hidden / "hidden.json", _student("hidden"))
    hidden.chmod(0)
    return 1


ENTRIES: dict[str, Callable[[Path], int]] = {
    "a symlink loop": _symlink_loop,
    "a link to a response outside the folder": _link_outside,
    "a dangling link": _dangling_link,
    "a link to a folder": _link_to_folder,
    "a FIFO": _fifo,
    "a JSON bomb of [": _bytes("bomb1.json", b"[" * 200_000),
    "a JSON bomb of {": _bytes("bomb2.json", b'{"a":' * 100_000),
    "a 5,000-digit number": _bytes(
        "digits.json", _student("digits")[:-1].encode() + b', "n": ' + b"9" * 5000 + b"}"),
    "a 100,000-digit number": _bytes(
        "digits100k.json", _student("digits")[:-1].encode() + b', "n": ' + b"9" * 100_000
        + b"}"),
    "a file name that is not UTF-8": _non_utf8_name,
    "folders nested 1,200 deep": _nested,
    "exercise name &#xd800;": _bytes(
        "entity1.json", _student("entity-surrogate", exercise="schema-&#xd800;").encode()),
    "exercise name &#1;": _bytes(
        "entity2.json", _student("entity-control", exercise="schema-&#1;").encode()),
    "exercise name with an RTL override": _bytes(
        "rtl.json", _student("rtl", exercise="schema-\u202eevil").encode()),
}
if os.geteuid() != 0:  # root reads everything, so the case cannot be made
    ENTRIES["an unreadable subfolder"] = _unreadable_subfolder


def _base(folder: Path) -> int:
    """One ordinary student, so that every report has something to show."""
    folder.mkdir(parents=True)
    _write(folder / "base.json", _student("base-student"))
    return 1


class ReportChecker:
    def __init__(self, root: Path):
        self.root = root
        self.baseline: set[str] = set()
        clean = root / "clean"
        _base(clean)
        report = self.report(clean)
        if report:
            self.baseline = set(active_markup(report[0]))

    def report(self, folder: Path) -> tuple[str, dict] | None:
        out, summary = folder.parent / f"{folder.name}.html", folder.parent / f"{folder.name}.json"
        self.last = run_cli(["workshop", "report", str(folder), "--case", str(ANGIE),
                             "--out", str(out), "--json", str(summary)], seconds=60)
        if self.last.code != 0 or not out.exists():
            return None
        data = json.loads(summary.read_text(encoding="utf-8")) if summary.exists() else {}
        return out.read_bytes().decode("utf-8", "replace"), data

    def check(self, tally: Tally, where: str, value: object, folder: Path, entries: int,
              most_used: int | None = None) -> None:
        """Exit 0, a report, every entry accounted for, nothing followed out, nothing raw."""
        tally.inputs += 1
        report = self.report(folder)
        check_run(tally, where, value, self.last)
        if report is None:
            if self.last.code in (0, 1):
                tally.fail("crashes", where, value, f"no report written (exit {self.last.code})")
            return
        page, summary = report
        accounted = summary.get("files_used", 0) + len(summary.get("skipped", ()))
        if accounted < entries:
            tally.fail("lost", where, value, f"{entries - accounted} of {entries} entries "
                                              "neither used nor listed as set aside")
        if OUTSIDE in page or (most_used is not None
                               and summary.get("files_used", 0) > most_used):
            tally.fail("unsafe", where, value, "a link out of the folder was followed: "
                                                f"{summary.get('files_used')} files used")
        new = set(active_markup(page)) - self.baseline
        if new:
            tally.fail("unsafe", where, value, f"active markup in the report: {sorted(new)}")
        raw = RAW_CONTROL.search(page)
        if raw:
            tally.fail("unsafe", where, value, f"raw control character {raw.group()!r} in the "
                                                "report")
        for svg in svgs_in(page):
            _root, problem = parse_svg(svg)
            if problem:
                tally.fail("unsafe", where, value, f"report diagram: {problem}")


def sweep_report(root: Path, values=()) -> Tally:
    """Each hostile entry alone beside one ordinary student, then all of them together, then a
    class whose pseudonyms and wishes are the corpus."""
    tally = Tally()
    checker = ReportChecker(root)
    together = root / "together"
    together_entries = _base(together)
    for number, (name, make) in enumerate(ENTRIES.items()):
        folder = root / f"single-{number}"
        entries = _base(folder) + make(folder)
        checker.check(tally, f"workshop report: {name}", name, folder, entries,
                      most_used=1 if make is _link_outside else None)
        together_entries += make(together)
    checker.check(tally, "workshop report: every hostile entry in one folder", "all", together,
                  together_entries)
    if values:
        classroom = root / "class"
        entries = _base(classroom)
        for number, value in enumerate(values):
            _write(classroom / f"student-{number}.json", _student(value[:80], wish=value))
            entries += 1
        checker.check(tally, "workshop report: a class with hostile pseudonyms and wishes",
                      f"{len(values)} students", classroom, entries)
    return tally
