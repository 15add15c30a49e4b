"""The whole-log diagnosis (method.logs) on logs made for each rule (tests/logs.py): each rule
fires on its own log through noise, NaN rows and a missing series, stays quiet on the others,
ranks its findings, and never acts on more than one."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftcfg.catalog import catalog
from rftcfg.core.series import Series
from rftcfg.files.metrics import Curve
from rftcfg.method.curves import Diagnosis, diagnose
from rftcfg.method.logs import diagnose_log, series_by_kind
from tests.logs import DIAGNOSED, REWARD_SHAPES, SCENARIOS, grpo_log, reward_only

EXPECTED = DIAGNOSED
CAP = 2048  # the scenarios' max_output_tokens, and the documented default


def split(rows: list[dict[str, Any]], reward: str = "train/reward") -> tuple[Curve, list[Series]]:
    """The rows as the reader hands them on: the reward curve and every other series, each
    without its NaN rows."""
    step = "train/global_step" if "train/global_step" in rows[0] else "step"
    names = [k for k in dict.fromkeys(k for r in rows for k in r) if k not in (step, reward)]
    found = []
    for name in names:
        points = [(r[step], r[name]) for r in rows if name in r and not math.isnan(r[name])]
        found.append(Series(name, [p[0] for p in points], [p[1] for p in points]))
    curve = [(r[step], r[reward]) for r in rows]
    return Curve([p[0] for p in curve], [p[1] for p in curve], reward, 0), found


def read(rows: list[dict[str, Any]], cap: int = CAP) -> Diagnosis:
    return diagnose_log(*split(rows), cap)


def text(diagnosis: Diagnosis) -> str:
    assert diagnosis.log is not None
    return "\n".join(diagnosis.log.lines)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("scenario", list(EXPECTED))
def test_each_rule_fires_on_the_log_made_for_it_and_no_other(scenario: str, seed: int) -> None:
    found = read(grpo_log(SCENARIOS[scenario], seed=seed))
    assert found.symptom == EXPECTED[scenario], text(found)
    assert found.log is not None
    first = found.log.lines[0]
    if found.symptom != "healthy":
        assert first.startswith(f"{found.symptom}: "), first  # the finding acted on comes first, with its numbers
    else:
        assert first == "no finding beyond the reward's own reading."


@pytest.mark.parametrize("scenario", list(EXPECTED))
def test_nan_rows_in_the_other_series_change_nothing(scenario: str) -> None:
    clean = read(grpo_log(SCENARIOS[scenario], seed=4))
    holed = read(grpo_log(SCENARIOS[scenario], seed=4, nan_every=5))  # W&B's NaN where a step logged nothing
    assert holed.symptom == clean.symptom == EXPECTED[scenario]


def test_the_issues_saturated_run_is_saturated_not_an_early_plateau() -> None:
    """A reward at 0.93 from the first fifth with the zero-std share rising to ~0.95: the reward
    alone says plateau-early (raise the learning rate); the log says saturated, and says why not."""
    rows = grpo_log(SCENARIOS["saturated"], seed=1)
    curve, _ = split(rows)
    assert diagnose(curve).symptom == "plateau-early"
    found = read(rows)
    assert found.symptom == "saturated"
    lines = text(found)
    assert "train/frac_reward_zero_std went from 0.555 to 0.952" in lines
    assert "the reward ended at 0.929 on its 0..1 scale (93% of the way up)" in lines
    assert "90% of its gain in by step 24 (12% of the run)" in lines
    assert (
        "the reward alone reads plateau-early; saturated ranks above it, so plateau-early's change is not made."
        in lines
    )


def test_a_collapse_names_what_moved_with_it_and_when() -> None:
    lines = text(read(grpo_log(SCENARIOS["collapse"], seed=1)))
    assert "the reward fell from 0.867 at step 128 (64% of the run) to 0.00391, half-way by step 170" in lines
    assert "train/entropy rose from 0.151 to 3.0, half-way by step 168 (84% of the run)" in lines
    assert "train/completions/mean_length fell from 424 to 63.8" in lines
    assert "train/kl rose from 0.0127 to 0.595" in lines
    # The groups turn alike as the policy breaks: named, ranked below the collapse, not acted on.
    assert "also found no-signal, train/frac_reward_zero_std went from" in lines
    assert "not acted on, one change at a time." in lines


def test_a_collapse_with_nothing_else_moving_says_so() -> None:
    rows = grpo_log(SCENARIOS["collapse"], seed=1)
    for row in rows:  # entropy, length and KL held where they were before the fall
        row["train/entropy"], row["train/completions/mean_length"], row["train/kl"] = 0.15, 400.0, 0.02
    found = read(rows)
    assert found.symptom == "reward-collapse"
    assert "train/entropy, train/completions/mean_length, train/kl did not move with it: nothing else" in text(found)


# --- a missing series ----------------------------------------------------------------------------


def only(scenario: str, *names: str, seed: int = 1) -> Diagnosis:
    return read(grpo_log(SCENARIOS[scenario], seed=seed, only=("reward", *names)))


def test_each_group_rule_works_from_the_reward_std_alone() -> None:
    assert only("saturated", "reward_std").symptom == "saturated"
    assert only("no-signal", "reward_std").symptom == "no-signal"
    assert only("healthy", "reward_std").symptom == "healthy"


def test_policy_not_moving_needs_kl_and_not_entropy() -> None:
    assert only("not-moving", "kl").symptom == "policy-not-moving"
    without = only("not-moving", "entropy")
    assert without.symptom == "plateau-early"  # the reward's own reading
    assert "not judged: " in text(without)
    assert "policy-not-moving (no KL)" in text(without)


def test_a_moving_entropy_means_the_policy_is_moving() -> None:
    rows = grpo_log(SCENARIOS["not-moving"], seed=1)
    for i, row in enumerate(rows):
        row["train/entropy"] = 0.52 + 0.3 * i / len(rows)
    assert read(rows).symptom == "plateau-early"


def test_truncated_from_each_length_series_alone() -> None:
    assert only("truncated", "completions/clipped_ratio").symptom == "truncated"
    assert only("truncated", "completions/mean_length").symptom == "truncated"  # 82% of the cap
    pinned = only("truncated", "completions/max_length")  # the longest at the cap in every step
    assert pinned.symptom == "truncated"
    assert "train/completions/max_length reached max_output_tokens 2048 in 100% of the steps" in text(pinned)
    assert only("healthy", "completions/max_length").symptom == "healthy"


def test_a_small_clipped_share_outweighs_a_longest_completion_at_the_cap() -> None:
    rows = grpo_log(SCENARIOS["healthy"], seed=1)
    for row in rows:  # one answer in a batch reaches the cap: normal for reasoning runs
        row["train/completions/max_length"], row["train/completions/clipped_ratio"] = 2048.0, 0.01
    assert read(rows).symptom == "healthy"


def test_the_length_rules_check_the_log_against_this_jobs_cap() -> None:
    rows = grpo_log(
        SCENARIOS["truncated"], seed=1, only=("reward", "completions/mean_length", "completions/max_length")
    )
    other = read(rows, cap=1024)  # completions run to 2048: the log is not this job's
    assert other.symptom != "truncated"
    assert "the completions ran to 2048 tokens, and this job's max_output_tokens is 1024: the log seems to be" in text(
        other
    )
    assert read(rows, cap=8192).symptom != "truncated"  # 1,700 tokens of 8,192 is not pinned
    # Answers cut at 2,048 tokens say nothing about a job whose cap is 8,192: its run had another cap.
    whole = read(grpo_log(SCENARIOS["truncated"], seed=1), cap=8192)
    assert whole.symptom != "truncated"
    assert "the completions were cut though the longest reached only 2048 tokens, and this job's" in text(whole)
    # Cut above this job's cap: the same.
    clipped = read(grpo_log(SCENARIOS["truncated"], seed=1), cap=1024)
    assert clipped.symptom != "truncated"
    assert "the completions ran to 2048 tokens" in text(clipped)


def test_a_collapse_without_its_evidence_series_says_what_was_not_judged() -> None:
    found = only("collapse", "reward_std", "frac_reward_zero_std")
    assert found.symptom == "reward-collapse"
    assert "reward-collapse (no entropy, mean completion length or KL)" in text(found)


# --- the reward's scale --------------------------------------------------------------------------


def test_trls_sum_of_reward_functions_is_on_a_scale_of_their_count() -> None:
    rows = grpo_log(SCENARIOS["saturated"], seed=1)
    for row in rows:  # a second function, a format check nearly always passed; TRL logs the sum
        row["train/rewards/format_reward/mean"] = 0.98
        row["train/reward"] += 0.98
    found = read(rows)
    assert found.symptom == "saturated"
    assert "on its 0..2 scale (95% of the way up; the sum of 2 reward functions of 0..1 each)" in text(found)


def test_a_reward_off_the_scale_leaves_high_and_low_unjudged() -> None:
    rows = grpo_log(SCENARIOS["saturated"], seed=1)
    for row in rows:
        row["train/reward"] *= 10
    found = read(rows)
    assert found.symptom == "plateau-early"  # the reward's own reading stands
    assert (
        "not judged: saturated and no-signal (the reward's scale is not known, as it leaves 0..1 or weighs its reward "
        "functions, so a high or a low reward cannot be told)." in text(found)
    )


# --- a log with only a reward --------------------------------------------------------------------


@pytest.mark.parametrize("shape", list(REWARD_SHAPES))
@pytest.mark.parametrize("extra", [(), ("loss", "grad_norm", "learning_rate", "clip_ratio/region_mean", "ppo_kl")])
def test_a_log_with_nothing_the_rules_read_gets_the_rewards_reading_unchanged(
    shape: str, extra: tuple[str, ...]
) -> None:
    rows = reward_only(REWARD_SHAPES[shape], seed=3)
    for row in rows:
        row.update(dict.fromkeys(extra, 0.5))  # series the rules do not read
    curve, others = split(rows, reward="reward")
    assert diagnose_log(curve, others, CAP) == diagnose(curve)  # the same symptom and evidence, no log reading


# --- names ---------------------------------------------------------------------------------------


def test_every_name_of_every_kind_is_read_with_and_without_a_prefix() -> None:
    table = catalog().log_series
    for kind in table.kinds.values():
        for name in kind.names:
            for prefix in ("", *table.prefixes):
                assert table.kind_of(prefix + name) == kind.key, prefix + name
                assert table.kind_of((prefix + name).upper()) == kind.key


@pytest.mark.parametrize(
    "name",
    ["clip_ratio/region_mean", "clip_ratio/low_mean", "ppo_kl", "train/kl__MIN", "eval/kl", "rewards/acc/std", "loss"],
)
def test_names_that_only_look_like_a_kind_are_not_read(name: str) -> None:
    assert catalog().log_series.kind_of(name) is None


def test_the_choice_of_series_does_not_depend_on_the_logs_column_order() -> None:
    rows = grpo_log(SCENARIOS["healthy"], seed=1)
    for row in rows:  # TRL writes both the old and the new name of the mean length
        row["train/completion_length"] = row["train/completions/mean_length"] + 1
    curve, others = split(rows)
    forward, backward = series_by_kind(others), series_by_kind(list(reversed(others)))
    assert forward == backward
    assert forward["mean_length"].name == "train/completions/mean_length"  # the table's first name
    assert diagnose_log(curve, others, CAP) == diagnose_log(curve, list(reversed(others)), CAP)


def test_a_finding_on_a_healthy_looking_reward_says_the_reward_alone_looked_healthy() -> None:
    rows = grpo_log(SCENARIOS["healthy"], seed=1)
    for row in rows:  # a fifth of the answers cut off, though the reward climbs as it should
        row["train/completions/clipped_ratio"], row["train/completions/max_length"] = 0.2, 2048.0
    found = read(rows)
    assert found.symptom == "truncated"
    assert "the reward alone reads healthy; the rest of the log finds truncated." in text(found)


# --- cases a reviewer found -----------------------------------------------------------------------


def test_reward_functions_summed_under_one_are_still_on_a_scale_of_their_count() -> None:
    """A format check at 0.9 plus accuracy at 0.05: the reward (0.95) is near the top of 0..1 but
    halfway up its real 0..2 scale, and most groups alike there is no signal, not saturation."""
    rows = grpo_log(SCENARIOS["no-signal"], seed=1)
    for row in rows:
        row["train/rewards/format_reward/mean"] = 0.9
        row["train/reward"] += 0.9
    found = read(rows)
    assert found.symptom == "no-signal", text(found)
    assert "on its 0..2 scale" in text(found)


def test_weighted_reward_functions_leave_the_scale_unknown() -> None:
    rows = grpo_log(SCENARIOS["saturated"], seed=1)
    for row in rows:  # 0.8 x accuracy + 0.2 x format: neither the sum nor the mean of the two
        row["train/rewards/format_reward/mean"] = 0.2
        row["train/reward"] = 0.8 * row["train/reward"] + 0.2 * 0.2
    found = read(rows)
    assert found.symptom != "saturated"
    assert "saturated and no-signal (the reward's scale is not known" in text(found)


@pytest.mark.parametrize("seed", range(1, 13))
@pytest.mark.parametrize("scenario", ["not-moving", "no-signal"])
def test_a_small_fall_with_nothing_else_moving_ranks_below_the_logs_finding(scenario: str, seed: int) -> None:
    """Noise on a flat reward can end a little lower than it started (the reward alone then reads
    reward-collapse); with KL, entropy and length logged and steady, the log's finding acts."""
    found = read(grpo_log(SCENARIOS[scenario], seed=seed))
    assert found.symptom == EXPECTED[scenario], text(found)
    if found.log is not None and found.log.reward_symptom == "reward-collapse":
        assert "but nothing else in the log moved with the fall, so" in text(found)


def test_a_huge_kl_is_read_not_a_crash() -> None:
    rows = grpo_log(SCENARIOS["collapse"], seed=1)
    for row in rows[150:]:
        row["train/kl"] = 1e308  # a diverged run
    found = read(rows)
    assert found.symptom == "reward-collapse"
    assert "train/kl rose from 0.0127 to 1e+308" in text(found)


def test_a_kl_far_below_zero_is_not_a_policy_standing_still() -> None:
    rows = grpo_log(SCENARIOS["not-moving"], seed=1)
    for row in rows:
        row["train/kl"] = -0.05  # an estimator's sign problem, 50 times the threshold away from zero
    assert read(rows).symptom != "policy-not-moving"


# --- over the whole table ------------------------------------------------------------------------


def test_every_finding_is_a_symptom_with_its_series_rule_and_words() -> None:
    rules, table = catalog().log_rules, catalog().log_series
    assert set(rules.order) == set(rules.needs) == set(rules.explain)
    for finding in rules.order:
        symptom = catalog().symptoms[finding]
        assert symptom.detect in ("reward", "log"), finding
        assert all(kind in table.kinds for kind in rules.needs[finding]), finding
        assert "{" not in rules.rule_text(finding, catalog().curve_rules)  # every threshold filled in
        assert finding in rules.wording
    for name, symptom in catalog().symptoms.items():
        assert (symptom.detect == "log") <= (name in rules.order), name  # a log symptom has a rule


_KINDS = ["reward_std", "frac_reward_zero_std", "kl", "entropy", "completions/mean_length",
          "completions/max_length", "completions/clipped_ratio", "rewards/accuracy_reward/mean"]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=st.sampled_from(list(SCENARIOS)),
    seed=st.integers(0, 10_000),
    kept=st.lists(st.sampled_from(_KINDS), unique=True),
    nan_every=st.sampled_from([0, 2, 3, 7]),
    cap=st.sampled_from([256, 2048, 4096, 16384]),
    steps=st.integers(8, 120),
)
def test_any_log_gets_one_reading_in_the_table_whatever_its_order(
    scenario: str, seed: int, kept: list[str], nan_every: int, cap: int, steps: int
) -> None:
    rows = grpo_log(SCENARIOS[scenario], seed=seed, steps=steps, nan_every=nan_every, only=("reward", *kept))
    curve, others = split(rows)
    found = diagnose_log(curve, others, cap)
    assert found.symptom == "healthy" or found.symptom in catalog().symptoms
    assert found == diagnose_log(curve, list(reversed(others)), cap)
    if found.log is None:  # nothing the rules read survived: the reward's reading, as it always was
        assert found == diagnose(curve)
        return
    findings = [s for s, _ in found.log.findings]
    assert found.symptom == (findings[0] if findings else found.log.reward_symptom)
    assert len(set(findings)) == len(findings)
    assert all(f in catalog().log_rules.order for f in findings)


def test_a_kl_of_zero_at_every_step_is_not_read_as_a_policy_standing_still() -> None:
    rows = grpo_log(SCENARIOS["not-moving"], seed=1)
    for row in rows:
        row["train/kl"] = 0.0  # a trainer with its KL term off
    found = read(rows)
    assert found.symptom == "plateau-early"
    assert "train/kl is 0 at every step, so it says nothing of how far the policy moved" in text(found)


def test_a_series_at_the_same_value_before_and_after_the_fall_did_not_move() -> None:
    rows = grpo_log(SCENARIOS["collapse"], seed=1)
    for row in rows:
        row["train/completions/mean_length"] = 0.0
    assert "train/completions/mean_length fell" not in text(read(rows))


def test_a_rise_and_a_fall_back_is_not_a_flat_reward_for_policy_not_moving() -> None:
    rows = grpo_log(SCENARIOS["collapse"], seed=1, only=("reward", "kl"))
    for row in rows:
        row["train/kl"] = 1e-5
    found = read(rows)
    assert found.symptom == "reward-collapse"
    assert "policy-not-moving" not in "\n".join(found.log.lines if found.log else ())
