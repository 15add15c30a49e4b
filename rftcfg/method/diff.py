"""`diff`: what differs between two jobs, which way each change moves cost, and whether the pair
keeps to one change at a time."""

from __future__ import annotations

from typing import Any, NamedTuple

from rftcfg.catalog import Number, catalog, format_number
from rftcfg.core.job import Job
from rftcfg.core.resources import effective_values, passthrough_of, resources_of


class ParameterChange(NamedTuple):
    param: str
    old: Number
    new: Number
    cost: str  # "up", "down" or "none": which way compute cost moves


class FieldChange(NamedTuple):
    field: str
    old: Any
    new: Any


class JobDiff(NamedTuple):
    parameters: tuple[ParameterChange, ...]
    resources: tuple[FieldChange, ...]
    other: tuple[FieldChange, ...]  # pass-through keys

    @property
    def identical(self) -> bool:
        return not (self.parameters or self.resources or self.other)

    @property
    def one_change_at_a_time(self) -> bool:
        return len(self.parameters) <= 1

    def as_dict(self) -> dict[str, Any]:
        params = catalog().parameters
        return {
            "identical": self.identical,
            "one_change_at_a_time": self.one_change_at_a_time,
            "parameters": [
                {"parameter": c.param, "path": params[c.param].path, "old": c.old, "new": c.new, "cost": c.cost}
                for c in self.parameters
            ],
            "resources": [c._asdict() for c in self.resources],
            "other": [c._asdict() for c in self.other],
        }


def cost_direction(param: str, old: Number, new: Number) -> str:
    raised = catalog().parameters[param].cost_when_raised
    if raised == "none" or old == new:
        return "none"
    up = new > old
    return ("up" if up else "down") if raised == "up" else ("down" if up else "up")


def diff_jobs(a: Job, b: Job) -> JobDiff:
    """Parameters are compared at their effective values (the documented default where a file
    leaves one out), since that is what a client would send."""
    old, new = effective_values(a), effective_values(b)
    parameters = tuple(
        ParameterChange(k, old[k], new[k], cost_direction(k, old[k], new[k])) for k in old if old[k] != new[k]
    )
    ra, rb = resources_of(a), resources_of(b)
    resources = tuple(
        FieldChange(f, getattr(ra, f), getattr(rb, f)) for f in ra._fields if getattr(ra, f) != getattr(rb, f)
    )
    fa, fb = _flatten(passthrough_of(a)), _flatten(passthrough_of(b))
    other = tuple(FieldChange(k, fa.get(k), fb.get(k)) for k in sorted(fa.keys() | fb.keys()) if fa.get(k) != fb.get(k))
    return JobDiff(parameters, resources, other)


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


COST_WORDS = {"up": "costs more", "down": "costs less", "none": "no direct cost effect"}


def diff_text(diff: JobDiff) -> str:
    if diff.identical:
        return "The jobs are identical."
    lines: list[str] = []
    if diff.parameters:
        width = max(len(c.param) for c in diff.parameters)
        lines.append("Parameters:")
        for c in diff.parameters:
            move = f"{format_number(c.old)} -> {format_number(c.new)}"
            lines.append(f"  {c.param:<{width}}  {move:<18} {COST_WORDS[c.cost]}")
    for title, changes in (("Resources:", diff.resources), ("Other keys:", diff.other)):
        if changes:
            lines.append(title)
            lines += [f"  {c.field}: {_show(c.old)} -> {_show(c.new)}" for c in changes]
    return "\n".join(lines)


def _show(value: Any) -> str:
    return "(none)" if value is None else format_number(value)
