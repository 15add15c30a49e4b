"""Validation: one range check per parameter and the job-level rules, as findings that name the
field, the value, the valid range and a fix.

Used alike by flag parsing (`new`), job files (`validate`, `render`) and the wizard.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from rftcfg.catalog import Guidance, Parameter, catalog, format_number
from rftcfg.core.errors import Finding, by_level, finding
from rftcfg.core.ids import check_plain_id, resolve
from rftcfg.core.job import Job
from rftcfg.core.settings import check_settings


def check_value(param: Parameter, value: Any) -> list[Finding]:
    """Hard range (error) and the docs' guidance (a warning, or a note where the table says so)."""
    field = param.path
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [_error("type", param, value, f"must be a {_type_word(param)}.")]
    if not math.isfinite(value):
        return [_error("type", param, value, "must be a finite number.")]
    if param.type == "int" and isinstance(value, float) and not value.is_integer():
        return [_error("type", param, value, "must be a whole number.")]
    if param.choices and value not in param.choices:
        return [_error("range", param, value, f"must be {param.range_text()}.")]
    low = param.min is not None and value < param.min
    high = param.max is not None and value > param.max
    if low or high:
        why = param.min_reason if low else param.max_reason
        reason = f" ({why})" if why else ""
        return [_error("range", param, value, f"is outside the valid range {param.range_text()}{reason}.")]
    return [
        finding(
            "guidance" if g.level == "warning" else "guidance-note",
            g.message + ".",
            field=field,
            value=value,
            fix=_advice(param, g) if g.level == "warning" else None,  # a note informs; nothing to fix
        )
        for g in _furthest(param.guidance, value)
    ]


def _furthest(guidance: Iterable[Guidance], value: Any) -> list[Guidance]:
    """The crossed bounds, only the furthest on each side: 20 rollouts get the above-16 warning,
    which says all the above-8 one would, not both."""
    crossed = [g for g in guidance if g.crossed_by(value)]
    above = [g for g in crossed if g.above is not None]
    below = [g for g in crossed if g.below is not None]
    kept = [max(above, key=lambda g: g.above or 0)] if above else []
    kept += [min(below, key=lambda g: g.below or 0)] if below else []
    return [g for g in crossed if g in kept]


def _advice(param: Parameter, guidance: Guidance) -> str:
    bound = (
        f"at most {format_number(guidance.above)}"
        if guidance.above is not None
        else f"at least {format_number(guidance.below)}"
    )
    return (
        f"it is legal; {bound} stays within the docs' advice, so keep it only if your reward curves call for it "
        f"(`rftcfg explain {param.label}`)."
    )


def _type_word(param: Parameter) -> str:
    return "whole number" if param.type == "int" else "number"


def fix_for(param: Parameter) -> str:
    return f"use {param.range_text()} (default {format_number(param.default)}); see `rftcfg explain {param.label}`."


def _error(code: Literal["type", "range"], param: Parameter, value: Any, message: str) -> Finding:
    return finding(code, message, field=param.path, value=value, fix=fix_for(param))


def check_job(
    job: Job,
    *,
    account: str | None = None,
    chosen_by_goal: Mapping[str, str] | None = None,
    require_parameters: bool = False,
) -> list[Finding]:
    """Every problem with a structurally valid job, errors first.

    `chosen_by_goal` maps parameter keys to the goal that set them: a goal's documented target is
    advice being followed, so its guidance findings are notes, not warnings.
    """
    findings = [*_check_resources(job, account), *_check_wandb(job)]
    chosen_by_goal = chosen_by_goal or {}
    for param in catalog().parameters.values():
        value = job.get(param.path)
        if value is None:
            findings.append(_missing(param, require_parameters))
            continue
        for found in check_value(param, value):
            if found.code == "guidance" and param.key in chosen_by_goal:
                goal = chosen_by_goal[param.key]
                found = finding("guidance-goal", f"{found.message} ({goal} chose it)", field=found.field, value=value)
            findings.append(found)
    findings.extend(_check_interactions(job))
    findings.extend(check_settings(job))  # only what the job sets: omitted settings are the service's
    return by_level(findings)


def _missing(param: Parameter, required: bool) -> Finding:
    return finding(
        "parameter-required" if required else "missing-parameter",
        f"not set, so the server or firectl picks its own default, which may not be the documented {format_number(param.default)}.",
        field=param.path,
        fix=f"add {param.field}: {format_number(param.default)}, or run `rftcfg render FILE` to write every parameter.",
    )


def _check_resources(job: Job, account: str | None) -> Iterable[Finding]:
    if account and job.get("account_id") and account != job.get("account_id"):
        yield finding(
            "account-mismatch",
            f"the file names account {job.get('account_id')}, the command line or FIREWORKS_ACCOUNT_ID says {account}; using the file's.",
            field="account_id",
            value=job.get("account_id"),
            fix="drop --account (or unset FIREWORKS_ACCOUNT_ID), or change account_id in the file.",
        )
    specs = catalog().resources
    account = job.get(specs["account"].path) or account
    for spec in (s for s in specs.values() if s.required):
        value = job.get(spec.path)
        if not value:
            yield finding(
                "required", "is required.", field=spec.path, fix=f"add `{spec.path}: {spec.full_name}` to the file."
            )
        else:
            yield from resolve(spec.name, value, account).findings
    base_model, warm_start = job.get(specs["base_model"].path), job.get(specs["warm_start_from"].path)
    if bool(base_model) == bool(warm_start):
        both = "both are set" if base_model else "neither is set"
        yield finding(
            "base-or-warm-start",
            f"exactly one of training_config.base_model and training_config.warm_start_from is needed; {both}.",
            field="training_config",
            fix="remove one of them."
            if base_model
            else "add training_config.base_model (e.g. qwen3-8b), or warm_start_from to continue an adapter.",
        )
    for spec in specs.values():
        value = job.get(spec.path) if spec.id == "collection" and not spec.required else None
        if value:
            yield from resolve(spec.name, value, account).findings
    if warm_start:
        yield from _check_warm_start(job, warm_start)
    for spec in specs.values():
        value = job.get(spec.path) if spec.id == "plain" else None
        bad_id = check_plain_id(spec.name, value) if value else None
        if bad_id:
            yield bad_id


def _check_warm_start(job: Job, source: str) -> Iterable[Finding]:
    fireworks = f"accounts/{catalog().ids.fireworks_models_account}/"
    if source.startswith(fireworks):
        yield finding(
            "warm-start-base-model",
            "names a Fireworks base model; a warm start continues an adapter you trained earlier.",
            field="training_config.warm_start_from",
            value=source,
            fix="train it as the base model (training_config.base_model) instead, or name your adapter here.",
        )
    rule = catalog().rules["warm-start"]
    params = catalog().parameters
    moved = [k for k in rule.params if job.get(params[k].path) not in (None, params[k].default)]
    extra = (
        f" This job moves {', '.join(moved)} off the defaults: make sure that matches the run it continues."
        if moved
        else ""
    )
    yield finding("warm-start", rule.explain + extra, field="training_config.warm_start_from")


def _check_wandb(job: Job) -> Iterable[Finding]:
    if job.get("wandb_config") is None:
        return
    if job.get("wandb_config.enabled") and not (job.get("wandb_config.project") and job.get("wandb_config.entity")):
        yield finding(
            "wandb-incomplete",
            "W&B logging needs both a project and an entity.",
            field="wandb_config",
            fix="add project and entity (or pass --wandb-project and --wandb-entity).",
        )


def _effective(job: Job, key: str) -> Any:
    param = catalog().parameters[key]
    value = job.get(param.path)
    return param.default if value is None else value


def _check_interactions(job: Job) -> Iterable[Finding]:
    # Omitted values are judged at their documented default, which is what a client would send.
    batch, context, max_out = (_effective(job, k) for k in ("batch_size", "max_context_length", "max_output_tokens"))
    if 0 < batch < context:
        rule = catalog().rules["batch-holds-sequence"]
        yield finding(
            "batch-holds-sequence",
            f"batch size {batch} is smaller than max_context_length {context}; {rule.summary[0].lower()}{rule.summary[1:]}",
            field="training_config.batch_size",
            value=batch,
            # rftcfg never raises the batch itself (one change at a time): the person picks the fix.
            # No flags here: files, sweeps and the wizard have none; `new` adds its own (app/report.py).
            fix=f"set batch_size to {context}, a batch that holds one full sequence, or lower max_context_length "
            f"to {batch} or less.",
        )
    if max_out > context:
        rule = catalog().rules["output-fits-context"]
        yield finding(
            "output-fits-context",
            rule.explain + ".",
            field="inference_parameters.max_output_tokens",
            value=max_out,
            fix=f"lower max_output_tokens to {context} or less, or raise max_context_length.",
        )
