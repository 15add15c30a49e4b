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
from typing import Any, NamedTuple

import yaml

from rftcfg.catalog import ToolSpec, catalog
from rftcfg.core.errors import UsageError, excerpt
from rftcfg.core.values import Problem, number_from_text
from rftcfg.files.reading import key_lines, parse_json, parse_yaml
from rftcfg.formats.mappings import Imported, import_mapping


def import_text(text: str, shown: str = "<input>") -> Imported:
    """`shown` names the input in messages (`body.json:3: duplicate key ...`)."""
    stripped = text.strip()
    if not stripped:
        raise UsageError("nothing to import: the input is empty.")
    words = _words(stripped)
    if words and _tool_for(words[0]) is not None:
        return import_command(words)
    try:  # read as job files are, so numbers follow the one grammar (files.reading)
        data = parse_json(stripped, shown) if stripped.startswith("{") else parse_yaml(stripped, shown)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        said = excerpt(" ".join(str(exc).split()))  # the parser's text, on one short line
        raise UsageError(f"{shown}: not a firectl or ep command, and not readable as JSON or YAML ({said}).") from None
    if not isinstance(data, dict):
        raise UsageError(f"{shown}: not a firectl or ep command, and not a job (a mapping of keys to values).")
    key_lines(text, shown)  # duplicate keys are refused as `validate` refuses them, on their line
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
    given: dict[str, tuple[str, Any]] = {}  # job path -> the flag and value that set it
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
            typed = _typed(target.path, value)
            _once(given, target.path, name, typed)
            _put(data, target.path, typed)
    if positional not in forms:
        shown = " ".join(positional) or "(none)"
        expected = " | ".join(" ".join(f) for f in forms)
        raise UsageError(f"not a {tool.name} create command: found '{shown}', expected {expected}.")
    return Imported(data, tool.name, tuple(dict.fromkeys(notes)), tuple(unknown), tuple(table))


def _once(given: dict[str, tuple[str, Any]], path: str, flag: str, value: Any) -> None:
    """A flag given twice with different values: firectl (Go's flag package) and ep (argparse)
    both keep the last, but a pasted command that says two things is a mistake to show, not a
    choice to make silently. The same value twice (or a flag and its alias) means one thing."""
    if path in given and given[path][1] != value:
        first_flag, first = given[path]
        said = (
            f"{flag} is given twice with different values"
            if first_flag == flag
            else f"{first_flag} and {flag} both set {path}"
        )
        raise UsageError(
            f"{said}: {excerpt(first)}, then {excerpt(value)}. The tool would silently take the "
            "last; keep only the one you mean."
        )
    given[path] = (flag, value)


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
