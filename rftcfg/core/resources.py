"""Between plans and job files: assemble a Job from resources and planned values, read the tuned
values back out, fill omitted parameters, and expand short IDs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from rftcfg.catalog import Number, catalog
from rftcfg.core.errors import Finding
from rftcfg.core.ids import resolve
from rftcfg.core.job import Job

TRAINING_RESOURCES = ("base_model", "warm_start_from", "output_model")


class Resources(NamedTuple):
    """Everything in a job that is not a tuned parameter."""

    dataset: str | None = None
    evaluator: str | None = None
    base_model: str | None = None
    warm_start_from: str | None = None
    output_model: str | None = None
    job_id: str | None = None
    display_name: str | None = None
    account: str | None = None
    wandb_project: str | None = None
    wandb_entity: str | None = None


def build_job(resources: Resources, values: Mapping[str, Number], extra: Mapping[str, Any] | None = None) -> Job:
    """A job from resources and one value per parameter. `extra` carries pass-through keys."""
    wandb = None
    if resources.wandb_project or resources.wandb_entity:
        wandb = {"enabled": True, "project": resources.wandb_project, "entity": resources.wandb_entity}
    data: dict[str, Any] = {
        "account_id": resources.account,
        "dataset": resources.dataset,
        "evaluator": resources.evaluator,
        "reinforcement_fine_tuning_job_id": resources.job_id,
        "display_name": resources.display_name,
        "training_config": {f: getattr(resources, f) for f in TRAINING_RESOURCES},
        "inference_parameters": {},
        "wandb_config": wandb,
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


_RESOURCE_PATHS = {
    "dataset": "dataset",
    "evaluator": "evaluator",
    "base_model": "training_config.base_model",
    "warm_start_from": "training_config.warm_start_from",
    "output_model": "training_config.output_model",
    "job_id": "reinforcement_fine_tuning_job_id",
    "display_name": "display_name",
    "account": "account_id",
}


def resources_of(job: Job) -> Resources:
    """The resources a job file names (a starting point's defaults for `new`)."""
    found = {field: job.get(path) for field, path in _RESOURCE_PATHS.items()}
    if job.get("wandb_config.enabled"):
        found.update(wandb_project=job.get("wandb_config.project"), wandb_entity=job.get("wandb_config.entity"))
    return Resources(**found)


def passthrough_of(job: Job) -> dict[str, Any]:
    """Everything in a job that is neither a resource nor a tuned parameter (kept as it is)."""
    removed = [*_RESOURCE_PATHS.values(), *(p.path for p in catalog().parameters.values())]
    removed += ["wandb_config.enabled", "wandb_config.project", "wandb_config.entity"]
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
            "base_model",
            "warm_start_from",
            "output_model",
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
    account = job.get("account_id") or account  # the file's own account wins over flags and env
    changes: dict[str, Any] = {}
    findings: list[Finding] = []
    paths = {"dataset": "dataset", "evaluator": "evaluator", **{f: f"training_config.{f}" for f in TRAINING_RESOURCES}}
    for field, path in paths.items():
        value = job.get(path)
        if value:
            resolved = resolve(field, value, account, where=path)
            changes[path] = resolved.value
            findings.extend(resolved.findings)
    if account and not job.get("account_id"):
        changes["account_id"] = account
    return job.replace(changes), findings
