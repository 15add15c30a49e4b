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
    param: str  # a parameter key, or a service setting's (old and new then in the job file's spelling)
    old: Number | str
    new: Number | str
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
    if remedy.param in catalog().settings:
        return _try_setting(job, remedy)
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


def _try_setting(job: Job, remedy: Remedy) -> tuple[Change | None, str]:
    item = catalog().settings[remedy.param]
    new = item.api_spelling(str(remedy.to)) if item.type == "choice" else remedy.to
    old = job.get(item.path)
    if new is None or new == (old if old is not None else item.default) or item.choice_of(old) == remedy.to:
        return None, f"{item.key} is already {format_number(remedy.to)}: nothing to change there."
    added = new_problems(job, job.replace({item.path: new}))
    if added:
        what = "break a rule" if added[0].level == "error" else "add a warning"
        return None, f"{item.key} -> {format_number(remedy.to)} would {what}: {_said(added[0])}"
    default = item.api_spelling(str(item.default)) if item.type == "choice" else item.default
    shown_old = default if old is None else old  # the job file's spelling, as `new` is
    return Change(item.key, shown_old, new, remedy.why), ""


def applied(job: Job, change: Change) -> Job:
    """`job` with `change` made: a parameter's value, or a service setting's."""
    item = catalog().settings.get(change.param)
    if item is not None:
        return job.replace({item.path: change.new})
    return with_values(job, {change.param: change.new})  # type: ignore[dict-item]


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
