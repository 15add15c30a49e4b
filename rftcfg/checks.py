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

from .catalog import Guidance, Parameter, catalog, format_number
from .errors import Finding, by_level
from .ids import check_plain_id, resolve
from .job import Job, snake_case
from .jobs import TRAINING_RESOURCES


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
        why = param.min_reason if low else param.max_reason
        reason = f" ({why})" if why else ""
        return [_error("range", param, value, f"is outside the valid range {param.range_text()}{reason}.")]
    return [
        Finding("warning", "guidance", g.message + ".", field=field, value=value, fix=_advice(param, g))
        for g in param.guidance
        if g.crossed_by(value)
    ]


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


def _fix(param: Parameter) -> str:
    return f"use {param.range_text()} (default {format_number(param.default)}); see `rftcfg explain {param.label}`."


def _error(kind: str, param: Parameter, value: Any, message: str) -> Finding:
    return Finding("error", kind, message, field=param.path, value=value, fix=_fix(param))


def parse_job(data: Any) -> tuple[Job | None, list[Finding]]:
    """Structure and types: unknown keys (with a did-you-mean), wrong types, pasted secrets.

    Where some keys are wrong, the job keeps the keys that are right so every other check can
    still run (`check_parsed`); the findings hold an error for each wrong key.
    """
    if not isinstance(data, dict):
        return None, [Finding("error", "type", "a job file must be a mapping of keys to values.", fix=_MAPPING_FIX)]
    # Imported here: only commands that read job files pay for building the pydantic models.
    from pydantic import ValidationError

    from .models import JobSchema, unquote_numbers

    camel = [k for k in data if snake_case(str(k)) != k and snake_case(str(k)) in JobSchema.model_fields]
    if camel:  # a REST body or `firectl get -o json` output: say so once instead of key by key
        return None, [
            Finding(
                "error",
                "rest-body",
                f"this is a REST body or API resource (camelCase keys such as {camel[0]}), not a job file.",
                fix="convert it with `rftcfg import FILE -o job.yaml`.",
            )
        ]
    data = copy.deepcopy(data)
    findings = _take_secrets(data)
    findings += [_quoted_number(path, text, number) for path, text, number in unquote_numbers(data)]
    for _ in range(_MAX_PRUNING_ROUNDS):
        try:
            parsed = JobSchema.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                findings.append(_from_pydantic(error))
                _prune(data, tuple(error["loc"]))
            continue
        return Job(parsed.model_dump(exclude_none=True)), findings
    return None, findings


_MAX_PRUNING_ROUNDS = 5  # each round removes every key pydantic rejected; nesting is 3 deep
_MAPPING_FIX = "write `key: value` lines: dataset:, evaluator:, training_config:, inference_parameters: (see README, 'The job file')."
_SECRET_NAMES = {"apikey", "key", "token", "secret", "password", "wandbapikey", "fireworksapikey"}


def _take_secrets(data: dict[str, Any]) -> list[Finding]:
    """Remove anything that looks like an API key, and say so without ever echoing its value."""
    found: list[Finding] = []
    holders: list[tuple[str, Any]] = [("", data), ("wandb_config.", data.get("wandb_config"))]
    for prefix, holder in holders:
        if not isinstance(holder, dict):
            continue
        for key in list(holder):
            normal = str(key).lower().replace("_", "").replace("-", "")
            if normal in _SECRET_NAMES or difflib.get_close_matches(normal, ["apikey"], cutoff=0.8):
                del holder[key]
                env = catalog().secrets["wandb_api_key_env" if prefix else "fireworks_api_key_env"]
                found.append(
                    Finding(
                        "error",
                        "secret-in-file",
                        "an API key must never be stored in a job file (its value is not shown).",
                        field=f"{prefix}{key}",
                        fix=f"delete it from the file (and rotate the key if the file was shared); set {env} instead.",
                    )
                )
    return found


def _prune(data: dict[str, Any], loc: tuple[Any, ...]) -> None:
    node: Any = data
    for part in loc[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(loc[-1], None)


def check_parsed(job: Job | None, findings: list[Finding], account: str | None = None) -> list[Finding]:
    """Everything wrong with a job file: the parse findings plus every check the valid keys allow."""
    if job is None:
        return by_level(findings)
    broken = [f.field for f in findings if f.level == "error" and f.field]
    more = [f for f in check_job(job, account=account) if not any(_under(f.field, b) for b in broken)]
    return by_level([*findings, *more])


def _under(field: str | None, prefix: str) -> bool:
    return field is not None and (field == prefix or field.startswith(prefix + "."))


def _quoted_number(path: str, text: str, number: float) -> Finding:
    return Finding(
        "warning",
        "quoted-number",
        f"is text ({text!r}), read as {format_number(number)}; a YAML 1.1 reader such as PyYAML (and so "
        "yaml.safe_load before an SDK call) keeps it as text and would send it that way.",
        field=path,
        value=number,
        fix="write it without quotes."
        if isinstance(number, int)
        else "write it without quotes, with a decimal point before the exponent (1.0e-4, not 1e-4).",
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
        spelling = "spell it exactly as listed (these are the SDK's names, in upper case)."
        return Finding("error", "type", f"must be one of {expected}.", field=field, value=value, fix=spelling)
    param = catalog().parameter(field)
    message = _TYPE_MESSAGES.get(kind, str(error.get("msg", "is not valid")) + ".")
    fix = _fix(param) if param else _TYPE_FIXES.get(kind)
    return Finding("error", "type", message, field=field, value=value, fix=fix)


_TYPE_FIXES = {
    "model_type": f"indent its keys under it. {_MAPPING_FIX}",
    "dict_type": f"indent its keys under it. {_MAPPING_FIX}",
    "string_type": "write it as text; quote it if it looks like a number.",
    "bool_type": "write true or false.",
    "int_type": "write a whole number without quotes.",
    "float_type": "write a number without quotes.",
}


def _suggest_key(loc: tuple[Any, ...]) -> str:
    key = str(loc[-1])
    snake = snake_case(key)
    if snake != key:
        where = ".".join([*map(str, loc[:-1]), snake])
        return (
            f"did you mean {where}? (camelCase is the REST body's spelling; `rftcfg import FILE` converts a whole body)"
        )
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
    if account and job.get("account_id") and account != job.get("account_id"):
        yield Finding(
            "warning",
            "account-mismatch",
            f"the file names account {job.get('account_id')}, the command line or FIREWORKS_ACCOUNT_ID says {account}; using the file's.",
            field="account_id",
            value=job.get("account_id"),
            fix="drop --account (or unset FIREWORKS_ACCOUNT_ID), or change account_id in the file.",
        )
    account = job.get("account_id") or account
    for field in ("dataset", "evaluator"):
        value = job.get(field)
        if not value:
            example = f"accounts/<account>/{catalog().ids.collections[field]}/<id>"
            yield Finding(
                "error", "required", "is required.", field=field, fix=f"add `{field}: {example}` to the file."
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
            fix="remove one of them."
            if base_model
            else "add training_config.base_model (e.g. qwen3-8b), or warm_start_from to continue an adapter.",
        )
    for field in TRAINING_RESOURCES:
        value = job.get(f"training_config.{field}")
        if value:
            yield from resolve(field, value, account, where=f"training_config.{field}").findings
    if warm_start:
        yield from _check_warm_start(job, warm_start)
    for field in ("reinforcement_fine_tuning_job_id", "account_id"):
        value = job.get(field)
        if value:
            finding = check_plain_id(field, value)
            if finding:
                yield finding


def _check_warm_start(job: Job, source: str) -> Iterable[Finding]:
    fireworks = f"accounts/{catalog().ids.fireworks_models_account}/"
    if source.startswith(fireworks):
        yield Finding(
            "warning",
            "warm-start-base-model",
            "names a Fireworks base model; a warm start continues an adapter you trained earlier.",
            field="training_config.warm_start_from",
            value=source,
            fix="move it to training_config.base_model (--base-model), or name your adapter here.",
        )
    rule = catalog().rules["warm-start"]
    params = catalog().parameters
    moved = [k for k in rule.params if job.get(params[k].path) not in (None, params[k].default)]
    extra = (
        f" This job moves {', '.join(moved)} off the defaults: make sure that matches the run it continues."
        if moved
        else ""
    )
    yield Finding(rule.level, rule.id, rule.explain + extra, field="training_config.warm_start_from")


def _check_wandb(job: Job) -> Iterable[Finding]:
    if job.get("wandb_config") is None:
        return
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
