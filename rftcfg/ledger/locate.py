"""Finding the ledger: the environment variable, else `.rftcfg/runs.db` in the current folder or
the nearest folder above it, as git finds `.git`.

Only os and pathlib: every command asks, and a command without a ledger must start as fast as
it did before there was one (sqlite3 is imported only once a ledger is opened)."""

from __future__ import annotations

import os
from pathlib import Path

from rftcfg.catalog import catalog


def find_ledger(start: Path | None = None) -> Path | None:
    """The ledger's database path, or None when there is none. The path is not checked here: a
    named or found path that is not a usable ledger is reported when it is opened."""
    spec = catalog().ledger
    named = os.environ.get(spec.env, "")
    if named:
        return Path(named)
    try:
        folder = (start or Path.cwd()).absolute()
    except OSError:  # the current folder was deleted under us: no folder, no ledger
        return None
    for place in (folder, *folder.parents):
        candidate = place / spec.folder / spec.file
        if os.path.lexists(candidate):  # a link, folder or FIFO there is still "the ledger": opening says why not
            return candidate
    return None


def ledger_path(folder: Path) -> Path:
    """Where `rftcfg init` in `folder` puts the ledger."""
    spec = catalog().ledger
    return folder / spec.folder / spec.file
