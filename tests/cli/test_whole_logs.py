"""The whole-log diagnosis through the commands: `tune --metrics` reads it from a file in every
export format, `record` stores the log and shows it, `next` and `compare` read it back, and all
four say the same thing about the same log. What `tune` or `next` then writes is one change that
passes `validate --strict`, or nothing, with the reason."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from rftcfg.catalog import catalog
from rftcfg.core.job import Job
from rftcfg.method.diff import diff_jobs
from tests.conftest import RESOURCES, run
from tests.logs import DIAGNOSED, SCENARIOS, grpo_log, write_csv, write_jsonl, write_panel_csv

EXPECTED = DIAGNOSED
Writer = Callable[[Path, list[dict[str, Any]]], Path]
FORMS: dict[str, tuple[str, str, Writer]] = {  # name -> (W&B prefix, file suffix, writer)
    "wandb-history": ("train/", "csv", write_csv),
    "trl-jsonl": ("", "jsonl", write_jsonl),
    "wandb-panel": ("train/", "csv", write_panel_csv),
}


def job(folder: Path, name: str = "job.yaml", *args: str) -> Path:
    made = run("new", *RESOURCES, "--job-id", Path(name).stem, *args, "-o", str(folder / name))
    assert made.code == 0, made.stderr
    return folder / name


def log_file(folder: Path, scenario: str, form: str = "wandb-history", seed: int = 1) -> Path:
    prefix, suffix, writer = FORMS[form]
    return writer(folder / f"{scenario}.{suffix}", grpo_log(SCENARIOS[scenario], seed=seed, prefix=prefix))


def log_block(stdout: str) -> list[str]:
    """The "Training log" heading and its evidence lines, whatever their indentation."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Training log ("))
    depth = len(lines[start]) - len(lines[start].lstrip())
    block = [lines[start][depth:]]
    for line in lines[start + 1 :]:
        if not line.startswith(" " * (depth + 2)):
            break
        block.append(line[depth:])
    return block


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("scenario", list(EXPECTED))
def test_tune_reads_the_whole_log_in_every_export_format(in_tmp: Path, scenario: str, form: str) -> None:
    base = job(in_tmp)
    result = run("tune", base.name, "--metrics", log_file(in_tmp, scenario, form).name, "-o", "tuned.yaml")
    assert result.code == 0, result.stderr
    block = log_block(result.stdout)
    assert block[0].endswith(f"): {EXPECTED[scenario]}."), block
    tuned = in_tmp / "tuned.yaml"
    if not tuned.exists():  # healthy, or saturated at epochs 1: nothing to change, and it says why
        assert "Nothing to change:" in result.stdout
        assert "Nothing was written." in result.stdout
        return
    assert run("validate", "--strict", "tuned.yaml").code == 0
    before, after = (Job(yaml.safe_load(p.read_text())) for p in (base, tuned))
    difference = diff_jobs(before, after)
    assert len(difference.parameters) + len(difference.settings) == 1  # never two changes at once


def test_saturated_at_several_epochs_goes_back_to_one_and_never_raises_the_learning_rate(in_tmp: Path) -> None:
    job(in_tmp, "job.yaml", "--epochs", "3")
    result = run("tune", "job.yaml", "--metrics", log_file(in_tmp, "saturated").name)
    assert result.code == 0, result.stderr
    assert "Change epochs: 3 -> 1: the reward reached the top well before the end" in result.stdout
    assert "learning_rate" not in result.stdout.split("Symptom:")[1]


def test_no_signal_says_to_check_the_evaluator_first(in_tmp: Path) -> None:
    job(in_tmp)
    result = run("tune", "job.yaml", "--metrics", log_file(in_tmp, "no-signal").name)
    assert "  check first: rule out the evaluator before any setting;" in result.stdout
    assert "Change response_candidates_count: 4 -> 8:" in result.stdout
    assert "also found policy-not-moving" in result.stdout  # ranked below, named, not acted on


def test_record_next_and_compare_say_what_tune_says(in_tmp: Path) -> None:
    assert run("init").code == 0
    for scenario, symptom in EXPECTED.items():
        job(in_tmp, f"{scenario}.yaml")
        log = log_file(in_tmp, scenario).name
        tuned = run("tune", f"{scenario}.yaml", "--metrics", log)
        recorded = run("record", f"{scenario}.yaml", "--metrics", log)
        following = run("next", f"{scenario}.yaml")
        assert tuned.code == recorded.code == 0, (tuned.stderr, recorded.stderr)
        assert following.code == 0, following.stderr
        said = log_block(tuned.stdout)
        assert log_block(recorded.stdout) == said, scenario
        assert log_block(following.stdout) == said, scenario
        assert said[0].endswith(f"): {symptom}.")
        compared = run("compare", f"{scenario}.yaml", "healthy.yaml")
        if scenario != "healthy":
            assert compared.code == 0, compared.stderr
            assert f": {symptom}.\n" in compared.stdout
            assert said[1] in compared.stdout
            data = json.loads(run("compare", f"{scenario}.yaml", "healthy.yaml", "--json").stdout)
            assert data["diagnosis"]["a"]["symptom"] == symptom
            assert data["diagnosis"]["a"]["evidence"] == [line.strip() for line in said[1:]]
            assert compared.stdout.rstrip().splitlines()[-1].startswith(("Verdict:", "  a difference"))


def test_next_changes_nothing_on_a_saturated_run_and_says_why(in_tmp: Path) -> None:
    assert run("init").code == 0
    job(in_tmp)
    assert run("record", "job.yaml", "--metrics", log_file(in_tmp, "saturated").name).code == 0
    result = run("next", "job.yaml", "-o", "next.yaml")
    assert result.code == 0, result.stderr
    assert f"Nothing to change: {catalog().symptoms['saturated'].settled}. Nothing was written." in result.stdout
    assert not (in_tmp / "next.yaml").exists()


@pytest.mark.parametrize("finding", ["saturated", "no-signal", "policy-not-moving", "truncated", "reward-collapse"])
def test_explain_covers_each_finding(finding: str) -> None:
    page = run("explain", finding)
    assert page.code == 0
    assert "can detect it" in page.stdout
    for part in ("Reads:", "Rule:", "Rank:"):
        assert part in page.stdout, (finding, part)
    data = json.loads(run("explain", f"symptom:{finding}", "--json").stdout)
    assert data["log_rule"]["rank"] == catalog().log_rules.order.index(finding) + 1
    assert set(data["log_rule"]["reads"]) == set(catalog().log_rules.needs[finding])


def test_trls_trainer_state_json_is_read_as_its_log_history(in_tmp: Path) -> None:
    job(in_tmp)
    rows = grpo_log(SCENARIOS["not-moving"], seed=1, prefix="")
    rows.insert(5, {"eval_loss": 0.3, "step": 5})  # TRL keeps evaluations and a summary in the same list
    state = {"best_metric": None, "global_step": 200, "log_history": [*rows, {"step": 200, "train_runtime": 99.0}],
             "max_steps": 200, "trial_name": None}  # fmt: skip
    (in_tmp / "trainer_state.json").write_text(json.dumps(state, indent=2))
    write_jsonl(in_tmp / "log.jsonl", rows)
    from_state = run("tune", "job.yaml", "--metrics", "trainer_state.json")
    assert from_state.code == 0, from_state.stderr
    assert from_state.stdout.startswith("Reward curve (200 points of reward (2 rows without a usable value skipped))")
    assert log_block(from_state.stdout)[0].endswith("): policy-not-moving.")
    assert log_block(from_state.stdout) == log_block(run("tune", "job.yaml", "--metrics", "log.jsonl").stdout)


def test_verls_score_is_the_reward_when_no_column_says_reward(in_tmp: Path) -> None:
    job(in_tmp)
    rows = [
        {"step": r["train/global_step"], "critic/score/mean": r["train/reward"], "actor/entropy": r["train/entropy"],
         "actor/kl_loss": r["train/kl"], "response_length/mean": r["train/completions/mean_length"],
         "response_length/clip_ratio": r["train/completions/clipped_ratio"]}
        for r in grpo_log(SCENARIOS["truncated"], seed=1)
    ]  # fmt: skip
    write_jsonl(in_tmp / "verl.jsonl", rows)
    result = run("tune", "job.yaml", "--metrics", "verl.jsonl")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("Reward curve (200 points of critic/score/mean)")
    assert "response_length/clip_ratio ended at" in result.stdout
    assert log_block(result.stdout)[0] == (
        "Training log (beside the reward: KL, entropy, mean completion length, clipped share): truncated."
    )


def test_a_diverged_kl_is_shown_not_a_crash(in_tmp: Path) -> None:
    job(in_tmp)
    rows = grpo_log(SCENARIOS["collapse"], seed=1)
    for row in rows[150:]:
        row["train/kl"] = 1e308
    write_csv(in_tmp / "log.csv", rows)
    result = run("tune", "job.yaml", "--metrics", "log.csv")
    assert result.code == 0, result.stderr
    assert "train/kl rose from 0.0127 to 1e+308" in result.stdout


@pytest.mark.parametrize("name", ["kl", "ref_kld", "train/frac_reward_zero_std", "clipped-share", "entropy"])
def test_explain_names_each_series_and_every_name_it_is_read_under(name: str) -> None:
    kind = catalog().log_series.find(name)
    assert kind is not None
    page = run("explain", name)
    assert page.code == 0, page.stderr
    assert page.stdout.startswith(f"{kind.key} (training-log series: {kind.short})")
    assert ", ".join(kind.names) in page.stdout
    data = json.loads(run("explain", f"series:{name}", "--json").stdout)
    assert data["names"] == list(kind.names)
    rules = catalog().log_rules
    assert data["read_by"] == [
        f for f, needs in rules.needs.items() if kind.key in (*needs, *rules.also_reads.get(f, ()))
    ]


def test_a_trainer_state_without_a_reward_names_its_rows_columns_not_log_history(in_tmp: Path) -> None:
    job(in_tmp)
    state = {"global_step": 2, "log_history": [{"step": 1, "loss": 0.5}, {"step": 2, "loss": 0.4}]}
    (in_tmp / "trainer_state.json").write_text(json.dumps(state, indent=2))
    result = run("tune", "job.yaml", "--metrics", "trainer_state.json")
    assert result.code == 2
    assert "no reward column among step, loss (" in result.stderr


def test_verls_score_comes_before_its_rewards_and_penalties_in_any_column_order(in_tmp: Path) -> None:
    job(in_tmp)
    rows = [
        {"_step": i, "actor/reward_kl_penalty": 0.01, "critic/rewards/max": 1.0, "critic/rewards/mean": 0.4 - 0.01,
         "critic/score/mean": 0.4 + i / 1000}
        for i in range(50)
    ]  # fmt: skip
    write_csv(in_tmp / "verl.csv", rows)  # W&B's history export sorts the columns by name
    result = run("tune", "job.yaml", "--metrics", "verl.csv")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("Reward curve (50 points of critic/score/mean)")
