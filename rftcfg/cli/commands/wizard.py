"""`rftcfg wizard`: guided questions in the terminal (a thin layer over `new`)."""

from __future__ import annotations

from rftcfg.cli.interactive import require_terminal, run_wizard
from rftcfg.cli.root import app


@app.command()
def wizard() -> None:
    """Guided questions in the terminal; writes what `rftcfg new` would and prints that command."""
    require_terminal()
    run_wizard()
