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
    """What a file system entry that is not a regular file is, in words."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a link"),
                       (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device")):
        if test(mode):
            return name
    return "a special file"


class NotRegularFile(OSError):
    """What was opened is not a regular file; `mode` says what it is."""

    def __init__(self, mode: int):
        self.mode = mode
        super().__init__(f"{describe_kind(mode)}, not a regular file")


class TooLarge(OSError):
    """More than the limit: `size` as the system reports it, or None when the file turned
    out larger than it said (/proc, a file growing while read)."""

    def __init__(self, size: int | None, limit: int):
        self.size, self.limit = size, limit
        shown = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
        super().__init__(f"{shown}; at most {limit:,} can be read")


def read_regular(path: str | Path, limit: int, *, dir_fd: int | None = None,
                 follow_links: bool = True) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file, at most `limit`, and its status; every reader of files a
    user names goes through here. What is checked is what was opened (fstat), not what the
    name pointed to a moment before. Raises NotRegularFile, TooLarge, or OSError (ELOOP for
    a link when `follow_links` is False)."""
    flags = _READ_FLAGS | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    handle = os.open(path, flags, dir_fd=dir_fd)
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(status.st_mode)
        if status.st_size > limit:
            raise TooLarge(status.st_size, limit)
        data = _read_at_most(handle, limit + 1)
        if len(data) > limit:
            raise TooLarge(None, limit)
        return data, status
    finally:
        os.close(handle)


def read_bounded(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file at `path`, or UnreadableFile when it is missing,
    not a regular file, not readable, or larger than `limit` bytes."""
    try:
        # Looked at before opening: opening some devices has effects of its own.
        _require_regular(os.stat(path).st_mode, what)
        return read_regular(path, limit)[0]
    except NotRegularFile as error:
        _require_regular(error.mode, what)
        raise
    except TooLarge as error:
        found = (f"{error.size:,} bytes" if error.size is not None
                 else f"more than {limit:,} bytes")
        raise UnreadableFile(f"a {what} of at most {limit:,} bytes", found) from None
    except FileNotFoundError:
        raise UnreadableFile(f"a {what} at this path", "no such file") from None
    except PermissionError:
        raise UnreadableFile(f"a {what} you have permission to read",
                             "permission denied") from None
    except OSError as error:
        raise UnreadableFile(f"a readable {what}", error.strerror or str(error)) from None


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
