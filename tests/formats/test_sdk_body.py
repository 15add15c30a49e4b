"""`rftcfg render FILE --format api` prints exactly the body the official SDK sends.

Each job file is loaded with yaml.safe_load and handed, unchanged, to
`fireworks.Fireworks().reinforcement_fine_tuning_jobs.create(**job)` over an httpx.MockTransport
that records the request. The recorded body must equal the JSON rftcfg prints, the URL must be
the one rftcfg names in its `request:` note, and the job ID must travel as a query parameter,
never in the body. Nothing here reaches the network: the transport is a mock and sockets are
disabled for the whole module.
"""

from __future__ import annotations

import json
import shlex
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic.alias_generators import to_camel
from typer.testing import CliRunner

from rftcfg.cli import app
from rftcfg.core.checks import check_job
from rftcfg.files.parse import check_parsed, parse_job
from rftcfg.formats import render

fireworks = pytest.importorskip("fireworks")
httpx = pytest.importorskip("httpx")

CLIENT_ACCOUNT = "client-acct"  # the client's own account; a job file's account_id must win over it
RESPONSE_NAME = "accounts/acme/reinforcementFineTuningJobs/x"
COLLECTION = "reinforcementFineTuningJobs"
# Environment variables that would change what the CLI or the SDK does.
CLEAN_ENV: dict[str, str | None] = {"FIREWORKS_ACCOUNT_ID": None, "FIREWORKS_API_KEY": None, "RFTCFG_DEBUG": "1"}

RESOURCES = "--base-model qwen3-8b --dataset accounts/acme/datasets/gsm8k --evaluator accounts/acme/evaluators/math"

# `rftcfg new` arguments, one job each.
NEW_JOBS: dict[str, list[str]] = {
    name: shlex.split(args)
    for name, args in {
        "baseline": RESOURCES,
        "multi-goal": f"{RESOURCES} --goal quality --goal safer --goal capacity --goal cost --epochs 2",
        "multi-goal-70b": "--base-model llama-v3p1-70b-instruct --dataset accounts/acme/datasets/gsm8k "
        "--evaluator accounts/acme/evaluators/math --goal faster-convergence --goal higher-capacity --goal creative",
        "wandb": f"{RESOURCES} --wandb-project rft-gsm8k --wandb-entity acme-ml --display-name 'GSM8K, quality run #1'",
        "job-id-and-account": "--base-model qwen3-8b --dataset gsm8k --evaluator math --account acme "
        "--job-id gsm8k-run-1 --output-model gsm8k-tuned --goal prevent-overfitting",
        "warm-start": "--warm-start-from accounts/acme/models/gsm8k-v1 --dataset accounts/acme/datasets/gsm8k "
        "--evaluator accounts/acme/evaluators/math --learning-rate 0.00015 --temperature 1 --max-tokens 8192 "
        "--max-context-length 16384",
    }.items()
}

# Hand-written files with every pass-through key the SDK accepts. Each sets all ten tuned
# parameters and uses full resource names, so `render` adds nothing the SDK would not send.
HAND_WRITTEN: dict[str, str] = {
    "passthrough-aws": """\
account_id: acme
reinforcement_fine_tuning_job_id: gsm8k-gspo-1
display_name: GSM8K with GSPO
dataset: accounts/acme/datasets/gsm8k
evaluator: accounts/acme/evaluators/math
evaluation_dataset: accounts/acme/datasets/gsm8k-eval
eval_auto_carveout: false
chunk_size: 200
training_config:
  base_model: accounts/fireworks/models/qwen3-8b
  output_model: gsm8k-gspo
  learning_rate: 0.0001
  epochs: 2
  lora_rank: 16
  batch_size: 65536
  max_context_length: 16384
  batch_size_samples: 64
  gradient_accumulation_steps: 2
  learning_rate_warmup_steps: 10
  optimizer_weight_decay: 0.01
  sampler_checkpoint_save_interval_steps: 50
  jinja_template: "{{ messages }}"
  region: US_VIRGINIA_1
inference_parameters:
  temperature: 0.8
  top_p: 0.95
  top_k: 40
  response_candidates_count: 6
  max_output_tokens: 4096
  extra_body: '{"stop": ["\\n\\n"], "presence_penalty": 0.5}'
wandb_config:
  enabled: true
  project: rft-gsm8k
  entity: acme-ml
  run_id: run-7
loss_config:
  method: GRPO  # kl_beta above 0 is refused with DAPO and GSPO_TOKEN (rule kl-beta-method)
  kl_beta: 0.01
mcp_server: accounts/acme/mcpServers/calculator
max_concurrent_rollouts: 64
max_concurrent_evaluations: 32
max_inference_replica_count: 4
node_count: 2
reservation_target: accounts/acme/reservations/h100-pool
aws_s3_config:
  credentials_secret: accounts/acme/secrets/aws-readonly
  iam_role_arn: arn:aws:iam::123456789012:role/fireworks-rft
""",
    "passthrough-azure-dpo": """\
dataset: accounts/acme/datasets/prefs
evaluator: accounts/acme/evaluators/judge
eval_auto_carveout: true
training_config:
  warm_start_from: accounts/acme/models/prefs-sft
  learning_rate: 5.0e-5
  epochs: 1
  lora_rank: 8
  batch_size: 32768
  max_context_length: 8192
  region: EU_FRANKFURT_1
inference_parameters:
  temperature: 1
  top_p: 1
  top_k: 0
  response_candidates_count: 2
  max_output_tokens: 512
loss_config:
  method: DPO
  dpo:
    beta: 0.1
    ref_cache_concurrency: 4
    ref_cache_batch_size: 16
azure_blob_storage_config:
  credentials_secret: accounts/acme/secrets/azure
  managed_identity_client_id: 0b9e5a84-7c1f-4e0a-9d43-6f2b8f1c2d3e
  tenant_id: 72f988bf-86f1-41af-91ab-2d7cd011db47
""",
}


@dataclass
class Sent:
    request: Any  # httpx.Request
    response: Any  # what create() returned

    @property
    def body(self) -> Any:
        return json.loads(self.request.content)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any real connection attempt fails the test; only the MockTransport may answer."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def send_with_sdk(job_kwargs: dict[str, Any]) -> Sent:
    """Call the official SDK with the job file's keys and return the one request it made."""
    seen: list[Any] = []

    def handler(request: Any) -> Any:
        seen.append(request)
        sent = json.loads(request.content)
        # ReinforcementFineTuningJob requires dataset and evaluator; echo them with a name.
        reply = {
            "name": RESPONSE_NAME,
            "dataset": sent["dataset"],
            "evaluator": sent["evaluator"],
            "state": "JOB_STATE_CREATING",
        }
        return httpx.Response(200, json=reply)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http_client:
        client = fireworks.Fireworks(
            api_key="test-key", account_id=CLIENT_ACCOUNT, http_client=http_client, max_retries=0
        )
        response = client.reinforcement_fine_tuning_jobs.create(**job_kwargs)
    assert len(seen) == 1, "the SDK should make exactly one request"
    return Sent(seen[0], response)


def typed(value: Any) -> Any:
    """JSON data with each scalar tagged by its JSON type, so `true` never equals `1`.

    Plain `==` on parsed JSON says True == 1 == 1.0. Numbers stay one type: the SDK sends
    `temperature: 1` from a file as 1 and rftcfg writes 1.0, which JSON and the API read alike.
    """
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    if isinstance(value, bool) or value is None:
        return (type(value).__name__, value)
    if isinstance(value, int | float):
        return ("number", value)
    return (type(value).__name__, value)


def assert_same_body(printed: Any, sent: Sent) -> None:
    assert printed == sent.body
    assert typed(printed) == typed(sent.body)


def run_cli(*args: str) -> Any:
    result = CliRunner(env=CLEAN_ENV).invoke(app, list(args))
    assert result.exit_code == 0, f"rftcfg {' '.join(args)} failed ({result.exception!r}):\n{result.stderr}"
    return result


def new_job_file(tmp_path: Path, name: str, args: list[str], fmt: str = "yaml") -> Path:
    path = tmp_path / f"{name}.{fmt}"
    run_cli("new", *args, "--format", fmt, "--output", str(path))
    return path


def hand_written_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(HAND_WRITTEN[name], encoding="utf-8")
    return path


def request_note(stderr: str) -> str:
    """The URL from rftcfg's `note: request: POST <url>` line."""
    lines = [line for line in stderr.splitlines() if line.startswith("note: request: POST ")]
    assert len(lines) == 1, stderr
    return lines[0].removeprefix("note: request: POST ")


def assert_same_request(path: Path) -> Sent:
    """The whole claim, for one job file."""
    job_kwargs = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(job_kwargs, dict)
    sent = send_with_sdk(job_kwargs)
    assert sent.response.name == RESPONSE_NAME  # the SDK parsed our mock reply

    # The CLI's stdout is exactly the SDK's body.
    result = run_cli("render", str(path), "--format", "api")
    printed = json.loads(result.stdout)
    assert_same_body(printed, sent)

    # So is the pure renderer's, on the job parsed from the same mapping.
    job, findings = parse_job(job_kwargs)
    assert job is not None, findings
    assert not [f for f in check_job(job) if f.level == "error"]
    assert_same_body(json.loads(render(job, "api").text), sent)

    # The URL: the file's account (when it has one) beats the client's, in the path.
    account = job_kwargs.get("account_id", CLIENT_ACCOUNT)
    url = sent.request.url
    assert sent.request.method == "POST"
    assert url.scheme == "https"
    assert url.host == "api.fireworks.ai"
    assert url.path == f"/v1/accounts/{account}/{COLLECTION}"
    assert sent.request.headers["authorization"] == "Bearer test-key"
    assert sent.request.headers["content-type"] == "application/json"

    # The job ID is a query parameter and never part of the body; nor is the account.
    job_id = job_kwargs.get("reinforcement_fine_tuning_job_id")
    if job_id:
        assert dict(url.params) == {"reinforcementFineTuningJobId": job_id}
    else:
        assert not url.params
    for key in ("reinforcementFineTuningJobId", "reinforcement_fine_tuning_job_id", "accountId", "account_id"):
        assert key not in sent.body
    assert job_id is None or job_id not in json.dumps(sent.body)

    # The request rftcfg names in its note is the one the SDK made.
    assert request_note(result.stderr).replace("{account}", CLIENT_ACCOUNT) == str(url)
    return sent


@pytest.mark.parametrize("name", list(NEW_JOBS))
def test_new_job_matches_sdk(tmp_path: Path, name: str) -> None:
    sent = assert_same_request(new_job_file(tmp_path, name, NEW_JOBS[name]))
    training = sent.body["trainingConfig"]
    assert ("baseModel" in training) != ("warmStartFrom" in training)
    assert len(training) >= 6  # a model and the five tuned training values
    assert len(sent.body["inferenceParameters"]) == 5  # the five tuned inference values


@pytest.mark.parametrize("name", list(HAND_WRITTEN))
def test_hand_written_passthrough_matches_sdk(tmp_path: Path, name: str) -> None:
    path = hand_written_file(tmp_path, name)
    sent = assert_same_request(path)
    # Every key of the file reached the wire (the SDK drops none of them, and neither does rftcfg).
    expected = {
        k for k in yaml.safe_load(HAND_WRITTEN[name]) if k not in ("account_id", "reinforcement_fine_tuning_job_id")
    }
    assert set(sent.body) == {to_camel(k) for k in expected}


def test_passthrough_values_on_the_wire(tmp_path: Path) -> None:
    body = assert_same_request(hand_written_file(tmp_path, "passthrough-aws")).body
    assert body["chunkSize"] == 200
    assert body["evalAutoCarveout"] is False  # false is a value, not an omission
    assert body["lossConfig"] == {"method": "GRPO", "klBeta": 0.01}
    assert body["trainingConfig"]["region"] == "US_VIRGINIA_1"
    assert body["trainingConfig"]["samplerCheckpointSaveIntervalSteps"] == 50
    assert body["awsS3Config"] == {
        "credentialsSecret": "accounts/acme/secrets/aws-readonly",
        "iamRoleArn": "arn:aws:iam::123456789012:role/fireworks-rft",
    }
    extra = body["inferenceParameters"]["extraBody"]
    assert isinstance(extra, str)  # a JSON string inside the JSON body, not an object
    assert json.loads(extra) == {"stop": ["\n\n"], "presence_penalty": 0.5}
    assert body["wandbConfig"] == {"enabled": True, "project": "rft-gsm8k", "entity": "acme-ml", "runId": "run-7"}


def test_dpo_and_azure_on_the_wire(tmp_path: Path) -> None:
    body = assert_same_request(hand_written_file(tmp_path, "passthrough-azure-dpo")).body
    assert body["lossConfig"] == {
        "method": "DPO",
        "dpo": {"beta": 0.1, "refCacheConcurrency": 4, "refCacheBatchSize": 16},
    }
    assert body["azureBlobStorageConfig"]["managedIdentityClientId"] == "0b9e5a84-7c1f-4e0a-9d43-6f2b8f1c2d3e"
    assert body["trainingConfig"]["warmStartFrom"] == "accounts/acme/models/prefs-sft"


def test_wandb_key_never_sent(tmp_path: Path) -> None:
    sent = assert_same_request(new_job_file(tmp_path, "wandb", NEW_JOBS["wandb"]))
    assert sent.body["wandbConfig"] == {"enabled": True, "project": "rft-gsm8k", "entity": "acme-ml"}
    assert sent.body["displayName"] == "GSM8K, quality run #1"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_rendered_file_of_incomplete_job_matches_sdk(tmp_path: Path, fmt: str) -> None:
    """A file missing parameters and using short IDs: `render` fills and expands it; the file
    it writes, sent through the SDK, is again exactly what `--format api` prints."""
    sparse = tmp_path / "sparse.yaml"
    sparse.write_text(
        "dataset: gsm8k\nevaluator: math\ntraining_config:\n  base_model: qwen3-8b\n  epochs: 2\n"
        "inference_parameters:\n  temperature: 0.5\n",
        encoding="utf-8",
    )
    full = tmp_path / f"full.{fmt}"
    run_cli("render", str(sparse), "--account", "acme", "--format", fmt, "--output", str(full))
    loaded = yaml.safe_load(full.read_text(encoding="utf-8"))  # JSON is YAML too
    sent = send_with_sdk(loaded)
    api = run_cli("render", str(sparse), "--account", "acme", "--format", "api")
    assert_same_body(json.loads(api.stdout), sent)
    assert sent.body["dataset"] == "accounts/acme/datasets/gsm8k"
    assert sent.body["trainingConfig"]["baseModel"] == "accounts/fireworks/models/qwen3-8b"
    assert sent.body["trainingConfig"]["epochs"] == 2
    assert sent.request.url.path == "/v1/accounts/acme/reinforcementFineTuningJobs"
    assert request_note(api.stderr) == str(sent.request.url)


def test_json_job_file_matches_sdk(tmp_path: Path) -> None:
    assert_same_request(new_job_file(tmp_path, "job-id-and-account", NEW_JOBS["job-id-and-account"], fmt="json"))


# --- values the SDK would send as written, so rftcfg must not quietly rewrite them ---------------

COMPLETE_JOB = HAND_WRITTEN["passthrough-azure-dpo"]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("  epochs: 1\n", "  epochs: true\n", "training_config.epochs"),
        ("  temperature: 1\n", "  temperature: true\n", "inference_parameters.temperature"),
    ],
    ids=["epochs-true", "temperature-true"],
)
def test_boolean_for_a_number_is_refused(old: str, new: str, field: str) -> None:
    assert old in COMPLETE_JOB
    data = yaml.safe_load(COMPLETE_JOB.replace(old, new))
    # The SDK sends the boolean as written; rftcfg's api body would hold a number instead, so
    # the only way to keep the promise "the body the SDK sends" is to refuse the file.
    sent = send_with_sdk(data)
    section, key = field.split(".")
    assert typed(sent.body[to_camel(section)][to_camel(key)]) == typed(data[section][key])
    _, findings = parse_job(data)
    assert [f.field for f in findings if f.level == "error"] == [field]


@pytest.mark.parametrize(
    ("old", "new", "field", "number"),
    [
        ("  epochs: 1\n", "  epochs: '2'\n", "training_config.epochs", 2),
        ("  temperature: 1\n", "  temperature: '0.7'\n", "inference_parameters.temperature", 0.7),
        ("  learning_rate: 5.0e-5\n", "  learning_rate: 5e-5\n", "training_config.learning_rate", 5e-5),
    ],
    ids=["epochs-string", "temperature-string", "pyyaml-exponent"],
)
def test_number_written_as_text_is_read_with_a_warning(old: str, new: str, field: str, number: float) -> None:
    # PyYAML reads `1e-4` as text, so such files must be accepted; the SDK would send the text
    # as written, which the warning says.
    assert old in COMPLETE_JOB
    data = yaml.safe_load(COMPLETE_JOB.replace(old, new))
    section, key = field.split(".")
    assert isinstance(send_with_sdk(data).body[to_camel(section)][to_camel(key)], str)
    job, findings = parse_job(data)
    assert job is not None
    assert job.get(field) == number
    assert [(f.level, f.code, f.field) for f in findings] == [("warning", "quoted-number", field)]


def test_nan_parameter_is_refused() -> None:
    data = yaml.safe_load(COMPLETE_JOB.replace("  temperature: 1\n", "  temperature: .nan\n"))
    with pytest.raises(ValueError, match="not JSON compliant"):
        send_with_sdk(data)  # the SDK refuses to send it
    job, findings = parse_job(data)
    findings = check_parsed(job, findings)
    assert [f.field for f in findings if f.level == "error"] == ["inference_parameters.temperature"]
