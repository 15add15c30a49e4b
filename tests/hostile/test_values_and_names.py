"""Hostile input, first classes closed at their root (issue 10, in progress): IDs anchored at the
true end of the text, NaN refused where a range check would let it through, and empty names as
usage errors rather than silently meaning "the default"."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import RESOURCES, run

ENDINGS = ["\n", "\r\n", "\x1b[31m", "\t"]


@pytest.mark.parametrize("ending", ENDINGS, ids=repr)
@pytest.mark.parametrize("flag", ["--job-id", "--output-model", "--account"])
def test_an_id_with_a_control_character_never_reaches_the_output(flag: str, ending: str) -> None:
    result = run("new", *RESOURCES, flag, f"run-1{ending}", "-f", "firectl")
    assert result.code in (1, 2), result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert repr(f"run-1{ending}") in result.stderr  # the value is shown escaped, on one line


@pytest.mark.parametrize("ending", ENDINGS, ids=repr)
def test_an_id_with_a_control_character_in_a_file_is_an_error(in_tmp: Path, ending: str) -> None:
    run("new", *RESOURCES, "--job-id", "run-1", "-o", "job.yaml")
    data = yaml.safe_load((in_tmp / "job.yaml").read_text())
    data["reinforcement_fine_tuning_job_id"] = f"run-1{ending}"
    (in_tmp / "job.yaml").write_text(yaml.safe_dump(data))
    result = run("validate", "job.yaml")
    assert result.code == 1
    assert "error: reinforcement_fine_tuning_job_id = 'run-1" in result.stderr


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf"])
def test_a_pass_rate_that_is_not_a_number_is_refused(text: str) -> None:
    result = run("new", *RESOURCES, "--prompts", "10", "--expected-pass-rate", text)
    assert result.code == 2
    assert "Invalid value for '--expected-pass-rate'" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["new", *RESOURCES, "-o", ""],
        ["new", *RESOURCES, "--from", ""],
        ["new", *RESOURCES, "--template", " "],
        ["render", "job.yaml", "-o", ""],
        ["tune", "job.yaml", "--symptom", "toxic", "-o", ""],
        ["sweep", "job.yaml", "--vary", "epochs=2", "-o", ""],
        ["import", "job.yaml", "-o", ""],
        ["schema", "-o", ""],
    ],
    ids=lambda a: " ".join(a[:1] + [x for x in a if x.startswith("-") and x not in RESOURCES][:1]),
)
def test_an_empty_name_is_a_usage_error(in_tmp: Path, args: list[str]) -> None:
    run("new", *RESOURCES, "-o", "job.yaml")
    before = sorted(p.name for p in in_tmp.iterdir())
    result = run(*args)
    assert result.code == 2, result.stderr
    assert "must not be empty" in result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in in_tmp.iterdir()) == before
