"""`--only`: a parameter no chosen goal moves is a usage error, and the plan names only the goals
that still shape the job. Held over every goal pair and every parameter of the data table."""

from __future__ import annotations

import itertools

import pytest

from rftcfg.app.new import check_only
from rftcfg.catalog import catalog
from rftcfg.core.errors import UsageError
from rftcfg.core.plan import make_plan
from tests.conftest import RESOURCES, run

GOALS = list(catalog().goals)
PAIRS = [(g,) for g in GOALS] + list(itertools.permutations(GOALS, 2))


def _moved_by(goal: str) -> list[str]:
    return [m.param for m in catalog().goals[goal].moves]


@pytest.mark.parametrize("goals", PAIRS, ids="+".join)
def test_only_a_parameter_the_goals_move_is_accepted(goals: tuple[str, ...]) -> None:
    for param in catalog().parameters:
        movers = [g for g in goals if param in _moved_by(g)]
        if not movers:
            with pytest.raises(UsageError) as refused:
                check_only(goals, [param])
            message = refused.value.message
            assert f"--only {param}" in message
            for goal in goals:
                assert goal in message
                assert all(p in message for p in _moved_by(goal))
            continue
        check_only(goals, [param])
        plan = make_plan(goals, only=[param])
        assert plan.goals == tuple(movers), "only the goals that still move something are named"
        assert {c.param for c in plan.conflicts} <= {param}
        assert {s.param for s in plan.settings.values() if s.source.kind == "goal"} <= {param}


def test_only_without_goals_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no goal was given"):
        check_only((), ["temperature"])


def test_cli_only_on_an_unmoved_parameter_exits_2() -> None:
    result = run("new", *RESOURCES, "-g", "safer", "--only", "epochs")
    assert result.code == 2
    assert result.stderr == (
        "rftcfg: --only epochs: none of the goals given (safer) moves epochs (safer moves temperature, top_p, "
        "top_k). Pick one of those parameters, or set epochs itself with --epochs.\n"
    )
    assert result.stdout == ""


def test_cli_header_and_summary_name_only_the_goals_left() -> None:
    result = run("new", *RESOURCES, "-g", "safer", "-g", "more-creative", "--only", "top_k")
    assert result.code == 0, result.stderr
    assert "# Goals: safer." in result.stdout
    assert "Conflict" not in result.stdout
    assert "more-creative" not in result.stdout + result.stderr
    assert "Goals: safer." in result.stderr
