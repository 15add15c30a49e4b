"""`rftcfg sweep BASE --vary PARAM=V1,V2 -o DIR`: one factor at a time, all validated first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rftcfg.cli.boundary import err
from rftcfg.cli.options import ACCOUNT, FORCE, check_account
from rftcfg.cli.recording import NO_RECORD, record_entries, recording
from rftcfg.cli.root import app
from rftcfg.core.errors import RftcfgError, count, shown_text

if TYPE_CHECKING:
    from rftcfg.ledger import Ledger


@app.command()
def sweep(
    base_file: str = typer.Argument(..., metavar="BASE", help="The job every variant starts from."),
    vary: list[str] = typer.Option(
        [], "--vary", metavar="PARAM=V1,V2,...", help="A parameter and its values (repeatable)."
    ),
    output: str = typer.Option(
        ..., "--output", "-o", metavar="DIR", help="Folder for the jobs, launch.sh and summary.txt."
    ),
    grid: bool = typer.Option(
        False, "--grid", help="Every combination instead of one factor at a time (you lose attribution)."
    ),
    force: bool = FORCE,
    account: str | None = ACCOUNT,
    no_record: bool = NO_RECORD,
) -> None:
    """One job per value, each differing from BASE in exactly one parameter, plus launch.sh."""

    account = check_account(account)
    with recording(no_record, to_file=True) as ledger:  # a broken ledger stops the sweep before it is written
        _sweep(base_file, vary, output, grid=grid, force=force, account=account, ledger=ledger)


def _sweep(
    base_file: str, vary: list[str], output: str, *, grid: bool, force: bool, account: str | None, ledger: Ledger | None
) -> None:
    from rftcfg.app.sweep import earlier_sweep_problem, plan_sweep
    from rftcfg.files.folders import write_tree

    planned = plan_sweep(base_file, vary, grid=grid, account=account)
    if grid and len(vary) > 1:
        err(f"warning: --grid writes {count(len(planned.variants), 'job')} that each change several parameters at once; "
            "when one does better you will not know which change helped.")  # fmt: skip
    for note in planned.notes:
        err(f"note: {note}.")
    for variant, finding in planned.problems:
        err(f"{variant.name}: {finding.render()}")
    if planned.invalid:
        raise RftcfgError(
            f"{len(planned.invalid)} of {count(len(planned.variants), 'variant')} "
            f"{'is' if len(planned.invalid) == 1 else 'are'} invalid; nothing was written."
        )
    write_tree(output, planned.files, force=force, executable=("launch.sh",), replaceable=earlier_sweep_problem)
    typer.echo(planned.files["summary.txt"], nl=False)
    if planned.base.get("wandb_config.enabled"):
        err("note: every variant logs to the same W&B project with its own run_id (its job ID); firectl has no "
            "flag for the run ID, so launch.sh runs get the service's run names. Export WANDB_API_KEY first.")  # fmt: skip
    err(f"Wrote {count(len(planned.variants), 'job')}, launch.sh and summary.txt to {shown_text(output)}.")
    if ledger is not None:
        from rftcfg.app.recording import sweep_entries

        written = [(v.job, str(Path(output) / f"{v.name}.yaml"), v.changes) for v in planned.variants]
        record_entries(ledger, "sweep", sweep_entries(planned.base, written), [planned.base])
