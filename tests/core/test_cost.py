"""Know before you launch: compute estimate, token budget, dataset pre-flight, guardrails."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from rftcfg.app.estimates import estimate_lines
from rftcfg.catalog import catalog
from rftcfg.core.cost import change_effect, compare, estimate, fit_budget, show_ratio, work, zero_signal_share
from rftcfg.core.errors import count
from rftcfg.core.guardrails import guardrail_findings
from rftcfg.core.job import Job
from rftcfg.core.plan import make_plan
from rftcfg.core.resources import Resources, build_job
from rftcfg.files.dataset import read_dataset
from tests.conftest import RESOURCES, run

DEFAULTS = {k: p.default for k, p in catalog().parameters.items()}


def job(model: str = "qwen3-8b", **values: float) -> Job:
    resources = Resources(dataset="accounts/a/datasets/d", evaluator="accounts/a/evaluators/e", base_model=model)
    return build_job(resources, {**DEFAULTS, **values})


def chat(prompt: str, answer: str | None = None) -> str:
    messages = [{"role": "user", "content": prompt}]
    if answer is not None:
        messages.append({"role": "assistant", "content": answer})
    return json.dumps({"messages": messages})


# --- estimate ------------------------------------------------------------------------------------


def test_baseline_is_the_unit() -> None:
    est = estimate(job(), prompts=1000)
    assert est.work.generated_tokens == 1000 * 1 * 4 * 2048
    assert est.work.steps == 1000 * 1 * 4 * 2048 / 32768
    assert (est.baseline.generated, est.baseline.steps, est.baseline.memory, est.factors) == (1.0, 1.0, "none", ())
    assert est.baseline.words() == "no change in work"


def test_each_factor_multiplies_the_work() -> None:
    est = estimate(job(epochs=2, response_candidates_count=6, max_output_tokens=1024), prompts=10)
    assert est.work.generated_tokens == 10 * 2 * 6 * 1024
    assert {k: e.generated for k, _, e in est.factors} == {
        "epochs": 2.0, "response_candidates_count": 1.5, "max_output_tokens": 0.5,
    }  # fmt: skip
    assert est.baseline.generated == pytest.approx(1.5)


def test_training_steps_follow_sample_length_and_batch_size() -> None:
    # Steps ~ samples x (prompt + response) / batch: a prompt of 2048 tokens halves the effect of
    # doubling max output tokens; doubling the batch halves the steps and leaves the tokens alone.
    assert estimate(job(max_output_tokens=4096), mean_prompt_tokens=2048).baseline.steps == pytest.approx(1.5)
    bigger = estimate(job(batch_size=65536)).baseline
    assert (bigger.generated, bigger.trained, bigger.steps, bigger.memory) == (1.0, 1.0, 0.5, "up")
    assert bigger.words() == "same compute (steps x0.5, more memory per step)"


def test_a_response_cannot_outgrow_the_context() -> None:
    capped = work({**DEFAULTS, "max_context_length": 1024})
    assert capped.generated_tokens == 1 * 4 * 1024
    assert work({**DEFAULTS, "max_context_length": 1024}, mean_prompt_tokens=4096).generated_tokens == 0


@pytest.mark.parametrize("batch", [0, -1])
def test_the_model_never_divides_by_zero(batch: int) -> None:
    broken = work({**DEFAULTS, "batch_size": batch}, prompts=10)
    assert math.isinf(broken.steps)
    effect = compare(work(DEFAULTS, prompts=10), broken)
    assert effect.words() == "same compute (steps without bound, less memory per step)"
    assert estimate_lines(job(batch_size=batch), estimate(job(batch_size=batch), prompts=10))[0].endswith(
        "no bound (the batch holds no tokens) steps of 0 tokens." if batch == 0 else "steps of -1 tokens."
    )
    zero_work = {**DEFAULTS, "epochs": 0}
    assert compare(work(zero_work), work(DEFAULTS)).generated == math.inf  # from nothing: no ratio, no crash


def test_estimate_text_names_totals_factors_and_only_documented_price_facts() -> None:
    lines = estimate_lines(job(epochs=2), estimate(job(epochs=2), prompts=500))
    assert lines[0] == (
        "Work for 500 prompts: at most 8,192,000 generated tokens (epochs x rollouts x max output tokens x prompts "
        "= 2 x 4 x 2048 x 500), at most 8,192,000 trained tokens, about 250 steps of 32768 tokens."
    )
    assert lines[1] == "Against the documented baseline on the same data: more compute (tokens x2.0, steps x2.0)."
    assert lines[2] == "  epochs 1 -> 2: more compute (tokens x2.0, steps x2.0)"
    assert lines[3].startswith('Cost estimator (Fireworks docs, "Cost Estimator"')  # core.cost.page_estimate
    assert lines[-1].startswith(
        "Price: qwen3-8b reads as 8B parameters; RFT on base models under 16B parameters is free"
    )
    big = estimate_lines(job("llama-v3p1-70b-instruct"), estimate(job("llama-v3p1-70b-instruct")))
    assert big[-1].endswith("does not apply; rftcfg does not know current prices.")
    assert not [line for line in lines + big if "$" in line or "USD" in line]
    assert not [line for line in estimate_lines(job("mystery"), estimate(job("mystery"))) if line.startswith("Price")]


# --- guardrails ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("p", "n", "share"), [(0.5, 4, 0.125), (0.9, 2, 0.82), (0.0, 8, 1.0), (0.95, 4, 0.8145)])
def test_zero_signal_share_formula(p: float, n: int, share: float) -> None:
    assert zero_signal_share(p, n) == pytest.approx(share, abs=1e-4)


def test_zero_signal_guardrail_warns_when_most_groups_teach_nothing() -> None:
    assert guardrail_findings(job(), pass_rate=0.5) == []
    (finding,) = guardrail_findings(job(response_candidates_count=2), pass_rate=0.9)
    assert (finding.level, finding.code) == ("warning", "zero-signal-groups")
    assert "about 82% of prompts give every rollout the same score" in finding.message
    assert "More rollouts, a higher temperature (0.8-1.0) or a graded reward" in finding.message


def test_minimal_exploration_notes_two_rollouts_and_warns_on_near_greedy_temperature() -> None:
    # The docs call 2-4 rollouts minimal but viable (catalog.yaml says why), so two is a note.
    result = run("new", *RESOURCES, "--rollouts", "2")
    assert "note: inference_parameters.response_candidates_count = 2: minimal exploration" in result.stderr
    assert "warning:" not in result.stderr
    result = run("new", *RESOURCES, "--temperature", "0.2")
    assert "warning: inference_parameters.temperature = 0.2: close to greedy" in result.stderr


@pytest.mark.parametrize(
    "rule", ["zero-signal-groups", "prompt-truncation", "answers-cut", "small-dataset", "minimal-exploration"]
)
def test_every_guardrail_is_explained(rule: str) -> None:
    result = run("explain", rule)
    assert result.code == 0
    assert result.stdout.startswith(f"{rule} (warning)")


# --- token budget --------------------------------------------------------------------------------


def test_budget_lowers_rollouts_first_then_max_tokens() -> None:
    base = job()
    assert fit_budget(base, prompts=100, budget=10**9).changes == {}
    assert fit_budget(base, prompts=100, budget=100 * 2 * 2048).changes == {"response_candidates_count": 2}
    assert fit_budget(base, prompts=100, budget=100 * 3 * 2048).changes == {"response_candidates_count": 3}
    fit = fit_budget(base, prompts=100, budget=100 * 2 * 1000)
    assert fit.changes == {"response_candidates_count": 2, "max_output_tokens": 1000}
    assert fit.smallest == 100 * 1 * 2 * 16


def test_budget_fit_stops_a_lever_where_it_would_add_a_problem() -> None:
    def problem(candidate: Job) -> str | None:
        rollouts = candidate.get("inference_parameters.response_candidates_count")
        return "add a warning" if rollouts is not None and rollouts < 3 else None

    fit = fit_budget(job(), prompts=100, budget=100 * 2 * 1000, problem=problem)
    assert fit.changes == {"response_candidates_count": 3, "max_output_tokens": 666}
    assert fit.least == {"response_candidates_count": 3, "max_output_tokens": 16}
    assert fit.held == ("response_candidates_count stays at 3 or more: 2 would add a warning",)
    assert fit.smallest == 100 * 3 * 16


def test_budget_on_the_command_line(in_tmp: Path) -> None:
    result = run("new", *RESOURCES, "--prompts", "5000", "--max-rollout-tokens", "20000000", "-f", "json")
    assert result.code == 0, result.stderr
    inference = json.loads(result.stdout)["inference_parameters"]
    assert (inference["response_candidates_count"], inference["max_output_tokens"]) == (2, 2000)
    assert "budget --max-rollout-tokens: lowered to fit the rollout-token budget" in result.stderr
    assert "explicit value" not in result.stderr  # the person gave a budget, not these values
    too_small = run("new", *RESOURCES, "--prompts", "5000", "--max-rollout-tokens", "1000", "-o", "job.yaml")
    assert too_small.code == 1
    assert "5,000 prompts need at least 160,000 tokens" in too_small.stderr
    assert "Fix: raise the budget to 160,000 or more" in too_small.stderr
    assert not (in_tmp / "job.yaml").exists()
    no_count = run("new", *RESOURCES, "--max-rollout-tokens", "1000")
    assert (no_count.code, no_count.stderr) == (
        2,
        "rftcfg: --max-rollout-tokens needs the prompt count: pass --dataset-file FILE or --prompts N.\n",
    )


# --- dataset pre-flight --------------------------------------------------------------------------


def test_preflight_counts_rows_and_reports_broken_lines(tmp_path: Path) -> None:
    lines = [chat("x" * 400, "y" * 80) for _ in range(8)]
    lines[2] = '{"messages": [ torn'
    lines[4] = '{"prompt": "no messages"}'
    lines[5] = json.dumps({"messages": [{"role": "user"}]})
    lines.append(json.dumps({"messages": [{"role": "user", "content": [{"type": "text", "text": "z" * 800}]}]}))
    path = tmp_path / "data.jsonl"
    path.write_bytes(("\n".join(lines) + "\n\n").encode() + b"\xff\xfe not text\n")
    stats = read_dataset(str(path))
    assert (stats.rows, stats.malformed) == (6, 4)
    assert stats.malformed_examples == (
        (3, "not JSON (Expecting value)"),
        (5, "no `messages` list"),
        (6, "a message without a `role` and text `content`"),
        (11, "not UTF-8 text"),
    )
    assert stats.percentile(0.5) == 100  # 400 characters is about 100 tokens
    assert max(stats.prompt_tokens) == 200  # the multi-part message
    assert stats.longest[0] == (200, 9)
    assert stats.percentile(0.5, answers=True) == 20


def test_preflight_warnings_on_a_realistic_job(in_tmp: Path) -> None:
    rows = [chat("q" * 4 * 7500, "a" * 4 * 1500) for _ in range(10)] + [
        chat("q" * 400, "a" * 4 * 1500) for _ in range(90)
    ]
    (in_tmp / "train.jsonl").write_text("\n".join(rows) + "\n")
    result = run("new", *RESOURCES, "-g", "lower-cost", "--dataset-file", "train.jsonl")
    assert result.code == 0
    err = result.stderr
    assert "Dataset train.jsonl: 100 rows." in err
    assert "Work for 100 prompts: at most 204,800 generated tokens" in err
    assert (
        "warning: training_config.max_context_length = 8192: 10% of prompts are longer than the 7,168 tokens left"
        in err
    )
    assert (
        "warning: inference_parameters.max_output_tokens = 1024: 100% of the dataset's reference answers are longer"
        in err
    )
    assert "warning: 100 prompts. With few prompts" in err
    strict = run("new", *RESOURCES, "-g", "lower-cost", "--dataset-file", "train.jsonl", "--strict")
    assert strict.code == 1


def test_validate_shows_the_estimate_only_when_asked_about_size_and_json_carries_it(in_tmp: Path) -> None:
    run("new", *RESOURCES, "--epochs", "2", "-o", "job.yaml")
    text = run("validate", "job.yaml", "--prompts", "1000")
    assert (
        "job.yaml: Against the documented baseline on the same data: more compute (tokens x2.0, steps x2.0)."
        in text.stderr
    )
    assert run("validate", "job.yaml").stderr == "job.yaml: valid (0 errors, 0 warnings, 0 notes)\n"
    report = json.loads(run("validate", "job.yaml", "--prompts", "1000", "--json").stdout)
    assert report["files"][0]["estimate"] == {
        "prompts": 1000, "max_rollout_tokens": 16384000, "max_trained_tokens": 16384000, "per_prompt": False,
        "steps": 500.0, "rollout_tokens_vs_baseline": 2.0, "trained_tokens_vs_baseline": 2.0,
        "training_steps_vs_baseline": 2.0, "memory_per_step_vs_baseline": "none", "compute_vs_baseline": "up",
        "words": "more compute (tokens x2.0, steps x2.0)",
    }  # fmt: skip
    per_prompt = json.loads(run("validate", "job.yaml", "--json").stdout)["files"][0]["estimate"]
    assert (per_prompt["per_prompt"], per_prompt["max_rollout_tokens"]) == (True, 16384)


def test_sweep_summary_has_the_relative_work(in_tmp: Path) -> None:
    run("new", *RESOURCES, "--job-id", "base", "-o", "base.yaml")
    result = run("sweep", "base.yaml", "--vary", "rollouts=2,8", "-o", "out")
    assert "tokens vs baseline" in result.stdout.splitlines()[0]
    assert [line.split()[-2] for line in result.stdout.splitlines()[1:]] == ["x0.5", "x2.0"]


def test_preflight_memory_stays_flat_on_a_large_file(tmp_path: Path) -> None:
    """A 3 MB and a 30 MB file: the larger one must not need noticeably more memory."""
    row = (chat("p" * 1200, "a" * 300) + "\n").encode()
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small.write_bytes(row * (3 * 2**20 // len(row)))
    with large.open("wb") as handle:
        for _ in range(10):
            handle.write(row * (3 * 2**20 // len(row)))
    probe = (
        "import resource, sys; from rftcfg.files.dataset import read_dataset; s = read_dataset(sys.argv[1]); "
        "print(s.rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    rss = {}
    for path in (small, large):
        out = subprocess.run(
            [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True
        ).stdout
        rows, rss[path.name] = map(int, out.split())
        assert rows > 0
    assert large.stat().st_size > 25 * 2**20
    assert rss["large.jsonl"] - rss["small.jsonl"] < 8 * 1024, rss  # KiB: flat, not 10x


def test_a_plan_estimate_agrees_with_the_job() -> None:
    plan = make_plan(["better-quality"])
    built = build_job(Resources(dataset="d", evaluator="e", base_model="m"), plan.values())
    assert estimate(built).baseline.generated == pytest.approx(2 * 2)  # rollouts 8/4, max tokens 4096/2048
    assert yaml.safe_load(yaml.safe_dump(built.kwargs())) == built.kwargs()


def test_budget_never_overrides_an_explicit_flag() -> None:
    result = run(
        "new", *RESOURCES, "--prompts", "1000", "--max-rollout-tokens", "5000000", "--rollouts", "8", "-f", "json"
    )
    inference = json.loads(result.stdout)["inference_parameters"]
    assert (inference["response_candidates_count"], inference["max_output_tokens"]) == (8, 625)
    both = run("new", *RESOURCES, "--prompts", "1000", "--max-rollout-tokens", "5000000", "--rollouts", "8",
               "--max-output-tokens", "4096")  # fmt: skip
    assert both.code == 1
    assert (
        "1,000 prompts need at least 32,768,000 tokens with your --response-candidates-count and --max-output-tokens"
        in both.stderr
    )


def test_an_unusable_dataset_file_is_an_error_and_broken_lines_a_warning(in_tmp: Path) -> None:
    (in_tmp / "empty.jsonl").write_text("\n\n")
    result = run("new", *RESOURCES, "--dataset-file", "empty.jsonl", "-o", "job.yaml")
    assert result.code == 1
    assert "error: empty.jsonl: Every line is empty or malformed" in result.stderr
    assert not (in_tmp / "job.yaml").exists()
    (in_tmp / "some.jsonl").write_text(chat("q" * 40, "a") + "\n{torn\n")
    strict = run("new", *RESOURCES, "--dataset-file", "some.jsonl", "--strict")
    assert "warning: 1 malformed line in some.jsonl." in strict.stderr
    assert strict.code == 1


def test_a_dataset_with_no_usable_rows_gets_no_sized_estimate(in_tmp: Path) -> None:
    # "Work for 0 prompts: ... = 1 x 8 x 4096 x 0" with 32,768 tokens and "about 1 steps" contradicted itself.
    assert run("new", *RESOURCES, "--goal", "better-quality", "-o", "quality.yaml").code == 0
    (in_tmp / "bad.jsonl").write_text("not json\n{bad\n")
    result = run("validate", "quality.yaml", "--dataset-file", "bad.jsonl")
    assert result.code == 1
    assert "error: bad.jsonl: Every line is empty or malformed" in result.stderr
    assert "Work for" not in result.stderr
    assert "baseline" not in result.stderr
    report = json.loads(run("validate", "quality.yaml", "--dataset-file", "bad.jsonl", "--json").stdout)
    assert report["files"][0]["estimate"] is None
    assert work(DEFAULTS, prompts=0).generated_tokens == 0  # zero prompts are zero work, not one prompt's


def test_a_non_zero_ratio_never_prints_as_zero() -> None:
    """Every parameter at each end of its range, and at each choice, against the documented defaults."""
    for key, param in catalog().parameters.items():
        ends = list(param.choices or ()) + [v for v in (param.min, param.max) if v is not None]
        for value in ends:
            effect = change_effect(DEFAULTS, key, value, mean_prompt_tokens=300.0)
            for ratio in (effect.generated, effect.trained, effect.steps):
                if ratio in (0, 1) or math.isinf(ratio):
                    continue
                assert f"x{show_ratio(ratio)}" in effect.words()
                assert math.isclose(float(show_ratio(ratio)), ratio, rel_tol=0.05), (key, value, effect.words())
    assert [show_ratio(r) for r in (2.0, 0.25, 0.5, 1.5, 16 / 2048, 1 / 256)] == [
        "2.0", "0.25", "0.5", "1.5", "0.0078", "0.0039"
    ]  # fmt: skip


def test_a_small_job_says_so_in_every_ratio(in_tmp: Path) -> None:
    result = run("new", *RESOURCES, "--prompts", "5000", "--max-rollout-tokens", "160000", "-o", "job.yaml")
    assert result.code == 0, result.stderr
    assert "less compute (tokens x0.0039, steps x0.0039)" in result.stderr
    assert "max_output_tokens 2048 -> 16: less compute (tokens x0.0078, steps x0.0078)" in result.stderr


def test_counts_agree_with_their_number(in_tmp: Path) -> None:
    assert run("new", *RESOURCES, "--batch-size", "65536", "-o", "job.yaml").code == 0
    one = run("validate", "job.yaml", "--prompts", "1").stderr
    assert "warning: 1 prompt. " in one
    assert "job.yaml: Work for 1 prompt: " in one
    assert ", about 1 step of 65536 tokens." in one
    (in_tmp / "one.jsonl").write_text(chat("q" * 40, "a") + "\n")
    lines = run("validate", "job.yaml", "--dataset-file", "one.jsonl").stderr.splitlines()
    assert "  reference answers: median 1 token, 95th percentile 1" in lines
    assert any(line.startswith("  longest prompt: line 1 (") for line in lines)
    assert "Work for 1 prompt: " in "\n".join(lines)
    assert count(1, "step") == "1 step"
    assert count(1200, "prompt") == "1,200 prompts"
