"""`diff`: what differs between two jobs, what each change does to the work (the one cost model,
core.cost), and whether the pair keeps to one change at a time."""

from __future__ import annotations

from typing import Any, NamedTuple

from rftcfg.catalog import Number, catalog, format_number
from rftcfg.core.cost import Effect, change_effect, compare_jobs
from rftcfg.core.job import Job
from rftcfg.core.resources import effective_values, passthrough_of, resources_of


class ParameterChange(NamedTuple):
    param: str
    old: Number
    new: Number
    effect: Effect  # this change alone, applied to job A

    @property
    def cost(self) -> str:
        """up, down, none or mixed: which way the compute (tokens) moves."""
        return self.effect.compute


class FieldChange(NamedTuple):
    field: str
    old: Any
    new: Any


class JobDiff(NamedTuple):
    parameters: tuple[ParameterChange, ...]
    resources: tuple[FieldChange, ...]
    other: tuple[FieldChange, ...]  # pass-through keys
    effect: Effect  # B against A, all changes together

    @property
    def identical(self) -> bool:
        return not (self.parameters or self.resources or self.other)

    @property
    def settings(self) -> tuple[FieldChange, ...]:
        """Changed service settings (loss method, KL beta, ...): tuned by hand, so they count."""
        return tuple(c for c in self.other if catalog().setting(c.field) is not None)

    @property
    def moved(self) -> tuple[str, ...]:
        """Every tuned parameter and service setting that changed: what one change at a time counts,
        as `compare` counts it."""
        return (*(c.param for c in self.parameters), *(c.field for c in self.settings))

    @property
    def one_change_at_a_time(self) -> bool:
        return len(self.moved) <= 1

    def as_dict(self) -> dict[str, Any]:
        params = catalog().parameters
        return {
            "identical": self.identical,
            "one_change_at_a_time": self.one_change_at_a_time,
            "parameters": [
                {
                    "parameter": c.param,
                    "path": params[c.param].path,
                    "old": c.old,
                    "new": c.new,
                    "cost": c.cost,
                    "work": c.effect.words(),
                }
                for c in self.parameters
            ],
            "work": self.effect.words(),
            "resources": [c._asdict() for c in self.resources],
            "other": [c._asdict() for c in self.other],
        }


def diff_jobs(a: Job, b: Job) -> JobDiff:
    """Parameters are compared at their effective values (the documented default where a file
    leaves one out), since that is what a client would send."""
    old, new = effective_values(a), effective_values(b)
    parameters = tuple(
        ParameterChange(k, old[k], new[k], change_effect(old, k, new[k])) for k in old if old[k] != new[k]
    )
    ra, rb = resources_of(a), resources_of(b)
    resources = tuple(
        FieldChange(f, getattr(ra, f), getattr(rb, f)) for f in ra._fields if getattr(ra, f) != getattr(rb, f)
    )
    fa, fb = _flatten(passthrough_of(a)), _flatten(passthrough_of(b))
    other = tuple(FieldChange(k, fa.get(k), fb.get(k)) for k in sorted(fa.keys() | fb.keys()) if fa.get(k) != fb.get(k))
    return JobDiff(parameters, resources, other, compare_jobs(a, b))


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def diff_text(diff: JobDiff) -> str:
    if diff.identical:
        return "The jobs are identical."
    lines: list[str] = []
    if diff.parameters:
        width = max(len(c.param) for c in diff.parameters)
        lines.append("Parameters:")
        for c in diff.parameters:
            move = f"{format_number(c.old)} -> {format_number(c.new)}"
            lines.append(f"  {c.param:<{width}}  {move:<18} {c.effect.words()}")
    others = tuple(c for c in diff.other if c not in diff.settings)
    for title, changes in (
        ("Service settings:", diff.settings),
        ("Resources:", diff.resources),
        ("Other keys:", others),
    ):
        if changes:
            lines.append(title)
            lines += [f"  {c.field}: {_show(c.old)} -> {_show(c.new)}" for c in changes]
    if len(diff.parameters) > 1:
        lines.append(f"All together, B against A: {diff.effect.words()}.")
    return "\n".join(lines)


def _show(value: Any) -> str:
    return "(none)" if value is None else format_number(value)
