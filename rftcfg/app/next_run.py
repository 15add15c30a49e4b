"""`next`: the next single change to try from a run (by default the best so far), from its
reward curve's diagnosis and what the lineage already knows, as a job ready to write."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rftcfg.app.compare import best_run, repeat_finals, too_short, verdict_between
from rftcfg.app.diagnosis import REWARD
from rftcfg.app.recording import Entry
from rftcfg.catalog import catalog, format_number
from rftcfg.core.errors import UsageError, shown_text
from rftcfg.core.job import Job
from rftcfg.core.resources import fill_defaults
from rftcfg.ledger import Ledger, RecordedChange, Run
from rftcfg.method.derive import DerivedIds, derive_ids, with_ids
from rftcfg.method.next import NextChange, Tried, next_change
from rftcfg.method.tune import applied

if TYPE_CHECKING:
    from rftcfg.method.curves import Diagnosis


class NextPlan(NamedTuple):
    run: Run  # the run the change starts from
    picked: bool  # True when `run` was chosen as the best so far, not named
    diagnosis: Diagnosis | None
    proposal: NextChange
    job: Job | None  # the run's job with the change, under IDs of its own
    entry: Entry | None  # what to record once the job is written (its path filled in then)


def plan_next(ledger: Ledger, ref: str | None, symptom: str | None = None) -> NextPlan:
    run = ledger.find(ref) if ref else best_run(ledger)
    if symptom is not None:
        from rftcfg.app.tune import find_symptom  # the same names, aliases and suggestions as tune

        symptom = find_symptom(symptom).name
    diagnosis = None if symptom else _diagnosis(ledger, run)
    repeats = repeat_finals(ledger)
    tried = _tried_from(ledger, run, repeats)
    everyone = {r.run_id: r for r in ledger.runs()}
    history = [t for other in everyone.values() if other.parent in everyone and other.parent != run.run_id
               for t in _tried_from(ledger, everyone[other.parent], repeats, only=other)]  # fmt: skip
    proposal = next_change(run.job, diagnosis, tried, history, symptom)
    if proposal.change is None:
        return NextPlan(run, ref is None, diagnosis, proposal, None, None)
    change = proposal.change
    base, _ = fill_defaults(run.job)
    changes = {change.param: change.new}
    siblings = [DerivedIds(str(c.job_id or ""), str(c.output_model or "")) for c in ledger.children(run.run_id)]
    fallback = Path(run.path).stem if run.path else run.run_id
    job = with_ids(applied(base, change), derive_ids(base, "next", changes, fallback=fallback, taken=siblings))
    reason = f"next from {run.run_id}: {proposal.symptom}"
    if isinstance(change.old, str) or isinstance(change.new, str) or change.param in catalog().settings:
        # A service setting: the ledger's changes are tuned parameters, so the reason names it.
        entry = Entry(
            job, "", (), f"{reason}: {change.param} {format_number(change.old)} -> {format_number(change.new)}"
        )
    else:
        entry = Entry(job, "", (RecordedChange(change.param, change.old, change.new, reason),), reason)
    return NextPlan(run, ref is None, diagnosis, proposal, job, entry)


def header(plan: NextPlan) -> tuple[str, ...]:
    """The written file's provenance line."""
    change = plan.proposal.change
    if change is None:
        return ()
    where = f" ({shown_text(plan.run.path)})" if plan.run.path else ""
    return (f"# Next from run {plan.run.run_id}{where} for {plan.proposal.symptom}: {change.param} "
            f"{format_number(change.old)} -> {format_number(change.new)} ({change.why}).",)  # fmt: skip


def _diagnosis(ledger: Ledger, run: Run) -> Diagnosis | None:
    series = ledger.series(run.run_id)
    curve = series.get(REWARD)
    if curve is None:
        return None
    if (short := too_short(run, curve)) is not None:
        raise UsageError(f"{short}; record a longer export, or name a symptom with --symptom.")
    from rftcfg.app.diagnosis import diagnose_recorded  # statistics only when there is a curve to judge

    return diagnose_recorded(run.job, series)


def _tried_from(ledger: Ledger, parent: Run, repeats: list[list[float]], only: Run | None = None) -> list[Tried]:
    """The changes made from `parent` (in its children, or in `only`), each with its verdict; a
    child that made several changes tried each of them, but none can be credited to one."""
    tried = []
    for child in [only] if only is not None else ledger.children(parent.run_id):
        if not child.changes:
            continue
        verdict = verdict_between(ledger, parent, child, repeats) if len(child.changes) == 1 else "unknown"
        tried += [Tried(c.param, c.old, c.new, verdict) for c in child.changes]
    return tried
