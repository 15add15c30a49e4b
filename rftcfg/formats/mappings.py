"""`import` of JSON and YAML: a REST body or API resource (camelCase) or a job file (snake_case),
as job-file data; keys the job model does not know are listed by name, never dropped silently."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from rftcfg.catalog import catalog
from rftcfg.core.errors import UsageError
from rftcfg.core.job import camel_case, rekeyed, snake_case


class Imported(NamedTuple):
    data: dict[str, Any]  # snake_case job-file data
    kind: str  # firectl, ep, api, resource or job
    notes: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()  # flags or keys the source had that rftcfg cannot carry, as written
    known: tuple[str, ...] = ()  # the flags or dotted keys it could carry, for a did-you-mean


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
    spelled: dict[str, Any] = {}
    for raw, value in data.items():
        key = spell(str(raw)) if spell else raw
        if key in spelled:
            raise UsageError(
                f"{prefix}{spelled[key]} and {prefix}{raw} are one key ({key}) spelled two ways; "
                "a reader would keep whichever comes last. Keep only one."
            )
        spelled[key] = raw
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
