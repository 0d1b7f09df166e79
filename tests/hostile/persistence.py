"""Saving under faults: kill -9 during autosave, two tabs on one save file, and special files
where the save file should be."""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import time
from functools import partial
from pathlib import Path

from widgets.exercises.schema_builder import SchemaBuilder
from widgets.work.responses import SchemaResponse

from .checks import Tally, crash_detail, key, short
from .drivers import (
    CONTRACT,
    RATER,
    SAVED,
    SCHEMA,
    SELF_STATES,
    quick_profile_charts,
    status_says,
)


class Hang(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` swallows it."""


@contextlib.contextmanager
def time_limit(seconds: int):
    def ring(_signum, _frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- kill -9 during autosave ------------------------------------------------------------------
def _edit_until_killed(case, folder: Path, first: int, report: int) -> None:
    """In the child: edit the wish again and again; after each edit the status calls saved,
    tell the parent its number."""
    builder = SchemaBuilder(case, work_dir=folder)
    number = first
    while True:
        builder.wish.value = f"edit {number}"
        if status_says(builder).startswith(SAVED):
            os.write(report, f"{number}\n".encode())
        number += 1


def _child(case, folder: Path, first: int) -> tuple[int, int]:
    """(pid, read end of the pipe the child reports on)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns
        os.close(read)
        try:
            _edit_until_killed(case, folder, first, write)
        finally:
            os._exit(0)
    os.close(write)
    return pid, read


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode()


def kill_loop(case, folder: Path, kills: int, seed: int = 1) -> tuple[Tally, list[str]]:
    """Kill a child at random moments while it autosaves. After each kill the save file must
    load and hold an edit no older than the last one the child saw saved."""
    tally, notes = Tally(), []
    rng = random.Random(seed)
    save = folder / "angie--schema.json"  # the schema builder's save (neutral name)
    last_saved, first = None, 0
    for round_number in range(1, kills + 1):
        where = f"kill -9 during autosave (round {round_number})"
        pid, reports = _child(case, folder, first)
        time.sleep(rng.uniform(0.01, 0.3))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        saved = [int(n) for n in _read_all(reports).split()]
        tally.inputs += 1
        last_saved = saved[-1] if saved else last_saved
        found = _saved_edit(save, SchemaResponse)
        if isinstance(found, str):
            if last_saved is not None or save.exists():
                tally.fail("lost", where, "kill -9", found)
        elif last_saved is not None and found < last_saved:
            tally.fail("lost", where, "kill -9", f"rolled back to edit {found}; edit "
                                                  f"{last_saved} had been saved")
        if isinstance(found, int):
            restored = SchemaBuilder(case, work_dir=folder).work.wish
            if restored != f"edit {found}":
                tally.fail("lost", where, "kill -9", f"the next widget restores {restored!r}, "
                                                      f"not edit {found}")
        first = max(first, (last_saved or 0)) + 10_000  # numbers never repeat across rounds
        if isinstance(found, int):
            first = max(first, found + 1)
    leftovers = [p.name for p in folder.glob(".*.tmp")]
    if leftovers:
        notes.append(f"{len(leftovers)} temporary files left in the work folder after "
                     f"{kills} kills (e.g. {leftovers[0]})")
    return tally, notes


def _saved_edit(path: Path, model) -> int | str:
    """The number of the edit in the save file, or why there is none."""
    if not path.exists():
        return "no save file"
    try:
        document = model.model_validate_json(path.read_bytes())
    except Exception as error:
        return f"the save file is damaged: {crash_detail(error)}"
    match = re.fullmatch(r"edit (\d+)", document.work.wish)
    return int(match.group(1)) if match else f"the save file holds {short(document.work.wish)}"


# --- two tabs on one save file -----------------------------------------------------------------
def _schema_tabs(a, b):
    yield a, "wish", "a wish typed in tab A"
    yield b, "expected_response_of_other", "a response typed in tab B"
    yield a, "negative_self_image", "a self-image typed in tab A"


def _state_tabs(a, b):
    yield a, "state 1 name", "a state named in tab A"
    yield b, "integration", "integration typed in tab B"
    yield a, "state 1 emotion", "an emotion typed in tab A"


def _rater_tabs(a, b):
    yield a, "justification", "why, typed in tab A on the first vignette"
    b.w.vignette_picker.index = 1
    yield b, "justification", "why, typed in tab B on the second vignette"
    yield a, "pseudonym", "a pseudonym typed in tab A"


def _contract_tabs(a, b):
    yield a, "formulation", "a formulation typed in tab A"
    yield b, "goal 1", "a goal typed in tab B"
    yield a, "commitments", "commitments typed in tab A"


TAB_CASES = ((SCHEMA, _schema_tabs), (SELF_STATES, _state_tabs), (RATER, _rater_tabs),
             (CONTRACT, _contract_tabs))


def two_tabs(case, folder: Path) -> Tally:
    """An edit in tab A, then in B, then in A: each must be kept, or the learner told and the
    other version kept in a file."""
    from .drivers import Session

    tally = Tally()
    with quick_profile_charts():
        for driver, steps in TAB_CASES:
            home = folder / driver.name
            tabs = Session(driver, case, home, tally), Session(driver, case, home, tally)
            if tabs[0].w is None or tabs[1].w is None:
                continue
            statuses, typed = [], []
            for tab, field, text in steps(*tabs):
                tab.w.status.value = ""
                control = driver.field(field).control(tab.w)
                tab.guard(f"two tabs: {driver.name}.{field}", text,
                          partial(setattr, control, "value", text))
                statuses.append(status_says(tab.w))
                typed.append((field, text))
            tally.inputs += 1
            restored = key(json.dumps(driver.model(driver.make(case, home)), ensure_ascii=False))
            told = any(status and not status.startswith(SAVED) for status in statuses)
            elsewhere = key("".join(
                p.read_text("utf-8", "replace") for p in home.rglob("*.json")
                if p.is_file() and p.name != tabs[0].w.save_path.name))
            for field, text in typed:
                if key(text) in restored or (told and key(text) in elsewhere):
                    continue
                tally.fail("lost", f"two tabs: {driver.name}.{field}", text,
                           "overwritten by the other tab"
                           + ("" if told else ", and neither tab said so"))
    return tally


# --- special files where the save file should be -----------------------------------------------
def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _dangling(path: Path) -> None:
    path.symlink_to("nowhere.json")


def _writer(data: bytes):
    return lambda path: path.write_bytes(data)


SPECIAL_SAVES = {
    "a FIFO": _fifo,
    "a folder": _folder,
    "a symlink loop": _loop,
    "a dangling symlink": _dangling,
    "an empty file": _writer(b""),
    "truncated JSON": _writer(b'{"format": "bpd-workbook-response", "version": 1, "ca'),
    "not UTF-8": _writer(b"\xff\xfe{}"),
    "a JSON bomb": _writer(b"[" * 200_000),
    "a 5,000-digit number": _writer(b'{"version": ' + b"9" * 5000 + b"}"),
    "another case's work": _writer(
        b'{"format": "bpd-workbook-response", "version": 1, "case_id": "ren", "exercise": '
        b'"schema", "saved_at": "2026-01-01T00:00:00+00:00", '
        b'"kind": "schema", "work": {"wish": "not yours"}}'),
}


def special_saves(case, folder: Path) -> Tally:
    """The widget must open (with a message) within 5 s, and then save an ordinary edit."""
    tally = Tally()
    for name, make in SPECIAL_SAVES.items():
        home = folder / re.sub(r"\W+", "-", name)
        home.mkdir(parents=True)
        make(home / "angie--schema.json")
        where = f"save file is {name}"
        tally.inputs += 1
        try:
            with time_limit(5):
                builder = SchemaBuilder(case, work_dir=home)
                builder.wish.value = "an ordinary wish"
        except (Exception, Hang) as error:
            tally.fail("crashes", where, name, crash_detail(error))
            continue
        status = status_says(builder)
        if (status.startswith(SAVED) or not status) and not _restores(case, home,
                                                                        "an ordinary wish"):
            tally.fail("lost", where, name, f"an ordinary edit was not kept: {status[:120]}")
    return tally


def _restores(case, folder: Path, wish: str) -> bool:
    try:
        with time_limit(5):
            return SchemaBuilder(case, work_dir=folder).work.wish == wish
    except (Exception, Hang):
        return False
