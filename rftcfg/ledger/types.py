"""What the ledger holds, as plain values: a run and the changes that made it (its series of
points are `core.series.Series`, shared with the metrics reader).

No SQLite here: every command may import these types without paying for the database."""

from __future__ import annotations

from typing import NamedTuple

from rftcfg.catalog import Number
from rftcfg.core.errors import UsageError
from rftcfg.core.job import Job


class RecordedChange(NamedTuple):
    param: str  # catalog parameter key
    old: Number | None
    new: Number
    reason: str  # "goal better-quality", "symptom reward-collapse", "sweep", "flag --epochs"


class Run(NamedTuple):
    run_id: str  # short and stable: ledger.run_id_length lowercase hex characters, unique in the ledger
    created: str  # ISO 8601, UTC
    job: Job  # the full job as written
    content_hash: str  # sha256 hex of the job's canonical JSON (sorted keys)
    parent: str | None  # the parent's run_id
    command: str  # new | wizard | tune | sweep | import | next
    changes: tuple[RecordedChange, ...]
    reason: str  # one line: why this run exists
    path: str | None  # absolute path of the written file
    job_id: str | None
    output_model: str | None
    wandb_project: str | None
    wandb_run: str | None
    fireworks_job: str | None  # linked by `record --job` or set by `launch`
    state: str  # "written"; after `rftcfg launch` the job's state as last seen (CREATING, RUNNING, COMPLETED, ...)
    launched: str | None = None  # ISO 8601, UTC: when the service said it created the job


class LedgerError(UsageError):
    """The ledger itself cannot be used (missing, not a ledger, damaged, newer, locked): exit 2.
    Its own type, so a caller that retries on a bad output file does not retry on this."""
