"""IDs for jobs derived from another job (`tune`, sweep variants, `new --from FILE`, the wizard).

The service refuses a second job or model under an existing ID, and `launch.sh` stops at the
first refusal, so every derived job gets a job ID and an output model of its own: valid against
the table's ID pattern, no longer than its `max_length`, different from the base's and from every
sibling's. The naming scheme (and the marker that keeps `tune` and `sweep` apart) is in the
table's `ids.derived`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import NamedTuple

from rftcfg.catalog import Number, catalog, format_number
from rftcfg.core.job import Job

NEXT = "next"  # kind: the base's trailing number plus one (run-1 -> run-2)


class DerivedIds(NamedTuple):
    job_id: str
    output_model: str  # full name when the base's had an `accounts/.../models/` prefix


def id_text(value: Number) -> str:
    """A value as it can appear in an ID: 2e-4, 0p9, 8 (lowercase letters, digits, hyphens)."""
    return re.sub(r"[^a-z0-9-]", "", format_number(value).lower().replace(".", "p").replace("+", ""))


def change_tag(changes: Mapping[str, Number]) -> str:
    """`{learning_rate: 2e-4, response_candidates_count: 8}` -> `lr2e-4-n8`."""
    params = catalog().parameters
    return "-".join(f"{params[k].short}{id_text(v)}" for k, v in changes.items())


def safe_stem(text: str) -> str:
    """Any text as the start of an ID: lowercase letters, digits and single hyphens."""
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]+", "-", text.lower())).strip("-") or "job"


def _joined(stem: str, suffix: str) -> str:
    """`stem-suffix`, the stem cut so the whole fits the table's maximum length."""
    room = catalog().ids.max_length - len(suffix) - 1
    return f"{stem[:room].rstrip('-') or 'job'}-{suffix}"[: catalog().ids.max_length].strip("-")


def _strip_tags(stem: str, marker: str, keys: Collection[str]) -> str:
    """Drop the tags an earlier derivation of the same kind left for these parameters, so re-varying
    a variant (or re-tuning a tuned job) replaces its tag instead of stacking a second one."""
    params, lead = catalog().parameters, f"-{marker}" if marker else ""
    shorts = "|".join(re.escape(params[k].short) for k in keys)
    pattern = re.compile(rf"{lead}-(?:{shorts})[0-9p]+(?:e-?[0-9]+)?$")
    while shorts and (shorter := pattern.sub("", stem)) != stem and shorter:
        stem = shorter
    return stem


def _bumped(stem: str) -> str:
    match = re.match(r"^(.*?)-(\d+)$", stem)
    return _joined(match.group(1), str(int(match.group(2)) + 1)) if match else _joined(stem, "2")


def _free(name: str, taken: Collection[str]) -> str:
    """`name`, or `name-2`, `name-3`, ... (cut to fit) when it is taken."""
    count, found = 2, name
    while found in taken:
        found, count = _joined(name, str(count)), count + 1
    return found


def derived_name(base: str, kind: str, changes: Mapping[str, Number], taken: Collection[str]) -> str:
    """The ID a `kind` derivation (`tune`, `sweep`, or NEXT) of the ID `base` gets, not in `taken`."""
    stem = safe_stem(base)
    if kind == NEXT:
        return _free(_bumped(stem), taken)
    marker = catalog().ids.derived[kind]
    tag = change_tag(changes)
    suffix = f"{marker}-{tag}" if marker else tag
    return _free(_joined(_strip_tags(stem, marker, changes), suffix), taken)


def next_name(current: str) -> str:
    """`support-safer-1` -> `support-safer-2`, `gsm8k-rft` -> `gsm8k-rft-2`; a full model name keeps
    its `accounts/<account>/models/` prefix. What the wizard offers for a run started from a file."""
    prefix, _, model_id = current.rpartition("/")
    following = derived_name(model_id, NEXT, {}, {model_id})
    return f"{prefix}/{following}" if prefix else following


def base_ids(base: Job, fallback: str) -> tuple[str, str, str]:
    """(job ID, output model ID, output model prefix) of `base`; a missing one is the other, and with
    neither, `fallback` (a file name) made ID-safe. Mirrors the service: the model defaults to the job ID."""
    job_id = str(base.get("reinforcement_fine_tuning_job_id") or "")
    model = str(base.get("training_config.output_model") or "")
    prefix, _, model_id = model.rpartition("/")
    job_id = job_id or model_id or safe_stem(fallback)
    return job_id, model_id or job_id, prefix


def derive_ids(
    base: Job,
    kind: str,
    changes: Mapping[str, Number] = {},
    *,
    fallback: str = "job",
    taken: Collection[DerivedIds] = (),
) -> DerivedIds:
    """New IDs for one job derived from `base`, distinct from the base's and from `taken` (siblings)."""
    job_id, model_id, prefix = base_ids(base, fallback)
    new_job = derived_name(job_id, kind, changes, {job_id, *(t.job_id for t in taken)})
    taken_models = {model_id, *(t.output_model.rpartition("/")[2] for t in taken)}
    new_model = derived_name(model_id, kind, changes, taken_models)
    return DerivedIds(new_job, f"{prefix}/{new_model}" if prefix else new_model)


def with_ids(job: Job, ids: DerivedIds) -> Job:
    """`job` under `ids`; a W&B run follows the job ID, so runs line up side by side in one project."""
    updates: dict[str, object] = {
        "reinforcement_fine_tuning_job_id": ids.job_id,
        "training_config.output_model": ids.output_model,
    }
    if job.get("wandb_config.enabled"):
        updates["wandb_config.run_id"] = ids.job_id
    return job.replace(updates)
