"""What each command records in the ledger: the run's changes, its reason and its parent.

Pure functions of what the command produced; the CLI opens the ledger before writing and
records after (rftcfg/cli/recording.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rftcfg.catalog import Number, catalog, format_number
from rftcfg.core.job import Job
from rftcfg.core.plan import Plan, Source
from rftcfg.core.resources import fill_defaults
from rftcfg.ledger import RecordedChange

if TYPE_CHECKING:
    from rftcfg.ledger import Ledger


class Entry(NamedTuple):
    """One run to record: the job as written and where, and why it exists."""

    job: Job
    path: str
    changes: tuple[RecordedChange, ...] = ()
    reason: str = ""


def parent_among(ledger: Ledger, jobs: Sequence[Job | None]) -> str | None:
    """The run of the first job (a starting or base file, as read) whose content was recorded.
    Each job is also tried with the documented defaults filled in, as `tune` and `sweep` read it."""
    for job in jobs:
        if job is None:
            continue
        for candidate in (job, fill_defaults(job)[0]):
            found = ledger.parent_of(candidate)
            if found is not None:
                return found
    return None


def _source_reason(source: Source) -> str:
    if source.kind == "goal":
        return f"goal {source.name}"
    if source.kind == "flag":
        return f"flag {source.name}"
    if source.kind == "budget":
        return "budget --max-rollout-tokens"
    return str(source)


def plan_changes(plan: Plan) -> tuple[RecordedChange, ...]:
    """What `new` (or the wizard) moved from its starting point, each with what moved it."""
    return tuple(RecordedChange(s.param, plan.origin(s.param), s.value, _source_reason(s.source)) for s in plan.moved())


def plan_reason(plan: Plan, starting_point: str) -> str:
    moved = sorted({_source_reason(s.source) for s in plan.moved()})
    return f"from {starting_point}" + (f": {', '.join(moved)}" if moved else "")


def tune_entry(tuned: Job, path: str, param: str, old: Number | str, new: Number | str, symptom: str) -> Entry:
    reason = f"symptom {symptom}"
    if param not in catalog().parameters or isinstance(old, str) or isinstance(new, str):
        # A service setting: the ledger's changes are tuned parameters, so the reason carries it.
        return Entry(tuned, path, (), f"{reason}: {param} {format_number(old)} -> {format_number(new)}")
    return Entry(tuned, path, (RecordedChange(param, old, new, reason),), reason)


def sweep_entries(base: Job, variants: Sequence[tuple[Job, str, Mapping[str, Number]]]) -> list[Entry]:
    """One entry per variant: (job, path, changes by parameter)."""
    params = catalog().parameters
    entries = []
    for job, path, values in variants:
        changes = tuple(RecordedChange(k, base.get(params[k].path), v, "sweep") for k, v in values.items())
        moves = ", ".join(f"{params[k].short} {format_number(v)}" for k, v in values.items())
        entries.append(Entry(job, path, changes, f"sweep: {moves}"))
    return entries


def change_text(change: RecordedChange) -> str:
    """`lr 1e-4 -> 5e-5 (symptom reward-collapse)`."""
    param = catalog().parameters.get(change.param)
    name = param.short if param is not None else change.param
    old = format_number(change.old) if change.old is not None else "unset"
    return f"{name} {old} -> {format_number(change.new)} ({change.reason})"
