"""Typed views of `ledger` (where the run ledger lives and how it waits) and `remote` (launching
and following jobs) in the data table."""

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


class RemoteSpec(NamedTuple):
    """The data table's `remote`: launching and following jobs through the SDK."""

    install: str  # the exact install command printed when the SDK is missing
    base_url_env: str  # the SDK's base URL variable
    default_base_url: str  # where the SDK sends requests without it
    timeout_env: str  # seconds per request, overriding request_timeout_s
    request_timeout_s: float
    retries: int  # the SDK's retries of 429, 5xx and timeouts
    launch_concurrency: int  # jobs of a sweep folder created at once
    poll_interval_s: float  # first wait between polls
    poll_max_interval_s: float  # longest wait between polls
    poll_backoff: float  # factor between unchanged polls
    stall_warn_s: float  # RUNNING without progress this long earns a warning
    page_size: int  # jobs per page when listing
    state_prefix: str  # JOB_STATE_, shown without
    succeeded: tuple[str, ...]  # final and completed
    ended: tuple[str, ...]  # final and not completed

    @staticmethod
    def build(raw: dict[str, object]) -> RemoteSpec:
        return RemoteSpec(**{**raw, "succeeded": tuple(raw["succeeded"]), "ended": tuple(raw["ended"])})  # type: ignore[arg-type]
