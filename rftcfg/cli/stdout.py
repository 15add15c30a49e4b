"""Standard output as a command's result goes there: a full or closed stdout is a file error
(exit 2), a reader that went away is the quiet exit 141, and a closed stdout never makes a job
vanish silently."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator

from rftcfg.core.errors import UsageError

_STDOUT_FIXES = {
    errno.EBADF: "It is closed; redirect it to a file or to /dev/null.",
    errno.ENOSPC: "Free some space, or send it elsewhere.",
    errno.EFBIG: "It is over the file size limit (ulimit -f); raise the limit, or send it elsewhere.",
}


@contextlib.contextmanager
def stdout_errors() -> Iterator[None]:
    """A failed write to stdout (full disk, closed stream) is a usage error, not a bug. A reader
    that went away (BrokenPipeError) is not: it stays the quiet exit 141."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        if not _from_stdout(exc):
            raise
        silence_stdout()
        fix = _STDOUT_FIXES.get(exc.errno or 0)
        reason = exc.strerror or os.strerror(exc.errno or 0)
        raise UsageError(f"standard output: cannot write it: {reason}." + (f" {fix}" if fix else "")) from None


def flush_stdout() -> None:
    sys.stdout.flush()


def _from_stdout(exc: OSError) -> bool:
    """Whether `exc` came from writing stdout: raised in an echo (stderr's own never get here,
    `err` drops them) or in the final flush, so it is neither a file's error nor a bug's."""
    last = exc.__traceback__
    while last is not None and last.tb_next is not None:
        last = last.tb_next
    return exc.filename is None and last is not None and last.tb_frame.f_code.co_name in ("echo", "flush_stdout")


def hold_closed_stdout() -> None:
    """With stdout closed (`>&-`) Python sets sys.stdout to None and whatever is printed vanishes:
    a job silently lost. Hold fd 1 open for reading only, so printing fails (EBADF) and is
    reported, and no file opened later takes fd 1 and receives what we print."""
    if sys.stdout is not None:
        return
    with contextlib.suppress(OSError):
        held = os.open(os.devnull, os.O_RDONLY)
        if held != 1:
            os.dup2(held, 1)
            os.close(held)
        sys.stdout = os.fdopen(1, "w", encoding="utf-8", closefd=False)


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail a second time."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
