"""Keys YAML does not read as names (`~:`, `null:`, `1:`, `yes:`, a date): one finding each, on the
key's own line, with a fix; never the same error repeated, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run

JOB = """\
dataset: accounts/acme/datasets/d
evaluator: accounts/acme/evaluators/e
{top}: 1
training_config:
  base_model: accounts/fireworks/models/qwen3-8b
  {inner}: x
"""
NO_NAME = ["~", "null", "Null", "NULL"]
NOT_TEXT = {"1": "a number", "-7": "a number", "1.5": "a number", "true": "a boolean", "yes": "a boolean",
            "Off": "a boolean", "2024-01-01": "a date"}  # fmt: skip


@pytest.mark.parametrize("key", [*NO_NAME, *NOT_TEXT])
@pytest.mark.parametrize("command", ["validate", "render", "new --from"])
def test_a_key_that_is_not_a_name_is_one_finding_on_its_line(in_tmp: Path, key: str, command: str) -> None:
    (in_tmp / "job.yaml").write_text(JOB.format(top=key, inner=key))
    args = ["new", "--from", "job.yaml"] if command == "new --from" else [command, "job.yaml"]
    result = run(*args)
    assert result.code == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    if key in NO_NAME:
        said = [f"a key with no name ({key}) at the top level", f"a key with no name ({key}) under training_config"]
    else:
        said = [f"the key {key} at the top level is read as {NOT_TEXT[key]}",
                f"the key {key} under training_config is read as {NOT_TEXT[key]}"]  # fmt: skip
    assert len(errors) == 2, result.stderr
    assert errors[0].startswith(f"job.yaml:3: error: {said[0]}")
    assert errors[1].startswith(f"job.yaml:6: error: {said[1]}")
    assert all(" Fix: write the key's name" in e for e in errors)


def test_a_complex_key_is_one_file_error_with_its_line(in_tmp: Path) -> None:
    (in_tmp / "job.yaml").write_text(JOB.format(top="dataset_x", inner="[a, b]"))
    result = run("validate", "job.yaml")
    assert (result.code, result.stderr.strip()) == (
        2,
        "rftcfg: job.yaml:6: malformed YAML: found unhashable key; the line: [a, b]: x.",
    )
