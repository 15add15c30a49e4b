"""The one error boundary: every command runs inside it, so a person never sees a traceback.

Exceptions carry their own exit code (core.errors); this module turns them into one message on
stderr and that code. Exit codes: 0 ok, 1 invalid job, 2 usage or file error, 3 internal error
(a bug), 130 interrupted, 141 the reader of stdout went away.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

import typer
from typer.core import TyperCommand

from rftcfg.core.errors import EXIT_BROKEN_PIPE, EXIT_INTERNAL, EXIT_INTERRUPTED, RftcfgError, UsageError
from rftcfg.files import interrupts


def err(text: str) -> None:
    """Diagnostics to stderr. A closed stderr must not change what gets written or the exit code."""
    if text:
        with contextlib.suppress(OSError):
            typer.echo(text, err=True)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn what can go wrong into one message on stderr and an exit code (never a traceback)."""
    interrupts.begin()
    try:
        with _stdout_errors():
            yield
            _flush_stdout()  # a full or closed stdout fails here, not unseen at interpreter exit
    except RftcfgError as exc:
        err("\n".join(exc.details))
        err(f"rftcfg: {exc.message}")
        raise typer.Exit(exc.exit_code) from None
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, SIGTERM, SIGHUP anywhere; Ctrl-D at a wizard prompt
        interrupts.finish()  # a second signal must not cut this message short
        done = interrupts.written()
        err(f"\nrftcfg: interrupted; {', '.join(done)} {'was' if len(done) == 1 else 'were'} written." if done
            else f"\nrftcfg: {interrupts.STOPPED}")  # fmt: skip
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader of stdout went away (`rftcfg ... | head -1`): stop quietly, as `cat` does.
        _silence_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if os.environ.get("RFTCFG_DEBUG"):
            raise
        err(
            f"rftcfg: internal error ({type(exc).__name__}: {exc}). This is a bug in rftcfg; "
            "please report it with the command you ran (RFTCFG_DEBUG=1 shows the traceback)."
        )
        raise typer.Exit(EXIT_INTERNAL) from None
    finally:
        interrupts.finish()


_STDOUT_FIXES = {
    errno.EBADF: "It is closed; redirect it to a file or to /dev/null.",
    errno.ENOSPC: "Free some space, or send it elsewhere.",
    errno.EFBIG: "It is over the file size limit (ulimit -f); raise the limit, or send it elsewhere.",
}


@contextlib.contextmanager
def _stdout_errors() -> Iterator[None]:
    """A failed write to stdout (full disk, closed stream) is a usage error, not a bug. A reader
    that went away (BrokenPipeError) is not: it stays the quiet exit 141."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        if not _from_stdout(exc):
            raise
        _silence_stdout()
        fix = _STDOUT_FIXES.get(exc.errno or 0)
        reason = exc.strerror or os.strerror(exc.errno or 0)
        raise UsageError(f"standard output: cannot write it: {reason}." + (f" {fix}" if fix else "")) from None


def _flush_stdout() -> None:
    sys.stdout.flush()


def _from_stdout(exc: OSError) -> bool:
    """Whether `exc` came from writing stdout: raised in an echo (stderr's own never get here,
    `err` drops them) or in the final flush, so it is neither a file's error nor a bug's."""
    last = exc.__traceback__
    while last is not None and last.tb_next is not None:
        last = last.tb_next
    return exc.filename is None and last is not None and last.tb_frame.f_code.co_name in ("echo", "_flush_stdout")


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


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail a second time."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


class BoundaryCommand(TyperCommand):
    """A command whose body runs inside `user_errors`.

    The command rather than the group: typer's own usage errors (unknown flags) are raised while
    parsing, before `invoke`, and keep typer's usual exit code 2.
    """

    def invoke(self, ctx: Any) -> Any:
        with user_errors():
            return super().invoke(ctx)


class App(typer.Typer):
    """A Typer whose every command gets the boundary, so no command can forget it."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
        kwargs.setdefault("cls", BoundaryCommand)
        return super().command(*args, **kwargs)
