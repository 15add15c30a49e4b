"""Resource IDs: short-ID expansion, format checks, and model size read from a model name."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from rftcfg.catalog import catalog
from rftcfg.core.errors import Finding, finding

_SIZE_TOKEN = re.compile(r"^(?:(\d+)x)?(\d+(?:p\d+)?)b$")


class Resolved(NamedTuple):
    """A resource value after expansion, with anything worth saying about it."""

    value: str
    findings: tuple[Finding, ...] = ()


@cache
def _id_pattern() -> re.Pattern[str]:
    return re.compile(catalog().ids.pattern)


def _full_pattern(collection: str) -> re.Pattern[str]:
    segment = catalog().ids.pattern.strip("^$")
    return re.compile(rf"^accounts/({segment})/{collection}/({segment})$")


def resolve(name: str, value: str, account: str | None, where: str | None = None) -> Resolved:
    """Expand a short ID to a full resource name where the rules allow, and check its format.

    `name` is a collection resource of the data table; its `expand` says how a short ID grows: a
    bare base model is a Fireworks model, datasets and evaluators need an account, the output
    model is a model ID and stays as given. `where` (default: the resource's path) is the field
    findings name.
    """
    spec = catalog().resources[name]
    where = where or spec.path
    collection = spec.collection
    # No stripping: an ID with a space or control character around it is refused like any other
    # malformed one (the wizard strips its answers; a file or flag must say exactly what it means).
    if value.startswith("accounts/"):
        if _full_pattern(str(collection)).fullmatch(value):  # `$` also matches before a final newline
            return Resolved(value)
        return Resolved(value, (_bad_id(name, value, spec.full_name, where),))
    if not _id_pattern().fullmatch(value):
        return Resolved(value, (_bad_id(name, value, f"an ID or {spec.full_name}", where),))
    if spec.expand == "none":
        return Resolved(value)
    if spec.expand == "fireworks":
        return Resolved(f"accounts/{catalog().ids.fireworks_models_account}/{collection}/{value}")
    if account:
        return Resolved(f"accounts/{account}/{collection}/{value}")
    rule = catalog().rules["short-id-no-account"]
    return Resolved(
        value,
        (
            finding(
                "short-id-no-account",
                "short ID and no account to expand it with; clients may read it differently.",
                field=where,
                value=value,
                fix=rule.explain,
            ),
        ),
    )


def check_plain_id(name: str, value: str) -> Finding | None:
    """Job IDs and account IDs (id: plain resources): no official pattern is published, so the
    conservative one. The finding names the resource's job-file path."""
    if _id_pattern().fullmatch(value):
        return None
    return _bad_id(name, value, "an ID")


def _bad_id(name: str, value: str, shape: str, where: str | None = None) -> Finding:
    spec = catalog().resources[name]
    return finding(
        "bad-id",
        f"not a valid name; expected {shape}, where IDs are {catalog().ids.format}.",
        field=where or spec.path,
        value=value,
        fix=f"{spec.fix}.",
    )


def model_size_b(model: str | None) -> float | None:
    """Billions of parameters read from a model name; total size for mixture-of-experts names.

    `llama-v3p1-70b-instruct` -> 70, `qwen3-30b-a3b` -> 30, `qwen3-0p6b` -> 0.6,
    `mixtral-8x7b-instruct` -> 56. Falls back to the data table for names without a size.
    """
    if not model:
        return None
    model_id = model.rsplit("/", 1)[-1].lower()
    for token in model_id.split("-"):
        match = _SIZE_TOKEN.match(token)
        if match:
            experts = int(match.group(1) or 1)
            return experts * float(match.group(2).replace("p", "."))
    known = catalog().model_sizes
    for prefix in sorted(known, key=len, reverse=True):
        if model_id.startswith(prefix):
            return known[prefix]
    return None
