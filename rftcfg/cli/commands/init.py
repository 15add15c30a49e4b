"""`rftcfg init`: make the run ledger, .rftcfg/runs.db, in the current folder."""

from __future__ import annotations

import typer

from rftcfg.cli.root import app


@app.command()
def init() -> None:
    """Start recording runs: make .rftcfg/runs.db here; every rftcfg command below this folder then records what it writes."""
    from pathlib import Path

    from rftcfg.catalog import catalog
    from rftcfg.cli.boundary import err
    from rftcfg.cli.recording import shown_ledger
    from rftcfg.ledger import find_ledger, init_ledger, ledger_path

    here = ledger_path(Path())
    try:
        made = init_ledger(Path())
    except FileExistsError:
        typer.echo(f"A ledger already exists at {shown_ledger(here)}; it was left as it is.")
        return
    typer.echo(f"Made the run ledger {shown_ledger(made)}. Jobs written from this folder and below are now recorded.")
    used = find_ledger()
    if used is not None and used.absolute() != made.absolute():
        err(f"note: {catalog().ledger.env} is set, so commands use {shown_ledger(used)} instead until you unset it.")
