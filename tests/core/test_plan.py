"""The planner: each goal's effect, conflicts in both orders, flags over goals, interaction rules."""

from __future__ import annotations

import pytest

from rftcfg.catalog import catalog
from rftcfg.core.ids import model_size_b
from rftcfg.core.plan import Setting, Source, make_plan, resolve_goals

DEFAULTS = {k: p.default for k, p in catalog().parameters.items()}


def changes(goals: list[str], model: str | None = "qwen3-8b", **explicit: float) -> dict[str, float]:
    plan = make_plan(goals, explicit={k: (v, Source("flag", k)) for k, v in explicit.items()}, model=model)
    return {k: v for k, v in plan.values().items() if v != DEFAULTS[k]}


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("faster-convergence", {"epochs": 2, "learning_rate": 1.5e-4}),
        ("better-quality", {"temperature": 1.0, "response_candidates_count": 8, "max_output_tokens": 4096}),
        ("safer", {"temperature": 0.4, "top_p": 0.5, "top_k": 20}),
        ("more-creative", {"temperature": 1.0, "top_p": 0.9}),
        ("lower-cost", {"response_candidates_count": 2, "max_output_tokens": 1024}),  # batch size: not_applied
        ("higher-capacity", {"lora_rank": 16}),
        ("prevent-overfitting", {"lora_rank": 4}),
    ],
)
def test_each_goal_moves_exactly_its_documented_parameters(goal: str, expected: dict[str, float]) -> None:
    assert changes([goal]) == expected


def test_goal_targets_stay_in_documented_bands() -> None:
    values = make_plan(["better-quality"]).values()
    assert 1.0 <= values["temperature"] <= 1.2
    assert 6 <= values["response_candidates_count"] <= 8
    assert 0.3 <= make_plan(["safer"]).values()["temperature"] <= 0.5
    assert make_plan(["faster-convergence"]).values()["learning_rate"] < 2 * DEFAULTS["learning_rate"]


def test_no_goal_is_the_baseline() -> None:
    plan = make_plan([])
    assert plan.values() == DEFAULTS
    assert plan.changed() == []
    assert plan.findings == ()


@pytest.mark.parametrize(
    ("model", "rank"),
    [
        ("llama-v3p1-70b-instruct", 32),
        ("accounts/fireworks/models/llama-v3p1-405b-instruct", 32),
        ("qwen3-8b", 16),
        ("qwen3-0p6b", 16),
        ("qwen3-30b-a3b", 16),
        ("deepseek-v3p1", 32),
        ("mystery-model", 16),
        (None, 16),
    ],
)
def test_higher_capacity_follows_model_size(model: str | None, rank: int) -> None:
    assert make_plan(["higher-capacity"], model=model).values()["lora_rank"] == rank


def test_unknown_model_size_gets_a_note() -> None:
    plan = make_plan(["higher-capacity"], model="mystery-model")
    assert (
        next(f.code for f in plan.findings if f.level == "note") == "model-size-unknown"
    )  # its own page: `rftcfg explain model-size-unknown`
    assert "could not tell the model size" in plan.findings[0].message


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("llama-v3p1-70b-instruct", 70),
        ("qwen3-30b-a3b", 30),
        ("qwen3-0p6b", 0.6),
        ("mixtral-8x7b-instruct", 56),
        ("accounts/fireworks/models/qwen3-8b", 8),
        ("kimi-k2-instruct", 1000),
        ("no-size-here", None),
    ],
)
def test_model_size_from_name(name: str, size: float | None) -> None:
    assert model_size_b(name) == size


CONFLICTS = [
    ("better-quality", "lower-cost", {"response_candidates_count", "max_output_tokens"}),
    ("safer", "more-creative", {"temperature", "top_p"}),
    ("safer", "better-quality", {"temperature"}),
    ("faster-convergence", "prevent-overfitting", {"epochs"}),
    ("higher-capacity", "prevent-overfitting", {"lora_rank"}),
]


@pytest.mark.parametrize(("first", "second", "params"), CONFLICTS)
@pytest.mark.parametrize("reverse", [False, True])
def test_conflicts_first_goal_wins_and_are_named(first: str, second: str, params: set[str], reverse: bool) -> None:
    if reverse:
        first, second = second, first
    plan = make_plan([first, second])
    alone = make_plan([first]).values()
    assert {c.param for c in plan.conflicts} == params
    for conflict in plan.conflicts:
        assert (conflict.winner, conflict.loser) == (first, second)
        assert plan.values()[conflict.param] == alone[conflict.param]
    warnings = [f for f in plan.findings if f.code == "goal-conflict"]
    assert len(warnings) == len(params)
    for warning in warnings:
        assert warning.level == "warning"
        assert first in warning.message
        assert second in warning.message


def test_goals_that_agree_do_not_conflict() -> None:
    plan = make_plan(["better-quality", "more-creative"])
    assert plan.conflicts == ()
    assert plan.settings["temperature"].source == Source("goal", "better-quality")
    assert "also asked by more-creative" in plan.settings["temperature"].reason


def test_wizard_can_pick_the_winner_of_a_conflict() -> None:
    plan = make_plan(["safer", "more-creative"], winners={"temperature": "more-creative"})
    assert plan.values()["temperature"] == 1.0
    assert plan.values()["top_p"] == 0.5  # not chosen: first given still wins
    assert any("you chose it" in f.message for f in plan.findings)


def test_explicit_flag_beats_goal_with_a_note_not_a_warning() -> None:
    plan = make_plan(["better-quality"], explicit={"temperature": (0.9, Source("flag", "--temperature"))})
    assert plan.values()["temperature"] == 0.9
    assert plan.settings["temperature"].overrode == (("better-quality", 1.0),)
    notes = [f for f in plan.findings if f.code == "flag-overrides-goal"]
    assert len(notes) == 1
    assert notes[0].level == "note"
    assert "better-quality wanted 1.0" in notes[0].message


def test_flag_settles_a_conflict() -> None:
    plan = make_plan(["safer", "more-creative"], explicit={"temperature": (0.8, Source("flag", "--temperature"))})
    assert plan.values()["temperature"] == 0.8
    assert {c.param for c in plan.conflicts} == {"top_p"}, "the flag settles temperature: no conflict left"
    assert [f.field for f in plan.findings if f.code == "goal-conflict"] == ["inference_parameters.top_p"]


def test_relative_moves_start_from_the_starting_point_and_clamp() -> None:
    base = {"epochs": Setting("epochs", 10, Source("template", "t"), "from template")}
    plan = make_plan(["faster-convergence"], base=base)
    assert plan.values()["epochs"] == 10
    assert any("kept at the limit 10" in f.message for f in plan.findings)
    base = {"lora_rank": Setting("lora_rank", 4, Source("template", "t"), "from template")}
    assert make_plan(["prevent-overfitting"], base=base).values()["lora_rank"] == 4


def test_no_rule_moves_a_second_parameter() -> None:
    """One change at a time: a context length above the batch leaves the batch where it was (the
    check then reports batch-holds-sequence); every value comes from a layer someone chose."""
    for base in (None, {"batch_size": Setting("batch_size", 32768, Source("file", "f"), "kept")}):
        plan = make_plan(explicit={"max_context_length": (65536, Source("flag", "--max-context-length"))}, base=base)
        assert plan.values()["batch_size"] == 32768
        assert [s.param for s in plan.moved()] == ["max_context_length"]
        assert "one-change-at-a-time" not in [f.code for f in plan.findings]
    assert "batch-raised" not in catalog().rules


def test_explicit_small_batch_is_left_for_validation_to_reject() -> None:
    plan = make_plan([], explicit={"batch_size": (4096, Source("flag", "--batch-size"))})
    assert plan.values()["batch_size"] == 4096


def test_batch_moved_with_default_learning_rate_gets_a_note() -> None:
    codes = [f.code for f in make_plan([], explicit={"batch_size": (16384, Source("flag", "b"))}).findings]
    assert "learning-rate-batch" in codes
    moved_lr = make_plan(
        [], explicit={"batch_size": (65536, Source("flag", "b")), "learning_rate": (1.2e-4, Source("flag", "l"))}
    )
    assert "learning-rate-batch" not in [f.code for f in moved_lr.findings]


def test_sampling_parameters_are_explained_together_when_two_move() -> None:
    assert "sampling-trio" in [f.code for f in make_plan(["safer"]).findings]
    assert "sampling-trio" in [f.code for f in make_plan(["more-creative"]).findings]
    assert "sampling-trio" not in [f.code for f in make_plan(["better-quality"]).findings]


def test_one_change_at_a_time_note() -> None:
    assert "one-change-at-a-time" in [f.code for f in make_plan(["safer"]).findings]
    assert "one-change-at-a-time" not in [f.code for f in make_plan(["higher-capacity"]).findings]


def test_resolve_goals_keeps_order_drops_duplicates_reports_unknown() -> None:
    assert resolve_goals(["cost", "quality", "lower-cost", "nope"]) == (["lower-cost", "better-quality"], ["nope"])
