"""The one error boundary: every command runs inside it, so a person never sees a traceback.

Exceptions carry their own exit code (core.errors); this module turns them into one message on
stderr and that code. Exit codes: 0 ok, 1 invalid job, 2 usage or file error, 3 internal error
(a bug), 130 interrupted, 141 the reader of stdout went away.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand

from rftcfg.catalog import catalog
from rftcfg.cli.stdout import flush_stdout, silence_stdout, stdout_errors
from rftcfg.core.errors import EXIT_BROKEN_PIPE, EXIT_INTERNAL, EXIT_INTERRUPTED, RftcfgError, shown_text
from rftcfg.files import interrupts


def err(text: str) -> None:
    """Diagnostics to stderr. A closed stderr must not change what gets written or the exit code."""
    if text:
        with contextlib.suppress(OSError):
            typer.echo(text, err=True)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn what can go wrong into one message on stderr and an exit code (never a traceback)."""
    failure: Exception | None = None
    interrupts.begin()
    try:
        with stdout_errors():
            yield
            flush_stdout()  # a full or closed stdout fails here, not unseen at interpreter exit
    except RftcfgError as exc:
        code = _reported(functools.partial(_user_error, exc), exc.exit_code)
        raise typer.Exit(code) from None
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, SIGTERM, SIGHUP anywhere; Ctrl-D at a wizard prompt
        interrupts.finish()  # a second signal must not cut this message short
        raise typer.Exit(_reported(_interrupted, EXIT_INTERRUPTED)) from None
    except BrokenPipeError:
        # The reader of stdout went away (`rftcfg ... | head -1`): stop quietly, as `cat` does.
        silence_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if _after_interrupt(exc):
            # A library's clean-up failed while a Ctrl-C unwound through it (a connection closed
            # mid-read): the person interrupted, and that is what happened.
            interrupts.finish()
            raise typer.Exit(_reported(_interrupted, EXIT_INTERRUPTED)) from None
        if os.environ.get("RFTCFG_DEBUG"):
            raise
        # Dropping the traceback frees the frames (and whatever large values they held) before
        # anything is formatted: a MemoryError is reported with the memory it ran out of.
        failure = exc.with_traceback(None)
        failure.__context__ = failure.__cause__ = None
    finally:
        interrupts.finish()
    if failure is not None:
        raise typer.Exit(_reported(functools.partial(_internal_error, failure), EXIT_INTERNAL)) from None


def _user_error(exc: RftcfgError) -> None:
    err("\n".join(exc.details))
    err(f"rftcfg: {exc.message}")


def _after_interrupt(exc: BaseException) -> bool:
    """Whether a KeyboardInterrupt (Ctrl-C, SIGTERM, SIGHUP) is among the exceptions `exc` was
    raised while handling."""
    seen: BaseException | None = exc.__context__ or exc.__cause__
    for _ in range(_CHAIN_DEPTH):
        if seen is None:
            return False
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__context__ or seen.__cause__
    return False


_CHAIN_DEPTH = 16  # exception chains are short; a cycle must not hold the last resort up


def _interrupted() -> None:
    """Whether the output got written decides what an interrupt means, so say which."""
    done = interrupts.written()
    err(f"\nrftcfg: interrupted; {', '.join(done)} {'was' if len(done) == 1 else 'were'} written." if done
        else f"\nrftcfg: {interrupts.STOPPED}")  # fmt: skip


def _internal_error(exc: Exception) -> None:
    if isinstance(exc, MemoryError):  # constant text: formatting could need the memory that ran out
        _write_stderr(_OUT_OF_MEMORY)
        return
    err(
        f"rftcfg: internal error ({_brief(exc)}). This is a bug in rftcfg; "
        "please report it with the command you ran (RFTCFG_DEBUG=1 shows the traceback)."
    )


def _brief(exc: Exception) -> str:
    """`TypeName: text`, the text cut to a line's worth and its control characters escaped; the
    type name alone when the exception cannot even be turned into text."""
    name = type(exc).__name__
    try:
        text = str(exc)
        cut = text[:_BRIEF_CHARS] + ("..." if len(text) > _BRIEF_CHARS else "")
        return f"{name}: {shown_text(cut)}" if cut else name
    except Exception:
        return name


def _reported(report: Callable[[], None], code: int) -> int:
    """Run `report`; if reporting itself fails (out of memory, an exception whose text cannot be
    made), say so in preallocated bytes and turn the exit code into 3. Never raises."""
    try:
        report()
        return code
    except BaseException:
        _write_stderr(_REPORT_FAILED)
        return EXIT_INTERNAL


def out_of_memory() -> NoReturn:
    """The last resort outside any command (typer building its commands ran out of memory):
    the message made in advance, exit 3, nothing that could need memory or raise."""
    _write_stderr(_OUT_OF_MEMORY)
    os._exit(EXIT_INTERNAL)


def _write_stderr(data: bytes) -> None:
    """Bytes made in advance to stderr (where it was redirected to, else file descriptor 2)."""
    try:
        sys.stderr.flush()  # what was already said comes first
        sys.stderr.buffer.write(data)
        sys.stderr.flush()
    except BaseException:
        with contextlib.suppress(BaseException):
            os.write(2, data)


_BRIEF_CHARS = 200
# Made once at import: the last resort must not need memory to say that memory ran out.
_OUT_OF_MEMORY = (
    b"rftcfg: internal error (out of memory). rftcfg ran out of memory; free some, or raise the limit "
    b"(ulimit -v), and run it again. If a small job does this, it is a bug in rftcfg: please report it.\n"
)
_REPORT_FAILED = (
    b"rftcfg: internal error: rftcfg failed while reporting a problem (out of memory?). This is a bug "
    b"in rftcfg; please report it with the command you ran (RFTCFG_DEBUG=1 shows the traceback).\n"
)


class BoundaryCommand(TyperCommand):
    """A command whose body runs inside `user_errors`.

    The command rather than the group: typer's own usage errors (unknown flags) are raised while
    parsing, before `invoke`, and keep typer's usual exit code 2.
    """

    def invoke(self, ctx: Any) -> Any:
        with user_errors():
            return super().invoke(ctx)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Refuse empty text for every option and argument, in one place: an empty value is a
        mistake (an unset shell variable), never "use the default", and some commands would
        otherwise read it as a name that matches nothing, or as no value at all."""
        rest: list[str] = super().parse_args(ctx, args)
        # A resource flag given empty has a meaning of its own: it removes the starting file's
        # value (`new --from old.yaml --job-id ''`, which the wizard also prints).
        clearable = catalog().resources.keys()
        for param in self.get_params(ctx):
            given = ctx.get_parameter_source(param.name) if param.name else None
            if given is None or given.name not in ("COMMANDLINE", "ENVIRONMENT") or param.name in clearable:
                continue
            value = ctx.params.get(param.name)
            values = value if isinstance(value, (list, tuple)) else [value]
            if any(isinstance(v, str) and not v.strip() for v in values):
                raise typer.BadParameter("must not be empty; give a value, or leave it out.", ctx=ctx, param=param)
        return rest


class App(typer.Typer):
    """A Typer whose every command gets the boundary, so no command can forget it."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
        kwargs.setdefault("cls", BoundaryCommand)
        return super().command(*args, **kwargs)
