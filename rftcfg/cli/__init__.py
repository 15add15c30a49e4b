"""The command line: a thin shell over the use cases in rftcfg.app. One module per command in
`commands/`; each registers itself on the app in `root` when imported."""

from __future__ import annotations

from rftcfg.cli.commands import diff, explain, importing, new, render, sweep, tune, validate, wizard  # noqa: F401
from rftcfg.cli.root import app


def main() -> None:
    app(prog_name="rftcfg")  # the same name in help whether run as `rftcfg` or `python -m rftcfg`


__all__ = ["app", "main"]
