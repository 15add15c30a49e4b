"""`import` refuses a key or a flag given twice, as `validate` refuses a duplicate key: a job that
means whichever one the reader keeps is not a job to write."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run

BODY = """{{
  "dataset": "accounts/acme/datasets/d",
  "evaluator": "accounts/acme/evaluators/e",
  "trainingConfig": {{"baseModel": "accounts/fireworks/models/qwen3-8b",
    {first},
    {second}}}
}}
"""


@pytest.mark.parametrize(("name", "first", "second", "said"), [
    ("body.json", '"epochs": 1', '"epochs": 3', "body.json:6: duplicate key trainingConfig.epochs (first on line 5); keep only one."),
    ("body.json", '"epochs": 1', '"epochs": 1', "body.json:6: duplicate key trainingConfig.epochs (first on line 5); keep only one."),
    ("body.json", '"learningRate": 1.0e-4', '"learning_rate": 2.0e-4',
     "trainingConfig.learningRate and trainingConfig.learning_rate are one key (learning_rate) spelled two ways"),
])  # fmt: skip
def test_a_body_with_a_key_twice_is_refused(in_tmp: Path, name: str, first: str, second: str, said: str) -> None:
    (in_tmp / name).write_text(BODY.format(first=first, second=second))
    result = run("import", name, "--account", "acme", "-o", "job.yaml")
    assert result.code == 2, result.stderr
    assert said in result.stderr
    assert not (in_tmp / "job.yaml").exists()


def test_a_job_file_on_stdin_with_a_key_twice_is_refused() -> None:
    text = (
        "dataset: accounts/acme/datasets/d\nevaluator: accounts/acme/evaluators/e\ndataset: accounts/acme/datasets/f\n"
    )
    result = run("import", "-", stdin=text)
    assert (result.code, result.stderr.strip()) == (
        2, "rftcfg: <stdin>:3: duplicate key dataset (first on line 1); keep only one."
    )  # fmt: skip


COMMAND = "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e "


@pytest.mark.parametrize(("flags", "said"), [
    ("--epochs 1 --epochs 2", "--epochs is given twice with different values: 1, then 2."),
    ("--job-id a --job-id b", "--job-id is given twice with different values: a, then b."),
    ("-a acme --account-id other", "-a and --account-id both set account_id: acme, then other."),
])  # fmt: skip
def test_a_flag_given_twice_with_different_values_is_refused(flags: str, said: str) -> None:
    result = run("import", "--command", COMMAND + flags)
    assert result.code == 2, result.stderr
    assert said in result.stderr


def test_ep_spells_one_field_two_ways_and_both_count() -> None:
    result = run("import", "--command", "ep create rft --base-model qwen3-8b --dataset d --evaluator e "
                 "--epochs 2 --training-config-epochs=3", "--account", "acme")  # fmt: skip
    assert result.code == 2
    assert "--epochs and --training-config-epochs both set training_config.epochs: 2, then 3." in result.stderr


def test_a_flag_repeated_with_the_same_value_means_one_thing() -> None:
    result = run("import", "--command", COMMAND + "--epochs 2 --epochs 2", "--account", "acme", "-f", "json")
    assert result.code == 0, result.stderr
    assert '"epochs": 2' in result.stdout
