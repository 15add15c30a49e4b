"""The command line end to end: exact messages and exit codes for each error class, golden outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from rftcfg import __version__
from rftcfg.catalog import catalog
from tests.conftest import RESOURCES, run
from tests.golden import check_golden

EXT = {"yaml": "yaml", "json": "json", "api": "api.json", "firectl": "firectl.txt", "ep": "ep.txt"}
GOAL_CASES = [None, *catalog().goals]


@pytest.mark.parametrize("fmt", list(EXT))
@pytest.mark.parametrize("goal", GOAL_CASES, ids=lambda g: g or "baseline")
def test_golden_outputs(goal: str | None, fmt: str) -> None:
    args = ["new", *RESOURCES, "--job-id", "gsm8k-run-1", "--account", "acme", "--format", fmt]
    if goal:
        args += ["--goal", goal]
    result = run(*args)
    assert result.code == 0, result.stderr
    check_golden(f"{goal or 'baseline'}.{EXT[fmt]}", result.stdout)


def test_readme_main_example_writes_a_file_and_explains_on_stderr(in_tmp: Path) -> None:
    result = run("new", "--goal", "better-quality", "--goal", "lower-cost", *RESOURCES, "-o", "job.yaml")
    assert result.code == 0
    assert result.stdout == ""
    assert "Changes from the documented defaults:" in result.stderr
    assert "goals better-quality and lower-cost disagree on response_candidates_count" in result.stderr
    assert result.stderr.rstrip().endswith("Wrote job.yaml (yaml).")
    data = yaml.safe_load((in_tmp / "job.yaml").read_text())
    assert data["inference_parameters"]["response_candidates_count"] == 8
    assert run("validate", "job.yaml").code == 0
    rendered = run("render", "job.yaml", "--format", "firectl")
    assert rendered.code == 0
    assert rendered.stdout.startswith("firectl reinforcement-fine-tuning-job create \\\n")


def test_every_tuned_value_is_written_explicitly(in_tmp: Path) -> None:
    run("new", *RESOURCES, "-o", "job.yaml")
    data = yaml.safe_load((in_tmp / "job.yaml").read_text())
    for param in catalog().parameters.values():
        assert data[param.section][param.field] == param.default


def test_provenance_header_in_yaml() -> None:
    out = run("new", "-g", "safer", "-g", "creative", *RESOURCES).stdout
    header = [line for line in out.splitlines() if line.startswith("#")]
    assert "# Goals: safer, more-creative." in header
    assert any(line.startswith("#   temperature") and "goal safer" in line for line in header)
    assert "# Conflict on temperature: safer (0.4) won over more-creative (1.0), given first." in header


def test_out_of_range_flags_list_every_problem_and_exit_1(in_tmp: Path) -> None:
    result = run("new", *RESOURCES, "--temperature", "0", "--rollouts", "1", "-o", "job.yaml")
    assert result.code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: inference_parameters.temperature = 0.0: is outside the valid range 0.1..2.0 (zero or near-zero "
        "temperature is greedy decoding, which leaves reinforcement learning nothing to explore). "
        "Fix: use 0.1..2.0 (default 0.7); see `rftcfg explain temperature`.",
        "error: inference_parameters.response_candidates_count = 1: is outside the valid range 2..2147483647 (the policy "
        "update compares several answers to the same prompt, so it needs at least two). "
        "Fix: use 2..2147483647 (default 4); see `rftcfg explain rollouts`.",
    ]
    assert result.stderr.rstrip().endswith("rftcfg: the job is invalid (2 errors); nothing was written.")
    assert not (in_tmp / "job.yaml").exists()


def test_explicit_batch_smaller_than_context_is_an_error() -> None:
    result = run("new", *RESOURCES, "--batch-size", "4096")
    assert result.code == 1
    assert (
        "error: training_config.batch_size = 4096: batch size 4096 is smaller than max_context_length 8192; "
        "the batch must hold at least one full-length sequence. Fix: set batch_size to 8192 (--batch-size 8192), "
        "a batch that holds one full sequence, or lower max_context_length to 4096 (--max-context-length 4096) or "
        "less." in result.stderr
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-g", "qualty"],
            "rftcfg: unknown goal 'qualty'. Did you mean better-quality? Goals: faster-convergence, better-quality, "
            "safer, more-creative, lower-cost, higher-capacity, prevent-overfitting (see `rftcfg goals`).\n",
        ),
        (["--format", "toml"], "rftcfg: unknown --format 'toml'; choose one of yaml, json, api, firectl, ep.\n"),
        (
            ["--warm-start-from", "accounts/acme/models/sft-1"],
            "rftcfg: give --base-model or --warm-start-from, not both (a warm start takes its base from the adapter).\n",
        ),
        (
            ["--wandb-project", "rft"],
            "rftcfg: --wandb-project and --wandb-entity go together; give both (and export WANDB_API_KEY).\n",
        ),
    ],
)
def test_usage_errors_exit_2_with_one_message(args: list[str], message: str) -> None:
    result = run("new", *RESOURCES, *args)
    assert result.code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_missing_required_resources_are_usage_errors() -> None:
    result = run("new", "--dataset", "d", "--evaluator", "e")
    assert (result.code, result.stderr) == (
        2,
        "rftcfg: missing --base-model (e.g. --base-model qwen3-8b) or --warm-start-from.\n",
    )
    result = run("new", "--base-model", "qwen3-8b", "--evaluator", "e")
    assert (result.code, result.stderr) == (
        2,
        "rftcfg: missing --dataset; every RFT job needs a dataset and an evaluator.\n",
    )


def test_unknown_flag_is_a_usage_error_without_traceback() -> None:
    result = run("new", *RESOURCES, "--temprature", "1")
    assert result.code == 2
    assert "No such option: --temprature" in result.stderr
    assert "Traceback" not in result.stderr


def test_refuses_to_overwrite_without_force(in_tmp: Path) -> None:
    (in_tmp / "job.yaml").write_text("precious\n")
    result = run("new", *RESOURCES, "-o", "job.yaml")
    assert (result.code, result.stderr.splitlines()[-1]) == (
        2,
        "rftcfg: job.yaml: already exists; pass --force to overwrite it.",
    )
    assert (in_tmp / "job.yaml").read_text() == "precious\n"
    assert run("new", *RESOURCES, "-o", "job.yaml", "--force").code == 0
    assert "training_config" in (in_tmp / "job.yaml").read_text()
    assert [p.name for p in in_tmp.iterdir()] == ["job.yaml"], "no temporary files left behind"


def test_strict_fails_on_conflicts_and_writes_nothing(in_tmp: Path) -> None:
    result = run("new", *RESOURCES, "-g", "capacity", "-g", "overfitting", "--strict", "-o", "job.yaml")
    assert result.code == 1
    assert (
        result.stderr.splitlines()[-1]
        == "rftcfg: --strict: 1 warning, 1 goal conflict among them; nothing was written."
    )
    assert not (in_tmp / "job.yaml").exists()


def test_strict_never_fails_on_a_goals_own_target() -> None:
    result = run("new", *RESOURCES, "--base-model", "llama-v3p1-70b-instruct", "-g", "capacity", "--strict")
    assert result.code == 0, result.stderr
    assert "note: training_config.lora_rank = 32: rank 32 needs considerably more accelerator memory" in result.stderr


def test_validate_lists_every_problem_in_one_pass_with_lines(in_tmp: Path) -> None:
    # A type error or unknown key must not hide the range checks on the keys that did parse.
    (in_tmp / "hand.yaml").write_text(
        "dataset: accounts/acme/datasets/gsm8k\n"
        "evaluator: accounts/acme/evaluators/math\n"
        "training_config:\n"
        "  base_model: qwen3-8b\n"
        "  learning_rate: 1.0e-3\n"
        "  epochs: 2.5\n"
        "  lora_rank: 8\n"
        "  batch_size: 32768\n"
        "  max_context_length: 8192\n"
        "  temprature: 0.5\n"
        "inference_parameters:\n"
        "  temperature: 0.7\n"
        "  top_p: 1.0\n"
        "  top_k: 70\n"
        "  response_candidates_count: 4\n"
        "  max_output_tokens: 2048\n"
    )
    result = run("validate", "hand.yaml")
    assert result.code == 1
    assert result.stderr.splitlines() == [
        "hand.yaml:5: error: training_config.learning_rate = 0.001: is outside the valid range 1e-5..5e-4. Fix: use 1e-5..5e-4 (default 1e-4); see `rftcfg explain learning_rate`.",
        "hand.yaml:6: error: training_config.epochs = 2.5: must be a whole number. Fix: use 1..10 (default 1); see `rftcfg explain epochs`.",
        "hand.yaml:10: error: training_config.temprature: unknown key. Fix: did you mean inference_parameters.temperature?",
        "hand.yaml:14: warning: inference_parameters.top_k = 70: above 50 the docs expect inference latency to suffer. Fix: it is legal; at most 50 stays within the docs' advice, so keep it only if your reward curves call for it (`rftcfg explain top_k`).",
        "hand.yaml: invalid (3 errors, 1 warning, 0 notes)",
    ]


def test_validate_reads_exponent_strings_and_warns_for_missing_parameters(in_tmp: Path) -> None:
    # PyYAML reads 1e-4 (no dot) as a string; it must still be accepted.
    (in_tmp / "hand.yaml").write_text(
        "dataset: accounts/acme/datasets/gsm8k\nevaluator: accounts/acme/evaluators/math\n"
        "training_config:\n  base_model: qwen3-8b\n  learning_rate: 1e-4\n"
    )
    result = run("validate", "hand.yaml")
    assert result.code == 0
    missing = [line for line in result.stderr.splitlines() if "not set" in line]
    assert len(missing) == len(catalog().parameters) - 1
    assert (
        "hand.yaml:3: warning: training_config.epochs: not set, so the server or firectl picks its own default, "
        "which may not be the documented 1. Fix: add epochs: 1, or run `rftcfg render FILE` to write every parameter."
    ) in missing
    assert run("validate", "hand.yaml", "--strict").code == 1


def test_validate_json_shape(in_tmp: Path) -> None:
    run("new", *RESOURCES, "-o", "a.yaml")
    (in_tmp / "b.json").write_text(json.dumps({"dataset": "d", "evaluator": "e"}))
    result = run("validate", "a.yaml", "b.json", "--json")
    assert result.code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert [f["path"] for f in report["files"]] == ["a.yaml", "b.json"]
    assert report["files"][0]["findings"] == []
    first = report["files"][1]["findings"][0]
    assert set(first) == {"level", "code", "field", "value", "message", "fix", "line"}
    assert first["code"] == "base-or-warm-start"


def test_render_fills_defaults_and_says_so(in_tmp: Path) -> None:
    (in_tmp / "hand.yaml").write_text(
        "dataset: accounts/acme/datasets/gsm8k\nevaluator: accounts/acme/evaluators/math\n"
        "training_config: {base_model: qwen3-8b, epochs: 2}\n"
    )
    result = run("render", "hand.yaml", "--format", "json")
    assert result.code == 0
    data = json.loads(result.stdout)
    assert data["training_config"]["epochs"] == 2
    assert data["inference_parameters"]["temperature"] == 0.7
    assert (
        "note: inference_parameters.temperature was not in hand.yaml; using the documented default 0.7."
        in result.stderr
    )


def test_render_reads_stdin() -> None:
    job = run("new", *RESOURCES).stdout
    result = run("render", "-", "--format", "firectl", "--one-line", stdin=job)
    assert result.code == 0
    assert result.stdout.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("dataset: [\n", "bad.yaml", "rftcfg: bad.yaml:2: malformed YAML: did not find expected node content.\n"),
        ('{"a": }', "bad.json", 'rftcfg: bad.json:1: malformed JSON: Expecting value; the line: {"a": }.\n'),
        (
            "",
            "empty.yaml",
            "rftcfg: empty.yaml: the file is empty; a job file is a mapping of keys (dataset:, evaluator:, "
            "training_config:, inference_parameters:); see README, 'The job file'.\n",
        ),
        (
            "- a\n- b\n",
            "list.yaml",
            "rftcfg: list.yaml:1: the file holds a list, not a job; a job file is a mapping of keys (dataset:, "
            "evaluator:, training_config:, inference_parameters:); see README, 'The job file'.\n",
        ),
        (
            "dataset: a\nevaluator: b\ndataset: c\n",
            "dup.yaml",
            "rftcfg: dup.yaml:3: duplicate key dataset (first on line 1); keep only one.\n",
        ),
    ],
)
def test_malformed_files_are_usage_errors_with_path_and_line(
    in_tmp: Path, content: str, name: str, message: str
) -> None:
    (in_tmp / name).write_text(content)
    result = run("render", name)
    assert (result.code, result.stderr) == (2, message)


def test_missing_file() -> None:
    result = run("render", "nope.yaml")
    assert (result.code, result.stderr) == (2, "rftcfg: nope.yaml: no such file. Check the path.\n")
    assert run("validate", "nope.yaml").code == 2


def test_wandb_key_is_never_written_or_printed(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WANDB_API_KEY", "sekrit-wandb-key")
    for fmt in EXT:
        result = run("new", *RESOURCES, "--wandb-project", "rft", "--wandb-entity", "acme", "--format", fmt)
        assert result.code == 0
        assert "sekrit" not in result.stdout + result.stderr
        # A note only where the person must act on the key (a command, the request body); the
        # YAML carries one header line instead, and JSON has no place for one.
        noted = "note: W&B:" in result.stderr
        assert noted == (fmt in ("firectl", "ep", "api")), fmt
        assert ("WANDB_API_KEY" in result.stdout + result.stderr) == (fmt != "json"), fmt
        if fmt == "yaml":
            assert result.stdout.count("WANDB_API_KEY") == 1
            assert "\n# W&B:" in result.stdout
    firectl = run("new", *RESOURCES, "--wandb-project", "rft", "--wandb-entity", "acme", "--format", "firectl").stdout
    assert '--wandb-api-key "$WANDB_API_KEY"' in firectl


def test_a_key_pasted_into_a_job_file_is_refused_and_not_echoed(in_tmp: Path) -> None:
    job = yaml.safe_load(run("new", *RESOURCES).stdout)
    job["wandb_config"] = {"enabled": True, "project": "p", "entity": "e", "api_key": "sekrit-wandb-key"}
    (in_tmp / "job.yaml").write_text(yaml.safe_dump(job))
    result = run("validate", "job.yaml")
    assert result.code == 1
    assert (
        "error: wandb_config.api_key: an API key must never be stored in a job file (its value is not shown)."
        in result.stderr
    )
    assert "sekrit" not in result.stderr


@pytest.mark.parametrize("key", ["apiKey", "api-key", "api_kee", "WANDB_API_KEY"])
@pytest.mark.parametrize("value", ["sekrit-wandb-key", 987654321])
def test_anything_like_an_api_key_is_refused_without_its_value(in_tmp: Path, key: str, value: object) -> None:
    job = yaml.safe_load(run("new", *RESOURCES).stdout)
    job["wandb_config"] = {"enabled": True, "project": "p", "entity": "e", key: value}
    (in_tmp / "job.yaml").write_text(yaml.safe_dump(job))
    for args in (["validate", "job.yaml"], ["validate", "--json", "job.yaml"], ["render", "job.yaml"]):
        result = run(*args)
        assert result.code == 1
        assert "secret-in-file" in result.stdout or "an API key must never be stored" in result.stderr
        assert str(value) not in result.stdout + result.stderr


def test_short_ids_expand_with_an_account() -> None:
    out = run(
        "new",
        "--base-model",
        "qwen3-8b",
        "--dataset",
        "gsm8k",
        "--evaluator",
        "math",
        "--account",
        "acme",
        "-f",
        "json",
    )
    data = json.loads(out.stdout)
    assert data["dataset"] == "accounts/acme/datasets/gsm8k"
    assert data["evaluator"] == "accounts/acme/evaluators/math"
    assert data["training_config"]["base_model"] == "accounts/fireworks/models/qwen3-8b"


def test_short_ids_without_account_warn(monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("new", "--base-model", "qwen3-8b", "--dataset", "gsm8k", "--evaluator", "math")
    assert result.code == 0
    assert "warning: dataset = gsm8k: short ID and no account to expand it with" in result.stderr
    monkeypatch.setenv("FIREWORKS_ACCOUNT_ID", "acme")
    assert (
        "accounts/acme/datasets/gsm8k"
        in run("new", "--base-model", "qwen3-8b", "--dataset", "gsm8k", "--evaluator", "math").stdout
    )


def test_bad_resource_name_is_an_error() -> None:
    result = run(
        "new", "--base-model", "qwen3-8b", "--dataset", "accounts/acme/gsm8k", "--evaluator", "e", "--account", "a"
    )
    assert result.code == 1
    assert (
        "error: dataset = accounts/acme/gsm8k: not a valid name; expected accounts/<account>/datasets/<id>, where IDs "
        "are lowercase letters, digits and hyphens, 1-63 characters, not starting or ending with a hyphen. Fix: use "
        "accounts/<account>/datasets/<id>, e.g. accounts/acme/datasets/gsm8k, or the ID alone with --account."
    ) in result.stderr


def test_a_hugging_face_name_gets_advice_about_fireworks_ids() -> None:
    result = run(
        "new",
        "--base-model",
        "Qwen/Qwen3-8B",
        "--dataset",
        "accounts/a/datasets/d",
        "--evaluator",
        "accounts/a/evaluators/e",
    )
    assert result.code == 1
    assert (
        "Fix: use a Fireworks model ID such as qwen3-8b or accounts/fireworks/models/qwen3-8b (not a Hugging Face name like Qwen/Qwen3-8B)."
        in result.stderr
    )


def test_a_bad_account_is_one_usage_error() -> None:
    result = run("new", *RESOURCES, "--account", "bad acct/x")
    assert (result.code, result.stderr) == (
        2,
        "rftcfg: --account 'bad acct/x' is not a valid account ID; use your Fireworks account ID (lowercase letters, digits and hyphens).\n",
    )


def test_warm_start_gets_a_note_and_goals_still_apply() -> None:
    result = run("new", "--warm-start-from", "accounts/acme/models/sft-1", "--dataset", "accounts/acme/datasets/d",
                 "--evaluator", "accounts/acme/evaluators/e", "-g", "safer", "-f", "json")  # fmt: skip
    assert result.code == 0
    data = json.loads(result.stdout)
    assert data["training_config"]["warm_start_from"] == "accounts/acme/models/sft-1"
    assert "base_model" not in data["training_config"]
    assert data["inference_parameters"]["temperature"] == 0.4
    assert "note: training_config.warm_start_from: Continuing from an existing adapter" in result.stderr


def test_verb_noun_firectl_form() -> None:
    out = run("new", *RESOURCES, "-f", "firectl", "--firectl-form", "verb-noun", "--one-line").stdout
    assert out.startswith("firectl create reinforcement-fine-tuning-job --base-model ")


def test_explain_parameter_goal_rule_and_unknown() -> None:
    result = run("explain", "temperature")
    assert result.code == 0
    assert result.stdout.splitlines()[0] == (
        "temperature (inference_parameters.temperature; flag --temperature; API inferenceParameters.temperature)"
    )
    source = 'Source: Fireworks docs, "Parameter Tuning" (docs.fireworks.ai/fine-tuning/parameter-tuning, 2025-11-08): "Temperature"'
    for expected in ("default      0.7", "valid        0.1..2.0", "When to move it:", "better-quality", source):
        assert expected in result.stdout
    assert "Conflicts with: safer" in run("explain", "quality").stdout
    assert run("explain", "rollouts").stdout.startswith("response_candidates_count")
    assert run("explain", "--rollouts").stdout.startswith("response_candidates_count")
    assert run("explain", "batch-holds-sequence").stdout.startswith("batch-holds-sequence (error)")
    assert run("explain", "batch-raised").code == 2  # rftcfg no longer raises a batch on its own
    assert run("explain", "chunk_size").stdout.startswith("chunk_size (chunk_size; flag --chunk-size; service setting)")
    assert run("explain", "mcp_server").stdout.startswith(
        "mcp_server (passed through; flags: firectl --mcp-server, ep --mcp-server)"
    )
    unknown = run("explain", "temprature")
    assert (unknown.code, unknown.stderr) == (
        2,
        "rftcfg: nothing called 'temprature'. Did you mean temperature? Run `rftcfg explain` for the list.\n",
    )
    overview = run("explain").stdout
    assert all(p in overview for p in catalog().parameters)


def test_goals_lists_all_seven() -> None:
    out = run("goals").stdout
    for goal in catalog().goals.values():
        assert f"\n{goal.name}" in f"\n{out}"


def test_internal_errors_are_reported_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("rftcfg.cli.delivery.produce", broken)
    result = run("new", *RESOURCES)
    assert result.code == 3
    assert result.stderr.startswith("rftcfg: internal error (RuntimeError: boom). This is a bug in rftcfg;")


def test_ctrl_c_exits_130_and_writes_nothing(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("rftcfg.cli.delivery.render", interrupted)
    result = run("new", *RESOURCES, "-o", "job.yaml")
    assert (result.code, result.stderr.splitlines()[-1]) == (130, "rftcfg: interrupted; nothing was written.")
    assert list(in_tmp.iterdir()) == []


def test_python_dash_m_and_version() -> None:
    done = subprocess.run([sys.executable, "-m", "rftcfg", "--version"], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, f"rftcfg {__version__}\n")


def test_questionary_is_not_imported_by_the_cli() -> None:
    code = "import sys, rftcfg.cli; sys.exit('questionary' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
