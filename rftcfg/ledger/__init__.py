"""The run ledger: every job rftcfg writes, recorded in a local SQLite file with its lineage.

The contract other layers use. Importing this package does not import sqlite3: `find_ledger`
needs only os and pathlib, and the database code loads when a ledger is opened or made."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rftcfg.core.series import Series
from rftcfg.ledger.locate import find_ledger, ledger_path
from rftcfg.ledger.types import LedgerError, RecordedChange, Run

if TYPE_CHECKING:
    from rftcfg.ledger.runs import Ledger


def open_ledger(path: Path) -> Ledger:
    """The ledger at `path`, as a context manager; a UsageError (exit 2) naming the path and the fix
    when it is missing, not a ledger, damaged, made by a newer rftcfg, or locked too long."""
    from rftcfg.ledger.runs import open_ledger as open_checked

    return open_checked(path)


def init_ledger(folder: Path, path: Path | None = None) -> Path:
    """Make `.rftcfg/runs.db` in `folder` (or the file `path`, as RFTCFG_LEDGER names it); an
    existing one is left as it is (FileExistsError)."""
    from rftcfg.ledger.store import create_db

    path = path or ledger_path(folder)
    if path.exists() or path.is_symlink():
        raise FileExistsError(str(path))
    create_db(path)
    return path


def __getattr__(name: str) -> Any:
    if name == "Ledger":  # the class, for callers that name it; loading it loads sqlite3
        from rftcfg.ledger.runs import Ledger

        return Ledger
    raise AttributeError(name)


__all__ = [
    "Ledger",
    "LedgerError",
    "RecordedChange",
    "Run",
    "Series",
    "find_ledger",
    "init_ledger",
    "ledger_path",
    "open_ledger",
]
