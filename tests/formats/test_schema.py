"""The JSON Schema for editors: valid draft 2020-12, agrees with the data table, accepts every
golden output and template, rejects what `validate` rejects structurally."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from rftcfg.app.templates import available
from rftcfg.catalog import catalog
from rftcfg.formats.schema import job_schema
from tests.conftest import RESOURCES, run

jsonschema = pytest.importorskip("jsonschema")
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
SCHEMA = job_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["additionalProperties"] is False


def test_cli_prints_the_same_schema() -> None:
    assert json.loads(run("schema").stdout) == SCHEMA


@pytest.mark.parametrize("param", list(catalog().parameters.values()), ids=lambda p: p.key)
def test_every_parameter_carries_default_range_and_description(param: Any) -> None:
    section = {"training_config": "TrainingConfig", "inference_parameters": "InferenceParameters"}[param.section]
    prop = SCHEMA["$defs"][section]["properties"][param.field]
    assert prop["default"] == param.default
    assert param.summary in prop["description"]
    if param.choices:
        assert prop["enum"] == list(param.choices)
    else:
        assert (prop["minimum"], prop.get("maximum")) == (param.min, param.max)


DOCUMENTS = [
    p
    for p in sorted(GOLDEN.iterdir())
    if p.suffix in (".yaml",) or (p.name.endswith(".json") and ".api." not in p.name)
]


@pytest.mark.parametrize("path", DOCUMENTS + [t.path for t in available()], ids=lambda p: p.name)
def test_golden_outputs_and_templates_validate(path: Path) -> None:
    VALIDATOR.validate(yaml.safe_load(path.read_text()))


def base_job() -> dict[str, Any]:
    return yaml.safe_load(run("new", *RESOURCES).stdout)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda j: j["inference_parameters"].update(temperature=3.0), "inference_parameters.temperature"),
        (lambda j: j["training_config"].update(lora_rank=12), "training_config.lora_rank"),
        (lambda j: j["training_config"].update(epochs=2.5), "training_config.epochs"),
        (lambda j: j["inference_parameters"].update(n=4), "inference_parameters"),
        (lambda j: j.update(bogus=1), ""),
        (lambda j: j["training_config"].update(warm_start_from="accounts/a/models/x"), "training_config"),
        (lambda j: j.update(wandb_config={"enabled": True, "api_key": "k"}), "wandb_config"),
    ],
    ids=["range", "choices", "whole-number", "unknown-nested-key", "unknown-key", "both-models", "api-key"],
)
def test_schema_rejects_what_validate_rejects(change: Any, path: str) -> None:
    job = copy.deepcopy(base_job())
    change(job)
    errors = list(VALIDATOR.iter_errors(job))
    assert errors
    assert any(".".join(map(str, e.absolute_path)) == path for e in errors), [e.message for e in errors]


def test_schema_comment_header(in_tmp: Path) -> None:
    out = run("new", *RESOURCES, "--schema-comment", "rftcfg.schema.json").stdout
    assert out.splitlines()[0] == "# yaml-language-server: $schema=rftcfg.schema.json"
