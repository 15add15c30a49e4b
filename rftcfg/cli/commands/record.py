"""`rftcfg record RUN --metrics FILE`: attach a run's reward curve (and link its Fireworks job)."""

from __future__ import annotations

import typer

from rftcfg.cli.options import REWARD_COLUMN, STEP_COLUMN
from rftcfg.cli.root import app


@app.command()
def record(
    run: str = typer.Argument(
        ..., metavar="RUN", help="A run ID (or its start), a recorded job file, a job ID or an output model."
    ),
    metrics: str = typer.Option(
        ...,
        "--metrics",
        metavar="FILE",
        help="The run's metrics: CSV, JSONL or JSON as exported from W&B or Fireworks.",
    ),
    job: str | None = typer.Option(
        None,
        "--job",
        metavar="NAME",
        help="The Fireworks job it ran as: accounts/<a>/reinforcementFineTuningJobs/<id>, or <id>.",
    ),
    step_column: str | None = STEP_COLUMN,
    reward_column: str | None = REWARD_COLUMN,
) -> None:
    """Attach the training log in --metrics to RUN (replacing one attached before) and show its diagnosis; `rftcfg runs` then shows its final reward."""
    from rftcfg.app.diagnosis import diagnosis_lines
    from rftcfg.app.runs import attach_metrics
    from rftcfg.catalog import catalog, format_number, round_significant
    from rftcfg.cli.boundary import err
    from rftcfg.cli.commands.runs import require_ledger
    from rftcfg.cli.recording import shown_ledger
    from rftcfg.core.errors import count, shown_text
    from rftcfg.ledger import open_ledger

    with open_ledger(require_ledger()) as ledger:
        done = attach_metrics(
            ledger, run, metrics, step_column=step_column, reward_column=reward_column, fireworks_job=job
        )
        where = shown_ledger(ledger.path)
    skipped = f", {count(done.skipped, 'row')} without a usable value skipped" if done.skipped else ""
    final = f"; final reward {format_number(round_significant(done.final, 3))}" if done.final is not None else ""
    points = len(done.series[0].values) if done.series else 0
    typer.echo(
        f"Attached {count(points, 'point')} of {shown_text(done.column)} to run {done.run.run_id} as its reward curve"
        f"{skipped}{final}."
    )
    others = [s.name for s in done.series[1:]]
    if others:
        shown = ", ".join(shown_text(n) for n in others[:6]) + (
            f" and {len(others) - 6} more" if len(others) > 6 else ""
        )
        typer.echo(f"Also attached {len(others):,} other series: {shown}.")
    if done.diagnosis is not None and done.diagnosis.log is not None:  # a reward-only log: as it always was
        for line in diagnosis_lines(done.diagnosis):
            typer.echo(line)
    least = catalog().curve_rules.min_points
    if points < least:
        err(f"note: {count(points, 'point')} are too few to judge; `compare` and `next` need at least {least}.")
    if done.replaced:
        err(f"note: replaced the series recorded for {done.run.run_id} before ({', '.join(done.replaced)}).")
    if job:
        err(f"Linked run {done.run.run_id} to Fireworks job {shown_text(job)}.")
    err(f"Recorded in {where}.")
