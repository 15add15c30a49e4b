"""`rftcfg tune JOB`: exactly one change for a symptom, or for what a reward curve shows."""

from __future__ import annotations

import typer

from rftcfg.catalog import format_number
from rftcfg.cli.boundary import err
from rftcfg.cli.options import (
    ACCOUNT,
    FORCE,
    FORMAT,
    REWARD_COLUMN,
    STEP_COLUMN,
    check_account,
    check_format,
    symptom_option,
)
from rftcfg.cli.output import emit
from rftcfg.cli.recording import NO_RECORD, note_unrecorded, record_entries, recording
from rftcfg.cli.root import app
from rftcfg.core.errors import RftcfgError


@app.command()
def tune(
    job_file: str = typer.Argument(..., metavar="JOB", help="The job that showed the symptom."),
    symptom: str | None = symptom_option("What went wrong"),
    metrics: str | None = typer.Option(
        None,
        "--metrics",
        metavar="FILE",
        help="A training log (CSV, JSONL or JSON from W&B, TRL or the dashboard) to name the symptom from: the reward, and KL, entropy, lengths and group spread when logged.",
    ),
    step_column: str | None = STEP_COLUMN,
    reward_column: str | None = REWARD_COLUMN,
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write the tuned job to FILE (- for stdout, the report then goes to stderr); without it, only the report.",
    ),
    force: bool = FORCE,
    fmt: str | None = FORMAT,
    account: str | None = ACCOUNT,
    no_record: bool = NO_RECORD,
) -> None:
    """Propose exactly one change for a symptom (or for what --metrics shows); -o writes the new job."""
    from rftcfg.app.diagnosis import log_lines
    from rftcfg.app.recording import tune_entry
    from rftcfg.app.tune import tune_file
    from rftcfg.core.cost import compare_jobs
    from rftcfg.files.writing import check_writable
    from rftcfg.formats import Options, render
    from rftcfg.method.diff import diff_jobs, diff_text

    fmt = check_format(fmt, None, output)
    account = check_account(account)
    say = err if output == "-" else typer.echo  # the report never mixes into a job on stdout
    if output and (symptom is None) != (metrics is None):
        check_writable(output, force=force)
    # Report only (no -o) writes no job: nothing to record and nothing to say about it.
    with recording(no_record or output is None, to_file=output not in (None, "-")) as ledger:
        result = tune_file(
            job_file, account, symptom=symptom, metrics=metrics, step_column=step_column, reward_column=reward_column
        )
        if result.curve is not None and result.diagnosis is not None:
            curve = result.curve
            skipped = f" ({curve.skipped} row{'s' if curve.skipped != 1 else ''} without a usable value skipped)"
            log = result.diagnosis.log
            reading = log.reward_symptom if log is not None else result.diagnosis.symptom
            say(
                f"Reward curve ({len(curve.rewards)} points of {curve.reward_column}{skipped if curve.skipped else ''}): "
                f"{reading}."
            )
            say(f"  {result.diagnosis.evidence}")
            for line in log_lines(result.diagnosis):
                say(line)
        if result.tuning is None:
            say(
                "Nothing to change: keep this job as the one to compare against."
                + (" Nothing was written." if output else "")
            )
            return
        chosen = result.tuning.symptom
        say(f"Symptom: {chosen.name} ({chosen.summary})")
        for reason in result.tuning.passed_over:
            say(f"  passed over: {reason}")
        if chosen.check_first:
            say(f"  check first: {chosen.check_first}.")
        change = result.tuning.change
        if (change is None or result.tuned is None) and chosen.settled:
            say(f"Nothing to change: {chosen.settled}." + (" Nothing was written." if output else ""))
            return
        if change is None or result.tuned is None:
            raise RftcfgError(
                f"no single change left for {chosen.name} inside the documented guidance; nothing was written."
            )
        cost = compare_jobs(result.job, result.tuned).words()
        say(f"Change {change.param}: {format_number(change.old)} -> {format_number(change.new)}: {change.why}.")
        say(f"  work: {cost}")
        say(diff_text(diff_jobs(result.job, result.tuned)))
        if output:
            emit(render(result.tuned, fmt, Options(header=result.header)), output, force, fmt)
            if ledger is not None:
                entry = tune_entry(result.tuned, output, change.param, change.old, change.new, chosen.name)
                record_entries(ledger, "tune", [entry], [result.job])
            elif output == "-":
                note_unrecorded(no_record)
        else:
            err("(report only: add -o FILE to write the tuned job)")
