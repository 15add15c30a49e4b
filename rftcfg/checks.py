"""Validation: one range check per parameter, the job-level rules, and pydantic errors turned
into findings that name the field, the value, the valid range and a fix.

Used alike by flag parsing (`new`), job files (`validate`, `render`) and the wizard.
"""

from __future__ import annotations

import copy
import difflib
import math
from collections.abc import Iterable, Mapping
from typing import Any

from .catalog import Parameter, catalog, format_number
from .errors import Finding, by_level
from .ids import check_plain_id, resolve
from .job import Job

RESOURCE_FIELDS = ("base_model", "warm_start_from", "output_model")


def check_value(param: Parameter, value: Any) -> list[Finding]:
    """Hard range (error) and the docs' guidance (warning) for one parameter value."""
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
        reason = f" ({param.min_reason})" if low and param.min_reason else ""
        return [_error("range", param, value, f"is outside the valid range {param.range_text()}{reason}.")]
    return [
        Finding("warning", "guidance", g.message + ".", field=field, value=value, fix=_fix(param))
        for g in param.guidance
        if g.crossed_by(value)
    ]


def _type_word(param: Parameter) -> str:
    return "whole number" if param.type == "int" else "number"


def _fix(param: Parameter) -> str:
    return f"use {param.range_text()} (default {format_number(param.default)}); see `rftcfg explain {param.label}`."


def _error(kind: str, param: Parameter, value: Any, message: str) -> Finding:
    return Finding("error", kind, message, field=param.path, value=value, fix=_fix(param))


def parse_job(data: Any) -> tuple[Job | None, list[Finding]]:
    """Structure and types only: unknown keys (with a did-you-mean) and wrong types."""
    if not isinstance(data, dict):
        return None, [
            Finding(
                "error",
                "type",
                "a job file must be a mapping of keys to values.",
                fix="see `rftcfg new --help` for a starting point.",
            )
        ]
    # Imported here: only commands that read job files pay for building the pydantic models.
    from pydantic import ValidationError

    from .models import JobSchema, unquote_numbers

    data = copy.deepcopy(data)
    quoted = [_quoted_number(path, text, number) for path, text, number in unquote_numbers(data)]
    try:
        parsed = JobSchema.model_validate(data)
    except ValidationError as exc:
        return None, [_from_pydantic(e) for e in exc.errors()]
    return Job(parsed.model_dump(exclude_none=True)), quoted


def _quoted_number(path: str, text: str, number: float) -> Finding:
    return Finding(
        "warning",
        "quoted-number",
        f"is text ({text!r}), read as {format_number(number)}; a YAML 1.1 reader such as PyYAML (and so "
        "yaml.safe_load before an SDK call) keeps it as text and would send it that way.",
        field=path,
        value=number,
        fix="write the number with a decimal point and no quotes (1.0e-4, not 1e-4), or submit `rftcfg render` output.",
    )


_TYPE_MESSAGES = {
    "int_parsing": "must be a whole number.",
    "int_from_float": "must be a whole number.",
    "int_type": "must be a whole number.",
    "float_parsing": "must be a number.",
    "float_type": "must be a number.",
    "finite_number": "must be a finite number.",
    "bool_parsing": "must be true or false.",
    "bool_type": "must be true or false.",
    "string_type": "must be text.",
    "model_type": "must be a mapping of keys to values.",
    "dict_type": "must be a mapping of keys to values.",
}


def _from_pydantic(error: Mapping[str, Any]) -> Finding:
    loc = tuple(error["loc"])
    field = ".".join(str(p) for p in loc)
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        return Finding("error", "unknown-key", "unknown key.", field=field, fix=_suggest_key(loc))
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return Finding("error", "type", f"must be one of {expected}.", field=field, value=value)
    param = catalog().parameter(field)
    message = _TYPE_MESSAGES.get(kind, str(error.get("msg", "is not valid")) + ".")
    return Finding("error", "type", message, field=field, value=value, fix=_fix(param) if param else None)


def _suggest_key(loc: tuple[Any, ...]) -> str:
    key = str(loc[-1])
    param = catalog().parameter(key)
    if param is not None:
        return f"did you mean {param.path}?"
    from .models import model_at

    owner = model_at(loc)
    close = difflib.get_close_matches(key, list(owner.model_fields) if owner else [], n=1)
    if close:
        return f"did you mean {'.'.join([*map(str, loc[:-1]), close[0]])}?"
    nearest = catalog().suggest_parameter(key)
    if nearest:
        return f"did you mean {catalog().parameters[nearest].path}?"
    return "remove it; the keys are those of the SDK's create() call (see README)."


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
        for finding in check_value(param, value):
            if finding.level == "warning" and param.key in chosen_by_goal:
                goal = chosen_by_goal[param.key]
                finding = Finding(
                    "note", finding.code, f"{finding.message} ({goal} chose it)", field=finding.field, value=value
                )
            findings.append(finding)
    findings.extend(_check_interactions(job))
    return by_level(findings)


def _missing(param: Parameter, required: bool) -> Finding:
    rule = catalog().rules["missing-parameter"]
    return Finding(
        "error" if required else rule.level,
        rule.id,
        f"not set, so the server or firectl picks its own default, which may not be the documented {format_number(param.default)}.",
        field=param.path,
        fix=f"add {param.field}: {format_number(param.default)}, or run `rftcfg render FILE` to write every parameter.",
    )


def _check_resources(job: Job, account: str | None) -> Iterable[Finding]:
    account = account or job.get("account_id")
    for field in ("dataset", "evaluator"):
        value = job.get(field)
        if not value:
            yield Finding(
                "error", "required", "is required.", field=field, fix=f"add {field}: <name> (or pass --{field})."
            )
        else:
            yield from resolve(field, value, account).findings
    base_model, warm_start = job.get("training_config.base_model"), job.get("training_config.warm_start_from")
    if bool(base_model) == bool(warm_start):
        both = "both are set" if base_model else "neither is set"
        yield Finding(
            "error",
            "base-or-warm-start",
            f"exactly one of training_config.base_model and training_config.warm_start_from is needed; {both}.",
            field="training_config",
            fix="give a base model (e.g. qwen3-8b) or an existing adapter to warm start from, not both.",
        )
    for field in RESOURCE_FIELDS:
        value = job.get(f"training_config.{field}")
        if value:
            resolved = resolve(field, value, account, where=f"training_config.{field}")
            yield from (f for f in resolved.findings if f.level == "error")
    if warm_start:
        rule = catalog().rules["warm-start"]
        yield Finding(rule.level, rule.id, rule.explain, field="training_config.warm_start_from")
    for field in ("reinforcement_fine_tuning_job_id", "account_id"):
        value = job.get(field)
        if value:
            finding = check_plain_id(field, value)
            if finding:
                yield finding


def _check_wandb(job: Job) -> Iterable[Finding]:
    if job.get("wandb_config") is None:
        return
    env = catalog().secrets["wandb_api_key_env"]
    if job.get("wandb_config.api_key"):
        # Never echo the value back: it is a secret.
        yield Finding(
            "error",
            "secret-in-file",
            "a W&B API key must never be stored in a job file.",
            field="wandb_config.api_key",
            fix=f"delete the key from the file (and rotate it if the file was shared); set {env} instead.",
        )
    if job.get("wandb_config.enabled") and not (job.get("wandb_config.project") and job.get("wandb_config.entity")):
        yield Finding(
            "error",
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
        yield Finding(
            rule.level,
            rule.id,
            f"batch size {batch} is smaller than max_context_length {context}; {rule.summary[0].lower()}{rule.summary[1:]}",
            field="training_config.batch_size",
            value=batch,
            fix=f"raise batch_size to at least {context}, or lower max_context_length.",
        )
    if max_out > context:
        rule = catalog().rules["output-fits-context"]
        yield Finding(
            rule.level,
            rule.id,
            rule.explain + ".",
            field="inference_parameters.max_output_tokens",
            value=max_out,
            fix=f"lower max_output_tokens to {context} or less, or raise max_context_length.",
        )
