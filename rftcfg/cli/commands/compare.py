"""`rftcfg compare A B`: what differs between two recorded runs and, when exactly one parameter
does, whether the change helped, judged against the noise; both reward curves on one chart."""

from __future__ import annotations

import typer

from rftcfg.cli.root import app

CHART_HEIGHT = 16  # lines: enough to see a rise, a plateau or a collapse, small enough for a laptop


@app.command()
def compare(
    first: str = typer.Argument(
        ..., metavar="A", help="A run: its ID (or start), recorded job file, job ID or output model."
    ),
    second: str = typer.Argument(..., metavar="B", help="The run to compare with A, named the same ways."),
    as_json: bool = typer.Option(False, "--json", help="The comparison as JSON (no chart)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when the runs differ in more than one parameter."),
    plot: bool | None = typer.Option(
        None, "--plot/--no-plot", help="Draw both reward curves (default: only when stdout is a terminal)."
    ),
) -> None:
    """Compare two runs: the difference, each final reward, a verdict (helped, hurt, within noise) and what each log shows."""
    import json
    import shutil
    import sys

    from rftcfg.app.compare import compare_refs
    from rftcfg.app.compare_text import comparison_json, comparison_text
    from rftcfg.app.diagnosis import diagnosis_dict, diagnosis_lines
    from rftcfg.cli.boundary import err
    from rftcfg.cli.commands.runs import require_ledger
    from rftcfg.core.errors import InvalidJobError
    from rftcfg.ledger import open_ledger

    with open_ledger(require_ledger()) as ledger:
        done = compare_refs(ledger, first, second)
    a, b = done.runs
    c = done.comparison
    for note in done.notes:
        err(f"note: {note}, so it is not judged; record a longer export.")
    if as_json:
        diagnoses = {k: None if d is None else diagnosis_dict(d) for k, d in zip("ab", done.diagnoses, strict=True)}
        typer.echo(json.dumps({"a": a.run_id, "b": b.run_id, **comparison_json(c), "diagnosis": diagnoses}, indent=2))
    else:
        # What the rest of each log shows; runs with only a reward curve read as they always did.
        logs = [line for run, diagnosis in zip(done.runs, done.diagnoses, strict=True) if diagnosis and diagnosis.log
                for line in (f"Run {run.run_id}: {diagnosis.symptom}.", *diagnosis_lines(diagnosis, "  "))]  # fmt: skip
        typer.echo(comparison_text(c, (a.run_id, b.run_id), logs))
        drawn = [(f"{r.run_id} {r.job_id or ''}".strip(), s.steps, s.values) for r, s in zip(done.runs, done.curves, strict=True) if s]  # fmt: skip
        if drawn and (plot or (plot is None and sys.stdout.isatty())):
            from rftcfg.formats.chart import chart

            typer.echo(chart(drawn, shutil.get_terminal_size().columns, CHART_HEIGHT))
    if strict and c.kind == "several":
        raise InvalidJobError([], None, f"--strict: {c.warning}")
