"""What a person reads, exactly: the stderr of `new` for every goal, the `explain` and `goals`
pages, and `validate --json` on a file with one finding of each level."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rftcfg.catalog import catalog
from tests.conftest import RESOURCES, run
from tests.golden import check_golden

GOAL_CASES = [None, *catalog().goals]


@pytest.mark.parametrize("goal", GOAL_CASES, ids=lambda g: g or "baseline")
def test_new_explains_itself_on_stderr(goal: str | None) -> None:
    result = run("new", *RESOURCES, "--job-id", "gsm8k-run-1", "--account", "acme", *(["-g", goal] if goal else []))
    assert result.code == 0, result.stderr
    check_golden(f"stderr/new-{goal or 'baseline'}.txt", result.stderr)


PAGES = ["", "temperature", "--rollouts", "lower-cost", "higher-capacity", "batch-holds-sequence", "chunk_size"]


@pytest.mark.parametrize("name", PAGES, ids=lambda n: n or "overview")
def test_explain_pages(name: str) -> None:
    result = run("explain", *([name] if name else []))
    assert result.code == 0, result.stderr
    check_golden(f"pages/explain-{name.lstrip('-') or 'overview'}.txt", result.stdout)


@pytest.mark.parametrize("name", PAGES, ids=lambda n: n or "overview")
def test_explain_json_pages(name: str) -> None:
    result = run("explain", "--json", *([name] if name else []))
    assert result.code == 0, result.stderr
    json.loads(result.stdout)
    check_golden(f"pages/explain-{name.lstrip('-') or 'overview'}.json", result.stdout)


def test_goals_page() -> None:
    check_golden("pages/goals.txt", run("goals").stdout)
    check_golden("pages/goals.json", run("goals", "--json").stdout)


def test_validate_json_report(in_tmp: Path) -> None:
    (in_tmp / "job.yaml").write_text(
        "dataset: accounts/acme/datasets/gsm8k\n"
        "evaluator: accounts/acme/evaluators/math-exact\n"
        "training_config:\n"
        "  base_model: accounts/fireworks/models/qwen3-8b\n"
        "  learning_rate: 3.0e-4\n"
        "  epochs: 0\n"
        "inference_parameters:\n"
        "  temperature: 0.7\n"
    )
    result = run("validate", "--json", "job.yaml")
    assert result.code == 1
    check_golden("pages/validate.json", result.stdout)
