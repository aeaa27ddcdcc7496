"""Reading a file that someone else may have put in a folder: regular files only, size-capped.

A FIFO named `x.yaml` blocks a plain `open` forever, and a link to `/dev/zero` reads until
memory runs out. So the path is `stat`ed first (nothing that is not a regular file is ever
opened), opened with O_NONBLOCK (a FIFO swapped in after the check cannot block), checked
again on the open handle, and read only up to the cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnreadableFile(OSError):
    """Why a file was not read, in words for a person (`reason`, also its `strerror`, so
    code that reports any OSError reports this one too)."""

    def __init__(self, reason: str) -> None:
        super().__init__(0, reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class TooLarge(UnreadableFile):
    """The file is over the size cap."""


def _check(mode: int, size: int, limit: int) -> None:
    if not stat.S_ISREG(mode):
        raise UnreadableFile("it is not a regular file")
    if size > limit:
        raise TooLarge(f"it is {size:,} bytes; the limit is {limit:,}")


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; raises UnreadableFile."""
    try:
        before = os.stat(path)
        _check(before.st_mode, before.st_size, limit)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except UnreadableFile:
        raise
    except OSError as err:
        raise UnreadableFile(err.strerror or str(err)) from None
    try:
        opened = os.fstat(fd)  # the file may have been swapped since the stat
        _check(opened.st_mode, opened.st_size, limit)
        chunks: list[bytes] = []
        left = limit + 1  # one byte more tells a file that grew past the cap
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except UnreadableFile:
        raise
    except OSError as err:
        raise UnreadableFile(err.strerror or str(err)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise TooLarge(f"it is larger than the limit of {limit:,} bytes")
    return data


def is_regular(path: Path) -> bool:
    """True for a regular file (links followed); never opens anything."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False
