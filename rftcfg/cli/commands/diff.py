"""`rftcfg diff A B`: what changed between two jobs, and whether it is one change at a time."""

from __future__ import annotations

import json

import typer

from rftcfg.catalog import catalog
from rftcfg.cli.boundary import err
from rftcfg.cli.options import ACCOUNT, check_account
from rftcfg.cli.root import app
from rftcfg.core.errors import EXIT_INVALID_JOB


@app.command()
def diff(
    old: str = typer.Argument(..., metavar="A", help="The job before (YAML or JSON)."),
    new: str = typer.Argument(..., metavar="B", help="The job after."),
    as_json: bool = typer.Option(False, "--json", help="Print the differences as JSON."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when more than one tuned parameter changed."),
    account: str | None = ACCOUNT,
) -> None:
    """Every difference between two jobs, what each does to the work, and one-change-at-a-time."""
    from rftcfg.app.estimates import ratios_dict
    from rftcfg.app.load import load_job
    from rftcfg.core.cost import estimate
    from rftcfg.method.diff import diff_jobs, diff_text

    account = check_account(account)
    job_a, job_b = load_job(old, account).job, load_job(new, account).job
    changes = diff_jobs(job_a, job_b)
    work = {name: estimate(job) for name, job in (("a", job_a), ("b", job_b))}
    if as_json:
        ratios = {k: ratios_dict(w.baseline) for k, w in work.items()}
        typer.echo(json.dumps({"a": old, "b": new, **changes.as_dict(), "estimate": ratios}, indent=2))
    else:
        typer.echo(diff_text(changes))
        if changes.parameters:
            typer.echo(
                f"Against the documented baseline: A {work['a'].baseline.words()}; B {work['b'].baseline.words()}."
            )
    if not changes.one_change_at_a_time:
        names = ", ".join(changes.moved)
        rule = catalog().rules["one-change-at-a-time"]
        what = "tuned parameters and service settings" if changes.settings else "tuned parameters"
        err(f"warning: {len(changes.moved)} {what} changed ({names}). {rule.explain}")
        if strict:
            raise typer.Exit(EXIT_INVALID_JOB)
