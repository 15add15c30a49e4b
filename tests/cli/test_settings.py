"""The service settings from the command line: `new` flags named as firectl names them, the
KL-beta rule and the rollouts warnings under `--strict`, and `explain` of every setting."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rftcfg.catalog import catalog
from tests.conftest import RESOURCES, run


@pytest.mark.parametrize("item", list(catalog().settings.values()), ids=lambda s: s.key)
def test_explain_shows_every_setting_with_its_source_and_date(item) -> None:  # type: ignore[no-untyped-def]
    page = run("explain", item.key)
    assert page.code == 0, page.stderr
    assert page.stdout.startswith(f"{item.key} ({item.path}; flag {item.flag}; service setting")
    assert "rftcfg leaves it out unless you set it" in page.stdout
    assert "Source: " in page.stdout
    assert item.read in page.stdout
    assert run("explain", item.flag).stdout == page.stdout


def test_explain_the_kl_beta_rule_and_the_deprecation_code() -> None:
    assert run("explain", "kl-beta-method").stdout.startswith("kl-beta-method (error)")
    assert run("explain", "deprecated").stdout.startswith("deprecated (warning)")


def test_new_writes_the_settings_it_is_given_and_no_others(in_tmp: Path) -> None:
    result = run("new", *RESOURCES, "--rl-loss-method", "gspo-token", "--chunk-size", "-1", "-o", "job.yaml")
    assert result.code == 0, result.stderr
    job = yaml.safe_load((in_tmp / "job.yaml").read_text())
    assert job["loss_config"] == {"method": "GSPO_TOKEN"}
    assert job["chunk_size"] == -1
    assert "batch_size_samples" not in job["training_config"]


def test_kl_beta_with_dapo_is_refused_before_launch(in_tmp: Path) -> None:
    result = run("new", *RESOURCES, "--rl-loss-method", "dapo", "--rl-kl-beta", "0.01", "-o", "job.yaml")
    assert result.code == 1
    assert "error: loss_config.kl_beta = 0.01" in result.stderr
    assert not (in_tmp / "job.yaml").exists()


def test_a_bad_setting_value_is_refused_with_its_range(in_tmp: Path) -> None:
    result = run("new", *RESOURCES, "--rl-loss-method", "ppo", "--chunk-size", "-2")
    assert result.code == 1
    assert "loss_config.method = ppo: must be one of grpo, dapo, gspo-token." in result.stderr
    assert "chunk_size = -2: is outside the valid range -1..10000" in result.stderr


def test_deprecated_gradient_accumulation_warns_and_strict_fails(in_tmp: Path) -> None:
    result = run("new", *RESOURCES, "--gradient-accumulation-steps", "2")
    assert result.code == 0
    assert "use training_config.batch_size_samples" in result.stderr
    assert run("new", *RESOURCES, "--gradient-accumulation-steps", "2", "--strict").code == 1


@pytest.mark.parametrize(("n", "strict_code"), [(8, 0), (9, 1), (16, 1), (17, 1)])
def test_rollouts_past_eight_warn_and_strict_fails_on_them(in_tmp: Path, n: int, strict_code: int) -> None:
    assert run("new", *RESOURCES, "--rollouts", str(n)).code == 0
    assert run("new", *RESOURCES, "--rollouts", str(n), "--strict").code == strict_code
