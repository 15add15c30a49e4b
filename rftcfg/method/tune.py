"""`tune`: exactly one change for a symptom, from the data table's remedies, first viable wins."""

from __future__ import annotations

from typing import NamedTuple

from rftcfg.catalog import Number, Remedy, Symptom, catalog, format_number
from rftcfg.core.checks import check_job
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
        change, reason = _try(job, values, remedy)
        if change is not None:
            return Tuning(symptom, change, tuple(passed_over))
        passed_over.append(reason)
    return Tuning(symptom, None, tuple(passed_over))


def _try(job: Job, values: dict[str, Number], remedy: Remedy) -> tuple[Change | None, str]:
    param = catalog().parameters[remedy.param]
    current = values[param.key]
    wanted = moved(
        param, current, add=remedy.add, scale=remedy.scale, step=remedy.step,
        at_least=remedy.at_least, at_most=remedy.at_most,
    )  # fmt: skip
    new = bounded(param, wanted, remedy.floor, remedy.ceiling)
    if new == current or (new - current) * (wanted - current) <= 0:
        return None, f"{param.key} is already at {format_number(current)}: {_limit(remedy, param.key, wanted, current)}"
    errors = [f for f in check_job(with_values(job, {param.key: new})) if f.level == "error"]
    if errors:
        return None, f"{param.key} -> {format_number(new)} would break a rule: {errors[0].message}"
    return Change(param.key, current, new, remedy.why), ""


def _limit(remedy: Remedy, key: str, wanted: Number, current: Number) -> str:
    range_end = f"that is the end of the valid range ({catalog().parameters[key].range_text()})."
    if wanted == current:  # a step past the last choice, or at_least/at_most already met
        return range_end if remedy.step is not None else "nothing to change there."
    limit = remedy.floor if wanted < current else remedy.ceiling
    return f"the docs' guidance stops at {format_number(limit)}." if limit is not None else range_end
