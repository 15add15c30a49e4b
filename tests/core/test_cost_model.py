"""The one cost model (core.cost) and everything that words cost from it: held over the whole data
table (every parameter, every goal, every symptom) and over random pairs of valid jobs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rftcfg.app.explain import explain_page
from rftcfg.app.explain_text import goal_effect, goals_table, move_effect
from rftcfg.app.sweep import plan_sweep
from rftcfg.catalog import Number, catalog, format_number
from rftcfg.core.cost import (
    DIRECTION_WORDS,
    baseline_values,
    change_effect,
    compare_jobs,
    compare_values,
    probe_value,
    work,
)
from rftcfg.core.job import Job
from rftcfg.core.plan import make_plan
from rftcfg.core.resources import Resources, build_job, effective_values
from rftcfg.method.diff import diff_jobs, diff_text
from tests.conftest import RESOURCES, run
from tests.core.test_properties import job_values

PARAMS = catalog().parameters
GOALS = list(catalog().goals.values())
DIMENSIONS = ("compute", "generated", "trained", "steps", "memory")
RES = Resources(dataset="accounts/a/datasets/d", evaluator="accounts/a/evaluators/e", base_model="qwen3-8b")

# What raising each parameter from its default does, written from the module docstring's model
# and the seeds (PT "Batch Size": the batch is counted in tokens; "LoRA Rank": memory), not
# read back from the code: the model must agree with it.
RAISED = {
    "learning_rate": {},
    "temperature": {},
    "top_p": {},  # at its maximum, so the probe lowers it: still no change
    "top_k": {},
    "epochs": {"compute": "up", "generated": "up", "trained": "up", "steps": "up"},
    "response_candidates_count": {"compute": "up", "generated": "up", "trained": "up", "steps": "up"},
    "max_output_tokens": {"compute": "up", "generated": "up", "trained": "up", "steps": "up"},
    "batch_size": {"steps": "down", "memory": "up"},
    "max_context_length": {"memory": "up"},
    "lora_rank": {"memory": "up"},
}


def job(values: dict[str, Number]) -> Job:
    return build_job(RES, values)


def test_every_parameter_has_an_expectation() -> None:
    assert set(RAISED) == set(PARAMS)


@pytest.mark.parametrize("key", list(PARAMS))
def test_raising_each_parameter_moves_each_dimension_as_every_text_says(key: str) -> None:
    param, base = PARAMS[key], baseline_values()
    probe = probe_value(key)
    effect = change_effect(base, key, probe)
    expected = RAISED[key]
    assert {d: effect.direction(d) for d in DIMENSIONS} == {d: expected.get(d, "none") for d in DIMENSIONS}
    words = effect.words()
    # explain PARAM: the row is the model's wording
    verb = "raising it" if probe > param.default else "lowering it"
    row = f"  {verb:<12} {format_number(param.default)} -> {format_number(probe)}: {words}"
    assert row in explain_page(key).text.splitlines()
    # diff: the column for this one change, and its JSON direction
    a, b = job(base), job({**base, key: probe})
    (change,) = diff_jobs(a, b).parameters
    assert change.effect == effect
    assert change.cost == effect.compute
    assert diff_text(diff_jobs(a, b)).splitlines()[1].endswith(words)
    # tune: the parenthesis after the change
    assert compare_jobs(a, b).words() == words
    assert words.startswith(DIRECTION_WORDS[effect.compute]) or words == "no change in work"


# Cost words in a parameter's free text and the direction they state for the move they describe
# (too_high: raising it; too_low: lowering it). The model must say the same.
COST_WORDS = {
    r"\bmemory\b": "memory",
    r"\bcosts?\b|\bcompute\b|\bmoney\b": "compute",
    r"\bthroughput\b": "steps",
}


@pytest.mark.parametrize("key", list(PARAMS))
def test_cost_words_left_in_parameter_texts_agree_with_the_model(key: str) -> None:
    param, base = PARAMS[key], baseline_values()
    for text, sign in ((param.too_high, 1), (param.too_low, -1)):
        for pattern, dimension in COST_WORDS.items():
            if not re.search(pattern, text):
                continue
            other = _value_beyond(key, sign)
            direction = change_effect(base, key, other).direction(dimension)
            if dimension == "steps":  # better throughput is fewer steps for the same tokens
                want = "down" if "better throughput" in text else "up"
            else:
                want = "up" if sign > 0 else "down"
            assert direction == want, (key, text, dimension)


def _value_beyond(key: str, sign: int) -> Number:
    param = PARAMS[key]
    if param.choices:
        return max(param.choices) if sign > 0 else min(param.choices)
    return param.coerce(param.default * 2) if sign > 0 else param.coerce(param.default / 2)


# --- goals ---------------------------------------------------------------------------------------

COST_CLAIM = re.compile(r"\bcosts?\b|\bcompute\b|\bspend\b|\bdearer\b|\bcheap|\bmemory\b|\blonger\b", re.IGNORECASE)


@pytest.mark.parametrize("goal", GOALS, ids=lambda g: g.name)
def test_each_goal_states_the_effect_the_model_computes(goal) -> None:  # type: ignore[no-untyped-def]
    effect = compare_values(baseline_values(), make_plan([goal.name]).values())
    assert goal_effect(goal) == effect
    for dimension, direction in goal.claims:
        assert dimension in DIMENSIONS
        assert effect.direction(dimension) == direction, (goal.name, dimension)
    if COST_CLAIM.search(goal.summary):
        assert goal.claims, f"{goal.name}'s summary speaks of cost: give it `claims` the tests can hold"
    for move in goal.moves:
        if COST_CLAIM.search(move.why):
            assert move_effect(move).compute != "none", (goal.name, move.param, move.why)
    # `goals` and `explain GOAL` show the model's words
    assert f"    work: {effect.words()}" in goals_table().splitlines()
    assert f"Work against the defaults: {effect.words()}." in explain_page(goal.name).text.splitlines()


def test_lower_cost_cuts_compute_and_leaves_the_batch_alone_with_its_reason() -> None:
    goal = catalog().goals["lower-cost"]
    assert "batch_size" not in make_plan([goal.name]).chosen_by_goal()
    (left,) = goal.not_applied
    assert left.param == "batch_size"
    effect = move_effect(left)
    # what the seed move would do: no token saved, twice the steps, less memory per step
    assert (effect.compute, effect.steps, effect.memory) == ("none", 2.0, "down")
    page = explain_page("lower-cost").text
    assert f"batch_size                 halve ({effect.words()}): the docs list it" in page


def test_faster_convergence_says_it_costs_more() -> None:
    goal = catalog().goals["faster-convergence"]
    effect = goal_effect(goal)
    assert (effect.compute, effect.direction("steps")) == ("up", "up")
    assert "fewer" not in goal.summary


# --- symptoms (tune) and sweep -------------------------------------------------------------------


@pytest.mark.parametrize("symptom", list(catalog().symptoms))
def test_tune_words_its_change_with_the_model(symptom: str, in_tmp: Path) -> None:
    run("new", *RESOURCES, "--epochs", "2", "--lora-rank", "16", "-o", "job.yaml")
    result = run("tune", "job.yaml", "--symptom", symptom, "-o", "tuned.yaml")
    if not (in_tmp / "tuned.yaml").exists():
        pytest.skip(f"{symptom}: no single change from this job")
    a = yaml.safe_load((in_tmp / "job.yaml").read_text())
    b = yaml.safe_load((in_tmp / "tuned.yaml").read_text())
    words = compare_jobs(Job(a), Job(b)).words()
    assert re.search(r"^Change \S+: \S+ -> \S+: .*\n  work: " + re.escape(words) + "$", result.stdout, re.MULTILINE)


def test_sweep_summary_column_is_the_model(in_tmp: Path) -> None:
    run("new", *RESOURCES, "--job-id", "base", "-o", "base.yaml")
    sweep = plan_sweep("base.yaml", ["batch-size=16384,65536", "lora-rank=16"], grid=True, account=None)
    summary = sweep.files["summary.txt"]
    for variant in sweep.variants:
        line = next(row for row in summary.splitlines() if row.startswith(variant.name + " "))
        assert compare_jobs(sweep.base, variant.job).words() in line


# --- random pairs --------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(a=job_values(), b=job_values(), mask=st.lists(st.booleans(), min_size=len(PARAMS), max_size=len(PARAMS)))
def test_diff_column_is_the_model_for_random_pairs(
    a: dict[str, Number], b: dict[str, Number], mask: list[bool]
) -> None:
    # Keep some of A's values so pairs range from one change to all of them.
    b = {k: (b[k] if keep else a[k]) for (k, keep) in zip(PARAMS, mask, strict=True)}
    ja, jb = job(a), job(b)
    changes = diff_jobs(ja, jb)
    old = effective_values(ja)
    text = diff_text(changes).splitlines()
    for row in changes.parameters:
        effect = change_effect(old, row.param, row.new)
        assert row.effect == effect
        assert row.cost == effect.compute
        assert any(line.startswith(f"  {row.param} ") and line.endswith(effect.words()) for line in text)
    assert changes.effect == compare_jobs(ja, jb)
    if len(changes.parameters) > 1:
        assert text[-1] == f"All together, B against A: {changes.effect.words()}."


@settings(max_examples=150, deadline=None)
@given(values=job_values(), key=st.sampled_from(list(PARAMS)), prompt=st.sampled_from([0.0, 300.0, 5000.0]))
def test_raising_a_parameter_never_moves_work_against_its_documented_direction(
    values: dict[str, Number], key: str, prompt: float
) -> None:
    """Monotone: from any valid job, raising one parameter never lowers a dimension the table
    above says it raises, and never moves one it says it leaves alone the other way."""
    param = PARAMS[key]
    higher = [c for c in (param.choices or ()) if c > values[key]] if param.choices else None
    new = higher[0] if higher else (None if higher is not None else values[key] * 2)
    if new is None or (param.max is not None and new > param.max):
        return
    effect = change_effect(values, key, param.coerce(new), prompt)
    for dimension in DIMENSIONS:
        expected = RAISED[key].get(dimension, "none")
        got = effect.direction(dimension)
        # A raise can do nothing when another limit binds (a response already cut by the context),
        # and a longer context can let a cut response grow; it never goes the wrong way.
        assert got in (expected, "none") or (key == "max_context_length" and got == "up"), (key, dimension, got)


def test_work_is_read_the_same_from_a_job_and_from_its_values() -> None:
    values = {**baseline_values(), "epochs": 3, "batch_size": 65536}
    assert work(values) == work(effective_values(job(values)))


# --- how much `new` says about work ----------------------------------------------------------------


def test_new_says_at_most_one_line_of_work_unless_asked_about_size(in_tmp: Path) -> None:
    quiet = run("new", *RESOURCES, "-g", "lower-cost", "--wandb-project", "p", "--wandb-entity", "e")
    work_lines = [line for line in quiet.stderr.splitlines() if "baseline" in line and "differ" not in line]
    assert work_lines == ["Work against the documented baseline: less compute (tokens x0.25, steps x0.25)."]
    assert "Price:" not in quiet.stderr
    assert "W&B" not in quiet.stderr  # the YAML header says it once instead
    assert "Work against" not in run("new", *RESOURCES).stderr  # the baseline itself: nothing to weigh
    for sized in (["--prompts", "1000"], ["--prompts", "1000", "--max-rollout-tokens", "10000000"]):
        told = run("new", *RESOURCES, "-g", "lower-cost", *sized).stderr
        assert "Work for 1,000 prompts: at most" in told
        assert "Against the documented baseline on the same data:" in told
        assert "Price: qwen3-8b reads as 8B parameters" in told
    broken = run("new", *RESOURCES, "--batch-size", "0")
    assert broken.code == 1
    assert "Work" not in broken.stderr  # the job's errors, not a weighing of a job that cannot run
