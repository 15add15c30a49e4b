"""`status`, `watch`, `cancel`, `resume`: which job a person means, and following it to its end.

A job is named by its ID, its full name, a recorded run (anything `Ledger.find` takes) or its
job file. Watching polls with backoff: the wait grows while nothing changes and starts over
when something does; a job RUNNING without progress for long earns a warning, because the state
alone can mislead (REF 8: a silent crash can leave a job RUNNING)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rftcfg.catalog import catalog
from rftcfg.core.errors import UsageError, excerpt
from rftcfg.remote.names import job_name, parse_job_ref

if TYPE_CHECKING:
    from rftcfg.ledger import Ledger, Run
    from rftcfg.remote.records import RemoteJob


class Target(NamedTuple):
    account: str
    job_id: str
    run: Run | None  # the recorded run, when the ledger knows the job

    @property
    def name(self) -> str:
        return job_name(self.account, self.job_id)


def resolve(ref: str, account: str | None, ledger: Ledger | None) -> Target:
    parsed = parse_job_ref(ref)
    if parsed is not None and parsed.account is not None:
        run = ledger.by_fireworks_job(ref) if ledger is not None else None
        return Target(parsed.account, parsed.job_id, run)
    if ledger is not None:
        try:
            run = ledger.find(ref)
        except UsageError:
            run = None
        if run is not None:
            linked = parse_job_ref(run.fireworks_job or "")
            chosen = (linked.account if linked else None) or run.job.get("account_id") or account
            job_id = linked.job_id if linked else run.job_id
            if chosen and job_id:
                return Target(str(chosen), job_id, run)
    if _is_file(ref):
        from rftcfg.app.load import load_job

        job = load_job(ref, account).job
        job_id, chosen = job.get("reinforcement_fine_tuning_job_id"), job.get("account_id") or account
        if not job_id:
            raise UsageError(f"{excerpt(ref)}: the job file has no reinforcement_fine_tuning_job_id, so it names no job; "
                             "give the job's ID (`rftcfg jobs` lists them).")  # fmt: skip
        return Target(str(_need_account(chosen, ref)), str(job_id), None)
    if parsed is None:
        raise UsageError(f"'{excerpt(ref)}' is not a job ID, a job name (accounts/<a>/reinforcementFineTuningJobs/<id>), "
                         "a recorded run or a job file.")  # fmt: skip
    run = ledger.by_fireworks_job(job_name(account, parsed.job_id)) if ledger is not None and account else None
    return Target(_need_account(account, ref), parsed.job_id, run)


def _need_account(account: str | None, ref: str) -> str:
    if not account:
        env = catalog().secrets["account_env"]
        raise UsageError(f"no account for job '{excerpt(ref)}'; give its full name, --account, or export {env}.")
    return account


def _is_file(ref: str) -> bool:
    try:
        return Path(ref).is_file()
    except (OSError, ValueError):
        return False


class Watch(NamedTuple):
    interval: float  # first wait between polls
    timeout: float | None  # stop watching after this long
    stall: float  # warn when RUNNING without progress this long


class TimedOut(Exception):
    def __init__(self, job: RemoteJob) -> None:
        self.job = job


def watch(
    get: Callable[[], RemoteJob],
    settings: Watch,
    on_change: Callable[[RemoteJob], None],
    on_stall: Callable[[RemoteJob, float], None],
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> RemoteJob:
    """Poll until the job is final; the final record. TimedOut when --timeout runs out first."""
    spec = catalog().remote
    longest = max(settings.interval, float(spec.poll_max_interval_s))
    start = clock()
    wait = settings.interval
    seen: tuple[str, int | None, int | None] | None = None
    moved = start  # when progress last changed
    warned = False
    while True:
        job = get()
        now = clock()
        shape = (job.state, job.percent, job.epoch)
        if shape != seen:
            if seen is None or shape[1:] != seen[1:] or job.state != "RUNNING":
                moved, warned = now, False
            seen = shape
            wait = settings.interval
            on_change(job)
        else:
            wait = min(wait * spec.poll_backoff, longest)
        if job.final:
            return job
        if job.state == "RUNNING" and not warned and now - moved >= settings.stall:
            warned = True
            on_stall(job, now - moved)
        if settings.timeout is not None:
            left = settings.timeout - (now - start)
            if left <= 0:
                raise TimedOut(job)
            wait = min(wait, left)
        sleep(wait)
