"""`launch`: validate job files (one, or every variant of a sweep folder), then have the service
create them, a few at a time, recording each created job on its run in the ledger.

The body sent is exactly what `render --format api` prints (the documented defaults filled in),
the job ID goes in the query string (REF 2). Nothing is recorded as launched unless the service
answered that it created the job."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from rftcfg.catalog import catalog
from rftcfg.core.errors import Finding, RftcfgError, UsageError, excerpt, shown_path
from rftcfg.core.job import Job
from rftcfg.remote.errors import RemoteError, key_env
from rftcfg.remote.names import create_url

if TYPE_CHECKING:
    from rftcfg.ledger import Ledger
    from rftcfg.remote.client import Client
    from rftcfg.remote.records import RemoteJob


class Prepared(NamedTuple):
    path: str
    job: Job
    body: dict[str, Any]  # the request body: render --format api
    job_id: str | None  # the query parameter; None lets the service choose one
    account: str
    findings: list[Finding]  # below error level, with line numbers


class Outcome(NamedTuple):
    prepared: Prepared
    status: str  # created | exists | skipped | failed
    job: RemoteJob | None  # what the service answered, when it created the job
    message: str  # one line: the job's name, or why not

    def as_dict(self) -> dict[str, Any]:
        p = self.prepared
        return {"path": p.path, "job_id": p.job_id, "account": p.account, "status": self.status,
                "message": self.message, "job": None if self.job is None else self.job.as_dict()}  # fmt: skip


def job_files(target: str) -> list[str]:
    """A job file, or every variant (`*.yaml`, as `rftcfg sweep -o DIR` writes them) in a folder."""
    folder = Path(target)
    if target != "-" and folder.is_dir():
        files = sorted(str(p) for p in folder.iterdir()
                       if p.suffix == ".yaml" and p.is_file() and not p.is_symlink() and not p.name.startswith("."))  # fmt: skip
        if not files:
            raise UsageError(
                f"{shown_path(target)}: a folder without job files (*.yaml); give a job file or a sweep folder."
            )
        return files
    return [target]


def prepare(path: str, account: str | None) -> Prepared:
    """The job in `path`, checked (InvalidJobError, exit 1, on an error) and made into the request."""
    from rftcfg.app.load import load_job
    from rftcfg.core.checks import check_job
    from rftcfg.core.errors import InvalidJobError
    from rftcfg.core.resources import fill_defaults
    from rftcfg.formats.documents import api_body

    try:
        loaded = load_job(path, account)
    except InvalidJobError as invalid:  # launch sends, it does not write: say what did not happen
        raise InvalidJobError(
            invalid.findings, invalid.path, invalid.message.replace("nothing was written", "nothing was sent")
        ) from None
    job, _ = fill_defaults(loaded.job)
    findings = loaded.file.locate(check_job(job, account=account))
    if any(f.level == "error" for f in findings):
        raise InvalidJobError(findings, loaded.file.path, f"{loaded.file.path}: the job is invalid; nothing was sent.")
    chosen = job.get("account_id") or account
    if not chosen:
        env = catalog().secrets["account_env"]
        raise UsageError(f"{shown_path(loaded.file.path)}: no account to create the job in; set account_id in the file, "
                         f"give --account, or export {env}.")  # fmt: skip
    job_id = job.get("reinforcement_fine_tuning_job_id")
    return Prepared(loaded.file.path, job, api_body(job), job_id or None, str(chosen), findings)


def dry_run_text(p: Prepared) -> str:
    """The request as it would go out, the key as a reference to its variable."""
    return (f"POST {create_url(p.account, p.job_id)}\nAuthorization: Bearer ${key_env()}\n"
            f"Content-Type: application/json\n\n{json.dumps(p.body, indent=2)}\n")  # fmt: skip


def dry_run_dict(p: Prepared) -> dict[str, Any]:
    return {"path": p.path, "method": "POST", "url": create_url(p.account, p.job_id),
            "headers": {"Authorization": f"Bearer ${key_env()}", "Content-Type": "application/json"}, "body": p.body}  # fmt: skip


def launch_all(
    jobs: Sequence[Prepared],
    client_for: Callable[[str], Client],
    ledger: Ledger | None,
    report: Callable[[Outcome], None],
    *,
    folder: bool,
) -> list[Outcome]:
    """Create every job not already launched, `remote.launch_concurrency` at a time; `report` hears
    each outcome as it comes (in the caller's thread, which also does all the ledger's writing)."""
    outcomes: list[Outcome] = []
    todo: list[Prepared] = []
    for p in jobs:
        earlier = _launched_run(ledger, p.path)
        if earlier is not None:
            outcomes.append(Outcome(p, "skipped", None, f"{p.path}: already launched as {earlier}; skipped."))
            report(outcomes[-1])
        else:
            todo.append(p)
    clients = {a: client_for(a) for a in sorted({p.account for p in todo})}  # a missing SDK or key stops here
    workers = max(1, min(catalog().remote.launch_concurrency, len(todo)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(clients[p.account].create, p.job_id, p.body): p for p in todo}
        for future in as_completed(futures):
            outcome = _outcome(futures[future], future, folder)
            if outcome.status == "created" and outcome.job is not None and ledger is not None:
                _record(ledger, outcome.prepared, outcome.job)
            outcomes.append(outcome)
            report(outcome)
    return outcomes


def _outcome(p: Prepared, future: Any, folder: bool) -> Outcome:
    try:
        made = future.result()
    except RemoteError as exc:
        if exc.status == 409 and folder:
            return Outcome(p, "exists", None, f"{p.path}: job {p.job_id} already exists; skipped.")
        return Outcome(p, "failed", None, f"{p.path}: {exc.message}")
    except RftcfgError as exc:
        return Outcome(p, "failed", None, f"{p.path}: {exc.message}")
    return Outcome(p, "created", made, made.name)


def _launched_run(ledger: Ledger | None, path: str) -> str | None:
    """The Fireworks job this file's run was launched as, when the ledger knows one."""
    if ledger is None or path == "-":
        return None
    try:
        run = ledger.find(path)
    except UsageError:
        return None
    if run.path != str(Path(path).absolute()) and run.path != str(Path(path).resolve()):
        return None  # found by job ID or output model, not as this file
    return run.fireworks_job if run.launched else None


def _record(ledger: Ledger, p: Prepared, made: RemoteJob) -> None:
    run = None
    if p.path != "-":
        try:
            run = ledger.find(p.path)
        except UsageError:
            run = None
        if run is not None and run.path not in (str(Path(p.path).absolute()), str(Path(p.path).resolve())):
            run = None
    if run is None:
        parent = ledger.parent_of(p.job)
        path = None if p.path == "-" else p.path
        run = ledger.record(
            p.job, command="launch", parent=parent, reason=f"launched {excerpt(made.job_id)}", path=path
        )
    ledger.set_launched(run.run_id, made.name, made.state)
