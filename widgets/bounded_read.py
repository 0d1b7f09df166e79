"""Read a file named by a user without ever hanging or reading without end.

A path can name a pipe (reading waits for a writer that never comes), a device such as
/dev/zero (endless), or a file whose size the system reports as 0 (/proc). So the file is
opened without blocking, must be a regular file, and at most `limit + 1` bytes are read
whatever its reported size.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_CHUNK = 1 << 16
# Not blocking matters for a pipe swapped in after the check below; flags a system lacks
# (Windows has no O_NONBLOCK, only Windows has O_BINARY) are left out.
_READ_FLAGS = os.O_RDONLY
for _flag in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_BINARY"):
    _READ_FLAGS |= getattr(os, _flag, 0)


class UnreadableFile(Exception):
    """A path that cannot be read as a file: what was expected there and what was found."""

    def __init__(self, expected: str, found: str):
        self.expected, self.found = expected, found
        super().__init__(f"expected {expected}, found {found}")


def describe_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_bounded(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file at `path`, or UnreadableFile when it is missing,
    not a regular file, not readable, or larger than `limit` bytes."""
    try:
        # Looked at before opening: opening some devices has effects of its own.
        _require_regular(os.stat(path).st_mode, what)
        handle = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        raise UnreadableFile(f"a {what} at this path", "no such file") from None
    except PermissionError:
        raise UnreadableFile(f"a {what} you have permission to read",
                             "permission denied") from None
    except OSError as error:
        raise UnreadableFile(f"a readable {what}", error.strerror or str(error)) from None
    try:
        # Checked again on what was opened, in case the path changed in between.
        status = os.fstat(handle)
        _require_regular(status.st_mode, what)
        expected = f"a {what} of at most {limit:,} bytes"
        if status.st_size > limit:
            raise UnreadableFile(expected, f"{status.st_size:,} bytes")
        data = _read_at_most(handle, limit + 1)
        if len(data) > limit:  # the reported size was wrong (/proc, a growing file)
            raise UnreadableFile(expected, f"more than {limit:,} bytes")
        return data
    except OSError as error:
        raise UnreadableFile(f"a readable {what}", error.strerror or str(error)) from None
    finally:
        os.close(handle)


def _require_regular(mode: int, what: str) -> None:
    if not stat.S_ISREG(mode):
        expected = f"a {what}" + ("" if stat.S_ISDIR(mode) else " (a regular file, not a "
                                                               "pipe or a device)")
        raise UnreadableFile(expected, describe_kind(mode))


def _read_at_most(handle: int, count: int) -> bytes:
    chunks, total = [], 0
    while total < count:
        chunk = os.read(handle, min(_CHUNK, count - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)
