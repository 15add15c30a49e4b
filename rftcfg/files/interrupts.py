"""Interrupts (Ctrl-C, SIGTERM, SIGHUP) and the writer: what a signal does depends on where the
program is, and the few steps that must not be separated (a rename and the bookkeeping of what
is on disk) hold signals until they are done.

Where the program is:
  starting  the command has not begun, so nothing can have been written: stop at once, exit 130.
  running   raise KeyboardInterrupt, so the writer removes what it staged and the boundary says
            truthfully what was written.
  done      the command has finished; its result and exit code stand, the signal changes nothing.

Only the real program (`install`) changes signal handling; commands run in-process by tests keep
the interpreter's own. Standard library only: `install` runs before the rest of rftcfg is imported.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from types import FrameType

_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
STOPPED = "interrupted; nothing was written."
_phase = "starting"
_installed = False
_written: list[str] = []


def install() -> None:
    """Where the program starts, before anything slow, so an interrupt is never a traceback."""
    if hasattr(signal, "SIGXFSZ"):
        # Over `ulimit -f` the kernel kills a writer with SIGXFSZ mid-file; ignored, the write
        # fails with EFBIG instead, which the writer turns into a message and removes.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    global _installed
    for number in _SIGNALS:
        signal.signal(number, _on_signal)
    _installed = True


def _on_signal(number: int, frame: FrameType | None) -> None:
    if _phase == "running":
        raise KeyboardInterrupt
    if _phase == "starting":
        with contextlib.suppress(OSError):
            os.write(2, f"\nrftcfg: {STOPPED}\n".encode())
        os._exit(128 + signal.SIGINT)  # the shell's code for Ctrl-C; the boundary uses the same
    # "done" (only before `finish` holds the signals): nothing to undo and nothing left to stop


def begin() -> None:
    """A command starts: signals now interrupt it, and nothing has been written yet."""
    global _phase
    _phase = "running"
    _written.clear()


def finish() -> None:
    """The command's outcome is decided (success or the message about to be printed)."""
    global _phase
    _phase = "done"
    if _installed and hasattr(signal, "pthread_sigmask"):
        # Held, not just ignored: while the interpreter shuts down it restores the default
        # handlers, and a signal then would kill the finished process and change its exit code.
        signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)


def record(shown: str) -> None:
    """`shown` is complete on disk; call it inside `deferred()` together with the rename."""
    _written.append(shown)


def written() -> list[str]:
    """What the current command has put on disk so far, for a truthful message on interrupt."""
    return list(_written)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block ends: a signal that arrives meanwhile is
    delivered (and raises) right after, once the block's steps have all happened or none has.
    Used for short steps only: a rename, the removal of a staged copy."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
