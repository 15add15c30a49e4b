"""`new` and `produce` never fail on numbers: the checks report first, and the estimate (which
divides by the batch size) is only made for a job without errors.

Regressions: `--batch-size 0` with other flags ended in ZeroDivisionError, integers of hundreds
of digits on the command line or in a job file in OverflowError (exit 3, "internal error").
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftcfg.app.new import NewRequest, produce
from rftcfg.catalog import Number, Parameter, catalog
from rftcfg.core.errors import InvalidJobError
from rftcfg.core.resources import Resources
from tests.conftest import RESOURCES, run

PARAMS = catalog().parameters
LIMIT = catalog().number_text_max
HUGE = "9" * 300
REQUIRED = Resources(
    base_model="qwen3-8b", dataset="accounts/acme/datasets/gsm8k", evaluator="accounts/acme/evaluators/math"
)


def test_a_zero_batch_size_with_other_flags_is_an_invalid_job() -> None:
    result = run("new", *RESOURCES, "--batch-size", "0", "--epochs", "2", "--temperature", "0.9")
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "error: training_config.batch_size = 0: is outside the valid range 1..2147483647. "
        "Fix: use 1..2147483647 (default 32768); see `rftcfg explain batch_size`.",
        "rftcfg: the job is invalid (1 error); nothing was written.",
    ]


def test_every_bad_flag_value_is_reported_together() -> None:
    result = run("new", *RESOURCES, "--epochs", "2.0", "--batch-size", "0", "--top-k", "010", "--temperature", "nan")
    assert result.code == 1
    errors = [line.split(" = ")[0] for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: training_config.epochs",
        "error: training_config.batch_size",
        "error: inference_parameters.temperature",
        "error: inference_parameters.top_k",
    ]  # in the data table's order, as the job checks list them
    assert "Fix: write 2; use 1..10" in result.stderr
    assert result.stderr.endswith("rftcfg: the job is invalid (4 errors); nothing was written.\n")


@pytest.mark.parametrize("key", list(PARAMS))
def test_hundreds_of_digits_as_a_flag_are_one_clear_error(key: str) -> None:
    param = PARAMS[key]
    result = run("new", *RESOURCES, "--epochs", "2", param.flag, HUGE) if key != "epochs" else None
    result = result or run("new", *RESOURCES, param.flag, HUGE)
    assert result.code == 1, result.stderr
    word = "whole number" if param.type == "int" else "number"
    assert result.stderr.splitlines() == [
        f"error: {param.path} = 999999999999... (300 characters): is 300 characters long; no valid {word} needs "
        f"more than {LIMIT}. Fix: use {param.range_text()} (default {_text(param.default)}); "
        f"see `rftcfg explain {param.label}`.",
        "rftcfg: the job is invalid (1 error); nothing was written.",
    ]


@pytest.mark.parametrize("key", list(PARAMS))
def test_hundreds_of_digits_in_a_job_file_are_one_clear_error(key: str, in_tmp: Path) -> None:
    param = PARAMS[key]
    assert run("new", *RESOURCES, "-o", "job.yaml").code == 0
    text = (in_tmp / "job.yaml").read_text(encoding="utf-8")
    line = next(n for n in text.splitlines() if n.strip().startswith(f"{param.field}:"))
    (in_tmp / "job.yaml").write_text(text.replace(line, f"{line.split(':')[0]}: {HUGE}"), encoding="utf-8")
    for command in ("validate", "render", "tune"):
        args = [command, "job.yaml", *(["--symptom", "plateau-early"] if command == "tune" else [])]
        result = run(*args)
        assert result.code == 1, (command, result.stdout, result.stderr)
        assert (
            f"{param.path} = 999999999999... (300 characters): is 300 characters long" in result.stdout + result.stderr
        )
    result = run("new", "--from", "job.yaml", *RESOURCES[:2])
    assert result.code == 1
    assert "is 300 characters long" in result.stderr


def _text(value: Number) -> str:
    from rftcfg.catalog import format_number

    return format_number(value)


def _out_of_range(param: Parameter) -> list[Number]:
    low, high = param.min, param.max
    bad: list[Number] = [*(v for v in (0, -1) if low is None or v < low), 10**30, -(10**30)]
    bad += [low - 1] if low is not None else [min(param.choices or (0,)) - 1]
    bad += [high + 1] if high is not None else [max(param.choices or (0,)) + 1]
    return [float(v) for v in bad] if param.type == "float" else bad


def _not_its_type(param: Parameter) -> list[object]:
    whole = [2.0, 2.5] if param.type == "int" else []
    return [*whole, math.inf, -math.inf, math.nan, 10**400, True, None]


@pytest.mark.parametrize("key", list(PARAMS))
def test_produce_reports_out_of_range_values_and_makes_no_estimate(key: str) -> None:
    """The public API takes numbers directly: whatever it is given, the checks speak first."""
    param = PARAMS[key]
    for value in _out_of_range(param):
        outcome = produce(NewRequest(resources=REQUIRED, values={key: value}))
        errors = [f for f in outcome.findings if f.level == "error" and f.field == param.path]
        assert [f.code for f in errors] == ["range"], (key, value)
        assert outcome.work is None
    for wrong in _not_its_type(param):
        with pytest.raises(InvalidJobError) as raised:
            produce(NewRequest(resources=REQUIRED, values={key: wrong}))  # type: ignore[dict-item]
        assert [(f.code, f.field) for f in raised.value.findings] == [("type", param.path)]


def _in_range(param: Parameter) -> st.SearchStrategy[Number]:
    if param.choices:
        return st.sampled_from(param.choices)
    low, high = param.min, param.max
    assert low is not None
    assert high is not None
    if param.type == "int":
        return st.integers(int(low), int(high))
    return st.floats(low, high)


@settings(max_examples=60, deadline=None, database=None)
@given(st.fixed_dictionaries({k: _in_range(p) for k, p in PARAMS.items()}), st.none() | st.integers(1, 10**9))
def test_the_estimate_of_every_valid_job_is_finite(values: dict[str, Number], prompts: int | None) -> None:
    values[PARAMS["batch_size"].key] = max(values["batch_size"], values["max_context_length"])  # a valid job
    outcome = produce(NewRequest(resources=REQUIRED, values=values, prompts=prompts))
    assert [f for f in outcome.findings if f.level == "error"] == []
    work = outcome.work
    assert work is not None
    numbers = (work.baseline.generated, work.baseline.trained, work.baseline.steps, work.work.generated_tokens)
    assert all(math.isfinite(x) and x > 0 for x in numbers)
