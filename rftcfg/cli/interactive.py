"""Running the wizard from the command line: the terminal check, the questions, then the same
delivery as `new`, and the equivalent firectl and `rftcfg new` commands."""

from __future__ import annotations

import os
import shlex
import sys

import typer

from rftcfg.app.new import equivalent_argv
from rftcfg.cli.delivery import deliver
from rftcfg.cli.options import ACCOUNT_ENV
from rftcfg.core.errors import UsageError
from rftcfg.formats import Options, render
from rftcfg.ledger import LedgerError, find_ledger


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def on_terminal() -> bool:
    return not in_ci() and sys.stdin.isatty() and sys.stdout.isatty()


def require_terminal() -> None:
    if not on_terminal():
        why = "CI is set" if in_ci() else "it needs an interactive terminal"
        raise UsageError(
            f"the wizard asks questions and {why}; in scripts and CI use `rftcfg new` with flags "
            "(see `rftcfg new --help`)."
        )


def check_ledger() -> None:
    path = find_ledger()
    if path is not None:
        from rftcfg.ledger import open_ledger

        open_ledger(path).close()


def offer_wizard() -> bool:
    """Plain `rftcfg` on a terminal: ask whether to start the wizard (False: the user declined)."""
    from rftcfg.wizard.prompter import QuestionaryPrompter  # questionary only on the interactive path

    typer.echo("rftcfg sets up Fireworks RFT jobs. `rftcfg --help` lists the commands.")
    if not QuestionaryPrompter().confirm("start", "Start the interactive wizard?", default=True):
        return False
    run_wizard()
    return True


def run_wizard() -> None:
    from rftcfg.wizard.flow import ask_output
    from rftcfg.wizard.flow import run_wizard as ask_everything
    from rftcfg.wizard.prompter import QuestionaryPrompter  # questionary only on the interactive path

    check_ledger()  # a broken ledger is said before the questions, not after them
    prompter = QuestionaryPrompter()
    request = ask_everything(prompter, typer.echo, account=os.environ.get(ACCOUNT_ENV))
    while True:
        try:
            outcome = deliver(request, explain=False, command="wizard")
            break
        except LedgerError:
            raise  # another file name would not help
        except UsageError as exc:  # the file could not be written: ask for another, keep the answers
            typer.echo(f"  {exc.message}")
            request = ask_output(prompter, request, again=True)
    firectl = render(outcome.job, "firectl", Options(firectl_form=request.firectl_form)).text
    typer.echo(f"\nLaunch it with firectl:\n{firectl}")
    typer.echo(f"The same job from a script (writes an identical file):\n{shlex.join(equivalent_argv(request))}")
