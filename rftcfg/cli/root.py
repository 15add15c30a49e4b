"""The typer application: its name, help, --version, and what plain `rftcfg` does."""

from __future__ import annotations

import typer

from rftcfg import __version__
from rftcfg.cli.boundary import App, user_errors
from rftcfg.cli.interactive import offer_wizard, on_terminal
from rftcfg.core.errors import EXIT_USAGE

app = App(
    name="rftcfg",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Set up reinforcement fine-tuning (RFT) jobs on Fireworks AI: goals in, a validated job out.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rftcfg {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Set up reinforcement fine-tuning (RFT) jobs on Fireworks AI: goals in, a validated job out.

    Run `rftcfg wizard` for guided questions, or `rftcfg new` with flags in scripts.
    """
    if ctx.invoked_subcommand is not None:
        return
    if not on_terminal():
        typer.echo(ctx.get_help())
        raise typer.Exit(EXIT_USAGE)
    with user_errors():
        if not offer_wizard():
            typer.echo(ctx.get_help())
