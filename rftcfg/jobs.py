"""Between plans and job files: assemble a Job from resources and planned values, read the tuned
values back out, fill omitted parameters, and expand short IDs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .catalog import Number, catalog
from .errors import Finding
from .ids import resolve
from .models import Job
from .plan import Setting, Source


@dataclass(frozen=True)
class Resources:
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
    data: dict[str, Any] = dict(extra or {})
    data.update(
        {
            "account_id": resources.account,
            "dataset": resources.dataset,
            "evaluator": resources.evaluator,
            "reinforcement_fine_tuning_job_id": resources.job_id,
            "display_name": resources.display_name,
        }
    )
    training = dict(data.get("training_config") or {})
    training.update(
        base_model=resources.base_model,
        warm_start_from=resources.warm_start_from,
        output_model=resources.output_model,
    )
    sections: dict[str, dict[str, Any]] = {
        "training_config": training,
        "inference_parameters": dict(data.get("inference_parameters") or {}),
    }
    for key, value in values.items():
        param = catalog().parameters[key]
        sections[param.section][param.field] = param.coerce(value)
    data.update(sections)
    if resources.wandb_project or resources.wandb_entity:
        data["wandb_config"] = {"enabled": True, "project": resources.wandb_project, "entity": resources.wandb_entity}
    return Job.model_validate(_drop_none(data))


def _drop_none(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _drop_none(v) if isinstance(v, Mapping) else v for k, v in data.items() if v is not None}


def resources_of(job: Job) -> Resources:
    training = job.training_config
    wandb = job.wandb_config
    return Resources(
        dataset=job.dataset,
        evaluator=job.evaluator,
        base_model=training.base_model if training else None,
        warm_start_from=training.warm_start_from if training else None,
        output_model=training.output_model if training else None,
        job_id=job.reinforcement_fine_tuning_job_id,
        display_name=job.display_name,
        account=job.account_id,
        wandb_project=wandb.project if wandb and wandb.enabled else None,
        wandb_entity=wandb.entity if wandb and wandb.enabled else None,
    )


def values_of(job: Job) -> dict[str, Number]:
    """The tuned parameters present in a job, by parameter key."""
    found = {k: job.get(p.path) for k, p in catalog().parameters.items()}
    return {k: v for k, v in found.items() if v is not None}


def settings_of(job: Job, source: Source) -> dict[str, Setting]:
    """A job's tuned values as a planning layer (a starting point for goals)."""
    return {k: Setting(k, v, source, f"from {source}") for k, v in values_of(job).items()}


def with_values(job: Job, values: Mapping[str, Number]) -> Job:
    data = job.model_dump(exclude_none=True)
    for key, value in values.items():
        param = catalog().parameters[key]
        data.setdefault(param.section, {})[param.field] = param.coerce(value)
    return Job.model_validate(data)


def fill_defaults(job: Job) -> tuple[Job, list[str]]:
    """Write the documented default into every omitted parameter; returns the keys filled."""
    missing = {k: p.default for k, p in catalog().parameters.items() if job.get(p.path) is None}
    return (with_values(job, missing) if missing else job), list(missing)


def expand_ids(job: Job, account: str | None) -> tuple[Job, list[Finding]]:
    """Expand short resource IDs to full names where the account (or Fireworks) is known."""
    account = account or job.account_id
    data = job.model_dump(exclude_none=True)
    findings: list[Finding] = []
    targets: list[tuple[dict[str, Any], str]] = [(data, "dataset"), (data, "evaluator")]
    training = data.get("training_config", {})
    targets += [(training, f) for f in ("base_model", "warm_start_from", "output_model")]
    for holder, field in targets:
        if holder.get(field):
            resolved = resolve(field, holder[field], account)
            holder[field] = resolved.value
            findings.extend(resolved.findings)
    if account and not data.get("account_id"):
        data["account_id"] = account
    return Job.model_validate(data), findings
