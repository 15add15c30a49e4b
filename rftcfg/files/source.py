"""The one way rftcfg opens what it reads: a regular file or `-` (stdin), never past a limit.

A FIFO, a device (/dev/zero, /dev/urandom), a socket or a folder is refused before a byte is
read: read whole, one blocks forever and another never ends. The file is opened non-blocking and
then judged by fstat on the open descriptor, so opening a FIFO cannot wait for a writer and the
file judged is the file read (no window between a stat and the open). The limits live in the
data table (`input_limits`).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from rftcfg.core.errors import UsageError, shown_path

FIX = "give a regular file, or - to read stdin"
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_SKIP = 1 << 16  # bytes read at a time while skipping the rest of an over-long line


def shown_name(path: str) -> str:
    return "<stdin>" if path == "-" else shown_path(path)


@contextlib.contextmanager
def reading(shown: str) -> Iterator[None]:
    """Whatever goes wrong opening or reading a file becomes one usage error (exit 2)."""
    try:
        yield
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file. Check the path.") from None
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a folder, not a regular file; {FIX}.") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read it: {exc.strerror or exc}.") from None


def size_text(n: int) -> str:
    """`1 MiB`, `512 MiB`, `16 KiB`: limits as a person reads them."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:g} {unit}"
    return f"{n} bytes"


def too_large(shown: str, limit: int, key: str, what: str) -> UsageError:
    return UsageError(
        f"{shown}: larger than {size_text(limit)}, the limit for {what} (input_limits.{key}); "
        "check that it is the file you meant."
    )


@contextlib.contextmanager
def open_input(path: str, limit: int | None = None, key: str = "", what: str = "") -> Iterator[BinaryIO]:
    """`path` opened for reading in binary, or stdin for `-`. Anything but a regular file is a
    usage error, and so is a regular file that already says it is larger than `limit`."""
    if path == "-":
        yield sys.stdin.buffer
        return
    with reading(shown_name(path)):
        try:
            fd = os.open(path, _FLAGS)
        except OSError:
            _refuse_special(path, Path(path).stat().st_mode)  # a socket cannot be opened at all
            raise
    try:
        info = os.fstat(fd)
        _refuse_special(path, info.st_mode)
        if limit is not None and info.st_size > limit:
            raise too_large(shown_name(path), limit, key, what)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle, reading(shown_name(path)):
        yield handle


def _refuse_special(path: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kinds = {
        stat.S_ISDIR: "a folder",
        stat.S_ISFIFO: "a FIFO (named pipe)",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISSOCK: "a socket",
    }
    kind = next((name for test, name in kinds.items() if test(mode)), "not a file")
    raise UsageError(f"{shown_name(path)}: is {kind}, not a regular file; {FIX}.")


def read_limited(path: str, limit: int, key: str, what: str) -> bytes:
    """All of `path` (or stdin), at most `limit` bytes; more is a usage error naming the limit.
    Stdin is read only up to one byte past the limit, whatever is behind it."""
    with open_input(path, limit, key, what) as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise too_large(shown_name(path), limit, key, what)
    return raw


def lines(handle: BinaryIO, line_limit: int, total: tuple[int, str, str, str] | None = None) -> Iterator[bytes | None]:
    """Each line of `handle` (with its line end), or None for one longer than `line_limit` bytes,
    which is skipped without ever being held whole. `total` = (limit, shown, key, what) stops
    the whole read past `limit` bytes, for stdin (a regular file was judged by its size)."""
    read = 0
    while line := handle.readline(line_limit + 1):
        read += len(line)
        if len(line) > line_limit and not line.endswith(b"\n"):
            while (rest := handle.readline(_SKIP)) and not rest.endswith(b"\n"):
                read += len(rest)
            read += len(rest)
            line = None
        if total is not None and read > total[0]:
            raise too_large(total[1], total[0], total[2], total[3])
        yield line
