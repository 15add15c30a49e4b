"""The command line: a thin shell over the use cases in rftcfg.app. One module per command in
`commands/`; each registers itself on the app in `root` when imported."""

from __future__ import annotations

from rftcfg.cli.commands import (  # noqa: F401
    compare,
    diff,
    explain,
    follow,
    importing,
    init,
    launch,
    new,
    next_run,
    record,
    render,
    runs,
    sweep,
    tune,
    validate,
    wizard,
)
from rftcfg.cli.root import app


def main() -> None:
    from rftcfg.cli.stdout import hold_closed_stdout
    from rftcfg.files.interrupts import install

    install()  # again, for callers of main() that did not come through rftcfg.__main__.run
    hold_closed_stdout()
    try:
        app(prog_name="rftcfg")  # the same name in help whether run as `rftcfg` or `python -m rftcfg`
    except MemoryError:  # typer building the commands, before any command's boundary: still one line
        from rftcfg.cli.boundary import out_of_memory

        out_of_memory()


__all__ = ["app", "main"]
