"""`rftcfg validate FILE...`: check jobs against the documented ranges and rules."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

from rftcfg.cli.boundary import err
from rftcfg.cli.options import ACCOUNT, DATASET_FILE, PASS_RATE, PROMPTS, check_account
from rftcfg.cli.root import app
from rftcfg.core.errors import EXIT_OK, count

if TYPE_CHECKING:
    from rftcfg.app.validate import FileReport


@app.command()
def validate(
    files: list[str] = typer.Argument(..., metavar="FILE...", help="Job files (YAML or JSON); - for stdin."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too, not only errors."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON report on stdout."),
    account: str | None = ACCOUNT,
    dataset_file: str | None = DATASET_FILE,
    prompts: int | None = PROMPTS,
    pass_rate: float | None = PASS_RATE,
) -> None:
    """Check job files against the documented ranges and rules; every problem is listed."""
    from rftcfg.app.estimates import dataset_lines
    from rftcfg.app.validate import Preflight, validate_file
    from rftcfg.files.dataset import read_dataset

    account = check_account(account)
    dataset = read_dataset(dataset_file) if dataset_file else None
    if dataset is not None and not as_json:
        err("\n".join(dataset_lines(dataset)))
    preflight = Preflight(dataset, dataset.rows if dataset else prompts, pass_rate)
    reports = [validate_file(path, account, preflight) for path in files]
    code = max([EXIT_OK, *(r.exit_code(strict) for r in reports)])
    if as_json:
        shape = {"valid": code == EXIT_OK, "strict": strict, "files": [r.as_dict() for r in reports]}
        typer.echo(json.dumps(shape, indent=2))
    else:
        sized = dataset is not None or prompts is not None  # the estimate only for a person who asked about size
        for report in reports:
            err(_report_text(report, strict, sized))
    raise typer.Exit(code)


def _report_text(report: FileReport, strict: bool, sized: bool) -> str:
    from rftcfg.app.estimates import estimate_lines
    from rftcfg.app.report import findings_text

    if not report.readable:
        return f"rftcfg: {report.error}"
    counts = report.counts()
    estimate = (
        estimate_lines(report.job, report.work) if sized and report.job is not None and report.work is not None else []
    )
    estimate_text = "\n".join(f"{report.path}: {line}" for line in estimate)
    summary = (
        f"{report.path}: {report.verdict(strict)} ({count(counts['error'], 'error')}, "
        f"{count(counts['warning'], 'warning')}, {count(counts['note'], 'note')})"
    )
    return "\n".join(filter(None, [findings_text(report.findings, report.path), estimate_text, summary]))
