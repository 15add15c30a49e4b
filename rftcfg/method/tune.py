"""`tune`: exactly one change for a symptom, from the data table's remedies, first viable wins.

Viable: it moves the value the way the remedy asks, inside the docs' guidance and the hard range,
and adds no error or warning the job did not already have."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from rftcfg.catalog import Number, Remedy, Symptom, catalog, format_number
from rftcfg.core.checks import check_job
from rftcfg.core.errors import Finding
from rftcfg.core.job import Job
from rftcfg.core.moves import bounded, moved
from rftcfg.core.resources import effective_values, with_values


class Change(NamedTuple):
    param: str
    old: Number
    new: Number
    why: str


class Tuning(NamedTuple):
    symptom: Symptom
    change: Change | None
    passed_over: tuple[str, ...]  # why each earlier remedy could not be used


def tune(job: Job, symptom: Symptom) -> Tuning:
    values = effective_values(job)
    passed_over: list[str] = []
    for remedy in symptom.remedies:
        change, reason = try_remedy(job, values, remedy)
        if change is not None:
            return Tuning(symptom, change, tuple(passed_over))
        passed_over.append(reason)
    return Tuning(symptom, None, tuple(passed_over))


def try_remedy(job: Job, values: dict[str, Number], remedy: Remedy) -> tuple[Change | None, str]:
    """The single change `remedy` makes to `job` (its effective `values`), or None and why not."""
    param = catalog().parameters[remedy.param]
    current = values[param.key]
    wanted = moved(
        param, current, add=remedy.add, scale=remedy.scale, step=remedy.step,
        at_least=remedy.at_least, at_most=remedy.at_most,
    )  # fmt: skip
    new = bounded(param, wanted, remedy.floor, remedy.ceiling)
    if new == current or (new - current) * (wanted - current) <= 0:
        return None, f"{param.key} is already at {format_number(current)}: {_limit(remedy, param.key, wanted, current)}"
    added = new_problems(job, with_values(job, {param.key: new}))
    if added:
        what = "break a rule" if added[0].level == "error" else "add a warning"
        return None, f"{param.key} -> {format_number(new)} would {what}: {_said(added[0])}"
    return Change(param.key, current, new, remedy.why), ""


def new_problems(before: Job, after: Job) -> list[Finding]:
    """Errors and warnings `after` has that `before` did not. rftcfg proposes no value that makes a
    job fail `validate --strict` where it passed, so a change that adds one is passed over."""
    return added_problems(check_job(before), check_job(after))


def added_problems(before: Iterable[Finding], after: Iterable[Finding]) -> list[Finding]:
    """Findings are matched by level, code and field: the message may quote the new value."""
    seen = {(f.level, f.code, f.field) for f in before}
    return [f for f in after if f.level != "note" and (f.level, f.code, f.field) not in seen]


def _said(finding: Finding) -> str:
    where = f"{finding.field}: " if finding.field else ""
    return f"{where}{finding.message}"


def _limit(remedy: Remedy, key: str, wanted: Number, current: Number) -> str:
    range_end = f"that is the end of the valid range ({catalog().parameters[key].range_text()})."
    if wanted == current:  # a step past the last choice, or at_least/at_most already met
        return range_end if remedy.step is not None else "nothing to change there."
    limit = remedy.floor if wanted < current else remedy.ceiling
    return f"the docs' guidance stops at {format_number(limit)}." if limit is not None else range_end
