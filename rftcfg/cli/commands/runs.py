"""`rftcfg runs`: the recorded runs as a lineage, each with its change, state and outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from rftcfg.cli.root import app

if TYPE_CHECKING:
    from pathlib import Path


@app.command()
def runs(
    as_json: bool = typer.Option(False, "--json", help="A JSON list of the runs, every field of each."),
) -> None:
    """List the recorded runs as a lineage (baseline -> one-change children), with each one's final reward."""
    import json

    from rftcfg.app.runs import lineage, runs_json, runs_lines
    from rftcfg.cli.boundary import err
    from rftcfg.cli.recording import shown_ledger
    from rftcfg.ledger import open_ledger

    with open_ledger(require_ledger()) as ledger:
        listed = lineage(ledger)
        where = shown_ledger(ledger.path)
    if as_json:
        typer.echo(json.dumps(runs_json(listed), indent=2))
        return
    if not listed:
        err(f"No runs recorded in {where} yet: write a job with `rftcfg new -o FILE` (or tune, sweep, import).")
        return
    typer.echo("\n".join(runs_lines(listed)))


def require_ledger() -> Path:
    from rftcfg.core.errors import UsageError
    from rftcfg.ledger import find_ledger

    path = find_ledger()
    if path is None:
        raise UsageError("no ledger here; run `rftcfg init` to start recording runs in this folder.")
    return path
