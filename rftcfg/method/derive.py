"""IDs for jobs derived from another job (`tune`, sweep variants, `new --from FILE`, the wizard).

The service refuses a second job or model under an existing ID, and `launch.sh` stops at the
first refusal, so every derived job gets a job ID and an output model of its own: valid against
the table's ID pattern, no longer than its `max_length`, different from the base's and from every
sibling's. The naming scheme (and the markers that keep `tune`, `sweep` and `new --from` apart)
is in the table's `ids.derived`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import NamedTuple

from rftcfg.catalog import Number, catalog, format_number
from rftcfg.core.job import Job

COUNTER = "counter"  # kind: the base's trailing number plus one (run-1 -> run-2)


class DerivedIds(NamedTuple):
    job_id: str
    output_model: str  # full name when the base's had an `accounts/.../models/` prefix


def id_text(value: Number | str) -> str:
    """A value as it can appear in an ID: 2e-4, 0p9, 8 (lowercase letters, digits, hyphens)."""
    return re.sub(r"[^a-z0-9-]", "", format_number(value).lower().replace(".", "p").replace("+", ""))


def change_tag(changes: Mapping[str, Number | str]) -> str:
    """`{learning_rate: 2e-4, response_candidates_count: 8}` -> `lr2e-4-n8`."""
    params, settings = catalog().parameters, catalog().settings  # a `tune` may change a service setting
    return "-".join(f"{(params[k] if k in params else settings[k]).short}{id_text(v)}" for k, v in changes.items())


def safe_stem(text: str) -> str:
    """Any text as the start of an ID: lowercase letters, digits and single hyphens."""
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]+", "-", text.lower())).strip("-") or "job"


def _joined(stem: str, suffix: str) -> str:
    """`stem-suffix`, or when that is longer than the table's maximum, the stem cut to make room and
    a short digest of the whole uncut name put before the suffix: two names that differ only in the
    part cut away (a `-tune` of the base's, say) stay different."""
    limit = catalog().ids.max_length
    whole = f"{stem}-{suffix}".strip("-")
    if len(whole) <= limit:
        return whole
    import hashlib  # only a name too long for the table is cut

    digest = hashlib.blake2s(whole.encode(), digest_size=4).hexdigest()
    room = limit - len(suffix) - len(digest) - 2
    cut = stem[:room]
    if stem[room : room + 1] not in ("-", "") and "-" in cut:
        cut = cut.rsplit("-", 1)[0]  # cut between words, not through a tag's number
    head = f"{cut.rstrip('-')}-{digest}" if room > 0 and cut else digest
    return f"{head}-{suffix}"[:limit].strip("-")


def _bumped(stem: str) -> str:
    """The run counter at the end of `stem` plus one (run-1 -> run-2), or `-2` appended. A trailing
    number that is the exponent of a tag's value (lr5e-5) is no counter: bumping it would change
    the value the tag names."""
    match = re.match(r"^(.+)-(\d+)$", stem)
    if match is None or re.search(r"[0-9]e-?$", match.group(1)):
        return _joined(stem, "2")
    return _joined(match.group(1), str(int(match.group(2)) + 1))


def _free(name: str, taken: Collection[str]) -> str:
    """`name`, or `name-2`, `name-3`, ... (cut to fit) when it is taken."""
    count, found = 2, name
    while found in taken:
        found, count = _joined(name, str(count)), count + 1
    return found


def derived_name(base: str, kind: str, changes: Mapping[str, Number | str], taken: Collection[str]) -> str:
    """The ID a `kind` derivation (a kind of the table's `ids.derived`, or COUNTER) of the ID `base`
    gets, not in `taken`. It always extends the base's ID (tags stack, so the lineage stays
    readable), and the kind's marker keeps the same change made by two kinds apart."""
    stem = safe_stem(base)
    taken = {stem, *taken}
    if kind == COUNTER:
        return _free(_bumped(stem), taken)
    marker = catalog().ids.derived[kind]
    suffix = "-".join(part for part in (marker, change_tag(changes)) if part)
    return _free(_joined(stem, suffix), taken)


def next_name(current: str) -> str:
    """`support-safer-1` -> `support-safer-2`, `gsm8k-rft` -> `gsm8k-rft-2`, `run-lr5e-5` ->
    `run-lr5e-5-2` (an exponent is no counter); a full model name keeps its `accounts/<account>/models/`
    prefix. What the wizard offers for a run started from a file."""
    prefix, _, model_id = current.rpartition("/")
    following = derived_name(model_id, COUNTER, {}, {model_id})
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
    changes: Mapping[str, Number | str] = {},
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
