"""Untrusted job-file data into a Job: structure and types (unknown keys with a did-you-mean,
wrong types, pasted secrets, numbers written as text), as findings.

The pydantic models are imported inside the functions: only commands that read job files pay
for building them.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Mapping
from typing import Any

from rftcfg.catalog import catalog, format_number
from rftcfg.core.checks import check_job, fix_for
from rftcfg.core.errors import Finding, by_level, finding
from rftcfg.core.job import Job, snake_case
from rftcfg.core.values import read_number
from rftcfg.files.keys import take_nameless_keys


def parse_job(data: Any, lines: Mapping[str, int] | None = None) -> tuple[Job | None, list[Finding]]:
    """Structure and types: unknown keys (with a did-you-mean), wrong types, pasted secrets.

    Where some keys are wrong, the job keeps the keys that are right so every other check can
    still run (`check_parsed`); the findings hold an error for each wrong key. `lines` (the
    reader's line of each dotted key) places keys that have no dotted name of their own.
    """
    if not isinstance(data, dict):
        return None, [finding("type", "a job file must be a mapping of keys to values.", fix=_MAPPING_FIX)]
    # Imported here: only commands that read job files pay for building the pydantic models.
    from pydantic import ValidationError

    from rftcfg.files.model import JobSchema, unquote_numbers

    camel = [k for k in data if snake_case(str(k)) != k and snake_case(str(k)) in JobSchema.model_fields]
    if camel:  # a REST body or `firectl get -o json` output: say so once instead of key by key
        return None, [
            finding(
                "rest-body",
                f"this is a REST body or API resource (camelCase keys such as {camel[0]}), not a job file.",
                fix="convert it with `rftcfg import FILE -o job.yaml`.",
            )
        ]
    data = copy.deepcopy(data)
    findings = take_nameless_keys(data, lines or {})
    findings += _take_secrets(data)
    findings += _read_parameters(data)
    findings += [_quoted_number(path, text, number) for path, text, number in unquote_numbers(data)]
    for _ in range(_MAX_PRUNING_ROUNDS):
        try:
            parsed = JobSchema.model_validate(data)
        except ValidationError as exc:
            pruned = False
            for error in exc.errors():
                findings.append(_from_pydantic(error))
                pruned = _prune(data, tuple(error["loc"])) or pruned
            if not pruned:  # another round would report the same errors again
                break
            continue
        return Job(parsed.model_dump(exclude_none=True)), findings
    return None, findings


_MAX_PRUNING_ROUNDS = 5  # each round removes every key pydantic rejected; nesting is 3 deep
_MAPPING_FIX = "write `key: value` lines: dataset:, evaluator:, training_config:, inference_parameters: (see README, 'The job file')."
# `x_token`, `authorization_token`, `my_api_key` are secrets; `credentials_secret` names a stored
# secret (a resource name, not the key), so "secret" counts only on its own.
_SECRET_ENDINGS = ("apikey", "token", "password", "authorization")
_SECRET_NAMES = {"apikey", "key", "token", "secret", "password", "wandbapikey", "fireworksapikey"}


def _take_secrets(data: dict[str, Any]) -> list[Finding]:
    """Remove anything that looks like an API key, at any depth and inside JSON text held in a
    string (`extra_body`), and say so by its key, never echoing its value."""
    found: list[Finding] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key in list(node):
            path, value = f"{prefix}{key}", node[key]
            inner = _secret_path(_json_object(value)) if isinstance(value, str) else None
            if looks_secret(key) or inner is not None:
                del node[key]  # gone before anything can render, diff or echo it
                where = f" (in its JSON text, under {inner})" if inner else ""
                found.append(_secret_finding(path, where))
            elif isinstance(value, dict):
                walk(value, path + ".")

    walk(data, "")
    return found


def _secret_finding(path: str, where: str) -> Finding:
    env = catalog().secrets["wandb_api_key_env" if path.startswith("wandb_config.") else "fireworks_api_key_env"]
    return finding(
        "secret-in-file",
        f"an API key must never be stored in a job file{where} (its value is not shown).",
        field=path,
        fix=f"delete it from the file (and rotate the key if the file was shared); set {env} instead.",
    )


def _json_object(text: str) -> Any:
    if not text.lstrip().startswith("{"):
        return None
    import json  # only strings that look like JSON objects are opened

    try:
        return json.loads(text)
    except ValueError:
        return None


def _secret_path(node: Any, prefix: str = "") -> str | None:
    """The dotted key under which JSON data holds something that looks like an API key."""
    if not isinstance(node, dict):
        return None
    for key, value in node.items():
        if looks_secret(key):
            return f"{prefix}{key}"
        deeper = _secret_path(value, f"{prefix}{key}.")
        if deeper:
            return deeper
    return None


def looks_secret(key: Any) -> bool:
    """A key that may hold an API key (its value is never shown)."""
    normal = str(key).lower().replace("_", "").replace("-", "")
    if normal in _SECRET_NAMES or normal.endswith(_SECRET_ENDINGS):
        return True
    return bool(difflib.get_close_matches(normal, ["apikey"], cutoff=0.8))


def _read_parameters(data: dict[str, Any]) -> list[Finding]:
    """Every tuned parameter through the one number parser (core.values), as a flag's text is:
    a refused value is an error and leaves the data (so pydantic does not report it twice), text
    that reads as a number becomes that number with a warning. Ranges are checked later, with
    the rest of the job, so a starting file (`new --from`) may still hold out-of-range values."""
    findings: list[Finding] = []
    for param in catalog().parameters.values():
        section = data.get(param.section)
        if not isinstance(section, dict) or section.get(param.field) is None:
            continue
        raw = section[param.field]
        result = read_number(param, raw)
        if isinstance(result, Finding):
            findings.append(result)
            del section[param.field]
            continue
        section[param.field] = result
        if isinstance(raw, str):
            findings.append(_quoted_number(param.path, raw, result))
    return findings


def _prune(data: dict[str, Any], loc: tuple[Any, ...]) -> bool:
    node: Any = data
    for part in loc[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict) and loc and loc[-1] in node:
        del node[loc[-1]]
        return True
    return False


def check_data(
    data: Any, account: str | None = None, *, structure_only: bool = False, lines: Mapping[str, int] | None = None
) -> tuple[Job | None, list[Finding]]:
    """The one way untrusted job data is judged (job files, stdin, imports): the job that could be
    read, and every finding about it, errors first. `structure_only`: only what stops the data
    being read as a job (unknown keys, wrong types, secrets), for a starting point whose values
    the person is about to change."""
    job, findings = parse_job(data, lines)
    return job, (by_level(findings) if structure_only else check_parsed(job, findings, account))


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
    return finding(
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
        return finding("unknown-key", "unknown key.", field=field, fix=_suggest_key(loc))
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        spelling = "spell it exactly as listed (these are the SDK's names, in upper case)."
        return finding("type", f"must be one of {expected}.", field=field, value=value, fix=spelling)
    param = catalog().parameter(field)
    message = _TYPE_MESSAGES.get(kind, str(error.get("msg", "is not valid")) + ".")
    fix = fix_for(param) if param else _TYPE_FIXES.get(kind)
    return finding("type", message, field=field, value=value, fix=fix)


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
    from rftcfg.files.model import model_at

    owner = model_at(loc)
    close = difflib.get_close_matches(key, list(owner.model_fields) if owner else [], n=1)
    if close:
        return f"did you mean {'.'.join([*map(str, loc[:-1]), close[0]])}?"
    nearest = catalog().suggest_parameter(key)
    if nearest:
        return f"did you mean {catalog().parameters[nearest].path}?"
    return "remove it; the keys are those of the SDK's create() call (see README)."
