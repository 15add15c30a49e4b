"""`rftcfg status`, `watch`, `jobs`, `cancel`, `resume`: following jobs on Fireworks."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import typer

from rftcfg.cli.options import ACCOUNT, check_account
from rftcfg.cli.root import app
from rftcfg.core.errors import EXIT_INTERRUPTED, RftcfgError

if TYPE_CHECKING:
    from rftcfg.app.following import Target
    from rftcfg.ledger import Ledger
    from rftcfg.remote.records import RemoteJob

JOB = typer.Argument(..., metavar="JOB", help="A job ID, a full job name, a recorded run or its job file.")
AS_JSON = typer.Option(False, "--json", help="Print JSON.")


class Interrupted(RftcfgError):
    exit_code = EXIT_INTERRUPTED


@contextlib.contextmanager
def _ledger() -> Iterator[Ledger | None]:
    from rftcfg.ledger import find_ledger

    path = find_ledger()
    if path is None:
        yield None
        return
    from rftcfg.ledger import open_ledger

    with open_ledger(path) as ledger:
        yield ledger


def _target(ref: str, account: str | None, ledger: Ledger | None) -> Target:
    from rftcfg.app.following import resolve

    return resolve(ref, check_account(account), ledger)


def _note_state(ledger: Ledger | None, job: RemoteJob) -> None:
    if ledger is not None and job.name:
        ledger.set_state(job.name, job.state)


def status_lines(job: RemoteJob) -> list[str]:
    from rftcfg.core.errors import shown_text

    lines = [f"{job.name}", f"  state:     {job.state}"]
    if job.percent is not None or job.epoch is not None:
        epoch = f", epoch {job.epoch}" if job.epoch is not None else ""
        lines.append(f"  progress:  {job.percent if job.percent is not None else '?'}%{epoch}")
    for label, value in (("created", job.created), ("completed", job.completed), ("message", job.message),
                         ("W&B", job.wandb_url), ("model", job.output_model)):  # fmt: skip
        if value:
            lines.append(f"  {label + ':':<10} {shown_text(value)}")
    if job.accelerator_seconds:
        used = ", ".join(f"{shown_text(k)} {shown_text(v)} s" for k, v in sorted(job.accelerator_seconds.items()))
        lines.append(f"  GPU time:  {used}")
    return lines


@app.command()
def status(ref: str = JOB, as_json: bool = AS_JSON, account: str | None = ACCOUNT) -> None:
    """State, progress, times, status message, W&B URL and accelerator time of one job."""
    from rftcfg.remote.client import Client

    with _ledger() as ledger:
        target = _target(ref, account, ledger)
        job = Client(target.account).get(target.job_id)
        _note_state(ledger, job)
    typer.echo(json.dumps(job.as_dict(), indent=2) if as_json else "\n".join(status_lines(job)))


def _seconds(value: float | None, flag: str) -> float | None:
    import math

    if value is not None and not (math.isfinite(value) and value > 0):
        from rftcfg.core.errors import UsageError

        raise UsageError(f"{flag} {value}: give a number of seconds above 0 (fractions allowed).")
    return value


@app.command()
def watch(
    ref: str = JOB,
    interval: float | None = typer.Option(
        None, "--interval", metavar="SECONDS", help="First wait between polls; it grows while nothing changes."
    ),
    timeout: float | None = typer.Option(
        None, "--timeout", metavar="SECONDS", help="Stop watching after this long (the job goes on)."
    ),
    stall: float | None = typer.Option(
        None, "--stall-warning", metavar="SECONDS", help="Warn when RUNNING this long without progress."
    ),
    account: str | None = ACCOUNT,
) -> None:
    """Follow a job to its end: exit 0 completed, 1 failed/cancelled/expired, 130 Ctrl-C (the job keeps running)."""
    from rftcfg.app.following import TimedOut, Watch
    from rftcfg.app.following import watch as follow
    from rftcfg.catalog import catalog, format_number
    from rftcfg.cli.boundary import err
    from rftcfg.remote.client import Client
    from rftcfg.remote.errors import RemoteError

    spec = catalog().remote
    settings = Watch(_seconds(interval, "--interval") or float(spec.poll_interval_s), _seconds(timeout, "--timeout"),
                     _seconds(stall, "--stall-warning") or float(spec.stall_warn_s))  # fmt: skip
    bar = sys.stdout.isatty()
    with _ledger() as ledger:
        target = _target(ref, account, ledger)
        client = Client(target.account)

        def changed(job: RemoteJob) -> None:
            _note_state(ledger, job)
            typer.echo(_bar(job) if bar else _line(job), nl=not bar)

        def stalled(job: RemoteJob, seconds: float) -> None:
            err(f"{chr(10) if bar else ''}warning: {job.job_id} has been RUNNING for {format_number(round(seconds))} s "
                "without progress; the state alone can mislead (a trainer that crashed silently stays RUNNING). "
                "Check its logs in the Fireworks dashboard.")  # fmt: skip

        try:
            job = follow(lambda: client.get(target.job_id), settings, changed, stalled)
        except KeyboardInterrupt:
            raise Interrupted(f"stopped watching; job {target.job_id} keeps running on Fireworks "
                              f"(`rftcfg watch {target.name}` follows it again, `rftcfg cancel {target.name}` stops it).") from None  # fmt: skip
        except TimedOut as out:
            raise RemoteError(f"stopped watching after {format_number(settings.timeout or 0)} s; job "
                              f"{target.job_id} is {out.job.state} and keeps running.") from None  # fmt: skip
        finally:
            if bar:
                typer.echo("")
    if job.message:
        err(f"{job.state}: {job.message}")
    if not job.succeeded:
        raise RftcfgError(f"job {job.job_id} ended {job.state}.")
    typer.echo(f"Job {job.job_id} completed.")


def _line(job: RemoteJob) -> str:
    progress = f" {job.percent}%" if job.percent is not None else ""
    epoch = f" epoch {job.epoch}" if job.epoch is not None else ""
    return f"{job.job_id}: {job.state}{progress}{epoch}"


def _bar(job: RemoteJob) -> str:
    width = 30
    done = round(width * (job.percent or 0) / 100)
    return f"\r{job.job_id} [{'#' * done}{'-' * (width - done)}] {job.percent or 0:>3}% {job.state:<12}"


@app.command()
def jobs(as_json: bool = AS_JSON, account: str | None = ACCOUNT) -> None:
    """The account's RFT jobs: ID, state, progress, created."""
    from rftcfg.remote.client import Client

    account = check_account(account)
    if not account:
        from rftcfg.catalog import catalog
        from rftcfg.core.errors import UsageError

        raise UsageError(f"no account; give --account or export {catalog().secrets['account_env']}.")
    found = Client(account).list()
    if as_json:
        typer.echo(json.dumps([j.as_dict() for j in found], indent=2))
        return
    rows = [(j.job_id, j.state, f"{j.percent}%" if j.percent is not None else "-", j.created or "-") for j in found]
    widths = [max(len(row[i]) for row in rows) for i in range(3)] if rows else []
    for job_id, state, progress, created in rows:  # columns lined up, as `runs` lines up its tree
        typer.echo(f"{job_id:<{widths[0]}}  {state:<{widths[1]}}  {progress:>{widths[2]}}  {created}")
    if not found:
        typer.echo(f"No RFT jobs in account {account}.")


@app.command()
def cancel(ref: str = JOB, account: str | None = ACCOUNT) -> None:
    """Ask Fireworks to cancel a job (a cancelled job cannot be resumed)."""
    from rftcfg.remote.client import Client

    with _ledger() as ledger:
        target = _target(ref, account, ledger)
        client = Client(target.account)
        client.cancel(target.job_id)
        job = client.get(target.job_id)
        _note_state(ledger, job)
    typer.echo(f"Cancel requested for {job.name}; it is {job.state}.")


@app.command()
def resume(ref: str = JOB, account: str | None = ACCOUNT) -> None:
    """Resume a failed job (cancelled jobs cannot be resumed)."""
    from rftcfg.remote.client import Client

    with _ledger() as ledger:
        target = _target(ref, account, ledger)
        job = Client(target.account).resume(target.job_id)
        _note_state(ledger, job)
    typer.echo(
        f"Resumed {job.name or target.name}; it is {job.state}. Follow it: rftcfg watch {job.name or target.name}"
    )
