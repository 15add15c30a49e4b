"""Edge cases a new user hits: pipes, encodings, accounts, symlinks, warm starts, spellings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import RESOURCES, run

SHORT = ["--base-model", "qwen3-8b", "--dataset", "gsm8k", "--evaluator", "math"]


def test_closed_stdout_pipe_exits_141_quietly() -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "rftcfg", "explain", "temperature"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None
    child.stdout.close()  # the reader goes away before rftcfg writes
    _, stderr = child.communicate(timeout=60)
    assert (child.returncode, stderr) == (141, b"")


def test_closed_stderr_does_not_change_the_outcome(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rftcfg",
            "new",
            *RESOURCES,
            "-g",
            "quality",
            "-g",
            "cost",
            "-o",
            str(tmp_path / "j.yaml"),
        ],
        stderr=subprocess.PIPE,
    )
    assert child.stderr is not None
    child.stderr.close()
    assert child.wait(timeout=60) == 0
    assert (tmp_path / "j.yaml").exists()


def test_non_utf8_input_is_a_file_error_with_a_line(in_tmp: Path) -> None:
    (in_tmp / "latin1.yaml").write_bytes(b"dataset: x\nevaluator: caf\xe9\n")
    result = run("validate", "latin1.yaml")
    assert (result.code, result.stderr) == (
        2,
        "rftcfg: latin1.yaml:2: not UTF-8 text (byte 0xE9); a job file is YAML or JSON saved as UTF-8.\n",
    )
    piped = subprocess.run(
        [sys.executable, "-m", "rftcfg", "render", "-"], input=b"dataset: \xe9\n", capture_output=True, check=False
    )
    assert (piped.returncode, piped.stderr) == (
        2,
        b"rftcfg: <stdin>:1: not UTF-8 text (byte 0xE9); a job file is YAML or JSON saved as UTF-8.\n",
    )


def test_the_files_own_account_wins_with_a_warning(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (in_tmp / "job.yaml").write_text(
        "account_id: acme\ndataset: gsm8k\nevaluator: math\ntraining_config: {base_model: qwen3-8b}\n"
    )
    monkeypatch.setenv("FIREWORKS_ACCOUNT_ID", "other")
    result = run("render", "job.yaml", "-f", "json")
    assert result.code == 0
    data = json.loads(result.stdout)
    assert (data["dataset"], data["evaluator"]) == ("accounts/acme/datasets/gsm8k", "accounts/acme/evaluators/math")
    assert (
        "job.yaml:1: warning: account_id = acme: the file names account acme, the command line or "
        "FIREWORKS_ACCOUNT_ID says other; using the file's." in result.stderr
    )


def test_32_bit_limits_on_token_counts() -> None:
    result = run("new", *RESOURCES, "--max-context-length", "99999999999")
    assert result.code == 1
    assert (
        "error: training_config.max_context_length = 99999999999: is outside the valid range 1..2147483647 "
        "(the API and firectl store it as a 32-bit integer)." in result.stderr
    )
    assert "warning: training_config.max_context_length = 200000: longer than the context window of most models" in (
        run("new", *RESOURCES, "--max-context-length", "200000").stderr
    )


def test_force_writes_through_a_symlink(in_tmp: Path) -> None:
    (in_tmp / "real.yaml").write_text("old\n")
    (in_tmp / "link.yaml").symlink_to("real.yaml")
    assert run("new", *RESOURCES, "-o", "link.yaml", "--force").code == 0
    assert (in_tmp / "link.yaml").is_symlink()
    assert "training_config" in (in_tmp / "real.yaml").read_text()


def test_refusal_to_overwrite_comes_before_any_explanation(in_tmp: Path) -> None:
    (in_tmp / "job.yaml").write_text("precious\n")
    result = run("new", *RESOURCES, "-g", "quality", "-o", "job.yaml")
    assert (result.code, result.stderr) == (2, "rftcfg: job.yaml: already exists; pass --force to overwrite it.\n")


def test_missing_output_folder_is_a_usage_error() -> None:
    result = run("new", *RESOURCES, "-o", "no/such/dir/job.yaml")
    assert (result.code, result.stderr) == (2, "rftcfg: no/such/dir/job.yaml: the folder no/such/dir does not exist.\n")


def test_warm_start_cautions() -> None:
    short = run("new", "--warm-start-from", "my-adapter", "--dataset", "accounts/a/datasets/d",
                "--evaluator", "accounts/a/evaluators/e")  # fmt: skip
    assert "warning: training_config.warm_start_from = my-adapter: short ID and no account" in short.stderr
    base = run("new", "--warm-start-from", "accounts/fireworks/models/qwen3-8b", "--dataset", "accounts/a/datasets/d",
               "--evaluator", "accounts/a/evaluators/e", "-g", "capacity")  # fmt: skip
    assert (
        "warning: training_config.warm_start_from = accounts/fireworks/models/qwen3-8b: names a Fireworks base model"
        in base.stderr
    )
    assert "This job moves lora_rank off the defaults: make sure that matches the run it continues." in base.stderr


def test_explicit_flag_settles_a_conflict_so_strict_passes() -> None:
    result = run("new", *SHORT, "--account", "acme", "-g", "creative", "-g", "safer",
                 "--temperature", "0.9", "--top-p", "0.8", "--strict")  # fmt: skip
    assert result.code == 0, result.stderr
    assert "disagree" not in result.stderr
    header = [line for line in result.stdout.splitlines() if line.startswith("# Conflict")]
    assert header == []


def test_spellings_people_use() -> None:
    result = run("new", *RESOURCES, "-g", "quality,cost", "-f", "JSON")
    listed = json.loads(result.stdout)
    assert listed["inference_parameters"]["response_candidates_count"] == 8
    assert "goals better-quality and lower-cost disagree" in result.stderr  # lower-cost was read too
    assert run("-h").stdout.startswith("Usage: rftcfg")
    assert run("new", "-h").code == 0


def test_validate_strict_summary_says_why_it_failed(in_tmp: Path) -> None:
    run("new", *RESOURCES, "--top-k", "60", "-o", "slow.yaml")
    result = run("validate", "--strict", "slow.yaml")
    assert result.code == 1
    assert result.stderr.splitlines()[-1] == "slow.yaml: fails --strict (0 errors, 1 warning, 0 notes)"


def test_a_goals_own_rank_32_passes_strict_with_a_note(in_tmp: Path) -> None:
    # The docs put rank 16-32 in the higher-capacity band (70B+ may need it): advice followed.
    run("new", *RESOURCES, "--base-model", "llama-v3p1-70b-instruct", "-g", "capacity", "-o", "big.yaml")
    result = run("validate", "--strict", "big.yaml")
    assert (result.code, result.stderr.splitlines()[-1]) == (0, "big.yaml: valid (0 errors, 0 warnings, 1 note)")
    assert yaml.safe_load((in_tmp / "big.yaml").read_text())["training_config"]["lora_rank"] == 32


def test_prefer_settles_a_conflict_as_a_note_so_strict_passes() -> None:
    result = run("new", *RESOURCES, "-g", "safer", "-g", "creative", "--prefer", "temperature=creative",
                 "--prefer", "top-p=safer", "--strict", "-f", "json")  # fmt: skip
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["inference_parameters"]["temperature"], data["inference_parameters"]["top_p"]) == (1.0, 0.5)
    assert "note: inference_parameters.temperature = 1.0: goals more-creative and safer disagree" in result.stderr
    assert "because you chose it" in result.stderr


def test_only_limits_goal_moves_to_one_parameter() -> None:
    data = json.loads(run("new", *RESOURCES, "-g", "quality", "--only", "rollouts", "-f", "json").stdout)
    inference = data["inference_parameters"]
    assert (inference["response_candidates_count"], inference["temperature"], inference["max_output_tokens"]) == (
        8,
        0.7,
        2048,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-g", "safer", "--prefer", "temperature=creative"],
            "rftcfg: --prefer 'temperature=creative': more-creative is not one of the goals given (safer).\n",
        ),
        (
            ["-g", "safer", "--prefer", "temperature"],
            "rftcfg: --prefer 'temperature': write PARAMETER=GOAL, e.g. --prefer temperature=more-creative.\n",
        ),
        (
            ["--only", "temprature"],
            "rftcfg: --only: unknown parameter 'temprature'. Did you mean temperature? See `rftcfg explain`.\n",
        ),
        (["--template", "baseline", "--from", "x.yaml"], "rftcfg: give --template or --from, not both.\n"),
        (
            ["--template", "nope"],
            "rftcfg: unknown template 'nope'. Templates: baseline, classification, code-generation, creative-writing, "
            "math-reasoning, safety-chat, summarization.\n",
        ),
    ],
)
def test_new_option_usage_errors(args: list[str], message: str) -> None:
    result = run("new", *RESOURCES, *args)
    assert (result.code, result.stderr) == (2, message)


def test_from_file_keeps_values_resources_and_extra_keys(in_tmp: Path) -> None:
    (in_tmp / "old.yaml").write_text(
        "dataset: accounts/acme/datasets/chat\nevaluator: accounts/acme/evaluators/judge\nchunk_size: 100\n"
        "training_config: {base_model: qwen3-8b, epochs: 2, region: US_OHIO_1}\n"
        "inference_parameters: {temperature: 0.5}\n"
    )
    result = run("new", "--from", "old.yaml", "-g", "cost", "--dataset", "accounts/acme/datasets/chat-v2", "-f", "json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dataset"] == "accounts/acme/datasets/chat-v2"  # the flag wins
    assert data["evaluator"] == "accounts/acme/evaluators/judge"  # kept from the file
    assert (data["chunk_size"], data["training_config"]["region"]) == (100, "US_OHIO_1")
    assert (data["training_config"]["epochs"], data["inference_parameters"]["temperature"]) == (2, 0.5)
    assert data["inference_parameters"]["response_candidates_count"] == 2  # the goal on top
    assert result.stderr.startswith("Starting point: file old.yaml.")


def test_from_a_broken_file_is_an_invalid_job(in_tmp: Path) -> None:
    (in_tmp / "old.yaml").write_text("dataset: d\nevaluator: e\ntraining_config: {base_model: m, epochs: 0}\n")
    result = run("new", "--from", "old.yaml")
    assert result.code == 1
    assert "error: training_config.epochs = 0: is outside the valid range 1..10." in result.stderr
    (in_tmp / "old.yaml").write_text("dataset: d\nevaluator: e\ntraining_config: {base_model: m, epochs: two}\n")
    result = run("new", "--from", "old.yaml")
    assert (result.code, result.stderr.splitlines()[0]) == (
        1,
        "old.yaml:3: error: training_config.epochs = two: must be a whole number. Fix: use 1..10 (default 1); "
        "see `rftcfg explain epochs`.",
    )


def test_a_command_written_to_a_file_is_a_runnable_script(in_tmp: Path) -> None:
    assert run("new", *RESOURCES, "-f", "firectl", "-o", "launch.sh").code == 0
    script = in_tmp / "launch.sh"
    assert script.read_text().startswith("#!/bin/sh\nfirectl reinforcement-fine-tuning-job create \\\n")
    assert os.access(script, os.X_OK)


def test_a_rest_body_given_to_validate_points_at_import(in_tmp: Path) -> None:
    (in_tmp / "body.json").write_text(run("new", *RESOURCES, "-f", "api").stdout)
    result = run("validate", "body.json")
    assert result.stderr.splitlines()[0] == (
        "body.json: error: this is a REST body or API resource (camelCase keys such as trainingConfig), not a job "
        "file. Fix: convert it with `rftcfg import FILE -o job.yaml`."
    )


def test_special_files_are_written_to_not_replaced() -> None:
    result = run("new", *RESOURCES, "-o", "/dev/null")
    assert result.code == 0, result.stderr
    assert Path("/dev/null").is_char_device()


def test_an_output_file_ending_in_json_gets_json(in_tmp: Path) -> None:
    assert run("new", *RESOURCES, "-o", "job.json").code == 0
    assert json.loads((in_tmp / "job.json").read_text())["dataset"] == "accounts/acme/datasets/gsm8k"


def test_starting_from_a_file_gets_new_ids_and_warns_only_when_told_to_reuse_them(in_tmp: Path) -> None:
    run("new", *RESOURCES, "--job-id", "run-1", "-o", "old.yaml")
    result = run("new", "--from", "old.yaml", "-g", "safer", "-o", "next.yaml")
    assert result.code == 0, result.stderr
    written = yaml.safe_load((in_tmp / "next.yaml").read_text())
    assert written["reinforcement_fine_tuning_job_id"] == "run-1-new-t0p4-p0p5-k20"
    assert written["training_config"]["output_model"] == "gsm8k-rft-v1-new-t0p4-p0p5-k20"
    assert "note: job ID run-1-new-t0p4-p0p5-k20, output model gsm8k-rft-v1-new-t0p4-p0p5-k20: a job made from" in (
        result.stderr
    )
    assert "Fix: pass --job-id and --output-model to choose the names yourself." in result.stderr
    assert run("validate", "--strict", "next.yaml").code == 0
    reused = run("new", "--from", "old.yaml", "-g", "safer", "--job-id", "run-1")
    assert "warning: reinforcement_fine_tuning_job_id = run-1: The service refuses a second job" in reused.stderr
    assert (
        "note: output model gsm8k-rft-v1-new-t0p4-p0p5-k20: a job made" in reused.stderr
    )  # the one not given is still derived
    fresh = run("new", "--from", "old.yaml", "-g", "safer", "--job-id", "run-9", "--output-model", "gsm8k-rft-v9")
    assert fresh.code == 0, fresh.stderr
    assert [line for line in fresh.stderr.splitlines() if line.startswith("warning:")] == []
    assert "a job made from another" not in fresh.stderr
    assert "The service refuses" not in fresh.stderr


BASELINE = ["--base-model", "qwen3-8b", "--dataset", "gsm8k", "--evaluator", "math-exact", "--account", "acme",
            "--job-id", "gsm8k-base", "--output-model", "gsm8k-base"]  # fmt: skip


def job_id_of(path: Path) -> str:
    return str(yaml.safe_load(path.read_text())["reinforcement_fine_tuning_job_id"])


def test_jobs_made_from_one_file_are_named_after_their_changes(in_tmp: Path) -> None:
    assert run("new", *BASELINE, "-o", "baseline.yaml").code == 0
    quality = run("new", "--from", "baseline.yaml", "-g", "better-quality", "--only", "response_candidates_count",
                  "-o", "quality.yaml")  # fmt: skip
    budget = run("new", "--from", "baseline.yaml", "--prompts", "5000", "--max-rollout-tokens", "20000000",
                 "-o", "budget.yaml")  # fmt: skip
    plain = run("new", "--from", "baseline.yaml", "--prompts", "5000", "-o", "plain.yaml")
    assert (quality.code, budget.code, plain.code) == (0, 0, 0), quality.stderr + budget.stderr + plain.stderr
    assert job_id_of(in_tmp / "quality.yaml") == "gsm8k-base-new-n8"
    assert job_id_of(in_tmp / "budget.yaml").startswith("gsm8k-base-new-n2")
    assert job_id_of(in_tmp / "plain.yaml") == "gsm8k-base-2"  # no tuned parameter changed: the next number


def test_tune_and_sweep_of_one_file_never_share_an_id(in_tmp: Path) -> None:
    ids = ["--job-id", "gsm8k-base-tune-lr5e-5", "--output-model", "gsm8k-base-tune-lr5e-5"]  # a tuned job
    assert run("new", *BASELINE, *ids, "--learning-rate", "5e-5", "-o", "tuned.yaml").code == 0
    tuned = run("tune", "tuned.yaml", "--symptom", "plateau-early", "-o", "again.yaml")
    swept = run("sweep", "tuned.yaml", "--vary", "learning_rate=5e-5,7.5e-5,1e-4", "-o", "sweep")
    assert (tuned.code, swept.code) == (0, 0), tuned.stderr + swept.stderr
    variants = {p.stem for p in (in_tmp / "sweep").glob("*.yaml")}
    assert job_id_of(in_tmp / "again.yaml") not in variants
    assert job_id_of(in_tmp / "again.yaml") == "gsm8k-base-tune-lr5e-5-tune-lr7p5e-5"


def test_a_sweep_writes_each_job_once_and_says_what_it_left_out(in_tmp: Path) -> None:
    assert run("new", *BASELINE, "-o", "baseline.yaml").code == 0
    result = run("sweep", "baseline.yaml", "--vary", "learning_rate=1e-4,0.0001,1.0e-4", "--vary", "lora_rank=8",
                 "-o", "out")  # fmt: skip
    assert result.code == 0, result.stderr
    assert {p.stem for p in (in_tmp / "out").glob("*.yaml")} == {"gsm8k-base-lr1e-4"}
    assert "note: --vary learning_rate: 1e-4, 0.0001, 1.0e-4 are all 1e-4, so they make one variant." in result.stderr
    assert "note: left out lora_rank=8: the same job as gsm8k-base-lr1e-4 (learning_rate=1e-4)" in result.stderr
    assert "Wrote 1 job," in result.stderr


BROKEN_FILES = {
    "many.yaml": """\
dataset: Bad_Data
evaluator: math
account_id: acme
api_key: sk-not-shown
training_config:
  warm_start_from: accounts/fireworks/models/qwen3-8b
  learning_rate: "3.0e-4"
  epochs: 20
  lora_rank: 32
  batch_size: 4096
  max_context_length: 8192
inference_parameters:
  temperature: 0.2
  top_p: 0.1
  top_k: 90
  response_candidates_count: 2
  max_output_tokens: 9000
  colour: blue
wandb_config:
  enabled: true
""",
    "types.yaml": "dataset: accounts/a/datasets/d\nevaluator: accounts/a/evaluators/e\n"
    "training_config: {base_model: qwen3-8b, epochs: two}\n",
    "rest.json": '{"dataset": "accounts/a/datasets/d", "trainingConfig": {"baseModel": "qwen3-8b"}}',
    "both.yaml": "dataset: accounts/a/datasets/d\nevaluator: accounts/a/evaluators/e\n"
    "training_config: {base_model: qwen3-8b, warm_start_from: accounts/a/models/m}\n",
    "neither.yaml": "evaluator: accounts/a/evaluators/e\ntraining_config: {epochs: 1}\n",
    "list.yaml": "- 1\n- 2\n",
}


def test_validate_json_levels_are_the_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rftcfg.catalog import catalog

    monkeypatch.chdir(tmp_path)
    for name, text in BROKEN_FILES.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "short.yaml").write_text(BROKEN_FILES["types.yaml"].replace("accounts/a/datasets/d", "gsm8k"))
    with_account = run("validate", "--json", "--account", "other", *BROKEN_FILES)
    assert with_account.code == 2, with_account.stderr  # list.yaml cannot be read as a job at all
    without = run("validate", "--json", "short.yaml")
    files = [*json.loads(with_account.stdout)["files"], *json.loads(without.stdout)["files"]]
    findings = [f for file in files for f in file["findings"]]
    seen = {f["code"] for f in findings}
    assert {"type", "range", "guidance", "unknown-key", "secret-in-file", "rest-body", "quoted-number", "required",
            "base-or-warm-start", "bad-id", "account-mismatch", "warm-start-base-model", "wandb-incomplete",
            "short-id-no-account", "missing-parameter", "batch-holds-sequence", "output-fits-context"} <= seen  # fmt: skip
    for f in findings:
        assert f["level"] == catalog().code(f["code"]).level, f


def test_a_job_from_a_file_gets_its_own_wandb_run(in_tmp: Path) -> None:
    run("new", *RESOURCES, "--job-id", "run-1", "--wandb-project", "rft", "--wandb-entity", "acme", "-o", "base.yaml")
    assert run("sweep", "base.yaml", "--vary", "epochs=2", "-o", "sw").code == 0  # variants carry run_id
    result = run("new", "--from", "sw/run-1-ep2.yaml", "-g", "safer", "--only", "temperature", "-o", "next.yaml")
    assert result.code == 0, result.stderr
    job = yaml.safe_load((in_tmp / "next.yaml").read_text())
    assert job["wandb_config"]["run_id"] == job["reinforcement_fine_tuning_job_id"] != "run-1-ep2"


BROKEN_START = (
    "dataset: accounts/acme/datasets/gsm8k\nevaluator: accounts/acme/evaluators/math-exact\n"
    "training_config:\n  base_model: qwen3-8b\n  epochs: 0\ninference_parameters:\n  temprature: 0.9\n"
)


def test_a_broken_starting_file_lists_every_error_as_render_does(in_tmp: Path) -> None:
    (in_tmp / "broken.yaml").write_text(BROKEN_START)
    started, rendered = run("new", "--from", "broken.yaml"), run("render", "broken.yaml")
    assert started.code == rendered.code == 1
    assert started.stderr == rendered.stderr
    assert "(2 errors)" in started.stderr
