"""The tuning method as commands: templates, diff, tune (with symptoms and reward curves), sweep."""

from __future__ import annotations

import csv
import json
import math
import os
import random
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from rftcfg.app.templates import available
from rftcfg.catalog import catalog
from rftcfg.core.checks import check_value
from rftcfg.core.job import Job
from rftcfg.method.curves import Curve, diagnose
from rftcfg.method.diff import diff_jobs
from tests.conftest import RESOURCES, run

FULL = [*RESOURCES, "--job-id", "gsm8k-base", "--account", "acme"]


def job_file(path: Path, *args: str) -> Path:
    result = run("new", *FULL, *args, "-o", str(path))
    assert result.code == 0, result.stderr
    return path


# --- templates -----------------------------------------------------------------------------------


def test_templates_lists_the_task_starters() -> None:
    names = [line.split()[0] for line in run("templates").stdout.splitlines()]
    assert names == sorted(
        ["baseline", "math-reasoning", "code-generation", "summarization", "creative-writing", "safety-chat",
         "classification"]
    )  # fmt: skip


@pytest.mark.parametrize("template", [t.name for t in available()])
def test_each_template_stays_inside_the_guidance_and_builds_a_strict_job(template: str) -> None:
    job = yaml.safe_load(next(t for t in available() if t.name == template).path.read_text())
    for param in catalog().parameters.values():
        assert check_value(param, job[param.section][param.field]) == [], f"{template}: {param.key}"
    result = run("new", "--template", template, *RESOURCES, "-g", "lower-cost", "--strict", "-f", "json")
    assert result.code == 0, result.stderr
    built = json.loads(result.stdout)
    assert built["inference_parameters"]["response_candidates_count"] == 2  # the goal applies on top


def test_template_values_follow_the_task() -> None:
    def value(name: str, path: str) -> float:
        job = yaml.safe_load(next(t for t in available() if t.name == name).path.read_text())
        section, key = path.split(".")
        return float(job[section][key])

    assert value("classification", "inference_parameters.max_output_tokens") < 2048
    assert value("math-reasoning", "inference_parameters.max_output_tokens") > 2048
    assert value("safety-chat", "inference_parameters.temperature") <= 0.5
    assert value("safety-chat", "inference_parameters.top_p") <= 0.5
    assert value("creative-writing", "inference_parameters.temperature") >= 1.0


# --- diff ----------------------------------------------------------------------------------------


def test_diff_identical_and_one_change(in_tmp: Path) -> None:
    a = job_file(in_tmp / "a.yaml")
    b = job_file(in_tmp / "b.yaml")
    assert (run("diff", str(a), str(b)).code, run("diff", str(a), str(b)).stdout) == (0, "The jobs are identical.\n")
    c = job_file(in_tmp / "c.yaml", "--rollouts", "8")
    result = run("diff", "a.yaml", "c.yaml")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == (
        "Parameters:\n  response_candidates_count  4 -> 8             more compute (tokens x2.0, steps x2.0)\n"
        "Against the documented baseline: A no change in work; B more compute (tokens x2.0, steps x2.0).\n"
    )
    del c


def test_diff_warns_on_several_changes_and_strict_fails(in_tmp: Path) -> None:
    job_file(in_tmp / "a.yaml")
    job_file(in_tmp / "b.yaml", "-g", "safer")
    result = run("diff", "a.yaml", "b.yaml")
    assert result.code == 0
    assert result.stderr.startswith("warning: 3 tuned parameters changed (temperature, top_p, top_k).")
    assert run("diff", "a.yaml", "b.yaml", "--strict").code == 1


def test_diff_json_shape_and_cost_directions(in_tmp: Path) -> None:
    job_file(in_tmp / "a.yaml")
    job_file(in_tmp / "b.yaml", "-g", "lower-cost", "--batch-size", "16384", "--job-id", "cheap")
    report = json.loads(run("diff", "a.yaml", "b.yaml", "--json").stdout)
    assert set(report) == {
        "a",
        "b",
        "identical",
        "one_change_at_a_time",
        "parameters",
        "resources",
        "other",
        "estimate",
        "work",
    }
    assert report["estimate"]["b"] == {
        "rollout_tokens_vs_baseline": 0.25, "trained_tokens_vs_baseline": 0.25, "training_steps_vs_baseline": 0.5,
        "memory_per_step_vs_baseline": "down", "compute_vs_baseline": "down",
        "words": "less compute (tokens x0.25, steps x0.5, less memory per step)",
    }  # fmt: skip
    assert report["work"] == report["estimate"]["b"]["words"]  # A is the baseline
    costs = {p["parameter"]: (p["cost"], p["work"]) for p in report["parameters"]}
    assert costs == {
        # Halving the batch saves no token: it doubles the steps and halves the memory per step.
        "batch_size": ("none", "same compute (steps x2.0, less memory per step)"),
        "response_candidates_count": ("down", "less compute (tokens x0.5, steps x0.5)"),
        "max_output_tokens": ("down", "less compute (tokens x0.5, steps x0.5)"),
    }
    assert report["resources"] == [{"field": "job_id", "old": "gsm8k-base", "new": "cheap"}]
    assert report["one_change_at_a_time"] is False


def test_diff_compares_omitted_parameters_at_their_defaults(in_tmp: Path) -> None:
    job_file(in_tmp / "a.yaml")
    data = yaml.safe_load((in_tmp / "a.yaml").read_text())
    del data["inference_parameters"]["temperature"]
    (in_tmp / "sparse.yaml").write_text(yaml.safe_dump(data))
    assert run("diff", "a.yaml", "sparse.yaml").stdout == "The jobs are identical.\n"


def test_diff_of_an_invalid_or_missing_file(in_tmp: Path) -> None:
    job_file(in_tmp / "a.yaml")
    (in_tmp / "bad.yaml").write_text("dataset: d\nevaluator: e\ntraining_config: {base_model: m, epochs: 0}\n")
    result = run("diff", "a.yaml", "bad.yaml")
    assert result.code == 1
    assert "bad.yaml:3: error: training_config.epochs = 0: is outside the valid range 1..10." in result.stderr
    assert run("diff", "a.yaml", "nope.yaml").code == 2


# --- tune ----------------------------------------------------------------------------------------

EXPECTED_FIRST_MOVE = {
    "reward-collapse": ("learning_rate", 5e-5),
    "plateau-early": ("learning_rate", 1.5e-4),
    "still-improving": ("epochs", 2),
    "overfitting": ("lora_rank", 4),  # epochs is already 1, so the next-best single change
    "truncated": ("max_output_tokens", 4096),
    "repetitive": ("temperature", 1.0),
    "incoherent": ("top_p", 0.5),  # temperature is already 0.7
    "toxic": ("temperature", 0.4),
    "too-expensive": ("response_candidates_count", 2),
    "underfitting": ("lora_rank", 16),
    # PT-NEW's loss-method guidance: a service setting, the only change (omitted -> set)
    "forgetting": ("kl_beta", 0.002),
    "unstable-long-form": ("loss_method", "GSPO_TOKEN"),
    # Read from a whole training log (method.logs)
    "no-signal": ("response_candidates_count", 8),
    "policy-not-moving": ("learning_rate", 1.5e-4),
}
# Symptoms whose answer on the defaults is to change nothing (epochs is already 1), said with the reason.
SETTLED_ON_DEFAULTS = {"saturated"}


@pytest.mark.parametrize(("symptom", "expected"), EXPECTED_FIRST_MOVE.items())
def test_each_symptom_proposes_exactly_one_change(in_tmp: Path, symptom: str, expected: tuple[str, object]) -> None:
    job_file(in_tmp / "job.yaml")
    result = run("tune", "job.yaml", "--symptom", symptom, "-o", "tuned.yaml")
    assert result.code == 0, result.stderr
    before, after = (
        Job(yaml.safe_load((in_tmp / "job.yaml").read_text())),
        Job(yaml.safe_load((in_tmp / "tuned.yaml").read_text())),
    )
    changes = diff_jobs(before, after).parameters
    setting = catalog().settings.get(expected[0])
    if setting is None:
        assert [(c.param, c.new) for c in changes] == [expected]
    else:
        assert not changes  # no tuned parameter moves
        assert (before.get(setting.path), after.get(setting.path)) == (None, expected[1])
    assert after.get("reinforcement_fine_tuning_job_id") != before.get("reinforcement_fine_tuning_job_id")
    assert (in_tmp / "tuned.yaml").read_text().startswith("# Reinforcement fine-tuning job written by rftcfg")


def test_symptom_table_covers_the_issue() -> None:
    assert set(EXPECTED_FIRST_MOVE) | SETTLED_ON_DEFAULTS == set(catalog().symptoms)
    assert catalog().symptom("mode-collapse").name == "repetitive"  # type: ignore[union-attr]
    assert catalog().symptom("too-slow").name == "too-expensive"  # type: ignore[union-attr]


def test_tune_takes_the_next_best_change_at_the_guidance_limit(in_tmp: Path) -> None:
    job_file(in_tmp / "job.yaml", "--learning-rate", "5e-5")
    result = run("tune", "job.yaml", "--symptom", "reward-collapse")
    assert result.code == 0
    assert "  passed over: learning_rate is already at 5e-5: the docs' guidance stops at 5e-5." in result.stdout
    assert (
        "Change batch_size: 32768 -> 65536: a larger batch gives smoother, more stable updates.\n"
        "  work: same compute (steps x0.5, more memory per step)\n" in result.stdout
    )
    assert result.stderr == "(report only: add -o FILE to write the tuned job)\n"
    assert sorted(p.name for p in in_tmp.iterdir()) == ["job.yaml"]


def test_tune_says_when_no_single_change_is_left(in_tmp: Path) -> None:
    job_file(in_tmp / "job.yaml", "--lora-rank", "4")
    result = run("tune", "job.yaml", "--symptom", "overfitting", "-o", "tuned.yaml")
    assert result.code == 1
    assert "passed over: epochs is already at 1: nothing to change there." in result.stdout
    assert (
        "passed over: lora_rank is already at 4: that is the end of the valid range (one of 4, 8, 16, 32)."
        in result.stdout
    )
    assert (
        result.stderr
        == "rftcfg: no single change left for overfitting inside the documented guidance; nothing was written.\n"
    )
    assert not (in_tmp / "tuned.yaml").exists()


def test_tune_plateau_stays_within_twice_the_default(in_tmp: Path) -> None:
    job_file(in_tmp / "job.yaml", "--learning-rate", "1.8e-4")
    assert "Change learning_rate: 1.8e-4 -> 2e-4" in run("tune", "job.yaml", "-s", "plateau-early").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--symptom", "sad"], "rftcfg: unknown symptom 'sad'. Symptoms: "),
        (["--symptom", "toxik"], "rftcfg: unknown symptom 'toxik'. Did you mean toxic? Symptoms: "),
        ([], "rftcfg: give --symptom NAME or --metrics FILE (one of them)."),
        (["--symptom", "toxic", "--metrics", "m.csv"], "rftcfg: give --symptom NAME or --metrics FILE (one of them)."),
    ],
)
def test_tune_usage_errors(in_tmp: Path, args: list[str], message: str) -> None:
    job_file(in_tmp / "job.yaml")
    result = run("tune", "job.yaml", *args)
    assert result.code == 2
    assert result.stderr.startswith(message)


# --- reward curves -------------------------------------------------------------------------------

SHAPES: dict[str, Callable[[float], float]] = {
    "reward-collapse": lambda x: x / 0.4 if x < 0.4 else max(0.15, 1 - (x - 0.4) * 3),
    "plateau-early": lambda x: 1 - math.exp(-x / 0.07),
    "still-improving": lambda x: x,
    "healthy": lambda x: 1 / (1 + math.exp(-(x - 0.45) * 12)),
}


def synthetic(shape: Callable[[float], float], *, n: int = 200, noise: float = 0.05, seed: int = 0) -> Curve:
    rng = random.Random(seed)
    xs = [i / (n - 1) for i in range(n)]
    return Curve([float(i) for i in range(n)], [shape(x) + rng.gauss(0, noise) for x in xs], "reward", 0)


@pytest.mark.parametrize("expected", SHAPES)
@pytest.mark.parametrize("noise", [0.0, 0.05, 0.15])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_curve_shapes_are_named_through_noise(expected: str, noise: float, seed: int) -> None:
    assert diagnose(synthetic(SHAPES[expected], noise=noise, seed=seed)).symptom == expected


def test_a_flat_curve_is_an_early_plateau() -> None:
    diagnosis = diagnose(synthetic(lambda x: 0.3, noise=0.05))
    assert diagnosis.symptom == "plateau-early"
    assert "barely moved" in diagnosis.evidence


def write_wandb_csv(path: Path, shape: Callable[[float], float], n: int = 150) -> None:
    rng = random.Random(4)
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Step", "run-1 - train/reward", "run-1 - train/reward__MIN", "run-1 - train/reward__MAX"])
        for i in range(n):
            value = shape(i / (n - 1)) + rng.gauss(0, 0.04)
            missing = i % 23 == 7  # W&B leaves cells empty where a step logged nothing
            out.writerow([i * 5, "" if missing else f"{value:.4f}", f"{value - 0.2:.4f}", f"{value + 0.2:.4f}"])


@pytest.mark.parametrize(("shape", "param"), [("reward-collapse", "learning_rate"), ("still-improving", "epochs")])
def test_tune_reads_a_wandb_csv_and_names_the_symptom(in_tmp: Path, shape: str, param: str) -> None:
    job_file(in_tmp / "job.yaml")
    write_wandb_csv(in_tmp / "rewards.csv", SHAPES[shape])
    result = run("tune", "job.yaml", "--metrics", "rewards.csv")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == f"Reward curve (143 points of run-1 - train/reward (7 rows without a usable value skipped)): {shape}."
    )
    assert any(line.startswith(f"Change {param}:") for line in lines)


def test_tune_reads_jsonl_and_a_healthy_curve_changes_nothing(in_tmp: Path) -> None:
    job_file(in_tmp / "job.yaml")
    rows = [{"_step": i, "train/reward": SHAPES["healthy"](i / 99)} for i in range(100)]
    rows[10]["train/reward"] = None  # type: ignore[assignment]
    text = "\n".join(json.dumps(r) for r in rows) + "\n{torn line\n"
    (in_tmp / "rewards.jsonl").write_text(text)
    result = run("tune", "job.yaml", "--metrics", "rewards.jsonl", "-o", "tuned.yaml")
    assert result.code == 0
    assert (
        result.stdout.splitlines()[0]
        == "Reward curve (99 points of train/reward (2 rows without a usable value skipped)): healthy."
    )
    assert "Nothing to change" in result.stdout
    assert not (in_tmp / "tuned.yaml").exists()


def test_metrics_errors_are_usage_errors(in_tmp: Path) -> None:
    job_file(in_tmp / "job.yaml")
    (in_tmp / "short.csv").write_text("step,reward\n1,0.1\n2,0.2\n")
    assert run("tune", "job.yaml", "--metrics", "short.csv").stderr == (
        "rftcfg: only 2 usable reward points; at least 8 are needed to judge a curve.\n"
    )
    (in_tmp / "other.csv").write_text("step,loss\n1,0.1\n")
    result = run("tune", "job.yaml", "--metrics", "other.csv")
    assert (result.code, result.stderr) == (
        2,
        'rftcfg: other.csv: no reward column among step, loss (a column whose name contains "reward", or critic/score/mean or score/mean); '
        "name it with --reward-column.\n",
    )
    (in_tmp / "nostep.csv").write_text("time,reward\n1,0.1\n")
    result = run("tune", "job.yaml", "--metrics", "nostep.csv")
    assert (result.code, result.stderr) == (
        2,
        "rftcfg: nostep.csv: no step column among time, reward (a column named step, _step, global_step, "
        "trainer/global_step, train/global_step, train/step or iteration, in any case); name it with --step-column.\n",
    )


def test_curve_evidence_says_which_numbers_are_smoothed_and_gives_the_raw_ones(in_tmp: Path) -> None:
    # A user checks these against W&B: the smoothed levels alone (0.2, 0.7) are not in the data.
    job_file(in_tmp / "job.yaml")
    rewards = [0.10, 0.30, 0.52, 0.70, 0.81, 0.62, 0.35, 0.21, 0.12, 0.10]
    (in_tmp / "c.csv").write_text("Step,train/reward\n" + "".join(f"{i},{r:.2f}\n" for i, r in enumerate(rewards)))
    lines = run("tune", "job.yaml", "--metrics", "c.csv").stdout.splitlines()
    assert lines[1] == (
        "  smoothed: start 0.2, peak 0.7 at 33% of the run, end 0.11 (raw: first 0.1, highest 0.81, last 0.1): "
        "the reward ended lower than it started."
    )


@pytest.mark.parametrize("expected", SHAPES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_reward_in_the_evidence_has_at_most_three_significant_digits(expected: str, seed: int) -> None:
    evidence = diagnose(synthetic(SHAPES[expected], noise=0.05, seed=seed)).evidence
    numbers = re.findall(r"-?\d+\.\d+(?:e-?\d+)?", evidence)
    assert len(numbers) == 6, evidence  # start, peak, end; first, highest, last
    assert all(len(n.lstrip("-0.").replace(".", "").split("e")[0]) <= 3 for n in numbers), evidence


# --- sweep ---------------------------------------------------------------------------------------


def test_sweep_writes_one_factor_variants_launch_script_and_summary(in_tmp: Path) -> None:
    job_file(in_tmp / "base.yaml", "--wandb-project", "rft", "--wandb-entity", "acme")
    result = run("sweep", "base.yaml", "--vary", "learning-rate=5e-5,1e-4,2e-4", "--vary", "rollouts=2,8", "-o", "out")
    assert result.code == 0, result.stderr
    names = sorted(p.name for p in (in_tmp / "out").iterdir())
    assert names == sorted(
        ["gsm8k-base-lr5e-5.yaml", "gsm8k-base-lr1e-4.yaml", "gsm8k-base-lr2e-4.yaml", "gsm8k-base-n2.yaml",
         "gsm8k-base-n8.yaml", "launch.sh", "summary.txt"]
    )  # fmt: skip
    base = Job(yaml.safe_load((in_tmp / "base.yaml").read_text()))
    ids = set()
    for name in names:
        if name.endswith(".yaml"):
            variant = Job(yaml.safe_load((in_tmp / "out" / name).read_text()))
            assert len(diff_jobs(base, variant).parameters) <= 1, name  # one factor at a time
            ids.add(variant.get("reinforcement_fine_tuning_job_id"))
            assert variant.get("wandb_config.project") == "rft"
            assert variant.get("wandb_config.run_id") == variant.get("reinforcement_fine_tuning_job_id")
            assert variant.get("training_config.output_model") == f"gsm8k-rft-v1-{name[len('gsm8k-base-') : -5]}"
    assert len(ids) == 5
    launch = in_tmp / "out" / "launch.sh"
    assert os.access(launch, os.X_OK)
    commands = [line for line in launch.read_text().replace("\\\n", " ").splitlines() if line.startswith("firectl")]
    assert len(commands) == 5
    assert all(
        "--wandb-api-key $WANDB_API_KEY" in " ".join(shlex.split(c, posix=False)).replace('"', "") for c in commands
    )
    assert result.stdout == (in_tmp / "out" / "summary.txt").read_text()
    assert "gsm8k-base-lr1e-4  learning_rate 1e-4 -> 1e-4 (the base value: a control run)" in result.stdout


def test_an_out_of_range_value_stops_the_sweep_before_writing(in_tmp: Path) -> None:
    job_file(in_tmp / "base.yaml")
    result = run("sweep", "base.yaml", "--vary", "temperature=0.5,3.0", "-o", "out")
    assert result.code == 1
    assert result.stderr.startswith(
        "error: inference_parameters.temperature = 3.0: is outside the valid range 0.1..2.0. Fix: use 0.1..2.0"
    )
    assert (
        result.stderr.splitlines()[-1] == "rftcfg: --vary 'temperature=0.5,3.0': 1 value refused; nothing was written."
    )
    assert sorted(p.name for p in in_tmp.iterdir()) == ["base.yaml"]


def test_grid_is_every_combination_with_a_warning(in_tmp: Path) -> None:
    job_file(in_tmp / "base.yaml")
    result = run("sweep", "base.yaml", "--vary", "lr=5e-5,2e-4", "--vary", "epochs=1,2", "--grid", "-o", "grid")
    assert result.code == 0
    assert result.stderr.startswith("warning: --grid writes 4 jobs that each change several parameters at once;")
    assert len(list((in_tmp / "grid").glob("*.yaml"))) == 4
    assert (in_tmp / "grid" / "gsm8k-base-lr2e-4-ep2.yaml").exists()


@pytest.mark.parametrize(
    ("vary", "message"),
    [
        (
            "temprature=0.5",
            "rftcfg: --vary 'temprature=0.5': write PARAMETER=V1,V2,... with a known parameter. Did you mean temperature?\n",
        ),
    ],
)
def test_sweep_usage_errors(in_tmp: Path, vary: str, message: str) -> None:
    job_file(in_tmp / "base.yaml")
    result = run("sweep", "base.yaml", "--vary", vary, "-o", "out")
    assert (result.code, result.stderr) == (2, message)


def test_refused_values_are_listed_together_as_an_invalid_job(in_tmp: Path) -> None:
    job_file(in_tmp / "base.yaml")
    result = run("sweep", "base.yaml", "--vary", "epochs=1.5,one,2", "-o", "out")
    assert (result.code, result.stderr.splitlines()) == (
        1,
        [
            "error: training_config.epochs = 1.5: must be a whole number. Fix: use 1..10 (default 1); see `rftcfg explain epochs`.",
            "error: training_config.epochs = one: must be a whole number. Fix: use 1..10 (default 1); see `rftcfg explain epochs`.",
            "rftcfg: --vary 'epochs=1.5,one,2': 2 values refused; nothing was written.",
        ],
    )
    assert not (in_tmp / "out").exists()


def test_sweep_never_replaces_a_folder_it_did_not_write(in_tmp: Path) -> None:
    job_file(in_tmp / "base.yaml")
    (in_tmp / "out").mkdir()
    (in_tmp / "out" / "notes.txt").write_text("mine\n")
    result = run("sweep", "base.yaml", "--vary", "epochs=2", "-o", "out")
    assert (result.code, result.stderr) == (2, "rftcfg: out: is not empty; pass --force to replace it.\n")
    forced = run("sweep", "base.yaml", "--vary", "epochs=2", "-o", "out", "--force")
    assert (forced.code, forced.stderr) == (
        2,
        "rftcfg: out: not replaced, because it has no launch.sh and summary.txt from an earlier rftcfg sweep; "
        "rftcfg replaces only a folder it wrote. Choose another folder, or empty this one yourself.\n",
    )
    assert [p.name for p in (in_tmp / "out").iterdir()] == ["notes.txt"]  # a folder of yours is never touched
    assert (in_tmp / "out" / "notes.txt").read_text() == "mine\n"


@pytest.mark.parametrize(
    "shape",
    [lambda x: 0.8 - 0.5 * x, lambda x: min(0.78, x * 2) if x < 0.87 else 0.4],
    ids=["falling-throughout", "crash-near-the-end"],
)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_falling_rewards_are_a_collapse_not_a_plateau(shape: Callable[[float], float], seed: int) -> None:
    # Naming these plateau-early would advise a larger learning rate: the opposite of the fix.
    assert diagnose(synthetic(shape, n=100, noise=0.02, seed=seed)).symptom == "reward-collapse"


def test_tune_to_stdout_keeps_the_report_on_stderr(in_tmp: Path) -> None:
    job_file(in_tmp / "job.yaml")
    result = run("tune", "job.yaml", "--symptom", "truncated", "-o", "-")
    assert result.code == 0
    assert yaml.safe_load(result.stdout)["inference_parameters"]["max_output_tokens"] == 4096
    assert result.stderr.startswith("Symptom: truncated")


def test_the_training_reward_column_is_preferred(in_tmp: Path) -> None:
    job_file(in_tmp / "job.yaml")
    with (in_tmp / "runs.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Step", "runA - eval/reward_std", "runA - eval/reward", "runA - train/reward"])
        for i in range(60):
            out.writerow([i, 0.1, 0.5, i / 59])
    assert "points of runA - train/reward" in run("tune", "job.yaml", "--metrics", "runs.csv").stdout


def test_template_names_are_forgiving() -> None:
    assert run("new", "--template", "Math_Reasoning", *RESOURCES).code == 0
    result = run("new", "--template", "math", *RESOURCES)
    assert result.code == 2
    assert result.stderr.startswith("rftcfg: unknown template 'math'. Did you mean math-reasoning?")


def test_plateau_early_tries_dapo_only_when_the_parameters_cannot_move_and_never_breaks_the_kl_rule(
    in_tmp: Path,
) -> None:
    job_file(in_tmp / "job.yaml", "--learning-rate", "2e-4", "--lora-rank", "16")
    result = run("tune", "job.yaml", "--symptom", "plateau-early", "-o", "tuned.yaml")
    assert result.code == 0, result.stderr
    assert "Change loss_method: GRPO -> DAPO" in result.stdout
    assert yaml.safe_load((in_tmp / "tuned.yaml").read_text())["loss_config"] == {"method": "DAPO"}
    job_file(in_tmp / "kl.yaml", "--learning-rate", "2e-4", "--lora-rank", "16", "--rl-kl-beta", "0.01")
    refused = run("tune", "kl.yaml", "--symptom", "plateau-early")
    assert refused.code == 1
    assert "loss_method -> dapo would break a rule" in refused.stdout
