"""Commands agree with each other: what one counts as a change, the others count too; a hint one
prints works when followed; an option's bad value is a usage error wherever it is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RESOURCES, run


def test_diff_counts_a_service_setting_as_compare_does(in_tmp: Path) -> None:
    run("new", *RESOURCES, "--job-id", "run-1", "-o", "base.yaml")
    made = run("new", "--from", "base.yaml", "--rl-loss-method", "dapo", "--learning-rate", "5e-5", "-o", "dapo.yaml")
    assert "loss_config.method  (service default) -> DAPO     service setting" in made.stderr  # new says so too
    result = run("diff", "base.yaml", "dapo.yaml", "--strict")
    assert result.code == 1
    assert "Service settings:\n  loss_config.method: (none) -> DAPO" in result.stdout
    assert "2 tuned parameters and service settings changed (learning_rate, loss_config.method)" in result.stderr


def test_a_job_that_only_sets_a_service_setting_is_no_baseline_run(in_tmp: Path) -> None:
    result = run("new", *RESOURCES, "--chunk-size", "50")
    assert result.code == 0
    assert "a baseline run" not in result.stderr
    assert "chunk_size  (service default) -> 50" in result.stderr


@pytest.mark.parametrize("flag", ["--interval", "--timeout", "--stall-warning"])
@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf"])
def test_watch_refuses_a_number_of_seconds_that_is_not_positive_as_a_usage_error(flag: str, value: str) -> None:
    result = run("watch", "accounts/acme/reinforcementFineTuningJobs/x", flag, value)
    assert result.code == 2, result.stderr
    assert "internal error" not in result.stderr


def test_init_makes_the_ledger_rftcfg_ledger_names(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (in_tmp / "elsewhere").mkdir()
    monkeypatch.setenv("RFTCFG_LEDGER", str(in_tmp / "elsewhere" / "team.db"))
    made = run("init")
    assert made.code == 0, made.stderr
    assert (in_tmp / "elsewhere" / "team.db").is_file()
    assert not (in_tmp / ".rftcfg").exists()
    recorded = run("new", *RESOURCES, "--job-id", "run-1", "-o", "base.yaml")
    assert "team.db" in recorded.stderr  # recorded in the ledger RFTCFG_LEDGER names
    assert '"job_id": "run-1"' in run("runs", "--json").stdout
    monkeypatch.setenv("RFTCFG_LEDGER", str(in_tmp / "missing" / "team.db"))
    refused = run("init")
    assert refused.code == 2
    assert "whose folder does not exist" in refused.stderr


def test_next_says_nothing_was_written_when_it_proposes_nothing(in_tmp: Path) -> None:
    run("init")
    run("new", *RESOURCES, "--job-id", "run-1", "-o", "base.yaml")
    result = run("next", "base.yaml", "-o", "next.yaml")
    assert result.code == 0
    assert "Nothing was written." in result.stdout
    assert not (in_tmp / "next.yaml").exists()
