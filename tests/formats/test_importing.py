"""`rftcfg import`: every format rftcfg writes comes back as the same job, and what people paste
from the docs and other tools (firectl, ep, REST, `firectl get -o json`) is read faithfully."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from rftcfg.catalog import catalog
from rftcfg.formats import FORMATS
from tests.conftest import RESOURCES, run

JOB_ARGS = [*RESOURCES, "--job-id", "gsm8k-run-1", "--account", "acme"]
WANDB = ["--wandb-project", "rft", "--wandb-entity", "acme"]
# What each format cannot carry: the REST body has no account or job ID (path and query), and ep
# takes the account from the API key.
NOT_CARRIED = {"api": ("account_id", "reinforcement_fine_tuning_job_id"), "ep": ("account_id",)}


def job_of(args: list[str]) -> dict[str, Any]:
    result = run("new", *args, "-f", "json")
    assert result.code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def without(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in keys}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("goal", [None, *catalog().goals], ids=lambda g: g or "baseline")
def test_render_then_import_gives_back_the_same_job(in_tmp: Path, goal: str | None, fmt: str) -> None:
    args = [*JOB_ARGS, *WANDB, *(["--goal", goal] if goal else [])]
    original = job_of(args)
    (in_tmp / "out").write_text(run("new", *args, "-f", fmt).stdout)
    result = run("import", "out", "-f", "json", "--account", "acme")
    assert result.code == 0, result.stderr
    imported = json.loads(result.stdout)
    skip = NOT_CARRIED.get(fmt, ())
    if fmt == "api":
        skip = ("reinforcement_fine_tuning_job_id",)  # --account puts the account back
    assert without(imported, skip) == without(original, skip)
    # A file rftcfg rendered carries every tuned value, so nothing is left to a tool's defaults.
    problems = [line for line in result.stderr.splitlines() if line.startswith(("warning:", "error:"))]
    assert problems == []


def test_a_firectl_command_from_the_docs(in_tmp: Path) -> None:
    pasted = """$ firectl create rftj \\
        --base-model llama-v3p1-8b-instruct \\
        --dataset my-dataset \\
        --evaluator my-evaluator \\
        --output-model my-model \\
        --epochs=2 --learning-rate 0.0001 --temperature 0.8 \\
        --rl-loss-method gspo-token --chunk-size 100 --dry-run
    """
    result = run("import", "--command", pasted, "--account", "acme", "-f", "json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dataset"] == "accounts/acme/datasets/my-dataset"
    assert data["training_config"]["base_model"] == "accounts/fireworks/models/llama-v3p1-8b-instruct"
    assert (data["training_config"]["epochs"], data["inference_parameters"]["temperature"]) == (2, 0.8)
    assert data["loss_config"] == {"method": "GSPO_TOKEN"}
    assert data["chunk_size"] == 100
    assert "note: --dry-run does not describe the job; ignored." in result.stderr
    assert (
        "leaves lora_rank, batch_size, max_context_length, top_p, top_k, response_candidates_count, max_output_tokens"
        in result.stderr
    )
    assert "firectl itself would use" not in result.stderr  # epochs and temperature were both given


def test_noun_verb_and_verb_noun_forms_agree() -> None:
    flags = "--base-model qwen3-8b --dataset accounts/a/datasets/d --evaluator accounts/a/evaluators/e --epochs 3"
    outputs = [
        run("import", "-c", f"firectl {form} {flags}", "-f", "json").stdout
        for form in ("reinforcement-fine-tuning-job create", "create reinforcement-fine-tuning-job", "rftj create")
    ]
    assert outputs[0] == outputs[1] == outputs[2]
    warned = run("import", "-c", f"firectl rftj create {flags}").stderr
    assert "(firectl itself would use temperature 1.0); the job gets the documented defaults instead." in warned
    assert json.loads(outputs[0])["training_config"]["epochs"] == 3


def test_unknown_flags_are_named_not_dropped() -> None:
    command = "firectl create rftj --base-model m --dataset accounts/a/datasets/d --evaluator accounts/a/evaluators/e --nodes 2 --turbo"
    result = run("import", "-c", command)
    assert (result.code, result.stderr) == (
        2,
        "rftcfg: the firectl input has flags or keys rftcfg cannot carry: --nodes, --turbo. "
        "Remove them, or pass --ignore-unknown to drop them.\n",
    )
    dropped = run("import", "-c", command, "--ignore-unknown")
    assert dropped.code == 0
    assert "warning: dropped what rftcfg cannot carry: --nodes, --turbo." in dropped.stderr


def test_an_ep_command_with_long_forms() -> None:
    command = (
        "ep create rft --dataset accounts/a/datasets/d --evaluator accounts/a/evaluators/e "
        "--training-config-base-model accounts/fireworks/models/qwen3-8b --training-config-epochs 2 "
        "--inference-parameters-temperature 0.9 --response-candidates-count 6 --wandb-config-enabled "
        "--wandb-project p --wandb-entity e --wandb-api-key sekrit-key --yes"
    )
    result = run("import", "-c", command, "-f", "json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["training_config"]["epochs"], data["inference_parameters"]["temperature"]) == (2, 0.9)
    assert data["inference_parameters"]["response_candidates_count"] == 6
    assert data["wandb_config"] == {"enabled": True, "project": "p", "entity": "e"}
    assert "sekrit" not in result.stdout + result.stderr
    assert "note: the W&B key is not copied: set WANDB_API_KEY instead." in result.stderr


def test_a_job_as_firectl_get_prints_it(in_tmp: Path) -> None:
    resource = {
        "name": "accounts/acme/reinforcementFineTuningJobs/gsm8k-run-7",
        "state": "JOB_STATE_COMPLETED",
        "createTime": "2026-11-01T10:00:00Z",
        "dataset": "accounts/acme/datasets/gsm8k",
        "evaluator": "accounts/acme/evaluators/math",
        "trainingConfig": {"baseModel": "accounts/fireworks/models/qwen3-8b", "epochs": 1, "learningRate": 0.0001,
                           "loraRank": 8, "batchSize": 32768, "maxContextLength": 8192},
        "inferenceParameters": {"temperature": 0.7, "topP": 1, "topK": 40, "responseCandidatesCount": 4, "maxOutputTokens": 2048},
        "wandbConfig": {"enabled": True, "project": "p", "entity": "e", "apiKey": "sekrit", "url": "https://wandb.ai/x"},
        "awsS3Config": {"iamRoleArn": "arn:aws:iam::1:role/r"},
    }  # fmt: skip
    (in_tmp / "got.json").write_text(json.dumps(resource))
    result = run("import", "got.json")
    assert result.code == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert (data["account_id"], data["reinforcement_fine_tuning_job_id"]) == ("acme", "gsm8k-run-7")
    assert data["aws_s3_config"] == {"iam_role_arn": "arn:aws:iam::1:role/r"}
    assert "state" not in data
    assert "sekrit" not in result.stdout + result.stderr
    assert "dropped fields the service sets itself: name, state, createTime, wandbConfig.url." in result.stderr


def test_import_reads_stdin_and_checks_values() -> None:
    body = {"dataset": "accounts/a/datasets/d", "evaluator": "accounts/a/evaluators/e",
            "trainingConfig": {"baseModel": "accounts/fireworks/models/m", "epochs": 40}}  # fmt: skip
    result = run("import", "-", stdin=json.dumps(body))
    assert result.code == 1
    assert "error: training_config.epochs = 40: is outside the valid range 1..10." in result.stderr


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        ([], None, "rftcfg: give a SOURCE file (or - for stdin), or --command TEXT; one of them.\n"),
        (["-c", "firectl delete rftj x"], None, "rftcfg: not a firectl create command: found 'delete rftj x', expected "
         "reinforcement-fine-tuning-job create | create reinforcement-fine-tuning-job | rftj create | create rftj.\n"),
        (["-"], "", "rftcfg: nothing to import: the input is empty.\n"),
        (["-"], "[1, 2]", "rftcfg: <stdin>: not a firectl or ep command, and not a job (a mapping of keys to values).\n"),
    ],
)  # fmt: skip
def test_import_usage_errors(args: list[str], stdin: str | None, message: str) -> None:
    result = run("import", *args, stdin=stdin)
    assert (result.code, result.stderr) == (2, message)


# --- machine-readable everywhere -----------------------------------------------------------------


def test_goals_json() -> None:
    goals = json.loads(run("goals", "--json").stdout)["goals"]
    assert [g["name"] for g in goals] == list(catalog().goals)
    quality = next(g for g in goals if g["name"] == "better-quality")
    assert quality["moves"][0] == {
        "parameter": "temperature", "path": "inference_parameters.temperature", "move": "set to 1.0",
        "target": [1.0, 1.2], "why": "more varied rollouts give the comparison more to choose between",
        "work": {"directions": dict.fromkeys(("compute", "generated", "trained", "steps", "memory"), "none"),
                 "words": "no change in work"},
    }  # fmt: skip
    assert quality["work"]["words"] == "more compute (tokens x4.0, steps x4.0)"


def test_explain_json() -> None:
    param = json.loads(run("explain", "temperature", "--json").stdout)
    assert (param["kind"], param["default"], param["min"], param["max"]) == ("parameter", 0.7, 0.1, 2.0)
    assert json.loads(run("explain", "safer", "--json").stdout)["kind"] == "goal"
    assert json.loads(run("explain", "goal-conflict", "--json").stdout)["kind"] == "rule"
    chunk = json.loads(run("explain", "chunk_size", "--json").stdout)
    assert (chunk["kind"], chunk["tools"]) == ("setting", {"firectl": "--chunk-size", "ep": "--chunk-size"})
    assert json.loads(run("explain", "mcp_server", "--json").stdout)["flags"] == {
        "firectl": "--mcp-server",
        "ep": "--mcp-server",
    }
    everything = json.loads(run("explain", "--json").stdout)
    assert (len(everything["parameters"]), len(everything["goals"])) == (10, 7)


def test_shell_completion_offers_names_from_the_data_table() -> None:
    import subprocess
    import sys

    def complete(line: str) -> str:
        env = {"_TYPER_COMPLETE_ARGS": line, "_RFTCFG_COMPLETE": "complete_zsh", "PATH": ""}
        done = subprocess.run(
            [sys.executable, "-m", "rftcfg"], env={**env}, capture_output=True, text=True, check=False
        )
        return done.stdout

    assert '"safer"' in complete("rftcfg new --goal s")
    assert '"reward-collapse"' in complete("rftcfg tune job.yaml --symptom re")
    assert '"math-reasoning"' in complete("rftcfg new --template m")


def test_unknown_keys_in_a_rest_body_are_named_and_can_be_dropped(in_tmp: Path) -> None:
    body = {"dataset": "accounts/a/datasets/d", "evaluator": "accounts/a/evaluators/e", "estimatedCost": 3,
            "trainingConfig": {"baseModel": "accounts/fireworks/models/m", "epochz": 2}}  # fmt: skip
    (in_tmp / "body.json").write_text(json.dumps(body))
    stopped = run("import", "body.json")
    assert stopped.code == 2
    # Named as the body wrote them, with the near miss suggested among its siblings.
    assert "cannot carry: estimatedCost, trainingConfig.epochz (did you mean trainingConfig.epochs?)." in stopped.stderr
    dropped = run("import", "body.json", "--ignore-unknown", "--account", "a")
    assert dropped.code == 0, dropped.stderr
    assert "note: a REST body carries no account or job ID" in dropped.stderr


def test_a_job_files_unknown_keys_stop_the_import_like_any_inputs(in_tmp: Path) -> None:
    (in_tmp / "unk.yaml").write_text(
        "dataset: accounts/a/datasets/d\nevaluator: accounts/a/evaluators/e\nfoo: 1\n"
        "training_config:\n  base_model: qwen3-8b\n  epoch: 2\n"
    )
    stopped = run("import", "unk.yaml")
    assert (stopped.code, stopped.stderr) == (
        2,
        "rftcfg: the job input has flags or keys rftcfg cannot carry: foo, training_config.epoch "
        "(did you mean training_config.epochs?). Remove them, or pass --ignore-unknown to drop them.\n",
    )
    dropped = run("import", "unk.yaml", "--ignore-unknown")
    assert dropped.code == 0, dropped.stderr
    assert "warning: dropped what rftcfg cannot carry: foo, training_config.epoch." in dropped.stderr
    job = yaml.safe_load(dropped.stdout)
    assert "foo" not in job
    assert "epoch" not in job["training_config"]


def test_a_secret_in_a_job_file_is_still_refused_without_its_value(in_tmp: Path) -> None:
    (in_tmp / "sec.yaml").write_text(
        "dataset: accounts/a/datasets/d\nevaluator: accounts/a/evaluators/e\napi_key: sekrit\n"
        "training_config:\n  base_model: qwen3-8b\n"
    )
    for args in ([], ["--ignore-unknown"]):
        result = run("import", "sec.yaml", *args)
        assert result.code == 1
        assert "error: api_key: an API key must never be stored in a job file" in result.stderr
        assert "sekrit" not in result.stdout + result.stderr


def test_a_mistyped_flag_gets_a_did_you_mean() -> None:
    command = "firectl create rftj --base-model m --dataset accounts/a/datasets/d --evaluator accounts/a/evaluators/e"
    result = run("import", "-c", f"{command} --epoch 2 --learningrate 1e-4")
    assert (result.code, result.stderr) == (
        2,
        "rftcfg: the firectl input has flags or keys rftcfg cannot carry: --epoch (did you mean --epochs?), "
        "--learningrate (did you mean --learning-rate?). Remove them, or pass --ignore-unknown to drop them.\n",
    )


def test_rest_keys_are_named_as_written(in_tmp: Path) -> None:
    body = {"dataset": "accounts/a/datasets/d", "evaluator": "accounts/a/evaluators/e", "fooBar": 1,
            "trainingConfig": {"baseModel": "accounts/fireworks/models/m", "fooBar": 2}}  # fmt: skip
    (in_tmp / "body.json").write_text(json.dumps(body))
    assert "cannot carry: fooBar, trainingConfig.fooBar." in run("import", "body.json").stderr
