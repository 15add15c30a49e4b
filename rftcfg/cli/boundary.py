"""The one error boundary: every command runs inside it, so a person never sees a traceback.

Exceptions carry their own exit code (core.errors); this module turns them into one message on
stderr and that code. Exit codes: 0 ok, 1 invalid job, 2 usage or file error, 3 internal error
(a bug), 130 interrupted, 141 the reader of stdout went away.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

import typer
from typer.core import TyperCommand

from rftcfg.catalog import catalog
from rftcfg.core.errors import EXIT_BROKEN_PIPE, EXIT_INTERNAL, EXIT_INTERRUPTED, RftcfgError


def err(text: str) -> None:
    """Diagnostics to stderr. A closed stderr must not change what gets written or the exit code."""
    if text:
        with contextlib.suppress(OSError):
            typer.echo(text, err=True)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn what can go wrong into one message on stderr and an exit code (never a traceback)."""
    try:
        yield
    except RftcfgError as exc:
        err("\n".join(exc.details))
        err(f"rftcfg: {exc.message}")
        raise typer.Exit(exc.exit_code) from None
    except (KeyboardInterrupt, EOFError):  # Ctrl-C anywhere; Ctrl-D at a wizard prompt
        err("\nrftcfg: interrupted; nothing was written.")
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
