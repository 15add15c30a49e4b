"""`compare_runs`: which differences count, the final levels (the one `final_level` that
`diagnose` reports as "end"), the verdict against the noise it names, and the text and JSON."""

from __future__ import annotations

import math
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftcfg.app.compare_text import comparison_json, comparison_text
from rftcfg.catalog import catalog, format_number, round_significant
from rftcfg.core.resources import Resources, build_job, with_values
from rftcfg.files.metrics import Curve
from rftcfg.method.compare import compare_runs, judge, pooled_sd
from rftcfg.method.curves import diagnose, final_estimate, final_level

RULES = catalog().compare_rules
RESOURCES = Resources(
    base_model="accounts/fireworks/models/qwen3-8b",
    dataset="accounts/acme/datasets/gsm8k",
    evaluator="accounts/acme/evaluators/math-exact",
    output_model="gsm8k-base",
    job_id="gsm8k-base",
)
BASE = build_job(RESOURCES, {})
LOWER_LR = with_values(BASE, {"learning_rate": 5e-5})


def rising(top: float, *, n: int = 400, noise: float = 0.03, seed: int = 0) -> list[float]:
    rng = random.Random(seed)
    return [0.1 + (top - 0.1) * (1 - math.exp(-6 * i / n)) + rng.gauss(0, noise) for i in range(n)]


def test_one_change_that_ends_clearly_higher_helped_and_the_reverse_hurt() -> None:
    low, high = rising(0.6, seed=1), rising(0.8, seed=2)
    helped = compare_runs(BASE, LOWER_LR, low, high)
    assert (helped.kind, helped.verdict, helped.noise_used) == ("one change", "helped", "curve noise")
    assert [(d.name, d.old, d.new, d.kind) for d in helped.differences] == [("learning_rate", 1e-4, 5e-5, "parameter")]
    hurt = compare_runs(BASE, LOWER_LR, high, low)
    assert hurt.verdict == "hurt"
    assert hurt.difference == pytest.approx(-helped.difference)  # type: ignore[operator]


def test_two_runs_of_one_shape_differ_within_noise() -> None:
    result = compare_runs(BASE, LOWER_LR, rising(0.7, seed=3), rising(0.7, seed=4))
    assert result.verdict == "within noise"
    assert result.noise is not None
    assert abs(result.difference or 0) <= RULES.noise_widths * result.noise


@settings(max_examples=200, deadline=None)
@given(st.floats(-1, 1), st.floats(0, 1), st.floats(0.5, 4))
def test_the_verdict_is_the_difference_against_the_table_threshold(
    difference: float, noise: float, widths: float
) -> None:
    verdict = judge(difference, noise, widths)
    assert verdict == ("within noise" if abs(difference) <= widths * noise else "helped" if difference > 0 else "hurt")
    assert judge(-difference, noise, widths) == {"helped": "hurt", "hurt": "helped"}.get(verdict, verdict)


def test_the_final_level_is_the_end_that_diagnose_reports() -> None:
    for seed in range(5):
        rewards = rising(0.7, noise=0.05, seed=seed)
        end = re.search(
            r"end ([-0-9.e]+)", diagnose(Curve(list(map(float, range(400))), rewards, "reward", 0)).evidence
        )
        assert end is not None
        assert end.group(1) == format_number(round_significant(final_level(rewards), 3))
        assert final_estimate(rewards)[0] == final_level(rewards)


def test_the_standard_error_shrinks_with_the_points_and_grows_with_the_noise() -> None:
    small = final_estimate(rising(0.7, n=400, noise=0.05, seed=1))[1]
    assert final_estimate(rising(0.7, n=4000, noise=0.05, seed=1))[1] < small / 2
    assert final_estimate(rising(0.7, n=400, noise=0.2, seed=1))[1] > 2 * small
    assert final_estimate([0.5] * 20)[1] == 0


def test_repeated_runs_widen_the_noise_when_they_spread_more_and_say_so() -> None:
    low, high = rising(0.6, seed=1), rising(0.8, seed=2)
    wide = compare_runs(BASE, LOWER_LR, low, high, [[0.5, 0.8, 0.65], [0.7, 0.9]])
    assert (wide.noise_used, wide.verdict, wide.repeats) == ("repeat noise", "within noise", 5)
    assert wide.repeat_noise == pytest.approx(math.sqrt(2) * pooled_sd([[0.5, 0.8, 0.65], [0.7, 0.9]])[0])  # type: ignore[operator]
    tight = compare_runs(BASE, LOWER_LR, low, high, [[0.7, 0.7001]])
    assert (tight.noise_used, tight.verdict) == ("curve noise", "helped")
    assert compare_runs(BASE, LOWER_LR, low, high, [[0.7]]).repeat_noise is None  # one run is no spread


def test_pooled_spread_is_each_group_around_its_own_mean() -> None:
    assert pooled_sd([[1, 3], [2, 4, 6]]) == (math.sqrt(10 / 3), 5)
    assert pooled_sd([]) == (None, 0)


def test_names_and_ids_are_no_difference_and_unset_is_the_default() -> None:
    renamed = build_job(
        RESOURCES._replace(output_model="other", job_id="other-id", display_name="x", wandb_project="p"), {}
    )
    explicit = build_job(RESOURCES, {"learning_rate": catalog().parameters["learning_rate"].default})
    for other in (renamed, explicit):
        same = compare_runs(BASE, other, None, None)
        assert (same.kind, same.verdict, same.warning) == ("same", None, None)


def test_two_changes_warn_naming_both_and_a_model_change_counts() -> None:
    two = compare_runs(BASE, with_values(BASE, {"learning_rate": 5e-5, "epochs": 2}), rising(0.6), rising(0.8))
    assert (two.kind, two.verdict) == ("several", None)
    assert two.warning == f"2 differences (learning_rate, epochs): {RULES.wording['several']}."
    other_model = build_job(
        RESOURCES._replace(base_model="accounts/fireworks/models/qwen3-1p7b"), {"learning_rate": 5e-5}
    )
    assert [d.name for d in compare_runs(BASE, other_model, None, None).differences] == ["learning_rate", "base_model"]


def test_without_both_curves_the_verdict_is_unknown() -> None:
    result = compare_runs(BASE, LOWER_LR, rising(0.6), None)
    assert (result.verdict, result.difference, result.noise) == ("unknown", None, None)
    assert comparison_text(result).splitlines()[-1] == f"Verdict: unknown: {RULES.wording['unknown']}."


def test_the_text_of_a_one_change_comparison() -> None:
    result = compare_runs(BASE, LOWER_LR, rising(0.6, seed=1), rising(0.8, seed=2))
    assert comparison_text(result, ("3f2a91c0", "7be01d44")) == (
        "3f2a91c0 -> 7be01d44: learning_rate 1e-4 -> 5e-5 (one change)\n"
        "Final reward (smoothed: mean of the last 10% of the running median; higher is better):\n"
        "  3f2a91c0  0.592 ± 0.00376  (400 points)\n"
        "  7be01d44  0.791 ± 0.00421  (400 points)\n"
        "  7be01d44 - 3f2a91c0  +0.199; noise 0.00564, from the curves' own noise (the standard error of each final level, combined)\n"
        "  a difference counts beyond 2 noise widths: 0.0113\n"
        "Verdict: helped: the reward ended higher by more than the noise allows, so this change helped."
    )


def test_the_json_of_a_comparison() -> None:
    result = comparison_json(
        compare_runs(BASE, with_values(LOWER_LR, {"epochs": 2}), rising(0.6), rising(0.8), [[0.6, 0.7]])
    )
    assert result["kind"] == "several"
    assert result["differences"] == [
        {"name": "learning_rate", "kind": "parameter", "old": 1e-4, "new": 5e-5},
        {"name": "epochs", "kind": "parameter", "old": 1, "new": 2},
    ]
    assert (result["verdict"], result["better"], result["noise_used"], result["repeated_runs"]) == (
        None,
        "higher",
        "repeat noise",
        2,
    )
    assert result["warning"].startswith("2 differences (learning_rate, epochs): ")
    assert set(result["final"][0]) == {"level", "stderr", "points"}


@pytest.mark.parametrize("n", [8, 9, 20, 33, 101, 1000, 2345])
def test_the_final_level_from_the_tail_alone_is_the_whole_curves(n: int) -> None:
    from rftcfg.method.curves import _window
    from rftcfg.method.median import running_median

    rewards = rising(0.7, n=n, noise=0.1, seed=n)
    assert final_level(rewards) == final_level(rewards, running_median(rewards, _window(n)))


def test_the_text_of_a_two_change_pair_warns_and_gives_no_verdict() -> None:
    two = compare_runs(BASE, with_values(BASE, {"learning_rate": 5e-5, "epochs": 2}), None, None)
    assert comparison_text(two, ("3f2a91c0", "c41d09e2")) == (
        "3f2a91c0 -> c41d09e2: learning_rate 1e-4 -> 5e-5, epochs 1 -> 2\n"
        f"warning: 2 differences (learning_rate, epochs): {RULES.wording['several']}."
    )
    same = compare_runs(BASE, BASE, rising(0.7, seed=1), rising(0.7, seed=2), [[0.6, 0.8]])
    lines = comparison_text(same).splitlines()
    assert lines[:2] == ["A -> B: no difference", f"Same configuration: {RULES.wording['same']}."]
    assert lines[-2] == (
        f"  B - A  +1.39e-4; noise 0.2, from {RULES.wording['repeat noise']} "
        "(2 repeated runs; the larger of it and the curve noise 0.00565)"
    )
