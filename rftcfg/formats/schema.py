"""The JSON Schema (draft 2020-12) of a job file, for editors: generated from the job model and
completed from the data table (descriptions, documented defaults, hard ranges)."""

from __future__ import annotations

from typing import Any

from rftcfg.catalog import catalog

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def job_schema() -> dict[str, Any]:
    from rftcfg.files.model import JobSchema  # building the pydantic models is only needed here

    schema: dict[str, Any] = _without_nulls(JobSchema.model_json_schema(by_alias=False))
    defs = schema["$defs"]
    sections = {"training_config": defs["TrainingConfig"], "inference_parameters": defs["InferenceParameters"]}
    for param in catalog().parameters.values():
        prop = sections[param.section]["properties"][param.field]
        prop["description"] = f"{param.summary} {' '.join(param.when_to_move.split())}"
        prop["default"] = param.default
        if param.choices:
            prop["enum"] = list(param.choices)
        if param.min is not None:
            prop["minimum"] = param.min
        if param.max is not None:
            prop["maximum"] = param.max
    for item in catalog().passthrough_keys:
        prop = _property(schema, item.path)
        if prop is not None:
            prop["description"] = "Passed to the API unchanged; rftcfg checks only its type."
    for setting in catalog().settings.values():  # described and bounded; no default: the service's applies
        prop = _property(schema, setting.path)
        if prop is None:
            continue
        gone = f"Deprecated: use {setting.instead}. " if setting.instead else ""
        prop["description"] = (
            f"{gone}{setting.summary} Omitted: {setting.default_text}. {' '.join(setting.when_to_move.split())}"
        )
        if setting.choices:
            prop["enum"] = [*(setting.api_spelling(c) for c in setting.choices), *setting.also_default]
        if setting.min is not None:
            prop["minimum"] = setting.min
        if setting.max is not None:
            prop["maximum"] = setting.max
    described = [*catalog().job_fields.items(), *((r.path, r.describe) for r in catalog().resources.values())]
    for path, text in described:
        prop = _property(schema, path)
        if prop is not None:
            prop["description"] = text
    # At most one of base_model and warm_start_from (a partial job may have neither yet).
    defs["TrainingConfig"]["not"] = {"required": ["base_model", "warm_start_from"]}
    schema.update({"$schema": DRAFT, "title": "rftcfg RFT job file"})
    schema["description"] = (
        "Keyword arguments of Fireworks().reinforcement_fine_tuning_jobs.create(). Every key is optional "
        "here so partial files (templates) validate; `rftcfg validate` says what a complete job needs."
    )
    return schema


def _property(schema: dict[str, Any], path: str) -> dict[str, Any] | None:
    node = schema
    parts = path.split(".")
    for index, part in enumerate(parts):
        props = node.get("properties", {})
        if part not in props:
            return None
        prop: dict[str, Any] = props[part]
        if index == len(parts) - 1:
            return prop
        ref = prop.get("$ref", "")
        node = schema["$defs"][ref.rsplit("/", 1)[-1]] if ref else prop
    return None


def _without_nulls(node: Any) -> Any:
    """pydantic writes optional fields as anyOf [X, null] with default null; a job file never
    holds null, so the schema says X."""
    if isinstance(node, list):
        return [_without_nulls(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _without_nulls(v) for k, v in node.items()}
    options = node.get("anyOf")
    if isinstance(options, list):
        kept = [o for o in options if o != {"type": "null"}]
        if len(kept) == 1:
            del node["anyOf"]
            node.update(kept[0])
    if node.get("default", 0) is None:
        del node["default"]
    if "type" in node and "properties" not in node:
        node.pop("title", None)  # "Learning Rate" adds nothing to the description
    return node
