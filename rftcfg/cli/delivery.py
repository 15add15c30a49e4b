"""From a NewRequest to output: produce the job, explain it on stderr, stop on errors (or
warnings under --strict), then write or print it. Shared by `new` and the wizard."""

from __future__ import annotations

from rftcfg.app.estimates import compact_line, dataset_lines, estimate_lines
from rftcfg.app.new import NewRequest, Outcome, produce
from rftcfg.app.report import header_lines, plan_summary, with_flags
from rftcfg.cli.boundary import err
from rftcfg.cli.output import emit, gate
from rftcfg.cli.recording import note_unrecorded, record_entries, recording
from rftcfg.formats import Options, render


def deliver(
    request: NewRequest, *, strict: bool = False, explain: bool = True, command: str = "new", no_record: bool = False
) -> Outcome:
    """`explain=False` for the wizard, which has shown the review already. With a ledger, a job
    written to a file is recorded as a run (`command`), unless `no_record`."""
    if request.output:
        from rftcfg.files.writing import check_writable  # stdout needs none of the file machinery

        check_writable(request.output, force=request.force)  # a refusal should be the only output
    with recording(no_record, to_file=bool(request.output)) as ledger:  # a broken ledger stops us here too
        outcome = _deliver(request, strict, explain)
        if ledger is not None and request.output:
            from rftcfg.app.recording import Entry, plan_changes, plan_reason

            changes, reason = plan_changes(outcome.plan), plan_reason(outcome.plan, outcome.starting_point)
            record_entries(ledger, command, [Entry(outcome.job, request.output, changes, reason)], [outcome.start_job])
    if not request.output:
        note_unrecorded(no_record)
    return outcome


def _deliver(request: NewRequest, strict: bool, explain: bool) -> Outcome:
    outcome = produce(request)
    valid = not any(f.level == "error" for f in outcome.findings)
    if explain and valid:  # a job with errors gets its errors, not a summary of what it would be
        err(plan_summary(outcome.plan, outcome.starting_point, outcome.start_job, outcome.job))
        dataset = dataset_lines(outcome.dataset) if outcome.dataset else []
        err("\n".join([*dataset, *work_lines(request, outcome)]))
    # The wizard (explain=False) has no flags to name; `new` names the flag that applies a fix.
    shown = (
        [with_flags(f) for f in outcome.findings] if explain else [f for f in outcome.findings if f.level == "error"]
    )
    gate(shown, strict, conflicts=len(outcome.plan.conflicts))
    options = Options(
        firectl_form=request.firectl_form,
        one_line=request.one_line,
        header=header_lines(outcome.plan, starting_point=outcome.starting_point),
        schema=request.schema_comment,
    )
    emit(render(outcome.job, request.fmt, options), request.output, request.force, request.fmt)
    return outcome


def work_lines(request: NewRequest, outcome: Outcome) -> list[str]:
    """The detailed estimate when the person told us the data's size; otherwise at most one line."""
    if outcome.work is None or any(f.level == "error" for f in outcome.findings):
        return []  # the errors come first; a broken job has no work to weigh
    if request.prompts is not None or request.dataset_file or request.budget is not None:
        return estimate_lines(outcome.job, outcome.work)
    line = compact_line(outcome.work)
    return [line] if line else []
