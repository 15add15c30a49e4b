"""`sweep`: one job per value, each differing from the base in exactly one parameter (one factor at a
time), or the full grid when asked. Pure: builds and checks the variants; the CLI writes them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

from rftcfg.catalog import Number, catalog, format_number
from rftcfg.core.checks import check_job
from rftcfg.core.errors import Finding, InvalidJobError, UsageError, count
from rftcfg.core.job import Job
from rftcfg.core.resources import with_values
from rftcfg.core.values import parse_number

MAX_ID = 63


class Vary(NamedTuple):
    param: str
    values: tuple[Number, ...]


class Variant(NamedTuple):
    name: str  # job ID and file stem
    changes: dict[str, Number]  # parameter -> value (one entry unless --grid)
    job: Job


def parse_vary(spec: str) -> Vary:
    """`learning_rate=1e-4,2e-4` (or `learning-rate=...`) -> Vary. An unknown parameter is a
    usage error; refused values are an invalid job (exit 1), every one listed, as with `new`."""
    name, sep, listed = spec.partition("=")
    param = catalog().parameter(name) if sep else None
    if param is None:
        hint = catalog().suggest_parameter(name) if sep else None
        did_you_mean = f" Did you mean {hint}?" if hint else ""
        raise UsageError(f"--vary '{_short(spec)}': write PARAMETER=V1,V2,... with a known parameter.{did_you_mean}")
    values: list[Number] = []
    errors: list[Finding] = []
    for text in listed.split(","):
        value, findings = parse_number(param, text)  # the one parser: as `new --flag` and job files
        errors += [f for f in findings if f.level == "error"]
        if value is not None:
            values.append(value)
    if errors:
        raise InvalidJobError(
            errors, summary=f"--vary '{_short(spec)}': {count(len(errors), 'value')} refused; nothing was written."
        )
    return Vary(param.key, tuple(dict.fromkeys(values)))


def _short(text: str) -> str:
    return text if len(text) <= 60 else f"{text[:40]}... ({len(text)} characters)"


def variants(base: Job, varies: Sequence[Vary], *, grid: bool, stem: str) -> list[Variant]:
    """The variants, named `<stem>-<tag><value>`; see module docstring for one-factor vs grid."""
    keys = [v.param for v in varies]
    if len(set(keys)) != len(keys):
        raise UsageError("each parameter may be varied once; put all its values in one --vary.")
    if grid:
        combos = [dict(zip(keys, values, strict=True)) for values in itertools.product(*(v.values for v in varies))]
    else:
        combos = [{v.param: value} for v in varies for value in v.values]
    return [make_variant(base, combo, stem) for combo in combos]


def make_variant(base: Job, changes: dict[str, Number], stem: str) -> Variant:
    """`base` with `changes`, under a new job ID (and output model, and W&B run) tagged with them."""
    params = catalog().parameters
    tag = "-".join(f"{params[k].short}{_id_text(v)}" for k, v in changes.items())
    for key in changes:  # re-varying a variant replaces its tag instead of stacking a second one
        stem = re.sub(rf"-{params[key].short}[0-9p]+(e-?[0-9]+)?$", "", stem)
    name = f"{stem[: MAX_ID - len(tag) - 1].rstrip('-')}-{tag}"
    updates: dict[str, object] = {"reinforcement_fine_tuning_job_id": name}
    output_model = base.get("training_config.output_model")
    if output_model:
        updates["training_config.output_model"] = _suffixed(output_model, tag, changes)
    if base.get("wandb_config.enabled"):
        updates["wandb_config.run_id"] = name  # same project, one run per variant, side by side
    return Variant(name, changes, with_values(base, changes).replace(updates))


def _suffixed(model: str, tag: str, changes: dict[str, Number]) -> str:
    prefix, _, model_id = model.rpartition("/")
    for key in changes:
        model_id = re.sub(rf"-{catalog().parameters[key].short}[0-9p]+(e-?[0-9]+)?$", "", model_id)
    suffixed = f"{model_id[: MAX_ID - len(tag) - 1].rstrip('-')}-{tag}"
    return f"{prefix}/{suffixed}" if prefix else suffixed


def _id_text(value: Number) -> str:
    """A value as it can appear in an ID: 2e-4, 0p9, 8 (lowercase letters, digits, hyphens)."""
    return re.sub(r"[^a-z0-9-]", "", format_number(value).lower().replace(".", "p").replace("+", ""))


def stem_of(base: Job, fallback: str) -> str:
    """The base's job ID, else its output model ID, else `fallback` (a file name) made ID-safe."""
    named = base.get("reinforcement_fine_tuning_job_id") or base.get("training_config.output_model")
    if named:
        return str(named).rsplit("/", 1)[-1]
    return re.sub(r"[^a-z0-9-]+", "-", fallback.lower()).strip("-") or "job"


def check_variants(found: Sequence[Variant]) -> list[tuple[Variant, Finding]]:
    """Every error and warning in every variant; a sweep is written only when no error is among them."""
    return [(v, f) for v in found for f in check_job(v.job) if f.level != "note"]
