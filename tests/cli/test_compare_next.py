"""`compare` and `next` on a real ledger: the documented loop (baseline, one change for a
symptom, record both curves, compare, go on) with W&B- and TRL-shaped exports."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import RESOURCES, run

IDS = ["--job-id", "gsm8k-1"]


def panel_csv(path: Path, shape: Callable[[float], float], *, noise: float = 0.03, seed: int = 1, n: int = 300) -> None:
    """A W&B panel export: `Step`, `<run> - train/reward` with its __MIN/__MAX companions."""
    rng = random.Random(seed)
    lines = ["Step,gsm8k - train/reward,gsm8k - train/reward__MIN,gsm8k - train/reward__MAX"]
    for i in range(n):
        value = shape(i / n) + rng.gauss(0, noise)
        lines.append(f"{i},{value:.5f},{value - 0.05:.5f},{value + 0.05:.5f}")
    path.write_text("\n".join(lines) + "\n")


def collapse(t: float) -> float:
    return 0.2 + 0.6 * min(t / 0.35, 1) - (0.45 * (t - 0.45) / 0.55 if t > 0.45 else 0)


def steady(t: float) -> float:
    return 0.2 + 0.55 * (1 - math.exp(-4 * t))


@pytest.fixture
def session(in_tmp: Path) -> Path:
    """init, a baseline that collapsed, the tuned run, and a two-change run, each with its curve."""
    assert run("init").code == 0
    assert run("new", *RESOURCES, *IDS, "-o", "base.yaml").code == 0
    assert run("tune", "base.yaml", "--symptom", "reward-collapse", "-o", "tuned.yaml").code == 0
    assert run("new", "--from", "base.yaml", "--learning-rate", "5e-5", "--epochs", "2", "-o", "two.yaml").code == 0
    panel_csv(in_tmp / "base.csv", collapse)
    panel_csv(in_tmp / "tuned.csv", steady, seed=2)
    panel_csv(in_tmp / "two.csv", lambda t: steady(t) - 0.1, seed=3)
    for job, curve in (("base.yaml", "base.csv"), ("tuned.yaml", "tuned.csv"), ("two.yaml", "two.csv")):
        assert run("record", job, "--metrics", curve).code == 0
    return in_tmp


def test_one_change_gets_a_verdict_against_the_noise(session: Path) -> None:
    result = run("compare", "base.yaml", "tuned.yaml")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("learning_rate 1e-4 -> 5e-5 (one change)")
    assert "from the curves' own noise" in result.stdout
    assert lines[-1].startswith("Verdict: helped:")
    assert "┤" not in result.stdout  # not a terminal, no --plot: no chart


def test_the_verdict_flips_when_a_and_b_swap(session: Path) -> None:
    there = json.loads(run("compare", "base.yaml", "tuned.yaml", "--json").stdout)
    back = json.loads(run("compare", "tuned.yaml", "base.yaml", "--json").stdout)
    assert (there["verdict"], back["verdict"]) == ("helped", "hurt")
    assert there["difference"] == pytest.approx(-back["difference"])
    assert there["kind"] == "one change"
    assert [d["name"] for d in there["differences"]] == ["learning_rate"]


def test_two_changes_warn_and_strict_fails(session: Path) -> None:
    result = run("compare", "base.yaml", "two.yaml")
    assert result.code == 0
    assert "warning: 2 differences (learning_rate, epochs)" in result.stdout
    assert "Verdict" not in result.stdout
    strict = run("compare", "base.yaml", "two.yaml", "--strict")
    assert strict.code == 1
    assert "--strict: 2 differences" in strict.stderr


def test_the_chart_is_drawn_on_request_fitted_to_the_width(session: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    result = run("compare", "base.yaml", "tuned.yaml", "--plot")
    chart = result.stdout.split("Verdict:")[1].splitlines()[1:]
    assert len(chart) == 16
    assert max(len(line) for line in chart) <= 72
    assert "● " in chart[-1]  # the legend names both runs
    assert "○ " in chart[-1]
    assert "┤" not in run("compare", "base.yaml", "tuned.yaml", "--no-plot").stdout


def test_runs_are_named_in_every_form_record_accepts(session: Path) -> None:
    listed = json.loads(run("runs", "--json").stdout)
    base = next(r for r in listed if r["job_id"] == "gsm8k-1")
    for ref in (base["run_id"], base["run_id"][:5], "base.yaml", "gsm8k-1"):
        result = run("compare", ref, "tuned.yaml", "--json")
        assert json.loads(result.stdout)["a"] == base["run_id"], ref


def test_a_run_compared_with_itself_or_a_missing_one_is_a_usage_error(session: Path) -> None:
    assert run("compare", "base.yaml", "gsm8k-1").code == 2
    missing = run("compare", "base.yaml", "nosuch")
    assert missing.code == 2
    assert "no run 'nosuch'" in missing.stderr


def test_without_curves_the_change_is_not_judged(in_tmp: Path) -> None:
    run("init")
    run("new", *RESOURCES, *IDS, "-o", "base.yaml")
    run("tune", "base.yaml", "--symptom", "reward-collapse", "-o", "tuned.yaml")
    result = run("compare", "base.yaml", "tuned.yaml")
    assert result.code == 0
    assert "Verdict: unknown: no reward curve is attached to both runs" in result.stdout


def test_repeated_runs_widen_the_noise(session: Path) -> None:
    # Two more runs of the tuned configuration whose finals are far apart: a wide run-to-run spread.
    for name, seed, lift in (("again-1", 4, 0.0), ("again-2", 5, -0.3)):
        run("new", "--from", "tuned.yaml", "--job-id", name, "--output-model", name, "-o", f"{name}.yaml")
        panel_csv(session / f"{name}.csv", lambda t, lift=lift: steady(t) + lift, seed=seed)
        assert run("record", f"{name}.yaml", "--metrics", f"{name}.csv").code == 0
    judged = json.loads(run("compare", "base.yaml", "tuned.yaml", "--json").stdout)
    assert judged["noise_used"] == "repeat noise"
    assert judged["repeated_runs"] >= 2
    assert judged["noise"] > judged["curve_noise"]


def test_next_skips_what_was_tried_and_writes_a_recorded_child(session: Path) -> None:
    result = run("next", "base.yaml", "-o", "next.yaml")
    assert result.code == 0, result.stderr
    assert "passed over: learning_rate 1e-4 -> 5e-5: already tried from this run (helped)." in result.stdout
    assert "Next: batch_size 32768 -> 65536" in result.stdout
    job = yaml.safe_load((session / "next.yaml").read_text())
    assert job["training_config"]["batch_size"] == 65536
    assert job["reinforcement_fine_tuning_job_id"] == "gsm8k-1-next-bs65536"
    listed = {r["job_id"]: r for r in json.loads(run("runs", "--json").stdout)}
    assert listed["gsm8k-1-next-bs65536"]["parent"] == listed["gsm8k-1"]["run_id"]
    assert run("validate", "--strict", "next.yaml").code == 0
    again = run("next", "base.yaml")  # the batch move is now tried from base too
    assert "Next: batch_size" not in again.stdout


def test_next_starts_from_the_best_run_and_a_healthy_curve_gets_no_change(session: Path) -> None:
    result = run("next")
    assert result.code == 0
    assert "(the best final reward so far)" in result.stdout
    assert "gsm8k-1-tune-lr5e-5" in result.stdout.splitlines()[0]
    assert "no change is proposed" in result.stdout
    assert not list(session.glob("*next*"))


def test_next_needs_a_curve_or_a_run(in_tmp: Path) -> None:
    run("init")
    run("new", *RESOURCES, *IDS, "-o", "base.yaml")
    nothing = run("next")
    assert nothing.code == 2
    assert "no run has a reward curve yet" in nothing.stderr
    named = run("next", "base.yaml", "--symptom", "plateau-early")
    assert named.code == 0
    assert "Next: learning_rate 1e-4 -> 1.5e-4" in named.stdout


def test_record_keeps_the_other_series_of_a_trl_log(session: Path) -> None:
    lines = ["step,reward,reward_std,frac_reward_zero_std,kl,completion_length,rewards/acc/mean"]
    lines += [f"{i},{0.3 + 0.004 * i},0.2,0.1,{i / 1000},{200 + i},0.5" for i in range(100)]
    (session / "trl.csv").write_text("\n".join(lines) + "\n")
    result = run("record", "two.yaml", "--metrics", "trl.csv")
    assert result.code == 0, result.stderr
    assert (
        "Also attached 5 other series: reward_std, frac_reward_zero_std, kl, completion_length, rewards/acc/mean."
        in result.stdout
    )
    listed = {r["job_id"]: r for r in json.loads(run("runs", "--json").stdout)}
    series = listed["gsm8k-1-new-lr5e-5-ep2"]["series"]
    assert sorted(series) == sorted(
        ["reward", "reward_std", "frac_reward_zero_std", "kl", "completion_length", "rewards/acc/mean"]
    )
    assert series["reward"]["points"] == 100


def test_a_curve_too_short_to_judge_is_named_not_judged(session: Path) -> None:
    (session / "short.csv").write_text("Step,train/reward\n1,0.1\n2,0.2\n3,0.3\n")
    recorded = run("record", "two.yaml", "--metrics", "short.csv")
    assert recorded.code == 0
    assert "note: 3 points are too few to judge; `compare` and `next` need at least 8." in recorded.stderr
    compared = run("compare", "base.yaml", "two.yaml")
    assert compared.code == 0  # the difference is still shown; only the curve is not judged
    assert "warning: 2 differences" in compared.stdout
    assert "has only 3 points; at least 8 are needed to judge a curve, so it is not judged" in compared.stderr
    assert "no usable reward curve" in compared.stdout
    following = run("next", "two.yaml")
    assert following.code == 2
    assert "record a longer export, or name a symptom with --symptom." in following.stderr
