"""`rftcfg init`: make the run ledger, .rftcfg/runs.db, in the current folder."""

from __future__ import annotations

import typer

from rftcfg.cli.root import app


@app.command()
def init() -> None:
    """Start recording runs: make .rftcfg/runs.db here (or the file RFTCFG_LEDGER names); rftcfg commands then record what they write."""
    import os
    from pathlib import Path

    from rftcfg.catalog import catalog
    from rftcfg.cli.recording import shown_ledger
    from rftcfg.core.errors import UsageError
    from rftcfg.ledger import init_ledger, ledger_path

    env = catalog().ledger.env
    named = os.environ.get(env, "")
    # The ledger every other command would use: the one RFTCFG_LEDGER names, else this folder's.
    target = Path(named) if named else ledger_path(Path())
    if named and not target.parent.is_dir():
        raise UsageError(f"{env} names {shown_ledger(target)}, whose folder does not exist; make it, or unset {env}.")
    try:
        made = init_ledger(Path(), target)
    except FileExistsError:
        typer.echo(f"A ledger already exists at {shown_ledger(target)}; it was left as it is.")
        return
    where = (
        f"Every command uses it while {env} names it."
        if named
        else "Jobs written from this folder and below are now recorded."
    )
    typer.echo(f"Made the run ledger {shown_ledger(made)}. {where}")
