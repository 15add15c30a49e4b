"""`new` from a starting point (a template or a file) reports what THIS run changed: rows from the
starting point's values, the work against it, and one-change-at-a-time counted from it. The start's
own difference from the defaults is one line. Exhaustive over every template and goal."""

from __future__ import annotations

import pytest

from rftcfg.app.estimates import compact_line
from rftcfg.app.new import NewRequest, Start, produce
from rftcfg.app.report import change_rows, header_lines, plan_summary, start_line
from rftcfg.app.templates import available
from rftcfg.catalog import catalog, format_number
from rftcfg.core.cost import compare_values
from rftcfg.core.resources import Resources, effective_values

REQUIRED = Resources(
    base_model="qwen3-8b", dataset="accounts/acme/datasets/gsm8k", evaluator="accounts/acme/evaluators/math"
)
TEMPLATES = [t.name for t in available()]
GOALS = list(catalog().goals)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_goal_on_every_template_reports_changes_from_the_template(template: str) -> None:
    alone = produce(NewRequest(resources=REQUIRED, start=Start("template", template)))
    start = effective_values(alone.job)
    for goal in GOALS:
        outcome = produce(NewRequest(goals=(goal,), resources=REQUIRED, start=Start("template", template)))
        plan, values = outcome.plan, effective_values(outcome.job)
        assert plan.start == start
        moved = [k for k in values if values[k] != start[k]]
        assert [s.param for s in plan.moved()] == moved
        rows = change_rows(plan)
        for key, row in zip(moved, rows, strict=True):
            assert row.split()[:4] == [key, format_number(start[key]), "->", format_number(values[key])]
        label = f"template {template}"
        summary = plan_summary(plan, label)
        header = header_lines(plan, starting_point=label)
        heading = (
            f"Changes from the starting point ({label}):"
            if moved
            else f"No parameter differs from the starting point ({label})."
        )
        assert heading in summary.splitlines()
        assert f"# {heading}" in header
        assert "documented defaults:" not in summary  # no row compares with the defaults
        noted = [f for f in outcome.findings if f.code == "one-change-at-a-time"]
        assert bool(noted) == (len(moved) > 1)
        assert all(f"{len(moved)} parameters differ from the starting point" in f.message for f in noted)
        if outcome.work is not None:
            effect = compare_values(start, values)
            line = compact_line(outcome.work)
            assert line == (f"Work against the starting point: {effect.words()}." if effect.changed else None)


def test_the_start_line_names_what_the_start_itself_moves_or_is_absent_for_the_baseline() -> None:
    math = produce(NewRequest(resources=REQUIRED, start=Start("template", "math-reasoning"))).plan
    assert start_line(math) == (
        "The starting point differs from the documented defaults in lora_rank 8 -> 16, max_output_tokens "
        "2048 -> 4096: more compute (tokens x2.0, steps x2.0, more memory per step)."
    )
    assert start_line(produce(NewRequest(resources=REQUIRED, start=Start("template", "baseline"))).plan) is None
    assert start_line(produce(NewRequest(resources=REQUIRED)).plan) is None


def test_without_a_start_rows_and_work_compare_with_the_defaults() -> None:
    outcome = produce(NewRequest(goals=("better-quality",), resources=REQUIRED))
    assert outcome.plan.start is None
    assert plan_summary(outcome.plan).splitlines()[1] == "Changes from the documented defaults:"
    assert (compact_line(outcome.work) or "").startswith("Work against the documented baseline: more compute")


def test_the_review_table_shows_the_start_column_only_with_a_start() -> None:
    from rftcfg.app.report import review_table

    plan = produce(
        NewRequest(goals=("prevent-overfitting",), resources=REQUIRED, start=Start("template", "math-reasoning"))
    ).plan
    head, _, *rows = review_table(plan).splitlines()
    assert head.split() == ["parameter", "default", "start", "proposed", "why"]
    assert next(r for r in rows if r.startswith("lora_rank")).split()[:4] == ["lora_rank", "8", "16", "8"]
    assert review_table(produce(NewRequest(resources=REQUIRED)).plan).splitlines()[0].split() == [
        "parameter",
        "default",
        "proposed",
        "why",
    ]
