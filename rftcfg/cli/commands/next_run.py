"""`rftcfg next [RUN]`: the next single change to try, from the run's reward curve and what its
lineage already tried; -o writes it as a job (recorded, with RUN as its parent)."""

from __future__ import annotations

import typer

from rftcfg.cli.options import FORCE, FORMAT, check_format, symptom_option
from rftcfg.cli.recording import NO_RECORD
from rftcfg.cli.root import app


@app.command("next")
def next_run(
    run: str | None = typer.Argument(
        None, metavar="[RUN]", help="The run to go on from (any form `record` accepts); default: the best so far."
    ),
    symptom: str | None = symptom_option("Act on this symptom instead of the curve's diagnosis"),
    output: str | None = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the next job to FILE."),
    force: bool = FORCE,
    fmt: str | None = FORMAT,
    no_record: bool = NO_RECORD,
) -> None:
    """Propose the next single change from RUN: never one already tried from it, never one that hurt."""
    from rftcfg.app.diagnosis import log_lines
    from rftcfg.app.next_run import header, plan_next
    from rftcfg.catalog import catalog, format_number
    from rftcfg.cli.boundary import err
    from rftcfg.cli.commands.runs import require_ledger
    from rftcfg.cli.output import emit
    from rftcfg.cli.recording import record_entries
    from rftcfg.core.errors import RftcfgError
    from rftcfg.files.writing import check_writable
    from rftcfg.formats import Options, render
    from rftcfg.ledger import open_ledger

    fmt = check_format(fmt, None, output)
    if output:
        check_writable(output, force=force)
    say = err if output == "-" else typer.echo
    with open_ledger(require_ledger()) as ledger:
        plan = plan_next(ledger, run, symptom)
        chosen = " (the best final reward so far)" if plan.picked else ""
        say(f"From run {plan.run.run_id} {plan.run.job_id or ''}{chosen}.".replace(" .", "."))
        evidence = plan.proposal.evidence
        if evidence and plan.diagnosis is not None:  # the reward's reading, then the rest of the log's
            say(f"  {evidence[0]}")
            for line in log_lines(plan.diagnosis, "  "):
                say(line)
            evidence = evidence[1:]
        for line in evidence:
            say(f"  {line}")
        acted = catalog().symptom(plan.proposal.symptom or "")
        if acted is not None and acted.check_first:
            say(f"  check first: {acted.check_first}.")
        change = plan.proposal.change
        if change is None or plan.job is None or plan.entry is None:
            settled = acted is not None and acted.settled is not None
            said = f"Nothing to change: {plan.proposal.reason}" if settled else plan.proposal.reason
            say(f"{said[0].upper()}{said[1:]}." + (" Nothing was written." if output else ""))
            if plan.proposal.symptom not in (None, "healthy") and not settled:
                raise RftcfgError(f"no single change left for {plan.proposal.symptom}; nothing was written.")
            return
        say(f"Next: {change.param} {format_number(change.old)} -> {format_number(change.new)}: {plan.proposal.reason}.")
        if not output:
            err("(add -o FILE to write it as a job, recorded with this run as its parent)")
            return
        emit(render(plan.job, fmt, Options(header=header(plan))), output, force, fmt)
        if output != "-" and not no_record:
            record_entries(ledger, "next", [plan.entry._replace(path=output)], [plan.run.job])
