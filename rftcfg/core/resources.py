"""Between plans and job files: assemble a Job from resources and planned values, read the tuned
values back out, fill omitted parameters, and expand short IDs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from rftcfg.catalog import Number, Resource, catalog
from rftcfg.core.errors import Finding
from rftcfg.core.ids import resolve
from rftcfg.core.job import Job

WANDB = "wandb_config"  # its resources count only while logging is enabled


class Resources(NamedTuple):
    """Everything in a job that is not a tuned parameter: the data table's `resources`, field for
    field and in its order (a test holds that); the fields are spelled out for the type checker."""

    base_model: str | None = None
    warm_start_from: str | None = None
    dataset: str | None = None
    evaluator: str | None = None
    output_model: str | None = None
    job_id: str | None = None
    display_name: str | None = None
    account: str | None = None
    wandb_project: str | None = None
    wandb_entity: str | None = None


def _logging(spec: Resource) -> bool:
    return spec.path.split(".")[0] == WANDB


def build_job(resources: Resources, values: Mapping[str, Number], extra: Mapping[str, Any] | None = None) -> Job:
    """A job from resources and one value per parameter. `extra` carries pass-through keys. A
    resource left as None leaves `extra`'s value alone; a W&B one turns logging on."""
    specs = catalog().resources.values()
    data: dict[str, Any] = {"training_config": {}, "inference_parameters": {}, WANDB: None}
    for spec in specs:
        section, _, field = spec.path.rpartition(".")
        if not _logging(spec):
            (data[section] if section else data)[field] = getattr(resources, spec.name)
    if any(getattr(resources, s.name) for s in specs if _logging(s)):
        data[WANDB] = {
            "enabled": True,
            **{s.path.split(".")[1]: getattr(resources, s.name) for s in specs if _logging(s)},
        }
    return with_values(Job(_merged(extra or {}, data)), values)


def _merged(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """`top` over `base`, section by section; None in `top` leaves `base` alone."""
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merged(merged[key], value)
        elif value is not None:
            merged[key] = value
    return merged


def resources_of(job: Job) -> Resources:
    """The resources a job file names (a starting point's defaults for `new`); the W&B ones only
    while its logging is enabled."""
    logging = bool(job.get(f"{WANDB}.enabled"))
    specs = catalog().resources.values()
    return Resources(**{s.name: job.get(s.path) for s in specs if logging or not _logging(s)})


def passthrough_of(job: Job) -> dict[str, Any]:
    """Everything in a job that is neither a resource nor a tuned parameter (kept as it is)."""
    removed = [*(s.path for s in catalog().resources.values()), *(p.path for p in catalog().parameters.values())]
    removed.append(f"{WANDB}.enabled")
    return job.replace(dict.fromkeys(removed)).kwargs()


def values_of(job: Job) -> dict[str, Number]:
    """The tuned parameters present in a job, by parameter key."""
    found = {k: job.get(p.path) for k, p in catalog().parameters.items()}
    return {k: v for k, v in found.items() if v is not None}


def effective_values(job: Job) -> dict[str, Number]:
    """Every parameter's value, the documented default where the job leaves one out."""
    params = catalog().parameters
    return {k: job.get(p.path) if job.get(p.path) is not None else p.default for k, p in params.items()}


def with_values(job: Job, values: Mapping[str, Number]) -> Job:
    params = catalog().parameters
    return Job(canonical(job.replace({params[k].path: params[k].coerce(v) for k, v in values.items()}).kwargs()))


_TOP_ORDER = ("account_id", "dataset", "evaluator", "reinforcement_fine_tuning_job_id", "display_name",
              "training_config", "inference_parameters", "wandb_config")  # fmt: skip


def canonical(data: dict[str, Any]) -> dict[str, Any]:
    """Keys in the order a person reads a job: resources, then the tuned parameters in the data
    table's order, then everything else as it came. Files then look the same however made."""
    params = catalog().parameters.values()
    order = {
        "": _TOP_ORDER,
        "training_config": (
            *(s.path.split(".")[1] for s in catalog().resources.values() if s.path.startswith("training_config.")),
            *(p.field for p in params if p.section == "training_config"),
        ),
        "inference_parameters": tuple(p.field for p in params if p.section == "inference_parameters"),
        "wandb_config": ("enabled", "project", "entity"),
    }

    def ordered(node: dict[str, Any], where: str) -> dict[str, Any]:
        first = [k for k in order.get(where, ()) if k in node]
        keys = first + [k for k in node if k not in first]
        return {k: ordered(node[k], k) if isinstance(node[k], dict) and not where else node[k] for k in keys}

    return ordered(data, "")


def fill_defaults(job: Job) -> tuple[Job, list[str]]:
    """Write the documented default into every omitted parameter; returns the keys filled."""
    missing = {k: p.default for k, p in catalog().parameters.items() if job.get(p.path) is None}
    return (with_values(job, missing) if missing else job), list(missing)


def expand_ids(job: Job, account: str | None) -> tuple[Job, list[Finding]]:
    """Expand short resource IDs to full names where the account (or Fireworks) is known."""
    account = job.get(catalog().resources["account"].path) or account  # the file's own account wins over flags and env
    changes: dict[str, Any] = {}
    findings: list[Finding] = []
    for spec in catalog().resources.values():
        value = job.get(spec.path) if spec.id == "collection" else None
        if value:
            resolved = resolve(spec.name, value, account)
            changes[spec.path] = resolved.value
            findings.extend(resolved.findings)
    account_path = catalog().resources["account"].path
    if account and not job.get(account_path):
        changes[account_path] = account
    return job.replace(changes), findings
