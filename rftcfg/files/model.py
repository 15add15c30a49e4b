"""The schema of a job file: exactly the keyword arguments of the official SDK call
`Fireworks().reinforcement_fine_tuning_jobs.create(...)` (fireworks-ai 1.2.x), snake_case.

Used only to parse untrusted input (job files): structure and types (unknown keys, wrong types).
Ranges and rules live in the data table and are checked by `checks`, so one range check serves
flags, files and the wizard. Every field is optional so a hand-written file missing a parameter
can still be read and reported on; `checks` says what is required. Importing this module builds
pydantic models, which is slow: commands that only write jobs never import it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from rftcfg.core.values import Problem, number_from_text


class _Section(BaseModel):
    # Job files use snake_case only (the SDK's keyword names); camelCase is for the REST body.
    # Strict: no silent true -> 1 or "3" -> 3. Numbers written as text are converted, with a
    # warning, by `unquote_numbers` before validation, since PyYAML reads `1e-4` as text.
    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=False,
        strict=True,
        allow_inf_nan=False,
    )


Region = Literal[
    "REGION_UNSPECIFIED", "US_IOWA_1", "US_VIRGINIA_1", "US_VIRGINIA_2", "US_ILLINOIS_1",
    "AP_TOKYO_1", "EU_LONDON_1", "US_ARIZONA_1", "US_TEXAS_1", "US_ILLINOIS_2", "EU_FRANKFURT_1",
    "US_TEXAS_2", "EU_PARIS_1", "EU_HELSINKI_1", "US_NEVADA_1", "EU_ICELAND_1", "EU_ICELAND_2",
    "US_WASHINGTON_1", "US_WASHINGTON_2", "EU_ICELAND_DEV_1", "US_WASHINGTON_3", "US_ARIZONA_2",
    "AP_TOKYO_2", "US_CALIFORNIA_1", "US_MISSOURI_1", "US_UTAH_1", "US_TEXAS_3", "US_ARIZONA_3",
    "US_GEORGIA_1", "US_GEORGIA_2", "US_WASHINGTON_4", "US_GEORGIA_3", "NA_BRITISHCOLUMBIA_1",
    "US_GEORGIA_4", "EU_ICELAND_3", "US_OHIO_1", "US_NEWYORK_1",
]  # fmt: skip


class TrainingConfig(_Section):
    base_model: str | None = None
    warm_start_from: str | None = None
    output_model: str | None = None
    learning_rate: float | None = None
    epochs: int | None = None
    lora_rank: int | None = None
    batch_size: int | None = None
    max_context_length: int | None = None
    # Passed through untouched (not tuned by rftcfg).
    batch_size_samples: int | None = None
    gradient_accumulation_steps: int | None = None
    learning_rate_warmup_steps: int | None = None
    optimizer_weight_decay: float | None = None
    sampler_checkpoint_save_interval_steps: int | None = None
    jinja_template: str | None = None
    region: Region | None = None


class InferenceParameters(_Section):
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    response_candidates_count: int | None = None
    max_output_tokens: int | None = None
    extra_body: str | None = None


class WandbConfig(_Section):
    enabled: bool | None = None
    project: str | None = None
    entity: str | None = None
    run_id: str | None = None
    # No api_key: rftcfg never stores one (checks._take_secrets refuses it before parsing).


class DpoConfig(_Section):
    beta: float | None = None
    ref_cache_concurrency: int | None = None
    ref_cache_batch_size: int | None = None


class LossConfig(_Section):
    method: Literal["METHOD_UNSPECIFIED", "GRPO", "DAPO", "DPO", "ORPO", "GSPO_TOKEN"] | None = None
    kl_beta: float | None = None
    dpo: DpoConfig | None = None


class AwsS3Config(_Section):
    credentials_secret: str | None = None
    iam_role_arn: str | None = None


class AzureBlobStorageConfig(_Section):
    credentials_secret: str | None = None
    managed_identity_client_id: str | None = None
    tenant_id: str | None = None


class JobSchema(_Section):
    """Field order is the order a person reads a job file in."""

    account_id: str | None = None
    dataset: str | None = None
    evaluator: str | None = None
    reinforcement_fine_tuning_job_id: str | None = None
    display_name: str | None = None
    training_config: TrainingConfig | None = None
    inference_parameters: InferenceParameters | None = None
    wandb_config: WandbConfig | None = None
    evaluation_dataset: str | None = None
    eval_auto_carveout: bool | None = None
    chunk_size: int | None = None
    loss_config: LossConfig | None = None
    mcp_server: str | None = None
    max_concurrent_rollouts: int | None = None
    max_concurrent_evaluations: int | None = None
    max_inference_replica_count: int | None = None
    node_count: int | None = None
    reservation_target: str | None = None
    aws_s3_config: AwsS3Config | None = None
    azure_blob_storage_config: AzureBlobStorageConfig | None = None


def model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that owns the key at `loc` (for did-you-mean on unknown keys)."""
    model: type[BaseModel] = JobSchema
    for part in loc[:-1]:
        inner = section_model(model, str(part))
        if inner is None:
            return None
        model = inner
    return model


def number_type(model: type[BaseModel], key: str) -> type[int] | type[float] | None:
    """int or float when `key` of `model` holds a number, else None."""
    info = model.model_fields.get(key)
    args = getattr(info.annotation, "__args__", ()) if info else ()
    return next((t for t in (int, float) if t in args), None)


def section_model(model: type[BaseModel], key: str) -> type[BaseModel] | None:
    info = model.model_fields.get(key)
    args = getattr(info.annotation, "__args__", ()) if info else ()
    return next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)


def unquote_numbers(
    data: Any, model: type[BaseModel] = JobSchema, prefix: str = ""
) -> list[tuple[str, str, float | int]]:
    """Turn numbers written as text into numbers, in place; returns (path, text, number) for each.
    The grammar is the one every entry point uses (core.values.number_from_text).

    YAML 1.1 (PyYAML, and so `yaml.safe_load` before an SDK call) reads `1e-4` as the string
    "1e-4"; such files must still be accepted, but the user should hear that the raw file would
    send text.
    """
    changed: list[tuple[str, str, float | int]] = []
    if not isinstance(data, dict):
        return changed
    for key, value in data.items():
        path = f"{prefix}{key}"
        inner = section_model(model, key)
        if inner is not None:
            changed += unquote_numbers(value, inner, path + ".")
            continue
        kind = number_type(model, key)
        if kind is None or not isinstance(value, str):
            continue
        number = number_from_text(value, whole=kind is int)
        if isinstance(number, Problem):
            continue  # left as text: the strict types report it
        data[key] = number
        changed.append((path, value, data[key]))
    return changed


def field_kind(path: str) -> type | None:
    """int, float, bool or str for a dotted job-file path; None for a section or an unknown key."""
    model: type[BaseModel] = JobSchema
    *parents, leaf = path.split(".")
    for part in parents:
        inner = section_model(model, part)
        if inner is None:
            return None
        model = inner
    info = model.model_fields.get(leaf)
    args = getattr(info.annotation, "__args__", ()) if info else ()
    return next((t for t in (bool, int, float, str) if t in args), None)
