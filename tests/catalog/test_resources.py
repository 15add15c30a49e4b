"""The data table's `resources`: one row per resource, and every place that needs a resource's
path, flag, help, ID rules, schema text or tool flags reads it from there. Each test loops over
the whole table, so a row added (or a copy that drifts) fails here."""

from __future__ import annotations

import inspect
import json

import pytest

from rftcfg.app.new import NewRequest, equivalent_argv
from rftcfg.catalog import Resource, ToolSpec, catalog
from rftcfg.cli.commands.new import new
from rftcfg.core.ids import check_plain_id, resolve
from rftcfg.core.job import Job
from rftcfg.core.resources import Resources, build_job, passthrough_of, resources_of
from rftcfg.formats.base import EnvRef
from rftcfg.formats.commands import tool_command
from rftcfg.formats.importing import import_command
from rftcfg.formats.schema import _property, job_schema
from tests.conftest import run

ROWS = list(catalog().resources.values())
TOOLS = list(catalog().tools.values())
VALUE = "v-1"  # a valid ID, so every kind of resource takes it


def _only(spec: Resource, value: str = VALUE) -> Resources:
    return Resources(**{spec.name: value})


def _tool_flag(tool: ToolSpec, spec: Resource) -> str | None:
    """The flag `tool` writes this resource with, wherever its block of the table keeps it."""
    wandb = {"wandb_project": tool.wandb["project_flag"], "wandb_entity": tool.wandb["entity_flag"]}
    account = {"account": tool.account_flags[0]} if tool.account_flags else {}
    return {**tool.resource_flags, **account, **wandb}.get(spec.name)


def test_resources_fields_are_the_tables_rows_in_order() -> None:
    assert Resources._fields == tuple(catalog().resources)


@pytest.mark.parametrize("spec", ROWS, ids=lambda s: s.name)
def test_every_row_is_complete(spec: Resource) -> None:
    assert spec.flag.startswith("--")
    assert spec.metavar.isupper()
    assert spec.help.endswith(".")
    assert spec.path
    assert spec.describe
    assert (spec.id == "collection") == (spec.collection is not None)
    assert (spec.id != "text") == bool(spec.fix)
    assert not spec.required or spec.id == "collection"  # the "required" fix shows a full name
    assert spec.envvar is None or spec.envvar in catalog().secrets


def test_paths_and_flags_are_unique_and_tools_name_only_resources() -> None:
    assert len({s.path for s in ROWS}) == len({s.flag for s in ROWS}) == len(ROWS)
    for tool in TOOLS:
        assert set(tool.resource_flags) <= set(catalog().resources), tool.name


@pytest.mark.parametrize("spec", ROWS, ids=lambda s: s.name)
def test_the_schema_describes_it(spec: Resource) -> None:
    prop = _property(job_schema(), spec.path)
    assert prop is not None
    assert prop["description"] == spec.describe


@pytest.mark.parametrize("spec", ROWS, ids=lambda s: s.name)
def test_new_has_its_option(spec: Resource) -> None:
    option = inspect.signature(new).parameters[spec.name].default
    assert (option.param_decls, option.metavar, option.help) == ((spec.flag,), spec.metavar, spec.help)
    envvar = catalog().secrets[spec.envvar] if spec.envvar else None
    assert option.envvar == envvar
    assert spec.flag in run("new", "--help").stdout


@pytest.mark.parametrize("spec", ROWS, ids=lambda s: s.name)
def test_equivalent_argv_sets_it_with_its_flag(spec: Resource) -> None:
    argv = equivalent_argv(NewRequest(resources=_only(spec)))
    assert argv[2:] == [spec.flag, VALUE]
    # "" is kept too: it clears what a starting file has
    assert equivalent_argv(NewRequest(resources=_only(spec, "")))[2:] == [spec.flag, ""]


@pytest.mark.parametrize("spec", ROWS, ids=lambda s: s.name)
def test_a_job_file_carries_it_at_its_path_and_reads_it_back(spec: Resource) -> None:
    job = build_job(_only(spec), {})
    assert job.get(spec.path) == VALUE
    assert resources_of(job) == _only(spec)
    leftover = Job(passthrough_of(job))
    assert leftover.get(spec.path) is None


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t.name)
@pytest.mark.parametrize("spec", ROWS, ids=lambda s: s.name)
def test_tool_commands_carry_it_where_the_tool_has_a_flag(tool: ToolSpec, spec: Resource) -> None:
    command = tool_command(build_job(_only(spec), {}), tool.name)
    flag = _tool_flag(tool, spec)
    if flag is None:
        assert all(VALUE not in group for group in command.options)
        assert any(spec.path in note or VALUE in note for note in command.notes)  # never silently dropped
        return
    assert (flag, VALUE) in command.options
    words = [f"${w.name}" if isinstance(w, EnvRef) else w for w in command.argv()]
    assert Job(import_command(words).data).get(spec.path) == VALUE  # and `import` reads it back


@pytest.mark.parametrize("spec", [s for s in ROWS if s.id == "collection"], ids=lambda s: s.name)
def test_collection_ids_expand_as_the_row_says(spec: Resource) -> None:
    short = resolve(spec.name, VALUE, "acme")
    expected = {
        "account": f"accounts/acme/{spec.collection}/{VALUE}",
        "fireworks": f"accounts/{catalog().ids.fireworks_models_account}/{spec.collection}/{VALUE}",
        "none": VALUE,
    }[spec.expand]
    assert (short.value, short.findings) == (expected, ())
    bad = resolve(spec.name, "Not_An_ID", "acme").findings
    assert [(f.code, f.field, f.fix) for f in bad] == [("bad-id", spec.path, f"{spec.fix}.")]
    wrong = resolve(spec.name, f"accounts/acme/not-{spec.collection}/x", "acme").findings
    assert [f.code for f in wrong] == ["bad-id"]
    assert f"expected {spec.full_name}," in wrong[0].message


@pytest.mark.parametrize("spec", [s for s in ROWS if s.id == "plain"], ids=lambda s: s.name)
def test_plain_ids_are_checked_with_the_rows_fix(spec: Resource) -> None:
    assert check_plain_id(spec.name, VALUE) is None
    bad = check_plain_id(spec.name, "Not_An_ID")
    assert bad is not None
    assert (bad.code, bad.field, bad.fix) == ("bad-id", spec.path, f"{spec.fix}.")


def test_required_rows_are_what_new_and_validate_ask_for() -> None:
    required = [s for s in ROWS if s.required]
    for spec in required:
        args = ["new", "--base-model", "qwen3-8b", "--account", "acme"]
        args += [w for other in required if other is not spec for w in (other.flag, VALUE)]
        result = run(*args)
        assert result.code == 2
        assert f"missing {spec.flag}" in result.stderr
    checked = run("validate", "-", stdin=json.dumps({"training_config": {"base_model": "qwen3-8b"}}))
    for spec in required:
        assert f"error: {spec.path}: is required." in checked.stderr
