"""`import`: what people already have, turned into a job file's data.

Reads a firectl create command (noun-verb or verb-noun, `rftj`, with or without `\\` line
continuations), an `ep create rft` command, a REST request body (camelCase JSON), a job as
`firectl ... get -o json` prints it, or rftcfg's own YAML/JSON. Flags it does not know are
collected by name, never dropped silently. Values are checked later, like any job file's.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import yaml

from rftcfg.catalog import ToolSpec, catalog
from rftcfg.core.errors import UsageError
from rftcfg.core.job import camel_case, rekeyed, snake_case
from rftcfg.core.values import Problem, number_from_text
from rftcfg.files.reading import parse_json, parse_yaml


class Imported(NamedTuple):
    data: dict[str, Any]  # snake_case job-file data
    kind: str  # firectl, ep, api, resource or job
    notes: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()  # flags or keys the source had that rftcfg cannot carry, as written
    known: tuple[str, ...] = ()  # the flags or dotted keys it could carry, for a did-you-mean


def import_text(text: str) -> Imported:
    stripped = text.strip()
    if not stripped:
        raise UsageError("nothing to import: the input is empty.")
    words = _words(stripped)
    if words and _tool_for(words[0]) is not None:
        return import_command(words)
    try:  # read as job files are, so numbers follow the one grammar (files.reading)
        data = parse_json(stripped) if stripped.startswith("{") else parse_yaml(stripped)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"not a firectl or ep command, and not readable as JSON or YAML ({exc}).") from None
    if not isinstance(data, dict):
        raise UsageError("not a firectl or ep command, and not a job (a mapping of keys to values).")
    return import_mapping(data)


def _words(text: str) -> list[str]:
    joined = re.sub(r"\\\r?\n", " ", text)  # shell line continuations
    joined = re.sub(r"^\s*\$\s+", "", joined)  # a pasted prompt
    try:
        return shlex.split(joined, comments=True)
    except ValueError:
        return []


def _tool_for(program: str) -> ToolSpec | None:
    name = program.rsplit("/", 1)[-1]
    return next((t for t in catalog().tools.values() if name in (*t.program, *t.also_programs)), None)


# --- commands ------------------------------------------------------------------------------------


class _Target(NamedTuple):
    path: str | None  # where the value goes; None: dropped (with a note)
    takes_value: bool
    note: str | None = None


def _flag_table(tool: ToolSpec) -> dict[str, _Target]:
    table: dict[str, _Target] = {}
    resources = catalog().resources
    for flag in tool.account_flags:
        table[flag] = _Target(resources["account"].path, True)
    for name, flag in tool.resource_flags.items():
        table[flag] = _Target(resources[name].path, True)
    for param in catalog().parameters.values():
        table[param.flag] = _Target(param.path, True)
    for item in catalog().passthrough_keys:
        tool_flag = item.flags.get(tool.name)
        if tool_flag:
            table[tool_flag] = _Target(item.path, not item.boolean)
    wandb = tool.wandb
    table[wandb["enable_flag"]] = _Target("wandb_config.enabled", False)
    table[wandb["project_flag"]] = _Target(resources["wandb_project"].path, True)
    table[wandb["entity_flag"]] = _Target(resources["wandb_entity"].path, True)
    secret = f"the W&B key is not copied: set {catalog().secrets['wandb_api_key_env']} instead."
    table[wandb["key_flag"]] = _Target(None, True, secret)
    if tool.long_forms:
        table.update(_long_forms(table))
    for flag, takes_value in tool.ignored.items():
        table.setdefault(flag, _Target(None, takes_value, f"{flag} does not describe the job; ignored."))
    return table


def _long_forms(table: dict[str, _Target]) -> dict[str, _Target]:
    """ep also spells nested fields in full: --training-config-epochs, --wandb-config-enabled."""
    job_id = catalog().resources["job_id"].path  # a top-level key, spelled in full as well
    long: dict[str, _Target] = {"--" + job_id.replace("_", "-"): _Target(job_id, True)}
    for target in table.values():
        if target.path and "." in target.path:
            long["--" + target.path.replace(".", "-").replace("_", "-")] = target
    return long


def import_command(words: list[str]) -> Imported:
    tool = _tool_for(words[0])
    assert tool is not None  # import_text only sends commands of a known tool
    table = _flag_table(tool)
    forms = [list(f) for f in (*tool.forms.values(), *tool.also_reads)]
    form_words = {w for f in forms for w in f}
    data: dict[str, Any] = {}
    notes: list[str] = []
    unknown: list[str] = []
    positional: list[str] = []
    index = 1
    while index < len(words):
        word = words[index]
        index += 1
        if not word.startswith("-") or word == "-":
            positional.append(word)
            continue
        name, has_inline, inline = word.partition("=")
        target = table.get(name)
        if target is None:
            unknown.append(name)
            # Whether an unknown flag takes a value cannot be known; a following word that is not
            # part of the command's name is taken as its value.
            if (
                not has_inline
                and index < len(words)
                and not words[index].startswith("-")
                and words[index] not in form_words
            ):
                index += 1
            continue
        value: Any = True
        if not target.takes_value and has_inline:  # --wandb=false: a boolean flag as the tools read it
            if inline.lower() not in _BOOLEANS:
                raise UsageError(f"{name}={inline}: write {name}, {name}=true or {name}=false.")
            value = _BOOLEANS[inline.lower()]
        if target.takes_value:
            if has_inline:
                value = inline
            elif index < len(words):
                value, index = words[index], index + 1
            else:
                raise UsageError(f"{name} needs a value at the end of the command.")
        if target.note:
            notes.append(target.note)
        if target.path:
            _put(data, target.path, _typed(target.path, value))
    if positional not in forms:
        shown = " ".join(positional) or "(none)"
        expected = " | ".join(" ".join(f) for f in forms)
        raise UsageError(f"not a {tool.name} create command: found '{shown}', expected {expected}.")
    return Imported(data, tool.name, tuple(dict.fromkeys(notes)), tuple(unknown), tuple(table))


_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}  # Go's flag package, which firectl uses


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def _typed(path: str, value: Any) -> Any:
    """Command-line text as the job file's type, numbers by the one grammar (core.values); what
    does not parse is left as text for the job file's checks to report, in the same words as a
    flag's refusal."""
    from rftcfg.files.model import field_kind  # pydantic models: import builds them anyway to check the job

    kind = field_kind(path)
    if not isinstance(value, str):
        return value
    if path == "loss_config.method":
        return value.upper().replace("-", "_")  # firectl spells GSPO_TOKEN as gspo-token
    if kind in (int, float):
        number = number_from_text(value, whole=kind is int)
        return value if isinstance(number, Problem) else number
    if kind is bool:
        return value.lower() in ("true", "1", "yes")
    return value


# --- JSON and YAML -------------------------------------------------------------------------------

_JOB_NAME = re.compile(r"^accounts/([^/]+)/reinforcementFineTuningJobs/([^/]+)$")


def import_mapping(data: dict[str, Any]) -> Imported:
    from rftcfg.files.model import JobSchema  # the pydantic models: import checks the job with them anyway

    if not _is_camel(data):
        # A job file's unknown keys are listed and dropped like a body's; a key that may hold a
        # secret stays for the job file's own check, which refuses it without showing its value.
        kept, unknown = _known(data, JobSchema, keep=_secret)
        return Imported(kept, "job", (), tuple(unknown), tuple(_paths(JobSchema)))
    notes: list[str] = []
    kind = "api"
    body = dict(data)
    name = body.get("name")
    if isinstance(name, str) and _JOB_NAME.match(name):
        kind = "resource"
        match = _JOB_NAME.match(name)
        assert match is not None
        body.setdefault("accountId", match.group(1))
        body.setdefault("reinforcementFineTuningJobId", match.group(2))
    dropped = [path for path in catalog().read_only_fields if _pop(body, path)]
    if dropped:
        notes.append(f"dropped fields the service sets itself: {', '.join(dropped)}.")
    if _pop(body, "wandbConfig.apiKey"):
        notes.append(f"the W&B key is not copied: set {catalog().secrets['wandb_api_key_env']} instead.")
    if kind == "api":
        notes.append(
            "a REST body carries no account or job ID (they travel in the URL); the account comes from --account or FIREWORKS_ACCOUNT_ID."
        )
    data, unknown = _known(body, JobSchema, snake_case)
    return Imported(data, kind, tuple(notes), tuple(unknown), tuple(_paths(JobSchema, camel_case)))


def _secret(key: Any) -> bool:
    from rftcfg.files.parse import looks_secret

    return looks_secret(key)


def _known(
    data: dict[str, Any],
    model: Any,
    spell: Callable[[str], str] | None = None,
    prefix: str = "",
    keep: Callable[[Any], bool] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The keys the job model knows (respelled by `spell`, at every depth), and the dotted names
    of the rest as the input wrote them (never dropped silently). Keys `keep` accepts stay, for
    the job file's own checks."""
    from rftcfg.files.model import section_model

    kept: dict[str, Any] = {}
    unknown: list[str] = []
    for raw, value in data.items():
        key = spell(str(raw)) if spell else raw
        if key not in model.model_fields:
            if keep is not None and keep(raw):
                kept[raw] = value
            else:
                unknown.append(f"{prefix}{raw}")
            continue
        inner = section_model(model, key)
        if inner is not None and isinstance(value, dict):
            value, more = _known(value, inner, spell, f"{prefix}{raw}.", keep)
            unknown += more
        elif spell and isinstance(value, Mapping):
            value = rekeyed(value, spell)
        kept[key] = value
    return kept, unknown


def _paths(model: Any, spell: Callable[[str], str] = str, prefix: str = "") -> list[str]:
    """Every key the job model knows, dotted, in the input's spelling."""
    from rftcfg.files.model import section_model

    paths: list[str] = []
    for key in model.model_fields:
        paths.append(prefix + spell(key))
        inner = section_model(model, key)
        if inner is not None:
            paths += _paths(inner, spell, f"{prefix}{spell(key)}.")
    return paths


def _is_camel(data: dict[str, Any]) -> bool:
    return any(re.search(r"[a-z][A-Z]", str(k)) for k in data) or "name" in data


def _pop(data: dict[str, Any], path: str) -> bool:
    *parents, leaf = path.split(".")
    node: Any = data
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    return isinstance(node, dict) and node.pop(leaf, None) is not None
