"""The typed view of `ledger` in the data table: where the run ledger lives and how it waits."""

from __future__ import annotations

from typing import NamedTuple


class LedgerSpec(NamedTuple):
    folder: str  # made by `rftcfg init` in the current folder
    file: str  # the database inside that folder
    env: str  # environment variable naming the database file itself
    busy_timeout_ms: int  # how long a writer waits for another before giving up
    run_id_length: int  # hex characters of a run ID
    min_prefix: int  # shortest start of a run ID accepted as a reference
    application_id: int  # SQLite header mark of an rftcfg ledger
