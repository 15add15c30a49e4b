"""`rftcfg launch JOB...`: validate, then have Fireworks create the jobs (the SDK, an extra)."""

from __future__ import annotations

import json

import typer

from rftcfg.cli.options import ACCOUNT, check_account
from rftcfg.cli.root import app


@app.command()
def launch(
    targets: list[str] = typer.Argument(
        ..., metavar="JOB...", help="Job files, or sweep folders (every *.yaml in them)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the requests (method, URL, body); send nothing."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors: launch nothing if any job has one."),
    as_json: bool = typer.Option(False, "--json", help="Print the outcome of every job as JSON."),
    account: str | None = ACCOUNT,
) -> None:
    """Create the jobs on Fireworks, exactly as `rftcfg render JOB --format api` prints them; then `rftcfg watch ID`."""
    from rftcfg.app.launching import dry_run_dict, dry_run_text, job_files, launch_all, prepare
    from rftcfg.app.report import findings_text
    from rftcfg.cli.boundary import err
    from rftcfg.core.errors import InvalidJobError, UsageError, count
    from rftcfg.ledger import find_ledger
    from rftcfg.remote.errors import RemoteError

    account = check_account(account)
    files = [(f, len(job_files(t)) > 1 or f != t) for t in targets for f in job_files(t)]
    if len({f for f, _ in files}) != len(files):
        raise UsageError("the same job file is named twice; give each once.")
    prepared = [prepare(f, account) for f, _ in files]  # every job checked before anything is sent
    warned = 0
    for p in prepared:
        err(findings_text(p.findings, p.path))
        warned += sum(f.level == "warning" for f in p.findings)
    if strict and warned:
        raise InvalidJobError([], None, f"--strict: {count(warned, 'warning')}; nothing was sent.")
    if dry_run:
        if as_json:
            typer.echo(json.dumps([dry_run_dict(p) for p in prepared], indent=2))
        else:
            typer.echo("\n".join(dry_run_text(p) for p in prepared), nl=False)
        err(f"Dry run: {count(len(prepared), 'request')} shown, nothing sent.")
        return
    from rftcfg.remote.client import Client

    folder = any(in_folder for _, in_folder in files) or len(files) > 1
    path = find_ledger()
    ledger_cm = None
    if path is not None:
        from rftcfg.ledger import open_ledger

        ledger_cm = open_ledger(path)
    try:
        outcomes = launch_all(prepared, Client, ledger_cm, lambda o: _report(o, as_json, folder), folder=folder)
    finally:
        if ledger_cm is not None:
            ledger_cm.close()
    if as_json:
        typer.echo(json.dumps([o.as_dict() for o in outcomes], indent=2))
    failed = [o for o in outcomes if o.status == "failed"]
    if len(outcomes) > 1:
        made = sum(o.status == "created" for o in outcomes)
        had = sum(o.status in ("exists", "skipped") for o in outcomes)
        err(f"{count(made, 'job')} created, {had} already there, {len(failed)} failed.")
    if failed:
        raise RemoteError(failed[0].message if len(outcomes) == 1 else
                          f"{len(failed)} of {count(len(outcomes), 'job')} could not be created (see above).")  # fmt: skip


def _report(outcome: object, as_json: bool, folder: bool) -> None:
    from rftcfg.app.launching import Outcome
    from rftcfg.cli.boundary import err

    assert isinstance(outcome, Outcome)
    if outcome.status == "created" and outcome.job is not None:
        job = outcome.job
        if not as_json:
            typer.echo(f"Created {job.name} ({job.state}).")
            typer.echo(f"  watch it: rftcfg watch {job.name}")  # the full name: works with no ledger or account
    elif outcome.status == "failed":
        if folder and not as_json:
            err(f"error: {outcome.message}")
    elif not as_json:
        err(f"note: {outcome.message}")
